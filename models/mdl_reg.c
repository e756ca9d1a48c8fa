/*
 * mdl_reg.c - the third model family: a regression on a linear trend and
 * seasonal dummies (gsl_multifit_linear) over the last few seasons. Its
 * errors are far from independent, so the residual lag-1 autocorrelation
 * widens the intervals (AR(1) variance inflation). Cheap, and unlike ETS
 * and Theta it extrapolates a straight local trend, which makes it a
 * useful, differently-biased member of the ensemble.
 */
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdio.h>

#include "mdl_forecast.h"

enum status mdl_reg(const double *y, size_t n, int m, size_t h, struct forecast *out, struct err *e)
{
    if (n < 3)
        return err_set(e, ST_NUMERIC, "reg: %zu observations are too few", n);
    size_t mm = (m > 1 && m <= ETS_MAX_M) ? (size_t)m : 1;
    size_t win = mm > 1 ? 3 * mm : 24;
    if (win > n)
        win = n;
    int seas = mm > 1 && win >= 2 * mm + 2;
    size_t p = 2 + (seas ? mm - 1 : 0);
    if (win <= p + 1)
        return err_set(e, ST_NUMERIC, "reg: %zu observations are too few", n);
    size_t off = n - win;
    gsl_matrix *X = gsl_matrix_calloc(win, p), *cov = gsl_matrix_alloc(p, p);
    gsl_vector *yy = gsl_vector_alloc(win), *c = gsl_vector_alloc(p), *x = gsl_vector_alloc(p);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(win, p);
    enum status st = ST_OK;
    if (!X || !cov || !yy || !c || !x || !w) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t t = 0; t < win; t++) {
        size_t tt = off + t;
        gsl_matrix_set(X, t, 0, 1.0);
        gsl_matrix_set(X, t, 1, (double)t);
        if (seas && tt % mm != 0)
            gsl_matrix_set(X, t, 1 + tt % mm, 1.0);
        gsl_vector_set(yy, t, y[tt]);
    }
    double chisq;
    if (gsl_multifit_linear(X, yy, c, cov, &chisq, w) != 0) {
        st = err_set(e, ST_NUMERIC, "reg: least squares failed");
        goto out;
    }
    double dof = (double)(win - p);
    double s2 = chisq / dof;
    /* lag-1 autocorrelation of the residuals */
    double r0 = 0, r1 = 0, prev = 0;
    for (size_t t = 0; t < win; t++) {
        gsl_vector_const_view row = gsl_matrix_const_row(X, t);
        double fit, fe;
        gsl_multifit_linear_est(&row.vector, c, cov, &fit, &fe);
        double res = y[off + t] - fit;
        r0 += res * res;
        if (t > 0)
            r1 += res * prev;
        prev = res;
    }
    double rho = r0 > 0 ? r1 / r0 : 0;
    if (rho < 0)
        rho = 0;
    if (rho > 0.95)
        rho = 0.95;
    st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        goto out;
    snprintf(out->model, sizeof out->model, "reg");
    out->sigma = sqrt(s2);
    double acc = 0, rk = 1;
    for (size_t i = 0; i < h; i++) {
        size_t tt = n + i;
        gsl_vector_set_zero(x);
        gsl_vector_set(x, 0, 1.0);
        gsl_vector_set(x, 1, (double)(win + i));
        if (seas && tt % mm != 0)
            gsl_vector_set(x, 1 + tt % mm, 1.0);
        double mu, se;
        gsl_multifit_linear_est(x, c, cov, &mu, &se);
        acc += rk * rk; /* AR(1) h-step variance factor: sum of rho^(2j) */
        rk *= rho;
        double sd = sqrt(s2 * acc + se * se);
        out->mean[i] = mu;
        out->lo80[i] = mu - 1.2815515655446004 * sd;
        out->hi80[i] = mu + 1.2815515655446004 * sd;
        out->lo95[i] = mu - 1.959963984540054 * sd;
        out->hi95[i] = mu + 1.959963984540054 * sd;
    }
    if (!mdl_forecast_finite(out)) {
        mdl_forecast_release(out);
        st = err_set(e, ST_NUMERIC, "reg: non-finite forecast");
    }
out:
    gsl_multifit_linear_free(w);
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(yy);
    gsl_vector_free(c);
    gsl_vector_free(x);
    return st;
}
