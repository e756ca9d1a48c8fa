/*
 * test_store_rollup.c - the daily cost rollups (table cost_daily, schema
 * migration 6) equal the sums of the cost rows exactly, cell by cell, after
 * imports, a month-to-date re-delivery that replaces cells (including a
 * cell whose service changed), a department re-attribution and back, a
 * relabelled dataset, an aborted import, and the migration that builds
 * them for an existing database. The monthly reads (store_cost_by_month)
 * then equal sums taken straight from the rows.
 */
#include "test_util.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dept.h"
#include "money.h"
#include "store_costs.h"
#include "store_departments.h"

/* Cells of the rows grouped as the rollup groups them, against the rollup:
 * the count of cells that differ either way (0 = exactly equal). */
#define RAW_CELLS                                                                                  \
    "SELECT c.dataset, c.usage_date, c.subscription_id, o.department_id, m.service_name, "         \
    "c.currency, SUM(c.cost_e6), SUM(c.cost_e12), COUNT(*) FROM costs c "                          \
    "JOIN cost_objects o ON o.id = c.object_id JOIN meters m ON m.id = c.meter_id "                \
    "GROUP BY 1, 2, 3, 4, 5, 6"
#define ROLLUP_CELLS                                                                               \
    "SELECT dataset, usage_date, subscription_id, department_id, service_name, currency, "         \
    "cost_e6, cost_e12, row_count FROM cost_daily"
#define DIFF_SQL                                                                                   \
    "SELECT (SELECT COUNT(*) FROM (" RAW_CELLS " EXCEPT " ROLLUP_CELLS                             \
    ")) + (SELECT COUNT(*) FROM (" ROLLUP_CELLS " EXCEPT " RAW_CELLS "))"

static char db_path[4096];

static int64_t query_int(const char *sql)
{
    return test_db_count(db_path, sql);
}

static void exec_sql(const char *sql)
{
    sqlite3 *d;
    assert_int_equal(sqlite3_open(db_path, &d), SQLITE_OK);
    assert_int_equal(sqlite3_exec(d, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(d);
}

static void assert_rollup_exact(void)
{
    assert_int_equal(query_int(DIFF_SQL), 0);
    assert_true(query_int("SELECT COUNT(*) FROM cost_daily") > 0);
}

/* imports.stored_rows (what `yosan imports` lists) equals the rows of each
 * import still in costs. */
static void assert_stored_rows_exact(void)
{
    assert_int_equal(query_int("SELECT COUNT(*) FROM imports i WHERE stored_rows <> "
                               "(SELECT COUNT(*) FROM costs c WHERE c.import_id = i.id)"),
                     0);
}

struct spec {
    enum cost_dataset ds;
    const char *day; /* ISO */
    const char *sub; /* subscription name; its id is the name upper-cased */
    const char *dept;
    const char *service;
    const char *currency;
    const char *cost;
};

static struct store *open_db(const char *name)
{
    snprintf(db_path, sizeof db_path, "%s/%s", test_tmp_dir(), name);
    remove(db_path);
    struct store *s;
    struct err e;
    assert_int_equal(store_open(db_path, &s, &e), ST_OK);
    return s;
}

static void fill_row(struct cost_row *r, const struct spec *sp, char *tags, size_t ntags)
{
    memset(r, 0, sizeof *r);
    r->dataset = sp->ds;
    assert_int_equal(date_parse(sp->day, 10, &r->usage_day), 0);
    r->subscription_id = sp->sub[4] == 'a' ? "AAAA" : "BBBB";
    r->subscription_name = sp->sub;
    r->resource_group = "rg";
    r->resource_id = sp->dept[0] == 'x' ? "/vm/x" : "/vm/y";
    r->resource_name = "";
    snprintf(tags, ntags, "{\"department\":\"%s\"}", sp->dept);
    r->tags_json = tags;
    r->service_name = sp->service;
    r->meter_subcategory = r->meter_name = r->service_family = r->consumed_service = "";
    r->unit = r->location = "";
    r->currency = sp->currency;
    r->charge_type = "Usage";
    r->pricing_model = "OnDemand";
    r->scope = "scope";
    r->quantity = r->unit_price = r->effective_price = r->payg_price = NAN;
    assert_int_equal(money_parse(sp->cost, strlen(sp->cost), &r->cost), MONEY_OK);
}

/* Import rows as one file with digest sha; abort instead of finishing when
 * abort is set. Returns the rows it replaced. */
static int64_t import_rows(struct store *s, const char *sha, const struct spec *v, size_t n,
                           int abort)
{
    struct import_info info = {sha, sha, "ea", "actual"};
    int64_t id;
    int dup;
    struct err e;
    assert_int_equal(store_import_begin(s, &info, &id, &dup, &e), ST_OK);
    assert_int_equal(dup, 0);
    for (size_t i = 0; i < n; i++) {
        struct cost_row r;
        char tags[128];
        fill_row(&r, &v[i], tags, sizeof tags);
        assert_int_equal(store_cost_add(s, id, &r, &e), ST_OK);
    }
    if (abort) {
        store_import_abort(s);
        return 0;
    }
    struct import_summary sum;
    assert_int_equal(store_import_finish(s, id, &sum, &e), ST_OK);
    return sum.replaced;
}

static const struct spec april[] = {
    {DATASET_ACTUAL, "2025-04-01", "sub-a", "x局", "Virtual Machines", "JPY", "100.000000000001"},
    {DATASET_ACTUAL, "2025-04-01", "sub-a", "x局", "Virtual Machines", "JPY", "0.999999999999"},
    {DATASET_ACTUAL, "2025-04-01", "sub-a", "y局", "Storage", "JPY", "7"},
    {DATASET_ACTUAL, "2025-04-02", "sub-a", "x局", "Storage", "JPY", "-3.5"},
    {DATASET_ACTUAL, "2025-04-02", "sub-b", "y局", "Storage", "USD", "1.25"},
    {DATASET_ACTUAL, "2025-04-03", "sub-b", "y局", "Virtual Machines", "JPY", "0"},
    {DATASET_AMORTIZED, "2025-04-03", "sub-a", "x局", "Virtual Machines", "JPY", "999"},
};

/* The exact total of a dataset: from the rows, and through the rollups. */
static void assert_totals_match(struct store *s, enum cost_dataset ds)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT COALESCE(SUM(cost_e6), 0) * 1000000 + COALESCE(SUM(cost_e12), 0) FROM costs "
             "WHERE dataset = %d",
             (int)ds);
    int64_t raw_e12 = query_int(sql);
    struct cost_query q = {COST_DIM_TOTAL, ds, INT32_MIN, INT32_MAX, NULL, 0};
    struct cost_cells c;
    struct err e;
    assert_int_equal(store_cost_by_month(s, &q, &c, &e), ST_OK);
    int64_t got = 0;
    for (size_t i = 0; i < c.n; i++)
        got += c.v[i].cost.e6 * 1000000 + c.v[i].cost.e12;
    cost_cells_release(&c);
    assert_int_equal(got, raw_e12);
}

static void test_rollup_after_imports(void **state)
{
    (void)state;
    struct store *s = open_db("imports.db");
    import_rows(s, "a1", april, sizeof april / sizeof april[0], 0);
    assert_rollup_exact();
    /* 6 cells: the two VM rows of x局 on 04-01 share one */
    assert_int_equal(query_int("SELECT COUNT(*) FROM cost_daily"), 6);
    assert_int_equal(query_int("SELECT row_count FROM cost_daily WHERE usage_date = '2025-04-01' "
                               "AND service_name = 'Virtual Machines'"),
                     2);
    static const struct spec may[] = {
        {DATASET_ACTUAL, "2025-05-01", "sub-a", "x局", "Virtual Machines", "JPY", "5"},
        {DATASET_ACTUAL, "2025-05-01", "sub-b", "y局", "Storage", "JPY", "6"},
    };
    assert_int_equal(import_rows(s, "m1", may, 2, 0), 0);
    assert_rollup_exact();
    assert_totals_match(s, DATASET_ACTUAL);
    assert_totals_match(s, DATASET_AMORTIZED);
    /* the probes read the rollups */
    int32_t day;
    struct err e;
    assert_int_equal(store_cost_last_day(s, DATASET_ACTUAL, &day, &e), ST_OK);
    assert_int_equal(day, date_from_civil(2025, 5, 1));
    assert_true(store_cost_has_dataset(s, DATASET_AMORTIZED));
    store_close(s);
}

static void test_rollup_month_to_date(void **state)
{
    (void)state;
    struct store *s = open_db("mtd.db");
    import_rows(s, "a1", april, sizeof april / sizeof april[0], 0);
    /* the next delivery: sub-a's 04-01 and 04-02 again (04-02 now a VM
     * row, so the old Storage cell of that day must go), plus 04-04; sub-b
     * and the amortized dataset are not in it and stay */
    static const struct spec again[] = {
        {DATASET_ACTUAL, "2025-04-01", "sub-a", "x局", "Virtual Machines", "JPY", "101"},
        {DATASET_ACTUAL, "2025-04-02", "sub-a", "x局", "Virtual Machines", "JPY", "2"},
        {DATASET_ACTUAL, "2025-04-04", "sub-a", "y局", "Storage", "JPY", "4"},
    };
    assert_int_equal(import_rows(s, "a2", again, 3, 0), 4);
    assert_rollup_exact();
    assert_stored_rows_exact();
    assert_int_equal(query_int("SELECT stored_rows FROM imports WHERE sha256 = 'a1'"), 3);
    assert_int_equal(query_int("SELECT COUNT(*) FROM cost_daily WHERE usage_date = '2025-04-02' "
                               "AND service_name = 'Storage' AND currency = 'JPY'"),
                     0);
    assert_int_equal(query_int("SELECT cost_e6 FROM cost_daily WHERE dataset = 0 AND "
                               "usage_date = '2025-04-01' AND service_name = 'Virtual Machines'"),
                     101000000);
    assert_totals_match(s, DATASET_ACTUAL);
    assert_totals_match(s, DATASET_AMORTIZED);
    /* and a third delivery that replaces the second */
    static const struct spec third[] = {
        {DATASET_ACTUAL, "2025-04-04", "sub-a", "y局", "Storage", "JPY", "4.000000000002"},
    };
    assert_int_equal(import_rows(s, "a3", third, 1, 0), 1);
    assert_rollup_exact();
    assert_stored_rows_exact();
    assert_int_equal(query_int("SELECT stored_rows FROM imports WHERE sha256 = 'a2'"), 2);
    assert_totals_match(s, DATASET_ACTUAL);
    store_close(s);
}

static void test_rollup_reattribution(void **state)
{
    (void)state;
    struct store *s = open_db("dept.db");
    import_rows(s, "a1", april, sizeof april / sizeof april[0], 0);
    struct dept_rules r;
    dept_rules_init(&r);
    struct err e;
    assert_int_equal(dept_rules_add(&r, "subscription-name", "sub-b", "z局", &e), ST_OK);
    int64_t objects = 0;
    assert_int_equal(store_dept_rules_replace(s, &r, &objects, &e), ST_OK);
    dept_rules_release(&r);
    assert_rollup_exact();
    /* sub-b's rows all moved to z局 (the USD cell and the 0 cell) */
    assert_int_equal(query_int("SELECT COUNT(*) FROM cost_daily r JOIN departments d ON "
                               "d.id = r.department_id WHERE d.name = 'z局'"),
                     2);
    struct cost_query q = {COST_DIM_DEPARTMENT, DATASET_ACTUAL, INT32_MIN, INT32_MAX, "z局", 0};
    struct cost_cells c;
    assert_int_equal(store_cost_by_month(s, &q, &c, &e), ST_OK);
    assert_int_equal(c.n, 2); /* JPY and USD, April */
    cost_cells_release(&c);
    /* no rules: back to the tags */
    dept_rules_init(&r);
    assert_int_equal(store_dept_rules_replace(s, &r, &objects, &e), ST_OK);
    assert_rollup_exact();
    assert_int_equal(query_int("SELECT COUNT(*) FROM cost_daily r JOIN departments d ON "
                               "d.id = r.department_id WHERE d.name = 'z局'"),
                     0);
    /* then a later import attributes its new objects under the same rules */
    assert_int_equal(dept_rules_add(&r, "subscription-name", "sub-*", "w局", &e), ST_OK);
    assert_int_equal(store_dept_rules_replace(s, &r, &objects, &e), ST_OK);
    dept_rules_release(&r);
    static const struct spec may[] = {
        {DATASET_ACTUAL, "2025-05-01", "sub-b", "new局", "Storage", "JPY", "6"},
    };
    import_rows(s, "m1", may, 1, 0);
    assert_rollup_exact();
    assert_int_equal(query_int("SELECT COUNT(DISTINCT department_id) FROM cost_daily"), 1);
    store_close(s);
}

static void test_rollup_abort_and_relabel(void **state)
{
    (void)state;
    struct store *s = open_db("abort.db");
    import_rows(s, "a1", april, sizeof april / sizeof april[0], 0);
    int64_t cells = query_int("SELECT COUNT(*) FROM cost_daily");
    static const struct spec more[] = {
        {DATASET_ACTUAL, "2025-04-01", "sub-a", "x局", "Virtual Machines", "JPY", "1"},
        {DATASET_ACTUAL, "2025-06-01", "sub-a", "x局", "Virtual Machines", "JPY", "1"},
    };
    import_rows(s, "ab", more, 2, 1);
    assert_int_equal(query_int("SELECT COUNT(*) FROM cost_daily"), cells);
    assert_rollup_exact();
    /* rows added as actual, then the file found to be amortized */
    struct import_info info = {"am", "am", "ea", "actual"};
    int64_t id;
    int dup;
    struct err e;
    assert_int_equal(store_import_begin(s, &info, &id, &dup, &e), ST_OK);
    struct cost_row r;
    char tags[128];
    fill_row(&r, &more[1], tags, sizeof tags);
    assert_int_equal(store_cost_add(s, id, &r, &e), ST_OK);
    assert_int_equal(store_import_set_dataset(s, id, DATASET_AMORTIZED, &e), ST_OK);
    struct import_summary sum;
    assert_int_equal(store_import_finish(s, id, &sum, &e), ST_OK);
    assert_rollup_exact();
    assert_int_equal(query_int("SELECT dataset FROM cost_daily WHERE usage_date = '2025-06-01'"),
                     1);
    store_close(s);
}

/* A subscription named only by a later row of the file: its objects are
 * attributed (unnamed) as they come in, then again at the end under a
 * subscription-name rule; their sums follow them to the rule's department. */
static void test_rollup_late_subscription_name(void **state)
{
    (void)state;
    struct store *s = open_db("late.db");
    struct dept_rules r;
    dept_rules_init(&r);
    struct err e;
    assert_int_equal(dept_rules_add(&r, "subscription-name", "late-*", "late局", &e), ST_OK);
    int64_t objects = 0;
    assert_int_equal(store_dept_rules_replace(s, &r, &objects, &e), ST_OK);
    dept_rules_release(&r);
    struct import_info info = {"late", "late", "ea", "actual"};
    int64_t id;
    int dup;
    assert_int_equal(store_import_begin(s, &info, &id, &dup, &e), ST_OK);
    static const struct spec v[] = {
        {DATASET_ACTUAL, "2025-04-01", "sub-a", "x局", "Virtual Machines", "JPY", "10"},
        {DATASET_ACTUAL, "2025-04-02", "sub-a", "y局", "Storage", "JPY", "20"},
    };
    for (int i = 0; i < 2; i++) {
        struct cost_row row;
        char tags[128];
        fill_row(&row, &v[i], tags, sizeof tags);
        row.subscription_name = i == 0 ? "" : "late-a";
        assert_int_equal(store_cost_add(s, id, &row, &e), ST_OK);
    }
    struct import_summary sum;
    assert_int_equal(store_import_finish(s, id, &sum, &e), ST_OK);
    assert_rollup_exact();
    assert_int_equal(query_int("SELECT COUNT(*) FROM cost_daily r JOIN departments d ON "
                               "d.id = r.department_id WHERE d.name = 'late局'"),
                     2);
    store_close(s);
}

static void test_rollup_migration(void **state)
{
    (void)state;
    struct store *s = open_db("migrate.db");
    import_rows(s, "a1", april, sizeof april / sizeof april[0], 0);
    store_close(s);
    /* a database of schema 5: no rollups, nor the tables of later migrations */
    exec_sql("DROP TABLE cost_daily; DROP TABLE appropriations; DROP TABLE benefits; "
             "ALTER TABLE imports DROP COLUMN stored_rows; PRAGMA user_version = 5");
    struct err e;
    assert_int_equal(store_open(db_path, &s, &e), ST_OK);
    assert_true(store_schema_version(s) >= 8); /* 6 (rollups) and the later ones ran */
    assert_rollup_exact();
    assert_totals_match(s, DATASET_ACTUAL);
    assert_totals_match(s, DATASET_AMORTIZED);
    assert_stored_rows_exact(); /* counted by migration 9 */
    store_close(s);
}

/* store_dept_catches (rollups) equals store_dept_catches_from_rows (the
 * cost rows), line for line, for both datasets. */
static void assert_catches_match(struct store *s)
{
    for (int ds = DATASET_ACTUAL; ds <= DATASET_AMORTIZED; ds++) {
        struct dept_catch *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        struct err e;
        assert_int_equal(store_dept_catches(s, (enum cost_dataset)ds, &a, &na, &e), ST_OK);
        assert_int_equal(store_dept_catches_from_rows(s, (enum cost_dataset)ds, &b, &nb, &e),
                         ST_OK);
        assert_int_equal(na, nb);
        for (size_t i = 0; i < na; i++) {
            assert_int_equal(a[i].kind, b[i].kind);
            assert_int_equal(a[i].rule_id, b[i].rule_id);
            assert_string_equal(a[i].currency, b[i].currency);
            assert_int_equal(a[i].cost.e6, b[i].cost.e6);
            assert_int_equal(a[i].cost.e12, b[i].cost.e12);
            assert_int_equal(a[i].rows, b[i].rows);
        }
        free(a);
        free(b);
    }
}

static void load_rules(struct store *s, const char *match, const char *pattern, const char *dept)
{
    struct dept_rules r;
    dept_rules_init(&r);
    struct err e;
    if (match)
        assert_int_equal(dept_rules_add(&r, match, pattern, dept, &e), ST_OK);
    int64_t objects = 0;
    assert_int_equal(store_dept_rules_replace(s, &r, &objects, &e), ST_OK);
    dept_rules_release(&r);
}

static void test_rollup_dept_catches(void **state)
{
    (void)state;
    struct store *s = open_db("catches.db");
    import_rows(s, "a1", april, sizeof april / sizeof april[0], 0);
    assert_catches_match(s); /* no rules: tags only */
    struct dept_catch *v = NULL;
    size_t n = 0;
    struct err e;
    assert_int_equal(store_dept_catches(s, DATASET_ACTUAL, &v, &n, &e), ST_OK);
    assert_int_equal(n, 2); /* the tag fallback in JPY and in USD */
    assert_int_equal(v[0].kind, DEPT_CATCH_TAG);
    assert_int_equal(v[0].rows, 5);
    free(v);
    /* one rule, each (subscription, department) caught one way */
    load_rules(s, "subscription-name", "sub-b", "z局");
    assert_catches_match(s);
    /* x局's objects moved by a rule into y局, whose own objects of sub-a
     * stay on the tag: that pair is mixed, the rows decide */
    load_rules(s, "tag:department", "x局", "y局");
    assert_int_equal(query_int("SELECT COUNT(DISTINCT COALESCE(rule_id, -1)) FROM cost_objects "
                               "o JOIN subscriptions s ON s.id = o.subscription_id "
                               "WHERE s.sub_key = 'aaaa'"),
                     2);
    assert_catches_match(s);
    load_rules(s, NULL, NULL, NULL);
    assert_catches_match(s);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollup_after_imports),
        cmocka_unit_test(test_rollup_month_to_date),
        cmocka_unit_test(test_rollup_reattribution),
        cmocka_unit_test(test_rollup_abort_and_relabel),
        cmocka_unit_test(test_rollup_late_subscription_name),
        cmocka_unit_test(test_rollup_migration),
        cmocka_unit_test(test_rollup_dept_catches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
