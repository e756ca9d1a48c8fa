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

#include "cli.h"
#include "date.h"
#include "imp_budget.h"
#include "imp_dept.h"
#include "imp_terms.h"
#include "job_azure_budgets.h"
#include "job_budget.h"
#include "job_forecast.h"
#include "log.h"
#include "rpt_table.h"

const char *const cmd_budget_usage[] = {
    "usage: yosan budget --fiscal-year YYYY [--by department|department,system]",
    "                    [--system-tag KEY] [--system-rules FILE.csv] [--level p50|p80|p95]",
    "                    [--shared proportional|even|fixed:FILE] [--adjust FILE.csv]",
    "                    [--format table|csv|json|azure-budgets] [--cost actual|amortized]",
    "                    [--months N] [--model MODEL] [--reconcile bottom-up|wls]",
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
    "  --by G               department (default), or department,system: each",
    "                       department's line followed by one line per system",
    "                       (業務システム) that adds up to it in every column;",
    "                       costs without a system go to '(no system)'",
    "  --system-tag KEY     the tag naming an object's system (default system)",
    "  --system-rules FILE  match,pattern,system rules tried first, in order, like",
    "                       the department rules (docs/departments.md)",
    "  --level L            annual quantile the monthly budget sums to (default p50)",
    "  --shared RULE        split of shared costs: proportional to each department's",
    "                       own forecast (default), even, or fixed:FILE with",
    "                       department,share rows",
    "  --adjust FILE        planned changes: department,from_month,amount|percent,note",
    "  --format FMT         table (default), csv, json or azure-budgets (an ARM",
    "                       template of Microsoft.Consumption/budgets per department:",
    "                       its subscription, resource-group or tag filter from the",
    "                       department rules, one Monthly budget per month of the run",
    "                       and an Annually one over the fiscal year, alerts at actual",
    "                       80 %/100 % and forecasted 100 %; see docs/budget.md)",
    "  --cost KIND          actual (default when imported: a cash appropriation pays an",
    "                       up-front reservation or savings plan in the fiscal year it",
    "                       is bought) or amortized (purchases spread over their term)",
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

enum { NC_MAX = 2 + 12 + 9 };

/* One output row of line L: department, [system], months, p50, p80, p95,
 * budget, shared, last_fy, change_pct, model, basis (cell holds the
 * numbers' text). */
static enum status budget_row(struct rpt_table *t, const struct budget_result *r,
                              const struct budget_line *L, const char *system, char cell[][32])
{
    const char *row[NC_MAX];
    size_t c = 0;
    row[c++] = L->department;
    if (system)
        row[c++] = system;
    for (int k = 0; k < 12; k++, c++) {
        snprintf(cell[c], 32, "%lld", (long long)L->monthly[k]);
        row[c] = cell[c];
    }
    long long v[6] = {L->annual[0], L->annual[1],  L->annual[2],
                      L->budget,    L->shared_yen, L->last_fy};
    for (int k = 0; k < 6; k++, c++) {
        snprintf(cell[c], 32, "%lld", v[k]);
        row[c] = cell[c];
    }
    if (isfinite(L->change_pct))
        snprintf(cell[c], 32, "%.1f", L->change_pct);
    else
        cell[c][0] = '\0';
    row[c] = cell[c];
    c++;
    row[c++] = L->model;
    row[c++] = terms_basis_name(r->basis);
    return rpt_table_add(t, row);
}

/* Write the result as a table, CSV or JSON: one row per department plus
 * the total; columns department, the 12 months (YYYY-MM), p50, p80, p95,
 * budget, shared, last_fy, change_pct, model, basis. By system, a system
 * column follows department: each department's row (system empty) is
 * followed by its systems' rows, which add up to it. */
static enum status budget_write(struct cli_ctx *ctx, const struct budget_result *r,
                                enum rpt_format fmt)
{
    struct err *e = &ctx->err;
    int bys = r->sys_first != NULL;
    char hbuf[12][8];
    const char *hdr[NC_MAX];
    enum rpt_col_type ty[NC_MAX];
    size_t c = 0;
    hdr[c] = "department";
    ty[c++] = RPT_TEXT;
    if (bys) {
        hdr[c] = "system";
        ty[c++] = RPT_TEXT;
    }
    for (int k = 0; k < 12; k++) {
        hdr[c] = month_format(r->first_month + k, hbuf[k]);
        ty[c++] = RPT_AMOUNT;
    }
    static const char *const tail[] = {"p50",     "p80",        "p95",   "budget", "shared",
                                       "last_fy", "change_pct", "model", "basis"};
    for (int k = 0; k < 9; k++) {
        hdr[c] = tail[k];
        ty[c++] = k >= 7 ? RPT_TEXT : k == 6 ? RPT_NUM : RPT_AMOUNT;
    }
    struct rpt_table t;
    enum status st = rpt_table_init(&t, c, hdr, ty);
    if (st != ST_OK)
        return err_set(e, st, "out of memory");
    char cell[NC_MAX][32];
    for (size_t i = 0; i < r->nlines && st == ST_OK; i++) {
        st = budget_row(&t, r, &r->lines[i], bys ? "" : NULL, cell);
        for (size_t j = bys ? r->sys_first[i] : 0; bys && j < r->sys_first[i + 1] && st == ST_OK;
             j++)
            st = budget_row(&t, r, &r->sys[j], r->sys[j].system, cell);
    }
    if (st == ST_OK)
        st = budget_row(&t, r, &r->total, bys ? "" : NULL, cell);
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
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
    /* no database (no file, no yosan tables on the server): the built-in terms */
    st = store_open_existing(ctx->db_path, &ctx->store, &ctx->err);
    if (st == ST_NOTFOUND) {
        err_clear(&ctx->err);
        st = ST_OK;
    } else if (st == ST_OK && (st = imp_terms_from_store(ctx->store, terms, &ctx->err)) == ST_OK)
        p->terms = terms;
    if (st == ST_OK)
        st = job_budget_cells(&cells, as_of, "input", p, res, &ctx->err);
    cost_cells_release(&cells);
    return st;
}

/* What the run was on: data, months, basis, terms and assumptions. */
static void log_run(const struct budget_result *r)
{
    char a[8], b[8];
    log_info("FY%d budget from %s data: forecast %zu months from %s (last complete month %s)",
             r->fiscal_year, r->dataset, r->horizon, month_format(r->forecast_from, a),
             month_format(r->last_complete, b));
    log_info("amounts on basis %s (terms: %s; contract and tax rounded %s per line and "
             "month)",
             terms_basis_text(r->basis, 0), r->terms_source, terms_rounding_name(r->rounding));
    if (r->dataset_default)
        log_info("on actual (cash) cost: up-front purchases fall in the fiscal year that "
                 "pays them (--cost amortized spreads them over their term)");
    if (r->assumptions[0])
        log_info("assumptions: %s", r->assumptions);
}

/* --format azure-budgets: after table, csv, json (enum rpt_format). */
#define FMT_AZURE_BUDGETS 3

/* The run as Azure budgets (ARM JSON; job_azure_budgets.h). */
static enum status budget_write_azure(struct cli_ctx *ctx, const struct budget_result *r)
{
    struct azb_plan plan;
    enum status st = job_azure_budgets(ctx->store, r, &plan, &ctx->err);
    size_t parts = 0;
    for (size_t i = 0; st == ST_OK && i < plan.n; i++)
        parts += plan.v[i].part == 1;
    if (st == ST_OK)
        log_info("Azure budgets: %zu departments in %zu budget filters (a department caught "
                 "by several rules or in several subscriptions gets one per part), 12 Monthly "
                 "and 1 Annually budget each; deploy with 'az deployment mg create'",
                 parts, plan.n);
    for (size_t i = 0; st == ST_OK && i < plan.nskipped; i++)
        log_warn("Azure budgets: '%s' had no cost in the last 12 months: no filter to give it",
                 plan.skipped[i]);
    if (st == ST_OK)
        st = rpt_azure_budgets_write(&plan, ctx->out, &ctx->err);
    azb_plan_release(&plan);
    return st;
}

/* Everything the options say. */
struct budget_cli {
    struct budget_params p;
    int fmt;
    const char *adjust, *shares, *input, *system_rules;
    int32_t as_of;
};

/* --by department | department,system */
static enum status parse_by(struct cli_ctx *ctx, const char *arg, struct budget_params *p)
{
    if (strcmp(arg, "department") == 0)
        p->by_system = 0;
    else if (strcmp(arg, "department,system") == 0)
        p->by_system = 1;
    else
        return cli_usage_error(ctx, cmd_budget_usage,
                               "--by: expected department or department,system, got '%s'", arg);
    return ST_OK;
}

/* The options of the forecast itself (level, model, months, reconciliation). */
static enum status model_opt(struct cli_ctx *ctx, int c, const char *arg, struct budget_params *p)
{
    static const char *const levels[] = {"p50", "p80", "p95", NULL};
    char *end;
    int k;
    switch (c) {
    case 'l':
        if ((k = cli_choice(arg, levels)) < 0)
            return cli_usage_error(ctx, cmd_budget_usage,
                                   "--level: expected p50, p80 or p95, got '%s'", arg);
        p->level = (enum budget_level)k;
        return ST_OK;
    case 'M':
        p->months = (int)strtol(arg, &end, 10);
        if (end == arg || *end || p->months < 3 || p->months > 1200)
            return cli_usage_error(ctx, cmd_budget_usage,
                                   "--months: expected 3..1200 (complete months to fit on; at "
                                   "least 3), got '%s'",
                                   arg);
        return ST_OK;
    case 'm':
        if (cli_model_opt(ctx, cmd_budget_usage, arg, &k) != ST_OK)
            return ST_USAGE;
        p->kind = (enum mdl_kind)k;
        return ST_OK;
    case 'r':
        if (strcmp(arg, "wls") != 0 && strcmp(arg, "bottom-up") != 0)
            return cli_usage_error(ctx, cmd_budget_usage,
                                   "--reconcile: expected wls or bottom-up, got '%s'", arg);
        p->reconcile_wls = strcmp(arg, "wls") == 0;
        return ST_OK;
    default:
        return cli_usage_error(ctx, cmd_budget_usage, "unknown option");
    }
}

/* One option into o. */
static enum status budget_opt(struct cli_ctx *ctx, int c, const char *arg, struct budget_cli *o)
{
    static const char *const fmts[] = {"table", "csv", "json", "azure-budgets", NULL};
    static const char *const costs[] = {"actual", "amortized", NULL};
    char *end;
    int k;
    switch (c) {
    case 'y':
        o->p.fiscal_year = (int)strtol(arg, &end, 10);
        /* which years can be budgeted depends on the data: the job says */
        if (end == arg || *end || o->p.fiscal_year < 1000 || o->p.fiscal_year > 9999)
            return cli_usage_error(
                ctx, cmd_budget_usage,
                "--fiscal-year: expected a four-digit year such as 2027, got '%s'", arg);
        return ST_OK;
    case 'b':
        return parse_by(ctx, arg, &o->p);
    case 's':
        return parse_shared(ctx, arg, &o->p.shared, &o->shares);
    case 'a':
        o->adjust = arg;
        return ST_OK;
    case 'f':
        if ((o->fmt = cli_choice(arg, fmts)) < 0)
            return cli_usage_error(ctx, cmd_budget_usage,
                                   "--format: expected table, csv, json or azure-budgets, got '%s'",
                                   arg);
        return ST_OK;
    case 'c':
        if ((o->p.cost = cli_choice(arg, costs)) < 0)
            return cli_usage_error(ctx, cmd_budget_usage,
                                   "--cost: expected actual or amortized, got '%s'", arg);
        return ST_OK;
    case 'i':
        o->input = arg;
        return ST_OK;
    case 'B':
        if (cli_basis_opt(ctx, cmd_budget_usage, arg, &k) != ST_OK)
            return ST_USAGE;
        o->p.basis = (enum terms_basis)k;
        return ST_OK;
    case 'd':
        if (date_parse(arg, strlen(arg), &o->as_of) != 0)
            return cli_usage_error(ctx, cmd_budget_usage,
                                   "--as-of: expected a day YYYY-MM-DD, got '%s'", arg);
        return ST_OK;
    case 'T':
        if (!*arg)
            return cli_usage_error(ctx, cmd_budget_usage, "--system-tag: empty tag key");
        o->p.system_tag = arg;
        return ST_OK;
    case 'R':
        o->system_rules = arg;
        return ST_OK;
    default:
        return model_opt(ctx, c, arg, &o->p);
    }
}

/* Parse argv into o; ST_USAGE (message printed) on a bad option. */
static enum status budget_parse(int argc, char **argv, struct cli_ctx *ctx, struct budget_cli *o)
{
    static const struct option opts[] = {
        {"fiscal-year", required_argument, NULL, 'y'},
        {"by", required_argument, NULL, 'b'},
        {"level", required_argument, NULL, 'l'},
        {"shared", required_argument, NULL, 's'},
        {"adjust", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},
        {"cost", required_argument, NULL, 'c'},
        {"months", required_argument, NULL, 'M'},
        {"model", required_argument, NULL, 'm'},
        {"input", required_argument, NULL, 'i'},
        {"as-of", required_argument, NULL, 'd'},
        {"reconcile", required_argument, NULL, 'r'},
        {"basis", required_argument, NULL, 'B'},
        {"system-tag", required_argument, NULL, 'T'},
        {"system-rules", required_argument, NULL, 'R'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->p.fy_start_month = 4;
    o->p.cost = -1;
    o->p.kind = MDL_AUTO;
    o->p.jobs = job_forecast_jobs();
    o->p.fiscal_year = -1;
    o->p.basis = TERMS_BASIS_CONTRACT_TAX;
    o->fmt = RPT_FMT_TABLE;
    o->as_of = INT32_MIN;
    int c;
    while ((c = getopt_long(argc, argv, "y:b:l:s:a:f:c:M:m:i:d:r:B:T:R:", opts, NULL)) != -1)
        if (c == '?' || c == ':' ? cli_option_error(ctx, cmd_budget_usage, argv) != ST_OK
                                 : budget_opt(ctx, c, optarg, o) != ST_OK)
            return ST_USAGE;
    if (optind < argc)
        return cli_usage_error(ctx, cmd_budget_usage, "unexpected argument '%s'", argv[optind]);
    if (o->p.fiscal_year < 0)
        return cli_usage_error(ctx, cmd_budget_usage, "--fiscal-year is required");
    if (o->input && o->as_of == INT32_MIN)
        return cli_usage_error(ctx, cmd_budget_usage, "--input needs --as-of DATE");
    if (o->input && o->p.by_system)
        return cli_usage_error(ctx, cmd_budget_usage,
                               "--by department,system needs the store's cost objects, not "
                               "--input");
    if (o->input && o->fmt == FMT_AZURE_BUDGETS)
        return cli_usage_error(ctx, cmd_budget_usage,
                               "--format azure-budgets needs the store's subscriptions and "
                               "department rules, not --input");
    if ((o->system_rules || o->p.system_tag) && !o->p.by_system)
        return cli_usage_error(ctx, cmd_budget_usage,
                               "--system-tag and --system-rules need --by department,system");
    return ST_OK;
}

enum status cmd_budget(int argc, char **argv, struct cli_ctx *ctx)
{
    struct budget_cli o;
    if (budget_parse(argc, argv, ctx, &o) != ST_OK)
        return ST_USAGE;
    struct imp_adjust_set adj = {0};
    struct imp_share_set sh = {0};
    struct budget_result res = {0};
    struct terms terms = {0};
    struct dept_rules rules;
    dept_rules_init(&rules);
    enum status st = ST_OK;
    if (o.adjust && (st = imp_adjust_read(o.adjust, &adj, &ctx->err)) != ST_OK)
        goto out;
    if (o.shares && (st = imp_share_read(o.shares, &sh, &ctx->err)) != ST_OK)
        goto out;
    if (o.system_rules &&
        (st = imp_dept_rules_read_as(o.system_rules, "system", &rules, &ctx->err)) != ST_OK)
        goto out;
    o.p.adjust = o.adjust ? &adj : NULL;
    o.p.shares = o.shares ? &sh : NULL;
    o.p.system_rules = o.system_rules ? &rules : NULL;
    if (o.input) {
        st = budget_input(ctx, o.input, o.as_of, &o.p, &terms, &res);
    } else {
        st = store_open_existing(ctx->db_path, &ctx->store, &ctx->err);
        if (st == ST_OK)
            st = job_budget(ctx->store, &o.p, &res, &ctx->err);
    }
    if (st != ST_OK)
        goto out;
    log_run(&res);
    st = o.fmt == FMT_AZURE_BUDGETS ? budget_write_azure(ctx, &res)
                                    : budget_write(ctx, &res, (enum rpt_format)o.fmt);
out:
    dept_rules_release(&rules);
    terms_release(&terms);
    job_budget_result_release(&res);
    imp_adjust_set_release(&adj);
    imp_share_set_release(&sh);
    return st;
}
