/*
 * store_costs_rollup.c - the daily cost rollups (table cost_daily, schema
 * migration 6): exact sums of the cost rows per (dataset, usage day,
 * subscription, department, service, currency), kept equal to the rows
 * inside the transaction that changes them:
 *
 *   an import       store_rollup_covered() finds which of the file's
 *                   (dataset, subscription, day) cells older rows hold,
 *                   store_rollup_drop_cells() forgets those cells once the
 *                   older rows are deleted, store_rollup_add_import() adds
 *                   the file's own rows (store_costs.c);
 *   re-attribution  store_rollup_move_objects() moves the rows of cost
 *                   objects whose department changed (store_departments.c).
 *
 * The read side (store_costs_read.c) groups these cells by month. Every
 * statement here touches the cells or the rows of one import, never the
 * whole costs table, except a re-attribution (one scan of the rows).
 */
#include <string.h>

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
    sqlite3_stmt *st;
    /* one primary-key probe per cell of the file */
    enum status rc = store_prepare(s,
                                   "SELECT MIN(t.day), MAX(t.day) FROM import_cells t "
                                   "WHERE EXISTS (SELECT 1 FROM cost_daily r WHERE "
                                   "r.dataset = t.dataset AND r.usage_date = t.day AND "
                                   "r.subscription_id = t.sub_id)",
                                   &st, e);
    if (rc != ST_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = store_db_err(s, e, "cannot read cost rollups");
    } else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
        const unsigned char *lo = sqlite3_column_text(st, 0), *hi = sqlite3_column_text(st, 1);
        if (lo && hi && sqlite3_column_bytes(st, 0) == 10 && sqlite3_column_bytes(st, 1) == 10) {
            memcpy(from, lo, 11);
            memcpy(to, hi, 11);
            *any = 1;
        } else {
            rc = err_set(e, ST_DB, "cost rollup with a malformed usage date");
        }
    }
    sqlite3_finalize(st);
    return rc;
}

enum status store_rollup_drop_cells(struct store *s, const char *from, const char *to,
                                    struct err *e)
{
    sqlite3_stmt *st;
    enum status rc = store_prepare(s,
                                   "DELETE FROM cost_daily WHERE usage_date >= ?1 AND "
                                   "usage_date <= ?2 AND EXISTS (SELECT 1 FROM import_cells t "
                                   "WHERE t.dataset = cost_daily.dataset AND "
                                   "t.sub_id = cost_daily.subscription_id AND "
                                   "t.day = cost_daily.usage_date)",
                                   &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot update cost rollups");
    sqlite3_finalize(st);
    return rc;
}

enum status store_rollup_add_import(struct store *s, int64_t import_id, int64_t first_id,
                                    int64_t last_id, struct err *e)
{
    sqlite3_stmt *st;
    /* the import's rows by their id range (one transaction wrote them
     * contiguously); CROSS JOIN keeps them the outer loop */
    enum status rc = store_prepare(
        s,
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
    sqlite3_bind_int64(st, 1, first_id);
    sqlite3_bind_int64(st, 2, last_id);
    sqlite3_bind_int64(st, 3, import_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot update cost rollups");
    sqlite3_finalize(st);
    return rc;
}

enum status store_rollup_moves_begin(struct store *s, struct err *e)
{
    return store_exec(s,
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

enum status store_rollup_move_objects(struct store *s, struct err *e)
{
    sqlite3_stmt *st;
    enum status rc = store_prepare(s, "SELECT 1 FROM moved_objects LIMIT 1", &st, e);
    if (rc != ST_OK)
        return rc;
    int any = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!any)
        return ST_OK;
    /* one scan of the rows (costs has no index on object_id); the moved
     * objects are probed by primary key */
    if ((rc = store_exec(
             s,
             "DROP TABLE IF EXISTS temp.moved_sums; "
             "CREATE TEMP TABLE moved_sums AS "
             "SELECT c.dataset AS dataset, c.usage_date AS usage_date, "
             "c.subscription_id AS subscription_id, t.old_dept AS old_dept, "
             "t.new_dept AS new_dept, m.service_name AS service_name, c.currency AS currency, "
             "SUM(c.cost_e6) AS e6, SUM(c.cost_e12) AS e12, COUNT(*) AS n "
             "FROM costs c CROSS JOIN moved_objects t CROSS JOIN meters m "
             "WHERE t.id = c.object_id AND m.id = c.meter_id "
             "GROUP BY 1, 2, 3, 4, 5, 6, 7",
             e)) != ST_OK ||
        (rc = apply_moves(s, -1, e)) != ST_OK || (rc = apply_moves(s, 1, e)) != ST_OK)
        return rc;
    return store_exec(s,
                      "DELETE FROM cost_daily WHERE row_count = 0; "
                      "DROP TABLE temp.moved_sums; DELETE FROM moved_objects",
                      e);
}
