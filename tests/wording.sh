#!/bin/sh
# Counts in the letter's wording agree in number: with one amount made the
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
"$bin" -q -i "$work/in" -o "$work/out" || { echo "FAIL: run"; exit 1; }
text=$(pdftotext "$work/out/brieven/$code"-*.pdf - | tr '\n' ' ' | tr -s ' ')
echo "$text" | grep -q "Voor 1 combinatie van regeling en jaar" \
  || { echo "FAIL $code: no singular 'Voor 1 combinatie' (threshold $threshold)"; fail=1; }
"$bin" -q -i "$in" -o "$work/out2" || { echo "FAIL: shipped run"; exit 1; }
n=$(for f in "$work"/out2/brieven/*.pdf; do pdftotext "$f" - | tr '\n' ' ' | tr -s ' ' | grep -o "Voor [0-9]* combinatie[s]* van"; done \
  | awk '($2 == 1) != ($3 == "combinatie") { bad++ } END { print bad + 0 }')
[ "$n" -eq 0 ] || { echo "FAIL: $n letters with a count and noun that disagree"; fail=1; }
[ $fail -eq 0 ] && echo "wording: singular and plural agree ($code with one amount below € $threshold)"
exit $fail
