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

# ---- the request view of `yosan report budget` (CSV): 令和 labels, 千円 per line ----
printf 'department,system,fiscal_year,amount\n福祉局,,2026,7000000\n福祉局,kaigo,2026,3500001\n建設局,doro,2025,1\n' > "$T/ap.csv"
printf 'department,from_month,amount,percent,note\n福祉局,2027-04,10000,,介護保険システム改修\n' > "$T/adj.csv"
run report budget --fiscal-year 2027 --by department,system --appropriations "$T/ap.csv" \
    --adjust "$T/adj.csv" --format csv -o -
expect_rc 0 "report budget request view"
sed -n '/予算要求/,/^$/p' "$T/out" > "$T/req.csv"
expect_grep "^令和9年度 予算要求（2027年度）" "$T/req.csv" "title in 令和"
expect_grep "令和8年度当初予算額（円）" "$T/req.csv" "last year's appropriation column"
expect_grep "令和8年度見込（10月まで実績）（千円）" "$T/req.csv" "前年度見込 with actual months"
# request: 千円 per line rounded up, subtotals and total the sums of the rounded lines
req() { python3 - "$1" "$2" <<'PY'
import csv, sys, math
rows = list(csv.reader(open(sys.argv[1])))[2:]
rows = [r for r in rows if r]
rnd = {"up": lambda y: -((-y) // 1000), "down": lambda y: y // 1000}[sys.argv[2]]
bad, dep, kids = 0, None, []
def close():
    global bad
    if dep:
        for c in (3, 4, 7, 8):  # last_fy and request, yen and 千円
            if sum(int(k[c]) for k in kids) != int(dep[c]): bad += 1
for r in rows[:-1]:
    if r[1] == "":
        close(); dep, kids = r, []
    else:
        kids.append(r)
        for y, k in ((3, 7), (4, 8)):
            if rnd(int(r[y])) != int(r[k]): bad += 1
close()
tot = rows[-1]
deps = [r for r in rows[:-1] if r[1] == ""]
for c in (3, 4, 7, 8):
    if sum(int(r[c]) for r in deps) != int(tot[c]): bad += 1
fk = [r for r in rows if r[0] == "福祉局"]
print(bad, tot[0], fk[0][2], fk[0][5], fk[0][6], fk[0][9], fk[0][10], [r[2] for r in rows if r[1] == "kaigo"][0], tot[2] or "-")
PY
}
set -- $(req "$T/req.csv" up)
expect_eq "$1 $2" "0 合計" "千円 rounded up per line; subtotals and total are sums of the rounded lines"
expect_eq "$3 $5" "7000000 7000" "a department's own appropriation wins over its systems' sum"
expect_eq "$4" "$(( $(awk -F, '$1=="福祉局" && $2=="" {print $5}' "$T/req.csv") - 7000000 ))" "change = request - appropriation"
expect_eq "$6" "$(( $(awk -F, '$1=="福祉局" && $2=="" {print $9}' "$T/req.csv") - 7000 ))" "change in 千円 = rounded request - rounded appropriation"
expect_eq "$7 $8 $9" "介護保険システム改修 3500001 -" "reason from the adjustment note; kaigo's own figure; no total appropriation when a line lacks one"
expect_eq "$(awk -F, '$1=="福祉局" && $2=="kaigo" {print $7}' "$T/req.csv")" "3501" "3,500,001 yen = 3,501 千円 rounded up"
run report budget --fiscal-year 2027 --by department,system --appropriations "$T/ap.csv" -o "$T/r.html"
expect_rc 0 "html"
expect_grep "千円欄は各行を千円未満切り上げ" "$T/r.html" "the rounding is stated (html)"
expect_grep "金額の基準：契約ベース税込" "$T/r.html" "the basis is stated (html)"
expect_grep "<dd>令和9年度</dd>" "$T/r.html" "令和 in the header"
run report budget --fiscal-year 2027 --by department,system --appropriations "$T/ap.csv" \
    --thousand-rounding down --format csv -o -
expect_rc 0 "--thousand-rounding down"
sed -n '/予算要求/,/^$/p' "$T/out" > "$T/req2.csv"
expect_eq "$(req "$T/req2.csv" down | cut -d' ' -f1)" "0" "rounded down per line"
expect_eq "$(awk -F, '$1=="福祉局" && $2=="kaigo" {print $7}' "$T/req2.csv")" "3500" "3,500,001 yen = 3,500 千円 rounded down"
run report budget --fiscal-year 2027 --format csv -o -
expect_rc 0 "without appropriations"
expect_eq "$(sed -n '/予算要求/,/^$/p' "$T/out" | awk -F, 'NR>2 && NF>1 && $2!="" {b++} END{print b+0}')" "0" "the appropriation column is blank without a file"
run report budget --fiscal-year 2027 --thousand-rounding sideways -o "$T/x.csv"; expect_rc 2 "bad --thousand-rounding"
printf 'department,fiscal_year,amount\n福祉局,2026,12.5\n' > "$T/badap.csv"
run report budget --fiscal-year 2027 --appropriations "$T/badap.csv" -o "$T/x.csv"
expect_rc 3 "appropriation not in whole yen"
expect_grep "badap.csv:2: field 'amount'" "$T/err" "names file, line, field"

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
