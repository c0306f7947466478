#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Paired comparison of two ledenbrief binaries on the shipped input: runs
# alternate (A, B, A, B, ...) so machine noise hits both alike; prints the
# median wall and CPU time of each with --jobs 1 and 2, and the ratio B/A.
# Wall time to the microsecond (date +%s%N): /usr/bin/time's 10 ms steps
# cannot show a few percent of a 0.2 s run; its CPU times keep that step.
# Usage: sh tests/bench/ab.sh BIN_A BIN_B [RUNS]
set -eu
a=$1; b=$2; runs=${3:-11}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for jobs in 1 2; do
  : >"$work/a"; : >"$work/b"
  i=0; while [ $i -lt "$runs" ]; do i=$((i + 1))
    for side in a b; do
      bin=$a; [ $side = b ] && bin=$b
      t0=$(date +%s%N)
      /usr/bin/time -f "%U %S" -o "$work/t" "$bin" -q -j $jobs -i "$root/input" -o "$work/o$side" >/dev/null 2>&1
      t1=$(date +%s%N)
      echo "$(( (t1 - t0) / 1000 )) $(cat "$work/t")" | awk '{ print $1 / 1e6, $2, $3 }' >>"$work/$side"
    done
  done
  wa=$(awk '{ print $1 }' "$work/a" | median); wb=$(awk '{ print $1 }' "$work/b" | median)
  ca=$(awk '{ print $2 + $3 }' "$work/a" | median); cb=$(awk '{ print $2 + $3 }' "$work/b" | median)
  printf -- "--jobs %d: A %.3f s wall %.3f s CPU | B %.3f s wall %.3f s CPU | B/A wall %.2f CPU %.2f (medians of %d)\n" \
    $jobs "$wa" "$ca" "$wb" "$cb" "$(echo "$wb $wa" | awk '{ print $1 / $2 }')" "$(echo "$cb $ca" | awk '{ print $1 / $2 }')" "$runs"
done
