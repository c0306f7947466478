#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Ingest benchmark (issue 2): `ledenbrief check` on the shipped input with
# stemmen.csv replaced by 100,000 vote rows (codes cycling over the 342
# municipalities, comments with quotes, commas and newlines). Prints the
# median wall time of 7 runs. Usage: bench_ingest.sh [LEDENBRIEF] [INPUT_DIR]
set -eu
bin=${1:-build/ledenbrief}; in=${2:-input}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$in" "$work/in"
awk -F, 'NR>1 { codes[n++] = $1 }
  END {
    print "code,stem,ingediend,toelichting"
    for (i = 0; i < 100000; i++) {
      s = (i % 10 == 0) ? "tegen" : "voor"
      printf "%s,%s,2025-10-%02d %02d:%02d:%02d,\"Toelichting %d: \"\"quote\"\", komma;\nregel twee\"\n",
        codes[i % n], s, 10 + i % 12, i % 24, i % 60, (i * 7) % 60, i
    }
  }' "$in/gemeenten.csv" >"$work/in/stemmen.csv"
rows=$(grep -c '^GM' "$work/in/stemmen.csv")
times=""
for i in 1 2 3 4 5 6 7; do
  start=$(date +%s%N)
  "$bin" check --quiet --input "$work/in"
  end=$(date +%s%N)
  times="$times $(( (end - start) / 1000000 ))"
done
median=$(echo $times | tr ' ' '\n' | sort -n | sed -n 4p)
echo "ingest: $rows vote rows, check median ${median} ms over 7 runs (all: $times ms)"
