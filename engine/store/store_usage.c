/*
 * store_usage.c - usage quantities from the cost rows (see store_usage.h).
 * One grouped query; the hours per unit of measure are applied in C
 * (store_unit_hours) so the SQL stays plain.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"
#include "store_usage.h"

static const char vcpu_sql[] =
    "SELECT d.name, substr(c.usage_date, 1, 7), m.unit, SUM(c.quantity * c.vcpus)"
    " FROM costs c"
    " JOIN cost_objects o ON o.id = c.object_id"
    " JOIN departments d ON d.id = o.department_id"
    " JOIN meters m ON m.id = c.meter_id"
    " WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3"
    " AND c.vcpus > 0 AND c.quantity IS NOT NULL AND c.charge_type = 'Usage'"
    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

/* Add hours to the last cell when it has the same department and month
 * (rows come sorted), else append one. */
static enum status usage_push(struct usage_cells *out, size_t *cap, const char *dept, int month,
                              double hours, struct err *e)
{
    if (out->n > 0) {
        struct usage_cell *last = &out->v[out->n - 1];
        if (last->month == month && strcmp(last->department, dept) == 0) {
            last->vcpu_hours += hours;
            return ST_OK;
        }
    }
    if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    struct usage_cell *c = &out->v[out->n];
    if (!(c->department = strdup(dept)))
        return err_set(e, ST_NOMEM, "out of memory");
    c->month = month;
    c->vcpu_hours = hours;
    out->n++;
    return ST_OK;
}

enum status store_vcpu_hours(struct store *s, enum cost_dataset ds, int32_t from, int32_t to,
                             struct usage_cells *out, struct err *e)
{
    out->v = NULL;
    out->n = 0;
    char f[DATE_ISO_LEN] = "0000-01-01", t[DATE_ISO_LEN] = "9999-12-31";
    if (from != INT32_MIN)
        date_format(from, f);
    if (to != INT32_MAX)
        date_format(to, t);
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, vcpu_sql, &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)ds);
    sdb_bind_text(st, 2, f);
    sdb_bind_text(st, 3, t);
    size_t cap = 0;
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK && (step = store_step(st, "cannot read vCPU-hours", e)) == SDB_ROW) {
        const char *dept = sdb_column_text(st, 0);
        const char *ym = sdb_column_text(st, 1);
        double per = store_unit_hours(sdb_column_text(st, 2));
        int month;
        if (!ym || month_parse(ym, &month) != 0)
            rc = err_set(e, ST_DB, "cost row with a malformed usage date '%s'", ym ? ym : "");
        else if (per > 0)
            rc = usage_push(out, &cap, dept ? dept : "", month, sdb_column_double(st, 3) * per, e);
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK)
        usage_cells_release(out);
    return rc;
}

void usage_cells_release(struct usage_cells *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].department);
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

static const char scope_sql[] =
    "SELECT d.name, COALESCE(o.rule_id, 0), s.sub_key, o.resource_group,"
    " SUM(c.cost_e6), SUM(c.cost_e12)"
    " FROM costs c"
    " JOIN cost_objects o ON o.id = c.object_id"
    " JOIN departments d ON d.id = o.department_id"
    " JOIN subscriptions s ON s.id = o.subscription_id"
    " WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 AND d.id <> 1"
    " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";

static enum status scope_push(struct dept_scopes *out, size_t *cap, struct sdb_stmt *st,
                              struct err *e)
{
    if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    struct dept_scope *d = &out->v[out->n];
    memset(d, 0, sizeof *d);
    d->department = store_col_strdup(st, 0);
    d->rule_id = sdb_column_i64(st, 1);
    d->subscription = store_col_strdup(st, 2);
    d->resource_group = store_col_strdup(st, 3);
    d->cost = money_normalize(sdb_column_i64(st, 4), sdb_column_i64(st, 5));
    out->n++;
    if (!d->department || !d->subscription || !d->resource_group)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

enum status store_dept_scopes(struct store *s, enum cost_dataset ds, int32_t from, int32_t to,
                              struct dept_scopes *out, struct err *e)
{
    out->v = NULL;
    out->n = 0;
    char f[DATE_ISO_LEN] = "0000-01-01", t[DATE_ISO_LEN] = "9999-12-31";
    if (from != INT32_MIN)
        date_format(from, f);
    if (to != INT32_MAX)
        date_format(to, t);
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, scope_sql, &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)ds);
    sdb_bind_text(st, 2, f);
    sdb_bind_text(st, 3, t);
    size_t cap = 0;
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK &&
           (step = store_step(st, "cannot read the departments' subscriptions", e)) == SDB_ROW)
        rc = scope_push(out, &cap, st, e);
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK)
        dept_scopes_release(out);
    return rc;
}

void dept_scopes_release(struct dept_scopes *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].department);
        free(d->v[i].subscription);
        free(d->v[i].resource_group);
    }
    free(d->v);
    d->v = NULL;
    d->n = 0;
}
