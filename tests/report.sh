#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Board report (issue 5): every number in advies-bestuur.pdf must equal the
# CSV outputs. Extracts the text with pdftotext -layout and looks for each
# CSV row, rewritten in Dutch notation, as a table row.
# Usage: report.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" --quiet --input "$in" --output "$work/out" || { echo "FAIL: batch exit $?"; exit 1; }
pdf="$work/out/advies-bestuur.pdf"; fail=0
qpdf --check "$pdf" >/dev/null 2>&1 || { echo "FAIL: qpdf --check"; fail=1; }
pdffonts "$pdf" 2>&1 | awk 'NR>2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad=1 } /Warning|Error/ { bad=1 } END { exit bad }' \
  || { echo "FAIL: fonts not embedded subsets, or poppler warnings"; fail=1; }
# pdftotext may drop the space in a short "€ 0"; compare without it
pdftotext -enc UTF-8 -layout "$pdf" - 2>"$work/err" | tr -s ' ' | sed 's/^ //; s/€ /€/g' >"$work/t"
[ -s "$work/err" ] && { echo "FAIL: pdftotext warnings"; head -3 "$work/err"; fail=1; }
pdftotext -enc UTF-8 "$pdf" - | tr '\n' ' ' | tr -s ' ' >"$work/flat"
pdfinfo "$pdf" >/dev/null 2>"$work/err" && pdftoppm -r 12 -png "$pdf" "$work/page" 2>>"$work/err" && [ ! -s "$work/err" ] \
  || { echo "FAIL: pdfinfo/pdftoppm:"; head -3 "$work/err"; fail=1; }
rm -f "$work"/page*.png

# Dutch notation helpers for awk
cat >"$work/nl.awk" <<'AWK'
function nl(n,   s, g, neg) { neg = (n < 0); s = sprintf("%d", neg ? -n : n); g = "";
  while (length(s) > 3) { g = "." substr(s, length(s) - 2) g; s = substr(s, 1, length(s) - 3) }
  return (neg ? "−" : "") s g }
function pct(p) { return p == "" ? "–" : (sub(/\./, ",", p) ? p "%" : p "%") }
function euro(x,   p, e, c, neg) { neg = substr(x, 1, 1) == "-"; if (neg) x = substr(x, 2); split(x, p, ".");
  e = p[1] + 0; if (p[2] + 0 >= 50) e++; return "€ " (neg && e ? "−" : "") nl(e) }
AWK
missing() { echo "FAIL: not in the report: $1"; fail=1; }

# uitslag.csv: province and size-class tables; labels may wrap, so the
# numbers are matched as one sequence and province labels in front of them
prog() { cat "$work/nl.awk" - >"$work/prog.awk"; }
prog <<'AWK'
NR>1 { seq = nl($3) " " nl($4) " " nl($5) " " nl($6) " " nl($7) " " nl($8) " " nl($9) " " nl($10) " " pct($11)
  if ($1 == "provincie") print $2 " " seq; else if ($1 == "totaal") print "Nederland " seq; else print seq }
AWK
awk -F, -f "$work/prog.awk" "$work/out/uitslag.csv" >"$work/expect_rows"
while IFS= read -r row; do grep -qF -- "$row" "$work/t" || missing "$row"; done <"$work/expect_rows"

# stemmen.csv: the all-municipalities table, by name (quoted names hold commas)
prog <<'AWK'
NR>1 { n = split($0, f, ","); name = f[2]; i = 3
  if (substr(name, 1, 1) == "\"") { while (substr(name, length(name)) != "\"") name = name "," f[i++]; name = substr(name, 2, length(name) - 2) }
  print name " " f[1] " " f[i] " " nl(f[i+1]) " " f[i+2] " " f[i+3] }
AWK
# (the report prints the apostrophe typographically: ’s-Hertogenbosch)
awk -f "$work/prog.awk" "$work/out/stemmen.csv" | sed "s/'/’/g" >"$work/expect_munis"
while IFS= read -r row; do grep -qF -- "$row" "$work/t" || missing "$row"; done <"$work/expect_munis"

# budget_nationaal.csv: per group one row of amounts over the years; the
# national "Totaal" row is the sum of the printed (rounded) scheme amounts
prog <<'AWK'
function euros(x,   p, e, neg) { neg = substr(x, 1, 1) == "-"; if (neg) x = substr(x, 2); split(x, p, ".");
  e = p[1] + 0; if (p[2] + 0 >= 50) e++; return neg ? -e : e }
NR>1 && $1 == "totaal" && $3 != "totaal" { if (!($4 in tot)) years[++ny] = $4; tot[$4] += euros($5) }
NR>1 && $3 == "totaal" && $1 != "totaal" { key = $2; row[key] = row[key] " " euro($5); order[++n] = key }
END { line = "Totaal"; for (i = 1; i <= ny; i++) line = line " € " nl(tot[years[i]]); print line
  for (i = 1; i <= n; i++) if (!seen[order[i]]++) { k = order[i]; if (k ~ / /) print substr(row[k], 2); else print k row[k] } }
AWK
awk -F, -f "$work/prog.awk" "$work/out/budget_nationaal.csv" >"$work/expect_budget"
sed -i 's/€ /€/g' "$work/expect_budget"
while IFS= read -r row; do grep -qF -- "$row" "$work/t" || missing "$row"; done <"$work/expect_budget"

# every comment is in the report (each shipped comment has a unique reference)
for ref in $(grep -o 'Z25\.[0-9]*' "$in/stemmen.csv" | sort -u); do grep -qF "$ref" "$work/flat" || missing "comment $ref"; done
# robuustheid.csv agrees with an independent recount from the input, and
# the report prints its figures (when its template has those chapters)
python3 "$(dirname "$0")/tools/recount_review.py" "$in" "$work/out" >"$work/recount" || { cat "$work/recount"; fail=1; }
echo '{ print nl($1) }' >"$work/nlnum.awk"
if grep -q "^Hoe stevig is de uitkomst?" "$work/t"; then
  pdftotext -enc UTF-8 "$pdf" - | tr '\n' ' ' | tr -s ' ' >"$work/flat1" # reading order: wrapped cells whole
  v() { awk -F, -v k="$1" '$1==k{print $2}' "$work/out/robuustheid.csv" | sed 's/\./,/'; }
  for want in "(uitslag) $(v pct_voor_geteld)%" "elke gemeente) $(v pct_voor_met_te_late_stemmen)%" \
    "vervangende $(v pct_voor_eerste_stemmen)%" "gestemd $(v pct_voor_zonder_stem_tegen_de_uitkomst)%" \
    "ten minste $(v verschuiving_stemmen | awk -f "$work/nl.awk" -f "$work/nlnum.awk") stem" \
    "minstens $(v verschuiving_gemeenten) gemeente" "stem verloren $(v gemeenten_alleen_te_laat) " \
    "Gevonden: $(v tegenspraak)."; do
    grep -qF -- "$want" "$work/flat1" || missing "robustness: $want"
  done
  # every theme row of themas.csv is a row of the themes table
  awk -F, 'NR>1 && $2>0 {print $1 " " $2 " " $3 " " $4 " " $5}' "$work/out/themas.csv" | tr -d '"' | sed "s/'/’/g" >"$work/expect_themes"
  while IFS= read -r row; do grep -qF -- "$row" "$work/t" || missing "theme row $row"; done <"$work/expect_themes"
fi
# the municipalities' annex is sorted by name as a Dutch index is: without
# accents and case, ’s-Hertogenbosch under H (recomputed here in Python)
awk '/^Bijlage B: alle gemeenten$/ {on=1} /^Bijlage C: werkwijze$/ {on=0} on' "$work/t" | grep -o ' GM[0-9]\{4,6\} ' | tr -d ' ' >"$work/order"
[ -s "$work/order" ] && python3 - "$work/out/stemmen.csv" "$work/order" <<'PY' || { [ -s "$work/order" ] && missing "municipalities sorted by name"; }
import csv, sys, unicodedata
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
def key(name):
    k = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).casefold()
    for p in ("'s-", "'s ", "'t "):
        if k.startswith(p):
            return k[3:]
    return k
want = [r["code"] for r in sorted(rows, key=lambda r: (key(r["naam"]), r["code"]))]
got = open(sys.argv[2]).read().split()
sys.exit(0 if got == want else 1)
PY
# a letter's outcome table tells "te laat" from "geen stem", as the CSVs count them
late=$(awk -F, '$1=="gemeenten_alleen_te_laat"{print $2}' "$work/out/robuustheid.csv")
late_w=$(awk -F, '$1=="gewicht_alleen_te_laat"{print $2}' "$work/out/robuustheid.csv")
none=$(sed 's/"[^"]*"/X/g' "$work/out/stemmen.csv" | awk -F, 'NR>1 && $6=="geen stem"{n++} END{print n+0}')
first=$(ls "$work/out/brieven" | head -1)
pdftotext -layout -f 1 -l 1 "$work/out/brieven/$first" - | tr -s ' ' | sed 's/^ //' >"$work/letter1"
if [ "$late" -gt 0 ]; then
  grep -qF "Te laat (telt niet) $late $(echo "$late_w" | awk -f "$work/nl.awk" -f "$work/nlnum.awk" 2>/dev/null || echo "$late_w")" "$work/letter1" \
    || missing "letter row Te laat (telt niet) $late"
fi
grep -q "^Geen stem $none " "$work/letter1" || missing "letter row Geen stem $none"
n=$(cat "$work/expect_rows" "$work/expect_munis" "$work/expect_budget" | wc -l)
munis=$(($(wc -l <"$in/gemeenten.csv") - 1))
[ "$(wc -l <"$work/expect_munis")" -eq "$munis" ] || { echo "FAIL: expected $munis municipality rows to check"; fail=1; }
[ "$(wc -l <"$work/expect_rows")" -ge 3 ] && [ "$(wc -l <"$work/expect_budget")" -ge 2 ] || { echo "FAIL: too few rows to check"; fail=1; }
[ $fail -eq 0 ] && echo "report: $n table rows match the CSV outputs"
exit $fail
