# test_rightsize_currency.sh - a USD-billed estate gets USD everywhere (issue
# 21 item 3): right-sizing, stop schedules and the right-sizing report carry
# the bill's currency and never a yen label, and a Retail Prices import in
# another currency than the bill's is an error that says what to do, not a
# price silently mixed in. Fixture: the demo city's one-month EA export with
# its BillingCurrency column relabelled USD (the amounts stay as generated;
# only the currency matters here), plus tests/data/prices_page.json (JPY
# prices for japaneast, see SOURCES.md).
. "$(dirname "$0")/lib.sh"

run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 2 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo city"
gzip -dc "$T/d/EA_ActualCost_2025-03.csv.gz" | sed 's/,JPY,/,USD,/' >"$T/usd.csv"
expect_eq "$(grep -c ',JPY,' "$T/usd.csv")" "0" "every row relabelled"
expect_eq "$(head -2 "$T/usd.csv" | tail -1 | grep -c ',USD,')" "1" "the bill is in USD"

use_db usd
run import "$T/usd.csv" "$T/d/metrics.csv.gz"
expect_rc 0 "import the USD bill and metrics"
run departments load "$T/d/departments.csv"
expect_rc 0 "department rules"

# right-sizing: the total and every amount in USD
run rightsize --lookback 14d --format json
expect_rc 0 "rightsize json"
expect_grep '"currency": "USD"' "$T/out" "JSON currency is the bill's"
expect_no_grep '"currency": "JPY"' "$T/out" "no JPY anywhere"
run rightsize --lookback 14d
expect_rc 0 "rightsize table"
expect_grep "^total savings per month: [0-9.,]* USD" "$T/out" "table total in USD"

# stop schedules: priced in USD
run schedule --weeks 2 --from 2025-04-01 --format json
expect_rc 0 "schedule json"
expect_grep '"currency": "USD"' "$T/out" "schedule amounts in USD"
expect_no_grep '"currency": "JPY"' "$T/out" "no JPY schedule"

# the report: USD labels, no yen sign or 円 on any amount
for f in md html csv json; do
    run report rightsize --month 2025-03 -f "$f" -o "$T/rs.$f"
    expect_rc 0 "report rightsize $f"
done
expect_grep "USD" "$T/rs.md" "report says USD"
expect_no_grep "円" "$T/rs.md" "no 円 in the Markdown report"
expect_no_grep "¥" "$T/rs.md" "no yen sign in the Markdown report"
expect_no_grep "円" "$T/rs.html" "no 円 in the HTML report"
expect_grep '"currency": "USD"' "$T/rs.json" "JSON report currency"
expect_grep "通貨.*USD" "$T/rs.md" "currency meta line"

# a JPY price list for the USD bill: an error, with the fix in the message
run import "$TEST_DATA_DIR/prices_page.json"
expect_rc 0 "import JPY retail prices"
run rightsize --lookback 14d --format csv
expect_rc 3 "rightsize refuses mixed currencies"
expect_grep "currency mismatch: the bill is in USD" "$T/err" "says what is wrong"
expect_grep "pull prices --currency USD" "$T/err" "says what to do"
run schedule --weeks 2 --from 2025-04-01 --format csv
expect_rc 3 "schedule refuses mixed currencies"
expect_grep "currency mismatch" "$T/err" "schedule says why"
run report rightsize --month 2025-03 -f md -o "$T/rs2.md"
expect_rc 3 "report refuses mixed currencies"

# control: the same prices with a JPY bill are used, no error
use_db jpy
run import "$T/d/EA_ActualCost_2025-03.csv.gz" "$T/d/metrics.csv.gz" "$TEST_DATA_DIR/prices_page.json"
expect_rc 0 "import JPY bill and JPY prices"
run rightsize --lookback 14d --format json
expect_rc 0 "JPY bill with JPY prices"
expect_grep '"currency": "JPY"' "$T/out" "JPY stays JPY"
finish
