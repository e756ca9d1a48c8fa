#!/bin/bash
# test_track_daily.sh - issue 14 item 3: `yosan track --daily` on the demo
# city (to 2026-11, with its FY2026 appropriations). Cut at 2026-11-10:
# ten actual days, twenty forecast, the projected month total inside its
# 80 % band and within 5 % of the month's actual for the city; the days add
# up to the totals; the city is the sum of the departments; a complete
# month has no band and equals the month of `track --monthly` to the yen;
# the share of the appropriation; a month before any data is refused; the
# usage errors.
. "$(dirname "$0")/lib.sh"
use_db daily
run demo --end 2026-11 --months 26 --metric-weeks 0 --no-amortized --out "$T/demo"
expect_rc 0 "demo to 2026-11"

run track --daily --month 2026-11 --as-of 2026-11-10 --format csv
expect_rc 0 "daily, cut at day 10"
cp "$T/out" "$T/cut.csv"
expect_grep "2026-11 as of 2026-11-10: 10 actual days, 20 forecast" "$T/err" "says what is actual"
expect_eq "$(head -1 "$T/cut.csv")" \
    "department,month,as_of,actual_days,actual,p50,lo80,hi80,plan,appropriation,share_pct,closed_factor,model,basis" \
    "columns"
expect_eq "$(awk -F, 'NR > 1' "$T/cut.csv" | wc -l)" "13" "12 departments and the city"
# department,month,as_of,actual_days,actual,p50,lo80,hi80,plan,appropriation,share_pct,...
awk -F, 'NR > 1 && !($7 <= $6 && $6 <= $8 && $5 < $6 && $4 == 10) { print; bad = 1 } END { exit bad }' \
    "$T/cut.csv" && ok || fail "actual < lo80 <= p50 <= hi80, ten actual days"
awk -F, 'NR > 1 && $1 != "total" { a += $5; p += $6 } $1 == "total" { ta = $5; tp = $6 }
    END { exit !(a == ta && p == tp) }' "$T/cut.csv" && ok || fail "the city is the sum of the departments"
awk -F, 'NR > 1 { s = 100 * $6 / $10; if (s - $11 > 0.051 || $11 - s > 0.051) { print; bad = 1 } }
    END { exit bad }' "$T/cut.csv" && ok || fail "share_pct = p50 / appropriation"
expect_grep '^total,2026-11,2026-11-10,10,.*,contract+tax$' "$T/cut.csv" "the city row on the basis"

run track --daily --month 2026-11 --as-of 2026-11-10 --days --format csv
expect_rc 0 "days"
expect_eq "$(awk -F, 'NR > 1' "$T/out" | wc -l)" "$((13 * 30))" "30 days for 12 departments and the city"
expect_eq "$(awk -F, '$1 == "建設局" && $3 == "actual"' "$T/out" | wc -l)" "10" "ten actual days"
sum=$(awk -F, '$1 == "建設局" { s += $4 } END { print s }' "$T/out")
expect_eq "$sum" "$(awk -F, '$1 == "建設局" { print $6 }' "$T/cut.csv")" "the days add up to P50"
awk -F, 'NR > 1 && $3 == "actual" && ($5 != $4 || $6 != $4) { bad = 1 } END { exit bad }' "$T/out" &&
    ok || fail "actual days have no band"

# the whole month actual: no band, and the month of `track --monthly`
run track --daily --month 2026-11 --format csv
expect_rc 0 "the complete month"
cp "$T/out" "$T/full.csv"
awk -F, 'NR > 1 && !($5 == $6 && $6 == $7 && $7 == $8 && $4 == 30) { bad = 1 } END { exit bad }' \
    "$T/full.csv" && ok || fail "a complete month is all actual"
run track --fiscal-year 2026 --monthly --format csv
expect_rc 0 "monthly"
m=$(awk -F, '$1 == "建設局" && $3 == "2026-11" { print $6 }' "$T/out")
expect_eq "$(awk -F, '$1 == "建設局" { print $5 }' "$T/full.csv")" "$m" "November as in track --monthly"
act=$(awk -F, '$1 == "total" { print $5 }' "$T/full.csv")
p50=$(awk -F, '$1 == "total" { print $6 }' "$T/cut.csv")
echo "city 2026-11: projection at day 10 $p50, actual $act"
awk -v a="$act" -v p="$p50" 'BEGIN { d = (p - a) / a; exit !(d < 0.05 && d > -0.05) }' && ok ||
    fail "the day-10 projection within 5 % of the month ($p50 vs $act)"

run track --daily --as-of 2026-11-20 --format json
expect_rc 0 "json, the month of the as-of day"
python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
t = [r for r in d if r["department"] == "total"][0]
assert t["month"] == "2026-11" and t["actual_days"] == 20 and t["basis"] == "contract+tax", t' \
    "$T/out" && ok || fail "json"

run track --daily --month 2027-02; expect_rc 2 "a month after the data"
expect_grep "ends on 2026-11-30, before 2027-02" "$T/err" "says where the data ends"
run track --daily --month 2026-11 --model mstl --as-of 2026-11-10 --format csv
expect_rc 0 "the long-season model"
expect_grep ',"mstl(7,365)+log' "$T/out" "MSTL with the year on two years of data"
run track --daily --fiscal-year 2026; expect_rc 2 "--daily with --fiscal-year"
run track --fiscal-year 2026 --days; expect_rc 2 "--days without --daily"
run track --daily --month 2026-13; expect_rc 2 "bad month"
run track -h; expect_rc 0 "-h"
expect_grep "day by day" "$T/out" "usage explains --daily"
finish
