/*
 * mdl_stats.h - small statistics shared by the models (pure, no I/O).
 */
#ifndef YOSAN_MDL_STATS_H
#define YOSAN_MDL_STATS_H

#include <stddef.h>

/* Quantile p in [0,1] of x[0..n) (R type 7, linear interpolation). Sorts a
 * private copy; x is not changed. Returns NAN when n == 0. */
double mdl_quantile(const double *x, size_t n, double p);

#endif
