/*
 * store_rs_storage.c - the daily bill of Log Analytics workspaces and
 * storage accounts for right-sizing (store_rs_storage.h): one query summed
 * per (cost object, meter, currency, day), restricted to the two resource
 * types by their ARM id.
 */
#include "store_rs_storage.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"

void store_rs_day_meters_release(struct store_rs_day_meters *m)
{
    for (size_t i = 0; m->v && i < m->n; i++) {
        struct store_rs_day_meter *x = &m->v[i];
        free(x->resource_id);
        free(x->resource_group);
        free(x->tags);
        free(x->subcategory);
        free(x->meter_name);
        free(x->unit);
        free(x->currency);
    }
    free(m->v);
    memset(m, 0, sizeof *m);
}

/* store_column_strdup_or_empty (store.c) on an sdb statement: "" for NULL
 * (NULL only when out of memory). */
static char *col_or_empty(struct sdb_stmt *st, int col)
{
    char *v = store_col_strdup(st, col);
    return v ? v : strdup("");
}

/* store_window_scan (store.c) on sdb, until every reader of it is ported:
 * one read of the cost rows of [from_day, to_day]; sql's ?1..?6 are bound
 * as store_bind_window binds them (dataset, first and last ISO day, the
 * costs.id hull, the department or NULL for all) and row() builds one entry
 * of acc->out per result row. what names the read in a database error. */
static enum status window_scan(struct store *s, int32_t from_day, int32_t to_day, int dataset,
                               const char *department, const char *sql,
                               enum status (*row)(struct sdb_stmt *, struct store_scan_acc *,
                                                  struct err *),
                               struct store_scan_acc *acc, const char *what, struct err *e)
{
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    date_format(from_day, from);
    date_format(to_day, to);
    int64_t lo, hi;
    struct sdb_stmt *st = NULL;
    enum status rc = store_cost_id_hull(s, from, to, &lo, &hi, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb, sql, &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, dataset);
    sdb_bind_text(st, 2, from);
    sdb_bind_text(st, 3, to);
    sdb_bind_i64(st, 4, lo);
    sdb_bind_i64(st, 5, hi);
    sdb_bind_text_copy(st, 6, department && *department ? department : NULL);
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK && (step = store_step(st, what, e)) == SDB_ROW)
        rc = row(st, acc, e);
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

static enum status day_row(struct sdb_stmt *st, struct store_scan_acc *acc, struct err *e)
{
    struct store_rs_day_meters *out = acc->out;
    size_t *cap = &acc->cap;
    if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    struct store_rs_day_meter *x = &out->v[out->n++];
    memset(x, 0, sizeof *x);
    x->resource_id = col_or_empty(st, 0);
    x->resource_group = col_or_empty(st, 1);
    x->tags = col_or_empty(st, 2);
    x->subcategory = col_or_empty(st, 3);
    x->meter_name = col_or_empty(st, 4);
    x->unit = col_or_empty(st, 5);
    x->currency = col_or_empty(st, 6);
    const char *day = sdb_column_text(st, 7);
    if (!day || date_parse(day, strlen(day), &x->day) != 0)
        x->day = 0;
    x->cost = money_normalize(sdb_column_i64(st, 8), sdb_column_i64(st, 9));
    x->quantity = sdb_column_double(st, 10);
    if (!x->resource_id || !x->resource_group || !x->tags || !x->subcategory || !x->meter_name ||
        !x->unit || !x->currency)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

enum status store_rightsize_storage_meters(struct store *s, int32_t from_day, int32_t to_day,
                                           int dataset, const char *department,
                                           struct store_rs_day_meters *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_scan_acc acc = {out, 0};
    enum status rc = window_scan(
        s, from_day, to_day, dataset, department,
        "SELECT o.resource_id, o.resource_group, o.tags, m.meter_subcategory, m.meter_name, "
        "m.unit, c.currency, c.usage_date, SUM(c.cost_e6), SUM(c.cost_e12), "
        "SUM(COALESCE(c.quantity, 0)) FROM costs c "
        "JOIN cost_objects o ON o.id = c.object_id JOIN meters m ON m.id = c.meter_id "
        "JOIN departments d ON d.id = o.department_id "
        "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "
        "AND c.id >= ?4 AND c.id <= ?5 AND (?6 IS NULL OR d.name = ?6) "
        /* the few objects of the two types first: one set lookup per cost row */
        "AND c.object_id IN (SELECT id FROM cost_objects WHERE "
        "resource_id LIKE '%/providers/microsoft.operationalinsights/workspaces/%' "
        "OR resource_id LIKE '%/providers/microsoft.storage/storageaccounts/%') "
        "GROUP BY o.id, m.id, c.currency, c.usage_date "
        "ORDER BY o.resource_id, m.meter_name, c.currency, c.usage_date",
        day_row, &acc, "cannot read the bill of workspaces and storage accounts", e);
    if (rc != ST_OK)
        store_rs_day_meters_release(out);
    return rc;
}
