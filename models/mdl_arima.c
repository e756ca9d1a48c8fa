/*
 * mdl_arima.c - a small ARIMA family: the "airline" model
 * ARIMA(0,1,1)(0,1,1)_m for seasonal series (Box & Jenkins) and
 * ARIMA(0,1,1) with drift otherwise, fitted by conditional sum of squares
 * (GSL Nelder-Mead over the MA coefficients), on logs when the series is
 * positive. Intervals from the psi weights of the fitted model (normal
 * errors; on logs the bounds are transformed back, the mean is the median).
 * Not auto.arima: no order search, no KPSS / seasonal-strength tests.
 */
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"

struct arima_obj {
    const double *w; /* differenced series */
    size_t n;        /* its length */
    size_t m;        /* seasonal lag (0 = none) */
    double *e;       /* scratch residuals, n */
    double scale;    /* |last value|, for the drift's first step */
};

/* CSS of w_t = e_t + th e_{t-1} + Th e_{t-m} + th Th e_{t-m-1} (+ c). */
static double arima_css(const struct arima_obj *o, double th, double Th, double c)
{
    double ss = 0;
    size_t m = o->m;
    for (size_t t = 0; t < o->n; t++) {
        double v = o->w[t] - c;
        if (t >= 1)
            v -= th * o->e[t - 1];
        if (m && t >= m)
            v -= Th * o->e[t - m];
        if (m && t >= m + 1)
            v -= th * Th * o->e[t - m - 1];
        o->e[t] = v;
        ss += v * v;
    }
    return ss;
}

static double arima_f(const gsl_vector *x, void *p)
{
    const struct arima_obj *o = p;
    double th = gsl_vector_get(x, 0);
    double Th = o->m ? gsl_vector_get(x, 1) : 0;
    double c = o->m ? 0 : gsl_vector_get(x, 1);
    if (fabs(th) > 0.99 || fabs(Th) > 0.99)
        return 1e300;
    double ss = arima_css(o, th, Th, c);
    return isfinite(ss) ? ss : 1e300;
}

/* Nelder-Mead over the MA coefficients (and the drift when o->m == 0):
 * coef = {th, Th, c}, *css their sum of squares, o->e their residuals. */
static enum status arima_fit(struct arima_obj *o, double coef[3], double *css, struct err *e)
{
    size_t s = o->m;
    double wmean = 0;
    for (size_t t = 0; t < o->n; t++)
        wmean += o->w[t];
    wmean /= (double)o->n;
    enum status st = ST_OK;
    gsl_vector *x = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
    gsl_multimin_fminimizer *mn =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    if (!x || !step || !mn) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    gsl_vector_set(x, 0, -0.4);
    gsl_vector_set(x, 1, s ? -0.6 : wmean);
    gsl_vector_set(step, 0, 0.2);
    gsl_vector_set(step, 1, s ? 0.2 : 0.5 * fabs(wmean) + 1e-6 * (o->scale + 1));
    gsl_multimin_function fn = {arima_f, 2, o};
    gsl_multimin_fminimizer_set(mn, &fn, x, step);
    for (int it = 0; it < 300; it++) {
        if (gsl_multimin_fminimizer_iterate(mn) != 0)
            break;
        if (gsl_multimin_fminimizer_size(mn) < 1e-5)
            break;
    }
    coef[0] = gsl_vector_get(mn->x, 0);
    coef[1] = s ? gsl_vector_get(mn->x, 1) : 0;
    coef[2] = s ? 0 : gsl_vector_get(mn->x, 1);
    *css = arima_css(o, coef[0], coef[1], coef[2]);
    if (!isfinite(*css) || fabs(coef[0]) > 0.99 || fabs(coef[1]) > 0.99)
        st = err_set(e, ST_NUMERIC, "arima: fit failed");
out:
    gsl_vector_free(x);
    gsl_vector_free(step);
    if (mn)
        gsl_multimin_fminimizer_free(mn);
    return st;
}

enum status mdl_arima_css(const double *z, size_t n, int s, double coef[3], double *resid,
                          struct err *e)
{
    size_t sl = s > 1 ? (size_t)s : 0, d = 1 + sl;
    if (n < d + 4)
        return err_set(e, ST_NUMERIC, "arima: %zu observations are too few", n);
    double *w = malloc((n - d) * sizeof *w);
    if (!w)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t t = d; t < n; t++)
        w[t - d] = z[t] - z[t - 1] - (sl ? z[t - sl] - z[t - sl - 1] : 0);
    struct arima_obj o = {w, n - d, sl, resid, fabs(z[n - 1])};
    double css;
    enum status st = arima_fit(&o, coef, &css, e);
    free(w);
    return st;
}

enum status mdl_arima(const double *y, size_t n, int m, size_t h, struct forecast *out,
                      struct err *e)
{
    size_t s = (m > 1 && n >= (size_t)(2 * m + 4)) ? (size_t)m : 0;
    size_t d = 1 + s; /* observations lost to differencing */
    if (n < d + 4)
        return err_set(e, ST_NUMERIC, "arima: %zu observations are too few", n);
    int logs = 1;
    for (size_t t = 0; t < n; t++)
        if (!(y[t] > 0))
            logs = 0;
    size_t L = n + h;
    double *z = malloc(L * sizeof *z), *w = malloc(n * sizeof *w), *res = malloc(L * sizeof *res);
    double *psi = malloc(L * sizeof *psi), *eps = malloc(n * sizeof *eps);
    enum status st = ST_OK;
    if (!z || !w || !res || !psi || !eps) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t t = 0; t < n; t++)
        z[t] = logs ? log(y[t]) : y[t];
    size_t nw = n - d;
    for (size_t t = d; t < n; t++)
        w[t - d] = z[t] - z[t - 1] - (s ? z[t - s] - z[t - s - 1] : 0);
    struct arima_obj o = {w, nw, s, eps, fabs(z[n - 1])};
    double coef[3];
    double css;
    if ((st = arima_fit(&o, coef, &css, e)) != ST_OK)
        goto out;
    double th = coef[0], Th = coef[1], c = coef[2];
    double sigma2 = css / (double)(nw > 3 ? nw - 2 : 1);
    /* forecasts: future shocks 0; residuals of the past as fitted */
    for (size_t t = 0; t < nw; t++)
        res[d + t] = o.e[t];
    for (size_t t = 0; t < d; t++)
        res[t] = 0;
    for (size_t t = n; t < L; t++) {
        double wf = c + th * res[t - 1] + (s ? Th * res[t - s] + th * Th * res[t - s - 1] : 0);
        res[t] = 0;
        z[t] = z[t - 1] + (s ? z[t - s] - z[t - s - 1] : 0) + wf;
    }
    /* psi weights: response of y to a unit shock, through the same recursion */
    for (size_t j = 0; j < h; j++) {
        double wj = (j == 0 ? 1 : 0) + (j == 1 ? th : 0) + (s && j == s ? Th : 0) +
                    (s && j == s + 1 ? th * Th : 0);
        double prev = j >= 1 ? psi[j - 1] : 0;
        double seas = s && j >= s ? psi[j - s] - (j >= s + 1 ? psi[j - s - 1] : 0) : 0;
        psi[j] = prev + seas + wj;
    }
    st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        goto out;
    snprintf(out->model, sizeof out->model, "%s", s ? "arima(011)(011)" : "arima(011)+drift");
    out->sigma = sqrt(sigma2);
    double acc = 0;
    for (size_t i = 0; i < h; i++) {
        acc += psi[i] * psi[i];
        double sd = sqrt(sigma2 * acc), mu = z[n + i];
        double b[5] = {mu, mu - 1.2815515655446004 * sd, mu + 1.2815515655446004 * sd,
                       mu - 1.959963984540054 * sd, mu + 1.959963984540054 * sd};
        for (int k = 0; k < 5; k++)
            if (logs)
                b[k] = exp(b[k] > 700 ? 700 : b[k]);
        out->mean[i] = b[0];
        out->lo80[i] = b[1];
        out->hi80[i] = b[2];
        out->lo95[i] = b[3];
        out->hi95[i] = b[4];
    }
    if (!mdl_forecast_finite(out)) {
        mdl_forecast_release(out);
        st = err_set(e, ST_NUMERIC, "arima: non-finite forecast");
    }
out:
    free(z);
    free(w);
    free(res);
    free(psi);
    free(eps);
    return st;
}
