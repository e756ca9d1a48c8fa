/*
 * run_forecast.c - `yosan forecast --by`: monthly cost aggregates from the
 * store forecast per key (see run_forecast.h and docs/forecast.md).
 */
#include "run_forecast.h"

enum status run_forecast_store(struct cli_ctx *ctx, int dim, int months, int cost, size_t h,
                               enum mdl_kind kind, enum rpt_format fmt, int jobs)
{
    (void)dim;
    (void)months;
    (void)cost;
    (void)h;
    (void)kind;
    (void)fmt;
    (void)jobs;
    return err_set(&ctx->err, ST_USAGE, "forecast --by is not built yet");
}
