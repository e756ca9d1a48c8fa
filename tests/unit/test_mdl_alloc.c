/*
 * test_mdl_alloc.c - whole-yen allocation adds up exactly (property test
 * over random inputs), quotas are respected, reconciliation is coherent,
 * and the accuracy metrics compute what they say.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_alloc.h"
#include "mdl_metrics.h"

/* a small deterministic generator so the property test is reproducible */
static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static double rnd01(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

static void test_largest_remainder_property(void **state)
{
    (void)state;
    double w[40];
    int64_t out[40];
    for (int trial = 0; trial < 20000; trial++) {
        size_t k = 1 + rnd() % 40;
        int64_t total = (int64_t)(rnd() % 2000000000000ULL) - (trial % 7 == 0 ? 1000000000 : 0);
        double wsum = 0;
        for (size_t i = 0; i < k; i++) {
            int kind = (int)(rnd() % 10);
            w[i] = kind == 0 ? 0 : kind == 1 ? 1e-9 * rnd01() : rnd01() * 1e7;
            wsum += w[i];
        }
        if (trial % 13 == 0)
            memset(w, 0, sizeof w), wsum = 0;
        mdl_alloc_largest_remainder(total, w, k, out);
        int64_t sum = 0;
        for (size_t i = 0; i < k; i++) {
            sum += out[i];
            double quota = wsum > 0 ? (double)total * w[i] / wsum : (double)total / (double)k;
            /* each part is its quota rounded down or up (1 unit slack for doubles) */
            assert_true(fabs((double)out[i] - quota) <= 1.0 + 1e-6 * fabs(quota));
        }
        assert_true(sum == total);
    }
}

static void test_largest_remainder_ties_and_examples(void **state)
{
    (void)state;
    double w[3] = {1, 1, 1};
    int64_t out[3];
    mdl_alloc_largest_remainder(100, w, 3, out);
    assert_true(out[0] == 34 && out[1] == 33 && out[2] == 33);
    double v[3] = {10.2, 20.7, 30.1}; /* sum 61: floors 60, the .7 gets the last unit */
    mdl_alloc_round(v, 3, out);
    assert_true(out[0] + out[1] + out[2] == 61);
    assert_true(out[0] == 10 && out[1] == 21 && out[2] == 30);
    double one[1] = {5};
    mdl_alloc_largest_remainder(-7, one, 1, out);
    assert_true(out[0] == -7);
}

static void test_reconcile_adds_up(void **state)
{
    (void)state;
    for (int trial = 0; trial < 1000; trial++) {
        double parts[8], var[8], total = rnd01() * 1e6;
        size_t k = 1 + rnd() % 8;
        double before = 0;
        for (size_t i = 0; i < k; i++) {
            parts[i] = rnd01() * 2e5;
            var[i] = rnd01() * 1e8;
            before += parts[i];
        }
        double d = total - before, vt = rnd01() * 1e8 + 1;
        double p0 = parts[0];
        mdl_reconcile_wls(&total, vt, parts, var, k);
        double sum = 0;
        for (size_t i = 0; i < k; i++)
            sum += parts[i];
        assert_rel_close(total, sum, 1e-12);
        /* a part moves towards the total in proportion to its variance */
        double vs = vt;
        for (size_t i = 0; i < k; i++)
            vs += var[i] > 0 ? var[i] : 1e-12;
        assert_rel_close(parts[0] - p0 + 1e6, d * var[0] / vs + 1e6, 1e-9);
    }
}

static void test_metrics(void **state)
{
    (void)state;
    double train[24];
    for (int t = 0; t < 24; t++)
        train[t] = 100 + (t % 12); /* seasonal differences are 0 ... */
    train[23] = 113;               /* ... except one of 2: scale = 2/12 */
    double actual[2] = {110, 90};
    struct forecast f;
    struct err e = {0};
    assert_int_equal(mdl_forecast_init(&f, 2, &e), ST_OK);
    f.mean[0] = 100;
    f.mean[1] = 90;
    f.lo80[0] = 95, f.hi80[0] = 105, f.lo95[0] = 90, f.hi95[0] = 115;
    f.lo80[1] = 85, f.hi80[1] = 95, f.lo95[1] = 80, f.hi95[1] = 100;
    struct mdl_score s = {0};
    mdl_score_add(&s, train, 24, 12, actual, 2, &f);
    assert_rel_close(mdl_score_smape(&s), (200.0 * 10 / 210 + 0) / 2, 1e-12);
    assert_rel_close(mdl_score_mase(&s), (10.0 / 2) / (2.0 / 12), 1e-12);
    assert_rel_close(mdl_score_cov80(&s), 0.5, 1e-12);
    assert_rel_close(mdl_score_cov95(&s), 1.0, 1e-12);
    mdl_forecast_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_largest_remainder_property),
        cmocka_unit_test(test_largest_remainder_ties_and_examples),
        cmocka_unit_test(test_reconcile_adds_up),
        cmocka_unit_test(test_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
