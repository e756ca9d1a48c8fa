# lib.sh - helpers for the end-to-end CLI tests (sourced by tests/cli/test_*.sh).
# Environment from ctest: YOSAN (binary), TEST_DATA_DIR, TEST_SRC_DIR, TEST_TMP_ROOT.
# YOSAN_TEST_BACKEND=pg (scripts/test-pg.sh, with YOSAN_TEST_PG, PGSERVICEFILE
# and PGPASSFILE of a running cluster) runs the same checks on PostgreSQL:
# each test database is then a fresh schema on the server instead of a file.
set -u
: "${YOSAN:?YOSAN must point at the yosan binary}"
: "${TEST_DATA_DIR:?}"
mkdir -p "${TEST_TMP_ROOT:-/tmp}"
T=$(mktemp -d "${TEST_TMP_ROOT:-/tmp}/cli.XXXXXX")
FAILS=0
CHECKS=0
SKIPS=0
YOSAN_TEST_BACKEND=${YOSAN_TEST_BACKEND:-sqlite}
PG_SCHEMAS=""
trap 'drop_schemas; rm -rf "$T"' EXIT

is_pg() { [ "$YOSAN_TEST_BACKEND" = pg ]; }

# pg_sql ARGS...: psql on the test server, unaligned, no headers, stop on error
pg_sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# use_db NAME: the test database NAME becomes YOSAN_DB: the file $T/NAME.db on
# SQLite, the schema t<pid>_NAME on PostgreSQL (made empty on first use,
# dropped at exit). Like the file, a schema used before keeps its tables.
use_db() {
    DB_NAME=$1
    if is_pg; then
        local s="t$$_$1"
        case " $PG_SCHEMAS " in
        *" $s "*) ;;
        *) pg_new_schema "$s" ;;
        esac
        export YOSAN_DB="$YOSAN_TEST_PG options=-csearch_path=$s"
    else
        export YOSAN_DB="$T/$1.db"
    fi
}

pg_new_schema() { # SCHEMA: drop and create it, remembered for drop_schemas
    : "${YOSAN_TEST_PG:?YOSAN_TEST_BACKEND=pg needs YOSAN_TEST_PG}"
    pg_sql -d "$YOSAN_TEST_PG" -c "DROP SCHEMA IF EXISTS $1 CASCADE; CREATE SCHEMA $1" ||
        { echo "FAIL: cannot create schema $1" >&2; exit 1; }
    case " $PG_SCHEMAS " in *" $1 "*) ;; *) PG_SCHEMAS="$PG_SCHEMAS $1" ;; esac
}

# fresh_db: empty the current test database again (delete the file and its
# journals; drop and recreate the schema)
fresh_db() {
    if is_pg; then
        pg_new_schema "t$$_$DB_NAME"
    else
        rm -f "$YOSAN_DB" "$YOSAN_DB-wal" "$YOSAN_DB-shm" "$YOSAN_DB-journal"
    fi
}

# expect_no_db DESCRIPTION: a reader refused a database yosan never made
# (stderr in $T/err): "no database at PATH" on SQLite, "no yosan tables
# there" on PostgreSQL
expect_no_db() {
    if is_pg; then
        expect_grep "database '$YOSAN_DB': no yosan tables there" "$T/err" "$1"
    else
        expect_grep "no database at '$YOSAN_DB'" "$T/err" "$1"
    fi
}

# fail_if_db_made DESCRIPTION: fails when the test database now exists (the
# file; any table in the schema)
fail_if_db_made() {
    if is_pg; then
        [ "$(dbq "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()")" = 0 ] || fail "$1"
    else
        [ -e "$YOSAN_DB" ] && fail "$1"
    fi
}

drop_schemas() {
    [ -n "$PG_SCHEMAS" ] || return 0
    local s sql=""
    for s in $PG_SCHEMAS; do sql="$sql DROP SCHEMA IF EXISTS $s CASCADE;"; done
    pg_sql -d "$YOSAN_TEST_PG" -c "$sql" >/dev/null 2>&1
}

# dbq SQL: one query against the test database (sqlite3 prints a|b, so does
# psql -At); the SQL must mean the same on both backends
dbq() {
    if is_pg; then pg_sql -d "$YOSAN_DB" -c "$1"; else sqlite3 "$YOSAN_DB" "$1"; fi
}

# note_skip WHY: a part of a test that cannot apply on this backend; reported
# (SKIP line and a count in finish), never counted as a check
note_skip() {
    echo "SKIP ($YOSAN_TEST_BACKEND): $*"
    SKIPS=$((SKIPS + 1))
    skip_log "$*"
}

# skip_log WHY: append "test: WHY" to $YOSAN_TEST_SKIP_LOG (scripts/test-pg.sh
# lists them), when set
skip_log() {
    [ -n "${YOSAN_TEST_SKIP_LOG:-}" ] || return 0
    echo "$(basename "$0" .sh): $*" >>"$YOSAN_TEST_SKIP_LOG"
}

# sqlite_only WHY: true on SQLite; on PostgreSQL notes the skipped part and
# returns false (`if sqlite_only "why"; then ... fi`)
sqlite_only() { is_pg || return 0; note_skip "$*"; return 1; }

# skip_on_pg WHY: the whole script is about SQLite files: exit 77 (ctest SKIP)
skip_on_pg() {
    is_pg || return 0
    echo "SKIP (pg): $*"
    skip_log "whole script: $*"
    exit 77
}

use_db yosan

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
ok() { CHECKS=$((CHECKS + 1)); }

# run CMD...: runs yosan, captures stdout in $T/out, stderr in $T/err, status in $RC
run() { "$YOSAN" "$@" >"$T/out" 2>"$T/err"; RC=$?; }

expect_rc() { # expect_rc N description
    if [ "$RC" -ne "$1" ]; then
        fail "$2: exit $RC, expected $1; stderr: $(head -c 600 "$T/err")"
    else ok; fi
}
expect_eq() { # expect_eq actual expected description
    if [ "$1" != "$2" ]; then fail "$3: got '$1', expected '$2'"; else ok; fi
}
expect_grep() { # expect_grep PATTERN FILE description
    if ! grep -q -- "$1" "$2"; then fail "$3: '$1' not in $(basename "$2"): $(head -c 600 "$2")"; else ok; fi
}
expect_no_grep() {
    if grep -q -- "$1" "$2"; then fail "$3: '$1' unexpectedly in $(basename "$2")"; else ok; fi
}
finish() {
    if [ "$SKIPS" -gt 0 ]; then
        echo "$CHECKS checks, $FAILS failures, $SKIPS parts skipped on $YOSAN_TEST_BACKEND"
    else
        echo "$CHECKS checks, $FAILS failures"
    fi
    [ "$FAILS" -eq 0 ]
    exit $?
}
