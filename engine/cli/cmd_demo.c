/*
 * cmd_demo.c - `yosan demo`: write the synthetic demo city (imp_demo.h) as
 * real export files and load them through the same importers users run.
 *
 * Glue only: the generator lives in importers/imp_demo.c; this file parses
 * options, picks the default end month from the clock, and imports.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "date.h"
#include "dept.h"
#include "imp_budget.h"
#include "imp_cost.h"
#include "imp_demo.h"
#include "imp_dept.h"
#include "imp_metrics.h"
#include "imp_prices.h"
#include "job_schedule.h"
#include "log.h"
#include "store_departments.h"

const char *const cmd_demo_usage[] = {
    "usage: yosan demo [--seed N] [--out DIR] [--months N] [--end YYYY-MM]",
    "                  [--metric-weeks N] [--no-amortized] [--no-import]",
    "                  [--upfront-reservation] [--no-anomalies]",
    "",
    "Generate a deterministic synthetic Osaka-like city (12 departments, a few",
    "hundred Azure resources, a shared ExpressRoute hub) as EA cost exports, a",
    "department rules file, hourly VM metrics and a Retail Prices page for its VM",
    "sizes (pay-as-you-go, reservations, savings plans), then import them. It also",
    "writes and loads the appropriations of the end month's fiscal year, with one",
    "department (建設局) planted below its trend, for `yosan track`.",
    "See docs/demo.md for the cases planted for later analyses.",
    "",
    "    --seed N           PRNG seed (default 1); equal options give equal files",
    "    --out DIR          where the files go (default ./demo-data)",
    "    --months N         months of daily cost rows, 1..120 (default 36)",
    "    --end YYYY-MM      last month generated (default: the month before this one)",
    "    --metric-weeks N   weeks of hourly VM metrics up to the end, 0..52 (default 8)",
    "    --no-amortized     write only ActualCost files",
    "    --upfront-reservation  the finance system's database VM (vm-zaisei-db01) has a",
    "                       1-year reservation paid up front each April instead of",
    "                       monthly: actual cost shows the payment in April, amortized",
    "                       spreads it (see `yosan budget --cost`)",
    "    --no-anomalies     do not plant the three cost anomalies of docs/demo.md",
    "                       (the clean city `yosan anomalies` is measured on)",
    "    --no-import        write the files but leave the database alone",
    NULL,
};

/* Parse a whole decimal number in [lo, hi]; returns 0 or -1. */
static int parse_int_range(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* The demo's price page and metrics (when written), through the same
 * importers `yosan import` uses. */
static enum status import_extras(struct cli_ctx *ctx, const struct imp_demo_result *res)
{
    enum status st;
    if (res->prices_file) {
        struct imp_prices_result pr;
        if ((st = imp_prices_file(ctx->store, res->prices_file, &pr, &ctx->err)) != ST_OK)
            return st;
        log_info("imported %s: %lld prices%s", res->prices_file, (long long)pr.stored,
                 pr.duplicate ? " (already there)" : "");
    }
    if (res->metrics_file) {
        struct imp_metrics_result m;
        if ((st = imp_metrics_file(ctx->store, res->metrics_file, &m, &ctx->err)) != ST_OK)
            return st;
        log_info("imported %s: %lld hourly values for %lld resources%s", res->metrics_file,
                 (long long)m.hours, (long long)m.resources, m.duplicate ? " (already there)" : "");
        if (!m.duplicate && (st = job_schedule_prepare(ctx->store, &ctx->err)) != ST_OK)
            return st;
    }
    if (res->approp_file) {
        struct imp_approp_load_result a;
        if ((st = imp_approp_load(ctx->store, res->approp_file, &a, &ctx->err)) != ST_OK)
            return st;
        log_info("loaded %s: %zu FY%d appropriations%s (yosan track --fiscal-year %d)",
                 res->approp_file, a.rows, res->approp_fy, a.unchanged ? " (already there)" : "",
                 res->approp_fy);
    }
    return ST_OK;
}

/* Load the rules, then every cost file (dataset known from its name), then
 * the metrics, through the same importers `yosan departments load`,
 * `yosan import` uses. Files already imported are
 * skipped by the importers (same sha256). */
static enum status import_city(struct cli_ctx *ctx, const struct imp_demo_result *res)
{
    struct dept_rules rules;
    dept_rules_init(&rules);
    int64_t objects = 0;
    enum status st = imp_dept_rules_read(res->rules_file, &rules, &ctx->err);
    if (st == ST_OK)
        st = store_dept_rules_replace(ctx->store, &rules, &objects, &ctx->err);
    size_t nrules = rules.n;
    dept_rules_release(&rules);
    if (st != ST_OK)
        return st;
    log_info("loaded %zu department rules from %s", nrules, res->rules_file);

    int64_t rows = 0, replaced = 0;
    size_t duplicates = 0;
    for (size_t i = 0; i < res->ncost_files; i++) {
        struct imp_cost_options o = {
            .format = "ea",
            .progress = NULL,
            .dataset = i < res->nactual_files ? "actual" : "amortized",
            .allow_any_date = 1, /* generated here: any --end month is meant */
        };
        struct imp_cost_result r;
        if ((st = imp_cost_file(ctx->store, res->cost_files[i], &o, &r, &ctx->err)) != ST_OK)
            return st;
        rows += r.rows;
        replaced += r.replaced;
        duplicates += (size_t)r.duplicate;
        log_debug("imported %s: %lld rows", res->cost_files[i], (long long)r.rows);
    }
    log_info("imported %zu cost files: %lld rows (%zu files already there, %lld rows replaced)",
             res->ncost_files, (long long)rows, duplicates, (long long)replaced);
    return import_extras(ctx, res);
}

/* The month before the current UTC month. */
static int default_end_month(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return month_index(tm.tm_year + 1900, tm.tm_mon + 1) - 1;
}

enum status cmd_demo(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"seed", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"months", required_argument, NULL, 'm'},
        {"end", required_argument, NULL, 'e'},
        {"metric-weeks", required_argument, NULL, 'w'},
        {"no-amortized", no_argument, NULL, 'A'},
        {"no-import", no_argument, NULL, 'N'},
        {"upfront-reservation", no_argument, NULL, 'U'},
        {"no-anomalies", no_argument, NULL, 'X'},
        {NULL, 0, NULL, 0},
    };
    struct imp_demo_options opt;
    imp_demo_options_init(&opt, default_end_month());
    int do_import = 1;
    long v;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': {
            char *end;
            errno = 0;
            unsigned long long seed = strtoull(optarg, &end, 10);
            if (end == optarg || *end != '\0' || errno != 0 || optarg[0] == '-')
                return cli_usage_error(ctx, cmd_demo_usage,
                                       "--seed: expected a non-negative integer, got '%s'", optarg);
            opt.seed = (uint64_t)seed;
            break;
        }
        case 'o':
            opt.out_dir = optarg;
            break;
        case 'm':
            if (parse_int_range(optarg, 1, 120, &v) != 0)
                return cli_usage_error(ctx, cmd_demo_usage,
                                       "--months: expected 1..120 (months of cost rows, "
                                       "at most 10 years), got '%s'",
                                       optarg);
            opt.months = (int)v;
            break;
        case 'e':
            if (strlen(optarg) != 7 || month_parse(optarg, &opt.end_month) != 0)
                return cli_usage_error(ctx, cmd_demo_usage,
                                       "--end: expected a month YYYY-MM, got '%s'", optarg);
            break;
        case 'w':
            if (parse_int_range(optarg, 0, 52, &v) != 0)
                return cli_usage_error(ctx, cmd_demo_usage,
                                       "--metric-weeks: expected 0..52 (weeks of hourly "
                                       "metrics, at most a year), got '%s'",
                                       optarg);
            opt.metric_weeks = (int)v;
            break;
        case 'A':
            opt.amortized = 0;
            break;
        case 'N':
            do_import = 0;
            break;
        case 'U':
            opt.upfront = 1;
            break;
        case 'X':
            opt.anomalies = 0;
            break;
        default:
            return cli_option_error(ctx, cmd_demo_usage, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_demo_usage, "unexpected argument '%s'", argv[optind]);

    char from[8], to[8];
    log_info("generating the demo city, %s..%s, seed %" PRIu64 ", into '%s'",
             month_format(opt.end_month - opt.months + 1, from), month_format(opt.end_month, to),
             opt.seed, opt.out_dir);
    struct imp_demo_result res;
    enum status st = imp_demo_generate(&opt, &res, &ctx->err);
    if (st == ST_OK)
        log_info("wrote %zu cost files (%" PRId64 " rows), %s, %s (%" PRId64
                 " rows): %d resources, %d VMs",
                 res.ncost_files, res.cost_rows, res.rules_file,
                 res.metrics_file ? res.metrics_file : "no metrics", res.metric_rows, res.resources,
                 res.vms);
    if (st == ST_OK && do_import)
        st = import_city(ctx, &res);
    imp_demo_result_release(&res);
    return st;
}
