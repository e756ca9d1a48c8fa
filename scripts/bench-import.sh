#!/bin/sh
# bench-import.sh - `make bench`: time `yosan import` against sqlite3's
# `.import` (the floor any CSV importer is compared with) on a generated
# 1,000,000-row EA actual-cost export (all 55 columns, Tags and
# AdditionalInfo JSON, about 0.8 GB), side by side in one run: wall time,
# rows/s, peak RSS, CPU time, the ratio, and an exactness check of the
# imported total. Then a 4,000,000-row run of yosan for RSS flatness.
#
#   scripts/bench-import.sh [build/yosan]
#   BENCH_ROWS=200000 BENCH_SKIP_4M=1 scripts/bench-import.sh   # quick
#   BENCH_SKIP_MANY=1: skip the 100,000/300,000-distinct-resource runs
#
# Generated files live in ./bench-data/ (git-ignored) and are reused.
set -eu
YOSAN=${1:-build/yosan}
ROWS=${BENCH_ROWS:-1000000}
BIG_ROWS=${BENCH_BIG_ROWS:-4000000}
SKIP_BIG=${BENCH_SKIP_4M:-0}
DIR=${BENCH_DIR:-bench-data}
SRC=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$DIR"

need() { # need COMMAND PACKAGE: install the reference tools on demand
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "bench: installing $2 (apt-get)" >&2
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y "$2" >/dev/null
}
need sqlite3 sqlite3
[ -x /usr/bin/time ] || need /usr/bin/time time
need cc gcc
need python3 python3

cc -O2 -o "$DIR/gen-ea" "$SRC/scripts/gen-ea.c"

gen() { # gen ROWS FILE [RESOURCES]: generate once, keep the exact cost sum beside it
    if [ ! -s "$2" ] || [ ! -s "$2.sum" ]; then
        echo "bench: generating $1 rows over ${3:-6000} resources into $2" >&2
        "$DIR/gen-ea" "$1" ${3:-} >"$2" 2>"$2.sum"
    fi
}

# timed NAME CMD...: run with /usr/bin/time, leave "wall rss_kb user sys" in $DIR/NAME.time
timed() {
    name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$DIR/$name.time" "$@"
}

# line LABEL ROWS TIMEFILE: one result line
line() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
label, rows, tf = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wall, rss, user, sys_ = open(tf).read().split()[-4:]
wall = float(wall)
print(f"{label:<22} {wall:>9.2f} {rows / wall:>12,.0f} {int(rss) / 1024:>12.1f} {float(user) + float(sys_):>9.2f}")
PY
}

rate() { python3 -c 'import sys; print(float(open(sys.argv[1]).read().split()[-4]))' "$1"; }

check_sum() { # check_sum DB SUMFILE: exact total in the DB = the generator's sum
    got=$(sqlite3 "$1" "SELECT SUM(cost_e6) || ' ' || SUM(cost_e12) FROM costs")
    python3 - "$got" "$2" <<'PY'
import sys
e6, e12 = (int(x) for x in sys.argv[1].split())
want = int(open(sys.argv[2]).read().strip().split("=")[1])
got = e6 * 10**6 + e12
def fmt(v):
    sign = "-" if v < 0 else ""
    v = abs(v)
    return f"{sign}{v // 10**12}.{v % 10**12:012d}"
print(f"exactness: imported total {fmt(got)}, generated {fmt(want)}: "
      + ("exact" if got == want else f"DIFFERENT by {fmt(got - want)}"))
sys.exit(0 if got == want else 1)
PY
}

FILE=$DIR/ea-$ROWS.csv
gen "$ROWS" "$FILE"
SIZE=$(du -m "$FILE" | cut -f1)

rm -f "$DIR/yosan.db" "$DIR/yosan.db-wal" "$DIR/yosan.db-shm" "$DIR/sqlite.db"
timed yosan "$YOSAN" -q --db "$DIR/yosan.db" import "$FILE"
timed sqlite sqlite3 -csv "$DIR/sqlite.db" ".import $FILE t"

echo
echo "import of $ROWS EA rows ($SIZE MiB, 55 columns), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %9s %12s %12s %9s\n' "" "wall s" "rows/s" "peak RSS MiB" "CPU s"
line "yosan import" "$ROWS" "$DIR/yosan.time"
line "sqlite3 -csv .import" "$ROWS" "$DIR/sqlite.time"
python3 -c 'import sys; y, s = float(sys.argv[1]), float(sys.argv[2]); print(f"ratio (rows/s yosan / sqlite3): {s / y:.2f}x  (target >= 3x)")' \
    "$(rate "$DIR/yosan.time")" "$(rate "$DIR/sqlite.time")"
check_sum "$DIR/yosan.db" "$FILE.sum"
rm -f "$DIR/sqlite.db"

# The worst realistic case for the import caches: the same number of rows
# over many more distinct cost objects. 100,000 fit the 40 MiB object cache;
# 300,000 do not, so CLOCK evicts and misses go to the database (issue 16).
if [ "${BENCH_SKIP_MANY:-0}" != 1 ]; then
    echo
    echo "many distinct resources: $ROWS rows each (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    printf '%-22s %9s %12s %12s %9s %9s\n' "" "wall s" "rows/s" "peak RSS MiB" "CPU s" "vs 6k"
    for NRES in 100000 300000; do
        MANY=$DIR/ea-$ROWS-r$NRES.csv
        gen "$ROWS" "$MANY" "$NRES"
        rm -f "$DIR/many.db" "$DIR/many.db-wal" "$DIR/many.db-shm"
        timed many "$YOSAN" -q --db "$DIR/many.db" import "$MANY"
        printf '%s %s\n' "$(line "yosan $NRES objects" "$ROWS" "$DIR/many.time")" \
            "$(python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):8.2f}x")' \
               "$(rate "$DIR/many.time")" "$(rate "$DIR/yosan.time")")"
        check_sum "$DIR/many.db" "$MANY.sum"
    done
    echo "(target: 100,000 objects within 1.3x of the 6,000-object time)"
    rm -f "$DIR/many.db" "$DIR/many.db-wal" "$DIR/many.db-shm"
fi

if [ "$SKIP_BIG" = 1 ]; then
    echo "(4M-row RSS run skipped: BENCH_SKIP_4M=1)"
    exit 0
fi
BIG=$DIR/ea-$BIG_ROWS.csv
gen "$BIG_ROWS" "$BIG"
rm -f "$DIR/yosan4.db" "$DIR/yosan4.db-wal" "$DIR/yosan4.db-shm"
timed yosan4 "$YOSAN" -q --db "$DIR/yosan4.db" import "$BIG"
echo
echo "RSS flatness: $ROWS vs $BIG_ROWS rows (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
line "yosan import $ROWS" "$ROWS" "$DIR/yosan.time"
line "yosan import $BIG_ROWS" "$BIG_ROWS" "$DIR/yosan4.time"
check_sum "$DIR/yosan4.db" "$BIG.sum"
rm -f "$DIR/yosan4.db" "$DIR/yosan4.db-wal" "$DIR/yosan4.db-shm"
