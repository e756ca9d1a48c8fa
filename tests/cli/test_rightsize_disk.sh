# test_rightsize_disk.sh - `yosan rightsize` on premium managed disks end to
# end: a tiny EA bill (a VM, three premium disks beside it, a Standard SSD
# E30 that prices the target tier, an orphan premium disk) and per-disk
# Composite Disk Read/Write Operations/sec metrics. The idle P30 moves to
# E30 priced from the bill, the idle P10 to E10 at the list price ratio with
# low confidence (little data), the busy P30 is kept, the orphan is only
# deleted, and the threshold option works; CSV and JSON parse.
. "$(dirname "$0")/lib.sh"

run import "$TEST_DATA_DIR/ea_disks.csv" "$TEST_DATA_DIR/metrics_disks.csv"
expect_rc 0 "import the bill and the disk metrics"
expect_grep "metrics_disks.csv: metrics, 240 points" "$T/err" "disk metrics routed by content"

run rightsize --lookback 2d --format csv
expect_rc 0 "rightsize csv"
cp "$T/out" "$T/rs.csv"
rows() { grep -c "/$1," "$T/rs.csv"; }
field() { grep "/$1," "$T/rs.csv" | head -1 | awk -F, -v n="$2" '{print $n}'; }
reason() { grep "/$1," "$T/rs.csv" | head -1; }

# idle P30 (peak 116 IOPS): E30, priced from the bill's own E30 (9,900 vs 19,800 a month)
expect_eq "$(field vm-app01-datadisk01 3),$(field vm-app01-datadisk01 4),$(field vm-app01-datadisk01 5)" \
    "P30,resize,E30" "idle premium P30 -> E30"
expect_eq "$(field vm-app01-datadisk01 9)" "19161" "monthly cost: 2 days of 19,800/31 scaled to 30 days"
expect_eq "$(field vm-app01-datadisk01 10)" "9581" "savings: half the cost (own E30 price / own P30 price)"
expect_eq "$(field vm-app01-datadisk01 11)" "medium" "full coverage, throughput unmeasured: medium"
case "$(reason vm-app01-datadisk01)" in
*"peaked at 116 IOPS"*"priced from your bill"*) ok ;;
*) fail "reason names the peak and the bill price: $(reason vm-app01-datadisk01)" ;;
esac

# idle P10 with 12 of 48 hours of data: E10 at the list price ratio, low confidence
expect_eq "$(field vm-app01-osdisk 3),$(field vm-app01-osdisk 4),$(field vm-app01-osdisk 5),$(field vm-app01-osdisk 11)" \
    "P10,resize,E10,low" "idle P10 -> E10, low coverage"
expect_grep "vm-app01-osdisk,.*list price ratio E10/P10 0.49; low data coverage" "$T/rs.csv" "says list price and coverage"
s=$(field vm-app01-osdisk 10); c=$(field vm-app01-osdisk 9)
awk -v s="$s" -v c="$c" 'BEGIN { exit !(s > 0 && s < c) }' && ok || fail "list-ratio saving is part of the cost ($s of $c)"

# busy P30 (up to 3,400 IOPS) is kept; the orphan is deleted, not also resized
expect_eq "$(field vm-app01-datadisk02 4),$(field vm-app01-datadisk02 5),$(field vm-app01-datadisk02 10)" \
    "keep,,0" "busy premium P30 kept"
expect_eq "$(rows disk-old01),$(field disk-old01 3),$(field disk-old01 4)" "1,P30,delete" "orphan premium disk: one delete row, tier shown"
expect_eq "$(rows vm-app01-datadisk03)" "0" "a Standard SSD disk is not a premium candidate"

# the CSV parses (13 columns on every row, the last the pricing rule's source:
# the idle P10's E10 is priced by the list ratio, the orphan by its bill) and
# the JSON total is the sum of its rows
python3 - "$T/rs.csv" <<'PY' && ok || fail "csv parses"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
assert rows[0][4] == "recommended_size" and len(rows) == 6, rows
assert all(len(r) == 13 for r in rows) and rows[0][12] == "price_source", rows[0]
src = {r[0].rsplit("/", 1)[1]: r[12] for r in rows[1:]}
assert src["vm-app01-osdisk"] == "list steps" and src["disk-old01"] == "bill", src
PY
run rightsize --lookback 2d --format json
expect_rc 0 "rightsize json"
python3 - "$T/out" <<'PY' && ok || fail "json parses, disk row and total"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rows = {r["resource_id"].rsplit("/", 1)[1]: r for r in doc["rows"]}
d = rows["vm-app01-datadisk01"]
assert (d["current_size"], d["action"], d["recommended_size"]) == ("P30", "resize", "E30"), d
assert d["p95_cpu"] is None and d["monthly_savings"] == 9581, d
assert doc["total_monthly_savings"] == sum(r["monthly_savings"] or 0 for r in doc["rows"]), doc
assert doc["vms"] == 1 and doc["disks"] == 3, doc  # the orphan is not analysed as premium
PY

# the share is configurable: 2 % of 500 = 10 IOPS keeps both idle disks
run rightsize --lookback 2d --format csv --disk-iops-share 2
expect_rc 0 "strict share"
expect_eq "$(grep -c ',resize,' "$T/out")" "0" "--disk-iops-share respected"
run rightsize --disk-iops-share 0
expect_rc 2 "bad share"
expect_grep "disk-iops-share" "$T/err" "names the option"

# the monthly report carries the tier
run report rightsize --month 2025-03 -o "$T/r.json"
expect_rc 0 "report rightsize"
expect_grep '"E30"' "$T/r.json" "report shows the recommended tier"

# ---- pull metrics --disks: the billed premium disks' own IOPS from Azure Monitor
# (tests/support/fake_azure.py on 127.0.0.1; it answers any metric names asked for) ----
unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_SECRET_FILE
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 AZURE_ACCESS_TOKEN=static-token-123
python3 "$TEST_SRC_DIR/tests/support/fake_azure.py" --port-file "$T/port" --stats "$T/stats.json" \
    --lifetime 60 &
SRV_PID=$!
trap 'kill "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; drop_schemas; rm -rf "$T"' EXIT
for _ in $(seq 1 500); do [ -s "$T/port" ] && break; sleep 0.02; done
BASE="http://127.0.0.1:$(cat "$T/port")"
fresh_db
run import "$TEST_DATA_DIR/ea_disks.csv"
expect_rc 0 "the bill alone"
run pull metrics --insecure-http-loopback --endpoint "$BASE" --days 2 --disks --rps 100
expect_rc 0 "pull metrics --disks"
expect_grep "adding 4 Premium SSD disks from the cost data" "$T/err" "the 4 billed premium disks, not the E30"
expect_grep "5 resources, 0 failed" "$T/out" "the VM and the 4 disks fetched"
python3 - "$T/stats.json" <<'PY' && ok || fail "disks asked for Composite Disk ops, the VM for CPU"
import json, sys, urllib.parse
qs = [urllib.parse.parse_qs(q) for q in json.load(open(sys.argv[1]))["metrics_queries"]]
names = sorted(q["metricnames"][0] for q in qs)
assert names.count("Composite Disk Read Operations/sec,Composite Disk Write Operations/sec") == 4, names
assert sum(n.startswith("Percentage CPU") for n in names) == 1, names
PY
expect_eq "$(dbq "SELECT COUNT(DISTINCT d.metric) || ',' || COUNT(DISTINCT r.id) FROM metric_days d JOIN metric_resources r ON r.id = d.resource_id WHERE r.resource_id LIKE '%/disks/%'")" \
    "2,4" "read and write ops stored for the 4 disks"
run pull metrics --insecure-http-loopback --endpoint "$BASE" --disks --resource /subscriptions/x/resourcegroups/rg/providers/microsoft.compute/disks/d
expect_rc 2 "--disks with --resource"
finish
