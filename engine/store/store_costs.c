/*
 * store_costs.c - the write side of the cost store: one import = one
 * transaction; dimensions (subscriptions, cost objects, meters) interned
 * through in-memory caches so a row costs one INSERT and no lookups;
 * month-to-date replacement (the (dataset, subscription, day) cells the
 * file has rows for) and department attribution at the end.
 *
 * This file owns struct store_costs_cache. The read side (sums for
 * summaries and models) lives in store_costs_read.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "dept.h"
#include "log.h"
#include "store_costs.h"
#include "store_departments.h"
#include "store_internal.h"
#include "strmap.h"
#include "utf8.h"

/* The object and meter caches keep two ids in one value: the cost object
 * with its department, the meter with its service's index in services. */
#define PACK_BITS       24
#define PACK(id, small) ((int64_t)(((uint64_t)(id) << PACK_BITS) | (uint64_t)(small)))
#define PACK_ID(v)      ((int64_t)((uint64_t)(v) >> PACK_BITS))
#define PACK_SMALL(v)   ((int64_t)((uint64_t)(v) & ((1u << PACK_BITS) - 1)))
#define PACK_FITS(id, small)                                                                       \
    ((id) >= 0 && (id) < ((int64_t)1 << 38) && (small) >= 0 && (small) < (1 << PACK_BITS))

/* Interned strings: text -> index, and back. */
struct names {
    struct strmap map; /* text -> index */
    char **v;          /* n texts, owned */
    size_t n, cap;
};

/* The (subscription, day) cells of an import are collected in a hash set of
 * at most this many entries (16 bytes each, half full at most: 2 MiB); a
 * file with more cells has them read back from its rows at the end instead. */
#define CELLS_MAX 65536

/* One (subscription, day) a file has rows for, with the datasets it has
 * there (bit 0 actual, bit 1 amortized). mask 0 marks an empty slot. */
struct cell {
    int64_t sub_id; /* subscriptions.id */
    int32_t day;    /* usage day */
    uint32_t mask;  /* 1 << enum cost_dataset, or'ed */
};

/* Open-addressing set of cells; overflow = 1 once past CELLS_MAX. */
struct cell_set {
    struct cell *slots; /* cap entries */
    size_t cap, count;  /* power of two / used */
    int overflow;       /* too many cells: read them back with SQL */
};

struct store_costs_cache {
    struct sdb_stmt *ins_cost;     /* INSERT INTO costs */
    struct sdb_stmt *ins_benefit;  /* upsert a benefit's name and term */
    struct sdb_stmt *sel_sub;      /* subscription by key */
    struct sdb_stmt *ins_sub;      /* new subscription */
    struct sdb_stmt *upd_sub_name; /* late subscription name */
    struct sdb_stmt *sel_obj;      /* cost object by natural key */
    struct sdb_stmt *ins_obj;      /* new cost object */
    struct sdb_stmt *sel_meter;    /* meter by natural key */
    struct sdb_stmt *ins_meter;    /* new meter */
    struct sdb_stmt *sel_sub_id;   /* subscription key and name by id (attribution) */
    struct strmap subs;            /* lower-case guid -> id * 2 + has_name */
    struct strmap objects;         /* composite key -> PACK(cost_objects.id, department_id) */
    struct strmap meters;          /* composite key -> PACK(meters.id, service index) */
    struct names services;         /* service names of the meters map's values */
    struct names currencies;       /* currencies of this import's rows */
    struct dept_rules rules;       /* the stored rules, loaded when an import begins */
    struct strmap dept_ids;        /* department name -> id, this import */
    struct rollup_acc acc;         /* this import's daily sums */
    struct buf key;                /* scratch: composite keys */
    /* The objects map holds every stored cost object (loaded in one scan,
     * see load_objects): a miss is then a new object, no SELECT needed.
     * Valid while objects_complete, no eviction since (objects_evictions)
     * and no other connection wrote (data_version at the last commit). */
    int objects_complete;
    int objects_loaded;         /* load_objects ran for the cached objects */
    uint64_t objects_evictions; /* objects.evictions when it completed */
    int64_t data_version;       /* PRAGMA data_version after our last commit */
    int64_t object_selects;     /* object lookups that went to SQL, this import */
    struct buf lower;           /* scratch: lower-cased strings, NUL-separated */
    /* the import in progress */
    int64_t import_id;        /* 0 when none */
    int64_t rows;             /* rows added */
    int64_t first_rowid;      /* costs.id of its first row */
    int64_t last_rowid;       /* costs.id of its last row */
    int32_t min_day, max_day; /* period covered */
    int64_t first_object_id;  /* cost objects with an id >= this are new */
    int renamed;              /* a subscription got its name during the import */
    char scope[256];          /* first non-empty scope seen */
    int32_t last_day;         /* usage_date text cache */
    char last_day_text[DATE_ISO_LEN];
    struct cell_set cells; /* the cells this import covers */
    struct cell last_cell; /* the last one noted (rows come in runs) */
    /* PostgreSQL: the rows not yet sent (COPY in batches) and the id the
     * next row gets (MAX(costs.id) + 1 read under the write lock) */
    struct cost_batch batch;
    int64_t next_cost_id;
};

/* The import caches share STORE_IMPORT_CACHE_BYTES (store_costs.h): past
 * their share CLOCK evicts the least recently used keys a few at a time
 * (strmap.h), so memory stays flat on files with millions of distinct
 * resources and a miss costs one indexed SELECT. Of the default 48 MiB,
 * cost objects get 40 MiB (about 120,000 objects with typical ids and
 * tags), meters 6 MiB, subscriptions 2 MiB; with the importer's Tags cache
 * (imp_cost.c, 8 MiB) the import caches hold at most 56 MiB. */
static void set_cache_budgets(struct store_costs_cache *c, size_t total)
{
    strmap_set_budget(&c->objects, total / 48 * 40);
    strmap_set_budget(&c->meters, total / 48 * 6);
    strmap_set_budget(&c->subs, total / 48 * 2);
}

void store_set_import_cache_bytes(struct store *s, size_t bytes)
{
    s->import_cache_bytes = bytes < 12 * 1024 ? 12 * 1024 : bytes;
    if (s->costs)
        set_cache_budgets(s->costs, s->import_cache_bytes);
}

uint64_t store_import_cache_evictions(const struct store *s)
{
    const struct store_costs_cache *c = s->costs;
    return c ? c->objects.evictions + c->meters.evictions + c->subs.evictions : 0;
}

static void finalize_stmts(struct store_costs_cache *c)
{
    struct sdb_stmt **all[] = {&c->ins_cost,   &c->sel_sub,    &c->ins_sub,   &c->upd_sub_name,
                               &c->sel_obj,    &c->ins_obj,    &c->sel_meter, &c->ins_meter,
                               &c->sel_sub_id, &c->ins_benefit};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        sdb_finalize(*all[i]);
        *all[i] = NULL;
    }
}

static void names_release(struct names *nm)
{
    strmap_release(&nm->map);
    for (size_t i = 0; i < nm->n; i++)
        free(nm->v[i]);
    free(nm->v);
    nm->v = NULL;
    nm->n = nm->cap = 0;
}

/* The index of text in nm, added when new. */
static enum status names_index(struct names *nm, const char *text, uint32_t *idx, struct err *e)
{
    size_t len = strlen(text);
    int64_t v;
    if (strmap_get(&nm->map, text, len, &v)) {
        *idx = (uint32_t)v;
        return ST_OK;
    }
    if (nm->n == nm->cap) {
        size_t cap = nm->cap ? nm->cap * 2 : 16;
        char **p = realloc(nm->v, cap * sizeof *p);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        nm->v = p;
        nm->cap = cap;
    }
    char *copy = strdup(text);
    if (!copy || strmap_put(&nm->map, text, len, (int64_t)nm->n)) {
        free(copy);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    nm->v[nm->n] = copy;
    *idx = (uint32_t)nm->n++;
    return ST_OK;
}

/* Forget every interned id: after a rollback they may no longer exist. */
static void drop_maps(struct store_costs_cache *c)
{
    strmap_release(&c->subs);
    strmap_release(&c->objects);
    c->objects_complete = 0;
    c->objects_loaded = 0;
    strmap_release(&c->meters);
    names_release(&c->services); /* the meters map's values point into it */
}

void store_costs_forget_objects(struct store *s)
{
    if (s->costs) {
        strmap_release(&s->costs->objects);
        s->costs->objects_complete = 0;
        s->costs->objects_loaded = 0;
    }
}

void store_costs_cache_free(struct store *s)
{
    struct store_costs_cache *c = s->costs;
    if (!c)
        return;
    finalize_stmts(c);
    drop_maps(c);
    names_release(&c->currencies);
    dept_rules_release(&c->rules);
    strmap_release(&c->dept_ids);
    rollup_acc_free(&c->acc);
    buf_release(&c->key);
    buf_release(&c->lower);
    cost_batch_release(&c->batch);
    free(c->cells.slots);
    free(c);
    s->costs = NULL;
}

static enum status cache_get(struct store *s, struct store_costs_cache **out, struct err *e)
{
    if (s->costs) {
        *out = s->costs;
        return ST_OK;
    }
    struct store_costs_cache *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, ST_NOMEM, "out of memory");
    strmap_init_bounded(&c->subs, 1);
    strmap_init_bounded(&c->objects, 1);
    strmap_init_bounded(&c->meters, 1);
    set_cache_budgets(c, s->import_cache_bytes ? s->import_cache_bytes : STORE_IMPORT_CACHE_BYTES);
    buf_init(&c->key, 0);
    buf_init(&c->lower, 0);
    dept_rules_init(&c->rules);
    s->costs = c;
    enum status st;
    if ((st = sdb_prepare_insert(
             s->sdb,
             "INSERT INTO costs (import_id, dataset, usage_date, subscription_id, "
             "object_id, meter_id, currency, charge_type, pricing_model, quantity, "
             "unit_price, effective_price, payg_price, cost_e6, cost_e12, vm_size, "
             "vcpus, benefit_id) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             "id", &c->ins_cost, e)) != ST_OK ||
        (st = sdb_prepare(s->sdb, "SELECT id, name FROM subscriptions WHERE sub_key = ?",
                          &c->sel_sub, e)) != ST_OK ||
        (st = sdb_prepare_insert(s->sdb, "INSERT INTO subscriptions (sub_key, name) VALUES (?, ?)",
                                 "id", &c->ins_sub, e)) != ST_OK ||
        (st = sdb_prepare(s->sdb, "UPDATE subscriptions SET name = ? WHERE id = ?",
                          &c->upd_sub_name, e)) != ST_OK ||
        (st = sdb_prepare(s->sdb,
                          "SELECT id, department_id FROM cost_objects WHERE subscription_id = ? "
                          "AND resource_group = ? AND resource_id = ? AND tags = ?",
                          &c->sel_obj, e)) != ST_OK ||
        (st = sdb_prepare_insert(s->sdb,
                                 "INSERT INTO cost_objects (subscription_id, resource_group, "
                                 "resource_id, resource_name, tags, department_id, rule_id) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 "id", &c->ins_obj, e)) != ST_OK ||
        (st = sdb_prepare(s->sdb, "SELECT sub_key, name FROM subscriptions WHERE id = ?",
                          &c->sel_sub_id, e)) != ST_OK ||
        (st = sdb_prepare(s->sdb,
                          "SELECT id FROM meters WHERE service_name = ? AND "
                          "meter_subcategory = ? AND meter_name = ? AND service_family = ? AND "
                          "consumed_service = ? AND unit = ? AND location = ?",
                          &c->sel_meter, e)) != ST_OK ||
        (st = sdb_prepare_insert(s->sdb,
                                 "INSERT INTO meters (service_name, meter_subcategory, meter_name, "
                                 "service_family, consumed_service, unit, location) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 "id", &c->ins_meter, e)) != ST_OK ||
        (st = sdb_prepare(s->sdb,
                          "INSERT INTO benefits (benefit_id, name, term_months) VALUES (?, ?, ?) "
                          "ON CONFLICT (benefit_id) DO UPDATE SET "
                          "name = CASE WHEN excluded.name <> '' THEN excluded.name "
                          "ELSE benefits.name END, "
                          "term_months = COALESCE(excluded.term_months, benefits.term_months)",
                          &c->ins_benefit, e)) != ST_OK) {
        store_costs_cache_free(s);
        return st;
    }
    *out = c;
    return ST_OK;
}

/* ------------------------------------------------------------------ helpers */

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* Lower-case the ASCII letters of p[0, n) in place, other bytes (UTF-8
 * included) unchanged. Eight bytes at a time: the object key lower-cases
 * a resource group and id (about 150 bytes) for every row of an import,
 * and byte by byte that was a tenth of the store thread's instructions.
 * For the 7-bit part h of each byte, h + (0x80 - 'A') has its top bit set
 * when h >= 'A', h + (0x7f - 'Z') when h > 'Z'; bytes >= 0x80 are left
 * out; no sum carries into the next byte (h <= 0x7f). */
static void lower_ascii(char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t h = w & ~highs;
        uint64_t ge_a = h + ones * (0x80 - 'A'), gt_z = h + ones * (0x7f - 'Z');
        uint64_t upper = ge_a & ~gt_z & ~w & highs;
        w |= upper >> 2; /* 0x80 >> 2 = 0x20: 'A' -> 'a' */
        memcpy(p + i, &w, 8);
    }
    for (; i < n; i++)
        if (p[i] >= 'A' && p[i] <= 'Z')
            p[i] = (char)(p[i] + 32);
}

/* Append a lower-cased (ASCII) copy of s to c->lower; returns its offset. */
static enum status lower_copy(struct buf *b, const char *s, size_t *off)
{
    *off = b->len;
    size_t n = strlen(s);
    enum status st = buf_add(b, s, n + 1); /* keep the NUL as separator */
    if (st != ST_OK)
        return st;
    lower_ascii(b->data + *off, n);
    return ST_OK;
}

/* Composite key: parts joined by the unit separator 0x1f. */
static enum status make_key(struct buf *b, const char *const *parts, size_t n)
{
    buf_reset(b);
    for (size_t i = 0; i < n; i++) {
        enum status st;
        if (i && (st = buf_addc(b, '\x1f')) != ST_OK)
            return st;
        if ((st = buf_adds(b, parts[i])) != ST_OK)
            return st;
    }
    return ST_OK;
}

/* Step a single-row SELECT returning an id in column 0; ST_NOTFOUND when none. */
static enum status step_id(struct store *s, struct sdb_stmt *st, int64_t *id, struct err *e)
{
    enum sdb_rc rc = store_step(st, "cannot read dimension", e);
    enum status res = ST_OK;
    if (rc == SDB_ROW)
        *id = sdb_column_i64(st, 0);
    else if (rc == SDB_DONE)
        res = ST_NOTFOUND;
    else
        res = ST_DB;
    return res;
}

static enum status step_insert(struct store *s, struct sdb_stmt *st, int64_t *id, struct err *e)
{
    enum status rc = store_step_done(st, "cannot store dimension", e);
    sdb_reset(st);
    sdb_clear_bindings(st);
    if (rc != ST_OK)
        return rc;
    *id = sdb_last_insert_id(s->sdb);
    return ST_OK;
}

/* ----------------------------------------------------------------- interning */

static enum status intern_subscription(struct store *s, struct store_costs_cache *c,
                                       const char *raw, const char *name, int64_t *id,
                                       struct err *e)
{
    size_t klen = strlen(raw);
    int64_t v;
    int have_name = name && *name;
    if (strmap_get(&c->subs, raw, klen, &v)) {
        *id = v >> 1;
        if ((v & 1) || !have_name)
            return ST_OK;
        sdb_bind_text(c->upd_sub_name, 1, name);
        sdb_bind_i64(c->upd_sub_name, 2, *id);
        enum status rc = store_step_done(c->upd_sub_name, "cannot name subscription", e);
        sdb_reset(c->upd_sub_name);
        c->renamed = 1;
        if (rc != ST_OK)
            return rc;
        return strmap_put(&c->subs, raw, klen, (*id << 1) | 1)
                   ? err_set(e, ST_NOMEM, "out of memory")
                   : ST_OK;
    }
    size_t o_key;
    buf_reset(&c->lower);
    if (lower_copy(&c->lower, raw, &o_key) != ST_OK)
        return err_set(e, ST_NOMEM, "out of memory");
    const char *key = c->lower.data + o_key;
    sdb_bind_text(c->sel_sub, 1, key);
    enum sdb_rc rc = store_step(c->sel_sub, "cannot read subscription", e);
    enum status st = ST_OK;
    int named = 0;
    if (rc == SDB_ROW) {
        *id = sdb_column_i64(c->sel_sub, 0);
        const char *old = sdb_column_text(c->sel_sub, 1);
        named = old && *old;
        sdb_reset(c->sel_sub);
        if (!named && have_name) {
            sdb_bind_text(c->upd_sub_name, 1, name);
            sdb_bind_i64(c->upd_sub_name, 2, *id);
            st = store_step_done(c->upd_sub_name, "cannot name subscription", e);
            sdb_reset(c->upd_sub_name);
            c->renamed = 1;
            if (st != ST_OK)
                return st;
            named = 1;
        }
    } else if (rc == SDB_DONE) {
        sdb_reset(c->sel_sub);
        sdb_bind_text(c->ins_sub, 1, key);
        sdb_bind_text(c->ins_sub, 2, nz(name));
        if ((st = step_insert(s, c->ins_sub, id, e)) != ST_OK)
            return st;
        named = have_name;
    } else {
        sdb_reset(c->sel_sub);
        return ST_DB;
    }
    if (strmap_put(&c->subs, raw, klen, (*id << 1) | named))
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* The department (and the matching rule's id, or -1) of a new cost object,
 * from the stored rules: the attribution store_dept_attribute() repeats at
 * the end of the import, done now so the row's department is known while
 * its daily sums are taken. */
static enum status attribute_new(struct store *s, struct store_costs_cache *c, int64_t sub_id,
                                 const char *rg, const char *tags, int64_t *dept, int64_t *rule,
                                 struct err *e)
{
    *dept = 1;
    *rule = -1;
    sdb_bind_i64(c->sel_sub_id, 1, sub_id);
    if (store_step_row(c->sel_sub_id, "cannot read subscription", e) != ST_OK) {
        sdb_reset(c->sel_sub_id);
        return ST_DB;
    }
    struct dept_object o = {
        .subscription_id = sdb_column_text(c->sel_sub_id, 0),
        .subscription_name = sdb_column_text(c->sel_sub_id, 1),
        .resource_group = rg,
        .tags_json = tags,
    };
    struct dept_result res;
    dept_attribute(&c->rules, &o, &res);
    sdb_reset(c->sel_sub_id);
    if (res.rule >= 0)
        *rule = c->rules.v[res.rule].id;
    if (res.rule >= 0 || res.from_tag)
        return store_dept_id(s, &c->dept_ids, res.name, dept, e);
    return ST_OK;
}

/* Insert a new cost object (lower-cased rg and rid) attributed to its
 * department. */
static enum status insert_object(struct store *s, struct store_costs_cache *c, int64_t sub_id,
                                 const char *rg, const char *rid, const char *name,
                                 const char *tags, int64_t *id, int64_t *dept, struct err *e)
{
    int64_t rule;
    enum status st = attribute_new(s, c, sub_id, rg, tags, dept, &rule, e);
    if (st != ST_OK)
        return st;
    sdb_bind_i64(c->ins_obj, 1, sub_id);
    sdb_bind_text(c->ins_obj, 2, rg);
    sdb_bind_text(c->ins_obj, 3, rid);
    sdb_bind_text(c->ins_obj, 4, nz(name));
    sdb_bind_text(c->ins_obj, 5, tags);
    sdb_bind_i64(c->ins_obj, 6, *dept);
    if (rule >= 0)
        sdb_bind_i64(c->ins_obj, 7, rule);
    else
        sdb_bind_null(c->ins_obj, 7);
    return step_insert(s, c->ins_obj, id, e);
}

/* Remember key -> (id, small) when both fit one value; an id too large
 * for the packing (never seen in practice) leaves the key uncached and
 * the import's sums to SQL. */
static enum status cache_pair(struct store_costs_cache *c, struct strmap *m, int64_t id,
                              int64_t small, struct err *e)
{
    if (!PACK_FITS(id, small)) {
        c->acc.invalid = 1;
        return ST_OK;
    }
    if (strmap_put(m, c->key.data, c->key.len, PACK(id, small)))
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* Append s lower-cased (ASCII, as the store keeps ids and groups). */
static enum status add_lower(struct buf *b, const char *s, size_t n)
{
    size_t at = b->len;
    enum status st = buf_add(b, s, n);
    if (st != ST_OK)
        return st;
    lower_ascii(b->data + at, n);
    return ST_OK;
}

/* The objects map's key: subscription id in hex, resource group and
 * resource id lower-cased (so the stored texts give the same key: see
 * load_objects), tags; parts joined by 0x1f. The lower-cased group and id
 * sit at key[rg[0], +rg[1]) and key[rid[0], +rid[1]). */
static enum status object_key(struct buf *b, int64_t sub_id, const char *rg, const char *rid,
                              const char *tags, size_t span_rg[2], size_t span_rid[2])
{
    char subtxt[24];
    /* hex is enough to tell subscriptions apart in the key, and cheap */
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;
    uint64_t v = (uint64_t)sub_id;
    do {
        subtxt[k++] = hex[v & 15];
        v >>= 4;
    } while (v);
    subtxt[k++] = '\x1f';
    buf_reset(b);
    size_t nrg = strlen(rg), nrid = strlen(rid);
    enum status st;
    span_rg[0] = k;
    span_rg[1] = nrg;
    span_rid[0] = k + nrg + 1;
    span_rid[1] = nrid;
    if ((st = buf_add(b, subtxt, k)) != ST_OK || (st = add_lower(b, rg, nrg)) != ST_OK ||
        (st = buf_addc(b, '\x1f')) != ST_OK || (st = add_lower(b, rid, nrid)) != ST_OK ||
        (st = buf_addc(b, '\x1f')) != ST_OK || (st = buf_adds(b, tags)) != ST_OK)
        return st;
    return ST_OK;
}

/* Whether the objects map holds every stored cost object right now. */
static int objects_all_cached(const struct store_costs_cache *c)
{
    return c->objects_complete && c->objects.evictions == c->objects_evictions;
}

/* Load the stored cost objects into the objects map, newest first, in one
 * scan (one SELECT per object otherwise: a file into a grown database
 * spent a third of its store thread there). Stops at three quarters of
 * the map's budget; when every object fits, the map is complete. */
static enum status load_objects(struct store *s, struct store_costs_cache *c, struct err *e)
{
    struct sdb_stmt *q;
    enum status st = sdb_prepare(s->sdb,
                                 "SELECT id, subscription_id, resource_group, resource_id, tags, "
                                 "department_id FROM cost_objects ORDER BY id DESC",
                                 &q, e);
    if (st != ST_OK)
        return st;
    c->objects_loaded = 1;
    uint64_t ev = c->objects.evictions;
    int all = 1;
    enum sdb_rc rc;
    while ((rc = store_step(q, "cannot read cost objects", e)) == SDB_ROW) {
        if (c->objects.bytes > c->objects.max_bytes / 4 * 3) {
            all = 0;
            break;
        }
        int64_t id = sdb_column_i64(q, 0), dept = sdb_column_i64(q, 5);
        const char *rg = sdb_column_text(q, 2);
        const char *rid = sdb_column_text(q, 3);
        const char *tags = sdb_column_text(q, 4);
        size_t a[2], b[2];
        int64_t old;
        if (!rg || !rid || !tags || !PACK_FITS(id, dept)) {
            all = 0;
            continue;
        }
        if ((st = object_key(&c->key, sdb_column_i64(q, 1), rg, rid, tags, a, b)) != ST_OK) {
            st = err_set(e, st, "out of memory");
            break;
        }
        if (!strmap_get(&c->objects, c->key.data, c->key.len, &old) &&
            strmap_put(&c->objects, c->key.data, c->key.len, PACK(id, dept))) {
            st = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
    }
    if (st == ST_OK && rc == SDB_ERROR)
        st = ST_DB;
    sdb_finalize(q);
    c->objects_complete = st == ST_OK && all && c->objects.evictions == ev;
    c->objects_evictions = c->objects.evictions;
    return st;
}

/* After this many SELECTs in one import the stored objects are loaded. */
#define OBJECT_SELECTS_BEFORE_LOAD 1024

static enum status intern_object(struct store *s, struct store_costs_cache *c, int64_t sub_id,
                                 const char *raw_rg, const char *raw_rid, const char *name,
                                 const char *tags, int64_t *id, int64_t *dept, struct err *e)
{
    size_t rg[2], rid[2];
    enum status st = object_key(&c->key, sub_id, raw_rg, raw_rid, tags, rg, rid);
    if (st != ST_OK)
        return err_set(e, st, "out of memory");
    int64_t packed;
    if (strmap_get(&c->objects, c->key.data, c->key.len, &packed)) {
        *id = PACK_ID(packed);
        *dept = PACK_SMALL(packed);
        return ST_OK;
    }
    if (!c->objects_loaded && ++c->object_selects > OBJECT_SELECTS_BEFORE_LOAD) {
        if ((st = load_objects(s, c, e)) != ST_OK)
            return st;
        /* the load reused the key buffer */
        if ((st = object_key(&c->key, sub_id, raw_rg, raw_rid, tags, rg, rid)) != ST_OK)
            return err_set(e, st, "out of memory");
        if (strmap_get(&c->objects, c->key.data, c->key.len, &packed)) {
            *id = PACK_ID(packed);
            *dept = PACK_SMALL(packed);
            return ST_OK;
        }
    }
    /* the lower-cased group and id, NUL-terminated, for the statements */
    buf_reset(&c->lower);
    if (buf_add(&c->lower, c->key.data + rg[0], rg[1]) != ST_OK ||
        buf_addc(&c->lower, '\0') != ST_OK ||
        buf_add(&c->lower, c->key.data + rid[0], rid[1]) != ST_OK ||
        buf_addc(&c->lower, '\0') != ST_OK)
        return err_set(e, ST_NOMEM, "out of memory");
    const char *lrg = c->lower.data, *lrid = c->lower.data + rg[1] + 1;
    st = ST_NOTFOUND;
    if (!objects_all_cached(c)) { /* else a miss is a new object */
        sdb_bind_i64(c->sel_obj, 1, sub_id);
        sdb_bind_text(c->sel_obj, 2, lrg);
        sdb_bind_text(c->sel_obj, 3, lrid);
        sdb_bind_text(c->sel_obj, 4, tags);
        st = step_id(s, c->sel_obj, id, e);
        if (st == ST_OK)
            *dept = sdb_column_i64(c->sel_obj, 1);
        sdb_reset(c->sel_obj);
    }
    if (st == ST_NOTFOUND)
        st = insert_object(s, c, sub_id, lrg, lrid, name, tags, id, dept, e);
    if (st != ST_OK)
        return st;
    if (!PACK_FITS(*id, *dept))
        c->objects_complete = 0; /* it stays uncached: a later miss must ask SQL */
    return cache_pair(c, &c->objects, *id, *dept, e);
}

static enum status intern_meter(struct store *s, struct store_costs_cache *c,
                                const char *const parts[7], int64_t *id, uint32_t *svc,
                                struct err *e)
{
    enum status st = make_key(&c->key, parts, 7);
    if (st != ST_OK)
        return err_set(e, st, "out of memory");
    int64_t packed;
    if (strmap_get(&c->meters, c->key.data, c->key.len, &packed)) {
        *id = PACK_ID(packed);
        *svc = (uint32_t)PACK_SMALL(packed);
        return ST_OK;
    }
    if ((st = names_index(&c->services, parts[0], svc, e)) != ST_OK)
        return st;
    /* miss: locations are stored lower-case (part 6) */
    size_t o_loc;
    buf_reset(&c->lower);
    if (lower_copy(&c->lower, parts[6], &o_loc) != ST_OK)
        return err_set(e, ST_NOMEM, "out of memory");
    const char *p[7] = {
        parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], c->lower.data + o_loc};
    for (int i = 0; i < 7; i++)
        sdb_bind_text(c->sel_meter, i + 1, p[i]);
    st = step_id(s, c->sel_meter, id, e);
    sdb_reset(c->sel_meter);
    if (st == ST_NOTFOUND) {
        for (int i = 0; i < 7; i++)
            sdb_bind_text(c->ins_meter, i + 1, p[i]);
        st = step_insert(s, c->ins_meter, id, e);
    }
    if (st != ST_OK)
        return st;
    return cache_pair(c, &c->meters, *id, *svc, e);
}

/* -------------------------------------------------------------- cell set */

static size_t cell_hash(int64_t sub_id, int32_t day)
{
    uint64_t h = (uint64_t)sub_id * 0x9E3779B97F4A7C15u ^ (uint64_t)(uint32_t)day;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9u;
    return (size_t)(h ^ (h >> 32));
}

static void cells_reset(struct cell_set *cs)
{
    if (cs->slots)
        memset(cs->slots, 0, cs->cap * sizeof *cs->slots);
    cs->count = 0;
    cs->overflow = 0;
}

/* Slot of (sub_id, day): the matching entry or the empty slot to fill. */
static struct cell *cells_slot(const struct cell_set *cs, int64_t sub_id, int32_t day)
{
    size_t i = cell_hash(sub_id, day) & (cs->cap - 1);
    while (cs->slots[i].mask && (cs->slots[i].sub_id != sub_id || cs->slots[i].day != day))
        i = (i + 1) & (cs->cap - 1);
    return &cs->slots[i];
}

static int cells_grow(struct cell_set *cs)
{
    size_t cap = cs->cap ? cs->cap * 2 : 1024;
    struct cell *old = cs->slots;
    size_t oldcap = cs->cap;
    cs->slots = calloc(cap, sizeof *cs->slots);
    if (!cs->slots) {
        cs->slots = old;
        return -1;
    }
    cs->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].mask)
            *cells_slot(cs, old[i].sub_id, old[i].day) = old[i];
    free(old);
    return 0;
}

/* Note that the import has a row in (dataset, subscription, day). */
static void note_cell(struct store_costs_cache *c, int ds, int64_t sub_id, int32_t day)
{
    uint32_t bit = 1u << ds;
    struct cell_set *cs = &c->cells;
    if ((c->last_cell.sub_id == sub_id && c->last_cell.day == day && (c->last_cell.mask & bit)) ||
        cs->overflow)
        return;
    if (cs->count * 2 >= cs->cap && (cs->count >= CELLS_MAX || cells_grow(cs) != 0)) {
        cs->overflow = 1; /* fill_scope() reads the cells back from the rows */
        return;
    }
    struct cell *slot = cells_slot(cs, sub_id, day);
    if (!slot->mask) {
        slot->sub_id = sub_id;
        slot->day = day;
        cs->count++;
    }
    slot->mask |= bit;
    c->last_cell = *slot;
}

/* ------------------------------------------------------------------- import */

/* PRAGMA data_version: changes when another connection commits. SQLite
 * only: PostgreSQL has no counterpart, so there every import begins as if
 * another connection had written (0 here, see store_import_begin). */
static enum status data_version(struct store *s, int64_t *v, struct err *e)
{
    *v = 0;
    if (s->sdb->backend != SDB_SQLITE)
        return ST_OK;
    struct sdb_stmt *q;
    enum status st = sdb_prepare(s->sdb, "PRAGMA data_version", &q, e);
    if (st != ST_OK)
        return st;
    st = step_id(s, q, v, e);
    sdb_finalize(q);
    return st;
}

static enum status find_sha(struct store *s, const char *sha, int *found, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, "SELECT 1 FROM imports WHERE sha256 = ? LIMIT 1", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, sha);
    enum sdb_rc r = store_step(st, "cannot look up import", e);
    if (r == SDB_ROW)
        *found = 1;
    else if (r == SDB_DONE)
        *found = 0;
    else
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

/* PostgreSQL: the rows are sent with COPY, so they carry their ids, given
 * here as SQLite gives a rowid (the largest + 1): read once, under the
 * write lock store_begin took, so no other import takes the same ones and
 * an import's ids stay one contiguous range (imports.first_cost_id ..
 * last_cost_id). */
static enum status start_cost_ids(struct store *s, struct store_costs_cache *c, struct err *e)
{
    cost_batch_clear(&c->batch);
    c->next_cost_id = 0;
    if (s->sdb->backend != SDB_PG)
        return ST_OK;
    struct sdb_stmt *q;
    int64_t max_id = 0;
    enum status st = sdb_prepare(s->sdb, "SELECT COALESCE(MAX(id), 0) FROM costs", &q, e);
    if (st != ST_OK)
        return st;
    st = step_id(s, q, &max_id, e);
    sdb_finalize(q);
    c->next_cost_id = max_id + 1;
    return st;
}

/* PostgreSQL: send the rows held in the batch, so that the statements that
 * follow in the import's transaction see them. */
static enum status flush_rows(struct store *s, struct store_costs_cache *c, struct err *e)
{
    if (s->sdb->backend != SDB_PG)
        return ST_OK;
    return cost_batch_flush(s->sdb, &c->batch, e);
}

/* PostgreSQL: the costs identity continues after the ids given explicitly
 * (a row inserted without an id must not take one of them). */
static enum status advance_identity(struct store *s, struct store_costs_cache *c, struct err *e)
{
    if (s->sdb->backend != SDB_PG || c->rows == 0)
        return ST_OK;
    struct sdb_stmt *q;
    enum status st = sdb_prepare(
        s->sdb, "SELECT setval(pg_get_serial_sequence('costs', 'id'), CAST(? AS BIGINT))", &q, e);
    if (st != ST_OK)
        return st;
    sdb_bind_i64(q, 1, c->last_rowid);
    st = store_step_row(q, "cannot advance the cost ids", e);
    sdb_finalize(q);
    return st;
}

enum status store_import_begin(struct store *s, const struct import_info *info, int64_t *import_id,
                               int *duplicate, struct err *e)
{
    struct store_costs_cache *c = NULL;
    enum status st = cache_get(s, &c, e);
    if (st != ST_OK)
        return st;
    *duplicate = 0;
    *import_id = 0;
    int found = 0;
    /* every id a cost row references is interned by this file inside the
     * transaction, so the per-row foreign key probes are pure overhead;
     * they are switched back on when the import ends (commit or abort) */
    if ((st = store_exec_lite(s, "PRAGMA foreign_keys=OFF", e)) != ST_OK)
        return st;
    if ((st = store_begin(s, e)) != ST_OK) {
        store_exec_lite(s, "PRAGMA foreign_keys=ON", NULL);
        return st;
    }
    /* the duplicate check runs inside the write transaction, so two
     * concurrent imports of one file cannot both pass it */
    if (info->sha256 && (st = find_sha(s, info->sha256, &found, e)) != ST_OK)
        goto fail;
    if (found) {
        store_rollback(s);
        store_exec_lite(s, "PRAGMA foreign_keys=ON", NULL);
        *duplicate = 1;
        return ST_OK;
    }
    if ((st = store_import_record(s, info->file_name, info->sha256, info->format, info->dataset,
                                  import_id, e)) != ST_OK)
        goto fail;
    int64_t version = 0;
    if ((st = data_version(s, &version, e)) != ST_OK)
        goto fail;
    if (version != c->data_version || s->sdb->backend != SDB_SQLITE)
        c->objects_complete = 0; /* another connection may have added objects */
    c->object_selects = 0;
    int64_t max_obj = 0;
    struct sdb_stmt *q;
    if ((st = sdb_prepare(s->sdb, "SELECT COALESCE(MAX(id), 0) FROM cost_objects", &q, e)) != ST_OK)
        goto fail;
    st = step_id(s, q, &max_obj, e);
    sdb_finalize(q);
    if (st != ST_OK || (st = start_cost_ids(s, c, e)) != ST_OK)
        goto fail;
    /* new cost objects are attributed as they are interned */
    dept_rules_release(&c->rules);
    dept_rules_init(&c->rules);
    strmap_release(&c->dept_ids);
    if ((st = store_dept_rules_load(s, &c->rules, e)) != ST_OK)
        goto fail;
    rollup_acc_reset(&c->acc);
    c->renamed = 0;
    /* 262,144 entries with the default 48 MiB (a budget set for tests
     * makes the accumulator give up early, so the SQL path runs) */
    c->acc.max = (s->import_cache_bytes ? s->import_cache_bytes : STORE_IMPORT_CACHE_BYTES) / 192;
    c->import_id = *import_id;
    c->rows = 0;
    c->min_day = INT32_MAX;
    c->max_day = INT32_MIN;
    c->first_object_id = max_obj + 1;
    c->scope[0] = '\0';
    c->last_day = INT32_MIN;
    cells_reset(&c->cells);
    c->last_cell.mask = 0;
    return ST_OK;
fail:
    store_import_abort(s);
    return st;
}

enum status store_import_check_sha(struct store *s, int64_t import_id, const char *sha256,
                                   int *duplicate, struct err *e)
{
    struct store_costs_cache *c = s->costs;
    if (!c || c->import_id != import_id || !s->in_txn)
        return err_set(e, ST_DB, "no import in progress");
    int found = 0;
    enum status st = find_sha(s, sha256, &found, e);
    if (st != ST_OK)
        return st;
    *duplicate = found;
    if (found)
        return ST_OK;
    return store_import_write_sha(s, import_id, sha256, e);
}

static void bind_real(struct sdb_stmt *st, int idx, double v)
{
    if (isnan(v))
        sdb_bind_null(st, idx);
    else
        sdb_bind_double(st, idx, v);
}

static void bind_opt_text(struct sdb_stmt *st, int idx, const char *v)
{
    if (v && *v)
        sdb_bind_text(st, idx, v);
    else
        sdb_bind_null(st, idx);
}

/* Record the name and term of the benefit a row names (benefits table):
 * only when the row says either, and not again for the same benefit in a
 * row (its rows come together). */
static enum status note_benefit(struct store *s, struct store_costs_cache *c,
                                const struct cost_row *row, struct err *e)
{
    const char *name = row->benefit_name ? row->benefit_name : "";
    if (!*name && row->term_months <= 0)
        return ST_OK;
    struct sdb_stmt *b = c->ins_benefit;
    sdb_bind_text(b, 1, row->benefit_id);
    sdb_bind_text(b, 2, name);
    if (row->term_months > 0)
        sdb_bind_i64(b, 3, row->term_months);
    else
        sdb_bind_null(b, 3);
    enum status rc = store_step_done(b, "cannot store a benefit's term", e);
    sdb_reset(b);
    return rc;
}

/* SQLite: one prepared INSERT per row; *id = its rowid. */
static enum status insert_row(struct store *s, struct store_costs_cache *c, int64_t import_id,
                              const struct cost_row *row, int64_t sub_id, int64_t obj_id,
                              int64_t meter_id, int64_t *id, struct err *e)
{
    struct sdb_stmt *ins = c->ins_cost;
    sdb_bind_i64(ins, 1, import_id);
    sdb_bind_i64(ins, 2, (int)row->dataset);
    sdb_bind_text(ins, 3, c->last_day_text);
    sdb_bind_i64(ins, 4, sub_id);
    sdb_bind_i64(ins, 5, obj_id);
    sdb_bind_i64(ins, 6, meter_id);
    sdb_bind_text(ins, 7, nz(row->currency));
    sdb_bind_text(ins, 8, nz(row->charge_type));
    sdb_bind_text(ins, 9, nz(row->pricing_model));
    bind_real(ins, 10, row->quantity);
    bind_real(ins, 11, row->unit_price);
    bind_real(ins, 12, row->effective_price);
    bind_real(ins, 13, row->payg_price);
    sdb_bind_i64(ins, 14, row->cost.e6);
    sdb_bind_i64(ins, 15, row->cost.e12);
    bind_opt_text(ins, 16, row->vm_size);
    if (row->vcpus > 0)
        sdb_bind_i64(ins, 17, row->vcpus);
    else
        sdb_bind_null(ins, 17);
    bind_opt_text(ins, 18, row->benefit_id);
    enum status st = store_step_done(ins, "cannot store cost row", e);
    sdb_reset(ins);
    if (st == ST_OK)
        *id = sdb_last_insert_id(s->sdb);
    return st;
}

static struct sdb_value val_int(int64_t v)
{
    return (struct sdb_value){.type = SDB_INT, .i = v};
}

/* A double, NaN as NULL (as bind_real). */
static struct sdb_value val_real(double v)
{
    return isnan(v) ? (struct sdb_value){.type = SDB_NULL}
                    : (struct sdb_value){.type = SDB_FLOAT, .d = v};
}

/* A text, NULL or "" as NULL (as bind_opt_text). */
static struct sdb_value val_opt_text(const char *v)
{
    return v && *v ? (struct sdb_value){.type = SDB_TEXT, .s = v}
                   : (struct sdb_value){.type = SDB_NULL};
}

/* PostgreSQL: the same row, held for the next COPY with the next id
 * (*id); the batch is sent when full. */
static enum status queue_row(struct store *s, struct store_costs_cache *c, int64_t import_id,
                             const struct cost_row *row, int64_t sub_id, int64_t obj_id,
                             int64_t meter_id, int64_t *id, struct err *e)
{
    const struct sdb_value v[COST_COPY_NCOLS] = {
        val_int(c->next_cost_id),
        val_int(import_id),
        val_int((int)row->dataset),
        {.type = SDB_TEXT, .s = c->last_day_text},
        val_int(sub_id),
        val_int(obj_id),
        val_int(meter_id),
        {.type = SDB_TEXT, .s = nz(row->currency)},
        {.type = SDB_TEXT, .s = nz(row->charge_type)},
        {.type = SDB_TEXT, .s = nz(row->pricing_model)},
        val_real(row->quantity),
        val_real(row->unit_price),
        val_real(row->effective_price),
        val_real(row->payg_price),
        val_int(row->cost.e6),
        val_int(row->cost.e12),
        val_opt_text(row->vm_size),
        row->vcpus > 0 ? val_int(row->vcpus) : (struct sdb_value){.type = SDB_NULL},
        val_opt_text(row->benefit_id),
    };
    enum status st = cost_batch_add(&c->batch, v, e);
    if (st != ST_OK)
        return st;
    *id = c->next_cost_id++;
    return c->batch.n >= COST_COPY_BATCH ? cost_batch_flush(s->sdb, &c->batch, e) : ST_OK;
}

enum status store_cost_add(struct store *s, int64_t import_id, const struct cost_row *row,
                           struct err *e)
{
    struct store_costs_cache *c = s->costs;
    if (!c || c->import_id != import_id || !s->in_txn)
        return err_set(e, ST_DB, "no import in progress");
    enum status st;
    int64_t sub_id = 0, obj_id = 0, meter_id = 0, dept_id = 0;
    uint32_t svc = 0, cur = 0;
    if ((st = intern_subscription(s, c, nz(row->subscription_id), row->subscription_name, &sub_id,
                                  e)) != ST_OK)
        return st;
    const char *tags = row->tags_json && *row->tags_json ? row->tags_json : "{}";
    if ((st = intern_object(s, c, sub_id, nz(row->resource_group), nz(row->resource_id),
                            row->resource_name, tags, &obj_id, &dept_id, e)) != ST_OK)
        return st;
    const char *mparts[7] = {nz(row->service_name),     nz(row->meter_subcategory),
                             nz(row->meter_name),       nz(row->service_family),
                             nz(row->consumed_service), nz(row->unit),
                             nz(row->location)};
    if ((st = intern_meter(s, c, mparts, &meter_id, &svc, e)) != ST_OK ||
        (st = names_index(&c->currencies, nz(row->currency), &cur, e)) != ST_OK)
        return st;
    if (row->usage_day != c->last_day) {
        date_format(row->usage_day, c->last_day_text);
        c->last_day = row->usage_day;
    }
    st = s->sdb->backend == SDB_PG
             ? queue_row(s, c, import_id, row, sub_id, obj_id, meter_id, &c->last_rowid, e)
             : insert_row(s, c, import_id, row, sub_id, obj_id, meter_id, &c->last_rowid, e);
    if (st != ST_OK)
        return st;
    if (row->benefit_id && *row->benefit_id && (st = note_benefit(s, c, row, e)) != ST_OK)
        return st;
    if (c->rows == 0)
        c->first_rowid = c->last_rowid;
    note_cell(c, (int)row->dataset, sub_id, row->usage_day);
    struct rollup_entry key = {.sub_id = sub_id,
                               .dept_id = dept_id,
                               .day = row->usage_day,
                               .svc = svc,
                               .cur = cur,
                               .ds = (int32_t)row->dataset};
    rollup_acc_add(&c->acc, &key, row->cost.e6, row->cost.e12);
    if (row->usage_day < c->min_day)
        c->min_day = row->usage_day;
    if (row->usage_day > c->max_day)
        c->max_day = row->usage_day;
    if (!c->scope[0] && row->scope && *row->scope)
        utf8_copy(c->scope, sizeof c->scope, row->scope);
    c->rows++;
    return ST_OK;
}

enum status store_import_set_dataset(struct store *s, int64_t import_id, enum cost_dataset ds,
                                     struct err *e)
{
    struct store_costs_cache *c = s->costs;
    if (!c || c->import_id != import_id || !s->in_txn)
        return err_set(e, ST_DB, "no import in progress");
    struct sdb_stmt *st;
    enum status rc;
    if ((rc = flush_rows(s, c, e)) != ST_OK)
        return rc;
    if ((rc = sdb_prepare(s->sdb,
                          "UPDATE costs SET dataset = ? WHERE id >= ? AND import_id = ? "
                          "AND dataset <> ?",
                          &st, e)) != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)ds);
    sdb_bind_i64(st, 2, c->rows ? c->first_rowid : INT64_MAX);
    sdb_bind_i64(st, 3, import_id);
    sdb_bind_i64(st, 4, (int)ds);
    rc = store_step_done(st, "cannot relabel dataset", e);
    sdb_finalize(st);
    if (rc != ST_OK)
        return rc;
    if ((rc = sdb_prepare(s->sdb, "UPDATE imports SET dataset = ? WHERE id = ?", &st, e)) != ST_OK)
        return rc;
    sdb_bind_text(st, 1, ds == DATASET_AMORTIZED ? "amortized" : "actual");
    sdb_bind_i64(st, 2, import_id);
    rc = store_step_done(st, "cannot relabel dataset", e);
    sdb_finalize(st);
    if (rc != ST_OK)
        return rc;
    /* every row now has dataset ds: so do the cells it covers */
    for (size_t i = 0; i < c->cells.cap; i++)
        if (c->cells.slots[i].mask)
            c->cells.slots[i].mask = 1u << ds;
    c->last_cell.mask = 0;
    rollup_acc_relabel(&c->acc, (int32_t)ds);
    return ST_OK;
}

/* Insert the collected cells into import_cells. */
static enum status fill_from_set(struct store *s, const struct cell_set *cs, struct err *e)
{
    struct sdb_stmt *ins;
    enum status st = sdb_prepare(s->sdb,
                                 "INSERT INTO import_cells (dataset, sub_id, day) "
                                 "VALUES (?, ?, ?)",
                                 &ins, e);
    if (st != ST_OK)
        return st;
    char day[DATE_ISO_LEN];
    for (size_t i = 0; i < cs->cap && st == ST_OK; i++) {
        const struct cell *cl = &cs->slots[i];
        for (int ds = 0; ds < 2 && st == ST_OK; ds++) {
            if (!(cl->mask & (1u << ds)))
                continue;
            sdb_bind_i64(ins, 1, ds);
            sdb_bind_i64(ins, 2, cl->sub_id);
            sdb_bind_text(ins, 3, date_format(cl->day, day));
            st = store_step_done(ins, "cannot record import scope", e);
            sdb_reset(ins);
        }
    }
    sdb_finalize(ins);
    return st;
}

/* The cells this file covers, its distinct (dataset, subscription, day)
 * triples, into a temporary table: from the set collected while the rows
 * came in, or, for a file with more than CELLS_MAX of them, read back from
 * its own rows (contiguous ids). Only built when another import overlaps. */
static enum status fill_scope(struct store *s, struct store_costs_cache *c, struct err *e)
{
    enum status st;
    if ((st =
             store_exec_ddl(s,
                            "CREATE TEMP TABLE IF NOT EXISTS import_cells ("
                            "dataset INTEGER NOT NULL, sub_id INTEGER NOT NULL, day TEXT NOT NULL, "
                            "PRIMARY KEY (dataset, sub_id, day)) WITHOUT ROWID; "
                            "DELETE FROM import_cells",
                            e)) != ST_OK)
        return st;
    if (!c->cells.overflow)
        return fill_from_set(s, &c->cells, e);
    struct sdb_stmt *ins;
    if ((st = sdb_prepare(s->sdb,
                          "INSERT INTO import_cells (dataset, sub_id, day) "
                          "SELECT dataset, subscription_id, usage_date FROM costs "
                          "WHERE id >= ? AND id <= ? AND import_id = ? ON CONFLICT DO NOTHING",
                          &ins, e)) != ST_OK)
        return st;
    sdb_bind_i64(ins, 1, c->first_rowid);
    sdb_bind_i64(ins, 2, c->last_rowid);
    sdb_bind_i64(ins, 3, c->import_id);
    st = store_step_done(ins, "cannot record import scope", e);
    sdb_finalize(ins);
    return st;
}

/* Import import_id has n rows fewer stored (imports.stored_rows). */
static enum status uncount_rows(struct store *s, int64_t import_id, int64_t n, struct err *e)
{
    struct sdb_stmt *up;
    enum status st = sdb_prepare(
        s->sdb, "UPDATE imports SET stored_rows = stored_rows - ? WHERE id = ?", &up, e);
    if (st != ST_OK)
        return st;
    sdb_bind_i64(up, 1, n);
    sdb_bind_i64(up, 2, import_id);
    st = store_step_done(up, "cannot count replaced rows", e);
    sdb_finalize(up);
    return st;
}

/* Delete the rows of other imports with a usage day in [from, to] that
 * lie in one of this file's cells (temp.import_cells); adds the count to
 * *replaced. Each overlapping import is read by its id range. */
static enum status delete_covered(struct store *s, struct store_costs_cache *c, const char *from,
                                  const char *to, int64_t *replaced, struct err *e)
{
    struct sdb_stmt *ov = NULL, *del = NULL;
    enum status st;
    if ((st = sdb_prepare(s->sdb,
                          "SELECT id, first_cost_id, last_cost_id FROM imports WHERE id <> ? "
                          "AND period_start IS NOT NULL AND first_cost_id IS NOT NULL "
                          "AND period_start <= ? AND period_end >= ?",
                          &ov, e)) != ST_OK ||
        (st = sdb_prepare(s->sdb,
                          "DELETE FROM costs WHERE id >= ? AND id <= ? AND import_id = ? "
                          "AND usage_date >= ? AND usage_date <= ? AND EXISTS (SELECT 1 "
                          "FROM import_cells t WHERE t.dataset = costs.dataset AND "
                          "t.sub_id = costs.subscription_id AND t.day = costs.usage_date)",
                          &del, e)) != ST_OK)
        goto out;
    sdb_bind_i64(ov, 1, c->import_id);
    sdb_bind_text(ov, 2, to);
    sdb_bind_text(ov, 3, from);
    enum sdb_rc rc;
    while ((rc = store_step(ov, "cannot find overlapping imports", e)) == SDB_ROW) {
        sdb_bind_i64(del, 1, sdb_column_i64(ov, 1));
        sdb_bind_i64(del, 2, sdb_column_i64(ov, 2));
        sdb_bind_i64(del, 3, sdb_column_i64(ov, 0));
        sdb_bind_text(del, 4, from);
        sdb_bind_text(del, 5, to);
        st = store_step_done(del, "cannot replace older rows", e);
        sdb_reset(del);
        if (st != ST_OK)
            goto out;
        int64_t gone = sdb_changes(s->sdb);
        *replaced += gone;
        if (gone && (st = uncount_rows(s, sdb_column_i64(ov, 0), gone, e)) != ST_OK)
            goto out;
    }
    if (rc != SDB_DONE)
        st = ST_DB;
out:
    sdb_finalize(ov);
    sdb_finalize(del);
    return st;
}

/* 1 when another import's period overlaps [from, to]: usually none, which
 * keeps a first import free of any further work. */
static enum status any_overlap(struct store *s, int64_t import_id, const char *from, const char *to,
                               int *found, struct err *e)
{
    struct sdb_stmt *ov;
    enum status st = sdb_prepare(s->sdb,
                                 "SELECT 1 FROM imports WHERE id <> ? "
                                 "AND period_start IS NOT NULL AND first_cost_id IS NOT NULL "
                                 "AND period_start <= ? AND period_end >= ? LIMIT 1",
                                 &ov, e);
    if (st != ST_OK)
        return st;
    sdb_bind_i64(ov, 1, import_id);
    sdb_bind_text(ov, 2, to);
    sdb_bind_text(ov, 3, from);
    enum sdb_rc rc = store_step(ov, "cannot find overlapping imports", e);
    *found = rc == SDB_ROW;
    if (rc == SDB_ERROR)
        st = ST_DB;
    sdb_finalize(ov);
    return st;
}

/* Delete rows of other imports that this file supersedes: same dataset,
 * same subscription, same day as one of its rows. Days the file has no
 * row for (gaps, or the months between a mistyped year and the others)
 * are never touched. The daily rollups (cost_daily, which do not hold this
 * file's rows yet) say which of its cells hold older rows at all, so the
 * older imports are only read when something is replaced, and only over
 * the days of the cells that are; those rollup cells are dropped with the
 * rows (store_import_finish then adds the file's own sums). */
static enum status replace_older(struct store *s, struct store_costs_cache *c, const char *from,
                                 const char *to, int64_t *replaced, struct err *e)
{
    *replaced = 0;
    int found = 0;
    enum status st = any_overlap(s, c->import_id, from, to, &found, e);
    if (st != ST_OK || !found)
        return st;
    if ((st = fill_scope(s, c, e)) != ST_OK)
        return st;
    char lo[DATE_ISO_LEN], hi[DATE_ISO_LEN];
    if ((st = store_rollup_covered(s, lo, hi, &found, e)) != ST_OK || !found)
        return st;
    if ((st = delete_covered(s, c, lo, hi, replaced, e)) != ST_OK)
        return st;
    return store_rollup_drop_cells(s, lo, hi, e);
}

/* -v shows how the import caches fared (keys held, memory, evictions) */
static void log_cache_use(const struct store_costs_cache *c)
{
    const struct strmap *m[] = {&c->objects, &c->meters, &c->subs};
    const char *name[] = {"objects", "meters", "subscriptions"};
    for (int i = 0; i < 3; i++)
        log_debug("import cache %s: %zu keys, %zu KiB of %zu, %llu evicted", name[i], m[i]->count,
                  m[i]->bytes >> 10, m[i]->max_bytes >> 10, (unsigned long long)m[i]->evictions);
}

/* Add the file's daily sums to the rollups: the sums taken in memory, or,
 * when the accumulator gave up, summed from the rows with SQL. Its new cost
 * objects were attributed when interned; the only input of the rules that
 * can change afterwards is a subscription's name (named by a later row of
 * the file), and then they are attributed again and the sums of the
 * objects that moved follow them. */
static enum status add_rollups(struct store *s, struct store_costs_cache *c, struct err *e)
{
    int64_t moved = 0;
    enum status st = ST_OK;
    if (c->renamed && (st = store_dept_attribute(s, c->first_object_id, &moved, e)) != ST_OK)
        return st;
    if (moved)
        store_costs_forget_objects(s); /* their cached departments are old */
    if (c->rows == 0)
        return ST_OK;
    if (c->acc.invalid)
        return store_rollup_add_import(s, c->import_id, c->first_rowid, c->last_rowid, e);
    if ((st = store_rollup_write(s, &c->acc, (const char *const *)c->services.v,
                                 (const char *const *)c->currencies.v, e)) != ST_OK)
        return st;
    return moved ? store_rollup_move_objects(s, c->first_rowid, c->last_rowid, e) : ST_OK;
}

enum status store_import_finish(struct store *s, int64_t import_id, struct import_summary *sum,
                                struct err *e)
{
    struct store_costs_cache *c = s->costs;
    if (!c || c->import_id != import_id || !s->in_txn)
        return err_set(e, ST_DB, "no import in progress");
    memset(sum, 0, sizeof *sum);
    /* PostgreSQL: every row in before the statements below read them */
    enum status st = flush_rows(s, c, e);
    if (st != ST_OK)
        goto fail;
    if (c->rows > 0) {
        date_format(c->min_day, sum->period_start);
        date_format(c->max_day, sum->period_end);
        if ((st = replace_older(s, c, sum->period_start, sum->period_end, &sum->replaced, e)) !=
            ST_OK)
            goto fail;
    }
    sum->rows = c->rows;
    log_cache_use(c);
    struct sdb_stmt *up;
    if ((st = sdb_prepare(s->sdb,
                          "UPDATE imports SET scope = ?1, period_start = ?2, period_end = ?3, "
                          "row_count = ?4, stored_rows = ?4, replaced_rows = ?5, "
                          "first_cost_id = ?6, last_cost_id = ?7 WHERE id = ?8",
                          &up, e)) != ST_OK)
        goto fail;
    sdb_bind_text(up, 1, c->scope);
    bind_opt_text(up, 2, sum->period_start);
    bind_opt_text(up, 3, sum->period_end);
    sdb_bind_i64(up, 4, sum->rows);
    sdb_bind_i64(up, 5, sum->replaced);
    if (c->rows) {
        sdb_bind_i64(up, 6, c->first_rowid);
        sdb_bind_i64(up, 7, c->last_rowid);
    } else {
        sdb_bind_null(up, 6);
        sdb_bind_null(up, 7);
    }
    sdb_bind_i64(up, 8, import_id);
    st = store_step_done(up, "cannot record import", e);
    sdb_finalize(up);
    if (st != ST_OK)
        goto fail;
    if ((st = add_rollups(s, c, e)) != ST_OK || (st = advance_identity(s, c, e)) != ST_OK)
        goto fail;
    if ((st = store_commit(s, e)) != ST_OK)
        goto fail;
    store_exec_lite(s, "PRAGMA foreign_keys=ON", NULL);
    c->import_id = 0;
    if (data_version(s, &c->data_version, NULL) != ST_OK)
        c->objects_complete = 0;
    return ST_OK;
fail:
    store_import_abort(s);
    return st;
}

void store_import_abort(struct store *s)
{
    store_rollback(s);
    store_exec_lite(s, "PRAGMA foreign_keys=ON", NULL);
    struct store_costs_cache *c = s->costs;
    if (c) {
        /* ids created inside the rolled-back transaction are gone */
        drop_maps(c);
        cost_batch_clear(&c->batch);
        c->import_id = 0;
    }
}

/* ------------------------------------------------------------ import records */

static void copy_col(struct sdb_stmt *st, int col, char *out, size_t n)
{
    const char *t = sdb_column_text(st, col);
    snprintf(out, n, "%s", t ? t : "");
}

enum status store_imports_list(struct store *s, struct import_record **out, size_t *n,
                               struct err *e)
{
    *out = NULL;
    *n = 0;
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(
        s->sdb,
        "SELECT i.id, i.file_name, i.sha256, i.format, i.dataset, i.period_start, i.period_end, "
        "i.row_count, i.replaced_rows, i.imported_at, i.stored_rows "
        "FROM imports i ORDER BY i.id",
        &st, e);
    if (rc != ST_OK)
        return rc;
    size_t cap = 0;
    struct import_record *v = NULL;
    enum sdb_rc r;
    while ((r = store_step(st, "cannot list imports", e)) == SDB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct import_record *p = realloc(v, cap * sizeof *p);
            if (!p) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            v = p;
        }
        struct import_record *ir = &v[*n];
        memset(ir, 0, sizeof *ir);
        ir->id = sdb_column_i64(st, 0);
        ir->file_name = store_col_strdup(st, 1);
        if (!ir->file_name) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        copy_col(st, 2, ir->sha256, sizeof ir->sha256);
        copy_col(st, 3, ir->format, sizeof ir->format);
        copy_col(st, 4, ir->dataset, sizeof ir->dataset);
        copy_col(st, 5, ir->period_start, sizeof ir->period_start);
        copy_col(st, 6, ir->period_end, sizeof ir->period_end);
        ir->rows = sdb_column_i64(st, 7);
        ir->replaced = sdb_column_i64(st, 8);
        copy_col(st, 9, ir->imported_at, sizeof ir->imported_at);
        ir->rows_now = sdb_column_i64(st, 10);
        (*n)++;
    }
    if (rc == ST_OK && r != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK) {
        import_records_free(v, *n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = v;
    return ST_OK;
}

void import_records_free(struct import_record *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].file_name);
    free(v);
}
