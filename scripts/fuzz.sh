#!/bin/bash
# fuzz.sh - run the libFuzzer harnesses of tests/fuzz one after another for a
# set time each, and say how many inputs each one ran (docs/fuzzing.md).
# Needs the fuzz build (make fuzz-build). Any crash, leak, sanitizer report,
# timeout or out-of-memory fails the run: exit 1, after the other harnesses.
#
# Usage: scripts/fuzz.sh [--ci] [-t SECONDS] [-b BUILD_DIR] [HARNESS...]
#   -t SECONDS  time per harness (default 60)
#   -b DIR      the fuzz build directory (default build-fuzz)
#   --ci        start from the committed seeds only, in a temporary directory
#               (default: also the inputs earlier runs found, kept in
#               DIR/fuzz-work/HARNESS)
#   HARNESS     cost metrics_csv metrics_json prices dept scenario budget series
#               calendar terms approp (default: all)
# A crashing input is saved as DIR/fuzz-artifacts/HARNESS-crash-*; replay it
# with DIR/fuzz/fuzz_HARNESS FILE.
set -u
cd "$(dirname "$0")/.."
SECONDS_EACH=60
BUILD=build-fuzz
CI_MODE=0
while [ $# -gt 0 ]; do
    case "$1" in
    -t) SECONDS_EACH=$2; shift 2 ;;
    -b) BUILD=$2; shift 2 ;;
    --ci) CI_MODE=1; shift ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option '$1'" >&2; exit 2 ;;
    *) break ;;
    esac
done
ALL="cost metrics_csv metrics_json prices dept scenario budget series calendar terms approp"
HARNESSES=${*:-$ALL}
case "$SECONDS_EACH" in '' | *[!0-9]*) echo "fuzz.sh: -t: expected seconds, got '$SECONDS_EACH'" >&2; exit 2 ;; esac

ART="$BUILD/fuzz-artifacts"
mkdir -p "$ART"
if [ "$CI_MODE" = 1 ]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/yosan-fuzz.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
else
    WORK="$BUILD/fuzz-work"
fi
# leaks count as failures; UBSan reports stop the run (the build also sets
# -fno-sanitize-recover=undefined)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

fails=0
total=0
printf '%-13s %10s %8s %7s  %s\n' harness executions exec/s corpus result
for h in $HARNESSES; do
    bin="$BUILD/fuzz/fuzz_$h"
    seeds="tests/fuzz/corpus/$h"
    if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
        echo "fuzz.sh: no harness '$h' (build it with make fuzz-build)" >&2
        fails=$((fails + 1))
        continue
    fi
    mkdir -p "$WORK/$h"
    log="$ART/$h.log"
    case "$h" in metrics_*) dict=tests/fuzz/dict/metrics.dict ;; *) dict=tests/fuzz/dict/$h.dict ;; esac
    dict_opt=()
    [ -f "$dict" ] && dict_opt=(-dict="$dict")
    # new inputs go to the first directory; the seeds are only read
    "$bin" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$ART/$h-" "${dict_opt[@]}" "$WORK/$h" "$seeds" \
        >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    corpus=$(find "$WORK/$h" -type f | wc -l)
    if [ -z "$execs" ]; then # a crash has no final stats: the last status line
        execs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
    fi
    result=ok
    if [ "$rc" -ne 0 ]; then
        result="FAILED (exit $rc): $(grep -o "Test unit written to .*" "$log" | tail -n 1)"
        fails=$((fails + 1))
    fi
    total=$((total + ${execs:-0}))
    printf '%-13s %10s %8s %7s  %s\n' "$h" "${execs:-?}" "${rate:-?}" "$corpus" "$result"
    if [ "$rc" -ne 0 ]; then
        grep -E "ERROR: |runtime error|SUMMARY|invariant|^    #[0-9] " "$log" | head -n 25 | sed 's/^/    /'
    fi
done
echo "fuzz.sh: $total executions in all, $fails harness(es) failed; logs in $ART"
[ "$fails" -eq 0 ]
