/*
 * store_metrics.c - hourly utilisation metrics in the store (see
 * store_metrics.h): the import writer with its cached statements, and the
 * readers used by right-sizing and schedules. Only SQL lives here.
 *
 * Storage (table metric_days, schema migration 5): one row per resource,
 * metric and UTC day holding that day's 24 hourly means (and maxima when they
 * differ) as little-endian float64 blobs. A month of 10,000 VMs is 0.9M rows
 * instead of 21.6M hourly ones, which is what makes the import and the
 * right-sizing read fast (docs/metrics.md). The codec is here too.
 */
#include "store_metrics.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"
#include "store_internal.h"
#include "strmap.h"

static const char *const metric_names[METRIC_KIND_COUNT] = {
    "Percentage CPU",
    "Available Memory Bytes",
    "Network Out Total",
    "Network In Total",
    "Disk Read Operations/Sec",
    "Disk Write Operations/Sec",
    "MemoryPercentage",
    "dtu_consumption_percent",
    "storage_percent",
    "connection_successful",
    "UsedCapacity",
    "Transactions",
    "BlobCapacity:Hot",
    "BillableDataGB",
};

const char *metric_kind_name(enum metric_kind k)
{
    if ((int)k < 0 || k >= METRIC_KIND_COUNT)
        return "?";
    return metric_names[k];
}

/* Managed disks publish their own IOPS under these names (per disk resource). */
static const struct {
    const char *name;
    enum metric_kind kind;
} metric_aliases[] = {
    {"Composite Disk Read Operations/sec", METRIC_DISK_READ_OPS},
    {"Composite Disk Write Operations/sec", METRIC_DISK_WRITE_OPS},
    /* App Service plans (Microsoft.Web/serverfarms) */
    {"CpuPercentage", METRIC_CPU_PCT},
    {"BytesReceived", METRIC_NET_IN_BYTES},
    {"BytesSent", METRIC_NET_OUT_BYTES},
    /* SQL databases (Microsoft.Sql/servers/databases) */
    {"cpu_percent", METRIC_CPU_PCT},
};

int metric_kind_is_percent(enum metric_kind k)
{
    return k == METRIC_CPU_PCT || k == METRIC_MEM_PCT || k == METRIC_DTU_PCT ||
           k == METRIC_STORAGE_PCT;
}

int metric_kind_is_per_hour_total(enum metric_kind k)
{
    return k == METRIC_NET_OUT_BYTES || k == METRIC_NET_IN_BYTES || k == METRIC_CONNECTIONS ||
           k == METRIC_ST_TRANSACTIONS || k == METRIC_LA_BILLABLE_GB;
}

const char *metric_kind_resource_type(enum metric_kind k)
{
    if (k == METRIC_ST_USED_BYTES || k == METRIC_ST_TRANSACTIONS || k == METRIC_ST_HOT_BYTES)
        return "storageaccounts";
    return k == METRIC_LA_BILLABLE_GB ? "workspaces" : NULL;
}

int metric_kind_from_name(const char *name, size_t len)
{
    for (int k = 0; k < METRIC_KIND_COUNT; k++)
        if (strlen(metric_names[k]) == len && strncasecmp(metric_names[k], name, len) == 0)
            return k;
    for (size_t i = 0; i < sizeof metric_aliases / sizeof metric_aliases[0]; i++)
        if (strlen(metric_aliases[i].name) == len &&
            strncasecmp(metric_aliases[i].name, name, len) == 0)
            return (int)metric_aliases[i].kind;
    return -1;
}

/* ---------------------------------------------------------------- codec */

#define DAY_BLOB_BYTES     (24 * 8) /* avg_values / max_values */
#define SAMPLES_BLOB_BYTES (24 * 4) /* samples */

static void put_f64le(unsigned char *p, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(u >> (8 * i));
}

static void put_u32le(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32le(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int store_metric_day_decode(const void *blob, int bytes, double out[24])
{
    if (!blob || bytes != DAY_BLOB_BYTES)
        return -1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&                        \
    defined(__FLOAT_WORD_ORDER__) && __FLOAT_WORD_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, blob, DAY_BLOB_BYTES); /* the stored layout is the host's */
#else
    const unsigned char *p = blob;
    for (int h = 0; h < 24; h++) {
        uint64_t u = 0;
        for (int i = 0; i < 8; i++)
            u |= (uint64_t)p[8 * h + i] << (8 * i);
        memcpy(&out[h], &u, sizeof u);
    }
#endif
    return 0;
}

static void encode_values(const double v[24], unsigned char out[DAY_BLOB_BYTES])
{
    for (int h = 0; h < 24; h++)
        put_f64le(out + 8 * h, v[h]);
}

static int same_value(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* Bits set in an hour mask. */
static int store_metric_day_popcount(uint32_t mask)
{
    int n = 0;
    for (; mask; mask &= mask - 1)
        n++;
    return n;
}

/* id[0..len) lower-cased into *buf, grown as needed and NUL-terminated;
 * -1 when out of memory. Resource ids are stored lower-case. */
static int lower_into(char **buf, size_t *cap, const char *id, size_t len)
{
    if (len + 1 > *cap) {
        char *p = realloc(*buf, len + 64);
        if (!p)
            return -1;
        *buf = p;
        *cap = len + 64;
    }
    for (size_t i = 0; i < len; i++)
        (*buf)[i] = (char)tolower((unsigned char)id[i]);
    (*buf)[len] = '\0';
    return 0;
}

/* ---------------------------------------------------------------- writer */

struct store_metrics_writer {
    struct store *s;             /* borrowed */
    int64_t import_id;           /* the imports row */
    int64_t hours;               /* distinct hours this import stored */
    struct sdb_stmt *insert;     /* new metric_days row (no-op when the day exists) */
    struct sdb_stmt *get;        /* an existing day row */
    struct sdb_stmt *update;     /* rewrite an existing day row */
    struct sdb_stmt *res_find;   /* metric_resources by id text */
    struct sdb_stmt *res_insert; /* new metric_resources row */
    struct strmap res_cache;     /* lower-case id -> metric_resources.id */
    char *lower;                 /* scratch for lower-casing ids */
    size_t lower_cap;            /* bytes in lower */
};

static void writer_free(struct store_metrics_writer *w)
{
    if (!w)
        return;
    sdb_finalize(w->insert);
    sdb_finalize(w->get);
    sdb_finalize(w->update);
    sdb_finalize(w->res_find);
    sdb_finalize(w->res_insert);
    strmap_release(&w->res_cache);
    free(w->lower);
    free(w);
}

enum status store_metrics_writer_begin(struct store *s, const char *file_name, const char *sha256,
                                       const char *format, struct store_metrics_writer **out,
                                       int *duplicate, struct err *e)
{
    *out = NULL;
    *duplicate = 0;
    enum status rc = store_import_seen(s, sha256, format, duplicate, e);
    if (rc != ST_OK || *duplicate)
        return rc;

    struct store_metrics_writer *w = calloc(1, sizeof *w);
    if (!w)
        return err_set(e, ST_NOMEM, "out of memory");
    w->s = s;
    strmap_init(&w->res_cache);
    if ((rc = store_begin(s, e)) != ST_OK) {
        writer_free(w);
        return rc;
    }
    rc = store_import_record(s, file_name, sha256, format, "metrics", &w->import_id, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb,
                         "INSERT INTO metric_days (resource_id, metric, day, hour_count, "
                         "hour_mask, avg_values, max_values, samples, import_id, import_mask) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?5) "
                         "ON CONFLICT (resource_id, metric, day) DO NOTHING",
                         &w->insert, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb,
                         "SELECT hour_mask, avg_values, max_values, samples, import_id, "
                         "import_mask FROM metric_days "
                         "WHERE resource_id = ? AND metric = ? AND day = ?",
                         &w->get, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb,
                         "UPDATE metric_days SET hour_count = ?4, hour_mask = ?5, "
                         "avg_values = ?6, max_values = ?7, samples = ?8, import_id = ?9, "
                         "import_mask = ?10 "
                         "WHERE resource_id = ?1 AND metric = ?2 AND day = ?3",
                         &w->update, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb, "SELECT id FROM metric_resources WHERE resource_id = ?",
                         &w->res_find, e);
    if (rc == ST_OK)
        rc = sdb_prepare_insert(s->sdb, "INSERT INTO metric_resources (resource_id) VALUES (?)",
                                "id", &w->res_insert, e);
    if (rc != ST_OK) {
        store_rollback(s);
        writer_free(w);
        return rc;
    }
    *out = w;
    return ST_OK;
}

int64_t store_metrics_writer_import_id(const struct store_metrics_writer *w)
{
    return w->import_id;
}

int64_t store_metrics_writer_resources(const struct store_metrics_writer *w)
{
    return (int64_t)w->res_cache.count;
}

int64_t store_metrics_writer_hours(const struct store_metrics_writer *w)
{
    return w->hours;
}

enum status store_metrics_writer_resource(struct store_metrics_writer *w, const char *id,
                                          size_t len, int64_t *rid, struct err *e)
{
    if (lower_into(&w->lower, &w->lower_cap, id, len) != 0)
        return err_set(e, ST_NOMEM, "out of memory");
    if (strmap_get(&w->res_cache, w->lower, len, rid))
        return ST_OK;
    struct sdb_stmt *st = w->res_find;
    sdb_reset(st);
    sdb_bind_text(st, 1, w->lower);
    enum sdb_rc step = store_step(st, "cannot look up metric resource", e);
    if (step == SDB_ROW) {
        *rid = sdb_column_i64(st, 0);
    } else if (step == SDB_DONE) {
        struct sdb_stmt *ins = w->res_insert;
        sdb_reset(ins);
        sdb_bind_text(ins, 1, w->lower);
        if (store_step_done(ins, "cannot add metric resource", e) != ST_OK)
            return ST_DB;
        *rid = sdb_last_insert_id(w->s->sdb);
    } else {
        return ST_DB;
    }
    sdb_reset(st);
    if (strmap_put(&w->res_cache, w->lower, len, *rid) != 0)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* Bind a day's columns 4..8 (hour_count .. samples) and 9 (import_id). */
static void bind_day(struct sdb_stmt *st, const struct metric_day *d, int64_t import_id,
                     unsigned char avg_blob[DAY_BLOB_BYTES], unsigned char max_blob[DAY_BLOB_BYTES],
                     unsigned char samples_blob[SAMPLES_BLOB_BYTES])
{
    int max_differs = 0, samples_differ = 0;
    double avg[24];
    for (int h = 0; h < 24; h++) {
        int present = (d->hour_mask >> h) & 1U;
        avg[h] = present ? d->avg[h] : NAN;
        double mx = present ? d->max[h] : NAN;
        if (!same_value(avg[h], mx))
            max_differs = 1;
        if (present && !isnan(avg[h]) && d->samples[h] != 1)
            samples_differ = 1;
    }
    encode_values(avg, avg_blob);
    sdb_bind_i64(st, 4, store_metric_day_popcount(d->hour_mask));
    sdb_bind_i64(st, 5, (int64_t)d->hour_mask);
    sdb_bind_blob(st, 6, avg_blob, DAY_BLOB_BYTES);
    if (max_differs) {
        double mx[24];
        for (int h = 0; h < 24; h++)
            mx[h] = ((d->hour_mask >> h) & 1U) ? d->max[h] : NAN;
        encode_values(mx, max_blob);
        sdb_bind_blob(st, 7, max_blob, DAY_BLOB_BYTES);
    } else {
        sdb_bind_null(st, 7);
    }
    if (samples_differ) {
        for (int h = 0; h < 24; h++)
            put_u32le(samples_blob + 4 * h, ((d->hour_mask >> h) & 1U) ? d->samples[h] : 0);
        sdb_bind_blob(st, 8, samples_blob, SAMPLES_BLOB_BYTES);
    } else {
        sdb_bind_null(st, 8);
    }
    sdb_bind_i64(st, 9, import_id);
}

/* The stored day row (rid, metric, day) into *old; *old_import and *old_import_mask
 * say which hours an earlier write came from. */
static enum status read_day(struct store_metrics_writer *w, int64_t rid, int metric, int32_t day,
                            struct metric_day *old, int64_t *old_import, uint32_t *old_import_mask,
                            struct err *e)
{
    struct sdb_stmt *st = w->get;
    sdb_reset(st);
    sdb_bind_i64(st, 1, rid);
    sdb_bind_i64(st, 2, metric);
    sdb_bind_i64(st, 3, day);
    enum sdb_rc step = store_step(st, "cannot read a stored metrics day", e);
    if (step != SDB_ROW) {
        sdb_reset(st);
        if (step == SDB_DONE) /* the insert just found it: not expected */
            err_set(e, ST_DB, "cannot read a stored metrics day: the row is missing");
        return ST_DB;
    }
    old->hour_mask = (uint32_t)sdb_column_i64(st, 0);
    enum status rc = ST_OK;
    if (store_metric_day_decode(sdb_column_blob(st, 1), sdb_column_bytes(st, 1), old->avg) != 0)
        rc = err_set(e, ST_DB, "metric_days: damaged avg_values blob");
    if (sdb_column_is_null(st, 2))
        memcpy(old->max, old->avg, sizeof old->max);
    else if (store_metric_day_decode(sdb_column_blob(st, 2), sdb_column_bytes(st, 2), old->max) !=
             0)
        rc = err_set(e, ST_DB, "metric_days: damaged max_values blob");
    const unsigned char *sb = sdb_column_blob(st, 3);
    int sbytes = sdb_column_bytes(st, 3);
    for (int h = 0; h < 24; h++)
        old->samples[h] = sb && sbytes == SAMPLES_BLOB_BYTES ? get_u32le(sb + 4 * h) : 1;
    *old_import = sdb_column_i64(st, 4);
    *old_import_mask = (uint32_t)sdb_column_i64(st, 5);
    sdb_reset(st);
    return rc;
}

/* Fold the new day d into the stored one (old, from import old_import, its
 * hours in old_mask): hours of an older import are replaced, hours this
 * import wrote before are merged (sample-weighted mean, max of maxima). */
static void merge_day(struct metric_day *old, int same_import, uint32_t old_mask,
                      const struct metric_day *d)
{
    for (int h = 0; h < 24; h++) {
        uint32_t bit = 1U << h;
        if (!(d->hour_mask & bit))
            continue;
        if (!same_import || !(old_mask & bit) || !(old->hour_mask & bit)) {
            old->avg[h] = d->avg[h];
            old->max[h] = d->max[h];
            old->samples[h] = d->samples[h];
            continue;
        }
        if (isnan(old->avg[h])) {
            old->avg[h] = d->avg[h];
            old->samples[h] = d->samples[h];
        } else if (!isnan(d->avg[h])) {
            double n0 = old->samples[h], n1 = d->samples[h];
            old->avg[h] = (old->avg[h] * n0 + d->avg[h] * n1) / (n0 + n1);
            old->samples[h] += d->samples[h];
        }
        if (isnan(old->max[h]) || (!isnan(d->max[h]) && d->max[h] > old->max[h]))
            old->max[h] = d->max[h];
    }
    old->hour_mask |= d->hour_mask;
}

enum status store_metrics_writer_put_day(struct store_metrics_writer *w, int64_t rid,
                                         enum metric_kind metric, int32_t day,
                                         const struct metric_day *d, struct err *e)
{
    if (!d->hour_mask)
        return ST_OK;
    unsigned char avg_blob[DAY_BLOB_BYTES], max_blob[DAY_BLOB_BYTES];
    unsigned char samples_blob[SAMPLES_BLOB_BYTES];
    struct sdb_stmt *st = w->insert;
    sdb_reset(st);
    sdb_bind_i64(st, 1, rid);
    sdb_bind_i64(st, 2, (int)metric);
    sdb_bind_i64(st, 3, day);
    bind_day(st, d, w->import_id, avg_blob, max_blob, samples_blob);
    if (store_step_done(st, "cannot store metrics", e) != ST_OK)
        return ST_DB;
    if (sdb_changes(w->s->sdb) > 0) {
        w->hours += store_metric_day_popcount(d->hour_mask);
        return ST_OK;
    }
    /* the day exists: merge in C and rewrite it */
    struct metric_day old;
    int64_t old_import = 0;
    uint32_t old_import_mask = 0;
    enum status rc = read_day(w, rid, (int)metric, day, &old, &old_import, &old_import_mask, e);
    if (rc != ST_OK)
        return rc;
    int same = old_import == w->import_id;
    uint32_t import_mask = same ? old_import_mask | d->hour_mask : d->hour_mask;
    w->hours += store_metric_day_popcount(d->hour_mask & ~(same ? old_import_mask : 0U));
    merge_day(&old, same, old_import_mask, d);
    st = w->update;
    sdb_reset(st);
    sdb_bind_i64(st, 1, rid);
    sdb_bind_i64(st, 2, (int)metric);
    sdb_bind_i64(st, 3, day);
    bind_day(st, &old, w->import_id, avg_blob, max_blob, samples_blob);
    sdb_bind_i64(st, 10, (int64_t)import_mask);
    return store_step_done(st, "cannot store metrics", e);
}

enum status store_metrics_writer_finish(struct store_metrics_writer *w, int64_t first_hour,
                                        int64_t last_hour, struct err *e)
{
    struct sdb_stmt *st = NULL;
    int64_t rows = w->hours;
    enum status rc = sdb_prepare(w->s->sdb,
                                 "UPDATE imports SET row_count = ?, period_start = ?, "
                                 "period_end = ? WHERE id = ?",
                                 &st, e);
    if (rc == ST_OK) {
        char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
        sdb_bind_i64(st, 1, rows);
        if (rows > 0) {
            sdb_bind_text(st, 2, date_format(date_day_of_hour(first_hour), from));
            sdb_bind_text(st, 3, date_format(date_day_of_hour(last_hour), to));
        }
        sdb_bind_i64(st, 4, w->import_id);
        rc = store_step_done(st, "cannot record import", e);
        sdb_finalize(st);
    }
    /* Remember the latest hour so store_metrics_last_hour() needs no scan. */
    if (rc == ST_OK && rows > 0) {
        rc = sdb_prepare(w->s->sdb,
                         "INSERT INTO settings (key, value) VALUES ('metrics_last_hour', ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = CASE "
                         "WHEN CAST(settings.value AS BIGINT) < CAST(excluded.value AS BIGINT) "
                         "THEN excluded.value ELSE settings.value END",
                         &st, e);
        if (rc == ST_OK) {
            char v[32];
            snprintf(v, sizeof v, "%lld", (long long)last_hour);
            sdb_bind_text(st, 1, v);
            rc = store_step_done(st, "cannot record last metrics hour", e);
            sdb_finalize(st);
        }
    }
    if (rc == ST_OK)
        rc = store_commit(w->s, e);
    if (rc != ST_OK)
        store_rollback(w->s);
    writer_free(w);
    return rc;
}

void store_metrics_writer_abort(struct store_metrics_writer *w)
{
    if (!w)
        return;
    store_rollback(w->s);
    writer_free(w);
}

/* ---------------------------------------------------------------- readers */

/* Copy a day row's values (columns col, col+1: avg_values, max_values) into
 * avg/max over hours [hour_from, hour_from + n); either may be NULL. Absent
 * hours are NaN in the blobs, as in the arrays. */
static int spread_day(struct sdb_stmt *st, int col, int32_t day, int64_t hour_from, size_t n,
                      double *avg, double *max)
{
    int64_t base = (int64_t)day * 24 - hour_from;
    int whole = base >= 0 && base + 24 <= (int64_t)n;
    double a[24], m[24];
    double *a_to = whole && avg ? avg + base : a, *m_to = whole && max ? max + base : m;
    if (store_metric_day_decode(sdb_column_blob(st, col), sdb_column_bytes(st, col), a_to) != 0)
        return -1;
    if (max && !sdb_column_is_null(st, col + 1)) {
        if (store_metric_day_decode(sdb_column_blob(st, col + 1), sdb_column_bytes(st, col + 1),
                                    m_to) != 0)
            return -1;
    } else if (max) {
        memcpy(m_to, a_to, sizeof m);
    }
    if (whole)
        return 0;
    for (int h = 0; h < 24; h++) {
        int64_t i = base + h;
        if (i < 0 || i >= (int64_t)n)
            continue;
        if (avg)
            avg[i] = a[h];
        if (max)
            max[i] = m[h];
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum status store_metrics_resources(struct store *s, char ***ids, size_t *n, struct err *e)
{
    *ids = NULL;
    *n = 0;
    struct sdb_stmt *st = NULL;
    enum status rc =
        sdb_prepare(s->sdb,
                    "SELECT r.resource_id FROM metric_resources r "
                    "WHERE EXISTS (SELECT 1 FROM metric_days m WHERE m.resource_id = r.id) "
                    "ORDER BY r.resource_id",
                    &st, e);
    if (rc != ST_OK)
        return rc;
    size_t cap = 0;
    char **v = NULL;
    enum sdb_rc step;
    while ((step = store_step(st, "cannot list metric resources", e)) == SDB_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **p = realloc(v, ncap * sizeof *p);
            if (!p) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            v = p;
            cap = ncap;
        }
        char *id = store_col_strdup(st, 0);
        if (!id) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        v[(*n)++] = id;
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK) {
        for (size_t i = 0; i < *n; i++)
            free(v[i]);
        free(v);
        *n = 0;
        return rc;
    }
    /* byte order whatever the PostgreSQL database's collation (item 17 of
     * docs/postgresql.md); SQLite's BINARY order already is, so a no-op there */
    if (*n > 1)
        qsort(v, *n, sizeof *v, cmp_str);
    *ids = v;
    return ST_OK;
}

int store_metric_day_last_hour(uint32_t mask)
{
    int h = -1;
    for (int k = 0; k < 24; k++)
        if (mask & (1U << k))
            h = k;
    return h;
}

int store_metric_day_first_hour(uint32_t mask)
{
    for (int k = 0; k < 24; k++)
        if (mask & (1U << k))
            return k;
    return -1;
}

enum status store_metrics_last_hour(struct store *s, int64_t *hour, struct err *e)
{
    char *saved = store_get_setting(s, "metrics_last_hour");
    if (saved) {
        char *end;
        long long v = strtoll(saved, &end, 10);
        int ok = end != saved && *end == '\0';
        free(saved);
        if (ok) {
            *hour = (int64_t)v;
            return ST_OK;
        }
    }
    /* the last day, then the latest hour set in any of its rows */
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(s->sdb,
                                 "SELECT day, hour_mask FROM metric_days "
                                 "WHERE day = (SELECT MAX(day) FROM metric_days)",
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    int64_t best = INT64_MIN;
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read metrics", e)) == SDB_ROW) {
        int h = store_metric_day_last_hour((uint32_t)sdb_column_i64(st, 1));
        int64_t v = (int64_t)(int)sdb_column_i64(st, 0) * 24 + h;
        if (h >= 0 && v > best)
            best = v;
    }
    if (step != SDB_DONE)
        rc = ST_DB;
    else if (best == INT64_MIN)
        rc = err_set(e, ST_NOTFOUND, "no metrics imported");
    else
        *hour = best;
    sdb_finalize(st);
    return rc;
}

_Static_assert(METRIC_KIND_COUNT == 14, "the reader's IN list has one slot per metric kind");

struct store_metrics_reader {
    struct store *s;        /* borrowed */
    struct sdb_stmt *range; /* the wanted metrics of one resource over a day range */
    char *lower;            /* scratch for the lower-cased id */
    size_t lower_cap;       /* bytes in lower */
};

enum status store_metrics_reader_new(struct store *s, struct store_metrics_reader **out,
                                     struct err *e)
{
    struct store_metrics_reader *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ST_NOMEM, "out of memory");
    r->s = s;
    /* one statement per resource: the id through its unique index, then one
     * primary-key range per wanted metric (IN on the key's second column) */
    enum status rc =
        sdb_prepare(s->sdb,
                    "SELECT m.metric, m.day, m.avg_values, m.max_values FROM metric_resources r "
                    "JOIN metric_days m ON m.resource_id = r.id "
                    "WHERE r.resource_id = ?1 AND m.metric IN (?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                    "?9, ?10, ?11, ?12, ?13, ?14, ?15) AND m.day >= ?16 AND m.day <= ?17",
                    &r->range, e);
    if (rc != ST_OK) {
        store_metrics_reader_free(r);
        return rc;
    }
    *out = r;
    return ST_OK;
}

/* Set the wanted series to NAN and bind the IN list (-1 for kinds not
 * wanted); returns 1 when any series is wanted. */
static int reader_prepare(struct sdb_stmt *st, size_t n, double *const *avg, double *const *max)
{
    int wanted = 0;
    for (int k = 0; k < METRIC_KIND_COUNT; k++) {
        double *a = avg ? avg[k] : NULL, *m = max ? max[k] : NULL;
        for (size_t i = 0; i < n; i++) {
            if (a)
                a[i] = NAN;
            if (m)
                m[i] = NAN;
        }
        sdb_bind_i64(st, 2 + k, a || m ? k : -1);
        wanted |= a || m;
    }
    return wanted;
}

enum status store_metrics_reader_load(struct store_metrics_reader *r, const char *resource_id,
                                      int64_t hour_from, size_t n, double *const *avg,
                                      double *const *max, struct err *e)
{
    struct sdb_stmt *st = r->range;
    sdb_reset(st);
    if (!reader_prepare(st, n, avg, max) || n == 0)
        return ST_OK;
    size_t len = strlen(resource_id);
    if (lower_into(&r->lower, &r->lower_cap, resource_id, len) != 0)
        return err_set(e, ST_NOMEM, "out of memory");
    sdb_bind_text(st, 1, r->lower);
    sdb_bind_i64(st, 2 + METRIC_KIND_COUNT, date_day_of_hour(hour_from));
    sdb_bind_i64(st, 3 + METRIC_KIND_COUNT, date_day_of_hour(hour_from + (int64_t)n - 1));
    enum sdb_rc step;
    enum status rc = ST_OK;
    while ((step = store_step(st, "cannot read metrics", e)) == SDB_ROW) {
        int k = (int)sdb_column_i64(st, 0);
        if (k < 0 || k >= METRIC_KIND_COUNT)
            continue;
        if (spread_day(st, 2, (int)sdb_column_i64(st, 1), hour_from, n, avg ? avg[k] : NULL,
                       max ? max[k] : NULL) != 0) {
            rc = err_set(e, ST_DB, "metric_days: damaged values blob");
            break;
        }
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_reset(st);
    return rc;
}

void store_metrics_reader_free(struct store_metrics_reader *r)
{
    if (!r)
        return;
    sdb_finalize(r->range);
    free(r->lower);
    free(r);
}

enum status store_metrics_get(struct store *s, const char *resource_id, enum metric_kind metric,
                              int64_t hour_from, size_t n, double *avg, double *max, struct err *e)
{
    if ((int)metric < 0 || metric >= METRIC_KIND_COUNT)
        return err_set(e, ST_USAGE, "store_metrics_get: unknown metric kind %d", (int)metric);
    double *avgs[METRIC_KIND_COUNT] = {0}, *maxs[METRIC_KIND_COUNT] = {0};
    avgs[metric] = avg;
    maxs[metric] = max;
    struct store_metrics_reader *r = NULL;
    enum status rc = store_metrics_reader_new(s, &r, e);
    if (rc != ST_OK || !r)
        return rc != ST_OK ? rc : ST_NOMEM;
    rc = store_metrics_reader_load(r, resource_id, hour_from, n, avgs, maxs, e);
    store_metrics_reader_free(r);
    return rc;
}

/* ---------------------------------------------------------------- migration */

enum status store_metrics_migrate_days(struct store *s, struct err *e)
{
    /* hourly rows of schema 2-4, in primary-key order, folded into days */
    struct sdb_stmt *rd = NULL, *wr = NULL;
    enum status rc = sdb_prepare(s->sdb,
                                 "SELECT resource_id, metric, hour, avg_value, max_value, "
                                 "samples, import_id FROM metrics "
                                 "ORDER BY resource_id, metric, hour",
                                 &rd, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb,
                         "INSERT INTO metric_days (resource_id, metric, day, hour_count, "
                         "hour_mask, avg_values, max_values, samples, import_id, import_mask) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                         &wr, e);
    struct metric_day d;
    int64_t cur_rid = -1, cur_import = 0;
    int cur_metric = -1;
    int32_t cur_day = 0;
    uint32_t cur_import_mask = 0;
    unsigned char ab[DAY_BLOB_BYTES], mb[DAY_BLOB_BYTES], sb[SAMPLES_BLOB_BYTES];
    memset(&d, 0, sizeof d);
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK) {
        step = store_step(rd, "cannot read hourly metrics", e);
        int64_t rid = 0, hour = 0;
        int metric = 0;
        int32_t day = 0;
        if (step == SDB_ROW) {
            rid = sdb_column_i64(rd, 0);
            metric = (int)sdb_column_i64(rd, 1);
            hour = sdb_column_i64(rd, 2);
            day = date_day_of_hour(hour);
        }
        if (d.hour_mask &&
            (step != SDB_ROW || rid != cur_rid || metric != cur_metric || day != cur_day)) {
            sdb_reset(wr);
            sdb_bind_i64(wr, 1, cur_rid);
            sdb_bind_i64(wr, 2, cur_metric);
            sdb_bind_i64(wr, 3, cur_day);
            bind_day(wr, &d, cur_import, ab, mb, sb);
            /* the newest import of the day owns the hours it wrote */
            sdb_bind_i64(wr, 10, (int64_t)cur_import_mask);
            if ((rc = store_step_done(wr, "cannot convert metrics to days", e)) != ST_OK)
                break;
            memset(&d, 0, sizeof d);
            cur_import = 0;
            cur_import_mask = 0;
        }
        if (step != SDB_ROW)
            break;
        cur_rid = rid;
        cur_metric = metric;
        cur_day = day;
        int h = (int)(hour - (int64_t)day * 24);
        d.hour_mask |= 1U << h;
        d.avg[h] = sdb_column_is_null(rd, 3) ? NAN : sdb_column_double(rd, 3);
        d.max[h] = sdb_column_is_null(rd, 4) ? NAN : sdb_column_double(rd, 4);
        d.samples[h] = (uint32_t)sdb_column_i64(rd, 5);
        int64_t imp = sdb_column_i64(rd, 6);
        if (imp > cur_import) {
            cur_import = imp;
            cur_import_mask = 0;
        }
        if (imp == cur_import)
            cur_import_mask |= 1U << h;
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(rd);
    sdb_finalize(wr);
    if (rc == ST_OK)
        rc = sdb_exec(s->sdb, "DROP TABLE metrics", e);
    return rc;
}
