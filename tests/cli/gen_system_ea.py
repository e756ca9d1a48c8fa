# gen_system_ea.py - write a small EA cost export for the per-system budget
# tests: 2025-01..2026-10 (every month complete), two departments by tag
# (福祉局: systems kaigo and seiho, plus a disk without a system tag; 建設局:
# system doro, and a resource group a rules file renames), a shared hub
# without a department (split over both), and a system 'shogai' of 福祉局
# that goes live in 2026-04. Built from the header and first row of
# tests/data/whatif/ea_small.csv (gen_monthly_ea.py does the same).
import csv, math, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, encoding="utf-8-sig")))
hdr, tpl = rows[0], rows[1]
ix = {h: i for i, h in enumerate(hdr)}
w = csv.writer(open(out, "w", newline="", encoding="utf-8"))
w.writerow(hdr)
SUB = "11111111-1111-1111-1111-111111111111"
def row(rg, name, tags, y, m, d, cost):
    r = list(tpl)
    r[ix["SubscriptionId"]] = SUB
    r[ix["SubscriptionName"]] = "sub-a"
    r[ix["Date"]] = "%02d/%02d/%04d" % (m, d, y)
    r[ix["BillingPeriodStartDate"]] = "%02d/01/%04d" % (m, y)
    r[ix["BillingPeriodEndDate"]] = "%02d/28/%04d" % (m, y)
    r[ix["ResourceGroup"]] = rg
    r[ix["ResourceName"]] = name
    r[ix["ResourceId"]] = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/disks/%s" % (SUB, rg, name)
    r[ix["Tags"]] = tags
    r[ix["CostCenter"]] = ""
    r[ix["Cost"]] = "%.4f" % cost
    w.writerow(r)
for i in range(22):  # 2025-01 .. 2026-10
    y, m = 2025 + (i // 12), i % 12 + 1
    s = 1 + 0.05 * math.sin(i)
    row("rg-fukushi-kaigo", "disk-kaigo", '"department": "福祉局","system": "kaigo"', y, m, 15, 200000 * (1 + 0.01 * i) * s)
    row("rg-fukushi-seiho", "disk-seiho", '"department": "福祉局","system": "seiho"', y, m, 15, 100000 + 1000 * i)
    row("rg-fukushi-misc", "disk-misc", '"department": "福祉局"', y, m, 15, 30000 * s)
    if (y, m) >= (2026, 4):
        row("rg-fukushi-shogai", "disk-shogai", '"department": "福祉局","system": "shogai"', y, m, 15, 80000)
    row("rg-kensetsu-doro", "disk-doro", '"department": "建設局","system": "doro","app": "road"', y, m, 15, 150000 * s)
    row("rg-kensetsu-old", "disk-old", '"department": "建設局"', y, m, 15, 20000)
    row("rg-hub", "er-hub", '"system": "network"', y, m, 15, 90000)
# the last day of 2026-10, so that month is complete
row("rg-hub", "er-hub", '"system": "network"', 2026, 10, 31, 1)
