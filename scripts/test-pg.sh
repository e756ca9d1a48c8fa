#!/bin/bash
# test-pg.sh - yosan on PostgreSQL (issue 19), the way CI runs it: start a
# throwaway cluster (scripts/pg-cluster.sh: initdb in a temporary directory,
# a non-root user, 127.0.0.1 only, the password only in a 0600 PGPASSFILE and
# a service file), then run every command and report of the demo city on
# SQLite and on the server with the same binary and require the outputs to
# be byte for byte the same (scripts/check-identical.sh --backends), then
# stop the cluster and delete its data.
#
#   scripts/test-pg.sh BUILD_DIR
#
# Exit 0 when identical, 1 on a difference or failure, 77 when the
# PostgreSQL server binaries are not installed (scripts/install-deps.sh
# --test installs them).
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:?usage: $0 BUILD_DIR}
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
