/*
 * test_mdl_shift_seasons.c - regression (issue 14): `forecast --input` on an
 * hourly series with a strong weekly cycle chose "+shift" models although
 * the series has no level shift: the level-shift test (models/mdl_shift.c)
 * runs on the airline model with s = 24, whose residuals keep the weekend,
 * and a weekend looked like a step that persisted over the next day. On
 * simulated hourly data (daily and weekly cycles, weekends at 40 %, 3 %
 * noise, six weeks) no seed may report a shift, with --season 24,168 or 24
 * alone; the same data with a real 50 % step three weeks in still must.
 */
#include "test_util.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"

#define N    (24 * 7 * 6)
#define H    48
#define STEP (24 * 7 * 3 + 10) /* a Wednesday morning of the fourth week */

static void simulate(double *y, double step, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (size_t t = 0; t < N; t++) {
        double hour = (double)(t % 24), day = (double)((t / 24) % 7);
        double daily = 1.0 + 0.5 * sin(2 * M_PI * (hour - 6) / 24);
        double weekly = day >= 5 ? 0.4 : 1.0;
        double lv = t >= STEP ? 1.0 + step : 1.0;
        y[t] = 1000.0 * lv * daily * weekly * exp(gsl_ran_gaussian(r, 0.03));
    }
    gsl_rng_free(r);
}

static int has_shift(const double *y, const int *m, size_t nm)
{
    struct mdl_seasons s = {{0}, nm};
    memcpy(s.m, m, nm * sizeof *m);
    struct forecast f;
    struct err e = {0};
    assert_int_equal(mdl_forecast_series_seasons(y, N, &s, H, MDL_AUTO, &f, &e), ST_OK);
    int shift = strstr(f.model, "+shift") != NULL;
    mdl_forecast_release(&f);
    return shift;
}

static void test_no_shift_no_fire(void **state)
{
    (void)state;
    static double y[N];
    const int both[] = {24, 168}, day[] = {24};
    int fired = 0;
    for (unsigned long seed = 1; seed <= 10; seed++) {
        simulate(y, 0, seed);
        fired += has_shift(y, both, 2);
        fired += has_shift(y, day, 1);
    }
    assert_int_equal(fired, 0);
}

static void test_real_step_found(void **state)
{
    (void)state;
    static double y[N];
    const int both[] = {24, 168};
    int found = 0;
    for (unsigned long seed = 1; seed <= 5; seed++) {
        simulate(y, 0.5, seed);
        found += has_shift(y, both, 2);
    }
    assert_int_equal(found, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_shift_no_fire),
        cmocka_unit_test(test_real_step_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
