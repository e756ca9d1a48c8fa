#!/bin/sh
# bench-rightsize.sh - metrics import and right-sizing benchmark (issue 4).
#
#   scripts/bench-rightsize.sh [path/to/yosan]     (make bench-rightsize)
#
# Generates VMS x DAYS x 24 hours x 3 metrics (default 10,000 x 30 = 21.6M
# CSV rows) with scripts/gen-metrics.c, imports them with yosan (rows/s and
# peak RSS, also for a tenth of the data to show memory stays flat), times
# `yosan rightsize` (store load and model separately), and prints the same
# figures for the reference beside it: the cost importer per row when this
# build has `yosan import` and scripts/gen-ea.c (the cost import benchmark's
# generator), and sqlite3's .import of the same metrics CSV (installing
# sqlite3 with apt-get if missing). Then the analysis again with a year of
# daily cost rows behind the window (BENCH_HISTORY=0 skips it). Not a test:
# numbers depend on the machine.
set -eu
YOSAN=$(realpath "${1:-build/yosan}")
VMS=${BENCH_VMS:-10000}
DAYS=${BENCH_DAYS:-30}
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$(mktemp -d /tmp/yosan-bench-rs.XXXXXX)}
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
command -v sqlite3 >/dev/null 2>&1 || { echo "installing sqlite3 (reference)" >&2;
    (sudo -n true 2>/dev/null && sudo apt-get install -y sqlite3 || apt-get install -y sqlite3) >/dev/null; }

cc -O2 -o "$WORK/gen-metrics" "$SRC/scripts/gen-metrics.c"
SMALL=$((VMS / 10)); [ "$SMALL" -ge 1 ] || SMALL=1
echo "generating metrics: $SMALL and $VMS VMs x $DAYS days x 24 h x 3 metrics" >&2
"$WORK/gen-metrics" "$SMALL" "$DAYS" > "$WORK/small.csv"
"$WORK/gen-metrics" "$VMS" "$DAYS" > "$WORK/full.csv"
rows_small=$(($(wc -l < "$WORK/small.csv") - 1))
rows_full=$(($(wc -l < "$WORK/full.csv") - 1))

# timed CMD...: wall seconds, peak RSS (KB) and CPU seconds (user+sys) of one
# run into $WALL / $RSS / $CPU (CPU time is less sensitive to a busy machine)
timed() {
    /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@"
    WALL=$(cut -d' ' -f1 "$WORK/time"); RSS=$(cut -d' ' -f2 "$WORK/time")
    CPU=$(awk '{ printf "%.2f", $3 + $4 }' "$WORK/time")
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
IMPORT_METRICS="import"

timed "$YOSAN" -q --db "$WORK/small.db" $IMPORT_METRICS "$WORK/small.csv"
w_small=$WALL; rss_small=$RSS; c_small=$CPU
timed "$YOSAN" -q --db "$WORK/full.db" $IMPORT_METRICS "$WORK/full.csv"
w_full=$WALL; rss_full=$RSS; c_full=$CPU

# a cost export for the same VMs makes the analysis price and size them
COST_NOTE="(no cost rows: 'yosan import' of cost exports not in this build)"
if [ "$IMPORT_METRICS" = "import" ]; then
    "$WORK/gen-metrics" --ea "$VMS" "$DAYS" > "$WORK/costs.csv" 2>/dev/null && \
        "$YOSAN" -q --db "$WORK/full.db" import "$WORK/costs.csv" && COST_NOTE="(with cost rows)" || true
fi
"$YOSAN" -v --db "$WORK/full.db" rightsize --format csv > "$WORK/rs.csv" 2> "$WORK/rs.err" || cat "$WORK/rs.err" >&2
timed "$YOSAN" -q --db "$WORK/full.db" rightsize --format csv > /dev/null
w_rs=$WALL; rss_rs=$RSS; c_rs=$CPU
load=$(sed -n 's/.*load \([0-9.]*\) s.*/\1/p' "$WORK/rs.err" | head -1)
model=$(sed -n 's/.*model \([0-9.]*\) s.*/\1/p' "$WORK/rs.err" | head -1)
actions=$(cut -d, -f4 "$WORK/rs.csv" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')

# the same analysis with a year of cost history behind the window (a city's
# real database): 11 more months of daily cost rows after it
hist_line=""
if [ "${BENCH_HISTORY:-1}" = 1 ] && [ "$IMPORT_METRICS" = "import" ]; then
    "$WORK/gen-metrics" --ea "$VMS" 335 2025-05-01 > "$WORK/costs-year.csv" 2>/dev/null
    "$YOSAN" -q --db "$WORK/full.db" import "$WORK/costs-year.csv"
    rm -f "$WORK/costs-year.csv"
    hist_rows=$(sqlite3 "$WORK/full.db" 'SELECT COUNT(*) FROM costs')
    timed "$YOSAN" -q --db "$WORK/full.db" rightsize --month 2025-04 --format csv > /dev/null
    hist_line=$(printf "rightsize --month 2025-04 with a year of cost rows (%s): wall %s s, CPU %s s, peak RSS %s KB" \
        "$hist_rows" "$WALL" "$CPU" "$RSS")
fi

# reference 1: sqlite3 .import of the same CSV into a plain table
timed sqlite3 "$WORK/ref.db" ".mode csv" ".import $WORK/full.csv metrics_raw"
w_ref=$WALL; rss_ref=$RSS; c_ref=$CPU

# reference 2: the cost importer, per row, when present
cost_line="cost import (yosan import, EA)      not in this build"
if [ "$IMPORT_METRICS" = "import" ] && [ -f "$SRC/scripts/gen-ea.c" ]; then
    cc -O2 -o "$WORK/gen-ea" "$SRC/scripts/gen-ea.c"
    "$WORK/gen-ea" 1000000 > "$WORK/ea.csv" 2>/dev/null
    timed "$YOSAN" -q --db "$WORK/cost.db" import "$WORK/ea.csv"
    cost_line=$(printf "%-36s %12s %10s %10s %10s" "cost import (yosan import, EA)" 1000000 "$WALL" "$(rate 1000000 "$WALL")" "$RSS")
    cost_cpu=$CPU
fi

printf "\nright-sizing benchmark: %s VMs x %s days x 24 h x 3 metrics\n\n" "$VMS" "$DAYS"
printf "%-36s %12s %10s %10s %10s %8s %12s\n" "step" "rows" "seconds" "rows/s" "peakRSS_KB" "cpu_s" "rows/cpu_s"
printf "%-36s %12s %10s %10s %10s %8s %12s\n" "metrics import ($SMALL VMs)" "$rows_small" "$w_small" "$(rate "$rows_small" "$w_small")" "$rss_small" "$c_small" "$(rate "$rows_small" "$c_small")"
printf "%-36s %12s %10s %10s %10s %8s %12s\n" "metrics import ($VMS VMs)" "$rows_full" "$w_full" "$(rate "$rows_full" "$w_full")" "$rss_full" "$c_full" "$(rate "$rows_full" "$c_full")"
printf "%-36s %12s %10s %10s %10s %8s %12s\n" "reference: sqlite3 .import" "$rows_full" "$w_ref" "$(rate "$rows_full" "$w_ref")" "$rss_ref" "$c_ref" "$(rate "$rows_full" "$c_ref")"
printf "%s %8s %12s\n" "$cost_line" "${cost_cpu:-}" "$( [ -n "${cost_cpu:-}" ] && rate 1000000 "$cost_cpu")"
printf "\nrightsize over %s VMs %s: wall %s s, CPU %s s (store load %s s, model %s s), peak RSS %s KB\n" \
    "$VMS" "$COST_NOTE" "$w_rs" "$c_rs" "${load:-?}" "${model:-?}" "$rss_rs"
[ -z "$hist_line" ] || printf "%s\n" "$hist_line"
printf "machine load average at the end: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "actions: %s\n" "$actions"
printf "targets: import >= cost import per row; rightsize wall < 1 s; RSS flat (%s KB vs %s KB)\n" "$rss_small" "$rss_full"
