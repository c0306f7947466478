#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Operation of the nightly batch (issue 6, issue 7): the lock, a stale lock,
# SIGKILL at 20 moments (timed, and at each step of the final swap), a write
# that fails part-way, and identical output for every --jobs.
# After every failure the output folder must still hold one complete set
# (`ledenbrief verify` passes) and the next normal run must succeed.
# Usage: operation.sh LEDENBRIEF INPUT_DIR SMALL_INPUT_DIR
set -u
bin=$1; in=$2; small=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
out="$work/out"
ok_set() { # $1: what happened; verify, and sha256sum -c on SHA256SUMS
  "$bin" verify -q -o "$out" 2>"$work/verr" || { echo "FAIL $1: output not a complete set:"; head -3 "$work/verr"; fail=1; }
  (cd "$out/current" && sha256sum -c --quiet --strict SHA256SUMS >/dev/null 2>&1) \
    || { echo "FAIL $1: sha256sum -c SHA256SUMS"; fail=1; }
  [ "$(wc -l <"$out/current/SHA256SUMS")" -eq "$(wc -l <"$out/current/manifest.csv")" ] \
    || { echo "FAIL $1: SHA256SUMS and manifest.csv list different files"; fail=1; }
}
"$bin" -q -i "$in" -o "$out" || { echo "FAIL: first run"; exit 1; }
ok_set "first run"

# 1. A second run while the lock is held stops with exit 3.
flock "$out/.lock" sleep 1.5 &
sleep 0.3
"$bin" -q -i "$in" -o "$out" 2>"$work/err"; rc=$?
[ $rc -eq 3 ] && grep -q "another ledenbrief run" "$work/err" || { echo "FAIL lock: exit $rc"; cat "$work/err"; fail=1; }
wait
# 2. A lock file left by a dead run (no flock on it) is no obstacle.
echo 999999 >"$out/.lock"
"$bin" -q -i "$small" -o "$out" || { echo "FAIL stale lock"; fail=1; }
ok_set "stale lock"
# That run took the spare set (the full one) as its staging folder: the
# letters of municipalities not in the small input must be gone.
want=$(($(wc -l <"$small/gemeenten.csv") - 1))
[ "$(ls "$out/brieven" | wc -l)" -eq "$want" ] || { echo "FAIL spare: $(ls "$out/brieven" | wc -l) letters, expected $want"; fail=1; }
"$bin" -q -i "$in" -o "$out" || { echo "FAIL: run after stale lock"; fail=1; }

# 3. SIGKILL at 16 timed moments over the run (about 0.3 s with two cores,
#    0.6 s with one) and at the 4 steps of the swap.
i=0
for delay in 0.01 0.02 0.04 0.06 0.08 0.1 0.13 0.16 0.2 0.24 0.28 0.33 0.38 0.45 0.55 0.7; do
  i=$((i + 1))
  "$bin" -q -i "$in" -o "$out" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  ok_set "kill after ${delay}s"
done
for point in staged moved swapped linked; do
  i=$((i + 1))
  LEDENBRIEF_FAULT=$point "$bin" -q -i "$small" -o "$out" >/dev/null 2>&1
  rc=$?
  [ $rc -eq 137 ] || { echo "FAIL fault $point: not killed (exit $rc)"; fail=1; }
  ok_set "kill at $point"
done
"$bin" -q -i "$in" -o "$out" || { echo "FAIL: normal run after the kills"; fail=1; }
ok_set "run after kills"
[ -z "$(ls -A "$out" | grep -e '^.staging' -e '^.old' -e '^current.tmp')" ] || { echo "FAIL: leftovers"; ls -A "$out"; fail=1; }
[ "$(ls "$out/.sets" | wc -l)" -eq 1 ] || { echo "FAIL: old sets not removed"; ls "$out/.sets"; fail=1; }
[ -d "$out/.spare/brieven" ] || { echo "FAIL: the previous set was not kept as the spare"; ls -A "$out"; fail=1; }

# 4. A write that fails part-way (a file size limit; the full tmpfs and the
#    read-only file system are tests/privileged.sh, which needs root).
out="$work/limited"
"$bin" -q -i "$small" -o "$out" || { echo "FAIL size limit: small run"; fail=1; }
sh -c "ulimit -f 40; exec \"$bin\" -q -i \"$in\" -o \"$out\"" 2>"$work/err"; rc=$?
[ $rc -eq 3 ] && grep -q "File too large" "$work/err" || { echo "FAIL size limit: exit $rc, expected 3"; cat "$work/err"; fail=1; }
ok_set "file size limit"
[ -z "$(ls -A "$out" | grep '^.staging')" ] || { echo "FAIL size limit: staging left behind"; fail=1; }
out="$work/out"

# 6. Same files for every --jobs, and after a preview of one letter verify
#    reports exactly that letter.
"$bin" -q -j 1 -i "$in" -o "$work/j1" && "$bin" -q -j 2 -i "$in" -o "$work/j2" && "$bin" -q -j 5 -i "$in" -o "$work/j5" \
  && diff -r "$work/j1/current/" "$work/j2/current/" >/dev/null && diff -r "$work/j1/current/" "$work/j5/current/" >/dev/null \
  || { echo "FAIL: output differs between --jobs 1, 2 and 5"; fail=1; }

# 7. Durable publishing: the set reaches the disk (syncfs) before the one
#    rename that publishes it, and the folder holding the switch is synced
#    after it (strace shows the order of the system calls).
if command -v strace >/dev/null; then
  # (LeakSanitizer cannot run under ptrace: an ASan build leaves its leak check out here)
  ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -o "$work/calls" -e trace=syncfs,fsync,renameat,renameat2 \
    "$bin" -q -j 1 -i "$small" -o "$work/durable" \
    || { echo "FAIL durable: run"; fail=1; }
  order=$(grep -o -e 'syncfs' -e 'fsync' -e '"current.tmp", [0-9]*, "current"' "$work/calls" | sed 's/, [0-9]*, /, DIR, /' | tr '\n' ' ')
  [ "$order" = 'syncfs "current.tmp", DIR, "current" fsync ' ] || { echo "FAIL durable: calls in the order $order"; fail=1; }
  durable="durable publishing"
else
  durable="durable publishing NOT checked (no strace: apt-get install strace)"
fi
# 8. verify finds what changed in a published set: a letter altered, one
#    removed, one not in the manifest; exit 3 (README), each named once, and nothing else.
"$bin" -q -i "$in" -o "$work/tamper" || { echo "FAIL tamper: run"; fail=1; }
set -- $(cd "$work/tamper/brieven" && ls | sed -n '1p;2p')
printf 'x' >>"$work/tamper/brieven/$1"
rm "$work/tamper/brieven/$2"
echo extra >"$work/tamper/brieven/zz-niet-van-ons.pdf"
"$bin" verify -o "$work/tamper" 2>"$work/terr"; rc=$?
[ $rc -eq 3 ] || { echo "FAIL tamper: verify exit $rc, expected 3"; fail=1; }
for want in "brieven/$1: content differs" "brieven/$2: missing" "brieven/zz-niet-van-ons.pdf: not in the manifest" "3 problems"; do
  [ "$(grep -c -F "$want" "$work/terr")" -eq 1 ] || { echo "FAIL tamper: verify did not say once: $want"; cat "$work/terr"; fail=1; }
done
[ "$(grep -c ' error ' "$work/terr")" -eq 4 ] || { echo "FAIL tamper: verify said more than the three problems"; cat "$work/terr"; fail=1; }
[ $fail -eq 0 ] && echo "operation: lock, stale lock, 20 kills, file size limit, jobs, $durable, verify finds damage: all passed"
exit $fail
