/*
 * job_backtest.c - per-series calibration of the forecast bands (see
 * job_backtest.h and docs/forecast.md, "Calibration on your data").
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "job_backtest.h"
#include "mdl_calib.h"
#include "mdl_stats.h"

#define BT_STEP_BEFORE 2 /* a shift this close before the origin is not yet testable */

size_t job_backtest_cuts(const struct job_series *ser, size_t ns, int origins,
                         struct job_series *cut, size_t *owner)
{
    size_t nc = 0;
    for (size_t i = 0; i < ns; i++)
        for (int o = 0; o < origins; o++) {
            size_t back = (size_t)o + 1;
            if (ser[i].n < back + 4)
                continue;
            cut[nc] = ser[i];
            cut[nc].n = ser[i].n - back;
            owner[nc++] = i;
        }
    return nc;
}

/* Forecasts of the rolling cuts: fc[i * B + back - 1] is series i without
 * its last `back` values (1..B), hh steps ahead; h = 0 when fewer than 4
 * values would remain. */
static enum status cut_forecasts(const struct job_series *ser, size_t ns, int m, size_t B,
                                 size_t hh, int jobs, struct forecast *fc, struct err *e)
{
    struct job_series *cut = calloc(ns * B > 0 ? ns * B : 1, sizeof *cut);
    size_t *slot = calloc(ns * B > 0 ? ns * B : 1, sizeof *slot);
    struct forecast *tmp = calloc(ns * B > 0 ? ns * B : 1, sizeof *tmp);
    enum status st = ST_OK;
    if (!cut || !slot || !tmp) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    size_t nc = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t b = 1; b <= B; b++)
            if (ser[i].n >= b + 4) {
                cut[nc] = ser[i];
                cut[nc].n = ser[i].n - b;
                slot[nc++] = i * B + b - 1;
            }
    st = job_forecast_parallel(cut, nc, m, hh, MDL_AUTO, jobs, tmp, e);
    for (size_t c = 0; c < nc; c++)
        fc[slot[c]] = tmp[c]; /* moved: released with fc */
out:
    free(cut);
    free(slot);
    free(tmp);
    return st;
}

/* Level shifts of each series without its last `skip` values, found as
 * the forecast finds them (mdl_level_shifts, docs/forecast.md "Level
 * shifts"); none for a series with gaps or too short. sh: ns entries. */
static enum status shifts_asof(const struct job_series *ser, size_t ns, int m, size_t skip,
                               struct mdl_shifts *sh, struct err *e)
{
    size_t maxn = 1;
    for (size_t i = 0; i < ns; i++)
        maxn = ser[i].n > maxn ? ser[i].n : maxn;
    double *adj = malloc(maxn * sizeof *adj);
    if (!adj)
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st = ST_OK;
    for (size_t i = 0; i < ns && st == ST_OK; i++) {
        memset(&sh[i], 0, sizeof sh[i]);
        size_t n = ser[i].n > skip ? ser[i].n - skip : 0, k = 0;
        while (k < n && isfinite(ser[i].y[k]))
            k++;
        if (n >= 8 && k == n)
            st = mdl_level_shifts(ser[i].y, n, m, adj, &sh[i], e);
    }
    free(adj);
    return st;
}

/* 1 when one of the shifts starts at an index in [t - BT_STEP_BEFORE, hi]:
 * a forecast from origin t (its first forecast value) scored at hi has a
 * step it could not foresee, or one too recent at the origin for the
 * shift test (which needs 3 values at the new level) to model it. */
static int step_in(const struct mdl_shifts *sh, size_t t, size_t hi)
{
    size_t lo = t > BT_STEP_BEFORE ? t - BT_STEP_BEFORE : 0;
    for (size_t k = 0; sh && k < sh->n; k++)
        if (sh->at[k] >= lo && sh->at[k] <= hi)
            return 1;
    return 0;
}

/* Band factors as of `skip` values before the end of every series: the
 * cut forecasts from skip + 1 .. skip + MDL_CALIB_ORIGINS back, scored on
 * the actuals before that point only (no peeking), up to
 * MDL_CALIB_HORIZON steps. Scores whose window holds a level shift of sh
 * (found on the history up to that point; NULL: none) are left out: a
 * go-live is a step, not the noise the bands are for. c: 2 * ns factors,
 * every series' 80 % band's, then its 95 % band's (times the tail ratio). */
static enum status factors_asof(const struct job_series *ser, size_t ns, const struct forecast *fc,
                                size_t B, size_t skip, const struct mdl_shifts *sh, double *c,
                                struct err *e)
{
    size_t cap = ns * MDL_CALIB_ORIGINS * MDL_CALIB_HORIZON;
    double *z = calloc(cap ? cap : 1, sizeof *z);
    size_t *owner = calloc(cap ? cap : 1, sizeof *owner), nz = 0;
    if (!z || !owner) {
        free(z);
        free(owner);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < ns; i++)
        for (size_t b = skip + 1; b <= skip + MDL_CALIB_ORIGINS && b <= B; b++) {
            const struct forecast *f = &fc[i * B + b - 1];
            for (size_t j = 0; j < f->h && j < MDL_CALIB_HORIZON && j < b - skip; j++) {
                size_t t = ser[i].n - b;
                if (sh && step_in(&sh[i], t, t + j))
                    continue;
                z[nz] = mdl_calib_score(f, j, ser[i].y[ser[i].n - b + j]);
                owner[nz++] = i;
            }
        }
    double tail = 1;
    enum status st = mdl_calib_factors(z, owner, nz, ns, c, NULL, e);
    if (st == ST_OK)
        st = mdl_calib_tail(z, owner, nz, ns, c, &tail, e);
    for (size_t i = 0; i < ns; i++)
        c[ns + i] = c[i] * tail;
    free(z);
    free(owner);
    return st;
}

enum status job_calibrate(const struct job_series *ser, size_t ns, int m, int jobs, double *c80,
                          double *c95, struct err *e)
{
    size_t B = MDL_CALIB_ORIGINS;
    struct forecast *fc = calloc(ns * B > 0 ? ns * B : 1, sizeof *fc);
    struct mdl_shifts *sh = calloc(ns ? ns : 1, sizeof *sh);
    double *c = calloc(2 * ns + 1, sizeof *c);
    if (!fc || !sh || !c) {
        free(fc);
        free(sh);
        free(c);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    enum status st = cut_forecasts(ser, ns, m, B, MDL_CALIB_HORIZON, jobs, fc, e);
    if (st == ST_OK)
        st = shifts_asof(ser, ns, m, 0, sh, e);
    if (st == ST_OK)
        st = factors_asof(ser, ns, fc, B, 0, sh, c, e);
    for (size_t i = 0; i < ns && st == ST_OK; i++) {
        c80[i] = c[i];
        c95[i] = c[ns + i];
    }
    for (size_t k = 0; k < ns * B; k++)
        mdl_forecast_release(&fc[k]);
    free(fc);
    free(sh);
    free(c);
    return st;
}

/* 1 when a lies within the band lo..hi around m widened by c. */
static int inside(double a, double m, double lo, double hi, double c)
{
    return a >= m - c * (m - lo) && a <= m + c * (hi - m);
}

enum { IN_RAW80, IN_RAW95, IN_CAL80, IN_CAL95, IN_STEP, IN_NS80, IN_NS95, IN_N };

/* Score series i's forecast from b values back on up to h actuals: the
 * model's bands, the bands times c (80 %, 95 %), and whether a shift of the whole
 * history (hindsight, sh) falls in the window. in: IN_N counters. */
static void score_origin(const struct job_series *s, const struct forecast *f, size_t b, size_t h,
                         const double c[2], const struct mdl_shifts *sh, struct bt_calib *out,
                         size_t *in)
{
    for (size_t j = 0; j < f->h && j < h && j < b; j++) {
        size_t t = s->n - b;
        double a = s->y[t + j], mu = f->mean[j];
        if (!isfinite(a))
            continue;
        out->points++;
        int c80 = inside(a, mu, f->lo80[j], f->hi80[j], c[0]);
        /* the calibrated 95 % band is never inside the 80 % one (mdl_calib_apply) */
        int c95 = c80 || inside(a, mu, f->lo95[j], f->hi95[j], c[1]);
        in[IN_RAW80] += inside(a, mu, f->lo80[j], f->hi80[j], 1);
        in[IN_RAW95] += inside(a, mu, f->lo95[j], f->hi95[j], 1);
        in[IN_CAL80] += c80;
        in[IN_CAL95] += c95;
        if (step_in(sh, t, t + j)) {
            in[IN_STEP]++;
        } else {
            in[IN_NS80] += c80;
            in[IN_NS95] += c95;
        }
    }
}

/* The shares of the counters into the row. */
static void coverage_row(struct bt_calib *r, const size_t *in)
{
    double p = (double)r->points, q = (double)(r->points - in[IN_STEP]);
    r->raw80 = r->points ? (double)in[IN_RAW80] / p : NAN;
    r->raw95 = r->points ? (double)in[IN_RAW95] / p : NAN;
    r->cov80 = r->points ? (double)in[IN_CAL80] / p : NAN;
    r->cov95 = r->points ? (double)in[IN_CAL95] / p : NAN;
    r->step_points = in[IN_STEP];
    r->cov80_nostep = q > 0 ? (double)in[IN_NS80] / q : NAN;
    r->cov95_nostep = q > 0 ? (double)in[IN_NS95] / q : NAN;
    mdl_calib_accept(r->points, 0.80, 0.05, &r->ok80_lo, &r->ok80_hi);
    mdl_calib_accept(r->points, 0.95, 0.05, &r->ok95_lo, &r->ok95_hi);
}

/* Coverage at origins 1..origins back, of the model's bands (raw) and of
 * the bands calibrated on the origins before each (cov: the factors and
 * the shifts they leave out as of that origin), scored on up to h steps;
 * then today's factor. */
static enum status calib_coverage(const struct job_series *ser, size_t ns, int m, size_t h,
                                  int origins, int jobs, struct bt_calib *out, struct err *e)
{
    size_t B = (size_t)origins + MDL_CALIB_ORIGINS,
           hh = h > MDL_CALIB_HORIZON ? h : MDL_CALIB_HORIZON, n1 = ns ? ns : 1;
    struct forecast *fc = calloc(ns * B > 0 ? ns * B : 1, sizeof *fc);
    double *c = calloc(2 * n1, sizeof *c);
    size_t *in = calloc(IN_N * n1, sizeof *in);
    struct mdl_shifts *now = calloc(n1, sizeof *now), *then = calloc(n1, sizeof *then);
    enum status st = fc && c && in && now && then ? ST_OK : err_set(e, ST_NOMEM, "out of memory");
    if (st == ST_OK)
        st = cut_forecasts(ser, ns, m, B, hh, jobs, fc, e);
    if (st == ST_OK)
        st = shifts_asof(ser, ns, m, 0, now, e);
    for (size_t b = 1; b <= (size_t)origins && st == ST_OK; b++) {
        if ((st = shifts_asof(ser, ns, m, b, then, e)) != ST_OK ||
            (st = factors_asof(ser, ns, fc, B, b, then, c, e)) != ST_OK)
            break;
        for (size_t i = 0; i < ns; i++) {
            double ci[2] = {c[i], c[ns + i]};
            score_origin(&ser[i], &fc[i * B + b - 1], b, h, ci, &now[i], &out[i], in + IN_N * i);
        }
    }
    if (st == ST_OK)
        st = factors_asof(ser, ns, fc, B, 0, now, c, e);
    for (size_t i = 0; i < ns && st == ST_OK; i++) {
        coverage_row(&out[i], in + IN_N * i);
        out[i].factor = c[i];
        out[i].factor95 = c[ns + i];
    }
    for (size_t k = 0; fc && k < ns * B; k++)
        mdl_forecast_release(&fc[k]);
    free(fc);
    free(c);
    free(in);
    free(now);
    free(then);
    return st;
}

/* Today's 12-month band and the residual volatility after the shifts. */
static enum status calib_width(const struct job_series *ser, size_t ns, int m, int jobs,
                               struct bt_calib *out, struct err *e)
{
    struct forecast *fc = calloc(ns ? ns : 1, sizeof *fc);
    double *buf = NULL;
    size_t maxn = 1;
    for (size_t i = 0; i < ns; i++)
        maxn = ser[i].n > maxn ? ser[i].n : maxn;
    buf = malloc(maxn * sizeof *buf);
    if (!fc || !buf) {
        free(fc);
        free(buf);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    enum status st = job_forecast_parallel(ser, ns, m, BT_WIDTH_STEP, MDL_AUTO, jobs, fc, e);
    for (size_t i = 0; i < ns && st == ST_OK; i++) {
        const struct forecast *f = &fc[i];
        size_t j = BT_WIDTH_STEP - 1;
        /* the band as calibrated (the budget's) */
        out[i].width80 =
            f->mean[j] > 0 ? out[i].factor * (f->hi80[j] - f->lo80[j]) / f->mean[j] : NAN;
        struct mdl_shifts sh;
        size_t ny;
        st = mdl_forecast_fit_series(ser[i].y, ser[i].n, m, MDL_AUTO, buf, &ny, &sh, e);
        out[i].shifts = sh.n;
        out[i].volatility = sh.volatility;
    }
    for (size_t i = 0; i < ns; i++)
        mdl_forecast_release(&fc[i]);
    free(fc);
    free(buf);
    return st;
}

/* Median of the finite values of a field over the rows (NAN: none). */
static double median_of(const struct bt_calib *r, size_t ns, size_t off)
{
    double *v = malloc((ns ? ns : 1) * sizeof *v);
    size_t k = 0;
    if (!v)
        return NAN;
    for (size_t i = 0; i < ns; i++) {
        double x;
        memcpy(&x, (const char *)&r[i] + off, sizeof x);
        if (isfinite(x))
            v[k++] = x;
    }
    double q = k ? mdl_quantile(v, k, 0.5) : NAN;
    free(v);
    return q;
}

enum status job_backtest_calibrate(const struct job_series *ser, size_t ns, int m, size_t h,
                                   int origins, int jobs, struct bt_calib *out, struct err *e)
{
    memset(out, 0, ns * sizeof *out);
    for (size_t i = 0; i < ns; i++) {
        out[i].id = ser[i].id;
        out[i].cov80 = out[i].cov95 = out[i].width80 = out[i].volatility = NAN;
        out[i].raw80 = out[i].raw95 = NAN;
        out[i].cov80_nostep = out[i].cov95_nostep = NAN;
        out[i].factor = out[i].factor95 = 1;
    }
    enum status st = calib_coverage(ser, ns, m, h, origins, jobs, out, e);
    if (st == ST_OK)
        st = calib_width(ser, ns, m, jobs, out, e);
    if (st != ST_OK)
        return st;
    double mw = median_of(out, ns, offsetof(struct bt_calib, width80));
    double mv = median_of(out, ns, offsetof(struct bt_calib, volatility));
    for (size_t i = 0; i < ns; i++) {
        out[i].wide = isfinite(mw) && out[i].width80 > BT_WIDE_FACTOR * mw;
        out[i].volatile_hist = isfinite(mv) && out[i].volatility > BT_WIDE_FACTOR * mv;
    }
    return ST_OK;
}
