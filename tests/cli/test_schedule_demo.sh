# test_schedule_demo.sh - schedules and commitments on the synthetic demo city
# (docs/demo.md): the planted office-hours VMs are found, the batch VM, the
# always-on tag and the reservations are respected. Generated, not stored.
. "$(dirname "$0")/lib.sh"

run demo --out "$T/demo" --months 2 --end 2026-10 --metric-weeks 3 --no-amortized
expect_rc 0 "demo generator"
run departments load "$T/demo/departments.csv";  expect_rc 0 "department rules"
run -q import "$T"/demo/EA_ActualCost_*.csv;     expect_rc 0 "cost import"
run -q import "$T/demo/metrics.csv";     expect_rc 0 "metrics import"

run schedule --weeks 3 --from 2026-11-02 --format csv
expect_rc 0 "schedule"
for vm in vm-kodomo-dev01 vm-kenko-test01 vm-digital-dev02; do
    expect_grep "/$vm,[^,]*,mon-fri 07:00-20:00; holidays off,168.0,65.0,[0-9][0-9]*,idle outside" "$T/out" "$vm: office hours found"
done
expect_grep '/vm-fukushi-core01,福祉局,always on,.*,tagged always-on$' "$T/out" "always-on tag wins"
expect_grep '/vm-suido-batch01,水道局,always on,.*busy at night (batch)' "$T/out" "batch VM kept"
for vm in vm-zaisei-db01 vm-shimin-juki-db02 vm-digital-ad01; do
    expect_grep "/$vm,[^,]*,always on,.*covered by a reservation" "$T/out" "$vm: reserved VM kept"
done
expect_no_grep '/vm-[a-z]*-dev0[0-9],[^,]*,mon-fri 08:00' "$T/out" "auto-shutdown dev VMs are not flagged again"

run commit --weeks 3 --from 2026-11-02 --format csv --assume-ri1y 36 --assume-ri3y 55
expect_rc 0 "commit"
expect_grep '^Standard_E8s_v5,japaneast,[0-9]*,[1-9],JPY,' "$T/out" "already committed VMs counted"
expect_grep '^Standard_D4s_v5,.*assumed discounts,.*schedule: [1-9]' "$T/out" "office VMs scheduled, not reserved"
expect_grep '^Standard_D8s_v5,.*reserve 3y: [1-9]' "$T/out" "always-running VMs reserved"
finish
