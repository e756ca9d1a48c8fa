/*
 * mdl_theta.c - the Theta method (Assimakopoulos & Nikolopoulos 2000) as
 * R's forecast::thetaf computes it: seasonal adjustment by classical
 * multiplicative decomposition when the lag-m autocorrelation test says so,
 * SES fitted by ets(A,N,N) maximum likelihood, plus half the OLS slope with
 * Hyndman & Billah's drift term; intervals from the SES model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"

enum status mdl_theta(const double *y, size_t n, int m, size_t h, struct forecast *out,
                      struct err *e)
{
    if (n < 3)
        return err_set(e, ST_NUMERIC, "theta: %zu observations are too few", n);
    double idx[ETS_MAX_M];
    int seasonal = 0;
    if (m > 1 && m <= ETS_MAX_M && mdl_seasonality_test(y, n, m)) {
        /* like thetaf, zeros do not prevent the multiplicative decomposition
         * (off-season months of tourism series); non-positive indices do */
        if (mdl_decompose(y, n, m, 1, idx) == 0) {
            seasonal = 1;
            for (int k = 0; k < m; k++)
                if (!(idx[k] > 0))
                    seasonal = 0;
        }
    }
    double *ysa = malloc(n * sizeof *ysa);
    if (!ysa)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t t = 0; t < n; t++)
        ysa[t] = seasonal ? y[t] / idx[t % (size_t)m] : y[t];
    struct ets_fit fit;
    struct ets_spec ann = {ETS_A, ETS_N, 0, ETS_N};
    enum status st = mdl_ets_fit_spec(ysa, n, 1, ann, NULL, &fit, e);
    if (st != ST_OK) {
        free(ysa);
        return st;
    }
    /* OLS slope of ysa on 0..n-1 */
    double sx = 0, sy = 0, sxx = 0, sxy = 0, dn = (double)n;
    for (size_t t = 0; t < n; t++) {
        double x = (double)t;
        sx += x;
        sy += ysa[t];
        sxx += x * x;
        sxy += x * ysa[t];
    }
    free(ysa);
    double b = (dn * sxy - sx * sy) / (dn * sxx - sx * sx);
    double alpha = fit.alpha > 1e-10 ? fit.alpha : 1e-10;
    double drift = b / 2;
    st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        return st;
    snprintf(out->model, sizeof out->model, "theta");
    double sd = sqrt(fit.sigma2);
    out->sigma = sd;
    double tail = (1 - pow(1 - alpha, dn)) / alpha;
    for (size_t i = 0; i < h; i++) {
        double mu = fit.l + drift * ((double)i + tail);
        double se = sd * sqrt((double)i * alpha * alpha + 1);
        double s = seasonal ? idx[(n + i) % (size_t)m] : 1.0;
        out->mean[i] = mu * s;
        out->lo80[i] = (mu - 1.2815515655446004 * se) * s;
        out->hi80[i] = (mu + 1.2815515655446004 * se) * s;
        out->lo95[i] = (mu - 1.959963984540054 * se) * s;
        out->hi95[i] = (mu + 1.959963984540054 * se) * s;
    }
    if (!mdl_forecast_finite(out)) {
        mdl_forecast_release(out);
        return err_set(e, ST_NUMERIC, "theta: non-finite forecast");
    }
    return ST_OK;
}
