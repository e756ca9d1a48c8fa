# test_budget_system.sh - `yosan budget --by department,system`: per-system
# lines (業務システム) from the system tag, another tag key or
# match,pattern,system rules, '(no system)' for the rest, and every
# department's systems adding up to it in every month and column, the
# departments to the total; usage errors. Fixture: gen_system_ea.py.
. "$(dirname "$0")/lib.sh"
python3 "$(dirname "$0")/gen_system_ea.py" "$TEST_DATA_DIR/whatif/ea_small.csv" "$T/ea.csv"
run import "$T/ea.csv"; expect_rc 0 "import the fixture"

# sums FILE: mismatches of system lines against their department row and of
# the department rows against the total, then the department|system lines
sums() { python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
num = [h for h in rows[0] if h not in ("department", "system", "change_pct", "model", "basis")]
bad, lines, dep, kids = 0, [], None, []
def close():
    global bad
    if dep is not None:
        for c in num:
            if sum(int(k[c]) for k in kids) != int(dep[c]): bad += 1
for r in rows[:-1]:
    if r["system"] == "":
        close(); dep, kids = r, []
    else:
        kids.append(r); lines.append(r["department"] + "|" + r["system"])
    if sum(int(r[m]) for m in num[:12]) != int(r["budget"]): bad += 1
close()
deps, tot = [r for r in rows[:-1] if r["system"] == ""], rows[-1]
for c in num:
    if c in ("p80", "p95"): continue  # the total's are the city's own quantiles
    if sum(int(r[c]) for r in deps) != int(tot[c]): bad += 1
print(bad, tot["department"], " ".join(lines))
PY
}

run budget --fiscal-year 2027 --by department,system --format csv
expect_rc 0 "by department,system"
cp "$T/out" "$T/sys.csv"
expect_eq "$(head -1 "$T/out" | cut -d, -f1-3)" "department,system,2027-04" "csv header has system"
expect_eq "$(sums "$T/sys.csv")" \
    "0 total 建設局|(no system) 建設局|doro 福祉局|(no system) 福祉局|kaigo 福祉局|seiho 福祉局|shogai" \
    "systems add up to departments, departments to the total, in every column"
# the department rows are those of the run by department
run budget --fiscal-year 2027 --format csv; expect_rc 0 "by department"
expect_eq "$(cut -d, -f1,2-20 "$T/out" | tail -n +2 | sort)" \
    "$(awk -F, 'NR>1 && $2==""' "$T/sys.csv" | cut -d, -f1,3-21 | sort)" "department lines unchanged"
# shogai went live in 2026-04: a full share in FY2027 (80,000 list yen a month -> over 0)
expect_grep "^福祉局,shogai,[1-9]" "$T/sys.csv" "a new system gets its line"
# at P80 the annual P80 of each system is its budget and still adds up
run budget --fiscal-year 2027 --by department,system --format csv --level p80
expect_rc 0 "p80"
expect_eq "$(sums "$T/out" | cut -d' ' -f1)" "0" "p80 adds up"
expect_eq "$(awk -F, 'NR>1 && $2!="" && $16!=$18 {b++} END{print b+0}' "$T/out")" "0" "system p80 = its budget"

# another tag key; rules first, in order, like the department rules
run budget --fiscal-year 2027 --by department,system --system-tag app --format csv
expect_rc 0 "--system-tag app"
expect_eq "$(sums "$T/out" | cut -d' ' -f3-)" "建設局|(no system) 建設局|road 福祉局|(no system)" "tag app"
printf 'match,pattern,system\nresource-group,rg-kensetsu-old,archive\ntag:system,kai*,介護保険\n' > "$T/rules.csv"
run budget --fiscal-year 2027 --by department,system --system-rules "$T/rules.csv" --format csv
expect_rc 0 "--system-rules"
expect_eq "$(sums "$T/out")" \
    "0 total 建設局|archive 建設局|doro 福祉局|(no system) 福祉局|seiho 福祉局|shogai 福祉局|介護保険" \
    "rules first, then the tag"
run budget --fiscal-year 2027 --by department,system --format json
expect_rc 0 "json"
expect_grep '"system": "kaigo"' "$T/out" "json has the system"

# errors
printf 'match,pattern,department\ntag:x,y,z\n' > "$T/bad.csv"
run budget --fiscal-year 2027 --by department,system --system-rules "$T/bad.csv"
expect_rc 3 "rules without a system column"
expect_grep "no column 'system'" "$T/err" "says which column"
printf 'match,pattern,system\nregion,x,y\n' > "$T/bad2.csv"
run budget --fiscal-year 2027 --by department,system --system-rules "$T/bad2.csv"
expect_rc 3 "bad match"
expect_grep "bad2.csv:2: field 'match'" "$T/err" "names file, line, field"
run budget --fiscal-year 2027 --by system; expect_rc 2 "--by system alone"
run budget --fiscal-year 2027 --system-tag app; expect_rc 2 "--system-tag without --by"
run budget --fiscal-year 2027 --by department,system --input "$TEST_DATA_DIR/budget_monthly.csv" --as-of 2026-11-20
expect_rc 2 "--input has no cost objects"
finish
