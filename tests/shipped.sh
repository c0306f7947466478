#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Cross-checks on the shipped input: province rows and size-class rows each
# add up to the total row, stemmen.csv agrees with uitslag.csv, and the total
# weight of all 342 municipalities is 13,398 (ceil rule, reference data).
# Usage: shipped.sh LEDENBRIEF INPUT_DIR
set -eu
bin=$1; in=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" --quiet --input "$in" --output "$work/out"
u="$work/out/uitslag.csv"
for level in provincie grootteklasse; do
  for col in 3 4 5 6 7 8 9 10; do
    total=$(awk -F, -v c=$col '$1=="totaal"{print $c}' "$u")
    sum=$(awk -F, -v c=$col -v l=$level '$1==l{s+=$c} END{print s}' "$u")
    [ "$total" = "$sum" ] || { echo "FAIL: $level column $col sums to $sum, total says $total"; exit 1; }
  done
done
# stemmen.csv: drop quoted fields (names with commas) before splitting
sed 's/"[^"]*"/X/g' "$work/out/stemmen.csv" | awk -F, 'NR>1{
    n++; w+=$5; if ($7=="ja") { p++; g[$6]+=$5 } }
  END { printf "%d %d %d %d %d %d\n", n, w, p, g["voor"], g["tegen"], g["onthouding"] }' >"$work/s"
read n w p gv gt go <"$work/s"
[ "$n" = 342 ] || { echo "FAIL: $n municipalities"; exit 1; }
[ "$w" = 13398 ] || { echo "FAIL: total weight $w, expected 13398"; exit 1; }
expect=$(awk -F, '$1=="totaal"{print $4, $8, $9, $10}' "$u")
[ "$expect" = "$p $gv $gt $go" ] || { echo "FAIL: stemmen.csv ($p $gv $gt $go) disagrees with uitslag.csv ($expect)"; exit 1; }
echo "shipped: totals reconcile ($p of $n voted)"
