/*
 * store_rightsize.c - read-only cost queries for right-sizing (see
 * store_rightsize.h). Plain SQL over costs, cost_objects, meters,
 * departments and subscriptions: billed resources, and the managed disks'
 * meters for the premium-disk rule.
 */
#include "store_rightsize.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "store_internal.h"

void store_rs_rows_release(struct store_rs_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        struct store_rs_row *x = &r->v[i];
        free(x->resource_id);
        free(x->subscription);
        free(x->resource_group);
        free(x->department);
        free(x->vm_size);
        free(x->region);
        free(x->currency);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}

static int has_dataset(struct store *s, int ds, const char *from, const char *to)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT 1 FROM costs WHERE dataset = ? AND usage_date >= ? "
                           "AND usage_date <= ? LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int(st, 1, ds);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

static char *dup_or_empty(sqlite3_stmt *st, int col)
{
    char *v = store_column_strdup(st, col);
    return v ? v : strdup("");
}

enum status store_rightsize_billed(struct store *s, int32_t from_day, int32_t to_day,
                                   const char *department, int vms_only, struct store_rs_rows *out,
                                   struct err *e)
{
    memset(out, 0, sizeof *out);
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    date_format(from_day, from);
    date_format(to_day, to);
    out->dataset = has_dataset(s, 1, from, to) ? 1 : 0;
    /* The VM size with the most billed quantity is picked in C from the
     * per-size rows, so the SQL stays a plain GROUP BY. */
    sqlite3_stmt *st = NULL;
    enum status rc = store_prepare(
        s,
        "SELECT o.resource_id, sub.sub_key, o.resource_group, MAX(d.name), c.vm_size, "
        "MAX(m.location), c.currency, SUM(c.cost_e6), SUM(c.cost_e12), "
        "SUM(CASE WHEN c.vm_size IS NOT NULL AND m.unit LIKE '%Hour%' THEN c.quantity "
        "ELSE 0 END), "
        "MAX(CASE WHEN c.benefit_id IS NOT NULL AND c.benefit_id <> '' THEN 1 "
        "WHEN c.pricing_model IN ('Reservation', 'SavingsPlan') THEN 1 ELSE 0 END) "
        "FROM costs c JOIN cost_objects o ON o.id = c.object_id "
        "JOIN departments d ON d.id = o.department_id "
        "JOIN meters m ON m.id = c.meter_id "
        "JOIN subscriptions sub ON sub.id = c.subscription_id "
        "WHERE c.dataset = ? AND c.usage_date >= ? AND c.usage_date <= ? "
        "AND o.resource_id <> '' AND (? = '' OR d.name = ?) "
        "AND (? = 0 OR o.resource_id LIKE '%/providers/microsoft.compute/virtualmachines/%' "
        "  OR o.resource_id LIKE '%/providers/microsoft.compute/virtualmachinescalesets/%') "
        "GROUP BY o.resource_id, sub.sub_key, o.resource_group, c.vm_size, c.currency "
        "ORDER BY o.resource_id, c.currency",
        &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_int(st, 1, out->dataset);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, department ? department : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, department ? department : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, vms_only);
    size_t cap = 0;
    double best_qty = 0; /* billed quantity of the size kept on the current row */
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *rid = (const char *)sqlite3_column_text(st, 0);
        const char *cur = (const char *)sqlite3_column_text(st, 6);
        struct money cost =
            money_normalize(sqlite3_column_int64(st, 7), sqlite3_column_int64(st, 8));
        double qty = sqlite3_column_double(st, 9);
        int reserved = sqlite3_column_int(st, 10);
        struct store_rs_row *last = out->n ? &out->v[out->n - 1] : NULL;
        if (last && rid && cur && strcmp(last->resource_id, rid) == 0 &&
            strcmp(last->currency, cur) == 0) {
            /* same resource, another size: merge, keep the size billed most */
            last->cost = money_add(last->cost, cost);
            last->billed_hours += qty;
            last->reserved |= reserved;
            if (sqlite3_column_type(st, 4) != SQLITE_NULL && qty > best_qty) {
                free(last->vm_size);
                last->vm_size = store_column_strdup(st, 4);
                best_qty = qty;
            }
            continue;
        }
        if (out->n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct store_rs_row *p = realloc(out->v, ncap * sizeof *p);
            if (!p) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            out->v = p;
            cap = ncap;
        }
        struct store_rs_row *x = &out->v[out->n++];
        memset(x, 0, sizeof *x);
        x->resource_id = dup_or_empty(st, 0);
        x->subscription = dup_or_empty(st, 1);
        x->resource_group = dup_or_empty(st, 2);
        x->department = dup_or_empty(st, 3);
        x->vm_size = store_column_strdup(st, 4);
        x->region = dup_or_empty(st, 5);
        x->currency = dup_or_empty(st, 6);
        x->cost = cost;
        x->billed_hours = qty;
        x->reserved = reserved;
        best_qty = x->vm_size ? qty : 0;
        if (!x->resource_id || !x->subscription || !x->resource_group || !x->department ||
            !x->region || !x->currency) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
    }
    if (rc == ST_OK && step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot read billed resources");
    sqlite3_finalize(st);
    if (rc != ST_OK)
        store_rs_rows_release(out);
    return rc;
}

void store_rs_disk_meters_release(struct store_rs_disk_meters *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].resource_id);
        free(m->v[i].meter_name);
        free(m->v[i].region);
        free(m->v[i].currency);
    }
    free(m->v);
    memset(m, 0, sizeof *m);
}

/* Months in one unit of a billing unit of measure: "1/Month" 1, "1 /Month" 1,
 * "10/Month" 10 (any case); 0 when the unit is not monthly ("1 Hour", "1 GB"). */
static double unit_months(const char *unit)
{
    if (!unit)
        return 0;
    char *end;
    double n = strtod(unit, &end);
    if (end == unit)
        n = 1;
    while (*end == ' ')
        end++;
    if (*end != '/')
        return 0;
    end++;
    while (*end == ' ')
        end++;
    return strcasecmp(end, "Month") == 0 && n > 0 ? n : 0;
}

enum status store_rightsize_disk_meters(struct store *s, int32_t from_day, int32_t to_day,
                                        int dataset, struct store_rs_disk_meters *out,
                                        struct err *e)
{
    memset(out, 0, sizeof *out);
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    date_format(from_day, from);
    date_format(to_day, to);
    sqlite3_stmt *st = NULL;
    enum status rc =
        store_prepare(s,
                      "SELECT o.resource_id, m.meter_name, m.location, c.currency, m.unit, "
                      "SUM(c.cost_e6), SUM(c.cost_e12), SUM(COALESCE(c.quantity, 0)) "
                      "FROM costs c JOIN cost_objects o ON o.id = c.object_id "
                      "JOIN meters m ON m.id = c.meter_id "
                      "WHERE c.dataset = ? AND c.usage_date >= ? AND c.usage_date <= ? "
                      "AND o.resource_id LIKE '%/providers/microsoft.compute/disks/%' "
                      "GROUP BY o.resource_id, m.meter_name, m.location, c.currency, m.unit "
                      "ORDER BY o.resource_id, m.meter_name, m.location, c.currency, m.unit",
                      &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_int(st, 1, dataset);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct store_rs_disk_meter *p = realloc(out->v, ncap * sizeof *p);
            if (!p) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            out->v = p;
            cap = ncap;
        }
        struct store_rs_disk_meter *x = &out->v[out->n++];
        memset(x, 0, sizeof *x);
        x->resource_id = dup_or_empty(st, 0);
        x->meter_name = dup_or_empty(st, 1);
        x->region = dup_or_empty(st, 2);
        x->currency = dup_or_empty(st, 3);
        x->cost = money_normalize(sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6));
        x->months =
            sqlite3_column_double(st, 7) * unit_months((const char *)sqlite3_column_text(st, 4));
        if (!x->resource_id || !x->meter_name || !x->region || !x->currency) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
    }
    if (rc == ST_OK && step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot read billed disks");
    sqlite3_finalize(st);
    if (rc != ST_OK)
        store_rs_disk_meters_release(out);
    return rc;
}

enum status store_rightsize_last_cost_day(struct store *s, int32_t *day, struct err *e)
{
    sqlite3_stmt *st = NULL;
    enum status rc = store_prepare(s, "SELECT MAX(usage_date) FROM costs", &st, e);
    if (rc != ST_OK)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (date_parse(t, strlen(t), day) != 0)
            rc = err_set(e, ST_DB, "bad usage_date '%s' in the store", t);
    } else if (step == SQLITE_ROW) {
        rc = err_set(e, ST_NOTFOUND, "no costs imported");
    } else {
        rc = store_db_err(s, e, "cannot read costs");
    }
    sqlite3_finalize(st);
    return rc;
}

enum status store_rs_read_begin(struct store *s, struct err *e)
{
    return store_exec(s, "BEGIN", e);
}

void store_rs_read_end(struct store *s)
{
    store_exec(s, "COMMIT", NULL);
}
