# test_summary.sh - `yosan summary`: usage errors and output shapes on an
# empty store (the demo-data checks live in test_demo.sh).
. "$(dirname "$0")/lib.sh"

run summary --by bogus;            expect_rc 2 "bad --by"; expect_grep "unknown --by 'bogus'" "$T/err" "names the bad value"
run summary --from 2025-13-01;     expect_rc 2 "impossible --from"
run summary --to 2025/01/01;       expect_rc 2 "non-ISO --to"
run summary --from 2025-05-01 --to 2025-04-01; expect_rc 2 "--from after --to"
run summary --cost both;           expect_rc 2 "bad --cost"
run summary --fy-start-month 13;   expect_rc 2 "bad --fy-start-month"
run summary --format xml;          expect_rc 2 "bad --format"
YOSAN_FY_START_MONTH=x run summary; expect_rc 2 "bad YOSAN_FY_START_MONTH"
run summary extra;                 expect_rc 2 "stray argument"

run summary --by department --format csv
expect_rc 1 "no database"
expect_no_db "says there is none"
fail_if_db_made "summary created the database"
run import "$TEST_DATA_DIR/EA_NoRows.csv"; expect_rc 0 "an empty store"
run summary --by department --format csv
expect_rc 0 "empty store csv"
expect_eq "$(cat "$T/out")" "department,cost,currency,basis" "empty store: header only"
expect_grep "no actual cost data" "$T/err" "warns about the empty store"
run summary --by fiscal-year --format json
expect_rc 0 "empty store json"; expect_eq "$(cat "$T/out")" "[]" "empty json array"
finish
