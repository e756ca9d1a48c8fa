# gen_monthly_ea.py - write a small EA cost export for the forecast tests: two
# subscriptions with one row a month 2025-01..2026-03 and a partial 2026-04,
# built from the header and first row of tests/data/whatif/ea_small.csv.
import csv, sys, math
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, encoding="utf-8-sig")))
hdr, tpl = rows[0], rows[1]
ix = {h: i for i, h in enumerate(hdr)}
w = csv.writer(open(out, "w", newline="", encoding="utf-8"))
w.writerow(hdr)
def row(sub, subid, y, m, d, cost):
    r = list(tpl)
    r[ix["SubscriptionName"]] = sub
    r[ix["SubscriptionId"]] = subid
    r[ix["Date"]] = "%02d/%02d/%04d" % (m, d, y)
    r[ix["BillingPeriodStartDate"]] = "%02d/01/%04d" % (m, y)
    r[ix["BillingPeriodEndDate"]] = "%02d/28/%04d" % (m, y)
    r[ix["Cost"]] = "%.4f" % cost
    w.writerow(r)
for i in range(15):  # 2025-01 .. 2026-03
    y, m = 2025 + (i // 12), i % 12 + 1
    row("sub-a", "11111111-1111-1111-1111-111111111111", y, m, 15, 100000 * (1 + 0.01 * i) * (1 + 0.05 * math.sin(i)))
    row("sub-b", "22222222-2222-2222-2222-222222222222", y, m, 15, 50000 + 500 * i)
row("sub-a", "11111111-1111-1111-1111-111111111111", 2026, 4, 10, 30000)
