/*
 * mdl_ensemble.c - the front door for forecasting one series:
 * mdl_forecast_series() cleans the series, handles the awkward cases
 * (missing values, zeros, constants, very short, intermittent, level
 * shift), runs the chosen model or a combination (auto: ETS + Theta +
 * ARIMA; ensemble: all four families), and
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
    static const char *const names[] = {"auto",     "ets",      "theta", "reg", "snaive",
                                        "ensemble", "ets-full", "arima", "mstl"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(s, names[i]) == 0)
            return i;
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
/* Median of v[0..k) (k <= 4; sorts v). */
static double median_small(double *v, int k)
{
    for (int i = 1; i < k; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

/* Mean of the members' point forecasts; each interval bound is the median
 * of the members' bounds (the mean for two members), which keeps one
 * member's much wider band (ARIMA's) from dominating the coverage. */
static enum status combine(struct forecast *mem, int k, size_t h, const char *name,
                           struct forecast *out, struct err *e)
{
    enum status st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        return st;
    snprintf(out->model, sizeof out->model, "%s", name);
    for (size_t i = 0; i < h; i++) {
        double v[4][4];
        out->mean[i] = 0;
        for (int j = 0; j < k; j++) {
            out->mean[i] += mem[j].mean[i] / k;
            v[0][j] = mem[j].lo80[i];
            v[1][j] = mem[j].hi80[i];
            v[2][j] = mem[j].lo95[i];
            v[3][j] = mem[j].hi95[i];
        }
        out->lo80[i] = median_small(v[0], k);
        out->hi80[i] = median_small(v[1], k);
        out->lo95[i] = median_small(v[2], k);
        out->hi95[i] = median_small(v[3], k);
        /* keep the order around the (mean) point forecast */
        if (out->lo80[i] > out->mean[i])
            out->lo80[i] = out->mean[i];
        if (out->hi80[i] < out->mean[i])
            out->hi80[i] = out->mean[i];
        if (out->lo95[i] > out->lo80[i])
            out->lo95[i] = out->lo80[i];
        if (out->hi95[i] < out->hi80[i])
            out->hi95[i] = out->hi80[i];
    }
    for (int j = 0; j < k; j++)
        out->sigma += mem[j].sigma / k;
    return ST_OK;
}

enum { MEM_ETS = 1, MEM_THETA = 2, MEM_ARIMA = 4, MEM_REG = 8 };

static enum status run_ensemble(const double *y, size_t n, int m, size_t h, int members,
                                const char *name, struct forecast *out, struct err *e)
{
    struct forecast mem[4];
    int k = 0;
    struct err ie = {0};
    if ((members & MEM_ETS) && run_ets(y, n, m, h, 0, &mem[k], &ie) == ST_OK)
        k++;
    if ((members & MEM_THETA) && mdl_theta(y, n, m, h, &mem[k], &ie) == ST_OK)
        k++;
    if ((members & MEM_ARIMA) && mdl_arima(y, n, m, h, &mem[k], &ie) == ST_OK)
        k++;
    if ((members & MEM_REG) && mdl_reg(y, n, m, h, &mem[k], &ie) == ST_OK)
        k++;
    if (k == 0)
        return err_set(e, ST_NUMERIC, "%s", ie.msg);
    enum status st = combine(mem, k, h, k > 1 ? name : mem[0].model, out, e);
    for (int j = 0; j < k; j++)
        mdl_forecast_release(&mem[j]);
    return st;
}

/* The periods MSTL takes for seasons s and n values (into periods, at most
 * MDL_MSTL_MAX_PERIODS): those given, or with one given the longer cycle of
 * the same data when two of them fit (hourly data, m = 24: the week, 168;
 * daily data, m = 7: the year, 365). Returns how many. */
static size_t long_periods(const struct mdl_seasons *s, size_t n, int *periods)
{
    memcpy(periods, s->m, s->n * sizeof *periods);
    if (s->n > 1)
        return s->n;
    int m = s->m[0], longer = m == 24 ? 168 : m == 7 ? 365 : 0;
    if (longer && n >= 2 * (size_t)longer) {
        periods[1] = longer;
        return 2;
    }
    return 1;
}

/* auto takes MSTL where the ensemble cannot see the seasons: a second,
 * longer period with two cycles of data, or one period longer than ETS's
 * seasonal states (M4 hourly, docs/forecast.md). */
static int auto_is_mstl(const struct mdl_seasons *s, size_t n)
{
    int periods[MDL_MSTL_MAX_PERIODS];
    size_t np = long_periods(s, n, periods), fit = 0;
    for (size_t i = 0; i < np; i++)
        fit += periods[i] > 1 && n >= 2 * (size_t)periods[i];
    return fit > 1 || (s->m[0] > ETS_MAX_M && n >= 2 * (size_t)s->m[0]);
}

static enum status run_kind(const double *y, size_t n, const struct mdl_seasons *ss, size_t h,
                            enum mdl_kind kind, struct forecast *out, struct err *e)
{
    int m = ss->m[0], periods[MDL_MSTL_MAX_PERIODS];
    switch (kind) {
    case MDL_ETS:
        return run_ets(y, n, m, h, 0, out, e);
    case MDL_ARIMA:
        return mdl_arima(y, n, m, h, out, e);
    case MDL_ETS_FULL:
        return run_ets(y, n, m, h, 1, out, e);
    case MDL_THETA:
        return mdl_theta(y, n, m, h, out, e);
    case MDL_REG:
        return mdl_reg(y, n, m, h, out, e);
    case MDL_SNAIVE:
        return mdl_snaive(y, n, m, h, out, e);
    case MDL_MSTL:
        return mdl_mstl(y, n, periods, long_periods(ss, n, periods), h, out, e);
    case MDL_ENSEMBLE:
        return run_ensemble(y, n, m, h, MEM_ETS | MEM_THETA | MEM_ARIMA | MEM_REG, "ensemble", out,
                            e);
    case MDL_AUTO:
    default:
        if (auto_is_mstl(ss, n))
            return mdl_mstl(y, n, periods, long_periods(ss, n, periods), h, out, e);
        return run_ensemble(y, n, m, h, MEM_ETS | MEM_THETA | MEM_ARIMA, "auto(ets+theta+arima)",
                            out, e);
    }
}

/* ---------------------------------------------------------------- front door */

/* Which simple method a cleaned series x[0..k) gets, if any. */
enum simple_case { SIMPLE_NONE, SIMPLE_ZERO, SIMPLE_CONSTANT, SIMPLE_CROSTON };

static enum simple_case simple_case(const double *x, size_t k, enum mdl_kind kind, int *nonneg)
{
    int allzero = 1, constant = 1;
    size_t zeros = 0;
    *nonneg = 1;
    for (size_t t = 0; t < k; t++) {
        if (x[t] < 0)
            *nonneg = 0;
        if (x[t] != 0)
            allzero = 0;
        else
            zeros++;
        if (x[t] != x[0])
            constant = 0;
    }
    if (allzero)
        return SIMPLE_ZERO;
    if (constant)
        return SIMPLE_CONSTANT;
    if (kind != MDL_SNAIVE && k >= 8 && *nonneg && zeros * 10 >= k * 3)
        return SIMPLE_CROSTON;
    return SIMPLE_NONE;
}

/* Level shifts in the cleaned x[0..k): removed from the history in place
 * when the series is long enough to test (mdl_level_shifts), else the
 * history before a recent shift is dropped (x moves to the shift, *k
 * shrinks). Returns 1 when the series was changed. */
static int handle_shifts(double *x, size_t *k, const struct mdl_seasons *ss, struct mdl_shifts *sh,
                         struct err *e, enum status *st)
{
    int m = ss->m[0], periods[MDL_MSTL_MAX_PERIODS], longest = m;
    size_t np = long_periods(ss, *k, periods);
    for (size_t i = 0; i < np; i++) /* the longest cycle with two of it in the data */
        if (periods[i] > longest && *k >= 2 * (size_t)periods[i])
            longest = periods[i];
    double *adj = malloc(*k * sizeof *adj);
    if (!adj) {
        *st = err_set(e, ST_NOMEM, "out of memory");
        return 0;
    }
    *st = mdl_level_shifts_span(x, *k, m, longest, adj, sh, e);
    int changed = 0;
    if (*st == ST_OK && sh->n > 0) {
        memcpy(x, adj, *k * sizeof *x);
        changed = 1;
    } else if (*st == ST_OK && !sh->tested) {
        size_t s = level_shift_start(x, *k, m);
        if (s > 0) {
            memmove(x, x + s, (*k - s) * sizeof *x);
            *k -= s;
            changed = 1;
        }
    }
    free(adj);
    return changed;
}

enum status mdl_forecast_fit_series(const double *y, size_t n, int m, enum mdl_kind kind,
                                    double *out, size_t *nout, struct mdl_shifts *sh, struct err *e)
{
    struct mdl_shifts tmp;
    if (!sh)
        sh = &tmp;
    memset(sh, 0, sizeof *sh);
    sh->volatility = NAN;
    size_t k = clean_series(y, n, out);
    *nout = k;
    if (k == 0)
        return ST_OK;
    int nonneg;
    if (kind == MDL_SNAIVE || simple_case(out, k, kind, &nonneg) != SIMPLE_NONE)
        return ST_OK;
    enum status st = ST_OK;
    struct mdl_seasons ss = {{m}, 1};
    handle_shifts(out, &k, &ss, sh, e, &st);
    *nout = k;
    return st;
}

/* Forecast the prepared series z[0..nz): the model, else seasonal naive,
 * else (under 4 values) the last value with the spread of what there is. */
static enum status forecast_prepared(const double *z, size_t nz, const struct mdl_seasons *seasons,
                                     size_t h, enum mdl_kind kind, struct forecast *out,
                                     struct err *e)
{
    struct err ie = {0};
    int m = seasons->m[0];
    if (nz >= 4 && run_kind(z, nz, seasons, h, kind, out, &ie) == ST_OK)
        return ST_OK;
    if (nz >= 4)
        return mdl_snaive(z, nz, m, h, out, e);
    double mean = 0, ss = 0;
    for (size_t t = 0; t < nz; t++)
        mean += z[t];
    mean /= (double)nz;
    for (size_t t = 0; t < nz; t++)
        ss += (z[t] - mean) * (z[t] - mean);
    double sd = nz > 1 ? sqrt(ss / (double)(nz - 1)) : 0.1 * fabs(mean);
    return flat_forecast(nz > 1 ? z[nz - 1] : mean, sd, h, "naive", out, e);
}

enum status mdl_forecast_series(const double *y, size_t n, int m, size_t h, enum mdl_kind kind,
                                struct forecast *out, struct err *e)
{
    struct mdl_seasons ss = {{m}, 1};
    return mdl_forecast_series_seasons(y, n, &ss, h, kind, out, e);
}

enum status mdl_forecast_series_seasons(const double *y, size_t n, const struct mdl_seasons *ss,
                                        size_t h, enum mdl_kind kind, struct forecast *out,
                                        struct err *e)
{
    int m = ss->m[0];
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return err_set(e, ST_NOMEM, "out of memory");
    size_t k = clean_series(y, n, x);
    enum status st = ST_OK;
    if (k == 0) {
        st = err_set(e, ST_NUMERIC, "series has no finite value");
        goto out;
    }
    int nonneg;
    switch (simple_case(x, k, kind, &nonneg)) {
    case SIMPLE_ZERO:
        st = flat_forecast(0, 0, h, "zero", out, e);
        goto out;
    case SIMPLE_CONSTANT:
        st = flat_forecast(x[0], 0, h, "constant", out, e);
        goto out;
    case SIMPLE_CROSTON:
        st = croston(x, k, h, out, e);
        goto out;
    case SIMPLE_NONE:
        break;
    }
    int shifted = 0;
    if (kind != MDL_SNAIVE) {
        struct mdl_shifts sh;
        shifted = handle_shifts(x, &k, ss, &sh, e, &st);
        if (st != ST_OK)
            goto out;
    }
    if ((st = forecast_prepared(x, k, ss, h, kind, out, e)) != ST_OK)
        goto out;
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
        st = mdl_snaive(x, k, m, h, out, e);
    }
out:
    free(x);
    return st;
}
