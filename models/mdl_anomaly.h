/*
 * mdl_anomaly.h - anomalies in a daily cost series (`yosan anomalies`,
 * docs/anomalies.md): a robust baseline with a day-of-week and a "closed
 * day" (holiday, 12/29-1/3 closure) profile, level shifts re-anchored, an
 * expected range, and the days above it. Pure maths, no I/O.
 *
 * Ownership: every buffer is the caller's; mdl_anom_detect() allocates only
 * scratch space, freed before it returns.
 */
#ifndef YOSAN_MDL_ANOMALY_H
#define YOSAN_MDL_ANOMALY_H

#include <stddef.h>

#include "err.h"

/* Day classes: 0..6 Monday..Sunday of an open day, MDL_ANOM_CLOSED a
 * national holiday or a day of the year-end closure (any weekday). */
#define MDL_ANOM_CLOSED 7

struct mdl_anom_params {
    double k;           /* range half-width in robust sds (ANOM_K) */
    double sigma_floor; /* smallest sd, as a fraction of the level (ANOM_SIGMA_FLOOR) */
    double min_excess;  /* smallest excess over the expected value, currency units */
    int level_days;     /* trailing days of the level (ANOM_LEVEL_DAYS) */
    int profile_days;   /* trailing days of the day-class profile (ANOM_PROFILE_DAYS) */
    int scale_days;     /* trailing days of the residual scale (ANOM_SCALE_DAYS) */
    int shift_run;      /* days in a row shift_k sds off the expected value: a level shift */
    double shift_k;     /* (ANOM_SHIFT_RUN, ANOM_SHIFT_K) */
    int warmup_days;    /* days from a series' first cost before any day is judged */
};

void mdl_anom_params_default(struct mdl_anom_params *p);

/* What the model says about one day. */
struct mdl_anom_day {
    int judged;      /* 0: before the series started or in its warm-up (nothing below) */
    double expected; /* level x the day class's profile factor */
    double lo, hi;   /* expected range: expected -/+ k x sd (lo clipped at 0) */
    int flagged;     /* 1: above hi by at least min_excess */
    int shift;       /* 1: a level shift starts this day (the level was re-anchored) */
};

/* Judge x[0..n) (one value a day, currency units) with day classes
 * cls[0..n) (0..7 as above); out[0..n) filled. Causal: a day is judged only
 * on the days before it. ST_NOMEM, or ST_USAGE for a bad class or params. */
enum status mdl_anom_detect(const double *x, const unsigned char *cls, size_t n,
                            const struct mdl_anom_params *p, struct mdl_anom_day *out,
                            struct err *e);

/* Median of v[0..n) using tmp[0..n) as scratch (v unchanged); NAN when n = 0. */
double mdl_anom_median(const double *v, size_t n, double *tmp);

#endif
