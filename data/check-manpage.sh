#!/bin/sh
# check-manpage.sh GROFF PAGE: fails when groff warns about the manual page
# (groff itself exits 0 on warnings) or when the page holds non-ASCII bytes,
# which some man(1) pipelines read as Latin-1; write \(em, \(mu, ... instead.
# An empty GROFF (not installed) skips the test.
set -u
groff=$1
page=$2

if [ -z "$groff" ]; then
  echo "groff is not installed"
  exit 77
fi

warnings=$("$groff" -man -ww -z "$page" 2>&1) || { printf '%s\n' "$warnings"; exit 1; }
if [ -n "$warnings" ]; then
  printf '%s\n' "$warnings"
  exit 1
fi
if LC_ALL=C grep -n '[^[:print:][:space:]]' "$page"; then
  echo "$page: non-ASCII bytes on the lines above; use groff escapes" >&2
  exit 1
fi
echo "$page: no warnings"
