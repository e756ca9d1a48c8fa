/*
 * cmd_track.c - `yosan track`: execution tracking (執行管理) of a fiscal
 * year against its appropriations. Parses options, calls job_track()
 * (engine/jobs/job_track.c) and writes the lines, or their months with
 * --monthly. docs/track.md has every rule.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "job_forecast.h"
#include "job_track.h"
#include "log.h"
#include "rpt_table.h"

const char *const cmd_track_usage[] = {
    "usage: yosan track --fiscal-year YYYY [--as-of YYYY-MM-DD] [--monthly]",
    "                   [--format table|csv|json] [--cost actual|amortized] [--model MODEL]",
    "",
    "Execution tracking (執行管理) of fiscal year YYYY against the appropriations",
    "loaded with `yosan appropriations load`: per department (局), per system where",
    "the appropriations name systems, and for the city, the appropriation to date",
    "(当初 + 補正 + 流用 + 予備費充用 dated up to the as-of day), the actual spend of",
    "the year's complete months, the execution rate (執行率 = actual / appropriation),",
    "the plan to date (the appropriation spread over the months by the forecast's",
    "seasonal shape), the projected year-end P50/P80/P95 (actual months plus the",
    "budget run's forecast of the rest), the surplus (+) or shortfall (-) at P50,",
    "the probability of exceeding the appropriation, and a flag: overrun (P50 above",
    "the appropriation: a 補正 or 流用 is needed), watch (P80 above) or on plan.",
    "Figures are whole yen on the appropriations' basis (their file states it).",
    "",
    "  --fiscal-year YYYY   the fiscal year (FY2026 = 2026-04 .. 2027-03)",
    "  --as-of DATE         use the cost data and appropriations up to DATE only (a",
    "                       cut for looking back; default: all the data). A month is",
    "                       actual when DATE is its last day; a partial month is",
    "                       forecast whole, as in `yosan budget`",
    "  --monthly            one row per line and month: plan, actual or P50 forecast,",
    "                       80% and 95% bands (the data of the chart in `report track`)",
    "  --format FMT         table (default), csv or json",
    "  --cost KIND          actual (default when imported: cash) or amortized",
    "  --model MODEL        auto (default), ets, ets-full, theta, arima, reg, snaive,",
    "                       ensemble",
    NULL,
};

struct track_cli {
    struct track_params p;
    int fmt, monthly;
};

static enum status track_opt(struct cli_ctx *ctx, int c, const char *arg, struct track_cli *o)
{
    static const char *const costs[] = {"actual", "amortized", NULL};
    char *end;
    int k;
    switch (c) {
    case 'y':
        o->p.fiscal_year = (int)strtol(arg, &end, 10);
        if (end == arg || *end || o->p.fiscal_year < 2000 || o->p.fiscal_year > 2200)
            return cli_usage_error(
                ctx, cmd_track_usage,
                "--fiscal-year: expected a year 2000..2200 such as 2026, got '%s'", arg);
        return ST_OK;
    case 'd':
        if (date_parse(arg, strlen(arg), &o->p.as_of) != 0)
            return cli_usage_error(ctx, cmd_track_usage,
                                   "--as-of: expected a day YYYY-MM-DD, got '%s'", arg);
        return ST_OK;
    case 'f':
        if ((o->fmt = cli_choice(arg, rpt_format_names)) < 0)
            return cli_usage_error(ctx, cmd_track_usage,
                                   "--format: expected table, csv or json, got '%s'", arg);
        return ST_OK;
    case 'c':
        if ((o->p.cost = cli_choice(arg, costs)) < 0)
            return cli_usage_error(ctx, cmd_track_usage,
                                   "--cost: expected actual or amortized, got '%s'", arg);
        return ST_OK;
    case 'm':
        if ((k = mdl_kind_parse(arg)) < 0)
            return cli_usage_error(ctx, cmd_track_usage,
                                   "--model: unknown model '%s': expected auto, ets, ets-full, "
                                   "theta, arima, reg, snaive or ensemble",
                                   arg);
        o->p.kind = (enum mdl_kind)k;
        return ST_OK;
    case 'M':
        o->monthly = 1;
        return ST_OK;
    default:
        return cli_usage_error(ctx, cmd_track_usage, "unknown option");
    }
}

static enum status track_parse(int argc, char **argv, struct cli_ctx *ctx, struct track_cli *o)
{
    static const struct option opts[] = {
        {"fiscal-year", required_argument, NULL, 'y'},
        {"as-of", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"cost", required_argument, NULL, 'c'},
        {"model", required_argument, NULL, 'm'},
        {"monthly", no_argument, NULL, 'M'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->p.fiscal_year = -1;
    o->p.cost = -1;
    o->p.kind = MDL_AUTO;
    o->p.jobs = job_forecast_jobs();
    int c;
    while ((c = getopt_long(argc, argv, "y:d:f:c:m:M", opts, NULL)) != -1)
        if (c == '?' || c == ':' ? cli_option_error(ctx, cmd_track_usage, argv) != ST_OK
                                 : track_opt(ctx, c, optarg, o) != ST_OK)
            return ST_USAGE;
    if (optind < argc)
        return cli_usage_error(ctx, cmd_track_usage, "unexpected argument '%s'", argv[optind]);
    if (o->p.fiscal_year < 0)
        return cli_usage_error(ctx, cmd_track_usage, "--fiscal-year is required");
    return ST_OK;
}

enum { TC_N = 15 };

/* One summary row of line L (cell holds the numbers' text). */
static enum status line_row(struct rpt_table *t, const struct track_result *r,
                            const struct track_line *L, char cell[][32])
{
    const char *row[TC_N];
    long long v[8] = {L->approp, L->original, L->actual, L->plan_to_date,
                      L->p50,    L->p80,      L->p95,    L->surplus};
    row[0] = L->department;
    row[1] = L->system ? L->system : "";
    for (int k = 0; k < 8; k++) {
        snprintf(cell[2 + k], 32, "%lld", v[k]);
        int needs_approp = k == 0 || k == 1 || k == 3 || k == 7;
        row[2 + k] = L->has_approp || !needs_approp ? cell[2 + k] : "";
    }
    snprintf(cell[10], 32, "%.1f", L->exec_rate);
    row[10] = isfinite(L->exec_rate) ? cell[10] : "";
    snprintf(cell[11], 32, "%.1f", 100 * L->p_exceed);
    row[11] = isfinite(L->p_exceed) ? cell[11] : "";
    row[12] = L->has_approp ? mdl_track_flag_name(L->flag) : "no appropriation";
    row[13] = L->flag == MDL_TRACK_OVERRUN ? "補正 or 流用" : "";
    row[14] = terms_basis_name(r->basis);
    return rpt_table_add(t, row);
}

static enum status write_lines(struct cli_ctx *ctx, const struct track_result *r,
                               enum rpt_format fmt)
{
    struct err *e = &ctx->err;
    static const char *const hdr[TC_N] = {
        "department",    "system",       "appropriation", "original", "actual",
        "plan_to_date",  "p50",          "p80",           "p95",      "surplus",
        "exec_rate_pct", "p_exceed_pct", "flag",          "action",   "basis"};
    enum rpt_col_type ty[TC_N];
    for (int k = 0; k < TC_N; k++)
        ty[k] = k >= 2 && k <= 9 ? RPT_AMOUNT : k >= 10 && k <= 11 ? RPT_NUM : RPT_TEXT;
    struct rpt_table t;
    enum status st = rpt_table_init(&t, TC_N, hdr, ty);
    char cell[TC_N][32];
    for (size_t i = 0; i < r->nlines && st == ST_OK; i++)
        st = line_row(&t, r, &r->lines[i], cell);
    if (st == ST_OK)
        st = line_row(&t, r, &r->city, cell);
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    else
        err_set(e, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

enum { MC_N = 12 };

static enum status month_rows(struct rpt_table *t, const struct track_result *r,
                              const struct track_line *L)
{
    char cell[MC_N][32];
    enum status st = ST_OK;
    for (int k = 0; k < 12 && st == ST_OK; k++) {
        const char *row[MC_N];
        row[0] = L->department;
        row[1] = L->system ? L->system : "";
        row[2] = month_format(r->first_month + k, cell[2]);
        row[3] = k < r->actual_months ? "actual" : "forecast";
        long long v[6] = {L->plan[k], L->months[k], L->lo80[k], L->hi80[k], L->lo95[k], L->hi95[k]};
        for (int j = 0; j < 6; j++) {
            snprintf(cell[4 + j], 32, "%lld", v[j]);
            row[4 + j] = j == 0 && !L->has_approp ? "" : cell[4 + j];
        }
        row[10] = mdl_track_flag_name(L->flag);
        row[11] = terms_basis_name(r->basis);
        st = rpt_table_add(t, row);
    }
    return st;
}

static enum status write_months(struct cli_ctx *ctx, const struct track_result *r,
                                enum rpt_format fmt)
{
    struct err *e = &ctx->err;
    static const char *const hdr[MC_N] = {"department", "system", "month", "kind", "plan", "amount",
                                          "lo80",       "hi80",   "lo95",  "hi95", "flag", "basis"};
    enum rpt_col_type ty[MC_N];
    for (int k = 0; k < MC_N; k++)
        ty[k] = k >= 4 && k <= 9 ? RPT_AMOUNT : RPT_TEXT;
    struct rpt_table t;
    enum status st = rpt_table_init(&t, MC_N, hdr, ty);
    for (size_t i = 0; i < r->nlines && st == ST_OK; i++)
        st = month_rows(&t, r, &r->lines[i]);
    if (st == ST_OK)
        st = month_rows(&t, r, &r->city);
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    else
        err_set(e, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

/* What the run was on, and the lines that need money. */
static void log_run(const struct track_result *r)
{
    char d[DATE_ISO_LEN], a[8];
    log_info("FY%d as of %s: %d actual months (through %s), %d forecast; amounts in whole yen "
             "on basis %s (the appropriations' basis; terms: %s), %s cost",
             r->fiscal_year, date_format(r->as_of, d), r->actual_months,
             month_format(r->last_complete, a), 12 - r->actual_months,
             terms_basis_text(r->basis, 0), r->terms_source, r->dataset);
    for (size_t i = 0; i < r->nlines; i++) {
        const struct track_line *L = &r->lines[i];
        if (L->flag == MDL_TRACK_OVERRUN)
            log_warn("%s%s%s: projected shortfall %lld yen at P50 (P(exceed) %.0f %%): a 補正 "
                     "or 流用 is needed",
                     L->department, L->system ? " " : "", L->system ? L->system : "",
                     (long long)-L->surplus, 100 * L->p_exceed);
    }
    if (r->missing)
        log_warn("%zu department(s) have appropriations but no spend in the data (check the "
                 "names against `yosan departments`)",
                 r->missing);
}

enum status cmd_track(int argc, char **argv, struct cli_ctx *ctx)
{
    struct track_cli o;
    if (track_parse(argc, argv, ctx, &o) != ST_OK)
        return ST_USAGE;
    enum status st = cli_open_store(ctx);
    struct track_result r = {0};
    if (st == ST_OK)
        st = job_track(ctx->store, &o.p, &r, &ctx->err);
    if (st == ST_OK) {
        log_run(&r);
        st = o.monthly ? write_months(ctx, &r, (enum rpt_format)o.fmt)
                       : write_lines(ctx, &r, (enum rpt_format)o.fmt);
    }
    job_track_result_release(&r);
    return st;
}
