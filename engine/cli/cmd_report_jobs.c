/*
 * cmd_report_jobs.c - the report kinds built in the jobs library
 * (engine/jobs/job_report.h): each turns the parsed `yosan report` options
 * and the CLI's context (store, database path, $YOSAN_THREADS, the clock)
 * into job options and calls one builder.
 */
#include <string.h>
#include <time.h>

#include "cmd_report.h"
#include "imp_budget.h"
#include "imp_dept.h"
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
        .as_of = o->as_of,
        .from = o->day_from,
        .to = o->day_to,
    };
    return j;
}

enum status cmd_report_budget_opt(struct cli_ctx *ctx, int c, const char *arg,
                                  struct report_opts *o)
{
    static const char *const rounding[] = {"down", "half-up", "up", NULL}; /* enum money_rounding */
    switch (c) {
    case OPT_BY:
        if (strcmp(arg, "department") != 0 && strcmp(arg, "department,system") != 0)
            return cli_usage_error(ctx, cmd_report_usage,
                                   "--by: expected department or department,system, got '%s'", arg);
        o->by_system = strcmp(arg, "department,system") == 0;
        return ST_OK;
    case OPT_SYSTEM_TAG:
        o->system_tag = arg;
        return ST_OK;
    case OPT_SYSTEM_RULES:
        o->system_rules = arg;
        return ST_OK;
    case OPT_ADJUST:
        o->adjust = arg;
        return ST_OK;
    case OPT_APPROP:
        o->appropriations = arg;
        return ST_OK;
    case OPT_THOUSAND:
        if ((o->thousand_rounding = cli_choice(arg, rounding)) < 0)
            return cli_usage_error(ctx, cmd_report_usage,
                                   "--thousand-rounding: expected up, down or half-up, got '%s'",
                                   arg);
        return ST_OK;
    default:
        return cli_usage_error(ctx, cmd_report_usage, "unknown option");
    }
}

enum status cmd_report_budget(const struct report_opts *o, struct cli_ctx *ctx, struct rpt_doc *d)
{
    struct job_report_opts j = job_opts(o, ctx);
    struct imp_adjust_set adj = {0};
    struct imp_approp_set ap = {0};
    struct dept_rules rules;
    dept_rules_init(&rules);
    enum status st = ST_OK;
    if (o->adjust && (st = imp_adjust_read(o->adjust, &adj, &ctx->err)) == ST_OK)
        j.adjust = &adj;
    if (st == ST_OK && o->appropriations &&
        (st = imp_approp_read(o->appropriations, &ap, &ctx->err)) == ST_OK)
        j.approp = &ap;
    if (st == ST_OK && o->system_rules &&
        (st = imp_dept_rules_read_as(o->system_rules, "system", &rules, &ctx->err)) == ST_OK)
        j.system_rules = &rules;
    j.by_system = o->by_system;
    j.system_tag = o->system_tag;
    j.thousand_rounding = o->thousand_rounding;
    if (st == ST_OK)
        st = job_report_budget(ctx->store, &j, d, &ctx->err);
    dept_rules_release(&rules);
    imp_approp_set_release(&ap);
    imp_adjust_set_release(&adj);
    return st;
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

enum status cmd_report_track(const struct report_opts *o, struct cli_ctx *ctx, struct rpt_doc *d)
{
    struct job_report_opts j = job_opts(o, ctx);
    return job_report_track(ctx->store, &j, d, &ctx->err);
}

enum status cmd_report_anomalies(const struct report_opts *o, struct cli_ctx *ctx,
                                 struct rpt_doc *d)
{
    struct job_report_opts j = job_opts(o, ctx);
    return job_report_anomalies(ctx->store, &j, d, &ctx->err);
}
