/*
 * test_mdl_track.c - the maths of execution tracking (models/mdl_track.c):
 * the plan spread adds up to the appropriation to the yen and follows the
 * shape (property test over random shapes), the exceed probability at the
 * quantiles it is built from, its monotonicity and the no-spread case, and
 * the flags.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>

#include "mdl_track.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void test_plan_adds_up(void **state)
{
    (void)state;
    for (int it = 0; it < 2000; it++) {
        int64_t shape[12], plan[12], amount = (int64_t)(rnd() % 5000000000ULL), sum = 0;
        int64_t tot = 0;
        for (int k = 0; k < 12; k++)
            tot += shape[k] = it % 7 == 0 ? 0 : (int64_t)(rnd() % 3000000);
        mdl_track_plan(amount, shape, plan);
        for (int k = 0; k < 12; k++) {
            assert_true(plan[k] >= 0);
            sum += plan[k];
            double want =
                tot > 0 ? (double)amount * (double)shape[k] / (double)tot : (double)amount / 12;
            assert_true(fabs((double)plan[k] - want) < 1.0 + 1e-9 * (double)amount);
        }
        assert_int_equal(sum, amount);
    }
}

static void test_plan_example(void **state)
{
    (void)state;
    int64_t shape[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, plan[12];
    mdl_track_plan(1000, shape, plan);
    int64_t s = 0;
    for (int k = 0; k < 12; k++) {
        assert_true(plan[k] == 83 || plan[k] == 84);
        s += plan[k];
    }
    assert_int_equal(s, 1000);
    shape[2] = 2; /* a month twice the others: twice the plan */
    mdl_track_plan(1300, shape, plan);
    assert_int_equal(plan[2], 200);
    assert_int_equal(plan[0], 100);
}

static void test_exceed_prob(void **state)
{
    (void)state;
    /* at the quantiles it is built from */
    assert_true(fabs(mdl_track_exceed_prob(1000, 1000, 1100, 1200) - 0.5) < 1e-9);
    assert_true(fabs(mdl_track_exceed_prob(1100, 1000, 1100, 1200) - 0.2) < 1e-6);
    assert_true(fabs(mdl_track_exceed_prob(1200, 1000, 1100, 1200) - 0.05) < 1e-6);
    /* mirrored below P50: the appropriation at the P20 point */
    assert_true(fabs(mdl_track_exceed_prob(900, 1000, 1100, 1200) - 0.8) < 1e-6);
    /* monotone: a bigger appropriation is less likely exceeded */
    double last = 1.0;
    for (int64_t a = 500; a <= 1600; a += 7) {
        double p = mdl_track_exceed_prob(a, 1000, 1100, 1250);
        assert_true(p <= last + 1e-15 && p >= 0 && p <= 1);
        last = p;
    }
    /* the year is all actual: certain */
    assert_true(mdl_track_exceed_prob(999, 1000, 1000, 1000) == 1.0);
    assert_true(mdl_track_exceed_prob(1000, 1000, 1000, 1000) == 0.0);
    /* only the P95 spread: still a distribution */
    double p = mdl_track_exceed_prob(1100, 1000, 1000, 1200);
    assert_true(p > 0.05 && p < 0.5);
}

static void test_flags(void **state)
{
    (void)state;
    assert_int_equal(mdl_track_flag_of(1000, 1001, 1100), MDL_TRACK_OVERRUN);
    assert_int_equal(mdl_track_flag_of(1000, 1000, 1100), MDL_TRACK_WATCH);
    assert_int_equal(mdl_track_flag_of(1000, 900, 1000), MDL_TRACK_ON_PLAN);
    assert_string_equal(mdl_track_flag_name(MDL_TRACK_OVERRUN), "overrun");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_adds_up),
        cmocka_unit_test(test_plan_example),
        cmocka_unit_test(test_exceed_prob),
        cmocka_unit_test(test_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
