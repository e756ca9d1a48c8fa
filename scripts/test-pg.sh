#!/bin/bash
# test-pg.sh - yosan on PostgreSQL (issue 19), the way CI runs it: start a
# throwaway cluster (scripts/pg-cluster.sh: initdb in a temporary directory,
# a non-root user, 127.0.0.1 only, the password only in a 0600 PGPASSFILE and
# a service file), then run every command and report of the demo city on
# SQLite and on the server with the same binary and require the outputs to
# be byte for byte the same (scripts/check-identical.sh --backends); with
# --cli, then run the CLI end-to-end suite (ctest -L cli) with
# YOSAN_TEST_BACKEND=pg: every test database is a schema on the cluster
# (tests/cli/lib.sh use_db); the parts about SQLite files are skipped with a
# SKIP line, the scripts that start their own cluster (test_*pg*) are left
# out (the first ctest run has them); then stop the cluster and delete its
# data.
#
#   scripts/test-pg.sh BUILD_DIR          the comparison (make test-pg)
#   scripts/test-pg.sh --cli BUILD_DIR    and the CLI suite (make test-pg-cli,
#                                         in CI; about 11 min more on 2 cores)
#
# Exit 0 when identical (and the suite passed), 1 on a difference or
# failure, 77 when the PostgreSQL server binaries are not installed
# (scripts/install-deps.sh --test installs them).
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
CLI=0
if [ "${1:-}" = --cli ]; then
    CLI=1
    shift
fi
BUILD=${1:?usage: $0 [--cli] BUILD_DIR}
BIN=$(cd "$BUILD" && pwd)/yosan
[ -x "$BIN" ] || { echo "test-pg: $BIN not built" >&2; exit 1; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/yosan-test-pg.XXXXXX")
trap 'bash "$SRC/scripts/pg-cluster.sh" stop "$DIR/pg" >/dev/null 2>&1; rm -rf "$DIR"' EXIT
rc=0
bash "$SRC/scripts/pg-cluster.sh" start "$DIR/pg" || rc=$?
if [ $rc -eq 77 ]; then
    echo "test-pg: SKIPPED (no PostgreSQL server binaries; scripts/install-deps.sh --test)" >&2
    exit 77
fi
[ $rc -eq 0 ] || exit 1
eval "$(bash "$SRC/scripts/pg-cluster.sh" env "$DIR/pg")"
echo "== the demo city on SQLite and on PostgreSQL, every output compared"
start=$(date +%s)
"$SRC/scripts/check-identical.sh" --backends "$BIN" "$YOSAN_TEST_PG"
echo "test-pg: identical on both backends ($(($(date +%s) - start)) s)"
[ $CLI -eq 1 ] || exit 0

echo "== the CLI end-to-end suite on PostgreSQL (YOSAN_TEST_BACKEND=pg)"
start=$(date +%s)
LOG="$DIR/ctest-cli-pg.log"
export YOSAN_TEST_SKIP_LOG="$DIR/skipped-parts"
: >"$YOSAN_TEST_SKIP_LOG"
crc=0
(cd "$BUILD" && YOSAN_TEST_BACKEND=pg ctest -L cli -E '_pg' -j"${TEST_PG_JOBS:-2}" \
    --output-on-failure -O "$LOG") || crc=$?
# figures from ctest's log (tests run, passed, skipped with exit 77) and from
# lib.sh's skip log (each part or script skipped on PostgreSQL, and why)
ran=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#' "$LOG" || true)
passed=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#.* Passed' "$LOG" || true)
skipped=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#.*Skipped' "$LOG" || true)
parts=$(grep -vc ': whole script: ' "$YOSAN_TEST_SKIP_LOG" || true)
echo "-- skipped on PostgreSQL (SQLite only):"
sort "$YOSAN_TEST_SKIP_LOG"
echo "test-pg: CLI suite on PostgreSQL: $ran ran, $passed passed, $skipped skipped (exit 77)," \
    "$parts SQLite-only parts skipped inside passing scripts, $((ran - passed - skipped)) failed" \
    "($(($(date +%s) - start)) s)"
[ "$crc" -eq 0 ] || exit 1
