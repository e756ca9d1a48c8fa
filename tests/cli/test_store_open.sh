# test_store_open.sh - how the store opens a database it should not or
# cannot write (issue 18 items 8, 10, 11): a newer schema is refused before
# any write; a read-only database (read-only mount, or a 0444 file in a 0555
# directory for a user who cannot write) is read; a writer waits for
# another writer up to --lock-timeout, saying what it waits for.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"
D=$TEST_DATA_DIR

run import "$D/EA_ActualCost_Small.csv"
expect_rc 0 "import"
run summary --by department
expect_rc 0 "summary"
cp "$T/out" "$T/summary.expected"
TOTAL=$(dbsum 0)

# ---- a database from a newer yosan (item 8) ----
if sqlite_only "a newer schema version in the file (PRAGMA user_version): SQLite only"; then
    cp "$YOSAN_DB" "$T/newer.db"
    sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
    SUM_BEFORE=$(sha256sum "$T/newer.db" | cut -c1-64)
    run --db "$T/newer.db" summary
    expect_rc 1 "a newer schema is refused"
    expect_grep "schema version 99 is newer than this yosan's ([0-9]*)" "$T/err" "names both versions"
    run --db "$T/newer.db" import "$D/EA_AmortizedCost_Small.csv"
    expect_rc 1 "and not imported into"
    expect_eq "$(sha256sum "$T/newer.db" | cut -c1-64)" "$SUM_BEFORE" "the file is untouched"
    if [ -e "$T/newer.db-wal" ] && [ -s "$T/newer.db-wal" ]; then fail "a WAL was written"; else ok; fi
fi

# ---- a read-only mount (item 10) ----
if sqlite_only "a database file on a read-only mount: SQLite only"; then
    if mkdir "$T/mnt" && mount -t tmpfs -o size=16m tmpfs "$T/mnt" 2>/dev/null; then
        trap 'umount "$T/mnt" 2>/dev/null; drop_schemas; rm -rf "$T"' EXIT
        cp "$YOSAN_DB" "$T/mnt/ro.db"
        mount -o remount,ro "$T/mnt"
        run --db "$T/mnt/ro.db" summary --by department
        expect_rc 0 "summary on a read-only mount"
        expect_eq "$(cat "$T/out")" "$(cat "$T/summary.expected")" "the same summary"
        run --db "$T/mnt/ro.db" report summary -f csv -o -
        expect_rc 0 "a report from a read-only mount"
        run --db "$T/mnt/ro.db" import "$D/EA_AmortizedCost_Small.csv"
        expect_rc 1 "import into a read-only database fails"
        expect_grep "read-only" "$T/err" "and says why"
        umount "$T/mnt"
    else
        echo "SKIP: cannot mount a tmpfs here; the read-only mount case is not checked"
    fi
fi

# ---- a 0444 file in a 0555 directory, for a user who cannot write (item 10) ----
if sqlite_only "a 0444 database file for a user who cannot write: SQLite only"; then
    if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
        mkdir -p "$T/rodir"
        cp "$YOSAN_DB" "$T/rodir/ro.db"
        chmod 0444 "$T/rodir/ro.db"
        chmod 0555 "$T/rodir"
        chmod 0755 "$T"
        as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$YOSAN" "$@" >"$T/out" 2>"$T/err"; RC=$?; }
        as_nobody --db "$T/rodir/ro.db" summary --by department
        expect_rc 0 "summary of a 0444 file in a 0555 directory"
        expect_eq "$(cat "$T/out")" "$(cat "$T/summary.expected")" "the same summary"
        as_nobody --db "$T/rodir/ro.db" import "$D/EA_AmortizedCost_Small.csv"
        expect_rc 1 "import fails"
        expect_grep "read-only" "$T/err" "and says why"
        chmod 0755 "$T/rodir"
    else
        echo "SKIP: not root or no setpriv; the read-only file case is not checked"
    fi
fi

# ---- a second writer waits (item 11) ----
if sqlite_only "--lock-timeout against a SQLite write lock: SQLite only"; then
    hold_lock() { # hold_lock SECONDS: hold the write lock from another process
        python3 - "$YOSAN_DB" "$1" "$T/locked" <<'PY' &
import sqlite3, sys, time, pathlib
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
pathlib.Path(sys.argv[3]).touch()
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
PY
        HOLDER=$!
        for _ in $(seq 1 200); do [ -e "$T/locked" ] && break; sleep 0.05; done
        rm -f "$T/locked"
    }
    hold_lock 2
    run --lock-timeout 30 import "$D/EA_AmortizedCost_Small.csv"
    wait "$HOLDER"
    expect_rc 0 "the second writer waited and imported"
    expect_grep "locked by another writer.*waiting up to 30 s" "$T/err" "said what it waited for"
    hold_lock 3
    START=$(date +%s)
    run --lock-timeout 0 import "$D/ea_mtd_1.csv"
    expect_rc 1 "--lock-timeout 0 fails at once"
    expect_grep "locked" "$T/err" "database is locked"
    wait "$HOLDER"
fi
YOSAN_LOCK_TIMEOUT=abc run summary
expect_rc 2 "a bad YOSAN_LOCK_TIMEOUT is a usage error"
expect_close "$(dbsum 0)" "$TOTAL" "actual total unchanged by all this"

# ---- a PostgreSQL value (issue 19): a password in it is refused as a usage
# error and never repeated (also in a keyword string, which used to be taken
# as a file name and echoed); a server that is not there is an error, not a
# file; a reader never makes a file either ----
for DBV in 'postgresql://u:sekrit@localhost/yosan' 'postgresql://localhost/yosan?password=sekrit' \
    'host=localhost password=sekrit dbname=yosan'; do
    (cd "$T" && "$YOSAN" --db "$DBV" summary >"$T/out" 2>"$T/err"); RC=$?
    expect_rc 2 "summary --db $DBV"
    expect_grep "contains a password: put the password in a password file (PGPASSFILE" "$T/err" \
        "says where the password goes ($DBV)"
    expect_no_grep "sekrit" "$T/err" "without the password ($DBV)"
    (cd "$T" && YOSAN_DB="$DBV" "$YOSAN" import "$D/EA_ActualCost_Small.csv" >"$T/out" 2>"$T/err"); RC=$?
    expect_rc 2 "import with YOSAN_DB=$DBV"
    expect_no_grep "sekrit" "$T/err" "import: without the password ($DBV)"
done
for DBV in 'postgres://127.0.0.1:1/yosan' 'service=yosan_no_such_service'; do
    (cd "$T" && env -u PGSERVICEFILE "$YOSAN" --db "$DBV" import "$D/EA_ActualCost_Small.csv" \
        >"$T/out" 2>"$T/err"); RC=$?
    expect_rc 1 "import --db $DBV (no such server)"
    expect_grep "cannot connect to PostgreSQL" "$T/err" "says it cannot connect ($DBV)"
done
if ls "$T" | grep -qE "^(postgres|service=|host=)"; then fail "a file was made"; else ok; fi
finish
