#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# What needs root (issue 6 and 15): a full disk (a 1.2 MB tmpfs that holds the
# small set but not the shipped one) and a file system remounted read-only;
# after each the previous set is whole and the exit code is 3. Also a file
# the process may not read, as an unprivileged user. Where mounting or
# changing user is not allowed (not root, a container without the
# capability) it says so and exits 77, which ctest reports as skipped.
# Usage: privileged.sh LEDENBRIEF INPUT_DIR SMALL_INPUT_DIR
set -u
bin=$1; in=$2; small=$3
work=$(mktemp -d)
chmod 755 "$work"
cleanup() { umount "$work/disk" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir "$work/disk"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=1200k tmpfs "$work/disk" 2>/dev/null; then
  echo "privileged: SKIPPED: needs root and permission to mount a tmpfs (run the tests as root to include it)"
  exit 77
fi
fail=0
out="$work/disk/out"
ok_set() {
  "$bin" verify -q -o "$out" 2>"$work/verr" || { echo "FAIL $1: output not a complete set:"; head -3 "$work/verr"; fail=1; }
}
"$bin" -q -i "$small" -o "$out" || { echo "FAIL full disk: small run"; fail=1; }
"$bin" -q -i "$in" -o "$out" 2>"$work/err"; rc=$?
[ $rc -eq 3 ] && grep -q "No space left" "$work/err" || { echo "FAIL full disk: exit $rc, expected 3"; cat "$work/err"; fail=1; }
ok_set "full disk"
[ -z "$(ls -A "$out" | grep '^.staging')" ] || { echo "FAIL full disk: staging left behind"; fail=1; }
mount -o remount,ro "$work/disk"
"$bin" -q -i "$small" -o "$out" 2>"$work/err"; rc=$?
[ $rc -eq 3 ] && grep -q "Read-only" "$work/err" || { echo "FAIL read-only: exit $rc"; cat "$work/err"; fail=1; }
ok_set "read-only"
umount "$work/disk"
# an input file only root could read, read by nobody: exit 1 naming it
cp -r "$small" "$work/in" && chmod -R a+rX "$work/in" && chmod 000 "$work/in/stemmen.csv"
cp "$bin" "$work/ledenbrief" && chmod 755 "$work/ledenbrief"
(cd "$work" && setpriv --reuid=65534 --regid=65534 --clear-groups -- ./ledenbrief check -i in) >/dev/null 2>"$work/err"; rc=$?
[ $rc -eq 1 ] && grep -q "in/stemmen.csv: cannot read: Permission denied" "$work/err" \
  || { echo "FAIL unreadable input as nobody: exit $rc"; cat "$work/err"; fail=1; }
[ $fail -eq 0 ] && echo "privileged: full tmpfs, read-only remount, unreadable input as nobody: all passed"
exit $fail
