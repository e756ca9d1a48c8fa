# test_rightsize_threads.sh - right-sizing of more VMs than the single-thread
# cut-off (256): the analysis split over several connections and threads
# gives byte-identical output to one thread, for CSV and JSON, and a
# department filter; the generated idle/oversized/busy VMs get the actions
# the generator planted (scripts/gen-metrics.c).
. "$(dirname "$0")/lib.sh"

cc -O2 -o "$T/gen-metrics" "$TEST_SRC_DIR/scripts/gen-metrics.c" || { fail "build gen-metrics"; finish; }
"$T/gen-metrics" 300 7 > "$T/metrics.csv"
"$T/gen-metrics" --ea 300 7 > "$T/costs.csv" 2>/dev/null
run import "$T/metrics.csv" "$T/costs.csv"
expect_rc 0 "import 300 VMs x 7 days"

for fmt in csv json; do
    YOSAN_THREADS=1 run -v rightsize --format "$fmt"
    expect_rc 0 "rightsize $fmt on one thread"
    expect_grep "300 VMs on 1 thread" "$T/err" "one thread when asked"
    cp "$T/out" "$T/one.$fmt"
    YOSAN_THREADS=3 run -v rightsize --format "$fmt"
    expect_rc 0 "rightsize $fmt on three threads"
    expect_grep "300 VMs on 3 thread" "$T/err" "three threads when asked"
    if cmp -s "$T/one.$fmt" "$T/out"; then ok; else fail "$fmt differs between 1 and 3 threads"; fi
done

# gen-metrics plants: every tenth VM idle, three in ten oversized, the rest busy
actions=$(tail -n +2 "$T/one.csv" | cut -d, -f4 | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
expect_eq "$actions" "keep=180 resize=90 shutdown=30 " "planted actions"
expect_eq "$(grep -c '/vm-00000,' "$T/one.csv")" "1" "each VM once"

YOSAN_THREADS=abc run rightsize --format csv
expect_rc 0 "a bad YOSAN_THREADS is ignored"
expect_grep "YOSAN_THREADS: expected a number" "$T/err" "and said so"
if cmp -s "$T/one.csv" "$T/out"; then ok; else fail "same result with the default threads"; fi
finish
