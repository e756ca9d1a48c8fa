/*
 * test_store_cache_budget.c - the import caches' memory budget changes
 * speed, never results: the demo city imported with a 12 KiB budget (every
 * few rows evict) gives the same database content as with the default.
 */
#include "test_util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "imp_cost.h"
#include "imp_demo.h"
#include "store.h"
#include "store_costs.h"

static struct imp_demo_result demo;

static int setup(void **state)
{
    (void)state;
    static char dir[512];
    snprintf(dir, sizeof dir, "%s/demo", test_tmp_dir());
    struct imp_demo_options opt;
    imp_demo_options_init(&opt, month_index(2025, 6));
    opt.months = 2;
    opt.metric_weeks = 0;
    opt.out_dir = dir;
    struct err e;
    err_clear(&e);
    if (imp_demo_generate(&opt, &demo, &e) != ST_OK)
        fail_msg("imp_demo_generate: %s", e.msg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    imp_demo_result_release(&demo);
    return 0;
}

/* Import every demo cost file into a new database; returns evictions. */
static uint64_t import_all(const char *db, size_t budget)
{
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    remove(db);
    assert_int_equal(store_open(db, &s, &e), ST_OK);
    if (budget)
        store_set_import_cache_bytes(s, budget);
    struct imp_cost_options opt;
    memset(&opt, 0, sizeof opt);
    opt.allow_any_date = 1;
    for (size_t i = 0; i < demo.ncost_files; i++) {
        struct imp_cost_result res;
        if (imp_cost_file(s, demo.cost_files[i], &opt, &res, &e) != ST_OK)
            fail_msg("%s: %s", demo.cost_files[i], e.msg);
    }
    uint64_t ev = store_import_cache_evictions(s);
    store_close(s);
    return ev;
}

/* A digest of everything an import decides: rows with their objects,
 * meters and subscriptions spelled out (ids may legitimately differ). */
static void digest(const char *db, char *out, size_t n)
{
    sqlite3 *d = NULL;
    assert_int_equal(sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    const char *sql =
        "SELECT COUNT(*), COUNT(DISTINCT c.object_id), COUNT(DISTINCT c.meter_id),"
        " SUM(c.cost_e6), SUM(c.cost_e12),"
        " SUM(length(o.resource_id || o.tags || s.sub_key || m.meter_name) * (c.id % 7919)),"
        " (SELECT COUNT(*) FROM cost_objects), (SELECT COUNT(*) FROM meters),"
        " (SELECT COUNT(*) FROM subscriptions)"
        " FROM costs c JOIN cost_objects o ON o.id = c.object_id"
        " JOIN meters m ON m.id = c.meter_id JOIN subscriptions s ON s.id = c.subscription_id";
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(d, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    size_t k = 0;
    for (int i = 0; i < sqlite3_column_count(st); i++)
        k += (size_t)snprintf(out + k, n - k, "%lld ", (long long)sqlite3_column_int64(st, i));
    sqlite3_finalize(st);
    /* the daily rollups (summed in memory with the default budget, from
     * the rows with SQL under 12 KiB) equal the rows exactly, and each other */
    const char *raw = "SELECT c.dataset, c.usage_date, c.subscription_id, o.department_id,"
                      " m.service_name, c.currency, SUM(c.cost_e6), SUM(c.cost_e12), COUNT(*)"
                      " FROM costs c JOIN cost_objects o ON o.id = c.object_id"
                      " JOIN meters m ON m.id = c.meter_id GROUP BY 1, 2, 3, 4, 5, 6";
    const char *roll = "SELECT dataset, usage_date, subscription_id, department_id, service_name,"
                       " currency, cost_e6, cost_e12, row_count FROM cost_daily";
    char sql2[2048];
    snprintf(sql2, sizeof sql2,
             "SELECT (SELECT COUNT(*) FROM (%s EXCEPT %s)) + (SELECT COUNT(*) FROM (%s EXCEPT %s)),"
             " (SELECT COUNT(*) || ' ' || SUM(r.row_count) || ' ' || SUM(r.cost_e6) || ' ' ||"
             " SUM(r.cost_e12) || ' ' || SUM(length(dp.name || r.service_name) * r.row_count)"
             " FROM cost_daily r JOIN departments dp ON dp.id = r.department_id)",
             raw, roll, roll, raw);
    assert_int_equal(sqlite3_prepare_v2(d, sql2, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 0);
    snprintf(out + k, n - k, "rollup %s", (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(d);
}

static void test_tiny_budget_same_database(void **state)
{
    (void)state;
    char a[512], b[512], da[512], dbb[512];
    snprintf(a, sizeof a, "%s/default.db", test_tmp_dir());
    snprintf(b, sizeof b, "%s/tiny.db", test_tmp_dir());
    assert_true(import_all(a, 0) == 0);           /* the demo fits the default */
    assert_true(import_all(b, 12 * 1024) > 1000); /* ... and not 12 KiB */
    digest(a, da, sizeof da);
    digest(b, dbb, sizeof dbb);
    assert_string_equal(da, dbb);
    assert_true(strncmp(da, "0 ", 2) != 0); /* rows were imported */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_budget_same_database),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
