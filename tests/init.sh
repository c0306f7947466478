#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# `ledenbrief init`, templates falling back to the installed defaults, and
# the three log line formats (issue 15). Usage: init.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
stamp='[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'

# 1. A new folder: settings with comments, CSV headers, templates.
cd "$work" || exit 1
"$bin" init c >log 2>&1 || { echo "FAIL init: exit $?"; cat log; fail=1; }
for f in raadpleging.ini gemeenten.csv stemmen.csv budgetten.csv udo_bevindingen.csv templates/brief.md templates/advies.md; do
  [ -s "c/$f" ] || { echo "FAIL init: c/$f missing or empty"; fail=1; }
done
[ "$(cat c/gemeenten.csv)" = "code,naam,provincie,inwoners,wadden" ] || { echo "FAIL init: gemeenten.csv header"; fail=1; }
[ "$(cat c/stemmen.csv)" = "code,stem,ingediend,toelichting" ] || { echo "FAIL init: stemmen.csv header"; fail=1; }
cmp -s c/templates/brief.md "$in/templates/brief.md" || { echo "FAIL init: brief.md is not the default"; fail=1; }
ls -A | grep -q '\.init-' && { echo "FAIL init: staging folder left"; fail=1; }

# 2. check names every empty required value and the empty tables (exit 1).
"$bin" check -i c >out 2>err; rc=$?
[ $rc -eq 1 ] || { echo "FAIL empty check: exit $rc"; fail=1; }
for key in raadpleging.naam raadpleging.sluiting raadpleging.bestuursvergadering brief.datum brief.kenmerk brief.lbr \
  brief.telefoon brief.onderwerp brief.ondertekenaar brief.functie; do
  grep -q "c/raadpleging.ini:[0-9]*:[0-9]*: $key: expected" err || { echo "FAIL empty check: $key not named"; fail=1; }
done
grep -q "c/gemeenten.csv:2: expected at least one row of municipalities" err || { echo "FAIL empty check: gemeenten"; fail=1; }

# 3. Filled in, it passes check and runs.
cp "$in"/*.csv c/
for key in naam sluiting bestuursvergadering datum kenmerk lbr telefoon onderwerp ondertekenaar functie; do
  value=$(grep "^$key = " "$in/raadpleging.ini" | head -1 | sed 's/^[^=]*= //')
  sed -i "s|^$key =\$|$key = $value|" c/raadpleging.ini
done
"$bin" check -i c >out 2>err || { echo "FAIL filled check: exit $?"; cat err; fail=1; }
grep -q "input OK: 342 municipalities" out || { echo "FAIL filled check: summary"; cat out; fail=1; }

# 4. init touches no existing folder or file; an empty folder is fine.
before=$(ls -lR c | cksum)
"$bin" init c >out 2>err; rc=$?
[ $rc -eq 3 ] && grep -q "c: is not empty" err || { echo "FAIL init over a folder: exit $rc"; cat err; fail=1; }
[ "$(ls -lR c | cksum)" = "$before" ] || { echo "FAIL init over a folder: it changed"; fail=1; }
echo x >afile
"$bin" init afile >out 2>err; [ $? -eq 3 ] && [ "$(cat afile)" = x ] || { echo "FAIL init over a file"; fail=1; }
mkdir empty && "$bin" init empty >out 2>err && [ -f empty/raadpleging.ini ] || { echo "FAIL init into an empty folder"; fail=1; }
"$bin" init >out 2>err; [ $? -eq 2 ] || { echo "FAIL init without a folder: not a usage error"; fail=1; }
"$bin" init d -i c >out 2>err; [ $? -eq 2 ] && [ ! -e d ] || { echo "FAIL init with --input: not a usage error"; fail=1; }
ls -A | grep -q '\.init-' && { echo "FAIL init: staging folder left after refusals"; fail=1; }

# 5. Without templates/ the defaults are used, and the log says so.
cp -r "$in" notpl && rm -r notpl/templates
"$bin" -i notpl -o o1 >out 2>err || { echo "FAIL default templates: exit $?"; cat err; fail=1; }
grep -q "templates/brief.md: not in the input folder; using the default template .*templates/brief.md" out \
  || { echo "FAIL default templates: not logged"; cat out; fail=1; }
"$bin" -q -i "$in" -o o2 || fail=1
for f in o1/brieven/*.pdf; do
  cmp -s "$f" "o2/brieven/${f##*/}" || { echo "FAIL default templates: $f differs"; fail=1; break; }
done

# 6. Log lines: "TIME LEVEL message" in a log file, errors too; journald
#    priorities under systemd; compiler style on a terminal.
"$bin" check -i c >out 2>err
grep -q "^$stamp info input OK" out || { echo "FAIL log file format: $(head -1 out)"; fail=1; }
"$bin" check -i "$work/none" >out 2>err
grep -q "^$stamp error $work/none/raadpleging.ini: cannot read" err || { echo "FAIL log file error format: $(head -1 err)"; fail=1; }
JOURNAL_STREAM=8:12345 "$bin" check -i c >out 2>err
grep -q "^<6>input OK" out || { echo "FAIL journald format: $(head -1 out)"; fail=1; }
JOURNAL_STREAM=8:12345 "$bin" check -i "$work/none" >out 2>err
grep -q "^<3>$work/none/raadpleging.ini: cannot read" err || { echo "FAIL journald error format: $(head -1 err)"; fail=1; }
if command -v script >/dev/null; then
  script -qec "$bin check -i $work/none" /dev/null >tty 2>&1
  grep -q "^$work/none/raadpleging.ini: cannot read" tty || { echo "FAIL terminal format: $(head -1 tty)"; fail=1; }
fi
[ $fail -eq 0 ] && echo "init: new folder, check on it empty and filled, refusals, default templates, log formats"
exit $fail
