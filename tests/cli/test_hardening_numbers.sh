# test_hardening_numbers.sh - hostile numbers end to end (issue 18, items 6,
# 7 and 14): a metrics grain that would expand one point into months of
# hourly values or overflow, timestamps outside the accepted window, what-if
# numbers beyond their ranges or whose totals overflow int64 (exit 3, never a
# wrapped total ranked cheapest), and `report rightsize` on an empty month.
# The overflow and NULL-pointer cases abort under the ASan/UBSan build
# without the fixes.
. "$(dirname "$0")/lib.sh"
D="$TEST_DATA_DIR"

VM=/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm1
metrics_json() { # metrics_json INTERVAL TIMESTAMP > file
    printf '{"interval":"%s","value":[{"id":"%s/providers/Microsoft.Insights/metrics/x","name":{"value":"Percentage CPU"},"timeseries":[{"data":[{"timeStamp":"%s","average":5}]}]}]}\n' "$1" "$VM" "$2"
}
metrics_count() { # distinct metrics imports recorded
    "$YOSAN" imports 2>/dev/null | grep -c 'metrics-' || true
}

# --- item 6: metrics grains and timestamps -------------------------------------
metrics_json P999999999999999D 2025-03-01T00:00:00Z >"$T/overflow.json"
run import "$T/overflow.json"
expect_rc 3 "grain overflowing a signed multiply"
expect_grep "overflow.json: field 'interval': duration 'P999999999999999D' is longer than 31 days (a point is spread over at most 744 hourly values)" "$T/err" "overflow named"

# one day over the bound: refused before anything is written (it expanded to 768 hours)
metrics_json P32D 2025-03-01T00:00:00Z >"$T/long.json"
run import "$T/long.json"
expect_rc 3 "grain longer than 31 days"
expect_grep "long.json: field 'interval': duration 'P32D' is longer than 31 days" "$T/err" "P32D named"
expect_eq "$(metrics_count)" "0" "nothing imported from refused grains"

metrics_json PT1H30 2025-03-01T00:00:00Z >"$T/bad.json"
run import "$T/bad.json"
expect_rc 3 "malformed grain"
expect_grep "bad.json: field 'interval': expected an ISO 8601 duration" "$T/err" "malformed grain named"

metrics_json P31D 2025-03-01T00:00:00Z >"$T/month.json"
run import "$T/month.json"
expect_rc 0 "31-day grain"
expect_grep "month.json: metrics, 1 points, 744 hourly values" "$T/err" "one point spread over 744 hours"

metrics_json PT1H 1999-12-31T23:00:00Z >"$T/old.json"
run import "$T/old.json"
expect_rc 3 "timestamp before 2000 (json)"
expect_grep "old.json: Percentage CPU data\[0\]: field 'timeStamp': '1999-12-31T23:00:00Z' is before 2000-01-01" "$T/err" "old json timestamp named"
metrics_json PT1H 2099-01-01T00:00:00Z >"$T/future.json"
run import "$T/future.json"
expect_rc 3 "timestamp far ahead (json)"
expect_grep "is more than 366 days in the future" "$T/err" "future json timestamp named"

printf 'resource_id,timestamp,metric,value\n%s,2025-03-02T00:00:00Z,Percentage CPU,5\n%s,2099-01-01T00:00:00Z,Percentage CPU,5\n' "$VM" "$VM" >"$T/future.csv"
run import "$T/future.csv"
expect_rc 3 "timestamp far ahead (csv)"
expect_grep "future.csv:3: field 'timestamp': '2099-01-01T00:00:00Z' is more than 366 days in the future" "$T/err" "future csv timestamp named"
printf 'resource_id,timestamp,metric,value\n%s,1999-06-01,Percentage CPU,5\n' "$VM" >"$T/old.csv"
run import "$T/old.csv"
expect_rc 3 "timestamp before 2000 (csv)"
expect_grep "old.csv:2: field 'timestamp': '1999-06-01' is before 2000-01-01" "$T/err" "old csv timestamp named"
expect_eq "$(metrics_count)" "1" "only the 31-day file was imported"

# --- item 7: what-if numbers ----------------------------------------------------
cat >"$T/rate.yaml" <<'EOF'
name: rate
start_fy: 2026
years: 3
alternatives:
  - name: keep
    items:
      - type: labour
        name: ops
        hours_per_month: 10
        rate_per_hour: 5000
  - name: cheap
    items:
      - type: labour
        name: ops
        hours_per_month: 10
        rate_per_hour: 1e300
EOF
run whatif "$T/rate.yaml"
expect_rc 3 "rate_per_hour 1e300"
expect_grep "rate.yaml:16: field 'rate_per_hour': expected at most 1e+09, got '1e300'" "$T/err" "rate out of range named"
expect_no_grep "9,223,372,036,854,775,808" "$T/out" "no wrapped total"

for v in nan .nan inf -.inf 1e999; do
    sed "s/rate_per_hour: 1e300/rate_per_hour: '$v'/" "$T/rate.yaml" >"$T/nan.yaml"
    run whatif "$T/nan.yaml"
    expect_rc 3 "rate_per_hour $v"
    expect_grep "nan.yaml:16: field 'rate_per_hour': expected a non-negative number, got '$v'" "$T/err" "rate $v named"
done

# every number in range, but 1e15 x 1e9 x 1e6 a year does not fit an int64 total
cat >"$T/sum.yaml" <<'EOF'
name: sum
start_fy: 2026
years: 3
alternatives:
  - name: keep
    items:
      - type: labour
        name: ops
        hours_per_month: 10
        rate_per_hour: 5000
  - name: huge
    items:
      - type: recurring
        name: storage
        per_year: 1e15
        quantity: 1e9
        count: 1e6
EOF
run whatif "$T/sum.yaml"
expect_rc 3 "item-year beyond int64"
expect_grep "sum.yaml:13: item 'storage': other cost in FY2026 does not fit in a total" "$T/err" "item overflow named"
sed 's/quantity: 1e9/quantity: 5000/; s/count: 1e6/count: 1/' "$T/sum.yaml" >"$T/cum.yaml"
run whatif "$T/cum.yaml" --format csv
expect_rc 3 "cumulative total beyond int64"
expect_grep "cum.yaml:11: alternative 'huge': the cumulative total of FY2027 does not fit in a total" "$T/err" "cumulative overflow named"
run whatif "$T/cum.yaml" --years 1 --format csv
expect_rc 0 "one year of it fits"
expect_grep '^huge,FY2026,.*,5000000000000000000,5000000000000000000$' "$T/out" "exact large total"

# --- item 14: rightsize on a month without data ---------------------------------
use_db rs
run import "$D/EA_ActualCost_Small.csv"
expect_rc 0 "import costs"
run report rightsize --month 2030-01 --format csv
expect_rc 1 "report rightsize on a month without data (issue 20: says so)"
expect_grep "month 2030-01: no data in that month: the cost data covers 2023-09-04..2023-09-21" "$T/err" "names the month and the data's days"
expect_no_grep "runtime error" "$T/err" "no sanitizer report"
run rightsize --month 2030-01 --format csv
expect_rc 1 "rightsize on a month without data"
run rightsize --month 2023-09 --format csv
expect_rc 0 "rightsize on the data's own month"

finish
