#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# The README's template reference is the field table, word for word: what
# staff read is what templates may use. After a change to src/docs/fields.h:
#   sh tests/fields.sh build/fields_ref README.md --update
# Usage: fields.sh FIELDS_REF README [--update]
set -eu
tool=$1; readme=$2; mode=${3:-}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$tool" >"$work/want"
awk '/<!-- fields:end -->/{p=0} p{print} /<!-- fields:begin -->/{p=1}' "$readme" >"$work/have"
if [ "$mode" = --update ]; then
  awk -v f="$work/want" '/<!-- fields:begin -->/{print; while ((getline l < f) > 0) print l; skip=1; next}
       /<!-- fields:end -->/{skip=0} !skip{print}' "$readme" >"$work/new"
  cp "$work/new" "$readme"
  echo "fields: README reference regenerated"
  exit 0
fi
if ! diff -u "$work/have" "$work/want"; then
  echo "FAIL: the README's template reference differs from src/docs/fields.h (run with --update)"
  exit 1
fi
echo "fields: README lists exactly the $(grep -c '^| `' "$work/want") template names"
