# test_import_kill.sh - a kill -9 in the middle of an import leaves the
# database as it was (one transaction per file, WAL), rows and daily rollups
# alike, and the rerun completes with the exact total. Nothing is timed: if the import happens to finish
# before the kill, the checks still hold.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"
D=$TEST_DATA_DIR

run import "$D/EA_ActualCost_Small.csv"
expect_rc 0 "first import"
BEFORE=$(dbsum 0)

# a larger export: the real sample's rows repeated over 20 days (40 MB-ish
# would be slow to write from python; 60k rows is plenty to be mid-import)
python3 - "$D/EA_ActualCost_Small.csv" "$T/big.csv" <<'PY'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, encoding="utf-8-sig", newline="")))
header, rows = rows[0], rows[1:]
di, si = header.index("Date"), header.index("SubscriptionId")
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    for i in range(6000):
        for r in rows:
            r = list(r)
            r[di] = "10/%02d/2023" % (1 + i % 28)          # October: no overlap with the first file
            r[si] = "00000000-0000-4000-8000-%012x" % i    # many subscriptions
            w.writerow(r)
PY
"$YOSAN" -q import "$T/big.csv" >/dev/null 2>&1 &
PID=$!
sleep 0.5
kill -9 "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
expect_close "$(dbsum 0)" "$BEFORE" "killed import left the total as it was"
if sqlite_only "PRAGMA integrity_check of the file"; then
    expect_eq "$(dbq 'PRAGMA integrity_check')" "ok" "database intact"
fi
expect_rollup_exact "after the kill"

run import "$T/big.csv"
expect_rc 0 "rerun completes"
expect_close "$(dbsum 0)" "$(pyadd "$BEFORE" "$(pysum "$T/big.csv" Cost)")" "rerun total exact"
expect_rollup_exact "after the rerun"
run import "$T/big.csv"
expect_grep "already imported" "$T/err" "and only once"
finish
