# test_rightsize_sqlpool.sh - the SQL Database elastic pool rule in `yosan
# rightsize` on the demo city (issue 15, docs/demo.md): the server whose four
# 2-vCore databases peak at different hours gets one "elastic pool" row, and
# its size and saving are recomputed here from the generated files (the
# databases' hourly cpu_percent and their cost rows); --pool-max-load moves
# the pool size, --pool-min-dbs above the server's databases removes the row,
# and the split keeps the department's cost as it was (8 vCores billed).
. "$(dirname "$0")/lib.sh"

run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 2 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo city"
run import "$T/d/EA_ActualCost_2025-03.csv.gz" "$T/d/metrics.csv.gz"
expect_rc 0 "import costs and metrics"
run departments load "$T/d/departments.csv"
expect_rc 0 "department rules"

run rightsize --lookback 14d --format csv
expect_rc 0 "rightsize csv"
cp "$T/out" "$T/rs.csv"
SERVER=servers/sql-sqldb-kodomo-jido
expect_eq "$(grep -c "$SERVER," "$T/rs.csv")" "1" "one row for the server"
expect_eq "$(grep -c 'elastic pool' "$T/rs.csv")" "1" "no other server gets a pool"
row=$(grep "$SERVER," "$T/rs.csv")
expect_eq "$(echo "$row" | cut -d, -f3-5)" "8 vCores in 4 databases,resize,elastic pool 4 vCores" "server, size and pool"
case "$row" in *",bill x pool 1") ok ;; *) fail "price source 'bill x pool 1' (got '$row')" ;; esac
# the four databases keep their own rows (nothing smaller than 2 vCores, never idle)
expect_eq "$(grep "$SERVER/databases/" "$T/rs.csv" | grep -c ',2 vCores,keep,')" "4" "each database kept on its own"

# recompute from the files: window 2025-03-18..31 (14 days), load = cpu_percent x 2 vCores
python3 - "$T/d" "$row" "$SERVER" >"$T/calc" <<'PY' || fail "recompute the pool"
import csv, gzip, io, sys
d, row, server = sys.argv[1], sys.argv[2], sys.argv[3]
hours = {}
dbs = set()
with gzip.open(d + "/metrics.csv.gz", "rt") as f:
    for r in csv.DictReader(f):
        if server + "/databases/" in r["resource_id"] and r["metric"] == "cpu_percent":
            dbs.add(r["resource_id"])
            hours.setdefault(r["timestamp"], []).append(float(r["value"]) / 100 * 2)
assert len(dbs) == 4, dbs
sums = [sum(v) for t, v in hours.items() if len(v) == 4 and t >= "2025-03-18"]
assert len(sums) == 336, len(sums)
peak = max(sums)
need = peak / 0.70
pool = next(s for s in [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40, 80] if s >= need)
cost = vch = 0.0
with gzip.open(d + "/EA_ActualCost_2025-03.csv.gz", "rt", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        if server.lower() + "/databases/" in r["ResourceId"].lower() and r["Date"] >= "03/18/2025":
            cost += float(r["Cost"])
            vch += float(r["Quantity"])
monthly = cost * 30 / 14
vcores = vch / 336
print(pool, round(monthly), round(monthly * (1 - pool / vcores)), round(vcores, 6))
PY
read -r pool monthly saving vcores <"$T/calc"
expect_eq "$vcores" "8.0" "8 vCores billed on the server (4 x 2)"
expect_eq "$pool" "4" "pool size from the summed hourly load / 0.7"
got=$(echo "$row" | awk -F, '{print $9 "," $10}')
expect_eq "$got" "$monthly,$saving" "monthly cost and saving recomputed from the cost rows"

# the options move the pool: at most 40 % -> 6 vCores (a quarter saved); 5 databases: none
run rightsize --lookback 14d --format csv --pool-max-load 40
expect_rc 0 "--pool-max-load"
expect_eq "$(grep "$SERVER," "$T/out" | cut -d, -f5)" "elastic pool 6 vCores" "40 % headroom: 6 vCores"
run rightsize --lookback 14d --format csv --pool-min-dbs 5
expect_rc 0 "--pool-min-dbs"
expect_eq "$(grep -c 'elastic pool' "$T/out")" "0" "a server of 4 databases needs 5: no pool"
run rightsize --pool-max-load 5
expect_rc 2 "headroom out of range"
expect_grep "pool-max-load: expected a percentage 10..100" "$T/err" "says why"
# the split keeps the department's cost: 192 vCore-hours a day as before
zcat "$T/d/EA_ActualCost_2025-03.csv.gz" | grep "$SERVER/" | awk -F, '$11 == "03/31/2025" { q += $20 } END { print q }' >"$T/q"
expect_eq "$(cat "$T/q")" "192" "the server bills 8 vCores a day as the single database did"
finish
