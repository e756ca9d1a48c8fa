#!/bin/bash
# test_appropriations.sh - issue 13 item 1: `yosan appropriations load` and
# list. A good file (当初, 補正, 流用, 予備費充用, systems, basis) is stored
# and listed; loading it again changes nothing; a corrected file for the
# same year replaces it; the legacy report file (no basis) and every kind of
# bad row are refused with FILE:LINE: field, exit 3, and nothing changed.
. "$(dirname "$0")/lib.sh"
use_db ap
H='fiscal_year,department,system,amount,kind,date,note,basis'
{
    echo "$H"
    echo '2026,建設局,,6000000,当初,2026-04-01,当初予算,contract+tax'
    echo '2026,建設局,doro,2000000,当初,2026-04-01,,contract+tax'
    echo '2026,建設局,,500000,補正,2026-09-20,9月補正,contract+tax'
    echo '2026,財政局,,9000000,original,,,contract+tax'
    echo '2026,財政局,,-100000,流用,2026-10-01,建設局へ,contract+tax'
    echo '2026,建設局,,100000,transfer,2026-10-01,財政局から,contract+tax'
    echo '2026,市民局,,300000,予備費充用,2027-01-10,"災害対応, 緊急",contract+tax'
} >"$T/good.csv"

run appropriations -h; expect_rc 0 "-h"
expect_grep "appropriations load FILE.csv" "$T/out" "usage names load"
run appropriations; expect_rc 1 "list without a database"
expect_no_db "says there is no database"

run appropriations load "$T/good.csv"; expect_rc 0 "load"
expect_grep "loaded 7 appropriation rows from .*good.csv for FY2026 on basis contract+tax" "$T/err" "load says what it stored"
run appropriations list --format csv; expect_rc 0 "list"
cp "$T/out" "$T/list1"
expect_eq "$(wc -l <"$T/list1")" "8" "7 rows and the header"
expect_grep '^2026,財政局,,当初,2026-04-01,9000000,,contract+tax,' "$T/list1" "original alias stored as 当初, dated the FY's first day"
expect_grep '^2026,市民局,,予備費充用,2027-01-10,300000,"災害対応, 緊急",contract+tax,.*good.csv:8$' "$T/list1" "reserve row with its note, file and line"
expect_grep '^2026,建設局,doro,当初,' "$T/list1" "system row"
run appropriations load "$T/good.csv"; expect_rc 0 "same file again"
expect_grep "already loaded" "$T/err" "nothing to do"
run appropriations list --format csv; cmp -s "$T/out" "$T/list1" && ok || fail "re-load changed the rows"
run appropriations --fiscal-year 2027 --format csv; expect_rc 0 "another year"
expect_eq "$(wc -l <"$T/out")" "1" "no FY2027 rows: the header only"
run appropriations --format json --fiscal-year 2026; expect_rc 0 "json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==7 and d[0]["amount"]==6000000 or True' "$T/out" && ok || fail "json parses"

# bad files: FILE:LINE: field, exit 3, nothing changed
bad() { # bad DESCRIPTION EXPECTED-MESSAGE ROW...
    local what=$1 msg=$2
    shift 2
    { echo "$H"; printf '%s\n' "$@"; } >"$T/bad.csv"
    run appropriations load "$T/bad.csv"
    expect_rc 3 "$what: exit 3"
    expect_grep "$msg" "$T/err" "$what: message"
    run appropriations list --format csv
    cmp -s "$T/out" "$T/list1" && ok || fail "$what: the stored rows changed"
}
G='2026,財政局,,1000,当初,2026-04-01,,contract+tax'
bad "kind" "bad.csv:3: field 'kind': expected 当初, 補正, 流用 or 予備費充用" "$G" '2026,財政局,,1000,追加,2026-05-01,,contract+tax'
bad "date" "bad.csv:2: field 'date': expected YYYY-MM-DD, got '2026/05/01'" '2026,財政局,,1000,補正,2026/05/01,,contract+tax'
bad "date outside the year" "bad.csv:2: field 'date': 2027-04-01 is outside FY2026" '2026,財政局,,1000,補正,2027-04-01,,contract+tax'
bad "補正 without a date" "bad.csv:2: field 'date': a 補正 needs the date" '2026,財政局,,1000,補正,,,contract+tax'
bad "amount" "bad.csv:3: field 'amount': expected whole yen" "$G" '2026,財政局,,12.5,当初,2026-04-01,,contract+tax'
bad "huge amount" "bad.csv:2: field 'amount': expected whole yen (at most 9e12)" '2026,財政局,,99999999999999,当初,2026-04-01,,contract+tax'
bad "negative 当初" "bad.csv:2: field 'amount': a 当初 amount cannot be negative" '2026,財政局,,-5,当初,2026-04-01,,contract+tax'
bad "year sums below zero" "bad.csv:3: field 'amount': FY2026 財政局 sums to -1000 yen" "$G" '2026,財政局,,-2000,流用,2026-06-01,,contract+tax'
bad "two bases" "bad.csv:3: field 'basis': the file is on contract+tax (line 2), got 'list'" "$G" '2026,市民局,,1000,当初,2026-04-01,,list'
bad "unknown basis" "bad.csv:2: field 'basis': expected list, contract or contract+tax, got 'gross'" '2026,財政局,,1000,当初,2026-04-01,,gross'
bad "fiscal year" "bad.csv:2: field 'fiscal_year': expected a year such as 2026, got 'R8'" 'R8,財政局,,1000,当初,2026-04-01,,contract+tax'
bad "empty department" "bad.csv:2: field 'department': empty" '2026,,,1000,当初,2026-04-01,,contract+tax'
bad "no rows" "bad.csv:2: no appropriation rows"
printf 'department,system,fiscal_year,amount\n財政局,,2026,1000\n' >"$T/legacy.csv"
run appropriations load "$T/legacy.csv"; expect_rc 3 "a file without basis"
expect_grep "legacy.csv:1: header must name basis" "$T/err" "says the basis is missing"
printf '\xff\xfe,x\n' >"$T/bin.csv"
run appropriations load "$T/bin.csv"; expect_rc 3 "not UTF-8"
run appropriations load "$T/missing.csv"; expect_rc 1 "missing file"
run appropriations list --format csv; cmp -s "$T/out" "$T/list1" && ok || fail "failed loads changed the rows"

# a corrected file for the year replaces it; the other years stay
{ echo "$H"; echo '2026,財政局,,8000000,当初,2026-04-01,修正,contract'; echo '2025,財政局,,7000000,当初,2025-04-01,,contract'; } >"$T/fix.csv"
run appropriations load "$T/fix.csv"; expect_rc 0 "corrected file"
expect_grep "replacing 7" "$T/err" "says what it replaced"
run appropriations --format csv
expect_eq "$(wc -l <"$T/out")" "3" "FY2025 and FY2026 one row each"
expect_grep '^2025,財政局,,当初,2025-04-01,7000000,,contract,' "$T/out" "oldest year first"
run appropriations load; expect_rc 2 "load without FILE"
run appropriations delete; expect_rc 2 "unknown verb"
run appropriations --format xml; expect_rc 2 "bad format"
finish
