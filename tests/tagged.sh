#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Tagged, archival PDFs (the default; issue 12): every shipped letter and
# the report pass the structure checker (tests/tools/pdf_structure.py:
# every painting operator tagged or an artifact, marked content nested
# properly with text objects (its self-test plants both faults), ParentTree consistent,
# headings in order, table header scope, list shape, Figure alt text, links
# owned by Link elements with contents, fonts embedded, /Lang, MarkInfo, the
# PDF/A and PDF/UA claims in XMP), and poppler, reading the structure on its
# own, finds every word of the body in it and none of the page furniture
# (tests/tools/struct_words.sh). poppler needs half a second per letter, so
# the README's tests read every 40th letter with poppler and every 3rd with
# the checker (the report always); LEDENBRIEF_TEST_ALL=1 (.ci/run) reads all
# of them with both, and the report with poppler too.
# `[pdf] tags = nee` still gives plain, valid PDFs.
# Usage: tagged.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
"$bin" -q -i "$in" -o "$work/out" || { echo "FAIL: tagged run"; exit 1; }
# the checker finds what it looks for (marked content and text objects
# nested wrongly, planted in a PDF of its own)
/usr/bin/python3 "$here/tools/pdf_structure.py" --selftest >"$work/self" || { cat "$work/self"; fail=1; }
every=40; checked=3 # poppler reads every 40th letter, the checker every 3rd
[ "${LEDENBRIEF_TEST_ALL:-0}" = 1 ] && every=1 && checked=1
{ ls "$work"/out/brieven/*.pdf | awk -v n=$checked 'NR % n == 1 || n == 1'; echo "$work/out/advies-bestuur.pdf"; } \
  | xargs -n 90 -P 2 /usr/bin/python3 "$here/tools/pdf_structure.py" >"$work/check" \
  || { echo "FAIL: structure"; grep -v '^pdf_structure:' "$work/check" | head -20; fail=1; }
ls "$work"/out/brieven/*.pdf | awk -v n=$every 'NR % n == 1 || n == 1' \
  | xargs -n 1 -P 2 sh "$here/tools/struct_words.sh" >"$work/words" || { head -20 "$work/words"; fail=1; }
# the report (poppler takes a minute for it: all-mode only): its headings,
# charts and contents links are in the structure
if [ $every = 1 ]; then
  pdfinfo -struct-text "$work/out/advies-bestuur.pdf" >"$work/struct" 2>"$work/err"
  grep -q "^  H1" "$work/struct" && grep -q "Figure" "$work/struct" && grep -q "^        Link" "$work/struct" \
    && ! grep -q "pagina 1 van" "$work/struct" || { echo "FAIL report: structure"; fail=1; }
fi
# the program's version, as --version prints it, in Producer and Creator
v=$("$bin" --version | cut -d' ' -f2)
pdfinfo "$work/out/advies-bestuur.pdf" | grep -q "^Producer: *ledenbrief $v with Haru Free PDF Library" \
  && pdfinfo "$work/out/advies-bestuur.pdf" | grep -q "^Creator: *ledenbrief $v\$" || { echo "FAIL: version not in Producer/Creator"; fail=1; }
# untagged on request: no structure, still sound
cp -r "$in" "$work/plain"
printf '\n[pdf]\ntags = nee\n' >>"$work/plain/raadpleging.ini"
"$bin" -q -i "$work/plain" -o "$work/plain-out" || { echo "FAIL: untagged run"; exit 1; }
pdf=$(ls "$work"/plain-out/brieven/*.pdf | head -1)
pdfinfo "$pdf" | grep -q '^Tagged: *no' && qpdf --check "$pdf" >/dev/null 2>&1 \
  || { echo "FAIL: untagged letter"; fail=1; }
[ $fail -eq 0 ] && echo "tagged: $(awk '/^pdf_structure:/ { f += $2; p += $4 } END { print f " files, " p " problems" }' "$work/check");" \
  "poppler read $(ls "$work"/out/brieven/*.pdf | awk -v n=$every 'NR % n == 1 || n == 1' | wc -l) letters"
exit $fail
