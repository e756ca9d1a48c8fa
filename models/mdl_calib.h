/*
 * mdl_calib.h - calibration of forecast bands on the user's own history
 * (docs/forecast.md, "Calibration on your data"). Pure maths, no I/O.
 *
 * A forecast made at an earlier origin is compared with what happened: the
 * error is standardised by the sd its own 95 % band implies at that step
 * and side (z = (actual - mean) / ((hi95 - mean) / 1.96) above the mean).
 * If the bands were right, z would be standard normal. The scale of the
 * standardised errors, robustly estimated (median |z| / 0.6745, so a few
 * months no model could foresee - a go-live, a missed year-end peak - do
 * not set it), says how much too wide (< 1) or too narrow (> 1) the bands
 * are. Each series' scale is shrunk towards the scale pooled over all the
 * series of the run (few scores per series), and the bands are multiplied
 * by it around the point forecast.
 *
 * The median sets the 80 % band well but not the 95 % one when the errors
 * have heavier tails than the normal (a few large misses in every city's
 * history). The 95 % band gets one more factor, the tail ratio: the 95 %
 * quantile of all the series' |z| each divided by its own series' factor,
 * over the normal's 1.96. The shape of the tail is shared (pooled over the
 * run's series; one series has too few scores for its own 95 % quantile);
 * the scale stays each series'.
 */
#ifndef YOSAN_MDL_CALIB_H
#define YOSAN_MDL_CALIB_H

#include <stddef.h>

#include "err.h"
#include "mdl_forecast.h"

#define MDL_CALIB_ORIGINS    8   /* most recent origins whose forecasts are scored */
#define MDL_CALIB_HORIZON    3   /* steps scored from each origin */
#define MDL_CALIB_PRIOR      10  /* weight of the pooled scale, in scores */
#define MDL_CALIB_MIN        4   /* fewer own scores than this: the pooled scale alone */
#define MDL_CALIB_LO         0.2 /* the factor is kept within [LO, HI] */
#define MDL_CALIB_HI         5.0
#define MDL_CALIB_TAIL_PRIOR 50  /* weight of the normal tail (ratio 1), in scores */
#define MDL_CALIB_TAIL_LO    1.0 /* the tail ratio is kept within [TAIL_LO, TAIL_HI] */
#define MDL_CALIB_TAIL_HI    3.0 /* (it only widens) */

/* Standardised error of the actual a at step j of f (see above); NAN when
 * a is not finite or the band has no width on a's side. */
double mdl_calib_score(const struct forecast *f, size_t j, double a);

/* Robust scale of standardised errors: median |z| / 0.6745 (1 for standard
 * normal z); NAN when n == 0. */
double mdl_calib_scale(const double *z, size_t n);

/* Band factors for ns series from nz scores z[k] of series owner[k]:
 * c[i] = exp((n_i log s_i + PRIOR log s_pool) / (n_i + PRIOR)) with s_i the
 * series' own scale over its n_i scores (the pooled scale alone below
 * MDL_CALIB_MIN), clamped to [LO, HI]; 1 (bands as the model gives them)
 * when there are no scores at all or the pooled scale is 0. n (may be NULL,
 * ns entries) receives each series' own score count. */
enum status mdl_calib_factors(const double *z, const size_t *owner, size_t nz, size_t ns, double *c,
                              size_t *n, struct err *e);

/* Tail ratio of the 95 % band for the factors c (mdl_calib_factors) of
 * the same scores: q = the 95 % quantile (R type 7) of |z[k]| / c[owner[k]]
 * over the finite scores, divided by 1.959964; shrunk towards 1 as
 * *t = exp(n log q / (n + MDL_CALIB_TAIL_PRIOR)) for n scores and clamped
 * to [TAIL_LO, TAIL_HI]; 1 below MDL_CALIB_MIN scores. The 95 % band's
 * factor is c[i] * *t. */
enum status mdl_calib_tail(const double *z, const size_t *owner, size_t nz, size_t ns,
                           const double *c, double *t, struct err *e);

/* Central acceptance range of the share of n Bernoulli(p) successes at
 * level 1 - alpha: [lo, hi] = [k_lo / n, k_hi / n] with k_lo the smallest
 * k with P(K <= k) > alpha / 2 and k_hi the largest with P(K >= k) >
 * alpha / 2 (K ~ Binomial(n, p)); NAN for both when n == 0. */
void mdl_calib_accept(size_t n, double p, double alpha, double *lo, double *hi);

/* Multiply f's 80 % half-widths (each side) by c80 and its 95 % ones by
 * c95 around the mean, the 95 % band never inside the 80 % one; lower
 * bounds clamped at 0 when nonneg. */
void mdl_calib_apply(struct forecast *f, double c80, double c95, int nonneg);

#endif
