#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Paired comparison of two ledenbrief binaries on the shipped input: runs
# alternate (A, B, A, B, ...) so machine noise hits both alike; prints the
# median wall and CPU time of each with --jobs 1 and 2, and the ratio B/A.
# Times from tests/bench/runtime.c (the process's own start to its end, to
# the microsecond; CPU from wait4), built as build/tests/bench_runtime
# (LB_BENCH_TIMER names another).
# Usage: sh tests/bench/ab.sh BIN_A BIN_B [RUNS]
set -eu
a=$1; b=$2; runs=${3:-11}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
timer=${LB_BENCH_TIMER:-$root/build/tests/bench_runtime}
[ -x "$timer" ] || { echo "ab.sh: no $timer (build the project first)" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for jobs in 1 2; do
  : >"$work/a"; : >"$work/b"
  i=0; while [ $i -lt "$runs" ]; do i=$((i + 1))
    for side in a b; do
      bin=$a; [ $side = b ] && bin=$b
      "$timer" "$work/$side" "$bin" -q -j $jobs -i "$root/input" -o "$work/o$side"
    done
  done
  wa=$(awk '{ print $1 }' "$work/a" | median); wb=$(awk '{ print $1 }' "$work/b" | median)
  ca=$(awk '{ print $2 + $3 }' "$work/a" | median); cb=$(awk '{ print $2 + $3 }' "$work/b" | median)
  printf -- "--jobs %d: A %.3f s wall %.3f s CPU | B %.3f s wall %.3f s CPU | B/A wall %.2f CPU %.2f (medians of %d)\n" \
    $jobs "$wa" "$ca" "$wb" "$cb" "$(echo "$wb $wa" | awk '{ print $1 / $2 }')" "$(echo "$cb $ca" | awk '{ print $1 / $2 }')" "$runs"
done
