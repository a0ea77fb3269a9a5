#!/usr/bin/env bash
# Side-by-side benchmark: mlplab-cli against PyTorch on the same machine, in
# the same run.  Measures one epoch of mlp-scratch on all 60,000 Fashion-MNIST
# images plus validation (our 2 BLAS threads; PyTorch with its default 2
# threads and with torch.set_num_threads(1), both with tensors preloaded and
# the d2l way), loading the four .gz files, and peak memory of a full
# 10-epoch run.  PyTorch parts run when python3-torch is installed
# (apt-get install python3-torch python3-torchvision libopenblas0-pthread).
#
# usage: bench/compare.sh [BUILD_DIR]        results: docs/BENCHMARKS.md
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
cli=$build/src/cli/mlplab-cli
py=/usr/bin/python3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -x "$cli" ] || { echo "compare.sh: build first (meson compile -C build)" >&2; exit 1; }
have_torch=no
$py -c 'import torch' 2>/dev/null && have_torch=yes
have_vision=no
$py -c 'import torchvision' 2>/dev/null && have_vision=yes

json() { $py -c "import json,sys; d=json.load(open(sys.argv[1])); v=d[sys.argv[2]]; print(min(v) if isinstance(v, list) else v)" "$@"; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
[ $have_torch = yes ] && echo "torch $($py -c 'import torch; print(torch.__version__)')"
echo

# Interleave ours and PyTorch's runs so that both see the same machine state.
for round in 1 2 3; do
  "$cli" bench --repeat 1 --threads 2 --json "$out/ours2-$round.json" > /dev/null
  "$cli" bench --repeat 1 --threads 1 --json "$out/ours1-$round.json" > /dev/null
  if [ $have_torch = yes ]; then
    $py "$here/torch_mlp.py" --mode preloaded --epochs 2 --json "$out/torch2-$round.json" > /dev/null
    $py "$here/torch_mlp.py" --mode preloaded --epochs 2 --threads 1 --json "$out/torch1-$round.json" > /dev/null
  fi
done
if [ $have_vision = yes ]; then
  $py "$here/torch_mlp.py" --mode d2l --epochs 2 --json "$out/d2l2.json" > /dev/null 2>&1
  $py "$here/torch_mlp.py" --mode d2l --epochs 2 --threads 1 --json "$out/d2l1.json" > /dev/null 2>&1
fi

best() { # best value of key over files
  local key=$1; shift
  for f in "$@"; do json "$f" "$key"; done | sort -g | head -1
}

o2=$(best epoch_seconds "$out"/ours2-*.json)
o1=$(best epoch_seconds "$out"/ours1-*.json)
ol=$(best load_seconds "$out"/ours2-*.json "$out"/ours1-*.json)
frac=$(best sgemm_fraction "$out"/ours2-*.json)
printf '%-44s %8s\n' "one epoch of mlp-scratch (60k train + 10k val)" "seconds"
printf '%-44s %8.3f\n' "mlplab, 2 BLAS threads" "$o2" "mlplab, 1 BLAS thread" "$o1"
echo "  (the 2-thread epoch reaches $(awk -v f="$frac" 'BEGIN{printf "%.0f", 100*f}')% of sgemm's rate on the same shapes)"
if [ $have_torch = yes ]; then
  t2=$(best epoch_seconds "$out"/torch2-*.json)
  t1=$(best epoch_seconds "$out"/torch1-*.json)
  tl=$(best load_seconds "$out"/torch2-*.json "$out"/torch1-*.json)
  printf '%-44s %8.3f  (ours is %.1fx faster)\n' "PyTorch preloaded, 2 threads (default)" "$t2" "$(awk -v a="$t2" -v b="$o2" 'BEGIN{print a/b}')"
  printf '%-44s %8.3f  (ours is %.1fx faster)\n' "PyTorch preloaded, 1 thread" "$t1" "$(awk -v a="$t1" -v b="$o2" 'BEGIN{print a/b}')"
  if [ $have_vision = yes ]; then
    d2=$(best epoch_seconds "$out/d2l2.json")
    d1=$(best epoch_seconds "$out/d2l1.json")
    printf '%-44s %8.3f  (ours is %.1fx faster)\n' "PyTorch the d2l way (DataLoader), 2 threads" "$d2" "$(awk -v a="$d2" -v b="$o2" 'BEGIN{print a/b}')"
    printf '%-44s %8.3f  (ours is %.1fx faster)\n' "PyTorch the d2l way (DataLoader), 1 thread" "$d1" "$(awk -v a="$d1" -v b="$o2" 'BEGIN{print a/b}')"
  fi
  echo
  printf '%-44s %8.3f\n' "load the 4 .gz files: mlplab" "$ol"
  printf '%-44s %8.3f  (ours is %.1fx faster)\n' "load the 4 .gz files: PyTorch + numpy" "$tl" "$(awk -v a="$tl" -v b="$ol" 'BEGIN{print a/b}')"
fi

echo
"$cli" train --model mlp-scratch --epochs 10 --quiet --json "$out/full.json"
printf '%-44s %8.1f MiB (val_acc %.4f)\n' "peak memory, 10 epochs of mlp-scratch: mlplab" \
  "$(json "$out/full.json" peak_rss_mib)" "$(json "$out/full.json" val_acc)"
if [ $have_torch = yes ]; then
  $py "$here/torch_mlp.py" --mode preloaded --epochs 10 --json "$out/tfull.json" > /dev/null
  printf '%-44s %8.1f MiB (val_acc %.4f)\n' "peak memory, 10 epochs of mlp-scratch: PyTorch" \
    "$($py -c "import json; print(json.load(open('$out/tfull.json'))['peak_rss_mib'])")" \
    "$($py -c "import json; print(json.load(open('$out/tfull.json'))['val_acc'])")"
fi
