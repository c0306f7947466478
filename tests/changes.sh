#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# wijzigingen.csv (issue 15): after each change to the input, the documents
# it lists are exactly those whose bytes differ from the previous set
# (recomputed here from the two manifests), each with the right reason.
# Usage: changes.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
out=$work/out
cp -r "$in" "$work/in"
run() { # what: runs into $out, keeps the previous manifest, checks the list
  cp "$out/current/manifest.csv" "$work/before.csv" 2>/dev/null || : >"$work/before.csv"
  "$bin" -i "$work/in" -o "$out" >"$work/log" 2>&1 || { echo "FAIL $1: run"; cat "$work/log"; fail=1; }
  # documents whose sha256 differs, is new or is gone, from the manifests alone
  awk -F, 'FNR == 1 { next } FILENAME == ARGV[1] { was[$1] = $5; next }
           $4 != "" && $3 > 0 { now[$1] = 1; if (was[$1] != $5) print $1 }
           END { for (p in was) if (!(p in now) && p ~ /\.pdf$/) print p }' "$work/before.csv" "$out/current/manifest.csv" \
    | sort >"$work/want"
  tail -n +2 "$out/current/wijzigingen.csv" | cut -d, -f1 | sort >"$work/got"
  cmp -s "$work/want" "$work/got" || { echo "FAIL $1: wijzigingen.csv lists other documents than the manifests say"; \
    diff "$work/want" "$work/got" | head -5; fail=1; }
}
reason() { awk -F, -v c="$1" '$2 == c { print $4 }' "$out/current/wijzigingen.csv"; }

run "first run"
[ "$(tail -n +2 "$out/current/wijzigingen.csv" | grep -c ',nieuw,eerste set$')" -eq 343 ] || { echo "FAIL first run: not 343 new"; fail=1; }
grep -q "changes: the first set" "$work/log" || { echo "FAIL first run: log"; fail=1; }
run "rerun"
[ "$(wc -l <"$out/current/wijzigingen.csv")" -eq 1 ] || { echo "FAIL rerun: documents listed"; fail=1; }
grep -q "changes: no document differs from the previous set" "$work/log" || { echo "FAIL rerun: log"; fail=1; }

# one budget amount of Almere
awk -F, -v OFS=, '$1 == "GM0034" && $3 == "2026" && !d { $4 = sprintf("%.2f", $4 + 1000); d = 1 } { print }' \
  "$in/budgetten.csv" >"$work/in/budgetten.csv"
run "budget"
[ "$(reason GM0034)" = budget ] && [ "$(wc -l <"$out/current/wijzigingen.csv")" -eq 3 ] \
  || { echo "FAIL budget: $(tail -n +2 "$out/current/wijzigingen.csv" | head -3)"; fail=1; }
grep -q "1 letter changed, 0 new, 0 gone (GM0034); the report changed" "$work/log" || { echo "FAIL budget: log"; fail=1; }

# a first vote from a municipality that had none: its letter says so, the
# others change with the national outcome
code=$(awk -F, '$NF == "geen stem ontvangen" && $1 != "GM0034" { print $1; exit }' "$out/current/stemmen.csv")
echo "$code,voor,2025-10-20 10:00,Alsnog" >>"$work/in/stemmen.csv"
run "new vote"
[ "$(reason "$code")" = "nieuwe stem; landelijke uitslag" ] || { echo "FAIL new vote: $code: $(reason "$code")"; fail=1; }
[ "$(reason GM0014)" = "landelijke uitslag" ] || { echo "FAIL new vote: GM0014: $(reason GM0014)"; fail=1; }

# the letter template: every letter, not the report
printf '\nMet dank voor uw stem.\n' >>"$work/in/templates/brief.md"
run "template"
[ "$(tail -n +2 "$out/current/wijzigingen.csv" | grep -c ',gewijzigd,sjabloon$')" -eq 342 ] \
  && ! grep -q '^advies-bestuur.pdf' "$out/current/wijzigingen.csv" || { echo "FAIL template"; fail=1; }

# a municipality that left
grep -v "^GM0088," "$work/in/gemeenten.csv" >"$work/g" && mv "$work/g" "$work/in/gemeenten.csv"
grep -v "^GM0088," "$work/in/budgetten.csv" >"$work/b" && mv "$work/b" "$work/in/budgetten.csv"
grep -v "^GM0088," "$work/in/stemmen.csv" >"$work/s" && mv "$work/s" "$work/in/stemmen.csv"
run "gone"
grep -q '^brieven/GM0088-schiermonnikoog.pdf,GM0088,vervallen,gemeente niet meer in de invoer$' "$out/current/wijzigingen.csv" \
  || { echo "FAIL gone"; fail=1; }
"$bin" verify -q -o "$out" || { echo "FAIL: verify"; fail=1; }
[ $fail -eq 0 ] && echo "changes: first set, rerun, budget, new vote ($code), template, a municipality gone: lists match the manifests"
exit $fail
