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

static enum status day_row(struct sdb_stmt *st, struct store_scan_acc *acc, struct err *e)
{
    struct store_rs_day_meters *out = acc->out;
    size_t *cap = &acc->cap;
    if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    struct store_rs_day_meter *x = &out->v[out->n++];
    memset(x, 0, sizeof *x);
    x->resource_id = store_col_strdup_or_empty(st, 0);
    x->resource_group = store_col_strdup_or_empty(st, 1);
    x->tags = store_col_strdup_or_empty(st, 2);
    x->subcategory = store_col_strdup_or_empty(st, 3);
    x->meter_name = store_col_strdup_or_empty(st, 4);
    x->unit = store_col_strdup_or_empty(st, 5);
    x->currency = store_col_strdup_or_empty(st, 6);
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
    enum status rc = store_window_scan(
        s, from_day, to_day, dataset, department,
        "SELECT o.resource_id, o.resource_group, o.tags, m.meter_subcategory, m.meter_name, "
        "m.unit, c.currency, c.usage_date, SUM(c.cost_e6), SUM(c.cost_e12), "
        "SUM(COALESCE(c.quantity, 0)) FROM costs c "
        "JOIN cost_objects o ON o.id = c.object_id JOIN meters m ON m.id = c.meter_id "
        "JOIN departments d ON d.id = o.department_id "
        "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "
        "AND c.id >= ?4 AND c.id <= ?5 AND (?6 IS NULL OR d.name = ?6) "
        /* the few objects of the two types first: one set lookup per cost row;
         * resource ids are stored as exported (mixed case) and LIKE is
         * case-sensitive on PostgreSQL, hence lower() (docs/postgresql.md, item 7) */
        "AND c.object_id IN (SELECT id FROM cost_objects WHERE "
        "lower(resource_id) LIKE '%/providers/microsoft.operationalinsights/workspaces/%' "
        "OR lower(resource_id) LIKE '%/providers/microsoft.storage/storageaccounts/%') "
        "GROUP BY o.id, m.id, c.currency, c.usage_date "
        "ORDER BY o.resource_id, m.meter_name, c.currency, c.usage_date",
        day_row, &acc, "cannot read the bill of workspaces and storage accounts", e);
    if (rc != ST_OK)
        store_rs_day_meters_release(out);
    return rc;
}
