/*
 * mdl_mstl.c - forecasts for long and multiple seasonal periods (hourly: 24
 * and 168; daily: 7 and 365), where ETS's seasonal states (at most 24) and
 * the airline ARIMA do not reach or do not pay.
 *
 * The idea of MSTL (Bandara, Hyndman & Bergmeir 2021, arXiv:2107.13462) and
 * of R's stlf(): take the seasonal components out, forecast what is left
 * with a non-seasonal ETS, and add the seasonal components back, each
 * continued from its last cycles. The decomposition here is a light STL:
 * for each period (shortest first, two passes), the trend is a centred
 * moving average over one period, and the seasonal value of a phase is the
 * mean of that phase's detrended values over MSTL_CYCLES neighbouring cycles
 * (STL's cycle-subseries smoothing with a boxcar instead of loess),
 * recentred to sum to zero over each cycle. Positive series are modelled in
 * logs (their seasonality is multiplicative: a busy hour is a multiple of a
 * quiet one), and the forecast is brought back with exp (the median).
 * Bounded: time O(n * periods), memory O(n * periods).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"

/* ---- the constants (docs/rules.md) ---- */
#define MSTL_CYCLES 7 /* cycles averaged for a phase's seasonal value (odd) */
#define MSTL_PASSES 2 /* passes over the periods (MSTL's iterate = 2) */

/* Centred moving average of x[0..n) over p values (2 x p for even p, as a
 * classical decomposition); within half a period of either end, where the
 * window does not fit, the nearest full window's value (a shrinking window
 * there would follow the seasonal swing into the trend). n > p. */
static void centred_ma(const double *x, size_t n, size_t p, double *out)
{
    size_t half = p / 2;
    int even = p % 2 == 0;
    double s = 0;
    for (size_t k = 0; k <= 2 * half; k++)
        s += (even && (k == 0 || k == 2 * half)) ? 0.5 * x[k] : x[k];
    for (size_t t = half; t + half < n; t++) {
        if (t > half) { /* slide: drop x[t-half-1], add x[t+half] (even: the ends count half) */
            double drop = x[t - half - 1], first = x[t - half], add = x[t + half],
                   last = x[t + half - 1];
            s += even ? 0.5 * (add + last) - 0.5 * (drop + first) : add - drop;
        }
        out[t] = s / (double)p;
    }
    for (size_t t = 0; t < half; t++)
        out[t] = out[half];
    for (size_t t = n - half; t < n; t++)
        out[t] = out[n - half - 1];
}

/* The seasonal component of period p in x (seas[0..n)): phase means of the
 * detrended values over MSTL_CYCLES cycles around each cycle, recentred.
 * tmp holds 2n doubles. */
static void seasonal_of(const double *x, size_t n, size_t p, double *seas, double *tmp)
{
    double *trend = tmp, *det = tmp + n;
    centred_ma(x, n, p, trend);
    for (size_t t = 0; t < n; t++)
        det[t] = x[t] - trend[t];
    size_t ncyc = (n + p - 1) / p, half = MSTL_CYCLES / 2;
    for (size_t t = 0; t < n; t++) {
        size_t c = t / p, lo = c > half ? c - half : 0, hi = c + half;
        if (hi >= ncyc)
            hi = ncyc - 1;
        double s = 0;
        size_t cnt = 0;
        for (size_t k = lo; k <= hi; k++) {
            size_t i = k * p + t % p;
            if (i < n) {
                s += det[i];
                cnt++;
            }
        }
        seas[t] = s / (double)cnt;
    }
    /* recentre: the component sums to zero over any period */
    centred_ma(seas, n, p, trend);
    for (size_t t = 0; t < n; t++)
        seas[t] -= trend[t];
}

/* The periods that fit: at least two cycles of each, ascending, at most
 * MDL_MSTL_MAX_PERIODS. Returns how many. */
static size_t usable_periods(const int *periods, size_t np, size_t n, size_t *use)
{
    size_t k = 0;
    for (size_t i = 0; i < np && k < MDL_MSTL_MAX_PERIODS; i++)
        if (periods[i] > 1 && n >= 2 * (size_t)periods[i])
            use[k++] = (size_t)periods[i];
    for (size_t i = 1; i < k; i++) /* insertion sort, ascending */
        for (size_t j = i; j > 0 && use[j - 1] > use[j]; j--) {
            size_t t = use[j];
            use[j] = use[j - 1];
            use[j - 1] = t;
        }
    return k;
}

/* Decompose z[0..n) in place into z - seasonals: seas holds np * n values. */
static void decompose(double *z, size_t n, const size_t *use, size_t np, double *seas, double *tmp)
{
    memset(seas, 0, np * n * sizeof *seas);
    for (int pass = 0; pass < MSTL_PASSES; pass++)
        for (size_t j = 0; j < np; j++) {
            double *s = seas + j * n;
            for (size_t t = 0; t < n; t++) /* put this component back, re-estimate it */
                z[t] += s[t];
            seasonal_of(z, n, use[j], s, tmp);
            for (size_t t = 0; t < n; t++)
                z[t] -= s[t];
        }
}

/* Seasonal value of component j at step i ahead: the last cycle's value of
 * the same phase. */
static double seasonal_ahead(const double *seas, size_t n, const size_t *use, size_t np, size_t i)
{
    double v = 0;
    for (size_t j = 0; j < np; j++) {
        size_t p = use[j];
        v += seas[j * n + n - p + (i % p)];
    }
    return v;
}

static enum status forecast_adjusted(const double *adj, size_t n, size_t h, struct forecast *out,
                                     struct err *e)
{
    struct ets_fit fit;
    const struct ets_opts heur = {0};
    enum status st = mdl_ets_auto(adj, n, 1, &heur, &fit, e);
    if (st == ST_OK)
        st = mdl_ets_forecast(&fit, h, out, e);
    return st;
}

/* "mstl(24,168)+log" into name (MDL_NAME_LEN). */
static void name_model(const size_t *use, size_t np, int logs, char *name)
{
    size_t len = (size_t)snprintf(name, MDL_NAME_LEN, "mstl(");
    for (size_t j = 0; j < np; j++) {
        char part[24];
        int k = snprintf(part, sizeof part, "%s%zu", j ? "," : "", use[j]);
        if (k > 0 && len + (size_t)k + 6 < MDL_NAME_LEN) {
            memcpy(name + len, part, (size_t)k);
            len += (size_t)k;
        }
    }
    memcpy(name + len, logs ? ")+log" : ")", logs ? 6 : 2);
}

enum status mdl_mstl(const double *y, size_t n, const int *periods, size_t nperiods, size_t h,
                     struct forecast *out, struct err *e)
{
    size_t use[MDL_MSTL_MAX_PERIODS];
    size_t np = usable_periods(periods, nperiods, n, use);
    if (np == 0 || n < 8)
        return err_set(e, ST_NUMERIC, "mstl: no seasonal period with two cycles of data");
    int logs = 1;
    for (size_t t = 0; t < n && logs; t++)
        logs = y[t] > 0;
    double *z = malloc(n * sizeof *z), *seas = malloc(np * n * sizeof *seas),
           *tmp = malloc(2 * n * sizeof *tmp);
    enum status st = ST_OK;
    if (!z || !seas || !tmp) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t t = 0; t < n; t++)
        z[t] = logs ? log(y[t]) : y[t];
    decompose(z, n, use, np, seas, tmp);
    if ((st = forecast_adjusted(z, n, h, out, e)) != ST_OK)
        goto out;
    for (size_t i = 0; i < h; i++) {
        double s = seasonal_ahead(seas, n, use, np, i);
        double *v[] = {&out->mean[i], &out->lo80[i], &out->hi80[i], &out->lo95[i], &out->hi95[i]};
        for (size_t k = 0; k < 5; k++)
            *v[k] = logs ? exp(*v[k] + s) : *v[k] + s;
    }
    name_model(use, np, logs, out->model);
out:
    free(z);
    free(seas);
    free(tmp);
    return st;
}
