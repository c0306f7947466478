#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# House style without C (issue 14): a templates/huisstijl.ini with another
# organisation, letterhead, colour, address lines, closing and a signature
# image changes exactly those in the letters and the report, read back with
# poppler; the shipped default has the neutral logo; an old input folder
# without the file gets the installed default.
# Usage: housestyle.sh LEDENBRIEF BASE_FIXTURE
set -u
bin=$1; base=$2
here=$(dirname "$0")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
cp -r "$base" "$work/in"
cp "$here/fixtures/huisstijl/handtekening.png" "$work/in/templates/"
cat >"$work/in/templates/huisstijl.ini" <<'INI'
[organisatie]
naam = Samenwerkende Gemeenten Oost
[briefhoofd]
logo =
regels = Samenwerkende; Gemeenten; Oost
[kleuren]
accent = #CC3300
[brief]
adres = Aan het college van B en W; ter attentie van de griffie van
groet = Met hartelijke groet,
afzender = Samenwerkende Gemeenten Oost
handtekening = handtekening.png
INI
"$bin" -q -i "$work/in" -o "$work/out" || { echo "FAIL: run"; exit 1; }
letter="$work/out/brieven/GM0363-amsterdam.pdf"
pdftotext -enc UTF-8 "$letter" - | tr '\n' ' ' | tr -s ' ' >"$work/t"
for want in "Samenwerkende Gemeenten Oost" "Aan het college van B en W ter attentie van de griffie van Amsterdam" \
  "Met hartelijke groet, Samenwerkende Gemeenten Oost"; do
  grep -qF "$want" "$work/t" || { echo "FAIL: letter lacks \"$want\""; fail=1; }
done
grep -qF "Vereniging van" "$work/t" && { echo "FAIL: the default letterhead is still there"; fail=1; }
# one image: the signature (no logo), 360 x 80 grey, as page furniture
pdfimages -list "$letter" | awk 'NR>2' >"$work/img"
[ "$(wc -l <"$work/img")" -eq 1 ] && grep -q " 360 *80 *gray" "$work/img" || { echo "FAIL: signature image"; cat "$work/img"; fail=1; }
pdfinfo "$letter" | grep -q "^Author: *Samenwerkende Gemeenten Oost" || { echo "FAIL: PDF author"; fail=1; }
# the accent colour #CC3300 fills the headings and the letterhead square
qpdf --qdf --object-streams=disable "$letter" "$work/q.pdf" 2>/dev/null
grep -aq "^0.8 0.2 0 rg" "$work/q.pdf" || { echo "FAIL: accent colour not used"; fail=1; }
qpdf --check "$letter" >/dev/null 2>&1 || { echo "FAIL: qpdf --check"; fail=1; }
/usr/bin/python3 "$here/tools/pdf_structure.py" "$letter" >"$work/s" 2>&1 || { echo "FAIL: structure"; head -5 "$work/s"; fail=1; }
# the report carries the same letterhead
pdftotext -enc UTF-8 -l 1 "$work/out/advies-bestuur.pdf" - | tr '\n' ' ' | grep -qF "Samenwerkende Gemeenten Oost" \
  || { echo "FAIL: report letterhead"; fail=1; }

# The shipped house style: the neutral logo (240 x 240 RGB), nothing else.
"$bin" letter GM0088 -q -i "$here/../input" -o "$work/out2" || { echo "FAIL: shipped preview"; fail=1; }
pdfimages -list "$work/out2/voorbeeld/"GM0088-*.pdf | awk 'NR>2' >"$work/img2"
[ "$(wc -l <"$work/img2")" -eq 1 ] && grep -q " 240 *240 *rgb" "$work/img2" || { echo "FAIL: shipped logo"; cat "$work/img2"; fail=1; }
# An input folder without the file: the installed default, and the log says so.
rm "$work/in/templates/huisstijl.ini"
"$bin" check -i "$work/in" >"$work/log" 2>&1
grep -q "templates/huisstijl.ini: not in the input folder; using the default" "$work/log" || { echo "FAIL: default not logged"; cat "$work/log"; fail=1; }
[ $fail -eq 0 ] && echo "house style: letterhead, colour, closing and signature follow templates/huisstijl.ini"
exit $fail
