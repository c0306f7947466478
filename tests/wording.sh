#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Wording of the letters. Counts agree in number: with one amount made the
# only one below the threshold, that municipality's letter says
# "Voor 1 combinatie van regeling en jaar" (not "1 combinaties"), and with
# the shipped threshold letters with more say "combinaties".
# Usage: wording.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
cp -r "$in" "$work/in"
# one amount of the first municipality made the only one below a threshold
code=$(awk -F, 'NR == 2 { print $1 }' "$in/budgetten.csv")
awk -F, -v OFS=, 'NR == 2 { $4 = "1.00" } { print }' "$in/budgetten.csv" >"$work/in/budgetten.csv"
threshold=1.01
sed -i "s/^drempel *=.*/drempel = $threshold/" "$work/in/raadpleging.ini"
"$bin" letter "$code" -q -i "$work/in" -o "$work/out" || { echo "FAIL: run"; exit 1; }
text=$(pdftotext "$work/out/voorbeeld/$code"-*.pdf - | tr '\n' ' ' | tr -s ' ')
echo "$text" | grep -q "Voor 1 combinatie van regeling en jaar" \
  || { echo "FAIL $code: no singular 'Voor 1 combinatie' (threshold $threshold)"; fail=1; }
"$bin" -q -i "$in" -o "$work/out2" || { echo "FAIL: shipped run"; exit 1; }
# every letter's text, one line per letter
for f in "$work"/out2/brieven/*.pdf; do pdftotext "$f" -; printf '\n@@einde@@\n'; done \
  | awk '$0 == "@@einde@@" { print line; line = ""; next } { gsub(/\f/, ""); line = line " " $0 }' \
  | tr -s ' ' >"$work/all"
[ "$(wc -l <"$work/all")" -eq "$(ls "$work"/out2/brieven/*.pdf | wc -l)" ] || { echo "FAIL: letter texts not split"; fail=1; }
n=$(grep -o "Voor [0-9]* combinatie[s]* van" "$work/all" | awk '($2 == 1) != ($3 == "combinatie") { bad++ } END { print bad + 0 }')
[ "$n" -eq 0 ] || { echo "FAIL: $n letters with a count and noun that disagree"; fail=1; }
[ "$(grep -c "Voor [0-9]* combinatie[s]* van" "$work/all")" -gt 0 ] || { echo "FAIL: no letter counts combinations"; fail=1; }
# times in letter style: "om 9.12 uur", never seconds; a late vote is told
# until when votes counted
grep -q 'om [0-9]*:[0-9][0-9]' "$work/all" && { echo "FAIL: a letter prints a time with a colon or seconds"; fail=1; }
grep -q 'om [1-9][0-9]*\.[0-9][0-9] uur' "$work/all" || { echo "FAIL: no time in letter style"; fail=1; }
late=$(grep -c 'na de sluiting van de raadpleging' "$work/all")
told=$(grep -c 'na de sluiting van de raadpleging: stemmen telden mee als zij vóór' "$work/all")
[ "$late" -gt 0 ] && [ "$late" -eq "$told" ] || { echo "FAIL: $told of $late late-vote letters say until when votes counted"; fail=1; }
# the weighting sentence follows [stemgewicht], not a fixed text
cp -r "$in" "$work/w"
sed -i 's/^per *=.*/per = 500/; s/^maximum *=.*/maximum = 60/' "$work/w/raadpleging.ini"
"$bin" letter "$code" -q -i "$work/w" -o "$work/out3" || { echo "FAIL: run with [stemgewicht] per = 500"; exit 1; }
pdftotext "$work/out3/voorbeeld/$code"-*.pdf - | tr '\n' ' ' | tr -s ' ' \
  | grep -q "één stem per 500 inwoners, naar boven afgerond (elk begonnen blok van 500 inwoners telt), met een minimum van 1 en een maximum van 60 stemmen" \
  || { echo "FAIL: the weighting sentence does not follow [stemgewicht]"; fail=1; }
# an amount marked * (below the threshold) keeps its digits aligned with the
# unmarked amounts of its column: the mark hangs beyond the cell's edge
# (Ameland, 2027: € 41.978 above € 12.593 *)
am=$(ls "$work"/out2/brieven/GM0060-*.pdf)
edges=$(pdftotext -bbox -f 2 -l 2 "$am" - | sed -n 's/.*xMax="\([0-9.]*\)".*>\(41\.978\|12\.593\)<.*/\2 \1/p' \
  | awk '!seen[$1]++ { print $2 }' | sort -u)
[ "$(echo "$edges" | wc -l)" -eq 1 ] || { echo "FAIL: starred amounts not aligned (right edges: $(echo $edges))"; fail=1; }
# attachments: titles listed in the letter and counted in the meta block;
# a bare count (earlier versions) still works, with a warning naming the line
cp -r "$in" "$work/b"
sed -i 's/^bijlagen *=.*/bijlagen = Rapportage uitvoeringstoets AZWA (UDO); Verdeling per gemeente/' "$work/b/raadpleging.ini"
"$bin" letter "$code" -q -i "$work/b" -o "$work/out4" || { echo "FAIL: run with two attachments"; exit 1; }
pdftotext "$work/out4/voorbeeld/$code"-*.pdf - >"$work/b.txt"
grep -A2 '^Bijlage(n)$' "$work/b.txt" | grep -qx 2 && grep -qx 'Bijlagen' "$work/b.txt" \
  && grep -qx '1. Rapportage uitvoeringstoets AZWA (UDO)' "$work/b.txt" && grep -qx '2. Verdeling per gemeente' "$work/b.txt" \
  || { echo "FAIL: attachments not counted and listed"; grep -A3 'Bijlage' "$work/b.txt"; fail=1; }
sed -i 's/^bijlagen *=.*/bijlagen = 1/' "$work/b/raadpleging.ini"
line=$(grep -n '^bijlagen' "$work/b/raadpleging.ini" | cut -d: -f1)
"$bin" check -i "$work/b" >/dev/null 2>"$work/b.err" || { echo "FAIL: a bare count is refused"; fail=1; }
grep -q "warning .*raadpleging.ini:$line: brief.bijlagen = 1 counts the attachments; list their titles instead" "$work/b.err" \
  || { echo "FAIL: no warning for a bare count"; cat "$work/b.err"; fail=1; }
# the time frame follows the dates and [bestuur] besluit: only what the
# input supports (letter after the meeting, decision given or not; letter
# before it), with warnings where the dates and the decision disagree
frame() { # name, sed script for raadpleging.ini, expected sentence, expected "voorgelegd" form
  rm -rf "$work/f" && cp -r "$in" "$work/f" && sed -i "$2" "$work/f/raadpleging.ini"
  rm -rf "$work/of"  # a preview of the one letter is enough here
  "$bin" letter "$code" -q -i "$work/f" -o "$work/of" 2>"$work/f.err" || { echo "FAIL frame $1: run"; cat "$work/f.err"; fail=1; return; }
  pdftotext "$work/of/voorbeeld/$code"-*.pdf - | tr '\n' ' ' | tr -s ' ' >"$work/f.txt"
  grep -q "$3" "$work/f.txt" || { echo "FAIL frame $1: no \"$3\""; fail=1; }
  [ -z "${4:-}" ] || grep -q "$4" "$work/f.txt" || { echo "FAIL frame $1: no \"$4\""; fail=1; }
}
frame ratified 's/^besluit *=.*/besluit = bekrachtigd/' "Het VNG-bestuur heeft de uitslag in zijn vergadering van 29 oktober 2025 bekrachtigd." "die wij aan het bestuur hebben voorgelegd:"
frame rejected 's/^besluit *=.*/besluit = niet bekrachtigd/' "in zijn vergadering van 29 oktober 2025 besloten de uitslag niet te bekrachtigen."
frame undecided 's/^besluit *=.*/besluit =/' "De uitslag is aan het VNG-bestuur voorgelegd in zijn vergadering van 29 oktober 2025."
grep -q "warning .*raadpleging.ini:[0-9]*: brief.datum 2025-10-30 is after the board meeting of 2025-10-29, but \[bestuur\] besluit is not given" "$work/f.err" \
  || { echo "FAIL frame undecided: no warning"; cat "$work/f.err"; fail=1; }
frame before 's/^besluit *=.*/besluit =/; s/^datum = .*/datum = 2025-10-27/' "dat er in zijn vergadering van 29 oktober 2025 een besluit over neemt." "die wij aan het bestuur voorleggen:"
grep -q "bekrachtigd" "$work/f.txt" && { echo "FAIL frame before: speaks of a decision"; fail=1; }
[ -s "$work/f.err" ] && { echo "FAIL frame before: warnings"; cat "$work/f.err"; fail=1; }
frame early_decision 's/^datum = .*/datum = 2025-10-27/' "bekrachtigd"
grep -q "warning .*bestuur.besluit is given, but brief.datum 2025-10-27 is not after the board meeting of 2025-10-29" "$work/f.err" \
  || { echo "FAIL frame early decision: no warning"; cat "$work/f.err"; fail=1; }
sed -i 's/^besluit *=.*/besluit = misschien/' "$work/f/raadpleging.ini"
"$bin" check -i "$work/f" >/dev/null 2>"$work/f.err"; rc=$?
[ $rc -eq 1 ] && grep -q 'bestuur.besluit: expected bekrachtigd, niet bekrachtigd or nothing (not decided yet), found "misschien"' "$work/f.err" \
  || { echo "FAIL frame: a wrong decision is not an error (exit $rc)"; cat "$work/f.err"; fail=1; }
[ $fail -eq 0 ] && echo "wording: singular and plural agree ($code with one amount below € $threshold); attachments listed; time frame and board decision"
exit $fail
