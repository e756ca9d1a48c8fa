/*
 * cmd_obligations.c - `yosan obligations`: the reservations and savings
 * plans found in the bill, their term and end, and the payments they still
 * commit the city to per fiscal year (job_obligations.h;
 * docs/chargeback.md "Obligations").
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "job_obligations.h"
#include "log.h"
#include "money.h"
#include "rpt_money.h"
#include "rpt_table.h"
#include "terms.h"

const char *const cmd_obligations_usage[] = {
    "usage: yosan obligations [--format table|csv|json]",
    "",
    "Reservations and savings plans found in the bill (rows with a ReservationId /",
    "benefitId / CommitmentDiscountId): kind, name and term as the bill gives them,",
    "first and last day seen, how they are paid (monthly or up front, from the",
    "Purchase rows), start and end, the monthly commitment, and the payments still",
    "due after the data's last month per fiscal year (first month from",
    "$YOSAN_FY_START_MONTH, default April). A commitment with payments due after",
    "the current fiscal year is a multi-year obligation: it needs a",
    "debt-burden act (債務負担行為, Local Autonomy Act art. 214). Amounts are",
    "the bill's own (basis list), whole units.",
    "",
    "    --format FMT   table (default; the benefit's last path segment), csv or json",
    "                   (the full benefit id)",
    NULL,
};

static const char *payment_name(enum mdl_obl_payment p)
{
    return p == MDL_OBL_MONTHLY ? "monthly" : p == MDL_OBL_UPFRONT ? "upfront" : "not in data";
}

/* "YYYY-MM", "YYYY-MM or earlier" (earlier: the start may precede the
 * data), "unknown" for a negative month. out: 32 bytes. */
static void month_text(int month, int earlier, char out[32])
{
    int y, m;
    if (month < 0) {
        snprintf(out, 32, "unknown");
        return;
    }
    month_from_index(month, &y, &m);
    snprintf(out, 32, "%04d-%02d%s", y, m, earlier ? " or earlier" : "");
}

static void units_text(int64_t v, const char *currency, enum rpt_format fmt, char *out, size_t n)
{
    rpt_units_text(v, terms_currency_decimals(currency), fmt == RPT_FMT_TABLE, out, n);
}

/* Fiscal years shown: from the current one to the last with a payment due
 * (at least the current one and the next). */
static int fy_columns(const struct job_obligations_result *r)
{
    int k = 2;
    for (size_t i = 0; i < r->b.n; i++)
        for (int j = 0; j < MDL_OBL_FYS; j++)
            if (r->o[i].remaining[j] && j + 1 > k)
                k = j + 1;
    return k;
}

enum { FIXED_COLS = 14 };

static enum status add_benefit(struct rpt_table *t, const struct job_obligations_result *r,
                               size_t i, int nfy, enum rpt_format fmt)
{
    const struct benefit_info *b = &r->b.v[i];
    const struct mdl_obl_out *o = &r->o[i];
    char term[16], first[DATE_ISO_LEN], last[DATE_ISO_LEN], start[32], end[32], monthly[48],
        paid[48], rem[48], fy[MDL_OBL_FYS][48];
    const char *row[FIXED_COLS + MDL_OBL_FYS + 1];
    if (b->term_months > 0)
        snprintf(term, sizeof term, "%d", b->term_months);
    else
        snprintf(term, sizeof term, "unknown");
    month_text(o->start_month, !o->start_known, start); /* at the data's start: maybe earlier */
    month_text(o->end_month, !o->start_known, end);
    units_text(o->monthly, b->currency, fmt, monthly, sizeof monthly);
    units_text(o->paid, b->currency, fmt, paid, sizeof paid);
    if (o->remaining_known)
        units_text(o->remaining_total, b->currency, fmt, rem, sizeof rem);
    else
        snprintf(rem, sizeof rem, "%s", fmt == RPT_FMT_TABLE ? "unknown" : "");
    const char *cells[FIXED_COLS] = {
        b->id, /* the text table shows its name (--wide: in full) */
        b->name,
        b->kind,
        term,
        payment_name(o->payment),
        date_format(b->first_seen, first),
        date_format(b->last_seen, last),
        start,
        end,
        monthly,
        paid,
        rem,
        b->currency,
        o->beyond_fy ? "yes: 債務負担行為" : "no",
    };
    for (int k = 0; k < FIXED_COLS; k++)
        row[k] = cells[k];
    for (int k = 0; k < nfy; k++) {
        units_text(o->remaining[k], b->currency, fmt, fy[k], sizeof fy[k]);
        row[FIXED_COLS + k] = o->remaining_known ? fy[k] : "";
    }
    row[FIXED_COLS + nfy] = "list";
    return rpt_table_add(t, row);
}

static enum status write_obligations(struct cli_ctx *ctx, const struct job_obligations_result *r,
                                     enum rpt_format fmt)
{
    static const char *const fixed[FIXED_COLS] = {"benefit",      "name",
                                                  "kind",         "term_months",
                                                  "payment",      "first_seen",
                                                  "last_seen",    "start",
                                                  "end",          "monthly",
                                                  "paid_in_data", "remaining",
                                                  "currency",     "beyond_fiscal_year"};
    int nfy = fy_columns(r);
    char fyname[MDL_OBL_FYS][24];
    const char *hdr[FIXED_COLS + MDL_OBL_FYS + 1];
    enum rpt_col_type typ[FIXED_COLS + MDL_OBL_FYS + 1];
    for (int k = 0; k < FIXED_COLS; k++) {
        hdr[k] = fixed[k];
        typ[k] = (k == 3 || k == 9 || k == 10 || k == 11) ? RPT_NUM : RPT_TEXT;
    }
    typ[0] = RPT_ID;
    if (fmt == RPT_FMT_TABLE)
        typ[3] = typ[11] = RPT_TEXT; /* "unknown" */
    for (int k = 0; k < nfy; k++) {
        snprintf(fyname[k], sizeof fyname[k], "remaining_fy%d", r->first_fy + k);
        hdr[FIXED_COLS + k] = fyname[k];
        typ[FIXED_COLS + k] = RPT_NUM;
    }
    hdr[FIXED_COLS + nfy] = "basis";
    typ[FIXED_COLS + nfy] = RPT_TEXT;
    struct rpt_table t;
    enum status st = rpt_table_init(&t, (size_t)(FIXED_COLS + nfy + 1), hdr, typ);
    for (size_t i = 0; st == ST_OK && i < r->b.n; i++)
        st = add_benefit(&t, r, i, nfy, fmt);
    if (st == ST_NOMEM)
        err_set(&ctx->err, ST_NOMEM, "out of memory");
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    rpt_table_release(&t);
    return st;
}

enum status cmd_obligations(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    int fmt = RPT_FMT_TABLE, c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'F')
            return cli_option_error(ctx, cmd_obligations_usage, argv);
        if ((fmt = cli_choice(optarg, rpt_format_names)) < 0)
            return cli_usage_error(ctx, cmd_obligations_usage,
                                   "unknown --format '%s': expected table, csv or json", optarg);
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_obligations_usage, "unexpected argument '%s'",
                               argv[optind]);
    const char *env = getenv("YOSAN_FY_START_MONTH");
    long fy_start = env && *env ? strtol(env, NULL, 10) : 4;
    if (fy_start < 1 || fy_start > 12)
        fy_start = 4;
    enum status st = cli_open_store(ctx);
    struct job_obligations_result r;
    memset(&r, 0, sizeof r);
    if (st == ST_OK)
        st = job_obligations(ctx->store, (int)fy_start, &r, &ctx->err);
    if (st == ST_OK) {
        char m[32];
        month_text(r.as_of_month, 0, m);
        log_info("%zu reservations and savings plans in the bill; payments due after %s "
                 "(the data's last month), current fiscal year FY%d",
                 r.b.n, m, r.first_fy);
        if (r.b.n == 0)
            log_warn("no cost row names a reservation or savings plan (ReservationId, "
                     "benefitId or CommitmentDiscountId)");
        st = write_obligations(ctx, &r, (enum rpt_format)fmt);
    }
    job_obligations_release(&r);
    return st;
}
