/*
 * run_forecast.h - forecasting many series at once, shared by
 * `yosan forecast`, `yosan budget` and `yosan backtest` (engine/cli glue:
 * models + store + reports).
 */
#ifndef YOSAN_RUN_FORECAST_H
#define YOSAN_RUN_FORECAST_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "err.h"
#include "mdl_forecast.h"
#include "rpt_table.h"
#include "store_costs.h"

struct run_series {
    const char *id;  /* borrowed name */
    const double *y; /* borrowed values (NAN = missing) */
    size_t n;        /* values */
};

/* Forecast n series h steps ahead on `jobs` threads; out[i] (caller's
 * array of n zeroed structs) receives series i's forecast and must be
 * released with mdl_forecast_release() by the caller (also on error). */
enum status run_forecast_parallel(const struct run_series *series, size_t n, int m, size_t h,
                                  enum mdl_kind kind, int jobs, struct forecast *out,
                                  struct err *e);
/* Online CPUs, capped at 64. */
int run_forecast_jobs(void);
/* Write forecasts as series_id,h[,month],mean,lo80,hi80,lo95,hi95,model;
 * labels (h strings) adds the month column. */
enum status run_forecast_write(FILE *f, const struct run_series *series, const struct forecast *fc,
                               size_t n, const char *const *labels, enum rpt_format fmt,
                               struct err *e);
/* `yosan forecast --by`: opens the store at ctx->db_path itself (the
 * --input form needs no database). dim: 0 total, 1 department,
 * 2 subscription, 3 service; cost: -1 auto, 0 actual, 1 amortized. */
enum status run_forecast_store(struct cli_ctx *ctx, int dim, int months, int cost, size_t h,
                               enum mdl_kind kind, enum rpt_format fmt, int jobs);

/* Monthly series from the store, one per key of a dimension, over the
 * complete months only (the month of the last usage day is left out
 * unless that day is its last day). */
struct run_store_series {
    struct run_series *v; /* n series; ids borrowed from cells */
    size_t n;
    int first;               /* month_index of y[0] */
    int last_complete;       /* month_index of y[n-1] */
    const char *dataset;     /* "actual" or "amortized" (static) */
    double *vals;            /* owned storage behind v[i].y */
    struct cost_cells cells; /* owned */
};
/* dim: 0 total, 1 department, 2 subscription, 3 service; months: keep the
 * last N months (0 = all); cost: -1 amortized when imported, 0 actual, 1
 * amortized. Release with run_store_series_release(). */
enum status run_store_series_load(struct store *s, int dim, int months, int cost,
                                  struct run_store_series *out, struct err *e);
void run_store_series_release(struct run_store_series *r);

#endif
