#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Dutch messages (issue 15): every message the sources can print has a
# Dutch translation in po/nl.po with the same printf conversions, and with
# LANG=nl_NL.UTF-8 a bad input is reported in Dutch (in English with
# LANG=C), the help lists the same options in both, and the documents are
# byte-identical whatever the language. Skipped (77) without the Dutch locale.
# Usage: i18n.sh LEDENBRIEF SOURCE_DIR
set -u
bin=$1; root=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
# 1. the catalogue is complete and consistent with the sources
xgettext --from-code=UTF-8 --no-wrap --keyword=P_:1,2 $(cat "$root/po/keywords") -o "$work/now.pot" \
  $(find "$root/src" -name '*.c' | LC_ALL=C sort) || { echo "FAIL: xgettext"; exit 1; }
msgmerge --quiet --no-wrap --no-fuzzy-matching -o "$work/nl.po" "$root/po/nl.po" "$work/now.pot" || { echo "FAIL: msgmerge"; exit 1; }
untranslated=$(msgattrib --untranslated --no-obsolete "$work/nl.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$work/nl.po" | grep -c '^msgid ' || true)
[ "$untranslated" -le 1 ] && [ "$fuzzy" -eq 0 ] \
  || { echo "FAIL: $((untranslated - 1)) messages without a Dutch translation, $fuzzy fuzzy (run sh po/update.sh)"; \
       msgattrib --untranslated --no-obsolete "$work/nl.po" | grep '^msgid ' | tail -n +2 | head -5; fail=1; }
msgfmt --check -o /dev/null "$work/nl.po" || { echo "FAIL: msgfmt --check"; fail=1; }
n=$(grep -c '^msgid ' "$work/now.pot")
# 2. the program speaks it
if ! locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$'; then
  echo "i18n: catalogue complete ($((n - 1)) messages); SKIPPED the Dutch run: no nl_NL.UTF-8 locale (locale-gen)"
  [ $fail -eq 0 ] && exit 77
  exit $fail
fi
cp -r "$root/tests/fixtures/base" "$work/in"
cp "$root/tests/fixtures/bad/amount_negative/budgetten.csv" "$work/in/"
(cd "$work" && LANG=nl_NL.UTF-8 "$bin" check -i in) >/dev/null 2>"$work/nl"
(cd "$work" && LANG=C "$bin" check -i in) >/dev/null 2>"$work/en"
grep -q 'in/budgetten.csv:9:4: kolom "bedrag": verwacht een bedrag van 0 of meer, gevonden: "-999,5"$' "$work/nl" \
  && grep -q '1 fout in de invoer; er is niets geschreven$' "$work/nl" || { echo "FAIL: not in Dutch:"; cat "$work/nl"; fail=1; }
grep -q 'in/budgetten.csv:9:4: column "bedrag": expected an amount of 0 or more, found "-999,5"$' "$work/en" \
  || { echo "FAIL: not in English:"; cat "$work/en"; fail=1; }
LC_ALL= LANGUAGE= LC_MESSAGES=nl_NL.UTF-8 LANG=C "$bin" --help >"$work/help-nl"
LANG=C "$bin" --help >"$work/help-en"
grep -q '^Gebruik: ledenbrief' "$work/help-nl" || { echo "FAIL: LC_MESSAGES alone does not choose Dutch"; fail=1; }
[ "$(grep -o -- '--[a-z]*' "$work/help-nl" | sort -u)" = "$(grep -o -- '--[a-z]*' "$work/help-en" | sort -u)" ] \
  || { echo "FAIL: the Dutch help lists other options"; fail=1; }
# 3. the documents do not depend on the language of the messages
cp -r "$root/tests/fixtures/base" "$work/good"
LANG=nl_NL.UTF-8 "$bin" -q -i "$work/good" -o "$work/o-nl" && LANG=C "$bin" -q -i "$work/good" -o "$work/o-en" \
  && diff -r "$work/o-nl/current" "$work/o-en/current" >/dev/null || { echo "FAIL: output differs between LANG=nl_NL and C"; fail=1; }
[ $fail -eq 0 ] && echo "i18n: $((n - 1)) messages, all in Dutch; Dutch and English runs give the same files"
exit $fail
