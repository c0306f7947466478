#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Command line contract: help, usage errors (2), output errors (3), and
# `check` writing nothing. Usage: cli.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
expect() { # expected-rc description command...
  want=$1; what=$2; shift 2
  "$@" >"$work/stdout" 2>"$work/stderr"; rc=$?
  if [ $rc -ne "$want" ]; then echo "FAIL: $what: exit $rc, expected $want"; cat "$work/stderr"; fail=1; fi
}
expect 0 "help" "$bin" --help
grep -q "Exit codes" "$work/stdout" || { echo "FAIL: help lacks exit codes"; fail=1; }
expect 0 "version" "$bin" --version
grep -qx "ledenbrief [0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*" "$work/stdout" || { echo "FAIL: --version prints $(cat "$work/stdout")"; fail=1; }
grep -q -- "--version" "$work/stdout" && { echo "FAIL: --version printed the help"; fail=1; }
expect 2 "unknown option" "$bin" --frobnicate
grep -q 'unknown argument "--frobnicate"' "$work/stderr" || { echo "FAIL: usage message"; fail=1; }
expect 2 "missing folder" "$bin" --input
expect 2 "check with output" "$bin" check --input "$in" --output "$work/x"
(cd "$work" && expect 0 "check" "$bin" check --input "$in")
[ ! -e "$work/out" ] || { echo "FAIL: check created an output folder"; fail=1; }
touch "$work/afile"
expect 3 "output is a file" "$bin" --input "$in" --output "$work/afile"
grep -q "not a folder" "$work/stderr" || { echo "FAIL: output-is-file message"; fail=1; }
mkdir -p "$work/ro"; chmod 555 "$work/ro"
# root may write anywhere, so as root the run is made as nobody
if [ "$(id -u)" = 0 ]; then
  cp "$bin" "$work/lb" && cp -r "$in" "$work/in" && chmod -R a+rX "$work" && chmod 555 "$work/ro"
  LEDENBRIEF_DATADIR=$(dirname "$bin")/share/ledenbrief expect 3 "unwritable output" \
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$work/lb" --input "$work/in" --output "$work/ro"
else
  expect 3 "unwritable output" "$bin" --input "$in" --output "$work/ro"
fi
grep -q "Permission denied" "$work/stderr" || { echo "FAIL: unwritable output message"; cat "$work/stderr"; fail=1; }
expect 1 "missing input folder" "$bin" check --input "$work/nope"
[ $fail -eq 0 ] && echo "cli: all checks passed"
exit $fail
