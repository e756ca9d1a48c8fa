#!/bin/bash
# test_import_hardening_cost.sh - issue 18, cost importer semantics:
#   item 5:  a newer export replaces only the (subscription, day) cells it
#            has rows for, not the hull of its dates; dates outside the
#            window [2000-01-01, run day + 366] are bad data unless
#            --allow-any-date;
#   item 13: FOCUS `null` in a nullable column is empty (every example file
#            of the FOCUS 1.2 specification imports with its exact sums);
#            `null` in a non-nullable one stays an error;
#   item 14: a duplicated column the importer maps is an error.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"
D=$TEST_DATA_DIR

HDR='SubscriptionId,SubscriptionName,ResourceGroup,ResourceId,Date,MeterCategory,CostInBillingCurrency'
# ea_row SUB DATE COST: one row of the small EA layout above
ea_row() { echo "$1,Sub $1,rg-a,/subscriptions/$1/resourceGroups/rg-a/providers/p/vm1,$2,Virtual Machines,$3"; }

# --- item 5: a mistyped year does not delete other imports' rows
use_db year
{
    echo "$HDR"
    for d in 01 02 03 04 05 06 07 08 09 10; do ea_row s1 "05/$d/2025" 10; done
} >"$T/may.csv"
run import "$T/may.csv"
expect_rc 0 "ten days of May 2025"
{ echo "$HDR"; ea_row s1 05/01/2025 1; ea_row s1 05/01/2052 2; } >"$T/typo.csv"
run import "$T/typo.csv"
expect_rc 3 "a date 27 years ahead is bad data"
expect_grep "typo.csv:3: field 'Date': .*2052" "$T/err" "the date field and its value"
expect_grep "allow-any-date" "$T/err" "says how to force it"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs")" "10" "nothing changed"
run import --allow-any-date "$T/typo.csv"
expect_rc 0 "forced with --allow-any-date"
expect_grep "replaced 1 older rows" "$T/err" "only the day the file has rows for is replaced"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs")" "11" "nine days of May kept, two new rows"
expect_close "$(dbsum 0)" "93" "9 x 10 + 1 + 2"

# too old and just too far ahead; inside the window is fine
use_db window
{ echo "$HDR"; ea_row s1 1999-12-31 1; } >"$T/old.csv"
run import "$T/old.csv"
expect_rc 3 "a date before 2000 is bad data"
expect_grep "old.csv:2: field 'Date': .*1999-12-31" "$T/err" "old date named"
ahead_ok=$(date -u -d '+366 days' +%Y-%m-%d)
ahead_bad=$(date -u -d '+367 days' +%Y-%m-%d)
{ echo "$HDR"; ea_row s1 "$ahead_ok" 1; } >"$T/ahead_ok.csv"
{ echo "$HDR"; ea_row s1 2000-01-01 1; ea_row s1 "$ahead_bad" 1; } >"$T/ahead_bad.csv"
run import "$T/ahead_ok.csv"
expect_rc 0 "366 days ahead is inside the window"
run import "$T/ahead_bad.csv"
expect_rc 3 "367 days ahead is outside the window"
expect_grep "ahead_bad.csv:3: field 'Date'" "$T/err" "line of the late date"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs")" "1" "only the file inside the window"
# FOCUS names its own date column
printf 'ChargePeriodStart,BilledCost,EffectiveCost,SubAccountId\n2061-01-01T00:00:00Z,1,1,s1\n' >"$T/focus_late.csv"
run import "$T/focus_late.csv"
expect_rc 3 "FOCUS late date"
expect_grep "focus_late.csv:2: field 'ChargePeriodStart'" "$T/err" "FOCUS date column named"

# --- item 5: per subscription, only the days the newer file has rows for
use_db days
{
    echo "$HDR"
    for d in 01 02 03; do ea_row a "2025-04-$d" 100; ea_row b "2025-04-$d" 1000; done
} >"$T/first.csv"
run import "$T/first.csv"
expect_rc 0 "first export"
{ echo "$HDR"; ea_row a 2025-04-01 7; ea_row a 2025-04-03 8; ea_row b 2025-04-02 9; } >"$T/gaps.csv"
run import "$T/gaps.csv"
expect_rc 0 "export with gaps"
expect_grep "replaced 3 older rows" "$T/err" "a1, a3 and b2 replaced"
CELL="s.sub_key || ':' || c.usage_date || ':' || (c.cost_e6 / 1000000)"
if is_pg; then CELLS="string_agg($CELL, ' ' ORDER BY c.subscription_id, c.usage_date)"; else CELLS="group_concat($CELL, ' ')"; fi
expect_eq "$(dbq "SELECT $CELLS FROM (SELECT * FROM costs ORDER BY subscription_id, usage_date) c JOIN subscriptions s ON s.id = c.subscription_id")" \
    "a:2025-04-01:7 a:2025-04-02:100 a:2025-04-03:8 b:2025-04-01:1000 b:2025-04-02:9 b:2025-04-03:1000" "cells kept and replaced"
# the month-to-date guarantees hold: same bytes change nothing, a newer full export replaces all
run import "$T/gaps.csv"
expect_grep "already imported" "$T/err" "idempotent re-import"
{ echo "$HDR"; for d in 01 02 03 04; do ea_row a "2025-04-$d" 1; ea_row b "2025-04-$d" 2; done; } >"$T/full.csv"
run import "$T/full.csv"
expect_rc 0 "newer full export"
expect_grep "replaced 6 older rows" "$T/err" "every older cell replaced"
expect_close "$(dbsum 0)" "12" "only the newest export remains"
# amortized rows of the same cells are another dataset: untouched
{ echo "$HDR"; ea_row a 2025-04-01 5; } >"$T/x_amortized.csv"
run import "$T/x_amortized.csv"
expect_grep "replaced 0 older rows" "$T/err" "other dataset not replaced"

# --- item 13: every FOCUS 1.2 specification example imports with exact sums
SPEC=$D/focus-spec-v1.2
n=0
for f in "$SPEC"/*.csv; do
    n=$((n + 1))
    use_db spec$n
    run import "$f"
    expect_rc 0 "import $(basename "$f")"
    expect_close "$(dbsum 0)" "$(pysum "$f" BilledCost)" "$(basename "$f"): actual = BilledCost sum"
    expect_close "$(dbsum 1)" "$(pysum "$f" EffectiveCost)" "$(basename "$f"): amortized = EffectiveCost sum"
done
expect_eq "$n" "11" "all eleven example files tested"
use_db spec2
fresh_db
run import "$SPEC/commitment_discount_usage_scenario_2.csv"
expect_rc 0 "unused commitment row with null ConsumedQuantity"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs WHERE quantity IS NULL")" "2" "null quantity stored as NULL"
run import "$SPEC/commitment_discount_usage_scenario_4.csv"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs WHERE benefit_id = 'null'")" "0" "null CommitmentDiscountId is no text 'null'"
# non-nullable FOCUS columns: null stays an error
use_db nonnull
FH='ChargePeriodStart,BilledCost,EffectiveCost,SubAccountId,ConsumedQuantity'
printf '%s\n2025-01-01T00:00:00Z,null,1,s1,null\n' "$FH" >"$T/null_billed.csv"
printf '%s\n2025-01-01T00:00:00Z,1,NULL,s1,1\n' "$FH" >"$T/null_effective.csv"
printf '%s\n2025-01-01T00:00:00Z,1,1,s1,1\nnull,1,1,s1,1\n' "$FH" >"$T/null_date.csv"
run import "$T/null_billed.csv"
expect_rc 3 "null BilledCost"
expect_grep "null_billed.csv:2: field 'BilledCost': .*null" "$T/err" "BilledCost named"
run import "$T/null_effective.csv"
expect_rc 3 "NULL EffectiveCost"
expect_grep "null_effective.csv:2: field 'EffectiveCost'" "$T/err" "EffectiveCost named"
run import "$T/null_date.csv"
expect_rc 3 "null ChargePeriodStart"
expect_grep "null_date.csv:3: field 'ChargePeriodStart'" "$T/err" "ChargePeriodStart named"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs")" "0" "nothing stored"

# --- item 14: a duplicated mapped column is an error
use_db dup
{ echo "$HDR,CostInBillingCurrency"; echo "$(ea_row s1 2025-04-01 1),2"; } >"$T/dup_cost.csv"
run import "$T/dup_cost.csv"
expect_rc 3 "two CostInBillingCurrency columns"
expect_grep "dup_cost.csv:1: .*'CostInBillingCurrency'" "$T/err" "file, line 1 and the column"
{ echo "Date,$HDR"; echo "04/02/2025,$(ea_row s1 2025-04-01 1)"; } >"$T/dup_date.csv"
run import "$T/dup_date.csv"
expect_rc 3 "two Date columns"
expect_grep "dup_date.csv:1: .*'Date'" "$T/err" "Date named"
{ echo "$HDR,COSTINBILLINGCURRENCY"; echo "$(ea_row s1 2025-04-01 1),2"; } >"$T/dup_case.csv"
run import "$T/dup_case.csv"
expect_rc 3 "duplicates differing only by case"
printf 'ChargePeriodStart,BilledCost,EffectiveCost,BilledCost\n2025-01-01T00:00:00Z,1,1,2\n' >"$T/dup_focus.csv"
run import "$T/dup_focus.csv"
expect_rc 3 "two FOCUS BilledCost columns"
expect_grep "dup_focus.csv:1: .*'BilledCost'" "$T/err" "BilledCost named"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs")" "0" "nothing stored"
# a duplicated column the importer does not use is harmless
{ echo "$HDR,Extra,Extra"; echo "$(ea_row s1 2025-04-01 1),x,y"; } >"$T/dup_unused.csv"
run import "$T/dup_unused.csv"
expect_rc 0 "duplicated unused column"

finish
