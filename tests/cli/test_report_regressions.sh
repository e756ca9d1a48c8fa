# test_report_regressions.sh - issue 20 item 6, read from the reports' JSON
# (the same document every format renders), so it runs without a browser:
#  - right-sizing: each department's line is the sum of its rows to the yen,
#    and the lines add up to the total (環境局 was 89,534 for rows of 81,259
#    and 8,274); the same for the stop schedules and the resources abroad;
#  - right-sizing in Japanese: reasons, schedules, statuses and the rule
#    summary have no English sentence (report_screens.py's rule);
#  - budget: the forecast path (P50 and both bands) is drawn from the first
#    forecast month, not only from the fiscal year's April;
#  - what-if: alternatives appear by their labels, their ids only in the
#    alternative_id column (an HTML tooltip).
. "$(dirname "$0")/lib.sh"
HERE=$(dirname "$0")
. "$HERE/report_demo.sh"
report_demo_db

run report rightsize --month 2026-10 -o "$T/rs.json"
expect_rc 0 "report rightsize json"
run report rightsize --month 2026-10 --lang en -o "$T/rs-en.json"
expect_rc 0 "report rightsize json (en)"
run report budget --fiscal-year 2027 -o "$T/budget.json"
expect_rc 0 "report budget json"

cat >"$T/scenario.yaml" <<'EOF'
name: 福祉システム更改
start_fy: 2026
years: 3
baseline: onprem
alternatives:
  - name: onprem
    label: オンプレ更改
    items:
      - type: recurring
        name: 保守
        category: maintenance
        per_year: 1200000
  - name: iaas
    label: 仮想マシンへ移行
    items:
      - type: recurring
        name: 仮想マシン
        category: compute
        per_month: 80000
EOF
run report whatif "$T/scenario.yaml" -o "$T/whatif.json"
expect_rc 0 "report whatif json"
run report whatif "$T/scenario.yaml" -o "$T/whatif.html"
expect_rc 0 "report whatif html"

python3 - "$T" "$HERE" <<'EOF' >"$T/check.out" 2>&1
import json, sys
T, HERE = sys.argv[1], sys.argv[2]
sys.path.insert(0, HERE)
from report_screens import english_runs

bad = []
def check(cond, what):
    if not cond:
        bad.append(what)

def sections(path):
    return {s["id"]: s for s in json.load(open(path, encoding="utf-8"))["sections"]}

def total_row(s):
    return s.get("totals", [None])[0] if s.get("totals") else None

def rows(s):
    return s["rows"]

def sums(path):
    sec = sections(path)
    acts, depts = sec["actions"], sec["savings_by_department"]
    for col in ("monthly_savings_yen", "monthly_cost_yen"):
        per = {}
        for r in rows(acts):
            per[r["department"]] = per.get(r["department"], 0) + (r[col] or 0)
        for d in rows(depts):
            check(per.get(d["department"]) == d[col],
                  "%s %s: %s line %s, rows %s" % (path, col, d["department"], d[col],
                                                  per.get(d["department"])))
        tot_d, tot_a = total_row(depts), total_row(acts)
        check(tot_d is not None and tot_d[col] == sum(d[col] for d in rows(depts)),
              "%s %s: department total %s != sum %s" % (path, col, tot_d and tot_d[col],
                                                       sum(d[col] for d in rows(depts))))
        check(tot_a is not None and tot_a[col] == tot_d[col],
              "%s %s: actions total != departments total" % (path, col))
    for sid, col in (("schedules", "monthly_savings_yen"), ("outside_japan", "monthly_cost")):
        s = sec[sid]
        t = total_row(s)
        check(t is not None and t[col] == sum(r[col] or 0 for r in rows(s)),
              "%s %s: total %s != rows %s" % (path, sid, t and t[col],
                                              sum(r[col] or 0 for r in rows(s))))

def japanese():
  doc = json.load(open(T + "/rs.json", encoding="utf-8"))
  texts = [m["value"] for m in doc["meta"]]
  for s in doc["sections"]:
    if s["kind"] != "table":
        continue
    ids = {c["id"] for c in s["columns"] if c["type"] == "text"} - {
        "resource_id", "resource", "source", "region", "location"}
    for r in rows(s):
        texts += [r[c] for c in ids if isinstance(r.get(c), str)]
  for t in texts:
    check(not english_runs(t), "English in the Japanese right-sizing report: %r" % t)

def budget():
  doc = json.load(open(T + "/budget.json", encoding="utf-8"))
  meta = {m["label"]: m["value"] for m in doc["meta"]}
  last = meta["最終実績月"]
  y, m = map(int, last.split("-"))
  first_fc = "%04d-%02d" % (y + (m == 12), m % 12 + 1)
  for s in doc["sections"]:
    if s["kind"] != "chart" or not s["id"].startswith("chart_") or s["chart_type"] != "line":
        continue
    x = s["x"]
    check(first_fc in x and "2027-04" in x, "%s: x from %s to 2027-04" % (s["id"], first_fc))
    i0, i1 = x.index(first_fc), x.index("2027-04")
    for ser in s["series"]:
        if ser["style"] == "line":
            continue
        vals = ser["values"] if ser["style"] == "dashed" else ser["lo"]
        gap = [x[i] for i in range(i0, i1) if vals[i] is None]
        check(not gap, "%s %s: no forecast drawn for %s" % (s["id"], ser["label"], gap[:3]))

def whatif():
  sec = sections(T + "/whatif.json")
  alts = [r["alternative"] for r in rows(sec["alternatives"])]
  check(sorted(alts) == sorted(["オンプレ更改", "仮想マシンへ移行"]), "what-if alternatives %r" % alts)
  check(sorted(s["label"] for s in sec["chart_cumulative"]["series"]) ==
        sorted(["オンプレ更改", "仮想マシンへ移行"]), "what-if chart series by label")
  check({r["alternative"] for r in rows(sec["years"])} == {"オンプレ更改", "仮想マシンへ移行"},
        "what-if years table by label")
  check(sorted(r.get("alternative_id", "") for r in rows(sec["alternatives"])) ==
        ["iaas", "onprem"], "what-if ids kept in alternative_id")

for part in (lambda: sums(T + "/rs.json"), lambda: sums(T + "/rs-en.json"), japanese, budget,
             whatif):
    try:
        part()
    except Exception as ex:  # a missing section or column is a failure, not a crash
        bad.append("%s: %r" % (getattr(part, "__name__", "part"), ex))
for line in bad:
    print(line)
sys.exit(1 if bad else 0)
EOF
expect_eq "$?" 0 "report regressions: $(head -c 1500 "$T/check.out")"

# the English report keeps the English schedule words
expect_grep 'mon-fri ' "$T/rs-en.json" "an office-hours schedule in English"
# the right-sizing total is the command's (sum of the rows rounded once each)
run -q rightsize --month 2026-10 --format json
sav=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['total_monthly_savings']))" "$T/out")
expect_eq "$(python3 "$HERE/report_check.py" json "$T/rs.json" savings_by_department monthly_savings_yen)" \
    "$sav" "department total = yosan rightsize's total"

# HTML: the what-if shows labels as text and the id only as a tooltip
expect_grep '>仮想マシンへ移行<' "$T/whatif.html" "what-if html shows the label"
expect_grep 'title="iaas"' "$T/whatif.html" "what-if html keeps the id as a tooltip"
expect_no_grep '>iaas<' "$T/whatif.html" "what-if html shows no id as text"
finish
