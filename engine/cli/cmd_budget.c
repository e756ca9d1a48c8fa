/*
 * cmd_budget.c - `yosan budget`: the annual budget forecast per department
 * for a fiscal year. Parses options and input files, then hands over to
 * run_budget() (run_budget.c), which does the computation, and
 * run_budget_write() for the output.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "imp_budget.h"
#include "job_forecast.h"
#include "log.h"
#include "run_budget.h"

const char *const cmd_budget_usage[] = {
    "usage: yosan budget --fiscal-year YYYY [--by department] [--level p50|p80|p95]",
    "                    [--shared proportional|even|fixed:FILE] [--adjust FILE.csv]",
    "                    [--format table|csv|json] [--cost actual|amortized] [--months N]",
    "                    [--model MODEL] [--reconcile bottom-up|wls]",
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
    "  --input FILE         monthly totals department,month,cost[,currency] instead of",
    "                       the store (needs --as-of, the last day the data covers)",
    "  --as-of DATE         last usage day of --input (a month is complete when DATE",
    "                       is its last day)",
    NULL,
};

enum status cmd_budget(int argc, char **argv, struct cli_ctx *ctx)
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
        {NULL, 0, NULL, 0},
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
    int fmt = RPT_FMT_TABLE, kind;
    const char *adjust = NULL, *shares = NULL, *input = NULL;
    int32_t as_of = INT32_MIN;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "y:b:l:s:a:f:c:M:m:i:d:r:", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            p.fiscal_year = (int)strtol(optarg, &end, 10);
            if (end == optarg || *end || p.fiscal_year < 2000 || p.fiscal_year > 2200)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--fiscal-year: expected a year such as 2027, got '%s'",
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
            if (strcmp(optarg, "proportional") == 0)
                p.shared = BUDGET_SHARED_PROPORTIONAL;
            else if (strcmp(optarg, "even") == 0)
                p.shared = BUDGET_SHARED_EVEN;
            else if (strncmp(optarg, "fixed:", 6) == 0 && optarg[6]) {
                p.shared = BUDGET_SHARED_FIXED;
                shares = optarg + 6;
            } else
                return cli_usage_error(
                    ctx, cmd_budget_usage,
                    "--shared: expected proportional, even or fixed:FILE, got '%s'", optarg);
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
                                       "--months: expected 3..1200, got '%s'", optarg);
            break;
        case 'm':
            if ((kind = mdl_kind_parse(optarg)) < 0)
                return cli_usage_error(ctx, cmd_budget_usage, "--model: unknown model '%s'",
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
        case 'd':
            if (date_parse(optarg, strlen(optarg), &as_of) != 0)
                return cli_usage_error(ctx, cmd_budget_usage,
                                       "--as-of: expected YYYY-MM-DD, got '%s'", optarg);
            break;
        default:
            return cli_usage_error(ctx, cmd_budget_usage, "unknown option");
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
    enum status st = ST_OK;
    if (adjust && (st = imp_adjust_read(adjust, &adj, &ctx->err)) != ST_OK)
        goto out;
    if (shares && (st = imp_share_read(shares, &sh, &ctx->err)) != ST_OK)
        goto out;
    p.adjust = adjust ? &adj : NULL;
    p.shares = shares ? &sh : NULL;
    if (input) {
        struct cost_cells cells;
        st = imp_monthly_read(input, &cells, &ctx->err);
        if (st != ST_OK)
            goto out;
        st = run_budget_cells(&cells, as_of, "input", &p, &res, &ctx->err);
        cost_cells_release(&cells);
    } else {
        st = store_open(ctx->db_path, &ctx->store, &ctx->err);
        if (st == ST_OK)
            st = run_budget(ctx->store, &p, &res, &ctx->err);
    }
    if (st != ST_OK)
        goto out;
    {
        char a[8], b[8];
        log_info("FY%d budget from %s data: forecast %zu months from %s (last complete month %s)",
                 res.fiscal_year, res.dataset, res.horizon, month_format(res.forecast_from, a),
                 month_format(res.last_complete, b));
    }
    st = run_budget_write(ctx->out, &res, (enum rpt_format)fmt, &ctx->err);
out:
    budget_result_release(&res);
    imp_adjust_set_release(&adj);
    imp_share_set_release(&sh);
    return st;
}
