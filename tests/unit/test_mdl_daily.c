/*
 * test_mdl_daily.c - the calendar-aware daily forecast of `yosan track
 * --daily` (models/mdl_daily.c): on a simulated daily cost with weekends at
 * 60 % and weekday holidays at 70 % of a weekday, the closed-weekday factor
 * is measured (0.7), a weekday holiday ahead is forecast at that fraction
 * of the weekdays around it while a plain weekday is not, and without
 * holidays in the history the factor falls back to Sundays over weekdays.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_daily.h"

#define N 400
#define H 21

static double x[N];
static unsigned char cls[N + H];

/* Day 0 a Monday; every 20th weekday of the history and day N + 9 (a
 * Wednesday ahead) closed when holidays is set. */
static void make_series(int holidays)
{
    uint64_t s = 777;
    for (int t = 0; t < N + H; t++) {
        int wd = t % 7;
        cls[t] = (unsigned char)wd;
        if (holidays && wd < 5 && (t % 20 == 3 || t == N + 9))
            cls[t] = MDL_DAILY_CLOSED;
        if (t >= N)
            continue;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(s >> 11) / 9007199254740992.0 - 0.5;
        double f = cls[t] == MDL_DAILY_CLOSED ? 0.7 : wd >= 5 ? 0.6 : 1.0;
        x[t] = 10000.0 * f * (1 + 0.02 * u);
    }
}

static void test_factor_measured(void **state)
{
    (void)state;
    make_series(1);
    double f = mdl_daily_closed_factor(x, cls, N, 0);
    assert_true(fabs(f - 0.7) < 0.02);
}

static void test_holiday_ahead_forecast_low(void **state)
{
    (void)state;
    make_series(1);
    struct forecast out = {0};
    struct err e = {0};
    double f = 0;
    assert_int_equal(mdl_daily_forecast(x, cls, N, 0, H, MDL_AUTO, &out, &f, &e), ST_OK);
    /* day N + 9 is a closed Thursday; N + 2 and N + 16 are open Thursdays */
    assert_int_equal((N + 9) % 7, 3);
    double hol = out.mean[9], open = 0.5 * (out.mean[2] + out.mean[16]);
    assert_true(fabs(hol / open - 0.7) < 0.05);
    assert_true(fabs(open / 10000.0 - 1) < 0.05);
    assert_true(out.lo80[9] <= hol && hol <= out.hi80[9]);
    /* a Sunday stays a weekend day */
    assert_true(fabs(out.mean[5] / 6000.0 - 1) < 0.05);
    mdl_forecast_release(&out);
}

static void test_sunday_fallback(void **state)
{
    (void)state;
    make_series(0);
    double f = mdl_daily_closed_factor(x, cls, N, 0);
    assert_true(fabs(f - 0.6) < 0.02);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_factor_measured),
        cmocka_unit_test(test_holiday_ahead_forecast_low),
        cmocka_unit_test(test_sunday_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
