# test_rightsize_network.sh - the bill-only rules of issue 15 in `yosan
# rightsize` on a one-month demo city (docs/demo.md): the Premium v3 plan
# tagged env=dev -> Standard S2 (list ratio: the bill has no S2), the idle
# Basic VPN gateway (its hourly charge) and the disk snapshot (its charge),
# each saving recomputed here from the generated EA file; the hub's gateways
# with no data meter are not analysed; --idle-network-gb and --snapshot-age
# move the boundaries; the rows count in the coverage.
. "$(dirname "$0")/lib.sh"

run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 1 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo city"
EA="$T/d/EA_ActualCost_2025-03.csv.gz"
run import "$EA"
expect_rc 0 "import costs"
run departments load "$T/d/departments.csv"
expect_rc 0 "department rules"

run rightsize --month 2025-03 --format csv --snapshot-age 30
expect_rc 0 "rightsize csv"
cp "$T/out" "$T/rs.csv"
# the bill's cost of one resource and meter over the month (columns before Tags)
bill() { zcat "$EA" | awk -F, -v r="$1" -v m="$2" '$29 == r && $19 == m {c += $22} END {printf "%.6f", c}'; }
close_to() { awk -v a="$1" -v b="$2" 'BEGIN{d = a - b; print (d < 1 && d > -1) ? "close" : a " vs " b}'; }

# dev/test Premium plan -> S2 with the same 2 vCPUs, priced by the list ratio 0.20 / 0.32
plan=$(grep '/asp-digital-dev,' "$T/rs.csv" | grep ',resize,S2 x 2,')
[ -n "$plan" ] || fail "dev/test plan row -> S2 x 2"
want=$(bill asp-digital-dev "P1 v3 App" | awk '{printf "%.2f", $1 * 30 / 31 * (1 - 0.20 / 0.32)}')
expect_eq "$(close_to "$(echo "$plan" | awk -F, '{print $10}')" "$want")" "close" "dev/test saving: plan cost x (1 - 0.625)"
expect_eq "$(echo "$plan" | awk -F, '{print $NF}')" "list steps" "priced from the list table (no S2 in the bill)"
expect_eq "$(echo "$plan" | awk -F, '{print $3}')" "P1v3 x 2.0" "current size and instances"
# production plans get no dev/test row
expect_eq "$(grep -c ',resize,S[123] x' "$T/rs.csv")" "1" "only the dev/test plan"

# idle VPN gateway: its hourly charge
gwr=$(grep '/vgw-kensetsu-oldsite,' "$T/rs.csv")
expect_eq "$(echo "$gwr" | awk -F, '{print $2 "," $3 "," $4}')" "建設局,Basic Gateway,delete" "idle gateway: delete"
want=$(bill vgw-kensetsu-oldsite "Basic Gateway" | awk '{printf "%.2f", $1 * 30 / 31}')
expect_eq "$(close_to "$(echo "$gwr" | awk -F, '{print $10}')" "$want")" "close" "idle saving: the hourly meter per 30 days"
expect_grep 'vgw-kensetsu-oldsite,.*idle: virtual network gateway billed 744 hours' "$T/rs.csv" "says why"
# the hub's gateways bill no data meter: not analysed, no row
expect_eq "$(grep -c 'vgw-osaka-hub\|ergw-osaka-hub' "$T/rs.csv")" "0" "gateways without a data meter: no row"

# snapshot billed 31 days: old with --snapshot-age 30
snr=$(grep '/snap-fukushi-migration01,' "$T/rs.csv")
expect_eq "$(echo "$snr" | awk -F, '{print $4}')" "delete" "31-day snapshot, limit 30: delete"
want=$(bill snap-fukushi-migration01 "LRS Snapshots" | awk '{printf "%.2f", $1 * 30 / 31}')
expect_eq "$(close_to "$(echo "$snr" | awk -F, '{print $10}')" "$want")" "close" "snapshot saving: its charge per 30 days"

# boundaries: the default 90 days and 31 keep the snapshot; 0.0001 GB idles nothing
run rightsize --month 2025-03 --format csv
expect_eq "$(grep '/snap-fukushi-migration01,' "$T/out" | awk -F, '{print $4 "," $10}')" "keep,0" "default 90 days: keep"
run rightsize --month 2025-03 --format csv --snapshot-age 31
expect_eq "$(grep '/snap-fukushi-migration01,' "$T/out" | awk -F, '{print $4}')" "keep" "31 days, limit 31: keep"
run rightsize --month 2025-03 --format csv --idle-network-gb 0.0001
expect_eq "$(grep '/vgw-kensetsu-oldsite,' "$T/out" | awk -F, '{print $4 "," $10}')" "keep,0" "0.0006 GB a month > 0.0001: in use"
run rightsize --snapshot-age 0
expect_rc 2 "--snapshot-age 0: usage error"
run rightsize --idle-network-gb x
expect_rc 2 "--idle-network-gb x: usage error"

# coverage: the planted gateway and snapshot analysed, the hub's VPN gateway not
run rightsize --month 2025-03 --coverage --format csv
expect_grep '^VPN Gateway,JPY,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,2,1$' "$T/out" "VPN Gateway: 1 of 2 analysed"
expect_grep '^Storage,JPY,[0-9.]*,[0-9.]*,0,100.0,' "$T/out" "storage with the snapshot: all analysed"
expect_grep '^Azure App Service,JPY,' "$T/out" "App Service listed"

finish
