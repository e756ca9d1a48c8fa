#!/bin/bash
# run-tests.sh - `make test`'s ctest run (issue 20 item 7): ctest prints one
# line per test as it ends; while it runs, every TICK seconds (default 30)
# this prints the tests still running and for how long, so a long test (one
# to two minutes for the HTML and import hardening tests) is not silence.
# Usage: scripts/run-tests.sh BUILD_DIR JOBS [CTEST_ARGS...]
set -u
BUILD=$1
JOBS=$2
shift 2
TICK=${TICK:-30}
cd "$BUILD" || exit 1
N=$(ctest -N 2>/dev/null | sed -n 's/^Total Tests: //p')
echo "== ${N:-?} tests (ctest -j$JOBS --output-on-failure; the running ones every $TICK s)"
ctest --output-on-failure -j "$JOBS" "$@" &
PID=$!
trap 'kill "$PID" 2>/dev/null' INT TERM
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)

# the tests running now: the children of ctest, with their age
running() {
    local up st rest name args f
    read -r up _ </proc/uptime
    up=${up%.*}
    for f in /proc/[0-9]*/stat; do
        read -r st 2>/dev/null <"$f" || continue
        rest=${st##*) }
        set -- $rest
        [ "${2:-}" = "$PID" ] || continue
        args=$(tr '\0' ' ' <"${f%/stat}/cmdline" 2>/dev/null)
        case "$args" in
        *tests/cli/test_*.sh*) name=${args##*tests/cli/}; name="cli/${name%%.sh*}" ;;
        *) name=${args%% *}; name="unit/${name##*/}" ;;
        esac
        printf ' %s %s s,' "$name" $((up - ${20} / HZ))
    done
}
S=0
while kill -0 "$PID" 2>/dev/null; do
    sleep 1
    S=$((S + 1))
    if [ $((S % TICK)) -eq 0 ]; then
        R=$(running)
        [ -n "$R" ] && echo "   ... ${S} s, still running:${R%,}"
    fi
done
wait "$PID"
