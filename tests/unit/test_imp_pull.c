/*
 * test_imp_pull.c - the HTTP client, Azure auth and the pull logic against
 * tests/support/fake_azure.py on 127.0.0.1 (no internet). Sleeps are
 * injected and recorded, never slept, so retries cost no time; the fetch
 * callbacks count what would be imported.
 */
#include "test_util.h"

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "imp_azure_auth.h"
#include "imp_http.h"
#include "imp_pull.h"
#include "store.h"
#include "store_pull.h"

/* ---- the fake server ---- */

struct fake {
    pid_t pid;
    int port;
    char base[64];
    char stats[512];
    char portfile[512];
};

static int seq;
static pid_t live[8]; /* servers still running, killed by teardown when an assert fails */

static int kill_servers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++)
        if (live[i] > 0) {
            kill(live[i], SIGTERM);
            waitpid(live[i], NULL, 0);
            live[i] = 0;
        }
    return 0;
}

static void fake_start_tls(struct fake *f, const char *const *faults, const char *cert,
                           const char *key)
{
    /* __FILE__ is absolute in CMake builds: tests/unit/ -> tests/support/ */
    char script[1024];
    const char *slash = strrchr(__FILE__, '/');
    snprintf(script, sizeof script, "%.*s/../support/fake_azure.py",
             (int)(slash ? slash - __FILE__ : 1), slash ? __FILE__ : ".");
    seq++;
    snprintf(f->portfile, sizeof f->portfile, "%s/port-%d", test_tmp_dir(), seq);
    snprintf(f->stats, sizeof f->stats, "%s/stats-%d.json", test_tmp_dir(), seq);
    unlink(f->portfile);
    const char *argv[40];
    int n = 0;
    argv[n++] = "python3";
    argv[n++] = script;
    argv[n++] = "--port-file";
    argv[n++] = f->portfile;
    argv[n++] = "--stats";
    argv[n++] = f->stats;
    argv[n++] = "--lifetime";
    argv[n++] = "120";
    if (cert) {
        argv[n++] = "--tls";
        argv[n++] = cert;
        argv[n++] = key;
    }
    for (const char *const *p = faults; p && *p && n < 36; p++) {
        argv[n++] = "--fault";
        argv[n++] = *p;
    }
    argv[n] = NULL;
    f->pid = fork();
    assert_true(f->pid >= 0);
    if (f->pid == 0) {
        execvp("python3", (char *const *)argv);
        _exit(127);
    }
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++)
        if (live[i] == 0) {
            live[i] = f->pid;
            break;
        }
    /* wait until the server has written its port (readiness, not timing) */
    for (int i = 0; i < 1000; i++) {
        if (waitpid(f->pid, NULL, WNOHANG) == f->pid)
            break; /* the server died */
        FILE *pf = fopen(f->portfile, "r");
        if (pf) {
            int ok = fscanf(pf, "%d", &f->port) == 1;
            fclose(pf);
            if (ok)
                break;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_true(f->port > 0);
    snprintf(f->base, sizeof f->base, "%s://127.0.0.1:%d", cert ? "https" : "http", f->port);
}

static void fake_start(struct fake *f, const char *const *faults)
{
    fake_start_tls(f, faults, NULL, NULL);
}

static void fake_stop(struct fake *f)
{
    kill(f->pid, SIGTERM);
    waitpid(f->pid, NULL, 0);
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++)
        if (live[i] == f->pid)
            live[i] = 0;
}

static json_t *fake_stats(struct fake *f)
{
    json_error_t jerr;
    json_t *j = json_load_file(f->stats, 0, &jerr);
    assert_non_null(j);
    return j;
}

static long long stat_int(struct fake *f, const char *key)
{
    json_t *j = fake_stats(f);
    long long v = json_integer_value(json_object_get(j, key));
    json_decref(j);
    return v;
}

/* ---- injected clock ---- */

struct clock_rec {
    pthread_mutex_t mu; /* metrics workers sleep from several threads */
    double now;         /* fake epoch seconds */
    double slept[32];   /* sleeps asked for */
    int n;              /* how many */
};

static double rec_now(void *ctx)
{
    struct clock_rec *c = ctx;
    pthread_mutex_lock(&c->mu);
    double now = c->now;
    pthread_mutex_unlock(&c->mu);
    return now;
}

static void rec_sleep(double s, void *ctx)
{
    struct clock_rec *c = ctx;
    pthread_mutex_lock(&c->mu);
    if (c->n < 32)
        c->slept[c->n++] = s;
    c->now += s;
    pthread_mutex_unlock(&c->mu);
}

static void http_open(struct imp_http *h, struct clock_rec *c, const char *cacert)
{
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    c->now = (double)time(NULL);
    struct imp_http_opts o = {.connect_timeout_ms = 5000,
                              .timeout_ms = 20000,
                              .max_retries = 3,
                              .max_sleep_s = 1000,
                              .cacert = cacert,
                              .now_fn = rec_now,
                              .sleep_fn = rec_sleep,
                              .clock_ctx = c,
                              .http_loopback = 1}; /* the fake is plain http on 127.0.0.1 */
    struct err e;
    assert_int_equal(imp_http_init(h, &o, &e), ST_OK);
}

/* ---- pure helpers ---- */

static void test_retry_after_parsing(void **state)
{
    (void)state;
    assert_rel_close(imp_http_parse_retry_after("7", 0), 7, 1e-12);
    assert_rel_close(imp_http_parse_retry_after(" 2.5 ", 0), 2.5, 1e-12);
    assert_true(imp_http_parse_retry_after("soon", 0) < 0);
    assert_true(imp_http_parse_retry_after("", 0) < 0);
    /* an HTTP date 30 s after "now" */
    double now = 1700000000;
    double d = imp_http_parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", now);
    assert_rel_close(d, 30, 1e-9);
    /* a date in the past means now */
    assert_rel_close(imp_http_parse_retry_after("Tue, 14 Nov 2023 00:00:00 GMT", now), 0, 1e-12);
}

static void test_backoff(void **state)
{
    (void)state;
    uint64_t rng = 42;
    for (int a = 0; a < 8; a++) {
        double s = imp_http_backoff(a, -1, 1000, &rng);
        double base = a >= 6 ? 60 : (1 << a) > 60 ? 60 : (1 << a);
        assert_true(s >= 0.5 * base && s < base);
    }
    assert_rel_close(imp_http_backoff(3, 7, 1000, &rng), 7, 1e-12);
    assert_rel_close(imp_http_backoff(3, 70, 5, &rng), 5, 1e-12);
    assert_rel_close(imp_http_backoff(9, -1, 0.01, &rng), 0.01, 1e-12);
}

static void test_redact_and_escape(void **state)
{
    (void)state;
    char out[256];
    imp_http_redact_url("https://x.blob.core.windows.net/c/b.csv?sv=2020&sig=SECRET", out,
                        sizeof out);
    assert_string_equal(out, "https://x.blob.core.windows.net/c/b.csv?<redacted>");
    assert_null(strstr(out, "SECRET"));
    imp_http_redact_url("https://prices.azure.com/api/retail/prices?$skip=100", out, sizeof out);
    assert_string_equal(out, "https://prices.azure.com/api/retail/prices?$skip=100");
    assert_true(imp_http_same_origin("https://management.azure.com/x?y",
                                     "HTTPS://Management.Azure.com:443"));
    assert_true(imp_http_same_origin("http://127.0.0.1:8080/op/1", "http://127.0.0.1:8080"));
    assert_false(imp_http_same_origin("https://evil.example/x", "https://management.azure.com"));
    assert_false(
        imp_http_same_origin("http://management.azure.com/x", "https://management.azure.com"));
    assert_false(imp_http_same_origin("https://management.azure.com@evil.example/",
                                      "https://management.azure.com"));
    char *esc = imp_http_escape("serviceName eq 'Virtual Machines'&x=1/2");
    assert_string_equal(esc, "serviceName%20eq%20%27Virtual%20Machines%27%26x%3D1%2F2");
    free(esc);
}

static void test_prices_url(void **state)
{
    (void)state;
    struct imp_pull_prices_opts o = {.endpoint = "http://h", .regions = "japaneast, japanwest"};
    char *url = imp_pull_prices_url(&o);
    assert_string_equal(url, "http://h/api/retail/prices?api-version=2023-01-01-preview"
                             "&currencyCode=%27JPY%27&$filter=serviceName%20eq%20%27Virtual%20"
                             "Machines%27%20and%20%28armRegionName%20eq%20%27japaneast%27%20or%20"
                             "armRegionName%20eq%20%27japanwest%27%29");
    free(url);
    struct imp_pull_prices_opts o2 = {
        .endpoint = "http://h", .service = "O'Brien", .currency = "USD", .regions = "x"};
    url = imp_pull_prices_url(&o2);
    /* the quote in the value is doubled (OData), then percent-encoded */
    assert_non_null(strstr(url, "serviceName%20eq%20%27O%27%27Brien%27%20and%20armRegionName"));
    assert_non_null(strstr(url, "currencyCode=%27USD%27"));
    free(url);
}

static void test_month_windows(void **state)
{
    (void)state;
    int32_t *s, *e;
    size_t n;
    struct err err;
    assert_int_equal(imp_pull_month_windows(date_from_civil(2025, 1, 15),
                                            date_from_civil(2025, 3, 3), &s, &e, &n, &err),
                     ST_OK);
    assert_int_equal(n, 3);
    assert_int_equal(s[0], date_from_civil(2025, 1, 15));
    assert_int_equal(e[0], date_from_civil(2025, 1, 31));
    assert_int_equal(s[1], date_from_civil(2025, 2, 1));
    assert_int_equal(e[1], date_from_civil(2025, 2, 28));
    assert_int_equal(s[2], date_from_civil(2025, 3, 1));
    assert_int_equal(e[2], date_from_civil(2025, 3, 3));
    free(s);
    free(e);
    assert_int_equal(imp_pull_month_windows(10, 9, &s, &e, &n, &err), ST_USAGE);
}

/* ---- HTTP behaviour ---- */

static void prices_get(struct fake *f, struct imp_http *h, struct imp_http_resp *r,
                       enum status want)
{
    char url[256];
    snprintf(url, sizeof url, "%s/api/retail/prices?currencyCode=%%27JPY%%27", f->base);
    struct imp_http_req req = {.method = "GET", .url = url};
    struct err e;
    assert_int_equal(imp_http_request(h, &req, r, &e), want);
}

static void test_retry_headers(void **state)
{
    (void)state;
    static const char *const kinds[] = {"429-qpu",        "429-entity",      "429-tenant",
                                        "429-clienttype", "429-consumption", "429-retry-after"};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *faults[] = {kinds[k], NULL};
        struct fake f;
        fake_start(&f, faults);
        struct imp_http h;
        struct clock_rec c;
        http_open(&h, &c, NULL);
        struct imp_http_resp r;
        imp_http_resp_init(&r);
        prices_get(&f, &h, &r, ST_OK);
        assert_int_equal(r.status, 200);
        assert_int_equal(c.n, 1);                    /* one retry ... */
        assert_rel_close(c.slept[0], 7, 1e-12);      /* ... after exactly the header's wish */
        assert_int_equal(stat_int(&f, "prices"), 2); /* 429 then 200 */
        imp_http_resp_release(&r);
        imp_http_release(&h);
        fake_stop(&f);
    }
}

static void test_retry_after_date_and_5xx(void **state)
{
    (void)state;
    const char *faults[] = {"429-date", "500:2", NULL};
    struct fake f;
    fake_start(&f, faults);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    prices_get(&f, &h, &r, ST_OK);
    assert_int_equal(r.status, 200);
    assert_int_equal(c.n, 3);
    /* the date was 9 s ahead of the server clock; ours is the same machine */
    assert_true(c.slept[0] > 5 && c.slept[0] <= 20); /* 9 s, plus any delay of a loaded machine */
    /* 500s: exponential backoff with jitter, attempt 1 then 2 */
    assert_true(c.slept[1] >= 1 && c.slept[1] < 2);
    assert_true(c.slept[2] >= 2 && c.slept[2] < 4);
    imp_http_resp_release(&r);
    imp_http_release(&h);
    fake_stop(&f);
}

static void test_gives_up_after_retries(void **state)
{
    (void)state;
    const char *faults[] = {"503:10", NULL};
    struct fake f;
    fake_start(&f, faults);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    prices_get(&f, &h, &r, ST_OK);
    assert_int_equal(r.status, 503); /* the caller decides */
    assert_int_equal(c.n, 3);        /* max_retries */
    assert_int_equal(stat_int(&f, "prices"), 4);
    imp_http_resp_release(&r);
    imp_http_release(&h);
    fake_stop(&f);
}

static void test_timeout_and_cap(void **state)
{
    (void)state;
    const char *faults[] = {"slow:5", NULL};
    struct fake f;
    fake_start(&f, faults);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    h.opt.timeout_ms = 800;
    h.opt.max_retries = 1;
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    char url[256];
    snprintf(url, sizeof url, "%s/api/retail/prices", f.base);
    struct imp_http_req req = {.method = "GET", .url = url};
    struct err e;
    assert_int_equal(imp_http_request(&h, &req, &r, &e), ST_HTTP);
    assert_non_null(strstr(e.msg, "127.0.0.1"));
    assert_non_null(strstr(e.msg, "imed out"));
    assert_int_equal(c.n, 1); /* one retry of the timeout */
    /* a response larger than the cap fails without retrying */
    h.opt.timeout_ms = 20000;
    req.max_body = 100;
    imp_http_resp_release(&r);
    imp_http_resp_init(&r);
    c.n = 0;
    fake_stop(&f);
    fake_start(&f, NULL);
    snprintf(url, sizeof url, "%s/api/retail/prices", f.base);
    assert_int_equal(imp_http_request(&h, &req, &r, &e), ST_NOMEM);
    assert_non_null(strstr(e.msg, "exceeds the limit of 100 bytes"));
    assert_int_equal(c.n, 0);
    imp_http_resp_release(&r);
    imp_http_release(&h);
    fake_stop(&f);
}

/* ---- auth ---- */

static void clear_auth_env(void)
{
    unsetenv("AZURE_ACCESS_TOKEN");
    unsetenv("AZURE_TENANT_ID");
    unsetenv("AZURE_CLIENT_ID");
    unsetenv("AZURE_CLIENT_SECRET");
    unsetenv("AZURE_CLIENT_SECRET_FILE");
    unsetenv("YOSAN_IMDS_ENDPOINT");
}

static void test_secret_file_mode(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/secret", test_tmp_dir());
    FILE *fp = fopen(path, "w");
    fputs("s3cr3t-value\n", fp);
    fclose(fp);
    chmod(path, 0644);
    char *s = NULL;
    struct err e;
    assert_int_equal(imp_azure_read_secret_file(path, &s, &e), ST_IO);
    assert_non_null(strstr(e.msg, "chmod 600"));
    assert_null(s);
    chmod(path, 0600);
    assert_int_equal(imp_azure_read_secret_file(path, &s, &e), ST_OK);
    assert_string_equal(s, "s3cr3t-value");
    free(s);
    /* no credentials at all */
    clear_auth_env();
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_azure az;
    assert_int_equal(imp_azure_init(&az, &h, NULL, 1, &e), ST_USAGE);
    assert_non_null(strstr(e.msg, "AZURE_ACCESS_TOKEN"));
    imp_azure_release(&az);
    imp_http_release(&h);
}

/* GET the metrics of one VM through imp_azure_call. */
static long metrics_call(struct imp_azure *az, struct fake *f, enum status want)
{
    char url[512];
    snprintf(url, sizeof url,
             "%s/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/"
             "vm-1/providers/Microsoft.Insights/metrics?metricnames=Percentage%%20CPU&timespan="
             "2025-01-01T00:00:00Z/2025-01-02T00:00:00Z",
             f->base);
    struct imp_http_req req = {.method = "GET", .url = url};
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    struct err e;
    assert_int_equal(imp_azure_call(az, &req, &r, &e), want);
    long st = r.status;
    imp_http_resp_release(&r);
    return st;
}

static void test_client_secret_and_refresh(void **state)
{
    (void)state;
    const char *faults[] = {"expire-token", NULL};
    struct fake f;
    fake_start(&f, faults);
    clear_auth_env();
    setenv("AZURE_TENANT_ID", "tenant-1", 1);
    setenv("AZURE_CLIENT_ID", "client-1", 1);
    setenv("AZURE_CLIENT_SECRET", "s3cr3t-value", 1);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_azure az;
    struct imp_auth_config cfg = {.endpoint = f.base, .login_endpoint = f.base};
    struct err e;
    assert_int_equal(imp_azure_init(&az, &h, &cfg, 1, &e), ST_OK);
    assert_int_equal(az.kind, IMP_AUTH_CLIENT_SECRET);
    /* the first token is rejected once (expired): one refresh, then 200 */
    assert_int_equal(metrics_call(&az, &f, ST_OK), 200);
    assert_int_equal(az.token_fetches, 2);
    assert_int_equal(stat_int(&f, "token"), 2);
    assert_int_equal(stat_int(&f, "unauthorized"), 1);
    /* cached: no new token */
    assert_int_equal(metrics_call(&az, &f, ST_OK), 200);
    assert_int_equal(stat_int(&f, "token"), 2);
    /* refreshed before expiry: an hour later the clock is past expires_at - 5 min */
    c.now += 3400;
    assert_int_equal(metrics_call(&az, &f, ST_OK), 200);
    assert_int_equal(stat_int(&f, "token"), 3);
    imp_azure_release(&az);
    /* a wrong secret: a clear error carrying Entra's message, never the secret */
    setenv("AZURE_CLIENT_SECRET", "wrong-secret", 1);
    assert_int_equal(imp_azure_init(&az, &h, &cfg, 1, &e), ST_OK);
    metrics_call(&az, &f, ST_HTTP);
    imp_azure_release(&az);
    clear_auth_env();
    imp_http_release(&h);
    fake_stop(&f);
}

static void test_static_token_and_imds(void **state)
{
    (void)state;
    struct fake f;
    fake_start(&f, NULL);
    clear_auth_env();
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct err e;
    struct imp_azure az;
    struct imp_auth_config cfg = {.endpoint = f.base};
    setenv("AZURE_ACCESS_TOKEN", "static-token-123", 1);
    assert_int_equal(imp_azure_init(&az, &h, &cfg, 1, &e), ST_OK);
    assert_int_equal(az.kind, IMP_AUTH_STATIC_TOKEN);
    assert_int_equal(metrics_call(&az, &f, ST_OK), 200);
    imp_azure_release(&az);
    setenv("AZURE_ACCESS_TOKEN", "bogus", 1);
    assert_int_equal(imp_azure_init(&az, &h, &cfg, 1, &e), ST_OK);
    metrics_call(&az, &f, ST_HTTP); /* 401 with a static token: no refresh possible */
    imp_azure_release(&az);
    unsetenv("AZURE_ACCESS_TOKEN");
    char imds[128];
    snprintf(imds, sizeof imds, "%s/msi/token", f.base);
    cfg.managed_identity = 1;
    cfg.imds_endpoint = imds;
    assert_int_equal(imp_azure_init(&az, &h, &cfg, 1, &e), ST_OK);
    assert_int_equal(az.kind, IMP_AUTH_MANAGED_IDENTITY);
    assert_int_equal(metrics_call(&az, &f, ST_OK), 200);
    assert_int_equal(stat_int(&f, "imds"), 1);
    imp_azure_release(&az);
    imp_http_release(&h);
    fake_stop(&f);
}

/* ---- cost pulls ---- */

struct csv_count {
    int calls;           /* import callback calls */
    int64_t data_lines;  /* lines after the header, over all calls */
    int headers_ok;      /* every file started with the expected header */
    char first_date[16]; /* first data line's date field when a query file */
};

static enum status count_csv(struct store *s, const char *path, void *ctx, int64_t *rows,
                             int64_t *import_id, struct err *e)
{
    (void)s;
    (void)e;
    struct csv_count *c = ctx;
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    int64_t n = -1;
    while (fgets(line, sizeof line, f)) {
        if (n == -1 && (strstr(line, "SubscriptionId") || strstr(line, "\"SubscriptionId\"")))
            c->headers_ok++;
        n++;
    }
    fclose(f);
    c->calls++;
    c->data_lines += n;
    *rows = n;
    *import_id = c->calls;
    return ST_OK;
}

static void azure_open(struct imp_azure *az, struct imp_http *h, struct fake *f)
{
    clear_auth_env();
    setenv("AZURE_ACCESS_TOKEN", "static-token-123", 1);
    struct imp_auth_config cfg = {.endpoint = f->base};
    struct err e;
    assert_int_equal(imp_azure_init(az, h, &cfg, 1, &e), ST_OK);
    unsetenv("AZURE_ACCESS_TOKEN");
}

static void test_cost_details_and_resume(void **state)
{
    (void)state;
    const char *faults[] = {"429-qpu", "drop-blob", NULL};
    struct fake f;
    fake_start(&f, faults);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_azure az;
    azure_open(&az, &h, &f);
    struct store *s;
    struct err e;
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct csv_count cc = {0};
    struct imp_pull_cost_opts o = {.scope = "/subscriptions/11111111-2222-3333-4444-555555555555",
                                   .from_day = date_from_civil(2025, 1, 20),
                                   .to_day = date_from_civil(2025, 2, 5),
                                   .dataset = "actual",
                                   .today = date_from_civil(2025, 6, 1),
                                   .import = count_csv,
                                   .import_ctx = &cc};
    struct imp_pull_cost_result res;
    assert_int_equal(imp_pull_cost(s, &az, &o, &res, &e), ST_OK);
    assert_int_equal(res.windows, 2);
    assert_int_equal(res.skipped, 0);
    assert_int_equal(cc.calls, 2);           /* one file per window */
    assert_int_equal(cc.headers_ok, 2);      /* blobs joined under one header */
    assert_int_equal(cc.data_lines, 17 * 2); /* 12 + 5 days, two rows a day, exactly once */
    assert_int_equal(res.blobs, 4);
    assert_int_equal(stat_int(&f, "blob_with_auth"), 0); /* SAS links get no bearer */
    assert_int_equal(stat_int(&f, "details_post"), 2);   /* one per window ... */
    json_t *j = fake_stats(&f);
    json_t *served = json_object_get(j, "faults_served");
    assert_string_equal(json_string_value(json_array_get(served, 0)),
                        "429-qpu"); /* ... after a 429 */
    assert_string_equal(json_string_value(json_array_get(served, 1)), "drop-blob");
    json_decref(j);
    /* the rerun fetches nothing: both windows are recorded */
    memset(&cc, 0, sizeof cc);
    assert_int_equal(imp_pull_cost(s, &az, &o, &res, &e), ST_OK);
    assert_int_equal(res.skipped, 2);
    assert_int_equal(cc.calls, 0);
    assert_int_equal(stat_int(&f, "details_post"), 2);
    /* a window ending less than IMP_PULL_SETTLE_DAYS ago is always fetched again */
    o.today = date_from_civil(2025, 2, 5) + IMP_PULL_SETTLE_DAYS;
    assert_int_equal(imp_pull_cost(s, &az, &o, &res, &e), ST_OK);
    assert_int_equal(res.skipped, 1);
    assert_int_equal(cc.calls, 1);
    store_close(s);
    imp_azure_release(&az);
    imp_http_release(&h);
    fake_stop(&f);
}

static void test_cost_details_failure_leaves_window_open(void **state)
{
    (void)state;
    const char *faults[] = {"truncated-blob:-1", NULL};
    struct fake f;
    fake_start(&f, faults);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_azure az;
    azure_open(&az, &h, &f);
    struct store *s;
    struct err e;
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct csv_count cc = {0};
    struct imp_pull_cost_opts o = {.scope = "subscriptions/x",
                                   .from_day = date_from_civil(2025, 3, 1),
                                   .to_day = date_from_civil(2025, 3, 31),
                                   .dataset = "amortized",
                                   .today = date_from_civil(2025, 6, 1),
                                   .import = count_csv,
                                   .import_ctx = &cc};
    struct imp_pull_cost_result res;
    assert_int_equal(imp_pull_cost(s, &az, &o, &res, &e), ST_HTTP);
    assert_non_null(strstr(e.msg, "manifest says"));
    assert_int_equal(cc.calls, 0); /* nothing imported */
    int64_t n = -1;
    assert_int_equal(store_pull_window_count(s, "subscriptions/x", "amortized", &n, &e), ST_OK);
    assert_int_equal(n, 0);
    json_t *j = fake_stats(&f);
    const char *w = json_string_value(json_array_get(json_object_get(j, "details_windows"), 0));
    assert_string_equal(w, "AmortizedCost:2025-03-01..2025-03-31");
    json_decref(j);
    store_close(s);
    imp_azure_release(&az);
    imp_http_release(&h);
    fake_stop(&f);
}

static void test_cost_query_pages(void **state)
{
    (void)state;
    const char *faults[] = {"drop-page", NULL};
    struct fake f;
    fake_start(&f, faults);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_azure az;
    azure_open(&az, &h, &f);
    struct store *s;
    struct err e;
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct csv_count cc = {0};
    struct imp_pull_cost_opts o = {.scope = "subscriptions/x",
                                   .from_day = date_from_civil(2025, 4, 1),
                                   .to_day = date_from_civil(2025, 4, 30),
                                   .dataset = "actual",
                                   .via_query = 1,
                                   .today = date_from_civil(2025, 6, 1),
                                   .import = count_csv,
                                   .import_ctx = &cc};
    struct imp_pull_cost_result res;
    assert_int_equal(imp_pull_cost(s, &az, &o, &res, &e), ST_OK);
    assert_int_equal(cc.calls, 1);
    assert_int_equal(cc.data_lines, 60);
    assert_int_equal(res.blobs, 6); /* 10 rows a page */
    assert_int_equal(stat_int(&f, "query_body_mismatch"), 0);
    store_close(s);
    imp_azure_release(&az);
    imp_http_release(&h);
    fake_stop(&f);

    /* a truncated page: an error naming the page, nothing imported */
    const char *bad[] = {"truncated-json:-1", NULL};
    fake_start(&f, bad);
    http_open(&h, &c, NULL);
    azure_open(&az, &h, &f);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    memset(&cc, 0, sizeof cc);
    assert_int_equal(imp_pull_cost(s, &az, &o, &res, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "page 2"));
    assert_int_equal(cc.calls, 0);
    store_close(s);
    imp_azure_release(&az);
    imp_http_release(&h);
    fake_stop(&f);
}

static void test_query_to_csv(void **state)
{
    (void)state;
    const char *page = "{\"properties\":{\"nextLink\":null,\"columns\":["
                       "{\"name\":\"PreTaxCost\",\"type\":\"Number\"},"
                       "{\"name\":\"UsageDate\",\"type\":\"Number\"},"
                       "{\"name\":\"ResourceId\",\"type\":\"String\"},"
                       "{\"name\":\"Currency\",\"type\":\"String\"}],\"rows\":["
                       "[19.545363672276512,20230611,\"/subscriptions/S1/resourcegroups/RG1/"
                       "providers/x/y/z\",\"JPY\"],[0.1,\"20230612\",\"\",\"JPY\"]]}}";
    const char *pages[] = {page};
    size_t lens[] = {strlen(page)};
    char path[512];
    snprintf(path, sizeof path, "%s/q.csv", test_tmp_dir());
    FILE *f = fopen(path, "w+");
    int64_t rows;
    struct err e;
    assert_int_equal(imp_pull_query_to_csv(pages, lens, 1, f, &rows, &e), ST_OK);
    assert_int_equal(rows, 2);
    rewind(f);
    char text[4096] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    assert_non_null(strstr(text, "\"S1\",\"06/11/2023\",\"\",\"19.545363672276512\",\"JPY\""));
    assert_non_null(strstr(text, "\"RG1\",\"Usage\""));
    assert_non_null(strstr(text, "\"06/12/2023\",\"\",\"0.1\""));
}

/* ---- prices ---- */

struct page_count {
    int calls;     /* pages imported */
    int64_t items; /* Items seen */
};

static enum status count_page(struct store *s, const char *name, const char *json, size_t len,
                              void *ctx, int64_t *items, struct err *e)
{
    (void)s;
    (void)name;
    (void)e;
    struct page_count *pc = ctx;
    json_error_t jerr;
    json_t *j = json_loadb(json, len, 0, &jerr);
    assert_non_null(j);
    json_t *list = json_object_get(j, "Items");
    json_t *value = json_object_get(j, "value");
    *items = (int64_t)(list ? json_array_size(list) : json_array_size(value));
    pc->items += *items;
    pc->calls++;
    json_decref(j);
    return ST_OK;
}

static void test_prices_pages(void **state)
{
    (void)state;
    const char *faults[] = {"drop-page", "500", NULL};
    struct fake f;
    fake_start(&f, faults);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct page_count pc = {0};
    struct imp_pull_prices_opts o = {.endpoint = f.base,
                                     .regions = "japaneast,japanwest",
                                     .import = count_page,
                                     .import_ctx = &pc};
    struct imp_pull_prices_result res;
    struct err e;
    assert_int_equal(imp_pull_prices(NULL, &h, &o, &res, &e), ST_OK);
    assert_int_equal(pc.items, 12); /* 2 regions x 3 sizes x (payg + 1y RI), each once */
    assert_int_equal(res.pages, 3);
    json_t *j = fake_stats(&f);
    const char *flt = json_string_value(json_array_get(json_object_get(j, "prices_filters"), 0));
    assert_string_equal(flt, "serviceName eq 'Virtual Machines' and (armRegionName eq 'japaneast' "
                             "or armRegionName eq 'japanwest')");
    json_decref(j);
    imp_http_release(&h);
    fake_stop(&f);

    const char *bad[] = {"malformed-prices:-1", NULL};
    fake_start(&f, bad);
    http_open(&h, &c, NULL);
    memset(&pc, 0, sizeof pc);
    o.endpoint = f.base;
    assert_int_equal(imp_pull_prices(NULL, &h, &o, &res, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "page 2"));
    assert_int_equal(pc.calls, 0); /* nothing imported */
    imp_http_release(&h);
    fake_stop(&f);
}

/* ---- metrics ---- */

static void test_metrics(void **state)
{
    (void)state;
    const char *faults[] = {"429-retry-after", NULL};
    struct fake f;
    fake_start(&f, faults);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_azure az;
    azure_open(&az, &h, &f);
    char *ids[] = {
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-2",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-missing",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-3",
    };
    struct page_count pc = {0};
    struct imp_pull_metrics_opts o = {.ids = ids,
                                      .n = 4,
                                      .days = 2,
                                      .now = 1735700000,
                                      .concurrency = 2,
                                      .rps = 1000,
                                      .import = count_page,
                                      .import_ctx = &pc};
    struct imp_pull_metrics_result res;
    struct err e;
    assert_int_equal(imp_pull_metrics(NULL, &az, &o, &res, &e), ST_HTTP);
    assert_int_equal(res.ok, 3);
    assert_int_equal(res.failed, 1);
    assert_int_equal(pc.calls, 3);
    assert_non_null(strstr(e.msg, "vm-missing"));
    assert_non_null(strstr(e.msg, "404"));
    json_t *j = fake_stats(&f);
    const char *q = json_string_value(json_array_get(json_object_get(j, "metrics_queries"), 0));
    assert_non_null(strstr(q, "interval=PT1H"));
    assert_non_null(strstr(q, "aggregation=Average,Maximum"));
    assert_non_null(strstr(q, "timespan=2024-12-30T02:00:00Z/2025-01-01T02:00:00Z"));
    assert_non_null(strstr(q, "Network%20Out%20Total"));
    json_decref(j);
    imp_azure_release(&az);
    imp_http_release(&h);
    fake_stop(&f);
}

/* A storage account is asked for its own names (UsedCapacity, Transactions,
 * with Total); a workspace, which publishes no ingestion metric, fails alone
 * without a request. */
static void test_metrics_storage(void **state)
{
    (void)state;
    struct fake f;
    fake_start(&f, NULL);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, NULL);
    struct imp_azure az;
    azure_open(&az, &h, &f);
    char *ids[] = {
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/la",
    };
    struct page_count pc = {0};
    struct imp_pull_metrics_opts o = {.ids = ids,
                                      .n = 2,
                                      .days = 2,
                                      .now = 1735700000,
                                      .concurrency = 1,
                                      .rps = 1000,
                                      .import = count_page,
                                      .import_ctx = &pc};
    struct imp_pull_metrics_result res;
    struct err e;
    assert_int_equal(imp_pull_metrics(NULL, &az, &o, &res, &e), ST_USAGE);
    assert_int_equal(res.ok, 1);
    assert_int_equal(res.failed, 1);
    assert_non_null(strstr(e.msg, "workspaces/la"));
    assert_non_null(strstr(e.msg, "Usage table"));
    json_t *j = fake_stats(&f);
    json_t *qs = json_object_get(j, "metrics_queries");
    assert_int_equal(json_array_size(qs), 1); /* none for the workspace */
    const char *q = json_string_value(json_array_get(qs, 0));
    assert_non_null(strstr(q, "metricnames=UsedCapacity,Transactions&"));
    assert_non_null(strstr(q, "aggregation=Average,Total"));
    json_decref(j);
    imp_azure_release(&az);
    imp_http_release(&h);
    fake_stop(&f);
}

/* ---- TLS ---- */

static void test_tls(void **state)
{
    (void)state;
    const char *dir = test_tmp_dir();
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=test-ca' "
             "-keyout ca.key -out ca.pem >/dev/null 2>&1 && "
             "openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' -keyout srv.key "
             "-out srv.csr >/dev/null 2>&1 && "
             "printf 'subjectAltName=IP:127.0.0.1\\n' > ext.cnf && "
             "openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
             "-extfile ext.cnf -out srv.pem >/dev/null 2>&1",
             dir);
    assert_int_equal(system(cmd), 0);
    char ca[512], cert[512], key[512];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    snprintf(cert, sizeof cert, "%s/srv.pem", dir);
    snprintf(key, sizeof key, "%s/srv.key", dir);
    struct fake f;
    fake_start_tls(&f, NULL, cert, key);
    struct imp_http h;
    struct clock_rec c;
    http_open(&h, &c, ca);
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    prices_get(&f, &h, &r, ST_OK);
    assert_int_equal(r.status, 200);
    imp_http_resp_release(&r);
    imp_http_release(&h);
    /* without the CA the certificate is refused, and never retried */
    http_open(&h, &c, NULL);
    imp_http_resp_init(&r);
    prices_get(&f, &h, &r, ST_HTTP);
    assert_int_equal(c.n, 0);
    imp_http_resp_release(&r);
    imp_http_release(&h);
    fake_stop(&f);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_retry_after_parsing, kill_servers),
        cmocka_unit_test_teardown(test_backoff, kill_servers),
        cmocka_unit_test_teardown(test_redact_and_escape, kill_servers),
        cmocka_unit_test_teardown(test_prices_url, kill_servers),
        cmocka_unit_test_teardown(test_month_windows, kill_servers),
        cmocka_unit_test_teardown(test_query_to_csv, kill_servers),
        cmocka_unit_test_teardown(test_retry_headers, kill_servers),
        cmocka_unit_test_teardown(test_retry_after_date_and_5xx, kill_servers),
        cmocka_unit_test_teardown(test_gives_up_after_retries, kill_servers),
        cmocka_unit_test_teardown(test_timeout_and_cap, kill_servers),
        cmocka_unit_test_teardown(test_secret_file_mode, kill_servers),
        cmocka_unit_test_teardown(test_client_secret_and_refresh, kill_servers),
        cmocka_unit_test_teardown(test_static_token_and_imds, kill_servers),
        cmocka_unit_test_teardown(test_cost_details_and_resume, kill_servers),
        cmocka_unit_test_teardown(test_cost_details_failure_leaves_window_open, kill_servers),
        cmocka_unit_test_teardown(test_cost_query_pages, kill_servers),
        cmocka_unit_test_teardown(test_prices_pages, kill_servers),
        cmocka_unit_test_teardown(test_metrics, kill_servers),
        cmocka_unit_test_teardown(test_metrics_storage, kill_servers),
        cmocka_unit_test_teardown(test_tls, kill_servers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
