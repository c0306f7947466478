#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Extracts the messages (po/ledenbrief.pot) and merges them into po/nl.po;
# tests/i18n.sh fails while a message has no Dutch translation.
# The printers translate their format strings (src/base/i18n.h), so their
# argument positions are keywords here, listed in po/keywords.
# Usage: sh po/update.sh
set -eu
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 --no-wrap --add-location=file --sort-by-file --package-name=ledenbrief \
  --msgid-bugs-address=ledenbrief@example.org --keyword=P_:1,2 $(cat po/keywords) -o po/ledenbrief.pot \
  $(find src -name '*.c' | LC_ALL=C sort)
sed -i '/^"POT-Creation-Date:/d' po/ledenbrief.pot
[ -f po/nl.po ] && msgmerge --quiet --no-wrap --no-fuzzy-matching --update --backup=none po/nl.po po/ledenbrief.pot
msgfmt --check --statistics -o /dev/null po/nl.po
