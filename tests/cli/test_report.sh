# test_report.sh - `yosan report`: options and exit codes, then the reports
# of the demo city in every format: same totals everywhere, Japanese text
# round-trips, XLSX cells typed (no formulas, no numbers as text).
. "$(dirname "$0")/lib.sh"
CHECK="python3 $(dirname "$0")/report_check.py"

# ---- usage ----
run report;                                  expect_rc 2 "no kind"
run report nosuch -o x.html;                 expect_rc 2 "unknown kind"
run report summary -o "$T/x.pdf";            expect_rc 2 "unknown extension"
expect_grep "cannot tell the format" "$T/err" "says why"
run report summary;                          expect_rc 2 "no output"
run report summary --format xlsx;            expect_rc 2 "xlsx to stdout"
run report summary --excel -o "$T/x.html";   expect_rc 2 "--excel with html"
run report summary --lang fr -o "$T/x.html"; expect_rc 2 "bad --lang"
run report summary --from 2026-13 -o "$T/x.html"; expect_rc 2 "bad --from"
run report budget -o "$T/x.html";            expect_rc 2 "budget needs --fiscal-year"
run report budget --fiscal-year 20x7 -o "$T/x.html"; expect_rc 2 "bad --fiscal-year"
run report rightsize -o "$T/x.html";         expect_rc 2 "rightsize needs --month"
run report whatif -o "$T/x.html";            expect_rc 2 "whatif needs a scenario"
run report summary -o "$T/x.html" extra;     expect_rc 2 "stray argument"

# ---- what-if (no database needed): the same numbers in every format ----
HAND="$TEST_DATA_DIR/whatif/hand.yaml"
for f in html xlsx csv json md; do
    run report whatif "$HAND" --lang en -o "$T/w.$f"
    expect_rc 0 "whatif .$f"
done
expect_eq "$($CHECK json "$T/w.json" alternatives total_yen 1)" "3628000" "json: move's total"
expect_eq "$($CHECK csv "$T/w.csv" 0 1)" "3628000" "csv: move's total"
expect_eq "$($CHECK xlsx "$T/w.xlsx" 1 1)" "3628000" "xlsx: move's total"
expect_eq "$($CHECK xlsx "$T/w.xlsx" 2 7)" "3628000" "xlsx: move's last cumulative year"
expect_grep '| move | ¥3,628,000 | ¥3,628,000 | 1 | FY2027 |' "$T/w.md" "md: move's row"
expect_grep '¥3,628,000' "$T/w.html" "html: move's total"
expect_grep 'break-even: move (FY2027)' "$T/w.html" "html: break-even marked"
expect_grep '"marker": {"x": 1, "label": "break-even: move (FY2027)"}' "$T/w.json" "json: marker"
expect_eq "$($CHECK xlsx-audit "$T/w.xlsx")" "ok" "whatif xlsx typed"
run report whatif "$TEST_DATA_DIR/whatif/typo.yaml" -o "$T/bad.html"
expect_rc 3 "bad scenario is bad input data"
[ ! -e "$T/bad.html" ] && ok || fail "no file from a bad scenario"

# ---- empty database ----
run report summary -o "$T/empty.html"
expect_rc 1 "summary without a database"
expect_no_db "says there is no database"
run import "$TEST_DATA_DIR/EA_NoRows.csv"; expect_rc 0 "an empty store"
run report summary -o "$T/empty.html"
expect_rc 1 "summary on an empty database"
expect_grep "no actual cost data" "$T/err" "says there is no data"
run report summary --cost both -o "$T/x.html"; expect_rc 2 "bad --cost"
[ ! -e "$T/empty.html" ] && ok || fail "no file left behind on failure"


# ---- the demo city ----
. "$(dirname "$0")/report_demo.sh"
report_demo_db

for f in html xlsx csv json md; do
    run report summary --from 2025-11 --to 2026-10 -o "$T/s.$f"
    expect_rc 0 "summary .$f"
    [ -s "$T/s.$f" ] && ok || fail "summary .$f written"
done
run report summary --from 2025-11 --to 2026-10 --excel -o "$T/sx.csv"
expect_rc 0 "summary --excel"
expect_eq "$(head -c 3 "$T/sx.csv" | od -An -tx1 | tr -d ' \n')" "efbbbf" "excel csv has a BOM"
expect_eq "$(grep -c $'\r$' "$T/sx.csv")" "$(wc -l <"$T/sx.csv")" "excel csv has CRLF everywhere"
run report summary --from 2025-11 --to 2026-10 --format md -o -
expect_rc 0 "summary md to stdout"
cmp -s "$T/out" "$T/s.md" && ok || fail "stdout and file output are the same"

# the grand total, read back from every format
tj=$($CHECK json "$T/s.json" cost_by_department cost_yen)
tc=$($CHECK csv "$T/s.csv" 0 1)
tx=$($CHECK xlsx "$T/s.xlsx" 1 1)
expect_eq "$tc" "$tj" "csv total = json total"
expect_eq "$tx" "$tj" "xlsx total = json total"
fmt=$(python3 -c "import sys; print(f'{int(sys.argv[1]):,}')" "$tj")
expect_grep "${fmt}円" "$T/s.html" "html shows the total with separators"
expect_grep "\*\*${fmt}円\*\*" "$T/s.md" "markdown shows the bold total"
[ "$tj" -gt 0 ] && ok || fail "total is positive ($tj)"
# the month table's total equals the department table's total
expect_eq "$($CHECK json "$T/s.json" department_by_month total_yen)" "$tj" "month table total"

# XLSX: typed cells, no formulas
expect_eq "$($CHECK xlsx-audit "$T/s.xlsx")" "ok" "xlsx cells typed, no formulas"

# Japanese round trip in every format
for f in html csv json md; do
    expect_grep "建設局" "$T/s.$f" "Japanese department in .$f"
done
$CHECK strings "$T/s.xlsx" >"$T/strings"
expect_grep "建設局" "$T/strings" "Japanese department in .xlsx"
$CHECK sheets "$T/s.xlsx" >"$T/sheets"
expect_eq "$(head -1 "$T/sheets")" "局別費用" "Japanese sheet name in .xlsx"
expect_eq "$(wc -l <"$T/sheets")" "4" "a sheet per table and one for the metadata"
run report summary --from 2025-11 --to 2026-10 --lang en -o "$T/en.json"
expect_rc 0 "english json"
expect_grep '"Cost by department"' "$T/en.json" "english labels"
expect_eq "$($CHECK json "$T/en.json" cost_by_department cost_yen)" "$tj" "english has the same total"
# ---- budget: the run's numbers in every format ----
for f in html xlsx csv json md; do
    run report budget --fiscal-year 2027 --level p80 -o "$T/b.$f"
    expect_rc 0 "budget .$f"
done
run -q budget --fiscal-year 2027 --level p80 --format csv
bud=$(grep '^total,' "$T/out" | cut -d, -f17)
[ -n "$bud" ] && [ "$bud" -gt 0 ] && ok || fail "budget run total ($bud)"
expect_eq "$($CHECK json "$T/b.json" budget budget_yen)" "$bud" "json budget total = yosan budget"
expect_eq "$($CHECK csv "$T/b.csv" 0 5)" "$bud" "csv budget total"
expect_eq "$($CHECK xlsx "$T/b.xlsx" 1 5)" "$bud" "xlsx budget total"
expect_eq "$($CHECK json "$T/b.json" budget_by_month budget_yen)" "$bud" "monthly table total"
fmt=$(python3 -c "import sys; print(f'{int(sys.argv[1]):,}')" "$bud")
expect_grep "${fmt}円" "$T/b.html" "html budget total"
expect_grep "\*\*${fmt}円\*\*" "$T/b.md" "md budget total"
expect_eq "$($CHECK xlsx-audit "$T/b.xlsx")" "ok" "budget xlsx typed"
expect_grep '"id": "chart_city"' "$T/b.json" "city chart"
expect_grep '"id": "chart_department_1"' "$T/b.json" "department charts"
# the city chart's 95% band holds the 80% band, which holds the P50 forecast,
# and the forecast months have a band of real width
python3 - "$T/b.json" <<'PY' && ok || fail "city chart: nested 80/95% prediction bands around P50"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
c = next(s for s in d["sections"] if s["id"] == "chart_city")
bands = [s for s in c["series"] if s["style"] == "band"]
p50 = next(s for s in c["series"] if s["style"] == "dashed")["values"]
b95, b80 = bands
wide = 0
for i, m in enumerate(p50):
    if m is None:
        continue
    assert b95["lo"][i] <= b80["lo"][i] <= m <= b80["hi"][i] <= b95["hi"][i], i
    wide += b80["hi"][i] > b80["lo"][i]
sys.exit(0 if len(bands) == 2 and wide >= 12 else 1)
PY

# ---- right-sizing with stop schedules ----
run report rightsize --month 2026-10 -o "$T/r.json"
expect_rc 0 "rightsize json"
run -q rightsize --month 2026-10 --format json
sav=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['total_monthly_savings']))" "$T/out")
expect_eq "$($CHECK json "$T/r.json" actions monthly_savings_yen)" "$sav" "rightsize total = yosan rightsize"
expect_eq "$($CHECK json "$T/r.json" savings_by_department monthly_savings_yen)" "$sav" "by department total"
expect_grep '"id": "schedules"' "$T/r.json" "schedule section"
expect_grep '月-金 ' "$T/r.json" "a proposed office-hours schedule (in Japanese)"

# ---- hostile department names: escaped or neutralised in every format ----
EVIL='<script>alert(1)</script> & "q" '"'a'"' =cmd|'"'"' /C calc'"'"'!A0'
FORMULA="=cmd|' /C calc'!A0"
python3 - "$T/demo/departments.csv" "$T/evil.csv" "$EVIL" "$FORMULA" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
for r in rows:
    if r[-1] == "環境局":
        r[-1] = sys.argv[3]
    if r[-1] == "都市整備局":
        r[-1] = sys.argv[4]
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
run departments load "$T/evil.csv";  expect_rc 0 "hostile department rules"
for f in html xlsx csv json md; do
    run report summary --from 2025-11 --to 2026-10 -o "$T/e.$f"
    expect_rc 0 "hostile summary .$f"
done
for f in html csv; do # the action and schedule tables of right-sizing
    run report rightsize --month 2026-10 -o "$T/er.$f"
    expect_rc 0 "hostile rightsize .$f"
done
for f in e er; do
    expect_no_grep '<script' "$T/$f.html" "$f.html: no raw script tag"
    expect_grep '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39; =cmd|&#39; /C calc&#39;!A0' \
        "$T/$f.html" "$f.html: escaped name"
    for p in '^=' ',=' '^"=' ',"='; do
        expect_no_grep "$p" "$T/$f.csv" "$f.csv: no field starts a formula ($p)"
    done
done
expect_no_grep '<script' "$T/e.json" "json: no raw script tag"
expect_eq "$($CHECK xlsx-audit "$T/e.xlsx")" "ok" "xlsx: typed cells, no formulas"
for q in '^\\<' '[^\\]<' '[^\\]|[^ ]'; do
    expect_no_grep "$q" "$T/e.md" "md: markdown specials escaped ($q)"
done
expect_grep "\"'=cmd|' /C calc'!A0\"" "$T/e.csv" "csv: formula prefixed with a quote"
expect_grep '\\<script\\>alert(1)\\</script\\> \\& "q"' "$T/e.md" "md: escaped name"
expect_grep '\\=cmd\\|' "$T/e.md" "md: formula name escaped"
# JSON and XLSX give the names back exactly
python3 - "$T/e.json" "$EVIL" "$FORMULA" <<'PY' && ok || fail "json round trip of the hostile names"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
names = {r["name"] for r in d["sections"][0]["rows"]}
sys.exit(0 if sys.argv[2] in names and sys.argv[3] in names else 1)
PY
$CHECK strings "$T/e.xlsx" >"$T/estrings"
grep -qxF -- "$EVIL" "$T/estrings" && ok || fail "xlsx keeps the hostile name as a string"
grep -qxF -- "$FORMULA" "$T/estrings" && ok || fail "xlsx keeps the formula-like name as a string"
finish
