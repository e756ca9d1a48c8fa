# test_backtest_calibration.sh - issue 12 item 0 on the demo city
# (docs/demo.md: こども青少年局 and 教育委員会事務局 had systems go live 29 and
# 25 months before the end): the old steps are found and do not widen the
# bands, the budget's P80 margin of those departments is like the others',
# and `backtest --per-series` reports coverage (the model's bands and the
# bands calibrated on the history before each origin) and band widths,
# flagging no department's 12-month band over 3x the median unless its
# history is volatile. The demo is made without its planted cost anomalies
# (--no-anomalies, docs/anomalies.md): they are one-off days outside the
# normal range by construction, the business of `yosan anomalies`; what is
# measured here is how the bands cover the city's regular history.
. "$(dirname "$0")/lib.sh"
run demo --out "$T/demo" --end 2026-11 --metric-weeks 0 --no-amortized --no-anomalies
expect_rc 0 "demo city"

run budget --fiscal-year 2027 --level p80 --format csv
expect_rc 0 "budget FY2027"
# P80 over P50 in percent per department (columns p50, p80 by header name)
awk -F, 'NR==1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
         $1 != "total" { printf "%s %.2f\n", $1, 100 * ($c["p80"] / $c["p50"] - 1) }' "$T/out" >"$T/margin"
others=$(grep -v 'こども青少年局\|教育委員会事務局' "$T/margin" | awk '{print $2}' | sort -n |
    awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
for d in こども青少年局 教育委員会事務局; do
    m=$(awk -v d="$d" '$1 == d {print $2}' "$T/margin")
    expect_eq "$(awk -v m="$m" -v o="$others" 'BEGIN {print (m - o < 3 && o - m < 3) ? "ok" : m " vs " o}')" \
        "ok" "$d P80 margin within 3 points of the others' median"
done
expect_grep '^こども青少年局,.*+shift,[^,]*$' "$T/out" "the old go-live is modelled as a shift"

# default origins (6 x 3 = 15 points a department): the bands calibrated on
# the 8 origins before each scored one (no peeking) cover 95 +- 5 % everywhere
# and fewer departments cover every point at 80 %. (With 15 points even
# exact bands put all 13 departments within 80 +- 10 % only about 1 time in
# 200: docs/forecast.md.)
run backtest --by department --per-series --format csv
expect_rc 0 "backtest --per-series (6 origins)"
expect_eq "$(head -1 "$T/out")" \
    "series,points,cov80,cov95,raw80,raw95,factor,width80_12,volatility,shifts,flag,ok80_lo,ok80_hi,ok95_lo,ok95_hi,step_points,cov80_nostep,cov95_nostep,factor95" "header"
expect_eq "$(awk -F, 'NR > 1 && ($4 < 0.9 || $4 > 1) {print $1}' "$T/out")" "" \
    "calibrated 95% coverage within 95 +- 5 % for every department"
expect_eq "$(awk -F, 'NR > 1 {c += ($3 == 1); r += ($5 == 1)} END {print (c < r) ? "ok" : c " vs raw " r}' "$T/out")" \
    "ok" "fewer departments cover every point at 80 % than with the model's bands (6 vs 8)"

run backtest --by department --origins 12 --horizon 3 --per-series --format csv
expect_rc 0 "backtest --per-series"
# pooled over departments: calibrated nearer 80 % than the model's bands
expect_eq "$(awk -F, 'NR > 1 {c += $3 * $2; r += $5 * $2; n += $2}
    END {c /= n; r /= n; print (c >= 0.75 && c <= 0.85 && (c - 0.8)^2 < (r - 0.8)^2) ? "ok" : c " vs raw " r}' "$T/out")" \
    "ok" "pooled calibrated 80% coverage within 80 +- 5 % and nearer than raw"
# the 95 % band: the median-based factor alone left it short (pooled 0.904
# on this city); the tail ratio brings it near 95 % and nearer than raw
expect_eq "$(awk -F, 'NR > 1 {c += $4 * $2; r += $6 * $2; n += $2}
    END {c /= n; r /= n; print (c >= 0.92 && c <= 0.98 && (c - 0.95)^2 < (r - 0.95)^2) ? "ok" : c " vs raw " r}' "$T/out")" \
    "ok" "pooled calibrated 95% coverage within 95 +- 3 % and nearer than raw"
expect_eq "$(awk -F, 'NR > 1 && !($19 >= $7) {print $1}' "$T/out")" "" \
    "the 95% band's factor is never below the 80% band's (the tail ratio only widens)"
# every department within 80 +- 10 % but those with a go-live or a missed
# year-end inside the 12 scored months (at most 3 of 13, docs/forecast.md)
expect_eq "$(awk -F, 'NR > 1 && ($3 < 0.7 || $3 > 0.9) {n++} END {print (n <= 3) ? "ok" : n}' "$T/out")" \
    "ok" "calibrated 80% coverage within 80 +- 10 % for at least 10 of 13 departments"
# (the share inside the band on the go-live points alone, from the overall and
# the step-free shares: it was a flat cov80 < 0.75 before the step columns,
# which moved to 0.758 when the demo's dev/test plan joined this department)
expect_eq "$(awk -F, '$1 == "デジタル統括室" { s = $16; k = $3 * $2 - $17 * ($2 - s)
    print (s >= 6 && k / s < 0.5) ? "ok" : s " step points, " k " inside" }' "$T/out")" "ok" \
    "the go-live 9 months back is not foreseen: most of its points fall outside the band"
expect_eq "$(awk -F, '$10 == 1 {print $1}' "$T/out" | sort | tr '\n' ' ')" \
    "$(printf '%s\n' こども青少年局 デジタル統括室 教育委員会事務局 福祉局 経済戦略局 | sort | tr '\n' ' ')" \
    "the five go-lives are the shifts found"
med=$(tail -n +2 "$T/out" | cut -d, -f8 | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
expect_eq "$(awk -F, -v m="$med" 'NR > 1 && $8 > 3 * m && $11 != "wide: volatile history" {print $1}' "$T/out")" "" \
    "no 12-month band over 3x the median unless flagged volatile"
for d in こども青少年局 教育委員会事務局; do
    expect_eq "$(awk -F, -v d="$d" -v m="$med" '$1 == d {print ($8 < 1.5 * m) ? "ok" : $8 " vs " m}' "$T/out")" \
        "ok" "$d band like the others' (was 6x and 3x the median)"
    expect_eq "$(awk -F, -v d="$d" '$1 == d {print ($3 >= 0.7 && $3 <= 0.9 && $4 >= 0.9) ? "ok" : $3 " " $4}' "$T/out")" \
        "ok" "$d covered within 80 +- 10 % and 95 -5 %"
    expect_eq "$(awk -F, -v d="$d" '$1 == d {print ($7 < 1) ? "ok" : $7}' "$T/out")" \
        "ok" "$d: its history says the model's bands are too wide (factor < 1)"
done
# issue 12: the binomial acceptance range for 33 points and the go-live
# points shown: only デジタル統括室's go-live (9 months back) falls in a
# scored window, and without its points its coverage is back in range
expect_eq "$(awk -F, 'NR > 1 && ($12 != "0.667" || $13 != "0.939") {print $1}' "$T/out")" "" \
    "80% acceptance range 22-31 of 33 points"
expect_eq "$(awk -F, 'NR > 1 && $16 > 0 {print $1}' "$T/out")" "デジタル統括室" \
    "only the go-live inside the scored months marks step points"
expect_eq "$(awk -F, '$1 == "デジタル統括室" {print ($17 > $3 && $17 >= $12) ? "ok" : $3 " " $17}' "$T/out")" \
    "ok" "デジタル統括室 covered within its range without the go-live points"
expect_eq "$(awk -F, 'NR > 1 && $16 == 0 && $17 != $3 {print $1}' "$T/out")" "" \
    "without step points cov80_nostep is cov80"
# departments without a go-live inside the 12 backtest months: 95 % band
# within 95 +- 5 % (it was 0.85 for some before the tail ratio)
expect_eq "$(awk -F, 'NR > 1 && $1 != "デジタル統括室" && ($4 < 0.9 || $4 > 1) {print $1}' "$T/out")" \
    "" "95% coverage of departments without a recent go-live within 95 +- 5 %"

# a planted volatile series is flagged as such, through --input
{
    echo series_id,period_index,value
    for s in a b c d; do for i in $(seq 1 36); do echo "$s,$i,$((1000 + (i % 12) * 10 + i))"; done; done
    awk 'BEGIN { srand(3); for (i = 1; i <= 36; i++) printf "wild,%d,%d\n", i, 1000 * (0.3 + 1.4 * rand()) }'
} >"$T/series.csv"
run backtest --input "$T/series.csv" --origins 3 --horizon 3 --per-series --format csv
expect_rc 0 "backtest --input --per-series"
expect_grep '^wild,.*,wide: volatile history,' "$T/out" "a really volatile series is flagged as such"
finish
