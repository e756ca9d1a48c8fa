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
    if (out->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        struct usage_cell *v = realloc(out->v, ncap * sizeof *v);
        if (!v)
            return err_set(e, ST_NOMEM, "out of memory");
        out->v = v;
        *cap = ncap;
    }
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
    sqlite3_stmt *st;
    enum status rc = store_prepare(s, vcpu_sql, &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_int(st, 1, (int)ds);
    sqlite3_bind_text(st, 2, f, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t, -1, SQLITE_STATIC);
    size_t cap = 0;
    int step = SQLITE_DONE;
    while (rc == ST_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *dept = (const char *)sqlite3_column_text(st, 0);
        const char *ym = (const char *)sqlite3_column_text(st, 1);
        double per = store_unit_hours((const char *)sqlite3_column_text(st, 2));
        int month;
        if (!ym || month_parse(ym, &month) != 0)
            rc = err_set(e, ST_DB, "cost row with a malformed usage date '%s'", ym ? ym : "");
        else if (per > 0)
            rc = usage_push(out, &cap, dept ? dept : "", month, sqlite3_column_double(st, 3) * per,
                            e);
    }
    if (rc == ST_OK && step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot read vCPU-hours");
    sqlite3_finalize(st);
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
