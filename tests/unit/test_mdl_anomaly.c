/*
 * test_mdl_anomaly.c - the daily anomaly model: a weekly pattern with
 * closed days (weekends at 55 %, holidays like Sundays) and noise is never
 * flagged; a planted one-day spike is; a step (a go-live) is flagged at most
 * ANOM_SHIFT_RUN days and then absorbed; a drop is never flagged.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_anomaly.h"

#define N 365

static unsigned char cls[N];
static double x[N];
static struct mdl_anom_day out[N];

/* A year starting on a Monday; day 100 and 200 are holidays. */
static void make_series(void)
{
    uint64_t s = 12345;
    for (int t = 0; t < N; t++) {
        cls[t] = (unsigned char)(t % 7);
        if (t == 100 || t == 200)
            cls[t] = MDL_ANOM_CLOSED;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(s >> 11) / 9007199254740992.0 - 0.5;
        double base = cls[t] >= 5 ? 55000 : 100000;
        x[t] = base * (1 + 0.02 * u);
    }
}

static int flagged(int from, int to)
{
    int n = 0;
    for (int t = from; t <= to; t++)
        n += out[t].flagged;
    return n;
}

static void test_clean_not_flagged(void **state)
{
    (void)state;
    make_series();
    struct mdl_anom_params p;
    mdl_anom_params_default(&p);
    struct err e;
    assert_int_equal(mdl_anom_detect(x, cls, N, &p, out, &e), ST_OK);
    assert_int_equal(flagged(0, N - 1), 0);
    assert_true(out[100].judged);
    assert_true(fabs(out[100].expected - 55000) < 3000); /* a holiday expects a closed day */
    assert_true(fabs(out[101].expected - 100000) < 5000);
}

static void test_spike_found(void **state)
{
    (void)state;
    make_series();
    x[150] += 40000;
    struct mdl_anom_params p;
    mdl_anom_params_default(&p);
    struct err e;
    assert_int_equal(mdl_anom_detect(x, cls, N, &p, out, &e), ST_OK);
    assert_true(out[150].flagged);
    assert_int_equal(flagged(0, N - 1), 1);
    assert_true(x[150] > out[150].hi && out[150].lo < out[150].expected);
}

static void test_step_absorbed_drop_silent(void **state)
{
    (void)state;
    make_series();
    for (int t = 180; t < N; t++)
        x[t] *= 1.5; /* a system goes live */
    for (int t = 300; t < N; t++)
        x[t] *= 0.5; /* and is switched off with another */
    struct mdl_anom_params p;
    mdl_anom_params_default(&p);
    struct err e;
    assert_int_equal(mdl_anom_detect(x, cls, N, &p, out, &e), ST_OK);
    assert_true(out[180].flagged);
    assert_true(out[180].shift);
    assert_true(flagged(180, 299) <= 3);
    assert_int_equal(flagged(300, N - 1), 0);
}

static void test_bad_class(void **state)
{
    (void)state;
    make_series();
    cls[5] = 9;
    struct mdl_anom_params p;
    mdl_anom_params_default(&p);
    struct err e;
    assert_int_equal(mdl_anom_detect(x, cls, N, &p, out, &e), ST_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_not_flagged),
        cmocka_unit_test(test_spike_found),
        cmocka_unit_test(test_step_absorbed_drop_silent),
        cmocka_unit_test(test_bad_class),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
