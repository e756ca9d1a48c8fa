/*
 * job_forecast.h - forecasting many series at once, shared by
 * `yosan forecast`, `yosan budget` and `yosan backtest`: the thread pool
 * over series, monthly series from the store, and the forecast-from-the-
 * store job (store + models). Formats nothing: the CLI writes the result.
 */
#ifndef YOSAN_JOB_FORECAST_H
#define YOSAN_JOB_FORECAST_H

#include <stddef.h>

#include "err.h"
#include "mdl_forecast.h"
#include "store.h"
#include "store_costs.h"

struct job_series {
    const char *id;  /* borrowed name */
    const double *y; /* borrowed values (NAN = missing) */
    size_t n;        /* values */
};

/* Forecast n series h steps ahead on `jobs` threads; out[i] (caller's
 * array of n zeroed structs) receives series i's forecast and must be
 * released with mdl_forecast_release() by the caller (also on error). */
enum status job_forecast_parallel(const struct job_series *series, size_t n, int m, size_t h,
                                  enum mdl_kind kind, int jobs, struct forecast *out,
                                  struct err *e);
/* The same with several seasonal periods (mdl_forecast_series_seasons). */
enum status job_forecast_parallel_seasons(const struct job_series *series, size_t n,
                                          const struct mdl_seasons *seasons, size_t h,
                                          enum mdl_kind kind, int jobs, struct forecast *out,
                                          struct err *e);
/* Online CPUs, capped at 64. */
int job_forecast_jobs(void);

/* Monthly series from the store, one per key of a dimension, over the
 * complete months only (the month of the last usage day is left out
 * unless that day is its last day). */
struct job_store_series {
    struct job_series *v; /* n series; ids borrowed from cells */
    size_t n;
    int first;               /* month_index of y[0] */
    int last_complete;       /* month_index of y[n-1] */
    const char *dataset;     /* "actual" or "amortized" (static) */
    double *vals;            /* owned storage behind v[i].y */
    struct cost_cells cells; /* owned */
};
/* dim: 0 total, 1 department, 2 subscription, 3 service; months: keep the
 * last N months (0 = all); cost: -1 amortized when imported, 0 actual, 1
 * amortized. Release with job_store_series_release(). */
enum status job_store_series_load(struct store *s, int dim, int months, int cost,
                                  struct job_store_series *out, struct err *e);
void job_store_series_release(struct job_store_series *r);

/* `yosan forecast --by`: monthly spend per key of a dimension, forecast
 * from the first incomplete month on. */
struct job_forecast_store_opts {
    int dim;            /* 0 total, 1 department, 2 subscription, 3 service */
    int months;         /* fit on the last N complete months only; 0 = all */
    int cost;           /* -1 amortized when imported, 0 actual, 1 amortized */
    size_t h;           /* months ahead (>= 1) */
    enum mdl_kind kind; /* model */
    int jobs;           /* threads */
};

struct job_forecast_store_result {
    struct job_store_series series; /* the series, series.n of them */
    struct forecast *fc;            /* series.n forecasts, h steps each */
    char **labels;                  /* h month labels "YYYY-MM" (first forecast month first) */
    char *label_buf;                /* owned storage behind labels */
};

/* Run the job. out is released with job_forecast_store_release() (also
 * safe after an error). */
enum status job_forecast_store(struct store *s, const struct job_forecast_store_opts *o,
                               struct job_forecast_store_result *out, struct err *e);
void job_forecast_store_release(struct job_forecast_store_result *r);

#endif
