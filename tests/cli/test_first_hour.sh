# test_first_hour.sh - what a new user meets first (issue 20): a usage error
# is one line, the reason first and then where the help is; a range check
# says the range; an empty answer says why on stderr and exits non-zero when
# what was asked for does not exist; commands that only read never create a
# database; commit says which commitment prices it used, or how to get some.
. "$(dirname "$0")/lib.sh"
D=$TEST_DATA_DIR

# --- usage errors: one line, reason first, then "see 'yosan help CMD'"
one_line() { # one_line DESCRIPTION: stderr is exactly one line
    expect_eq "$(wc -l <"$T/err" | tr -d ' ')" "1" "$1: one line on stderr"
    expect_no_grep '^usage:' "$T/err" "$1: no usage text"
}
run summary --by bogus
expect_rc 2 "bad --by"; one_line "bad --by"
expect_grep "^yosan summary: unknown --by 'bogus': expected month, fiscal-year, department, subscription, service or resource; see 'yosan help summary'$" "$T/err" "reason, choices, hint"
run summary --bogus
expect_rc 2 "unknown option"; one_line "unknown option"
expect_grep "^yosan summary: unknown option '--bogus'; see 'yosan help summary'$" "$T/err" "names the option"
run budget --fiscal-year
expect_rc 2 "option without its value"; one_line "missing value"
expect_grep "option '--fiscal-year' needs a value" "$T/err" "says the value is missing"
run summary --by=month=x --format=csv=; expect_rc 2 "bad value form"; one_line "bad value form"
run --bogus help
expect_rc 2 "unknown global option"; one_line "global option"
expect_grep "^yosan: unknown option '--bogus'; see 'yosan help'$" "$T/err" "global: names it"
run --quiet=1 help; expect_rc 2 "global flag with a value"; expect_grep "option '--quiet' takes no value" "$T/err" "says so"
run demo --months 0
expect_rc 2 "demo --months 0"; one_line "range check"
expect_grep "months: expected 1..120" "$T/err" "range said"
# every range check says the range (and what the number is)
run schedule --weeks 0;          expect_rc 2 "--weeks 0"; expect_grep "weeks: expected 1..104 (weeks of metrics to learn from), got '0'" "$T/err" "weeks range"
run commit --format az;          expect_rc 2 "commit --format az"; expect_grep "expected table, csv or json" "$T/err" "commit's formats"
run commit --assume-ri3y 120;    expect_rc 2 "discount"; expect_grep "assume-ri3y: expected a discount 0..99 % off pay-as-you-go, got '120'" "$T/err" "discount range"
run holidays --year 1900;        expect_rc 2 "--year 1900"; expect_grep "expected a year 1948-2099" "$T/err" "year range"
run pull metrics --days 100;     expect_rc 2 "--days 100"; expect_grep "expected 1..93 (Azure Monitor keeps platform metrics 93 days)" "$T/err" "days range and why"
run rightsize --lookback 400d;   expect_rc 2 "--lookback 400d"; expect_grep "expected 1d..366d" "$T/err" "lookback range"
run forecast --by x;             expect_rc 2 "forecast --by x"; expect_grep "expected total, department, subscription or service" "$T/err" "dimensions listed"
run whatif x.yaml --section x;   expect_rc 2 "--section x"; expect_grep "expected all, yearly, summary or sensitivity" "$T/err" "sections listed"
run report nosuch;               expect_rc 2 "report nosuch"; expect_grep "expected summary, budget, rightsize, whatif, track or anomalies" "$T/err" "reports listed"
run schedule --assume-ri1y 30
expect_rc 2 "commit-only option"; expect_grep "applies to 'yosan commit' only" "$T/err" "says where it applies"
# the full help stays where it was asked for
run summary -h; expect_rc 0 "-h"; expect_grep '^usage: yosan summary' "$T/out" "-h prints the usage"
run help summary; expect_rc 0 "help CMD"; expect_grep '^usage: yosan summary' "$T/out" "help CMD prints the usage"

# --- read-only commands never create a database
mkdir -p "$T/empty"
MAIN_DB=$YOSAN_DB
if is_pg; then use_db none; else export YOSAN_DB="$T/empty/none.db"; fi
for c in summary commit schedule rightsize imports departments "terms reset" "report summary -o $T/empty/s.html" "budget --fiscal-year 2026" "forecast --by department" "backtest --by department"; do
    # shellcheck disable=SC2086
    run --db "$YOSAN_DB" $c
    expect_rc 1 "$c without a database"
    expect_no_db "$c: says there is no database"
    fail_if_db_made "$c created the database"
done
(cd "$T/empty" && env -u YOSAN_DB "$YOSAN" whatif "$D/whatif/store.yaml" >/dev/null 2>"$T/err"); RC=$?
expect_rc 1 "whatif with store references, no database"
expect_grep "no database at 'yosan.db'" "$T/err" "whatif says so"
[ -e "$T/empty/yosan.db" ] && fail "whatif created ./yosan.db"
(cd "$T/empty" && env -u YOSAN_DB "$YOSAN" whatif "$TEST_SRC_DIR/examples/onprem-to-azure.yaml" >/dev/null 2>"$T/err"); RC=$?
expect_rc 0 "whatif without store references needs no database"
expect_eq "$(ls "$T/empty")" "" "and makes none"
run --db "$YOSAN_DB" terms
expect_rc 0 "terms without a database shows the built-in defaults"
expect_grep '^# billing terms in force: built-in defaults' "$T/out" "the defaults"
fail_if_db_made "terms (show) created the database"
export YOSAN_DB=$MAIN_DB

# --- a small store: two subscriptions, 2025-01..2026-04-10, one department rule
python3 "$(dirname "$0")/gen_monthly_ea.py" "$D/whatif/ea_small.csv" "$T/ea.csv"
run import "$T/ea.csv"; expect_rc 0 "import"
printf 'match,pattern,department\nsubscription-name,sub-a,財政局\nsubscription-name,sub-b,建設局\n' >"$T/rules.csv"
run departments load "$T/rules.csv"; expect_rc 0 "rules"

# budget: the fiscal year checked against the data, naming its range
run budget --fiscal-year 1999
expect_rc 2 "FY before the data"; one_line "FY before the data"
expect_grep "^yosan budget: --fiscal-year: 1999 is before the first data (FY2024; the data covers 2025-01..2026-04); FY2026..FY2029 can be budgeted; see 'yosan help budget'$" "$T/err" "names the data's range"
run budget --fiscal-year 2025
expect_rc 2 "FY over"; expect_grep "FY2025 ended before the last complete month 2026-03.*FY2026..FY2029 can be budgeted" "$T/err" "ended: says which can"
run budget --fiscal-year 2040
expect_rc 2 "FY far ahead"; expect_grep "FY2040 starts more than 36 months after the data (up to 2026-04); FY2026..FY2029" "$T/err" "too far: says which can"
run budget --fiscal-year 2026; expect_rc 0 "FY2026 budgets"

# summary: unknown department (did you mean), an empty window (the data's range)
run summary --department 存在しない局
expect_rc 1 "unknown department"
expect_grep "no department '存在しない局'" "$T/err" "names it"
expect_eq "$(cat "$T/out")" "" "no empty table"
run summary --department 財政
expect_rc 1 "department one character off"
expect_grep "did you mean '財政局'?" "$T/err" "did you mean"
run summary --from 2030-01-01
expect_rc 1 "window after the data"
expect_grep "no actual cost from 2030-01-01 to the end: the actual data covers 2025-01-15..2026-04-10" "$T/err" "names the data's range"
expect_eq "$(cat "$T/out")" "" "no empty table"
run summary --department 建設局 --to 2024-12-31 --format csv
expect_rc 1 "department outside the window"; expect_grep "for department '建設局'" "$T/err" "names the department"
run summary --department 財政局 --format csv
expect_rc 0 "a known department"; expect_grep '^2025-01,' "$T/out" "its rows"

# report rightsize for a month with no data
run report rightsize --month 2030-01 -o "$T/rs.html"
expect_rc 1 "right-sizing month without data"
expect_grep "2030-01" "$T/err" "names the month"
expect_grep "the cost data covers 2025-01-15..2026-04-10" "$T/err" "and the data's range"
[ -e "$T/rs.html" ] && fail "an empty report was written"

# commit: which commitment prices; none at all is one line and exit 1
run commit
expect_rc 1 "commit without prices"
expect_eq "$(cat "$T/out")" "" "no table of empty ri_/sp_ columns"
expect_grep "fetch them with 'yosan pull prices --region japaneast --currency JPY' or import a Retail Prices page with 'yosan import prices.json'" "$T/err" "names the commands"
run import "$D/prices_page.json"; expect_rc 0 "a price page"
run commit
expect_rc 0 "commit with retail prices"
expect_grep "reservation and savings-plan prices: the Azure Retail Prices in the store (1 VM sizes; newest of 1 imports: .*prices_page.json" "$T/err" "says which it used"
finish
