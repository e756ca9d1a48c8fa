# costlib.sh - helpers for the cost import tests (sourced after lib.sh):
# an independent exact sum of a CSV column (python3 decimal + csv) and the
# exact total the database holds (lib.sh's dbq: sqlite3 or psql), compared
# to 1e-9.

# pysum FILE COLUMN: exact decimal sum of COLUMN ('' and NULL count as 0)
pysum() {
    python3 - "$1" "$2" <<'PY'
import csv, decimal, gzip, io, sys
path, col = sys.argv[1], sys.argv[2]
raw = gzip.open(path, "rb").read() if path.endswith(".gz") else open(path, "rb").read()
text = io.StringIO(raw.decode("utf-8-sig"), newline="")
total = decimal.Decimal(0)
for row in csv.DictReader(text):
    v = row[col]
    if v not in ("", "NULL"):
        total += decimal.Decimal(v)
print(total)
PY
}

# dbsum DATASET [DB]: exact total of a dataset (0 actual, 1 amortized) in
# the test database, or in DB (tests/long names its trial databases)
dbsum() {
    YOSAN_DB="${2:-$YOSAN_DB}" dbq "SELECT COALESCE(SUM(cost_e6), 0) || ' ' || COALESCE(SUM(cost_e12), 0) FROM costs WHERE dataset = $1" |
        python3 -c 'import sys, decimal; a, b = sys.stdin.read().split(); print(decimal.Decimal(a) / 10**6 + decimal.Decimal(b) / 10**12)'
}

# pyadd A B: exact decimal A + B
pyadd() { python3 -c 'import sys, decimal; print(decimal.Decimal(sys.argv[1]) + decimal.Decimal(sys.argv[2]))' "$1" "$2"; }

# expect_close ACTUAL EXPECTED DESCRIPTION: equal to 1e-9 (amounts are
# rounded at 1e-12 each, the sum of many stays far below 1e-9)
expect_close() {
    if python3 -c 'import sys, decimal; sys.exit(0 if abs(decimal.Decimal(sys.argv[1]) - decimal.Decimal(sys.argv[2])) <= decimal.Decimal("1e-9") else 1)' "$1" "$2"; then
        ok
    else
        fail "$3: got $1, expected $2"
    fi
}

# expect_rollup_exact DESCRIPTION: the daily rollups (cost_daily) equal
# the cost rows grouped the same way, cell by cell and exactly (both money
# columns and the row count); the count of differing cells must be 0.
expect_rollup_exact() {
    raw="SELECT c.dataset, c.usage_date, c.subscription_id, o.department_id, m.service_name, c.currency, SUM(c.cost_e6), SUM(c.cost_e12), COUNT(*) FROM costs c JOIN cost_objects o ON o.id = c.object_id JOIN meters m ON m.id = c.meter_id GROUP BY 1, 2, 3, 4, 5, 6"
    roll="SELECT dataset, usage_date, subscription_id, department_id, service_name, currency, cost_e6, cost_e12, row_count FROM cost_daily"
    diff=$(dbq "SELECT (SELECT COUNT(*) FROM ($raw EXCEPT $roll) AS a) + (SELECT COUNT(*) FROM ($roll EXCEPT $raw) AS b)")
    expect_eq "$diff" "0" "$1: rollup cells that differ from the rows"
}
