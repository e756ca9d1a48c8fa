#!/bin/bash
# check-identical.sh - is a refactor invisible? Run every command and report
# of one yosan binary on the demo city and keep what it printed, or do that
# for two binaries and diff the results byte for byte.
#
#   scripts/check-identical.sh BIN OUTDIR       capture BIN's outputs into OUTDIR
#   scripts/check-identical.sh OLD_BIN NEW_BIN  capture both, diff; exit 0 when identical
#   scripts/check-identical.sh --backends BIN CONNINFO
#                                 BIN on SQLite, then on the PostgreSQL database
#                                 CONNINFO names (a libpq URL or service=NAME, no
#                                 password; the tables go in a schema
#                                 yosan_check, dropped first):
#                                 every output the same on both backends
#
# It builds nothing. Each binary generates its own demo city (fixed seed,
# fixed end month) into its own directory and database, so `yosan demo` and
# the importers are compared too. Every run leaves NN-name.out, .err and
# .rc (exit code) files; reports written with -o are kept as files, and an
# xlsx is compared by its unzipped XML parts (the zip's timestamps differ
# from run to run). Pinned so the two runs agree: the demo's seed and end
# month, every --month/--fiscal-year/--from. Not pinned: what-if scenarios
# without start_fy and the stop-schedule savings inside `whatif` plan from
# today, so both binaries must run on the same day (the compare mode does).
# Only imported_at timestamps (`yosan imports`) are masked.
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
EXAMPLES=$SRC/examples
DATA=$SRC/tests/data

usage() {
    echo "usage: $0 BIN OUTDIR | $0 OLD_BIN NEW_BIN" >&2
    exit 2
}

DB=demo.db # the demo city's database: a SQLite file, or a connection string (--backends)

# capture BIN DIR
capture() {
    local bin dir=$2
    bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    rm -rf "$dir"
    mkdir -p "$dir/runs"
    (cd "$dir" && run_all "$bin")
}

N=0
# one BIN invocation: run NAME ARGS...; stdout/stderr/exit code into runs/
run() {
    local name=$1 base
    shift
    N=$((N + 1))
    base=$(printf 'runs/%03d-%s' "$N" "$name")
    set +e
    "$Y" "$@" >"$base.out" 2>"$base.err"
    echo $? >"$base.rc"
    set -e
}

# a database command: run NAME ARGS... with --db
rdb() {
    local name=$1
    shift
    run "$name" --db "$DB" "$@"
}

# a report to a file: keep the file (xlsx: unzipped parts)
report() {
    local name=$1 file=$2
    shift 2
    rdb "$name" report "$@" -o "reports/$file"
    case $file in
    *.xlsx)
        if [ -f "reports/$file" ]; then
            mkdir -p "reports/$file.d"
            (cd "reports/$file.d" && unzip -q -o "../$file")
            # the workbook's creation time is the clock's
            if [ -f "reports/$file.d/docProps/core.xml" ]; then
                sed -i 's|<dcterms:created[^<]*</dcterms:created>|CREATED|; s|<dcterms:modified[^<]*</dcterms:modified>|MODIFIED|' \
                    "reports/$file.d/docProps/core.xml"
            fi
            rm -f "reports/$file"
        fi
        ;;
    esac
}

run_all() {
    Y=$1
    mkdir -p reports
    # inputs the options read
    printf 'department,from_month,amount,percent,note\n財政局,2027-07,,-30,cloud exit\n環境局,2027-04,500000,,new system\n(unallocated),2028-01,,10,hub\n' >adjust.csv
    printf 'department,from_month,amount,percent,note\n存在しない局,2027-07,,-30,typo\n' >adjust-bad.csv
    printf 'department,share\n財政局,3\n環境局,1\n水道局,1\n' >shares.csv
    printf 'date,closed|open,name\n2026-10-05,closed,system day\n' >calendar.csv

    run version --version
    run help help
    for c in backtest budget commit demo departments forecast help holidays import imports \
        license pull report rightsize schedule summary whatif; do
        run "h-$c" "$c" -h
    done
    run no-command
    run bad-command frobnicate

    # the demo city: 36 months up to 2026-09, 8 weeks of metrics
    run demo --db "$DB" demo --seed 1 --end 2026-09 --out demo-data
    run demo-again --db "$DB" demo --seed 1 --end 2026-09 --out demo-data

    for f in table csv json; do
        for by in month fiscal-year department subscription service; do
            rdb "summary-$by-$f" -q summary --by "$by" --format "$f"
        done
        rdb "departments-$f" -q departments --format "$f"
        rdb "imports-$f" -q imports --format "$f"
        run "holidays-$f" holidays --year 2026 --format "$f"
    done
    sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/IMPORTED_AT/g' runs/*imports-*.out
    rdb summary-resource -q summary --by resource --format csv
    rdb summary-dept-actual -q summary --by month --cost actual --department 財政局 \
        --from 2025-04-01 --to 2026-03-31 --format json
    rdb summary-fy-start -q summary --by fiscal-year --fy-start-month 1
    run holidays-cal holidays --year 2026 --calendar calendar.csv --no-closure --format csv

    # forecasts and backtests (every format once, the options in one format)
    for f in csv json table; do
        rdb "forecast-total-$f" -q forecast --by total --horizon 18 --format "$f"
        run "forecast-input-$f" -q forecast --input "$DATA/m3_sample.csv" --horizon 6 --format "$f"
        run "backtest-input-$f" -q backtest --input "$DATA/m3_sample.csv" --origins 2 --horizon 2 \
            --format "$f"
    done
    rdb forecast-dept forecast --by department --horizon 12 --months 24 --format csv
    rdb forecast-ets -q forecast --by service --model ets --cost actual --format json
    rdb backtest-dept backtest --by department --origins 3 --horizon 3

    # the budget run
    rdb budget-p50-table budget --fiscal-year 2027 --format table
    rdb budget-p80-csv budget --fiscal-year 2027 --level p80 --format csv
    rdb budget-p95-json budget --fiscal-year 2027 --level p95 --format json
    rdb budget-even -q budget --fiscal-year 2027 --shared even --format csv
    rdb budget-fixed -q budget --fiscal-year 2027 --shared fixed:shares.csv --format csv
    rdb budget-adjust -q budget --fiscal-year 2027 --level p80 --adjust adjust.csv --format json
    rdb budget-wls -q budget --fiscal-year 2027 --reconcile wls --months 24 --cost actual --format csv
    rdb budget-snaive -q budget --fiscal-year 2026 --model snaive --format csv
    rdb budget-adjust-bad -q budget --fiscal-year 2027 --adjust adjust-bad.csv
    rdb budget-no-fy -q budget
    run budget-input -q budget --input "$DATA/budget_monthly.csv" --as-of 2025-09-30 --fiscal-year 2026 --format csv
    run budget-empty-db --db empty.db -q budget --fiscal-year 2027

    # right-sizing, schedules, commitments
    for f in table csv json; do
        rdb "rightsize-month-$f" -q rightsize --month 2026-09 --format "$f"
        rdb "commit-$f" -q commit --from 2026-10-01 --format "$f"
    done
    rdb rightsize-lookback rightsize --lookback 30d --format csv
    rdb rightsize-dept -q rightsize --month 2026-08 --department 環境局 --format json
    rdb rightsize-thresholds -q rightsize --month 2026-09 --uf-cpu 30 --bg-cpu 70 --shutdown-cpu 5 \
        --user-facing no --no-accel-net --format csv
    for f in table csv json az cron; do
        rdb "schedule-$f" -q schedule --from 2026-10-01 --format "$f"
    done
    rdb schedule-opts -q schedule --from 2026-12-20 --weeks 4 --margin 0 --no-closure \
        --calendar calendar.csv --tag env=prod --format csv
    rdb schedule-dept schedule --from 2026-10-01 --department 環境局 --format csv
    rdb commit-assume -q commit --from 2026-10-01 --format csv --assume-ri1y 36 --assume-ri3y 55 \
        --assume-sp1y 25 --assume-sp3y 45

    # what-if and licences
    for f in table csv json; do
        rdb "whatif-onprem-$f" whatif "$EXAMPLES/onprem-to-azure.yaml" --vary fx=+-15%,utilisation=+-20% \
            --format "$f"
        rdb "whatif-oracle-$f" -q whatif "$EXAMPLES/oracle-ee.yaml" --format "$f"
    done
    for sec in yearly summary sensitivity; do
        rdb "whatif-$sec" -q whatif "$EXAMPLES/onprem-to-azure.yaml" --years 5 --vary fx=+-10% \
            --section "$sec" --format csv
    done
    rdb whatif-current-spend whatif "$EXAMPLES/current-spend.yaml"
    for s in "$DATA"/whatif/*.yaml; do
        rdb "whatif-data-$(basename "$s" .yaml)" -q whatif "$s" --format csv
    done
    rdb whatif-bad-vary -q whatif "$EXAMPLES/oracle-ee.yaml" --vary fx=lots
    run license-ee license oracle --edition ee --platform azure --vcpus 16 --ht --usd-jpy 150
    run license-se2 license oracle --edition se2 --platform onprem --sockets 2 --format json

    # reports, every kind in every format
    for f in html xlsx csv json md; do
        report "report-summary-$f" "summary.$f" summary --from 2025-10 --to 2026-09
        report "report-budget-$f" "budget.$f" budget --fiscal-year 2027 --level p80
        report "report-rightsize-$f" "rightsize.$f" rightsize --month 2026-09
        report "report-whatif-$f" "whatif.$f" whatif "$EXAMPLES/onprem-to-azure.yaml"
    done
    report report-summary-en summary-en.html summary --lang en --cost actual
    report report-budget-en budget-en.md budget --fiscal-year 2027 --lang en --shared even
    report report-rightsize-en rightsize-en.csv rightsize --month 2026-08 --lang en
    report report-whatif-en whatif-en.html whatif "$EXAMPLES/current-spend.yaml" --lang en --years 4
    report report-budget-excel budget-excel.csv budget --fiscal-year 2027 --excel
    rdb report-budget-stdout -q report budget --fiscal-year 2027 --format json
    rdb report-rightsize-stdout -q report rightsize --month 2026-09 --format md
    rdb report-no-kind report
    rdb report-budget-no-fy report budget -o x.html
    rdb report-xlsx-stdout report budget --fiscal-year 2027 --format xlsx
    run report-budget-empty --db empty2.db -q report budget --fiscal-year 2027 -o reports/empty.html
}

# compare_runs OLD NEW: exit 0 and say so when every output is the same
compare_runs() {
    # the inputs and databases differ by nothing that is printed; compare what was printed
    if diff -r "$1/runs" "$2/runs" >"$work/diff" &&
        diff -r "$1/reports" "$2/reports" >>"$work/diff"; then
        echo "identical: $(ls "$1/runs" | grep -c '\.rc$') runs, $(find "$1/reports" -type f | wc -l) report files"
        rm -rf "$work"
        exit 0
    fi
    head -100 "$work/diff"
    echo "DIFFERENT: see $work (old/, new/, diff)" >&2
    exit 1
}

# --backends BIN CONNINFO: the same binary on SQLite and on PostgreSQL
if [ "${1:-}" = --backends ]; then
    [ $# -eq 3 ] && [ -x "$2" ] || usage
    work=$(mktemp -d "${TMPDIR:-/tmp}/check-identical.XXXXXX")
    # a fresh start on the server: yosan's tables in their own schema
    # (yosan_check, dropped first), selected by the connection's search path
    psql -X -q -v ON_ERROR_STOP=1 -d "$3" \
        -c "DROP SCHEMA IF EXISTS yosan_check CASCADE" -c "CREATE SCHEMA yosan_check" >/dev/null
    case $3 in
    postgres://* | postgresql://*)
        case $3 in *\?*) sep='&' ;; *) sep='?' ;; esac
        conn="$3${sep}options=-csearch_path%3Dyosan_check"
        ;;
    *) conn="$3 options=-csearch_path=yosan_check" ;;
    esac
    capture "$2" "$work/old" &
    old=$!
    DB=$conn capture "$2" "$work/new"
    wait "$old"
    compare_runs "$work/old" "$work/new"
fi

[ $# -eq 2 ] || usage
[ -x "$1" ] || { echo "$0: '$1' is not an executable" >&2; exit 2; }
if [ -f "$2" ] && [ -x "$2" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/check-identical.XXXXXX")
    # the two runs side by side (each is mostly one thread)
    capture "$1" "$work/old" &
    old=$!
    capture "$2" "$work/new"
    wait "$old"
    compare_runs "$work/old" "$work/new"
fi
capture "$1" "$2"
echo "captured $(ls "$2/runs" | grep -c '\.rc$') runs into $2"
