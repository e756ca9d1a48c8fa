#!/bin/bash
# test_store_pg_rightsize.sh - the store's right-sizing reads on a real
# PostgreSQL (issue 19): start a throwaway cluster with scripts/pg-cluster.sh,
# run the unit test binary test_store_pg_rightsize against it (a one-month
# demo city imported into SQLite and PostgreSQL, every right-sizing read
# compared byte for byte), check its PostgreSQL half ran rather than being
# skipped and that no output shows the password, stop the cluster.
# SKIP (77) when the PostgreSQL server binaries are not installed.
. "$(dirname "$0")/lib.sh"
: "${TEST_BIN_DIR:?}" "${TEST_SRC_DIR:?}"

PGC="$TEST_SRC_DIR/scripts/pg-cluster.sh"
BIN="$TEST_BIN_DIR/tests/test_store_pg_rightsize"
[ -x "$BIN" ] || { echo "FAIL: $BIN not built" >&2; exit 1; }

bash "$PGC" start "$T/pg" 2>"$T/start.err"
rc=$?
if [ $rc -eq 77 ]; then
    echo "SKIP: $(cat "$T/start.err")"
    exit 77
fi
trap 'bash "$PGC" stop "$T/pg" >/dev/null 2>&1; rm -rf "$T"' EXIT
expect_eq "$rc" 0 "cluster start: $(cat "$T/start.err")"

eval "$(bash "$PGC" env "$T/pg")"
"$BIN" >"$T/out" 2>&1
expect_eq "$?" 0 "test_store_pg_rightsize against PostgreSQL: $(grep -E 'ERROR|FAILED|Failure|differs' "$T/out" | head -5)"
expect_grep "SQLite and PostgreSQL" "$T/out" "the PostgreSQL half was asked for"
expect_grep "OK \] test_pg_same_as_sqlite" "$T/out" "the PostgreSQL comparison ran and passed"
expect_grep "OK \] test_read_clone" "$T/out" "read snapshot and clones on both"
expect_no_grep "SKIPPED" "$T/out" "nothing skipped"
pw=$(cut -d: -f5 "$T/pg/pgpass")
expect_no_grep "$pw" "$T/out" "the password never shows in the test output"

bash "$PGC" stop "$T/pg"
expect_eq "$?" 0 "cluster stop"
finish
