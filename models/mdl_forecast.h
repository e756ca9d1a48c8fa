/*
 * mdl_forecast.h - univariate forecasting models (pure: series in, forecast out).
 *
 * Every model takes y[0..n) observed at a regular period with seasonal
 * period m (1 = none) and fills a struct forecast with h point forecasts
 * and 80%/95% prediction intervals. No I/O, no SQL, no globals: the
 * functions are safe to call from several threads at once.
 *
 * Families: ETS (mdl_ets.c, Hyndman et al. 2008 state space, MLE, AICc),
 * Theta (mdl_theta.c, thetaf), ARIMA (mdl_arima.c, airline model), a
 * trend + seasonal regression (mdl_reg.c,
 * gsl_multifit), seasonal naive (mdl_snaive.c), and the combination /
 * robust front door mdl_forecast_series() (mdl_ensemble.c) that handles
 * NaN, zeros, very short, intermittent and level-shifted series and never
 * returns non-finite numbers.
 *
 * Ownership: a struct forecast owns its arrays; mdl_forecast_init()
 * allocates them, mdl_forecast_release() frees them.
 */
#ifndef YOSAN_MDL_FORECAST_H
#define YOSAN_MDL_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define MDL_NAME_LEN 32

struct forecast {
    size_t h;                 /* number of steps ahead */
    double *mean;             /* point forecasts, h values */
    double *lo80, *hi80;      /* 80% interval bounds */
    double *lo95, *hi95;      /* 95% interval bounds */
    double sigma;             /* innovation sd on the model's scale (0 if unknown) */
    char model[MDL_NAME_LEN]; /* e.g. "ets(MAdM)", "theta", "snaive" */
};

/* Allocate the five arrays for h steps (zeroed). Release with mdl_forecast_release(). */
enum status mdl_forecast_init(struct forecast *f, size_t h, struct err *e);
void mdl_forecast_release(struct forecast *f);
/* 1 when every value of every array is finite. */
int mdl_forecast_finite(const struct forecast *f);

/* ---- ETS ---- */

enum ets_comp { ETS_N = 0, ETS_A = 1, ETS_M = 2 };

struct ets_spec {
    enum ets_comp error;  /* ETS_A or ETS_M */
    enum ets_comp trend;  /* ETS_N or ETS_A */
    int damped;           /* 1: damped trend (Ad) */
    enum ets_comp season; /* ETS_N, ETS_A or ETS_M */
};

#define ETS_MAX_M 24

struct ets_fit {
    struct ets_spec spec; /* the form */
    int m;                /* seasonal period used (1 when season = N) */
    double alpha, beta;   /* level and trend smoothing (beta in the alpha*beta* form) */
    double gamma, phi;    /* seasonal smoothing, damping (1 when not damped) */
    double l, b;          /* final level and trend */
    double s[ETS_MAX_M];  /* final seasonal states, s[j] applies to step j+1 ahead */
    double l0, b0;        /* fitted initial level and trend */
    double s0[ETS_MAX_M]; /* fitted initial seasonals, s0[k] for period k of the year */
    double sigma2;        /* innovation variance (relative for M error) */
    double loglik;        /* -0.5 * n log(SSE) (+ M correction), as forecast::ets */
    double aicc, aic;     /* information criteria */
    int npar;             /* estimated parameters incl. sigma */
    size_t n;             /* observations used */
};

/* Estimation options. */
struct ets_opts {
    int state_iters; /* Nelder-Mead iterations over all parameters including the
                        initial states, after the smoothing parameters are fitted
                        with the heuristic states; 0 keeps the heuristic states */
};

/* Fit one ETS form by maximum likelihood over smoothing parameters and
 * initial states (Nelder-Mead, usual bounds, admissibility checked).
 * Returns ST_NUMERIC when the form cannot be fitted to y (too short,
 * non-positive data for M components, no admissible optimum).
 * opt NULL = full MLE (smoothing parameters and initial states). */
enum status mdl_ets_fit_spec(const double *y, size_t n, int m, struct ets_spec spec,
                             const struct ets_opts *opt, struct ets_fit *fit, struct err *e);

/* Fit every admissible form of forecast::ets's restricted set (no M trend,
 * no A error with M season; M only for positive data; season only when
 * 1 < m <= 24 and the series is long enough) and keep the lowest AICc. */
enum status mdl_ets_auto(const double *y, size_t n, int m, const struct ets_opts *opt,
                         struct ets_fit *fit, struct err *e);

/* Point forecasts and intervals of a fitted model (analytic for linear
 * and M-error/additive-component models, seeded simulation otherwise). */
enum status mdl_ets_forecast(const struct ets_fit *fit, size_t h, struct forecast *out,
                             struct err *e);

/* Simulate npaths future sample paths of length h from a fitted model
 * (Gaussian innovations, gsl_rng mt19937 seeded with seed) into
 * paths[p * h + t]. paths is caller-owned, npaths * h doubles. */
enum status mdl_ets_simulate(const struct ets_fit *fit, size_t h, size_t npaths, unsigned long seed,
                             double *paths, struct err *e);

/* ---- classical decomposition and seasonality test (shared by ETS and Theta) ---- */

/* 1 when the lag-m autocorrelation of y is significant at 90% (thetaf's test). */
int mdl_seasonality_test(const double *y, size_t n, int m);
/* Seasonal indices of a classical decomposition (centred moving average);
 * idx[k] is the index for period k mod m (average 1 for multiplicative,
 * 0 for additive). Needs n >= 2m. Returns 0 or -1. */
int mdl_decompose(const double *y, size_t n, int m, int multiplicative, double *idx);

/* ---- other families ---- */

/* Theta method as forecast::thetaf (seasonal adjustment when the test says
 * so, SES by MLE plus half the OLS drift). */
enum status mdl_theta(const double *y, size_t n, int m, size_t h, struct forecast *out,
                      struct err *e);
/* Seasonal naive (naive when m == 1 or n < m); intervals from in-sample
 * seasonal differences. */
enum status mdl_snaive(const double *y, size_t n, int m, size_t h, struct forecast *out,
                       struct err *e);
/* Linear trend + seasonal dummies fitted by OLS (gsl_multifit_linear) on
 * the last few seasons, with AR(1)-corrected intervals. */
enum status mdl_reg(const double *y, size_t n, int m, size_t h, struct forecast *out,
                    struct err *e);

/* Airline model ARIMA(0,1,1)(0,1,1)_m when m > 1 and n >= 2m + 4, else
 * ARIMA(0,1,1) with drift; conditional sum of squares, on logs for
 * positive series; intervals from the psi weights. */
enum status mdl_arima(const double *y, size_t n, int m, size_t h, struct forecast *out,
                      struct err *e);

/* Conditional-sum-of-squares fit of the airline model (s > 1) or of
 * ARIMA(0,1,1) with drift (s <= 1) to z exactly as given (no logs):
 * coef = {theta, Theta, drift}, resid[0 .. n - 1 - s') the residuals of the
 * differenced series (s' = s when s > 1, else 0; caller-owned, n doubles). */
enum status mdl_arima_css(const double *z, size_t n, int s, double coef[3], double *resid,
                          struct err *e);

/* ---- long and multiple seasonal periods (mdl_mstl.c) ---- */

#define MDL_MSTL_MAX_PERIODS 4

/* MSTL-style: seasonal components of each period (those with two cycles of
 * data) taken out, the rest forecast by non-seasonal ETS, the components
 * added back; in logs for a positive series. ST_NUMERIC when no period
 * fits. */
enum status mdl_mstl(const double *y, size_t n, const int *periods, size_t nperiods, size_t h,
                     struct forecast *out, struct err *e);

/* ---- level shifts (mdl_shift.c) ---- */

#define MDL_MAX_SHIFTS 3

/* Level shifts found anywhere in a series by the Chen & Liu (1993) test
 * on the residuals of the airline model (docs/forecast.md). */
struct mdl_shifts {
    size_t n;                     /* shifts found (0 .. MDL_MAX_SHIFTS) */
    size_t at[MDL_MAX_SHIFTS];    /* index of the first value at the new level */
    double size[MDL_MAX_SHIFTS];  /* new level / old level (multiplicative) or difference */
    double tstat[MDL_MAX_SHIFTS]; /* the test statistic when it was found */
    int multiplicative;           /* 1: positive series, shifts are ratios (logs) */
    int tested;                   /* 0: too short to test (fewer than 2m + 4 or 8 values) */
    double volatility;            /* robust sd of the one-step residuals after the
                                     shifts, relative to the level (NAN if untested) */
};

/* Test y[0..n) (finite values) for level shifts and write into adj[0..n)
 * (caller-owned) the series with the history before each shift moved to
 * the level after it (the intervention removed, Box & Tiao 1975), so that
 * a model fitted to adj forecasts at today's level with the noise of the
 * series, not of the step. Without a shift adj is a copy of y. */
enum status mdl_level_shifts(const double *y, size_t n, int m, double *adj, struct mdl_shifts *out,
                             struct err *e);
/* The same for a series with a longer seasonal period too (longest > m,
 * e.g. 168 for hourly data with m = 24): a shift must persist against the
 * same phase one longest period before, over one such period, so the
 * longer cycle (a weekend) is not taken for a step. Needs two longest
 * periods of data, else it is mdl_level_shifts(). */
enum status mdl_level_shifts_span(const double *y, size_t n, int m, int longest, double *adj,
                                  struct mdl_shifts *out, struct err *e);

/* ---- front door ---- */

enum mdl_kind {
    MDL_AUTO = 0, /* the default: what the benchmark shows works best */
    MDL_ETS,      /* ETS, smoothing parameters by MLE, initial states heuristic (R-like) */
    MDL_THETA,
    MDL_REG,
    MDL_SNAIVE,
    MDL_ENSEMBLE,
    MDL_ETS_FULL, /* ETS, MLE of smoothing parameters and initial states */
    MDL_ARIMA,    /* airline ARIMA(0,1,1)(0,1,1)_m / ARIMA(0,1,1) with drift */
    MDL_MSTL,     /* seasonal components out, non-seasonal ETS, components back */
};

/* Parse "auto|ets|ets-full|theta|reg|arima|snaive|ensemble|mstl"; -1 if unknown. */
int mdl_kind_parse(const char *s);

/* The seasonal periods of a series: m[0] the main one, which every model
 * uses; more (up to MDL_MSTL_MAX_PERIODS) are the longer cycles MSTL adds,
 * e.g. {24, 168} for hourly data. With n == 1 the longer cycle of hourly
 * (168) or daily (365) data is implied when two of them fit. */
struct mdl_seasons {
    int m[MDL_MSTL_MAX_PERIODS]; /* periods, each >= 1 */
    size_t n;                    /* how many (1..MDL_MSTL_MAX_PERIODS) */
};

/* Forecast y with the chosen model, robustly: NaN values are interpolated,
 * leading missing values dropped, all-zero / constant / very short /
 * intermittent series get simple methods, level shifts anywhere are
 * detected and removed from the history (mdl_level_shifts; a series too
 * short to test is fitted from a recent shift on). Falls back to
 * seasonal naive when a model fails, so the result is always finite.
 * Returns ST_NUMERIC only when y has no finite value at all. */
enum status mdl_forecast_series(const double *y, size_t n, int m, size_t h, enum mdl_kind kind,
                                struct forecast *out, struct err *e);
/* The same with several seasonal periods (auto and mstl use them all). */
enum status mdl_forecast_series_seasons(const double *y, size_t n, const struct mdl_seasons *s,
                                        size_t h, enum mdl_kind kind, struct forecast *out,
                                        struct err *e);

/* The series mdl_forecast_series() fits its model to: cleaned (gaps), and
 * with level shifts removed or the history before a recent shift dropped.
 * out: caller-owned, n doubles; *nout its length (0 when y has no finite
 * value); sh (may be NULL) what the shift test found. Series that get a
 * simple method (zero, constant, intermittent) come back cleaned only. */
enum status mdl_forecast_fit_series(const double *y, size_t n, int m, enum mdl_kind kind,
                                    double *out, size_t *nout, struct mdl_shifts *sh,
                                    struct err *e);

#endif
