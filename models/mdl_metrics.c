/*
 * mdl_metrics.c - accuracy measures (see mdl_metrics.h). The same
 * definitions as scripts/bench_forecast.py, so backtests on the user's data
 * read like the benchmark table.
 */
#include <math.h>

#include "mdl_metrics.h"

void mdl_score_add(struct mdl_score *s, const double *train, size_t n, int m, const double *actual,
                   size_t k, const struct forecast *f)
{
    size_t mm = (m > 1 && n > (size_t)m) ? (size_t)m : 1;
    double scale = 0;
    size_t cnt = 0;
    for (size_t t = mm; t < n; t++) {
        if (isfinite(train[t]) && isfinite(train[t - mm])) {
            scale += fabs(train[t] - train[t - mm]);
            cnt++;
        }
    }
    scale = cnt ? scale / (double)cnt : 0;
    double ae = 0;
    size_t used = 0;
    for (size_t i = 0; i < k && i < f->h; i++) {
        double a = actual[i], p = f->mean[i];
        if (!isfinite(a))
            continue;
        double d = fabs(a) + fabs(p);
        s->smape_sum += d > 0 ? 200 * fabs(a - p) / d : 0;
        s->points++;
        ae += fabs(a - p);
        used++;
        s->in80 += a >= f->lo80[i] && a <= f->hi80[i];
        s->in95 += a >= f->lo95[i] && a <= f->hi95[i];
    }
    if (used && scale > 0) {
        s->mase_sum += ae / (double)used / scale;
        s->mase_n++;
    }
}

double mdl_score_smape(const struct mdl_score *s)
{
    return s->points ? s->smape_sum / (double)s->points : NAN;
}

double mdl_score_mase(const struct mdl_score *s)
{
    return s->mase_n ? s->mase_sum / (double)s->mase_n : NAN;
}

double mdl_score_cov80(const struct mdl_score *s)
{
    return s->points ? (double)s->in80 / (double)s->points : NAN;
}

double mdl_score_cov95(const struct mdl_score *s)
{
    return s->points ? (double)s->in95 / (double)s->points : NAN;
}
