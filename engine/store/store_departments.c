/*
 * store_departments.c - department rules and their attribution to cost
 * objects (see store_departments.h). The matching itself is dept.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_departments.h"
#include "store_internal.h"
#include "strmap.h"

enum status store_dept_rules_load(struct store *s, struct dept_rules *r, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb,
                                 "SELECT r.id, r.match_kind, r.match_key, r.pattern, d.name "
                                 "FROM dept_rules r JOIN departments d ON d.id = r.department_id "
                                 "ORDER BY r.position, r.id",
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read department rules", e)) == SDB_ROW) {
        const char *kind = sdb_column_text(st, 1);
        const char *key = sdb_column_text(st, 2);
        char match[512];
        if (strcmp(kind, "tag") == 0)
            snprintf(match, sizeof match, "tag:%s", key ? key : "");
        else
            snprintf(match, sizeof match, "%s", kind);
        rc = dept_rules_add(r, match, sdb_column_text(st, 3), sdb_column_text(st, 4), e);
        if (rc != ST_OK) {
            err_prefix(e, "stored department rule %lld", (long long)sdb_column_i64(st, 0));
            break;
        }
        r->v[r->n - 1].id = sdb_column_i64(st, 0);
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

enum status store_dept_id(struct store *s, struct strmap *map, const char *name, int64_t *id,
                          struct err *e)
{
    size_t len = strlen(name);
    if (strmap_get(map, name, len, id))
        return ST_OK;
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(
        s->sdb, "INSERT INTO departments (name) VALUES (?) ON CONFLICT (name) DO NOTHING", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, name);
    rc = store_step_done(st, "cannot store department", e);
    sdb_finalize(st);
    if (rc != ST_OK)
        return rc;
    if ((rc = sdb_prepare(s->sdb, "SELECT id FROM departments WHERE name = ?", &st, e)) != ST_OK)
        return rc;
    sdb_bind_text(st, 1, name);
    enum sdb_rc r = store_step(st, "cannot read department", e);
    if (r == SDB_ROW)
        *id = sdb_column_i64(st, 0);
    sdb_finalize(st);
    if (r != SDB_ROW)
        return ST_DB;
    if (strmap_put(map, name, len, *id))
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* Record in temp.moved_objects that object id moved from department old_dept
 * to new_dept (the daily rollups follow, store_rollup_move_objects). */
static enum status note_move(struct store *s, struct sdb_stmt *mv, int64_t id, int64_t old_dept,
                             int64_t new_dept, int64_t *moved, struct err *e)
{
    if (!mv || old_dept == new_dept)
        return ST_OK;
    (*moved)++;
    sdb_bind_i64(mv, 1, id);
    sdb_bind_i64(mv, 2, old_dept);
    sdb_bind_i64(mv, 3, new_dept);
    enum status rc = store_step_done(mv, "cannot record re-attribution", e);
    sdb_reset(mv);
    return rc;
}

/* Attribute objects with id >= from_id under rules r; counts into *n. With
 * moved, objects whose department changes go into temp.moved_objects and
 * are counted in *moved (the caller moves their rollups). */
static enum status attribute_with(struct store *s, const struct dept_rules *r, int64_t from_id,
                                  int64_t *moved, int64_t *n, struct err *e)
{
    struct sdb_stmt *sel = NULL, *up = NULL, *mv = NULL;
    struct strmap ids;
    strmap_init(&ids);
    enum status rc;
    if ((rc = sdb_prepare(s->sdb,
                          "SELECT o.id, s.sub_key, s.name, o.resource_group, o.tags, "
                          "o.department_id FROM cost_objects o "
                          "JOIN subscriptions s ON s.id = o.subscription_id "
                          "WHERE o.id >= ? ORDER BY o.id",
                          &sel, e)) != ST_OK ||
        (rc = sdb_prepare(s->sdb,
                          "UPDATE cost_objects SET department_id = ?, rule_id = ? WHERE id = ?",
                          &up, e)) != ST_OK)
        goto out;
    if (moved &&
        ((rc = store_rollup_moves_begin(s, e)) != ST_OK ||
         (rc = sdb_prepare(s->sdb,
                           "INSERT INTO moved_objects (id, old_dept, new_dept) VALUES (?, ?, ?)",
                           &mv, e)) != ST_OK))
        goto out;
    sdb_bind_i64(sel, 1, from_id);
    enum sdb_rc step;
    while ((step = store_step(sel, "cannot read cost objects", e)) == SDB_ROW) {
        struct dept_object o = {
            .subscription_id = sdb_column_text(sel, 1),
            .subscription_name = sdb_column_text(sel, 2),
            .resource_group = sdb_column_text(sel, 3),
            .tags_json = sdb_column_text(sel, 4),
        };
        struct dept_result res;
        dept_attribute(r, &o, &res);
        int64_t dept = 1, id = sdb_column_i64(sel, 0);
        if (res.rule >= 0 || res.from_tag) {
            if ((rc = store_dept_id(s, &ids, res.name, &dept, e)) != ST_OK)
                goto out;
        }
        sdb_bind_i64(up, 1, dept);
        if (res.rule >= 0)
            sdb_bind_i64(up, 2, r->v[res.rule].id);
        else
            sdb_bind_null(up, 2);
        sdb_bind_i64(up, 3, id);
        rc = store_step_done(up, "cannot attribute cost object", e);
        sdb_reset(up);
        if (rc != ST_OK)
            goto out;
        if ((rc = note_move(s, mv, id, sdb_column_i64(sel, 5), dept, moved, e)) != ST_OK)
            goto out;
        if (n)
            (*n)++;
    }
    if (step != SDB_DONE)
        rc = ST_DB;
out:
    sdb_finalize(sel);
    sdb_finalize(up);
    sdb_finalize(mv);
    strmap_release(&ids);
    return rc;
}

enum status store_dept_attribute(struct store *s, int64_t from_id, int64_t *moved, struct err *e)
{
    struct dept_rules r;
    dept_rules_init(&r);
    *moved = 0;
    enum status rc = store_dept_rules_load(s, &r, e);
    if (rc == ST_OK)
        rc = attribute_with(s, &r, from_id, moved, NULL, e);
    dept_rules_release(&r);
    return rc;
}

static const char *kind_name(enum dept_match_kind k)
{
    switch (k) {
    case DEPT_MATCH_TAG:
        return "tag";
    case DEPT_MATCH_SUBSCRIPTION:
        return "subscription";
    case DEPT_MATCH_SUBSCRIPTION_NAME:
        return "subscription-name";
    case DEPT_MATCH_RESOURCE_GROUP:
        return "resource-group";
    }
    return "";
}

enum status store_dept_rules_replace(struct store *s, const struct dept_rules *r, int64_t *objects,
                                     struct err *e)
{
    *objects = 0;
    enum status rc = store_begin(s, e);
    if (rc != ST_OK)
        return rc;
    struct sdb_stmt *ins = NULL;
    struct strmap ids;
    strmap_init(&ids);
    struct dept_rules stored;
    dept_rules_init(&stored);
    if ((rc = store_exec(s,
                         "UPDATE cost_objects SET rule_id = NULL WHERE rule_id IS NOT NULL; "
                         "DELETE FROM dept_rules",
                         e)) != ST_OK)
        goto out;
    /* ids 1..n given explicitly: what SQLite gives an emptied table (the
     * largest rowid + 1), where a PostgreSQL identity would go on counting */
    if ((rc = sdb_prepare(s->sdb,
                          "INSERT INTO dept_rules (position, match_kind, match_key, pattern, "
                          "department_id, id) VALUES (?, ?, ?, ?, ?, ?)",
                          &ins, e)) != ST_OK)
        goto out;
    for (size_t i = 0; i < r->n; i++) {
        int64_t dept;
        if ((rc = store_dept_id(s, &ids, r->v[i].department, &dept, e)) != ST_OK)
            goto out;
        sdb_bind_i64(ins, 1, (int64_t)i + 1);
        sdb_bind_text(ins, 2, kind_name(r->v[i].kind));
        sdb_bind_text(ins, 3, r->v[i].key);
        sdb_bind_text(ins, 4, r->v[i].pattern);
        sdb_bind_i64(ins, 5, dept);
        sdb_bind_i64(ins, 6, (int64_t)i + 1);
        rc = store_step_done(ins, "cannot store department rule", e);
        sdb_reset(ins);
        if (rc != ST_OK)
            goto out;
    }
    /* reload so every rule carries its new id */
    if ((rc = store_dept_rules_load(s, &stored, e)) != ST_OK)
        goto out;
    int64_t moved = 0;
    if ((rc = attribute_with(s, &stored, 0, &moved, objects, e)) != ST_OK ||
        (moved && (rc = store_rollup_move_objects(s, INT64_MIN, INT64_MAX, e)) != ST_OK))
        goto out;
    /* the import caches hold the objects' old departments */
    store_costs_forget_objects(s);
    rc = store_commit(s, e);
out:
    sdb_finalize(ins);
    strmap_release(&ids);
    dept_rules_release(&stored);
    if (rc != ST_OK)
        store_rollback(s);
    return rc;
}

/* Sums by (rule, department, currency) in that order, rule NULL first:
 * from the cost rows (one scan of costs), or from the daily rollups. The
 * rollups have no rule, so they name it through the cell's (subscription,
 * department): exact when all cost objects of each such pair carry the same
 * rule (or none), which CATCH_MIXED_SQL checks. A cost row's subscription
 * is its object's (store_costs.c interns the object under the row's). */
#define CATCH_ROWS_SQL                                                                             \
    "SELECT o.rule_id, o.department_id, c.currency, SUM(c.cost_e6), SUM(c.cost_e12), "             \
    "COUNT(*) FROM costs c JOIN cost_objects o ON o.id = c.object_id "                             \
    "WHERE c.dataset = ? GROUP BY 1, 2, 3 ORDER BY 1 NULLS FIRST, 2, 3"
#define CATCH_ROLLUP_SQL                                                                           \
    "WITH cell AS (SELECT subscription_id, department_id, MIN(rule_id) AS rule_id "                \
    "FROM cost_objects GROUP BY subscription_id, department_id) "                                  \
    "SELECT cell.rule_id, d.department_id, d.currency, SUM(d.cost_e6), SUM(d.cost_e12), "          \
    "SUM(d.row_count) FROM cost_daily d JOIN cell ON cell.subscription_id = d.subscription_id "    \
    "AND cell.department_id = d.department_id WHERE d.dataset = ? "                                \
    "GROUP BY 1, 2, 3 ORDER BY 1 NULLS FIRST, 2, 3"
/* Without rules no object carries one (store_dept_rules_replace clears
 * rule_id before it deletes the rules), so cost_objects need not be read. */
#define CATCH_NO_RULES_SQL                                                                         \
    "SELECT NULL, department_id, currency, SUM(cost_e6), SUM(cost_e12), SUM(row_count) "           \
    "FROM cost_daily WHERE dataset = ? GROUP BY 2, 3 ORDER BY 2, 3"
#define CATCH_MIXED_SQL                                                                            \
    "SELECT EXISTS (SELECT 1 FROM cost_objects GROUP BY subscription_id, department_id "           \
    "HAVING COUNT(DISTINCT COALESCE(rule_id, -1)) > 1)"

static enum status read_catches(struct store *s, const char *sql, enum cost_dataset ds,
                                struct dept_catch **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, sql, &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, (int)ds);
    struct dept_catch *v = NULL;
    size_t cap = 0;
    enum sdb_rc step = SDB_DONE;
    while ((step = store_step(st, "cannot sum costs by rule", e)) == SDB_ROW) {
        struct dept_catch c = {0};
        if (!sdb_column_is_null(st, 0)) {
            c.kind = DEPT_CATCH_RULE;
            c.rule_id = sdb_column_i64(st, 0);
        } else if (sdb_column_i64(st, 1) != 1) {
            c.kind = DEPT_CATCH_TAG;
        } else {
            c.kind = DEPT_CATCH_UNALLOCATED;
        }
        const char *cur = sdb_column_text(st, 2);
        snprintf(c.currency, sizeof c.currency, "%s", cur ? cur : "");
        c.cost = money_normalize(sdb_column_i64(st, 3), sdb_column_i64(st, 4));
        c.rows = sdb_column_i64(st, 5);
        /* fold rows of the same (kind, rule, currency): tag fallbacks of
         * several departments are one line */
        size_t j = 0;
        while (j < *n && !(v[j].kind == c.kind && v[j].rule_id == c.rule_id &&
                           strcmp(v[j].currency, c.currency) == 0))
            j++;
        if (j < *n) {
            v[j].cost = money_add(v[j].cost, c.cost);
            v[j].rows += c.rows;
            continue;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct dept_catch *p = realloc(v, cap * sizeof *p);
            if (!p) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            v = p;
        }
        v[(*n)++] = c;
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK) {
        free(v);
        *n = 0;
        return rc;
    }
    *out = v;
    return ST_OK;
}

/* The one integer a query yields. */
static enum status store_query_one_int(struct store *s, const char *sql, int64_t *v, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, sql, &st, e);
    if (rc != ST_OK)
        return rc;
    enum sdb_rc step = store_step(st, "cannot read department rules", e);
    *v = step == SDB_ROW ? sdb_column_i64(st, 0) : 0;
    sdb_finalize(st);
    if (step == SDB_DONE)
        err_set(e, ST_DB, "cannot read department rules: no row");
    return step == SDB_ROW ? ST_OK : ST_DB;
}

enum status store_dept_catches_from_rows(struct store *s, enum cost_dataset ds,
                                         struct dept_catch **out, size_t *n, struct err *e)
{
    return read_catches(s, CATCH_ROWS_SQL, ds, out, n, e);
}

enum status store_dept_catches(struct store *s, enum cost_dataset ds, struct dept_catch **out,
                               size_t *n, struct err *e)
{
    int64_t rules = 0, mixed = 0;
    enum status rc = store_query_one_int(s, "SELECT EXISTS (SELECT 1 FROM dept_rules)", &rules, e);
    if (rc != ST_OK)
        return rc;
    if (!rules)
        return read_catches(s, CATCH_NO_RULES_SQL, ds, out, n, e);
    if ((rc = store_query_one_int(s, CATCH_MIXED_SQL, &mixed, e)) != ST_OK)
        return rc;
    return read_catches(s, mixed ? CATCH_ROWS_SQL : CATCH_ROLLUP_SQL, ds, out, n, e);
}

enum status store_department_names(struct store *s, char ***out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, "SELECT name FROM departments ORDER BY name", &st, e);
    if (rc != ST_OK)
        return rc;
    size_t cap = 0;
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK && (step = store_step(st, "cannot read the departments", e)) == SDB_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nv = realloc(*out, ncap * sizeof *nv);
            if (!nv) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            *out = nv;
            cap = ncap;
        }
        const char *name = sdb_column_text(st, 0);
        if (!((*out)[*n] = strdup(name ? name : "")))
            rc = err_set(e, ST_NOMEM, "out of memory");
        else
            (*n)++;
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    if (rc != ST_OK) {
        store_department_names_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

void store_department_names_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
