#!/usr/bin/env python3
"""make_corpus.py - write the seed corpora of tests/fuzz/corpus/<harness>/
from tests/data and examples/ (docs/fuzzing.md).

Seeds are named seed-*; each harness's input layout (an options byte
first for cost, budget, calendar and scenario) is in the harness's header
comment. Long files are cut to their first lines so every seed stays
small. Inputs that once crashed a harness (crash-*) are added by hand and
are not touched here. Rerun after changing tests/data: the output is
deterministic (gzip with mtime 0).
"""
import gzip
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "tests", "data")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")


def read(rel, max_lines=None):
    with open(os.path.join(ROOT, rel), "rb") as f:
        b = f.read()
    if max_lines is not None:
        b = b"".join(b.splitlines(keepends=True)[: max_lines + 1])
    return b


def gz(b):
    return gzip.compress(b, mtime=0)


def put(harness, name, data):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def opt(byte, data):
    return bytes([byte]) + data


def main():
    t = "tests/data/"
    # cost: options byte (format bits 0-1, dataset bits 2-3, hash late bit 4, two files bit 5)
    put("cost", "ea-actual", opt(0, read(t + "EA_ActualCost_Small.csv")))
    put("cost", "ea-actual-forced", opt(0x01 | 0x04, read(t + "EA_ActualCost_Small.csv", 6)))
    put("cost", "ea-amortized", opt(0, read(t + "EA_AmortizedCost_Small.csv", 12)))
    put("cost", "ea-norows", opt(0, read(t + "EA_NoRows.csv")))
    put("cost", "ea-disks-hashlate", opt(0x10, read(t + "ea_disks.csv")))
    put("cost", "ea-whatif", opt(0x01, read(t + "whatif/ea_small.csv")))
    put("cost", "ea-mtd-two-files",
        opt(0x20, read(t + "ea_mtd_1.csv") + b"\f" + read(t + "ea_mtd_2.csv")))
    put("cost", "mca", opt(0, read(t + "mca_small.csv")))
    put("cost", "mca-amortized", opt(0x02 | 0x08, read(t + "mca_small.csv")))
    put("cost", "mca-gzip", opt(0, gz(read(t + "mca_small.csv"))))
    put("cost", "focus", opt(0, read(t + "focus_slice.csv", 12)))
    put("cost", "focus-forced", opt(0x03, read(t + "focus_slice.csv", 4)))

    put("metrics_csv", "small", read(t + "metrics_small.csv"))
    put("metrics_csv", "bad", read(t + "metrics_bad.csv"))
    put("metrics_csv", "disks", read(t + "metrics_disks.csv", 40))
    put("metrics_csv", "small-gzip", gz(read(t + "metrics_small.csv")))
    put("metrics_csv", "json", read(t + "metrics_vm1.json"))

    put("metrics_json", "vm1", read(t + "metrics_vm1.json"))

    put("prices", "page", read(t + "prices_page.json"))

    # approp: selector byte % 2 (0 read, 1 load into a store)
    fy26 = read("examples/appropriations-fy2026.csv")
    put("approp", "fy2026-read", opt(0, fy26))
    put("approp", "fy2026-load", opt(1, fy26))
    put("approp", "old-format", opt(0, read("examples/appropriations.csv")))
    put("approp", "columns-reordered-bom", opt(1, (
        "\ufeffbasis,amount,department,fiscal_year,kind,date,system,note\n"
        "contract,1000,建設局,2026,original,,,\n"
        "contract,500,建設局,2026,当初,2026-04-01,道路,\n"
        "contract,-200,建設局,2026,transfer,2026-10-01,道路,\"a, b\"\n"
        "contract,200,水道局,2026,流用,2026-10-01,,\n").encode()))
    put("approp", "negative-year", opt(1, (
        "fiscal_year,department,amount,kind,date,basis\n"
        "2026,建設局,100,当初,,list\n2026,建設局,-200,補正,2026-12-01,list\n").encode()))
    put("approp", "mixed-basis", opt(1, (
        "fiscal_year,department,amount,basis\n2026,a,1,list\n2027,b,9000000000000,contract\n"
        ).encode()))

    put("dept", "rules", read(t + "dept_rules.csv"))
    put("dept", "rules-bad", read(t + "dept_rules_bad.csv"))

    # scenario: options byte (years bits 0-2, sensitivity bit 3, default start_fy bit 4)
    for f in sorted(os.listdir(os.path.join(DATA, "whatif"))):
        if f.endswith(".yaml"):
            put("scenario", f[:-5], opt(0, read(t + "whatif/" + f)))
    put("scenario", "hand-vary-10y", opt(0x08 | 0x04, read(t + "whatif/hand.yaml")))
    for f in sorted(os.listdir(os.path.join(ROOT, "examples"))):
        if f.endswith(".yaml"):
            put("scenario", "example-" + f[:-5], opt(0x08 | 0x10, read("examples/" + f)))

    # budget: selector byte % 3 (0 adjust, 1 shares, 2 monthly totals)
    put("budget", "adjust-amount",
        opt(0, "department,from_month,amount,percent,note\n環境局,2027-10,100000,,new system\n"
            .encode()))
    put("budget", "adjust-percent",
        opt(0, "department,from_month,amount,percent,note\n水道局,2027-04,,-50,moved out\n"
            .encode()))
    put("budget", "shares", opt(1, "department,share\n建設局,1\n水道局,3\n".encode()))
    put("budget", "monthly", opt(2, read(t + "budget_monthly.csv", 30)))
    put("budget", "monthly-currency",
        opt(2, b"department,month,cost,currency\nA,2025-04,1.5,USD\nA,2025-04,2,USD\nB,2025-05,3,\n"))

    put("series", "m3", read(t + "m3_sample.csv", 60))
    put("series", "gaps", b"value,series_id,period_index\n1.5,a,3\nNA,a,1\n,b,2\n2,b,7\n")

    # calendar: options byte (closure bit 0, year bits 1-4)
    put("calendar", "user", opt(0, read(t + "calendar-user.csv")))
    put("calendar", "user-closure", opt(0x01 | 0x0c, read(t + "calendar-user.csv")))
    put("calendar", "bom-comments",
        opt(0x01, "\ufeff# city days\n\n2025-12-29,open,御用納め延長\n2026-05-06,closed,\n".encode()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
