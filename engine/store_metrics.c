/*
 * store_metrics.c - hourly utilisation metrics in the store (see
 * store_metrics.h): the import writer with its cached statements, and the
 * readers used by right-sizing and schedules. Only SQL lives here.
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
    "Percentage CPU",   "Available Memory Bytes",   "Network Out Total",
    "Network In Total", "Disk Read Operations/Sec", "Disk Write Operations/Sec",
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
};

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

/* ---------------------------------------------------------------- writer */

struct store_metrics_writer {
    struct store *s;          /* borrowed */
    int64_t import_id;        /* the imports row */
    sqlite3_stmt *put;        /* upsert into metrics */
    sqlite3_stmt *res_find;   /* metric_resources by id text */
    sqlite3_stmt *res_insert; /* new metric_resources row */
    struct strmap res_cache;  /* lower-case id -> metric_resources.id */
    char *lower;              /* scratch for lower-casing ids */
    size_t lower_cap;         /* bytes in lower */
};

static void writer_free(struct store_metrics_writer *w)
{
    if (!w)
        return;
    sqlite3_finalize(w->put);
    sqlite3_finalize(w->res_find);
    sqlite3_finalize(w->res_insert);
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
    /* Same import: merge sample-weighted; an older import: replace. */
    if (rc == ST_OK)
        rc = store_prepare(
            s,
            "INSERT INTO metrics (resource_id, metric, hour, avg_value, max_value, samples, "
            "import_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (resource_id, metric, hour) DO UPDATE SET "
            "avg_value = CASE WHEN metrics.import_id <> excluded.import_id "
            "  OR metrics.avg_value IS NULL THEN excluded.avg_value "
            "  WHEN excluded.avg_value IS NULL THEN metrics.avg_value "
            "  ELSE (metrics.avg_value * metrics.samples + excluded.avg_value * excluded.samples) "
            "       / (metrics.samples + excluded.samples) END, "
            "max_value = CASE WHEN metrics.import_id <> excluded.import_id "
            "  OR metrics.max_value IS NULL THEN excluded.max_value "
            "  WHEN excluded.max_value IS NULL OR metrics.max_value >= excluded.max_value "
            "  THEN metrics.max_value ELSE excluded.max_value END, "
            "samples = CASE WHEN metrics.import_id <> excluded.import_id THEN excluded.samples "
            "  ELSE metrics.samples + excluded.samples END, "
            "import_id = excluded.import_id",
            &w->put, e);
    if (rc == ST_OK)
        rc = store_prepare(s, "SELECT id FROM metric_resources WHERE resource_id = ?", &w->res_find,
                           e);
    if (rc == ST_OK)
        rc = store_prepare(s, "INSERT INTO metric_resources (resource_id) VALUES (?)",
                           &w->res_insert, e);
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

enum status store_metrics_writer_resource(struct store_metrics_writer *w, const char *id,
                                          size_t len, int64_t *rid, struct err *e)
{
    if (len + 1 > w->lower_cap) {
        size_t cap = len + 64;
        char *p = realloc(w->lower, cap);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        w->lower = p;
        w->lower_cap = cap;
    }
    for (size_t i = 0; i < len; i++)
        w->lower[i] = (char)tolower((unsigned char)id[i]);
    w->lower[len] = '\0';
    if (strmap_get(&w->res_cache, w->lower, len, rid))
        return ST_OK;
    sqlite3_stmt *st = w->res_find;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, w->lower, (int)len, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *rid = sqlite3_column_int64(st, 0);
    } else if (step == SQLITE_DONE) {
        sqlite3_stmt *ins = w->res_insert;
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, w->lower, (int)len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return store_db_err(w->s, e, "cannot add metric resource");
        *rid = sqlite3_last_insert_rowid(w->s->db);
    } else {
        return store_db_err(w->s, e, "cannot look up metric resource");
    }
    sqlite3_reset(st);
    if (strmap_put(&w->res_cache, w->lower, len, *rid) != 0)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

static void bind_opt_double(sqlite3_stmt *st, int idx, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, idx);
    else
        sqlite3_bind_double(st, idx, v);
}

enum status store_metrics_writer_put(struct store_metrics_writer *w, int64_t rid,
                                     enum metric_kind metric, int64_t hour, double avg_value,
                                     double max_value, int64_t samples, struct err *e)
{
    sqlite3_stmt *st = w->put;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, rid);
    sqlite3_bind_int(st, 2, (int)metric);
    sqlite3_bind_int64(st, 3, hour);
    bind_opt_double(st, 4, avg_value);
    bind_opt_double(st, 5, max_value);
    sqlite3_bind_int64(st, 6, samples > 0 ? samples : 1);
    sqlite3_bind_int64(st, 7, w->import_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        return store_db_err(w->s, e, "cannot store metric");
    return ST_OK;
}

enum status store_metrics_writer_finish(struct store_metrics_writer *w, int64_t rows,
                                        int64_t first_hour, int64_t last_hour, struct err *e)
{
    sqlite3_stmt *st = NULL;
    enum status rc = store_prepare(w->s,
                                   "UPDATE imports SET row_count = ?, period_start = ?, "
                                   "period_end = ? WHERE id = ?",
                                   &st, e);
    if (rc == ST_OK) {
        char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
        sqlite3_bind_int64(st, 1, rows);
        if (rows > 0) {
            sqlite3_bind_text(st, 2, date_format((int32_t)(first_hour / 24), from), -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(st, 3, date_format((int32_t)(last_hour / 24), to), -1, SQLITE_STATIC);
        }
        sqlite3_bind_int64(st, 4, w->import_id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_db_err(w->s, e, "cannot record import");
        sqlite3_finalize(st);
    }
    /* Remember the latest hour so store_metrics_last_hour() needs no scan. */
    if (rc == ST_OK && rows > 0) {
        rc = store_prepare(w->s,
                           "INSERT INTO settings (key, value) VALUES ('metrics_last_hour', ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = CASE "
                           "WHEN CAST(settings.value AS INTEGER) < CAST(excluded.value AS INTEGER) "
                           "THEN excluded.value ELSE settings.value END",
                           &st, e);
        if (rc == ST_OK) {
            char v[32];
            snprintf(v, sizeof v, "%lld", (long long)last_hour);
            sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = store_db_err(w->s, e, "cannot record last metrics hour");
            sqlite3_finalize(st);
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

enum status store_metrics_get(struct store *s, const char *resource_id, enum metric_kind metric,
                              int64_t hour_from, size_t n, double *avg, double *max, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        if (avg)
            avg[i] = NAN;
        if (max)
            max[i] = NAN;
    }
    size_t len = strlen(resource_id);
    char *lower = malloc(len + 1);
    if (!lower)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i <= len; i++)
        lower[i] = (char)tolower((unsigned char)resource_id[i]);
    sqlite3_stmt *st = NULL;
    enum status rc =
        store_prepare(s,
                      "SELECT m.hour, m.avg_value, m.max_value FROM metrics m "
                      "JOIN metric_resources r ON r.id = m.resource_id "
                      "WHERE r.resource_id = ? AND m.metric = ? AND m.hour >= ? AND m.hour < ?",
                      &st, e);
    if (rc != ST_OK) {
        free(lower);
        return rc;
    }
    sqlite3_bind_text(st, 1, lower, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)metric);
    sqlite3_bind_int64(st, 3, hour_from);
    sqlite3_bind_int64(st, 4, hour_from + (int64_t)n);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t k = sqlite3_column_int64(st, 0) - hour_from;
        if (k < 0 || (size_t)k >= n)
            continue;
        if (avg && sqlite3_column_type(st, 1) != SQLITE_NULL)
            avg[k] = sqlite3_column_double(st, 1);
        if (max && sqlite3_column_type(st, 2) != SQLITE_NULL)
            max[k] = sqlite3_column_double(st, 2);
    }
    if (step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot read metrics");
    sqlite3_finalize(st);
    free(lower);
    return rc;
}

enum status store_metrics_resources(struct store *s, char ***ids, size_t *n, struct err *e)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    enum status rc =
        store_prepare(s,
                      "SELECT r.resource_id FROM metric_resources r "
                      "WHERE EXISTS (SELECT 1 FROM metrics m WHERE m.resource_id = r.id) "
                      "ORDER BY r.resource_id",
                      &st, e);
    if (rc != ST_OK)
        return rc;
    size_t cap = 0;
    char **v = NULL;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
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
        char *id = store_column_strdup(st, 0);
        if (!id) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        v[(*n)++] = id;
    }
    if (rc == ST_OK && step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot list metric resources");
    sqlite3_finalize(st);
    if (rc != ST_OK) {
        for (size_t i = 0; i < *n; i++)
            free(v[i]);
        free(v);
        *n = 0;
        return rc;
    }
    *ids = v;
    return ST_OK;
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
    sqlite3_stmt *st = NULL;
    enum status rc = store_prepare(s, "SELECT MAX(hour) FROM metrics", &st, e);
    if (rc != ST_OK)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *hour = sqlite3_column_int64(st, 0);
    else if (step == SQLITE_ROW)
        rc = err_set(e, ST_NOTFOUND, "no metrics imported");
    else
        rc = store_db_err(s, e, "cannot read metrics");
    sqlite3_finalize(st);
    return rc;
}

struct store_metrics_reader {
    struct store *s;     /* borrowed */
    sqlite3_stmt *rid;   /* resource id text -> metric_resources.id */
    sqlite3_stmt *range; /* one metric of one resource over an hour range (a PK range scan) */
    char *lower;         /* scratch for the lower-cased id */
    size_t lower_cap;    /* bytes in lower */
};

enum status store_metrics_reader_new(struct store *s, struct store_metrics_reader **out,
                                     struct err *e)
{
    struct store_metrics_reader *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ST_NOMEM, "out of memory");
    r->s = s;
    /* values are never negative (the importers reject them), so -1 stands for NULL */
    enum status rc =
        store_prepare(s, "SELECT id FROM metric_resources WHERE resource_id = ?", &r->rid, e);
    if (rc == ST_OK)
        rc = store_prepare(s,
                           "SELECT hour, COALESCE(avg_value, -1), COALESCE(max_value, -1) "
                           "FROM metrics WHERE resource_id = ? AND metric = ? "
                           "AND hour >= ? AND hour < ?",
                           &r->range, e);
    if (rc != ST_OK) {
        store_metrics_reader_free(r);
        return rc;
    }
    *out = r;
    return ST_OK;
}

enum status store_metrics_reader_load(struct store_metrics_reader *r, const char *resource_id,
                                      int64_t hour_from, size_t n, double *const *avg,
                                      double *const *max, struct err *e)
{
    for (int k = 0; k < METRIC_KIND_COUNT; k++)
        for (size_t i = 0; i < n; i++) {
            if (avg && avg[k])
                avg[k][i] = NAN;
            if (max && max[k])
                max[k][i] = NAN;
        }
    size_t len = strlen(resource_id);
    if (len + 1 > r->lower_cap) {
        char *p = realloc(r->lower, len + 64);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        r->lower = p;
        r->lower_cap = len + 64;
    }
    for (size_t i = 0; i <= len; i++)
        r->lower[i] = (char)tolower((unsigned char)resource_id[i]);
    sqlite3_reset(r->rid);
    sqlite3_bind_text(r->rid, 1, r->lower, (int)len, SQLITE_STATIC);
    int step = sqlite3_step(r->rid);
    if (step == SQLITE_DONE) {
        sqlite3_reset(r->rid);
        return ST_OK; /* no metrics at all */
    }
    if (step != SQLITE_ROW)
        return store_db_err(r->s, e, "cannot read metric resources");
    int64_t rid = sqlite3_column_int64(r->rid, 0);
    sqlite3_reset(r->rid);
    for (int k = 0; k < METRIC_KIND_COUNT; k++) {
        double *a = avg ? avg[k] : NULL, *m = max ? max[k] : NULL;
        if (!a && !m)
            continue;
        sqlite3_stmt *st = r->range;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, rid);
        sqlite3_bind_int(st, 2, k);
        sqlite3_bind_int64(st, 3, hour_from);
        sqlite3_bind_int64(st, 4, hour_from + (int64_t)n);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t i = sqlite3_column_int64(st, 0) - hour_from;
            if (i < 0 || (size_t)i >= n)
                continue;
            double v;
            if (a && (v = sqlite3_column_double(st, 1)) >= 0)
                a[i] = v;
            if (m && (v = sqlite3_column_double(st, 2)) >= 0)
                m[i] = v;
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE)
            return store_db_err(r->s, e, "cannot read metrics");
    }
    return ST_OK;
}

void store_metrics_reader_free(struct store_metrics_reader *r)
{
    if (!r)
        return;
    sqlite3_finalize(r->rid);
    sqlite3_finalize(r->range);
    free(r->lower);
    free(r);
}
