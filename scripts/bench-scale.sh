#!/bin/sh
# bench-scale.sh - `make bench-scale`: a city's multi-year history on one
# machine (issue 16). Generates one EA actual-cost export per month with
# scripts/gen-ea.c (all 55 columns, Tags and AdditionalInfo JSON) - by
# default 50,000,000 rows over 36 months (2023-01..2025-12), 100,000
# resources, 30 departments (a department tag per resource), 24
# subscriptions, 6 meters - imports them all with one `yosan import`, then
# times summary, budget, backtest and rightsize on the result, and the same
# files through `sqlite3 .import` into a bare table. Prints for each step the
# wall time, rows/s (imports), peak RSS and CPU time, the import ratio, an
# exactness check of the imported total, and the database size per cost row.
#
#   scripts/bench-scale.sh [build/yosan]
#   BENCH_ROWS=5000000 scripts/bench-scale.sh     # a reduced run
#   BENCH_MONTHS=36 BENCH_RESOURCES=100000 BENCH_DEPTS=30: the data shape
#   BENCH_SKIP_SQLITE=1: skip the sqlite3 .import reference
#
# 50M rows are about 40 GB of CSV and 10 GB of database: the files live in
# ./bench-data/scale-ROWS/ (git-ignored), are reused, and are removed with
# the databases by BENCH_CLEAN=1.
set -eu
YOSAN=${1:-build/yosan}
ROWS=${BENCH_ROWS:-50000000}
MONTHS=${BENCH_MONTHS:-36}
NRES=${BENCH_RESOURCES:-100000}
NDEPT=${BENCH_DEPTS:-30}
DIR=${BENCH_DIR:-bench-data}/scale-$ROWS
SRC=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$DIR"

for tool in sqlite3 python3 cc; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench-scale: needs $tool" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench-scale: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cc -O2 -o "$DIR/gen-ea" "$SRC/scripts/gen-ea.c"

# one file per month, 2023-01 onwards; the last takes the remainder
PER=$((ROWS / MONTHS))
i=0
FILES=
while [ $i -lt "$MONTHS" ]; do
    ym=$(printf '%04d-%02d' $((2023 + i / 12)) $((1 + i % 12)))
    n=$PER
    [ $i -eq $((MONTHS - 1)) ] && n=$((ROWS - PER * (MONTHS - 1)))
    f=$DIR/ea-$ym.csv
    if [ ! -s "$f" ] || [ ! -s "$f.sum" ]; then
        "$DIR/gen-ea" "$n" "$NRES" "$ym" "$NDEPT" >"$f" 2>"$f.sum"
    fi
    FILES="$FILES $f"
    i=$((i + 1))
done
SIZE=$(du -cm $FILES | tail -1 | cut -f1)

timed() { # timed NAME CMD...: "wall rss_kb user sys" in $DIR/NAME.time, stdout to $DIR/NAME.out
    name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$DIR/$name.time" "$@" >"$DIR/$name.out"
}
line() { # line LABEL ROWS|- TIMEFILE
    python3 - "$1" "$2" "$3" <<'PY'
import sys
label, rows, tf = sys.argv[1], sys.argv[2], sys.argv[3]
wall, rss, user, sys_ = open(tf).read().split()[-4:]
wall = float(wall)
rate = f"{int(rows) / wall:,.0f}" if rows != "-" else "-"
print(f"{label:<30} {wall:>9.2f} {rate:>12} {int(rss) / 1024:>12.1f} {float(user) + float(sys_):>9.2f}")
PY
}

DB=$DIR/yosan.db
rm -f "$DB" "$DB-wal" "$DB-shm" "$DIR/sqlite.db"
export YOSAN_DB=$DB
# shellcheck disable=SC2086
timed import "$YOSAN" -q import $FILES
timed summary "$YOSAN" summary --by department
timed summary_svc "$YOSAN" summary --by service
timed budget "$YOSAN" budget --fiscal-year 2026
timed backtest "$YOSAN" backtest
timed rightsize "$YOSAN" rightsize

if [ "${BENCH_SKIP_SQLITE:-0}" != 1 ]; then
    {
        first=1
        for f in $FILES; do
            if [ $first = 1 ]; then echo ".import --csv $f t"; first=0
            else echo ".import --csv --skip 1 $f t"; fi
        done
    } >"$DIR/sqlite.script"
    timed sqlite sqlite3 "$DIR/sqlite.db" ".read $DIR/sqlite.script"
fi

echo
echo "bench-scale: $ROWS EA rows in $MONTHS monthly files ($SIZE MiB, 55 columns), $NRES resources,"
echo "$NDEPT departments, 24 subscriptions, 6 meters; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-30s %9s %12s %12s %9s\n' "" "wall s" "rows/s" "peak RSS MiB" "CPU s"
line "yosan import ($MONTHS files)" "$ROWS" "$DIR/import.time"
[ -f "$DIR/sqlite.time" ] && [ "${BENCH_SKIP_SQLITE:-0}" != 1 ] &&
    line "sqlite3 .import (same files)" "$ROWS" "$DIR/sqlite.time"
line "summary --by department" - "$DIR/summary.time"
line "summary --by service" - "$DIR/summary_svc.time"
line "budget --fiscal-year 2026" - "$DIR/budget.time"
line "backtest" - "$DIR/backtest.time"
line "rightsize" - "$DIR/rightsize.time"
if [ "${BENCH_SKIP_SQLITE:-0}" != 1 ]; then
    python3 -c 'import sys; y, s = (float(open(f).read().split()[-4]) for f in sys.argv[1:3]); print(f"import ratio (wall, sqlite3 / yosan): {s / y:.2f}x  (target >= 3x)")' \
        "$DIR/import.time" "$DIR/sqlite.time"
fi
python3 - "$(sqlite3 "$DB" "SELECT SUM(cost_e6) || ' ' || SUM(cost_e12) || ' ' || COUNT(*) FROM costs")" \
    "$(stat -c %s "$DB")" $FILES <<'PY'
import sys
e6, e12, n = (int(x) for x in sys.argv[1].split())
size = int(sys.argv[2])
want = sum(int(open(f + ".sum").read().strip().split("=")[1]) for f in sys.argv[3:])
got = e6 * 10**6 + e12
print(f"exactness: {'exact' if got == want else 'DIFFERENT'} ({n:,} rows)")
print(f"database: {size / 2**20:,.0f} MiB, {size / n:.0f} bytes per cost row")
sys.exit(0 if got == want and n > 0 else 1)
PY
if [ "${BENCH_CLEAN:-0}" = 1 ]; then rm -rf "$DIR"; fi
