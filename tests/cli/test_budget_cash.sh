#!/bin/bash
# test_budget_cash.sh - issue 12 item 5, cash vs amortized: in the demo
# variant whose finance database VM has a 1-year reservation paid up front
# each April, the budget defaults to actual (cash) cost, so FY2027's April
# carries the renewal payment that amortized cost spreads over the year; the
# run and the report say which cost was used and why.
. "$(dirname "$0")/lib.sh"
use_db up
run demo --end 2026-11 --metric-weeks 0 --upfront-reservation --out "$T/d"
expect_rc 0 "demo variant with an up-front reservation"
zcat "$T"/d/EA_ActualCost_2026-04.csv.gz | grep -c "OneTime" >"$T/n"
expect_eq "$(cat "$T/n")" "1" "one up-front payment in April's actual file"
zcat "$T"/d/EA_ActualCost_2026-05.csv.gz | grep -c "vm-zaisei-db01.*Purchase" >"$T/n"
expect_eq "$(cat "$T/n")" "0" "no monthly payment for it in May"

run budget --fiscal-year 2027 --basis list --format csv; expect_rc 0 "budget"
cp "$T/out" "$T/cash.csv"
expect_grep "FY2027 budget from actual data" "$T/err" "actual (cash) by default"
expect_grep "up-front purchases fall in the fiscal year that pays them" "$T/err" "the reason is stated"
run budget --fiscal-year 2027 --basis list --format csv --cost amortized; expect_rc 0 "amortized"
cp "$T/out" "$T/amo.csv"
apr() { awk -F, '$1=="財政局" {print $2}' "$1"; }
may() { awk -F, '$1=="財政局" {print $3}' "$1"; }
# the renewal (12 x about 29,600 yen) lands in April on the cash basis only
expect_eq "$(( $(apr "$T/cash.csv") - $(apr "$T/amo.csv") > 250000 ))" "1" \
    "cash April carries the up-front renewal ($(apr "$T/cash.csv") vs $(apr "$T/amo.csv"))"
expect_eq "$(( $(may "$T/cash.csv") - $(may "$T/amo.csv") < 100000 ))" "1" "May does not"

run report budget --fiscal-year 2027 -o "$T/b.md"; expect_rc 0 "report"
expect_grep "実績コスト (現金主義: 前払いの予約・節約プランは購入した年度の支出として計上" "$T/b.md" \
    "the report says which cost and why"
run report budget --fiscal-year 2027 --lang en --cost amortized -o "$T/b-en.md"
expect_grep "amortized (amortized as asked (purchases spread over their term, not when paid))" \
    "$T/b-en.md" "asked amortized is stated as such"
finish
