/*
 * cmd_track.c - `yosan track`: execution tracking (執行管理) of a fiscal
 * year against its appropriations. Parses options, calls job_track()
 * (engine/jobs/job_track.c) and writes the lines, or their months with
 * --monthly; with --daily calls job_track_daily() (job_track_daily.c) and
 * writes the month per department, or its days with --days. docs/track.md
 * has every rule.
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
    "       yosan track --daily [--month YYYY-MM] [--as-of YYYY-MM-DD] [--days]",
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
    "  --daily              one month day by day instead (the month of the as-of",
    "                       day unless --month): per department and for the city,",
    "                       the actual cost to the as-of day, the rest of the month",
    "                       forecast from the daily cost (weekly cycle, the year too",
    "                       with two years of data, holidays and the 12/29-1/3",
    "                       closure as in `yosan anomalies`), the projected month",
    "                       total with its 80% band, the month's plan and the",
    "                       total's share of the year's appropriation. No",
    "                       --fiscal-year needed; works without appropriations",
    "  --month YYYY-MM      with --daily: the month (the data are cut at its end)",
    "  --days               with --daily: one row per department and day (actual or",
    "                       forecast, 80% band)",
    "  --format FMT         table (default), csv or json",
    "  --cost KIND          actual (default when imported: cash) or amortized",
    "  --model MODEL        auto (default), ets, ets-full, theta, arima, reg, snaive,",
    "                       ensemble",
    NULL,
};

struct track_cli {
    struct track_params p;
    int fmt, monthly, daily, days, month;
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
        if (cli_model_opt(ctx, cmd_track_usage, arg, &k) != ST_OK)
            return ST_USAGE;
        o->p.kind = (enum mdl_kind)k;
        return ST_OK;
    case 'M':
        o->monthly = 1;
        return ST_OK;
    case 'D':
        o->daily = 1;
        return ST_OK;
    case 'A':
        o->days = 1;
        return ST_OK;
    case 'n':
        if (month_parse(arg, &o->month) != 0)
            return cli_usage_error(ctx, cmd_track_usage, "--month: expected YYYY-MM, got '%s'",
                                   arg);
        return ST_OK;
    default:
        return cli_usage_error(ctx, cmd_track_usage, "unknown option");
    }
}

/* The combinations: --daily takes no --fiscal-year or --monthly, and
 * --month and --days need it. */
static enum status track_check(struct cli_ctx *ctx, const struct track_cli *o)
{
    if (o->daily && (o->p.fiscal_year >= 0 || o->monthly))
        return cli_usage_error(ctx, cmd_track_usage,
                               "--daily takes the month (--month YYYY-MM), not --fiscal-year or "
                               "--monthly");
    if (!o->daily && (o->month >= 0 || o->days))
        return cli_usage_error(ctx, cmd_track_usage, "--month and --days go with --daily");
    if (!o->daily && o->p.fiscal_year < 0)
        return cli_usage_error(ctx, cmd_track_usage, "--fiscal-year is required (or --daily)");
    return ST_OK;
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
        {"daily", no_argument, NULL, 'D'},
        {"days", no_argument, NULL, 'A'},
        {"month", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->p.fiscal_year = -1;
    o->p.cost = -1;
    o->p.kind = MDL_AUTO;
    o->p.jobs = job_forecast_jobs();
    o->month = -1;
    int c;
    while ((c = getopt_long(argc, argv, "y:d:f:c:m:MDAn:", opts, NULL)) != -1)
        if (c == '?' || c == ':' ? cli_option_error(ctx, cmd_track_usage, argv) != ST_OK
                                 : track_opt(ctx, c, optarg, o) != ST_OK)
            return ST_USAGE;
    if (optind < argc)
        return cli_usage_error(ctx, cmd_track_usage, "unexpected argument '%s'", argv[optind]);
    return track_check(ctx, o);
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

enum { DC_N = 14 };

/* One month row of line L. */
static enum status daily_line_row(struct rpt_table *t, const struct track_daily_result *r,
                                  const struct track_daily_line *L)
{
    char cell[DC_N][32];
    const char *row[DC_N];
    row[0] = L->department;
    row[1] = month_format(r->month, cell[1]);
    row[2] = date_format(r->as_of, cell[2]);
    snprintf(cell[3], 32, "%d", r->actual_days);
    row[3] = cell[3];
    long long v[6] = {L->actual, L->p50, L->lo80m, L->hi80m, L->plan, L->approp};
    for (int k = 0; k < 6; k++) {
        snprintf(cell[4 + k], 32, "%lld", v[k]);
        row[4 + k] = k >= 4 && !L->has_approp ? "" : cell[4 + k];
    }
    snprintf(cell[10], 32, "%.1f", L->share_pct);
    row[10] = isfinite(L->share_pct) ? cell[10] : "";
    snprintf(cell[11], 32, "%.3f", L->closed_factor);
    row[11] = isfinite(L->closed_factor) ? cell[11] : "";
    row[12] = L->model;
    row[13] = terms_basis_name(r->basis);
    return rpt_table_add(t, row);
}

enum { DD_N = 7 };

static enum status daily_day_rows(struct rpt_table *t, const struct track_daily_result *r,
                                  const struct track_daily_line *L)
{
    enum status st = ST_OK;
    int32_t first = month_first_day(r->month);
    for (int i = 0; i < r->ndays && st == ST_OK; i++) {
        char cell[DD_N][32];
        const char *row[DD_N];
        row[0] = L->department;
        row[1] = date_format(first + i, cell[1]);
        row[2] = i < r->actual_days ? "actual" : "forecast";
        long long v[3] = {L->day[i], L->lo80[i], L->hi80[i]};
        for (int k = 0; k < 3; k++) {
            snprintf(cell[3 + k], 32, "%lld", v[k]);
            row[3 + k] = cell[3 + k];
        }
        row[6] = terms_basis_name(r->basis);
        st = rpt_table_add(t, row);
    }
    return st;
}

static enum status write_daily(struct cli_ctx *ctx, const struct track_daily_result *r,
                               const struct track_cli *o)
{
    static const char *const hdr[DC_N] = {
        "department", "month", "as_of",         "actual_days", "actual",        "p50",   "lo80",
        "hi80",       "plan",  "appropriation", "share_pct",   "closed_factor", "model", "basis"};
    static const char *const dhdr[DD_N] = {"department", "day",  "kind", "amount",
                                           "lo80",       "hi80", "basis"};
    enum rpt_col_type ty[DC_N];
    int n = o->days ? DD_N : DC_N;
    for (int k = 0; k < n; k++)
        ty[k] = o->days ? (k >= 3 && k <= 5 ? RPT_AMOUNT : RPT_TEXT)
                        : (k >= 4 && k <= 9               ? RPT_AMOUNT
                           : k == 3 || k == 10 || k == 11 ? RPT_NUM
                                                          : RPT_TEXT);
    struct rpt_table t;
    enum status st = rpt_table_init(&t, (size_t)n, o->days ? dhdr : hdr, ty);
    for (size_t i = 0; i <= r->nlines && st == ST_OK; i++) {
        const struct track_daily_line *L = i < r->nlines ? &r->lines[i] : &r->city;
        st = o->days ? daily_day_rows(&t, r, L) : daily_line_row(&t, r, L);
    }
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, o->fmt, 0);
    else
        err_set(&ctx->err, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

static enum status run_daily(struct cli_ctx *ctx, const struct track_cli *o)
{
    struct track_daily_params dp = {o->month, o->p.as_of, o->p.cost, o->p.kind, o->p.jobs, NULL};
    struct track_daily_result r = {0};
    enum status st = job_track_daily(ctx->store, &dp, &r, &ctx->err);
    if (st == ST_OK) {
        char d[DATE_ISO_LEN], m[8];
        log_info("%s as of %s: %d actual days, %d forecast; amounts in whole yen on basis %s "
                 "(terms: %s), %s cost; the month band is the sum of the daily 80%% bands",
                 month_format(r.month, m), date_format(r.as_of, d), r.actual_days,
                 r.ndays - r.actual_days, terms_basis_name(r.basis), r.terms_source, r.dataset);
        st = write_daily(ctx, &r, o);
    }
    job_track_daily_release(&r);
    return st;
}

enum status cmd_track(int argc, char **argv, struct cli_ctx *ctx)
{
    struct track_cli o;
    if (track_parse(argc, argv, ctx, &o) != ST_OK)
        return ST_USAGE;
    enum status st = cli_open_store(ctx);
    if (st == ST_OK && o.daily)
        return run_daily(ctx, &o);
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
