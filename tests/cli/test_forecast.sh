# test_forecast.sh - `yosan forecast` and `yosan backtest` on series CSV
# files and on an empty store: output shape, interval order, models,
# determinism across thread counts, bad input and usage errors.
. "$(dirname "$0")/lib.sh"
S="$TEST_DATA_DIR/m3_sample.csv"

run forecast --input "$S" --horizon 18
expect_rc 0 "forecast m3 sample"
expect_eq "$(head -1 "$T/out")" "series_id,h,mean,lo80,hi80,lo95,hi95,model" "csv header"
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "54" "3 series x 18 rows"
expect_eq "$(awk -F, 'NR>1 && !($4<=$3 && $3<=$5 && $6<=$4 && $5<=$7){b++} END{print b+0}' "$T/out")" "0" \
    "lo95 <= lo80 <= mean <= hi80 <= hi95"
expect_no_grep "nan\|inf" "$T/out" "all finite"
expect_eq "$(cut -d, -f1 "$T/out" | uniq | tr '\n' ' ')" "series_id M1 M500 M1000 " "input order kept"
cp "$T/out" "$T/two"
run forecast --input "$S" --horizon 18 --jobs 1
expect_eq "$(cmp -s "$T/out" "$T/two" && echo same)" "same" "1 and 2 threads give the same output"

for m in auto ets ets-full theta arima reg snaive ensemble; do
    run forecast --input "$S" --horizon 6 --model $m
    expect_rc 0 "--model $m"
    expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "18" "--model $m rows"
done
run forecast --input "$S" --horizon 3 --model snaive
expect_grep "^M500,1,.*,snaive$" "$T/out" "snaive names itself"

run forecast --input "$S" --horizon 2 --format json
expect_rc 0 "json"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[0]["series_id"], d[0]["h"])' "$T/out")" \
    "6 M1 1" "json parses"

# awkward series: NaN, all zeros, length 3, a level shift
cat > "$T/odd.csv" <<'CSV'
series_id,period_index,value
zeros,1,0
zeros,2,0
zeros,3,0
zeros,4,0
short,1,10
short,2,12
short,3,11
gap,1,5
gap,2,NA
gap,3,7
gap,5,9
gap,6,8
gap,7,10
CSV
for i in $(seq 1 30); do echo "shift,$i,100"; done >> "$T/odd.csv"
for i in $(seq 31 36); do echo "shift,$i,400"; done >> "$T/odd.csv"
run forecast --input "$T/odd.csv" --horizon 4 --season 12
expect_rc 0 "odd series"
expect_no_grep "nan\|inf" "$T/out" "odd series finite"
expect_grep "^zeros,4,0,0,0,0,0,zero$" "$T/out" "all zeros forecast zero"
expect_grep "^short,1,11," "$T/out" "length 3: last value"
expect_grep "^shift,1,400,.*shift$" "$T/out" "level shift: post-shift level"

# bad input
printf 'series_id,period_index,value\nA,1,3\nA,2,abc\n' > "$T/bad.csv"
run forecast --input "$T/bad.csv" --horizon 2
expect_rc 3 "bad number"; expect_grep "bad.csv:3: field 'value': expected a number, got 'abc'" "$T/err" "names line and field"
printf 'id,t,v\nA,1,3\n' > "$T/hdr.csv"
run forecast --input "$T/hdr.csv" --horizon 2; expect_rc 3 "bad header"
printf 'series_id,period_index,value\nA,1,3\nA,1,4\n' > "$T/dup.csv"
run forecast --input "$T/dup.csv" --horizon 2; expect_rc 3 "duplicate period"
run forecast --input "$T/nosuch.csv" --horizon 2; expect_rc 1 "missing file"

# usage
run forecast;                                   expect_rc 2 "no input"
run forecast --input "$S" --horizon 0;          expect_rc 2 "horizon 0"
run forecast --input "$S" --model prophet;      expect_rc 2 "unknown model"
run forecast --input "$S" --format xml;         expect_rc 2 "bad format"
run forecast --input "$S" --by total;           expect_rc 2 "--input with --by"
run forecast --by nothing;                      expect_rc 2 "bad --by"
run forecast --by department;                   expect_rc 1 "no database"
expect_no_db "says there is no database (and makes none)"
fail_if_db_made "forecast created the database"
run import "$TEST_DATA_DIR/EA_NoRows.csv";      expect_rc 0 "an empty store"
run forecast --by department;                   expect_rc 1 "empty store"
expect_grep "no actual cost data" "$T/err" "says the store is empty"

# backtest on the sample
run backtest --input "$S" --origins 3 --horizon 6 --format csv
expect_rc 0 "backtest"
expect_eq "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" "model auto ets ets-full theta arima reg snaive ensemble " "one row per model"
expect_eq "$(awk -F, 'NR>1 && ($4<0 || $4>200 || $6<0 || $6>1 || $7<$6){b++} END{print b+0}' "$T/out")" "0" \
    "sMAPE in 0..200, coverage in 0..1, cov95 >= cov80"
run backtest --origins 0;  expect_rc 2 "backtest bad --origins"
run backtest;              expect_rc 1 "backtest on an empty store"
# --- several seasonal periods (issue 14 item 3): three weeks of hourly data
# with a day and a week cycle (weekends at 40 %), generated here
python3 - "$T/hourly.csv" <<'EOF2'
import math, random, sys
random.seed(7)
with open(sys.argv[1], "w") as f:
    f.write("series_id,period_index,value\n")
    for t in range(24 * 7 * 3):
        h, d = t % 24, (t // 24) % 7
        v = 1000 * (1 + 0.5 * math.sin(2 * math.pi * (h - 6) / 24)) * (0.4 if d >= 5 else 1.0)
        f.write("A,%d,%.3f\n" % (t + 1, v * math.exp(random.gauss(0, 0.05))))
EOF2
run -q forecast --input "$T/hourly.csv" --horizon 48 --season 24,168
expect_rc 0 "--season 24,168"
expect_grep 'mstl(24,168)' "$T/out" "auto takes MSTL with both periods"
# the forecast starts on a Monday at 00:00 (504 hours = 3 weeks): hour 13 of
# Saturday (h = 5*24 + 13 = 133) is well below hour 13 of Monday (h = 13)
awk -F, '$2 == 13 { mon = $3 } $2 == 133 { sat = $3 } END { exit !(sat < 0.6 * mon) }' "$T/out" &&
    ok || fail "the weekly cycle is in the forecast"
run -q forecast --input "$T/hourly.csv" --horizon 4 --season 7,365 --model mstl
expect_rc 0 "--season 7,365 (too short for the year: the week alone)"
expect_grep 'mstl(7)' "$T/out" "only the periods with two cycles are used"
for bad in 24,168,2,3,4 0 24,1 24,9000 24,; do
    run forecast --input "$T/hourly.csv" --horizon 4 --season "$bad"
    expect_rc 2 "--season $bad"
done
expect_grep "up to 3 longer cycles 2..8784" "$T/err" "the range said"

finish
