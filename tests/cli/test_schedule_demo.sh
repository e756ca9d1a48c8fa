# test_schedule_demo.sh - schedules and commitments on the synthetic demo city
# (docs/demo.md): the planted office-hours VMs are found, the batch VM, the
# always-on tag and the reservations are respected. Generated, not stored.
. "$(dirname "$0")/lib.sh"

run demo --out "$T/demo" --months 2 --end 2026-10 --metric-weeks 3 --no-amortized --no-import
expect_rc 0 "demo generator"
expect_grep '"armSkuName":"Standard_D4s_v5".*"type":"Reservation","reservationTerm":"3 Years"' "$T/demo/prices.json" "the demo writes a Retail Prices page"
run departments load "$T/demo/departments.csv";  expect_rc 0 "department rules"
run -q import "$T"/demo/EA_ActualCost_*.csv.gz;     expect_rc 0 "cost import"
run -q import "$T/demo/metrics.csv.gz";     expect_rc 0 "metrics import"

run schedule --weeks 3 --from 2026-11-02 --format csv
expect_rc 0 "schedule"
for vm in vm-kodomo-dev01 vm-kenko-test01 vm-digital-dev02; do
    expect_grep "/$vm,[^,]*,mon-fri 07:00-20:00; holidays off,168.0,65.0,[0-9][0-9]*,idle outside" "$T/out" "$vm: office hours found"
done
expect_grep '/vm-fukushi-core01,福祉局,always on,.*,tagged always-on,[^,]*$' "$T/out" "always-on tag wins"
expect_grep '/vm-suido-batch01,水道局,always on,.*busy at night (batch)' "$T/out" "batch VM kept"
for vm in vm-zaisei-db01 vm-shimin-juki-db02 vm-digital-ad01; do
    expect_grep "/$vm,[^,]*,always on,.*covered by a reservation" "$T/out" "$vm: reserved VM kept"
done
expect_no_grep '/vm-[a-z]*-dev0[0-9],[^,]*,mon-fri 08:00' "$T/out" "auto-shutdown dev VMs are not flagged again"

# no commitment prices in the store: one line naming how to get them, exit 1
run commit --weeks 3 --from 2026-11-02 --format csv
expect_rc 1 "commit without prices"
expect_eq "$(cat "$T/out")" "" "no table of empty columns"
expect_grep "no reservation or savings-plan prices in the store: fetch them with 'yosan pull prices --region japaneast --currency JPY' or import a Retail Prices page with 'yosan import prices.json'" "$T/err" "names the commands"
run commit --weeks 3 --from 2026-11-02 --format csv --assume-ri1y 36 --assume-ri3y 55
expect_rc 0 "commit"
expect_grep "using the --assume-\* discounts" "$T/err" "says which prices"
expect_grep '^Standard_E8s_v5,japaneast,[0-9]*,[1-9],JPY,' "$T/out" "already committed VMs counted"
expect_grep '^Standard_D4s_v5,.*assumed discounts,.*schedule: [1-9]' "$T/out" "office VMs scheduled, not reserved"
expect_grep '^Standard_D8s_v5,.*reserve 3y: [1-9]' "$T/out" "always-running VMs reserved"
# the right-sizing report carries the schedule section (idle-all-week VMs stay in
# right-sizing's shut-down rows, not counted twice)
run report rightsize --month 2026-10 -o - -f md --lang en
expect_rc 0 "rightsize report"
expect_grep '^## Stop schedules (off on holidays and 12/29-1/3)' "$T/out" "schedule section"
expect_grep '| vm-kodomo-dev01 | mon-fri 07:00-20:00; holidays off |' "$T/out" "office VM in the report"
expect_grep '1 tagged always-on, 3 covered by a reservation' "$T/out" "refusals summarised"
expect_no_grep '| always off |' "$T/out" "idle VMs not listed twice"

# with Retail Prices for Standard_D4s_v5 in japaneast (tests/data/prices_page.json):
# PAYG 34/h, 1-year reservation 178,704 = 20.4/h, 3-year 344,560 = 13.111/h,
# savings plan 23.8 / 17 per hour. Break-even by hand: 20.4 x 730 / 34 = 438.0 h
# per month; 13.111 x 730 / 34 = 281.5 h.
# The pricing rule (docs/rightsize.md): the bill has Standard_D4s_v5, so PAYG is
# its own rate (35.938/h), not the retail 34, and the commitment prices scale
# with it: the break-even hours stay those of the retail page.
run import "$TEST_DATA_DIR/prices_page.json";  expect_rc 0 "price import"
run commit --weeks 3 --from 2026-11-02 --format csv
expect_rc 0 "commit with retail prices"
expect_grep '^Standard_D4s_v5,japaneast,[0-9]*,[0-9]*,JPY,35.9380,.*,438.0,281.5,.*,retail prices,' "$T/out" "bill's rate, retail break-even"
expect_grep 'prices japaneast JPY: own rates 2026-08-03..2026-10-31 for 11 sizes; the other 0 retail x 1.06 (own / retail over 2 shared sizes' "$T/err" "the ratio is stated"
expect_grep '^Standard_E8s_v5,.*,,,,,,,.*no commitment price,pay-as-you-go' "$T/out" "sizes without retail prices: no commitment columns"
expect_grep "the Azure Retail Prices in the store (1 VM sizes; newest of 1 imports: .*prices_page.json" "$T/err" "says which prices it used"
expect_grep "of [0-9]* VM sizes have no reservation or savings-plan price" "$T/err" "and which sizes lack them"
# the demo's own page prices every size of the city
run import "$T/demo/prices.json"; expect_rc 0 "demo price page"
run commit --weeks 3 --from 2026-11-02 --format csv
expect_rc 0 "commit with the demo's prices"
expect_no_grep 'no commitment price' "$T/out" "every size priced"
expect_grep '^Standard_D8s_v5,japaneast,.*,retail prices,.*reserve 3y: [1-9]' "$T/out" "always-running VMs reserved at retail prices"

# without metrics: billed hours per day only (docs/schedule.md)
MAIN_DB=$YOSAN_DB
use_db costs
C=$YOSAN_DB
export YOSAN_DB=$MAIN_DB
run --db "$C" departments load "$T/demo/departments.csv"; expect_rc 0 "rules (costs only)"
run --db "$C" -q import "$T"/demo/EA_ActualCost_*.csv.gz;   expect_rc 0 "costs only"
run --db "$C" schedule --weeks 3 --from 2026-11-02 --format csv
expect_rc 0 "schedule from cost rows"
expect_grep 'analysed 109 VMs over 3 weeks (daily cost hours only)' "$T/err" "says it has no metrics"
expect_grep '/vm-kodomo-dev01,.*always on,.*no metrics, and billed around the clock' "$T/out" "24/7 billing: idle hours unknown"
expect_grep '/vm-[a-z]*-dev11,.*already stopped outside its busy hours' "$T/out" "auto-shutdown dev VMs recognised from their bill"
expect_no_grep ',mon-fri ' "$T/out" "no schedule guessed from the bill of this city"
finish
