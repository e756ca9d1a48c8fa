#!/bin/bash
# test_sdb_pg.sh - the store's statement layer against a real PostgreSQL
# (issue 19): start a throwaway cluster with scripts/pg-cluster.sh (non-root
# user, 127.0.0.1 only, password in a 0600 PGPASSFILE, a service file), run
# the unit test binary test_sdb against it as well as SQLite, check that
# docs/citus.sql changes nothing on plain PostgreSQL, stop it.
# SKIP (77) when the PostgreSQL server binaries are not installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
SDB="$TEST_BIN_DIR/tests/test_sdb"
pg_start "$SDB"

# the password is in files only: the pgpass file is 0600, the server
# listens on 127.0.0.1 alone
expect_eq "$(stat -c %a "$T/pg/pgpass")" 600 "PGPASSFILE mode"
port=$(sed -n 's/^port=//p' "$T/pg/pg_service.conf")
if command -v ss >/dev/null 2>&1; then
    listen=$(ss -Hltn "sport = :$port" | awk '{print $4}' | sort -u | tr '\n' ' ')
    expect_eq "$listen" "127.0.0.1:$port " "listens on 127.0.0.1 only"
fi
pw=$PG_PASSWORD
expect_eq "$(grep -c -- "$pw" "$T/pg/env" "$T/pg/pg_service.conf" | awk -F: '{s+=$2} END {print s}')" 0 \
    "no password in the env or service files"

pg_env
"$SDB" >"$T/out" 2>&1
expect_eq "$?" 0 "test_sdb against PostgreSQL: $(grep -E 'ERROR|FAILED' "$T/out" | head -5)"
expect_grep "SQLite and PostgreSQL" "$T/out" "the PostgreSQL half ran"
expect_no_grep "$pw" "$T/out" "the password never shows in the test output"

# the Citus distribution script is a no-op on plain PostgreSQL, after every
# migration (test_sdb left them applied in schema sdb_test)
"$(cat "$T/pg/bindir")/psql" -X -q -v ON_ERROR_STOP=1 \
    "service=yosan_test options=-csearch_path=sdb_test" -f "$TEST_SRC_DIR/docs/citus.sql" \
    >"$T/citus" 2>&1
expect_eq "$?" 0 "docs/citus.sql on plain PostgreSQL: $(head -c 400 "$T/citus")"
expect_grep "citus is not installed" "$T/citus" "the guard says why nothing changed"

pg_stop
[ ! -e "$T/pg/datadir" ] && ok || fail "stop left the data directory recorded"
finish
