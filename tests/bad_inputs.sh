#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Bad-input catalogue: every case under tests/fixtures/bad/ overlays the
# small base input, must fail `ledenbrief check` with exit 1 and exactly the
# messages in expected.txt, and a full run must leave an earlier output
# folder byte-identical. Usage: bad_inputs.sh LEDENBRIEF FIXTURES_DIR [--update]
set -u
bin=$1; fixtures=$2; update=${3:-}
pass=0; fail=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for case in "$fixtures"/bad/*/; do
  name=$(basename "$case")
  rm -rf "$work/in" "$work/out"
  cp -r "$fixtures/base" "$work/in"
  for f in "$case"*; do
    b=$(basename "$f")
    case $b in
      expected.txt) ;;
      remove.txt) rm -f "$work/in/$(cat "$f")" ;;
      mkdir.txt) rm -f "$work/in/$(cat "$f")"; mkdir "$work/in/$(cat "$f")" ;;
      *) cp -r "$f" "$work/in/" ;;
    esac
  done
  # a log file's lines, without their time stamps
  (cd "$work" && "$bin" check --input in) >"$work/stdout" 2>"$work/stamped"
  rc=$?
  sed 's/^[0-9T:-]*Z //' "$work/stamped" >"$work/stderr"
  if [ "$update" = "--update" ]; then cp "$work/stderr" "$case/expected.txt"; fi
  ok=1
  [ $rc -eq 1 ] || { echo "FAIL $name: exit $rc, expected 1"; ok=0; }
  if ! cmp -s "$work/stderr" "$case/expected.txt"; then
    echo "FAIL $name: messages differ"; diff "$case/expected.txt" "$work/stderr" | head -10; ok=0
  fi
  # a full run must not touch an earlier good output folder
  mkdir -p "$work/out/brieven"; echo "vorige run" >"$work/out/stemmen.csv"; echo pdf >"$work/out/brieven/x.pdf"
  before=$(cd "$work/out" && find . -type f -exec cksum {} + | sort)
  (cd "$work" && "$bin" --input in --output out) >/dev/null 2>&1
  rc=$?
  after=$(cd "$work/out" && find . | sort; find . -type f -exec cksum {} + | sort)
  after=$(cd "$work/out" && find . -type f -exec cksum {} + | sort)
  [ $rc -eq 1 ] || { echo "FAIL $name: run exit $rc, expected 1"; ok=0; }
  [ "$before" = "$after" ] || { echo "FAIL $name: earlier output changed"; ok=0; }
  [ -z "$(ls -A "$work/out" | grep -v -e '^stemmen.csv$' -e '^brieven$')" ] || { echo "FAIL $name: stray files in output"; ok=0; }
  if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "bad inputs: $pass passed, $fail failed"
[ $fail -eq 0 ]
