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
"$YOSAN" --db "$DB" whatif "$EXAMPLES/current-spend.yaml" ||
    echo "(current-spend.yaml needs imported costs in $DB)"
"$YOSAN" --db "$DB" license oracle --edition ee --platform azure --vcpus 16 --ht --usd-jpy 150
echo
# right-sizing (issue 4): VMs to resize or shut down and orphans to delete,
# from the demo city's hourly metrics (imported by `yosan demo`) and its bill
echo "== right-sizing: resize, shut down, delete (savings per month)"
"$YOSAN" --db "$DB" rightsize
# stop schedules in Japan time and commitment advice (issue 5)
echo "== stop schedules (VMs with a proposal; off on holidays and 12/29-1/3)"
"$YOSAN" --db "$DB" -q schedule --format csv |
    awk -F, 'NR > 1 && $3 != "always on" { n = split($1, p, "/"); printf "  %-24s %-40s %10s yen/month  %s\n", p[n], $3, $6, $7 }'
echo
echo "== commitments per VM size (reservation/savings-plan discounts assumed: 36/55/25/45 %)"
"$YOSAN" --db "$DB" -q commit --format csv --assume-ri1y 36 --assume-ri3y 55 --assume-sp1y 25 --assume-sp3y 45 |
    cut -d, -f1,3,4,7,8,10,13,15,16,18
