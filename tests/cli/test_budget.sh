# test_budget.sh - `yosan budget` on a monthly CSV: fiscal-year boundaries
# (runs in March, April, November), whole yen adding up, the shared-cost
# split rules, planned adjustments, levels, formats and errors.
. "$(dirname "$0")/lib.sh"
M="$TEST_DATA_DIR/budget_monthly.csv"
# on the list basis: the model's own figures (the bases are tested in test_terms.sh)
B() { run budget --input "$M" --basis list "$@"; }

# horizons: from the first incomplete month through the end of the fiscal year
B --fiscal-year 2026 --as-of 2026-03-15;  expect_rc 0 "March run"
expect_grep "forecast 13 months from 2026-03" "$T/err" "March (incomplete) -> FY2026 end: 13 months"
B --fiscal-year 2027 --as-of 2026-04-30;  expect_rc 0 "April run"
expect_grep "forecast 23 months from 2026-05" "$T/err" "April complete -> FY2027 end: 23 months"
B --fiscal-year 2027 --as-of 2026-11-20 --format csv;  expect_rc 0 "November run"
expect_grep "forecast 17 months from 2026-11" "$T/err" "November -> FY2027 end: 17 months"
cp "$T/out" "$T/base.csv"
expect_eq "$(head -1 "$T/out" | cut -d, -f1-3,13-21)" \
    "department,2027-04,2027-05,2028-03,p50,p80,p95,budget,shared,last_fy,change_pct,model" "csv header"

# every yen: months sum to the budget on every line; lines sum to the total
sums() { python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
hdr = list(rows[0].keys())[1:13]
bad = 0
for r in rows:
    if sum(int(r[m]) for m in hdr) != int(r["budget"]): bad += 1
    if not (int(r["p50"]) <= int(r["p80"]) <= int(r["p95"])): bad += 1
deps, tot = rows[:-1], rows[-1]
for c in hdr + ["budget", "shared", "last_fy"]:
    if sum(int(r[c]) for r in deps) != int(tot[c]): bad += 1
print(bad, tot["department"], len(deps), ",".join(r["department"] for r in deps))
PY
}
expect_eq "$(sums "$T/base.csv")" "0 total 3 建設局,水道局,環境局" "whole yen add up; shared bucket split away"
expect_eq "$(awk -F, 'NR>1 && $1!="total" && $18<=0 {b++} END{print b+0}' "$T/base.csv")" "0" "every department gets shared cost"

B --fiscal-year 2027 --as-of 2026-11-20 --format csv --level p80
expect_rc 0 "p80"
expect_eq "$(sums "$T/out")" "0 total 3 建設局,水道局,環境局" "p80 adds up"
expect_eq "$(awk -F, 'NR>1 && $1!="total" && $17!=$15 {b++} END{print b+0}' "$T/out")" "0" "p80 budget = p80"

B --fiscal-year 2027 --as-of 2026-11-20 --format csv --reconcile wls
expect_rc 0 "wls"
expect_eq "$(sums "$T/out")" "0 total 3 建設局,水道局,環境局" "wls adds up"
B --fiscal-year 2027 --as-of 2026-11-20 --reconcile mint; expect_rc 2 "bad --reconcile"

# shared rules
B --fiscal-year 2027 --as-of 2026-11-20 --format csv --shared even
expect_rc 0 "even"
cp "$T/out" "$T/even.csv"
expect_eq "$(awk -F, 'NR>1 && $1!="total" {print $18}' "$T/out" | sort -n | awk 'NR==1{a=$1} END{print ($1-a<=1)?"even":"uneven"}')" "even" \
    "even split within a yen"
printf 'department,share\n建設局,1\n水道局,3\n' > "$T/shares.csv"
B --fiscal-year 2027 --as-of 2026-11-20 --format csv --shared "fixed:$T/shares.csv"
expect_rc 0 "fixed"
expect_grep "^環境局,.*,0,[0-9]*,[-0-9.]*,[^,]*,list$" "$T/out" "a department without a share gets none"
printf 'department,share\n消防局,1\n' > "$T/badshares.csv"
B --fiscal-year 2027 --as-of 2026-11-20 --shared "fixed:$T/badshares.csv"
expect_rc 3 "unknown department in shares"

# planned adjustments: +100000 a month from 2027-10 (6 FY months), -50% from 2027-04
printf 'department,from_month,amount,percent,note\n環境局,2027-10,100000,,new system\n' > "$T/adj.csv"
B --fiscal-year 2027 --as-of 2026-11-20 --format csv --shared even --adjust "$T/adj.csv"
expect_rc 0 "amount adjustment"
p50() { awk -F, -v d="$2" '$1==d {print $14}' "$1"; }
expect_eq "$(( $(p50 "$T/out" 環境局) - $(p50 "$T/even.csv" 環境局) ))" "600000" "amount adds 6 x 100000"
expect_eq "$(( $(p50 "$T/out" 建設局) - $(p50 "$T/even.csv" 建設局) ))" "0" "other departments unchanged"
printf 'department,from_month,amount,percent,note\n水道局,2027-04,,-50,moved out\n' > "$T/pct.csv"
B --fiscal-year 2027 --as-of 2026-11-20 --format csv --shared even --adjust "$T/pct.csv"
expect_rc 0 "percent adjustment"
own() { awk -F, -v d="$2" '$1==d {print $14-$18}' "$1"; }
ratio=$(python3 -c "print(round($(own "$T/out" 水道局)/$(own "$T/even.csv" 水道局),3))")
expect_eq "$ratio" "0.5" "percent halves the department's own cost"
printf 'department,from_month,amount\n水道局,2027-4x,5\n' > "$T/badadj.csv"
B --fiscal-year 2027 --as-of 2026-11-20 --adjust "$T/badadj.csv"
expect_rc 3 "bad adjustment month"; expect_grep "badadj.csv:2: field 'from_month'" "$T/err" "names line and field"
printf 'department,from_month,amount\n消防局,2027-04,5\n' > "$T/unk.csv"
B --fiscal-year 2027 --as-of 2026-11-20 --adjust "$T/unk.csv"
expect_rc 3 "unknown department in adjustments"

# formats and errors
B --fiscal-year 2027 --as-of 2026-11-20 --format json
expect_rc 0 "json"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[-1]["department"])' "$T/out")" "4 total" "json parses"
B --fiscal-year 2027 --as-of 2026-11-20
expect_rc 0 "table"; expect_grep "^total " "$T/out" "table has the total"
B --fiscal-year 2025 --as-of 2026-11-20;   expect_rc 2 "fiscal year already over"
B --as-of 2026-11-20;                      expect_rc 2 "no --fiscal-year"
B --fiscal-year 2027;                      expect_rc 2 "--input without --as-of"
B --fiscal-year 2027 --as-of 2026-11-20 --level p99; expect_rc 2 "bad level"
B --fiscal-year 2027 --as-of 2026-11-20 --shared fixed:; expect_rc 2 "fixed without file"
run budget --fiscal-year 2027;             expect_rc 1 "empty store"
finish
