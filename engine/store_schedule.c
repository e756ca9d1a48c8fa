/*
 * store_schedule.c - read queries for schedule and commitment analysis
 * (see store_schedule.h). Owns no tables: it reads costs, cost_objects,
 * meters and departments written by the cost import.
 */
#include "store_schedule.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"

void store_vm_list_release(struct store_vm_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        struct store_vm *v = &l->v[i];
        free(v->resource_id);
        free(v->department);
        free(v->vm_size);
        free(v->region);
        free(v->tags_json);
        free(v->daily_hours);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Hours per unit of quantity from a unit text: "1 Hour" 1, "10 Hours" 10. */
static double unit_hours(const char *unit)
{
    if (!unit)
        return 1;
    char *end;
    double n = strtod(unit, &end);
    if (end == unit || !(n > 0))
        return 1;
    return n;
}

static char *dup_or(const char *s, const char *dflt)
{
    return strdup(s ? s : dflt);
}

static enum status new_vm(struct store_vm_list *l, const char *rid, struct err *e)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 64;
        struct store_vm *nv = realloc(l->v, ncap * sizeof *nv);
        if (!nv)
            return err_set(e, ST_NOMEM, "out of memory");
        l->v = nv;
        l->cap = ncap;
    }
    struct store_vm *v = &l->v[l->n];
    memset(v, 0, sizeof *v);
    v->resource_id = strdup(rid);
    v->daily_hours = calloc(l->ndays ? l->ndays : 1, sizeof *v->daily_hours);
    if (!v->resource_id || !v->daily_hours) {
        free(v->resource_id);
        free(v->daily_hours);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    l->n++;
    return ST_OK;
}

enum status store_vm_list(struct store *s, int32_t from_day, int32_t to_day, const char *department,
                          struct store_vm_list *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->first_day = from_day;
    out->ndays = to_day >= from_day ? (size_t)(to_day - from_day + 1) : 0;
    sqlite3_stmt *st = NULL;
    enum status rc = store_prepare(s, "SELECT MIN(dataset) FROM costs", &st, e);
    if (rc != ST_OK)
        return rc;
    int dataset = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        dataset = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);

    rc = store_prepare(
        s,
        "SELECT o.resource_id, d.name, c.usage_date, m.unit, m.location, c.vm_size, o.tags, "
        "c.currency, SUM(c.quantity), SUM(c.cost_e6), SUM(c.cost_e12), "
        "MAX(CASE WHEN (c.benefit_id IS NOT NULL AND c.benefit_id <> '') "
        "OR c.pricing_model IN ('Reservation', 'SavingsPlan') THEN 1 ELSE 0 END) "
        "FROM costs c JOIN cost_objects o ON o.id = c.object_id "
        "JOIN departments d ON d.id = o.department_id JOIN meters m ON m.id = c.meter_id "
        "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "
        "AND m.service_name = 'Virtual Machines' AND c.charge_type = 'Usage' "
        "AND o.resource_id LIKE '%/providers/microsoft.compute/virtualmachines/%' "
        "AND m.unit LIKE '%hour%' AND (?4 IS NULL OR d.name = ?4) "
        "GROUP BY o.resource_id, d.name, c.usage_date, m.unit, m.location, c.vm_size, o.tags, "
        "c.currency ORDER BY o.resource_id, c.usage_date",
        &st, e);
    if (rc != ST_OK)
        return rc;
    char from_iso[DATE_ISO_LEN], to_iso[DATE_ISO_LEN];
    sqlite3_bind_int(st, 1, dataset);
    sqlite3_bind_text(st, 2, date_format(from_day, from_iso), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, date_format(to_day, to_iso), -1, SQLITE_STATIC);
    store_bind_text(st, 4, department);
    int step;
    int64_t e6 = 0, e12 = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *rid = (const char *)sqlite3_column_text(st, 0);
        if (!rid)
            continue;
        struct store_vm *v = out->n ? &out->v[out->n - 1] : NULL;
        if (!v || strcmp(v->resource_id, rid) != 0) {
            if (v)
                v->cost = money_normalize(e6, e12);
            e6 = e12 = 0;
            if ((rc = new_vm(out, rid, e)) != ST_OK)
                break;
            v = &out->v[out->n - 1];
        }
        const char *dept = (const char *)sqlite3_column_text(st, 1);
        const char *day_text = (const char *)sqlite3_column_text(st, 2);
        const char *unit = (const char *)sqlite3_column_text(st, 3);
        const char *loc = (const char *)sqlite3_column_text(st, 4);
        const char *size = (const char *)sqlite3_column_text(st, 5);
        const char *tags = (const char *)sqlite3_column_text(st, 6);
        const char *cur = (const char *)sqlite3_column_text(st, 7);
        /* the latest row's attributes win; a size or region, once seen, stays */
        free(v->department);
        v->department = dup_or(dept, "(unallocated)");
        free(v->tags_json);
        v->tags_json = dup_or(tags, "{}");
        if (size && *size) {
            free(v->vm_size);
            v->vm_size = strdup(size);
        }
        if (!v->region || (loc && *loc)) {
            free(v->region);
            v->region = dup_or(loc, "");
            for (char *p = v->region; p && *p; p++)
                *p = (char)tolower((unsigned char)*p);
        }
        if (cur)
            snprintf(v->currency, sizeof v->currency, "%s", cur);
        if (!v->department || !v->tags_json || !v->region) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        double hours = sqlite3_column_double(st, 8) * unit_hours(unit);
        e6 += sqlite3_column_int64(st, 9);
        e12 += sqlite3_column_int64(st, 10);
        if (sqlite3_column_int(st, 11))
            v->reserved = 1;
        v->hours_total += hours;
        int32_t day;
        if (day_text && date_parse(day_text, strlen(day_text), &day) == 0 && day >= from_day &&
            day <= to_day)
            v->daily_hours[day - from_day] += hours;
    }
    if (rc == ST_OK && step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot read VM cost rows");
    if (rc == ST_OK && out->n)
        out->v[out->n - 1].cost = money_normalize(e6, e12);
    sqlite3_finalize(st);
    if (rc != ST_OK)
        store_vm_list_release(out);
    return rc;
}

char *store_resource_department(struct store *s, const char *resource_id)
{
    sqlite3_stmt *st = NULL;
    struct err e;
    if (store_prepare(s,
                      "SELECT d.name FROM cost_objects o JOIN departments d ON d.id = "
                      "o.department_id WHERE o.resource_id = ? ORDER BY o.id DESC LIMIT 1",
                      &st, &e) != ST_OK)
        return NULL;
    sqlite3_bind_text(st, 1, resource_id, -1, SQLITE_STATIC);
    char *dept = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        dept = store_column_strdup(st, 0);
    sqlite3_finalize(st);
    return dept;
}

enum status store_vm_last_day(struct store *s, int32_t *day, struct err *e)
{
    sqlite3_stmt *st = NULL;
    enum status rc = store_prepare(
        s,
        "SELECT MAX(c.usage_date) FROM costs c JOIN cost_objects o ON o.id = c.object_id "
        "WHERE o.resource_id LIKE '%/providers/microsoft.compute/virtualmachines/%'",
        &st, e);
    if (rc != ST_OK)
        return rc;
    rc = ST_NOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && date_parse(t, strlen(t), day) == 0)
            rc = ST_OK;
    }
    sqlite3_finalize(st);
    if (rc == ST_NOTFOUND)
        err_set(e, ST_NOTFOUND, "no VM cost rows");
    return rc;
}
