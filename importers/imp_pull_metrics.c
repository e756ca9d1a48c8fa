/*
 * imp_pull_metrics.c - `yosan pull metrics`: hourly Percentage CPU,
 * Available Memory Bytes and Network In/Out Total per VM, and Composite Disk
 * Read/Write Operations/sec per managed disk, CpuPercentage, MemoryPercentage and
 * BytesReceived/Sent per App Service plan, cpu_percent, storage_percent and
 * connection_successful per SQL database, UsedCapacity and Transactions per
 * storage account, from the Azure Monitor metrics API. A few worker threads (each with its own curl
 * handle) fetch under a shared requests-per-second cap; the calling thread imports the responses in
 * order, so the store is only touched from one thread.
 */
#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_pull.h"
#include "log.h"

#define METRICS_API "2023-10-01"
#define VM_LIST_API "2024-03-01"
#define METRIC_NAMES                                                                               \
    "Percentage%20CPU,Available%20Memory%20Bytes,Network%20In%20Total,Network%20Out%20Total"
/* a managed disk's own IOPS (mdl_disk.h: premium disks far above their IOPS) */
#define DISK_METRIC_NAMES                                                                          \
    "Composite%20Disk%20Read%20Operations%2Fsec,Composite%20Disk%20Write%20Operations%2Fsec"
/* App Service plans (Microsoft.Web/serverfarms) and SQL databases
 * (Microsoft.Sql/servers/databases): names from Microsoft Learn's "Supported
 * metrics" pages (docs/metrics.md) */
#define PLAN_METRIC_NAMES "CpuPercentage,MemoryPercentage,BytesReceived,BytesSent"
#define SQL_METRIC_NAMES  "cpu_percent,storage_percent,connection_successful"
/* storage accounts (Microsoft.Storage/storageAccounts, account level: capacity
 * hourly mean, all requests as hourly totals); BlobCapacity by Tier lives on
 * the blobServices sub-resource and is imported from a file (docs/metrics.md) */
#define STORAGE_METRIC_NAMES "UsedCapacity,Transactions"
#define MAX_THREADS          16

/* 1 when id contains needle (lower-case), any case. */
static int id_has(const char *id, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = id; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] && tolower((unsigned char)p[k]) == needle[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* The metric names and aggregations to ask for one resource id. */
static const char *metric_names_for(const char *id, const char **aggregation)
{
    *aggregation = "Average,Maximum";
    if (id_has(id, "/providers/microsoft.web/serverfarms/")) {
        *aggregation = "Average,Maximum,Total";
        return PLAN_METRIC_NAMES;
    }
    if (id_has(id, "/providers/microsoft.sql/servers/") && id_has(id, "/databases/")) {
        *aggregation = "Average,Maximum,Total";
        return SQL_METRIC_NAMES;
    }
    if (id_has(id, "/providers/microsoft.storage/storageaccounts/")) {
        *aggregation = "Average,Total";
        return STORAGE_METRIC_NAMES;
    }
    if (id_has(id, "/providers/microsoft.operationalinsights/workspaces/"))
        return NULL; /* no platform metric for billable ingestion: the Usage table */
    return id_has(id, "/providers/microsoft.compute/disks/") ? DISK_METRIC_NAMES : METRIC_NAMES;
}

struct mjob {
    struct buf body; /* the response when st == ST_OK */
    enum status st;  /* outcome of the fetch */
    struct err err;  /* why it failed */
    int done;        /* fetch finished (under shared.mu) */
};

struct mshared {
    pthread_mutex_t mu;   /* guards next, next_start, jobs[].done */
    pthread_cond_t cv;    /* signalled when a job is done */
    size_t next;          /* next job to start */
    double next_start;    /* earliest start of the next request (rps cap) */
    double gap;           /* seconds between request starts */
    struct imp_azure *az; /* shared credentials */
    const struct imp_pull_metrics_opts *o;
    struct mjob *jobs; /* one per id */
    char timespan[64]; /* "from/to" ISO */
};

static void fetch_one(struct mshared *sh, struct imp_http *http, size_t i)
{
    struct mjob *j = &sh->jobs[i];
    const char *id = sh->o->ids[i];
    struct buf url = BUF_INIT;
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    err_clear(&j->err);
    const char *aggregation, *names = metric_names_for(id, &aggregation);
    if (!names) {
        j->st = err_set(&j->err, ST_USAGE,
                        "a Log Analytics workspace publishes no billable-ingestion metric: import "
                        "BillableDataGB from its Usage table (docs/metrics.md)");
        goto out;
    }
    if (buf_addf(&url,
                 "%s%s%s/providers/Microsoft.Insights/metrics?api-version=%s&metricnames=%s"
                 "&timespan=%s&interval=PT1H&aggregation=%s",
                 sh->az->endpoint, id[0] == '/' ? "" : "/", id,
                 sh->o->api_version ? sh->o->api_version : METRICS_API, names, sh->timespan,
                 aggregation) != ST_OK) {
        j->st = err_set(&j->err, ST_NOMEM, "out of memory");
        goto out;
    }
    struct imp_http_req get = {.method = "GET", .url = buf_str(&url)};
    j->st = imp_azure_call_via(sh->az, http, &get, &r, &j->err);
    if (j->st != ST_OK)
        goto out;
    if (r.status != 200) {
        char why[300];
        imp_azure_error_text(buf_str(&r.body), why, sizeof why);
        j->st = err_set(&j->err, ST_HTTP, "HTTP %ld%s%s", r.status, why[0] ? ": " : "", why);
        goto out;
    }
    json_error_t jerr;
    json_t *root = json_loadb(r.body.data ? r.body.data : "", r.body.len, 0, &jerr);
    if (!json_is_array(json_object_get(root, "value"))) {
        j->st = err_set(&j->err, ST_PARSE, "%s%s",
                        root ? "no value array" : "malformed JSON: ", root ? "" : jerr.text);
        json_decref(root);
        goto out;
    }
    json_decref(root);
    j->body = r.body;
    buf_init(&r.body, 0);
out:
    imp_http_resp_release(&r);
    buf_release(&url);
}

static void *worker(void *arg)
{
    struct mshared *sh = arg;
    struct imp_http http;
    struct err e;
    enum status init = imp_http_init(&http, &sh->az->http->opt, &e);
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        if (sh->next >= sh->o->n) {
            pthread_mutex_unlock(&sh->mu);
            break;
        }
        size_t i = sh->next++;
        double now = http.opt.now_fn ? http.opt.now_fn(http.opt.clock_ctx) : 0;
        double start = sh->next_start > now ? sh->next_start : now;
        sh->next_start = start + sh->gap;
        pthread_mutex_unlock(&sh->mu);
        if (init != ST_OK) {
            sh->jobs[i].st = init;
            sh->jobs[i].err = e;
        } else {
            if (start > now)
                http.opt.sleep_fn(start - now, http.opt.clock_ctx);
            fetch_one(sh, &http, i);
        }
        pthread_mutex_lock(&sh->mu);
        sh->jobs[i].done = 1;
        pthread_cond_broadcast(&sh->cv);
        pthread_mutex_unlock(&sh->mu);
    }
    if (init == ST_OK)
        imp_http_release(&http);
    return NULL;
}

enum status imp_pull_metrics(struct store *s, struct imp_azure *az,
                             const struct imp_pull_metrics_opts *o,
                             struct imp_pull_metrics_result *res, struct err *e)
{
    memset(res, 0, sizeof *res);
    if (o->n == 0)
        return ST_OK;
    struct mshared sh;
    memset(&sh, 0, sizeof sh);
    sh.az = az;
    sh.o = o;
    sh.gap = 1.0 / (o->rps > 0 ? o->rps : 10.0);
    int64_t now = o->now ? o->now : (int64_t)az->http->opt.now_fn(az->http->opt.clock_ctx);
    int64_t to = now - now % 3600;
    int64_t from = to - (int64_t)(o->days > 0 ? o->days : 30) * 86400;
    char a[24], b[24];
    snprintf(sh.timespan, sizeof sh.timespan, "%s/%s", date_format_ts(from, a),
             date_format_ts(to, b));
    sh.jobs = calloc(o->n, sizeof *sh.jobs);
    if (!sh.jobs)
        return err_set(e, ST_NOMEM, "out of memory");
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.cv, NULL);
    int nthreads = o->concurrency > 0 ? o->concurrency : 4;
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    if ((size_t)nthreads > o->n)
        nthreads = (int)o->n;
    pthread_t threads[MAX_THREADS];
    int started = 0;
    for (; started < nthreads; started++)
        if (pthread_create(&threads[started], NULL, worker, &sh) != 0)
            break;
    if (started == 0) /* no thread at all: do the work here */
        worker(&sh);
    log_info("fetching metrics for %zu resources (%s, %d in parallel)", o->n, sh.timespan,
             started ? started : 1);
    enum status first = ST_OK;
    for (size_t i = 0; i < o->n; i++) {
        pthread_mutex_lock(&sh.mu);
        while (!sh.jobs[i].done)
            pthread_cond_wait(&sh.cv, &sh.mu);
        pthread_mutex_unlock(&sh.mu);
        struct mjob *j = &sh.jobs[i];
        struct err ie;
        err_clear(&ie);
        enum status st = j->st;
        if (st == ST_OK) {
            char name[600];
            snprintf(name, sizeof name, "metrics:%s", o->ids[i]);
            int64_t points = 0;
            st = o->import(s, name, buf_str(&j->body), j->body.len, o->import_ctx, &points, &ie);
            if (st == ST_OK) {
                res->ok++;
                res->points += points;
            }
        } else {
            ie = j->err;
        }
        buf_release(&j->body);
        if (st != ST_OK) {
            res->failed++;
            log_warn("metrics for '%s': %s", o->ids[i], ie.msg);
            if (first == ST_OK) {
                first = st;
                err_set(e, st, "metrics for '%s': %s", o->ids[i], ie.msg);
            }
        }
        if (!((i + 1) % 10) || i + 1 == o->n)
            log_info("metrics: %zu of %zu resources done", i + 1, o->n);
    }
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&sh.mu);
    pthread_cond_destroy(&sh.cv);
    free(sh.jobs);
    if (first != ST_OK && res->failed > 1)
        err_prefix(e, "%zu of %zu resources failed, first", res->failed, o->n);
    return first;
}

enum status imp_pull_list_vms(struct imp_azure *az, const char *subscription,
                              const char *resource_group, char ***ids, size_t *n, struct err *e)
{
    *ids = NULL;
    *n = 0;
    struct buf url = BUF_INIT;
    char *sub = imp_http_escape(subscription),
         *rg = resource_group ? imp_http_escape(resource_group) : NULL;
    char **v = NULL;
    size_t count = 0;
    enum status st = ST_OK;
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    if (!sub || (resource_group && !rg) ||
        buf_addf(
            &url,
            "%s/subscriptions/%s%s%s/providers/Microsoft.Compute/virtualMachines?api-version=" VM_LIST_API,
            az->endpoint, sub, rg ? "/resourceGroups/" : "", rg ? rg : "") != ST_OK) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (int page = 0; url.len && page < 10000; page++) {
        struct imp_http_req get = {.method = "GET", .url = buf_str(&url)};
        if ((st = imp_azure_call(az, &get, &r, e)) != ST_OK)
            goto out;
        if (r.status != 200) {
            char why[300];
            imp_azure_error_text(buf_str(&r.body), why, sizeof why);
            st = err_set(e, ST_HTTP, "listing virtual machines: HTTP %ld%s%s", r.status,
                         why[0] ? ": " : "", why);
            goto out;
        }
        json_error_t jerr;
        json_t *root = json_loadb(r.body.data ? r.body.data : "", r.body.len, 0, &jerr);
        json_t *list = json_object_get(root, "value");
        if (!json_is_array(list)) {
            json_decref(root);
            st = err_set(e, ST_PARSE, "listing virtual machines: no value array");
            goto out;
        }
        for (size_t i = 0; i < json_array_size(list); i++) {
            const char *id = json_string_value(json_object_get(json_array_get(list, i), "id"));
            if (!id)
                continue;
            char **nv = realloc(v, (count + 1) * sizeof *nv);
            if (!nv || !(nv[count] = strdup(id))) {
                if (nv)
                    v = nv;
                json_decref(root);
                st = err_set(e, ST_NOMEM, "out of memory");
                goto out;
            }
            v = nv;
            count++;
        }
        const char *next = json_string_value(json_object_get(root, "nextLink"));
        buf_reset(&url);
        if (next && *next && !imp_http_same_origin(next, az->endpoint)) {
            json_decref(root);
            st = err_set(e, ST_HTTP, "listing virtual machines: nextLink is not on %s",
                         az->endpoint);
            goto out;
        }
        if (next && *next)
            buf_adds(&url, next);
        json_decref(root);
    }
out:
    if (st != ST_OK) {
        for (size_t i = 0; i < count; i++)
            free(v[i]);
        free(v);
    } else {
        *ids = v;
        *n = count;
    }
    free(sub);
    free(rg);
    buf_release(&url);
    imp_http_resp_release(&r);
    return st;
}
