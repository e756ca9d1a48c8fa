/*
 * job_backtest.c - per-series calibration of the forecast bands (see
 * job_backtest.h and docs/forecast.md, "Calibration on your data").
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "job_backtest.h"
#include "mdl_stats.h"

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

/* Coverage at the rolling origins: every (series, origin) cut forecast at
 * once on the thread pool. */
static enum status calib_coverage(const struct job_series *ser, size_t ns, int m, size_t h,
                                  int origins, int jobs, struct bt_calib *out, struct err *e)
{
    size_t cap = ns * (size_t)origins;
    struct job_series *cut = calloc(cap ? cap : 1, sizeof *cut);
    size_t *owner = calloc(cap ? cap : 1, sizeof *owner);
    struct forecast *fc = calloc(cap ? cap : 1, sizeof *fc);
    enum status st = ST_OK;
    if (!cut || !owner || !fc) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    size_t nc = job_backtest_cuts(ser, ns, origins, cut, owner);
    st = job_forecast_parallel(cut, nc, m, h, MDL_AUTO, jobs, fc, e);
    size_t *in80 = calloc(ns ? ns : 1, sizeof *in80), *in95 = calloc(ns ? ns : 1, sizeof *in95);
    if (st == ST_OK && (!in80 || !in95))
        st = err_set(e, ST_NOMEM, "out of memory");
    for (size_t c = 0; c < nc && st == ST_OK; c++) {
        size_t i = owner[c], back = ser[i].n - cut[c].n, k = back < h ? back : h;
        for (size_t j = 0; j < k; j++) {
            double a = ser[i].y[cut[c].n + j];
            if (!isfinite(a))
                continue;
            out[i].points++;
            in80[i] += a >= fc[c].lo80[j] && a <= fc[c].hi80[j];
            in95[i] += a >= fc[c].lo95[j] && a <= fc[c].hi95[j];
        }
    }
    for (size_t i = 0; i < ns && st == ST_OK; i++) {
        out[i].cov80 = out[i].points ? (double)in80[i] / (double)out[i].points : NAN;
        out[i].cov95 = out[i].points ? (double)in95[i] / (double)out[i].points : NAN;
    }
    free(in80);
    free(in95);
    for (size_t c = 0; c < nc; c++)
        mdl_forecast_release(&fc[c]);
out:
    free(cut);
    free(owner);
    free(fc);
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
        out[i].width80 = f->mean[j] > 0 ? (f->hi80[j] - f->lo80[j]) / f->mean[j] : NAN;
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
