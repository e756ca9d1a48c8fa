/*
 * mdl_calib.c - band calibration from standardised past errors (see
 * mdl_calib.h and docs/forecast.md, "Calibration on your data").
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "mdl_calib.h"
#include "mdl_stats.h"

double mdl_calib_score(const struct forecast *f, size_t j, double a)
{
    const double z95 = 1.959963984540054;
    if (!isfinite(a) || j >= f->h)
        return NAN;
    double m = f->mean[j];
    double half = a >= m ? f->hi95[j] - m : m - f->lo95[j];
    if (!(half > 0))
        return NAN;
    return (a - m) / (half / z95);
}

double mdl_calib_scale(const double *z, size_t n)
{
    const double mad_norm = 0.6744897501960817; /* median |z| of a standard normal */
    if (n == 0)
        return NAN;
    double *a = malloc(n * sizeof *a);
    if (!a)
        return NAN;
    for (size_t k = 0; k < n; k++)
        a[k] = fabs(z[k]);
    double q = mdl_quantile(a, n, 0.5);
    free(a);
    return q / mad_norm;
}

static double clamp_factor(double c)
{
    if (!isfinite(c))
        return 1;
    return c < MDL_CALIB_LO ? MDL_CALIB_LO : c > MDL_CALIB_HI ? MDL_CALIB_HI : c;
}

enum status mdl_calib_factors(const double *z, const size_t *owner, size_t nz, size_t ns, double *c,
                              size_t *n, struct err *e)
{
    double *own = malloc((nz ? nz : 1) * sizeof *own);
    if (!own)
        return err_set(e, ST_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < nz; i++)
        if (isfinite(z[i]) && owner[i] < ns)
            own[k++] = z[i];
    double pool = mdl_calib_scale(own, k);
    for (size_t i = 0; i < ns; i++) {
        size_t ni = 0;
        for (size_t q = 0; q < nz; q++)
            if (owner[q] == i && isfinite(z[q]))
                own[ni++] = z[q];
        if (n)
            n[i] = ni;
        if (!(pool > 0)) {
            c[i] = 1;
            continue;
        }
        double si = ni >= MDL_CALIB_MIN ? mdl_calib_scale(own, ni) : NAN;
        double w = si > 0 ? (double)ni / ((double)ni + MDL_CALIB_PRIOR) : 0;
        c[i] = clamp_factor(exp(w * (si > 0 ? log(si) : 0) + (1 - w) * log(pool)));
    }
    free(own);
    return ST_OK;
}

enum status mdl_calib_tail(const double *z, const size_t *owner, size_t nz, size_t ns,
                           const double *c, double *t, struct err *e)
{
    const double z95 = 1.959963984540054;
    double *u = malloc((nz ? nz : 1) * sizeof *u);
    if (!u)
        return err_set(e, ST_NOMEM, "out of memory");
    size_t n = 0;
    for (size_t k = 0; k < nz; k++)
        if (isfinite(z[k]) && owner[k] < ns && c[owner[k]] > 0)
            u[n++] = fabs(z[k]) / c[owner[k]];
    *t = 1;
    if (n >= MDL_CALIB_MIN) {
        double q = mdl_quantile(u, n, 0.95) / z95;
        if (q > 0) {
            double r = exp((double)n * log(q) / ((double)n + MDL_CALIB_TAIL_PRIOR));
            *t = r < MDL_CALIB_TAIL_LO   ? MDL_CALIB_TAIL_LO
                 : r > MDL_CALIB_TAIL_HI ? MDL_CALIB_TAIL_HI
                                         : r;
        }
    }
    free(u);
    return ST_OK;
}

void mdl_calib_accept(size_t n, double p, double alpha, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (n == 0)
        return;
    unsigned N = (unsigned)n, klo = 0, khi = N;
    while (klo < N && !(gsl_cdf_binomial_P(klo, p, N) > alpha / 2))
        klo++;
    /* P(K >= k) = Q(k - 1) */
    while (khi > 0 && !(gsl_cdf_binomial_Q(khi - 1, p, N) > alpha / 2))
        khi--;
    *lo = (double)klo / (double)n;
    *hi = (double)khi / (double)n;
}

void mdl_calib_apply(struct forecast *f, double c80, double c95, int nonneg)
{
    for (size_t j = 0; j < f->h; j++) {
        double m = f->mean[j];
        f->lo80[j] = m - c80 * (m - f->lo80[j]);
        f->hi80[j] = m + c80 * (f->hi80[j] - m);
        f->lo95[j] = fmin(m - c95 * (m - f->lo95[j]), f->lo80[j]);
        f->hi95[j] = fmax(m + c95 * (f->hi95[j] - m), f->hi80[j]);
        if (nonneg) {
            f->lo80[j] = f->lo80[j] > 0 ? f->lo80[j] : 0;
            f->lo95[j] = f->lo95[j] > 0 ? f->lo95[j] : 0;
        }
    }
}
