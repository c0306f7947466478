#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Large and hostile inputs (issue 7), generated at test time: a 50 MB field,
# a row of a million columns, a 1 GB file cut off mid-row, and a file the
# process may not read. Each must fail with exit 1 and its exact message, in
# bounded memory, without touching an earlier output folder.
# Usage: big_inputs.sh LEDENBRIEF BASE_FIXTURE
set -u
bin=$1; base=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
# the unprivileged case runs a copy, whatever the permissions above the checkout
cp "$bin" "$work/ledenbrief" && chmod 755 "$work/ledenbrief"
fail=0
run_case() { # name, expected message line (after "TIME error "), [user]
  name=$1; want=$2
  rm -rf "$work/out"; mkdir -p "$work/out"; echo vorige >"$work/out/stemmen.csv"
  if [ -n "${3:-}" ]; then
    (cd "$work" && /usr/bin/time -f "%M" -o "$work/rss" setpriv --reuid="$3" --regid="$3" --clear-groups -- "$work/ledenbrief" -q -i in -o out) 2>"$work/err"
  else
    (cd "$work" && /usr/bin/time -f "%M" -o "$work/rss" "$bin" -q -i in -o out) 2>"$work/err"
  fi
  rc=$?
  [ $rc -eq 1 ] || { echo "FAIL $name: exit $rc, expected 1"; fail=1; }
  head -1 "$work/err" | sed "s/^[0-9T:-]*Z //" | grep -qxF "error $want" || { echo "FAIL $name: got \"$(head -1 "$work/err")\""; fail=1; }
  [ "$(cat "$work/out/stemmen.csv")" = vorige ] && [ "$(ls -A "$work/out")" = stemmen.csv ] \
    || { echo "FAIL $name: earlier output changed"; fail=1; }
  rss=$(tail -1 "$work/rss"); echo "  $name: exit $rc, peak RSS $rss KB"
  [ "$rss" -lt 400000 ] || { echo "FAIL $name: memory $rss KB"; fail=1; }
}
fresh() { rm -rf "$work/in"; cp -r "$base" "$work/in"; chmod -R a+rX "$work/in"; }

fresh
{ head -1 "$base/gemeenten.csv"; printf 'GM0001,'; head -c 52428800 /dev/zero | tr '\0' 'a'; printf ',Fryslân,10,nee\n'; } >"$work/in/gemeenten.csv"
run_case "50 MB field" "in/gemeenten.csv:2:2: expected a field of at most 65536 bytes, found a longer one"
fresh
{ head -1 "$base/gemeenten.csv"; printf 'GM0001'; head -c 1000000 /dev/zero | tr '\0' ','; printf '\n'; } >"$work/in/gemeenten.csv"
run_case "million columns" "in/gemeenten.csv:2:257: expected at most 256 fields on a line, found more"
fresh
cp "$base/budgetten.csv" "$work/in/budgetten.csv"; printf 'GM0088;SPUK IZA;20' >>"$work/in/budgetten.csv"
truncate -s 1G "$work/in/budgetten.csv"
run_case "1 GB cut off" "in/budgetten.csv: expected a file of at most 512 MB, found one of 1024 MB"
fresh
chmod 000 "$work/in/stemmen.csv"
# root reads any file, so as root the run is made as nobody
if [ "$(id -u)" = 0 ]; then as=65534; else as=""; fi
run_case "unreadable file" "in/stemmen.csv: cannot read: Permission denied" $as
[ $fail -eq 0 ] && echo "big inputs: 4 passed"
exit $fail
