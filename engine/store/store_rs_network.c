/*
 * store_rs_network.c - the bill of App Service plans, network gateways, load
 * balancers and snapshots for the bill-only right-sizing rules
 * (store_rs_network.h): one query summed per (cost object, meter, currency)
 * over the window, one for the first billed day of each snapshot.
 */
#include "store_rs_network.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"

void store_rs_net_meters_release(struct store_rs_net_meters *m)
{
    for (size_t i = 0; m->v && i < m->n; i++) {
        struct store_rs_net_meter *x = &m->v[i];
        free(x->resource_id);
        free(x->tags);
        free(x->service);
        free(x->meter_name);
        free(x->unit);
        free(x->currency);
    }
    free(m->v);
    memset(m, 0, sizeof *m);
}

void store_rs_first_days_release(struct store_rs_first_days *f)
{
    for (size_t i = 0; f->v && i < f->n; i++)
        free(f->v[i].resource_id);
    free(f->v);
    memset(f, 0, sizeof *f);
}

static enum status net_row(struct sdb_stmt *st, struct store_scan_acc *acc, struct err *e)
{
    struct store_rs_net_meters *out = acc->out;
    size_t *cap = &acc->cap;
    if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    struct store_rs_net_meter *x = &out->v[out->n++];
    memset(x, 0, sizeof *x);
    x->resource_id = store_col_strdup_or_empty(st, 0);
    x->tags = store_col_strdup_or_empty(st, 1);
    x->service = store_col_strdup_or_empty(st, 2);
    x->meter_name = store_col_strdup_or_empty(st, 3);
    x->unit = store_col_strdup_or_empty(st, 4);
    x->currency = store_col_strdup_or_empty(st, 5);
    x->cost = money_normalize(sdb_column_i64(st, 6), sdb_column_i64(st, 7));
    x->quantity = sdb_column_double(st, 8);
    if (!x->resource_id || !x->tags || !x->service || !x->meter_name || !x->unit || !x->currency)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* the snapshot meters, as mdl_net_is_snapshot_meter() tells them; lower() on
 * both sides because COLLATE NOCASE is SQLite's and LIKE is case-sensitive on
 * PostgreSQL (docs/postgresql.md, items 7 and 20) */
#define SNAPSHOT_METERS                                                                            \
    "SELECT id FROM meters WHERE lower(service_name) = 'storage' "                                 \
    "AND lower(meter_name) LIKE '%snapshot%'"

/* A sum of doubles depends on the order of its terms: SQLite adds a group's
 * rows in the order it scans them (costs.id); PostgreSQL is told that order
 * (an ordered aggregate, which SQLite 3.40 does not parse), so both print
 * the same bits (docs/postgresql.md, item 10). */
#define RS_QSUM_LITE "SUM(COALESCE(c.quantity, 0))"
#define RS_QSUM_PG   "SUM(COALESCE(c.quantity, 0) ORDER BY c.id)"

/* The bill of the gateways, plans and snapshots; QSUM sums the quantities
 * (see RS_QSUM_LITE). CAST(?6 AS TEXT): PostgreSQL cannot type a bare
 * "?6 IS NULL" (42P08), and sdb's retry as text cannot run inside
 * store_rs_read_begin's transaction (item 1). lower(resource_id): ids may
 * keep their exported case and LIKE is case-sensitive on PostgreSQL (item 7). */
#define NET_SQL(QSUM)                                                                              \
    "SELECT o.resource_id, o.tags, m.service_name, m.meter_name, m.unit, c.currency, "             \
    "SUM(c.cost_e6), SUM(c.cost_e12), " QSUM " FROM costs c "                                      \
    "JOIN cost_objects o ON o.id = c.object_id JOIN meters m ON m.id = c.meter_id "                \
    "JOIN departments d ON d.id = o.department_id "                                                \
    "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "                          \
    "AND c.id >= ?4 AND c.id <= ?5 AND (CAST(?6 AS TEXT) IS NULL OR d.name = ?6) "                 \
    "AND (c.object_id IN (SELECT id FROM cost_objects WHERE "                                      \
    "lower(resource_id) LIKE '%/providers/microsoft.web/serverfarms/%' "                           \
    "OR lower(resource_id) LIKE '%/providers/microsoft.network/virtualnetworkgateways/%' "         \
    "OR lower(resource_id) LIKE '%/providers/microsoft.network/applicationgateways/%' "            \
    "OR lower(resource_id) LIKE '%/providers/microsoft.network/natgateways/%' "                    \
    "OR lower(resource_id) LIKE '%/providers/microsoft.network/loadbalancers/%') "                 \
    "OR c.meter_id IN (" SNAPSHOT_METERS ")) "                                                     \
    "GROUP BY o.id, m.id, c.currency "                                                             \
    "ORDER BY o.resource_id, m.meter_name, c.currency, o.id"

enum status store_rightsize_net_meters(struct store *s, int32_t from_day, int32_t to_day,
                                       int dataset, const char *department,
                                       struct store_rs_net_meters *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_scan_acc acc = {out, 0};
    enum status rc = store_window_scan(
        s, from_day, to_day, dataset, department,
        s->sdb->backend == SDB_PG ? NET_SQL(RS_QSUM_PG) : NET_SQL(RS_QSUM_LITE), net_row, &acc,
        "cannot read the bill of gateways, plans and snapshots", e);
    if (rc != ST_OK)
        store_rs_net_meters_release(out);
    return rc;
}

enum status store_rightsize_snapshot_first_days(struct store *s, int32_t to_day, int dataset,
                                                struct store_rs_first_days *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    char to[DATE_ISO_LEN];
    date_format(to_day, to);
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(s->sdb,
                                 "SELECT o.resource_id, MIN(c.usage_date) FROM costs c "
                                 "JOIN cost_objects o ON o.id = c.object_id "
                                 "WHERE c.dataset = ?1 AND c.usage_date <= ?2 "
                                 "AND c.meter_id IN (" SNAPSHOT_METERS ") "
                                 "GROUP BY o.resource_id ORDER BY o.resource_id",
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, dataset);
    sdb_bind_text(st, 2, to);
    size_t cap = 0;
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK &&
           (step = store_step(st, "cannot read the first days of the snapshots", e)) == SDB_ROW) {
        if ((rc = store_grow((void **)&out->v, &cap, out->n, sizeof *out->v, e)) != ST_OK)
            break;
        struct store_rs_first_day *x = &out->v[out->n++];
        x->resource_id = store_col_strdup_or_empty(st, 0);
        const char *day = sdb_column_text(st, 1);
        if (!day || date_parse(day, strlen(day), &x->first_day) != 0)
            x->first_day = 0;
        if (!x->resource_id)
            rc = err_set(e, ST_NOMEM, "out of memory");
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK)
        store_rs_first_days_release(out);
    return rc;
}
