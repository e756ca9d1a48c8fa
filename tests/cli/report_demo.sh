# report_demo.sh - sourced by the report tests after lib.sh: fill $YOSAN_DB
# with a small demo city (12 months to 2026-10, actual cost, three weeks of
# metrics) through the real commands: demo files, department rules, cost
# import, metrics import.
report_demo_db() {
    run demo --out "$T/demo" --months 12 --end 2026-10 --metric-weeks 3 --no-amortized --no-import
    expect_rc 0 "demo files"
    run departments load "$T/demo/departments.csv"
    expect_rc 0 "department rules"
    run -q import "$T"/demo/EA_ActualCost_*.csv.gz
    expect_rc 0 "cost import"
    run -q import "$T/demo/metrics.csv.gz"
    expect_rc 0 "metrics import"
}
