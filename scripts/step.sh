#!/bin/sh
# step.sh - one build step of `make demo`/`make test` with its output in a log
# file, so the terminal shows one line per step (issue 20 item 7).
# Usage: scripts/step.sh LOG LABEL COMMAND [ARGS...]
# Prints "== LABEL ... ok (N s)"; on failure the error lines of LOG (or its
# last 40 lines) and where the whole log is, and exits with COMMAND's status.
# VERBOSE=1 (as for CMake) shows the output on the terminal instead.
set -u
LOG=$1
LABEL=$2
shift 2
if [ -n "${VERBOSE:-}" ]; then
    echo "== $LABEL"
    exec "$@"
fi
printf '== %s ... ' "$LABEL"
T0=$(date +%s)
echo "== $LABEL: $*" >>"$LOG"
"$@" >>"$LOG" 2>&1
RC=$?
if [ "$RC" -eq 0 ]; then
    echo "ok ($(($(date +%s) - T0)) s)"
    exit 0
fi
echo "FAILED (exit $RC)"
if grep -q -E ': (fatal )?error:|CMake Error|undefined reference' "$LOG"; then
    grep -E -A4 ': (fatal )?error:|CMake Error|undefined reference' "$LOG" | head -60
else
    tail -40 "$LOG"
fi
echo "(the whole output: $LOG)"
exit "$RC"
