# test_crash_consistency.sh - kill -9 at random points of `yosan import` (a
# cost export, a metrics CSV), `yosan departments load` and `yosan pull cost`
# (against tests/support/fake_azure.py over HTTPS), 22 trials by default.
# After each kill the database must pass PRAGMA integrity_check and hold all
# or nothing of what the command writes (per file; per month for a pull);
# rerunning the command must then complete with exact totals.
#
# Run by `make test-long` (not part of ctest: it takes a minute or two).
# Environment as for tests/cli (YOSAN, TEST_DATA_DIR, TEST_SRC_DIR), plus
#   CRASH_SEED    seed of the kill points (default: the time; printed)
#   CRASH_TRIALS  "cost metrics departments pull" trial counts (default "8 5 4 5")
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/costlib.sh"
D=$TEST_DATA_DIR
SEED=${CRASH_SEED:-$(date +%s)}
read -r N_COST N_METRICS N_DEPT N_PULL <<<"${CRASH_TRIALS:-8 5 4 5}"
echo "crash consistency: seed $SEED, trials: $N_COST cost, $N_METRICS metrics, $N_DEPT departments, $N_PULL pull"
RANDOM=$SEED
TRIALS=0
EARLY=0 # kills that came after the command had finished

q() { sqlite3 "$1" "$2"; }
# fresh DB $2 as a copy of DB $1 (checkpointed, so the copy is one file)
db_copy() {
    q "$1" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    rm -f "$2" "$2-wal" "$2-shm"
    cp "$1" "$2"
}
# now in milliseconds
now_ms() { date +%s%3N; }
# kill_at MS DB ARGS...: run yosan on DB in the background, kill -9 it after
# MS milliseconds (unless it has finished), wait for it
kill_at() {
    local ms=$1 db=$2
    shift 2
    "$YOSAN" -q --db "$db" "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
    if kill -9 "$pid" 2>/dev/null; then :; else EARLY=$((EARLY + 1)); fi
    wait "$pid" 2>/dev/null
    TRIALS=$((TRIALS + 1))
}
# a kill point within the first 90% of a run that takes MS milliseconds
pick() { echo $((20 + RANDOM % ($1 * 9 / 10 + 1))); }
check_intact() { # DB DESCRIPTION
    expect_eq "$(q "$1" 'PRAGMA integrity_check')" "ok" "$2: integrity_check"
    expect_eq "$(q "$1" 'PRAGMA foreign_key_check' | head -n 3)" "" "$2: foreign keys"
}
# expect_one_of ACTUAL A B DESCRIPTION: equal (to 1e-9) to A or to B
expect_one_of() {
    if python3 -c 'import sys, decimal as d; a = d.Decimal(sys.argv[1]); sys.exit(0 if min(abs(a - d.Decimal(x)) for x in sys.argv[2:]) <= d.Decimal("1e-9") else 1)' "$1" "$2" "$3"; then
        ok
    else
        fail "$4: got $1, expected $2 or $3"
    fi
}

# ---- inputs ----
# a cost export of 15,000 rows (the sample's rows over 1,500 subscriptions in October)
python3 - "$D/EA_ActualCost_Small.csv" "$T/big.csv" <<'PY'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, encoding="utf-8-sig", newline="")))
header, rows = rows[0], rows[1:]
di, si = header.index("Date"), header.index("SubscriptionId")
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    for i in range(1500):
        for r in rows:
            r = list(r)
            r[di] = "10/%02d/2023" % (1 + i % 28)
            r[si] = "00000000-0000-4000-8000-%012x" % i
            w.writerow(r)
PY
# hourly CPU of 300 VMs over 14 days: 100,800 values
python3 - "$T/metrics.csv" <<'PY'
import datetime as dt, sys
t0 = dt.datetime(2023, 10, 1)
with open(sys.argv[1], "w") as f:
    f.write("resource_id,timestamp,metric,value\n")
    for v in range(300):
        rid = ("/subscriptions/00000000-0000-4000-8000-%012x/resourceGroups/rg-%d/providers/"
               "Microsoft.Compute/virtualMachines/vm-%03d" % (v, v % 7, v))
        for h in range(24 * 14):
            ts = (t0 + dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ")
            f.write("%s,%s,Percentage CPU,%d.%d\n" % (rid, ts, (v * 7 + h) % 100, h % 10))
PY
METRIC_HOURS=100800
printf 'match,pattern,department\ntag:env,prod,建設局\n' > "$T/rules_old.csv"
printf 'match,pattern,department\nsubscription,00000000-0000-4000-8000-0000000001*,財政局\nresource-group,*kenko*,健康局\ntag:env,prod,建設局\nsubscription,*5,水道局\n' > "$T/rules_new.csv"

# ---- the base database and the expected results (uninterrupted runs) ----
BASE=$T/base.db
"$YOSAN" -q --db "$BASE" import "$D/EA_ActualCost_Small.csv" 2>/dev/null || fail "base import"
BEFORE=$(dbsum 0 "$BASE")
BEFORE_ROWS=$(q "$BASE" 'SELECT COUNT(*) FROM costs')
BIGSUM=$(pysum "$T/big.csv" Cost)
AFTER=$(pyadd "$BEFORE" "$BIGSUM")
FULL=$T/full.db
db_copy "$BASE" "$FULL"
t0=$(now_ms)
"$YOSAN" -q --db "$FULL" import "$T/big.csv" 2>/dev/null || fail "uninterrupted cost import"
MS_COST=$(($(now_ms) - t0))
expect_close "$(dbsum 0 "$FULL")" "$AFTER" "uninterrupted cost import: exact total"
AFTER_ROWS=$(q "$FULL" 'SELECT COUNT(*) FROM costs')

# ---- cost import ----
for i in $(seq 1 "$N_COST"); do
    db=$T/cost.db
    db_copy "$BASE" "$db"
    kill_at "$(pick "$MS_COST")" "$db" import "$T/big.csv"
    check_intact "$db" "cost trial $i"
    expect_one_of "$(dbsum 0 "$db")" "$BEFORE" "$AFTER" "cost trial $i: all or nothing"
    rows=$(q "$db" 'SELECT COUNT(*) FROM costs')
    [ "$rows" = "$BEFORE_ROWS" ] || [ "$rows" = "$AFTER_ROWS" ] || fail "cost trial $i: $rows rows"
    "$YOSAN" -q --db "$db" import "$T/big.csv" 2>/dev/null || fail "cost trial $i: rerun"
    expect_close "$(dbsum 0 "$db")" "$AFTER" "cost trial $i: exact total after the rerun"
    expect_eq "$(q "$db" 'SELECT COUNT(*) FROM costs')" "$AFTER_ROWS" "cost trial $i: rows once"
    check_intact "$db" "cost trial $i, rerun"
done

# ---- metrics import ----
t0=$(now_ms)
db_copy "$BASE" "$T/mfull.db"
"$YOSAN" -q --db "$T/mfull.db" import "$T/metrics.csv" || fail "uninterrupted metrics import"
MS_METRICS=$(($(now_ms) - t0))
expect_eq "$(q "$T/mfull.db" 'SELECT SUM(hour_count) FROM metric_days')" "$METRIC_HOURS" "uninterrupted metrics import"
for i in $(seq 1 "$N_METRICS"); do
    db=$T/metrics.db
    db_copy "$BASE" "$db"
    kill_at "$(pick "$MS_METRICS")" "$db" import "$T/metrics.csv"
    check_intact "$db" "metrics trial $i"
    h=$(q "$db" 'SELECT COALESCE(SUM(hour_count), 0) FROM metric_days')
    [ "$h" = 0 ] || [ "$h" = "$METRIC_HOURS" ] && ok || fail "metrics trial $i: $h hourly values"
    "$YOSAN" -q --db "$db" import "$T/metrics.csv" || fail "metrics trial $i: rerun"
    expect_eq "$(q "$db" 'SELECT SUM(hour_count) FROM metric_days')" "$METRIC_HOURS" "metrics trial $i: every value once"
    expect_close "$(dbsum 0 "$db")" "$BEFORE" "metrics trial $i: costs untouched"
done

# ---- departments load (re-attributes every cost object in one transaction) ----
attribution() { # department name and cost objects, as one line
    q "$1" "SELECT d.name || ':' || COUNT(*) FROM cost_objects o JOIN departments d ON d.id = o.department_id GROUP BY d.name ORDER BY d.name" | tr '\n' ' '
}
DBASE=$T/dbase.db
db_copy "$FULL" "$DBASE"
"$YOSAN" -q --db "$DBASE" departments load "$T/rules_old.csv" || fail "old rules"
OLD=$(attribution "$DBASE")
db_copy "$DBASE" "$T/dfull.db"
t0=$(now_ms)
"$YOSAN" -q --db "$T/dfull.db" departments load "$T/rules_new.csv" || fail "uninterrupted rules load"
MS_DEPT=$(($(now_ms) - t0))
NEW=$(attribution "$T/dfull.db")
[ "$OLD" != "$NEW" ] && ok || fail "the new rules attribute differently"
for i in $(seq 1 "$N_DEPT"); do
    db=$T/dept.db
    db_copy "$DBASE" "$db"
    kill_at "$(pick "$MS_DEPT")" "$db" departments load "$T/rules_new.csv"
    check_intact "$db" "departments trial $i"
    a=$(attribution "$db")
    n=$(q "$db" 'SELECT COUNT(*) FROM dept_rules')
    { [ "$a" = "$OLD" ] && [ "$n" = 1 ]; } || { [ "$a" = "$NEW" ] && [ "$n" = 4 ]; } && ok ||
        fail "departments trial $i: $n rules, attribution $a"
    "$YOSAN" -q --db "$db" departments load "$T/rules_new.csv" || fail "departments trial $i: rerun"
    expect_eq "$(attribution "$db")" "$NEW" "departments trial $i: attribution after the rerun"
    expect_close "$(dbsum 0 "$db")" "$AFTER" "departments trial $i: costs untouched"
done

# ---- pull cost: one transaction per month; a rerun fetches only what is missing ----
FAKE="$TEST_SRC_DIR/tests/support/fake_azure.py"
SCOPE=/subscriptions/11111111-2222-3333-4444-555555555555
export YOSAN_HTTP_MAX_SLEEP=0.01 AZURE_ACCESS_TOKEN=static-token-123 no_proxy=127.0.0.1
unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_SECRET_FILE
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
(cd "$T" && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=yosan-test-ca' \
    -keyout ca.key -out ca.pem && openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' \
    -keyout srv.key -out srv.csr && printf 'subjectAltName=IP:127.0.0.1\n' > ext.cnf &&
    openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile ext.cnf -out srv.pem) >/dev/null 2>&1 || fail "test CA"
python3 "$FAKE" --port-file "$T/port" --lifetime 600 --tls "$T/srv.pem" "$T/srv.key" &
SRV_PID=$!
trap 'kill "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 500); do [ -s "$T/port" ] && break; sleep 0.02; done
PULL=(pull cost --endpoint "https://127.0.0.1:$(cat "$T/port")" --cacert "$T/ca.pem"
      --scope "$SCOPE" --from 2024-01-01 --to 2024-12-31)
# exact expected total of the fake's rows over the pulled windows of DB $1
expected_pulled() {
    q "$1" "SELECT window_start || ' ' || window_end FROM pull_windows" | python3 -c '
import datetime as dt, sys
from decimal import Decimal
tot = Decimal(0)
for line in sys.stdin:
    d, e = (dt.date.fromisoformat(x) for x in line.split())
    while d <= e:
        tot += Decimal(f"{100 + d.day}.125") + Decimal(f"0.{d.day:02d}0000001")
        d += dt.timedelta(days=1)
print(tot)'
}
pulled_days() { q "$1" "SELECT CAST(COALESCE(SUM(julianday(window_end) - julianday(window_start) + 1), 0) AS INTEGER) FROM pull_windows"; }
rm -f "$T/pfull.db"*
t0=$(now_ms)
"$YOSAN" -q --db "$T/pfull.db" "${PULL[@]}" >/dev/null || fail "uninterrupted pull"
MS_PULL=$(($(now_ms) - t0))
PULL_TOTAL=$(dbsum 0 "$T/pfull.db")
expect_eq "$(q "$T/pfull.db" 'SELECT COUNT(*) FROM costs')" "732" "uninterrupted pull: 366 days x 2 rows"
expect_close "$PULL_TOTAL" "$(expected_pulled "$T/pfull.db")" "uninterrupted pull: exact total"
for i in $(seq 1 "$N_PULL"); do
    db=$T/pull.db
    rm -f "$db" "$db-wal" "$db-shm"
    kill_at "$(pick "$MS_PULL")" "$db" "${PULL[@]}"
    if [ -f "$db" ]; then
        check_intact "$db" "pull trial $i"
        expect_eq "$(q "$db" 'SELECT COUNT(*) FROM costs')" "$((2 * $(pulled_days "$db")))" "pull trial $i: whole months only"
        expect_close "$(dbsum 0 "$db")" "$(expected_pulled "$db")" "pull trial $i: exact total of the months pulled"
    fi
    "$YOSAN" -q --db "$db" "${PULL[@]}" >/dev/null || fail "pull trial $i: rerun"
    expect_eq "$(q "$db" 'SELECT COUNT(*) FROM costs')" "732" "pull trial $i: every row once after the rerun"
    expect_close "$(dbsum 0 "$db")" "$PULL_TOTAL" "pull trial $i: exact total after the rerun"
    check_intact "$db" "pull trial $i, rerun"
done

echo "crash consistency: $TRIALS kill trials ($EARLY after the command had finished); runs took ${MS_COST}/${MS_METRICS}/${MS_DEPT}/${MS_PULL} ms uninterrupted"
[ "$TRIALS" -ge 20 ] && ok || fail "only $TRIALS trials"
finish
