/*
 * test_mdl_budget.c - each phase of the budget run (models/mdl_budget.h) on
 * hand-made cells and forecasts: the calendar, the series, reconciliation,
 * adjustments, annual spreads, the shared split and the whole-yen lines.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "mdl_budget.h"

static int mi(int y, int m)
{
    return month_index_of(date_from_civil(y, m, 1));
}

static int32_t month_end(int y, int m)
{
    return month_first_day(mi(y, m)) + month_days(mi(y, m)) - 1;
}

static struct cost_cell cell(const char *key, int month, const char *cost)
{
    struct cost_cell c = {(char *)key, (char *)"JPY", month, MONEY_ZERO};
    assert_true(money_parse(cost, strlen(cost), &c.cost) >= 0);
    return c;
}

/* A forecast of h steps with every mean m and 95% half-width w95 (80%: w80). */
static void flat_forecast(struct forecast *f, size_t h, double m, double w80, double w95)
{
    struct err e;
    assert_int_equal(mdl_forecast_init(f, h, &e), ST_OK);
    for (size_t i = 0; i < h; i++) {
        f->mean[i] = m;
        f->lo80[i] = m - w80;
        f->hi80[i] = m + w80;
        f->lo95[i] = m - w95;
        f->hi95[i] = m + w95;
    }
    snprintf(f->model, sizeof f->model, "test");
}

/* ---------------------------------------------------------------- calendar */

static void test_calendar(void **state)
{
    (void)state;
    struct err e;
    struct mdl_budget_calendar cal;
    struct cost_cell v[] = {cell("a", mi(2024, 4), "1"), cell("a", mi(2025, 9), "1")};
    /* data through 2025-09-15: September is not complete */
    assert_int_equal(mdl_budget_calendar(date_from_civil(2025, 9, 15), 2026, 4, 0, v, 2, &cal, &e),
                     ST_OK);
    assert_int_equal(cal.first, mi(2024, 4));
    assert_int_equal(cal.last_complete, mi(2025, 8));
    assert_int_equal(cal.from, mi(2025, 9));
    assert_int_equal(cal.fy_first, mi(2026, 4));
    assert_int_equal(cal.nm, 17);
    assert_int_equal(cal.h, 19); /* 2025-09 .. 2027-03 */
    assert_int_equal(cal.win0, cal.first);
    /* the last day of a month completes it; --months narrows the window */
    assert_int_equal(mdl_budget_calendar(month_end(2025, 9), 2026, 4, 6, v, 2, &cal, &e), ST_OK);
    assert_int_equal(cal.last_complete, mi(2025, 9));
    assert_int_equal(cal.win0, mi(2025, 4));
    /* a year already over, a year too far ahead, no complete month */
    assert_int_equal(mdl_budget_calendar(month_end(2025, 9), 2024, 4, 0, v, 2, &cal, &e), ST_USAGE);
    assert_non_null(strstr(e.msg, "nothing to forecast"));
    assert_int_equal(mdl_budget_calendar(month_end(2025, 9), 2029, 4, 0, v, 2, &cal, &e), ST_USAGE);
    struct cost_cell late[] = {cell("a", mi(2025, 9), "1")};
    assert_int_equal(
        mdl_budget_calendar(date_from_civil(2025, 9, 3), 2026, 4, 0, late, 1, &cal, &e),
        ST_NOTFOUND);
}

/* ---------------------------------------------------------------- series */

static void test_series(void **state)
{
    (void)state;
    struct err e;
    struct mdl_budget_calendar cal;
    struct cost_cell v[] = {
        cell("a", mi(2025, 1), "0.1"),
        cell("a", mi(2025, 2), "0.2"),
        cell("a", mi(2025, 3), "5"), /* after the last complete month: left out */
        cell("b", mi(2025, 2), "0.7"),
    };
    assert_int_equal(mdl_budget_calendar(month_end(2025, 2), 2025, 4, 0, v, 4, &cal, &e), ST_OK);
    struct mdl_budget_set set;
    assert_int_equal(mdl_budget_series(v, 4, "JPY", &cal, &set, &e), ST_OK);
    assert_int_equal(set.nd, 2);
    assert_int_equal(set.ns, 3);
    assert_string_equal(set.v[0].name, "a");
    assert_string_equal(set.v[2].name, "total");
    char buf[32];
    assert_string_equal(money_format(set.v[2].exact[1], 1, buf, sizeof buf), "0.9"); /* exact */
    assert_int_equal(set.v[1].ny, 2);
    assert_rel_close(set.v[1].y[0], 0, 1e-12);
    assert_rel_close(set.v[0].y[0], 0.1, 1e-12);
    /* adjustments must name a department */
    struct mdl_budget_adjust ok = {"b", mi(2025, 4), 0, 1, 0}, bad = {"c", mi(2025, 4), 0, 1, 0};
    assert_int_equal(mdl_budget_check_adjust(&set, &ok, 1, &e), ST_OK);
    struct mdl_budget_adjust two[] = {ok, bad};
    assert_int_equal(mdl_budget_check_adjust(&set, two, 2, &e), ST_PARSE);
    assert_string_equal(e.msg, "adjustment 2: unknown department 'c'");
    mdl_budget_set_release(&set);
    /* one currency only */
    v[3].currency = (char *)"USD";
    assert_int_equal(mdl_budget_series(v, 4, "JPY", &cal, &set, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "two currencies"));
    mdl_budget_set_release(&set);
}

/* A set of departments with flat forecasts of h steps, plus the total. */
static void make_set(struct mdl_budget_set *set, const char *const *names, const double *means,
                     size_t nd, size_t h)
{
    memset(set, 0, sizeof *set);
    set->v = calloc(nd + 1, sizeof *set->v);
    assert_non_null(set->v);
    double tot = 0;
    for (size_t d = 0; d <= nd; d++) {
        set->v[d].name = strdup(d < nd ? names[d] : "total");
        set->v[d].exact = calloc(1, sizeof *set->v[d].exact);
        flat_forecast(&set->v[d].fc, h, d < nd ? means[d] : tot, 10, 20);
        if (d < nd)
            tot += means[d];
    }
    set->nd = nd;
    set->ns = nd + 1;
}

/* ---------------------------------------------------------------- reconcile, adjust */

static void test_reconcile(void **state)
{
    (void)state;
    struct err e;
    static const char *const names[] = {"a", "b"};
    const double means[] = {100, -5};
    struct mdl_budget_set set;
    make_set(&set, names, means, 2, 3);
    set.v[2].fc.mean[0] = 500; /* the total's own forecast disagrees */
    assert_int_equal(mdl_budget_reconcile(&set, 0, &e), ST_OK);
    assert_rel_close(set.v[1].fc.mean[0], 0, 1e-12);   /* clamped */
    assert_rel_close(set.v[2].fc.mean[0], 100, 1e-12); /* bottom-up: the sum */
    mdl_budget_set_release(&set);

    const double pos[] = {100, 200};
    make_set(&set, names, pos, 2, 3);
    set.v[2].fc.mean[1] = 600;
    assert_int_equal(mdl_budget_reconcile(&set, 1, &e), ST_OK);
    /* WLS moves the parts towards the total's own 600; the total is their sum */
    assert_true(set.v[0].fc.mean[1] > 100 && set.v[1].fc.mean[1] > 200);
    assert_rel_close(set.v[2].fc.mean[1], set.v[0].fc.mean[1] + set.v[1].fc.mean[1], 1e-12);
    mdl_budget_set_release(&set);
}

static void test_adjust(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b"};
    const double means[] = {100, 200};
    struct mdl_budget_set set;
    make_set(&set, names, means, 2, 4);
    /* forecast 2025-02 .. 2025-05; the FY starts 2025-04 (steps 2 and 3) */
    struct mdl_budget_calendar cal = {.from = mi(2025, 2), .fy_first = mi(2025, 4), .h = 4};
    const struct mdl_budget_adjust adj[] = {
        {"a", mi(2025, 3), 1, 0, -50},  /* half from March */
        {"b", mi(2025, 5), 0, -500, 0}, /* clamped at 0 in May */
        {"a", mi(2025, 5), 0, 10, 0},   /* then +10 in May */
    };
    mdl_budget_adjust(&set, &cal, adj, 3);
    assert_rel_close(set.v[0].fy_fc_base, 200, 1e-12); /* before the changes */
    assert_rel_close(set.v[2].fy_fc_base, 600, 1e-12);
    assert_rel_close(set.v[0].fc.mean[0], 100, 1e-12);
    assert_rel_close(set.v[0].fc.mean[1], 50, 1e-12);
    assert_rel_close(set.v[0].fc.mean[3], 60, 1e-12);
    assert_rel_close(set.v[1].fc.mean[3], 0, 1e-12);
    assert_rel_close(set.v[2].fc.mean[3], 60, 1e-12); /* total summed again */
    mdl_budget_set_release(&set);
}

/* ---------------------------------------------------------------- annual */

static void test_annual(void **state)
{
    (void)state;
    static const char *const names[] = {"a"};
    const double means[] = {100};
    struct mdl_budget_set set;
    make_set(&set, names, means, 1, 12);
    /* actuals 2024-10 .. 2025-03 (6 months of 7 yen), forecast 2025-04 .. 2026-03 */
    struct mdl_budget_calendar cal = {.first = mi(2024, 10),
                                      .last_complete = mi(2025, 3),
                                      .from = mi(2025, 4),
                                      .fy_first = mi(2025, 4),
                                      .nm = 6,
                                      .h = 12};
    for (size_t d = 0; d < set.ns; d++) {
        free(set.v[d].exact);
        set.v[d].exact = calloc(6, sizeof *set.v[d].exact);
        for (int k = 0; k < 6; k++)
            set.v[d].exact[k] = money_from_units(7);
        set.v[d].fy_fc_base = 1200;
    }
    mdl_budget_annual(&set, &cal);
    struct mdl_budget_series *s = &set.v[0];
    assert_rel_close(s->fy_mean[0], 100, 1e-12);
    assert_rel_close(s->last_fy_mean, 42, 1e-12); /* 6 actual months, 6 before the data */
    assert_int_equal(s->last_fy_actual, 12);
    /* no ETS fit (no window): 12 monthly sds of 20/1.96 summed, times z */
    double sd = 12 * 20 / 1.959963984540054;
    assert_rel_close(s->spread80, 0.8416212335729143 * sd, 1e-9);
    assert_rel_close(s->spread95, 1.6448536269514722 * sd, 1e-9);
    mdl_budget_set_release(&set);
}

/* ---------------------------------------------------------------- shared, lines */

/* Three departments and the shared bucket with FY means set by hand. */
static void shared_set(struct mdl_budget_set *set)
{
    static const char *const names[] = {BUDGET_UNALLOCATED, "a", "b", "c"};
    const double means[] = {30, 100, 200, 100};
    make_set(set, names, means, 4, 12);
    for (size_t d = 0; d < set->ns; d++)
        for (int k = 0; k < 12; k++)
            set->v[d].fy_mean[k] = set->v[d].fc.mean[k];
    set->v[0].spread80 = 12;
    set->v[0].spread95 = 24;
    set->v[0].last_fy_mean = 120;
}

static void test_shared(void **state)
{
    (void)state;
    struct err e;
    struct mdl_budget_set set;
    shared_set(&set);
    struct mdl_budget_split sp;
    assert_int_equal(mdl_budget_shared(&set, BUDGET_SHARED_PROPORTIONAL, NULL, 0, &sp, &e), ST_OK);
    assert_int_equal(sp.un, 0);
    assert_rel_close(sp.w[1], 0.25, 1e-12);
    assert_rel_close(sp.w[2], 0.5, 1e-12);
    assert_rel_close(sp.mon[2][0], 215, 1e-12);
    assert_rel_close(sp.shared_annual[0], 360, 1e-12);
    assert_rel_close(sp.shared_annual[2], 24, 1e-12);
    mdl_budget_split_release(&sp);

    assert_int_equal(mdl_budget_shared(&set, BUDGET_SHARED_EVEN, NULL, 0, &sp, &e), ST_OK);
    assert_rel_close(sp.w[3], 1.0 / 3, 1e-12);
    assert_rel_close(sp.w[0], 0, 1e-12);
    mdl_budget_split_release(&sp);

    const struct mdl_budget_share sh[] = {{"a", 3}, {"c", 1}};
    assert_int_equal(mdl_budget_shared(&set, BUDGET_SHARED_FIXED, sh, 2, &sp, &e), ST_OK);
    assert_rel_close(sp.w[1], 0.75, 1e-12);
    assert_rel_close(sp.w[2], 0, 1e-12);
    mdl_budget_split_release(&sp);
    const struct mdl_budget_share bad[] = {{BUDGET_UNALLOCATED, 1}};
    assert_int_equal(mdl_budget_shared(&set, BUDGET_SHARED_FIXED, bad, 1, &sp, &e), ST_PARSE);
    assert_string_equal(e.msg, "shares: unknown department '(unallocated)'");
    mdl_budget_split_release(&sp);
    mdl_budget_set_release(&set);

    /* no shared bucket: nothing to split */
    static const char *const names[] = {"a", "b"};
    const double means[] = {1, 2};
    make_set(&set, names, means, 2, 12);
    assert_int_equal(mdl_budget_shared(&set, BUDGET_SHARED_PROPORTIONAL, NULL, 0, &sp, &e), ST_OK);
    assert_int_equal(sp.un, 2);
    mdl_budget_split_release(&sp);
    mdl_budget_set_release(&set);
}

static void test_lines(void **state)
{
    (void)state;
    struct err e;
    struct mdl_budget_set set;
    shared_set(&set);
    /* thirds that do not round evenly */
    for (int k = 0; k < 12; k++) {
        set.v[1].fy_mean[k] = 100.0 / 3;
        set.v[3].fy_mean[k] = 200.0 / 3;
    }
    struct mdl_budget_calendar cal = {.from = mi(2025, 4), .fy_first = mi(2025, 4), .h = 12};
    struct mdl_budget_split sp;
    assert_int_equal(mdl_budget_shared(&set, BUDGET_SHARED_EVEN, NULL, 0, &sp, &e), ST_OK);
    struct budget_line *lines, total;
    size_t n;
    assert_int_equal(mdl_budget_lines(&set, &sp, &cal, BUDGET_P95, &lines, &n, &total, &e), ST_OK);
    assert_int_equal(n, 3); /* the shared bucket is not a line */
    assert_string_equal(lines[0].department, "a");
    assert_string_equal(total.department, "total");
    int64_t sum_budget = 0, sum_shared = 0;
    for (int k = 0; k < 12; k++) {
        int64_t m = 0;
        for (size_t l = 0; l < n; l++)
            m += lines[l].monthly_p50[k];
        assert_int_equal(m, total.monthly_p50[k]); /* the departments of a month add up */
        assert_int_equal(m, 330);                  /* 33.3 + 210 + 66.7 + 30 whole */
    }
    for (size_t l = 0; l < n; l++) {
        int64_t m = 0;
        for (int k = 0; k < 12; k++)
            m += lines[l].monthly[k];
        assert_int_equal(m, lines[l].budget); /* the months of a line add up */
        assert_int_equal(lines[l].budget, lines[l].annual[BUDGET_P95]);
        assert_true(lines[l].annual[1] > lines[l].annual[0]); /* its share of the spread */
        assert_true(lines[l].lo95[0] < lines[l].monthly_p50[0]);
        sum_budget += lines[l].budget;
        sum_shared += lines[l].shared_yen;
    }
    assert_int_equal(total.budget, sum_budget);
    assert_int_equal(total.shared_yen, sum_shared);
    assert_int_equal(sum_shared, 360);
    assert_int_equal(total.last_fy, 120); /* only the shared FY-1 here, split */
    assert_rel_close(total.change_pct, 100.0 * (double)(total.budget - 120) / 120, 1e-12);
    mdl_budget_lines_release(lines, n, &total);
    mdl_budget_split_release(&sp);
    mdl_budget_set_release(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar),  cmocka_unit_test(test_series),
        cmocka_unit_test(test_reconcile), cmocka_unit_test(test_adjust),
        cmocka_unit_test(test_annual),    cmocka_unit_test(test_shared),
        cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
