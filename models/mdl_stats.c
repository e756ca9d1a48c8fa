/*
 * mdl_stats.c - quantiles and friends (see mdl_stats.h).
 */
#include "mdl_stats.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double mdl_quantile(const double *x, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return NAN;
    memcpy(tmp, x, n * sizeof *tmp);
    gsl_sort(tmp, 1, n);
    double q = gsl_stats_quantile_from_sorted_data(tmp, 1, n, p);
    free(tmp);
    return q;
}
