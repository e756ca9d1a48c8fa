/*
 * store_schedule.c - read queries for schedule and commitment analysis
 * (see store_schedule.h). Reads costs, cost_objects, meters, departments
 * (the cost import's) and metrics (store_metrics.c's) in bulk; owns the
 * sched_profile cache table (migration 3).
 */
#define _GNU_SOURCE /* strcasestr */
#include "store_schedule.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"
#include "strmap.h"

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

static int cmp_store_vm(const void *a, const void *b)
{
    const struct store_vm *x = a, *y = b;
    return strcmp(x->resource_id, y->resource_id);
}

/* Replace *dst with a copy of src (or dflt when src is NULL), unless it
 * already holds that text. 0 or -1. */
static int set_str(char **dst, const char *src, const char *dflt)
{
    if (!src)
        src = dflt;
    if (*dst && strcmp(*dst, src) == 0)
        return 0;
    char *c = strdup(src);
    if (!c)
        return -1;
    free(*dst);
    *dst = c;
    return 0;
}

/* Read the VM cost objects: index by object id -> VM index + 1, creating
 * the VMs (resource id, department, tags) in out. */
static enum status read_objects(struct store *s, const char *department, struct store_vm_list *out,
                                int64_t **obj_vm, int64_t *nobj, struct err *e)
{
    struct sdb_stmt *st = NULL;
    *obj_vm = NULL;
    *nobj = 0;
    enum status rc = sdb_prepare(s->sdb, "SELECT COALESCE(MAX(id), 0) FROM cost_objects", &st, e);
    if (rc != ST_OK)
        return rc;
    if (sdb_step(st, NULL) == SDB_ROW)
        *nobj = sdb_column_i64(st, 0) + 1;
    sdb_finalize(st);
    *obj_vm = calloc((size_t)(*nobj > 0 ? *nobj : 1), sizeof **obj_vm);
    if (!*obj_vm)
        return err_set(e, ST_NOMEM, "out of memory");
    rc = sdb_prepare(s->sdb,
                     "SELECT o.id, o.resource_id, d.name, o.tags FROM cost_objects o "
                     "JOIN departments d ON d.id = o.department_id "
                     "WHERE o.resource_id LIKE '%/providers/microsoft.compute/virtualmachines/%' "
                     "AND (CAST(?1 AS TEXT) IS NULL OR d.name = ?1) ORDER BY o.id",
                     &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text_copy(st, 1, department);
    struct strmap idx;
    strmap_init(&idx);
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read cost objects", e)) == SDB_ROW) {
        int64_t oid = sdb_column_i64(st, 0);
        const char *rid = sdb_column_text(st, 1);
        if (!rid || oid < 0 || oid >= *nobj)
            continue;
        size_t rlen = strlen(rid);
        int64_t k;
        if (!strmap_get(&idx, rid, rlen, &k)) {
            if ((rc = new_vm(out, rid, e)) != ST_OK)
                break;
            k = (int64_t)out->n - 1;
            if (strmap_put(&idx, rid, rlen, k) != 0) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
        }
        (*obj_vm)[oid] = k + 1;
        /* several objects per VM (tag changes): the newest object's text wins */
        struct store_vm *v = &out->v[k];
        if (set_str(&v->department, sdb_column_text(st, 2), "(unallocated)") != 0 ||
            set_str(&v->tags_json, sdb_column_text(st, 3), "{}") != 0) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    strmap_release(&idx);
    return rc;
}

enum status store_vm_list(struct store *s, int32_t from_day, int32_t to_day, const char *department,
                          struct store_vm_list *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->first_day = from_day;
    out->ndays = to_day >= from_day ? (size_t)(to_day - from_day + 1) : 0;
    struct sdb_stmt *st = NULL;
    int64_t *obj_vm = NULL, nobj = 0;
    struct store_meter_index meters = {0};
    int32_t *latest = NULL; /* per VM: the day its size and currency come from */
    int64_t *e6 = NULL, *e12 = NULL;
    /* the actual dataset when there is one (stops at the first row, where
     * MIN(dataset) would scan the table), else the amortized one */
    enum status rc = sdb_prepare(s->sdb, "SELECT 1 FROM costs WHERE dataset = 0 LIMIT 1", &st, e);
    if (rc != ST_OK)
        return rc;
    int dataset = sdb_step(st, NULL) == SDB_ROW ? 0 : 1;
    sdb_finalize(st);
    st = NULL;
    if ((rc = read_objects(s, department, out, &obj_vm, &nobj, e)) != ST_OK ||
        (rc = store_meter_index_load(s, &meters, e)) != ST_OK)
        goto done;
    latest = malloc((out->n ? out->n : 1) * sizeof *latest);
    e6 = calloc(out->n ? out->n : 1, sizeof *e6);
    e12 = calloc(out->n ? out->n : 1, sizeof *e12);
    if (!latest || !e6 || !e12) {
        rc = err_set(e, ST_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < out->n; i++)
        latest[i] = INT32_MIN;
    /* one plain scan of the cost rows, no joins: objects and meters were
     * resolved above, ids are looked up in arrays. In id order (SQLite's
     * rowid range scan gives it without sorting): the last row of a VM's
     * latest day sets its size and currency, and the hours are summed in
     * this order, so PostgreSQL must see the same order; every such row of
     * the window, so a cursor there (sdb_prepare_stream) */
    rc = sdb_prepare_stream(
        s->sdb,
        "SELECT c.object_id, c.meter_id, c.usage_date, c.quantity, c.cost_e6, c.cost_e12, "
        "CASE WHEN (c.benefit_id IS NOT NULL AND c.benefit_id <> '') "
        "OR c.pricing_model IN ('Reservation', 'SavingsPlan') THEN 1 ELSE 0 END, "
        "c.vm_size, c.currency FROM costs c "
        "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "
        "AND c.charge_type = 'Usage' AND c.id >= ?4 AND c.id <= ?5 ORDER BY c.id",
        &st, e);
    if (rc != ST_OK)
        goto done;
    char from_iso[DATE_ISO_LEN], to_iso[DATE_ISO_LEN], last_text[DATE_ISO_LEN] = "";
    int32_t last_day = 0;
    int64_t id_lo, id_hi; /* only the imports overlapping the window */
    date_format(from_day, from_iso);
    date_format(to_day, to_iso);
    if ((rc = store_cost_id_hull(s, from_iso, to_iso, &id_lo, &id_hi, e)) != ST_OK)
        goto done;
    sdb_bind_i64(st, 1, dataset);
    sdb_bind_text(st, 2, from_iso);
    sdb_bind_text(st, 3, to_iso);
    sdb_bind_i64(st, 4, id_lo);
    sdb_bind_i64(st, 5, id_hi);
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read VM cost rows", e)) == SDB_ROW) {
        int64_t oid = sdb_column_i64(st, 0);
        const struct store_meter_info *m = store_meter_get(&meters, sdb_column_i64(st, 1));
        /* VM compute hours only (not e.g. a per-month licence meter) */
        if (oid < 0 || oid >= nobj || !obj_vm[oid] || !m || !m->vm || m->unit_hours <= 0)
            continue;
        size_t k = (size_t)(obj_vm[oid] - 1);
        struct store_vm *v = &out->v[k];
        const char *day_text = sdb_column_text(st, 2);
        if (!day_text)
            continue;
        if (strncmp(day_text, last_text, DATE_ISO_LEN) != 0) { /* rows come in runs of days */
            if (date_parse(day_text, strlen(day_text), &last_day) != 0)
                continue;
            snprintf(last_text, sizeof last_text, "%s", day_text);
        }
        int32_t day = last_day;
        if (day >= latest[k]) { /* the latest row's size, region and currency win */
            const char *size = sdb_column_text(st, 7);
            const char *cur = sdb_column_text(st, 8);
            if ((size && *size && set_str(&v->vm_size, size, "") != 0) ||
                (*m->location && set_str(&v->region, m->location, "") != 0)) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            if (cur)
                snprintf(v->currency, sizeof v->currency, "%s", cur);
            latest[k] = day;
        }
        double hours = sdb_column_double(st, 3) * m->unit_hours;
        e6[k] += sdb_column_i64(st, 4);
        e12[k] += sdb_column_i64(st, 5);
        if ((int)sdb_column_i64(st, 6))
            v->reserved = 1;
        v->hours_total += hours;
        if (day >= from_day && day <= to_day)
            v->daily_hours[day - from_day] += hours;
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    /* VMs without a compute row in the window are dropped */
    size_t kept = 0;
    for (size_t i = 0; rc == ST_OK && i < out->n; i++) {
        struct store_vm *v = &out->v[i];
        if (latest[i] == INT32_MIN) {
            free(v->resource_id);
            free(v->department);
            free(v->vm_size);
            free(v->region);
            free(v->tags_json);
            free(v->daily_hours);
            continue;
        }
        v->cost = money_normalize(e6[i], e12[i]);
        if ((!v->department && set_str(&v->department, NULL, "(unallocated)") != 0) ||
            (!v->tags_json && set_str(&v->tags_json, NULL, "{}") != 0) ||
            (!v->region && set_str(&v->region, NULL, "") != 0)) {
            out->v[kept++] = *v;
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        out->v[kept++] = *v;
    }
    if (rc == ST_OK)
        out->n = kept;
done:
    sdb_finalize(st);
    store_meter_index_release(&meters);
    free(obj_vm);
    free(latest);
    free(e6);
    free(e12);
    if (rc != ST_OK) {
        store_vm_list_release(out);
        return rc;
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_store_vm);
    return ST_OK;
}

int store_vm_prices_imported(struct store *s)
{
    struct sdb_stmt *st = NULL;
    struct err e;
    if (sdb_prepare(s->sdb, "SELECT 1 FROM vm_prices LIMIT 1", &st, &e) != ST_OK)
        return 0;
    int any = sdb_step(st, NULL) == SDB_ROW;
    sdb_finalize(st);
    return any;
}

char *store_resource_department(struct store *s, const char *resource_id)
{
    struct sdb_stmt *st = NULL;
    struct err e;
    if (sdb_prepare(s->sdb,
                    "SELECT d.name FROM cost_objects o JOIN departments d ON d.id = "
                    "o.department_id WHERE o.resource_id = ? ORDER BY o.id DESC LIMIT 1",
                    &st, &e) != ST_OK)
        return NULL;
    sdb_bind_text(st, 1, resource_id);
    char *dept = NULL;
    if (sdb_step(st, NULL) == SDB_ROW)
        dept = store_col_strdup(st, 0);
    sdb_finalize(st);
    return dept;
}

char *store_resource_tags(struct store *s, const char *resource_id)
{
    struct sdb_stmt *st = NULL;
    struct err e;
    if (sdb_prepare(s->sdb,
                    "SELECT tags FROM cost_objects WHERE resource_id = ? ORDER BY id DESC LIMIT 1",
                    &st, &e) != ST_OK)
        return NULL;
    sdb_bind_text(st, 1, resource_id);
    char *tags = NULL;
    if (sdb_step(st, NULL) == SDB_ROW)
        tags = store_col_strdup(st, 0);
    sdb_finalize(st);
    return tags;
}

enum status store_vm_last_day(struct store *s, int32_t *day, struct err *e)
{
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(
        s->sdb,
        "SELECT MAX(c.usage_date) FROM costs c JOIN cost_objects o ON o.id = c.object_id "
        "WHERE o.resource_id LIKE '%/providers/microsoft.compute/virtualmachines/%'",
        &st, e);
    if (rc != ST_OK)
        return rc;
    rc = ST_NOTFOUND;
    if (sdb_step(st, NULL) == SDB_ROW) {
        const char *t = sdb_column_text(st, 0);
        if (t && date_parse(t, strlen(t), day) == 0)
            rc = ST_OK;
    }
    sdb_finalize(st);
    if (rc == ST_NOTFOUND)
        err_set(e, ST_NOTFOUND, "no VM cost rows");
    return rc;
}

/* ---- metrics in bulk ---- */

/* App Service plans and SQL databases publish CPU too (store_metrics.h
 * aliases): stop schedules and commitments are for VMs, so these reads skip
 * them. */
#define NOT_PAAS                                                                                   \
    "r.resource_id NOT LIKE '%/providers/microsoft.web/serverfarms/%' AND r.resource_id NOT "      \
    "LIKE '%/providers/microsoft.sql/servers/%'"

static enum status metric_extreme_hour(struct store *s, enum metric_kind metric, int last,
                                       int64_t *hour, struct err *e)
{
    /* the extreme day by one primary-key seek per resource, then the extreme
     * hour set in that day's rows (again one seek per resource) */
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(
        s->sdb,
        last ? "SELECT MAX((SELECT MAX(m.day) FROM metric_days m WHERE m.resource_id = r.id "
               "AND m.metric = ?1)) FROM metric_resources r WHERE " NOT_PAAS
             : "SELECT MIN((SELECT MIN(m.day) FROM metric_days m WHERE m.resource_id = r.id "
               "AND m.metric = ?1)) FROM metric_resources r WHERE " NOT_PAAS,
        &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)metric);
    rc = ST_NOTFOUND;
    int32_t day = 0;
    enum sdb_rc step = store_step(st, "cannot read metrics", e);
    if (step == SDB_ROW && !sdb_column_is_null(st, 0)) {
        day = (int)sdb_column_i64(st, 0);
        rc = ST_OK;
    } else if (step != SDB_ROW && step != SDB_DONE) {
        rc = ST_DB;
    }
    sdb_finalize(st);
    if (rc == ST_NOTFOUND)
        err_set(e, ST_NOTFOUND, "no metrics");
    if (rc != ST_OK)
        return rc;
    rc = sdb_prepare(s->sdb,
                     "SELECT m.hour_mask FROM metric_resources r JOIN metric_days m "
                     "ON m.resource_id = r.id AND m.metric = ?1 AND m.day = ?2 WHERE " NOT_PAAS,
                     &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)metric);
    sdb_bind_i64(st, 2, day);
    uint32_t mask = 0;
    while ((step = store_step(st, "cannot read metrics", e)) == SDB_ROW)
        mask |= (uint32_t)sdb_column_i64(st, 0);
    if (step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    int h = last ? store_metric_day_last_hour(mask) : store_metric_day_first_hour(mask);
    if (rc == ST_OK)
        *hour = (int64_t)day * 24 + (h < 0 ? 0 : h);
    return rc;
}

enum status store_vm_metrics_last_hour(struct store *s, enum metric_kind metric, int64_t *hour,
                                       struct err *e)
{
    return metric_extreme_hour(s, metric, 1, hour, e);
}

enum status store_vm_metrics_first_hour(struct store *s, enum metric_kind metric, int64_t *hour,
                                        struct err *e)
{
    return metric_extreme_hour(s, metric, 0, hour, e);
}

enum status store_vm_metrics_scan(struct store *s, const enum metric_kind *metrics, size_t nmetrics,
                                  int64_t hour_from, size_t n, store_vm_metrics_fn fn, void *arg,
                                  struct err *e)
{
    if (nmetrics == 0 || nmetrics > 4 || n == 0)
        return err_set(e, ST_USAGE, "store_vm_metrics_scan: 1-4 metrics and n > 0");
    double *vals[4] = {NULL, NULL, NULL, NULL};
    double *block = malloc(nmetrics * n * sizeof *block);
    if (!block)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t k = 0; k < nmetrics; k++)
        vals[k] = block + k * n;
    struct sdb_stmt *st = NULL;
    /* resources in id order, each one's day rows through the primary key */
    enum status rc = sdb_prepare(
        s->sdb,
        "SELECT r.id, r.resource_id, m.metric, m.day, m.avg_values FROM metric_resources r "
        "JOIN metric_days m ON m.resource_id = r.id "
        "WHERE m.metric IN (?1, ?2, ?3, ?4) AND m.day >= ?5 AND m.day <= ?6 AND " NOT_PAAS " "
        "ORDER BY r.id, m.metric, m.day",
        &st, e);
    if (rc != ST_OK) {
        free(block);
        return rc;
    }
    for (int k = 0; k < 4; k++)
        sdb_bind_i64(st, k + 1, (int)metrics[(size_t)k < nmetrics ? (size_t)k : 0]);
    int64_t hour_to = hour_from + (int64_t)n; /* exclusive */
    sdb_bind_i64(st, 5, date_day_of_hour(hour_from));
    sdb_bind_i64(st, 6, date_day_of_hour(hour_to - 1));
    int64_t cur = -1;
    char *cur_id = NULL;
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read metrics", e)) == SDB_ROW) {
        int64_t rid = sdb_column_i64(st, 0);
        if (rid != cur) {
            if (cur_id && (rc = fn(arg, cur_id, vals, e)) != ST_OK)
                break;
            free(cur_id);
            cur_id = store_col_strdup(st, 1);
            if (!cur_id) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            cur = rid;
            for (size_t i = 0; i < nmetrics * n; i++)
                block[i] = NAN;
        }
        int metric = (int)sdb_column_i64(st, 2);
        double day_vals[24];
        if (store_metric_day_decode(sdb_column_blob(st, 4), sdb_column_bytes(st, 4), day_vals) !=
            0) {
            rc = err_set(e, ST_DB, "metric_days: damaged values blob");
            break;
        }
        int64_t base = sdb_column_i64(st, 3) * 24 - hour_from;
        for (size_t k = 0; k < nmetrics; k++) {
            if ((int)metrics[k] != metric)
                continue;
            for (int h = 0; h < 24; h++) {
                int64_t i = base + h;
                if (i >= 0 && i < (int64_t)n && !isnan(day_vals[h]))
                    vals[k][i] = day_vals[h];
            }
        }
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    if (rc == ST_OK && cur_id)
        rc = fn(arg, cur_id, vals, e);
    sdb_finalize(st);
    free(cur_id);
    free(block);
    return rc;
}

/* ---- schedule profile cache ---- */

enum status store_profile_basis(struct store *s, const char *params_key, char *out, size_t outlen,
                                struct err *e)
{
    struct sdb_stmt *st = NULL;
    enum status rc =
        sdb_prepare(s->sdb, "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM imports", &st, e);
    if (rc != ST_OK)
        return rc;
    if (store_step(st, "cannot read imports", e) == SDB_ROW)
        snprintf(out, outlen, "imports=%lld/%lld;%s", (long long)sdb_column_i64(st, 0),
                 (long long)sdb_column_i64(st, 1), params_key);
    else
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

int store_profile_is_fresh(struct store *s, const char *basis)
{
    char *stored = store_get_setting(s, "sched_profile_basis");
    int fresh = stored && strcmp(stored, basis) == 0;
    free(stored);
    return fresh;
}

struct store_profile_writer {
    struct store *s;       /* the store, inside a transaction */
    struct sdb_stmt *find; /* resource id text -> metric_resources.id */
    struct sdb_stmt *ins;  /* one profile row */
};

void store_profile_abort(struct store_profile_writer *w)
{
    if (!w)
        return;
    sdb_finalize(w->find);
    sdb_finalize(w->ins);
    store_rollback(w->s);
    free(w);
}

enum status store_profile_begin(struct store *s, struct store_profile_writer **out, struct err *e)
{
    *out = NULL;
    struct store_profile_writer *w = calloc(1, sizeof *w);
    if (!w)
        return err_set(e, ST_NOMEM, "out of memory");
    w->s = s;
    enum status rc = store_begin(s, e);
    if (rc != ST_OK) {
        free(w);
        return rc;
    }
    if ((rc = store_exec(s, "DELETE FROM sched_profile", e)) != ST_OK ||
        (rc = sdb_prepare(s->sdb, "SELECT id FROM metric_resources WHERE resource_id = ?", &w->find,
                          e)) != ST_OK ||
        (rc = sdb_prepare(s->sdb,
                          "INSERT INTO sched_profile (resource_id, jst_day, seen_mask, "
                          "active_mask) VALUES (?, ?, ?, ?)",
                          &w->ins, e)) != ST_OK) {
        store_profile_abort(w);
        return rc;
    }
    *out = w;
    return ST_OK;
}

enum status store_profile_put(struct store_profile_writer *w, const char *resource_id,
                              int32_t first_day, size_t ndays, const uint32_t *seen,
                              const uint32_t *active, struct err *e)
{
    sdb_reset(w->find);
    sdb_bind_text(w->find, 1, resource_id);
    /* a failed lookup is an error, not "no such resource": on PostgreSQL it
     * has aborted the transaction, so every later statement would fail */
    enum sdb_rc step = store_step(w->find, "cannot read metric resources", e);
    if (step == SDB_ERROR) {
        sdb_reset(w->find);
        return ST_DB;
    }
    if (step != SDB_ROW) {
        sdb_reset(w->find);
        return ST_OK; /* not a metrics resource: nothing to cache */
    }
    int64_t rid = sdb_column_i64(w->find, 0);
    sdb_reset(w->find);
    for (size_t i = 0; i < ndays; i++) {
        if (!seen[i] && !active[i])
            continue;
        sdb_reset(w->ins);
        sdb_bind_i64(w->ins, 1, rid);
        sdb_bind_i64(w->ins, 2, (int64_t)first_day + (int64_t)i);
        sdb_bind_i64(w->ins, 3, (int64_t)seen[i]);
        sdb_bind_i64(w->ins, 4, (int64_t)active[i]);
        if (store_step_done(w->ins, "cannot store schedule profile", e) != ST_OK)
            return ST_DB;
    }
    return ST_OK;
}

enum status store_profile_finish(struct store_profile_writer *w, const char *basis, struct err *e)
{
    sdb_finalize(w->find);
    sdb_finalize(w->ins);
    w->find = w->ins = NULL;
    enum status rc = store_set_setting(w->s, "sched_profile_basis", basis, e);
    if (rc == ST_OK)
        rc = store_commit(w->s, e);
    if (rc != ST_OK)
        store_rollback(w->s);
    free(w);
    return rc;
}

enum status store_profile_scan(struct store *s, int32_t first_day, size_t ndays,
                               store_profile_fn fn, void *arg, struct err *e)
{
    uint32_t *m = calloc(2 * (ndays ? ndays : 1), sizeof *m);
    if (!m)
        return err_set(e, ST_NOMEM, "out of memory");
    uint32_t *seen = m, *active = m + ndays;
    struct sdb_stmt *st = NULL;
    enum status rc =
        sdb_prepare(s->sdb,
                    "SELECT r.id, r.resource_id, p.jst_day, p.seen_mask, p.active_mask "
                    "FROM metric_resources r JOIN sched_profile p ON p.resource_id = r.id "
                    "WHERE p.jst_day >= ?1 AND p.jst_day < ?2 ORDER BY r.id, p.jst_day",
                    &st, e);
    if (rc != ST_OK) {
        free(m);
        return rc;
    }
    sdb_bind_i64(st, 1, first_day);
    sdb_bind_i64(st, 2, (int64_t)first_day + (int64_t)ndays);
    int64_t cur = -1;
    char *cur_id = NULL;
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read schedule profile", e)) == SDB_ROW) {
        int64_t rid = sdb_column_i64(st, 0);
        if (rid != cur) {
            if (cur_id && (rc = fn(arg, cur_id, seen, active, e)) != ST_OK)
                break;
            free(cur_id);
            cur_id = store_col_strdup(st, 1);
            if (!cur_id) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            cur = rid;
            memset(m, 0, 2 * ndays * sizeof *m);
        }
        int64_t d = sdb_column_i64(st, 2) - first_day;
        if (d >= 0 && d < (int64_t)ndays) {
            seen[d] = (uint32_t)sdb_column_i64(st, 3);
            active[d] = (uint32_t)sdb_column_i64(st, 4);
        }
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    if (rc == ST_OK && cur_id)
        rc = fn(arg, cur_id, seen, active, e);
    sdb_finalize(st);
    free(cur_id);
    free(m);
    return rc;
}
