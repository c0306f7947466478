#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Limits and arithmetic (issue 13): dates before the deadline are warned
# about, 0 inhabitants print "–", many budget years wrap into more tables
# instead of overprinting, a budget with 20,000 schemes is refused in
# bounded memory, and 100,000 findings are checked in linear time.
# Usage: limits.sh LEDENBRIEF BASE_FIXTURE
set -u
bin=$1; base=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0

# 1. Letter date and board meeting before the deadline: warnings, exit 0.
cp -r "$base" "$work/dates"
sed -e 's/^datum = .*/datum = 2025-10-20/' -e 's/^bestuursvergadering = .*/bestuursvergadering = 2025-10-21/' \
  "$base/raadpleging.ini" >"$work/dates/raadpleging.ini"
"$bin" check -q -i "$work/dates" 2>"$work/err"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL dates: exit $rc"; fail=1; }
grep -q "warning .*raadpleging.ini:16: brief.datum 2025-10-20 lies before the deadline" "$work/err" \
  && grep -q "warning .*raadpleging.ini:6: raadpleging.bestuursvergadering 2025-10-21 lies before the deadline" "$work/err" \
  || { echo "FAIL dates: warnings"; cat "$work/err"; fail=1; }

# 2. A municipality of 0 inhabitants: its amount per inhabitant is "–" in
#    the letter and empty in budget.csv, never "€ 0,00".
cp -r "$base" "$work/zero"
sed 's/^GM0088,Schiermonnikoog,Fryslân,972,/GM0088,Schiermonnikoog,Fryslân,0,/' "$base/gemeenten.csv" >"$work/zero/gemeenten.csv"
"$bin" -q -i "$work/zero" -o "$work/o2" || { echo "FAIL zero: run"; fail=1; }
pdftotext -layout "$work/o2/brieven/GM0088-schiermonnikoog.pdf" - | grep "Per inwoner" | grep -q "–" \
  || { echo "FAIL zero: no – in the letter"; fail=1; }
awk -F, '$1 == "GM0088" && $3 == "totaal" && $7 != "" { bad = 1 } END { exit bad }' "$work/o2/budget.csv" \
  || { echo "FAIL zero: per_inwoner not empty in budget.csv"; fail=1; }

# 3. Sixteen budget years: the tables wrap (six years each), every year is
#    printed, no amount runs past the right margin.
cp -r "$base" "$work/years"
awk -F';' 'NR == 1 { print; next } $3 == 2025 { for (y = 2025; y <= 2040; y++) { $3 = y; print } }' OFS=';' \
  "$base/budgetten.csv" >"$work/years/budgetten.csv"
"$bin" -q -i "$work/years" -o "$work/o3" || { echo "FAIL years: run"; fail=1; }
pdf="$work/o3/brieven/GM0363-amsterdam.pdf"
pdftotext "$pdf" - | tr '\n' ' ' >"$work/t3"
for y in 2025 2030 2031 2036 2037 2040; do grep -q "$y" "$work/t3" || { echo "FAIL years: $y missing"; fail=1; }; done
[ "$(pdftotext "$pdf" - | grep -c '^Regeling$')" -eq 3 ] || { echo "FAIL years: not three tables"; fail=1; }
beyond=$(pdftotext -bbox "$pdf" - | awk -F'"' '/<word/ { if ($6 + 0 > 524.3) n++ } END { print n + 0 }')
[ "$beyond" -eq 0 ] || { echo "FAIL years: $beyond words past the margin"; fail=1; }

# 3b. A long name (90 characters) still fits the footer line, set smaller,
#     and never runs into "pagina X van Y".
cp -r "$base" "$work/long"
long="Schiermonnikoog en de omliggende Waddeneilanden met hun zandplaten en kwelders en wantijen"
sed "s/^GM0088,Schiermonnikoog,/GM0088,$long,/" "$base/gemeenten.csv" >"$work/long/gemeenten.csv"
"$bin" -q -i "$work/long" -o "$work/o3b" || { echo "FAIL long name: run"; fail=1; }
pdf=$(ls "$work"/o3b/brieven/GM0088-*.pdf)
pdftotext -raw "$pdf" - | grep -qF "$long pagina 1 van" || { echo "FAIL long name: footer"; fail=1; }
overlap=$(pdftotext -f 1 -l 1 -bbox "$pdf" - | awk -F'"' '/<word/ && $4 + 0 > 760 { if (prev != "" && $2 + 0 < prev) n++; prev = $6 + 0 } END { print n + 0 }')
[ "$overlap" -eq 0 ] || { echo "FAIL long name: footer words overlap"; fail=1; }

# 4. 20,000 budget rows for one municipality, each a new scheme, over 101
#    years: refused with a clear message, in bounded memory.
cp -r "$base" "$work/schemes"
awk 'BEGIN { print "code;regeling;jaar;bedrag"; for (i = 0; i < 20000; i++) printf "GM0363;Regeling %d;%d;1,00\n", i, 2000 + i % 101 }' \
  >"$work/schemes/budgetten.csv"
/usr/bin/time -f "%M" -o "$work/rss" "$bin" check -i "$work/schemes" 2>"$work/err"; rc=$?
[ $rc -eq 1 ] && grep -q "expected at most 100 different schemes (regeling), found 20000" "$work/err" \
  || { echo "FAIL schemes: exit $rc"; head -3 "$work/err"; fail=1; }
[ "$(tail -1 "$work/rss")" -lt 200000 ] || { echo "FAIL schemes: peak RSS $(tail -1 "$work/rss") KB"; fail=1; }

# 5. 100,000 findings: checked in linear time (36.6 s when the id check was
#    quadratic; the time is printed, the bound only catches a relapse).
cp -r "$base" "$work/many"
awk 'BEGIN { print "id,soort,thema,titel,tekst,doelgroep"; for (i = 0; i < 100000; i++) printf "F%d,risico,Thema,Titel %d,Tekst %d.,alle\n", i, i, i }' \
  >"$work/many/udo_bevindingen.csv"
start=$(date +%s.%N)
"$bin" check -q -i "$work/many" || { echo "FAIL findings: check"; fail=1; }
secs=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }')
awk -v s="$secs" 'BEGIN { exit !(s < 10) }' || { echo "FAIL findings: $secs s"; fail=1; }

[ $fail -eq 0 ] && echo "limits: dates, 0 inhabitants, 16 years, a long name, 20000 schemes, 100000 findings checked in $secs s"
exit $fail
