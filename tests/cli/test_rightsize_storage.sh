# test_rightsize_storage.sh - Log Analytics workspaces and storage accounts
# in `yosan rightsize` on a one-month demo city (issue 15, docs/demo.md):
# the four planted cases are found with savings recomputed here from the
# generated bill (commitment tier, retention beyond the policy, hot -> cold,
# GRS -> LRS on data tagged criticality=low), --log-retention and
# --noncritical-tag change them, the other accounts get no row, every
# workspace and account counts as analysed, and report rightsize says why in
# Japanese.
. "$(dirname "$0")/lib.sh"

run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 1 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo city"
EA="$T/d/EA_ActualCost_2025-03.csv.gz"
run import "$EA"
expect_rc 0 "import costs"
run departments load "$T/d/departments.csv"
expect_rc 0 "department rules"

run rightsize --month 2025-03 --format csv
expect_rc 0 "rightsize csv"
cp "$T/out" "$T/rs.csv"
row() { grep "/$1," "$T/rs.csv" | head -1; }
field() { row "$1" | awk -F, -v n="$2" '{print $n}'; }
# the bill's rows of one resource and meter: "quantity cost" per line (columns before Tags)
bill() { zcat "$EA" | awk -F, -v r="$1" -v m="$2" '$29 == r && $19 == m {print $20, $22}'; }
close_to() { awk -v a="$1" -v b="$2" 'BEGIN{d = a - b; print (d < 1 && d > -1) ? "close" : a " vs " b}'; }
S="30 / 31" # March: the window's cost per 30 days

# commitment tier: each day max(100, GB) at 85 % of the bill's own rate
expect_eq "$(field log-shimin-juki 4),$(field log-shimin-juki 5)" "resize,100 GB/day" "audit-log workspace -> 100 GB/day tier"
want=$(bill log-shimin-juki "Analytics Logs Data Ingestion" | awk -v s="$S" '
    {q += $1; c += $2; t += ($1 > 100 ? $1 : 100)} END {split(s, f, " / "); printf "%.2f", (c - t * 0.85 * c / q) * f[1] / f[2]}')
expect_eq "$(close_to "$(field log-shimin-juki 10)" "$want")" "close" "commitment saving from the bill's own rate"
expect_grep 'log-shimin-juki,.*at your rate 350.00 per GB: the 100 GB/day commitment tier bills 85 %' "$T/rs.csv" "says the rate and the ratio"

# retention: the hub's Data Retention, all of it beyond the free 31 days
expect_eq "$(field log-osaka-hub 4),$(field log-osaka-hub 5)" "resize,31 days" "hub workspace -> 31 days"
want=$(bill log-osaka-hub "Data Retention" | awk -v s="$S" '{c += $2} END {split(s, f, " / "); printf "%.2f", c * f[1] / f[2]}')
expect_eq "$(close_to "$(field log-osaka-hub 10)" "$want")" "close" "retention saving: the whole retention cost"
expect_grep 'log-osaka-hub,.*retention about 3[5-9][0-9] days, policy 31 days' "$T/rs.csv" "estimates about 365 days"

# hot -> cold: capacity, reads, writes and retrieval at the documented ratios
expect_eq "$(field stkodomohoiku 3),$(field stkodomohoiku 4),$(field stkodomohoiku 5)" "Hot,resize,Cold" "rarely read account -> cold"
cap=$(bill stkodomohoiku "Hot LRS Data Stored" | awk '{q += $1; c += $2} END {printf "%.9f %.9f", q, c}')
rd=$(bill stkodomohoiku "Hot Read Operations" | awk '{q += $1; c += $2} END {printf "%.9f %.9f", q * 10000, c}')
wr=$(bill stkodomohoiku "Hot LRS Write Operations" | awk '{c += $2} END {printf "%.9f", c}')
want=$(echo "$cap $rd $wr" | awk '{gbm = $1; C = $2; R = $3; Cr = $4; Cw = $5
    cold = 0.2 * C + 23 * Cr + 3.3 * Cw + R * 4 / 1024 * (C / gbm) * 1.7
    printf "%.2f", (C + Cr + Cw - cold) * 30 / 31}')
expect_eq "$(close_to "$(field stkodomohoiku 10)" "$want")" "close" "cold saving from the bill and the ratios"

# GRS -> LRS: the bill's own LRS price is half its GRS price
expect_eq "$(field stkyoikukyushoku 3),$(field stkyoikukyushoku 5),$(field stkyoikukyushoku 11)" "GRS,LRS,high" "non-critical GRS account -> LRS (own price)"
expect_eq "$(row stkyoikukyushoku | awk -F, '{printf "%.3f", $10 / $9}')" "0.500" "saves half its cost"

# nothing else: the other 27 accounts have no operations meter or are LRS
expect_eq "$(grep -cE 'storageaccounts|workspaces' "$T/rs.csv")" "4" "only the planted cases"

# overrides
run rightsize --month 2025-03 --log-retention 400 --format csv
expect_eq "$(grep -c '/log-osaka-hub,' "$T/out")" "0" "a 400-day policy keeps the hub's retention"
run rightsize --month 2025-03 --log-retention 180 --format csv
r=$(grep '/log-osaka-hub,' "$T/out" | awk -F, '{print $5}')
expect_eq "$r" "180 days" "180-day policy"
run rightsize --month 2025-03 --noncritical-tag criticality=high --format csv
expect_eq "$(grep -c '/stkyoikukyushoku,' "$T/out")" "0" "another tag: the GRS account is kept"
run rightsize --log-retention 7
expect_rc 2 "retention below the free days: usage error"
run rightsize --noncritical-tag ''
expect_rc 2 "empty tag: usage error"

# coverage: every workspace and storage account analysed
run rightsize --month 2025-03 --coverage --format csv
expect_grep '^Log Analytics,JPY,[0-9]*,[0-9]*,0,100.0,2,2$' "$T/out" "both workspaces analysed"
expect_grep '^Storage,JPY,[0-9]*,[0-9]*,0,100.0,' "$T/out" "storage accounts (and disks) analysed"

# JSON and the Japanese report
run rightsize --month 2025-03 --format json
expect_rc 0 "json"
python3 - "$T/out" <<'PY' || fail "json rows"
import json, sys
d = json.load(open(sys.argv[1]))
got = {r["resource_id"].rsplit("/", 1)[1]: r["recommended_size"] for r in d["rows"]
       if "/workspaces/" in r["resource_id"] or "/storageaccounts/" in r["resource_id"]}
assert got == {"log-shimin-juki": "100 GB/day", "log-osaka-hub": "31 days",
               "stkodomohoiku": "Cold", "stkyoikukyushoku": "LRS"}, got
PY
ok
run report rightsize --month 2025-03 -o "$T/rs.md"
expect_rc 0 "report rightsize"
expect_grep 'GB/日のコミットメントレベルなら GB 単価はその 85 %' "$T/rs.md" "commitment reason in Japanese"
expect_grep 'コールド層 なら読み取り・取得料金込みで' "$T/rs.md" "tier reason in Japanese"
expect_grep '非重要と指定されたデータに GRS: LRS ならその 50 %（請求上の単価）' "$T/rs.md" "redundancy reason in Japanese"
finish
