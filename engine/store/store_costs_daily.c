/*
 * store_costs_daily.c - daily cost series for anomaly detection
 * (store_costs.h, "daily series"): exact sums per (key, currency, usage day)
 * from the daily rollups (cost_daily), and the cost rows of one series
 * grouped by resource and meter over a few days, to explain a flagged day.
 * The rows are read inside the id hull of the window (store_cost_id_hull),
 * since costs has no index on usage_date.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_costs.h"
#include "store_internal.h"

#define DAILY_FROM                                                                                 \
    " FROM cost_daily r"                                                                           \
    " JOIN departments d ON d.id = r.department_id"                                                \
    " JOIN subscriptions s ON s.id = r.subscription_id"                                            \
    " WHERE r.dataset = ?1 AND r.usage_date >= ?2 AND r.usage_date <= ?3"                          \
    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
#define DAILY_SELECT(key_expr)                                                                     \
    "SELECT " key_expr ", r.currency, r.usage_date, SUM(r.cost_e6), SUM(r.cost_e12)" DAILY_FROM
#define SUB_NAME "CASE WHEN s.name <> '' THEN s.name ELSE s.sub_key END"

/* One statement per series dimension (enum cost_day_dim). */
static const char *const daily_sql[] = {
    [COST_DAY_DEPARTMENT] = DAILY_SELECT("d.name"),
    [COST_DAY_SERVICE] = DAILY_SELECT("r.service_name"),
    [COST_DAY_SUBSCRIPTION] = DAILY_SELECT(SUB_NAME),
};

/* The cost rows of one series by day, resource and meter; ?4 the key. */
#define ITEMS_SELECT(key_expr)                                                                     \
    "SELECT c.usage_date, CASE WHEN o.resource_id <> '' THEN o.resource_id ELSE"                   \
    " '(no resource)' END, m.service_name || ' / ' || CASE WHEN m.meter_subcategory <> '' THEN"    \
    " m.meter_subcategory || ' / ' ELSE '' END || m.meter_name, c.currency,"                       \
    " SUM(c.cost_e6), SUM(c.cost_e12)"                                                             \
    " FROM costs c"                                                                                \
    " JOIN cost_objects o ON o.id = c.object_id"                                                   \
    " JOIN departments d ON d.id = o.department_id"                                                \
    " JOIN subscriptions s ON s.id = c.subscription_id"                                            \
    " JOIN meters m ON m.id = c.meter_id"                                                          \
    " WHERE c.id >= ?5 AND c.id <= ?6 AND c.dataset = ?1 AND c.usage_date >= ?2"                   \
    " AND c.usage_date <= ?3 AND " key_expr " = ?4"                                                \
    " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"

static const char *const items_sql[] = {
    [COST_DAY_DEPARTMENT] = ITEMS_SELECT("d.name"),
    [COST_DAY_SERVICE] = ITEMS_SELECT("m.service_name"),
    [COST_DAY_SUBSCRIPTION] = ITEMS_SELECT(SUB_NAME),
};

static enum status day_cells_push(struct cost_day_cells *out, size_t *cap, struct err *e)
{
    if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    memset(&out->v[out->n], 0, sizeof out->v[out->n]);
    out->n++;
    return ST_OK;
}

/* Fill the last cell from columns: key at col 0 (or NULL), then the others. */
static enum status day_cell_fill(struct sdb_stmt *st, struct cost_day_cell *c, int items,
                                 struct err *e)
{
    int k = items ? 1 : 0; /* items: day first, then resource, meter */
    const char *iso = sdb_column_text(st, items ? 0 : 2);
    if (!iso || date_parse(iso, strlen(iso), &c->day) != 0)
        return err_set(e, ST_DB, "cost row with a malformed usage date");
    c->key = store_col_strdup(st, k);
    c->meter = items ? store_col_strdup(st, 2) : NULL;
    c->currency = store_col_strdup(st, items ? 3 : 1);
    c->cost = money_normalize(sdb_column_i64(st, items ? 4 : 3), sdb_column_i64(st, items ? 5 : 4));
    if (!c->key || !c->currency || (items && !c->meter))
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

static enum status day_cells_read(struct sdb_stmt *st, int items, struct cost_day_cells *out,
                                  struct err *e)
{
    size_t cap = 0;
    enum status rc = ST_OK;
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read daily costs", e)) == SDB_ROW) {
        if ((rc = day_cells_push(out, &cap, e)) != ST_OK ||
            (rc = day_cell_fill(st, &out->v[out->n - 1], items, e)) != ST_OK)
            break;
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK)
        cost_day_cells_release(out);
    return rc;
}

enum status store_cost_by_day(struct store *s, enum cost_day_dim dim, enum cost_dataset ds,
                              int32_t from, int32_t to, struct cost_day_cells *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)dim >= sizeof daily_sql / sizeof daily_sql[0])
        return err_set(e, ST_USAGE, "unknown daily cost grouping %d", (int)dim);
    char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, daily_sql[dim], &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)ds);
    sdb_bind_text_copy(st, 2, date_format(from, a));
    sdb_bind_text_copy(st, 3, date_format(to, b));
    return day_cells_read(st, 0, out, e);
}

enum status store_cost_items_by_day(struct store *s, enum cost_day_dim dim, const char *key,
                                    enum cost_dataset ds, int32_t from, int32_t to,
                                    struct cost_day_cells *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)dim >= sizeof items_sql / sizeof items_sql[0])
        return err_set(e, ST_USAGE, "unknown daily cost grouping %d", (int)dim);
    char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
    date_format(from, a);
    date_format(to, b);
    int64_t lo, hi;
    enum status rc = store_cost_id_hull(s, a, b, &lo, &hi, e);
    if (rc != ST_OK || lo > hi)
        return rc;
    struct sdb_stmt *st;
    if ((rc = sdb_prepare(s->sdb, items_sql[dim], &st, e)) != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)ds);
    sdb_bind_text_copy(st, 2, a);
    sdb_bind_text_copy(st, 3, b);
    sdb_bind_text_copy(st, 4, key);
    sdb_bind_i64(st, 5, lo);
    sdb_bind_i64(st, 6, hi);
    return day_cells_read(st, 1, out, e);
}

void cost_day_cells_release(struct cost_day_cells *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].key);
        free(c->v[i].meter);
        free(c->v[i].currency);
    }
    free(c->v);
    c->v = NULL;
    c->n = 0;
}
