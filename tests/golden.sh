#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Runs the batch on a hand-computed fixture and compares every CSV with the
# expected files; a second run (under a Dutch locale) must be byte-identical.
# Usage: golden.sh LEDENBRIEF INPUT_DIR EXPECTED_DIR
set -eu
bin=$1; in=$2; expected=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" --quiet --input "$in" --output "$work/a"
LANG=nl_NL.UTF-8 LC_ALL=nl_NL.UTF-8 "$bin" --quiet --input "$in" --output "$work/b" 2>/dev/null
fail=0
for f in "$expected"/*.csv; do
  name=$(basename "$f")
  if ! cmp -s "$f" "$work/a/$name"; then echo "FAIL: $name differs from expected"; diff "$f" "$work/a/$name" | head; fail=1; fi
  if ! cmp -s "$work/a/$name" "$work/b/$name"; then echo "FAIL: $name differs between runs/locales"; fail=1; fi
done
# every file, letters included, byte-identical between the two runs
if ! diff -r "$work/a/current/" "$work/b/current/" >/dev/null; then echo "FAIL: runs differ"; diff -r "$work/a/current/" "$work/b/current/" | head -5; fail=1; fi
[ "$(ls "$work/a/brieven" | wc -l)" -eq 5 ] || { echo "FAIL: expected 5 letters"; fail=1; }
[ $fail -eq 0 ] && echo "golden: all files equal"
exit $fail
