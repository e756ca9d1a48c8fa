# test_pull.sh - `yosan pull` end to end against tests/support/fake_azure.py on
# 127.0.0.1 (no internet): every check looks at the rows that land in the
# store - all of them exactly once, or none with a clear error.
. "$(dirname "$0")/lib.sh"

FAKE="$TEST_SRC_DIR/tests/support/fake_azure.py"
SUB=11111111-2222-3333-4444-555555555555
SCOPE=/subscriptions/$SUB
export YOSAN_HTTP_MAX_SLEEP=0.01 # honour Retry-After, but do not wait in tests
unset AZURE_ACCESS_TOKEN AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_SECRET_FILE
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1

SRV_PID=""
INSEC=""
# start_fake [--tls CERT KEY] [--fault F]...: sets PORT, BASE, STATS
start_fake() {
    stop_fake
    rm -f "$T/port" "$T/stats.json"
    python3 "$FAKE" --port-file "$T/port" --stats "$T/stats.json" --lifetime 120 "$@" &
    SRV_PID=$!
    for _ in $(seq 1 500); do
        [ -s "$T/port" ] && break
        kill -0 "$SRV_PID" 2>/dev/null || break
        sleep 0.02
    done
    PORT=$(cat "$T/port")
    BASE="http://127.0.0.1:$PORT"
    INSEC=--insecure-http-loopback # the fake speaks plain http on loopback
    case " $* " in *" --tls "*) BASE="https://127.0.0.1:$PORT"; INSEC="" ;; esac
}
stop_fake() {
    if [ -n "$SRV_PID" ]; then kill "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; fi
    SRV_PID=""
}
trap 'stop_fake; drop_schemas; rm -rf "$T"' EXIT

q() { dbq "$1"; }
stat() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$T/stats.json" "$1"; }
# exact expected total of the fake's cost rows for days FROM..TO, as "e6|e12" sums
expected_cost() {
    python3 - "$1" "$2" <<'EOF'
import datetime as dt, sys
from decimal import Decimal
d, e = dt.date.fromisoformat(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
tot = Decimal(0)
while d <= e:
    tot += Decimal(f"{100 + d.day}.125") + Decimal(f"0.{d.day:02d}0000001")
    d += dt.timedelta(days=1)
print(tot)
EOF
}
stored_cost() { # exact decimal sum of the stored actual costs
    q "SELECT SUM(cost_e6), SUM(cost_e12) FROM costs WHERE dataset = 0" |
        python3 -c "import sys; from decimal import Decimal as D; a,b=sys.stdin.read().strip().split('|'); print(D(a)/10**6 + D(b)/10**12)"
}

# ---- usage ----
run pull -h;                 expect_rc 0 "pull -h"; expect_grep "usage: yosan pull cost" "$T/out" "usage"
run pull;                    expect_rc 2 "pull without a subcommand"
run pull nothing;            expect_rc 2 "unknown pull subcommand"
run pull cost $INSEC --from 2025-01-01 --to 2025-01-31; expect_rc 2 "cost without --scope"
run pull cost $INSEC --scope "$SCOPE" --from 2025-13-01 --to 2025-01-31; expect_rc 2 "bad --from"
run pull cost $INSEC --scope "$SCOPE" --from 2025-02-01 --to 2025-01-31; expect_rc 2 "--to before --from"
run pull cost $INSEC --scope "$SCOPE" --from 2025-01-01 --to 2025-01-31 --dataset both; expect_rc 2 "bad --dataset"
run pull cost $INSEC --scope "$SCOPE" --from 2999-01-01 --to 2999-01-31; expect_rc 2 "--from in the future"
run pull cost $INSEC --scope "$SCOPE" --from 2025-01-01 --to 2025-01-31 --endpoint http://127.0.0.1:9
expect_rc 2 "no credentials"; expect_grep "AZURE_ACCESS_TOKEN" "$T/err" "names the ways to log in"

# ---- cost details with a client secret from a file ----
start_fake --fault 429-qpu --fault drop-blob
echo "s3cr3t-value" > "$T/secret"; chmod 644 "$T/secret"
AUTH="--endpoint $BASE --login-endpoint $BASE --tenant t1 --client-id c1 --client-secret-file $T/secret"
run pull cost $INSEC $AUTH --scope "$SCOPE" --from 2025-01-20 --to 2025-02-05
expect_rc 1 "secret file readable by others"; expect_grep "chmod 600" "$T/err" "says how to fix it"
expect_eq "$(stat token)" "0" "no token requested with a bad secret file"
chmod 600 "$T/secret"
run -v pull cost $INSEC $AUTH --scope "$SCOPE" --from 2025-01-20 --to 2025-02-05
expect_rc 0 "pull cost (details)"
expect_grep "retry after 7s" "$T/err" "429 honours the qpu retry header"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "34" "17 days x 2 rows, exactly once"
expect_eq "$(stored_cost)" "$(expected_cost 2025-01-20 2025-02-05)" "exact cost total"
expect_eq "$(q 'SELECT COUNT(*) FROM pull_windows')" "2" "two months recorded"
expect_eq "$(stat blob_with_auth)" "0" "blobs fetched without the bearer token"
expect_no_grep "s3cr3t-value" "$T/err" "secret never logged"
expect_no_grep "tok-1" "$T/err" "token never logged"
expect_no_grep "SAS-SIGNATURE-SECRET" "$T/err" "SAS signature never logged"
expect_grep "Authorization: <redacted>" "$T/err" "debug trace redacts the header"
POSTS=$(stat details_post)
mkdir -p "$T/keep"
run pull cost $INSEC $AUTH --scope "$SCOPE" --from 2025-01-20 --to 2025-02-05 --keep "$T/keep"
expect_rc 0 "rerun"; expect_grep "2 already pulled" "$T/out" "rerun skips both months"
expect_eq "$(stat details_post)" "$POSTS" "rerun requests nothing"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "34" "rows unchanged by the rerun"
run pull cost $INSEC $AUTH --scope "$SCOPE" --from 2025-02-01 --to 2025-02-05 --force --keep "$T/keep"
expect_rc 0 "--force"; expect_grep "0 already pulled" "$T/out" "--force fetches again"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "34" "identical data again changes nothing"
expect_eq "$(($(wc -l < "$T/keep/cost-details-actual-2025-02-01_2025-02-05.csv")))" "11" "--keep: one header and 10 rows"

# ---- an interrupted pull resumes with only the missing month ----
fresh_db
export AZURE_ACCESS_TOKEN=static-token-123
start_fake --fault fail-second-op
run pull cost $INSEC --endpoint "$BASE" --scope "$SCOPE" --from 2025-01-20 --to 2025-02-05
expect_rc 1 "second month fails"; expect_grep "2025-02-01..2025-02-05.*Failed" "$T/err" "names the month and the status"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "24" "the first month only, nothing half-imported"
expect_eq "$(q 'SELECT window_start FROM pull_windows')" "2025-01-20" "only the first month recorded"
start_fake
run pull cost $INSEC --endpoint "$BASE" --scope "$SCOPE" --from 2025-01-20 --to 2025-02-05
expect_rc 0 "resume"; expect_grep "1 already pulled" "$T/out" "the first month is skipped"
expect_grep "2025-02-01..2025-02-05" "$T/stats.json" "the second month is fetched"
expect_no_grep "2025-01-20..2025-01-31" "$T/stats.json" "the first month is not fetched again"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "34" "all rows exactly once after resuming"
expect_eq "$(stored_cost)" "$(expected_cost 2025-01-20 2025-02-05)" "exact total after resuming"

run pull cost $INSEC --endpoint "$BASE" --scope "$SCOPE" --from 2025-01-01 --to 2025-01-03 --dataset amortized
expect_rc 0 "amortized pull"; expect_grep "AmortizedCost:2025-01-01..2025-01-03" "$T/stats.json" "asks for AmortizedCost"
expect_eq "$(q 'SELECT COUNT(*) FROM costs WHERE dataset = 1')" "6" "amortized rows kept apart"
expect_eq "$(q 'SELECT COUNT(*) FROM costs WHERE dataset = 0')" "34" "actual rows untouched"

# ---- query API: pages, throttling, a dropped page, an expired token ----
fresh_db
unset AZURE_ACCESS_TOKEN
export AZURE_TENANT_ID=t1 AZURE_CLIENT_ID=c1 AZURE_CLIENT_SECRET=s3cr3t-value
start_fake --fault 429-entity --fault drop-page --fault expire-token
run pull cost $INSEC --endpoint "$BASE" --login-endpoint "$BASE" --scope "$SCOPE" --from 2025-03-01 --to 2025-03-31 --via query
expect_rc 0 "pull cost --via query"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "62" "31 days x 2 rows, exactly once"
expect_eq "$(stat query_body_mismatch)" "0" "nextLink pages re-POST the same body"
expect_eq "$(stat token)" "2" "401 triggers exactly one token refresh"
expect_grep "refreshing the access token" "$T/err" "says it refreshed"
expect_grep "retry after 7s" "$T/err" "429 honours the entity retry header"
unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET
fresh_db
export AZURE_ACCESS_TOKEN=static-token-123
start_fake --fault truncated-json:-1
run pull cost $INSEC --endpoint "$BASE" --scope "$SCOPE" --from 2025-03-01 --to 2025-03-31 --via query
expect_rc 3 "truncated query page"; expect_grep "page 2" "$T/err" "names the page"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "0" "nothing imported from a broken pull"
expect_eq "$(q 'SELECT COUNT(*) FROM pull_windows')" "0" "nothing recorded"

# ---- managed identity; a rejected static token ----
fresh_db
unset AZURE_ACCESS_TOKEN
start_fake
YOSAN_IMDS_ENDPOINT="$BASE/msi/token" run pull cost $INSEC --managed-identity --endpoint "$BASE" --scope "$SCOPE" --from 2025-01-01 --to 2025-01-02
expect_rc 0 "managed identity"; expect_eq "$(stat imds)" "1" "one IMDS token"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "4" "rows with a managed identity token"
AZURE_ACCESS_TOKEN=expired-token run pull cost $INSEC --endpoint "$BASE" --scope "$SCOPE" --from 2025-01-03 --to 2025-01-04
expect_rc 1 "rejected static token"; expect_grep "AZURE_ACCESS_TOKEN was rejected" "$T/err" "says which token"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "4" "nothing added with a rejected token"
export AZURE_ACCESS_TOKEN=static-token-123

# ---- a server slower than the timeout ----
start_fake --fault slow:10
run pull cost $INSEC --endpoint "$BASE" --scope "$SCOPE" --from 2025-03-01 --to 2025-03-31 --timeout 0.5 --retries 1
expect_rc 1 "timeout"; expect_grep "imed out" "$T/err" "says it timed out"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "4" "nothing imported after a timeout"

# ---- retail prices ----
start_fake --fault 500:2 --fault drop-page
run pull prices --prices-endpoint "$BASE" --region japaneast,japanwest
expect_rc 0 "pull prices"; expect_grep "3 pages, 12 items" "$T/out" "every page once"
expect_eq "$(q "SELECT COUNT(DISTINCT arm_sku || region) FROM vm_prices WHERE currency = 'JPY'")" "6" "3 sizes x 2 regions"
expect_eq "$(q "SELECT hourly FROM vm_prices WHERE arm_sku = 'standard_d2s_v5' AND region = 'japaneast' AND price_type = 'payg'")" "19.6" "pay-as-you-go price"
expect_grep "armRegionName eq 'japanwest'" "$T/stats.json" "filter names both regions"
# through a proxy taken from the environment (the fake answers absolute URIs too)
fresh_db
http_proxy="$BASE" run pull prices --prices-endpoint http://prices.example.invalid --region japaneast
expect_rc 0 "pull prices through http_proxy"
expect_eq "$(stat proxied)" "2" "both pages went through the proxy"
expect_eq "$(q "SELECT COUNT(DISTINCT arm_sku) FROM vm_prices WHERE region = 'japaneast'")" "3" "prices via the proxy"
fresh_db
start_fake --fault malformed-prices:-1
run pull prices --prices-endpoint "$BASE" --region japaneast,japanwest
expect_rc 3 "malformed prices page"; expect_grep "page 2" "$T/err" "names the page"
expect_eq "$(q 'SELECT COUNT(*) FROM vm_prices')" "0" "no page imported when one is broken"

# ---- metrics for the VMs in the cost data ----
start_fake
run pull cost $INSEC --endpoint "$BASE" --scope "$SCOPE" --from 2025-01-01 --to 2025-01-03
expect_rc 0 "cost rows for the VM list"
start_fake --fault 429-retry-after
run pull metrics $INSEC --endpoint "$BASE" --days 2 --concurrency 2 --rps 100
expect_rc 0 "pull metrics"; expect_grep "3 resources, 0 failed" "$T/out" "the 3 VMs of the cost data"
expect_eq "$(q 'SELECT COUNT(*) FROM metric_resources')" "3" "three VMs"
expect_eq "$(q 'SELECT SUM(hour_count) FROM metric_days')" "288" "3 VMs x 4 metrics x 24 hours, exactly once"
expect_eq "$(stat metrics)" "3" "one request per VM"
run pull metrics $INSEC --endpoint "$BASE" --subscription 99999999-0000-0000-0000-000000000000 --days 1
expect_rc 0 "VMs of another subscription"; expect_eq "$(stat vmlist)" "1" "asked Resource Manager for the VM list"
expect_eq "$(q "SELECT COUNT(*) FROM metric_resources")" "3" "the same 3 VMs, no new resources"
expect_eq "$(q "SELECT SUM(hour_count) FROM metric_days")" "576" "the next 24 hours of the same VMs added once"
run pull metrics $INSEC --endpoint "$BASE" --resource "/subscriptions/$SUB/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-missing"
expect_rc 1 "a missing VM"; expect_grep "vm-missing.*404" "$T/err" "names the VM and the status"

# ---- no token or secret over plain http (issue 18 item 2) ----
fresh_db
start_fake
run pull cost $AUTH --scope "$SCOPE" --from 2025-01-01 --to 2025-01-03
expect_rc 2 "client secret to an http:// login endpoint refused"
expect_grep "only over https" "$T/err" "says why"
expect_eq "$(stat token)" "0" "the client secret was never sent"
AZURE_ACCESS_TOKEN=tok-plain run pull cost --endpoint "$BASE" --scope "$SCOPE" --from 2025-01-01 --to 2025-01-03
expect_rc 2 "bearer token to an http:// endpoint refused"
expect_eq "$(stat details_post)" "0" "the token was never sent"
AZURE_ACCESS_TOKEN=tok-plain run pull metrics --endpoint "$BASE" --days 1 --resource "$SCOPE/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"
expect_rc 2 "metrics: bearer token to an http:// endpoint refused"
expect_eq "$(stat metrics)" "0" "no metrics request sent"
AZURE_ACCESS_TOKEN=tok-plain run pull cost --insecure-http-loopback --endpoint "http://example.invalid" --scope "$SCOPE" --from 2025-01-01 --to 2025-01-03
expect_rc 2 "--insecure-http-loopback does not allow another host"
expect_grep "only over https" "$T/err" "refused before connecting"
expect_eq "$(q 'SELECT COUNT(*) FROM costs')" "0" "nothing imported"

# ---- HTTPS with a CA made now; an untrusted certificate is refused ----
(cd "$T" && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=yosan-test-ca' \
    -keyout ca.key -out ca.pem && openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' \
    -keyout srv.key -out srv.csr && printf 'subjectAltName=IP:127.0.0.1\n' > ext.cnf &&
    openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile ext.cnf -out srv.pem) >/dev/null 2>&1
fresh_db
start_fake --tls "$T/srv.pem" "$T/srv.key"
run pull prices --prices-endpoint "$BASE" --region japaneast
expect_rc 1 "untrusted certificate refused"; expect_grep "ertificate" "$T/err" "says why"
expect_eq "$(q 'SELECT COUNT(*) FROM vm_prices')" "0" "nothing stored from an untrusted server"
run pull prices --prices-endpoint "$BASE" --region japaneast --cacert "$T/ca.pem"
expect_rc 0 "HTTPS with --cacert"
expect_eq "$(q "SELECT COUNT(DISTINCT arm_sku) FROM vm_prices WHERE region = 'japaneast'")" "3" "prices over HTTPS"
stop_fake
finish
