/*
 * mdl_shift.c - level shifts anywhere in a series (a system that went
 * live, one switched off): the Chen & Liu (1993) outlier test for a level
 * shift (LS) on the residuals of the airline model, with a robust residual
 * scale and Ljung's (1993) critical value as X-13ARIMA-SEATS uses, iterated
 * up to MDL_MAX_SHIFTS times; a shift found is removed from the history
 * (intervention, Box & Tiao 1975) so the models see the series at today's
 * level. Owns mdl_level_shifts(); docs/forecast.md says why each rule is
 * what it is.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"

#define SHIFT_ALPHA     0.01 /* Ljung critical value at 1 %: few false shifts */
#define SHIFT_MIN_REL   0.20 /* a shift must move the level by 20 % or more */
#define SHIFT_MIN_AFTER 3    /* values at the new level, at least */
#define SHIFT_MIN_SIGMA 6    /* and by 6 one-month noise sds (residual scale) */

/* Ljung's (1993) critical value for the largest of n outlier statistics
 * (the form X-13ARIMA-SEATS starts from). */
static double shift_cval(size_t n)
{
    double ln = log((double)(n > 3 ? n : 3));
    double a = sqrt(2 * ln);
    double b = a - (log(ln) + log(4 * M_PI)) / (2 * a);
    double p = 2 - sqrt(1 + SHIFT_ALPHA);
    return -log(-0.5 * log(p)) / a + b;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* 1.4826 x the median absolute deviation of v[0..n) (scratch: tmp, n).
 * A MAD of 0 means the model fits at least half the values exactly (an
 * exact series with a few jumps): then a tiny scale relative to `scale`,
 * so any jump counts. */
static double robust_sd(const double *v, size_t n, double *tmp, double scale)
{
    memcpy(tmp, v, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    double med = n % 2 ? tmp[n / 2] : 0.5 * (tmp[n / 2 - 1] + tmp[n / 2]);
    for (size_t i = 0; i < n; i++)
        tmp[i] = fabs(v[i] - med);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    double mad = n % 2 ? tmp[n / 2] : 0.5 * (tmp[n / 2 - 1] + tmp[n / 2]);
    return mad > 0 ? 1.4826 * mad : 1e-9 * (1 + scale);
}

/* The residual filter of the fitted model (differencing, then the inverse
 * of the MA part) applied to an input that is nonzero only at the
 * differenced positions given: a step at tau differences to +1 at tau and
 * -1 at tau + s; an impulse to +1, -1, -1, +1 at tau, tau+1, tau+s,
 * tau+s+1. x[0..nr) in residual time (index t - d). */
static void filter_input(const double coef[3], size_t s, size_t d, size_t n, size_t tau,
                         int impulse, double *x)
{
    size_t nr = n - d;
    for (size_t j = 0; j < nr; j++) {
        size_t t = j + d;
        double u = (t == tau) - (double)(s && t == tau + s);
        if (impulse)
            u = (t == tau) - (double)(t == tau + 1) -
                (s ? (double)(t == tau + s) - (double)(t == tau + s + 1) : 0);
        double v = u;
        if (j >= 1)
            v -= coef[0] * x[j - 1];
        if (s && j >= s)
            v -= coef[1] * x[j - s];
        if (s && j >= s + 1)
            v -= coef[0] * coef[1] * x[j - s - 1];
        x[j] = v;
    }
}

/* Least-squares effect of an input (step or impulse at tau) on the
 * residuals and its t statistic with scale sigma. */
static double input_stat(const double coef[3], size_t s, size_t d, size_t n, size_t tau,
                         int impulse, const double *res, double sigma, double *x, double *effect)
{
    filter_input(coef, s, d, n, tau, impulse, x);
    double sxe = 0, sxx = 0;
    for (size_t j = 0; j < n - d; j++) {
        sxe += x[j] * res[j];
        sxx += x[j] * x[j];
    }
    if (sxx < 1e-12) {
        *effect = 0;
        return 0;
    }
    *effect = sxe / sxx;
    return *effect * sqrt(sxx) / sigma;
}

struct shift_work {
    double *z, *res, *x, *tmp;
    size_t n, s, d;
    size_t p;     /* lag of the persistence comparison: s, or the longest seasonal period */
    double *prof; /* p values: the longer cycle's profile taken out of z (NULL: none) */
    double coef[3];
    double sigma;
};

/* Fit the reference model to w->z; fills coef, res and sigma. */
static enum status shift_fit(struct shift_work *w, struct err *e)
{
    enum status st = mdl_arima_css(w->z, w->n, w->s ? (int)w->s : 1, w->coef, w->res, e);
    if (st == ST_OK)
        w->sigma = robust_sd(w->res, w->n - w->d, w->tmp, fabs(w->z[w->n - 1]));
    return st;
}

/* Median of v[0..n) (sorts v). */
static double median_sort(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* 1 when a shift of `effect` at tau persists: in at least 3/4 (and 3) of
 * the comparisons over the year after tau the series sits more than half
 * the effect beyond where it was. Seasonal: each month against the same
 * month a year before (which also tells a step at tau from its alias at
 * tau + s, the two look alike after seasonal differencing when the series
 * ends before tau + 2s); otherwise each value against the median of the 6
 * before tau. A dip or spike of a few months (a temporary change) fails.
 * With a longer seasonal period (w->p, hourly data's week) the comparison
 * runs over that period against the same phase one such period before. */
static int shift_persists(const struct shift_work *w, size_t tau, double effect)
{
    size_t s = w->p, n = w->n, span = s ? s : 12, end = tau + span < n ? tau + span : n;
    double base = 0;
    if (!s) {
        size_t k = 0;
        for (size_t t = tau > 6 ? tau - 6 : 0; t < tau; t++)
            w->tmp[k++] = w->z[t];
        base = median_sort(w->tmp, k);
    }
    size_t pairs = 0, hits = 0;
    for (size_t t = (s && tau < s) ? s : tau; t < end; t++) {
        double g = s ? w->z[t] - w->z[t - s] : w->z[t] - base;
        pairs++;
        hits += (effect > 0 ? g : -g) > 0.5 * fabs(effect);
    }
    return pairs >= 3 && hits * 4 >= pairs * 3;
}

/* 1 when a step at tau with statistic t and effect eff passes every rule:
 * the critical value, no larger one-month spike at or just before it (Chen
 * & Liu classify by the larger statistic), 6 noise sds, persistence and
 * 20 % of the level. */
static int shift_accept(struct shift_work *w, int mult, size_t tau, double t, double eff)
{
    if (fabs(t) < shift_cval(w->n - w->d))
        return 0;
    for (size_t u = tau - 1; u <= tau; u++) {
        double ae, at = input_stat(w->coef, w->s, w->d, w->n, u, 1, w->res, w->sigma, w->x, &ae);
        if (fabs(at) >= fabs(t))
            return 0;
    }
    if (fabs(eff) < SHIFT_MIN_SIGMA * w->sigma || !shift_persists(w, tau, eff))
        return 0;
    double level = 0;
    for (size_t u = tau; u < w->n; u++)
        level += fabs(w->z[u]) / (double)(w->n - tau);
    return mult ? fabs(expm1(eff)) >= SHIFT_MIN_REL : fabs(eff) >= SHIFT_MIN_REL * level;
}

/* The break date with the largest LS statistic, or, when that one fails a
 * rule, its seasonal alias (tau +- s: a step before the first seasonal
 * difference and one a season later look alike). 0 when neither passes. */
static size_t shift_best(struct shift_work *w, int mult, double *effect, double *tstat)
{
    size_t best = 0, last = w->n - SHIFT_MIN_AFTER;
    double bt = 0, beff = 0;
    for (size_t tau = 1; tau <= last; tau++) {
        double eff, t = input_stat(w->coef, w->s, w->d, w->n, tau, 0, w->res, w->sigma, w->x, &eff);
        if (fabs(t) > fabs(bt)) {
            bt = t;
            beff = eff;
            best = tau;
        }
    }
    if (best == 0)
        return 0;
    size_t cand[3] = {best, w->s && best + w->s <= last ? best + w->s : 0,
                      w->s && best > w->s ? best - w->s : 0};
    for (int c = 0; c < 3; c++) {
        if (cand[c] == 0)
            continue;
        double eff = beff, t = bt;
        if (c > 0)
            t = input_stat(w->coef, w->s, w->d, w->n, cand[c], 0, w->res, w->sigma, w->x, &eff);
        if (shift_accept(w, mult, cand[c], t, eff)) {
            *effect = eff;
            *tstat = t;
            return cand[c];
        }
    }
    return 0;
}

/* Take the longer cycle (period w->p) out of w->z: each phase's mean,
 * centred, into w->prof. A step moves every phase alike, so it stays in z;
 * the weekend, which the airline model of period s cannot see, goes. */
static void take_out_longer(struct shift_work *w)
{
    size_t p = w->p, n = w->n;
    double all = 0;
    for (size_t j = 0; j < p; j++) {
        double sum = 0;
        size_t k = 0;
        for (size_t t = j; t < n; t += p, k++)
            sum += w->z[t];
        w->prof[j] = sum / (double)k;
        all += w->prof[j] / (double)p;
    }
    for (size_t j = 0; j < p; j++)
        w->prof[j] -= all;
    for (size_t t = 0; t < n; t++)
        w->z[t] -= w->prof[t % p];
}

static void shift_free(struct shift_work *w)
{
    free(w->z);
    free(w->res);
    free(w->x);
    free(w->tmp);
    free(w->prof);
}

/* With a fitted model in w: find shifts one by one (each removed from w.z
 * and the model refitted), then the residual volatility and, when any was
 * found, the adjusted history in adj. */
static void shifts_found(struct shift_work *w, const double *y, double *adj, struct mdl_shifts *out)
{
    struct err ie = {0};
    int mult = out->multiplicative;
    size_t n = w->n;
    out->tested = 1;
    while (out->n < MDL_MAX_SHIFTS) {
        double eff = 0, ts = 0;
        size_t tau = shift_best(w, mult, &eff, &ts);
        if (tau == 0)
            break;
        for (size_t t = 0; t < tau; t++)
            w->z[t] += eff;
        out->at[out->n] = tau;
        out->size[out->n] = mult ? exp(eff) : eff;
        out->tstat[out->n] = ts;
        out->n++;
        if (shift_fit(w, &ie) != ST_OK || !(w->sigma > 0))
            break;
    }
    double level = 0;
    for (size_t t = 0; t < n; t++)
        level += fabs(y[t]) / (double)n;
    out->volatility = mult ? w->sigma : (level > 0 ? w->sigma / level : NAN);
    if (out->n > 0)
        for (size_t t = 0; t < n; t++) {
            double z = w->z[t] + (w->prof ? w->prof[t % w->p] : 0);
            adj[t] = mult ? exp(z) : z;
        }
}

enum status mdl_level_shifts(const double *y, size_t n, int m, double *adj, struct mdl_shifts *out,
                             struct err *e)
{
    return mdl_level_shifts_span(y, n, m, m, adj, out, e);
}

enum status mdl_level_shifts_span(const double *y, size_t n, int m, int longest, double *adj,
                                  struct mdl_shifts *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->volatility = NAN;
    memcpy(adj, y, n * sizeof *adj);
    int mult = n > 0;
    for (size_t t = 0; t < n; t++)
        if (!(y[t] > 0))
            mult = 0;
    out->multiplicative = mult;
    struct shift_work w = {0};
    w.n = n;
    w.s = (m > 1 && n >= (size_t)(2 * m + 4)) ? (size_t)m : 0;
    w.d = 1 + w.s;
    w.p = w.s && longest > m && n >= 2 * (size_t)longest ? (size_t)longest : w.s;
    /* a seasonal series too short for the seasonal model would show its
     * seasons as shifts: left untested (the caller's recent-shift rule) */
    if ((m > 1 && w.s == 0) || n < 8)
        return ST_OK;
    w.z = malloc(n * sizeof *w.z);
    w.res = malloc(n * sizeof *w.res);
    w.x = malloc(n * sizeof *w.x);
    w.tmp = malloc(n * sizeof *w.tmp);
    if (w.p > w.s)
        w.prof = malloc(w.p * sizeof *w.prof);
    if (!w.z || !w.res || !w.x || !w.tmp || (w.p > w.s && !w.prof)) {
        shift_free(&w);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    for (size_t t = 0; t < n; t++)
        w.z[t] = mult ? log(y[t]) : y[t];
    if (w.prof)
        take_out_longer(&w);
    if (shift_fit(&w, &(struct err){0}) == ST_OK && w.sigma > 0)
        shifts_found(&w, y, adj, out);
    shift_free(&w);
    return ST_OK;
}
