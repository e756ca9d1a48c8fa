/*
 * cmd_rightsize.c - `yosan rightsize`: the monthly right-sizing list (resize,
 * shutdown, keep, delete) with savings per month. Parses options, calls
 * job_rightsize() and formats the rows through rpt_table.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "job_rightsize.h"
#include "log.h"
#include "money.h"
#include "rpt_money.h"
#include "rpt_table.h"
#include "terms.h"

const char *const cmd_rightsize_usage[] = {
    "usage: yosan rightsize [--month YYYY-MM | --lookback 30d] [--department D]",
    "                       [--lookback-days N] [--burstable same-cores|fewer-cores]",
    "                       [--format table|csv|json] [threshold options]",
    "",
    "List VMs to resize or shut down, premium SSD disks to move to Standard SSD and",
    "billed resources to delete, from hourly metrics, the VM catalogue, the disk",
    "tiers, prices and the cost rows, with savings per month.",
    "",
    "  --month YYYY-MM      analyse one calendar month (UTC)",
    "  --lookback ND        analyse the N days ending at the latest data (default 30d;",
    "                       Azure Advisor uses 7, configurable 7-90: docs/rightsize.md)",
    "  --lookback-days N    the same as --lookback Nd",
    "  --burstable M        fewer-cores (default: a B-series size may have fewer vCPUs) or",
    "                       same-cores (Azure Advisor's rule: only the current vCPU count)",
    "  --department D       only resources of this department (局)",
    "  --format F           table (default), csv or json",
    "  --user-facing M      auto (infer from the daily pattern, default), yes or no",
    "  --uf-cpu PCT         user-facing: max projected P95 CPU (default 40)",
    "  --uf-mem PCT         user-facing: max projected peak memory (default 60)",
    "  --bg-cpu PCT         other workloads: max projected P95 CPU (default 80)",
    "  --bg-mem PCT         other workloads: max projected peak memory (default 80)",
    "  --net-limit PCT      max projected P95 outbound network, % of the size's documented",
    "                       bandwidth (docs/rightsize.md), for both (default 40/80)",
    "  --shutdown-cpu PCT   shutdown when P95 CPU is below this (default 3)",
    "  --min-coverage F     below this share of hours with data: low confidence (default 0.5)",
    "  --no-accel-net       do not assume accelerated networking is in use (allows B-series)",
    "  --disk-iops-share PCT  premium SSD disk -> Standard SSD of the same size when its peak",
    "                       IOPS stay below this % of that tier's IOPS (default 80)",
    "  --coverage           print only the coverage by service (table, csv or json)",
    "  --log-retention DAYS Log Analytics retention the policy needs (default 31, the free",
    "                       days; 31..4383): retention billed beyond it is listed",
    "  --noncritical-tag KEY[=VALUE]  tag marking data that needs no geo-redundant copy",
    "                       (default criticality=low): GRS/RA-GRS -> LRS, GZRS -> ZRS",
    "  --pool-max-load PCT  SQL elastic pool: the pool's peak summed load at most this % of",
    "                       its size (default 70)",
    "  --pool-min-dbs N     SQL elastic pool: databases with metrics a server needs (default 3)",
    "  --pool-vcore-ratio R SQL elastic pool: pool vCore price / single database vCore price",
    "                       (default 1.0; eDTU pools 1.5)",
    "  --idle-network-gb GB a VPN/ExpressRoute, application or NAT gateway or load balancer",
    "                       whose data meters carry at most GB per 30 days is idle (default 1)",
    "  --snapshot-age DAYS  a disk snapshot billed for more than DAYS days is old (default 90)",
    "",
    "App Service plans (fewer instances, a smaller tier, no traffic: delete) and SQL",
    "databases (a smaller vCore/DTU size, serverless when idle most of the week, and",
    "per logical server an elastic pool when 3+ databases peak at different hours) are",
    "analysed from their Azure Monitor metrics (docs/rightsize.md); Log Analytics",
    "workspaces (commitment tier, retention) and storage accounts (hot -> cool/cold,",
    "redundancy) from the bill alone, and so are Premium App Service plans tagged",
    "env=dev/test/stg (-> Standard, same cores), idle gateways and load balancers (delete",
    "or deallocate) and old disk snapshots (review and delete). After the rows comes",
    "the coverage: per service, how much of the window's spend some rule analysed and",
    "how much it did not (no metrics, or no rule for that service yet).",
    "",
    "The rule set used comes first: a 'rules: ...' line on stdout (table), on stderr (CSV),",
    "or the JSON field \"rules\". Amounts are in the bill's currency (the currency column).",
    "",
    "CSV columns: resource_id,department,current_size,action,recommended_size,",
    "alternative_size,p95_cpu,peak_mem_pct,monthly_cost,monthly_savings,confidence,reason,",
    "price_source (bill, retail x R or series: docs/rightsize.md \"Pricing rule\")",
    "(the total and the coverage line go to stderr). JSON: {currency,",
    "total_monthly_savings, vms, disks, rows: [...], ..., coverage: {text, currency,",
    "spend, analysed, services: [...]}}. --coverage CSV columns: service,currency,spend,",
    "analysed,not_analysed,analysed_pct,resources,resources_analysed.",
    "",
    "Runs on one thread per CPU (at most 4); $YOSAN_THREADS=N sets the number.",
    NULL,
};

static int parse_pct(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static void fmt_num(char *buf, size_t n, double v, int decimals)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, n, "%.*f", decimals, v);
}

static void fmt_money(char *buf, size_t n, double v, const char *cur)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return;
    }
    money_format(money_from_double(v), terms_currency_decimals(cur), buf, n);
}

/* The support-life rows as an aligned table (table format). */
static void print_support_table(const struct job_rs_result *res, struct cli_ctx *ctx)
{
    static const char *const h[] = {"resource", "department", "size_or_product", "series",
                                    "status",   "end_date",   "replacement"};
    static const enum rpt_col_type ty[] = {RPT_ID,   RPT_TEXT, RPT_TEXT, RPT_TEXT,
                                           RPT_TEXT, RPT_TEXT, RPT_TEXT};
    struct rpt_table t;
    enum status st = rpt_table_init(&t, 7, h, ty);
    for (size_t i = 0; st == ST_OK && i < res->nsupport; i++) {
        const struct job_rs_support *x = &res->support[i];
        const char *cells[] = {x->resource_id,       x->department,    x->what,
                               x->entry->name,       x->entry->status, x->entry->end_date,
                               x->entry->replacement};
        st = rpt_table_add(&t, cells);
    }
    if (st == ST_OK)
        cli_table_write(ctx, &t, RPT_FMT_TABLE, 0);
    rpt_table_release(&t);
}

/* The resources outside Japan as an aligned table (table format). */
static void print_abroad_table(const struct job_rs_result *res, struct cli_ctx *ctx)
{
    static const char *const h[] = {"resource", "department", "region",
                                    "country",  "location",   "monthly_cost"};
    static const enum rpt_col_type ty[] = {RPT_ID,   RPT_TEXT, RPT_TEXT,
                                           RPT_TEXT, RPT_TEXT, RPT_TEXT};
    struct rpt_table t;
    enum status st = rpt_table_init(&t, 6, h, ty);
    for (size_t i = 0; st == ST_OK && i < res->nabroad; i++) {
        const struct job_rs_abroad *a = &res->abroad[i];
        char cost[80], amount[48];
        if (isnan(a->monthly_cost))
            amount[0] = '\0';
        else
            rpt_money_grouped(money_from_double(a->monthly_cost),
                              terms_currency_decimals(a->currency), amount, sizeof amount);
        snprintf(cost, sizeof cost, "%s %s", amount, a->currency);
        const char *cells[] = {a->resource_id,
                               a->department,
                               *a->region ? a->region : "(no region)",
                               a->where ? a->where->country : "(unknown)",
                               a->where ? a->where->location : "",
                               cost};
        st = rpt_table_add(&t, cells);
    }
    if (st == ST_OK)
        cli_table_write(ctx, &t, RPT_FMT_TABLE, 0);
    rpt_table_release(&t);
}

/* The support-life rows (retiring VM series, OS / SQL Server versions) and the
 * resources outside Japan, after the table (table), as JSON arrays (json), or
 * counted on stderr (csv, which stays one table). */
static void print_extras(const struct job_rs_result *res, int fmt, struct cli_ctx *ctx)
{
    FILE *out = ctx->out;
    if (fmt == RPT_FMT_CSV) {
        if (res->nsupport || res->nabroad)
            log_info("support life: %zu resources on retiring sizes or versions; outside Japan: "
                     "%zu resources (--format table or json, or `yosan report rightsize`)",
                     res->nsupport, res->nabroad);
        return;
    }
    char cost[48];
    if (fmt == RPT_FMT_JSON) {
        fputs(", \"support_life\": [", out);
        for (size_t i = 0; i < res->nsupport; i++) {
            const struct job_rs_support *x = &res->support[i];
            fmt_money(cost, sizeof cost, x->monthly_cost, x->currency);
            fputs(i ? ", {\"resource_id\": " : "{\"resource_id\": ", out);
            rpt_json_string(out, x->resource_id);
            fputs(", \"what\": ", out);
            rpt_json_string(out, x->what);
            fputs(", \"series\": ", out);
            rpt_json_string(out, x->entry->name);
            fprintf(out, ", \"status\": \"%s\", \"end_date\": \"%s\", \"replacement\": ",
                    x->entry->status, x->entry->end_date);
            rpt_json_string(out, x->entry->replacement);
            fprintf(out, ", \"monthly_cost\": %s, \"currency\": \"%s\"}", *cost ? cost : "null",
                    x->currency);
        }
        fputs("], \"outside_japan\": [", out);
        for (size_t i = 0; i < res->nabroad; i++) {
            const struct job_rs_abroad *a = &res->abroad[i];
            fmt_money(cost, sizeof cost, a->monthly_cost, a->currency);
            fputs(i ? ", {\"resource_id\": " : "{\"resource_id\": ", out);
            rpt_json_string(out, a->resource_id);
            fputs(", \"region\": ", out);
            rpt_json_string(out, a->region);
            fputs(", \"country\": ", out);
            rpt_json_string(out, a->where ? a->where->country : "");
            fprintf(out, ", \"monthly_cost\": %s, \"currency\": \"%s\"}", *cost ? cost : "null",
                    a->currency);
        }
        fputs("]", out);
        return;
    }
    if (res->nsupport) {
        fprintf(out, "\nsupport life (retiring VM series, OS / SQL Server versions):\n");
        print_support_table(res, ctx);
    }
    if (res->nabroad) {
        fprintf(out, "\noutside Japan (data centre country):\n");
        print_abroad_table(res, ctx);
    }
}

/* Share of the window's spend some rule analysed, in percent (NAN when none). */
static double coverage_pct(double analysed, double cost)
{
    return cost > 0 ? 100.0 * analysed / cost : NAN;
}

/* The coverage by service as one table: service, spend in the window, the
 * part some rule analysed, the rest (not analysed), the share and the
 * resources. */
static enum status coverage_table(const struct job_rs_result *res, struct rpt_table *t)
{
    static const char *const h[] = {"service",   "currency",          "spend",
                                    "analysed",  "not_analysed",      "analysed_pct",
                                    "resources", "resources_analysed"};
    static const enum rpt_col_type ty[] = {RPT_TEXT,   RPT_TEXT, RPT_AMOUNT, RPT_AMOUNT,
                                           RPT_AMOUNT, RPT_NUM,  RPT_AMOUNT, RPT_AMOUNT};
    enum status st = rpt_table_init(t, 8, h, ty);
    for (size_t i = 0; st == ST_OK && i < res->ncoverage; i++) {
        const struct job_rs_coverage *c = &res->coverage[i];
        char spend[48], an[48], rest[48], pct[16], nres[24], nan_[24];
        fmt_money(spend, sizeof spend, c->cost, c->currency);
        fmt_money(an, sizeof an, c->analysed, c->currency);
        fmt_money(rest, sizeof rest, c->cost - c->analysed, c->currency);
        fmt_num(pct, sizeof pct, coverage_pct(c->analysed, c->cost), 1);
        snprintf(nres, sizeof nres, "%zu", c->resources);
        snprintf(nan_, sizeof nan_, "%zu", c->analysed_res);
        const char *cells[] = {c->service, c->currency, spend, an, rest, pct, nres, nan_};
        st = rpt_table_add(t, cells);
    }
    return st;
}

/* "analysed X of Y JPY (Z %)" for the whole window. */
static void coverage_line(const struct job_rs_result *res, char *buf, size_t n)
{
    char a[48], b[48], ga[64], gb[64];
    fmt_money(a, sizeof a, res->cov_analysed, res->cov_currency);
    fmt_money(b, sizeof b, res->cov_cost, res->cov_currency);
    snprintf(buf, n,
             "coverage: %.1f %% of the window's spend analysed by some rule (%s of %s %s); "
             "App Service plans %zu of %zu, SQL databases %zu of %zu with metrics",
             res->cov_cost > 0 ? coverage_pct(res->cov_analysed, res->cov_cost) : 0.0,
             rpt_group_digits(a, ga, sizeof ga), rpt_group_digits(b, gb, sizeof gb),
             res->cov_currency, res->plans_with_metrics, res->plans, res->sql_with_metrics,
             res->sql_dbs);
}

/* Coverage after the rows: a section (table), the "coverage" member (json)
 * or one line on stderr (csv; --coverage gives the table as CSV). */
static enum status print_coverage(const struct job_rs_result *res, int fmt, int only,
                                  struct cli_ctx *ctx)
{
    char line[400];
    coverage_line(res, line, sizeof line);
    if (fmt == RPT_FMT_CSV && !only) {
        log_info("%s (by service: --coverage)", line);
        return ST_OK;
    }
    struct rpt_table t;
    enum status st = coverage_table(res, &t);
    if (st == ST_OK && fmt == RPT_FMT_JSON) {
        fputs(only ? "{\"coverage\": {\"text\": " : ", \"coverage\": {\"text\": ", ctx->out);
        rpt_json_string(ctx->out, line);
        fprintf(ctx->out, ", \"currency\": \"%s\", \"spend\": %.0f, \"analysed\": %.0f, ",
                res->cov_currency, res->cov_cost, res->cov_analysed);
        fputs("\"services\": ", ctx->out);
        st = cli_table_write(ctx, &t, RPT_FMT_JSON, 0);
        fputs(only ? "}}\n" : "}", ctx->out);
    } else if (st == ST_OK && fmt == RPT_FMT_CSV) {
        st = cli_table_write(ctx, &t, RPT_FMT_CSV, 0);
        log_info("%s", line);
    } else if (st == ST_OK) {
        fprintf(ctx->out,
                "%s%s\n(not_analysed: spend on resources no rule looked at: no "
                "metrics, or no rule for the service yet)\n",
                only ? "" : "\n", line);
        st = cli_table_write(ctx, &t, RPT_FMT_TABLE, 0);
    }
    rpt_table_release(&t);
    return st;
}

/* The rule set, the rows and the total in the chosen format, then the
 * support-life and outside-Japan sections. */
static enum status write_result(const struct job_rs_options *o, const struct job_rs_result *res,
                                int fmt, struct cli_ctx *ctx)
{
    enum status st = ST_OK;
    char rules[512];
    job_rs_rules_text(o, res, rules, sizeof rules);
    if (fmt == RPT_FMT_TABLE)
        fprintf(ctx->out, "%s\n\n", rules);
    else if (fmt == RPT_FMT_CSV)
        log_info("%s", rules); /* not in the CSV: it stays machine-readable */

    static const char *const headers[] = {
        "resource_id",      "department", "current_size", "action",       "recommended_size",
        "alternative_size", "p95_cpu",    "peak_mem_pct", "monthly_cost", "monthly_savings",
        "confidence",       "reason",     "price_source",
    };
    static const enum rpt_col_type types[] = {
        RPT_ID,  RPT_TEXT,   RPT_TEXT,   RPT_TEXT, RPT_TEXT, RPT_TEXT, RPT_NUM,
        RPT_NUM, RPT_AMOUNT, RPT_AMOUNT, RPT_TEXT, RPT_TEXT, RPT_TEXT,
    };
    struct rpt_table t;
    if ((st = rpt_table_init(&t, 13, headers, types)) != ST_OK) {
        rpt_table_release(&t);
        return err_set(&ctx->err, st, "out of memory");
    }
    /* the total is the sum of the rounded row amounts, so the rows add up to it */
    struct money total_m = MONEY_ZERO;
    int total_dec = terms_currency_decimals(res->currency);
    rpt_table_set_decimals(&t, 8, total_dec);
    rpt_table_set_decimals(&t, 9, total_dec);
    for (size_t i = 0; i < res->n && st == ST_OK; i++) {
        const struct job_rs_row *row = &res->rows[i];
        if (row->r.monthly_savings > 0) {
            double scale = total_dec ? 100.0 : 1.0;
            total_m = money_add(total_m,
                                money_from_double(round(row->r.monthly_savings * scale) / scale));
        }
        char p95[32], mem[32], cost[48], save[48];
        fmt_num(p95, sizeof p95, row->r.p95_cpu, 1);
        fmt_num(mem, sizeof mem, row->r.peak_mem_pct, 1);
        fmt_money(cost, sizeof cost, row->monthly_cost, row->currency);
        fmt_money(save, sizeof save, row->r.monthly_savings, row->currency);
        const char *cells[13] = {
            row->resource_id, /* the text table shows its name (--wide: in full) */
            row->department,
            row->current_size,
            mdl_rs_action_name(row->r.action),
            job_rs_recommended_name(row),
            row->r.alternative ? row->r.alternative->name : "",
            p95,
            mem,
            cost,
            save,
            mdl_rs_confidence_name(row->r.confidence),
            row->r.reason,
            row->price_source,
        };
        st = rpt_table_add(&t, cells);
    }
    char total[48];
    money_format(total_m, total_dec, total, sizeof total);
    if (st == ST_OK && fmt == RPT_FMT_JSON) {
        fputs("{\"rules\": {\"text\": ", ctx->out);
        rpt_json_string(ctx->out, rules);
        fprintf(ctx->out, ", \"window_days\": %d, \"burstable\": \"%s\"}, \"currency\": ",
                job_rs_window_days(res), job_rs_burstable_name(o->thr.burstable_same_cores));
        rpt_json_string(ctx->out, res->currency);
        fprintf(ctx->out,
                ", \"total_monthly_savings\": %s, \"vms\": %zu, \"disks\": %zu, \"rows\": ", total,
                res->vms, res->disks);
        st = cli_table_write(ctx, &t, RPT_FMT_JSON, 0);
        print_extras(res, fmt, ctx);
        if (st == ST_OK)
            st = print_coverage(res, fmt, 0, ctx);
        fputs("}\n", ctx->out);
    } else if (st == ST_OK) {
        st = cli_table_write(ctx, &t, (enum rpt_format)fmt, 0);
    }
    char grouped[64];
    if (st == ST_OK && fmt == RPT_FMT_TABLE)
        fprintf(ctx->out,
                "\ntotal savings per month: %s %s (%zu VMs analysed, %zu with metrics; %zu "
                "premium disks with IOPS metrics)\n",
                rpt_group_digits(total, grouped, sizeof grouped), res->currency, res->vms,
                res->vms_with_metrics, res->disks);
    else if (st == ST_OK)
        log_info("total savings per month: %s %s (%zu VMs analysed, %zu with metrics; %zu premium "
                 "disks with IOPS metrics)",
                 total, res->currency, res->vms, res->vms_with_metrics, res->disks);
    if (st == ST_OK && fmt != RPT_FMT_JSON)
        print_extras(res, fmt, ctx);
    if (st == ST_OK && fmt != RPT_FMT_JSON)
        st = print_coverage(res, fmt, 0, ctx);
    rpt_table_release(&t);
    return st;
}

/* The coverage alone (--coverage) or the whole result. */
static enum status write_output(const struct job_rs_options *o, const struct job_rs_result *res,
                                int fmt, int only_coverage, struct cli_ctx *ctx)
{
    if (only_coverage)
        return print_coverage(res, fmt, 1, ctx);
    return write_result(o, res, fmt, ctx);
}

/* Option codes of cmd_rightsize() (getopt_long values). */
enum {
    OPT_MONTH = 256,
    OPT_LOOKBACK,
    OPT_DEPT,
    OPT_FORMAT,
    OPT_UF,
    OPT_UF_CPU,
    OPT_UF_MEM,
    OPT_BG_CPU,
    OPT_BG_MEM,
    OPT_NET,
    OPT_SHUT,
    OPT_COV,
    OPT_NO_AN,
    OPT_DISK_IOPS,
    OPT_LOOKBACK_DAYS,
    OPT_BURSTABLE,
    OPT_COVERAGE,
    OPT_LOG_RETENTION,
    OPT_NONCRITICAL_TAG,
    OPT_POOL_MAX_LOAD,
    OPT_POOL_MIN_DBS,
    OPT_POOL_VCORE_RATIO,
    OPT_IDLE_NET_GB,
    OPT_SNAPSHOT_AGE
};

/* The SQL elastic pool options (--pool-*). */
static enum status pool_option(struct cli_ctx *ctx, int c, struct sqlpool_thresholds *t)
{
    const char *const *U = cmd_rightsize_usage;
    char *end;
    double v = strtod(optarg, &end);
    int bad = end == optarg || *end;
    if (c == OPT_POOL_MAX_LOAD) {
        if (bad || !(v >= 10 && v <= 100))
            return cli_usage_error(
                ctx, U, "--pool-max-load: expected a percentage 10..100, got '%s'", optarg);
        t->max_load = v;
    } else if (c == OPT_POOL_MIN_DBS) {
        if (bad || !(v >= 2 && v <= 64) || v != floor(v))
            return cli_usage_error(ctx, U, "--pool-min-dbs: expected 2..64 databases, got '%s'",
                                   optarg);
        t->min_dbs = (int)v;
    } else {
        if (bad || !(v > 0 && v <= 10))
            return cli_usage_error(ctx, U, "--pool-vcore-ratio: expected a ratio 0..10, got '%s'",
                                   optarg);
        t->vcore_ratio = v;
    }
    return ST_OK;
}

/* --idle-network-gb and --snapshot-age (mdl_network.h); else a usage error. */
static enum status net_option(struct cli_ctx *ctx, int c, char **argv, struct net_thresholds *net)
{
    const char *const *U = cmd_rightsize_usage;
    char *end;
    double v = strtod(optarg ? optarg : "", &end);
    switch (c) {
    case OPT_IDLE_NET_GB:
        if (end == optarg || *end || !(v >= 0 && v <= 1e6))
            return cli_usage_error(
                ctx, U, "--idle-network-gb: expected GB per 30 days, 0..1000000, got '%s'", optarg);
        net->idle_gb = v;
        return ST_OK;
    case OPT_SNAPSHOT_AGE:
        if (end == optarg || *end || !(v >= 1 && v <= 3650) || v != floor(v))
            return cli_usage_error(ctx, U, "--snapshot-age: expected whole days, 1..3650, got '%s'",
                                   optarg);
        net->snapshot_days = (int)v;
        return ST_OK;
    default:
        return cli_option_error(ctx, U, argv);
    }
}

/* The options cmd_rightsize() leaves to this (the option codes of its enum):
 * --burstable, --disk-iops-share, --log-retention, --noncritical-tag, --pool-*;
 * else a usage error. */
static enum status other_option(struct cli_ctx *ctx, int c, char **argv, struct job_rs_options *o,
                                struct storage_thresholds *sto, struct sqlpool_thresholds *pool,
                                struct net_thresholds *net)
{
    static const char *const burst_modes[] = {"fewer-cores", "same-cores", NULL};
    const char *const *U = cmd_rightsize_usage;
    double v;
    char *end;
    switch (c) {
    case OPT_BURSTABLE:
        if ((o->thr.burstable_same_cores = cli_choice(optarg, burst_modes)) < 0)
            return cli_usage_error(ctx, U, "--burstable: expected same-cores or fewer-cores");
        return ST_OK;
    case OPT_DISK_IOPS:
        if (parse_pct(optarg, 0.1, 100, &v) != 0)
            return cli_usage_error(
                ctx, U, "--disk-iops-share: expected a percentage 0.1..100, got '%s'", optarg);
        o->thr.disk_iops_share = v;
        return ST_OK;
    case OPT_LOG_RETENTION:
        v = strtod(optarg, &end);
        if (end == optarg || *end || !(v >= 31 && v <= 4383))
            return cli_usage_error(ctx, U,
                                   "--log-retention: expected the days of retention the policy "
                                   "needs, 31..4383, got '%s'",
                                   optarg);
        sto->la_policy_days = v;
        return ST_OK;
    case OPT_NONCRITICAL_TAG:
        if (!*optarg || *optarg == '=' || strlen(optarg) >= 64)
            return cli_usage_error(ctx, U,
                                   "--noncritical-tag: expected KEY or KEY=VALUE (under 64 "
                                   "bytes), got '%s'",
                                   optarg);
        o->noncritical_tag = optarg;
        return ST_OK;
    case OPT_POOL_MAX_LOAD:
    case OPT_POOL_MIN_DBS:
    case OPT_POOL_VCORE_RATIO:
        return pool_option(ctx, c, pool);
    default:
        return net_option(ctx, c, argv, net);
    }
}

/* The job on the existing database (opened after the options). */
static enum status open_and_run(struct cli_ctx *ctx, const struct job_rs_options *o,
                                struct job_rs_result *res)
{
    enum status st = cli_open_store(ctx);
    if (st != ST_OK)
        return st;
    return job_rightsize(ctx->store, o, res, &ctx->err);
}

enum status cmd_rightsize(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"month", required_argument, NULL, OPT_MONTH},
        {"lookback", required_argument, NULL, OPT_LOOKBACK},
        {"department", required_argument, NULL, OPT_DEPT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"user-facing", required_argument, NULL, OPT_UF},
        {"uf-cpu", required_argument, NULL, OPT_UF_CPU},
        {"uf-mem", required_argument, NULL, OPT_UF_MEM},
        {"bg-cpu", required_argument, NULL, OPT_BG_CPU},
        {"bg-mem", required_argument, NULL, OPT_BG_MEM},
        {"net-limit", required_argument, NULL, OPT_NET},
        {"shutdown-cpu", required_argument, NULL, OPT_SHUT},
        {"min-coverage", required_argument, NULL, OPT_COV},
        {"no-accel-net", no_argument, NULL, OPT_NO_AN},
        {"disk-iops-share", required_argument, NULL, OPT_DISK_IOPS},
        {"lookback-days", required_argument, NULL, OPT_LOOKBACK_DAYS},
        {"burstable", required_argument, NULL, OPT_BURSTABLE},
        {"coverage", no_argument, NULL, OPT_COVERAGE},
        {"log-retention", required_argument, NULL, OPT_LOG_RETENTION},
        {"noncritical-tag", required_argument, NULL, OPT_NONCRITICAL_TAG},
        {"pool-max-load", required_argument, NULL, OPT_POOL_MAX_LOAD},
        {"pool-min-dbs", required_argument, NULL, OPT_POOL_MIN_DBS},
        {"pool-vcore-ratio", required_argument, NULL, OPT_POOL_VCORE_RATIO},
        {"idle-network-gb", required_argument, NULL, OPT_IDLE_NET_GB},
        {"snapshot-age", required_argument, NULL, OPT_SNAPSHOT_AGE},
        {NULL, 0, NULL, 0},
    };
    const char *const *U = cmd_rightsize_usage;
    struct job_rs_options o = {.month = -1, .lookback_days = 30};
    mdl_rs_defaults(&o.thr);
    int fmt = RPT_FMT_TABLE, have_lookback = 0, only_coverage = 0;
    static const char *const uf_modes[] = {"no", "yes", "auto", NULL};
    struct storage_thresholds sto;
    mdl_storage_defaults(&sto);
    o.storage = &sto;
    struct sqlpool_thresholds pool;
    mdl_sqlpool_defaults(&pool);
    o.sqlpool = &pool;
    struct net_thresholds net;
    mdl_network_defaults(&net);
    o.net = &net;
    int c;
    double v;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_MONTH:
            if (month_parse(optarg, &o.month) != 0)
                return cli_usage_error(ctx, U, "--month: expected YYYY-MM, got '%s'", optarg);
            break;
        case OPT_LOOKBACK:
        case OPT_LOOKBACK_DAYS: {
            char *end;
            long d = strtol(optarg, &end, 10);
            if (end == optarg || (*end && (c == OPT_LOOKBACK_DAYS || strcmp(end, "d") != 0)) ||
                d < 1 || d > 366)
                return cli_usage_error(ctx, U,
                                       "--lookback: expected 1d..366d (days back from the last "
                                       "data), got '%s'",
                                       optarg);
            o.lookback_days = (int)d;
            have_lookback = 1;
            break;
        }
        case OPT_DEPT:
            o.department = optarg;
            break;
        case OPT_FORMAT:
            if ((fmt = cli_choice(optarg, rpt_format_names)) < 0)
                return cli_usage_error(ctx, U, "--format: expected table, csv or json, got '%s'",
                                       optarg);
            break;
        case OPT_UF: {
            int m = cli_choice(optarg, uf_modes);
            if (m < 0)
                return cli_usage_error(ctx, U, "--user-facing: expected auto, yes or no");
            o.thr.user_facing = m == 2 ? -1 : m;
            break;
        }
        case OPT_UF_CPU:
        case OPT_UF_MEM:
        case OPT_BG_CPU:
        case OPT_BG_MEM:
        case OPT_NET:
        case OPT_SHUT:
            if (parse_pct(optarg, 0.1, 100, &v) != 0)
                return cli_usage_error(ctx, U, "%s: expected a percentage 0.1..100, got '%s'",
                                       argv[optind - 1], optarg);
            if (c == OPT_UF_CPU)
                o.thr.uf_cpu = v;
            else if (c == OPT_UF_MEM)
                o.thr.uf_mem = v;
            else if (c == OPT_BG_CPU)
                o.thr.bg_cpu = v;
            else if (c == OPT_BG_MEM)
                o.thr.bg_mem = v;
            else if (c == OPT_NET)
                o.thr.uf_net = o.thr.bg_net = v;
            else
                o.thr.shutdown_p95_cpu = v;
            break;
        case OPT_COV:
            if (parse_pct(optarg, 0, 1, &v) != 0)
                return cli_usage_error(ctx, U,
                                       "--min-coverage: expected a share 0..1 of the hours "
                                       "with metrics, got '%s'",
                                       optarg);
            o.thr.min_coverage = v;
            if (o.thr.high_coverage < v)
                o.thr.high_coverage = v;
            break;
        case OPT_NO_AN:
            o.thr.accel_net_in_use = 0;
            break;
        case OPT_COVERAGE:
            only_coverage = 1;
            break;
        default: {
            enum status st = other_option(ctx, c, argv, &o, &sto, &pool, &net);
            if (st != ST_OK)
                return st;
            break;
        }
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, U, "unexpected argument '%s'", argv[optind]);
    if (o.month >= 0 && have_lookback)
        return cli_usage_error(ctx, U, "--month and --lookback exclude each other");

    struct job_rs_result res;
    o.threads = cli_threads();
    enum status st = open_and_run(ctx, &o, &res);
    if (st != ST_OK)
        return st;
    log_debug("rightsize: %zu VMs, load %.3f s, model %.3f s", res.vms, res.load_seconds,
              res.model_seconds);
    st = write_output(&o, &res, fmt, only_coverage, ctx);
    job_rs_result_release(&res);
    return st;
}
