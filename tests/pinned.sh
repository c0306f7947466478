#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Pins the shipped output: the SHA-256 of every file the shipped run writes
# must match tests/pinned/shipped.sha256. A restructuring that changes a byte
# fails here; a deliberate change regenerates the list in the same commit:
#   sh tests/pinned.sh build/ledenbrief input --update
# Usage: pinned.sh LEDENBRIEF INPUT_DIR [--update]
set -eu
bin=$1; in=$2; mode=${3:-}
list="$(dirname "$0")/pinned/shipped.sha256"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" --quiet --jobs 2 --input "$in" --output "$work/out"
(cd "$work/out/current" && find . -type f | LC_ALL=C sort | sed 's|^\./||' | xargs sha256sum) >"$work/now"
if [ "$mode" = --update ]; then
  cp "$work/now" "$list"
  echo "pinned: $(wc -l <"$list") files recorded in $list"
  exit 0
fi
if ! diff -u "$list" "$work/now" >"$work/diff"; then
  changed=$(grep -c '^+[0-9a-f]' "$work/diff" || true)
  echo "FAIL: $changed file(s) of the shipped run differ from $list:"
  grep '^[-+][0-9a-f]' "$work/diff" | head -20
  echo "(a deliberate change: sh tests/pinned.sh BIN INPUT --update, and say why in the commit)"
  exit 1
fi
echo "pinned: all $(wc -l <"$list") files of the shipped run are byte-identical"
