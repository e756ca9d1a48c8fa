#!/bin/bash
# test_store_pg_metrics.sh - the metrics and schedule store paths on a real
# PostgreSQL (issue 19): start a throwaway cluster with scripts/pg-cluster.sh,
# run the unit test binary test_store_pg_metrics against it (the same cost
# and metrics files imported into SQLite and PostgreSQL, every metrics and
# schedule read compared byte for byte), check that its PostgreSQL half ran
# (OK, not SKIPPED), also on a database with a linguistic (ICU) collation, and that no output shows the password, stop the cluster.
# SKIP (77) when the PostgreSQL server binaries are not installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
BIN="$TEST_BIN_DIR/tests/test_store_pg_metrics"
pg_start "$BIN"

pg_env
"$BIN" >"$T/out" 2>&1
expect_eq "$?" 0 "test_store_pg_metrics against PostgreSQL: $(grep -E 'ERROR|FAILED|Failure|diff' "$T/out" | head -5)"
expect_grep "SQLite and PostgreSQL" "$T/out" "the PostgreSQL half was asked for"
expect_grep "OK \] test_sqlite_story" "$T/out" "the SQLite story ran and passed"
expect_grep "OK \] test_pg_same_as_sqlite" "$T/out" "the PostgreSQL comparison ran and passed"
expect_grep "OK \] test_pg_icu_same_as_sqlite" "$T/out" "the comparison on an ICU database ran and passed"
expect_grep "OK \] test_pg_profile_lookup_error" "$T/out" "a failed profile lookup is reported"
expect_no_grep "SKIPPED" "$T/out" "nothing skipped"
pw=$PG_PASSWORD
expect_no_grep "$pw" "$T/out" "the password never shows in the test output"

pg_stop
finish
