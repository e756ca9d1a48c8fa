# test_departments.sh - `yosan departments load` / `yosan departments`:
# rules with Japanese names, first match wins, tag fallback, re-attribution
# without re-import, atomic replacement, file:line errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"
D=$TEST_DATA_DIR

run import "$D/EA_ActualCost_Small.csv" "$D/EA_AmortizedCost_Small.csv" "$D/ea_mtd_2.csv"
expect_rc 0 "import"
ACT=$(dbsum 0)

# before any rule: the Department tag (any key case) decides, else unallocated
run departments --format csv
expect_rc 0 "list without rules"
expect_grep '^,tag:department,\*,(department tag),' "$T/out" "tag fallback line"
expect_grep '^,,,(unallocated),' "$T/out" "unallocated line"
expect_eq "$(dbq "SELECT COUNT(*) FROM cost_objects o JOIN departments d ON d.id = o.department_id WHERE d.name = '建設局'")" "1" "Department tag (capitalised key) attributes"

# sum of every line of the listing = the actual total, in JPY and USD
sum_listing() {
    python3 - "$T/out" "$1" <<'PY'
import csv, decimal, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(sum((decimal.Decimal(r["cost"]) for r in rows if sys.argv[2] in ("", r["currency"])), decimal.Decimal(0)))
PY
}
# the listing prints 6 decimals (rounded per line): compare to 1e-6 per line
expect_near() {
    if python3 -c 'import sys, decimal; sys.exit(0 if abs(decimal.Decimal(sys.argv[1]) - decimal.Decimal(sys.argv[2])) <= decimal.Decimal("1e-6") * int(sys.argv[3]) else 1)' "$1" "$2" "$(wc -l <"$T/out")"; then ok; else fail "$3: got $1, expected $2"; fi
}
expect_near "$(sum_listing '')" "$ACT" "listing covers the actual total"

run departments load "$D/dept_rules.csv"
expect_rc 0 "load rules"
expect_grep "4 rules loaded" "$T/err" "says how many rules"
expect_rollup_exact "rules loaded (objects re-attributed)"
run departments --format csv
expect_rc 0 "list rules"
expect_grep '^1,subscription-name,Trey Research IT,情報システム局,' "$T/out" "rule 1 listed with its Japanese department"
expect_grep '^4,subscription,1CAAA5A3-\*,財政局,' "$T/out" "rule 4 listed"
expect_near "$(sum_listing '')" "$ACT" "rules + fallbacks cover the actual total"

# rule 1 catches exactly the IT subscription's rows (an independent sum),
# although those rows also carry env=prod (rule 2): first match wins
IT=$(python3 - "$D/EA_ActualCost_Small.csv" <<'PY'
import csv, decimal, sys
rows = csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))
print(sum((decimal.Decimal(r["Cost"]) for r in rows if r["SubscriptionName"] == "Trey Research IT"), decimal.Decimal(0)))
PY
)
RULE1=$(python3 -c 'import csv, sys; print(next(r["cost"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["position"] == "1"))' "$T/out")
expect_near "$RULE1" "$IT" "rule 1 catches the IT subscription"
expect_eq "$(dbq "SELECT d.name FROM cost_objects o JOIN subscriptions s ON s.id = o.subscription_id JOIN departments d ON d.id = o.department_id WHERE s.name = 'Trey Research IT' AND o.tags LIKE '%\"env\":\"prod\"%' LIMIT 1")" "情報システム局" "first match wins over the env tag rule"
expect_eq "$(dbq "SELECT DISTINCT d.name FROM cost_objects o JOIN subscriptions s ON s.id = o.subscription_id JOIN departments d ON d.id = o.department_id WHERE s.sub_key LIKE '1caaa5a3%' AND o.tags NOT LIKE '%prod%'")" "財政局" "subscription glob is case-insensitive"
expect_eq "$(dbq "SELECT COUNT(*) FROM cost_objects WHERE department_id = 1")" "$(dbq "SELECT COUNT(*) FROM cost_objects o JOIN subscriptions s ON s.id = o.subscription_id WHERE s.name NOT IN ('Trey Research IT') AND s.sub_key NOT LIKE '1caaa5a3%' AND o.tags NOT LIKE '%\"env\":\"prod\"%' AND o.resource_group NOT LIKE 'databricks-%' AND o.tags NOT LIKE '%epartment%'")" "the rest is unallocated"

# the table aligns Japanese text
run departments
expect_rc 0 "table output"
expect_grep "情報システム局" "$T/out" "table shows Japanese names"

# new imports are attributed with the stored rules
run import "$D/mca_small.csv"
expect_rc 0 "import after rules"
expect_rollup_exact "import after rules"
expect_eq "$(dbq "SELECT DISTINCT d.name FROM cost_objects o JOIN subscriptions s ON s.id = o.subscription_id JOIN departments d ON d.id = o.department_id WHERE s.name = '水道局 本番' AND o.tags = '{\"department\":\"水道局\"}'")" "水道局" "new cost objects attributed at import (tag fallback)"
expect_eq "$(dbq "SELECT DISTINCT d.name FROM cost_objects o JOIN subscriptions s ON s.id = o.subscription_id JOIN departments d ON d.id = o.department_id WHERE s.name = '水道局 本番' AND o.tags LIKE '%\"env\":\"prod\"%'")" "建設局" "a rule wins over the department tag"

# a bad rules file is refused whole: the old rules stay
run departments load "$D/dept_rules_bad.csv"
expect_rc 3 "bad rules exit 3"
expect_grep "dept_rules_bad.csv:3: field 'match'" "$T/err" "bad rule names file, line and field"
expect_eq "$(dbq "SELECT COUNT(*) FROM dept_rules")" "4" "old rules kept"

# loading other rules re-attributes everything without a re-import
printf 'match,pattern,department\nresource-group,*,共通基盤\n' >"$T/one.csv"
run departments load "$T/one.csv"
expect_rc 0 "load one catch-all rule"
expect_eq "$(dbq "SELECT COUNT(*) FROM dept_rules")" "1" "rules replaced"
expect_eq "$(dbq "SELECT COUNT(DISTINCT department_id) FROM cost_objects")" "1" "every object re-attributed"
expect_rollup_exact "one catch-all rule"
expect_eq "$(dbq "SELECT COUNT(DISTINCT department_id) FROM cost_daily")" "1" "the rollups follow"
run departments --format json
expect_rc 0 "json listing"
expect_grep '"department": *"共通基盤"' "$T/out" "json carries the department"
run departments load
expect_rc 2 "load without a file"
run departments frobnicate
expect_rc 2 "unknown subcommand"
finish
