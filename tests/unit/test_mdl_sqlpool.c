/*
 * test_mdl_sqlpool.c - the SQL Database elastic pool rule (mdl_sqlpool.h) on
 * hand-made hourly loads: peaks that do not coincide (a pool saves) against
 * peaks at the same hours (it does not), 2 against 3 databases, a database
 * without metrics, the headroom boundary and a DTU server.
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "mdl_sqlpool.h"

#define HOURS 336 /* two weeks */

static double load[4][HOURS], scratch[HOURS];

/* Database i: base % all day, peak % during its 6-hour slot (slot = i, or 0
 * for all when together). */
static void shape(int i, double base, double peak, int together)
{
    int slot = together ? 0 : i;
    for (size_t h = 0; h < HOURS; h++)
        load[i][h] = (int)(h % 24) / 6 == slot ? peak : base;
}

static struct sqlpool_thresholds thr(void)
{
    struct sqlpool_thresholds t;
    mdl_sqlpool_defaults(&t);
    return t;
}

static void dbs_of(struct sqlpool_db *d, size_t n, double units, double cost)
{
    for (size_t i = 0; i < n; i++)
        d[i] = (struct sqlpool_db){units, cost, load[i]};
}

static void test_non_coinciding_vs_coinciding(void **state)
{
    (void)state;
    struct sqlpool_thresholds t = thr();
    struct sqlpool_db d[4];
    struct sqlpool_result r;
    for (int i = 0; i < 4; i++)
        shape(i, 10, 60, 0);
    dbs_of(d, 4, 2, 1000);
    mdl_sqlpool(d, 4, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    /* peak of the sum: one database at 60 % of 2 + three at 10 % of 2 = 1.8 vCores;
     * 1.8 / 0.7 = 2.57 -> a 4-vCore pool for 8 vCores billed */
    assert_true(r.proposed);
    assert_int_equal(r.measured, 4);
    assert_float_equal(r.sum_peak, 1.8, 1e-9);
    assert_float_equal(r.peaks_total, 4.8, 1e-9);
    assert_int_equal(r.pool_units, 4);
    assert_float_equal(r.pool_cost, 2000, 1e-6);
    assert_float_equal(r.monthly_savings, 2000, 1e-6);
    assert_string_equal(r.target, "elastic pool 4 vCores");
    /* the same databases peaking at the same hours: 4.8 / 0.7 -> 8 vCores, no saving */
    for (int i = 0; i < 4; i++)
        shape(i, 10, 60, 1);
    mdl_sqlpool(d, 4, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_false(r.proposed);
    assert_float_equal(r.sum_peak, 4.8, 1e-9);
    assert_int_equal(r.pool_units, 8);
    assert_float_equal(r.monthly_savings, 0, 0);
    assert_non_null(strstr(r.reason, "does not cost less"));
}

static void test_two_vs_three_databases(void **state)
{
    (void)state;
    struct sqlpool_thresholds t = thr();
    struct sqlpool_db d[4];
    struct sqlpool_result r;
    for (int i = 0; i < 4; i++)
        shape(i, 10, 60, 0);
    dbs_of(d, 3, 2, 1000);
    mdl_sqlpool(d, 2, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_false(r.proposed);
    assert_non_null(strstr(r.reason, "a pool needs 3"));
    /* three: 1.2 + 0.2 + 0.2 = 1.6 -> 4 vCores for 6: a third saved */
    mdl_sqlpool(d, 3, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_true(r.proposed);
    assert_int_equal(r.pool_units, 4);
    assert_float_equal(r.monthly_savings, 1000, 1e-6);
    /* the minimum is an option */
    t.min_dbs = 2;
    mdl_sqlpool(d, 2, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_int_equal(r.measured, 2);
    assert_true(r.proposed); /* 1.4 / 0.7 = 2 -> a 2-vCore pool for 4 vCores */
    assert_int_equal(r.pool_units, 2);
    assert_float_equal(r.monthly_savings, 1000, 1e-6);
}

static void test_database_without_metrics(void **state)
{
    (void)state;
    struct sqlpool_thresholds t = thr();
    struct sqlpool_db d[4];
    struct sqlpool_result r;
    for (int i = 0; i < 4; i++)
        shape(i, 10, 60, 0);
    dbs_of(d, 4, 2, 1000);
    d[3].load = NULL; /* no metrics: not analysed, not in the pool nor in its saving */
    mdl_sqlpool(d, 4, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_true(r.proposed);
    assert_int_equal(r.measured, 3);
    assert_int_equal(r.unmeasured, 1);
    assert_float_equal(r.cost_now, 3000, 1e-6);
    assert_float_equal(r.monthly_savings, 1000, 1e-6);
    /* two measured of three billed: no pool; all-NAN counts as no metrics */
    for (size_t h = 0; h < HOURS; h++)
        load[2][h] = NAN;
    mdl_sqlpool(d, 4, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_false(r.proposed);
    assert_int_equal(r.measured, 2);
    assert_int_equal(r.unmeasured, 2);
    /* an hour missing for one database is left out of the sum */
    shape(2, 10, 60, 0);
    load[0][6] = NAN;
    d[3].load = load[3];
    mdl_sqlpool(d, 4, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_int_equal(r.covered, HOURS - 1);
}

static void test_headroom_boundary(void **state)
{
    (void)state;
    struct sqlpool_thresholds t = thr();
    struct sqlpool_db d[3];
    struct sqlpool_result r;
    /* three 2-vCore databases, flat: summed load 2.8 vCores = 70 % of 4 */
    for (int i = 0; i < 3; i++)
        for (size_t h = 0; h < HOURS; h++)
            load[i][h] = 2.8 / 6 * 100;
    dbs_of(d, 3, 2, 600);
    mdl_sqlpool(d, 3, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_true(r.proposed);
    assert_int_equal(r.pool_units, 4);
    assert_float_equal(r.monthly_savings, 600, 1e-6); /* 1800 x (1 - 4/6) */
    /* just above: 6 vCores, the same as now */
    for (int i = 0; i < 3; i++)
        for (size_t h = 0; h < HOURS; h++)
            load[i][h] = 2.82 / 6 * 100;
    mdl_sqlpool(d, 3, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_false(r.proposed);
    assert_int_equal(r.pool_units, 6);
    /* a pool price above the single price (ratio option) removes the saving */
    for (int i = 0; i < 3; i++)
        for (size_t h = 0; h < HOURS; h++)
            load[i][h] = 2.8 / 6 * 100;
    t.vcore_ratio = 1.5;
    mdl_sqlpool(d, 3, SQLPOOL_VCORE, HOURS, &t, scratch, &r);
    assert_false(r.proposed);
}

static void test_dtu_pool(void **state)
{
    (void)state;
    struct sqlpool_thresholds t = thr();
    struct sqlpool_db d[4];
    struct sqlpool_result r;
    for (int i = 0; i < 4; i++)
        shape(i, 10, 60, 0);
    dbs_of(d, 4, 50, 10000); /* four S2 */
    mdl_sqlpool(d, 4, SQLPOOL_DTU, HOURS, &t, scratch, &r);
    /* 30 + 3 x 5 = 45 DTUs -> 64.3 -> a 100 eDTU pool at 1.5 x: 150 of 200 units */
    assert_true(r.proposed);
    assert_int_equal(r.pool_units, 100);
    assert_float_equal(r.pool_cost, 30000, 1e-6);
    assert_float_equal(r.monthly_savings, 10000, 1e-6);
    assert_string_equal(r.target, "elastic pool 100 eDTUs");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_non_coinciding_vs_coinciding),
        cmocka_unit_test(test_two_vs_three_databases),
        cmocka_unit_test(test_database_without_metrics),
        cmocka_unit_test(test_headroom_boundary),
        cmocka_unit_test(test_dtu_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
