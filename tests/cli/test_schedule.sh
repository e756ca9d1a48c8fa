# test_schedule.sh - `yosan schedule` and `yosan commit` end to end on a
# hand-made metrics CSV (generated below, deterministic): 3 weeks of hourly
# CPU for four VMs, JST Monday 2026-09-07 .. Sunday 2026-09-27, a window with
# the holidays 9/21 敬老の日, 9/22 国民の休日 and 9/23 秋分の日.
. "$(dirname "$0")/lib.sh"

# UTC hour k = 0 is 2026-09-06T15:00Z = JST Monday 2026-09-07 00:00.
#   vm-office: 40 % on JST business days 09:00-17:59, 1 % otherwise
#   vm-batch:  the office pattern plus 80 % at 02:00 JST every day
#   vm-idle:   0.5 % always
#   vm-thin:   office pattern, but only the last 5 days have samples
P=/subscriptions/s1/resourceGroups/rg-test/providers/Microsoft.Compute/virtualMachines
TZ=UTC awk -v p="$P" -v t0="$(date -u -d 2026-09-06T15:00:00Z +%s)" 'BEGIN {
    print "resource_id,timestamp,metric,value"
    for (k = 0; k < 504; k++) {
        ts = strftime("%Y-%m-%dT%H:%M:%SZ", t0 + k * 3600, 1)
        day = int(k / 24); h = k % 24; wd = day % 7      # JST day, hour, 0 = Monday
        hol = (day == 14 || day == 15 || day == 16)       # 9/21, 9/22, 9/23
        office = (wd < 5 && !hol && h >= 9 && h < 18) ? 40 : 1
        print p "/vm-office," ts ",Percentage CPU," office
        print p "/vm-batch," ts ",Percentage CPU," (h == 2 ? 80 : office)
        print p "/vm-idle," ts ",Percentage CPU,0.5"
        if (day >= 16) print p "/vm-thin," ts ",Percentage CPU," office
    }
}' >"$T/metrics.csv"

run schedule --format csv --from 2026-09-28
expect_rc 1 "schedule without a database"
expect_no_db "says there is no database"
run import "$TEST_DATA_DIR/EA_NoRows.csv"; expect_rc 0 "an empty store"
run schedule --format csv --from 2026-09-28
expect_rc 0 "schedule on an empty database"
expect_eq "$(cat "$T/out")" "resource_id,department,schedule,hours_per_week_before,hours_per_week_after,monthly_savings,reason,price_source" "empty: header only"

run import "$T/metrics.csv"
expect_rc 0 "import metrics"

run schedule --weeks 3 --format csv --from 2026-09-28
expect_rc 0 "schedule csv"
expect_grep '/vm-office,(unknown),mon-fri 08:00-19:00; holidays off,168.0,55.0,,idle outside the window in 21 days' "$T/out" "office VM gets a weekday schedule (holidays not learned)"
expect_grep '/vm-batch,(unknown),always on,168.0,168.0,,busy at night (batch): active mon 02:00 JST' "$T/out" "batch VM is not stopped"
expect_grep '/vm-idle,(unknown),always off,168.0,0.0,,idle every hour' "$T/out" "idle VM"
expect_grep '/vm-thin,(unknown),always on,.*insufficient data: 5 days of metrics (14 needed)' "$T/out" "too little data"
expect_grep 'analysed 4 VMs over 3 weeks' "$T/err" "progress on stderr"

# the second run reuses the profile; a new import rebuilds it
run schedule --weeks 3 --format csv --from 2026-09-28
expect_no_grep 'building the schedule profile' "$T/err" "profile reused"
printf 'resource_id,timestamp,metric,value\n%s/vm-idle,2026-09-27T14:00:00Z,Percentage CPU,0.7\n' "$P" >"$T/more.csv"
run import "$T/more.csv"
expect_grep 'building the schedule profile' "$T/err" "a new metrics import rebuilds the profile"
run schedule --weeks 3 --format csv --from 2026-09-28
expect_no_grep 'building the schedule profile' "$T/err" "schedule after an import uses the fresh profile"
expect_grep 'analysed 4 VMs over 3 weeks' "$T/err" "and still analyses the same VMs"
run import "$T/more.csv"
expect_no_grep 'building the schedule profile' "$T/err" "a duplicate import builds nothing"

run schedule --weeks 3 --format json --from 2026-10-05
expect_rc 0 "json"
expect_grep '"timezone": "Asia/Tokyo"' "$T/out" "json timezone"
expect_grep '"learning": {"from": "2026-09-07", "to": "2026-09-27"}' "$T/out" "learning window in JST days"
expect_grep '"mon": {"start": "08:00", "stop": "19:00"}' "$T/out" "per-day windows"
expect_grep '"sat": null' "$T/out" "weekend off"
expect_grep '{"start": "2026-10-05T08:00:00+09:00", "stop": "2026-10-05T19:00:00+09:00"}' "$T/out" "concrete times with offset"
expect_no_grep '2026-10-12T' "$T/out" "off on スポーツの日 2026-10-12"
expect_grep '"2026-10-09T08:00:00+09:00"' "$T/out" "friday before the holiday runs"
expect_grep '"2026-10-16T19:00:00+09:00"' "$T/out" "last business day of the 14"
expect_eq "$(grep -o '"start": "2026-' "$T/out" | wc -l | tr -d ' ')" "9" "9 business days in 10/5-10/18 (one holiday)"

printf 'date,kind,name\n2026-10-06,closed,臨時休庁\n2026-10-12,open,出勤日\n' >"$T/cal.csv"
run schedule --weeks 3 --format json --from 2026-10-05 --calendar "$T/cal.csv"
expect_rc 0 "user calendar"
expect_no_grep '2026-10-06T' "$T/out" "user closed day is off"
expect_grep '"2026-10-12T08:00:00+09:00"' "$T/out" "user open day cancels the holiday"

run schedule --weeks 3 --format az --from 2026-10-05
expect_rc 0 "az script"
expect_grep '^#!/bin/bash' "$T/out" "az: a bash script"
expect_grep "^at_jst 2026-10-05T08:00:00+09:00 az vm start --no-wait --ids '.*/vm-office'$" "$T/out" "az start line"
expect_grep "^at_jst 2026-10-05T19:00:00+09:00 az vm deallocate --no-wait --ids '.*/vm-office'$" "$T/out" "az deallocate line"
expect_eq "$(grep -c 'az vm deallocate' "$T/out")" "9" "one stop per business day"
expect_no_grep 'vm-batch' "$T/out" "refused VMs are not in the script"
bash -n "$T/out"; RC=$?; expect_rc 0 "az script parses"
# run it with a stub az: the dates are past, so every line runs at once, in order
mkdir -p "$T/bin"; printf '#!/bin/sh\necho "$@" >>"%s/az.log"\n' "$T" >"$T/bin/az"; chmod +x "$T/bin/az"
cp "$T/out" "$T/plan.sh"
PATH="$T/bin:$PATH" bash "$T/plan.sh"; RC=$?; expect_rc 0 "az script runs"
expect_eq "$(wc -l <"$T/az.log" | tr -d ' ')" "18" "9 starts and 9 deallocations executed"
expect_eq "$(tail -1 "$T/az.log" | cut -d' ' -f1-2)" "vm deallocate" "ends deallocated"

run schedule --weeks 3 --format cron --from 2026-09-28
expect_rc 0 "cron"
expect_grep '^CRON_TZ=Asia/Tokyo$' "$T/out" "cron time zone"
expect_grep "^0 8 \* \* 1,2,3,4,5 grep -qx .*TZ=Asia/Tokyo date.* || az vm start --no-wait --ids '.*/vm-office'$" "$T/out" "cron start skips closed days"
expect_grep "^0 19 \* \* 1,2,3,4,5 az vm deallocate --no-wait --ids '.*/vm-office'$" "$T/out" "cron stop"

run schedule --weeks 3 --format csv --from 2026-09-28 --margin 0
expect_grep '/vm-office,(unknown),mon-fri 09:00-18:00; holidays off' "$T/out" "--margin 0"

run schedule --weeks 3 --format csv --from 2026-09-28 --department 健康局
expect_rc 0 "department filter"
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" "1" "no VM of another department"

run commit --weeks 3 --format csv --from 2026-09-28
expect_rc 1 "commit without commitment prices"
expect_grep "no reservation or savings-plan prices in the store" "$T/err" "says so"
run commit --weeks 3 --format csv --from 2026-09-28 --assume-ri1y 30
expect_rc 0 "commit"
expect_grep '^vm_size,region,vms,already_committed,currency,payg_hourly' "$T/out" "commit header"
expect_grep '^(unknown),,4,0,' "$T/out" "metrics-only VMs grouped as unknown size"
expect_grep 'no pay-as-you-go price known' "$T/out" "no price: says so"

run schedule --weeks 0;           expect_rc 2 "bad --weeks"
run schedule --format xml;        expect_rc 2 "bad --format"
run schedule --from 2026-13-01;   expect_rc 2 "bad --from"
run schedule --assume-ri1y 30;    expect_rc 2 "assumptions are commit-only"
run commit --format az;           expect_rc 2 "commit has no az format"
run commit --assume-ri3y 120;     expect_rc 2 "discount out of range"
printf '2026-09-31,closed,x\n' >"$T/bad.csv"
run schedule --calendar "$T/bad.csv"
expect_rc 3 "bad calendar file"
expect_grep 'bad.csv:1: field .date.' "$T/err" "names file, line and field"
finish
