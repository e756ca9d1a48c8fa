#!/bin/bash
# test_report_track.sh - `yosan report track` (issue 13 item 2) on the demo
# city, whose appropriations plant one overrun (建設局, docs/track.md): every
# format renders; the table's figures are `yosan track --format csv`'s, to
# the yen, and so are the monthly data of the charts; the departments add up
# to the city row; 建設局 is marked (flag, action, the 要対応 note, its chart
# title) and no other department is; a Japanese report has no English flag
# words and an English one no Japanese labels; --as-of cuts as in `track`.
. "$(dirname "$0")/lib.sh"
CHECK="python3 $(dirname "$0")/report_check.py"
use_db track

run report track -o "$T/x.html"; expect_rc 2 "report track needs --fiscal-year"
expect_grep "report track needs --fiscal-year" "$T/err" "says so"
run report track --fiscal-year 2026 --as-of 2026-13-01 -o "$T/x.html"; expect_rc 2 "bad --as-of"
run report -h; expect_rc 0 "help"
expect_grep "track .*execution tracking" "$T/out" "help lists the track report"

run demo --end 2026-12 --months 24 --metric-weeks 0 --no-amortized --out "$T/demo"
expect_rc 0 "demo with appropriations"
run report track --fiscal-year 2025 -o "$T/x.html"; expect_rc 1 "a year without appropriations"
expect_grep "no appropriations for FY2025" "$T/err" "says to load them"

for f in html xlsx csv json md; do
    run report track --fiscal-year 2026 -o "$T/r.$f"
    expect_rc 0 "report track .$f"
done
run report track --fiscal-year 2026 --lang en -o "$T/en.md"; expect_rc 0 "english"

run track --fiscal-year 2026 --format csv; expect_rc 0 "track csv"
cp "$T/out" "$T/t.csv"
run track --fiscal-year 2026 --monthly --format csv; expect_rc 0 "track monthly csv"
cp "$T/out" "$T/m.csv"

# the report's first CSV table (no system column: the demo names none)
# against track: appropriation original actual rate plan p50 p80 p95 surplus p_exceed
awk 'BEGIN { RS = ""; FS = "\n" } NR == 1 { for (i = 3; i <= NF; i++) print $i }' "$T/r.csv" >"$T/rep1"
expect_eq "$(wc -l <"$T/rep1")" "13" "12 departments and the city"
awk -F, 'NR == FNR { if (FNR > 1) { k = ($1 == "total" ? "合計" : $1)
                         t[k] = $3 "," $4 "," $5 "," $11 "," $6 "," $7 "," $8 "," $9 "," $10 "," $12 }; next }
         { r = $2 "," $3 "," $4 "," $5 "," $6 "," $7 "," $8 "," $9 "," $10 "," $11
           if (!($1 in t) || t[$1] != r) { print "differs:", $1, r, "track:", t[$1]; bad = 1 } ; n++ }
         END { exit bad || n != 13 }' "$T/t.csv" "$T/rep1" && ok || fail "report figures equal yosan track's"

# departments add up to the city to the yen (every column but P80/P95)
awk -F, '$1 != "合計" { for (k = 2; k <= 10; k++) s[k] += $k } $1 == "合計" { for (k = 2; k <= 10; k++) c[k] = $k }
         END { for (k in c) if (k != 5 && k != 8 && k != 9 && s[k] != c[k]) { print "column", k, s[k], c[k]; bad = 1 }
               exit bad }' "$T/rep1" && ok || fail "departments sum to the city line"

# the planted overrun, and no other
expect_grep '^建設局,.*,-[0-9]*,100.0,超過見込,補正・流用が必要$' "$T/rep1" "建設局 flagged overrun with the action"
expect_eq "$(grep -c '超過見込' "$T/rep1")" "1" "only 建設局 is flagged"
expect_grep '^合計,.*,計画内,$' "$T/rep1" "the city is on plan"
expect_grep '建設局：年度末見込（P50）が予算現額を[0-9,]*円超過' "$T/r.md" "the 要対応 note names 建設局"
expect_grep '<h2>建設局【超過見込】</h2>' "$T/r.html" "its chart is marked"
expect_eq "$(grep -o '<svg ' "$T/r.html" | wc -l)" "14" "a chart for the city and each department, and the city's days"
expect_grep '令和8年度 予算執行管理' "$T/r.html" "令和 year in the title"
expect_grep '基準日 2026-12-31' "$T/r.html" "the as-of day marked on the charts"
expect_grep '契約ベース税込' "$T/r.md" "the basis is stated"
expect_no_grep 'on plan\|overrun\|actual cost\|forecast' "$T/r.md" "no English words in the Japanese report"
expect_grep '| 建設局 | .* | overrun | supplementary budget or transfer needed |' "$T/en.md" "english flag"
expect_no_grep '予算現額\|執行率\|超過見込' "$T/en.md" "no Japanese labels in the English report"

# the charts' data (last table) equal track --monthly: plan amount lo80 hi80 lo95 hi95
awk 'BEGIN { RS = ""; FS = "\n" } $1 == "局別・月別の計画・実績・見込" { for (i = 3; i <= NF; i++) print $i }' "$T/r.csv" >"$T/rep2"
expect_eq "$(wc -l <"$T/rep2")" "156" "12 months of 13 lines"
awk -F, 'NR == FNR { if (FNR > 1) t[($1 == "total" ? "合計" : $1) "," $3] = $5 "," $6 "," $7 "," $8 "," $9 "," $10; next }
         { k = $1 "," $2; if (t[k] != $4 "," $5 "," $6 "," $7 "," $8 "," $9) { print "differs:", k; bad = 1 } }
         END { exit bad }' "$T/m.csv" "$T/rep2" && ok || fail "monthly data equal yosan track --monthly"

# json and xlsx carry the same numbers
ap=$(awk -F, '$1 == "total" { print $3 }' "$T/t.csv")
expect_eq "$($CHECK json "$T/r.json" track appropriation_yen)" "$ap" "json: city appropriation"
expect_eq "$($CHECK xlsx "$T/r.xlsx" 1 1)" "$ap" "xlsx: city appropriation"
expect_eq "$($CHECK xlsx-audit "$T/r.xlsx")" "ok" "xlsx cells typed"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "track"
k = [r for s in d["sections"] if s["id"] == "track" for r in s["rows"] if r["department"] == "建設局"][0]
assert k["flag"] == "超過見込" and k["surplus_yen"] < 0, k
c = [s for s in d["sections"] if s["id"] == "chart_city"][0]
assert len(c["x"]) == 12 and c["marker"]["label"] == "基準日 2026-12-31", c["marker"]' "$T/r.json" && ok ||
    fail "json: flag, surplus and the city chart"

# --as-of: the same cut as `yosan track --as-of`
run report track --fiscal-year 2026 --as-of 2026-09-30 --format csv; expect_rc 0 "as of September"
p50=$(awk -F, '$1 == "建設局" { print $7; exit }' "$T/out")
run track --fiscal-year 2026 --as-of 2026-09-30 --format csv
expect_eq "$p50" "$(awk -F, '$1 == "建設局" { print $7 }' "$T/out")" "as-of P50 equals track's"

# the month under way, day by day: as of 2026-11-12 it is November (12 actual
# days), its table equals `yosan track --daily` to the yen and the
# departments add up to the city; a year that is over has no daily section
run report track --fiscal-year 2026 --as-of 2026-11-12 -o "$T/d.csv"; expect_rc 0 "as of a partial month"
awk 'BEGIN { RS = ""; FS = "\n" } $1 ~ /^当月の見通し/ { print $1; for (i = 3; i <= NF; i++) print $i }' "$T/d.csv" >"$T/rep3"
expect_eq "$(head -1 "$T/rep3")" "当月の見通し（局別、日別予測）：2026-11（実績12日・予測18日）" "daily section title"
run track --daily --as-of 2026-11-12 --format csv; expect_rc 0 "track --daily"
awk -F, 'NR == FNR { if (FNR > 1) t[($1 == "total" ? "合計" : $1)] = $5 "," $6 "," $7 "," $8 "," $9; next }
         FNR > 1 { r = $2 "," $3 "," $4 "," $5 "," $6; if (t[$1] != r) { print "differs:", $1, r, t[$1]; bad = 1 }; n++ }
         END { exit bad || n != 13 }' "$T/out" "$T/rep3" && ok || fail "daily table equals yosan track --daily"
awk -F, 'FNR > 1 && $1 != "合計" { a += $2; p += $3 } $1 == "合計" { ca = $2; cp = $3 }
         END { exit !(a == ca && p == cp) }' "$T/rep3" && ok || fail "daily: departments add up to the city"
run report track --fiscal-year 2026 --as-of 2026-11-12 -o "$T/d.html"; expect_rc 0 "daily html"
expect_grep '全市：当月の日別実績・見込（2026-11）' "$T/d.html" "the city's daily chart"
run report track --fiscal-year 2025 --as-of 2026-11-12 -o "$T/y.csv"
expect_rc 1 "FY2025 has no appropriations in this demo"
finish
