/*
 * cmd_import.c - `yosan import FILE...`: open each file once (a pipe or "-"
 * for stdin can only be read once), route it to its importer by its first
 * bytes, one transaction per file, one line per file on stderr. A bad file
 * does not stop the others; the exit status reports the first failure.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "imp_cost.h"
#include "imp_metrics.h"
#include "imp_prices.h"
#include "job_schedule.h"
#include "log.h"

const char *const cmd_import_usage[] = {
    "usage: yosan import [--format ea|mca|focus] [--dataset actual|amortized]",
    "                    [--allow-any-date] FILE...",
    "       (FILE may be a pipe such as <(cmd), or - for stdin)",
    "",
    "Import Azure cost exports (CSV or .csv.gz): EA (legacy and 2024 column names),",
    "MCA and FOCUS 1.0-1.2. Each file is imported whole or not at all. Importing the",
    "same file again changes nothing; a newer export replaces, for each subscription",
    "it carries, the older rows of the days it has rows for (month-to-date",
    "re-deliveries); other days are never touched.",
    "Also takes utilisation metrics (Azure Monitor JSON or a long CSV",
    "resource_id,timestamp,metric,value) and Azure Retail Prices JSON pages,",
    "recognised by their content (docs/metrics.md). Metrics timestamps run from",
    "2000-01-01 to a year after the import, and a grain ('interval') is at most",
    "31 days (744 hourly values per point). Storage and workspace metrics",
    "(UsedCapacity, Transactions, BlobCapacity by Tier, BillableDataGB from the",
    "Usage table) must name a storage account or workspace id, else exit 3.",
    "Text must be UTF-8 (a BOM is fine):",
    "an invalid byte refuses the whole file with exit 3.",
    "Any input may be gzip'd: a truncated or corrupt gzip file is bad input.",
    "A line (record) longer than 64 MiB is refused (docs/import.md, Limits).",
    "",
    "  --format F      ea, mca or focus (default: detected from the header)",
    "  --dataset D     actual or amortized, for EA/MCA files (default: decided from",
    "                  the content, see docs/import.md)",
    "  --allow-any-date",
    "                  accept usage days before 2000-01-01 or more than 366 days",
    "                  after today (by default bad data, exit 3: a mistyped year)",
    "  -q, --quiet     no progress bar and no per-file lines",
    "  -h, --help      show this help",
    NULL,
};

/* What kind of file it is: Retail Prices pages and metrics (JSON or long
 * CSV) are recognised by their first bytes; everything else is a cost export. */
enum input_kind { INPUT_COST = 0, INPUT_METRICS, INPUT_PRICES };

static enum input_kind route_head(const char *head)
{
    if (imp_prices_sniff_head(head))
        return INPUT_PRICES;
    if (imp_metrics_sniff_head(head))
        return INPUT_METRICS;
    return INPUT_COST;
}

static enum status import_metrics(struct imp_file *f, const char *path, struct cli_ctx *ctx,
                                  int *changed, struct err *e)
{
    struct imp_metrics_result r;
    enum status st = imp_metrics_read(ctx->store, f, &r, e);
    if (st == ST_OK && !r.duplicate)
        *changed = 1;
    if (st == ST_OK && r.duplicate)
        log_info("%s: already imported, nothing changed", path);
    else if (st == ST_OK)
        log_info("%s: metrics, %lld points, %lld hourly values, %lld resources", path,
                 (long long)r.points, (long long)r.hours, (long long)r.resources);
    return st;
}

static enum status import_prices(struct imp_file *f, const char *path, struct cli_ctx *ctx,
                                 struct err *e)
{
    struct imp_prices_result r;
    enum status st = imp_prices_read(ctx->store, f, &r, e);
    if (st == ST_OK && r.duplicate)
        log_info("%s: already imported, nothing changed", path);
    else if (st == ST_OK)
        log_info("%s: retail prices, %lld items, %lld VM prices stored%s", path, (long long)r.items,
                 (long long)r.stored, r.next_page[0] ? "; more pages follow (NextPageLink)" : "");
    return st;
}

/* The import progress bar on stderr: drawn from the cost importer's reports
 * once a file has taken a second, then every quarter second, and wiped when
 * the file is done. */
struct progress_bar {
    struct timespec t0; /* when the current file started */
    double next;        /* seconds since t0 of the next redraw */
    int shown;          /* a bar is on the terminal */
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void draw_progress(void *ctx, const struct imp_progress *p)
{
    struct progress_bar *b = ctx;
    if (p->event == IMP_PROGRESS_DONE) {
        if (b->shown)
            fprintf(stderr, "\r\033[K");
        b->shown = 0;
        return;
    }
    if (p->event == IMP_PROGRESS_START) {
        clock_gettime(CLOCK_MONOTONIC, &b->t0);
        b->next = 1.0;
        return;
    }
    double t = seconds_since(&b->t0);
    if (t < b->next)
        return;
    b->next = t + 0.25;
    double frac = p->size ? (double)p->offset / (double)p->size : 0;
    if (frac > 1)
        frac = 1;
    int width = 30, done = (int)(frac * width);
    char bar[32];
    for (int i = 0; i < width; i++)
        bar[i] = i < done ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r%s [%s] %3d%% line %lld", p->path, bar, (int)(frac * 100),
            (long long)p->line);
    b->shown = 1;
}

static enum status import_cost(struct imp_file *f, const char *path, struct cli_ctx *ctx,
                               const struct imp_cost_options *opt, struct err *e)
{
    struct imp_cost_result res;
    enum status st = imp_cost_read(ctx->store, f, opt, &res, e);
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

/* Open the file once, look at its first bytes, hand it to its importer. */
static enum status import_one(const char *arg, struct cli_ctx *ctx,
                              const struct imp_cost_options *opt, int *metrics_changed,
                              struct err *e)
{
    struct imp_file f;
    enum status st = imp_file_open_unhashed(&f, arg, e);
    if (st != ST_OK)
        return st;
    const char *path = strcmp(arg, "-") == 0 ? "stdin" : arg; /* as the importers name it */
    const char *head = "";
    struct err ignored;
    /* a read error (e.g. gzip cut inside its first 8 KiB) goes to the cost
     * importer, which reports it again with the line */
    if (imp_file_peek(&f, &head, &ignored) < 0)
        head = "";
    switch (route_head(head)) {
    case INPUT_METRICS:
        return import_metrics(&f, path, ctx, metrics_changed, e);
    case INPUT_PRICES:
        return import_prices(&f, path, ctx, e);
    default:
        return import_cost(&f, path, ctx, opt, e);
    }
}

/* stdin can be read once: "-" twice is a usage error. */
static int stdin_twice(int argc, char **argv)
{
    int n = 0;
    for (int i = 0; i < argc; i++)
        n += strcmp(argv[i], "-") == 0;
    return n > 1;
}

enum status cmd_import(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"dataset", required_argument, NULL, 'd'},
        {"allow-any-date", no_argument, NULL, 'A'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"ea", "mca", "focus", NULL};
    static const char *const datasets[] = {"actual", "amortized", NULL};
    struct progress_bar bar = {0};
    struct imp_cost_options opt = {.format = NULL, .dataset = NULL};
    int quiet = ctx->quiet;
    int c;
    while ((c = getopt_long(argc, argv, "f:d:q", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (cli_choice(optarg, formats) < 0)
                return cli_usage_error(ctx, cmd_import_usage,
                                       "--format: expected ea, mca or focus, got '%s'", optarg);
            opt.format = optarg;
            break;
        case 'd':
            if (cli_choice(optarg, datasets) < 0)
                return cli_usage_error(ctx, cmd_import_usage,
                                       "--dataset: expected actual or amortized, got '%s'", optarg);
            opt.dataset = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'A':
            opt.allow_any_date = 1;
            break;
        default:
            return cli_option_error(ctx, cmd_import_usage, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(ctx, cmd_import_usage, "no file to import");
    if (stdin_twice(argc - optind, argv + optind))
        return cli_usage_error(ctx, cmd_import_usage, "'-' (stdin) given more than once");
    if (!quiet && isatty(STDERR_FILENO)) {
        opt.progress = draw_progress;
        opt.progress_ctx = &bar;
    }
    if (quiet) {
        if (log_get_level() > LOG_WARN)
            log_set_level(LOG_WARN);
    }
    int nfiles = argc - optind, failed = 0, metrics_changed = 0;
    enum status first = ST_OK;
    for (int i = optind; i < argc; i++) {
        struct err e;
        err_clear(&e);
        enum status st = import_one(argv[i], ctx, &opt, &metrics_changed, &e);
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
