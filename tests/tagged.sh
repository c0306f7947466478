#!/bin/sh
# Tagged PDFs ([pdf] tags = ja; issue 12, in progress): every shipped letter
# and the report pass the structure checker (tests/tools/pdf_structure.py:
# every painting operator tagged or an artifact, ParentTree consistent,
# headings in order, table header scope, list shape, Figure alt text, fonts
# embedded, /Lang and MarkInfo), and poppler, reading the structure on its
# own, finds every word of the body in it and none of the page furniture.
# Usage: tagged.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
cp -r "$in" "$work/in"
printf '\n[pdf]\ntags = ja\n' >>"$work/in/raadpleging.ini"
"$bin" -q -i "$work/in" -o "$work/out" || { echo "FAIL: tagged run"; exit 1; }
/usr/bin/python3 "$here/tools/pdf_structure.py" "$work"/out/brieven/*.pdf "$work/out/advies-bestuur.pdf" >"$work/check" \
  || { echo "FAIL: structure"; head -20 "$work/check"; fail=1; }
for pdf in $(ls "$work"/out/brieven/*.pdf | awk 'NR % 17 == 1'); do
  pdfinfo -struct-text "$pdf" >"$work/struct" 2>"$work/err"
  [ -s "$work/err" ] && { echo "FAIL $pdf: poppler: $(head -1 "$work/err")"; fail=1; }
  # every word poppler extracts from the page, less the footer, is in the structure
  pdftotext -enc UTF-8 "$pdf" - | grep -v -e '^pagina [0-9]* van [0-9]*$' -e '^Lbr\. ' -e '^Advies aan het bestuur ·' \
    | tr -s ' \n\f' '\n\n\n' | grep -v '^$' | sort -u >"$work/words"
  # the strings of one element (its marked-content pieces) read as one text
  awk '/^ *"/ { ind = match($0, /[^ ]/); s = $0; sub(/^ *"/, "", s); sub(/"$/, "", s);
                if (ind == last) text = text s; else { print text; text = s }; last = ind; next }
       { print text; text = ""; last = -1 } END { print text }' "$work/struct" \
    | tr -d ' \n' >"$work/stext"
  # (compared without white space: poppler's page text and its structure
  # text space table cells differently)
  missing=$(while read -r w; do grep -qF -- "$w" "$work/stext" || echo "$w"; done <"$work/words" | head -5)
  [ -z "$missing" ] || { echo "FAIL $pdf: words not in the structure: $missing"; fail=1; }
  [ "$(wc -l <"$work/words")" -gt 200 ] || { echo "FAIL $pdf: only $(wc -l <"$work/words") words"; fail=1; }
  grep -q "pagina 1 van" "$work/struct" && { echo "FAIL $pdf: page numbers in the structure"; fail=1; }
  # wrapped lines keep the space between their words
  grep -q "AZWA, HLO en IZA" "$work/struct" || { echo "FAIL $pdf: words of wrapped lines run together"; fail=1; }
  grep -q "^  H1" "$work/struct" || { echo "FAIL $pdf: no H1"; fail=1; }
  qpdf --check "$pdf" >/dev/null 2>&1 || { echo "FAIL $pdf: qpdf --check"; fail=1; }
done
# the report: its headings and chart descriptions are in the structure
pdfinfo -struct-text "$work/out/advies-bestuur.pdf" >"$work/struct" 2>"$work/err"
grep -q "^  H1" "$work/struct" && grep -q "Figure" "$work/struct" && ! grep -q "pagina 1 van" "$work/struct" \
  || { echo "FAIL report: structure"; fail=1; }
[ $fail -eq 0 ] && echo "tagged: $(tail -1 "$work/check")"
exit $fail
