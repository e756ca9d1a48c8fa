/*
 * cmd_commit.c - `yosan commit`: per VM size group, a year of pay-as-you-go
 * as is, with the stop schedules, reservations and savings plans, break-even
 * hours and the cheapest mix that keeps every VM up.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_schedule_opts.h"
#include "date.h"
#include "job_schedule.h"
#include "log.h"
#include "mdl_obligation.h"
#include "rpt_money.h"
#include "rpt_table.h"
#include "store_costs.h"
#include "store_prices.h"

const char *const cmd_commit_usage[] = {
    "usage: yosan commit [--format table|csv|json] [--weeks N] [--department D]",
    "                    [--calendar FILE] [--no-closure] [--from YYYY-MM-DD] [--tag KEY[=VALUE]]",
    "                    [--assume-ri1y PCT] [--assume-ri3y PCT] [--assume-sp1y PCT]",
    "                    [--assume-sp3y PCT]",
    "",
    "Compare, for each VM size and region, one year of: pay-as-you-go as now,",
    "pay-as-you-go with the proposed stop schedules (see 'yosan schedule'),",
    "1- and 3-year reservations and savings plans. Pay-as-you-go prices come from",
    "the Retail Prices in the store, else the VMs' own effective rate; reservation",
    "and savings-plan prices from the Retail Prices ('yosan pull prices' or",
    "'yosan import' of a price page; without any and without --assume-*, commit",
    "says so and exits 1). Shows the break-even running hours",
    "per month and recommends the cheapest mix per VM: reserve what runs all the",
    "time, schedule what runs office hours, leave the rest pay-as-you-go.",
    "",
    "SQL Database rows ('SQL Database General Purpose - Compute Gen5'): the vCores of",
    "provisioned databases billed every day of the last 90 days (the fewest vCores billed",
    "on any day), each counted in 'vms' as one unit running all year at the bill's own",
    "vCore-hour rate; reserved capacity (1 or 3 years) is priced with --assume-ri1y and",
    "--assume-ri3y (the Retail Prices import holds VM prices only); no savings plan.",
    "",
    "  --format F         table (default), csv or json",
    "  --assume-ri1y PCT, --assume-ri3y PCT, --assume-sp1y PCT, --assume-sp3y PCT",
    "                     discount off pay-as-you-go to assume for sizes the Retail",
    "                     Prices import has no commitment price for (marked 'assumed')",
    "",
    "The last two columns are for the budget: a commitment bought the month after",
    "the data's last month, paid monthly over its term, spread over the fiscal years",
    "(commit_per_fiscal_year: FY2026=...;FY2027=...), and whether it runs past the",
    "current fiscal year, which needs a debt-burden act (債務負担行為, Local",
    "Autonomy Act art. 214) before the contract (debt_burden_act).",
    "",
    "  --weeks N, --department D, --calendar FILE, --no-closure, --from DATE,",
    "  --tag KEY[=VALUE]  as for 'yosan schedule'",
    NULL,
};

/* The commitment prices compared: the Retail Prices in the store (said on
 * stderr), else the --assume-* discounts; ST_NOTFOUND naming the commands
 * that fetch prices when there is neither (every ri_/sp_ column would be
 * empty). */
static enum status commit_prices(struct cli_ctx *ctx, const struct job_commit_assume *a)
{
    struct price_info pi;
    enum status st = store_prices_info(ctx->store, &pi, &ctx->err);
    if (st != ST_OK)
        return st;
    int assumed = !isnan(a->ri1y) || !isnan(a->ri3y) || !isnan(a->sp1y) || !isnan(a->sp3y);
    if (pi.commit_rows > 0) {
        log_info("reservation and savings-plan prices: the Azure Retail Prices in the store "
                 "(%lld VM sizes; newest of %lld imports: %s, %s)%s",
                 (long long)pi.commit_sizes, (long long)pi.imports, pi.last_file, pi.last_at,
                 assumed ? "; --assume-* fills the sizes they lack" : "");
        return ST_OK;
    }
    if (assumed) {
        log_info("no reservation or savings-plan prices in the store: using the --assume-* "
                 "discounts off pay-as-you-go");
        return ST_OK;
    }
    return err_set(&ctx->err, ST_NOTFOUND,
                   "no reservation or savings-plan prices in the store: fetch them with "
                   "'yosan pull prices --region japaneast --currency JPY' or import a Retail "
                   "Prices page with 'yosan import prices.json' (or assume discounts with "
                   "--assume-ri1y PCT, --assume-ri3y PCT, --assume-sp1y PCT, --assume-sp3y PCT)");
}

/* The prices column: where the group's commitment prices came from. */
static const char *price_source(const struct job_commit_group *g)
{
    if (g->sql) /* pay-as-you-go at the bill's own vCore-hour rate */
        return g->assumed ? "bill + assumed discounts" : "bill; no reservation price";
    if (g->retail)
        return g->assumed ? "retail prices + assumed discounts" : "retail prices";
    return g->assumed ? "assumed discounts" : "no commitment price";
}

/* The recommended commitments of a group (chosen RI/SP VMs at their hourly
 * prices, a month = 730 h) bought in month start: per fiscal year into
 * per_fy ("FY2026=123;FY2027=456", whole units) and whether a debt-burden
 * act is needed into act; both "" when nothing is committed. */
static void commit_years(const struct job_commit_group *g, int start, int fy_start, char *per_fy,
                         size_t n1, char *act, size_t n2)
{
    static const struct {
        enum mdl_commit_option opt;
        int months;
    } terms[] = {{MDL_OPT_RI1Y, 12}, {MDL_OPT_RI3Y, 36}, {MDL_OPT_SP1Y, 12}, {MDL_OPT_SP3Y, 36}};
    const double price[] = {g->pr.ri1y, g->pr.ri3y, g->pr.sp1y, g->pr.sp3y};
    int64_t sum[MDL_OBL_FYS] = {0}, part[MDL_OBL_FYS];
    int beyond = 0, last = -1;
    for (size_t k = 0; k < 4; k++) {
        size_t vms = g->res.chosen[terms[k].opt];
        if (vms == 0 || isnan(price[k]))
            continue;
        int64_t monthly = llround((double)vms * price[k] * MDL_HOURS_MONTH);
        beyond |= mdl_obl_new_commitment(start, terms[k].months, monthly, fy_start, part);
        for (int j = 0; j < MDL_OBL_FYS; j++)
            sum[j] += part[j];
        if (start + terms[k].months - 1 > last)
            last = start + terms[k].months - 1;
    }
    per_fy[0] = act[0] = '\0';
    if (last < 0)
        return;
    int fy0 = mdl_obl_fiscal_year(start, fy_start);
    size_t used = 0;
    for (int j = 0; j < MDL_OBL_FYS && used < n1; j++)
        if (sum[j])
            used += (size_t)snprintf(per_fy + used, n1 - used, "%sFY%d=%lld", used ? ";" : "",
                                     fy0 + j, (long long)sum[j]);
    int y, m;
    month_from_index(last, &y, &m);
    snprintf(act, n2, beyond ? "required (until %04d-%02d)" : "not needed (ends %04d-%02d)", y, m);
}

static void amount(double v, const char *cur, char *out, size_t outlen)
{
    sched_fmt_amount(v, (!*cur || strcmp(cur, "JPY") == 0) ? 0 : 2, out, outlen);
}

enum status cmd_commit(int argc, char **argv, struct cli_ctx *ctx)
{
    struct sched_cli_opts so;
    enum status st = sched_opts_parse(argc, argv, ctx, cmd_commit_usage, rpt_format_names, &so);
    if (st == ST_OK)
        st = commit_prices(ctx, &so.assume);
    if (st != ST_OK) {
        sched_opts_release(&so);
        return st;
    }
    struct job_schedule_result res;
    struct job_commit_result cr = {0};
    struct rpt_table t = {0};
    if ((st = job_schedule(ctx->store, &so.run, &res, &ctx->err)) != ST_OK)
        goto out_opts;
    if ((st = job_commit(&res, &so.assume, &cr, &ctx->err)) != ST_OK ||
        (st = job_commit_sql(ctx->store, so.run.department, &so.assume, &cr, &ctx->err)) != ST_OK)
        goto out;
    static const char *const headers[] = {"vm_size",
                                          "region",
                                          "vms",
                                          "already_committed",
                                          "currency",
                                          "payg_hourly",
                                          "payg_year",
                                          "schedule_year",
                                          "ri_1y_year",
                                          "ri_3y_year",
                                          "sp_1y_year",
                                          "sp_3y_year",
                                          "breakeven_ri_1y_hours_month",
                                          "breakeven_ri_3y_hours_month",
                                          "best_year",
                                          "savings_year",
                                          "prices",
                                          "recommendation",
                                          "commit_per_fiscal_year",
                                          "debt_burden_act"};
    enum { NCOL = sizeof headers / sizeof headers[0] };
    enum rpt_col_type types[NCOL];
    for (size_t i = 0; i < NCOL; i++)
        types[i] = RPT_NUM;
    types[0] = types[1] = types[4] = types[NCOL - 4] = types[NCOL - 3] = RPT_TEXT;
    types[NCOL - 2] = types[NCOL - 1] = RPT_TEXT;
    int32_t last_day;
    int start = 0, fy_start = 4;
    const char *env = getenv("YOSAN_FY_START_MONTH");
    if (env && *env && atoi(env) >= 1 && atoi(env) <= 12) /* NOLINT(cert-err34-c): checked */
        fy_start = atoi(env);                             /* NOLINT(cert-err34-c) */
    if (store_cost_last_day(ctx->store, DATASET_ACTUAL, &last_day, &ctx->err) == ST_OK)
        start = month_index_of(last_day) + 1;
    else
        err_clear(&ctx->err);
    static const size_t money_cols[] = {6, 7, 8, 9, 10, 11, 14, 15};
    for (size_t i = 0; i < sizeof money_cols / sizeof money_cols[0]; i++)
        types[money_cols[i]] = RPT_AMOUNT;
    size_t missing = 0, sql_unpriced = 0;
    if ((st = rpt_table_init(&t, NCOL, headers, types)) != ST_OK)
        goto out;
    for (size_t i = 0; i < sizeof money_cols / sizeof money_cols[0] && cr.n; i++)
        rpt_table_set_decimals(&t, money_cols[i], rpt_currency_decimals(cr.g[0].currency));
    for (size_t i = 0; i < cr.n && st == ST_OK; i++) {
        const struct job_commit_group *g = &cr.g[i];
        char cells[NCOL][160];
        const char *row[NCOL];
        snprintf(cells[2], 64, "%zu", g->res.nvm);
        snprintf(cells[3], 64, "%zu", g->res.nreserved);
        snprintf(cells[4], 64, "%s", g->currency);
        if (isnan(g->pr.payg))
            cells[5][0] = '\0';
        else
            snprintf(cells[5], 64, "%.4f", g->pr.payg);
        amount(g->res.cost_year[MDL_OPT_PAYG], g->currency, cells[6], 64);
        amount(g->res.cost_year[MDL_OPT_SCHED], g->currency, cells[7], 64);
        amount(g->res.cost_year[MDL_OPT_RI1Y], g->currency, cells[8], 64);
        amount(g->res.cost_year[MDL_OPT_RI3Y], g->currency, cells[9], 64);
        amount(g->res.cost_year[MDL_OPT_SP1Y], g->currency, cells[10], 64);
        amount(g->res.cost_year[MDL_OPT_SP3Y], g->currency, cells[11], 64);
        sched_fmt_amount(g->res.breakeven_month[MDL_OPT_RI1Y], 1, cells[12], 64);
        sched_fmt_amount(g->res.breakeven_month[MDL_OPT_RI3Y], 1, cells[13], 64);
        amount(g->res.best_cost_year, g->currency, cells[14], 64);
        amount(g->res.savings_year, g->currency, cells[15], 64);
        for (size_t k = 2; k < NCOL - 4; k++)
            row[k] = cells[k];
        commit_years(g, start, fy_start, cells[NCOL - 2], 160, cells[NCOL - 1], 160);
        row[NCOL - 2] = start > 0 && g->st == ST_OK ? cells[NCOL - 2] : "";
        row[NCOL - 1] = start > 0 && g->st == ST_OK ? cells[NCOL - 1] : "";
        row[NCOL - 4] = price_source(g);
        missing += g->st == ST_OK && !g->retail && !g->assumed && !g->sql;
        sql_unpriced += g->sql && !g->assumed;
        row[0] = g->vm_size;
        row[1] = g->region;
        row[NCOL - 3] = g->st == ST_OK ? g->res.recommendation : "no pay-as-you-go price known";
        st = rpt_table_add(&t, row);
    }
    if (st == ST_OK && missing)
        log_warn("%zu of %zu VM sizes have no reservation or savings-plan price (ri_/sp_ columns "
                 "empty): 'yosan pull prices' for their regions, or --assume-*",
                 missing, cr.n);
    if (st == ST_OK && sql_unpriced)
        log_info("%zu SQL Database group(s) of steady vCores: reserved capacity prices are not in "
                 "the Retail Prices import; compare them with --assume-ri1y PCT --assume-ri3y PCT",
                 sql_unpriced);
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, so.format, 0);
out:
    rpt_table_release(&t);
    job_commit_release(&cr);
    job_schedule_release(&res);
out_opts:
    sched_opts_release(&so);
    return st;
}
