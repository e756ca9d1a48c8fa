# test_forecast_store.sh - forecast, budget and backtest on costs in the
# store: the incomplete current month is not fitted and is forecast first.
. "$(dirname "$0")/lib.sh"
python3 "$(dirname "$0")/gen_monthly_ea.py" "$TEST_DATA_DIR/whatif/ea_small.csv" "$T/ea.csv"
run import "$T/ea.csv"; expect_rc 0 "import 15 months + a partial April"

run forecast --by subscription --horizon 3
expect_rc 0 "forecast --by subscription"
expect_eq "$(cut -d, -f1,3 "$T/out" | tr '\n' ' ')" \
    "series_id,month sub-a,2026-04 sub-a,2026-05 sub-a,2026-06 sub-b,2026-04 sub-b,2026-05 sub-b,2026-06 " \
    "the partial April is the first forecast month"
expect_grep "history 2025-01..2026-03" "$T/err" "April (10 days) is not fitted"
# sub-b grows 500 a month from 50000: April's forecast is near 57500, not the partial 0
expect_eq "$(awk -F, '$1=="sub-b" && $2==1 {print ($4>56000 && $4<59000) ? "ok" : $4}' "$T/out")" "ok" \
    "forecast follows the trend"
run forecast --by total --horizon 2 --cost actual --format json
expect_rc 0 "total json"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[0]["month"])' "$T/out")" "2 2026-04" "json with months"
run forecast --by total --cost amortized;  expect_rc 1 "no amortized data"

run budget --fiscal-year 2026 --format csv
expect_rc 0 "budget from the store"
expect_grep "forecast 12 months from 2026-04" "$T/err" "FY2026 from April: 12 months"
expect_eq "$(tail -1 "$T/out" | cut -d, -f1)" "total" "total row"
run backtest --by subscription --origins 2 --horizon 2 --format csv
expect_rc 0 "backtest from the store"
expect_eq "$(awk -F, '$1=="auto" {print $2}' "$T/out")" "4" "2 series x 2 origins"
expect_eq "$(cut -d, -f1 "$T/out" | tail -3 | tr '\n' ' ')" "total:direct total:bottom-up total:wls " \
    "the total scored three ways"
run backtest --by total --origins 2 --horizon 2 --format csv
expect_no_grep "total:" "$T/out" "no hierarchy rows for --by total"
finish
