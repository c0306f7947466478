#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# `cmake --install` into a prefix, the prefix moved elsewhere, and the
# shipped consultation run from / with only the installed files: the same
# letters as the build tree's. Also: the man page matches --help, and the
# example systemd units pass systemd-analyze verify (issue 15).
# Usage: install.sh BUILD_DIR PINNED_SUMS
set -u
build=$1; pinned=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { echo "FAIL install"; cat "$work/install.log"; exit 1; }
mv "$work/prefix" "$work/moved"
p=$work/moved
for f in bin/ledenbrief share/ledenbrief/fonts/LedenbriefSans-Regular.ttf share/ledenbrief/fonts/LICENSE-fonts.txt \
  share/ledenbrief/templates/brief.md share/ledenbrief/templates/advies.md share/ledenbrief/voorbeeld/gemeenten.csv \
  share/man/man1/ledenbrief.1 share/doc/ledenbrief/examples/ledenbrief.service \
  share/doc/ledenbrief/examples/ledenbrief.timer share/doc/ledenbrief/examples/ledenbrief.cron \
  share/locale/nl/LC_MESSAGES/ledenbrief.mo share/ledenbrief/sRGB.icc; do
  [ -s "$p/$f" ] || { echo "FAIL: $f not installed"; fail=1; }
done

# The moved install finds its own data, from any working directory.
(cd / && "$p/bin/ledenbrief" -v -i "$p/share/ledenbrief/voorbeeld" -o "$work/out") >"$work/log" 2>&1 \
  || { echo "FAIL: installed run: exit $?"; tail -5 "$work/log"; fail=1; }
grep -q "data folder $p/share/ledenbrief (install)" "$work/log" || { echo "FAIL: data folder"; grep "data folder" "$work/log"; fail=1; }
(cd "$work/out/current" && sha256sum -c --strict --quiet SHA256SUMS) || { echo "FAIL: sha256sum -c"; fail=1; }
grep '  brieven/' "$work/out/current/SHA256SUMS" | sort >"$work/got"
grep '  brieven/' "$pinned" | sort >"$work/want"
[ "$(wc -l <"$work/want")" -eq 342 ] && cmp -s "$work/got" "$work/want" || { echo "FAIL: installed letters differ from the pinned ones"; diff "$work/want" "$work/got" | head -4; fail=1; }
# the moved install still finds its Dutch messages (share/locale beside share/ledenbrief)
if locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$'; then
  LANG=nl_NL.UTF-8 "$p/bin/ledenbrief" --help | grep -q '^Gebruik: ledenbrief' || { echo "FAIL: moved install not in Dutch"; fail=1; }
fi
# LEDENBRIEF_DATADIR wins, and a wrong one is named.
LEDENBRIEF_DATADIR=$work/nowhere "$p/bin/ledenbrief" check -i "$p/share/ledenbrief/voorbeeld" >"$work/log" 2>&1
[ $? -eq 3 ] && grep -q "$work/nowhere/fonts/LedenbriefSans-Regular.ttf: cannot open font" "$work/log" \
  || { echo "FAIL: LEDENBRIEF_DATADIR"; cat "$work/log"; fail=1; }

# The man page lists every command, option and exit code of --help, and no others.
MANWIDTH=200 man -l "$p/share/man/man1/ledenbrief.1" 2>/dev/null | col -b >"$work/man"
"$p/bin/ledenbrief" --help >"$work/help"
opts() { grep -o -- '--[a-z][a-z-]*' "$1" | sort -u; }
[ "$(opts "$work/help")" = "$(opts "$work/man")" ] || { echo "FAIL man: options differ"; \
  opts "$work/help" >"$work/o1"; opts "$work/man" >"$work/o2"; diff "$work/o1" "$work/o2"; fail=1; }
for cmd in run check letter report verify init; do
  grep -q "^  $cmd" "$work/help" || { echo "FAIL help: command $cmd"; fail=1; }
  grep -q "^       $cmd" "$work/man" || { echo "FAIL man: command $cmd"; fail=1; }
done
for code in 0 1 2 3; do grep -q "^       $code\b" "$work/man" || { echo "FAIL man: exit code $code"; fail=1; }; done
grep -q "ledenbrief $("$p/bin/ledenbrief" --version | cut -d' ' -f2)" "$work/man" || { echo "FAIL man: version"; fail=1; }
for key in naam sluiting bestuursvergadering codecijfers per minimum maximum afronding datum kenmerk lbr telefoon \
  onderwerp ondertekenaar functie bijlagen watermerk basisjaar drempel grenzen tags besluit; do
  grep -q "\b$key\b" "$work/man" || { echo "FAIL man: setting $key"; fail=1; }
done

# The example units, pointed at this binary (verify checks that it exists).
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$work/units" "$work/manpath/man1"
  cp "$p/share/man/man1/ledenbrief.1" "$work/manpath/man1/"
  sed "s|^ExecStart=[^ ]*|ExecStart=$p/bin/ledenbrief|" "$p/share/doc/ledenbrief/examples/ledenbrief.service" \
    >"$work/units/ledenbrief.service"
  cp "$p/share/doc/ledenbrief/examples/ledenbrief.timer" "$work/units/"
  MANPATH=$work/manpath systemd-analyze verify "$work/units/ledenbrief.service" "$work/units/ledenbrief.timer" \
    >"$work/verify" 2>&1 || { echo "FAIL: systemd-analyze verify"; cat "$work/verify"; fail=1; }
  units="systemd units verified"
else
  units="systemd units NOT verified (no systemd-analyze: apt-get install systemd)"
fi
[ $fail -eq 0 ] && echo "install: moved prefix runs the shipped batch from /, man page matches --help, $units"
exit $fail
