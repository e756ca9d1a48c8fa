/*
 * cmd_import.c - `yosan import FILE...`: route each file to its importer,
 * one transaction per file, one line per file on stderr. A bad file does
 * not stop the others; the exit status reports the first failure.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "imp_cost.h"
#include "imp_metrics.h"
#include "imp_prices.h"
#include "job_schedule.h"
#include "log.h"

const char *const cmd_import_usage[] = {
    "usage: yosan import [--format ea|mca|focus] [--dataset actual|amortized] FILE...",
    "",
    "Import Azure cost exports (CSV or .csv.gz): EA (legacy and 2024 column names),",
    "MCA and FOCUS 1.0-1.2. Each file is imported whole or not at all. Importing the",
    "same file again changes nothing; a newer export covering the same subscriptions",
    "and days (month-to-date re-deliveries) replaces the rows it covers.",
    "Also takes utilisation metrics (Azure Monitor JSON or a long CSV",
    "resource_id,timestamp,metric,value) and Azure Retail Prices JSON pages,",
    "recognised by their content (docs/metrics.md).",
    "",
    "  --format F      ea, mca or focus (default: detected from the header)",
    "  --dataset D     actual or amortized, for EA/MCA files (default: decided from",
    "                  the content, see docs/import.md)",
    "  -q, --quiet     no progress bar and no per-file lines",
    "  -h, --help      show this help",
    NULL,
};

/* What kind of file a path holds: Retail Prices pages and metrics (JSON or
 * long CSV) are recognised by their first bytes; everything else is a cost export. */
enum input_kind { INPUT_COST = 0, INPUT_METRICS, INPUT_PRICES };

static enum input_kind route_file(const char *path)
{
    if (imp_prices_sniff(path))
        return INPUT_PRICES;
    if (imp_metrics_sniff(path))
        return INPUT_METRICS;
    return INPUT_COST;
}

static enum status import_metrics(const char *path, struct cli_ctx *ctx, int *changed,
                                  struct err *e)
{
    struct imp_metrics_result r;
    enum status st = imp_metrics_file(ctx->store, path, &r, e);
    if (st == ST_OK && !r.duplicate)
        *changed = 1;
    if (st == ST_OK && r.duplicate)
        log_info("%s: already imported, nothing changed", path);
    else if (st == ST_OK)
        log_info("%s: metrics, %lld points, %lld hourly values, %lld resources", path,
                 (long long)r.points, (long long)r.hours, (long long)r.resources);
    return st;
}

static enum status import_prices(const char *path, struct cli_ctx *ctx, struct err *e)
{
    struct imp_prices_result r;
    enum status st = imp_prices_file(ctx->store, path, &r, e);
    if (st == ST_OK && r.duplicate)
        log_info("%s: already imported, nothing changed", path);
    else if (st == ST_OK)
        log_info("%s: retail prices, %lld items, %lld VM prices stored%s", path, (long long)r.items,
                 (long long)r.stored, r.next_page[0] ? "; more pages follow (NextPageLink)" : "");
    return st;
}

static enum status import_cost(struct cli_ctx *ctx, const char *path,
                               const struct imp_cost_options *opt, struct err *e)
{
    struct imp_cost_result res;
    enum status st = imp_cost_file(ctx->store, path, opt, &res, e);
    if (st != ST_OK)
        return st;
    if (res.duplicate) {
        log_info("%s: already imported, nothing changed", path);
        return ST_OK;
    }
    if (res.rows == 0) {
        log_info("%s: no rows (%s header only), nothing to replace", path, res.format);
        return ST_OK;
    }
    log_info("%s: %lld rows, %s %s, %s..%s, replaced %lld older rows", path, (long long)res.rows,
             res.format, res.dataset, res.period_start, res.period_end, (long long)res.replaced);
    if (res.inexact)
        log_warn("%s: %lld amounts had more than 12 decimals and were rounded half-even", path,
                 (long long)res.inexact);
    if (res.empty_costs)
        log_warn("%s: %lld rows had an empty cost, taken as 0", path, (long long)res.empty_costs);
    return ST_OK;
}

enum status cmd_import(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"dataset", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"ea", "mca", "focus", NULL};
    static const char *const datasets[] = {"actual", "amortized", NULL};
    struct imp_cost_options opt = {.format = NULL, .progress = !ctx->quiet, .dataset = NULL};
    int quiet = ctx->quiet;
    int c;
    while ((c = getopt_long(argc, argv, "f:d:q", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (cli_choice(optarg, formats) < 0)
                return cli_usage_error(ctx, cmd_import_usage, "unknown format '%s'", optarg);
            opt.format = optarg;
            break;
        case 'd':
            if (cli_choice(optarg, datasets) < 0)
                return cli_usage_error(ctx, cmd_import_usage, "unknown dataset '%s'", optarg);
            opt.dataset = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        default:
            return cli_usage_error(ctx, cmd_import_usage, "bad option");
        }
    }
    if (optind >= argc)
        return cli_usage_error(ctx, cmd_import_usage, "no file to import");
    if (quiet) {
        opt.progress = 0;
        if (log_get_level() > LOG_WARN)
            log_set_level(LOG_WARN);
    }
    int nfiles = argc - optind, failed = 0, metrics_changed = 0;
    enum status first = ST_OK;
    for (int i = optind; i < argc; i++) {
        struct err e;
        err_clear(&e);
        enum status st = ST_OK;
        switch (route_file(argv[i])) {
        case INPUT_COST:
            st = import_cost(ctx, argv[i], &opt, &e);
            break;
        case INPUT_METRICS:
            st = import_metrics(argv[i], ctx, &metrics_changed, &e);
            break;
        case INPUT_PRICES:
            st = import_prices(argv[i], ctx, &e);
            break;
        }
        if (st == ST_OK)
            continue;
        failed++;
        if (first == ST_OK) {
            first = st;
            ctx->err = e;
        }
        if (nfiles > 1)
            log_error("%s", e.msg);
    }
    if (failed && nfiles > 1)
        err_set(&ctx->err, first, "%d of %d files failed and were not imported; the others were",
                failed, nfiles);
    if (metrics_changed) {
        /* derived data is built at import, so analyses right after are fast */
        struct err e;
        err_clear(&e);
        if (job_schedule_prepare(ctx->store, &e) != ST_OK)
            log_warn("metrics imported, but the schedule profile was not built: %s", e.msg);
    }
    return first;
}
