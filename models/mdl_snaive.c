/*
 * mdl_snaive.c - seasonal naive (and naive), the floor every other model
 * must beat and the fallback when a model fails. Intervals use the
 * in-sample seasonal differences: sd * sqrt(k + 1) for k whole seasons ahead
 * (forecast::snaive's random-walk-in-seasons variance).
 */
#include <math.h>
#include <stdio.h>

#include "mdl_forecast.h"

enum status mdl_snaive(const double *y, size_t n, int m, size_t h, struct forecast *out,
                       struct err *e)
{
    if (n == 0)
        return err_set(e, ST_NUMERIC, "snaive: empty series");
    size_t mm = (m > 1 && n >= (size_t)m) ? (size_t)m : 1;
    enum status st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        return st;
    snprintf(out->model, sizeof out->model, "%s", mm > 1 ? "snaive" : "naive");
    double ss = 0;
    size_t cnt = 0;
    for (size_t t = mm; t < n; t++) {
        double d = y[t] - y[t - mm];
        ss += d * d;
        cnt++;
    }
    double sd = cnt ? sqrt(ss / (double)cnt) : 0;
    if (cnt == 0) { /* one value (or one season): a guess of 10% spread */
        sd = 0.1 * fabs(y[n - 1]);
    }
    out->sigma = sd;
    for (size_t i = 0; i < h; i++) {
        double v = y[n - mm + (i % mm)];
        double k = (double)(i / mm) + 1;
        double s = sd * sqrt(k);
        out->mean[i] = v;
        out->lo80[i] = v - 1.2815515655446004 * s;
        out->hi80[i] = v + 1.2815515655446004 * s;
        out->lo95[i] = v - 1.959963984540054 * s;
        out->hi95[i] = v + 1.959963984540054 * s;
    }
    return ST_OK;
}
