/*
 * store_costs_rollup.c - the daily cost rollups (table cost_daily, schema
 * migration 6): exact sums of the cost rows per (dataset, usage day,
 * subscription, department, service, currency), kept equal to the rows
 * inside the transaction that changes them:
 *
 *   an import       store_costs.c sums its rows in memory as they come in
 *                   (struct rollup_acc, one entry per cell: bounded by the
 *                   groups, not the rows); at its end
 *                   store_rollup_covered() finds which of the file's
 *                   (dataset, subscription, day) cells older rows hold,
 *                   store_rollup_drop_cells() forgets those cells once the
 *                   older rows are deleted, store_rollup_write() adds the
 *                   file's sums (store_rollup_add_import() sums its rows
 *                   with SQL instead when the accumulator gave up);
 *   re-attribution  store_rollup_move_objects() moves the rows of cost
 *                   objects whose department changed (store_departments.c).
 *
 * The read side (store_costs_read.c) groups these cells by month. Every
 * statement here touches the cells or the rows of one import, never the
 * whole costs table, except a re-attribution (one scan of the rows).
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"

/* The columns of a cell and the upsert that adds a SELECT's sums to it. */
#define ROLLUP_COLS                                                                                \
    "(dataset, usage_date, subscription_id, department_id, service_name, currency, cost_e6, "      \
    "cost_e12, row_count) "
#define ROLLUP_UPSERT                                                                              \
    " ON CONFLICT (dataset, usage_date, subscription_id, department_id, service_name, currency)"   \
    " DO UPDATE SET cost_e6 = cost_daily.cost_e6 + excluded.cost_e6,"                              \
    " cost_e12 = cost_daily.cost_e12 + excluded.cost_e12,"                                         \
    " row_count = cost_daily.row_count + excluded.row_count"

enum status store_rollup_covered(struct store *s, char from[11], char to[11], int *any,
                                 struct err *e)
{
    *any = 0;
    struct sdb_stmt *st;
    /* one primary-key probe per cell of the file */
    enum status rc = sdb_prepare(s->sdb,
                                 "SELECT MIN(t.day), MAX(t.day) FROM import_cells t "
                                 "WHERE EXISTS (SELECT 1 FROM cost_daily r WHERE "
                                 "r.dataset = t.dataset AND r.usage_date = t.day AND "
                                 "r.subscription_id = t.sub_id)",
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    if (store_step_row(st, "cannot read cost rollups", e) != ST_OK) {
        rc = ST_DB;
    } else if (!sdb_column_is_null(st, 0)) {
        const char *lo = sdb_column_text(st, 0), *hi = sdb_column_text(st, 1);
        if (lo && hi && sdb_column_bytes(st, 0) == 10 && sdb_column_bytes(st, 1) == 10) {
            memcpy(from, lo, 11);
            memcpy(to, hi, 11);
            *any = 1;
        } else {
            rc = err_set(e, ST_DB, "cost rollup with a malformed usage date");
        }
    }
    sdb_finalize(st);
    return rc;
}

enum status store_rollup_drop_cells(struct store *s, const char *from, const char *to,
                                    struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb,
                                 "DELETE FROM cost_daily WHERE usage_date >= ?1 AND "
                                 "usage_date <= ?2 AND EXISTS (SELECT 1 FROM import_cells t "
                                 "WHERE t.dataset = cost_daily.dataset AND "
                                 "t.sub_id = cost_daily.subscription_id AND "
                                 "t.day = cost_daily.usage_date)",
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, from);
    sdb_bind_text(st, 2, to);
    rc = store_step_done(st, "cannot update cost rollups", e);
    sdb_finalize(st);
    return rc;
}

enum status store_rollup_add_import(struct store *s, int64_t import_id, int64_t first_id,
                                    int64_t last_id, struct err *e)
{
    struct sdb_stmt *st;
    /* the import's rows by their id range (one transaction wrote them
     * contiguously); CROSS JOIN keeps them the outer loop */
    enum status rc = sdb_prepare(
        s->sdb,
        "INSERT INTO cost_daily " ROLLUP_COLS
        "SELECT c.dataset, c.usage_date, c.subscription_id, o.department_id, m.service_name, "
        "c.currency, SUM(c.cost_e6), SUM(c.cost_e12), COUNT(*) "
        "FROM costs c CROSS JOIN cost_objects o CROSS JOIN meters m "
        "WHERE c.id >= ?1 AND c.id <= ?2 AND c.import_id = ?3 AND o.id = c.object_id "
        "AND m.id = c.meter_id "
        "GROUP BY 1, 2, 3, 4, 5, 6" ROLLUP_UPSERT,
        &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, first_id);
    sdb_bind_i64(st, 2, last_id);
    sdb_bind_i64(st, 3, import_id);
    rc = store_step_done(st, "cannot update cost rollups", e);
    sdb_finalize(st);
    return rc;
}

enum status store_rollup_moves_begin(struct store *s, struct err *e)
{
    /* store_exec_ddl: the INTEGER columns are BIGINT on PostgreSQL */
    return store_exec_ddl(s,
                          "CREATE TEMP TABLE IF NOT EXISTS moved_objects (id INTEGER PRIMARY KEY, "
                          "old_dept INTEGER NOT NULL, new_dept INTEGER NOT NULL); "
                          "DELETE FROM moved_objects",
                          e);
}

/* Add the moved rows' sums to the cells of their new departments (sign 1)
 * or take them from the old ones (sign -1). */
static enum status apply_moves(struct store *s, int sign, struct err *e)
{
    static const char *const sql[2] = {
        "INSERT INTO cost_daily " ROLLUP_COLS
        "SELECT dataset, usage_date, subscription_id, old_dept, service_name, currency, -e6, "
        "-e12, -n FROM moved_sums WHERE true" ROLLUP_UPSERT,
        "INSERT INTO cost_daily " ROLLUP_COLS
        "SELECT dataset, usage_date, subscription_id, new_dept, service_name, currency, e6, "
        "e12, n FROM moved_sums WHERE true" ROLLUP_UPSERT,
    };
    return store_exec(s, sql[sign > 0], e);
}

enum status store_rollup_move_objects(struct store *s, int64_t lo, int64_t hi, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, "SELECT 1 FROM moved_objects LIMIT 1", &st, e);
    if (rc != ST_OK)
        return rc;
    enum sdb_rc any = store_step(st, "cannot read moved objects", e);
    sdb_finalize(st);
    if (any != SDB_ROW)
        return any == SDB_DONE ? ST_OK : ST_DB;
    /* one scan of the rows in lo..hi (costs has no index on object_id); the
     * moved objects are probed by primary key */
    if ((rc = store_exec_ddl(s,
                             "CREATE TEMP TABLE IF NOT EXISTS moved_sums (dataset INTEGER, "
                             "usage_date TEXT, subscription_id INTEGER, old_dept INTEGER, "
                             "new_dept INTEGER, service_name TEXT, currency TEXT, e6 INTEGER, "
                             "e12 INTEGER, n INTEGER); DELETE FROM moved_sums",
                             e)) != ST_OK ||
        (rc = sdb_prepare(s->sdb,
                          "INSERT INTO moved_sums SELECT c.dataset, c.usage_date, "
                          "c.subscription_id, t.old_dept, t.new_dept, m.service_name, "
                          "c.currency, SUM(c.cost_e6), SUM(c.cost_e12), COUNT(*) "
                          "FROM costs c CROSS JOIN moved_objects t CROSS JOIN meters m "
                          "WHERE c.id >= ?1 AND c.id <= ?2 AND t.id = c.object_id "
                          "AND m.id = c.meter_id GROUP BY 1, 2, 3, 4, 5, 6, 7",
                          &st, e)) != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, lo);
    sdb_bind_i64(st, 2, hi);
    rc = store_step_done(st, "cannot move cost rollups", e);
    sdb_finalize(st);
    if (rc != ST_OK || (rc = apply_moves(s, -1, e)) != ST_OK ||
        (rc = apply_moves(s, 1, e)) != ST_OK)
        return rc;
    return store_exec(s,
                      "DELETE FROM cost_daily WHERE row_count = 0; "
                      "DELETE FROM moved_sums; DELETE FROM moved_objects",
                      e);
}

/* ------------------------------------------------ the in-memory accumulator */

/* Entries one import may hold by default (56 bytes each, at most half
 * full: 28 MiB; store_costs.c scales it with the import cache budget); a
 * file with more cells has its rows summed with SQL at its end. */
#define ROLLUP_ACC_MAX (1u << 18)

static size_t entry_hash(const struct rollup_entry *k)
{
    uint64_t h = (uint64_t)k->sub_id * 0x9E3779B97F4A7C15u;
    h ^= (uint64_t)k->dept_id * 0xC2B2AE3D27D4EB4Fu;
    h ^= ((uint64_t)(uint32_t)k->day << 32) ^ ((uint64_t)k->svc << 8) ^ ((uint64_t)k->cur << 1) ^
         (uint64_t)(uint32_t)k->ds;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9u;
    return (size_t)(h ^ (h >> 32));
}

static int entry_same(const struct rollup_entry *a, const struct rollup_entry *b)
{
    return a->sub_id == b->sub_id && a->dept_id == b->dept_id && a->day == b->day &&
           a->svc == b->svc && a->cur == b->cur && a->ds == b->ds;
}

static struct rollup_entry *acc_slot(const struct rollup_acc *a, const struct rollup_entry *k)
{
    size_t i = entry_hash(k) & (a->cap - 1);
    while (a->v[i].ds >= 0 && !entry_same(&a->v[i], k))
        i = (i + 1) & (a->cap - 1);
    return &a->v[i];
}

static void mark_empty(struct rollup_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i].ds = -1;
}

void rollup_acc_reset(struct rollup_acc *a)
{
    if (a->v)
        mark_empty(a->v, a->cap);
    a->count = 0;
    a->invalid = 0;
}

void rollup_acc_free(struct rollup_acc *a)
{
    free(a->v);
    memset(a, 0, sizeof *a);
}

/* Put entry k with its sums into the table (no growth). */
static void acc_merge(struct rollup_acc *a, const struct rollup_entry *k)
{
    struct rollup_entry *slot = acc_slot(a, k);
    if (slot->ds < 0) {
        *slot = *k;
        a->count++;
        return;
    }
    slot->e6 += k->e6;
    slot->e12 += k->e12;
    slot->n += k->n;
}

/* Rehash into cap slots, each entry's dataset replaced by ds when ds >= 0. */
static int acc_rebuild(struct rollup_acc *a, size_t cap, int32_t ds)
{
    struct rollup_entry *old = a->v;
    size_t oldcap = a->cap;
    struct rollup_entry *v = malloc(cap * sizeof *v);
    if (!v)
        return -1;
    mark_empty(v, cap);
    a->v = v;
    a->cap = cap;
    a->count = 0;
    for (size_t i = 0; i < oldcap; i++) {
        if (old[i].ds < 0)
            continue;
        struct rollup_entry k = old[i];
        if (ds >= 0)
            k.ds = ds;
        acc_merge(a, &k);
    }
    free(old);
    return 0;
}

void rollup_acc_add(struct rollup_acc *a, const struct rollup_entry *key, int64_t e6, int64_t e12)
{
    if (a->invalid)
        return;
    if (a->count * 2 >= a->cap && (a->count >= (a->max ? a->max : ROLLUP_ACC_MAX) ||
                                   acc_rebuild(a, a->cap ? a->cap * 2 : 1024, -1) != 0)) {
        a->invalid = 1;
        return;
    }
    struct rollup_entry k = *key;
    k.e6 = e6;
    k.e12 = e12;
    k.n = 1;
    acc_merge(a, &k);
}

void rollup_acc_relabel(struct rollup_acc *a, int32_t ds)
{
    if (!a->invalid && a->cap && acc_rebuild(a, a->cap, ds) != 0)
        a->invalid = 1;
}

enum status store_rollup_write(struct store *s, const struct rollup_acc *a, const char *const *svc,
                               const char *const *cur, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb,
                                 "INSERT INTO cost_daily " ROLLUP_COLS
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" ROLLUP_UPSERT,
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    char day[DATE_ISO_LEN];
    for (size_t i = 0; i < a->cap && rc == ST_OK; i++) {
        const struct rollup_entry *x = &a->v[i];
        if (x->ds < 0)
            continue;
        sdb_bind_i64(st, 1, x->ds);
        sdb_bind_text(st, 2, date_format(x->day, day));
        sdb_bind_i64(st, 3, x->sub_id);
        sdb_bind_i64(st, 4, x->dept_id);
        sdb_bind_text(st, 5, svc[x->svc]);
        sdb_bind_text(st, 6, cur[x->cur]);
        sdb_bind_i64(st, 7, x->e6);
        sdb_bind_i64(st, 8, x->e12);
        sdb_bind_i64(st, 9, x->n);
        rc = store_step_done(st, "cannot update cost rollups", e);
        sdb_reset(st);
    }
    sdb_finalize(st);
    return rc;
}
