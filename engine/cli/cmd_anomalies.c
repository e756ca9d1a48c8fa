/*
 * cmd_anomalies.c - `yosan anomalies`: the days a department's (service's,
 * subscription's) daily cost rose above its expected range, with the
 * resources and meters that explain the rise (docs/anomalies.md). Glue:
 * options -> job_anomalies() -> one table. Exit status 4 (ctx->findings)
 * when any anomaly is listed, for cron.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "job_anomaly.h"
#include "log.h"
#include "rpt_table.h"
#include "store_costs.h"

const char *const cmd_anomalies_usage[] = {
    "usage: yosan anomalies [--from YYYY-MM-DD] [--to YYYY-MM-DD]",
    "                       [--by department|service|subscription] [--cost actual|amortized]",
    "                       [--format table|csv|json]",
    "",
    "Days whose cost rose above the expected range of its series, each with the",
    "expected cost, the range, the excess over the expected cost and the three",
    "resources and meters whose cost rose most over their usual cost. The model",
    "knows the day of the week, Japanese holidays and the 12/29-1/3 closure, and",
    "re-anchors after a level shift (a system going live); docs/anomalies.md.",
    "Amounts are the bill's own (list basis) in the billing currency.",
    "",
    "    --from DATE      first day reported (default: 29 days before --to)",
    "    --to DATE        last day reported (default: the last usage day in the store)",
    "    --by KEY         series: department (default), service or subscription",
    "    --cost DATASET   actual or amortized (default: amortized when the store has it,",
    "                     else actual; amortized spreads reservation payments over days)",
    "    --format FMT     table (default; one row per explaining resource), csv or json",
    "",
    "Exit status: 0 no anomaly, 4 anomalies listed, 1/2/3 errors (as every command).",
    NULL,
};

static const char *const by_names[] = {"department", "service", "subscription", NULL};
static const char *const dataset_names[] = {"actual", "amortized", NULL};
static const char *const weekday_ja[] = {"月", "火", "水", "木", "金", "土", "日"};

#define NCOLS 14

static void amount(double v, char *out, size_t n)
{
    snprintf(out, n, "%.2f", v == 0 ? 0.0 : v);
}

/* The rows of one anomaly: one per explaining item (at least one). */
static enum status add_anomaly(struct rpt_table *t, const struct job_anom *a, int fmt)
{
    char iso[DATE_ISO_LEN], act[32], exp[32], lo[32], hi[32], exc[32];
    date_format(a->day, iso);
    amount(a->actual, act, sizeof act);
    amount(a->expected, exp, sizeof exp);
    amount(a->lo, lo, sizeof lo);
    amount(a->hi, hi, sizeof hi);
    amount(a->excess, exc, sizeof exc);
    const char *day = a->closed ? "休" : weekday_ja[date_weekday(a->day)];
    enum status st = ST_OK;
    for (size_t k = 0; st == ST_OK && (k < a->ntop || k == 0); k++) {
        char rank[24] = "", ituse[32] = "", itinc[32] = "";
        const char *res = NULL, *meter = NULL;
        if (k < a->ntop) {
            snprintf(rank, sizeof rank, "%zu", k + 1);
            amount(a->top[k].usual, ituse, sizeof ituse);
            amount(a->top[k].increase, itinc, sizeof itinc);
            res = a->top[k].resource;
            meter = a->top[k].meter;
        }
        int first = k == 0 || fmt != RPT_FMT_TABLE;
        const char *row[NCOLS] = {
            first ? iso : NULL,
            first ? day : NULL,
            first ? a->series : NULL,
            first ? act : NULL,
            first ? exp : NULL,
            first ? lo : NULL,
            first ? hi : NULL,
            first ? exc : NULL,
            first ? a->currency : NULL,
            rank,
            res,
            meter,
            itinc,
            ituse,
        };
        st = rpt_table_add(t, row);
    }
    return st;
}

static enum status write_table(struct cli_ctx *ctx, const struct job_anom_result *r, const char *by,
                               int fmt)
{
    const char *headers[NCOLS] = {"date",     "day",   "",         "actual",   "expected",
                                  "low",      "high",  "excess",   "currency", "rank",
                                  "resource", "meter", "increase", "usual"};
    headers[2] = by;
    static const enum rpt_col_type types[NCOLS] = {
        RPT_TEXT,   RPT_TEXT, RPT_TEXT, RPT_AMOUNT, RPT_AMOUNT, RPT_AMOUNT, RPT_AMOUNT,
        RPT_AMOUNT, RPT_TEXT, RPT_NUM,  RPT_ID,     RPT_TEXT,   RPT_AMOUNT, RPT_AMOUNT};
    struct rpt_table t = {0};
    enum status st = rpt_table_init(&t, NCOLS, headers, types);
    for (size_t i = 0; st == ST_OK && i < r->n; i++)
        st = add_anomaly(&t, &r->v[i], fmt);
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    rpt_table_release(&t);
    return st;
}

static int parse_day(const char *s, int32_t *day)
{
    return strlen(s) == 10 && s[4] == '-' && s[7] == '-' ? date_parse(s, 10, day) : -1;
}

struct anom_cli {
    struct job_anom_opts o;
    int fmt, by, dataset;
};

static enum status parse_opts(int argc, char **argv, struct cli_ctx *ctx, struct anom_cli *a)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'F'},   {"to", required_argument, NULL, 'T'},
        {"by", required_argument, NULL, 'b'},     {"cost", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "F:T:b:c:f:", opts, NULL)) != -1) {
        const char *const *u = cmd_anomalies_usage;
        if ((c == 'F' || c == 'T') && parse_day(optarg, c == 'F' ? &a->o.from : &a->o.to) != 0)
            return cli_usage_error(ctx, u, "--%s: expected a date YYYY-MM-DD, got '%s'",
                                   c == 'F' ? "from" : "to", optarg);
        if (c == 'b' && (a->by = cli_choice(optarg, by_names)) < 0)
            return cli_usage_error(ctx, u, "--by: expected %s, got '%s'",
                                   cli_choices_text(by_names), optarg);
        if (c == 'c' && (a->dataset = cli_choice(optarg, dataset_names)) < 0)
            return cli_usage_error(ctx, u, "--cost: expected actual or amortized, got '%s'",
                                   optarg);
        if (c == 'f' && (a->fmt = cli_choice(optarg, rpt_format_names)) < 0)
            return cli_usage_error(ctx, u, "--format: expected table, csv or json, got '%s'",
                                   optarg);
        if (c == '?' || c == ':')
            return cli_option_error(ctx, u, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_anomalies_usage, "unexpected argument '%s'", argv[optind]);
    if (a->o.from != INT32_MIN && a->o.to != INT32_MAX && a->o.from > a->o.to)
        return cli_usage_error(ctx, cmd_anomalies_usage, "--from is after --to");
    return ST_OK;
}

enum status cmd_anomalies(int argc, char **argv, struct cli_ctx *ctx)
{
    struct anom_cli a = {.o = {.from = INT32_MIN, .to = INT32_MAX}, .by = 0, .dataset = -1};
    mdl_anom_params_default(&a.o.params);
    enum status st = parse_opts(argc, argv, ctx, &a);
    if (st != ST_OK || (st = cli_open_store(ctx)) != ST_OK)
        return st;
    static const enum cost_day_dim dims[] = {COST_DAY_DEPARTMENT, COST_DAY_SERVICE,
                                             COST_DAY_SUBSCRIPTION};
    a.o.dim = dims[a.by];
    a.o.dataset = a.dataset >= 0 ? (enum cost_dataset)a.dataset
                  : store_cost_has_dataset(ctx->store, DATASET_AMORTIZED) ? DATASET_AMORTIZED
                                                                          : DATASET_ACTUAL;
    struct job_anom_result r;
    st = job_anomalies(ctx->store, &a.o, &r, &ctx->err);
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    if (st == ST_OK)
        log_info("%zu anomal%s in %s..%s (%zu series, %zu series-days judged)", r.n,
                 r.n == 1 ? "y" : "ies", date_format(r.from, from), date_format(r.to, to), r.series,
                 r.days_judged);
    if (st == ST_OK && (r.n > 0 || a.fmt != RPT_FMT_TABLE)) /* none: the line above says so */
        st = write_table(ctx, &r, by_names[a.by], a.fmt);
    if (st == ST_OK && r.n > 0)
        ctx->findings = 1;
    job_anom_result_release(&r);
    return st;
}
