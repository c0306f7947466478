#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# One tagged PDF read by poppler on its own: every word poppler extracts
# from the pages (less the page footer) is in the text of the structure
# tree, the footer and page numbers are not, wrapped lines keep their
# spaces, the first heading is an H1, and qpdf finds no damage.
# Usage: struct_words.sh FILE.pdf   Prints "FAIL ..." lines; exit 1 on any.
pdf=$1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
pdfinfo -struct-text "$pdf" >"$work/struct" 2>"$work/err"
[ -s "$work/err" ] && { echo "FAIL $pdf: poppler: $(head -1 "$work/err")"; fail=1; }
pdftotext -enc UTF-8 "$pdf" - | grep -v -e '^pagina [0-9]* van [0-9]*$' -e '^Lbr\. ' -e '^Advies aan het bestuur ·' \
  | tr -s ' \n\f' '\n\n\n' | grep -v '^$' | sort -u >"$work/words"
# the strings of one element (its marked-content pieces) read as one text
awk '/^ *"/ { ind = match($0, /[^ ]/); s = $0; sub(/^ *"/, "", s); sub(/"$/, "", s);
              if (ind == last) text = text s; else { print text; text = s }; last = ind; next }
     { print text; text = ""; last = -1 } END { print text }' "$work/struct" | tr -d ' \n-' >"$work/stext"
# (compared without white space: poppler's page text and its structure text
# space table cells differently; and without hyphens: pdftotext joins a
# word broken after a hard hyphen, "was-wordt-" + "overzicht", into
# "was-wordtoverzicht")
tr -d '-' <"$work/words" | grep -v '^$' >"$work/words.nohyphen" && mv "$work/words.nohyphen" "$work/words"
missing=$(awk 'FILENAME == ARGV[1] { s = s $0; next } index(s, $0) == 0 { print; if (++n == 5) exit }' \
  "$work/stext" "$work/words")
[ -z "$missing" ] || { echo "FAIL $pdf: words not in the structure: $missing"; fail=1; }
[ "$(wc -l <"$work/words")" -gt 200 ] || { echo "FAIL $pdf: only $(wc -l <"$work/words") words"; fail=1; }
grep -q "pagina 1 van" "$work/struct" && { echo "FAIL $pdf: page numbers in the structure"; fail=1; }
grep -q "AZWA, HLO en IZA" "$work/struct" || { echo "FAIL $pdf: words of wrapped lines run together"; fail=1; }
grep -q "^  H1" "$work/struct" || { echo "FAIL $pdf: no H1"; fail=1; }
qpdf --check "$pdf" >/dev/null 2>&1 || { echo "FAIL $pdf: qpdf --check"; fail=1; }
exit $fail
