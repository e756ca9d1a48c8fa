#!/bin/bash
# test_cli_pg.sh - the yosan command line on a real PostgreSQL (issue 19):
# start a throwaway cluster (scripts/pg-cluster.sh: non-root user, 127.0.0.1
# only, the password only in a 0600 PGPASSFILE and a service file), then:
# a reader on a schema without yosan's tables says so and creates nothing;
# two imports started at once on a fresh schema (both open it first, so both
# want to create the tables) both succeed with the totals SQLite gets; a URL
# and a keyword string work; no output ever shows the password, also when
# the login fails with a wrong password file. Stops the cluster.
# SKIP (77) when the PostgreSQL server binaries are not installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
D=$TEST_DATA_DIR
pg_start "$YOSAN"
pg_env
psql_q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$YOSAN_TEST_PG" "$@"; }
psql_q -c "CREATE SCHEMA cli" -c "CREATE SCHEMA cli_url"
DBV="$YOSAN_TEST_PG options=-csearch_path=cli"
ALL="$T/all.out"
: >"$ALL"
keep() { cat "$T/out" "$T/err" >>"$ALL"; }

# ---- a reader on a schema without yosan's tables ----
run --db "$DBV" summary --by department
keep
expect_rc 1 "summary on an empty schema"
expect_grep "no yosan tables there" "$T/err" "says there are no tables"
expect_eq "$(psql_q -c "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'cli'")" 0 \
    "the reader created no table"

# ---- two imports at once on the fresh schema: the migrations do not clash,
# the totals are SQLite's ----
"$YOSAN" --db "$DBV" import "$D/EA_ActualCost_Small.csv" >"$T/a.out" 2>"$T/a.err" &
A=$!
"$YOSAN" --db "$DBV" import "$D/EA_AmortizedCost_Small.csv" >"$T/b.out" 2>"$T/b.err" &
B=$!
wait "$A"
expect_eq "$?" 0 "first concurrent import: $(cat "$T/a.err")"
wait "$B"
expect_eq "$?" 0 "second concurrent import: $(cat "$T/b.err")"
cat "$T/a.out" "$T/a.err" "$T/b.out" "$T/b.err" >>"$ALL"
run --db "$T/lite.db" import "$D/EA_ActualCost_Small.csv" "$D/EA_AmortizedCost_Small.csv"
expect_rc 0 "the same files into SQLite"
for cost in actual amortized; do
    run --db "$T/lite.db" summary --by department --cost "$cost" --format csv
    cp "$T/out" "$T/lite-$cost.csv"
    run --db "$DBV" summary --by department --cost "$cost" --format csv
    keep
    expect_rc 0 "summary --cost $cost on PostgreSQL"
    expect_eq "$(cmp -s "$T/out" "$T/lite-$cost.csv" && echo same)" same \
        "summary --cost $cost the same as SQLite's: $(diff "$T/out" "$T/lite-$cost.csv" | head -5)"
done
expect_eq "$(psql_q -c "SELECT version FROM cli.yosan_schema")" \
    "$(sqlite3 "$T/lite.db" "PRAGMA user_version")" "one schema version, SQLite's"

# ---- verbose month-to-date imports and the import list ----
run -v --db "$DBV" import "$D/ea_mtd_1.csv" "$D/ea_mtd_2.csv"
keep
expect_rc 0 "verbose month-to-date imports"
run --db "$DBV" imports --format csv
keep
expect_rc 0 "imports"
expect_grep "ea_mtd_2.csv" "$T/out" "the import list names the files"

# ---- a URL (user, host, port, database; the password from PGPASSFILE) ----
PORT=$(sed -n 's/^port=//p' "$PGSERVICEFILE")
URL="postgresql://yosan@127.0.0.1:$PORT/yosan?options=-csearch_path%3Dcli_url"
run --db "$URL" import "$D/EA_ActualCost_Small.csv"
keep
expect_rc 0 "import through a URL"
run --db "$URL" summary --by department --cost actual --format csv
keep
expect_eq "$(cmp -s "$T/out" "$T/lite-actual.csv" && echo same)" same "the URL's store sums the same"

# ---- a wrong password file: the login fails, neither password is shown ----
BAD=wrong-$RANDOM-password
(umask 077 && sed "s/:[^:]*\$/:$BAD/" "$PGPASSFILE" >"$T/badpass")
PGPASSFILE="$T/badpass" "$YOSAN" --db "$DBV" summary >"$T/out" 2>"$T/err"
RC=$?
keep
expect_rc 1 "summary with a wrong password"
expect_grep "password authentication failed" "$T/err" "says the login failed"
expect_no_grep "$BAD" "$T/err" "without the wrong password"

pw=$PG_PASSWORD
expect_no_grep "$pw" "$ALL" "the password never shows in any output"
pg_stop
finish
