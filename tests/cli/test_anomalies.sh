# test_anomalies.sh - `yosan anomalies` on the demo city (issue 14): every
# planted anomaly (docs/demo.md) is found with its top resource and meter,
# exit 4 when anomalies are listed and 0 when none, usage errors exit 2,
# and the clean city (--no-anomalies) stays under one false alarm per
# department per quarter.
. "$(dirname "$0")/lib.sh"
use_db y

run anomalies -h;                  expect_rc 0 "help"
expect_grep "Exit status: 0 no anomaly, 4" "$T/out" "help documents the exit status"
run anomalies --by region;         expect_rc 2 "bad --by"
run anomalies --from 2025-13-01;   expect_rc 2 "bad --from"

run -q demo --end 2026-11 --metric-weeks 0 --out "$T/demo"; expect_rc 0 "demo"
run anomalies --from 2026-01-01 --format csv; expect_rc 4 "anomalies found: exit 4"
cp "$T/out" "$T/dept.csv"
# the VM left at Standard_E16s_v5 over Golden Week 2026 (建設局)
expect_grep '^2026-04-29,休,建設局,.*,1,.*/vm-kensetsu-doro-ap01,Virtual Machines / Esv5 Series / E16s v5,' \
    "$T/dept.csv" "Golden Week VM found with its resource and meter"
# the storage egress spike, 45 days before the end (環境局)
expect_grep '^2026-10-16,金,環境局,.*,1,.*/stkankyogomi,Bandwidth / .*Standard Data Transfer Out,' \
    "$T/dept.csv" "egress spike found with its storage account and meter"
# the runaway Log Analytics ingestion on the hub, by service
run anomalies --by service --from 2026-09-01 --format csv; expect_rc 4 "by service"
expect_grep '^2026-09-16,水,Log Analytics,.*,1,.*/log-osaka-hub,Log Analytics / Analytics Logs Data Ingestion,' \
    "$T/out" "runaway ingestion found with its workspace and meter"

run anomalies --from 2026-11-20 --to 2026-11-30; expect_rc 0 "no anomaly in a quiet window: exit 0"
expect_grep "0 anomalies in 2026-11-20..2026-11-30 (13 series, " "$T/err" "none: says so, with the window"
expect_eq "$(wc -c <"$T/out" | tr -d ' ')" "0" "none: no empty table"
run anomalies --format json --from 2026-10-16 --to 2026-10-16; expect_rc 4 "json"
expect_grep '"excess":' "$T/out" "json has the excess"

# the clean city: false alarms per department per quarter
use_db clean
run -q demo --end 2026-11 --metric-weeks 0 --no-anomalies --out "$T/clean"; expect_rc 0 "clean demo"
run anomalies --from 2023-12-01 --format csv
N=$(awk -F, 'NR > 1 && $10 != "2" && $10 != "3"' "$T/out" | wc -l)
# 13 series (12 局 and the unallocated hub) x 12 quarters
if [ "$N" -lt 156 ]; then ok; else fail "false alarms on the clean city: $N (>= one per department per quarter)"; fi
echo "# clean demo: $N flagged department-days over 3 years" >&2
finish
