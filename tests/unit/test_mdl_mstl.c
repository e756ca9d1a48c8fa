/*
 * test_mdl_mstl.c - long and multiple seasonal periods (models/mdl_mstl.c):
 * on simulated hourly data with a daily and a weekly cycle, MSTL recovers
 * the pattern (a noiseless series comes back to within 3 %, the light
 * decomposition leaking a little between the cycles), beats seasonal naive on noisy data where the
 * week matters, and `auto` takes it for hourly data with two weeks of history; too short a series
 * is refused rather than forecast from half a cycle.
 */
#include "test_util.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"

/* Hourly value at t: level x daily shape x weekly shape (weekends at 40 %). */
static double pattern(size_t t)
{
    double hour = (double)(t % 24), day = (double)((t / 24) % 7);
    double daily = 1.0 + 0.5 * sin(2 * M_PI * (hour - 6) / 24);
    double weekly = day >= 5 ? 0.4 : 1.0;
    return 1000.0 * daily * weekly;
}

static void simulate(double *y, size_t n, double noise, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (size_t t = 0; t < n; t++)
        y[t] = pattern(t) * exp(noise > 0 ? gsl_ran_gaussian(r, noise) : 0);
    gsl_rng_free(r);
}

static void test_noiseless_pattern(void **state)
{
    (void)state;
    enum { N = 24 * 7 * 6, H = 48 };
    double y[N];
    simulate(y, N, 0, 1);
    struct forecast f;
    struct err e = {0};
    const int periods[] = {24, 168};
    assert_int_equal(mdl_mstl(y, N, periods, 2, H, &f, &e), ST_OK);
    assert_string_equal(f.model, "mstl(24,168)+log");
    for (size_t i = 0; i < H; i++) {
        double want = pattern(N + i);
        /* the boxcar decomposition leaks 1-2 % between the two cycles */
        assert_true(fabs(f.mean[i] - want) / want < 0.03);
        assert_true(f.lo95[i] <= f.lo80[i] && f.lo80[i] <= f.mean[i]);
        assert_true(f.mean[i] <= f.hi80[i] && f.hi80[i] <= f.hi95[i]);
    }
    mdl_forecast_release(&f);
}

/* Mean absolute error of forecasts of the noiseless pattern. */
static double mae(const struct forecast *f, size_t n0)
{
    double s = 0;
    for (size_t i = 0; i < f->h; i++)
        s += fabs(f->mean[i] - pattern(n0 + i));
    return s / (double)f->h;
}

static void test_beats_snaive_over_many_seeds(void **state)
{
    (void)state;
    /* the forecast starts on a Friday evening: the weekend is where a daily
     * seasonal naive goes wrong and the weekly cycle pays */
    enum { N = 24 * 7 * 5 + 24 * 4 + 18, H = 48 };
    static double y[N];
    int wins = 0;
    for (unsigned long seed = 1; seed <= 20; seed++) {
        simulate(y, N, 0.1, seed);
        struct forecast fm, fs;
        struct err e = {0};
        assert_int_equal(mdl_forecast_series(y, N, 24, H, MDL_AUTO, &fm, &e), ST_OK);
        assert_non_null(strstr(fm.model, "mstl(24,168)"));
        assert_int_equal(mdl_snaive(y, N, 24, H, &fs, &e), ST_OK);
        wins += mae(&fm, N) < mae(&fs, N);
        mdl_forecast_release(&fm);
        mdl_forecast_release(&fs);
    }
    assert_true(wins >= 18);
}

static void test_periods_that_fit(void **state)
{
    (void)state;
    enum { N = 24 * 10 };
    double y[N];
    simulate(y, N, 0.05, 3);
    struct forecast f;
    struct err e = {0};
    const int periods[] = {168, 24}; /* 168 needs two weeks: only the day is used */
    assert_int_equal(mdl_mstl(y, N, periods, 2, 24, &f, &e), ST_OK);
    assert_string_equal(f.model, "mstl(24)+log");
    mdl_forecast_release(&f);
    /* auto with ten days of hourly data: the ensemble, not MSTL */
    assert_int_equal(mdl_forecast_series(y, N, 24, 24, MDL_AUTO, &f, &e), ST_OK);
    assert_null(strstr(f.model, "mstl"));
    mdl_forecast_release(&f);
    /* negative values: additive */
    for (size_t t = 0; t < N; t++)
        y[t] -= 900;
    assert_int_equal(mdl_mstl(y, N, periods + 1, 1, 24, &f, &e), ST_OK);
    assert_string_equal(f.model, "mstl(24)");
    mdl_forecast_release(&f);
    const int week[] = {168};
    assert_int_equal(mdl_mstl(y, N, week, 1, 24, &f, &e), ST_NUMERIC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noiseless_pattern),
        cmocka_unit_test(test_beats_snaive_over_many_seeds),
        cmocka_unit_test(test_periods_that_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
