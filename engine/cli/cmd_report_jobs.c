/*
 * cmd_report_jobs.c - the report kinds built in the jobs library
 * (engine/jobs/job_report.h): each turns the parsed `yosan report` options
 * and the CLI's context (store, database path, $YOSAN_THREADS, the clock)
 * into job options and calls one builder.
 */
#include <time.h>

#include "cmd_report.h"
#include "job_forecast.h"
#include "job_report.h"

static struct job_report_opts job_opts(const struct report_opts *o, const struct cli_ctx *ctx)
{
    struct job_report_opts j = {
        .lang = o->lang,
        .cost = o->cost,
        .fiscal_year = o->fiscal_year,
        .level = o->level,
        .shared = o->shared,
        .month = o->month,
        .lookback_days = o->lookback_days,
        .burstable_same_cores = o->burstable_same_cores,
        .years = o->years,
        .scenario = o->scenario,
        .db_path = ctx->db_path,
        .jobs = job_forecast_jobs(),
        .basis = o->basis,
        .now = (int64_t)time(NULL),
    };
    return j;
}

enum status cmd_report_budget(const struct report_opts *o, struct cli_ctx *ctx, struct rpt_doc *d)
{
    struct job_report_opts j = job_opts(o, ctx);
    return job_report_budget(ctx->store, &j, d, &ctx->err);
}

enum status cmd_report_rightsize(const struct report_opts *o, struct cli_ctx *ctx,
                                 struct rpt_doc *d)
{
    struct job_report_opts j = job_opts(o, ctx);
    j.threads = cli_threads();
    return job_report_rightsize(ctx->store, &j, d, &ctx->err);
}

enum status cmd_report_whatif(const struct report_opts *o, struct cli_ctx *ctx, struct rpt_doc *d)
{
    struct job_report_opts j = job_opts(o, ctx);
    j.threads = cli_threads();
    return job_report_whatif(&j, d, &ctx->err);
}
