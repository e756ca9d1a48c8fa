# test_schedule_paas.sh - stop schedules beyond VMs (issue 15, docs/schedule.md
# "Beyond VMs"): the demo city's office-hours SQL database gets serverless with
# auto-pause, a dev/test App Service plan on 2 instances is scaled in to 1
# outside its busy hours, a production plan with the same load and a plan on
# one instance are left alone, savings come from the bill's own rates, and
# the rows appear in CSV, JSON and the report (Japanese labels).
. "$(dirname "$0")/lib.sh"

run demo --out "$T/demo" --months 2 --end 2026-10 --metric-weeks 3 --no-amortized --no-import
expect_rc 0 "demo generator"
run departments load "$T/demo/departments.csv";  expect_rc 0 "department rules"
run -q import "$T"/demo/EA_ActualCost_*.csv.gz;   expect_rc 0 "cost import"
run -q import "$T/demo/metrics.csv.gz";           expect_rc 0 "metrics import"

# three plans billed every day of October 2026 at 36.3 yen per P1 v3
# instance-hour: dev (2 instances), prod (2 instances, same load), dev1 (1
# instance); busy 09:00-18:00 JST on weekdays, idle otherwise
python3 - "$T" <<'PY'
import csv, gzip, sys, datetime as dt
t = sys.argv[1]
src = gzip.open(t + "/demo/EA_ActualCost_2026-10.csv.gz", "rt", encoding="utf-8-sig")
r = csv.reader(src)
hdr = next(r)
base = next(row for row in r if "/serverfarms/" in row[hdr.index("ResourceId")])
sub = "0c43ff9d-1353-428d-a019-67bc50ebd6e5"
plans = {"asp-test-dev": ("dev", 2), "asp-test-prod": ("prod", 2), "asp-test-one": ("dev", 1)}
with open(t + "/plans.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(hdr)
    for name, (env, n) in plans.items():
        rid = f"/subscriptions/{sub}/resourceGroups/rg-test/providers/Microsoft.Web/serverfarms/{name}"
        for d in range(1, 32):
            row = dict(zip(hdr, base))
            row.update({"Date": f"10/{d:02d}/2026", "ResourceId": rid, "ResourceName": name,
                        "ResourceGroup": "rg-test", "Quantity": str(24 * n),
                        "Cost": f"{24 * n * 36.3:.2f}", "EffectivePrice": "36.3",
                        "UnitPrice": "36.3", "Tags": f'"env": "{env}"'})
            w.writerow([row[h] for h in hdr])
with open(t + "/plans_metrics.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["resource_id", "timestamp", "metric", "value"])
    h = dt.datetime(2026, 10, 1, 0, 0) - dt.timedelta(hours=9)  # JST midnight in UTC
    while h < dt.datetime(2026, 11, 1) - dt.timedelta(hours=9):
        jst = h + dt.timedelta(hours=9)
        busy = jst.weekday() < 5 and 9 <= jst.hour < 18
        for name in plans:
            rid = f"/subscriptions/{sub}/resourceGroups/rg-test/providers/Microsoft.Web/serverfarms/{name}"
            ts = h.strftime("%Y-%m-%dT%H:00:00Z")
            w.writerow([rid, ts, "CpuPercentage", 40 if busy else 1])
            w.writerow([rid, ts, "BytesReceived", 5e8 if busy else 1000])
        h += dt.timedelta(hours=1)
PY
expect_rc 0 "plans written"
run -q import "$T/plans.csv";          expect_rc 0 "plan cost rows"
run -q import "$T/plans_metrics.csv";  expect_rc 0 "plan metrics"

run schedule --weeks 3 --from 2026-11-02 --format csv
expect_rc 0 "schedule"
cp "$T/out" "$T/s.csv"
expect_grep '/sqldb-kenko-kansen,健康局,serverless auto-pause outside mon-fri 07:00-20:00; holidays off,168.0,65.0,[1-9][0-9]*,idle outside these hours: serverless bills 2.0 vCores only while running; 1.2 x the provisioned vCore price (57 per vCore-hour in the bill),bill x serverless$' "$T/s.csv" "office-hours database: serverless with auto-pause"
expect_grep '/asp-test-dev,[^,]*,scale in 2 -> 1 outside mon-fri 08:00-19:00; holidays off,168.0,55.0,[1-9][0-9]*,dev/test plan idle outside these hours: 1 instances fewer at 36 per instance-hour in the bill,bill$' "$T/s.csv" "dev plan scaled in"
expect_eq "$(grep -c 'asp-test-prod\|asp-test-one' "$T/s.csv")" "0" "production plan and single-instance plan: no row"
expect_eq "$(grep -c 'sqldb-' "$T/s.csv")" "1" "busy databases: no row"
# the saving by hand: hours outside the window over the plan year x 1 instance x 36.3 / 12
python3 - "$T/s.csv" <<'PY' && ok || fail "dev plan saving = (year before - after) x 1 x 36.3 / 12"
import csv, sys
row = next(r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["resource_id"].endswith("/asp-test-dev"))
s = float(row["monthly_savings"])
# 8760 h before; after: 55 h/week less holidays, so between 40 and 55 h x 52 weeks
lo, hi = (8760 - 55 * 365 / 7) * 36.3 / 12, (8760 - 40 * 365 / 7) * 36.3 / 12
assert lo <= s <= hi, (s, lo, hi)
PY

run schedule --weeks 3 --from 2026-11-02 --format json
expect_rc 0 "schedule json"
python3 - "$T/out" <<'PY' && ok || fail "json paas rows"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
p = {x["resource_id"].rsplit("/", 1)[1]: x for x in d["paas"]}
assert set(p) == {"sqldb-kenko-kansen", "asp-test-dev", "asp-digital-dev"}, p.keys()
assert p["asp-test-dev"]["action"] == "scale-in" and p["asp-test-dev"]["units_off"] == 1
assert p["asp-test-dev"]["windows"]["mon"] == {"start": "08:00", "stop": "19:00"}
assert p["asp-test-dev"]["windows"]["sat"] is None
assert p["sqldb-kenko-kansen"]["action"] == "serverless-auto-pause"
assert p["sqldb-kenko-kansen"]["price_source"] == "bill x serverless"
assert all(v["price_source"] in ("bill", "") for v in d["vms"])
PY
# a department filter applies to PaaS rows too
run schedule --weeks 3 --from 2026-11-02 --format csv --department 健康局
expect_eq "$(grep -c 'asp-test-dev' "$T/out"),$(grep -c 'sqldb-kenko-kansen' "$T/out")" "0,1" "department filter"
# the az export stays VMs only
run schedule --weeks 3 --from 2026-11-02 --format az
expect_no_grep 'serverfarms\|databases' "$T/out" "az script: VMs only"

# the report: the dev plan's row in Japanese, the database left to right-sizing
run report rightsize --month 2026-10 -o - -f md --lang ja
expect_rc 0 "report ja"
expect_grep '| asp-test-dev | スケールイン、フル稼働 月-金 08:00-19:00、祝日・年末年始は停止 |.*開発・検証用プランはこの時間帯以外アイドル: 1 インスタンス削減（請求上 インスタンス時間あたり 36）' "$T/out" "plan row translated"
expect_grep 'SQL データベース 1 件はサーバーレス' "$T/out" "database counted in the note"
expect_no_grep '| sqldb-kenko-kansen | サーバーレス' "$T/out" "database not a schedule row (right-sizing has it)"
finish
