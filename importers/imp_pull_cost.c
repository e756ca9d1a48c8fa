/*
 * imp_pull_cost.c - `yosan pull cost`: Cost Details reports (POST, 202,
 * poll, blob download without the bearer token) or Query API pages, one
 * calendar month per window, each window imported as one CSV file and
 * recorded in pull_windows so a rerun fetches only what is missing.
 * Downloads go to temporary files that are always removed.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "date.h"
#include "imp_file.h"
#include "imp_pull.h"
#include "log.h"
#include "store_pull.h"
#include "utf8.h"

#define DETAILS_API    "2022-05-01"
#define QUERY_API      "2023-03-01"
#define BLOB_CAP       ((size_t)64 << 30) /* bytes per blob on disk */
#define DEFAULT_POLL_S 5.0

/* ---- windows ---- */

enum status imp_pull_month_windows(int32_t from, int32_t to, int32_t **starts, int32_t **ends,
                                   size_t *n, struct err *e)
{
    *starts = *ends = NULL;
    *n = 0;
    if (to < from)
        return err_set(e, ST_USAGE, "the end date is before the start date");
    size_t count = (size_t)(month_index_of(to) - month_index_of(from) + 1);
    int32_t *s = malloc(count * sizeof *s), *en = malloc(count * sizeof *en);
    if (!s || !en) {
        free(s);
        free(en);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    int m = month_index_of(from);
    for (size_t i = 0; i < count; i++, m++) {
        int32_t first = month_first_day(m), last = first + month_days(m) - 1;
        s[i] = first > from ? first : from;
        en[i] = last < to ? last : to;
    }
    *starts = s;
    *ends = en;
    *n = count;
    return ST_OK;
}

/* ---- temporary files ---- */

static FILE *temp_file(char *path, size_t len, const char *suffix, struct err *e)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(path, len, "%s/yosan-pull-XXXXXX%s", dir, suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0) {
        err_set(e, ST_IO, "cannot create a temporary file in '%s': %s", dir, strerror(errno));
        path[0] = '\0';
        return NULL;
    }
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        err_set(e, ST_IO, "cannot open temporary file '%s': %s", path, strerror(errno));
        close(fd);
        unlink(path);
        path[0] = '\0';
    }
    return f;
}

static enum status copy_file(const char *from, const char *to, struct err *e)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return err_set(e, ST_IO, "cannot open '%s': %s", from, strerror(errno));
    FILE *out = fopen(to, "wb");
    if (!out) {
        fclose(in);
        return err_set(e, ST_IO, "cannot create '%s': %s", to, strerror(errno));
    }
    char block[65536];
    size_t n;
    enum status st = ST_OK;
    while ((n = fread(block, 1, sizeof block, in)) > 0)
        if (fwrite(block, 1, n, out) != n) {
            st = err_set(e, ST_IO, "cannot write '%s': %s", to, strerror(errno));
            break;
        }
    if (ferror(in) && st == ST_OK)
        st = err_set(e, ST_IO, "cannot read '%s'", from);
    fclose(in);
    if (fclose(out) != 0 && st == ST_OK)
        st = err_set(e, ST_IO, "cannot write '%s': %s", to, strerror(errno));
    return st;
}

/* ---- blobs: append partition files into one CSV with a single header ---- */

/* Read one line (with its newline) from f into b; 0 at EOF. */
static int read_line(FILE *f, struct buf *b)
{
    buf_reset(b);
    int c;
    while ((c = getc(f)) != EOF) {
        if (buf_addc(b, (char)c) != ST_OK)
            return -1;
        if (c == '\n')
            break;
    }
    return b->len > 0;
}

/* The header line without a UTF-8 BOM or the line ending. */
static void header_key(const struct buf *line, struct buf *key)
{
    const char *p = buf_str(line);
    size_t n = line->len;
    if (n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF) {
        p += 3;
        n -= 3;
    }
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    buf_reset(key);
    buf_add(key, p, n);
}

static enum status append_part(FILE *out, FILE *part, int first, struct buf *header, size_t index,
                               struct err *e)
{
    struct buf line = BUF_INIT, key = BUF_INIT;
    enum status st = ST_OK;
    rewind(part);
    int r = read_line(part, &line);
    if (r < 0) {
        st = err_set(e, ST_NOMEM, "blob %zu: header line too long", index + 1);
        goto out;
    }
    if (r == 0)
        goto out; /* an empty partition */
    header_key(&line, &key);
    if (first) {
        buf_reset(header);
        buf_add(header, buf_str(&key), key.len);
        if (fwrite(line.data, 1, line.len, out) != line.len)
            goto werr;
    } else if (strcmp(buf_str(&key), buf_str(header)) != 0) {
        st = err_set(e, ST_PARSE, "blob %zu: its header differs from the first blob's", index + 1);
        goto out;
    }
    if (line.len && line.data[line.len - 1] != '\n' && fputc('\n', out) == EOF)
        goto werr;
    char block[65536];
    size_t n;
    int last = '\n';
    while ((n = fread(block, 1, sizeof block, part)) > 0) {
        if (fwrite(block, 1, n, out) != n)
            goto werr;
        last = block[n - 1];
    }
    if (last != '\n' && fputc('\n', out) == EOF)
        goto werr;
    goto out;
werr:
    st = err_set(e, ST_IO, "cannot write the combined download: %s", strerror(errno));
out:
    buf_release(&line);
    buf_release(&key);
    return st;
}

/* ---- one window ---- */

struct window {
    const char *source; /* "cost-details" / "cost-query" */
    char start[DATE_ISO_LEN], end[DATE_ISO_LEN];
};

static const char *scope_path(const char *scope)
{
    while (*scope == '/')
        scope++;
    return scope;
}

static void poll_sleep(struct imp_azure *az, double retry_after)
{
    struct imp_http *h = az->http;
    double s = imp_http_backoff(0, retry_after >= 0 ? retry_after : DEFAULT_POLL_S,
                                h->opt.max_sleep_s, &h->rng);
    log_debug("report not ready; polling again in %.1fs", s);
    h->slept_s += s;
    h->opt.sleep_fn(s, h->opt.clock_ctx);
}

static enum status http_fail(const struct imp_http_resp *r, const char *what, struct err *e)
{
    char why[300];
    imp_azure_error_text(buf_str(&r->body), why, sizeof why);
    return err_set(e, ST_HTTP, "%s: HTTP %ld%s%s", what, r->status, why[0] ? ": " : "", why);
}

/* Cost Details: request the report, poll, download the blobs into out.
 * *empty = 1 when the API says there is no data. */
static enum status details_window(struct imp_azure *az, const struct imp_pull_cost_opts *o,
                                  const struct window *w, FILE *out, int64_t *blobs, int *empty,
                                  struct err *e)
{
    enum status st;
    struct buf url = BUF_INIT, body = BUF_INIT, header = BUF_INIT, loc = BUF_INIT;
    struct imp_http_resp r;
    json_t *root = NULL;
    imp_http_resp_init(&r);
    *empty = 0;
    if (buf_addf(&url,
                 "%s/%s/providers/Microsoft.CostManagement/generateCostDetailsReport"
                 "?api-version=" DETAILS_API,
                 az->endpoint, scope_path(o->scope)) != ST_OK ||
        buf_addf(&body, "{\"metric\":\"%s\",\"timePeriod\":{\"start\":\"%s\",\"end\":\"%s\"}}",
                 strcmp(o->dataset, "amortized") == 0 ? "AmortizedCost" : "ActualCost", w->start,
                 w->end) != ST_OK) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    struct imp_http_req post = {.method = "POST",
                                .url = buf_str(&url),
                                .body = buf_str(&body),
                                .content_type = "application/json"};
    if ((st = imp_azure_call(az, &post, &r, e)) != ST_OK)
        goto out;
    if (r.status == 204) {
        *empty = 1;
        goto out;
    }
    if (r.status != 202 && r.status != 200) {
        st = http_fail(&r, "cost details request", e);
        goto out;
    }
    if (r.status == 202) {
        if (!r.location) {
            st = err_set(e, ST_HTTP, "cost details request: 202 without a Location header");
            goto out;
        }
        if (r.location[0] == '/')
            buf_addf(&loc, "%s%s", az->endpoint, r.location);
        else
            buf_adds(&loc, r.location);
        if (!imp_http_same_origin(buf_str(&loc), az->endpoint)) {
            /* the poll carries the bearer token: never to another host */
            st = err_set(e, ST_HTTP, "cost details: the status URL is not on %s", az->endpoint);
            goto out;
        }
    }
    int max_polls = o->max_polls > 0 ? o->max_polls : 360;
    for (int poll = 0;; poll++) {
        if (r.status == 202) {
            if (poll >= max_polls) {
                st = err_set(e, ST_HTTP, "cost details report for %s..%s not ready after %d polls",
                             w->start, w->end, poll);
                goto out;
            }
            poll_sleep(az, r.retry_after);
            struct imp_http_req get = {.method = "GET", .url = buf_str(&loc)};
            if ((st = imp_azure_call(az, &get, &r, e)) != ST_OK)
                goto out;
            if (r.status == 202)
                continue;
            if (r.status != 200) {
                st = http_fail(&r, "cost details status", e);
                goto out;
            }
        }
        json_error_t jerr;
        json_decref(root);
        root = json_loadb(r.body.data ? r.body.data : "", r.body.len, 0, &jerr);
        if (!json_is_object(root)) {
            st = err_set(e, ST_PARSE, "cost details status: malformed JSON: %s", jerr.text);
            goto out;
        }
        const char *status = json_string_value(json_object_get(root, "status"));
        if (!status) {
            st = err_set(e, ST_PARSE, "cost details status: no 'status' field");
            goto out;
        }
        if (strcasecmp(status, "Completed") == 0)
            break;
        if (strcasecmp(status, "NoDataFound") == 0) {
            *empty = 1;
            goto out;
        }
        if (strcasecmp(status, "InProgress") == 0 || strcasecmp(status, "Queued") == 0 ||
            strcasecmp(status, "Running") == 0) {
            if (!loc.len) {
                st = err_set(e, ST_HTTP, "cost details: report in progress but no Location");
                goto out;
            }
            r.status = 202;
            continue;
        }
        char why[300];
        imp_azure_error_text(buf_str(&r.body), why, sizeof why);
        st = err_set(e, ST_HTTP, "cost details report for %s..%s: status %s%s%s", w->start, w->end,
                     status, why[0] ? ": " : "", why);
        goto out;
    }
    json_t *manifest = json_object_get(root, "manifest");
    json_t *list = json_object_get(manifest, "blobs");
    if (!json_is_array(list)) {
        st = err_set(e, ST_PARSE, "cost details manifest has no blobs[]");
        goto out;
    }
    if (json_is_true(json_object_get(manifest, "compressData"))) {
        st = err_set(e, ST_PARSE,
                     "cost details manifest announces compressed blobs (not requested)");
        goto out;
    }
    size_t nblobs = json_array_size(list);
    if (nblobs == 0) {
        *empty = 1;
        goto out;
    }
    for (size_t i = 0; i < nblobs; i++) {
        json_t *b = json_array_get(list, i);
        const char *link = json_string_value(json_object_get(b, "blobLink"));
        json_t *bc = json_object_get(b, "byteCount");
        if (!link) {
            st = err_set(e, ST_PARSE, "cost details manifest: blob %zu has no blobLink", i + 1);
            goto out;
        }
        char part_path[512];
        FILE *part = temp_file(part_path, sizeof part_path, ".part", e);
        if (!part) {
            st = ST_IO;
            goto out;
        }
        /* a SAS URL: it carries its own signature, so no bearer token */
        struct imp_http_req get = {.method = "GET",
                                   .url = link,
                                   .sink = part,
                                   .max_body = BLOB_CAP,
                                   .streaming = 1,
                                   .secret = 1};
        struct imp_http_resp br;
        imp_http_resp_init(&br);
        log_info("downloading blob %zu of %zu for %s..%s", i + 1, nblobs, w->start, w->end);
        st = imp_http_request(az->http, &get, &br, e);
        if (st == ST_OK && br.status != 200)
            st = err_set(e, ST_HTTP, "blob %zu of %s..%s: HTTP %ld", i + 1, w->start, w->end,
                         br.status);
        if (st == ST_OK && json_is_integer(bc) && json_integer_value(bc) != br.body_bytes)
            st = err_set(e, ST_HTTP, "blob %zu of %s..%s: received %lld bytes, manifest says %lld",
                         i + 1, w->start, w->end, (long long)br.body_bytes,
                         (long long)json_integer_value(bc));
        if (st == ST_OK)
            st = append_part(out, part, i == 0, &header, i, e);
        imp_http_resp_release(&br);
        fclose(part);
        unlink(part_path);
        if (st != ST_OK)
            goto out;
        (*blobs)++;
    }
out:
    json_decref(root);
    buf_release(&url);
    buf_release(&body);
    buf_release(&header);
    buf_release(&loc);
    imp_http_resp_release(&r);
    return st;
}

/* Query API: POST the body, follow nextLink re-POSTing it, convert to CSV. */
static enum status query_window(struct imp_azure *az, const struct imp_pull_cost_opts *o,
                                const struct window *w, FILE *out, int64_t *pages_out, int *empty,
                                struct err *e)
{
    enum status st = ST_OK;
    struct buf url = BUF_INIT, body = BUF_INIT;
    char **pages = NULL;
    size_t *lens = NULL, npages = 0;
    struct imp_http_resp r;
    imp_http_resp_init(&r);
    *empty = 0;
    if (buf_addf(&url, "%s/%s/providers/Microsoft.CostManagement/query?api-version=" QUERY_API,
                 az->endpoint, scope_path(o->scope)) != ST_OK ||
        buf_addf(&body,
                 "{\"type\":\"%s\",\"timeframe\":\"Custom\",\"timePeriod\":{\"from\":"
                 "\"%sT00:00:00Z\",\"to\":\"%sT23:59:59Z\"},\"dataset\":{\"granularity\":"
                 "\"Daily\",\"aggregation\":{\"totalCost\":{\"name\":\"Cost\",\"function\":"
                 "\"Sum\"}},\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceId\"},"
                 "{\"type\":\"Dimension\",\"name\":\"MeterCategory\"}]}}",
                 strcmp(o->dataset, "amortized") == 0 ? "AmortizedCost" : "ActualCost", w->start,
                 w->end) != ST_OK) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (int page = 0;; page++) {
        if (page >= 10000) {
            st = err_set(e, ST_HTTP, "query for %s..%s: more than 10000 pages", w->start, w->end);
            goto out;
        }
        struct imp_http_req post = {.method = "POST",
                                    .url = buf_str(&url),
                                    .body = buf_str(&body),
                                    .content_type = "application/json"};
        if ((st = imp_azure_call(az, &post, &r, e)) != ST_OK)
            goto out;
        if (r.status == 204)
            break;
        if (r.status != 200) {
            st = http_fail(&r, "cost query", e);
            goto out;
        }
        json_error_t jerr;
        json_t *root = json_loadb(r.body.data ? r.body.data : "", r.body.len, 0, &jerr);
        json_t *props = json_object_get(root, "properties");
        if (!json_is_object(props) || !json_is_array(json_object_get(props, "rows")) ||
            !json_is_array(json_object_get(props, "columns"))) {
            st = err_set(e, ST_PARSE, "cost query page %d for %s..%s: %s", page + 1, w->start,
                         w->end, root ? "no properties.columns/rows" : "malformed JSON");
            if (!root)
                snprintf(e->msg + strlen(e->msg), sizeof e->msg - strlen(e->msg), ": %s",
                         jerr.text);
            json_decref(root);
            goto out;
        }
        const char *next = json_string_value(json_object_get(props, "nextLink"));
        buf_reset(&url);
        if (next && *next && !imp_http_same_origin(next, az->endpoint)) {
            json_decref(root);
            st = err_set(e, ST_HTTP, "cost query: nextLink is not on %s", az->endpoint);
            goto out;
        }
        if (next && *next)
            buf_adds(&url, next);
        json_decref(root);
        char **np = realloc(pages, (npages + 1) * sizeof *np);
        size_t *nl = np ? realloc(lens, (npages + 1) * sizeof *nl) : NULL;
        if (np)
            pages = np;
        if (nl)
            lens = nl;
        if (!np || !nl) {
            st = err_set(e, ST_NOMEM, "out of memory");
            goto out;
        }
        lens[npages] = r.body.len;
        pages[npages++] = buf_detach(&r.body);
        log_info("cost query %s..%s: page %zu", w->start, w->end, npages);
        if (!url.len)
            break;
    }
    *pages_out += (int64_t)npages;
    int64_t rows = 0;
    if (npages)
        st = imp_pull_query_to_csv((const char *const *)pages, lens, npages, out, &rows, e);
    if (st == ST_OK && rows == 0)
        *empty = 1;
out:
    for (size_t i = 0; i < npages; i++)
        free(pages[i]);
    free(pages);
    free(lens);
    buf_release(&url);
    buf_release(&body);
    imp_http_resp_release(&r);
    return st;
}

static enum status pull_window(struct store *s, struct imp_azure *az,
                               const struct imp_pull_cost_opts *o, const struct window *w,
                               struct imp_pull_cost_result *res, struct err *e)
{
    /* a private folder, so the import record and messages show a telling name */
    char dir[512], path[700];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/yosan-pull-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return err_set(e, ST_IO, "cannot create a temporary folder '%s': %s", dir, strerror(errno));
    snprintf(path, sizeof path, "%s/%s-%s-%s_%s.csv", dir, w->source, o->dataset, w->start, w->end);
    FILE *out = fopen(path, "w+bx");
    if (!out) {
        rmdir(dir);
        return err_set(e, ST_IO, "cannot create '%s': %s", path, strerror(errno));
    }
    int empty = 0;
    int64_t blobs = 0;
    enum status st = o->via_query ? query_window(az, o, w, out, &blobs, &empty, e)
                                  : details_window(az, o, w, out, &blobs, &empty, e);
    if (fclose(out) != 0 && st == ST_OK)
        st = err_set(e, ST_IO, "cannot write '%s': %s", path, strerror(errno));
    res->blobs += blobs;
    struct pull_window rec = {.source = w->source,
                              .scope = scope_path(o->scope),
                              .dataset = o->dataset,
                              .window_start = w->start,
                              .window_end = w->end,
                              .sha256 = "",
                              .blobs = blobs};
    char sha[65] = "";
    if (st == ST_OK && !empty) {
        if (o->keep_dir) {
            char kept[1024];
            snprintf(kept, sizeof kept, "%s/%s-%s-%s_%s.csv", o->keep_dir, w->source, o->dataset,
                     w->start, w->end);
            st = copy_file(path, kept, e);
        }
        uint64_t size;
        if (st == ST_OK)
            st = imp_sha256_file(path, sha, &size, e);
        int64_t rows = 0, import_id = 0;
        if (st == ST_OK)
            st = o->import(s, path, o->import_ctx, &rows, &import_id, e);
        if (st == ST_OK) {
            rec.sha256 = sha;
            rec.rows = rows;
            rec.import_id = import_id;
            res->rows += rows;
            log_info("%s..%s: %lld cost rows imported from %lld %s", w->start, w->end,
                     (long long)rows, (long long)blobs, o->via_query ? "pages" : "blobs");
        }
    } else if (st == ST_OK) {
        res->empty++;
        log_info("%s..%s: no cost data", w->start, w->end);
    }
    unlink(path);
    rmdir(dir);
    if (st == ST_OK)
        st = store_pull_window_mark(s, &rec, e);
    if (st != ST_OK)
        err_prefix(e, "window %s..%s", w->start, w->end);
    return st;
}

enum status imp_pull_cost(struct store *s, struct imp_azure *az, const struct imp_pull_cost_opts *o,
                          struct imp_pull_cost_result *res, struct err *e)
{
    memset(res, 0, sizeof *res);
    int32_t *starts, *ends;
    size_t n;
    enum status st = imp_pull_month_windows(o->from_day, o->to_day, &starts, &ends, &n, e);
    if (st != ST_OK)
        return st;
    res->windows = (int)n;
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        struct window w = {.source = o->via_query ? "cost-query" : "cost-details"};
        date_format(starts[i], w.start);
        date_format(ends[i], w.end);
        struct pull_window key = {.source = w.source,
                                  .scope = scope_path(o->scope),
                                  .dataset = o->dataset,
                                  .window_start = w.start,
                                  .window_end = w.end};
        int done = 0;
        if (!o->force && ends[i] < o->today - IMP_PULL_SETTLE_DAYS &&
            (st = store_pull_window_done(s, &key, &done, e)) != ST_OK)
            break;
        if (done) {
            res->skipped++;
            log_info("%s..%s: already pulled, skipping", w.start, w.end);
            continue;
        }
        log_info("pulling %s costs for %s..%s (window %zu of %zu)", o->dataset, w.start, w.end,
                 i + 1, n);
        st = pull_window(s, az, o, &w, res, e);
    }
    free(starts);
    free(ends);
    return st;
}

/* ---- Query API rows -> EA-layout CSV ---- */

/* The CSV we write and where each column comes from (docs/pull.md). */
enum qcol {
    Q_SUBSCRIPTION_ID,
    Q_DATE,
    Q_METER_CATEGORY,
    Q_COST,
    Q_CURRENCY,
    Q_LOCATION,
    Q_RESOURCE_ID,
    Q_RESOURCE_GROUP,
    Q_CHARGE_TYPE,
    Q_PRICING_MODEL,
    Q_COUNT
};
static const char *const csv_header[Q_COUNT] = {
    "SubscriptionId",  "Date",
    "MeterCategory",   "CostInBillingCurrency",
    "BillingCurrency", "ResourceLocation",
    "ResourceId",      "ResourceGroup",
    "ChargeType",      "PricingModel",
};
/* Query column names accepted for each CSV column, first match wins. */
static const char *const query_names[Q_COUNT][5] = {
    {"SubscriptionId", NULL},
    {"UsageDate", NULL},
    {"MeterCategory", "ServiceName", NULL},
    {"Cost", "PreTaxCost", "CostInBillingCurrency", "totalCost"},
    {"Currency", "BillingCurrency", NULL},
    {"ResourceLocation", NULL},
    {"ResourceId", NULL},
    {"ResourceGroup", "ResourceGroupName", NULL},
    {"ChargeType", NULL},
    {"PricingModel", NULL},
};

static void csv_field(FILE *f, const char *s, int last)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
    fputc(last ? '\n' : ',', f);
}

/* Shortest decimal text that reads back as the same double. */
static void number_text(double v, char *out, size_t len)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, len, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* Segment after "/name/" in a lower-cased copy of an ARM id. */
static void arm_segment(const char *id, const char *name, char *out, size_t len)
{
    out[0] = '\0';
    size_t nlen = strlen(name);
    for (const char *p = id; (p = strchr(p, '/')) != NULL; p++) {
        if (strncasecmp(p + 1, name, nlen) == 0 && p[1 + nlen] == '/') {
            const char *v = p + 2 + nlen;
            snprintf(out, len, "%.*s", (int)strcspn(v, "/"), v);
            return;
        }
    }
}

static enum status cell_text(json_t *cell, enum qcol c, char *out, size_t len, size_t page,
                             size_t row, struct err *e)
{
    out[0] = '\0';
    if (!cell || json_is_null(cell))
        return ST_OK;
    if (c == Q_DATE) {
        int32_t day;
        char digits[32];
        if (json_is_integer(cell))
            snprintf(digits, sizeof digits, "%lld", (long long)json_integer_value(cell));
        else if (json_is_string(cell))
            snprintf(digits, sizeof digits, "%s", json_string_value(cell));
        else
            digits[0] = '\0';
        if (date_parse(digits, strlen(digits), &day) != 0)
            return err_set(e, ST_PARSE, "cost query page %zu row %zu: bad UsageDate '%s'", page,
                           row, digits);
        int y, m, d;
        date_to_civil(day, &y, &m, &d);
        snprintf(out, len, "%02d/%02d/%04d", m, d, y);
        return ST_OK;
    }
    if (json_is_string(cell))
        utf8_copy(out, len, json_string_value(cell));
    else if (json_is_integer(cell))
        snprintf(out, len, "%lld", (long long)json_integer_value(cell));
    else if (json_is_real(cell))
        number_text(json_real_value(cell), out, len);
    else if (c == Q_COST)
        return err_set(e, ST_PARSE, "cost query page %zu row %zu: cost is not a number", page, row);
    return ST_OK;
}

enum status imp_pull_query_to_csv(const char *const *pages, const size_t *lens, size_t npages,
                                  FILE *f, int64_t *rows, struct err *e)
{
    *rows = 0;
    for (int c = 0; c < Q_COUNT; c++)
        csv_field(f, csv_header[c], c == Q_COUNT - 1);
    char cells[Q_COUNT][2048];
    for (size_t p = 0; p < npages; p++) {
        json_error_t jerr;
        json_t *root = json_loadb(pages[p], lens[p], 0, &jerr);
        json_t *props = json_object_get(root, "properties");
        json_t *cols = json_object_get(props, "columns");
        json_t *data = json_object_get(props, "rows");
        if (!json_is_array(cols) || !json_is_array(data)) {
            json_decref(root);
            return err_set(e, ST_PARSE, "cost query page %zu: %s", p + 1,
                           root ? "no properties.columns/rows" : jerr.text);
        }
        int idx[Q_COUNT];
        for (int c = 0; c < Q_COUNT; c++) {
            idx[c] = -1;
            for (int k = 0; idx[c] < 0 && query_names[c][k]; k++)
                for (size_t j = 0; j < json_array_size(cols); j++) {
                    const char *name =
                        json_string_value(json_object_get(json_array_get(cols, j), "name"));
                    if (name && strcasecmp(name, query_names[c][k]) == 0) {
                        idx[c] = (int)j;
                        break;
                    }
                }
        }
        if (idx[Q_DATE] < 0 || idx[Q_COST] < 0) {
            json_decref(root);
            return err_set(e, ST_PARSE, "cost query page %zu: needs UsageDate and Cost columns",
                           p + 1);
        }
        for (size_t r = 0; r < json_array_size(data); r++) {
            json_t *row = json_array_get(data, r);
            if (!json_is_array(row)) {
                json_decref(root);
                return err_set(e, ST_PARSE, "cost query page %zu row %zu: not an array", p + 1,
                               r + 1);
            }
            for (int c = 0; c < Q_COUNT; c++) {
                json_t *cell = idx[c] >= 0 ? json_array_get(row, (size_t)idx[c]) : NULL;
                enum status st =
                    cell_text(cell, (enum qcol)c, cells[c], sizeof cells[c], p + 1, r + 1, e);
                if (st != ST_OK) {
                    json_decref(root);
                    return st;
                }
            }
            if (!cells[Q_COST][0]) {
                json_decref(root);
                return err_set(e, ST_PARSE, "cost query page %zu row %zu: no cost", p + 1, r + 1);
            }
            if (!cells[Q_SUBSCRIPTION_ID][0])
                arm_segment(cells[Q_RESOURCE_ID], "subscriptions", cells[Q_SUBSCRIPTION_ID],
                            sizeof cells[Q_SUBSCRIPTION_ID]);
            if (!cells[Q_RESOURCE_GROUP][0])
                arm_segment(cells[Q_RESOURCE_ID], "resourcegroups", cells[Q_RESOURCE_GROUP],
                            sizeof cells[Q_RESOURCE_GROUP]);
            if (!cells[Q_CHARGE_TYPE][0])
                snprintf(cells[Q_CHARGE_TYPE], sizeof cells[Q_CHARGE_TYPE], "Usage");
            for (int c = 0; c < Q_COUNT; c++)
                csv_field(f, cells[c], c == Q_COUNT - 1);
            (*rows)++;
        }
        json_decref(root);
    }
    if (ferror(f))
        return err_set(e, ST_IO, "cannot write the converted query rows: %s", strerror(errno));
    return ST_OK;
}
