/*
 * job_backtest.h - calibration of the forecast bands per series for
 * `yosan backtest`: how often the actuals fell inside the 80 % / 95 %
 * bands of `auto` at rolling origins, how wide today's 12-month band is,
 * and whether a band far wider than the other series' is explained by a
 * volatile history (residual noise after the level shifts) or not.
 * Series in, rows out; formats nothing.
 */
#ifndef YOSAN_JOB_BACKTEST_H
#define YOSAN_JOB_BACKTEST_H

#include <stddef.h>

#include "err.h"
#include "job_forecast.h"

#define BT_WIDTH_STEP  12  /* the band judged: 12 months ahead */
#define BT_WIDE_FACTOR 3.0 /* wide: more than 3 x the median series' band */

struct bt_calib {
    const char *id;    /* borrowed from the series */
    size_t points;     /* actuals scored at the origins */
    double cov80;      /* share of them inside the calibrated 80 % band (NAN: none): the
                          band of each origin times the factor of the origins before it */
    double cov95;      /* ... inside the calibrated 95 % band */
    double raw80;      /* ... inside the model's own 80 % band */
    double raw95;      /* ... inside the model's own 95 % band */
    double factor;     /* today's band factor (mdl_calib.h; 1 = the model's bands) */
    double width80;    /* calibrated (hi80 - lo80) / mean, 12 months ahead of the last
                          value (NAN: mean 0) */
    double volatility; /* one-month residual sd after the level shifts, relative (NAN: untested) */
    size_t shifts;     /* level shifts found in the whole history */
    int wide;          /* width80 > BT_WIDE_FACTOR x the median series' */
    int volatile_hist; /* volatility > BT_WIDE_FACTOR x the median series' */
    double ok80_lo;    /* central 95 % binomial acceptance range of cov80 for `points`  */
    double ok80_hi;    /* scores of exact 80 % bands (mdl_calib_accept; NAN: no points) */
    double ok95_lo;    /* ... of cov95 for exact 95 % bands */
    double ok95_hi;
    size_t step_points;  /* scored actuals with a level shift of the whole history between
                            their origin and themselves ('step after origin') */
    double cov80_nostep; /* cov80 over the other points (NAN: none) */
    double cov95_nostep; /* cov95 over them */
    double factor95;     /* today's 95 % band factor: factor times the run's tail ratio */
};

/* The rolling-origin cuts: for each series and origin o (0..origins-1) the
 * series without its last o + 1 points, when at least 4 remain, into cut
 * (room for ns * origins) with the index of its series in owner. Returns
 * how many cuts were written. */
size_t job_backtest_cuts(const struct job_series *ser, size_t ns, int origins,
                         struct job_series *cut, size_t *owner);

/* For each of ser[0..ns): `auto` fitted at origins 1..origins months
 * before the end, scored on up to h following months, raw and calibrated
 * (the factors of the MDL_CALIB_ORIGINS origins before each scored one,
 * leaving out the scores with a level shift found by then in their window);
 * then today's factor and one forecast from all values. out: caller's
 * array of ns rows. */
enum status job_backtest_calibrate(const struct job_series *ser, size_t ns, int m, size_t h,
                                   int origins, int jobs, struct bt_calib *out, struct err *e);

/* The band factors of each series as of its last value (mdl_calib.h):
 * `auto` fitted MDL_CALIB_ORIGINS times, 1..MDL_CALIB_ORIGINS values
 * before the end, and scored on up to MDL_CALIB_HORIZON actuals after
 * each. c80, c95: caller's ns doubles each, the 80 % band's factor and the
 * 95 % band's (c80 times the run's tail ratio). The budget multiplies its
 * bands and its P80 / P95 spreads by them. */
enum status job_calibrate(const struct job_series *ser, size_t ns, int m, int jobs, double *c80,
                          double *c95, struct err *e);

#endif
