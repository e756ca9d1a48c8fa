#!/bin/bash
# bench-schedule.sh - schedule + commitment analysis for N VMs x 8 weeks of
# hourly CPU (default 10,000 VMs = 13.4 million metric rows).
#
# Costs are generated straight into the store with the sqlite3 shell; the
# hourly CPU is written by the sqlite3 shell as a long metrics CSV and
# imported with `yosan import` (untimed here: the import has its own
# benchmark, scripts/bench-rightsize.sh). The script prints the
# analysis wall time and peak RSS for N/10 and N VMs side by side, so a
# growing memory footprint shows up. Target: under 1 second after import
# for 10,000 VMs, memory flat.
#   usage: scripts/bench-schedule.sh [build/yosan] [N]
set -eu
YOSAN=${1:-build/yosan}
N=${2:-10000}
command -v sqlite3 >/dev/null || { echo "installing sqlite3 (the shell)" >&2; sudo apt-get install -y sqlite3 >&2 || apt-get install -y sqlite3 >&2; }
[ -x /usr/bin/time ] || { sudo apt-get install -y time >&2 || apt-get install -y time >&2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/bench-schedule.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$DIR"' EXIT

# JST Monday 2026-04-06 00:00 = UTC hour 493,671 (2026-04-05T15:00Z); 8 weeks of hours
H0=$(( ($(date -u -d 2026-04-05 +%s) / 3600) + 15 ))
NH=$((8 * 7 * 24))

gen() { # gen DB NVMS
    local db=$1 n=$2
    YOSAN_DB=$db "$YOSAN" -q schedule --from 2026-06-01 >/dev/null   # creates the schema
    sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO imports (id, file_name, sha256, format, dataset, scope, row_count, imported_at)
VALUES (1, 'bench', 'bench', 'ea', 'actual', '', 0, '2026-06-01T00:00:00Z');
INSERT INTO subscriptions (id, sub_key, name) VALUES (1, 'sub', 'bench');
WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i < 9)
INSERT INTO departments (id, name) SELECT 100 + i, 'dept' || i FROM d;
INSERT INTO meters (id, service_name, meter_subcategory, meter_name, service_family,
                    consumed_service, unit, location)
VALUES (1, 'Virtual Machines', 'Dsv5 Series', 'D4s v5', 'Compute', 'Microsoft.Compute',
        '1 Hour', 'japaneast');
WITH RECURSIVE v(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM v WHERE i < $n)
INSERT INTO cost_objects (id, subscription_id, resource_group, resource_id, resource_name, tags,
                          department_id)
SELECT i, 1, 'rg', '/subscriptions/sub/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm' || i,
       'vm' || i, CASE WHEN i % 10 = 9 THEN '{"always-on":"yes"}' ELSE '{}' END, 100 + i % 10 FROM v;
WITH RECURSIVE day(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM day WHERE k < 55)
INSERT INTO costs (import_id, dataset, usage_date, subscription_id, object_id, meter_id, currency,
                   charge_type, pricing_model, quantity, cost_e6, cost_e12, vm_size)
SELECT 1, 0, date('2026-04-06', '+' || k || ' days'), 1, o.id, 1, 'JPY', 'Usage', 'OnDemand',
       24, 24 * 34 * 1000000, 0, 'Standard_D4s_v5'
FROM cost_objects o, day;
COMMIT;
.headers on
.mode csv
.output $db.metrics.csv
WITH RECURSIVE h(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM h WHERE k < $NH - 1)
SELECT o.resource_id AS resource_id,
       strftime('%Y-%m-%dT%H:00:00Z', ($H0 + h.k) * 3600, 'unixepoch') AS timestamp,
       'Percentage CPU' AS metric,
       CASE
         WHEN o.id % 10 IN (6, 7) THEN 35.0 + (o.id * 7 + h.k) % 20
         WHEN o.id % 10 = 8 AND h.k % 24 = 2 THEN 80.0
         WHEN (h.k / 24) % 7 < 5 AND h.k % 24 BETWEEN 9 AND 17 THEN 40.0 + (o.id + h.k) % 10
         ELSE 1.0 + (o.id + h.k) % 3
       END AS value
FROM cost_objects o, h ORDER BY o.id, h.k;
SQL
    YOSAN_DB=$db "$YOSAN" -q import "$db.metrics.csv"
    rm -f "$db.metrics.csv"
}

measure() { # measure DB CMD... -> "seconds rss_mb"
    local db=$1; shift
    YOSAN_DB=$db /usr/bin/time -f '%e %U %M' -o "$DIR/time" "$YOSAN" -q "$@" >"$DIR/out"
    awk '{printf "%5.2f s (%4.2f) %6.1f MB", $1, $2, $3 / 1024}' "$DIR/time"
}

SMALL=$((N / 10))
echo "generating $SMALL and $N VMs x $NH hours ..." >&2
t0=$(date +%s)
gen "$DIR/small.db" "$SMALL"
gen "$DIR/big.db" "$N"
echo "generated in $(( $(date +%s) - t0 )) s; metric hours: $(sqlite3 "$DIR/big.db" 'SELECT SUM(hour_count) FROM metric_days')" >&2

printf '%-40s %-22s %-22s\n' "analysis (after import)" "$SMALL VMs" "$N VMs"
printf '%-40s %-22s %-22s\n' "schedule, 1st run (builds the profile)" \
    "$(measure "$DIR/small.db" schedule --from 2026-06-01 --format csv)" \
    "$(measure "$DIR/big.db" schedule --from 2026-06-01 --format csv)"
printf '%-40s %-22s %-22s\n' "schedule --format csv" \
    "$(measure "$DIR/small.db" schedule --from 2026-06-01 --format csv)" \
    "$(measure "$DIR/big.db" schedule --from 2026-06-01 --format csv)"
cut -d, -f7 "$DIR/out" | sed 's/:.*//; s/ in [0-9].*//' | sort | uniq -c | sort -rn | head -6 | sed 's/^/    verdicts: /'
printf '%-40s %-22s %-22s\n' "schedule --format json" \
    "$(measure "$DIR/small.db" schedule --from 2026-06-01 --format json)" \
    "$(measure "$DIR/big.db" schedule --from 2026-06-01 --format json)"
printf '%-40s %-22s %-22s\n' "commit --format csv" \
    "$(measure "$DIR/small.db" commit --from 2026-06-01 --format csv)" \
    "$(measure "$DIR/big.db" commit --from 2026-06-01 --format csv)"
printf '%-40s %-22s %-22s\n' "target" "" "< 1 s, flat memory"
echo "(wall seconds and peak RSS; 'user' CPU seconds in brackets when the machine is busy)" >&2
