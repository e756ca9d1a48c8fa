# test_whatif.sh - `yosan whatif` and `yosan license` end to end: hand-computed
# yearly totals, output formats, sensitivity, and bad scenario files rejected
# with file:line and exit 3.
. "$(dirname "$0")/lib.sh"
D="$TEST_DATA_DIR/whatif"

# keep:  FY2026 1,800,000  FY2027 1,800,000  FY2028 600,000 (the lease ended) = 4,200,000
# move:  FY2026 1,876,000  FY2027 876,000    FY2028 876,000                   = 3,628,000
run whatif "$D/hand.yaml" --format csv
expect_rc 0 "whatif csv"
expect_eq "$(head -1 "$T/out" | tr -d '\r')" "alternative,fiscal_year,hardware,compute,labour,migration,total,cumulative" "csv header"
expect_grep '^keep,FY2026,1200000,0,600000,0,1800000,1800000' "$T/out" "keep FY2026"
expect_grep '^keep,FY2028,0,0,600000,0,600000,4200000' "$T/out" "lease ended in FY2028"
expect_grep '^move,FY2026,0,876000,0,1000000,1876000,1876000' "$T/out" "move FY2026 with migration"
expect_grep '^move,FY2028,0,876000,0,0,876000,3628000' "$T/out" "move cumulative"

# cumulative move <= keep from FY2027 (2,752,000 <= 3,600,000): break-even FY2027
run whatif "$D/hand.yaml" --format csv --section summary
expect_rc 0 "summary csv"
expect_grep '^1,move,,3628000,3628000,-572000,FY2027' "$T/out" "move ranks first, breaks even FY2027"
expect_grep '^2,keep,,4200000,4200000,0,(baseline)' "$T/out" "baseline row"

# --years shortens the horizon: after one year keep is still cheaper
run whatif "$D/hand.yaml" --years 1 --format csv --section summary
expect_grep '^1,keep' "$T/out" "one year: keep first"
expect_grep 'move,,1876000,1876000,76000,never' "$T/out" "never breaks even in one year"

# table and json
run whatif "$D/hand.yaml"
expect_rc 0 "whatif table"
expect_grep 'FY2026-FY2028, JPY, baseline keep' "$T/out" "title line"
expect_grep '3,628,000' "$T/out" "grouped digits in the table"
run whatif "$D/hand.yaml" --format json --vary fx=+-50%
expect_rc 0 "whatif json"
expect_grep '"yearly": \[' "$T/out" "json yearly"
expect_grep '"sensitivity": \[' "$T/out" "json sensitivity"
# fx +50%: move costs 1,314,000 a year -> 4,942,000 > 4,200,000: keep becomes cheapest
expect_grep '"variant": "fx +50%", "ranking": "keep .u003c move", "cheapest": "keep", "changed": "cheapest changes"' "$T/out" "fx flips the ranking"
if command -v python3 >/dev/null; then
    python3 -m json.tool "$T/out" >/dev/null 2>&1; RC=$?; expect_rc 0 "json is valid"
fi

# usage errors
run whatif;                                   expect_rc 2 "no scenario"
run whatif "$D/hand.yaml" --format xml;       expect_rc 2 "bad format"
run whatif "$D/hand.yaml" --vary fx=lots;     expect_rc 2 "bad --vary"
run whatif "$D/hand.yaml" --format csv --section all; expect_rc 2 "csv needs one section"
run whatif "$T/nope.yaml";                    expect_rc 1 "missing file"

# bad scenario files: exit 3, file:line and a clear message
run whatif "$D/typo.yaml"; expect_rc 3 "typo"
expect_grep "typo.yaml:10: labour item: unknown field 'rate_per_hr' (did you mean 'rate_per_hour'?)" "$T/err" "typo message"
run whatif "$D/missing.yaml"; expect_rc 3 "missing field"
expect_grep "missing.yaml:7: missing field 'rate_per_hour'" "$T/err" "missing message"
run whatif "$D/negative.yaml"; expect_rc 3 "negative price"
expect_grep "negative.yaml:10: field 'per_month': expected a non-negative number, got '-5'" "$T/err" "negative message"
run whatif "$D/unknown-size.yaml"; expect_rc 3 "unknown size"
expect_grep "unknown-size.yaml:9: field 'size': unknown VM size 'Standard_D4s_v7' (did you mean 'Standard_D4s_v5'?)" "$T/err" "size message"

# store references: monthly averages over the imported rows (see store.yaml)
run whatif "$D/store.yaml"
expect_rc 1 "store items without a database"
expect_no_db "says there is no database"
fail_if_db_made "whatif created the database"
run import "$TEST_DATA_DIR/EA_NoRows.csv"; expect_rc 0 "an empty store"
run whatif "$D/store.yaml"
expect_rc 1 "store items on an empty store"
expect_grep "store.yaml:9: item 'a': the store has no cost data" "$T/err" "says the store is empty"
run -q import "$D/ea_small.csv"; expect_rc 0 "import the small EA file"
run whatif "$D/store.yaml" --format csv
expect_rc 0 "whatif with store items"
expect_grep '^now,FY2026,1800000,1800000,1800000' "$T/out" "sub-a 1,200,000 + 水道局 600,000"
expect_grep '^later,FY2027,2940000,2940000,5880000' "$T/out" "all less 10% + June of sub-a"
sed 's/subscription: sub-a       #/subscription: sub-x       #/' "$D/store.yaml" >"$T/nosub.yaml"
run whatif "$T/nosub.yaml"
expect_rc 1 "unknown subscription"
expect_grep "item 'a': no costs for subscription 'sub-x' in 2026-04..2026-06" "$T/err" "names the subscription"
sed 's/        savings: 10%/        apply: [rightsise]/' "$D/store.yaml" >"$T/apply.yaml"
run whatif "$T/apply.yaml"
expect_rc 3 "unknown apply"
expect_grep "apply.yaml:20: field 'apply': unknown 'rightsise' (did you mean 'rightsize'?)" "$T/err" "apply typo"
sed 's/        savings: 10%/        apply: [rightsize]/' "$D/store.yaml" >"$T/apply.yaml"
run whatif "$T/apply.yaml" --format csv
expect_rc 0 "apply rightsize"
# the fixture's disks are attached to no VM, so right-sizing proposes deleting
# them: whatever it saves must come off the 1,800,000 of 'all'
later=$(awk -F, '$1 == "later" && $2 == "FY2026" {print $3}' "$T/out")
if [ -n "$later" ] && [ "$later" -lt 3120000 ] && [ "$later" -ge 1320000 ]; then ok; else fail "rightsize savings not applied: '$later'"; fi
expect_grep "all: right-sizing saves" "$T/err" "logs the measured savings"

# stop schedules: the fixture bills no VMs, so there is nothing to stop
sed 's/        savings: 10%/        apply: [schedule]/' "$D/store.yaml" >"$T/sched.yaml"
run whatif "$T/sched.yaml" --format csv
expect_rc 0 "apply schedule"
expect_grep '^later,FY2026,3120000,' "$T/out" "no VMs: 1,800,000 + 1,320,000, nothing saved"
expect_grep "all: stop schedules save 0 JPY a month" "$T/err" "logs the schedule savings"

# VM prices from the imported retail prices (see vm-prices.yaml)
run whatif "$D/vm-prices.yaml"
expect_rc 1 "no prices imported"
expect_grep "vm-prices.yaml:9: item 'web': no price known for Standard_D4s_v5 in japaneast" "$T/err" "asks for a price"
run -q import "$TEST_DATA_DIR/prices_page.json"; expect_rc 0 "import prices"
run whatif "$D/vm-prices.yaml" --format csv
expect_rc 0 "whatif with store prices"
expect_grep '^paygo,FY2026,297840,' "$T/out" "34 JPY x 730 x 12"
expect_grep '^reserved,FY2026,114853,' "$T/out" "3-year reservation price / 3"

# the examples run
for f in "$TEST_SRC_DIR"/examples/*.yaml; do
    run whatif "$f" --vary fx=+-15%,utilisation=+-20%
    expect_rc 0 "example $(basename "$f")"
done

# the Oracle example by hand: 2 servers x 2 sockets x 8 cores x 0.5 = 16 processor
# licences owned (BYOL); EE + Partitioning + Diagnostics = 47,500 + 11,500 + 7,500
# = 66,500 USD each; support 22% x 16 x 66,500 x 150 yen = 35,112,000 yen in FY2026
run whatif "$TEST_SRC_DIR/examples/oracle-ee.yaml" --format csv
expect_eq "$(head -1 "$T/out" | tr -d '\r')" "alternative,fiscal_year,hardware,maintenance,facility,oracle_support,compute,paas,storage,labour,migration,total,cumulative" "oracle example columns"
expect_grep '^onprem-oracle,FY2026,1600000,800000,960000,35112000,' "$T/out" "Oracle support by hand"
# Azure BYOL: E16ds_v5 x 2 with HT = 8 x 2 = 16 licences, all owned: same support, no purchase
expect_grep '^azure-byol,FY2026,0,0,0,35112000,' "$T/out" "Azure count equals the owned licences"

# license calculator
run license oracle --edition ee --platform azure --vcpus 16 --ht --usd-jpy 150
expect_rc 0 "license azure"
expect_grep 'Azure, hyper-threading: 16 vCPUs / 2 = 8 processor licences' "$T/out" "azure rule"
expect_grep 'licence_cost_usd *380,000' "$T/out" "8 x 47,500"
expect_grep 'support_per_year_usd *83,600' "$T/out" "22% support"
expect_grep 'licence_cost_jpy *57,000,000' "$T/out" "in yen"
run license oracle --edition ee --platform azure --vcpus 16 --no-ht
expect_grep 'processor_licences *16' "$T/out" "no HT: 1 vCPU = 1 licence"
run license oracle --edition ee --platform onprem --cores 12 --cpu amd --metric nup --users 30 --format json
expect_rc 0 "license onprem nup"
expect_grep '"processor_licences": 6' "$T/out" "12 x 0.5"
expect_grep '"licences": 150' "$T/out" "25 NUP per processor"
run license oracle --edition se2 --platform azure --vcpus 6
expect_grep 'processor_licences *2' "$T/out" "SE2: 6 vCPUs = 2 sockets"
run license oracle --edition se2 --platform azure --vcpus 16
expect_rc 2 "SE2 above the cap"
expect_grep 'limited to 8 vCPUs' "$T/err" "cap message"
run license oracle --edition se2 --platform onprem --sockets 2 --options rac
expect_rc 2 "options need EE"
run license oracle --edition ee --platform azure --cores 8
expect_rc 2 "azure counts vcpus"
run license mysql --edition ee --platform azure --vcpus 8
expect_rc 2 "only oracle"
finish
