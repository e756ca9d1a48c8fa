# pg_lib.sh - sourced by the CLI tests that run against a real PostgreSQL
# (after lib.sh): one way to start the throwaway cluster of
# scripts/pg-cluster.sh (non-root user, 127.0.0.1 only, the password in a
# 0600 PGPASSFILE and a service file) and stop it on exit.

# pg_start BIN: BIN (a test binary under $TEST_BIN_DIR/tests) must be built;
# start a cluster in $T/pg, stopped on exit; SKIP (exit 77) when the
# PostgreSQL server binaries are not installed. Sets PGC (the script) and
# PG_PASSWORD (to check that no output shows it); the connection variables
# are exported by pg_env.
pg_start() {
    : "${TEST_BIN_DIR:?}" "${TEST_SRC_DIR:?}"
    [ -x "$1" ] || { echo "FAIL: $1 not built" >&2; exit 1; }
    PGC="$TEST_SRC_DIR/scripts/pg-cluster.sh"
    bash "$PGC" start "$T/pg" 2>"$T/start.err"
    local rc=$?
    if [ $rc -eq 77 ]; then
        echo "SKIP: $(cat "$T/start.err")"
        exit 77
    fi
    trap 'bash "$PGC" stop "$T/pg" >/dev/null 2>&1; rm -rf "$T"' EXIT
    expect_eq "$rc" 0 "cluster start: $(cat "$T/start.err")"
    PG_PASSWORD=$(cut -d: -f5 "$T/pg/pgpass")
}

# pg_env: export PGSERVICEFILE, PGPASSFILE and YOSAN_TEST_PG for the cluster.
pg_env() {
    eval "$(bash "$PGC" env "$T/pg")"
}

# pg_stop: stop the cluster (a check of its own).
pg_stop() {
    bash "$PGC" stop "$T/pg"
    expect_eq "$?" 0 "cluster stop"
}
