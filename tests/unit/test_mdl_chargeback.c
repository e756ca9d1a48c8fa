/*
 * test_mdl_chargeback.c - charge-back (按分) in whole units: property test
 * over random months and splits (the parts add up to the invoice exactly,
 * nothing goes negative when nothing is negative, each shared share is
 * within one unit of its exact proportion, each direct part within one unit
 * of its exact amount) and worked examples.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_chargeback.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A random weight of one of the split keys: direct-like, even, fixed
 * shares with zeros, usage hours. */
static double rnd_weight(int key, int64_t direct)
{
    switch (key) {
    case 0:
        return (double)direct;
    case 1:
        return 1;
    case 2:
        return rnd() % 4 == 0 ? 0 : (double)(rnd() % 1000);
    default:
        return (double)(rnd() % 100000) / 7.0;
    }
}

/* Checks of one random month. */
static void check_month(const struct mdl_cb_month *m, const struct mdl_cb_part *p, int64_t su)
{
    int64_t sum = 0, shsum = 0;
    double wsum = 0;
    for (size_t i = 0; i < m->n; i++) {
        sum += p[i].total;
        shsum += p[i].shared;
        assert_true(p[i].total == p[i].direct + p[i].shared);
        assert_true(p[i].direct >= 0 && p[i].shared >= 0);
        wsum += m->weights[i] > 0 ? m->weights[i] : 0;
        /* the direct part within one unit of its exact amount (the invoice
         * is the rounded sum, so the rounding difference is below 1) */
        assert_true(fabs((double)p[i].direct - (double)m->direct[i] / (double)m->scale) < 1.0);
    }
    assert_true(sum == m->invoice);
    assert_true(shsum == su);
    assert_true(fabs((double)su - (double)m->shared / (double)m->scale) < 1.0);
    for (size_t i = 0; i < m->n; i++) {
        double w = m->weights[i] > 0 ? m->weights[i] : 0;
        double exact = wsum > 0 ? (double)su * w / wsum : (double)su / (double)m->n;
        assert_true(fabs((double)p[i].shared - exact) <= 1.0 + 1e-9 * exact);
    }
}

static void test_property_random_splits(void **state)
{
    (void)state;
    int64_t direct[80];
    double w[80];
    struct mdl_cb_part p[80];
    for (int trial = 0; trial < 20000; trial++) {
        size_t n = 1 + rnd() % 80;
        int key = trial % 4;
        int64_t scale = trial % 5 == 0 ? 10000 : 1000000; /* cents or yen, micro-units */
        int64_t exact = 0, shared = (int64_t)(rnd() % 50000000000000ULL);
        for (size_t i = 0; i < n; i++) {
            direct[i] = rnd() % 9 == 0 ? 0 : (int64_t)(rnd() % 40000000000000ULL);
            exact += direct[i];
        }
        for (size_t i = 0; i < n; i++)
            w[i] = rnd_weight(key, direct[i]);
        exact += shared;
        /* the invoice rounded half up from the exact sum */
        int64_t invoice = (exact + scale / 2) / scale;
        struct mdl_cb_month m = {n, direct, shared, scale, invoice, w};
        int64_t su = -1;
        mdl_chargeback_split(&m, p, &su);
        check_month(&m, p, su);
    }
}

static void test_worked_example(void **state)
{
    (void)state;
    /* 3 departments: 100.4, 200.4, 300.4 yen direct, 99.9 shared; invoice
     * floor(701.1) = 701. Direct floors 100+200+300, shared floor 99 = 699:
     * two more units to the largest remainders (shared .9, then dept 0). */
    int64_t direct[3] = {100400000, 200400000, 300400000};
    double w[3] = {1, 1, 1};
    struct mdl_cb_month m = {3, direct, 99900000, 1000000, 701, w};
    struct mdl_cb_part p[3];
    int64_t su;
    mdl_chargeback_split(&m, p, &su);
    assert_int_equal(su, 100);
    assert_int_equal(p[0].direct, 101);
    assert_int_equal(p[1].direct, 200);
    assert_int_equal(p[2].direct, 300);
    assert_int_equal(p[0].shared, 34); /* 100 / 3: the extra unit to the first */
    assert_int_equal(p[1].shared, 33);
    assert_int_equal(p[2].shared, 33);
    assert_int_equal(p[0].total + p[1].total + p[2].total, 701);
}

static void test_credits_and_zero_weights(void **state)
{
    (void)state;
    /* a department with a credit (negative direct) keeps it; weights all
     * zero split evenly; the sum is still the invoice */
    int64_t direct[2] = {-5500000, 1000000000};
    double w[2] = {0, 0};
    struct mdl_cb_month m = {2, direct, 10000000, 1000000, 1005, w};
    struct mdl_cb_part p[2];
    int64_t su;
    mdl_chargeback_split(&m, p, &su);
    assert_int_equal(p[0].total + p[1].total, 1005);
    assert_true(p[0].direct == -5 || p[0].direct == -6);
    assert_int_equal(p[0].shared + p[1].shared, su);
    assert_int_equal(p[0].shared, 5);
    assert_int_equal(p[1].shared, 5);
}

static void test_round_signed(void **state)
{
    (void)state;
    int64_t a[4] = {-1500000, 2500000, 700000, 0}, o[4];
    /* exact sum 1.7, target 2: floors -2 + 2 + 0 + 0 = 0, two more units
     * to the remainders .7 and .5 (ties to the lower index) */
    mdl_chargeback_round(a, 4, 1000000, 2, o);
    assert_int_equal(o[0], -1);
    assert_int_equal(o[1], 2);
    assert_int_equal(o[2], 1);
    assert_int_equal(o[3], 0);
    /* a target below the floors takes from the smallest remainders */
    mdl_chargeback_round(a, 4, 1000000, -1, o);
    assert_int_equal(o[0] + o[1] + o[2] + o[3], -1);
    assert_int_equal(o[3], -1);
}

static void test_no_departments(void **state)
{
    (void)state;
    struct mdl_cb_month m = {0, NULL, 5000000, 1000000, 5, NULL};
    int64_t su = 0;
    mdl_chargeback_split(&m, NULL, &su);
    assert_int_equal(su, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_property_random_splits),   cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_credits_and_zero_weights), cmocka_unit_test(test_round_signed),
        cmocka_unit_test(test_no_departments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
