# test_holidays.sh - `yosan holidays`: national holidays, closure, user calendar, formats.
. "$(dirname "$0")/lib.sh"

run holidays --year 2020 --format csv --no-closure
expect_rc 0 "holidays 2020"
expect_eq "$(head -1 "$T/out")" "date,weekday,kind,name" "csv header"
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" "19" "2020 has 18 holidays"
expect_grep '^2020-07-24,金,holiday,スポーツの日$' "$T/out" "Olympic sports day"
expect_grep '^2020-02-24,月,substitute,振替休日$' "$T/out" "substitute day"
expect_no_grep '年末年始' "$T/out" "no closure with --no-closure"

run holidays --year 2026 --format csv
expect_rc 0 "holidays 2026"
expect_grep '^2026-09-22,火,citizens,国民の休日$' "$T/out" "citizens' holiday"
expect_grep '^2026-12-29,火,closure,年末年始$' "$T/out" "closure"
expect_grep '^2026-01-01,木,holiday,元日$' "$T/out" "new year keeps its name"

run holidays --year 2026 --format csv --calendar "$TEST_DATA_DIR/calendar-user.csv"
expect_rc 0 "user calendar"
expect_grep '^2026-06-15,月,closed,市制記念日$' "$T/out" "user closed day"
expect_grep '^2026-12-29,火,open,予算編成のため開庁$' "$T/out" "user open day overrides closure"

run holidays --year 2019 --format json
expect_rc 0 "json"
expect_grep '"name": *"即位礼正殿の儀"' "$T/out" "json names"

run holidays --year 2019
expect_rc 0 "table"
expect_grep '天皇の即位の日' "$T/out" "table lists names"

printf '2026-02-30,closed,x\n' >"$T/bad.csv"
run holidays --year 2026 --calendar "$T/bad.csv"
expect_rc 3 "bad calendar file is bad input"
expect_grep 'bad.csv:1: field .date.' "$T/err" "names file, line and field"

run holidays --year 1900;           expect_rc 2 "year out of range"
run holidays;                       expect_rc 2 "year required"
run holidays --year 2026 --format x; expect_rc 2 "bad format"
run holidays --year 2026 --calendar "$T/none.csv"; expect_rc 1 "missing calendar file"
finish
