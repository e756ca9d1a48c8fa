/*
 * mdl_metrics.h - forecast accuracy measures shared by `yosan backtest`
 * and the tests: sMAPE (M3 definition, 0-200), MASE (seasonal-naive
 * in-sample scaling) and interval coverage. Pure arithmetic.
 */
#ifndef YOSAN_MDL_METRICS_H
#define YOSAN_MDL_METRICS_H

#include <stddef.h>

#include "mdl_forecast.h"

struct mdl_score {
    double smape_sum;  /* sum of 200|a-f|/(|a|+|f|) over points */
    size_t points;     /* forecast points scored */
    double mase_sum;   /* sum over forecasts of mean|a-f| / scale */
    size_t mase_n;     /* forecasts with a non-zero scale */
    size_t in80, in95; /* points inside the intervals */
};

/* Score forecast f against actual[0..k) (k <= f->h) given the training
 * series train[0..n) with seasonal period m (scale: mean |y_t - y_{t-m}|,
 * m = 1 when n <= m; a zero scale leaves MASE out for this forecast). */
void mdl_score_add(struct mdl_score *s, const double *train, size_t n, int m, const double *actual,
                   size_t k, const struct forecast *f);
double mdl_score_smape(const struct mdl_score *s); /* NAN when empty */
double mdl_score_mase(const struct mdl_score *s);  /* NAN when empty */
double mdl_score_cov80(const struct mdl_score *s); /* fraction 0..1, NAN when empty */
double mdl_score_cov95(const struct mdl_score *s);

#endif
