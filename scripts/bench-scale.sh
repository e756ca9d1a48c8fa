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
#   BENCH_PG=1: the same steps again with the store on PostgreSQL (a
#     throwaway cluster from scripts/pg-cluster.sh: 127.0.0.1, fsync=off),
#     next to psql's \copy of the same files into a bare table, and both
#     backends side by side (issue 19). BENCH_SKIP_LITE=1 with it: PostgreSQL
#     only.
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

# steps PREFIX: the import and the commands on $YOSAN_DB, timed as PREFIXNAME
steps() {
    # shellcheck disable=SC2086
    timed "${1}import" "$YOSAN" -q import $FILES
    timed "${1}summary" "$YOSAN" summary --by department
    timed "${1}summary_svc" "$YOSAN" summary --by service
    timed "${1}budget" "$YOSAN" budget --fiscal-year 2026
    timed "${1}backtest" "$YOSAN" backtest
    timed "${1}rightsize" "$YOSAN" rightsize
}

# the PostgreSQL run (BENCH_PG=1): a throwaway cluster, yosan's tables in
# schema bench, the reference (psql \copy into one bare text table) in
# schema bench_ref; the cluster is stopped and deleted on exit
pg_steps() {
    PGC=$SRC/scripts/pg-cluster.sh
    rc=0
    bash "$PGC" start "$DIR/pg" || rc=$?
    [ $rc -eq 0 ] || { echo "bench-scale: no PostgreSQL cluster (install postgresql)" >&2; exit 2; }
    trap 'bash "$PGC" stop "$DIR/pg" >/dev/null 2>&1' EXIT
    eval "$(bash "$PGC" env "$DIR/pg")"
    PSQL="psql -X -q -v ON_ERROR_STOP=1 -d $YOSAN_TEST_PG"
    $PSQL -c "DROP SCHEMA IF EXISTS bench CASCADE" -c "CREATE SCHEMA bench" \
        -c "DROP SCHEMA IF EXISTS bench_ref CASCADE" -c "CREATE SCHEMA bench_ref"
    YOSAN_DB="$YOSAN_TEST_PG options=-csearch_path=bench" steps pg_
    # the reference: every column as text, as sqlite3 .import makes them
    set -- $FILES
    head -1 "$1" | python3 -c 'import csv, sys; cols = next(csv.reader(sys.stdin)); print("CREATE TABLE bench_ref.t (" + ", ".join("\"%s\" text" % c.lstrip("\ufeff").replace("\"", "") for c in cols) + ");")' >"$DIR/pg_ref.sql"
    for f in $FILES; do printf '%scopy bench_ref.t FROM %s WITH (FORMAT csv, HEADER true)\n' '\' "'$f'"; done >>"$DIR/pg_ref.sql"
    timed pg_copy $PSQL -f "$DIR/pg_ref.sql"
    PG_TOTAL=$(psql -X -At -d "$YOSAN_TEST_PG options=-csearch_path=bench" \
        -c "SELECT SUM(cost_e6) || ' ' || SUM(cost_e12) || ' ' || COUNT(*) FROM costs")
    PG_BYTES=$(psql -X -At -d "$YOSAN_TEST_PG" -c "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'bench' AND c.relkind = 'r'")
}

DB=$DIR/yosan.db
rm -f "$DB" "$DB-wal" "$DB-shm" "$DIR/sqlite.db"
export YOSAN_DB=$DB
LITE=1
[ "${BENCH_PG:-0}" = 1 ] && [ "${BENCH_SKIP_LITE:-0}" = 1 ] && LITE=0
[ $LITE = 1 ] && steps ""
[ "${BENCH_PG:-0}" = 1 ] && pg_steps

if [ $LITE = 1 ] && [ "${BENCH_SKIP_SQLITE:-0}" != 1 ]; then
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
# exact ROWS_SUMS BYTES LABEL: the imported total against the generator's sums, the size per row
exact() {
    python3 - "$1" "$2" "$3" $FILES <<'PY'
import sys
e6, e12, n = (int(x) for x in sys.argv[1].split())
size, label = int(sys.argv[2]), sys.argv[3]
want = sum(int(open(f + ".sum").read().strip().split("=")[1]) for f in sys.argv[4:])
got = e6 * 10**6 + e12
print(f"{label} exactness: {'exact' if got == want else 'DIFFERENT'} ({n:,} rows); "
      f"database {size / 2**20:,.0f} MiB, {size / n:.0f} bytes per cost row")
sys.exit(0 if got == want and n > 0 else 1)
PY
}
status=0
if [ $LITE = 1 ]; then
    printf '%-30s %9s %12s %12s %9s\n' "SQLite" "wall s" "rows/s" "peak RSS MiB" "CPU s"
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
    exact "$(sqlite3 "$DB" "SELECT SUM(cost_e6) || ' ' || SUM(cost_e12) || ' ' || COUNT(*) FROM costs")" \
        "$(stat -c %s "$DB")" "SQLite" || status=1
fi
if [ "${BENCH_PG:-0}" = 1 ]; then
    echo
    printf '%-30s %9s %12s %12s %9s\n' "PostgreSQL (client RSS)" "wall s" "rows/s" "peak RSS MiB" "CPU s"
    line "yosan import ($MONTHS files)" "$ROWS" "$DIR/pg_import.time"
    line "psql copy (same files)" "$ROWS" "$DIR/pg_copy.time"
    line "summary --by department" - "$DIR/pg_summary.time"
    line "summary --by service" - "$DIR/pg_summary_svc.time"
    line "budget --fiscal-year 2026" - "$DIR/pg_budget.time"
    line "backtest" - "$DIR/pg_backtest.time"
    line "rightsize" - "$DIR/pg_rightsize.time"
    python3 -c 'import sys; y, s = (float(open(f).read().split()[-4]) for f in sys.argv[1:3]); print(f"import ratio (wall, psql copy / yosan): {s / y:.2f}x")' \
        "$DIR/pg_import.time" "$DIR/pg_copy.time"
    exact "$PG_TOTAL" "$PG_BYTES" "PostgreSQL" || status=1
    if [ $LITE = 1 ]; then
        echo
        echo "side by side (wall s): step, SQLite, PostgreSQL, PostgreSQL / SQLite"
        for st in import summary summary_svc budget backtest rightsize; do
            python3 -c 'import sys; a, b = (float(open(f).read().split()[-4]) for f in sys.argv[2:4]); print(f"{sys.argv[1]:<30} {a:>9.2f} {b:>9.2f} {b / a:>8.2f}x")' \
                "$st" "$DIR/$st.time" "$DIR/pg_$st.time"
        done
    fi
fi
if [ "${BENCH_CLEAN:-0}" = 1 ]; then rm -rf "$DIR"; fi
exit $status
