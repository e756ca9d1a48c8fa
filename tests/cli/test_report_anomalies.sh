#!/bin/bash
# test_report_anomalies.sh - `yosan report anomalies` (issue 14 item 2) on the
# demo city with its planted anomalies (docs/demo.md, docs/anomalies.md):
# every format renders; the list is `yosan anomalies`'s (same days,
# departments, excess to the yen); the Golden Week VM and the egress spike
# are there with their resources; one chart per anomaly, with the series,
# the expected range and the flagged day marked; a quiet window says so.
. "$(dirname "$0")/lib.sh"
use_db anom

run report anomalies --from 2026-13-01 -o "$T/x.html"; expect_rc 2 "bad --from"
expect_grep "expected a day YYYY-MM-DD" "$T/err" "says a day is expected"
run -q demo --end 2026-11 --metric-weeks 0 --out "$T/demo"; expect_rc 0 "demo"
run report anomalies --from 2026-10-01 --to 2026-09-01 -o "$T/x.html"; expect_rc 2 "--from after --to"

for f in html xlsx csv json md; do
    run report anomalies --from 2026-04-01 -o "$T/r.$f"
    expect_rc 0 "report anomalies .$f (exit 0: a report, not an alarm)"
done
run report anomalies --from 2026-04-01 --lang en -o "$T/en.md"; expect_rc 0 "english"

run anomalies --from 2026-04-01 --format csv; expect_rc 4 "yosan anomalies"
# date,day,department,actual,expected,low,high,excess,currency,rank,...: first rows
awk -F, 'NR > 1 && $10 <= 1 { d = ($3 == "(unallocated)" ? "共通費（未配賦）" : $3); printf "%s,%s,%.0f\n", $1, d, $8 }' \
    "$T/out" >"$T/cli"
N=$(wc -l <"$T/cli")
[ "$N" -ge 3 ] && ok || fail "the demo has anomalies ($N)"
# the report's first CSV table: day (with weekday), department, ..., excess (7th)
awk 'BEGIN { RS = ""; FS = "\n" } NR == 1 { for (i = 3; i <= NF; i++) print $i }' "$T/r.csv" |
    awk -F, '{ print substr($1, 1, 10) "," $2 "," $7 }' >"$T/rep"
diff "$T/cli" "$T/rep" >"$T/diff" && ok || fail "the report lists yosan anomalies' days: $(head -5 "$T/diff")"

expect_grep '^2026-04-29（水・休）,建設局,' "$T/r.csv" "Golden Week VM day, a holiday"
expect_grep '^2026-04-29,建設局,1,vm-kensetsu-doro-ap01,rg-kensetsu-doro,Virtual Machines / Esv5 Series / E16s v5,' \
    "$T/r.csv" "explained by the VM and its meter"
expect_grep '^2026-10-16,環境局,1,stkankyogomi,.*Standard Data Transfer Out,' "$T/r.csv" "egress spike explained"
expect_eq "$(grep -o '<svg ' "$T/r.html" | wc -l)" "$N" "a chart per anomaly"
expect_grep '<h2>建設局 2026-04-29（水・休）</h2>' "$T/r.html" "chart titled with the department and day"
expect_grep '検知日 2026-10-16' "$T/r.html" "the flagged day is marked"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = [s for s in d["sections"] if s["id"] == "chart_anomaly_1"][0]
names = [s["label"] for s in c["series"]]
assert names == ["想定範囲", "想定額", "日次費用"], names
m = c["marker"]
assert c["x"][int(m["x"])] == "2026-04-29" and m["label"] == "検知日 2026-04-29", m
v = c["series"][2]["values"][int(m["x"])]
hi = c["series"][0]["hi"][int(m["x"])]
assert v > hi, (v, hi)' "$T/r.json" && ok || fail "json: the chart has the series, range and marked day above it"
expect_no_grep 'unallocated\|expected\|flagged' "$T/r.md" "no English words in the Japanese report"
expect_grep 'shared (unallocated)' "$T/en.md" "english names the hub"
expect_no_grep '想定\|検知' "$T/en.md" "no Japanese labels in the English report"
expect_eq "$(python3 "$(dirname "$0")/report_check.py" xlsx-audit "$T/r.xlsx")" "ok" "xlsx cells typed"

run report anomalies --from 2026-11-20 --to 2026-11-30 -o "$T/q.md"; expect_rc 0 "a quiet window"
expect_grep '期間内に異常はありません' "$T/q.md" "says there is none"
finish
