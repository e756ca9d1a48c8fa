/*
 * test_store_costs.c - the cost store write side: all-or-nothing imports,
 * duplicates by sha256, replacement of the rows a newer export covers
 * (same dataset, same subscriptions, its days only), exact sums.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_costs.h"
#include "store_departments.h"

static struct cost_row row_for(const char *sub, int day, const char *cost, enum cost_dataset ds)
{
    struct cost_row r;
    memset(&r, 0, sizeof r);
    r.dataset = ds;
    r.usage_day = date_from_civil(2025, 4, day);
    r.subscription_id = sub;
    r.resource_group = "RG-A";
    r.resource_id = "/subscriptions/x/resourceGroups/RG-A/providers/p/vm1";
    r.tags_json = "{\"department\":\"建設局\"}";
    r.service_name = "Virtual Machines";
    r.location = "JapanEast";
    r.currency = "JPY";
    r.charge_type = "Usage";
    r.quantity = r.unit_price = r.effective_price = r.payg_price = NAN;
    assert_true(money_parse(cost, strlen(cost), &r.cost) >= 0);
    return r;
}

struct file_rows {
    const char *sub;
    int day;
    const char *cost;
};

static enum status import(struct store *s, const char *sha, const struct file_rows *rows, size_t n,
                          int fail_at, struct import_summary *sum, int *dup)
{
    struct import_info info = {"f.csv", sha, "ea", "actual"};
    int64_t id;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_import_begin(s, &info, &id, dup, &e), ST_OK);
    if (*dup)
        return ST_OK;
    for (size_t i = 0; i < n; i++) {
        if ((int)i == fail_at) {
            store_import_abort(s);
            return ST_PARSE;
        }
        struct cost_row r = row_for(rows[i].sub, rows[i].day, rows[i].cost, DATASET_ACTUAL);
        assert_int_equal(store_cost_add(s, id, &r, &e), ST_OK);
    }
    return store_import_finish(s, id, sum, &e);
}

/* Exact total of the actual dataset, formatted to 12 decimals. */
static const char *total(struct store *s)
{
    struct import_record *v;
    size_t n;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_imports_list(s, &v, &n, &e), ST_OK);
    import_records_free(v, n);
    struct dept_catch *c;
    assert_int_equal(store_dept_catches(s, DATASET_ACTUAL, &c, &n, &e), ST_OK);
    struct money m = MONEY_ZERO;
    for (size_t i = 0; i < n; i++)
        m = money_add(m, c[i].cost);
    free(c);
    static char out[64];
    return money_format(m, 12, out, sizeof out);
}

static void test_import_replace(void **state)
{
    (void)state;
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct import_summary sum;
    int dup;
    const struct file_rows first[] = {
        {"SUB-1", 1, "0.000000000001"}, {"sub-1", 2, "10"}, {"sub-2", 2, "5.5"}};
    assert_int_equal(import(s, "aaa", first, 3, -1, &sum, &dup), ST_OK);
    assert_int_equal(sum.rows, 3);
    assert_string_equal(sum.period_start, "2025-04-01");
    assert_string_equal(total(s), "15.500000000001");
    /* same sha: nothing happens */
    assert_int_equal(import(s, "aaa", first, 3, -1, &sum, &dup), ST_OK);
    assert_int_equal(dup, 1);
    assert_string_equal(total(s), "15.500000000001");
    /* a failed import leaves nothing */
    assert_int_equal(import(s, "bbb", first, 3, 2, &sum, &dup), ST_PARSE);
    assert_string_equal(total(s), "15.500000000001");
    /* newer export of sub-1 for days 1 and 3 replaces sub-1 rows of those
     * days only: day 2, which it has no row for, is kept (issue 18 item 5) */
    const struct file_rows second[] = {{"sub-1", 1, "1"}, {"sub-1", 3, "2"}};
    assert_int_equal(import(s, "ccc", second, 2, -1, &sum, &dup), ST_OK);
    assert_int_equal(dup, 0);
    assert_int_equal(sum.replaced, 1);
    assert_string_equal(total(s), "18.500000000000");
    /* an export of sub-2 for day 9 replaces nothing (no overlap in days) */
    const struct file_rows third[] = {{"sub-2", 9, "0.25"}};
    assert_int_equal(import(s, "ddd", third, 1, -1, &sum, &dup), ST_OK);
    assert_int_equal(sum.replaced, 0);
    assert_string_equal(total(s), "18.750000000000");
    /* a re-delivery of sub-1 days 1..3 replaces every sub-1 row it holds */
    const struct file_rows fourth[] = {{"sub-1", 1, "1"}, {"sub-1", 2, "3"}, {"sub-1", 3, "2"}};
    assert_int_equal(import(s, "eee", fourth, 3, -1, &sum, &dup), ST_OK);
    assert_int_equal(sum.replaced, 3);
    assert_string_equal(total(s), "11.750000000000");
    /* subscriptions interned case-insensitively: two, not three */
    struct import_record *v;
    size_t n;
    assert_int_equal(store_imports_list(s, &v, &n, &e), ST_OK);
    assert_int_equal(n, 4);
    assert_int_equal(v[0].rows, 3);
    assert_int_equal(v[0].rows_now, 1);
    assert_int_equal(v[1].replaced, 1);
    import_records_free(v, n);
    store_close(s);
}

static void test_rules_reattribute(void **state)
{
    (void)state;
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct import_summary sum;
    int dup;
    const struct file_rows rows[] = {{"sub-1", 1, "3"}, {"sub-2", 1, "4"}};
    assert_int_equal(import(s, "aaa", rows, 2, -1, &sum, &dup), ST_OK);
    struct dept_catch *c;
    size_t n;
    /* no rules: everything by the department tag */
    assert_int_equal(store_dept_catches(s, DATASET_ACTUAL, &c, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(c[0].kind, DEPT_CATCH_TAG);
    free(c);
    struct dept_rules r;
    dept_rules_init(&r);
    assert_int_equal(dept_rules_add(&r, "subscription", "sub-2", "財政局", &e), ST_OK);
    int64_t objects;
    assert_int_equal(store_dept_rules_replace(s, &r, &objects, &e), ST_OK);
    assert_int_equal(objects, 2);
    assert_int_equal(store_dept_catches(s, DATASET_ACTUAL, &c, &n, &e), ST_OK);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        char out[32];
        money_format(c[i].cost, 0, out, sizeof out);
        assert_string_equal(out, c[i].kind == DEPT_CATCH_RULE ? "4" : "3");
    }
    free(c);
    struct dept_rules back;
    dept_rules_init(&back);
    assert_int_equal(store_dept_rules_load(s, &back, &e), ST_OK);
    assert_int_equal(back.n, 1);
    assert_string_equal(back.v[0].department, "財政局");
    dept_rules_release(&back);
    dept_rules_release(&r);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_replace),
        cmocka_unit_test(test_rules_reattribute),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
