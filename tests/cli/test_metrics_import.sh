# test_metrics_import.sh - metrics and price import end to end: JSON and CSV,
# idempotent re-import, bad input fails with file:line and exit 3 leaving the
# database unchanged, and rightsize over metrics-only VMs.
. "$(dirname "$0")/lib.sh"
D="$TEST_DATA_DIR"

run import "$D/metrics_vm1.json" "$D/metrics_small.csv"
expect_rc 0 "import metrics"
expect_grep "metrics_vm1.json: metrics, 5 points, 3 hourly values, 1 resources" "$T/err" "json summary"
expect_grep "metrics_small.csv: metrics, 4 points, 3 hourly values" "$T/err" "csv summary"

run import "$D/metrics_small.csv"
expect_rc 0 "re-import"
expect_grep "already imported, nothing changed" "$T/err" "re-import is a no-op"

# gzip input is read transparently (and counts as a different file)
gzip -c "$D/metrics_small.csv" > "$T/m.csv.gz"
run import "$T/m.csv.gz"
expect_rc 0 "gzip metrics"

run rightsize --format csv
expect_rc 0 "rightsize csv"
before=$(cat "$T/out")
expect_eq "$(head -1 "$T/out")" "resource_id,department,current_size,action,recommended_size,alternative_size,p95_cpu,peak_mem_pct,monthly_cost,monthly_savings,confidence,reason,price_source" "csv header"
expect_eq "$(grep -c 'virtualmachines/vm-' "$T/out")" "2" "two VMs listed"
expect_grep "not in the bill" "$T/out" "metrics-only VMs say why there is no advice"

# bad input: exit 3, file:line:field, nothing changed
run import "$D/metrics_bad.csv"
expect_rc 3 "bad metrics"
expect_grep "metrics_bad.csv:3: field 'value': expected a number, got 'abc'" "$T/err" "names file, line, field"
run rightsize --format csv
expect_eq "$(cat "$T/out")" "$before" "database unchanged after a bad file"

printf 'resource_id,timestamp,metric,value\n/x/providers/microsoft.compute/virtualmachines/v,2025-13-01T00:00:00Z,Percentage CPU,5\n' > "$T/badts.csv"
run import "$T/badts.csv"
expect_rc 3 "bad timestamp"
expect_grep "badts.csv:2: field 'timestamp'" "$T/err" "bad timestamp named"
printf 'resource_id,timestamp,metric,values\n' > "$T/nohdr.csv"
run import "$T/nohdr.csv"
expect_rc 3 "missing columns"
expect_grep "nohdr.csv:1: header: column 'value' missing" "$T/err" "missing column named"

run import "$D/prices_page.json"
expect_rc 0 "import prices"
expect_grep "retail prices, 7 items, 7 VM prices stored" "$T/err" "prices stored"
run import "$D/prices_page.json"
expect_grep "already imported" "$T/err" "price page re-import is a no-op"

run rightsize --month 2025-13
expect_rc 2 "bad month"
run rightsize --month 2025-04 --lookback 7d
expect_rc 2 "month and lookback together"
run rightsize --format xml
expect_rc 2 "bad format"
finish
