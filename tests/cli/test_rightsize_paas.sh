# test_rightsize_paas.sh - App Service plans and SQL databases in `yosan
# rightsize` on a small demo city (issue 15, docs/demo.md): every planted
# PaaS case is found with its saving computed from the resource's own cost
# rows, the healthy ones are kept, the plan without metrics is not analysed
# but counted in the coverage, the coverage by service comes in table, CSV and
# JSON, and bad PaaS metric files fail with exit 3 leaving the results as
# they were.
. "$(dirname "$0")/lib.sh"

run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 2 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo city"
zcat "$T/d/metrics.csv.gz" | grep -c 'serverfarms/asp-shimin-juki,.*,MemoryPercentage,' >"$T/n"
expect_eq "$(cat "$T/n")" "336" "two weeks of hourly MemoryPercentage for a plan"
expect_eq "$(zcat "$T/d/metrics.csv.gz" | grep -c 'asp-zaisei-zeimu')" "0" "the unmeasured plan has no metrics"
run import "$T/d/EA_ActualCost_2025-03.csv.gz" "$T/d/metrics.csv.gz"
expect_rc 0 "import costs and metrics"
run departments load "$T/d/departments.csv"
expect_rc 0 "department rules"

run rightsize --lookback 14d --format csv
expect_rc 0 "rightsize csv"
cp "$T/out" "$T/rs.csv"
expect_grep 'coverage: .* of the window.s spend analysed' "$T/err" "coverage line on stderr with CSV"
expect_grep 'App Service plans 23 of 24, SQL databases 17 of 17 with metrics' "$T/err" "plans and databases counted"
row() { grep "/$1," "$T/rs.csv" | head -1; }
field() { row "$1" | awk -F, -v n="$2" '{print $n}'; }
# savings / cost as the rule's price ratio, to 0.1 %
ratio() { row "$1" | awk -F, '{printf "%.3f", $10 / $9}'; }

expect_eq "$(field asp-shimin-juki 4),$(field asp-shimin-juki 5)" "resize,P1v3 x 2" "plan on ~6 instances -> 2"
n=$(field asp-shimin-juki 3 | sed 's/P1v3 x //')
# (n is shown to one decimal, so the ratio is compared to 0.005)
expect_eq "$(awk -v r="$(ratio asp-shimin-juki)" -v n="$n" 'BEGIN{d = r - (1 - 2 / n); print (d < 0.005 && d > -0.005) ? "close" : r}')" "close" "fewer instances saves 1 - 2/n of the plan's own cost"
expect_eq "$(field asp-keizai-sangyo 4)" "resize" "plan with low peak"
case "$(field asp-keizai-sangyo 5)" in "P0v3 x "*) ok ;; *) fail "smaller tier P0v3 (got '$(field asp-keizai-sangyo 5)')" ;; esac
expect_eq "$(ratio asp-keizai-sangyo)" "0.500" "P0v3 at the list step: half the cost"
expect_eq "$(field asp-kyoiku-gakushu 4)" "delete" "plan with no traffic"
expect_eq "$(ratio asp-kyoiku-gakushu)" "1.000" "no traffic: the whole cost"
expect_grep 'asp-kyoiku-gakushu,.*no traffic' "$T/rs.csv" "says no traffic"
expect_eq "$(field sqldb-keizai-sangyo 3),$(field sqldb-keizai-sangyo 4),$(field sqldb-keizai-sangyo 5)" "8 vCores,resize,2 vCores" "8-vCore database at ~12 % -> 2 vCores"
expect_eq "$(ratio sqldb-keizai-sangyo)" "0.750" "vCore saving: 1 - 2/8 of its own cost"
expect_eq "$(field sqldb-kenko-kansen 4),$(field sqldb-kenko-kansen 5)" "resize,serverless" "office-hours database -> serverless"
r=$(ratio sqldb-kenko-kansen)
case "$r" in 0.[4-7]*) ok ;; *) fail "serverless saves about 60 % (got $r)" ;; esac
expect_grep 'sqldb-kenko-kansen,.*idle 7[0-9] % of the hours' "$T/rs.csv" "says how idle"
expect_eq "$(field sqldb-kenko-kansen 11)" "high" "full coverage: high confidence"
# the healthy plans and databases are kept; the unmeasured plan has no row (the sixth row is
# the elastic pool of sqldb-kodomo-jido's server: test_rightsize_sqlpool.sh;
# +1: the dev/test plan's Standard row, test_rightsize_network.sh)
expect_eq "$(grep -E 'serverfarms|databases' "$T/rs.csv" | grep -v ',keep,' | wc -l)" "7" "only the planted PaaS cases change"
expect_eq "$(grep -c 'asp-zaisei-zeimu' "$T/rs.csv")" "0" "plan without metrics: no row"
expect_eq "$(field asp-shimin-juki 2)" "市民局" "department from the rules"

# coverage by service
run rightsize --lookback 14d --coverage --format csv
expect_rc 0 "coverage csv"
expect_grep '^service,currency,spend,analysed,not_analysed,analysed_pct,resources,resources_analysed$' "$T/out" "coverage header"
expect_grep '^SQL Database,JPY,[0-9]*,[0-9]*,0,100.0,17,17$' "$T/out" "every database analysed"
app=$(grep '^Azure App Service,' "$T/out")
case "$app" in "Azure App Service,JPY,"*",24,23") ok ;; *) fail "App Service: 23 of 24 analysed (got '$app')" ;; esac
rest=$(echo "$app" | cut -d, -f5)
[ "$rest" -gt 30000 ] && ok || fail "the unmeasured plan's spend is not analysed (got '$rest')"
expect_grep '^Log Analytics,JPY,[0-9]*,[0-9]*,0,100.0,2,2$' "$T/out" "Log Analytics analysed from the bill (test_rightsize_storage.sh)"
run rightsize --lookback 14d
expect_rc 0 "table"
expect_grep '^coverage: [0-9.]* % of the window' "$T/out" "coverage line in the table output"
expect_grep '^Azure App Service  *JPY ' "$T/out" "coverage table"
run rightsize --lookback 14d --format json
expect_rc 0 "json"
python3 - "$T/out" <<'PY' || fail "json coverage adds up"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["coverage"]
s = sum(x["spend"] for x in c["services"]); a = sum(x["analysed"] for x in c["services"])
assert abs(s - c["spend"]) < len(c["services"]) and abs(a - c["analysed"]) < len(c["services"]), (s, a, c)
assert 0.85 < a / s <= 1, a / s
assert any(r["recommended_size"] == "serverless" for r in d["rows"])
PY
ok
run rightsize --lookback 14d --department 経済戦略局 --format csv
expect_rc 0 "one department"
expect_eq "$(grep -cE 'serverfarms|databases' "$T/out")" "$(grep -E 'serverfarms|databases' "$T/rs.csv" | grep -c ',経済戦略局,')" "department filter applies to plans and databases"

# bad metric files: exit 3, file:line: field, nothing imported
cp "$T/rs.csv" "$T/before.csv"
P=$(row asp-kenko-kenshin | cut -d, -f1)
printf 'resource_id,timestamp,metric,value\n%s,2025-03-20T00:00:00Z,CpuPercentage,1\n%s,2025-03-20T00:00:00Z,MemoryPercentage,150\n' "$P" "$P" >"$T/bad.csv"
run import "$T/bad.csv"
expect_rc 3 "MemoryPercentage above 100"
expect_grep "bad.csv:3: field 'value': expected a percentage 0..100, got '150'" "$T/err" "file:line: field"
printf '{"interval":"PT1H","value":[{"id":"%s/providers/Microsoft.Insights/metrics/x","name":{"value":"BytesReceived"},"timeseries":[{"data":[{"timeStamp":"2025-03-20T00:00:00Z","total":-5}]}]}]}' "$P" >"$T/bad.json"
run import "$T/bad.json"
expect_rc 3 "negative BytesReceived"
expect_grep "bad.json: BytesReceived data\[0\]" "$T/err" "names the metric and point"
run rightsize --lookback 14d --format csv
expect_eq "$(cmp -s "$T/out" "$T/before.csv" && echo same)" "same" "nothing of the bad files imported"
# the same metrics again change nothing
run import "$T/d/metrics.csv.gz"
expect_rc 0 "re-import"
run rightsize --lookback 14d --format csv
expect_eq "$(cmp -s "$T/out" "$T/before.csv" && echo same)" "same" "re-import changes nothing"
finish
