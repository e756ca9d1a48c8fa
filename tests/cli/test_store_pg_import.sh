#!/bin/bash
# test_store_pg_import.sh - cost imports on a real PostgreSQL (issue 19
# item 2): start a throwaway cluster with scripts/pg-cluster.sh, run the
# unit test binary test_store_pg_import against it (store_begin holds the
# write lock; two imports at once into one schema give exact totals and
# disjoint id ranges; an import killed with SIGKILL leaves nothing and the
# file then imports), check that all ran and passed, none skipped, and that
# no output shows the password, stop the cluster. SKIP (77) when the
# PostgreSQL server binaries are not installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
BIN="$TEST_BIN_DIR/tests/test_store_pg_import"
pg_start "$BIN"

pg_env
"$BIN" >"$T/out" 2>&1
expect_eq "$?" 0 "test_store_pg_import against PostgreSQL: $(grep -E 'ERROR|FAILED|Failure|child' "$T/out" | head -5)"
expect_grep "PostgreSQL (YOSAN_TEST_PG)" "$T/out" "the PostgreSQL tests were asked for"
expect_grep "OK \] test_pg_concurrent_imports" "$T/out" "the concurrent imports ran and passed"
expect_grep "OK \] test_pg_killed_import" "$T/out" "the killed import ran and passed"
expect_grep "OK \] test_pg_write_lock" "$T/out" "store_begin takes the write lock"
expect_no_grep "SKIPPED" "$T/out" "nothing skipped"
pw=$PG_PASSWORD
expect_no_grep "$pw" "$T/out" "the password never shows in the test output"

pg_stop
finish
