/*
 * cmd_budget.c - `yosan budget`: the annual budget forecast per department
 * for a fiscal year. Parses options and input files, then hands over to
 * job_budget() (engine/jobs/job_budget.c), which does the computation, and
 * writes the result.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "imp_budget.h"
#include "imp_terms.h"
#include "job_budget.h"
#include "job_forecast.h"
#include "log.h"
#include "rpt_table.h"

const char *const cmd_budget_usage[] = {
    "usage: yosan budget --fiscal-year YYYY [--by department] [--level p50|p80|p95]",
    "                    [--shared proportional|even|fixed:FILE] [--adjust FILE.csv]",
    "                    [--format table|csv|json] [--cost actual|amortized] [--months N]",
    "                    [--model MODEL] [--reconcile bottom-up|wls]",
    "                    [--basis list|contract|contract+tax]",
    "                    [--input MONTHLY.csv --as-of YYYY-MM-DD]",
    "",
    "Forecast each department's (局) spend from the last actual month through the end",
    "of fiscal year YYYY (April-March) and allocate the year's budget in whole yen:",
    "monthly amounts, annual P50/P80/P95, last fiscal year and the change. Department",
    "forecasts are reconciled with the city total; shared costs ('(unallocated)') are",
    "split over departments; amounts add up to the yen.",
    "",
    "  --fiscal-year YYYY   the fiscal year to budget (FY2027 = 2027-04 .. 2028-03)",
    "  --by department      the only grouping for now (default)",
    "  --level L            annual quantile the monthly budget sums to (default p50)",
    "  --shared RULE        split of shared costs: proportional to each department's",
    "                       own forecast (default), even, or fixed:FILE with",
    "                       department,share rows",
    "  --adjust FILE        planned changes: department,from_month,amount|percent,note",
    "  --format FMT         table (default), csv or json",
    "  --cost KIND          actual or amortized (default: amortized when imported)",
    "  --months N           fit on the last N complete months only (default: all)",
    "  --model MODEL        auto (default), ets, ets-full, theta, arima, reg, snaive,",
    "                       ensemble",
    "  --reconcile R        bottom-up (default: the total is the sum of the",
    "                       departments) or wls (departments and the total's own",
    "                       forecast combined by forecast variance); compare the two",
    "                       on your data with `yosan backtest --by department`",
    "  --basis B            what the figures are (default contract+tax, the figure a",
    "                       budget request needs): list = the bill's own prices before",
    "                       tax; contract = after the contract's markup or discount;",
    "                       contract+tax = that plus consumption tax, rounded per line",
    "                       and month by the terms' rule (see `yosan terms`)",
    "  --input FILE         monthly totals department,month,cost[,currency] instead of",
    "                       the store (needs --as-of, the last day the data covers);",
    "                       the terms are the database's when it exists, else the",
    "                       built-in ones, and apply without a service mix",
    "  --as-of DATE         last usage day of --input (a month is complete when DATE",
    "                       is its last day)",
    NULL,
};

/* Write the result as a table, CSV or JSON: one row per department plus
 * the total; columns department, the 12 months (YYYY-MM), p50, p80, p95,
 * budget, shared, last_fy, change_pct, model. */
static enum status budget_write(FILE *f, const struct budget_result *r, enum rpt_format fmt,
                                struct err *e)
{
    enum { NC = 1 + 12 + 9 };
    char hbuf[12][8];
    const char *hdr[NC];
    enum rpt_col_type ty[NC];
    size_t c = 0;
    hdr[c] = "department";
    ty[c++] = RPT_TEXT;
    for (int k = 0; k < 12; k++) {
        hdr[c] = month_format(r->first_month + k, hbuf[k]);
        ty[c++] = RPT_NUM;
    }
    static const char *const tail[] = {"p50",     "p80",        "p95",   "budget", "shared",
                                       "last_fy", "change_pct", "model", "basis"};
    for (int k = 0; k < 9; k++) {
        hdr[c] = tail[k];
        ty[c++] = k >= 7 ? RPT_TEXT : RPT_NUM;
    }
    struct rpt_table t;
    enum status st = rpt_table_init(&t, NC, hdr, ty);
    if (st != ST_OK)
        return err_set(e, st, "out of memory");
    char cell[NC][32];
    for (size_t i = 0; i <= r->nlines && st == ST_OK; i++) {
        const struct budget_line *L = i < r->nlines ? &r->lines[i] : &r->total;
        const char *row[NC];
        c = 0;
        row[c++] = L->department;
        for (int k = 0; k < 12; k++, c++) {
            snprintf(cell[c], sizeof cell[c], "%lld", (long long)L->monthly[k]);
            row[c] = cell[c];
        }
        long long v[6] = {L->annual[0], L->annual[1],  L->annual[2],
                          L->budget,    L->shared_yen, L->last_fy};
        for (int k = 0; k < 6; k++, c++) {
            snprintf(cell[c], sizeof cell[c], "%lld", v[k]);
            row[c] = cell[c];
        }
        if (isfinite(L->change_pct))
            snprintf(cell[c], sizeof cell[c], "%.1f", L->change_pct);
        else
            cell[c][0] = '\0';
        row[c] = cell[c];
        c++;
        row[c++] = L->model;
        row[c++] = terms_basis_name(r->basis);
        st = rpt_table_add(&t, row);
    }
    if (st == ST_OK)
        st = rpt_table_write(&t, fmt, 0, f, e);
    else
        err_set(e, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

/* --shared proportional|even|fixed:FILE (shares: the FILE part). */
static enum status parse_shared(struct cli_ctx *ctx, const char *arg, enum budget_shared *rule,
                                const char **shares)
{
    if (strcmp(arg, "proportional") == 0)
        *rule = BUDGET_SHARED_PROPORTIONAL;
    else if (strcmp(arg, "even") == 0)
        *rule = BUDGET_SHARED_EVEN;
    else if (strncmp(arg, "fixed:", 6) == 0 && arg[6]) {
        *rule = BUDGET_SHARED_FIXED;
        *shares = arg + 6;
    } else
        return cli_usage_error(ctx, cmd_budget_usage,
                               "--shared: expected proportional, even or fixed:FILE, got '%s'",
                               arg);
    return ST_OK;
}

/* The run on a monthly CSV (--input), with the terms loaded in the
 * database when there is one (else the built-in terms). */
static enum status budget_input(struct cli_ctx *ctx, const char *input, int32_t as_of,
                                struct budget_params *p, struct terms *terms,
                                struct budget_result *res)
{
    struct cost_cells cells;
    enum status st = imp_monthly_read(input, &cells, &ctx->err);
    if (st != ST_OK)
        return st;
    if (access(ctx->db_path, F_OK) == 0 &&
        (st = store_open(ctx->db_path, &ctx->store, &ctx->err)) == ST_OK &&
        (st = imp_terms_from_store(ctx->store, terms, &ctx->err)) == ST_OK)
        p->terms = terms;
    if (st == ST_OK)
        st = job_budget_cells(&cells, as_of, "input", p, res, &ctx->err);
    cost_cells_release(&cells);
    return st;
}

enum status cmd_budget(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"fiscal-year", required_argument, NULL, 'y'}, {"by", required_argument, NULL, 'b'},
        {"level", required_argument, NULL, 'l'},       {"shared", required_argument, NULL, 's'},
        {"adjust", required_argument, NULL, 'a'},      {"format", required_argument, NULL, 'f'},
        {"cost", required_argument, NULL, 'c'},        {"months", required_argument, NULL, 'M'},
        {"model", required_argument, NULL, 'm'},       {"input", required_argument, NULL, 'i'},
        {"as-of", required_argument, NULL, 'd'},       {"reconcile", required_argument, NULL, 'r'},
        {"basis", required_argument, NULL, 'B'},       {NULL, 0, NULL, 0},
    };
    static const char *const levels[] = {"p50", "p80", "p95", NULL};
    static const char *const fmts[] = {"table", "csv", "json", NULL};
    static const char *const costs[] = {"actual", "amortized", NULL};
    struct budget_params p = {0};
    p.fy_start_month = 4;
    p.cost = -1;
    p.kind = MDL_AUTO;
    p.jobs = job_forecast_jobs();
    p.fiscal_year = -1;
    p.basis = TERMS_BASIS_CONTRACT_TAX;
    int fmt = RPT_FMT_TABLE, kind;
    const char *adjust = NULL, *shares = NULL, *input = NULL;
    int32_t as_of = INT32_MIN;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "y:b:l:s:a:f:c:M:m:i:d:r:B:", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            p.fiscal_year = (int)strtol(optarg, &end, 10);
            /* which years can be budgeted depends on the data: the job says */
            if (end == optarg || *end || p.fiscal_year < 1000 || p.fiscal_year > 9999)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--fiscal-year: expected a four-digit year such as 2027, "
                                       "got '%s'",
                                       optarg);
            break;
        case 'b':
            if (strcmp(optarg, "department") != 0)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--by: only 'department' is supported, got '%s'", optarg);
            break;
        case 'l':
            if ((c = cli_choice(optarg, levels)) < 0)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--level: expected p50, p80 or p95, got '%s'", optarg);
            p.level = (enum budget_level)c;
            break;
        case 's':
            if (parse_shared(ctx, optarg, &p.shared, &shares) != ST_OK)
                return ST_USAGE;
            break;
        case 'a':
            adjust = optarg;
            break;
        case 'f':
            if ((fmt = cli_choice(optarg, fmts)) < 0)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--format: expected table, csv or json, got '%s'", optarg);
            break;
        case 'c':
            if ((p.cost = cli_choice(optarg, costs)) < 0)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--cost: expected actual or amortized, got '%s'", optarg);
            break;
        case 'M':
            p.months = (int)strtol(optarg, &end, 10);
            if (end == optarg || *end || p.months < 3 || p.months > 1200)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--months: expected 3..1200 (complete months to fit on; at "
                                       "least 3), got '%s'",
                                       optarg);
            break;
        case 'm':
            if ((kind = mdl_kind_parse(optarg)) < 0)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--model: unknown model '%s': expected auto, ets, "
                                       "ets-full, theta, arima, reg, snaive or ensemble",
                                       optarg);
            p.kind = (enum mdl_kind)kind;
            break;
        case 'i':
            input = optarg;
            break;
        case 'r':
            if (strcmp(optarg, "wls") == 0)
                p.reconcile_wls = 1;
            else if (strcmp(optarg, "bottom-up") == 0)
                p.reconcile_wls = 0;
            else
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--reconcile: expected wls or bottom-up, got '%s'", optarg);
            break;
        case 'B':
            if (cli_basis_opt(ctx, cmd_budget_usage, optarg, &kind) != ST_OK)
                return ST_USAGE;
            p.basis = (enum terms_basis)kind;
            break;
        case 'd':
            if (date_parse(optarg, strlen(optarg), &as_of) != 0)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--as-of: expected a day YYYY-MM-DD, got '%s'", optarg);
            break;
        default:
            return cli_option_error(ctx, cmd_budget_usage, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_budget_usage, "unexpected argument '%s'", argv[optind]);
    if (p.fiscal_year < 0)
        return cli_usage_error(ctx, cmd_budget_usage, "--fiscal-year is required");
    if (input && as_of == INT32_MIN)
        return cli_usage_error(ctx, cmd_budget_usage, "--input needs --as-of DATE");

    struct imp_adjust_set adj = {0};
    struct imp_share_set sh = {0};
    struct budget_result res = {0};
    struct terms terms = {0};
    enum status st = ST_OK;
    if (adjust && (st = imp_adjust_read(adjust, &adj, &ctx->err)) != ST_OK)
        goto out;
    if (shares && (st = imp_share_read(shares, &sh, &ctx->err)) != ST_OK)
        goto out;
    p.adjust = adjust ? &adj : NULL;
    p.shares = shares ? &sh : NULL;
    if (input) {
        st = budget_input(ctx, input, as_of, &p, &terms, &res);
    } else {
        st = store_open_existing(ctx->db_path, &ctx->store, &ctx->err);
        if (st == ST_OK)
            st = job_budget(ctx->store, &p, &res, &ctx->err);
    }
    if (st != ST_OK)
        goto out;
    {
        char a[8], b[8];
        log_info("FY%d budget from %s data: forecast %zu months from %s (last complete month %s)",
                 res.fiscal_year, res.dataset, res.horizon, month_format(res.forecast_from, a),
                 month_format(res.last_complete, b));
        log_info("amounts on basis %s (terms: %s; contract and tax rounded %s per line and "
                 "month)",
                 terms_basis_text(res.basis, 0), res.terms_source,
                 terms_rounding_name(res.rounding));
    }
    st = budget_write(ctx->out, &res, (enum rpt_format)fmt, &ctx->err);
out:
    terms_release(&terms);
    job_budget_result_release(&res);
    imp_adjust_set_release(&adj);
    imp_share_set_release(&sh);
    return st;
}
