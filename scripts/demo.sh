#!/bin/sh
# demo.sh - the main jobs on bundled demo data (called by `make demo`):
# generate the synthetic demo city into a fresh database, then run what the
# guideline asks of the Digital Office and departments:
#   1. the annual budget forecast run (next fiscal year, per department)
#   2. the monthly right-sizing report, stop schedules and commitments
#   3. what-if comparisons (on-premises vs cloud, Oracle licences)
# and write the budget and right-sizing reports (HTML, XLSX) into out/.
set -eu
YOSAN=${1:-build/yosan}
OUT=${DEMO_OUT:-out}
DB="$OUT/demo.db"
EXAMPLES=$(dirname "$0")/../examples
"$YOSAN" --version
mkdir -p "$OUT"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$YOSAN" --db "$DB" demo --out "$OUT/demo-data"

echo
echo "== cost by fiscal year (April-March)"
"$YOSAN" --db "$DB" -q summary --by fiscal-year
echo
echo "== cost by department (局)"
"$YOSAN" --db "$DB" -q summary --by department

# the last complete month decides which fiscal year is budgeted next
LAST=$("$YOSAN" --db "$DB" -q summary --by month --format csv | tail -1 | cut -d, -f1)
Y=${LAST%-*}
M=${LAST#*-}
FY=$((Y + 1))
[ "${M#0}" -lt 4 ] && FY=$Y

echo
echo "== 1. budget forecast FY$FY per department (whole yen; P50/P80/P95 of the annual sum)"
"$YOSAN" --db "$DB" budget --fiscal-year "$FY" --level p80

# the fiscal year in progress at the end of the data: the demo loaded its
# appropriations (one department planted below its trend)
CUR=$Y
[ "${M#0}" -lt 4 ] && CUR=$((Y - 1))
echo
echo "== execution tracking FY$CUR (執行率, year-end projection vs appropriation; docs/track.md)"
if [ "${M#0}" -eq 3 ]; then
    echo "(FY$CUR ended with the data: its actual is \`yosan summary --by department\`)"
else
    "$YOSAN" --db "$DB" track --fiscal-year "$CUR"
fi

echo
echo "== 2. right-sizing $LAST: resize, shut down, delete (rows to act on; savings per month)"
"$YOSAN" --db "$DB" -q rightsize --month "$LAST" | grep -v '  keep  '
echo
echo "== stop schedules (Japan time; off on holidays and 12/29-1/3)"
"$YOSAN" --db "$DB" -q schedule --format csv |
    awk -F, 'NR > 1 && $3 != "always on" { n = split($1, p, "/"); printf "  %-24s %-40s %10s yen/month  %s\n", p[n], $3, $6, $7 }'
echo
echo "== commitments per VM size (the demo's Retail Prices page: reservations, savings plans)"
"$YOSAN" --db "$DB" -q commit --format csv |
    cut -d, -f1,3,4,7,8,10,13,15,16,18

echo
echo "== 3. what-if: on-premises refresh vs Azure IaaS vs PaaS, with sensitivity"
"$YOSAN" --db "$DB" whatif "$EXAMPLES/onprem-to-azure.yaml" --vary fx=+-15%,utilisation=+-20%
echo
echo "== what-if: the city's current spend vs after right-sizing and stop schedules"
"$YOSAN" --db "$DB" -q whatif "$EXAMPLES/current-spend.yaml"
echo
echo "== Oracle Database EE on a 16-vCPU Azure VM"
"$YOSAN" --db "$DB" license oracle --edition ee --platform azure --vcpus 16 --ht --usd-jpy 150

# reports people read: the budget request and the right-sizing report
echo
echo "== reports (FY$FY budget, $LAST right-sizing)"
for f in html xlsx; do
    "$YOSAN" --db "$DB" -q report budget --fiscal-year "$FY" -o "$OUT/budget-FY$FY.$f"
    echo "wrote $OUT/budget-FY$FY.$f"
    "$YOSAN" --db "$DB" -q report rightsize --month "$LAST" -o "$OUT/rightsize-$LAST.$f"
    echo "wrote $OUT/rightsize-$LAST.$f"
done
