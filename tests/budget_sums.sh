#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Printed budget figures add up in every letter and in the board report
# (tests/tools/budget_sums.py: totals = sum of the printed amounts,
# differences = difference of printed totals, the sentence under the
# letter's table uses the printed totals). Two processes, poppler per file.
# Usage: budget_sums.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" -q -i "$in" -o "$work/out" || { echo "FAIL: run"; exit 1; }
ls "$work"/out/brieven/*.pdf | xargs -n 172 -P 2 /usr/bin/python3 "$here/tools/budget_sums.py" \
  "$work/out/advies-bestuur.pdf" >"$work/log" || { grep -v '^budget_sums:' "$work/log" | head -20; exit 1; }
awk '/^budget_sums:/ { f += $2; p += $4 } END { print "budget_sums: " f " files read (the report twice), " p " problems" }' "$work/log"
