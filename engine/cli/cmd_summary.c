/*
 * cmd_summary.c - `yosan summary`: exact cost totals by month, fiscal year
 * or one dimension (department, subscription, service, resource).
 *
 * Glue only: the store sums by month (store_cost_by_month), the summary
 * model folds months into the requested rows (mdl_summary_fold), and the
 * table report renders them. Currencies are never summed together.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_chargeback.h"
#include "date.h"
#include "job_costs.h"
#include "log.h"
#include "mdl_region.h"
#include "mdl_summary.h"
#include "money.h"
#include "rpt_money.h"
#include "rpt_table.h"
#include "store_costs.h"
#include "store_departments.h"
#include "suggest.h"

const char *const cmd_summary_usage[] = {
    "usage: yosan summary [--by month|fiscal-year|department|subscription|service|resource|region]",
    "                     [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--cost actual|amortized]",
    "                     [--department NAME] [--fy-start-month N] [--format table|csv|json]",
    "                     [--basis list|contract|contract+tax] [--shared unallocated|split]",
    "                     [--split direct|even|fixed:FILE|usage:vcpu-hours]",
    "",
    "Exact cost totals from the store, one row per key and currency.",
    "",
    "    --by KEY             grouping (default month); fiscal-year names a fiscal year by",
    "                         the year it starts in (FY2026 = 2026-04-01..2027-03-31);",
    "                         region (the export's ResourceLocation) adds a country column",
    "    --from DATE          first usage day included (default: the first in the store)",
    "    --to DATE            last usage day included (default: the last in the store)",
    "    --cost DATASET       actual or amortized (default: amortized when the store has",
    "                         amortized data, else actual); the two are never summed",
    "    --department NAME    only costs attributed to this department (局)",
    "    --fy-start-month N   first month of the fiscal year, 1..12 (default",
    "                         $YOSAN_FY_START_MONTH, else 4 = April)",
    "    --basis B            list (the bill's own prices), contract (default: after the",
    "                         contract's markup or discount) or contract+tax (plus",
    "                         consumption tax by usage month, rounded per row and month",
    "                         by the terms' rule); see `yosan terms`",
    "    --shared MODE        with --by department: unallocated (default; the shared",
    "                         cost as its own '(unallocated)' row) or split (charge-back:",
    "                         each month's shared cost split over the departments by",
    "                         --split, whole yen adding up to each month's invoice on",
    "                         the basis, as `yosan chargeback` does; give whole months)",
    "    --split KEY          the key of --shared split: direct (default), even,",
    "                         fixed:FILE or usage:vcpu-hours; see `yosan chargeback`",
    "    --format FMT         table (default; yen with thousands separators and a total",
    "                         line per currency), csv (<by>,cost,currency,basis with costs",
    "                         exact to 6 decimals) or json (the same field names)",
    NULL,
};

static const char *const by_names[] = {
    "month", "fiscal-year", "department", "subscription", "service", "resource", "region", NULL,
};
/* For each --by (same order as by_names): what the store groups by, how the model folds. */
static const struct {
    enum cost_dim dim;
    enum mdl_fold fold;
} by_plan[] = {
    {COST_DIM_TOTAL, MDL_FOLD_MONTH},    {COST_DIM_TOTAL, MDL_FOLD_FISCAL_YEAR},
    {COST_DIM_DEPARTMENT, MDL_FOLD_KEY}, {COST_DIM_SUBSCRIPTION, MDL_FOLD_KEY},
    {COST_DIM_SERVICE, MDL_FOLD_KEY},    {COST_DIM_RESOURCE, MDL_FOLD_KEY},
    {COST_DIM_REGION, MDL_FOLD_KEY},
};
static const char *const dataset_names[] = {"actual", "amortized", NULL};

/* Parse a strict ISO day "YYYY-MM-DD"; returns 0 or -1. */
static int parse_iso_day(const char *s, int32_t *day)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    return date_parse(s, 10, day);
}

/* Parse a fiscal year start month "1".."12"; returns 0 or -1. */
static int parse_month_number(const char *s, int *month)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < 1 || v > 12)
        return -1;
    *month = (int)v;
    return 0;
}

/* The country of a region key ("" for totals and unknown regions; Microsoft's
 * regions list, models/mdl_region.c). */
static const char *country_of(const char *region)
{
    const struct region_info *r = mdl_region_find(region);
    return r ? r->country : "";
}

/* Render rows (and, for the text table, per-currency totals). --by region
 * has a country column after the region. */
static enum status write_summary(const char *by, const struct mdl_summary *rows,
                                 enum rpt_format fmt, const char *basis, struct cli_ctx *ctx)
{
    int geo = strcmp(by, "region") == 0;
    const char *headers[] = {by, "country", "cost", "currency", "basis"};
    /* resources by name on a terminal (--wide: full ids) */
    const enum rpt_col_type types[] = {strcmp(by, "resource") == 0 ? RPT_ID : RPT_TEXT, RPT_TEXT,
                                       RPT_NUM, RPT_TEXT, RPT_TEXT};
    size_t skip = geo ? 0 : 1; /* drop the country column unless by region */
    const char *hdr[5] = {headers[0], headers[1 + skip], headers[2 + skip], headers[3 + skip],
                          headers[4]};
    const enum rpt_col_type typ[5] = {types[0], types[1 + skip], types[2 + skip], types[3 + skip],
                                      types[4]};
    struct rpt_table t;
    enum status st = rpt_table_init(&t, 5 - skip, hdr, typ);
    struct mdl_summary totals = {0};
    char amount[64];
    for (size_t i = 0; st == ST_OK && i < rows->n; i++) {
        const struct mdl_summary_row *r = &rows->v[i];
        if (fmt == RPT_FMT_TABLE)
            rpt_money_grouped(r->cost, rpt_currency_decimals(r->currency), amount, sizeof amount);
        else
            money_format(r->cost, 6, amount, sizeof amount);
        const char *cells[] = {r->key, country_of(r->key), amount, r->currency, basis};
        const char *row[] = {cells[0], cells[1 + skip], cells[2 + skip], cells[3 + skip], basis};
        st = rpt_table_add(&t, row);
    }
    if (st == ST_OK && fmt == RPT_FMT_TABLE) {
        st = mdl_summary_totals(rows, &totals, &ctx->err);
        for (size_t i = 0; st == ST_OK && i < totals.n; i++) {
            const struct mdl_summary_row *r = &totals.v[i];
            rpt_money_grouped(r->cost, rpt_currency_decimals(r->currency), amount, sizeof amount);
            const char *cells[] = {"total", "", amount, r->currency, basis};
            const char *row[] = {cells[0], cells[1 + skip], cells[2 + skip], cells[3 + skip],
                                 basis};
            st = rpt_table_add(&t, row);
        }
    }
    if (st == ST_NOMEM)
        err_set(&ctx->err, ST_NOMEM, "out of memory");
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    mdl_summary_release(&totals);
    rpt_table_release(&t);
    return st;
}

/* The dataset summed: --cost, else amortized when the store has it; warns
 * when the store has none of it. */
static enum cost_dataset choose_dataset(struct cli_ctx *ctx, int dataset)
{
    if (dataset < 0) {
        dataset = store_cost_has_dataset(ctx->store, DATASET_AMORTIZED) ? DATASET_AMORTIZED
                                                                        : DATASET_ACTUAL;
        log_info("summing %s cost (choose with --cost)", dataset_names[dataset]);
    }
    if (!store_cost_has_dataset(ctx->store, (enum cost_dataset)dataset))
        log_warn("no %s cost data in the store; import some with 'yosan import' or "
                 "'yosan demo'",
                 dataset_names[dataset]);
    return (enum cost_dataset)dataset;
}

/* The store's cells on the basis, saying which terms made them. */
static enum status basis_cells(struct cli_ctx *ctx, struct cost_query *q, enum terms_basis b,
                               struct cost_cells *out)
{
    char source[160];
    enum status st = job_cost_cells(ctx->store, q, b, out, source, &ctx->err);
    if (st == ST_OK && b != TERMS_BASIS_LIST)
        log_info("amounts on basis %s (terms: %s)", terms_basis_text(b, 0), source);
    return st;
}

/* ST_NOTFOUND when dept is no department of the store, with the closest
 * name when one is near. */
static enum status check_department(struct cli_ctx *ctx, const char *dept)
{
    char **names;
    size_t n;
    enum status st = store_department_names(ctx->store, &names, &n, &ctx->err);
    if (st != ST_OK)
        return st;
    int found = 0;
    for (size_t i = 0; i < n && !found; i++)
        found = strcmp(names[i], dept) == 0;
    if (!found) {
        const char *hint = suggest_closest(dept, (const char *const *)names, n);
        st =
            err_set(&ctx->err, ST_NOTFOUND,
                    "--department: no department '%s'%s%s%s; 'yosan summary --by department' lists "
                    "them",
                    dept, hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
    }
    store_department_names_free(names, n);
    return st;
}

/* Why the query gave no rows when the store has data: ST_NOTFOUND naming
 * the window asked for and the days the data covers; ST_OK (nothing to
 * explain beyond the warning already given) when the dataset is empty. */
static enum status explain_empty(struct cli_ctx *ctx, const struct cost_query *q)
{
    int32_t first, last;
    enum status st = store_cost_day_range(ctx->store, q->dataset, &first, &last, &ctx->err);
    if (st == ST_NOTFOUND) {
        err_clear(&ctx->err);
        return ST_OK;
    }
    if (st != ST_OK)
        return st;
    char f[16] = "the start", t[16] = "the end", a[16], b[16];
    if (q->from_day != INT32_MIN)
        date_format(q->from_day, f);
    if (q->to_day != INT32_MAX)
        date_format(q->to_day, t);
    char who[300] = "";
    if (q->department)
        snprintf(who, sizeof who, " for department '%s'", q->department);
    return err_set(&ctx->err, ST_NOTFOUND, "no %s cost%s from %s to %s: the %s data covers %s..%s",
                   dataset_names[q->dataset], who, f, t, dataset_names[q->dataset],
                   date_format(first, a), date_format(last, b));
}

/* --shared split: the charge-back of the window's months (job_chargeback.h)
 * as cells by department holding each one's whole-unit total. */
static enum status split_cells(struct cli_ctx *ctx, const struct cost_query *q, enum terms_basis b,
                               enum cb_split split, const char *shares_file, struct cost_cells *out)
{
    struct imp_share_set shares = {0};
    enum status st = shares_file ? imp_share_read(shares_file, &shares, &ctx->err) : ST_OK;
    if (st != ST_OK)
        return st;
    struct job_chargeback_opts o = {q->dataset, b,     q->from_day,
                                    q->to_day,  split, shares_file ? &shares : NULL};
    struct job_chargeback_result res = {0};
    st = job_chargeback(ctx->store, &o, &res, &ctx->err);
    if (st == ST_OK) {
        log_info("shared cost split: %s, month by month, whole units adding up to each "
                 "month's invoice (rounded: %s)",
                 cb_split_name(split), terms_rounding_name(res.rounding));
        out->v = calloc(res.nsums ? res.nsums : 1, sizeof *out->v);
        if (!out->v)
            st = err_set(&ctx->err, ST_NOMEM, "out of memory");
    }
    for (size_t i = 0; st == ST_OK && i < res.nsums; i++) {
        const struct cb_row *r = &res.sums[i];
        if (q->department && strcmp(q->department, r->department) != 0)
            continue;
        int64_t scale = 1;
        for (int k = r->decimals; k < 6; k++)
            scale *= 10;
        struct cost_cell *c = &out->v[out->n];
        c->key = strdup(r->department);
        c->currency = strdup(r->currency);
        c->month = 0;
        c->cost = money_normalize(r->total * scale, 0);
        out->n++;
        if (!c->key || !c->currency)
            st = err_set(&ctx->err, ST_NOMEM, "out of memory");
    }
    job_chargeback_release(&res);
    imp_share_set_release(&shares);
    return st;
}

/* --shared unallocated|split and --split KEY. */
static enum status parse_shared_opt(struct cli_ctx *ctx, int c, const char *arg, int *shared,
                                    enum cb_split *split, const char **file)
{
    static const char *const modes[] = {"unallocated", "split", NULL};
    if (c == 'P')
        return cli_parse_split(ctx, cmd_summary_usage, arg, split, file);
    if ((*shared = cli_choice(arg, modes)) < 0)
        return cli_usage_error(ctx, cmd_summary_usage,
                               "unknown --shared '%s': expected unallocated or split", arg);
    return ST_OK;
}

/* What the options chose, past parsing. */
struct summary_plan {
    int by, basis, fmt, fy_start, shared;
    enum cb_split split;
    const char *shares_file;
};

/* Open the store, read the cells (or the charge-back for --shared split),
 * fold and print them. */
static enum status summary_execute(struct cli_ctx *ctx, struct cost_query *q, int dataset,
                                   const struct summary_plan *p)
{
    enum status st = cli_open_store(ctx);
    if (st != ST_OK)
        return st;
    q->dataset = choose_dataset(ctx, dataset);
    q->dim = by_plan[p->by].dim;
    struct cost_cells cells = {0};
    struct mdl_summary rows = {0};
    enum terms_basis b = (enum terms_basis)p->basis;
    st = q->department ? check_department(ctx, q->department) : ST_OK;
    if (st == ST_OK && p->shared)
        st = split_cells(ctx, q, b, p->split, p->shares_file, &cells);
    else if (st == ST_OK)
        st = basis_cells(ctx, q, b, &cells);
    if (st == ST_OK && cells.n == 0)
        st = explain_empty(ctx, q);
    if (st == ST_OK)
        st = mdl_summary_fold(&cells, by_plan[p->by].fold, p->fy_start, &rows, &ctx->err);
    if (st == ST_OK)
        st = write_summary(by_names[p->by], &rows, (enum rpt_format)p->fmt, terms_basis_name(b),
                           ctx);
    mdl_summary_release(&rows);
    cost_cells_release(&cells);
    return st;
}

enum status cmd_summary(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"cost", required_argument, NULL, 'c'},
        {"department", required_argument, NULL, 'D'},
        {"fy-start-month", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'F'},
        {"basis", required_argument, NULL, 'B'},
        {"shared", required_argument, NULL, 'S'},
        {"split", required_argument, NULL, 'P'},
        {NULL, 0, NULL, 0},
    };
    int basis = TERMS_BASIS_CONTRACT;
    int by = 0, dataset = -1, fmt = RPT_FMT_TABLE, fy_start = 4, shared = 0;
    enum cb_split split = CB_SPLIT_DIRECT;
    const char *shares_file = NULL;
    struct cost_query q = {COST_DIM_TOTAL, DATASET_ACTUAL, INT32_MIN, INT32_MAX, NULL, 0};

    const char *env_fy = getenv("YOSAN_FY_START_MONTH");
    if (env_fy && *env_fy && parse_month_number(env_fy, &fy_start) != 0)
        return cli_usage_error(ctx, cmd_summary_usage,
                               "YOSAN_FY_START_MONTH must be a month number 1..12, got '%s'",
                               env_fy);
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if ((by = cli_choice(optarg, by_names)) < 0)
                return cli_usage_error(
                    ctx, cmd_summary_usage,
                    "unknown --by '%s': expected month, fiscal-year, department, "
                    "subscription, service or resource",
                    optarg);
            break;
        case 'f':
            if (parse_iso_day(optarg, &q.from_day) != 0)
                return cli_usage_error(ctx, cmd_summary_usage,
                                       "--from: expected a day YYYY-MM-DD, got '%s'", optarg);
            break;
        case 't':
            if (parse_iso_day(optarg, &q.to_day) != 0)
                return cli_usage_error(ctx, cmd_summary_usage,
                                       "--to: expected a day YYYY-MM-DD, got '%s'", optarg);
            break;
        case 'c':
            if ((dataset = cli_choice(optarg, dataset_names)) < 0)
                return cli_usage_error(ctx, cmd_summary_usage,
                                       "unknown --cost '%s': expected actual or amortized", optarg);
            break;
        case 'D':
            q.department = optarg;
            break;
        case 'm':
            if (parse_month_number(optarg, &fy_start) != 0)
                return cli_usage_error(ctx, cmd_summary_usage,
                                       "--fy-start-month: expected 1..12, got '%s'", optarg);
            break;
        case 'F':
            if ((fmt = cli_choice(optarg, rpt_format_names)) < 0)
                return cli_usage_error(ctx, cmd_summary_usage,
                                       "unknown --format '%s': expected table, csv or json",
                                       optarg);
            break;
        case 'B':
            if (cli_basis_opt(ctx, cmd_summary_usage, optarg, &basis) != ST_OK)
                return ST_USAGE;
            break;
        case 'S':
        case 'P':
            if (parse_shared_opt(ctx, c, optarg, &shared, &split, &shares_file) != ST_OK)
                return ST_USAGE;
            break;
        default:
            return cli_option_error(ctx, cmd_summary_usage, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_summary_usage, "unexpected argument '%s'", argv[optind]);
    if (q.from_day != INT32_MIN && q.to_day != INT32_MAX && q.from_day > q.to_day) {
        char fa[16], ta[16];
        return cli_usage_error(ctx, cmd_summary_usage, "--from %s is after --to %s",
                               date_format(q.from_day, fa), date_format(q.to_day, ta));
    }

    if (shared && by != 2)
        return cli_usage_error(ctx, cmd_summary_usage, "--shared split goes with --by department");

    struct summary_plan plan = {by, basis, fmt, fy_start, shared, split, shares_file};
    return summary_execute(ctx, &q, dataset, &plan);
}
