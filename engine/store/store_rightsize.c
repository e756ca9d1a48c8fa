/*
 * store_rightsize.c - read-only cost queries for right-sizing (see
 * store_rightsize.h). Plain SQL over costs, cost_objects, meters,
 * departments and subscriptions; the window's cost rows are summed per
 * resource in C (one scan, a hash table) rather than by a GROUP BY. Also the
 * managed disks' meters for the premium-disk rule.
 */
#include "store_rightsize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "store_internal.h"

void store_rs_rows_release(struct store_rs_rows *r)
{
    free(r->v);
    textpool_release(&r->texts);
    memset(r, 0, sizeof *r);
}

const struct store_rs_row *store_rs_rows_find(const struct store_rs_rows *b, const char *id)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(b->v[mid].resource_id, id);
        if (cmp == 0)
            return &b->v[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* A window of usage days as ISO text, and the costs.id range holding its rows. */
struct rs_window {
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    int64_t lo, hi; /* store_cost_id_hull() */
};

static enum status window_of(struct store *s, int32_t from_day, int32_t to_day, struct rs_window *w,
                             struct err *e)
{
    date_format(from_day, w->from);
    date_format(to_day, w->to);
    return store_cost_id_hull(s, w->from, w->to, &w->lo, &w->hi, e);
}

static int has_dataset(struct store *s, int ds, const struct rs_window *w)
{
    struct sdb_stmt *st;
    if (sdb_prepare(s->sdb,
                    "SELECT 1 FROM costs WHERE id >= ? AND id <= ? AND dataset = ? "
                    "AND usage_date >= ? AND usage_date <= ? LIMIT 1",
                    &st, NULL) != ST_OK)
        return 0;
    sdb_bind_i64(st, 1, w->lo);
    sdb_bind_i64(st, 2, w->hi);
    sdb_bind_i64(st, 3, ds);
    sdb_bind_text(st, 4, w->from);
    sdb_bind_text(st, 5, w->to);
    int found = sdb_step(st, NULL) == SDB_ROW;
    sdb_finalize(st);
    return found;
}

/* ---- aggregation of the window's cost rows in C ----
 * One sequential scan of the window's rows, summed per (cost object,
 * currency) in a hash table: a SQL GROUP BY over text keys sorted every row
 * and cost more than the rest of a 10,000-VM analysis together. */

struct rs_text_set { /* interned short texts (currencies, VM sizes), index = id */
    char **v;
    size_t n, cap;
};

static int text_intern(struct rs_text_set *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i], s) == 0)
            return (int)i;
    if (t->n == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 16;
        char **p = realloc(t->v, ncap * sizeof *p);
        if (!p)
            return -1;
        t->v = p;
        t->cap = ncap;
    }
    if (!(t->v[t->n] = strdup(s)))
        return -1;
    return (int)t->n++;
}

static void text_set_release(struct rs_text_set *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
}

/* The last text interned, so runs of rows with the same currency or size skip the lookup. */
struct text_cache {
    int id;        /* its index, -1 = none */
    char text[64]; /* its text (texts this long or longer are not cached) */
};

static int cached_intern(struct rs_text_set *t, struct text_cache *c, const char *s)
{
    if (c->id >= 0 && strcmp(s, c->text) == 0)
        return c->id;
    int id = text_intern(t, s);
    if (id >= 0 && strlen(s) < sizeof c->text) {
        snprintf(c->text, sizeof c->text, "%s", s);
        c->id = id;
    }
    return id;
}

struct rs_size_qty { /* billed compute hours of one VM size */
    int size;        /* index in the size set */
    double qty;
};

struct rs_agg {
    int64_t object_id; /* 0 = empty slot */
    int currency;      /* index in the currency set */
    int64_t sub_id;    /* subscription of the first row */
    struct money cost;
    double billed_hours;
    int reserved;
    int64_t meter_id;          /* meter with the greatest location text (for the region) */
    struct rs_size_qty *sizes; /* n_sizes entries, malloc'd */
    int n_sizes;
};

struct rs_agg_table {
    struct rs_agg *slots;
    size_t cap, n; /* cap is a power of two */
};

static size_t agg_hash(int64_t object_id, int currency, size_t cap)
{
    uint64_t h = (uint64_t)object_id * 0x9E3779B97F4A7C15ULL ^ (uint64_t)currency;
    h ^= h >> 31;
    return (size_t)(h & (cap - 1));
}

static struct rs_agg *agg_slot(struct rs_agg_table *t, int64_t object_id, int currency)
{
    if (2 * (t->n + 1) > t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 1024;
        struct rs_agg *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return NULL;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].object_id)
                continue;
            size_t j = agg_hash(t->slots[i].object_id, t->slots[i].currency, ncap);
            while (ns[j].object_id)
                j = (j + 1) & (ncap - 1);
            ns[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = ns;
        t->cap = ncap;
    }
    size_t i = agg_hash(object_id, currency, t->cap);
    while (t->slots[i].object_id &&
           !(t->slots[i].object_id == object_id && t->slots[i].currency == currency))
        i = (i + 1) & (t->cap - 1);
    if (!t->slots[i].object_id) {
        t->slots[i].object_id = object_id;
        t->slots[i].currency = currency;
        t->n++;
    }
    return &t->slots[i];
}

static void agg_table_release(struct rs_agg_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].sizes);
    free(t->slots);
}

static int add_size_qty(struct rs_agg *a, int size, double qty)
{
    for (int i = 0; i < a->n_sizes; i++)
        if (a->sizes[i].size == size) {
            a->sizes[i].qty += qty;
            return 0;
        }
    struct rs_size_qty *p = realloc(a->sizes, (size_t)(a->n_sizes + 1) * sizeof *p);
    if (!p)
        return -1;
    a->sizes = p;
    a->sizes[a->n_sizes++] = (struct rs_size_qty){size, qty};
    return 0;
}

/* Sum the window's cost rows per (object, currency). */
static enum status aggregate_window(struct store *s, int dataset, const struct rs_window *w,
                                    const struct store_meter_index *meters,
                                    struct rs_text_set *currencies, struct rs_text_set *sizes,
                                    struct rs_agg_table *t, struct err *e)
{
    struct sdb_stmt *st = NULL;
    enum status rc =
        sdb_prepare_stream(/* every cost row of the window: a cursor on PostgreSQL */
                           s->sdb,
                           "SELECT object_id, subscription_id, meter_id, currency, vm_size, cost_e6, cost_e12, "
                           "quantity, CASE WHEN benefit_id IS NOT NULL AND benefit_id <> '' THEN 1 "
                           "WHEN pricing_model IN ('Reservation', 'SavingsPlan') THEN 1 ELSE 0 END "
                           "FROM costs WHERE id >= ? AND id <= ? AND dataset = ? AND usage_date >= ? "
                           "AND usage_date <= ? ORDER BY id", /* SQLite's rowid order; the float
                                                                 sums follow it */
                           &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, w->lo);
    sdb_bind_i64(st, 2, w->hi);
    sdb_bind_i64(st, 3, dataset);
    sdb_bind_text(st, 4, w->from);
    sdb_bind_text(st, 5, w->to);
    struct text_cache cur_cache = {-1, ""}, size_cache = {-1, ""};
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read billed resources", e)) == SDB_ROW) {
        const char *cur = sdb_column_text(st, 3);
        int currency = cached_intern(currencies, &cur_cache, cur ? cur : "");
        if (currency < 0) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        struct rs_agg *a = agg_slot(t, sdb_column_i64(st, 0), currency);
        if (!a) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        if (!a->sub_id)
            a->sub_id = sdb_column_i64(st, 1);
        a->cost = money_add(a->cost, money_normalize(sdb_column_i64(st, 5), sdb_column_i64(st, 6)));
        a->reserved |= (int)sdb_column_i64(st, 8);
        int64_t meter = sdb_column_i64(st, 2);
        const struct store_meter_info *m = store_meter_get(meters, meter);
        if (m && (!a->meter_id || strcmp(m->location, meters->v[a->meter_id].location) > 0))
            a->meter_id = meter;
        const char *size = sdb_column_text(st, 4);
        if (!size)
            continue;
        int size_id = cached_intern(sizes, &size_cache, size);
        if (size_id < 0) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        double qty = m && m->unit_hours > 0 ? sdb_column_double(st, 7) * m->unit_hours : 0;
        a->billed_hours += qty;
        if (add_size_qty(a, size_id, qty) != 0) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

static int is_vm_resource(const char *id)
{
    return strstr(id, "/providers/microsoft.compute/virtualmachines/") ||
           strstr(id, "/providers/microsoft.compute/virtualmachinescalesets/");
}

/* One aggregate with its cost object's texts, before objects of the same
 * resource (tags changed, ...) are merged. */
struct rs_pending {
    struct rs_agg *a;           /* borrowed from the table */
    const char *resource_id;    /* in the row set's pool */
    const char *resource_group; /* in the row set's pool */
    const char *department;     /* in the row set's pool */
    const char *currency;       /* borrowed from the currency set */
};

/* By resource and currency; within one, the largest cost first (its
 * department, subscription and group name the row). */
static int cmp_pending(const void *x, const void *y)
{
    const struct rs_pending *a = x, *b = y;
    int c = strcmp(a->resource_id, b->resource_id);
    if (!c)
        c = strcmp(a->currency, b->currency);
    if (!c)
        c = -money_cmp(a->a->cost, b->a->cost);
    if (!c)
        c = a->a->object_id < b->a->object_id ? -1 : a->a->object_id > b->a->object_id;
    return c;
}

/* Fill the next row of out from the group p[0..n) (same resource and
 * currency); its texts go to out's pool. */
static enum status fill_row(struct store_rs_rows *out, struct rs_pending *p, size_t n,
                            const struct rs_text_set *sizes, const struct store_meter_index *meters,
                            struct sdb_stmt *sub, struct err *e)
{
    struct store_rs_row *x = &out->v[out->n++];
    struct textpool *texts = &out->texts;
    memset(x, 0, sizeof *x);
    double *qty = calloc(sizes->n ? sizes->n : 1, sizeof *qty);
    int *seen = calloc(sizes->n ? sizes->n : 1, sizeof *seen);
    if (!qty || !seen) {
        free(qty);
        free(seen);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    const char *region = "";
    x->cost = MONEY_ZERO;
    for (size_t i = 0; i < n; i++) {
        const struct rs_agg *a = p[i].a;
        x->cost = money_add(x->cost, a->cost);
        x->billed_hours += a->billed_hours;
        x->reserved |= a->reserved;
        if (a->meter_id && strcmp(meters->v[a->meter_id].location, region) > 0)
            region = meters->v[a->meter_id].location;
        for (int k = 0; k < a->n_sizes; k++) {
            qty[a->sizes[k].size] += a->sizes[k].qty;
            seen[a->sizes[k].size] = 1;
        }
    }
    /* the size billed most (ties: the first name) */
    const char *size = NULL;
    double best = -1;
    for (size_t k = 0; k < sizes->n; k++) {
        if (!seen[k])
            continue;
        if (!size || qty[k] > best || (qty[k] == best && strcmp(sizes->v[k], size) < 0)) {
            size = sizes->v[k];
            best = qty[k];
        }
    }
    free(qty);
    free(seen);
    x->resource_id = p[0].resource_id;
    x->resource_group = p[0].resource_group;
    x->department = p[0].department;
    sdb_reset(sub);
    sdb_bind_i64(sub, 1, p[0].a->sub_id);
    x->subscription = sdb_step(sub, NULL) == SDB_ROW ? store_col_intern(sub, 0, texts)
                                                     : textpool_intern(texts, "", 0);
    x->vm_size = size ? textpool_intern(texts, size, strlen(size)) : NULL;
    x->region = textpool_intern(texts, region, strlen(region));
    x->currency = textpool_intern(texts, p[0].currency, strlen(p[0].currency));
    if (!x->subscription || !x->region || !x->currency || (size && !x->vm_size))
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

enum status store_rightsize_billed(struct store *s, int32_t from_day, int32_t to_day,
                                   const char *department, int vms_only, struct store_rs_rows *out,
                                   struct err *e)
{
    memset(out, 0, sizeof *out);
    struct rs_window w;
    enum status rc = window_of(s, from_day, to_day, &w, e);
    if (rc != ST_OK)
        return rc;
    out->dataset = has_dataset(s, 1, &w) ? 1 : 0;

    struct store_meter_index meters = {0};
    size_t n_pending = 0;
    struct rs_text_set currencies = {0}, sizes = {0};
    struct rs_agg_table t = {0};
    struct rs_pending *pending = NULL;
    struct sdb_stmt *obj = NULL, *sub = NULL;
    rc = store_meter_index_load(s, &meters, e);
    if (rc == ST_OK)
        rc = aggregate_window(s, out->dataset, &w, &meters, &currencies, &sizes, &t, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb,
                         "SELECT o.resource_id, o.resource_group, d.name FROM cost_objects o "
                         "JOIN departments d ON d.id = o.department_id WHERE o.id = ?",
                         &obj, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb, "SELECT sub_key FROM subscriptions WHERE id = ?", &sub, e);
    if (rc == ST_OK) {
        pending = calloc(t.n ? t.n : 1, sizeof *pending);
        out->v = calloc(t.n ? t.n : 1, sizeof *out->v);
        if (!pending || !out->v) {
            err_set(e, ST_NOMEM, "out of memory");
            rc = ST_NOMEM;
        }
    }
    /* each aggregate with its object's texts, filtered */
    for (size_t i = 0; rc == ST_OK && i < t.cap; i++) {
        struct rs_agg *a = &t.slots[i];
        if (!a->object_id)
            continue;
        sdb_reset(obj);
        sdb_bind_i64(obj, 1, a->object_id);
        if (sdb_step(obj, NULL) != SDB_ROW)
            continue; /* foreign keys make this impossible */
        const char *rid = sdb_column_text(obj, 0);
        const char *dept = sdb_column_text(obj, 2);
        if (!rid || !*rid || (vms_only && !is_vm_resource(rid)) ||
            (department && *department && (!dept || strcmp(dept, department) != 0)))
            continue;
        struct rs_pending *p = &pending[n_pending++];
        p->a = a;
        p->currency = currencies.v[a->currency];
        p->resource_id = store_col_keep(obj, 0, &out->texts);
        p->resource_group = store_col_intern(obj, 1, &out->texts);
        p->department = store_col_intern(obj, 2, &out->texts);
        if (!p->resource_id || !p->resource_group || !p->department)
            rc = err_set(e, ST_NOMEM, "out of memory");
    }
    /* one row per resource and currency */
    if (rc == ST_OK && n_pending)
        qsort(pending, n_pending, sizeof *pending, cmp_pending);
    for (size_t i = 0; rc == ST_OK && i < n_pending;) {
        size_t j = i + 1;
        while (j < n_pending && strcmp(pending[j].resource_id, pending[i].resource_id) == 0 &&
               strcmp(pending[j].currency, pending[i].currency) == 0)
            j++;
        rc = fill_row(out, &pending[i], j - i, &sizes, &meters, sub, e);
        i = j;
    }
    free(pending);
    sdb_finalize(obj);
    sdb_finalize(sub);
    agg_table_release(&t);
    text_set_release(&currencies);
    text_set_release(&sizes);
    store_meter_index_release(&meters);
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
 * "10/Month" 10, FOCUS "Units/Month" 1, "Month(s)" 1 (any case); 0 when the
 * unit is not monthly ("1 Hour", "1 GB", "10K"). */
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
    if (strncasecmp(end, "units", 5) == 0)
        end += 5;
    else if (strncasecmp(end, "unit", 4) == 0)
        end += 4;
    while (*end == ' ')
        end++;
    if (*end == '/')
        end++;
    while (*end == ' ')
        end++;
    int month = strcasecmp(end, "Month") == 0 || strcasecmp(end, "Months") == 0;
    return month && n > 0 ? n : 0;
}

/* A sum of doubles depends on the order of its terms: SQLite adds a group's
 * rows in the order it scans them (costs.id); PostgreSQL is told that order
 * (an ordered aggregate, which SQLite 3.40 does not parse), so both print
 * the same bits (docs/postgresql.md, item 10). */
#define RS_QSUM_LITE "SUM(COALESCE(c.quantity, 0))"
#define RS_QSUM_PG   "SUM(COALESCE(c.quantity, 0) ORDER BY c.id)"

/* Sum per (object, meter, currency) first, on the integer ids of the disks'
 * objects only; the text columns join the few result rows. QSUM sums the
 * quantities (see RS_QSUM_LITE). lower(resource_id): ids may keep their
 * exported case and LIKE is case-sensitive on PostgreSQL (item 7). */
#define DISK_SQL(QSUM)                                                                             \
    "SELECT o.resource_id, m.meter_name, m.location, x.currency, m.unit, "                         \
    "SUM(x.e6), SUM(x.e12), SUM(x.q) FROM "                                                        \
    "(SELECT c.object_id, c.meter_id, c.currency, SUM(c.cost_e6) AS e6, "                          \
    "SUM(c.cost_e12) AS e12, " QSUM " AS q FROM costs c "                                          \
    "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "                          \
    "AND c.id >= ?4 AND c.id <= ?5 AND c.object_id IN (SELECT id FROM cost_objects "               \
    "WHERE lower(resource_id) LIKE '%/providers/microsoft.compute/disks/%') "                      \
    "GROUP BY c.object_id, c.meter_id, c.currency) x "                                             \
    "JOIN cost_objects o ON o.id = x.object_id JOIN meters m ON m.id = x.meter_id "                \
    "GROUP BY o.resource_id, m.meter_name, m.location, x.currency, m.unit "                        \
    "ORDER BY o.resource_id, m.meter_name, m.location, x.currency, m.unit"

enum status store_rightsize_disk_meters(struct store *s, int32_t from_day, int32_t to_day,
                                        int dataset, struct store_rs_disk_meters *out,
                                        struct err *e)
{
    memset(out, 0, sizeof *out);
    struct rs_window w;
    enum status rc = window_of(s, from_day, to_day, &w, e);
    if (rc != ST_OK)
        return rc;
    struct sdb_stmt *st = NULL;
    rc = sdb_prepare(
        s->sdb, s->sdb->backend == SDB_PG ? DISK_SQL(RS_QSUM_PG) : DISK_SQL(RS_QSUM_LITE), &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, dataset);
    sdb_bind_text(st, 2, w.from);
    sdb_bind_text(st, 3, w.to);
    sdb_bind_i64(st, 4, w.lo);
    sdb_bind_i64(st, 5, w.hi);
    size_t cap = 0;
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read billed disks", e)) == SDB_ROW) {
        if ((rc = store_grow((void **)&out->v, &cap, out->n, sizeof *out->v, e)) != ST_OK)
            break;
        struct store_rs_disk_meter *x = &out->v[out->n++];
        memset(x, 0, sizeof *x);
        x->resource_id = store_col_strdup_or_empty(st, 0);
        x->meter_name = store_col_strdup_or_empty(st, 1);
        x->region = store_col_strdup_or_empty(st, 2);
        x->currency = store_col_strdup_or_empty(st, 3);
        x->cost = money_normalize(sdb_column_i64(st, 5), sdb_column_i64(st, 6));
        x->months = sdb_column_double(st, 7) * unit_months(sdb_column_text(st, 4));
        if (!x->resource_id || !x->meter_name || !x->region || !x->currency) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK)
        store_rs_disk_meters_release(out);
    return rc;
}

void store_rs_texts_release(struct store_rs_texts *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].resource_id);
        free(t->v[i].department);
        free(t->v[i].text);
        free(t->v[i].currency);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* One product-text row: object, department, "service / subcategory / meter", cost. */
static enum status text_row(struct sdb_stmt *st, struct store_scan_acc *acc, struct err *e)
{
    struct store_rs_texts *out = acc->out;
    if (store_grow((void **)&out->v, &acc->cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    struct store_rs_text *x = &out->v[out->n++];
    memset(x, 0, sizeof *x);
    x->resource_id = store_col_strdup_or_empty(st, 0);
    x->department = store_col_strdup_or_empty(st, 1);
    x->text = store_col_strdup_or_empty(st, 2);
    x->currency = store_col_strdup_or_empty(st, 3);
    x->cost = money_normalize(sdb_column_i64(st, 4), sdb_column_i64(st, 5));
    if (!x->resource_id || !x->department || !x->text || !x->currency)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

enum status store_rightsize_product_texts(struct store *s, int32_t from_day, int32_t to_day,
                                          int dataset, const char *department,
                                          struct store_rs_texts *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_scan_acc acc = {out, 0};
    enum status rc = store_window_scan(
        s, from_day, to_day, dataset, department,
        /* the few meters that name a version first, then their rows */
        "SELECT o.resource_id, d.name, m.service_name || ' / ' || m.meter_subcategory || ' / ' "
        "|| m.meter_name, c.currency, SUM(c.cost_e6), SUM(c.cost_e12) FROM costs c "
        "JOIN cost_objects o ON o.id = c.object_id JOIN departments d ON d.id = o.department_id "
        "JOIN meters m ON m.id = c.meter_id "
        "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "
        /* CAST: PostgreSQL cannot type a bare ?6 IS NULL (42P08), and sdb's
         * retry as text cannot run inside store_rs_read_begin's transaction */
        "AND c.id >= ?4 AND c.id <= ?5 AND (CAST(?6 AS TEXT) IS NULL OR d.name = ?6) "
        "AND c.meter_id IN (SELECT id FROM meters WHERE "
        "lower(service_name || ' ' || meter_subcategory || ' ' || meter_name) "
        "LIKE '%windows server 20%' OR lower(service_name || ' ' || meter_subcategory || ' ' || "
        "meter_name) LIKE '%sql server 20%') "
        "GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 2, 4",
        text_row, &acc, "cannot read billed meters", e);
    if (rc != ST_OK)
        store_rs_texts_release(out);
    return rc;
}

enum status store_rightsize_last_cost_day(struct store *s, int32_t *day, struct err *e)
{
    /* the imports' periods when every row lies in a recorded range, else a scan */
    int64_t lo, hi;
    enum status rc = store_cost_id_hull(s, "0000-01-01", "9999-12-31", &lo, &hi, e);
    if (rc != ST_OK)
        return rc;
    struct sdb_stmt *st = NULL;
    rc = sdb_prepare(s->sdb,
                     lo == INT64_MIN ? "SELECT MAX(usage_date) FROM costs"
                                     : "SELECT MAX(period_end) FROM imports "
                                       "WHERE last_cost_id IS NOT NULL AND row_count > 0",
                     &st, e);
    if (rc != ST_OK)
        return rc;
    enum sdb_rc step = store_step(st, "cannot read costs", e);
    if (step == SDB_ROW && !sdb_column_is_null(st, 0)) {
        const char *t = sdb_column_text(st, 0);
        if (date_parse(t, strlen(t), day) != 0)
            rc = err_set(e, ST_DB, "bad usage_date '%s' in the store", t);
    } else if (step == SDB_ROW) {
        rc = err_set(e, ST_NOTFOUND, "no costs imported");
    } else if (step == SDB_DONE) { /* an aggregate always has its row: SQLite's text */
        rc = err_set(e, ST_DB, "cannot read costs: no more rows available");
    } else {
        rc = ST_DB; /* store_step filled e */
    }
    sdb_finalize(st);
    return rc;
}

/* Right-sizing reads the window's rows once, in order, and sorts by
 * resource: a small page cache serves it as fast, and bounds SQLite's
 * in-memory sorts (they spill to temporary files past the cache size).
 * With the default 16 MiB the page caches and sorts of its connections
 * held 70 MiB on 86,000 resources. SQLite only (store_exec_lite): the
 * server sizes its own buffers. */
#define RS_CACHE_PRAGMA "PRAGMA cache_size=-4096"

/* A snapshot id as pg_export_snapshot() makes them ("00000003-0000001B-1"):
 * hex digits and dashes only, so it can be quoted into SET TRANSACTION
 * SNAPSHOT (a utility statement: no parameters) without escaping. */
static int snapshot_id_ok(const char *id, size_t room)
{
    size_t n = id ? strlen(id) : 0;
    return n > 0 && n < room && strspn(id, "0123456789ABCDEFabcdef-") == n;
}

/* s->snapshot = pg_export_snapshot() of s's transaction; ST_DB when the
 * server will not export one (e.g. a hot standby). */
static enum status pg_export(struct store *s)
{
    struct sdb_stmt *q = NULL;
    struct err ignored;
    if (sdb_prepare(s->sdb, "SELECT pg_export_snapshot()", &q, &ignored) != ST_OK)
        return ST_DB;
    enum status st = ST_DB;
    if (store_step(q, "cannot export the read snapshot", &ignored) == SDB_ROW) {
        const char *id = sdb_column_text(q, 0);
        if (snapshot_id_ok(id, sizeof s->snapshot)) {
            snprintf(s->snapshot, sizeof s->snapshot, "%s", id);
            st = ST_OK;
        }
    }
    sdb_finalize(q);
    return st;
}

/* PostgreSQL: one snapshot for the whole analysis (REPEATABLE READ), which
 * does not block imports (MVCC) and so needs no write lock. It is exported
 * (pg_export_snapshot()) and each clone imports it (SET TRANSACTION
 * SNAPSHOT, docs/postgresql.md item 21), so the clones read exactly what s
 * reads whatever commits meanwhile. A server that exports none leaves
 * read_locked 0: read through this one connection. */
static enum status pg_read_begin(struct store *s, struct err *e)
{
    s->read_locked = 0;
    s->snapshot[0] = '\0';
    enum status st = store_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ", e);
    if (st != ST_OK)
        return st;
    if (pg_export(s) == ST_OK) {
        s->read_locked = 1;
        return ST_OK;
    }
    s->snapshot[0] = '\0';
    store_exec(s, "ROLLBACK", NULL); /* a failed statement aborted the transaction */
    return store_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ", e);
}

/* PostgreSQL: a clone on a connection of its own (the same connection
 * string), in a REPEATABLE READ transaction on s's exported snapshot. */
static enum status pg_read_clone(struct store *s, struct store **clone, struct err *e)
{
    struct store *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(s->path))) {
        free(c);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    c->read_only = s->read_only;
    char sql[32 + sizeof s->snapshot];
    snprintf(sql, sizeof sql, "SET TRANSACTION SNAPSHOT '%s'", s->snapshot); /* checked */
    enum status rc = sdb_open_again(s->sdb, &c->sdb, e);
    if (rc == ST_OK)
        rc = store_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ", e);
    if (rc == ST_OK)
        rc = store_exec(c, sql, e);
    if (rc != ST_OK) {
        err_prefix(e, "database '%s': cannot share the read snapshot", s->path);
        store_close(c);
        return rc;
    }
    *clone = c;
    return ST_OK;
}

enum status store_rs_read_begin(struct store *s, struct err *e)
{
    if (s->sdb->backend != SDB_SQLITE)
        return pg_read_begin(s, e);
    enum status st = store_exec_lite(s, RS_CACHE_PRAGMA, e);
    if (st != ST_OK)
        return st;
    /* Holding the write lock (no writes follow) stops any import from
     * committing, so clones opened now read the same data. A busy or
     * read-only database falls back to a plain read transaction. */
    if (sdb_begin(s->sdb, NULL) == ST_OK) {
        s->read_locked = 1;
        return ST_OK;
    }
    s->read_locked = 0;
    return store_exec(s, "BEGIN", e);
}

void store_rs_read_end(struct store *s)
{
    store_exec(s, "COMMIT", NULL);
    s->read_locked = 0;
    s->snapshot[0] = '\0';
    store_exec_lite(s, "PRAGMA cache_size=-16384", NULL); /* as store_open set it */
}

enum status store_rs_read_clone(struct store *s, struct store **clone, struct err *e)
{
    *clone = NULL;
    if (!s->read_locked)
        return err_set(e, ST_NOTFOUND, "no shared snapshot: read through one connection");
    if (s->sdb->backend == SDB_PG)
        return pg_read_clone(s, clone, e);
    struct store *c = NULL;
    enum status rc = store_open(s->path, &c, e);
    if (rc == ST_OK)
        rc = store_exec_lite(c, RS_CACHE_PRAGMA, e);
    if (rc == ST_OK)
        rc = store_exec(c, "BEGIN", e);
    if (rc != ST_OK) {
        store_close(c);
        return rc;
    }
    *clone = c;
    return ST_OK;
}

void store_rs_read_clone_close(struct store *clone)
{
    if (!clone)
        return;
    store_exec(clone, "COMMIT", NULL);
    store_close(clone);
}

/* ---- the bill by resource and meter (coverage, PaaS rules) ---- */

void store_rs_meter_costs_release(struct store_rs_meter_costs *m)
{
    free(m->v);
    textpool_release(&m->texts);
    memset(m, 0, sizeof *m);
}

/* The scan's list, and the bill whose ids it shares. */
struct meter_cost_acc {
    struct store_scan_acc scan; /* first: the callback gets &scan */
    const struct store_rs_rows *billed;
};

/* The id of a meter row: the previous row's (rows come by resource), the
 * bill's, or a copy in the list's pool. */
static const char *meter_cost_id(struct sdb_stmt *st, const struct meter_cost_acc *a)
{
    struct store_rs_meter_costs *out = a->scan.out;
    const char *id = sdb_column_text(st, 0);
    if (!id)
        return textpool_intern(&out->texts, "", 0);
    if (out->n > 1 && strcmp(out->v[out->n - 2].resource_id, id) == 0)
        return out->v[out->n - 2].resource_id;
    const struct store_rs_row *b = a->billed ? store_rs_rows_find(a->billed, id) : NULL;
    return b ? b->resource_id : store_col_keep(st, 0, &out->texts);
}

static enum status meter_cost_row(struct sdb_stmt *st, struct store_scan_acc *acc, struct err *e)
{
    struct store_rs_meter_costs *out = acc->out;
    size_t *cap = &acc->cap;
    if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    struct store_rs_meter_cost *x = &out->v[out->n++];
    memset(x, 0, sizeof *x);
    x->resource_id = meter_cost_id(st, (const struct meter_cost_acc *)acc);
    x->service = store_col_intern(st, 1, &out->texts);
    x->subcategory = store_col_intern(st, 2, &out->texts);
    x->meter_name = store_col_intern(st, 3, &out->texts);
    x->currency = store_col_intern(st, 5, &out->texts);
    x->cost = money_normalize(sdb_column_i64(st, 6), sdb_column_i64(st, 7));
    double uh = store_unit_hours(sdb_column_text(st, 4));
    x->hours = uh > 0 ? sdb_column_double(st, 8) * uh : 0;
    if (!x->resource_id || !x->service || !x->subcategory || !x->meter_name || !x->currency)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* Sum per (object, meter, currency) on integer ids first; the text columns
 * join the result rows. QSUM sums the quantities (see RS_QSUM_LITE).
 * CAST(?6 AS TEXT): PostgreSQL
 * cannot type a bare "?6 IS NULL" (42P08), and sdb's retry as text cannot
 * run inside store_rs_read_begin's transaction (item 1). */
#define METER_COST_SQL(QSUM)                                                                        \
    "SELECT o.resource_id, m.service_name, m.meter_subcategory, m.meter_name, m.unit, "             \
    "x.currency, SUM(x.e6), SUM(x.e12), SUM(x.q) FROM "                                             \
    "(SELECT c.object_id, c.meter_id, c.currency, SUM(c.cost_e6) AS e6, "                           \
    "SUM(c.cost_e12) AS e12, " QSUM " AS q FROM costs c "                                           \
    "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "                           \
    "AND c.id >= ?4 AND c.id <= ?5 GROUP BY c.object_id, c.meter_id, c.currency) x "                \
    "JOIN cost_objects o ON o.id = x.object_id JOIN meters m ON m.id = x.meter_id "                 \
    "JOIN departments d ON d.id = o.department_id WHERE (CAST(?6 AS TEXT) IS NULL OR d.name = ?6) " \
    "GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6"

enum status store_rightsize_meter_costs(struct store *s, int32_t from_day, int32_t to_day,
                                        int dataset, const char *department,
                                        const struct store_rs_rows *billed,
                                        struct store_rs_meter_costs *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct meter_cost_acc acc = {{out, 0}, billed};
    enum status rc = store_window_scan(
        s, from_day, to_day, dataset, department,
        s->sdb->backend == SDB_PG ? METER_COST_SQL(RS_QSUM_PG) : METER_COST_SQL(RS_QSUM_LITE),
        meter_cost_row, &acc.scan, "cannot read the bill by meter", e);
    if (rc != ST_OK)
        store_rs_meter_costs_release(out);
    return rc;
}

/* ---- SQL Database vCore compute day by day (reserved capacity) ---- */

void store_rs_sql_vcores_release(struct store_rs_sql_vcores *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->v[i].resource_id);
        free(v->v[i].department);
        free(v->v[i].subcategory);
        free(v->v[i].region);
        free(v->v[i].currency);
    }
    free(v->v);
    memset(v, 0, sizeof *v);
}

/* Fold one (database, currency, day) row into the last entry or a new one. */
static enum status sql_vcore_row(struct sdb_stmt *st, struct store_scan_acc *acc, struct err *e)
{
    struct store_rs_sql_vcores *out = acc->out;
    size_t *cap = &acc->cap;
    const char *id = sdb_column_text(st, 0);
    const char *cur = sdb_column_text(st, 4);
    struct store_rs_sql_vcore *x = out->n ? &out->v[out->n - 1] : NULL;
    if (!x || strcmp(x->resource_id, id ? id : "") != 0 ||
        strcmp(x->currency, cur ? cur : "") != 0) {
        if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
            return ST_NOMEM;
        x = &out->v[out->n++];
        memset(x, 0, sizeof *x);
        x->resource_id = store_col_strdup_or_empty(st, 0);
        x->department = store_col_strdup_or_empty(st, 1);
        x->subcategory = store_col_strdup_or_empty(st, 2);
        x->region = store_col_strdup_or_empty(st, 3);
        x->currency = store_col_strdup_or_empty(st, 4);
        x->min_day = INFINITY;
        if (!x->resource_id || !x->department || !x->subcategory || !x->region || !x->currency)
            return err_set(e, ST_NOMEM, "out of memory");
    }
    double hours = sdb_column_double(st, 7) * store_unit_hours(sdb_column_text(st, 9));
    x->cost = money_add(x->cost, money_normalize(sdb_column_i64(st, 5), sdb_column_i64(st, 6)));
    x->hours += hours;
    x->days++;
    if (hours < x->min_day)
        x->min_day = hours;
    x->reserved |= (int)sdb_column_i64(st, 8);
    return ST_OK;
}

/* Per (database, currency, day): hourly vCore meters only (serverless bills
 * vCore seconds); the unit's hours are applied in sql_vcore_row(). QSUM sums
 * the quantities (see RS_QSUM_LITE). CAST(?6 AS TEXT): PostgreSQL
 * cannot type a bare "?6 IS NULL" (42P08), and sdb's retry as text cannot
 * run inside store_rs_read_begin's transaction (item 1).
 * lower(resource_id): ids may keep their exported case (item 7). */
#define SQL_VCORE_SQL(QSUM)                                                                        \
    "SELECT o.resource_id, d.name, MIN(m.meter_subcategory), MIN(m.location), c.currency, "        \
    "SUM(c.cost_e6), SUM(c.cost_e12), " QSUM ", "                                                  \
    "MAX(CASE WHEN c.benefit_id IS NOT NULL AND c.benefit_id <> '' THEN 1 "                        \
    "WHEN c.pricing_model IN ('Reservation', 'SavingsPlan') THEN 1 ELSE 0 END), MIN(m.unit) "      \
    "FROM costs c JOIN cost_objects o ON o.id = c.object_id "                                      \
    "JOIN meters m ON m.id = c.meter_id JOIN departments d ON d.id = o.department_id "             \
    "WHERE c.dataset = ?1 AND c.usage_date >= ?2 AND c.usage_date <= ?3 "                          \
    "AND c.id >= ?4 AND c.id <= ?5 AND c.charge_type = 'Usage' "                                   \
    "AND lower(o.resource_id) LIKE '%/providers/microsoft.sql/servers/%/databases/%' "             \
    "AND lower(m.meter_name) LIKE '%vcore%' AND lower(m.unit) LIKE '%hour%' "                      \
    "AND (CAST(?6 AS TEXT) IS NULL OR d.name = ?6) "                                               \
    "GROUP BY o.resource_id, d.name, c.currency, c.usage_date "                                    \
    "ORDER BY o.resource_id, c.currency, c.usage_date"

enum status store_rightsize_sql_vcores(struct store *s, int32_t from_day, int32_t to_day,
                                       int dataset, const char *department,
                                       struct store_rs_sql_vcores *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_scan_acc acc = {out, 0};
    enum status rc = store_window_scan(
        s, from_day, to_day, dataset, department,
        s->sdb->backend == SDB_PG ? SQL_VCORE_SQL(RS_QSUM_PG) : SQL_VCORE_SQL(RS_QSUM_LITE),
        sql_vcore_row, &acc, "cannot read the SQL databases' vCore meters", e);
    if (rc != ST_OK)
        store_rs_sql_vcores_release(out);
    return rc;
}
