#!/bin/bash
# test_track.sh - issue 13 item 2: `yosan track` on the demo city made to the
# end of FY2026 (so the year's actual is known), with the appropriations the
# demo plants (建設局 12 % below its trend, the others 8 % above). Backtest:
# the data cut at three as-of days (June, September, December); at each the
# planted department is flagged overrun with a projected shortfall whose P50
# is within its interval (P50 -/+ (P95 - P50)) of the year's actual, and no
# department on plan is flagged. Then: a partial month is forecast whole,
# appropriations dated after the as-of day do not count, execution rate and
# plan add up, --monthly rows, JSON, and the usage errors.
. "$(dirname "$0")/lib.sh"
use_db track
run demo --end 2027-03 --months 36 --metric-weeks 0 --no-amortized --out "$T/demo"
expect_rc 0 "demo to the end of FY2026"
expect_grep "loaded .*appropriations.csv: 15 FY2026 appropriations" "$T/err" "the demo loads its appropriations"

# the year's actual per department on the budget's basis, with the shared
# (unallocated) cost split in proportion to the departments' own, as track does
run summary --by department --from 2026-04-01 --to 2027-03-31 --basis contract+tax --format csv
expect_rc 0 "summary of FY2026"
cp "$T/out" "$T/sum"
actual_of() {
    awk -F, -v d="$1" 'NR > 1 { c[$1] = $2; if ($1 != "(unallocated)") own += $2 }
        END { printf "%.0f\n", c[d] + c["(unallocated)"] * c[d] / own }' "$T/sum"
}
ACT=$(actual_of 建設局)

for cut in 2026-06-30 2026-09-30 2026-12-31; do
    run track --fiscal-year 2026 --as-of "$cut" --format csv
    expect_rc 0 "track as of $cut"
    cp "$T/out" "$T/t-$cut.csv"
    # department,system,appropriation,original,actual,plan_to_date,p50,p80,p95,surplus,...,flag,action,basis
    line=$(grep '^建設局,' "$T/t-$cut.csv")
    IFS=, read -r _ _ ap _ _ _ p50 _ p95 surplus _ _ flag action basis <<<"$line"
    expect_eq "$flag" "overrun" "$cut: the planted department is flagged"
    expect_eq "$action" "補正 or 流用" "$cut: and told what it needs"
    expect_eq "$basis" "contract+tax" "$cut: the appropriations' basis"
    [ "$surplus" -lt 0 ] && [ "$surplus" -eq $((ap - p50)) ] && ok || fail "$cut: shortfall $surplus = $ap - $p50"
    w=$((p95 - p50))
    d=$((ACT - p50)); d=${d#-}
    echo "as of $cut: 建設局 appropriation $ap, P50 $p50, P95 $p95, FY actual $ACT, |actual - P50| $d, half-width $w"
    [ "$d" -le "$w" ] && ok || fail "$cut: the actual $ACT is outside P50 $p50 +/- $w"
    [ "$ACT" -gt "$ap" ] && ok || fail "the planted department did overrun ($ACT > $ap)"
    n=$(awk -F, 'NR > 1 && $1 != "建設局" && $1 != "total" && $13 == "overrun"' "$T/t-$cut.csv" | wc -l)
    expect_eq "$n" "0" "$cut: no department on plan is flagged"
    expect_grep '^total,,[0-9]*,.*,on plan,,contract+tax$' "$T/t-$cut.csv" "$cut: the city is on plan"
done

# the departments on plan did stay within their appropriation
for d in 財政局 市民局 福祉局 デジタル統括室; do
    a=$(actual_of "$d")
    ap=$(awk -F, -v d="$d" '$1 == d {print $3}' "$T/t-2026-12-31.csv")
    [ "$a" -lt "$ap" ] && ok || fail "$d: actual $a within $ap"
done

# appropriations dated after the as-of day do not count: the demo's 補正 of
# デジタル統括室 is dated 2026-12-01, its 流用 2026-10-01
sep=$(awk -F, '$1 == "デジタル統括室" {print $3 - $4}' "$T/t-2026-09-30.csv")
dec=$(awk -F, '$1 == "デジタル統括室" {print $3 - $4}' "$T/t-2026-12-31.csv")
expect_eq "$sep" "0" "September: only the 当初"
[ "$dec" -gt 0 ] && ok || fail "December: the 補正 counts ($dec)"
fin=$(awk -F, '$1 == "財政局" {print $3 - $4}' "$T/t-2026-12-31.csv")
[ "$fin" -lt 0 ] && ok || fail "財政局's 流用 out lowers its appropriation ($fin)"

# execution rate, actual and plan
awk -F, 'NR > 1 && $3 != "" { r = 100 * $5 / $3; if (r - $11 > 0.051 || $11 - r > 0.051) { print "rate", $1, r, $11; bad = 1 } }
    END { exit bad }' "$T/t-2026-12-31.csv" && ok || fail "exec_rate = actual / appropriation"

# mid-month: the partial month is forecast whole, as in budget
run track --fiscal-year 2026 --as-of 2026-09-15 --monthly --format csv
expect_rc 0 "mid-month"
expect_grep "as of 2026-09-15: 5 actual months (through 2026-08), 7 forecast" "$T/err" "partial month forecast"
expect_eq "$(grep -c '^建設局,,2026-09,forecast,' "$T/out")" "1" "September is forecast"
expect_eq "$(awk -F, 'NR > 1' "$T/out" | wc -l)" "$((13 * 12))" "12 months for 12 departments and the city"
awk -F, '$1 == "建設局" { p += $5 } END { print p }' "$T/out" >"$T/plan"
ap=$(grep '^建設局,' "$T/t-2026-09-30.csv" | cut -d, -f3)
expect_eq "$(cat "$T/plan")" "$ap" "the monthly plan adds up to the appropriation"
awk -F, 'NR > 1 && $4 == "actual" && ($7 != $6 || $10 != $6) { bad = 1 } END { exit bad }' "$T/out" && ok ||
    fail "actual months have no band"

run track --fiscal-year 2026 --as-of 2026-12-31 --format json
expect_rc 0 "json"
python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
k = [r for r in d if r["department"] == "建設局"][0]
assert k["flag"] == "overrun" and k["surplus"] < 0 and 50 < k["p_exceed_pct"] <= 100, k' "$T/out" && ok || fail "json"

run track --fiscal-year 2026; expect_rc 2 "a year that is over"
expect_grep "FY2026 ended" "$T/err" "says the year is over"
run track --fiscal-year 2025 --as-of 2025-12-31; expect_rc 1 "no appropriations"
expect_grep "no appropriations for FY2025" "$T/err" "says to load them"
run track; expect_rc 2 "--fiscal-year required"
run track --fiscal-year 2026 --as-of 2026-13-01; expect_rc 2 "bad date"
run track --fiscal-year 2026 --format xml; expect_rc 2 "bad format"
run track -h; expect_rc 0 "-h"
expect_grep "執行率" "$T/out" "usage explains the rate"
finish
