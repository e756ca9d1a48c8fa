#!/bin/bash
# test_store_pg_rightsize.sh - the store's right-sizing reads on a real
# PostgreSQL (issue 19): start a throwaway cluster with scripts/pg-cluster.sh,
# run the unit test binary test_store_pg_rightsize against it (a one-month
# demo city imported into SQLite and PostgreSQL, every right-sizing read
# compared byte for byte), check its PostgreSQL half ran rather than being
# skipped and that no output shows the password, stop the cluster.
# SKIP (77) when the PostgreSQL server binaries are not installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
BIN="$TEST_BIN_DIR/tests/test_store_pg_rightsize"
pg_start "$BIN"

pg_env
"$BIN" >"$T/out" 2>&1
expect_eq "$?" 0 "test_store_pg_rightsize against PostgreSQL: $(grep -E 'ERROR|FAILED|Failure|differs' "$T/out" | head -5)"
expect_grep "SQLite and PostgreSQL" "$T/out" "the PostgreSQL half was asked for"
expect_grep "OK \] test_pg_same_as_sqlite" "$T/out" "the PostgreSQL comparison ran and passed"
expect_grep "OK \] test_read_clone" "$T/out" "read snapshot and clones on both"
expect_grep "OK \] test_clone_keeps_snapshot" "$T/out" "clones keep the parent's snapshot while an import commits"
expect_grep "OK \] test_job_same_as_sqlite" "$T/out" "job_rightsize through worker clones: the same rows on both"
expect_no_grep "SKIPPED" "$T/out" "nothing skipped"
pw=$PG_PASSWORD
expect_no_grep "$pw" "$T/out" "the password never shows in the test output"

pg_stop
finish
