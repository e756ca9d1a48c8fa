/*
 * mdl_ensemble.c - the front door for forecasting one series:
 * mdl_forecast_series() cleans the series, handles the awkward cases
 * (missing values, zeros, constants, very short, intermittent, level
 * shift), runs the chosen model or the ETS+Theta(+reg) combination, and
 * falls back to (seasonal) naive so the result is always finite.
 * See docs/forecast.md for why each rule is what it is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"

int mdl_kind_parse(const char *s)
{
    static const char *const names[] = {"auto",   "ets",      "theta",   "reg",
                                        "snaive", "ensemble", "ets-full"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    if (strcmp(s, "arima") == 0)
        return MDL_REG;
    return -1;
}

/* ---------------------------------------------------------------- cleaning */

/* Copy y without leading/trailing non-finite values and with interior gaps
 * interpolated linearly. Returns the new length (0 when nothing is finite). */
static size_t clean_series(const double *y, size_t n, double *out)
{
    size_t first = 0, last = n;
    while (first < n && !isfinite(y[first]))
        first++;
    while (last > first && !isfinite(y[last - 1]))
        last--;
    size_t k = 0;
    for (size_t t = first; t < last; t++) {
        if (isfinite(y[t])) {
            out[k++] = y[t];
            continue;
        }
        size_t u = t;
        while (!isfinite(y[u]))
            u++;
        double a = out[k - 1], b = y[u];
        for (size_t j = t; j < u; j++)
            out[k++] = a + (b - a) * (double)(j - t + 1) / (double)(u - t + 1);
        t = u - 1;
    }
    return k;
}

/* Start of a persistent level shift near the end (a system going live or
 * being switched off), or 0 when there is none. The segment after the
 * shift must be at least 3 points and differ from the 12 points before it
 * by more than 5 within-segment standard deviations and 30% of the level. */
static size_t level_shift_start(const double *y, size_t n, int m)
{
    size_t span = (size_t)(m > 1 ? 2 * m : 24);
    if (n < 12 + 3)
        return 0;
    size_t from = n > span + 3 ? n - span : 12;
    if (from < 12)
        from = 12;
    double best = 0;
    size_t best_s = 0;
    for (size_t s = from; s + 3 <= n; s++) {
        double ma = 0, mb = 0, va = 0, vb = 0;
        size_t na = 12, nb = n - s;
        for (size_t t = s - na; t < s; t++)
            ma += y[t];
        ma /= (double)na;
        for (size_t t = s; t < n; t++)
            mb += y[t];
        mb /= (double)nb;
        for (size_t t = s - na; t < s; t++)
            va += (y[t] - ma) * (y[t] - ma);
        for (size_t t = s; t < n; t++)
            vb += (y[t] - mb) * (y[t] - mb);
        double sd = sqrt((va + vb) / (double)(na + nb - 2));
        double diff = fabs(mb - ma);
        double lvl = fabs(ma) > fabs(mb) ? fabs(ma) : fabs(mb);
        if (diff < 0.3 * lvl)
            continue;
        double score = sd > 0 ? diff / sd : (diff > 0 ? INFINITY : 0);
        if (score > best) {
            best = score;
            best_s = s;
        }
    }
    return best > 5 ? best_s : 0;
}

/* ---------------------------------------------------------------- simple cases */

static enum status flat_forecast(double level, double sd, size_t h, const char *name,
                                 struct forecast *out, struct err *e)
{
    enum status st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        return st;
    snprintf(out->model, sizeof out->model, "%s", name);
    out->sigma = sd;
    for (size_t i = 0; i < h; i++) {
        double s = sd * sqrt((double)i + 1);
        out->mean[i] = level;
        out->lo80[i] = level - 1.2815515655446004 * s;
        out->hi80[i] = level + 1.2815515655446004 * s;
        out->lo95[i] = level - 1.959963984540054 * s;
        out->hi95[i] = level + 1.959963984540054 * s;
    }
    return ST_OK;
}

/* Croston's method (alpha 0.1) for series with many zeros: the mean demand
 * rate; intervals from the empirical spread of the recent values. */
static enum status croston(const double *y, size_t n, size_t h, struct forecast *out, struct err *e)
{
    double z = -1, p = -1, gap = 1;
    const double a = 0.1;
    for (size_t t = 0; t < n; t++) {
        if (y[t] != 0) {
            z = z < 0 ? y[t] : z + a * (y[t] - z);
            p = p < 0 ? gap : p + a * (gap - p);
            gap = 1;
        } else {
            gap++;
        }
    }
    double rate = (z >= 0 && p > 0) ? z / p : 0;
    size_t w = n < 24 ? n : 24;
    double ss = 0;
    for (size_t t = n - w; t < n; t++)
        ss += (y[t] - rate) * (y[t] - rate);
    double sd = sqrt(ss / (double)(w > 1 ? w - 1 : 1));
    enum status st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        return st;
    snprintf(out->model, sizeof out->model, "croston");
    out->sigma = sd;
    for (size_t i = 0; i < h; i++) {
        out->mean[i] = rate;
        out->lo80[i] = rate - 1.2815515655446004 * sd;
        out->hi80[i] = rate + 1.2815515655446004 * sd;
        out->lo95[i] = rate - 1.959963984540054 * sd;
        out->hi95[i] = rate + 1.959963984540054 * sd;
    }
    return ST_OK;
}

/* ---------------------------------------------------------------- models */

/* full: MLE of the initial states too (--model ets-full); otherwise the
 * states stay at the heuristic, which on M3 matches R's ets() (14.20 vs
 * 14.14 sMAPE) and forecasts better, alone and in the combination
 * (docs/forecast.md). */
static enum status run_ets(const double *y, size_t n, int m, size_t h, int full,
                           struct forecast *out, struct err *e)
{
    struct ets_fit fit;
    const struct ets_opts heur = {0};
    enum status st = mdl_ets_auto(y, n, m, full ? NULL : &heur, &fit, e);
    if (st != ST_OK)
        return st;
    return mdl_ets_forecast(&fit, h, out, e);
}

/* Mean of the members' point forecasts and of their interval bounds. */
static enum status combine(struct forecast *mem, int k, size_t h, const char *name,
                           struct forecast *out, struct err *e)
{
    enum status st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        return st;
    snprintf(out->model, sizeof out->model, "%s", name);
    for (int j = 0; j < k; j++) {
        out->sigma += mem[j].sigma / k;
        for (size_t i = 0; i < h; i++) {
            out->mean[i] += mem[j].mean[i] / k;
            out->lo80[i] += mem[j].lo80[i] / k;
            out->hi80[i] += mem[j].hi80[i] / k;
            out->lo95[i] += mem[j].lo95[i] / k;
            out->hi95[i] += mem[j].hi95[i] / k;
        }
    }
    return ST_OK;
}

static enum status run_ensemble(const double *y, size_t n, int m, size_t h, int with_reg,
                                const char *name, struct forecast *out, struct err *e)
{
    struct forecast mem[3];
    int k = 0;
    struct err ie = {0};
    if (run_ets(y, n, m, h, 0, &mem[k], &ie) == ST_OK)
        k++;
    if (mdl_theta(y, n, m, h, &mem[k], &ie) == ST_OK)
        k++;
    if (with_reg && mdl_reg(y, n, m, h, &mem[k], &ie) == ST_OK)
        k++;
    if (k == 0)
        return err_set(e, ST_NUMERIC, "%s", ie.msg);
    enum status st = combine(mem, k, h, k > 1 ? name : mem[0].model, out, e);
    for (int j = 0; j < k; j++)
        mdl_forecast_release(&mem[j]);
    return st;
}

static enum status run_kind(const double *y, size_t n, int m, size_t h, enum mdl_kind kind,
                            struct forecast *out, struct err *e)
{
    switch (kind) {
    case MDL_ETS:
        return run_ets(y, n, m, h, 0, out, e);
    case MDL_ETS_FULL:
        return run_ets(y, n, m, h, 1, out, e);
    case MDL_THETA:
        return mdl_theta(y, n, m, h, out, e);
    case MDL_REG:
        return mdl_reg(y, n, m, h, out, e);
    case MDL_SNAIVE:
        return mdl_snaive(y, n, m, h, out, e);
    case MDL_ENSEMBLE:
        return run_ensemble(y, n, m, h, 1, "ensemble", out, e);
    case MDL_AUTO:
    default:
        return run_ensemble(y, n, m, h, 0, "auto(ets+theta)", out, e);
    }
}

/* ---------------------------------------------------------------- front door */

enum status mdl_forecast_series(const double *y, size_t n, int m, size_t h, enum mdl_kind kind,
                                struct forecast *out, struct err *e)
{
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return err_set(e, ST_NOMEM, "out of memory");
    size_t k = clean_series(y, n, x);
    enum status st = ST_OK;
    if (k == 0) {
        st = err_set(e, ST_NUMERIC, "series has no finite value");
        goto out;
    }
    int nonneg = 1, allzero = 1, constant = 1;
    size_t zeros = 0;
    for (size_t t = 0; t < k; t++) {
        if (x[t] < 0)
            nonneg = 0;
        if (x[t] != 0)
            allzero = 0;
        else
            zeros++;
        if (x[t] != x[0])
            constant = 0;
    }
    if (allzero) {
        st = flat_forecast(0, 0, h, "zero", out, e);
        goto out;
    }
    if (constant) {
        st = flat_forecast(x[0], 0, h, "constant", out, e);
        goto out;
    }
    if (kind != MDL_SNAIVE && k >= 8 && nonneg && zeros * 10 >= k * 3) {
        st = croston(x, k, h, out, e);
        goto out;
    }
    const double *z = x;
    size_t nz = k;
    int shifted = 0;
    if (kind != MDL_SNAIVE) {
        size_t s = level_shift_start(x, k, m);
        if (s > 0) {
            z = x + s;
            nz = k - s;
            shifted = 1;
        }
    }
    struct err ie = {0};
    if (nz < 4 || run_kind(z, nz, m, h, kind, out, &ie) != ST_OK) {
        if (nz < 4) { /* too short for any model: the mean of what there is */
            double mean = 0, ss = 0;
            for (size_t t = 0; t < nz; t++)
                mean += z[t];
            mean /= (double)nz;
            for (size_t t = 0; t < nz; t++)
                ss += (z[t] - mean) * (z[t] - mean);
            double sd = nz > 1 ? sqrt(ss / (double)(nz - 1)) : 0.1 * fabs(mean);
            st = flat_forecast(nz > 1 ? z[nz - 1] : mean, sd, h, "naive", out, e);
        } else {
            st = mdl_snaive(z, nz, m, h, out, e);
        }
        if (st != ST_OK)
            goto out;
    }
    if (shifted) {
        char tmp[MDL_NAME_LEN];
        snprintf(tmp, sizeof tmp, "%s", out->model);
        snprintf(out->model, sizeof out->model, "%.22s+shift", tmp);
    }
    if (nonneg) /* spend cannot go below zero */
        for (size_t i = 0; i < h; i++) {
            out->mean[i] = out->mean[i] > 0 ? out->mean[i] : 0;
            out->lo80[i] = out->lo80[i] > 0 ? out->lo80[i] : 0;
            out->lo95[i] = out->lo95[i] > 0 ? out->lo95[i] : 0;
            out->hi80[i] = out->hi80[i] > out->mean[i] ? out->hi80[i] : out->mean[i];
            out->hi95[i] = out->hi95[i] > out->hi80[i] ? out->hi95[i] : out->hi80[i];
        }
    if (!mdl_forecast_finite(out)) {
        mdl_forecast_release(out);
        st = mdl_snaive(z, nz, m, h, out, e);
    }
out:
    free(x);
    return st;
}
