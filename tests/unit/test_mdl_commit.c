/*
 * test_mdl_commit.c - commitment comparison and break-even, checked by hand.
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "mdl_commit.h"

static void test_group_by_hand(void **state)
{
    (void)state;
    /* PAYG 100/h; 1-year reservation retailPrice 543,120 = 62/h; 3-year 1,051,200 = 40/h;
     * 1-year savings plan 70/h; no 3-year savings plan price */
    struct mdl_commit_prices pr = {100.0, 543120.0 / 8760.0, 1051200.0 / 26280.0, 70.0, NAN};
    struct mdl_commit_vm vms[] = {
        {8760, 8760, 0, 0}, /* always on: 876,000 PAYG vs 350,400 on a 3-year RI */
        {8760, 2651, 1, 0}, /* office hours: schedule 265,100 beats the RI */
        {2000, 2000, 0, 0}, /* already stopped by hand: PAYG 200,000 */
        {8760, 8760, 0, 1}, /* already reserved: left alone */
    };
    struct mdl_commit_result r;
    struct err e;
    assert_int_equal(mdl_commit_group(vms, 4, &pr, &r, &e), ST_OK);
    assert_int_equal(r.nvm, 4);
    assert_int_equal(r.nreserved, 1);
    assert_rel_close(r.cost_year[MDL_OPT_PAYG], 1952000.0, 1e-12);
    assert_rel_close(r.cost_year[MDL_OPT_SCHED], 876000.0 + 265100.0 + 200000.0, 1e-12);
    assert_rel_close(r.cost_year[MDL_OPT_RI1Y], 3 * 543120.0, 1e-12);
    assert_rel_close(r.cost_year[MDL_OPT_RI3Y], 3 * 350400.0, 1e-12);
    assert_rel_close(r.cost_year[MDL_OPT_SP1Y], 3 * 613200.0, 1e-12);
    assert_true(isnan(r.cost_year[MDL_OPT_SP3Y]));
    /* break-even: reservation per month / PAYG hourly = 62 x 730 / 100 = 452.6 h */
    assert_rel_close(r.breakeven_month[MDL_OPT_RI1Y], 452.6, 1e-12);
    assert_rel_close(r.breakeven_month[MDL_OPT_RI3Y], 292.0, 1e-12);
    assert_rel_close(r.breakeven_month[MDL_OPT_SP1Y], 511.0, 1e-12);
    assert_true(isnan(r.breakeven_month[MDL_OPT_PAYG]));
    assert_int_equal(r.chosen[MDL_OPT_RI3Y], 1);
    assert_int_equal(r.chosen[MDL_OPT_SCHED], 1);
    assert_int_equal(r.chosen[MDL_OPT_PAYG], 1);
    assert_rel_close(r.best_cost_year, 350400.0 + 265100.0 + 200000.0, 1e-12);
    assert_rel_close(r.savings_year, 1952000.0 - 815500.0, 1e-12);
    assert_string_equal(r.recommendation,
                        "pay-as-you-go: 1; schedule: 1; reserve 3y: 1; already committed: 1");
}

static void test_tie_prefers_less_commitment(void **state)
{
    (void)state;
    /* runs exactly the 1-year break-even: PAYG and the RI cost the same */
    struct mdl_commit_prices pr = {100.0, 50.0, NAN, NAN, NAN};
    struct mdl_commit_vm v = {4380, 4380, 0, 0};
    struct mdl_commit_result r;
    struct err e;
    assert_int_equal(mdl_commit_group(&v, 1, &pr, &r, &e), ST_OK);
    assert_int_equal(r.chosen[MDL_OPT_PAYG], 1);
    assert_rel_close(r.breakeven_month[MDL_OPT_RI1Y], 365.0, 1e-12);
    v.hours_year_asis = v.hours_year_sched = 4381;
    assert_int_equal(mdl_commit_group(&v, 1, &pr, &r, &e), ST_OK);
    assert_int_equal(r.chosen[MDL_OPT_RI1Y], 1);
    /* no PAYG price: numeric error, reservations still compared */
    struct mdl_commit_prices nopayg = {NAN, 50.0, NAN, NAN, NAN};
    assert_int_equal(mdl_commit_group(&v, 1, &nopayg, &r, &e), ST_NUMERIC);
    assert_true(isnan(r.savings_year));
}

/* SQL Database reserved capacity: only vCores billed every hour of a
 * 90-day window count, at the day with the fewest vCore-hours. */
static void test_steady_vcores(void **state)
{
    (void)state;
    assert_int_equal(mdl_commit_steady_vcores(90, 90, 4 * 24), 4);
    assert_int_equal(mdl_commit_steady_vcores(89, 90, 4 * 24), 0);     /* a day missing */
    assert_int_equal(mdl_commit_steady_vcores(60, 60, 4 * 24), 0);     /* window too short */
    assert_int_equal(mdl_commit_steady_vcores(90, 90, 4 * 24 - 1), 3); /* 3.96 vCores all day */
    assert_int_equal(mdl_commit_steady_vcores(90, 90, 0), 0);
    /* a steady vCore is a unit running all year: break-even at the commitment's share */
    struct mdl_commit_vm u[2] = {{MDL_HOURS_YEAR, MDL_HOURS_YEAR, 0, 0},
                                 {MDL_HOURS_YEAR, MDL_HOURS_YEAR, 0, 0}};
    struct mdl_commit_prices pr = {100, 80, 67, NAN, NAN};
    struct mdl_commit_result r;
    struct err e;
    assert_int_equal(mdl_commit_group(u, 2, &pr, &r, &e), ST_OK);
    assert_int_equal(r.chosen[MDL_OPT_RI3Y], 2);
    assert_float_equal(r.savings_year, 2 * MDL_HOURS_YEAR * 33, 1e-6);
    assert_float_equal(r.breakeven_month[MDL_OPT_RI1Y], 584, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_by_hand),
        cmocka_unit_test(test_tie_prefers_less_commitment),
        cmocka_unit_test(test_steady_vcores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
