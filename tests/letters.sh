#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# End-to-end letters (issues 4 and 7): runs the batch on an input folder and
# checks every letter with independent tools: qpdf --check, pdfinfo, pdffonts
# (only embedded subset fonts), pdftoppm (every page renders, no warning), and
# pdftotext: the letter holds its own name, its weight as in stemmen.csv, its
# budget totals as printed from budget.csv's amounts, and no other municipality's name or comment
# (each shipped comment carries a unique college reference "Z25.<code>"); and
# the text state of every page (tests/tools/text_state.py).
# Usage: letters.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
here=$(cd "$(dirname "$0")" && pwd)
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
threshold=$(awk -F= '/^drempel/ { gsub(/ /, "", $2); print $2 }' "$in/raadpleging.ini" | awk '{ s = sprintf("%d", $1); g = "";
  while (length(s) > 3) { g = "." substr(s, length(s) - 2) g; s = substr(s, 1, length(s) - 3) } print s g }')
# The content checks run on every letter; the file checks (qpdf, fonts,
# pdfinfo, rendering every page) on every 8th, and on all of them with
# LEDENBRIEF_TEST_ALL=1 (.ci/run), so the README's tests stay under a minute.
every=8
[ "${LEDENBRIEF_TEST_ALL:-0}" = 1 ] && every=1
n=0; fail=0; files=0
mkdir "$work/text"
for pdf in "$out"/brieven/*.pdf; do
  n=$((n + 1))
  code=$(basename "$pdf" | cut -c1-6)
  pdftotext -enc UTF-8 "$pdf" "$work/text/$code.txt" 2>>"$work/err"
  if [ $((n % every)) -eq 1 ] || [ $every = 1 ]; then
    files=$((files + 1))
    qpdf --check "$pdf" >/dev/null 2>&1 || { echo "FAIL $code: qpdf --check"; fail=1; }
    pdffonts "$pdf" 2>>"$work/err" | awk 'NR>2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad=1 } END { exit bad }' \
      || { echo "FAIL $code: a font is not an embedded subset"; fail=1; }
    pdfinfo "$pdf" >/dev/null 2>>"$work/err" || { echo "FAIL $code: pdfinfo"; fail=1; }
    # every page renders without a warning (at low resolution: this is about errors)
    pdftoppm -r 12 -png "$pdf" "$work/page" 2>>"$work/err" || { echo "FAIL $code: pdftoppm"; fail=1; }
    rm -f "$work"/page*.png
  fi
  [ -s "$work/err" ] && { echo "FAIL $code: poppler warnings:"; head -3 "$work/err"; fail=1; : >"$work/err"; }
done
# own name, weight and totals; no other municipality's name, comment or amount
/usr/bin/python3 "$here/tools/letter_contents.py" "$work" "$threshold" || fail=1
# the checker itself: one letter given another's name, comment and amount,
# and its own name taken out, must give exactly those four findings
first=$(ls "$work/text" | head -1); last=$(ls "$work/text" | tail -1)
other=$(awk -F'\t' -v c="${last%.txt}" '$1 == c { print $2 }' "$work/names.tsv")
own=$(awk -F'\t' -v c="${first%.txt}" '$1 == c { print $2 }' "$work/names.tsv")
mkdir "$work/bad" "$work/bad/text" && cp "$work"/weights "$work"/totals "$work"/amounts "$work"/refs "$work"/names.tsv "$work/bad/"
l=${last%.txt}; { grep -v -F "$own" "$work/text/$first"; echo "$other Z25.${l#GM}"; echo "€ 123.456.789"; } >"$work/bad/text/$first"
/usr/bin/python3 "$here/tools/letter_contents.py" "$work/bad" "$threshold" >"$work/bad.log"
[ "$(grep -c '^FAIL' "$work/bad.log")" -eq 4 ] || { echo "FAIL: the content checker missed a planted problem"; cat "$work/bad.log"; fail=1; }
# the text state a viewer replays, on every letter and the report: each
# string shown with a font set, the footer without the word spacing of a
# justified line above it (tests/tools/text_state.py; its self-test plants both)
/usr/bin/python3 "$here/tools/text_state.py" "$out"/brieven/*.pdf "$out/advies-bestuur.pdf" >"$work/state.log" ||
  { head -5 "$work/state.log"; fail=1; }
/usr/bin/python3 "$here/tools/text_state.py" --selftest >"$work/state.log" ||
  { echo "FAIL: the text state checker missed a planted problem"; cat "$work/state.log"; fail=1; }
[ "$n" -eq "$(($(wc -l <"$in/gemeenten.csv") - 1))" ] || { echo "FAIL: $n letters"; fail=1; }
[ $fail -eq 0 ] && echo "letters: $n letters' contents checked, $files files checked with qpdf, pdffonts, pdfinfo and pdftoppm"
exit $fail
