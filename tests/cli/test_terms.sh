#!/bin/bash
# test_terms.sh - issue 12 item 1, billing terms and the --basis of money
# figures: the consumption-tax boundary (usage on 2019-09-30 vs 2019-10-01),
# a tax-exempt service, a markup with an effective date mid-year and one per
# service, the rounding rules, bad terms files (file:line: field, exit 3,
# nothing changed), and the budget: contract+tax = contract + tax to the yen
# on every line and month, a 3 % markup moving every line by 3 %, and the
# departments adding up to the total in every column.
. "$(dirname "$0")/lib.sh"
use_db terms

HDR='SubscriptionId,SubscriptionName,ResourceGroup,ResourceId,Date,MeterCategory,CostInBillingCurrency'
row() { echo "s1,Sub s1,rg-a,/subscriptions/s1/resourceGroups/rg-a/providers/p/$1,$2,$3,$4"; }
{
    echo "$HDR"
    row vm1 09/30/2019 "Virtual Machines" 1005
    row vm1 10/01/2019 "Virtual Machines" 1000
    row st1 10/01/2019 Storage 200
} >"$T/ea.csv"
run import --format ea "$T/ea.csv"; expect_rc 0 "import"
month() { awk -F, -v m="$1" '$1==m {print $2}' "$T/out"; }

# built-in terms: 8 % until 2019-09-30, 10 % from 2019-10-01; floor
run summary --by month --format csv --basis list; expect_rc 0 "list"
expect_eq "$(month 2019-09)" "1005.000000" "list September"
run summary --by month --format csv --basis contract+tax
expect_eq "$(month 2019-09)" "1085.000000" "8 % on 2019-09-30 (80.4 floored)"
expect_eq "$(month 2019-10)" "1320.000000" "10 % on 2019-10-01"
expect_grep "^2019-10,1320.000000,[A-Z]*,contract+tax$" "$T/out" "rows say their basis"
run summary --by month --format csv
expect_eq "$(month 2019-10)" "1200.000000" "summary defaults to contract (no markup: list)"
run terms; expect_rc 0 "terms show"
expect_grep "^# billing terms in force: built-in defaults" "$T/out" "defaults named"
cp "$T/out" "$T/defaults.yaml"

# rounding rule, an exempt service, a markup from mid-year and one per service
cat >"$T/t.yaml" <<'YAML'
tax:
  rates:
    - from: 2014-04-01
      percent: 8
    - from: 2019-10-01
      percent: 10
  exempt: [Storage]
contract:
  - percent: 3
    from: 2019-10-01
    note: reseller margin
  - percent: -10
    from: 2019-10-01
    to: 2019-12-31
    service: Storage
rounding: ceil
YAML
run terms load "$T/t.yaml"; expect_rc 0 "load terms"
run summary --by month --format csv --basis contract+tax
expect_eq "$(month 2019-09)" "1086.000000" "ceil: 80.4 -> 81; no markup before 2019-10"
# October: VM 1000 * 1.03 = 1030 + tax 103; Storage 200 * 0.90 = 180, exempt
expect_eq "$(month 2019-10)" "1313.000000" "markup from October, Storage -10 % and untaxed"
run summary --by service --format csv --basis contract
expect_grep "^Storage,180.000000,[A-Z]*,contract$" "$T/out" "per-service discount"
run summary --by month --format csv --basis list
expect_eq "$(month 2019-10)" "1200.000000" "list ignores the terms"
# the shown terms load back as they are
run terms; cp "$T/out" "$T/shown.yaml"
run terms load "$T/shown.yaml"; expect_rc 0 "shown terms load back"
run terms; expect_eq "$(tail -n +2 "$T/out")" "$(tail -n +2 "$T/shown.yaml")" "round trip"
run terms load "$T/t.yaml"

# bad files: file:line: field, exit 3, the terms in force unchanged
bad() { # bad DESCRIPTION PATTERN  (file content on stdin)
    cat >"$T/bad.yaml"
    run terms load "$T/bad.yaml"; expect_rc 3 "$1: exit 3"
    expect_grep "$2" "$T/err" "$1: message"
    run terms; expect_grep "^# billing terms in force: t.yaml" "$T/out" "$1: terms unchanged"
}
printf 'contract:\n  - percent: 3\n    from: 2027-04-15\n' |
    bad "mid-month date" "bad.yaml:3: field 'from': expected the first day of a month"
printf 'contract:\n  - percnt: 3\n' | bad "typo" "bad.yaml:2: contract row: unknown field 'percnt' (did you mean 'percent'?)"
printf 'tax:\n  rates:\n    - from: 2019-10-01\n      percent: ten\n' |
    bad "not a number" "bad.yaml:4: field 'percent': expected a percent"
printf 'tax:\n  rates:\n    - from: 2019-10-01\n      percent: 10\n    - from: 2014-04-01\n      percent: 8\n' |
    bad "out of order" "bad.yaml:5: field 'from': tax rates must be in date order"
printf 'contract:\n  - percent: 3\n  - percent: 2\n    from: 2020-04-01\n' |
    bad "overlap" "bad.yaml:3: field 'from': contract rows 1 and 2 both apply to all services in 2020-04"
printf 'rounding: down\n' | bad "rounding" "bad.yaml:1: field 'rounding': expected one of floor, round, ceil"
printf 'tax: [\n' | bad "syntax" "bad.yaml:2: YAML syntax error"
printf 'contract:\n  - percent: 3\n    note: "\xff"\n' | bad "non-UTF-8" "bad.yaml:3: invalid"

# ---- the budget: list, contract (+3 %) and contract+tax on the same run
use_db budget
printf 'contract:\n  - percent: 3\n    note: reseller margin\n' >"$T/m3.yaml"
run terms load "$T/m3.yaml"; expect_rc 0 "load a 3 % markup"
M="$TEST_DATA_DIR/budget_monthly.csv"
for b in list contract contract+tax; do
    run budget --input "$M" --as-of 2026-11-30 --fiscal-year 2027 --format csv --basis "$b"
    expect_rc 0 "budget --basis $b"
    cp "$T/out" "$T/b-$b.csv"
done
run budget --input "$M" --as-of 2026-11-30 --fiscal-year 2027 --format csv
expect_eq "$(md5sum <"$T/out")" "$(md5sum <"$T/b-contract+tax.csv")" "budget defaults to contract+tax"
expect_grep "contract+tax" "$T/err" "the run states its basis"
# every line and month (12 months and the budget column): exact rules
python3 - "$T/b-list.csv" "$T/b-contract.csv" "$T/b-contract+tax.csv" >"$T/check" 2>&1 <<'PY'
import csv, sys
rd = lambda p: list(csv.reader(open(p, encoding="utf-8")))
L, C, X = (rd(p) for p in sys.argv[1:])
bad = []
for l, c, x in zip(L[1:], C[1:], X[1:]):
    assert l[0] == c[0] == x[0]
    if l[0] == "total":  # the total is the lines' sum, checked below
        continue
    for k in range(1, 13):
        lv, cv, xv = int(l[k]), int(c[k]), int(x[k])
        if cv != lv * 103 // 100:
            bad.append(f"{l[0]} month {k}: contract {cv} != floor({lv} * 1.03)")
        if xv != cv + cv * 10 // 100:
            bad.append(f"{l[0]} month {k}: contract+tax {xv} != {cv} + floor({cv} * 0.10)")
for rows, name in ((C, "contract"), (X, "contract+tax")):
    body = [r for r in rows[1:] if r[0] != "total"]
    tot = [r for r in rows[1:] if r[0] == "total"][0]
    for k in list(range(1, 13)) + [16, 17, 18]:
        s = sum(int(r[k]) for r in body)
        if s != int(tot[k]):
            bad.append(f"{name}: column {rows[0][k]}: departments {s} != total {tot[k]}")
    for r in rows[1:]:
        if sum(int(r[k]) for k in range(1, 13)) != int(r[16]):
            bad.append(f"{name}: {r[0]}: months do not add up to the budget")
print("\n".join(bad) if bad else "OK")
PY
expect_eq "$(cat "$T/check")" "OK" "contract = list + 3 %, contract+tax = contract + 10 % floored, sums to the yen"
run terms reset; expect_rc 0 "reset"
run budget --input "$M" --as-of 2026-11-30 --fiscal-year 2027 --format csv --basis contract
expect_eq "$(cut -d, -f2-13 "$T/out" | md5sum)" "$(cut -d, -f2-13 "$T/b-list.csv" | md5sum)" \
    "after reset contract = list"
# ---- price revisions and the exchange rate (issue 12 item 2)
cat >"$T/rev.yaml" <<'YAML'
revisions:
  - from: 2027-10-01
    percent: 5
    note: JPY price revision
YAML
run terms load "$T/rev.yaml"; expect_rc 0 "load a revision"
run budget --input "$M" --as-of 2026-11-30 --fiscal-year 2027 --format csv --basis list
expect_rc 0 "budget with a revision"
expect_grep "assumptions: price revision +5 % from 2027-10 JPY price revision" "$T/err" "the run lists the revision"
python3 - "$T/b-list.csv" "$T/out" >"$T/check" 2>&1 <<'PY'
import csv, sys
A, B = (list(csv.reader(open(p, encoding="utf-8"))) for p in sys.argv[1:])
bad = []
for a, b in zip(A[1:], B[1:]):
    if a[0] == "total":
        continue
    for k in range(1, 13):  # 2027-04 .. 2028-03: the revision from the 7th month
        want = int(a[k]) if k < 7 else int(a[k]) * 105 // 100
        if int(b[k]) != want:
            bad.append(f"{a[0]} {A[0][k]}: {b[k]} != {want}")
print("\n".join(bad) if bad else "OK")
PY
expect_eq "$(cat "$T/check")" "OK" "revision: months from 2027-10 move by exactly 5 %, earlier ones not"
# a USD bill: converted at 150 yen, the range 140-165 widens P80 and P95
awk -F, 'NR == 1 {print $0 ",currency"; next} {print $0 ",USD"}' "$M" >"$T/usd.csv"
printf 'fx:\n  currency: USD\n  rate: 150\n  low: 140\n  high: 165\n' >"$T/fx.yaml"
run terms load "$T/fx.yaml"; expect_rc 0 "load an exchange rate"
run budget --input "$T/usd.csv" --as-of 2026-11-30 --fiscal-year 2027 --format csv --basis list
expect_rc 0 "USD budget"; cp "$T/out" "$T/fx.csv"
expect_grep "USD converted at 150 yen (range 140-165" "$T/err" "the run lists the rate"
python3 - "$T/b-list.csv" "$T/fx.csv" >"$T/check" 2>&1 <<'PY'
import csv, sys
A, B = (list(csv.reader(open(p, encoding="utf-8"))) for p in sys.argv[1:])
bad = []
for a, b in zip(A[1:], B[1:]):
    if a[0] == "total":
        continue
    for k in range(1, 13):
        if int(b[k]) != int(a[k]) * 150:
            bad.append(f"{a[0]} {A[0][k]}: {b[k]} != 150 x {a[k]}")
    if int(b[13]) != int(a[13]) * 150:
        bad.append(f"{a[0]} p50 {b[13]} != 150 x {a[13]}")
    for q in (14, 15):  # p80, p95 spreads wider than the converted forecast spread
        if int(b[q]) - int(b[13]) <= (int(a[q]) - int(a[13])) * 150:
            bad.append(f"{a[0]} {A[0][q]} not widened")
print("\n".join(bad) if bad else "OK")
PY
expect_eq "$(cat "$T/check")" "OK" "USD x 150 to the yen; P80 and P95 widened by the range"
printf 'fx:\n  currency: USD\n  rate: 150\n  low: 155\n' >"$T/bad.yaml"
run terms load "$T/bad.yaml"; expect_rc 3 "fx low above rate"
expect_grep "fx: expected low <= rate <= high" "$T/err" "fx range message"
finish
