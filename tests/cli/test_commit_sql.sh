# test_commit_sql.sh - SQL Database reserved capacity in `yosan commit`
# (issue 15): on a 4-month demo city every provisioned database is billed 24/7,
# so its vCores make one 'SQL Database ...' group beside the VM sizes; the
# vCores, the bill's own vCore-hour rate and the assumed reservation costs are
# recomputed here from the generated cost files (the last 90 days).
. "$(dirname "$0")/lib.sh"

run demo --seed 1 --months 4 --end 2025-03 --metric-weeks 2 --no-amortized --out "$T/d"
expect_rc 0 "demo city"
run commit --format csv
expect_rc 0 "commit"
expect_grep "SQL Database group(s) of steady vCores: reserved capacity prices are not in" "$T/err" "says how to price reserved capacity"
row=$(grep '^SQL Database General Purpose - Compute Gen5,japaneast,' "$T/out")
[ -n "$row" ] && ok || fail "a SQL Database row in commit"
expect_eq "$(echo "$row" | cut -d, -f18)" "pay-as-you-go: 48" "no reservation price: pay-as-you-go"
grep -c '^Standard_' "$T/out" >"$T/nvm"
[ "$(cat "$T/nvm")" -gt 5 ] && ok || fail "the VM rows are still there"

# recompute from the files: last 90 days (2025-01-01..03-31)
python3 - "$T/d" >"$T/calc" <<'PY' || fail "recompute"
import csv, glob, gzip, sys
days = {}
cost = hrs = 0.0
for f in sorted(glob.glob(sys.argv[1] + "/EA_ActualCost_*.csv.gz")):
    for r in csv.DictReader(gzip.open(f, "rt", encoding="utf-8-sig")):
        if "/databases/" not in r["ResourceId"] or r["MeterName"] != "vCore":
            continue
        m, d, y = r["Date"].split("/")
        if (y, m, d) < ("2025", "01", "01"):
            continue
        k = r["ResourceId"]
        days.setdefault(k, {}).setdefault(r["Date"], 0.0)
        days[k][r["Date"]] += float(r["Quantity"])
        cost += float(r["Cost"]); hrs += float(r["Quantity"])
assert all(len(v) == 90 for v in days.values()), [len(v) for v in days.values()]
units = sum(int(min(v.values()) / 24 + 1e-9) for v in days.values())
rate = cost / hrs
print(units, "%.4f" % rate, round(units * 8760 * rate), round(units * 8760 * rate * 0.8), round(units * 8760 * rate * 0.67))
PY
read -r units rate payg ri1 ri3 <"$T/calc"
expect_eq "$(echo "$row" | cut -d, -f3,6,7)" "$units,$rate,$payg" "vCores, own rate and a year of pay-as-you-go"
run commit --format csv --assume-ri1y 20 --assume-ri3y 33
expect_rc 0 "commit with assumed discounts"
row=$(grep '^SQL Database General Purpose - Compute Gen5,' "$T/out")
expect_eq "$(echo "$row" | cut -d, -f9,10,11)" "$ri1,$ri3," "reserved capacity 1y/3y at the assumed discounts; no savings plan"
expect_eq "$(echo "$row" | cut -d, -f13,14)" "584.0,489.1" "break-even hours a month (0.8 and 0.67 x 730)"
expect_eq "$(echo "$row" | cut -d, -f17,18)" "bill + assumed discounts,reserve 3y: $units" "steady vCores: reserve 3 years"
run commit --format csv --department 財政局
expect_rc 0 "one department"
expect_eq "$(grep '^SQL Database' "$T/out" | cut -d, -f3)" "10" "財政局: 8 + 2 vCores"
finish
