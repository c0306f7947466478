#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Attacks on the output folder and the CSV files (issue 13), each on a
# scratch folder: ledenbrief must never delete or replace what it did not
# create, never follow a link inside its output folder, keep input and
# output apart, write with the current umask, and hand spreadsheets no
# formulas.
# Usage: safety.sh LEDENBRIEF INPUT_DIR SMALL_INPUT_DIR
set -u
bin=$1; in=$2; small=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0; n=0
check() { # description, then a command that must succeed
  what=$1; shift; n=$((n + 1))
  if ! "$@"; then echo "FAIL $what"; fail=1; fi
}
sums() { (cd "$1" && find . -type f -exec cksum {} + 2>/dev/null | sort); }
run() { "$bin" -q "$@" >"$work/out.txt" 2>"$work/err.txt"; echo $? >"$work/rc"; }
rc_is() { [ "$(cat "$work/rc")" = "$1" ]; }
said() { grep -q -- "$1" "$work/err.txt"; }

# 1. input = output: refused before anything is written; the votes stay.
cp -r "$small" "$work/same"
before=$(sums "$work/same")
run -i "$work/same" -o "$work/same"
check "input = output: exit 2" rc_is 2
check "input = output: message" said "must not be the same or inside each other"
check "input = output: input untouched" [ "$before" = "$(sums "$work/same")" ]
# 2. output inside input, input inside output
run -i "$work/same" -o "$work/same/out"
check "output inside input: exit 2" rc_is 2
check "output inside input: nothing made" [ ! -e "$work/same/out" ]
mkdir -p "$work/outer" && cp -r "$small" "$work/outer/in"
run -i "$work/outer/in" -o "$work/outer"
check "input inside output: exit 2" rc_is 2

# 3. A folder that holds someone's files is not an output folder.
mkdir -p "$work/docs/brieven" && echo "mijn brief" >"$work/docs/brieven/mijn-brief.docx" && echo "x" >"$work/docs/budget.csv"
before=$(sums "$work/docs")
run -i "$small" -o "$work/docs"
check "foreign folder: exit 3" rc_is 3
check "foreign folder: names the entry" said '"brieven" is not ledenbrief'"'"'s'
check "foreign folder: untouched" [ "$before" = "$(sums "$work/docs")" ]
check "foreign folder: no marker, no lock" [ ! -e "$work/docs/.ledenbrief" ] && [ ! -e "$work/docs/.lock" ]

# 4. In ledenbrief's own folder, foreign things under its names are refused
#    and links are never followed.
"$bin" -q -i "$small" -o "$work/out" || { echo "FAIL: first run"; fail=1; }
mkdir -p "$work/victim" && echo "keep me" >"$work/victim/important.txt"
victim=$(sums "$work/victim")
for attack in spare staging lock sets current budget.csv brieven; do
  rm -rf "$work/o" && cp -a "$work/out" "$work/o"
  case $attack in
    spare) rm -rf "$work/o/.spare"; ln -s "$work/victim" "$work/o/.spare" ;;
    staging) ln -s "$work/victim" "$work/o/.staging-4242" ;;
    lock) rm -f "$work/o/.lock"; ln -s "$work/victim/important.txt" "$work/o/.lock" ;;
    sets) mv "$work/o/.sets" "$work/sets-moved"; ln -s "$work/victim" "$work/o/.sets" ;;
    current) rm "$work/o/current"; ln -s "$work/victim" "$work/o/current" ;;
    budget.csv) rm "$work/o/budget.csv"; echo "mijn begroting" >"$work/o/budget.csv" ;;
    brieven) rm "$work/o/brieven"; mkdir "$work/o/brieven"; echo x >"$work/o/brieven/mijn-brief.docx" ;;
  esac
  before=$(sums "$work/o")
  run -i "$small" -o "$work/o"
  check "$attack: exit 3" rc_is 3
  check "$attack: message names it" grep -q "is not what ledenbrief puts under that name\|is a link" "$work/err.txt"
  check "$attack: victim untouched" [ "$victim" = "$(sums "$work/victim")" ]
  check "$attack: folder untouched" [ "$before" = "$(sums "$work/o")" ]
  rm -rf "$work/sets-moved"
done
# Files the operator adds beside ledenbrief's are left alone.
echo "notities" >"$work/out/notities.txt"
"$bin" -q -i "$small" -o "$work/out" && check "own notes kept" grep -q notities "$work/out/notities.txt"

# 5. The output folder itself may be a link.
ln -s "$work/out" "$work/out-link"
"$bin" -q -i "$small" -o "$work/out-link" && "$bin" verify -q -o "$work/out-link"
check "output folder as a link" [ $? -eq 0 ]

# 6. An output folder of an earlier version (no marker) is taken over.
rm "$work/out/.ledenbrief" "$work/out/notities.txt"
"$bin" -q -i "$small" -o "$work/out"
check "earlier version's folder taken over" [ -f "$work/out/.ledenbrief" ]

# 7. Permissions follow the umask on every run, also for files overwritten
#    in place from the spare set.
(umask 077 && "$bin" -q -i "$small" -o "$work/m") && (umask 077 && "$bin" -q -i "$small" -o "$work/m")
check "umask 077: no file readable by others" [ -z "$(find "$work/m/current/" -type f -perm /044)" ]
(umask 022 && "$bin" -q -i "$small" -o "$work/m") && (umask 022 && "$bin" -q -i "$small" -o "$work/m")
check "umask 022: every file readable" [ -z "$(find "$work/m/current/" -type f ! -perm -444)" ]
(umask 077 && "$bin" -q -i "$small" -o "$work/m")
check "umask 077 again: tightened" [ -z "$(find "$work/m/current/" -type f -perm /044)" ]

# 8. Previews: the same code twice is one letter, never a race; the
#    published set and verify stay untouched; previews are marked and kept.
set_before=$(sums "$work/m/current/")
i=0; ok=1
while [ $i -lt 20 ]; do
  i=$((i + 1))
  "$bin" letter GM0088 GM0088 GM0088 -q -j 3 -i "$small" -o "$work/m" || ok=0
done
check "letter twice: 20 runs succeed" [ $ok -eq 1 ]
check "letter twice: one complete letter" sh -c "qpdf --check \"$work/m/voorbeeld/GM0088-schiermonnikoog.pdf\" >/dev/null"
check "letter twice: no temporary files" [ -z "$(ls -A "$work/m/voorbeeld" | grep tmp)" ]
"$bin" report -q -i "$small" -o "$work/m"
check "report preview: written" [ -f "$work/m/voorbeeld/advies-bestuur.pdf" ]
check "previews: published set untouched" [ "$set_before" = "$(sums "$work/m/current/")" ]
check "previews: verify passes" "$bin" verify -q -o "$work/m"
"$bin" -q -i "$small" -o "$work/m"
check "previews: kept by the next run" [ -f "$work/m/voorbeeld/advies-bestuur.pdf" ]

# 9. CSV formula injection: text that a spreadsheet would run is written
#    with a leading apostrophe; numbers stay numbers.
cp -r "$small" "$work/inj"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $2 = "\"=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\"" } NR == 3 { $2 = "+31 Gemeente" }
  NR == 4 { $3 = "@Provincie" } NR == 5 { $2 = "-Min" } { print }' "$small/gemeenten.csv" >"$work/inj/gemeenten.csv"
"$bin" -q -i "$work/inj" -o "$work/inj-out" 2>"$work/err.txt"
check "injection: run" [ $? -eq 0 ]
for f in stemmen.csv budget.csv uitslag.csv budget_nationaal.csv; do
  check "injection: no formula in $f" [ -z "$(grep -E '(^|,)"?[=+@-][^0-9]' "$work/inj-out/$f")" ]
done
check "injection: neutralised name" grep -q "\"'=HYPERLINK" "$work/inj-out/stemmen.csv"
check "injection: negative amounts stay numbers" grep -qE ',-[0-9]+\.[0-9]{2},' "$work/inj-out/budget.csv"

[ $fail -eq 0 ] && echo "safety: $n checks passed"
exit $fail
