/*
 * imp_metrics.c - utilisation metrics into the store (see imp_metrics.h).
 *
 * Two inputs, both reduced to hourly buckets (mean and max per resource,
 * metric and UTC hour) before they reach the store:
 *   - Azure Monitor metrics REST responses (and metrics:getBatch responses),
 *     any timegrain PT1M..P31D: finer grains are averaged into their hour,
 *     coarser ones spread over every hour they cover (at most 744);
 *   - a long CSV resource_id,timestamp,metric,value, streamed with libcsv.
 * Buckets live in a fixed hash table of day blocks (one resource, metric
 * and UTC day each) flushed to the store when it fills, so memory stays flat
 * whatever the file size. One transaction per
 * file: any bad point rolls the whole file back.
 */
#include "imp_metrics.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"
#include "imp_csv.h"
#include "imp_file.h"
#include "log.h"
#include "store_metrics.h"
#include "utf8.h"

#define YOSAN_STR_(x) #x
#define YOSAN_STR(x)  YOSAN_STR_(x)

/* ---------------------------------------------------------------- buckets */

/* A day block holds one resource's metric for one UTC day, hour by hour. The
 * table is flushed (sorted, so the store appends in key order) when BLOCK_FLUSH
 * blocks are open: 64 Ki slots of ~500 bytes keep memory flat near 32 MiB and
 * hold a whole day of 49,152 series, so even a file sorted by time rather than
 * by resource writes each day once. */
#define BLOCK_SLOTS (1U << 16) /* power of two */
#define BLOCK_FLUSH (3U << 14) /* 75 % full */

struct block {
    int64_t rid;         /* metric_resources id; 0 = empty slot */
    int32_t day;         /* UTC day */
    int metric;          /* enum metric_kind */
    struct metric_day d; /* avg[] holds sums until the flush; samples[] their counts */
};

struct agg {
    struct store_metrics_writer *w; /* the open import */
    struct block *slots;            /* BLOCK_SLOTS */
    uint32_t *order;                /* BLOCK_FLUSH + 1 slot indexes, for ordered flushing */
    size_t open;                    /* occupied slots */
    int64_t points;                 /* input points accepted */
    int64_t first_hour, last_hour;  /* period */
    int64_t skipped_metric;         /* points of metrics yosan does not store */
    int64_t min_epoch, max_epoch;   /* timestamps accepted (IMP_METRICS_MIN_YEAR ..
                                       IMP_METRICS_MAX_AHEAD_DAYS after now) */
};

static enum status agg_init(struct agg *a, struct store_metrics_writer *w, struct err *e)
{
    memset(a, 0, sizeof *a);
    a->w = w;
    a->slots = calloc(BLOCK_SLOTS, sizeof *a->slots);
    a->order = malloc((BLOCK_FLUSH + 1) * sizeof *a->order);
    a->first_hour = INT64_MAX;
    a->last_hour = INT64_MIN;
    a->min_epoch = (int64_t)date_from_civil(IMP_METRICS_MIN_YEAR, 1, 1) * 86400;
    a->max_epoch = (int64_t)time(NULL) + (int64_t)IMP_METRICS_MAX_AHEAD_DAYS * 86400;
    if (!a->slots || !a->order)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

static void agg_release(struct agg *a)
{
    free(a->slots);
    free(a->order);
    a->slots = NULL;
    a->order = NULL;
}

static const struct block *sort_base; /* qsort has no context argument */

static int cmp_block(const void *x, const void *y)
{
    const struct block *a = &sort_base[*(const uint32_t *)x], *b = &sort_base[*(const uint32_t *)y];
    if (a->rid != b->rid)
        return a->rid < b->rid ? -1 : 1;
    if (a->metric != b->metric)
        return a->metric < b->metric ? -1 : 1;
    return a->day < b->day ? -1 : a->day > b->day;
}

/* Write every open block in primary-key order (sequential B-tree inserts), then empty the table. */
static enum status agg_flush(struct agg *a, struct err *e)
{
    size_t n = 0;
    for (uint32_t i = 0; i < BLOCK_SLOTS; i++)
        if (a->slots[i].rid)
            a->order[n++] = i;
    sort_base = a->slots;
    qsort(a->order, n, sizeof *a->order, cmp_block);
    for (size_t i = 0; i < n; i++) {
        struct block *b = &a->slots[a->order[i]];
        for (int h = 0; h < 24; h++) {
            if (!((b->d.hour_mask >> h) & 1U))
                continue;
            if (b->d.samples[h] > 0)
                b->d.avg[h] /= (double)b->d.samples[h];
            else
                b->d.avg[h] = NAN;
        }
        enum status st = store_metrics_writer_put_day(a->w, b->rid, (enum metric_kind)b->metric,
                                                      b->day, &b->d, e);
        if (st != ST_OK)
            return st;
        b->rid = 0;
    }
    a->open = 0;
    return ST_OK;
}

static size_t block_hash(int64_t rid, int metric, int32_t day)
{
    uint64_t h = (uint64_t)rid * 0x9E3779B97F4A7C15ULL;
    h ^= (uint64_t)(uint32_t)day * 0xC2B2AE3D27D4EB4FULL + (uint64_t)metric;
    h ^= h >> 29;
    return (size_t)(h & (BLOCK_SLOTS - 1));
}

/* Add one point (avg and/or max may be NAN) to its hour. */
static enum status agg_add(struct agg *a, int64_t rid, int metric, int64_t hour, double avg,
                           double max, struct err *e)
{
    if (a->open >= BLOCK_FLUSH) {
        enum status st = agg_flush(a, e);
        if (st != ST_OK)
            return st;
    }
    int32_t day = date_day_of_hour(hour);
    int hr = (int)(hour - (int64_t)day * 24);
    size_t i = block_hash(rid, metric, day);
    struct block *b;
    for (;;) {
        b = &a->slots[i];
        if (!b->rid) {
            b->rid = rid;
            b->day = day;
            b->metric = metric;
            b->d.hour_mask = 0;
            a->open++;
            break;
        }
        if (b->rid == rid && b->day == day && b->metric == metric)
            break;
        i = (i + 1) & (BLOCK_SLOTS - 1);
    }
    uint32_t bit = 1U << hr;
    if (!(b->d.hour_mask & bit)) {
        b->d.hour_mask |= bit;
        b->d.avg[hr] = 0;
        b->d.samples[hr] = 0;
        b->d.max[hr] = NAN;
    }
    if (!isnan(avg)) {
        b->d.avg[hr] += avg;
        b->d.samples[hr]++;
    }
    double m = isnan(max) ? avg : max;
    if (!isnan(m) && (isnan(b->d.max[hr]) || m > b->d.max[hr]))
        b->d.max[hr] = m;
    if (hour < a->first_hour)
        a->first_hour = hour;
    if (hour > a->last_hour)
        a->last_hour = hour;
    return ST_OK;
}

static int64_t hour_of(int64_t epoch)
{
    return epoch >= 0 ? epoch / 3600 : -((-epoch + 3599) / 3600);
}

/* Timestamp window shared by both formats; returns a reason or NULL. A
 * point years away would move the latest metrics hour (the end of every
 * right-sizing and schedule window) or is a typo. */
static const char *time_problem(const struct agg *a, int64_t t)
{
    if (t < a->min_epoch)
        return "is before " YOSAN_STR(IMP_METRICS_MIN_YEAR) "-01-01";
    if (t > a->max_epoch)
        return "is more than " YOSAN_STR(IMP_METRICS_MAX_AHEAD_DAYS) " days in the future";
    return NULL;
}

/* Range checks shared by both formats; returns a reason or NULL. */
static const char *value_problem(int metric, double v)
{
    if (!isfinite(v))
        return "expected a finite number";
    if (v < 0)
        return "expected a value >= 0";
    if (metric_kind_is_percent((enum metric_kind)metric) && v > 100.0001)
        return "expected a percentage 0..100";
    return NULL;
}

static enum status finish_import(struct agg *a, struct imp_metrics_result *res, struct err *e)
{
    enum status st = agg_flush(a, e);
    if (st != ST_OK)
        return st;
    res->import_id = store_metrics_writer_import_id(a->w);
    res->resources = store_metrics_writer_resources(a->w);
    res->points = a->points;
    res->hours = store_metrics_writer_hours(a->w);
    if (a->skipped_metric)
        log_warn("skipped %lld points of metrics yosan does not use", (long long)a->skipped_metric);
    st = store_metrics_writer_finish(a->w, a->first_hour, a->last_hour, e);
    a->w = NULL;
    return st;
}

/* ---------------------------------------------------------------- JSON */

/* Digits at *s as a count, saturated at 10^12 (far above any accepted
 * duration, far below where a unit's multiply could overflow); -1 if none. */
static int64_t duration_number(const char **s)
{
    int64_t v = 0;
    const char *p = *s;
    for (; *p >= '0' && *p <= '9'; p++)
        if (v < 1000000000000LL)
            v = v * 10 + (*p - '0');
    if (p == *s)
        return -1;
    *s = p;
    return v;
}

static enum status bad_duration(const char *s, struct err *e)
{
    return err_set(e, ST_PARSE,
                   "expected an ISO 8601 duration P[nD][T[nH][nM][nS]] with whole numbers "
                   "(PT1H, P1D), got '%s'",
                   s);
}

/* Index of a duration unit letter in "DHMS" (ISO 8601 order), or -1. */
static int duration_unit(char c)
{
    static const char units[] = "DHMS";
    const char *at = c ? strchr(units, toupper((unsigned char)c)) : NULL;
    return at ? (int)(at - units) : -1;
}

enum status imp_metrics_parse_duration(const char *s, int64_t *seconds, struct err *e)
{
    static const int64_t unit_seconds[] = {86400, 3600, 60, 1};
    const int64_t max = (int64_t)IMP_METRICS_MAX_GRAIN_HOURS * 3600;
    if (!s || (*s != 'P' && *s != 'p'))
        return err_set(e, ST_PARSE, "expected an ISO 8601 duration like PT1H or P1D, got '%s'",
                       s ? s : "");
    const char *p = s + 1;
    int next = 0, in_time = 0, parts = 0; /* next: first unit still allowed */
    int64_t total = 0;
    while (*p) {
        if ((*p == 'T' || *p == 't') && !in_time) {
            in_time = 1; /* H, M, S from here on */
            next = 1;
            p++;
            continue;
        }
        int64_t n = duration_number(&p);
        int k = duration_unit(*p);
        /* a unit once each, in order; D only before T, H/M/S only after it */
        if (n < 0 || k < next || (k == 0) == in_time)
            return bad_duration(s, e);
        int64_t part;
        if (__builtin_mul_overflow(n, unit_seconds[k], &part) ||
            __builtin_add_overflow(total, part, &total) || total > max)
            return err_set(e, ST_PARSE,
                           "duration '%s' is longer than %d days (a point is spread over at most "
                           "%d hourly values)",
                           s, IMP_METRICS_MAX_GRAIN_HOURS / 24, IMP_METRICS_MAX_GRAIN_HOURS);
        next = k + 1;
        parts++;
        p++;
    }
    if (!parts || (in_time && next == 1)) /* "P", "PT", "P1DT" */
        return bad_duration(s, e);
    if (total == 0)
        return err_set(e, ST_PARSE, "duration '%s' is zero", s);
    *seconds = total;
    return ST_OK;
}

/* First case-insensitive occurrence of needle in hay, or NULL. */
static const char *find_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return hay;
    return NULL;
}

/* First case-insensitive occurrence of needle in hay[0..len), or NULL. */
static const char *find_nocase_n(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* A kind tied to one resource type (metric_kind_resource_type) needs an id of
 * that type: /subscriptions/.../providers/Microsoft.Storage/storageAccounts/NAME
 * (its blobServices/default sub-resource is cut to the account, where
 * BlobCapacity is published) or .../Microsoft.OperationalInsights/workspaces/NAME.
 * *keep is the length of id[0..len) to store. Returns a reason or NULL. */
static const char *kind_resource(int metric, const char *id, size_t len, size_t *keep)
{
    *keep = len;
    const char *type = metric_kind_resource_type((enum metric_kind)metric);
    if (!type)
        return NULL;
    int storage = strcmp(type, "storageaccounts") == 0;
    const char *prov = storage ? "/providers/microsoft.storage/storageaccounts/"
                               : "/providers/microsoft.operationalinsights/workspaces/";
    const char *want = storage ? "expected a storage account id (/subscriptions/ID/resourceGroups/"
                                 "RG/providers/Microsoft.Storage/storageAccounts/NAME)"
                               : "expected a Log Analytics workspace id (/subscriptions/ID/"
                                 "resourceGroups/RG/providers/Microsoft.OperationalInsights/"
                                 "workspaces/NAME)";
    const char *at = find_nocase_n(id, len, prov);
    if (!at || len < 15 || strncasecmp(id, "/subscriptions/", 15) != 0)
        return want;
    const char *name = at + strlen(prov);
    size_t rest = len - (size_t)(name - id);
    const char *slash = memchr(name, '/', rest);
    if (slash == name || rest == 0)
        return want;
    if (!slash)
        return NULL;
    size_t tail = rest - (size_t)(slash - name);
    if (!storage || tail < 14 || strncasecmp(slash, "/blobservices/", 14) != 0)
        return want;
    *keep = (size_t)(slash - id);
    return NULL;
}

/* The kind of a BlobCapacity time series from its Tier dimension
 * (metadatavalues [{name: {value: "tier"}, value: "Hot"}]): only the hot
 * tier is stored (the cooler-tier rule); -1 for other tiers or no tier. */
static int blob_tier_kind(json_t *ser)
{
    size_t i;
    json_t *md;
    json_array_foreach(json_object_get(ser, "metadatavalues"), i, md)
    {
        const char *dim = json_string_value(json_object_get(json_object_get(md, "name"), "value"));
        const char *val = json_string_value(json_object_get(md, "value"));
        if (dim && val && strcasecmp(dim, "tier") == 0)
            return strcasecmp(val, "hot") == 0 ? METRIC_ST_HOT_BYTES : -1;
    }
    return -1;
}

static double json_num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* One data point of one metric of one resource. */
static enum status json_point(struct agg *a, const char *name, const char *mname, int64_t rid,
                              int metric, int64_t grain, json_t *pt, size_t idx, struct err *e)
{
    json_t *ts = json_object_get(pt, "timeStamp");
    int64_t t;
    if (!json_is_string(ts) ||
        date_parse_ts(json_string_value(ts), json_string_length(ts), &t) != 0)
        return err_set(e, ST_PARSE,
                       "%s: %s data[%zu]: field 'timeStamp': expected an ISO timestamp", name,
                       mname, idx);
    const char *when = time_problem(a, t);
    if (when)
        return err_set(e, ST_PARSE, "%s: %s data[%zu]: field 'timeStamp': '%s' %s", name, mname,
                       idx, json_string_value(ts), when);
    double average = json_num(pt, "average"), maximum = json_num(pt, "maximum");
    double minimum = json_num(pt, "minimum"), total = json_num(pt, "total");
    double count = json_num(pt, "count");
    double avg, max;
    if (metric_kind_is_per_hour_total((enum metric_kind)metric)) {
        /* bytes (connections) per grain -> per hour */
        double per_grain = !isnan(total) ? total : average;
        avg = per_grain * 3600.0 / (double)grain;
        max = NAN;
    } else {
        avg = average;
        if (isnan(avg) && !isnan(total) && !isnan(count) && count > 0)
            avg = total / count;
        if (isnan(avg))
            avg = !isnan(maximum) ? maximum : minimum;
        max = maximum;
    }
    if (isnan(avg) && isnan(max))
        return ST_OK; /* the key is absent when there was no data */
    const char *bad = value_problem(metric, isnan(avg) ? max : avg);
    if (!bad && !isnan(max))
        bad = value_problem(metric, max);
    if (bad)
        return err_set(e, ST_PARSE, "%s: %s data[%zu] (%s): %s", name, mname, idx,
                       json_string_value(ts), bad);
    a->points++;
    int64_t h0 = hour_of(t);
    /* at most IMP_METRICS_MAX_GRAIN_HOURS: imp_metrics_parse_duration bounds grain */
    int64_t span = grain > 3600 ? grain / 3600 : 1;
    for (int64_t k = 0; k < span; k++) {
        enum status st = agg_add(a, rid, metric, h0 + k, avg, max, e);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

/* The store id of value[idx]'s resource: its id cut before
 * /providers/Microsoft.Insights/metrics, else the batch entry's resourceid. */
static enum status json_resource(struct agg *a, const char *name, json_t *m, const char *batch_rid,
                                 size_t idx, int metric, int64_t *rid, struct err *e)
{
    const char *id = json_string_value(json_object_get(m, "id"));
    size_t idlen;
    const char *cut = id ? find_nocase(id, "/providers/microsoft.insights/metrics") : NULL;
    if (cut) {
        idlen = (size_t)(cut - id);
    } else if (batch_rid) {
        id = batch_rid;
        idlen = strlen(id);
    } else {
        return err_set(e, ST_PARSE, "%s: value[%zu]: field 'id': no resource id", name, idx);
    }
    if (idlen == 0)
        return err_set(e, ST_PARSE, "%s: value[%zu]: field 'id': empty resource id", name, idx);
    const char *bad = kind_resource(metric, id, idlen, &idlen);
    if (bad)
        return err_set(e, ST_PARSE, "%s: value[%zu]: field 'id': %s for %s, got '%.*s'", name, idx,
                       bad, metric_kind_name((enum metric_kind)metric), (int)idlen, id);
    return store_metrics_writer_resource(a->w, id, idlen, rid, e);
}

/* One metrics response object: {interval, value: [...]} (resource from value[].id). */
static enum status json_response(struct agg *a, const char *name, json_t *root, struct err *e)
{
    json_t *values = json_object_get(root, "value");
    if (!json_is_array(values))
        return err_set(e, ST_PARSE,
                       "%s: expected an Azure Monitor metrics response ('value' array)", name);
    json_t *interval = json_object_get(root, "interval");
    int64_t grain = 3600;
    if (interval && !json_is_null(interval) && !json_is_string(interval))
        return err_set(e, ST_PARSE, "%s: field 'interval': expected an ISO 8601 duration string",
                       name);
    if (json_is_string(interval) &&
        imp_metrics_parse_duration(json_string_value(interval), &grain, e) != ST_OK) {
        err_prefix(e, "%s: field 'interval'", name);
        return e->code;
    }
    const char *batch_rid = json_string_value(json_object_get(root, "resourceid"));
    size_t i;
    json_t *m;
    json_array_foreach(values, i, m)
    {
        json_t *nm = json_object_get(json_object_get(m, "name"), "value");
        if (!json_is_string(nm))
            return err_set(e, ST_PARSE, "%s: value[%zu]: field 'name.value' missing", name, i);
        int metric = metric_kind_from_name(json_string_value(nm), json_string_length(nm));
        int by_tier = strcasecmp(json_string_value(nm), "BlobCapacity") == 0;
        if (by_tier)
            metric = METRIC_ST_HOT_BYTES;
        json_t *series = json_object_get(m, "timeseries");
        if (metric < 0) {
            a->skipped_metric++;
            continue;
        }
        int64_t rid = 0;
        enum status st = json_resource(a, name, m, batch_rid, i, metric, &rid, e);
        if (st != ST_OK)
            return st;
        if (!json_is_array(series))
            return err_set(e, ST_PARSE, "%s: value[%zu]: field 'timeseries': expected an array",
                           name, i);
        size_t j;
        json_t *ser;
        json_array_foreach(series, j, ser)
        {
            json_t *data = json_object_get(ser, "data");
            if (!json_is_array(data))
                continue;
            if (by_tier && blob_tier_kind(ser) < 0) {
                a->skipped_metric += (int64_t)json_array_size(data); /* cool, cold, archive */
                continue;
            }
            size_t k;
            json_t *pt;
            json_array_foreach(data, k, pt)
            {
                if ((st = json_point(a, name, json_string_value(nm), rid, metric, grain, pt, k,
                                     e)) != ST_OK)
                    return st;
            }
        }
    }
    return ST_OK;
}

static enum status json_import(struct store *s, const char *name, const char *sha256,
                               const char *text, size_t len, struct imp_metrics_result *res,
                               struct err *e)
{
    memset(res, 0, sizeof *res);
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (!root)
        return err_set(e, ST_PARSE, "%s:%d: invalid JSON: %s", name, jerr.line, jerr.text);
    struct store_metrics_writer *w = NULL;
    int dup = 0;
    enum status st = store_metrics_writer_begin(s, name, sha256, "metrics-json", &w, &dup, e);
    if (st != ST_OK || dup) {
        res->duplicate = dup;
        json_decref(root);
        return st;
    }
    struct agg a;
    if ((st = agg_init(&a, w, e)) == ST_OK) {
        json_t *batch = json_object_get(root, "values"); /* metrics:getBatch */
        if (json_is_array(batch)) {
            size_t i;
            json_t *r;
            json_array_foreach(batch, i, r)
            {
                if ((st = json_response(&a, name, r, e)) != ST_OK)
                    break;
            }
        } else {
            st = json_response(&a, name, root, e);
        }
    }
    if (st == ST_OK)
        st = finish_import(&a, res, e);
    if (a.w)
        store_metrics_writer_abort(a.w);
    agg_release(&a);
    json_decref(root);
    return st;
}

enum status imp_metrics_json_buffer(struct store *s, const char *name, const char *json, size_t len,
                                    struct imp_metrics_result *res, struct err *e)
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    char hex[65];
    if (EVP_Digest(json, len, md, &mdlen, EVP_sha256(), NULL) != 1)
        return err_set(e, ST_NOMEM, "cannot compute sha256");
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return json_import(s, name, hex, json, len, res, e);
}

/* ---------------------------------------------------------------- CSV */

enum { COL_RES = 0, COL_TS, COL_METRIC, COL_VALUE, COL_COUNT };
static const char *const csv_cols[COL_COUNT] = {"resource_id", "timestamp", "metric", "value"};

struct csv_state {
    struct agg *a;          /* aggregation */
    const char *name;       /* file name for messages */
    int64_t line;           /* current record number (1 = header) */
    int col_of[8];          /* input column -> COL_*, -1 = ignored */
    int ncols_in;           /* columns in the header */
    int field;              /* field index within the record */
    int header_done;        /* 1 after the header */
    char *val[COL_COUNT];   /* this record's fields (owned copies) */
    size_t vlen[COL_COUNT]; /* their lengths */
    size_t vcap[COL_COUNT]; /* allocated */
    char *last_res;         /* previous resource id (owned) */
    size_t last_res_len;    /* its length */
    size_t last_res_cap;    /* allocated */
    int64_t last_rid;       /* its store id */
    struct err *e;          /* error out */
    enum status st;         /* first failure */
};

static int set_field(struct csv_state *c, int col, const char *s, size_t len)
{
    if (len + 1 > c->vcap[col]) {
        size_t cap = len + 64;
        char *p = realloc(c->val[col], cap);
        if (!p)
            return -1;
        c->val[col] = p;
        c->vcap[col] = cap;
    }
    memcpy(c->val[col], s, len);
    c->val[col][len] = '\0';
    c->vlen[col] = len;
    return 0;
}

static void csv_field_cb(void *s, size_t len, void *data)
{
    struct csv_state *c = data;
    if (c->st != ST_OK)
        return;
    int f = c->field++;
    if (!c->header_done) {
        if (f < 8) {
            c->col_of[f] = -1;
            const char *p = s;
            if (f == 0 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
                p += 3;
                len -= 3;
            }
            for (int k = 0; k < COL_COUNT; k++)
                if (strlen(csv_cols[k]) == len && strncasecmp(csv_cols[k], p, len) == 0)
                    c->col_of[f] = k;
        }
        return;
    }
    if (f < c->ncols_in && f < 8 && c->col_of[f] >= 0) {
        if (set_field(c, c->col_of[f], s, len) != 0)
            c->st = err_set(c->e, ST_NOMEM, "out of memory");
    }
}

static enum status csv_record(struct csv_state *c)
{
    struct err *e = c->e;
    for (int k = 0; k < COL_COUNT; k++)
        if (c->vlen[k] == 0 && k != COL_VALUE)
            return err_set(e, ST_PARSE, "%s:%lld: field '%s': empty", c->name, (long long)c->line,
                           csv_cols[k]);
    for (int k = 0; k < COL_COUNT; k++)
        if (utf8_check(c->val[k], c->vlen[k], c->name, (long long)c->line, csv_cols[k], e) != ST_OK)
            return ST_PARSE;
    if (c->vlen[COL_VALUE] == 0)
        return ST_OK; /* no data for this sample */
    int metric = metric_kind_from_name(c->val[COL_METRIC], c->vlen[COL_METRIC]);
    if (metric < 0) {
        c->a->skipped_metric++;
        return ST_OK;
    }
    int64_t t;
    if (date_parse_ts(c->val[COL_TS], c->vlen[COL_TS], &t) != 0)
        return err_set(e, ST_PARSE,
                       "%s:%lld: field 'timestamp': expected an ISO timestamp, got '%s'", c->name,
                       (long long)c->line, c->val[COL_TS]);
    const char *when = time_problem(c->a, t);
    if (when)
        return err_set(e, ST_PARSE, "%s:%lld: field 'timestamp': '%s' %s", c->name,
                       (long long)c->line, c->val[COL_TS], when);
    char *end;
    errno = 0;
    double v = strtod(c->val[COL_VALUE], &end);
    if (end == c->val[COL_VALUE] || *end != '\0' || errno == ERANGE)
        return err_set(e, ST_PARSE, "%s:%lld: field 'value': expected a number, got '%s'", c->name,
                       (long long)c->line, c->val[COL_VALUE]);
    const char *bad = value_problem(metric, v);
    if (bad)
        return err_set(e, ST_PARSE, "%s:%lld: field 'value': %s, got '%s'", c->name,
                       (long long)c->line, bad, c->val[COL_VALUE]);
    size_t rlen;
    if ((bad = kind_resource(metric, c->val[COL_RES], c->vlen[COL_RES], &rlen)) != NULL)
        return err_set(e, ST_PARSE, "%s:%lld: field 'resource_id': %s for %s, got '%s'", c->name,
                       (long long)c->line, bad, metric_kind_name((enum metric_kind)metric),
                       c->val[COL_RES]);
    if (!c->last_res || c->last_res_len != rlen ||
        memcmp(c->last_res, c->val[COL_RES], rlen) != 0) {
        enum status st =
            store_metrics_writer_resource(c->a->w, c->val[COL_RES], rlen, &c->last_rid, e);
        if (st != ST_OK)
            return st;
        if (rlen + 1 > c->last_res_cap) {
            char *p = realloc(c->last_res, rlen + 64);
            if (!p)
                return err_set(e, ST_NOMEM, "out of memory");
            c->last_res = p;
            c->last_res_cap = rlen + 64;
        }
        memcpy(c->last_res, c->val[COL_RES], rlen);
        c->last_res[rlen] = '\0';
        c->last_res_len = rlen;
    }
    c->a->points++;
    return agg_add(c->a, c->last_rid, metric, hour_of(t), v, v, e);
}

static void csv_record_cb(int term, void *data)
{
    (void)term;
    struct csv_state *c = data;
    c->line++;
    int nf = c->field;
    c->field = 0;
    if (c->st != ST_OK)
        return;
    if (!c->header_done) {
        int seen[COL_COUNT] = {0};
        c->ncols_in = nf;
        for (int f = 0; f < nf && f < 8; f++)
            if (c->col_of[f] >= 0)
                seen[c->col_of[f]] = 1;
        for (int k = 0; k < COL_COUNT; k++)
            if (!seen[k]) {
                c->st = err_set(c->e, ST_PARSE, "%s:1: header: column '%s' missing", c->name,
                                csv_cols[k]);
                return;
            }
        c->header_done = 1;
        return;
    }
    if (nf == 1 && c->vlen[COL_RES] == 0 && c->vlen[COL_TS] == 0)
        return; /* blank line */
    c->st = csv_record(c);
    for (int k = 0; k < COL_COUNT; k++)
        c->vlen[k] = 0;
}

/* "FILE:LINE: field 'X': longer than ..." for a field libcsv refused. */
static enum status csv_too_long(const struct csv_state *c, struct err *e)
{
    int col = c->header_done && c->field < 8 ? c->col_of[c->field] : -1;
    if (col >= 0)
        return err_set(e, ST_PARSE, "%s:%lld: field '%s': longer than %zu bytes", c->name,
                       (long long)c->line + 1, csv_cols[col], (size_t)IMP_LINE_MAX);
    return err_set(e, ST_PARSE, "%s:%lld: field %d: longer than %zu bytes", c->name,
                   (long long)c->line + 1, c->field + 1, (size_t)IMP_LINE_MAX);
}

/* A stream's digest is known at its end: the duplicate check comes last. */
static enum status check_stream_sha(struct store *s, const struct imp_file *f, struct agg *a,
                                    struct imp_metrics_result *res, struct err *e)
{
    if (!f->stream)
        return ST_OK;
    int dup = 0;
    enum status st = store_import_set_sha(s, store_metrics_writer_import_id(a->w), f->sha256,
                                          "metrics-csv", &dup, e);
    if (st == ST_OK && dup) {
        store_metrics_writer_abort(a->w);
        a->w = NULL;
        res->duplicate = 1;
    }
    return st;
}

static enum status csv_import(struct store *s, struct imp_file *f, struct imp_metrics_result *res,
                              struct err *e)
{
    memset(res, 0, sizeof *res);
    const char *path = f->path;
    struct store_metrics_writer *w = NULL;
    int dup = 0;
    enum status st = store_metrics_writer_begin(s, path, f->stream ? NULL : f->sha256,
                                                "metrics-csv", &w, &dup, e);
    if (st != ST_OK || dup) {
        res->duplicate = dup;
        return st;
    }
    struct agg a;
    struct csv_parser p;
    int parser_ok = 0;
    struct csv_state c;
    memset(&c, 0, sizeof c);
    c.a = &a;
    c.name = path;
    c.e = e;
    char *chunk = NULL;
    if ((st = agg_init(&a, w, e)) != ST_OK)
        goto out;
    if (imp_csv_init(&p, CSV_APPEND_NULL) != 0) {
        st = err_set(e, ST_NOMEM, "cannot start csv parser");
        goto out;
    }
    parser_ok = 1;
    chunk = malloc(1 << 18);
    if (!chunk) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    ssize_t got;
    while ((got = imp_file_read(f, chunk, 1 << 18, e)) > 0) {
        size_t used = csv_parse(&p, chunk, (size_t)got, csv_field_cb, csv_record_cb, &c);
        if (c.st != ST_OK) {
            st = c.st;
            goto out;
        }
        if (used != (size_t)got && imp_csv_too_long(&p)) {
            st = csv_too_long(&c, e);
            goto out;
        }
        if (used != (size_t)got) {
            st = err_set(e, ST_PARSE, "%s:%lld: %s", path, (long long)c.line + 1,
                         csv_strerror(csv_error(&p)));
            goto out;
        }
    }
    if (got < 0) {
        st = e->code ? e->code : ST_IO;
        goto out;
    }
    if (csv_fini(&p, csv_field_cb, csv_record_cb, &c) != 0 && c.st == ST_OK)
        c.st = err_set(e, ST_PARSE, "%s:%lld: %s", path, (long long)c.line + 1,
                       csv_strerror(csv_error(&p)));
    if ((st = c.st) != ST_OK)
        goto out;
    if (!c.header_done) {
        st = err_set(e, ST_PARSE,
                     "%s: empty file (expected a header resource_id,timestamp,metric,value)", path);
        goto out;
    }
    if ((st = check_stream_sha(s, f, &a, res, e)) == ST_OK && !res->duplicate)
        st = finish_import(&a, res, e);
out:
    if (a.w)
        store_metrics_writer_abort(a.w);
    agg_release(&a);
    if (parser_ok)
        csv_free(&p);
    free(chunk);
    for (int k = 0; k < COL_COUNT; k++)
        free(c.val[k]);
    free(c.last_res);
    return st;
}

/* ---------------------------------------------------------------- entry points */

static int looks_like_json_metrics(const char *head)
{
    const char *p = head;
    while (*p && isspace((unsigned char)*p))
        p++;
    return *p == '{' &&
           (strstr(head, "\"timeseries\"") || strstr(head, "Microsoft.Insights/metrics") ||
            strstr(head, "\"resourceid\""));
}

static int looks_like_csv_metrics(const char *head)
{
    const char *nl = strpbrk(head, "\r\n");
    size_t len = nl ? (size_t)(nl - head) : strlen(head);
    char line[512];
    if (len >= sizeof line)
        return 0;
    for (size_t i = 0; i < len; i++)
        line[i] = (char)tolower((unsigned char)head[i]);
    line[len] = '\0';
    int hits = 0;
    for (int k = 0; k < COL_COUNT; k++)
        if (strstr(line, csv_cols[k]))
            hits++;
    return hits == COL_COUNT;
}

int imp_metrics_sniff_head(const char *head)
{
    return looks_like_json_metrics(head) || looks_like_csv_metrics(head);
}

int imp_metrics_sniff(const char *path)
{
    struct imp_file f;
    const char *head;
    if (imp_file_open_unhashed(&f, path, NULL) != ST_OK)
        return 0;
    int yes = imp_file_peek(&f, &head, NULL) > 0 && imp_metrics_sniff_head(head);
    imp_file_close(&f);
    return yes;
}

enum status imp_metrics_file(struct store *s, const char *path, struct imp_metrics_result *res,
                             struct err *e)
{
    struct imp_file f;
    enum status st = imp_file_open_unhashed(&f, path, e);
    if (st != ST_OK) {
        memset(res, 0, sizeof *res);
        return st;
    }
    return imp_metrics_read(s, &f, res, e);
}

enum status imp_metrics_read(struct store *s, struct imp_file *f, struct imp_metrics_result *res,
                             struct err *e)
{
    memset(res, 0, sizeof *res);
    const char *head;
    enum status st = ST_OK;
    if (imp_file_peek(f, &head, e) < 0 || imp_file_hash(f, e) != ST_OK) {
        st = e->code;
    } else {
        const char *p = head;
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p != '{') {
            st = csv_import(s, f, res, e);
        } else {
            /* JSON: one API response per file, read whole (per resource or batch);
             * a stream's digest is complete once it is read */
            struct buf text;
            buf_init(&text, IMP_JSON_MAX_BYTES);
            if ((st = imp_file_read_all(f, &text, e)) == ST_OK)
                st = json_import(s, f->path, f->sha256, buf_str(&text), text.len, res, e);
            buf_release(&text);
        }
    }
    imp_file_close(f);
    return st;
}
