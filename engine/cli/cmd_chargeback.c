/*
 * cmd_chargeback.c - `yosan chargeback`: each department's cost of a month
 * or fiscal year with the shared cost split by a stated key, in whole yen
 * adding up to the invoice (job_chargeback.h; docs/chargeback.md). Also
 * owns the --split parser `yosan summary --shared split` uses.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_chargeback.h"
#include "date.h"
#include "job_chargeback.h"
#include "log.h"
#include "money.h"
#include "rpt_money.h"
#include "rpt_table.h"

const char *const cmd_chargeback_usage[] = {
    "usage: yosan chargeback (--month YYYY-MM | --fiscal-year Y) [--basis B]",
    "                        [--split direct|even|fixed:FILE|usage:vcpu-hours]",
    "                        [--cost actual|amortized] [--monthly] [--format table|csv|json]",
    "",
    "Charge-back (按分): each department's own cost of the month (or fiscal year) plus",
    "its share of the shared cost ('(unallocated)': what no department rule",
    "attributes), in whole yen that add up exactly to the month's invoice on the",
    "basis (the store's total, rounded per the terms' rule). A fiscal year is the",
    "sum of its months, each split on its own.",
    "",
    "    --month YYYY-MM      one month",
    "    --fiscal-year Y      the fiscal year starting in April of Y (first month from",
    "                         $YOSAN_FY_START_MONTH, default 4); the months with data",
    "    --basis B            list, contract or contract+tax (default: contract+tax,",
    "                         what the invoice asks); see `yosan terms`",
    "    --split KEY          how the shared cost is split: direct (default; in",
    "                         proportion to each department's own cost that month),",
    "                         even (equal parts over the departments with cost that",
    "                         month), fixed:FILE (CSV department,share; departments",
    "                         not named get none) or usage:vcpu-hours (the",
    "                         department's VM vCPU-hours that month, from the bill's",
    "                         quantities and VCPUs)",
    "    --cost DATASET       actual (default: the invoice as billed; purchases in",
    "                         their month) or amortized (reservations spread)",
    "    --monthly            with --fiscal-year: every month's rows, then the year's",
    "    --format FMT         table (default; a total line per month = the invoice),",
    "                         csv or json (month,department,direct,shared,total,",
    "                         currency,split,basis; whole units)",
    NULL,
};

static const char *const cost_names[] = {"actual", "amortized", NULL};

enum status cli_parse_split(struct cli_ctx *ctx, const char *const *usage, const char *arg,
                            enum cb_split *split, const char **file)
{
    if (strcmp(arg, "direct") == 0 || strcmp(arg, "proportional") == 0)
        *split = CB_SPLIT_DIRECT;
    else if (strcmp(arg, "even") == 0)
        *split = CB_SPLIT_EVEN;
    else if (strcmp(arg, "usage:vcpu-hours") == 0)
        *split = CB_SPLIT_VCPU_HOURS;
    else if (strncmp(arg, "fixed:", 6) == 0 && arg[6]) {
        *split = CB_SPLIT_FIXED;
        *file = arg + 6;
    } else
        return cli_usage_error(ctx, usage,
                               "--split: expected direct, even, fixed:FILE or usage:vcpu-hours, "
                               "got '%s'",
                               arg);
    return ST_OK;
}

/* "2026-04" or "FY2026" (month -1: a period sum; fy is its first year). */
static void month_label(int month, int fy, char out[16])
{
    if (month < 0) {
        snprintf(out, 16, "FY%d", fy);
        return;
    }
    int y, m;
    month_from_index(month, &y, &m);
    snprintf(out, 16, "%04d-%02d", y, m);
}

/* Whole units as the format shows them: grouped in a table, plain in CSV/JSON. */
static void units_text(int64_t units, int decimals, enum rpt_format fmt, char *out, size_t n)
{
    rpt_units_text(units, decimals, fmt == RPT_FMT_TABLE, out, n);
}

struct cb_print {
    enum rpt_format fmt;
    const char *split; /* as given */
    const char *basis;
    int fy; /* for the FY label */
};

static enum status add_row(struct rpt_table *t, const struct cb_print *p, int month,
                           const char *dept, const int64_t v[3], const char *currency, int d)
{
    char label[16], a[3][48];
    month_label(month, p->fy, label);
    for (int i = 0; i < 3; i++)
        units_text(v[i], d, p->fmt, a[i], sizeof a[i]);
    const char *row[] = {label, dept, a[0], a[1], a[2], currency, p->split, p->basis};
    return rpt_table_add(t, row);
}

/* The rows of one list (one month's or the period's), each group followed
 * in a table by its invoice line. */
static enum status add_rows(struct rpt_table *t, const struct cb_print *p,
                            const struct cb_row *rows, size_t n, const struct cb_invoice *inv,
                            size_t ninv)
{
    enum status st = ST_OK;
    for (size_t k = 0; st == ST_OK && k < ninv; k++) {
        const struct cb_invoice *v = &inv[k];
        int64_t direct = 0;
        for (size_t i = 0; st == ST_OK && i < n; i++) {
            const struct cb_row *r = &rows[i];
            if (r->month != v->month || strcmp(r->currency, v->currency) != 0)
                continue;
            int64_t a[3] = {r->direct, r->shared, r->total};
            direct += r->direct;
            st = add_row(t, p, r->month, r->department, a, r->currency, r->decimals);
        }
        int64_t a[3] = {direct, v->shared, v->invoice};
        if (st == ST_OK && p->fmt == RPT_FMT_TABLE)
            st = add_row(t, p, v->month, "total (invoice)", a, v->currency, v->decimals);
    }
    return st;
}

static enum status write_chargeback(struct cli_ctx *ctx, const struct job_chargeback_result *res,
                                    const struct cb_print *p, int monthly)
{
    static const char *const hdr[] = {"month", "department", "direct", "shared",
                                      "total", "currency",   "split",  "basis"};
    static const enum rpt_col_type typ[] = {RPT_TEXT, RPT_TEXT, RPT_NUM,  RPT_NUM,
                                            RPT_NUM,  RPT_TEXT, RPT_TEXT, RPT_TEXT};
    struct rpt_table t;
    enum status st = rpt_table_init(&t, 8, hdr, typ);
    if (st == ST_OK && (monthly || p->fy < 0))
        st = add_rows(&t, p, res->rows, res->nrows, res->invoices, res->ninvoices);
    if (st == ST_OK && p->fy >= 0)
        st = add_rows(&t, p, res->sums, res->nsums, res->sum_invoices, res->nsum_invoices);
    if (st == ST_NOMEM)
        err_set(&ctx->err, ST_NOMEM, "out of memory");
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, p->fmt, 0);
    rpt_table_release(&t);
    return st;
}

struct cb_args {
    int month; /* month index or -1 */
    int fy;    /* fiscal year or -1 */
    int basis, cost, fmt, monthly;
    enum cb_split split;
    const char *split_arg, *shares_file;
};

static enum status parse_period(struct cli_ctx *ctx, int c, const char *arg, struct cb_args *a)
{
    if (c == 'M') {
        if (strlen(arg) != 7 || month_parse(arg, &a->month) != 0)
            return cli_usage_error(ctx, cmd_chargeback_usage, "--month: expected YYYY-MM, got '%s'",
                                   arg);
        return ST_OK;
    }
    char *end;
    long y = strtol(arg, &end, 10);
    if (end == arg || *end || y < 2000 || y > 2200)
        return cli_usage_error(ctx, cmd_chargeback_usage,
                               "--fiscal-year: expected a year 2000..2200, got '%s'", arg);
    a->fy = (int)y;
    return ST_OK;
}

static enum status parse_one(struct cli_ctx *ctx, int c, const char *arg, struct cb_args *a)
{
    switch (c) {
    case 'M':
    case 'Y':
        return parse_period(ctx, c, arg, a);
    case 'B':
        return cli_basis_opt(ctx, cmd_chargeback_usage, arg, &a->basis);
    case 's':
        a->split_arg = arg;
        return cli_parse_split(ctx, cmd_chargeback_usage, arg, &a->split, &a->shares_file);
    case 'c':
        if ((a->cost = cli_choice(arg, cost_names)) < 0)
            return cli_usage_error(ctx, cmd_chargeback_usage,
                                   "unknown --cost '%s': expected actual or amortized", arg);
        return ST_OK;
    case 'm':
        a->monthly = 1;
        return ST_OK;
    case 'F':
        if ((a->fmt = cli_choice(arg, rpt_format_names)) < 0)
            return cli_usage_error(ctx, cmd_chargeback_usage,
                                   "unknown --format '%s': expected table, csv or json", arg);
        return ST_OK;
    default:
        return ST_USAGE;
    }
}

static enum status parse_args(int argc, char **argv, struct cli_ctx *ctx, struct cb_args *a)
{
    static const struct option opts[] = {
        {"month", required_argument, NULL, 'M'},  {"fiscal-year", required_argument, NULL, 'Y'},
        {"basis", required_argument, NULL, 'B'},  {"split", required_argument, NULL, 's'},
        {"cost", required_argument, NULL, 'c'},   {"monthly", no_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'F'}, {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == '?' || c == ':')
            return cli_option_error(ctx, cmd_chargeback_usage, argv);
        if (parse_one(ctx, c, optarg, a) != ST_OK)
            return ST_USAGE;
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_chargeback_usage, "unexpected argument '%s'", argv[optind]);
    if ((a->month < 0) == (a->fy < 0))
        return cli_usage_error(ctx, cmd_chargeback_usage,
                               "give one of --month YYYY-MM or --fiscal-year Y");
    if (a->monthly && a->fy < 0)
        return cli_usage_error(ctx, cmd_chargeback_usage, "--monthly goes with --fiscal-year");
    return ST_OK;
}

/* The first month of fiscal years: $YOSAN_FY_START_MONTH, else April. */
static int fy_start_month(void)
{
    const char *env = getenv("YOSAN_FY_START_MONTH");
    long m = env && *env ? strtol(env, NULL, 10) : 4;
    return m >= 1 && m <= 12 ? (int)m : 4;
}

static void period_days(const struct cb_args *a, int32_t *from, int32_t *to)
{
    int first = a->month, last = a->month;
    if (a->fy >= 0) {
        first = month_index(a->fy, fy_start_month());
        last = first + 11;
    }
    *from = month_first_day(first);
    *to = month_first_day(last) + month_days(last) - 1;
}

enum status cmd_chargeback(int argc, char **argv, struct cli_ctx *ctx)
{
    struct cb_args a = {
        -1,       -1,  TERMS_BASIS_CONTRACT_TAX, DATASET_ACTUAL, RPT_FMT_TABLE, 0, CB_SPLIT_DIRECT,
        "direct", NULL};
    enum status st = parse_args(argc, argv, ctx, &a);
    if (st != ST_OK)
        return st;
    struct imp_share_set shares = {0};
    if (a.shares_file && (st = imp_share_read(a.shares_file, &shares, &ctx->err)) != ST_OK)
        return st;
    struct job_chargeback_opts o = {
        (enum cost_dataset)a.cost,     (enum terms_basis)a.basis, 0, 0, a.split,
        a.shares_file ? &shares : NULL};
    period_days(&a, &o.from_day, &o.to_day);
    struct job_chargeback_result res = {0};
    st = cli_open_store(ctx);
    if (st == ST_OK)
        st = job_chargeback(ctx->store, &o, &res, &ctx->err);
    if (st == ST_OK) {
        log_info("charge-back of the %s cost on basis %s (terms: %s; invoice rounded: %s), "
                 "shared cost split: %s",
                 cost_names[a.cost], terms_basis_name(o.basis), res.terms_source,
                 terms_rounding_name(res.rounding), a.split_arg);
        for (size_t i = 0; i < res.ninvoices; i++)
            if (res.invoices[i].even && a.split != CB_SPLIT_EVEN) {
                char label[16];
                month_label(res.invoices[i].month, 0, label);
                log_warn("%s: no department has a positive %s; its shared cost is split evenly",
                         label, cb_split_name(a.split));
            }
        struct cb_print p = {(enum rpt_format)a.fmt, a.split_arg, terms_basis_name(o.basis), a.fy};
        st = write_chargeback(ctx, &res, &p, a.monthly);
    }
    job_chargeback_release(&res);
    imp_share_set_release(&shares);
    return st;
}
