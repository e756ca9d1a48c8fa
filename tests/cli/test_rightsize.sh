# test_rightsize.sh - `yosan rightsize` end to end on a small demo city: the
# planted oversized, idle, stopped-not-deallocated VMs and orphans are found,
# the healthy and reserved VMs are kept, departments filter, the JSON total
# matches the rows, and re-importing the same metrics changes nothing.
. "$(dirname "$0")/lib.sh"

run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 2 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo city"
run import "$T/d/EA_ActualCost_2025-03.csv.gz" "$T/d/metrics.csv.gz"
expect_rc 0 "import costs and metrics"
expect_grep "metrics.csv.gz: metrics," "$T/err" "metrics routed by content"
run departments load "$T/d/departments.csv"
expect_rc 0 "department rules"

run rightsize --lookback 14d --format csv
expect_rc 0 "rightsize csv"
cp "$T/out" "$T/rs.csv"
row() { grep "/$1," "$T/rs.csv" | head -1; }
field() { row "$1" | awk -F, -v n="$2" '{print $n}'; }

expect_eq "$(field vm-zaisei-report01 4),$(field vm-zaisei-report01 5)" "resize,Standard_E4s_v5" "oversized E16s_v5 -> E4s_v5 (same family)"
expect_eq "$(field vm-zaisei-report01 2)" "財政局" "department from the rules"
expect_eq "$(field vm-kankyo-monitor01 4),$(field vm-kankyo-monitor01 5)" "resize,Standard_D4s_v5" "oversized D16s_v5 -> D4s_v5"
alt=$(field vm-zaisei-report01 6)
case "$alt" in Standard_E*|"") fail "a cross-family alternative is offered (got '$alt')" ;; *) ok ;; esac
expect_eq "$(field vm-shimin-legacy01 4)" "shutdown" "idle D4s_v5"
expect_eq "$(field vm-keizai-oldportal01 4)" "shutdown" "idle F8s_v2"
expect_eq "$(field vm-kyoiku-lab03 4)" "shutdown" "stopped but not deallocated"
expect_grep "vm-kyoiku-lab03,.*deallocat" "$T/rs.csv" "says deallocate"
expect_eq "$(field disk-kensetsu-olddata01 4)" "delete" "unattached disk"
expect_eq "$(field disk-toshiseibi-orphan02 4)" "delete" "second unattached disk"
expect_eq "$(field pip-kyoiku-unused01 4)" "delete" "unused public IP"
expect_eq "$(field vm-zaisei-db01 4)" "keep" "reserved, well-used VM kept"
# nothing else: the healthy production VMs get no recommendation
# (9 VM, disk and IP cases, 5 App Service / SQL Database cases: test_rightsize_paas.sh,
# 1 elastic pool: test_rightsize_sqlpool.sh, 4 workspace / storage account cases:
# test_rightsize_storage.sh, and the dev/test plan and idle gateway of
# test_rightsize_network.sh; its snapshot is too young here)
expect_eq "$(cut -d, -f4 "$T/rs.csv" | grep -c -v -e keep -e action)" "21" "exactly the planted cases"
# the planted premium data disks: the idle one moves to Standard SSD, the busy one stays
expect_eq "$(field vm-kankyo-monitor01-datadisk01 3),$(field vm-kankyo-monitor01-datadisk01 4),$(field vm-kankyo-monitor01-datadisk01 5)" "P30,resize,E30" "idle premium disk -> E30"
expect_eq "$(field vm-zaisei-db01-datadisk01 4)" "keep" "busy premium disk kept"
# savings: resize saves part of the cost, shutdown and delete all of it
s=$(field vm-zaisei-report01 10); c=$(field vm-zaisei-report01 9)
awk -v s="$s" -v c="$c" 'BEGIN { exit !(s > 0 && s < c) }' && ok || fail "resize saves part of the cost ($s of $c)"
expect_eq "$(field vm-shimin-legacy01 10)" "$(field vm-shimin-legacy01 9)" "shutdown saves the whole cost"
expect_grep "total savings per month: [1-9]" "$T/err" "total on stderr in CSV mode"

run rightsize --lookback 14d --format json
expect_rc 0 "rightsize json"
total=$(sed -n 's/.*"total_monthly_savings": \([0-9.]*\).*/\1/p' "$T/out" | head -1)
sum=$(awk -F, 'NR > 1 { s += $10 } END { printf "%.0f", s }' "$T/rs.csv")
expect_eq "$total" "$sum" "JSON total equals the sum of the rows"

run rightsize --lookback 14d --department 財政局 --format csv
expect_rc 0 "department filter"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f2 | sort -u)" "財政局" "only that department"

run rightsize --lookback 14d
expect_rc 0 "table"
expect_grep "^total savings per month:" "$T/out" "table ends with the total"
expect_grep "vm-zaisei-report01" "$T/out" "table shows names"

# the same metrics file again changes nothing
run import "$T/d/metrics.csv.gz"
expect_grep "already imported, nothing changed" "$T/err" "re-import no-op"
run rightsize --lookback 14d --format csv
expect_eq "$(cat "$T/out")" "$(cat "$T/rs.csv")" "same answer after re-import"

# thresholds are configurable: a very strict CPU limit keeps the oversized VM
run rightsize --lookback 14d --format csv --uf-cpu 5 --bg-cpu 5
expect_eq "$(grep '/vm-zaisei-report01,' "$T/out" | cut -d, -f4)" "keep" "--uf-cpu/--bg-cpu respected"
run rightsize --uf-cpu 0
expect_rc 2 "bad threshold"
finish
