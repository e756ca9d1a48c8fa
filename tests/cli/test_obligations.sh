# test_obligations.sh - `yosan obligations` and the fiscal-year columns of
# `yosan commit` (issue 13 item 4). On the demo city with
# --upfront-reservation: the 1-year reservations bought up front each April
# (Term 12 in the bill) and the 3-year ones paid monthly (Term 36) are
# found with their kind, name, term, payment, start and end; nothing is
# left to pay on them. On a bill with a 3-year reservation paid monthly
# from 2026-01: the payments still due after the data's last month fall in
# FY2026, FY2027 and FY2028 and it is flagged for a 債務負担行為. commit's
# 3-year recommendations spread over the fiscal years and are flagged too.
. "$(dirname "$0")/lib.sh"

run obligations;                 expect_rc 1 "no database"
run obligations --format xml;    expect_rc 2 "bad format"
run obligations extra;           expect_rc 2 "stray argument"

run demo --out "$T/demo" --end 2026-11 --metric-weeks 0 --no-amortized --upfront-reservation
expect_rc 0 "demo city with the up-front reservation"
run obligations --format csv
expect_rc 0 "obligations csv"; cp "$T/out" "$T/obl.csv"
python3 - "$T/obl.csv" >"$T/check.txt" 2>&1 <<'PY' || fail "demo obligations: $(head -c 2000 "$T/check.txt")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
bad = []
need = lambda c, m: c or bad.append(m)
need(len(rows) == 6, f"6 benefits, got {len(rows)}")
one = sorted((r["start"], r["end"], r["payment"], r["paid_in_data"]) for r in rows
             if r["name"] == "RI_Standard_E8s_v5_1y" and r["payment"] == "upfront")
need(one == [("2024-04", "2025-03", "upfront", "354780"), ("2025-04", "2026-03", "upfront", "354780"),
             ("2026-04", "2027-03", "upfront", "354780")], f"1-year up-front reservations: {one}")
three = [r for r in rows if r["name"].endswith("_3y")]
need(len(three) == 2 and all(r["term_months"] == "36" and r["payment"] == "monthly" for r in three),
     f"3-year monthly reservations: {three}")
for r in rows:
    need(r["kind"] == "Reservation" and r["basis"] == "list" and r["currency"] == "JPY", f"row {r}")
    need(r["beyond_fiscal_year"] == "no" and r["remaining"] == "0", f"nothing due: {r}")
    need(r["benefit"].startswith("/providers/Microsoft.Capacity/reservationOrders/"), "full id in csv")
print("ok")
for b in bad: print(b)
sys.exit(1 if bad else 0)
PY
run obligations
expect_rc 0 "obligations table"
expect_grep "RI_Standard_E8s_v5_1y" "$T/out" "names from the bill"
expect_grep "or earlier" "$T/out" "a start at the data's first month may be earlier"

# a 3-year reservation paid monthly from 2026-01, in a bill that starts 2025-12
python3 - "$T/demo" "$T/bill.csv" <<'PY' || fail "cannot make the monthly reservation bill"
import csv, glob, gzip, sys
src, out = sys.argv[1], sys.argv[2]
f = gzip.open(sorted(glob.glob(f"{src}/EA_ActualCost_2026-01.csv.gz"))[0], "rt", encoding="utf-8-sig")
rd = csv.reader(f)
hdr = next(rd)
col = {h: i for i, h in enumerate(hdr)}
purchase = usage = None
for r in rd:
    if r[col["ChargeType"]] == "Purchase" and r[col["Term"]] == "36" and purchase is None:
        purchase = r
    if r[col["ChargeType"]] == "Usage" and r[col["PricingModel"]] == "OnDemand" and usage is None:
        usage = r
w = csv.writer(open(out, "w", newline=""))
w.writerow(hdr)
u = list(usage)
u[col["Date"]] = "12/01/2025"
u[col["BillingPeriodStartDate"]], u[col["BillingPeriodEndDate"]] = "12/01/2025", "12/31/2025"
w.writerow(u)
new = "/providers/Microsoft.Capacity/reservationOrders/11111111-2222-3333-4444-555555555555/reservations/66666666-7777-8888-9999-000000000000"
for m in range(1, 12):
    p = list(purchase)
    p[col["Date"]] = f"{m:02d}/01/2026"
    p[col["BillingPeriodStartDate"]] = f"{m:02d}/01/2026"
    p[col["BillingPeriodEndDate"]] = f"{m:02d}/28/2026"
    p[col["Cost"]] = "30000"
    p[col["benefitId"]] = new
    p[col["benefitName"]] = "RI_new_3y"
    p[col["ReservationId"]] = "66666666-7777-8888-9999-000000000000"
    w.writerow(p)
PY
use_db bill
run import "$T/bill.csv"; expect_rc 0 "import the bill"
run obligations --format csv
expect_rc 0 "obligations of the bill"
python3 - "$T/out" >"$T/check2.txt" 2>&1 <<'PY' || fail "monthly reservation: $(head -c 2000 "$T/check2.txt")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
r = [x for x in rows if x["name"] == "RI_new_3y"]
assert len(r) == 1, rows
r = r[0]
want = {"term_months": "36", "payment": "monthly", "start": "2026-01", "end": "2028-12",
        "monthly": "30000", "paid_in_data": "330000", "remaining": "750000",
        "remaining_fy2026": "120000", "remaining_fy2027": "360000", "remaining_fy2028": "270000",
        "beyond_fiscal_year": "yes: 債務負担行為"}
bad = {k: (r.get(k), v) for k, v in want.items() if r.get(k) != v}
print(bad or "ok")
sys.exit(1 if bad else 0)
PY
use_db yosan

# commit: the recommended commitments per fiscal year, flagged past the FY
run commit --weeks 3 --from 2026-11-02 --format csv --assume-ri1y 36 --assume-ri3y 55
expect_rc 0 "commit"
expect_grep ',commit_per_fiscal_year,debt_burden_act$' "$T/out" "commit's new columns"
python3 - "$T/out" >"$T/check3.txt" 2>&1 <<'PY' || fail "commit per FY: $(head -c 2000 "$T/check3.txt")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
seen = 0
for r in rows:
    rec = r["recommendation"]
    if "reserve 3y" in rec:
        seen += 1
        fys = dict(kv.split("=") for kv in r["commit_per_fiscal_year"].split(";"))
        # bought 2026-12: 4 months of FY2026, 12 of FY2027 and FY2028, 8 of FY2029
        a = {k: int(v) for k, v in fys.items()}
        assert set(a) == {"FY2026", "FY2027", "FY2028", "FY2029"}, r
        assert a["FY2027"] == 3 * a["FY2026"] and a["FY2029"] == 2 * a["FY2026"], r
        assert r["debt_burden_act"] == "required (until 2029-11)", r
    elif "reserve" not in rec and "savings" not in rec:
        assert r["commit_per_fiscal_year"] == "" and r["debt_burden_act"] == "", r
assert seen > 0, "no 3-year recommendation in the demo"
print("ok", seen)
PY
finish
