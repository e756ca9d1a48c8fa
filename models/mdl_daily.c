/*
 * mdl_daily.c - the closed-weekday factor and the calendar-aware daily
 * forecast (see mdl_daily.h).
 */
#include "mdl_daily.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAILY_MIN_CLOSED   3    /* closed weekdays measured before their own factor is used */
#define DAILY_RECENT_DAYS  56   /* the Sunday fallback looks at the last eight weeks */
#define DAILY_FACTOR_MIN   0.05 /* the factor's range */
#define DAILY_FACTOR_MAX   2.0
#define DAILY_NEIGHBOUR_WK 2   /* same weekdays one and two weeks either side */
#define DAILY_WEEKLY_DAYS  728 /* the weekly models fit the last 104 weeks (no yearly cycle) */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of v[0..n) (sorted in place); NAN when n = 0. */
static double median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int is_closed_weekday(const unsigned char *cls, size_t t, int wd0)
{
    return cls[t] == MDL_DAILY_CLOSED && (wd0 + (int)(t % 7)) % 7 < 5;
}

/* x[t] over the median of its open same weekdays nearby; NAN when none. */
static double closed_ratio(const double *x, const unsigned char *cls, size_t n, size_t t)
{
    double ref[2 * DAILY_NEIGHBOUR_WK];
    size_t k = 0;
    for (int w = -DAILY_NEIGHBOUR_WK; w <= DAILY_NEIGHBOUR_WK; w++) {
        long s = (long)t + 7L * w;
        if (w == 0 || s < 0 || s >= (long)n || cls[s] == MDL_DAILY_CLOSED || !(x[s] > 0))
            continue;
        ref[k++] = x[s];
    }
    double m = median(ref, k);
    return k && m > 0 && x[t] >= 0 ? x[t] / m : NAN;
}

/* The fallback: Sundays over open weekdays in the last eight weeks. */
static double sunday_ratio(const double *x, const unsigned char *cls, size_t n, int wd0,
                           double *buf)
{
    size_t from = n > DAILY_RECENT_DAYS ? n - DAILY_RECENT_DAYS : 0, ns = 0, nw = 0;
    double *sun = buf, *wk = buf + DAILY_RECENT_DAYS;
    for (size_t t = from; t < n; t++) {
        int wd = (wd0 + (int)(t % 7)) % 7;
        if (cls[t] == MDL_DAILY_CLOSED || !(x[t] >= 0))
            continue;
        if (wd == 6)
            sun[ns++] = x[t];
        else if (wd < 5)
            wk[nw++] = x[t];
    }
    double a = median(sun, ns), b = median(wk, nw);
    return ns && nw && b > 0 ? a / b : 1.0;
}

double mdl_daily_closed_factor(const double *x, const unsigned char *cls, size_t n, int wd0)
{
    size_t k = 0;
    for (size_t t = 0; t < n; t++)
        k += is_closed_weekday(cls, t, wd0);
    size_t cap = k > 2 * DAILY_RECENT_DAYS ? k : 2 * DAILY_RECENT_DAYS;
    double *buf = malloc(cap * sizeof *buf);
    if (!buf)
        return 1.0;
    k = 0;
    for (size_t t = 0; t < n; t++) {
        if (!is_closed_weekday(cls, t, wd0))
            continue;
        double r = closed_ratio(x, cls, n, t);
        if (isfinite(r))
            buf[k++] = r;
    }
    double f = k >= DAILY_MIN_CLOSED ? median(buf, k) : sunday_ratio(x, cls, n, wd0, buf);
    free(buf);
    if (!isfinite(f))
        return 1.0;
    return f < DAILY_FACTOR_MIN ? DAILY_FACTOR_MIN : f > DAILY_FACTOR_MAX ? DAILY_FACTOR_MAX : f;
}

enum status mdl_daily_forecast(const double *x, const unsigned char *cls, size_t n, int wd0,
                               size_t h, enum mdl_kind kind, struct forecast *out, double *factor,
                               struct err *e)
{
    double f = mdl_daily_closed_factor(x, cls, n, wd0);
    if (factor)
        *factor = f;
    double *xa = malloc((n ? n : 1) * sizeof *xa);
    if (!xa)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t t = 0; t < n; t++)
        xa[t] = is_closed_weekday(cls, t, wd0) ? x[t] / f : x[t];
    size_t skip = kind != MDL_MSTL && n > DAILY_WEEKLY_DAYS ? n - DAILY_WEEKLY_DAYS : 0;
    enum status st = mdl_forecast_series(xa + skip, n - skip, 7, h, kind, out, e);
    free(xa);
    for (size_t i = 0; st == ST_OK && i < h; i++) {
        if (!is_closed_weekday(cls, n + i, wd0))
            continue;
        out->mean[i] *= f;
        out->lo80[i] *= f;
        out->hi80[i] *= f;
        out->lo95[i] *= f;
        out->hi95[i] *= f;
    }
    return st;
}
