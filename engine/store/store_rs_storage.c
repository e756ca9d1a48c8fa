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

/* A sum of doubles depends on the order of its terms: SQLite adds a group's
 * rows in the order it scans them (costs.id); PostgreSQL is told that order
 * (an ordered aggregate, which SQLite 3.40 does not parse), so both print
 * the same bits (docs/postgresql.md, item 10). */
#define RS_QSUM_LITE "SUM(COALESCE(c.quantity, 0))"
#define RS_QSUM_PG   "SUM(COALESCE(c.quantity, 0) ORDER BY c.id)"

/* The bill of the workspaces and storage accounts by day; QSUM sums the
 * quantities (see RS_QSUM_LITE). The few objects of the two types are
 * found first: one set lookup per cost row. CAST(?6 AS TEXT): PostgreSQL
 * cannot type a bare "?6 IS NULL" (42P08), and sdb's retry as text cannot
 * run inside store_rs_read_begin's transaction (item 1). lower(resource_id):
 * ids may keep their exported case and LIKE is case-sensitive on PostgreSQL
 * (item 7). */
#define STORAGE_SQL(QSUM)                                                                          \
    "SELECT o.resource_id, o.resource_group, o.tags, m.meter_subcategory, m.meter_name, "          \
    "m.unit, c.currency, c.usage_date, SUM(c.cost_e6), SUM(c.cost_e12), " QSUM " FROM costs c "    \
    "JOIN cost_objects o ON o.id = c.object_id JOIN meters m ON m.id = c.meter_id "                \
    "JOIN departments d ON d.id = o.department_id "                                                \
    "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "                          \
    "AND c.id >= ?4 AND c.id <= ?5 AND (CAST(?6 AS TEXT) IS NULL OR d.name = ?6) "                 \
    "AND c.object_id IN (SELECT id FROM cost_objects WHERE "                                       \
    "lower(resource_id) LIKE '%/providers/microsoft.operationalinsights/workspaces/%' "            \
    "OR lower(resource_id) LIKE '%/providers/microsoft.storage/storageaccounts/%') "               \
    "GROUP BY o.id, m.id, c.currency, c.usage_date "                                               \
    "ORDER BY o.resource_id, m.meter_name, c.currency, c.usage_date"

enum status store_rightsize_storage_meters(struct store *s, int32_t from_day, int32_t to_day,
                                           int dataset, const char *department,
                                           struct store_rs_day_meters *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_scan_acc acc = {out, 0};
    enum status rc = store_window_scan(
        s, from_day, to_day, dataset, department,
        s->sdb->backend == SDB_PG ? STORAGE_SQL(RS_QSUM_PG) : STORAGE_SQL(RS_QSUM_LITE), day_row,
        &acc, "cannot read the bill of workspaces and storage accounts", e);
    if (rc != ST_OK)
        store_rs_day_meters_release(out);
    return rc;
}
