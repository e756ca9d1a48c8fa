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
echo
# what-if: on-premises refresh vs Azure IaaS vs PaaS, with sensitivity (issue 6)
EXAMPLES=$(dirname "$0")/../examples
"$YOSAN" --db "$DB" whatif "$EXAMPLES/onprem-to-azure.yaml" --vary fx=+-15%,utilisation=+-20%
"$YOSAN" --db "$DB" license oracle --edition ee --platform azure --vcpus 16 --ht --usd-jpy 150
echo
# right-sizing (issue 4): VMs to resize or shut down and orphans to delete,
# from the demo city's hourly metrics (imported by `yosan demo`) and its bill
echo "== right-sizing: resize, shut down, delete (savings per month)"
"$YOSAN" --db "$DB" rightsize
