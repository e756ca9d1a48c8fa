# test_demo.sh - `yosan demo`: option errors, deterministic files, the EA
# header of a real export; then the demo imported through the real
# importers and `yosan summary` on it (exact totals agree across groupings,
# Japanese table alignment, datasets and bounds).
. "$(dirname "$0")/lib.sh"

run demo --months 0;            expect_rc 2 "--months 0"
run demo --months x;            expect_rc 2 "--months not a number"
run demo --end 2025-13;         expect_rc 2 "--end bad month"
run demo --end 2025-1;          expect_rc 2 "--end short"
run demo --seed -1;             expect_rc 2 "--seed negative"
run demo --metric-weeks 53;     expect_rc 2 "--metric-weeks too many"
run demo stray;                 expect_rc 2 "stray argument"

GEN="--seed 3 --months 2 --end 2025-03 --metric-weeks 1 --no-import"
run demo $GEN --out "$T/a";     expect_rc 0 "demo a"
run demo $GEN --out "$T/b";     expect_rc 0 "demo b"
expect_eq "$(cd "$T/a" && ls | tr '\n' ' ')" \
    "EA_ActualCost_2025-02.csv.gz EA_ActualCost_2025-03.csv.gz EA_AmortizedCost_2025-02.csv.gz EA_AmortizedCost_2025-03.csv.gz appropriations.csv departments.csv metrics.csv.gz prices.json " \
    "files written"
expect_eq "$(cd "$T/a" && sha256sum * | sha256sum)" "$(cd "$T/b" && sha256sum * | sha256sum)" \
    "same seed, same bytes"
run demo --seed 4 --months 2 --end 2025-03 --metric-weeks 1 --no-import --out "$T/c"
expect_rc 0 "demo c"
if cmp -s "$T/a/metrics.csv.gz" "$T/c/metrics.csv.gz"; then fail "another seed gives other metrics"; else ok; fi
expect_eq "$(gzip -dc "$T/a/EA_ActualCost_2025-03.csv.gz" | head -1)" "$(head -1 "$TEST_DATA_DIR/EA_NoRows.csv" | tr -d '\r')" \
    "header of a real EA export"
expect_grep "subscription-name,osaka-zaisei-\*,財政局" "$T/a/departments.csv" "rules map subscriptions to 局"
expect_no_grep "osaka-shared-hub" "$T/a/departments.csv" "the shared hub stays unallocated"
run demo --months 1 --end 2025-03 --metric-weeks 0 --no-amortized --no-import --out "$T/d"
expect_rc 0 "demo without amortized and metrics"
expect_eq "$(cd "$T/d" && ls | tr '\n' ' ')" "EA_ActualCost_2025-03.csv.gz appropriations.csv departments.csv prices.json " "only actual files"
# the price page: every VM size of the city, pay-as-you-go at the bill's rate after the
# price change (D4s v5: 34.2 x 1.10 = 37.62 yen an hour), reservations for the whole term
python3 - "$T/d/prices.json" >"$T/prices.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for it in d["Items"]:
    if it["armSkuName"] == "Standard_D4s_v5":
        print(it["type"], it.get("reservationTerm", "-"), "%.4f" % it["retailPrice"],
              " ".join("%s=%.4f" % (p["term"], p["retailPrice"]) for p in it.get("savingsPlan", [])))
PY
expect_eq "$(cat "$T/prices.txt")" "Consumption - 37.6200 1 Year=28.2150 3 Years=20.6910
Reservation 1 Year 210912.7700 
Reservation 3 Years 444894.1200 " "D4s v5 prices: PAYG, savings plans 25/45 % off, reservations 36/55 % off"

# ---- import a small city (Jan-Apr 2025: two fiscal years) and summarise it
run demo --seed 2 --months 4 --end 2025-04 --metric-weeks 1 --out "$T/city"
expect_rc 0 "demo with import"
expect_grep "imported 8 cost files" "$T/err" "all cost files imported"
expect_grep "hourly values" "$T/err" "metrics imported"

# exact sum of the cost column of a summary CSV, in micro-yen (integers < 2^53)
csv_total() { awk -F, 'NR > 1 { split($(NF-2), p, "."); s += p[1] * 1000000 + p[2] } END { printf "%d", s }' "$1"; }
for by in month fiscal-year department subscription service resource; do
    run summary --by "$by" --format csv; expect_rc 0 "csv by $by"
    cp "$T/out" "$T/by-$by.csv"
done
TOTAL=$(csv_total "$T/by-month.csv")
[ "$TOTAL" -gt 0 ] && ok || fail "total is positive"
for by in fiscal-year department subscription service resource; do
    expect_eq "$(csv_total "$T/by-$by.csv")" "$TOTAL" "total by $by equals total by month"
done
expect_eq "$(head -1 "$T/by-fiscal-year.csv")" "fiscal-year,cost,currency,basis" "csv header names --by"
expect_eq "$(cut -d, -f1 "$T/by-fiscal-year.csv" | tail -n +2 | tr '\n' ' ')" "FY2024 FY2025 " "Jan-Mar is FY2024, April FY2025"
expect_grep '^[0-9-]*,[0-9]*\.[0-9]\{6\},JPY,contract$' "$T/by-month.csv" "costs with exactly 6 decimals"
run summary --by fiscal-year --fy-start-month 1 --format csv
expect_eq "$(cut -d, -f1 "$T/out" | tail -n +2 | tr '\n' ' ')" "FY2025 " "calendar fiscal years"
YOSAN_FY_START_MONTH=1 run summary --by fiscal-year --format csv
expect_eq "$(cut -d, -f1 "$T/out" | tail -n +2 | tr '\n' ' ')" "FY2025 " "start month from the environment"

for dept in 財政局 市民局 健康局 水道局 デジタル統括室 "(unallocated)"; do
    expect_grep "^$dept," "$T/by-department.csv" "department $dept"
done
expect_grep "^osaka-shared-hub," "$T/by-subscription.csv" "the hub subscription"
expect_grep "^Virtual Machines," "$T/by-service.csv" "service names"

# the reservation is spread exactly: actual and amortized agree month by month
expect_grep "summing amortized cost" "$T/err" "amortized by default when present"
run summary --by month --format csv --cost actual
expect_eq "$(cat "$T/out")" "$(cat "$T/by-month.csv")" "actual equals amortized per month"

run summary --by month --from 2025-04-01 --to 2025-04-30 --format csv
expect_eq "$(cut -d, -f1 "$T/out" | tail -n +2)" "2025-04" "date bounds"
run summary --by resource --department 財政局 --format csv
expect_grep "vm-zaisei-report01" "$T/out" "department filter keeps its VM"
expect_no_grep "vm-shimin-legacy01" "$T/out" "department filter drops others"

run summary --by department --format json
expect_rc 0 "json"
expect_grep '"department": "財政局", "cost": [0-9]*\.[0-9]\{6\}, "currency": "JPY"' "$T/out" "json fields"

# the table: Japanese names count two columns, so the cost column ends at one
# display column on every line (the last column, currency, is not padded)
run summary --by department
expect_rc 0 "table"
expect_grep "^total " "$T/out" "total line"
expect_grep "[0-9],[0-9][0-9][0-9] " "$T/out" "thousands separators"
WIDTHS=$(sed 's/  [^ ]*$//' "$T/out" | while IFS= read -r line; do
    printf '%s' "$line" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l)
expect_eq "$WIDTHS" "1" "aligned table"

# the planted cases are what right-sizing finds, and nothing else (docs/demo.md;
# seed 2 has no sqldb-keizai-sangyo, so that PaaS case is not planted here;
# the workspace, storage and bill-only network cases of issue 15 are)
run rightsize --format csv
expect_rc 0 "rightsize on the demo"
expect_eq "$(grep -v ',keep,' "$T/out" | tail -n +2 | cut -d, -f1,4 | sed 's|.*/||' | sort | tr '\n' ' ')" \
    "asp-digital-dev,resize asp-keizai-sangyo,resize asp-kyoiku-gakushu,delete asp-shimin-juki,resize disk-kensetsu-olddata01,delete disk-toshiseibi-orphan02,delete log-osaka-hub,resize log-shimin-juki,resize pip-kyoiku-unused01,delete snap-fukushi-migration01,delete sqldb-kenko-kansen,resize stkodomohoiku,resize stkyoikukyushoku,resize vgw-kensetsu-oldsite,delete vm-kankyo-monitor01,resize vm-kankyo-monitor01-datadisk01,resize vm-keizai-oldportal01,shutdown vm-kyoiku-lab03,shutdown vm-shimin-legacy01,shutdown vm-zaisei-report01,resize " \
    "right-sizing finds exactly the planted cases"

# a second identical run changes nothing
run demo --seed 2 --months 4 --end 2025-04 --metric-weeks 1 --out "$T/city"
expect_rc 0 "demo again"
expect_grep "8 files already there" "$T/err" "re-run detected"
run summary --by month --format csv
expect_eq "$(csv_total "$T/out")" "$TOTAL" "totals unchanged after a re-run"

# another seed for the same months replaces the city instead of adding to it
# (same subscriptions, so the importer's month replacement applies)
run demo --seed 3 --months 4 --end 2025-04 --metric-weeks 0 --out "$T/city3"
expect_rc 0 "demo with another seed"
run summary --by month --format csv
cp "$T/out" "$T/replaced.csv"
use_db fresh
run --db "$YOSAN_DB" demo --seed 3 --months 4 --end 2025-04 --metric-weeks 0 --out "$T/city3"
expect_rc 0 "the same city in a fresh database"
run --db "$YOSAN_DB" summary --by month --format csv
expect_eq "$(cat "$T/replaced.csv")" "$(cat "$T/out")" "re-seeded city replaces the old one"
finish
