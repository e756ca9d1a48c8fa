# test_import_scope.sh - a newer export replaces only the (dataset,
# subscription, day) cells it really holds, never the days between its
# first and last date; and a usage date far outside the plausible window is
# a data error unless --allow-any-date. Regression for issue 18 item 5: a
# 2-row file dated 05/01/2025 and 05/01/2052 "replaced" a whole other import.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"
D=$TEST_DATA_DIR

run import "$D/ea_mtd_2.csv"            # 2025-04-01..05, two subscriptions
expect_rc 0 "first export"
BEFORE=$(dbsum 0)

# two rows of the same subscription: 2025-04-01 and (typo) 2052-04-05
python3 - "$D/ea_mtd_2.csv" "$T/typo.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
h, body = rows[0], rows[1:]
di, si = h.index("Date"), h.index("SubscriptionId")
first = [r for r in body if r[di] == "2025-04-01"][0]
a, b = list(first), list(first)
b[di] = "2052-04-05"
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(h); w.writerow(a); w.writerow(b)
print(first[si])
PY
run import "$T/typo.csv"
expect_rc 3 "a usage date 26 years ahead is refused"
expect_grep "typo.csv:[0-9]*: field 'Date'.*2052-04-05" "$T/err" "names file, line and field"
expect_grep "allow-any-date" "$T/err" "says how to import it anyway"
expect_close "$(dbsum 0)" "$BEFORE" "nothing changed"

SUB=$(python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1]))); print(rows[1][rows[0].index("SubscriptionId")])' "$T/typo.csv")
KEPT=$(dbq "SELECT COUNT(*) FROM costs c JOIN subscriptions s ON s.id = c.subscription_id
            WHERE NOT (s.sub_key = lower('$SUB') AND c.usage_date = '2025-04-01')")
run import --allow-any-date "$T/typo.csv"
expect_rc 0 "forced import"
expect_grep "replaced [1-9]" "$T/err" "the day it holds is replaced"
expect_rollup_exact "a replaced day"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs WHERE import_id = (SELECT MIN(id) FROM imports)")" "$KEPT" \
    "every row of the first export outside the typo file's own (subscription, day) cells is kept"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs WHERE usage_date BETWEEN '2025-04-02' AND '2025-04-05'")" \
    "$(dbq "SELECT COUNT(*) FROM costs WHERE usage_date BETWEEN '2025-04-02' AND '2025-04-05' AND import_id = (SELECT MIN(id) FROM imports)")" \
    "the days between the typo file's dates are untouched"

# a date before 2000 is refused too
sed 's/2025-04-01/1925-04-01/' "$D/ea_mtd_1.csv" >"$T/old.csv"
run import "$T/old.csv"
expect_rc 3 "a 1925 usage date is refused"
expect_grep "field 'Date'" "$T/err" "names the field"
finish
