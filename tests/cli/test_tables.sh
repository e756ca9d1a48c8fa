# test_tables.sh - the one table writer (issue 20 item 5): figures in text
# tables carry thousands separators and align right; resource ids are short
# names unless --wide (CSV and JSON keep them whole and the figures exact);
# a table wider than the terminal ($COLUMNS, or the tty) wraps into
# sections no wider than it, each repeating the first column; --wide is
# refused by commands that print no table.
. "$(dirname "$0")/lib.sh"

# display width of the widest line of a file (East Asian wide = 2 columns)
widest() {
    python3 - "$1" <<'EOF'
import sys, unicodedata
w = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)
EOF
}

run demo --months 15 --metric-weeks 2
expect_rc 0 "demo city"

# --- budget: separators, sections within the width, every section has the departments
COLUMNS=100 run budget --fiscal-year 2027
expect_rc 0 "budget table"
if [ "$(widest "$T/out")" -gt 100 ]; then fail "budget wider than 100: $(widest "$T/out")"; else ok; fi
expect_grep '^department  *2027-04' "$T/out" "first section starts with the months"
expect_grep '^department  *.*p50' "$T/out" "a later section repeats the department column"
sections=$(grep -c '^department ' "$T/out")
if [ "$sections" -lt 2 ]; then fail "budget: expected several sections at 100 columns, got $sections"; else ok; fi
expect_eq "$(grep -c '^財政局 ' "$T/out")" "$sections" "each section has the department's row"
expect_grep '^total  *[0-9]\{1,3\}\(,[0-9]\{3\}\)\{2,\}  ' "$T/out" "totals with thousands separators"
expect_no_grep ' [0-9]\{7,\}' "$T/out" "no ungrouped long number"
# without a width (a pipe, no COLUMNS) the table is one block
env -u COLUMNS "$YOSAN" budget --fiscal-year 2027 >"$T/wide" 2>/dev/null
expect_eq "$(grep -c '^department ' "$T/wide")" "1" "no COLUMNS, not a tty: one block"
COLUMNS=100 run budget --fiscal-year 2027 --wide
expect_eq "$(grep -c '^department ' "$T/out")" "1" "--wide: one block"
# CSV stays exact and ungrouped whatever the width
COLUMNS=60 run budget --fiscal-year 2027 --format csv
expect_rc 0 "budget csv"
expect_grep '^total,[0-9]*,[0-9]*,' "$T/out" "csv: plain figures"
expect_eq "$(grep -c '^department,' "$T/out")" "1" "csv: never in sections"

# --- schedule: short names by default, full ARM ids with --wide and in CSV
COLUMNS=200 run schedule
expect_rc 0 "schedule table"
expect_no_grep '/subscriptions/' "$T/out" "schedule: short names on the terminal"
expect_grep '^vm-' "$T/out" "schedule: the VM names"
run schedule --wide
expect_grep '^/subscriptions/.*/virtualmachines/vm-' "$T/out" "schedule --wide: full ids"
run schedule --format csv
expect_grep '^/subscriptions/' "$T/out" "schedule csv: full ids"

run summary --by resource
expect_no_grep '/subscriptions/' "$T/out" "summary by resource: names"
run summary --by resource --wide
expect_grep '^/subscriptions/' "$T/out" "summary by resource --wide: full ids"

# --- departments, forecast, imports: grouped figures
run departments
expect_grep '財政局  *[0-9]\{1,3\}\(,[0-9]\{3\}\)\{2,\}  *JPY  *[0-9,]*$' "$T/out" "departments: whole yen, grouped"
expect_no_grep '\.[0-9]\{6\}' "$T/out" "departments: no micro-yen in the table"
run departments --format csv
expect_grep ',[0-9]*\.[0-9]\{6\},JPY,' "$T/out" "departments csv: exact to the micro-yen"
run forecast --by total --format table
expect_rc 0 "forecast from the store"
expect_grep '^total  *1  *[0-9-]*  *[0-9]\{1,3\}\(,[0-9]\{3\}\)\{1,\}  ' "$T/out" "forecast: grouped money"
run imports
expect_grep ' [0-9]\{1,3\},[0-9]\{3\} ' "$T/out" "imports: grouped row counts"

# --- whatif keeps its grouping through the writer
run whatif "$TEST_SRC_DIR/examples/onprem-to-azure.yaml" --section summary
expect_rc 0 "whatif"
expect_grep '[0-9]\{1,3\},[0-9]\{3\},[0-9]\{3\}' "$T/out" "whatif: grouped yen"
run license oracle --edition ee --platform azure --vcpus 16 --usd-jpy 150
expect_rc 0 "license"
expect_grep '^licence_cost_usd  *[0-9]\{1,3\}\(,[0-9]\{3\}\)\{1,\}$' "$T/out" "license: grouped figures"
expect_no_grep ' [0-9]\{5,\}$' "$T/out" "license: no ungrouped figure"

# --- --wide only where tables are printed
run import --wide "$T/none.csv"
expect_rc 2 "import --wide is an unknown option"
expect_grep "unknown option '--wide'" "$T/err" "names it"
finish
