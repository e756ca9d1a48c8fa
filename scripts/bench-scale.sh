#!/bin/sh
# bench-scale.sh - `make bench-scale`: a city's multi-year history on one
# machine (issue 16). Generates one EA actual-cost export per month with
# scripts/gen-ea.c (all 55 columns, Tags and AdditionalInfo JSON) - by
# default 50,000,000 rows over 36 months (2023-01..2025-12), 100,000
# resources, 30 departments (a department tag per resource), 24
# subscriptions, 6 meters - imports them all with one `yosan import`, then
# times summary, budget, backtest and rightsize on the result, and the same
# files through `sqlite3 .import` into a bare table. Then two import checks:
# one more month (2026-01, a month's rows) into an empty database and into
# the grown one, and 576 monthly files (72 months for each of 8 sets of 24
# subscriptions, 9,000 rows each, 321 resources per set: the demo city's
# history eight times over in shape) against the same rows as one file. Prints for each step the wall time, rows/s
# (imports), peak RSS and CPU time, the import ratio, an exactness check of
# the imported total, the database size per cost row, and each target of
# issue 16 met or not.
#
#   scripts/bench-scale.sh [build/yosan]
#   BENCH_ROWS=5000000 scripts/bench-scale.sh     # a reduced run
#   BENCH_MONTHS=36 BENCH_RESOURCES=100000 BENCH_DEPTS=30: the data shape
#   BENCH_SKIP_SQLITE=1: skip the sqlite3 .import reference
#   BENCH_REF_GROUP=N: sqlite3 .import N files per reference database, each
#     removed after it is timed (default: all in one; 6 above 10M rows, as
#     50M rows in one bare table need about 41 GB beside 40 GB of CSV).
#     Appending to a table without indexes costs the same per row at any
#     size, so the sum of the groups' times is the reference's time.
#   BENCH_SKIP_EXTRA=1: skip the grown-database and many-files checks
#   BENCH_MANY_MONTHS=72 BENCH_MANY_SETS=8 BENCH_MANY_ROWS=9000
#     BENCH_MANY_RESOURCES=321 (per set): the many-files shape
#   BENCH_PG=1: the same steps again with the store on PostgreSQL (a
#     throwaway cluster from scripts/pg-cluster.sh: 127.0.0.1, fsync=off),
#     next to psql's \copy of the same files into a bare table, and both
#     backends side by side (issue 19). BENCH_SKIP_LITE=1 with it: PostgreSQL
#     only.
#
# 50M rows are about 40 GB of CSV, 5 GB of database, 8 GB for the
# many-files check and 7 GB for one reference group: ~60 GB free. The files
# live in ./bench-data/scale-ROWS/ (git-ignored), are reused, and are
# removed with the databases by BENCH_CLEAN=1. The full run takes about 35
# minutes on 2 cores, 19 of them the sqlite3 reference.
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

# one more month into an empty database and into the grown one ($DB, after
# the commands): a month's import must not cost more as history grows
grown_steps() {
    g=$DIR/ea-2026-01.csv
    if [ ! -s "$g" ] || [ ! -s "$g.sum" ]; then
        "$DIR/gen-ea" "$PER" "$NRES" 2026-01 "$NDEPT" >"$g" 2>"$g.sum"
    fi
    rm -f "$DIR/month.db" "$DIR/month.db-wal" "$DIR/month.db-shm"
    timed month_empty "$YOSAN" -q --db "$DIR/month.db" import "$g"
    timed month_grown "$YOSAN" -q import "$g"
    rm -f "$DIR/month.db" "$DIR/month.db-wal" "$DIR/month.db-shm"
}

# many small monthly files (72 months from 2020-01 for each of 8 sets of
# 24 subscriptions, the demo city's history eight times over in shape)
# against the same rows as one file, each into an empty database; both
# totals must agree
many_steps() {
    md=$DIR/many-$MANY_FILES-$MANY_ROWS
    mkdir -p "$md"
    MFILES=
    sset=0
    while [ $sset -lt "$MANY_SETS" ]; do
        n=0
        while [ $n -lt "$MANY_MONTHS" ]; do
            ym=$(printf '%04d-%02d' $((2020 + n / 12)) $((1 + n % 12)))
            f=$md/ea-$sset-$ym.csv
            if [ ! -s "$f" ] || [ ! -s "$f.sum" ]; then
                "$DIR/gen-ea" "$MANY_ROWS" "$MANY_RES" "$ym" "$NDEPT" "$sset" >"$f" 2>"$f.sum"
            fi
            MFILES="$MFILES $f"
            n=$((n + 1))
        done
        sset=$((sset + 1))
    done
    # shellcheck disable=SC2086
    set -- $MFILES
    if [ ! -s "$md/one.csv" ]; then
        { head -n 1 "$1"; for f in "$@"; do tail -n +2 "$f"; done; } >"$md/one.csv.tmp"
        mv "$md/one.csv.tmp" "$md/one.csv"
    fi
    rm -f "$md"/*.db "$md"/*.db-wal "$md"/*.db-shm
    timed many_files "$YOSAN" -q --db "$md/files.db" import "$@"
    timed many_one "$YOSAN" -q --db "$md/one.db" import "$md/one.csv"
    q="SELECT SUM(cost_e6) || ' ' || SUM(cost_e12) || ' ' || COUNT(*) FROM costs"
    MANY_SAME=no
    [ "$(sqlite3 "$md/files.db" "$q")" = "$(sqlite3 "$md/one.db" "$q")" ] && MANY_SAME=yes
    rm -f "$md"/*.db "$md"/*.db-wal "$md"/*.db-shm
}

# the reference: sqlite3 .import of the same files into a bare table, in
# groups of $REF_GROUP files per database; sqlite.time gets the sums (wall,
# CPU) and the largest peak RSS of the groups
ref_sqlite() {
    # shellcheck disable=SC2086
    set -- $FILES
    k=0
    while [ $# -gt 0 ]; do
        j=0
        while [ $# -gt 0 ] && [ $j -lt "$REF_GROUP" ]; do
            if [ $j = 0 ]; then echo ".import --csv $1 t"; else echo ".import --csv --skip 1 $1 t"; fi
            shift
            j=$((j + 1))
        done >"$DIR/sqlite-$k.script"
        rm -f "$DIR/sqlite.db"
        timed "sqlite-$k" sqlite3 "$DIR/sqlite.db" ".read $DIR/sqlite-$k.script"
        k=$((k + 1))
    done
    REF_DBS=$k
    [ "$k" -gt 1 ] && rm -f "$DIR/sqlite.db"
    python3 - "$DIR" "$k" <<'PY'
import sys
d, k = sys.argv[1], int(sys.argv[2])
t = [open(f"{d}/sqlite-{i}.time").read().split()[-4:] for i in range(k)]
wall = sum(float(x[0]) for x in t)
rss = max(int(x[1]) for x in t)
print(f"{wall:.2f} {rss} {sum(float(x[2]) for x in t):.2f} {sum(float(x[3]) for x in t):.2f}",
      file=open(f"{d}/sqlite.time", "w"))
PY
}

DB=$DIR/yosan.db
rm -f "$DB" "$DB-wal" "$DB-shm" "$DIR/sqlite.db"
export YOSAN_DB=$DB
LITE=1
[ "${BENCH_PG:-0}" = 1 ] && [ "${BENCH_SKIP_LITE:-0}" = 1 ] && LITE=0
REF_GROUP=${BENCH_REF_GROUP:-$MONTHS}
[ "$ROWS" -gt 10000000 ] && REF_GROUP=${BENCH_REF_GROUP:-6}
MANY_MONTHS=${BENCH_MANY_MONTHS:-72}
MANY_SETS=${BENCH_MANY_SETS:-8}
MANY_FILES=$((MANY_MONTHS * MANY_SETS))
MANY_ROWS=${BENCH_MANY_ROWS:-9000}
MANY_RES=${BENCH_MANY_RESOURCES:-321}
EXTRA=1
[ "${BENCH_SKIP_EXTRA:-0}" = 1 ] && EXTRA=0
if [ $LITE = 1 ]; then
    steps ""
    LITE_TOTAL=$(sqlite3 "$DB" "SELECT SUM(cost_e6) || ' ' || SUM(cost_e12) || ' ' || COUNT(*) FROM costs")
    LITE_BYTES=$(stat -c %s "$DB")
    [ $EXTRA = 1 ] && grown_steps && many_steps
    [ "${BENCH_SKIP_SQLITE:-0}" != 1 ] && ref_sqlite
fi
[ "${BENCH_PG:-0}" = 1 ] && pg_steps

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
    if [ "${BENCH_SKIP_SQLITE:-0}" != 1 ]; then
        ref="sqlite3 .import (same files)"
        [ "$REF_DBS" -gt 1 ] && ref="sqlite3 .import ($REF_DBS x $REF_GROUP files)"
        line "$ref" "$ROWS" "$DIR/sqlite.time"
    fi
    line "summary --by department" - "$DIR/summary.time"
    line "summary --by service" - "$DIR/summary_svc.time"
    line "budget --fiscal-year 2026" - "$DIR/budget.time"
    line "backtest" - "$DIR/backtest.time"
    line "rightsize" - "$DIR/rightsize.time"
    if [ $EXTRA = 1 ]; then
        line "2026-01, empty database" "$PER" "$DIR/month_empty.time"
        line "2026-01, into the grown one" "$PER" "$DIR/month_grown.time"
        line "$MANY_FILES files x $MANY_ROWS rows" $((MANY_FILES * MANY_ROWS)) "$DIR/many_files.time"
        line "the same rows as one file" $((MANY_FILES * MANY_ROWS)) "$DIR/many_one.time"
        echo "($MANY_FILES files and one file: the same totals in both databases: $MANY_SAME)"
        [ "$MANY_SAME" = yes ] || status=1
    fi
    exact "$LITE_TOTAL" "$LITE_BYTES" "SQLite" || status=1
    python3 - "$DIR" "${BENCH_SKIP_SQLITE:-0}" "$EXTRA" <<'PY' || status=1
import sys
d, skip_ref, extra = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"
def t(name):  # wall, rss MiB, cpu s
    w, r, u, s_ = open(f"{d}/{name}.time").read().split()[-4:]
    return float(w), int(r) / 1024, float(u) + float(s_)
steps = ["import", "summary", "summary_svc", "budget", "backtest", "rightsize"]
if extra:
    steps += ["month_empty", "month_grown", "many_files", "many_one"]
checks = []
if not skip_ref:
    r = t("sqlite")[0] / t("import")[0]
    checks.append(("import >= 3x sqlite3 .import (wall)", r >= 3, f"{r:.2f}x"))
q = max(t(n)[0] for n in ("summary", "summary_svc", "budget"))
checks.append(("budget and summaries < 2 s", q < 2, f"slowest {q:.2f} s"))
rss = max((t(n)[1], n) for n in steps)
checks.append(("peak RSS < 128 MiB in every step", rss[0] < 128, f"largest {rss[0]:.1f} MiB ({rss[1]})"))
if extra:
    g = t("month_grown")[2] / t("month_empty")[2]
    checks.append(("a month into the grown db <= 1.3x an empty one (CPU)", g <= 1.3, f"{g:.2f}x"))
    m = t("many_files")[0] / t("many_one")[0]
    checks.append(("many files <= 1.3x one file (wall)", m <= 1.3, f"{m:.2f}x"))
print("targets (issue 16):")
for label, ok, fig in checks:
    print(f"  {'met ' if ok else 'MISSED'} {label}: {fig}")
PY
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
