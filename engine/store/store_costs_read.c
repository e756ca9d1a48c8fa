/*
 * store_costs_read.c - the read side of the cost store (store_costs.h):
 * exact monthly sums grouped by one dimension, and dataset probes, read
 * from the daily rollups (cost_daily) except the grouping by resource.
 *
 * Sums are taken in SQL over the two integer money columns (SUM(cost_e6),
 * SUM(cost_e12)) and normalised in C, so a total is exact whatever the
 * number of rows. The actual and amortized datasets are never mixed and
 * currencies are never summed together: both are part of every grouping.
 * The write side (store_import_*) lives in store_costs.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_costs.h"
#include "store_internal.h"

/* Shared tail of the raw-row grouping queries (by resource, and by the
 * object keys the system rules read): joins,
 * filters, grouping. ?1 dataset, ?2/?3 inclusive ISO date bounds, ?4
 * department name or NULL. */
#define COST_SUM_FROM                                                                              \
    " FROM costs c"                                                                                \
    " JOIN cost_objects o ON o.id = c.object_id"                                                   \
    " JOIN departments d ON d.id = o.department_id"                                                \
    " JOIN subscriptions s ON s.id = c.subscription_id"                                            \
    " JOIN meters m ON m.id = c.meter_id"                                                          \
    " WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3"                          \
    " AND (CAST(?4 AS TEXT) IS NULL OR d.name = ?4)"                                               \
    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"

#define COST_SUM_SELECT(key_expr)                                                                  \
    "SELECT " key_expr ", c.currency, substr(c.usage_date, 1, 7),"                                 \
    " SUM(c.cost_e6), SUM(c.cost_e12)" COST_SUM_FROM

/* The same over the daily rollups (cost_daily, store_costs_rollup.c): one
 * row per day and group instead of one per cost row; r.service_name is the
 * meters' service. */
#define ROLLUP_SUM_FROM                                                                            \
    " FROM cost_daily r"                                                                           \
    " JOIN departments d ON d.id = r.department_id"                                                \
    " JOIN subscriptions s ON s.id = r.subscription_id"                                            \
    " WHERE r.dataset = ?1 AND r.usage_date >= ?2 AND r.usage_date <= ?3"                          \
    " AND (CAST(?4 AS TEXT) IS NULL OR d.name = ?4)"                                               \
    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"

#define ROLLUP_SUM_SELECT(key_expr)                                                                \
    "SELECT " key_expr ", r.currency, substr(r.usage_date, 1, 7),"                                 \
    " SUM(r.cost_e6), SUM(r.cost_e12)" ROLLUP_SUM_FROM

/* COST_DIM_OBJECT: what attribution rules look at, unit-separated. The
 * separator is a string literal holding the byte 0x1f, the same on both
 * backends (SQLite spells the function char(31), PostgreSQL chr(31)). */
#define OBJECT_KEY                                                                                 \
    "d.name || '\x1f' || s.sub_key || '\x1f' || s.name || '\x1f' || o.resource_group"              \
    " || '\x1f' || o.tags"

/* The region as summary --by region shows it (see COST_DIM_REGION); from
 * the meters, so it reads the cost rows. */
#define REGION_KEY                                                                                 \
    "CASE WHEN m.location = '' THEN '(no region)' WHEN replace(m.location, ' ', '') = 'jaeast' "   \
    "THEN 'japaneast' WHEN replace(m.location, ' ', '') = 'jawest' THEN 'japanwest' "              \
    "ELSE replace(m.location, ' ', '') END"

#define SUB_NAME "CASE WHEN s.name <> '' THEN s.name ELSE s.sub_key END"
#define RES_NAME "CASE WHEN o.resource_id <> '' THEN o.resource_id ELSE '(no resource)' END"

/* One fixed statement per dimension (indexed by enum cost_dim): no SQL is
 * ever assembled at run time. Every grouping but the resource, the object (attribution rules) and
 * the region (from the meters) reads the rollups. */
static const char *const cost_sum_sql[] = {
    [COST_DIM_TOTAL] = ROLLUP_SUM_SELECT("'total'"),
    [COST_DIM_DEPARTMENT] = ROLLUP_SUM_SELECT("d.name"),
    [COST_DIM_SUBSCRIPTION] = ROLLUP_SUM_SELECT(SUB_NAME),
    [COST_DIM_SERVICE] = ROLLUP_SUM_SELECT("r.service_name"),
    [COST_DIM_RESOURCE] = COST_SUM_SELECT(RES_NAME),
    [COST_DIM_OBJECT] = COST_SUM_SELECT(OBJECT_KEY),
    [COST_DIM_REGION] = COST_SUM_SELECT(REGION_KEY),
};

/* The same with the service in the key (struct cost_query.by_service). */
static const char *const cost_sum_svc_sql[] = {
    [COST_DIM_TOTAL] = ROLLUP_SUM_SELECT("'total' || '\x1f' || r.service_name"),
    [COST_DIM_DEPARTMENT] = ROLLUP_SUM_SELECT("d.name || '\x1f' || r.service_name"),
    [COST_DIM_SUBSCRIPTION] = ROLLUP_SUM_SELECT(SUB_NAME " || '\x1f' || r.service_name"),
    [COST_DIM_SERVICE] = ROLLUP_SUM_SELECT("r.service_name || '\x1f' || r.service_name"),
    [COST_DIM_RESOURCE] = COST_SUM_SELECT(RES_NAME " || '\x1f' || m.service_name"),
    [COST_DIM_OBJECT] = COST_SUM_SELECT(OBJECT_KEY " || '\x1f' || m.service_name"),
    [COST_DIM_REGION] = COST_SUM_SELECT(REGION_KEY " || '\x1f' || m.service_name"),
};

/* Append one cell, growing the array geometrically. */
static enum status cells_push(struct cost_cells *out, size_t *cap, const char *key,
                              const char *currency, int month, struct money cost, struct err *e)
{
    if (out->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        struct cost_cell *v = realloc(out->v, ncap * sizeof *v);
        if (!v)
            return err_set(e, ST_NOMEM, "out of memory");
        out->v = v;
        *cap = ncap;
    }
    struct cost_cell *c = &out->v[out->n];
    c->key = strdup(key);
    c->currency = strdup(currency);
    if (!c->key || !c->currency) {
        free(c->key);
        free(c->currency);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    c->month = month;
    c->cost = cost;
    out->n++;
    return ST_OK;
}

enum status store_cost_by_month(struct store *s, const struct cost_query *q, struct cost_cells *out,
                                struct err *e)
{
    out->v = NULL;
    out->n = 0;
    if ((unsigned)q->dim >= sizeof cost_sum_sql / sizeof cost_sum_sql[0])
        return err_set(e, ST_USAGE, "unknown cost grouping %d", (int)q->dim);
    char from[DATE_ISO_LEN] = "0000-01-01", to[DATE_ISO_LEN] = "9999-12-31";
    if (q->from_day != INT32_MIN)
        date_format(q->from_day, from);
    if (q->to_day != INT32_MAX)
        date_format(q->to_day, to);

    struct sdb_stmt *st;
    const char *sql = (q->by_service ? cost_sum_svc_sql : cost_sum_sql)[q->dim];
    /* a row per resource and month can be many: a cursor on PostgreSQL */
    enum status rc = q->dim == COST_DIM_RESOURCE || q->dim == COST_DIM_OBJECT
                         ? sdb_prepare_stream(s->sdb, sql, &st, e)
                         : sdb_prepare(s->sdb, sql, &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)q->dataset);
    sdb_bind_text(st, 2, from);
    sdb_bind_text(st, 3, to);
    sdb_bind_text_copy(st, 4, q->department);

    size_t cap = 0;
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read cost sums", e)) == SDB_ROW) {
        const char *key = sdb_column_text(st, 0);
        const char *currency = sdb_column_text(st, 1);
        const char *ym = sdb_column_text(st, 2);
        int month;
        if (!ym || month_parse(ym, &month) != 0) {
            rc = err_set(e, ST_DB, "cost row with a malformed usage date '%s'", ym ? ym : "");
            break;
        }
        struct money cost = money_normalize(sdb_column_i64(st, 3), sdb_column_i64(st, 4));
        rc = cells_push(out, &cap, key ? key : "", currency ? currency : "", month, cost, e);
        if (rc != ST_OK)
            break;
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK)
        cost_cells_release(out);
    return rc;
}

static int cmp_cell(const void *a, const void *b)
{
    const struct cost_cell *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c == 0)
        c = strcmp(x->currency, y->currency);
    if (c == 0)
        c = (x->month > y->month) - (x->month < y->month);
    return c;
}

void cost_cells_sort_merge(struct cost_cells *out)
{
    qsort(out->v, out->n, sizeof *out->v, cmp_cell);
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (k > 0 && cmp_cell(&out->v[k - 1], &out->v[i]) == 0) {
            out->v[k - 1].cost = money_add(out->v[k - 1].cost, out->v[i].cost);
            free(out->v[i].key);
            free(out->v[i].currency);
            continue;
        }
        out->v[k++] = out->v[i];
    }
    out->n = k;
}

void cost_cells_release(struct cost_cells *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].key);
        free(c->v[i].currency);
    }
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

enum status store_cost_last_day(struct store *s, enum cost_dataset ds, int32_t *day, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc =
        sdb_prepare(s->sdb, "SELECT MAX(usage_date) FROM cost_daily WHERE dataset = ?", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)ds);
    if (store_step_row(st, "cannot read the last usage day", e) != ST_OK) {
        rc = ST_DB;
    } else {
        const char *iso = sdb_column_text(st, 0);
        if (!iso)
            rc = err_set(e, ST_NOTFOUND, "no %s cost data in the store",
                         ds == DATASET_AMORTIZED ? "amortized" : "actual");
        else if (date_parse(iso, strlen(iso), day) != 0)
            rc = err_set(e, ST_DB, "cost row with a malformed usage date '%s'", iso);
    }
    sdb_finalize(st);
    return rc;
}

enum status store_cost_day_range(struct store *s, enum cost_dataset ds, int32_t *first,
                                 int32_t *last, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(
        s->sdb, "SELECT MIN(usage_date), MAX(usage_date) FROM costs WHERE dataset = ?", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)ds);
    if (store_step_row(st, "cannot read the usage days", e) != ST_OK) {
        rc = ST_DB;
    } else {
        const char *a = sdb_column_text(st, 0);
        const char *b = sdb_column_text(st, 1);
        if (!a || !b)
            rc = err_set(e, ST_NOTFOUND, "no %s cost data in the store",
                         ds == DATASET_AMORTIZED ? "amortized" : "actual");
        else if (date_parse(a, strlen(a), first) != 0 || date_parse(b, strlen(b), last) != 0)
            rc = err_set(e, ST_DB, "cost row with a malformed usage date");
    }
    sdb_finalize(st);
    return rc;
}

int store_cost_has_dataset(struct store *s, enum cost_dataset ds)
{
    struct sdb_stmt *st;
    if (sdb_prepare(s->sdb, "SELECT 1 FROM cost_daily WHERE dataset = ? LIMIT 1", &st, NULL) !=
        ST_OK)
        return 0;
    sdb_bind_i64(st, 1, (int)ds);
    int found = sdb_step(st, NULL) == SDB_ROW;
    sdb_finalize(st);
    return found;
}

/* ---- the id range of a window ----
 * costs has no index on usage_date (bulk imports stay fast without one),
 * but every import records the id range and the usage-day period of its
 * rows, and its rows are contiguous (one transaction). The rows of a window
 * therefore lie inside the hull of the ranges of the imports whose periods
 * overlap it: a scan of a month reads that month's imports, not the whole
 * history. Rows written outside any import (by hand, with sqlite3) would
 * not be covered; when the table holds ids beyond the recorded ranges the
 * hull is the whole table. */
enum status store_cost_id_hull(struct store *s, const char *from, const char *to, int64_t *lo,
                               int64_t *hi, struct err *e)
{
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    struct sdb_stmt *st = NULL;
    enum status rc =
        sdb_prepare(s->sdb,
                    "SELECT (SELECT MIN(id) FROM costs), (SELECT MAX(id) FROM costs), "
                    "(SELECT MIN(first_cost_id) FROM imports WHERE first_cost_id IS NOT NULL), "
                    "(SELECT MAX(last_cost_id) FROM imports WHERE last_cost_id IS NOT NULL), "
                    "(SELECT MIN(first_cost_id) FROM imports WHERE first_cost_id IS NOT NULL "
                    "  AND period_start IS NOT NULL AND period_start <= ?2 AND period_end >= ?1), "
                    "(SELECT MAX(last_cost_id) FROM imports WHERE last_cost_id IS NOT NULL "
                    "  AND period_start IS NOT NULL AND period_start <= ?2 AND period_end >= ?1)",
                    &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, from);
    sdb_bind_text(st, 2, to);
    if (store_step_row(st, "cannot read import ranges", e) != ST_OK) {
        rc = ST_DB;
    } else if (sdb_column_is_null(st, 0)) {
        *lo = 1; /* no cost rows at all */
        *hi = 0;
    } else if (!sdb_column_is_null(st, 2) && sdb_column_i64(st, 0) >= sdb_column_i64(st, 2) &&
               sdb_column_i64(st, 1) <= sdb_column_i64(st, 3)) {
        /* every row lies inside the recorded ranges */
        if (sdb_column_is_null(st, 4)) {
            *lo = 1; /* no import overlaps the window */
            *hi = 0;
        } else {
            *lo = sdb_column_i64(st, 4);
            *hi = sdb_column_i64(st, 5);
        }
    }
    sdb_finalize(st);
    return rc;
}
