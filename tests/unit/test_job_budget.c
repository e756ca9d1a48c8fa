/*
 * test_job_budget.c - the budget job from the jobs library, without the CLI:
 * a tiny store (two departments and untagged shared cost over two years,
 * written through the store API) budgeted for the next fiscal year. The
 * amounts must add up to the yen, the shared cost must be split, and the
 * job's errors must name their cause.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "job_budget.h"
#include "store_costs.h"

/* One cost row of a month's last day for a department tag (NULL: none). */
static struct cost_row row_for(int mi, const char *dept, const char *rid, double yen)
{
    static char tags[64], cost[32];
    struct cost_row r;
    memset(&r, 0, sizeof r);
    r.dataset = DATASET_ACTUAL;
    r.usage_day = month_first_day(mi) + month_days(mi) - 1;
    r.subscription_id = "sub-1";
    r.resource_group = "RG";
    r.resource_id = rid;
    snprintf(tags, sizeof tags, dept ? "{\"department\":\"%s\"}" : "{}", dept);
    r.tags_json = tags;
    r.service_name = "Virtual Machines";
    r.location = "JapanEast";
    r.currency = "JPY";
    r.charge_type = "Usage";
    r.quantity = r.unit_price = r.effective_price = r.payg_price = NAN;
    snprintf(cost, sizeof cost, "%.2f", yen);
    assert_true(money_parse(cost, strlen(cost), &r.cost) >= 0);
    return r;
}

/* 24 months 2023-10 .. 2025-09: 建設局 grows, 財政局 is seasonal, and
 * untagged network cost is the shared bucket. */
static struct store *tiny_store(void)
{
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct import_info info = {"tiny.csv", "0123abcd", "ea", "actual"};
    int64_t id;
    int dup;
    assert_int_equal(store_import_begin(s, &info, &id, &dup, &e), ST_OK);
    int m0 = month_index_of(date_from_civil(2023, 10, 1));
    for (int k = 0; k < 24; k++) {
        struct cost_row r = row_for(m0 + k, "建設局", "/s/vm-a", 100000 + 1000 * k);
        assert_int_equal(store_cost_add(s, id, &r, &e), ST_OK);
        r = row_for(m0 + k, "財政局", "/s/vm-b", 50000 + (k % 12 == 5 ? 20000 : 0));
        assert_int_equal(store_cost_add(s, id, &r, &e), ST_OK);
        r = row_for(m0 + k, NULL, "/s/hub", 30000);
        assert_int_equal(store_cost_add(s, id, &r, &e), ST_OK);
    }
    struct import_summary sum;
    assert_int_equal(store_import_finish(s, id, &sum, &e), ST_OK);
    return s;
}

static void test_budget_job(void **state)
{
    (void)state;
    struct store *s = tiny_store();
    struct err e;
    err_clear(&e);
    struct budget_params p = {.fiscal_year = 2026,
                              .fy_start_month = 4,
                              .level = BUDGET_P80,
                              .cost = -1,
                              .kind = MDL_SNAIVE,
                              .jobs = 2};
    struct budget_result r;
    assert_int_equal(job_budget(s, &p, &r, &e), ST_OK);
    assert_string_equal(r.dataset, "actual");
    assert_string_equal(r.currency, "JPY");
    assert_int_equal(r.last_complete, month_index_of(date_from_civil(2025, 9, 1)));
    assert_int_equal(r.first_month, month_index_of(date_from_civil(2026, 4, 1)));
    assert_int_equal(r.horizon, 18);
    assert_int_equal(r.nlines, 2); /* the shared bucket is split, not a line */
    assert_string_equal(r.lines[0].department, "建設局");
    assert_string_equal(r.lines[1].department, "財政局");
    int64_t budget = 0, shared = 0;
    for (size_t l = 0; l < r.nlines; l++) {
        int64_t m = 0;
        for (int k = 0; k < 12; k++)
            m += r.lines[l].monthly[k];
        assert_int_equal(m, r.lines[l].budget);
        assert_int_equal(r.lines[l].budget, r.lines[l].annual[BUDGET_P80]);
        assert_true(r.lines[l].annual[BUDGET_P95] >= r.lines[l].annual[BUDGET_P80]);
        assert_true(r.lines[l].annual[BUDGET_P80] >= r.lines[l].annual[BUDGET_P50]);
        assert_string_equal(r.lines[l].model, "snaive");
        budget += r.lines[l].budget;
        shared += r.lines[l].shared_yen;
    }
    for (int k = 0; k < 12; k++)
        assert_int_equal(r.lines[0].monthly_p50[k] + r.lines[1].monthly_p50[k],
                         r.total.monthly_p50[k]);
    assert_int_equal(r.total.budget, budget);
    /* the seasonal naive forecast repeats the shared 30,000 a month; each
     * department's share is rounded on its own */
    assert_true(llabs(shared - 12 * 30000) <= 1);
    assert_int_equal(r.total.annual[BUDGET_P50],
                     12 * 30000 + 12 * 50000 + 20000 + 12 * 100000 +
                         1000 * (18 + 19 + 20 + 21 + 22 + 23 + 12 + 13 + 14 + 15 + 16 + 17));
    assert_non_null(strstr(r.method, "shared costs proportional"));
    job_budget_result_release(&r);

    /* an adjustment must name a department; a year already over is a usage error */
    struct imp_adjust a = {(char *)"水道局", 0, 0, 1, 0, (char *)""};
    struct imp_adjust_set adj = {&a, 1};
    p.adjust = &adj;
    assert_int_equal(job_budget(s, &p, &r, &e), ST_PARSE);
    assert_string_equal(e.msg, "adjustment 1: unknown department '水道局'");
    p.adjust = NULL;
    p.fiscal_year = 2024;
    assert_int_equal(job_budget(s, &p, &r, &e), ST_USAGE);
    store_close(s);
}

static void test_budget_empty_store(void **state)
{
    (void)state;
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct budget_params p = {.fiscal_year = 2026, .cost = -1, .jobs = 1};
    struct budget_result r;
    assert_int_equal(job_budget(s, &p, &r, &e), ST_NOTFOUND);
    assert_non_null(strstr(e.msg, "import cost exports first"));
    job_budget_result_release(&r);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_job),
        cmocka_unit_test(test_budget_empty_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
