#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# End-to-end letters (issues 4 and 7): runs the batch on an input folder and
# checks every letter with independent tools: qpdf --check, pdfinfo, pdffonts
# (only embedded subset fonts), pdftoppm (every page renders, no warning), and
# pdftotext: the letter holds its own name, its weight as in stemmen.csv, its
# budget totals as printed from budget.csv's amounts, and no other municipality's name or comment
# (each shipped comment carries a unique college reference "Z25.<code>").
# Usage: letters.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" --quiet --input "$in" --output "$work/out" || { echo "FAIL: batch exit $?"; exit 1; }
out="$work/out"
# Expected figures per code, in Dutch notation, from the CSV outputs. Quoted
# fields (names with a comma) are masked so that columns stay in place.
sed 's/"[^"]*"/X/g' "$out/budget.csv" >"$work/budget"
sed 's/"[^"]*"/X/g' "$out/stemmen.csv" | awk -F, 'NR>1 { print $1, $5 }' >"$work/weights"
# Printed figures: each amount rounded to whole euros on its own; a printed
# total is the sum of the printed amounts, a printed difference the
# difference of printed totals (README, Letters).
base=$(awk -F= '/^basisjaar/ { gsub(/ /, "", $2); print $2 }' "$in/raadpleging.ini"); base=${base:-2025}
awk -F, -v base="$base" 'function nl(n,  s, g) { s = sprintf("%d", n); g = "";
    while (length(s) > 3) { g = "." substr(s, length(s) - 2) g; s = substr(s, 1, length(s) - 3) } return s g }
  function euros(x,  neg, p, e) { neg = substr(x, 1, 1) == "-"; if (neg) x = substr(x, 2); split(x, p, ".");
    e = p[1] + 0; if (p[2] + 0 >= 50) e++; return neg ? -e : e }
  function show(e) { return (e < 0 ? "-" : "") nl(e < 0 ? -e : e) }
  function cents(x,  p) { split(x, p, "."); return nl(p[1] + 0) "," p[2] }
  NR>1 && $3 != "totaal" { t[$1, $4] += euros($5); code[$1] = 1; year[$4] = 1
         print $1, "amount", show(euros($5)); v = show(euros($6)); print $1, "amount", v; sub(/^-/, "", v); print $1, "amount", v }
  NR>1 && $3 == "totaal" && $7 != "" { print $1, "amount", cents($7) }
  END { for (c in code) for (y in year) { d = t[c, y] - t[c, base]
          print c, "total", show(t[c, y]); print c, "amount", show(t[c, y]); print c, "amount", show(d)
          print c, "amount", show(d < 0 ? -d : d) } }' "$work/budget" | sort -u >"$work/figures"
awk '$2 == "total" { print $1, "€ " $3 }' "$work/figures" >"$work/totals"
# every euro amount a letter may print: its own amounts, differences (also
# without sign), per inhabitant with cents, printed totals and differences
awk '$2 == "amount" { print $1, $3 }' "$work/figures" | sort -u >"$work/amounts"
grep -o 'Z25\.[0-9]*' "$in/stemmen.csv" | sort -u >"$work/refs"
# every municipality's name, for the isolation check (quoted names hold commas)
sed 's/"\([^"]*\)"/\1/' "$in/gemeenten.csv" | awk -F, 'NR>1 { n = $2; for (i = 3; i <= NF - 3; i++) n = n "," $i; print $1 "\t" n }' >"$work/names.tsv"
cut -f2 "$work/names.tsv" >"$work/names"
threshold=$(awk -F= '/^drempel/ { gsub(/ /, "", $2); print $2 }' "$in/raadpleging.ini" | awk '{ s = sprintf("%d", $1); g = "";
  while (length(s) > 3) { g = "." substr(s, length(s) - 2) g; s = substr(s, 1, length(s) - 3) } print s g }')
n=0; fail=0
for pdf in "$out"/brieven/*.pdf; do
  n=$((n + 1))
  code=$(basename "$pdf" | cut -c1-6)
  name=$(sed 's/"\([^"]*\)"/\1/' "$in/gemeenten.csv" | grep "^$code," | sed 's/^[^,]*,\(.*\),[^,]*,[0-9]*,[a-z]*$/\1/')
  qpdf --check "$pdf" >/dev/null 2>&1 || { echo "FAIL $code: qpdf --check"; fail=1; }
  pdffonts "$pdf" 2>"$work/err" | awk 'NR>2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad=1 } END { exit bad }' \
    || { echo "FAIL $code: a font is not an embedded subset"; fail=1; }
  pdftotext -enc UTF-8 "$pdf" "$work/t" 2>>"$work/err"
  [ -s "$work/err" ] && { echo "FAIL $code: poppler warnings:"; head -3 "$work/err"; fail=1; : >"$work/err"; }
  grep -qF "$name" "$work/t" || { echo "FAIL $code: own name \"$name\" missing"; fail=1; }
  w=$(awk -v c="$code" '$1==c {print $2}' "$work/weights")
  if [ "$w" = 1 ]; then ws="$w stem"; else ws="$w stemmen"; fi
  grep -qF "$ws" "$work/t" || { echo "FAIL $code: weight \"$ws\" missing"; fail=1; }
  awk -v c="$code" '$1==c { $1=""; print substr($0, 2) }' "$work/totals" | sort -u | while read -r amount; do
    grep -qF "$amount" "$work/t" || { echo "FAIL $code: budget total \"$amount\" missing"; exit 1; }
  done || fail=1
  others=$(grep -v "^Z25\.${code#GM}\$" "$work/refs" | grep -oFf - "$work/t" | head -1)
  [ -z "$others" ] || { echo "FAIL $code: contains another municipality's comment ($others)"; fail=1; }
  # no other municipality's name, as a whole word, anywhere in the letter
  other=$(tr '\n' ' ' <"$work/t" | grep -o -w -F -f "$work/names" | sort -u | grep -v -x -F -- "$name" | head -1)
  [ -z "$other" ] || { echo "FAIL $code: contains another municipality's name ($other)"; fail=1; }
  # no other municipality's budget line: every amount printed is one of its own
  tr '\n' ' ' <"$work/t" | grep -o '€ -\?[0-9.]*\(,[0-9][0-9]\)\?' | sed 's/^€ //; s/\.$//' | sort -u >"$work/printed"
  awk -v c="$code" '$1 == c { print $2 }' "$work/amounts" | sort -u >"$work/own"
  stray=$(grep -v -x -F -f "$work/own" "$work/printed" | grep -v -x -F -e "$threshold" | head -1)
  [ -z "$stray" ] || { echo "FAIL $code: prints € $stray, not one of its own amounts"; fail=1; }
  pdfinfo "$pdf" >/dev/null 2>>"$work/err" || { echo "FAIL $code: pdfinfo"; fail=1; }
  # every page renders without a warning (at low resolution: this is about errors)
  pdftoppm -r 12 -png "$pdf" "$work/page" 2>>"$work/err" || { echo "FAIL $code: pdftoppm"; fail=1; }
  rm -f "$work"/page*.png
  [ -s "$work/err" ] && { echo "FAIL $code: poppler warnings:"; head -3 "$work/err"; fail=1; : >"$work/err"; }
done
[ "$n" -eq "$(($(wc -l <"$in/gemeenten.csv") - 1))" ] || { echo "FAIL: $n letters"; fail=1; }
[ $fail -eq 0 ] && echo "letters: $n letters checked"
exit $fail
