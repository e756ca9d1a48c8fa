#!/bin/bash
# test_store_pg.sh - the store itself on a real PostgreSQL (issue 19): start
# a throwaway cluster with scripts/pg-cluster.sh (non-root user, 127.0.0.1
# only, password in a 0600 PGPASSFILE, a service file), run the unit test
# binary test_store_pg against it (the same cost files imported into SQLite
# and PostgreSQL, every ported read compared), check its PostgreSQL half
# ran and that no output shows the password, stop the cluster.
# SKIP (77) when the PostgreSQL server binaries are not installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
BIN="$TEST_BIN_DIR/tests/test_store_pg"
pg_start "$BIN"

pg_env
"$BIN" >"$T/out" 2>&1
expect_eq "$?" 0 "test_store_pg against PostgreSQL: $(grep -E 'ERROR|FAILED|Failure' "$T/out" | head -5)"
expect_grep "SQLite and PostgreSQL" "$T/out" "the PostgreSQL half was asked for"
expect_grep "OK \] test_pg_same_as_sqlite" "$T/out" "the PostgreSQL comparison ran and passed"
expect_grep "OK \] test_pg_open_existing" "$T/out" "a reader does not create the tables on PostgreSQL"
expect_no_grep "SKIPPED" "$T/out" "nothing skipped"
# the test cluster is initdb --no-locale (byte order): no collation warning
# for the comparison, one for the ICU database of test_pg_collation_warning
expect_eq "$(grep -c "does not sort text byte by byte" "$T/out")" 1 \
    "one collation warning, for the ICU database: $(grep -n "byte by byte\|ICU" "$T/out")"
expect_grep "OK \] test_pg_collation_warning" "$T/out" "the ICU database opened"
# the warning names the database, never the connection string
expect_eq "$(grep "does not sort" "$T/out" | grep -c "service=\|search_path")" 0 \
    "the collation warning does not repeat the connection string: $(grep "does not sort" "$T/out")"
pw=$PG_PASSWORD
expect_no_grep "$pw" "$T/out" "the password never shows in the test output"

pg_stop
finish
