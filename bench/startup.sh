#!/usr/bin/env bash
# How long MLP Lab takes from start to its first drawn frame, on a private X
# server: runs the app N times with MLPLAB_TIMING=1 (the window prints the
# time of its first frame after main() started) and reports each run.
# usage: bench/startup.sh [BUILD_DIR] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
n=${2:-5}
app=$build/src/app/mlplab
[ -x "$app" ] || { echo "startup.sh: build first (meson compile -C build)" >&2; exit 1; }
for i in $(seq "$n"); do
  start=$(date +%s%N)
  out=$(MLPLAB_TIMING=1 GSK_RENDERER=cairo GSETTINGS_BACKEND=memory \
        xvfb-run -a dbus-run-session -- timeout 5 "$app" 2>&1 || true)
  line=$(printf '%s\n' "$out" | grep -m1 'first frame' || echo "no frame")
  echo "run $i: $line"
done
