# test_chargeback.sh - `yosan chargeback` (issue 13 item 3) on the demo
# city: for every month of the demo, under every money basis and every split
# key, the departments' whole-yen charges add up to the month's invoice (the
# summary's exact month total rounded by the terms' rule), nothing is
# negative, the shared cost goes by the key within one yen, the split and
# basis are on every row; the fiscal year is the sum of its months; a
# loaded terms file (markup, half-up rounding) is followed; summary
# --shared split shows the same figures; usage and data errors.
. "$(dirname "$0")/lib.sh"

run chargeback --month 2026-01;              expect_rc 1 "no database"
run chargeback;                              expect_rc 2 "no period"
run chargeback --month 2026-01 --fiscal-year 2025; expect_rc 2 "two periods"
run chargeback --month 2026-1;               expect_rc 2 "bad month"
run chargeback --fiscal-year 19;             expect_rc 2 "bad fiscal year"
run chargeback --month 2026-01 --split bogus; expect_rc 2 "bad split"
expect_grep "expected direct, even, fixed:FILE or usage:vcpu-hours" "$T/err" "names the keys"
run chargeback --month 2026-01 --monthly;    expect_rc 2 "--monthly without a year"
run chargeback --month 2026-01 --basis gross; expect_rc 2 "bad basis"

run demo --out "$T/demo" --end 2026-11 --metric-weeks 0 --no-amortized
expect_rc 0 "demo city"

printf 'department,share\n財政局,3\n水道局,1\nデジタル統括室,0\n' >"$T/shares.csv"
for b in list contract contract+tax; do
    run summary --by month --cost actual --basis "$b" --format csv
    expect_rc 0 "summary $b"; cp "$T/out" "$T/inv_$b.csv"
    for s in direct even "fixed:$T/shares.csv" usage:vcpu-hours; do
        tag="$b-${s%%:*}"
        : >"$T/cb_$tag.csv"
        for y in 2023 2024 2025 2026; do
            run chargeback --fiscal-year $y --monthly --basis "$b" --split "$s" --format csv
            expect_rc 0 "chargeback FY$y $b $s"
            cat "$T/out" >>"$T/cb_$tag.csv"
        done
    done
done

# every month, every basis, every key: sums exact, keys honoured
python3 - "$T" floor >"$T/check.txt" 2>&1 <<'PY' || fail "charge-back checks: $(head -c 2000 "$T/check.txt")"
import csv, glob, math, os, sys
from decimal import Decimal, ROUND_FLOOR, ROUND_HALF_UP
T, rule = sys.argv[1], sys.argv[2]
shares = {"財政局": 3, "水道局": 1}
bad, months_checked = [], 0
def rnd(x):
    return int(x.to_integral_value(rounding=ROUND_FLOOR if rule == "floor" else ROUND_HALF_UP))
for b in ["list", "contract", "contract+tax"]:
    inv = {r["month"]: rnd(Decimal(r["cost"])) for r in csv.DictReader(open(f"{T}/inv_{b}.csv"))}
    for key in ["direct", "even", "fixed", "usage"]:
        with open(f"{T}/cb_{b}-{key}.csv") as f:
            lines = [l for i, l in enumerate(f) if i == 0 or not l.startswith("month,")]
        rows = list(csv.DictReader(lines))
        bym, byfy = {}, {}
        for r in rows:
            if r["basis"] != b or not r["split"].startswith(key):
                bad.append(f"{b}/{key}: row says split {r['split']} basis {r['basis']}")
            d, s, t = int(r["direct"]), int(r["shared"]), int(r["total"])
            if t != d + s or s < 0:
                bad.append(f"{b}/{key} {r['month']} {r['department']}: {d}+{s}!={t} or negative")
            (byfy if r["month"].startswith("FY") else bym).setdefault(r["month"], []).append(r)
        if set(bym) != set(inv):
            bad.append(f"{b}/{key}: months {sorted(set(inv) ^ set(bym))} differ from the summary")
        for m, rs in bym.items():
            months_checked += 1
            tot = sum(int(r["total"]) for r in rs)
            if tot != inv.get(m):
                bad.append(f"{b}/{key} {m}: charges {tot} != invoice {inv.get(m)}")
            S = sum(int(r["shared"]) for r in rs)
            if key == "direct":
                w = {r["department"]: max(int(r["direct"]), 0) for r in rs}
            elif key == "even":
                w = {r["department"]: 1 for r in rs}
            elif key == "fixed":
                w = {r["department"]: shares.get(r["department"], 0) for r in rs}
            else:
                w = None
            if w:
                W = sum(w.values())
                for r in rs:
                    exact = S * w[r["department"]] / W
                    if abs(int(r["shared"]) - exact) > 1.0 + 1e-9 * exact:
                        bad.append(f"{b}/{key} {m} {r['department']}: shared {r['shared']} vs {exact:.2f}")
        for fy, rs in byfy.items():
            y = int(fy[2:])
            ms = [k for k in inv if (int(k[:4]), int(k[5:])) >= (y, 4) and (int(k[:4]), int(k[5:])) <= (y + 1, 3)]
            if sum(int(r["total"]) for r in rs) != sum(inv[k] for k in ms):
                bad.append(f"{b}/{key} {fy}: year's charges differ from its invoices")
print(f"{months_checked} month charge-backs checked")
for x in bad[:20]:
    print(x)
sys.exit(1 if bad else 0)
PY
expect_grep "432 month charge-backs checked" "$T/check.txt" "36 months x 3 bases x 4 keys checked"

# the fixed key: departments without a share get none of the shared cost
grep ',デジタル統括室,' "$T/cb_contract-fixed.csv" | awk -F, '$4 != 0 {exit 1}' ||
    fail "a department with share 0 was charged shared cost"
# vCPU-hours: the shared cost goes by the VMs' vCPU-hours, not by money
a=$(grep '^2026-10,' "$T/cb_contract-usage.csv" | cut -d, -f2,4 | sort | md5sum)
b=$(grep '^2026-10,' "$T/cb_contract-direct.csv" | cut -d, -f2,4 | sort | md5sum)
[ "$a" != "$b" ] || fail "usage:vcpu-hours split like direct"

# the table states split and basis, and a total line that is the invoice
run chargeback --month 2026-10 --split even
expect_rc 0 "table"
expect_grep "total (invoice)" "$T/out" "invoice line"
expect_grep "even *contract+tax" "$T/out" "split and basis on the rows"
expect_grep "invoice rounded: floor" "$T/err" "says the rounding"
inv=$(grep '^2026-10,' "$T/inv_contract+tax.csv" | cut -d, -f2 | cut -d. -f1)
grouped=$(python3 -c "import sys; print(f'{int(sys.argv[1]):,}')" "$inv")
expect_grep "total (invoice) .* $grouped " "$T/out" "invoice figure in the table"

# summary --shared split shows the same figures as chargeback
run summary --by department --shared split --from 2026-10-01 --to 2026-10-31 --cost actual \
    --basis contract+tax --format csv
expect_rc 0 "summary --shared split"
expect_no_grep "(unallocated)" "$T/out" "no unallocated row"
run chargeback --month 2026-10 --format csv
sort <(tail -n +2 "$T/out" | awk -F, '{print $2","$5}') >"$T/a.txt"
run summary --by department --shared split --from 2026-10-01 --to 2026-10-31 --cost actual \
    --basis contract+tax --format csv
sort <(tail -n +2 "$T/out" | awk -F, '{printf "%s,%d\n", $1, $2}') >"$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt" || fail "summary --shared split differs from chargeback: $(diff "$T/a.txt" "$T/b.txt" | head -5)"
run summary --by month --shared split; expect_rc 2 "--shared split needs --by department"
run summary --by department --format csv
expect_grep "(unallocated)" "$T/out" "summary's default unchanged"

# loaded terms: a 3 % markup and half-up rounding are followed
printf 'contract:\n  - percent: 3\nrounding: round\n' >"$T/terms.yaml"
run terms load "$T/terms.yaml"; expect_rc 0 "load terms"
run summary --by month --cost actual --basis contract+tax --format csv
cp "$T/out" "$T/inv_contract+tax.csv"
: >"$T/cb_contract+tax-direct.csv"
for y in 2023 2024 2025 2026; do
    run chargeback --fiscal-year $y --monthly --basis contract+tax --format csv
    cat "$T/out" >>"$T/cb_contract+tax-direct.csv"
done
python3 - "$T" round >"$T/check2.txt" 2>&1 <<'PY' || fail "half-up checks: $(head -c 2000 "$T/check2.txt")"
import csv, sys
from decimal import Decimal, ROUND_HALF_UP
T = sys.argv[1]
inv = {r["month"]: int(Decimal(r["cost"]).to_integral_value(rounding=ROUND_HALF_UP))
       for r in csv.DictReader(open(f"{T}/inv_contract+tax.csv"))}
with open(f"{T}/cb_contract+tax-direct.csv") as f:
    rows = list(csv.DictReader([l for i, l in enumerate(f) if i == 0 or not l.startswith("month,")]))
bym = {}
for r in rows:
    if not r["month"].startswith("FY"):
        bym[r["month"]] = bym.get(r["month"], 0) + int(r["total"])
bad = [m for m in inv if bym.get(m) != inv[m]]
print(f"{len(bym)} months; mismatches {bad[:5]}")
sys.exit(1 if bad or len(bym) != 36 else 0)
PY

# data errors
printf 'department,share\n財政曲,1\n' >"$T/bad.csv"
run chargeback --month 2026-01 --split "fixed:$T/bad.csv"; expect_rc 3 "unknown department in shares"
expect_grep "did you mean '財政局'" "$T/err" "suggests the name"
run chargeback --month 2019-01; expect_rc 1 "a month without data"
expect_grep "no actual cost from 2019-01-01 to 2019-01-31" "$T/err" "names the window"
finish
