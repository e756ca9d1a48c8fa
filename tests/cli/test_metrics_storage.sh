# test_metrics_storage.sh - storage account and Log Analytics workspace
# metrics (issue 15): the fixtures import (CSV and Azure Monitor JSON, the
# blob service's BlobCapacity by Tier under its account), bad files exit 3
# and store nothing, re-imports change nothing; on a one-month demo city the
# planted accounts' and workspaces' metrics move the storage rules'
# confidence (medium -> high) and say so, and without them the rows are the
# bill's, byte for byte.
. "$(dirname "$0")/lib.sh"
D="$TEST_DATA_DIR"
ACCT=/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-a/providers/Microsoft.Storage/storageAccounts/sta

run import "$D/metrics_storage_la.csv"
expect_rc 0 "storage / workspace CSV"
run import "$D/metrics_storage.json"
expect_rc 0 "storage JSON (getBatch)"
run import "$D/metrics_storage.json"
expect_rc 0 "JSON again"
expect_grep "already imported" "$T/err" "re-import: duplicate"
run import "$D/metrics_storage_la.csv"
expect_grep "already imported" "$T/err" "CSV re-import: duplicate"
rows() { dbq "SELECT COUNT(*) FROM metric_days"; }
before=$(rows)
expect_eq "$(dbq "SELECT COUNT(*) FROM metric_resources WHERE resource_id LIKE '%blobservices%'")" "0" "blob service stored under its account"

bad() { # name, expected message, file text
    printf '%s' "$3" >"$T/$1"
    run import "$T/$1"
    expect_rc 3 "$1: exit 3"
    expect_grep "$2" "$T/err" "$1: says why"
    expect_eq "$(rows)" "$before" "$1: nothing stored"
}
H="resource_id,timestamp,metric,value"
bad value.csv "field 'value': expected a number" "$H
$ACCT,2025-03-02T00:00:00Z,UsedCapacity,12
$ACCT,2025-03-02T01:00:00Z,Transactions,many
"
bad negative.csv "expected a value >= 0" "$H
$ACCT,2025-03-02T00:00:00Z,UsedCapacity,-5
"
bad rid.csv "expected a storage account id" "$H
$ACCT,2025-03-02T00:00:00Z,UsedCapacity,12
/subscriptions/x/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/vm,2025-03-02T00:00:00Z,Transactions,3
"
bad ws.csv "expected a Log Analytics workspace id" "$H
$ACCT,2025-03-02T00:00:00Z,BillableDataGB,3
"
bad truncated.json "invalid JSON" "$(head -c 600 "$D/metrics_storage.json")"

# the demo city: the rules with and without metrics
run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 5 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo city"
use_db city
run import "$T/d/EA_ActualCost_2025-03.csv.gz"
expect_rc 0 "import costs"
run rightsize --month 2025-03 --format csv
grep -E 'storageaccounts|workspaces' "$T/out" >"$T/bill.csv"
expect_grep 'stkodomohoiku,.*,Cold,.*,medium,' "$T/bill.csv" "bill only: hot -> cold, medium"
expect_grep 'log-osaka-hub,.*,31 days,.*,medium,' "$T/bill.csv" "bill only: retention, medium"
if grep -q 'metrics on' "$T/bill.csv"; then fail "no metrics yet"; fi
run import "$T/d/metrics.csv.gz"
expect_rc 0 "import demo metrics"
run rightsize --month 2025-03 --format csv
grep -E 'storageaccounts|workspaces' "$T/out" >"$T/met.csv"
expect_grep 'stkodomohoiku,.*,Cold,.*,high,.*metrics on 100 % of the window' "$T/met.csv" "metrics: hot -> cold, high"
expect_grep 'log-osaka-hub,.*,31 days,.*,high,.*metrics on 100 % of the window' "$T/met.csv" "metrics: retention, high"
expect_grep 'log-shimin-juki,.*100 GB/day.*metrics on 100 % of the window' "$T/met.csv" "metrics: commitment tier"
expect_eq "$(grep -c . "$T/met.csv")" "$(grep -c . "$T/bill.csv")" "same findings"
# the GRS account's rule does not use metrics: its row is the bill's
expect_eq "$(grep stkyoikukyushoku "$T/met.csv")" "$(grep stkyoikukyushoku "$T/bill.csv")" "redundancy row unchanged"
finish
