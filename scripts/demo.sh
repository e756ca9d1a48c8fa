#!/bin/sh
# demo.sh - the main job on bundled demo data (called by `make demo`):
# generate the synthetic demo city into a fresh database and print the
# cost by department and by fiscal year. Later issues append their steps.
set -eu
YOSAN=${1:-build/yosan}
OUT=${DEMO_OUT:-out}
DB="$OUT/demo.db"
"$YOSAN" --version
mkdir -p "$OUT"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$YOSAN" --db "$DB" demo --out "$OUT/demo-data"

echo
echo "== cost by department (局)"
"$YOSAN" --db "$DB" summary --by department
echo
echo "== cost by fiscal year (April-March)"
"$YOSAN" --db "$DB" summary --by fiscal-year
