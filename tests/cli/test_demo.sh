# test_demo.sh - `yosan demo`: option errors, deterministic files, the EA
# header of a real export.
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
    "EA_ActualCost_2025-02.csv EA_ActualCost_2025-03.csv EA_AmortizedCost_2025-02.csv EA_AmortizedCost_2025-03.csv departments.csv metrics.csv " \
    "files written"
expect_eq "$(cd "$T/a" && sha256sum * | sha256sum)" "$(cd "$T/b" && sha256sum * | sha256sum)" \
    "same seed, same bytes"
run demo --seed 4 --months 2 --end 2025-03 --metric-weeks 1 --no-import --out "$T/c"
expect_rc 0 "demo c"
if cmp -s "$T/a/metrics.csv" "$T/c/metrics.csv"; then fail "another seed gives other metrics"; else ok; fi
expect_eq "$(head -1 "$T/a/EA_ActualCost_2025-03.csv")" "$(head -1 "$TEST_DATA_DIR/EA_NoRows.csv" | tr -d '\r')" \
    "header of a real EA export"
expect_grep "subscription-name,osaka-zaisei-\*,財政局" "$T/a/departments.csv" "rules map subscriptions to 局"
expect_no_grep "osaka-shared-hub" "$T/a/departments.csv" "the shared hub stays unallocated"
run demo --months 1 --end 2025-03 --metric-weeks 0 --no-amortized --no-import --out "$T/d"
expect_rc 0 "demo without amortized and metrics"
expect_eq "$(cd "$T/d" && ls | tr '\n' ' ')" "EA_ActualCost_2025-03.csv departments.csv " "only actual files"
finish
