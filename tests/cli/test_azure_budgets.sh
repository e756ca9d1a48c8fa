# test_azure_budgets.sh - `yosan budget --format azure-budgets` (issue 13
# item 5) on the demo city: the output is an ARM template (python3 json)
# with one nested deployment per subscription holding
# Microsoft.Consumption/budgets; every budget has the documented shape
# (category Cost, a positive whole amount, Monthly over one month or
# Annually over the fiscal year, start on the first of a month, the three
# notifications at actual 80 %/100 % and forecasted 100 % to the
# contactEmails parameter, a valid name); the filters follow the
# department rules (whole subscription for a subscription-name rule, the
# department tag for departments caught by it); and for every department
# and month the budgets' amounts add up to the run's line, the annual ones
# to its budget.
. "$(dirname "$0")/lib.sh"

run demo --out "$T/demo" --end 2026-11 --metric-weeks 0 --no-amortized
expect_rc 0 "demo city"

run budget --fiscal-year 2026 --format csv
expect_rc 0 "budget csv"; cp "$T/out" "$T/lines.csv"
run budget --fiscal-year 2026 --format azure-budgets
expect_rc 0 "budget azure-budgets"; cp "$T/out" "$T/arm.json"
expect_grep "Azure budgets: 12 departments" "$T/err" "says how many departments"

python3 - "$T" >"$T/check.txt" 2>&1 <<'PY' || fail "ARM checks: $(head -c 2500 "$T/check.txt")"
import csv, json, re, sys
T = sys.argv[1]
arm = json.load(open(f"{T}/arm.json"))
bad = []
def need(c, msg):
    if not c:
        bad.append(msg)
need(arm["$schema"].endswith("managementGroupDeploymentTemplate.json#"), "schema")
need(arm["parameters"]["contactEmails"]["type"] == "array", "contactEmails parameter")
need("utcNow" in arm["parameters"]["firstMonth"]["defaultValue"], "firstMonth defaults to now")
lines = {r["department"]: r for r in csv.DictReader(open(f"{T}/lines.csv")) if r["department"] != "total"}
months = [k for k in next(iter(lines.values())) if re.fullmatch(r"\d{4}-\d{2}", k)]
need(len(months) == 12 and months[0] == "2026-04", f"12 FY months from April: {months}")
meta = {(b["index"], b["part"]): b for b in arm["metadata"]["budgets"]}
got = {}      # (department, month or 'year') -> sum of amounts
filters = {}  # department -> set of filter kinds
nb = 0
for dep in arm["resources"]:
    need(dep["type"] == "Microsoft.Resources/deployments" and re.fullmatch(r"[0-9a-f-]{36}", dep["subscriptionId"]), "nested deployment")
    need(len(dep["name"]) <= 64, f"deployment name length {dep['name']}")
    tpl = dep["properties"]["template"]
    need(tpl["$schema"].endswith("subscriptionDeploymentTemplate.json#"), "inner schema")
    for r in tpl["resources"]:
        nb += 1
        p = r["properties"]
        need(r["type"] == "Microsoft.Consumption/budgets", "type")
        need(re.fullmatch(r"[A-Za-z0-9_-]{1,63}", r["name"]) is not None, f"name {r['name']}")
        m = re.fullmatch(r"yosan-fy2026-d(\d+)-p(\d+)-(\d{4}-\d{2}|year)", r["name"])
        need(m is not None, f"name pattern {r['name']}")
        b = meta[(int(m.group(1)), int(m.group(2)))]
        need(b["subscription"] == dep["subscriptionId"], f"{r['name']} in its subscription")
        need(p["category"] == "Cost" and isinstance(p["amount"], int) and p["amount"] > 0, f"{r['name']} amount")
        st, en = p["timePeriod"]["startDate"], p["timePeriod"]["endDate"]
        need(st[8:10] == "01", f"{r['name']} starts on the 1st")
        if m.group(3) == "year":
            need(p["timeGrain"] == "Annually" and st.startswith("2026-04-01") and en.startswith("2027-03-31"), f"{r['name']} annual period")
            need("condition" not in r, "the annual budget is always made")
        else:
            need(p["timeGrain"] == "Monthly" and st.startswith(m.group(3)), f"{r['name']} monthly period")
            need(r["condition"] == f"[greaterOrEquals('{m.group(3)}', parameters('firstMonth'))]", f"{r['name']} condition")
        n = p["notifications"]
        th = sorted((v["thresholdType"], v["threshold"], v["operator"], v["contactEmails"], v["enabled"]) for v in n.values())
        need(th == [("Actual", 80, "GreaterThanOrEqualTo", "[parameters('contactEmails')]", True),
                    ("Actual", 100, "GreaterThanOrEqualTo", "[parameters('contactEmails')]", True),
                    ("Forecasted", 100, "GreaterThanOrEqualTo", "[parameters('contactEmails')]", True)],
             f"{r['name']} notifications {th}")
        f = p.get("filter")
        kind = "subscription" if f is None else "tag" if "tags" in f else "resource-group"
        filters.setdefault(b["department"], set()).add(kind)
        if kind == "tag":
            need(f["tags"]["name"] == "department" and f["tags"]["values"] == [b["department"]] and f["tags"]["operator"] == "In", f"{r['name']} tag filter")
        key = (b["department"], m.group(3))
        got[key] = got.get(key, 0) + p["amount"]
for d, L in lines.items():
    for mo in months:
        if int(L[mo]) > 0:
            need(got.get((d, mo)) == int(L[mo]), f"{d} {mo}: budgets {got.get((d, mo))} != line {L[mo]}")
    need(got.get((d, "year")) == int(L["budget"]), f"{d}: annual budgets {got.get((d, 'year'))} != budget {L['budget']}")
need(filters.get("水道局") == {"tag"}, f"水道局 is caught by its department tag: {filters.get('水道局')}")
need(filters.get("財政局") == {"subscription"}, f"財政局 by its subscriptions: {filters.get('財政局')}")
need(filters.get("健康局") == {"tag", "subscription"}, f"健康局 by both: {filters.get('健康局')}")
print(f"{nb} budgets, {len(lines)} departments checked")
for x in bad[:20]:
    print(x)
sys.exit(1 if bad else 0)
PY
expect_grep "12 departments checked" "$T/check.txt" "every department checked"

# a resource-group rule gives a ResourceGroupName filter
printf 'match,pattern,department\nresource-group,rg-zaisei-*,財政局\n' >"$T/rg.csv"
tail -n +2 "$T/demo/departments.csv" >>"$T/rg.csv"
run departments load "$T/rg.csv"; expect_rc 0 "load rules with a resource-group rule"
run budget --fiscal-year 2026 --format azure-budgets
expect_rc 0 "azure-budgets with a resource-group rule"
python3 - "$T/out" <<'PY' || fail "no ResourceGroupName filter for 財政局"
import json, sys
arm = json.load(open(sys.argv[1]))
ok = False
for dep in arm["resources"]:
    for r in dep["properties"]["template"]["resources"]:
        f = r["properties"].get("filter", {})
        d = f.get("dimensions")
        if d and d["name"] == "ResourceGroupName" and d["operator"] == "In" and all(v.startswith("rg-zaisei-") for v in d["values"]):
            ok = "財政局" in r["comments"]
sys.exit(0 if ok else 1)
PY

run budget --fiscal-year 2026 --format azure --as-of 2026-11-30; expect_rc 2 "bad format"
run budget --fiscal-year 2026 --format azure-budgets --input "$T/lines.csv" --as-of 2026-11-30
expect_rc 2 "azure-budgets needs the store"
finish
