#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Batch benchmark (issues 6, 12). Prints, as medians over paired runs:
#  - the full shipped batch (342 letters, board report, CSVs, manifest) with
#    --jobs 1 and 2, next to ReportLab making 342 comparable three-page
#    letters (tests/bench/reportlab_letters.py), and the ratio;
#  - --jobs 1 once more straight after its run (memory warm: the first
#    follows ReportLab, and pays for memory the host took back);
#  - CPU time per letter, bytes per letter, peak RSS, page faults (each a
#    first touch of memory: the floor prints what one costs on this machine);
#  - the floor (tests/bench/floor.c) and the batch's ratio to it, also to
#    the floor with the object streams (the structure tree) compressed too;
#  - `ledenbrief check` (the work before the first page but the CSV files)
#    added to the latter, and what that leaves of twice the floor for
#    setting the pages;
#  - a first run into a fresh output folder next to a rerun into the same
#    folder (the spare set recycled), paired;
#  - synthetic inputs (default 5,000, 20,000, 50,000 and 99,999
#    municipalities, the largest the code format allows; above 10,000 with
#    5-digit codes, see codecijfers), to show how time and peak memory grow
#    with N, and how many of the cores the run kept busy (CPU / wall).
# Usage: sh tests/bench/bench_batch.sh [BUILD_DIR] [RUNS]
#   LB_BENCH_SIZES="5000 20000" limits the synthetic sizes (99,999 takes
#   about four minutes and writes 4 GB, removed again; 50,000 half that).
set -eu
build=${1:-build}; runs=${2:-5}
bin=$build/ledenbrief; gen=$build/tests/gen_input; timer=$build/tests/bench_runtime
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if ! /usr/bin/python3 -c 'import reportlab' 2>/dev/null; then
  echo "installing python3-reportlab for the comparison"; apt-get install -y -qq python3-reportlab >/dev/null
fi
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# time_runs OUTFILE CMD...: wall seconds, CPU seconds, peak RSS (KB) and
# page faults of each run, from tests/bench/runtime.c: it counts the command
# from its process's creation to its end, where `date` and /usr/bin/time
# around it added their own two process starts (some 6 ms here) to each.
time_runs() {
  out=$1; shift; : >"$out"
  i=0; while [ $i -lt "$runs" ]; do i=$((i + 1))
    "$timer" "$out" "$@"
  done
}
cols() { awk -v c="$2" '{ print $c }' "$1" | median; }

# paired: the three commands take turns, so the machine's drift hits all alike
: >"$work/j1"; : >"$work/j1w"; : >"$work/j2"; : >"$work/rl"; : >"$work/fresh"
saved=$runs; runs=1; k=0
while [ $k -lt "$saved" ]; do k=$((k + 1))
  time_runs "$work/t1" "$bin" -q -j 1 -i "$root/input" -o "$work/o1"; cat "$work/t1" >>"$work/j1"
  # the same again at once: memory warm (the run above follows ReportLab,
  # whose freed memory the host may have taken back; README, Performance)
  time_runs "$work/t1" "$bin" -q -j 1 -i "$root/input" -o "$work/o1"; cat "$work/t1" >>"$work/j1w"
  time_runs "$work/t2" "$bin" -q -j 2 -i "$root/input" -o "$work/o2"; cat "$work/t2" >>"$work/j2"
  rm -rf "$work/fr"; sync
  time_runs "$work/t4" "$bin" -q -j 2 -i "$root/input" -o "$work/fr"; cat "$work/t4" >>"$work/fresh"
  time_runs "$work/t3" /usr/bin/python3 "$here/reportlab_letters.py" "$root/input/gemeenten.csv" "$root/fonts" "$work/rl_out"
  cat "$work/t3" >>"$work/rl"
done
runs=$saved
n=$(ls "$work/o2/brieven" | wc -l)
bytes=$(find "$work/o2/current/brieven" -name "*.pdf" -exec cat {} + | wc -c)
rl_bytes=$(cat "$work"/rl_out/*.pdf | wc -c)
pages=$(awk -F, 'NR>1 && $2 != "" { s += $3; n++ } END { printf "%.2f", s / n }' "$work/o2/manifest.csv")
w1=$(cols "$work/j1" 1); w2=$(cols "$work/j2" 1); wr=$(cols "$work/rl" 1)
cpu1=$(awk '{ print $2 + $3 }' "$work/j1" | median)
ncsv=$(ls "$work"/o2/current/*.csv | wc -l)
echo "shipped input: $n letters (mean $pages pages), board report, $ncsv CSV files (manifest included); medians of $runs runs"
printf "  ledenbrief --jobs 1  %6.3f s wall  %6.2f ms CPU per letter  peak RSS %d KB  %d page faults\n" "$w1" \
  "$(echo "$cpu1 $n" | awk '{ print $1 * 1000 / $2 }')" "$(cols "$work/j1" 4)" "$(cols "$work/j1" 5)"
printf "  ledenbrief --jobs 1  %6.3f s wall  (the same straight after it: memory warm)\n" "$(cols "$work/j1w" 1)"
printf "  ledenbrief --jobs 2  %6.3f s wall  peak RSS %d KB  (rerun into the same folder)\n" "$w2" "$(cols "$work/j2" 4)"
printf "  ledenbrief --jobs 2  %6.3f s wall  (first run, into a fresh folder)\n" "$(cols "$work/fresh" 1)"
printf "  ReportLab            %6.3f s wall  (342 letters, 3 pages each, one process)\n" "$wr"
printf "  ratio ReportLab / ledenbrief --jobs 2: %.1fx\n" "$(echo "$wr $w2" | awk '{ print $1 / $2 }')"
lpages=$(awk -F, 'NR>1 && $2 != "" { s += $3 } END { print s }' "$work/o2/manifest.csv")
# ReportLab writes its page objects uncompressed: count them
rl_pages=$(cat "$work"/rl_out/*.pdf | grep -a -o "/Type /Pages\?" | grep -c "Page$")
printf "  bytes per letter: ledenbrief %d (%d per page), ReportLab %d (%d per page)\n" "$((bytes / n))" \
  "$((bytes / lpages))" "$((rl_bytes / n))" "$((rl_bytes / rl_pages))"
printf "  ratio ReportLab / ledenbrief --jobs 1 (per core): %.1fx\n" "$(echo "$wr $w1" | awk '{ print $1 / $2 }')"
cpur=$(awk '{ print $2 + $3 }' "$work/rl" | median)
printf "  CPU time (user + system): ReportLab %.3f s, ledenbrief --jobs 1 %.3f s, ratio %.1fx\n" "$cpur" "$cpu1" \
  "$(echo "$cpur $cpu1" | awk '{ print $1 / $2 }')"
runs_saved=$runs; runs=$((runs * 3)); time_runs "$work/true" /bin/true; runs=$runs_saved
printf "  starting a process here (/bin/true, in every wall time above): %.1f ms\n" "$(cols "$work/true" 1 | awk '{ print $1 * 1000 }')"
# the floor: compressing the page contents, hashing and writing the same
# files, durably (tests/bench/floor.c), against the whole batch; then with
# the object streams (the structure tree) compressed too
"$build/tests/bench_floor" "$work/o2/current" "$runs" >"$work/floor"
sed 's/^/  /' "$work/floor"
floor_of() { awk -v want="$1" -v nth="$2" '$0 ~ want && ++seen == nth { print $5 }' "$work/floor"; }
f1=$(floor_of "with 1 thread" 1); f2=$(floor_of "with 2 threads" 1)
printf "  ratio to the floor: --jobs 1 %.1fx, --jobs 2 %.1fx\n" "$(echo "$w1 $f1" | awk '{ print $1 / $2 }')" \
  "$(echo "$w2 $f2" | awk '{ print $1 / $2 }')"
g1=$(floor_of "with 1 thread" 2); g2=$(floor_of "with 2 threads" 2)
printf "  ratio to the floor with the object streams: --jobs 1 %.1fx, --jobs 2 %.1fx\n" \
  "$(echo "$w1 $g1" | awk '{ print $1 / $2 }')" "$(echo "$w2 $g2" | awk '{ print $1 / $2 }')"
# what is left of twice the floor once the work before the first page (the
# input read and checked, fonts and templates loaded: all of `check`) and
# the object streams are paid: the time any writer of these files would
# have for setting the pages and building their objects
time_runs "$work/check" "$bin" check -q -i "$root/input"
c=$(cols "$work/check" 1)
before=$(echo "$c $g2" | awk '{ print $1 + $2 }')
printf "  before the first page: ledenbrief check %.3f s (its process included); with the floor with the object\n" "$c"
printf "  streams (2 threads) %.3f s, %.1fx the floor: 2x the floor leaves %.1f ms for setting the pages and\n" \
  "$before" "$(echo "$before $f2" | awk '{ print $1 / $2 }')" "$(echo "$before $f2" | awk '{ print (2 * $2 - $1) * 1000 }')"
printf "  building their objects with two threads; --jobs 2 spends %.1f ms on it\n" \
  "$(echo "$w2 $before" | awk '{ print ($1 - $2) * 1000 }')"

echo "synthetic inputs (letters, report, CSVs, manifest; --jobs 2):"
for size in ${LB_BENCH_SIZES:-5000 20000 50000 99999}; do
  mkdir -p "$work/s$size" && cp -r "$root/input/templates" "$root/input/raadpleging.ini" "$root/input/udo_bevindingen.csv" "$work/s$size/"
  "$gen" synthetic "$size" "$work/s$size" >/dev/null
  runs_saved=$runs; runs=1
  time_runs "$work/r$size" "$bin" -q -j 2 -i "$work/s$size" -o "$work/so$size"
  runs=$runs_saved
  w=$(cols "$work/r$size" 1)
  sbytes=$(find "$work/so$size/current/brieven" -name "*.pdf" -exec cat {} + | wc -c)
  cpu_ms=$(awk -v n="$size" '{ print ($2 + $3) * 1000 / n }' "$work/r$size")
  busy=$(awk '{ print ($2 + $3) / $1 }' "$work/r$size") # CPU time over wall time
  printf "  N=%5d  %7.2f s wall  %6.3f ms wall per municipality  %6.2f ms CPU per letter" \
    "$size" "$w" "$(echo "$w $size" | awk '{ print $1 * 1000 / $2 }')" "$cpu_ms"
  printf "  %.2f of %d cores busy  %d bytes per letter  peak RSS %d KB\n" \
    "$busy" "$(nproc)" "$((sbytes / size))" "$(cols "$work/r$size" 4)"
  rm -rf "$work/so$size"
done
