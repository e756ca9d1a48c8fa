/*
 * cmd_forecast.c - `yosan forecast`: forecasts with intervals, either for
 * every series of a long CSV file (--input, no database needed) or for the
 * monthly cost aggregates in the store (--by). Glue only: the reading is
 * in importers/imp_series.c and store_costs.c, the models in models/,
 * the formatting in reports/rpt_table.c. Series are spread over worker
 * threads (--jobs, default: the online CPUs); output keeps input order.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "imp_series.h"
#include "job_forecast.h"
#include "log.h"
#include "mdl_forecast.h"
#include "rpt_table.h"

const char *const cmd_forecast_usage[] = {
    "usage: yosan forecast --input FILE.csv --horizon H [--season M[,M2..]] [--model MODEL]",
    "                      [--format csv|json|table] [--jobs N]",
    "   or: yosan forecast --by total|department|subscription|service [--months N]",
    "                      [--cost actual|amortized] [--horizon H] [--model MODEL] [--format ...]",
    "",
    "Forecast each series H steps ahead with 80% and 95% prediction intervals.",
    "Output columns: series_id,h,mean,lo80,hi80,lo95,hi95,model (store mode adds month).",
    "",
    "  --input FILE       long CSV with header series_id,period_index,value (.gz accepted)",
    "  --horizon H        steps ahead (default 12)",
    "  --season M[,M2..]  seasonal period (default 12); longer cycles of the same",
    "                     data after a comma, for MSTL: 24,168 (hours: day, week),",
    "                     7,365 (days: week, year)",
    "  --model MODEL      auto (default: ETS+Theta+ARIMA combination; MSTL for long",
    "                     seasons: --season 24 with two weeks of hourly data adds the",
    "                     week, --season 7 with two years of daily data the year),",
    "                     ets, ets-full (initial states by MLE too), theta, arima",
    "                     (airline model), reg (trend + seasonal regression), snaive,",
    "                     ensemble (all four), mstl (seasons out, ETS, seasons back)",
    "  --format FMT       csv (default), json or table",
    "  --jobs N           worker threads (default: online CPUs)",
    "  --by DIM           forecast monthly spend in the store by total, department,",
    "                     subscription or service",
    "  --months N         use only the last N complete months (default: all)",
    "  --cost KIND        actual or amortized (default: amortized when imported)",
    NULL,
};

/* ---------------------------------------------------------------- the command */

/* Write forecasts as series_id,h[,month],mean,lo80,hi80,lo95,hi95,model;
 * labels (h strings) adds the month column. */
static enum status forecast_write(struct cli_ctx *ctx, const struct job_series *series,
                                  const struct forecast *fc, size_t n, const char *const *labels,
                                  enum rpt_format fmt)
{
    struct err *e = &ctx->err;
    static const char *const hdr[] = {"series_id", "h",    "month", "mean", "lo80",
                                      "hi80",      "lo95", "hi95",  "model"};
    static const enum rpt_col_type ty[] = {RPT_TEXT, RPT_NUM, RPT_TEXT, RPT_NUM, RPT_NUM,
                                           RPT_NUM,  RPT_NUM, RPT_NUM,  RPT_TEXT};
    /* without month labels the month column is left out */
    const char *h2[9];
    enum rpt_col_type t2[9];
    size_t nc = 0;
    for (size_t c = 0; c < 9; c++) {
        if (c == 2 && !labels)
            continue;
        h2[nc] = hdr[c];
        /* spend from the store is money (shown grouped, whole units); a
         * series file's values are shown as they are */
        t2[nc++] = labels && ty[c] == RPT_NUM && c >= 3 ? RPT_AMOUNT : ty[c];
    }
    struct rpt_table t;
    enum status st = rpt_table_init(&t, nc, h2, t2);
    if (st != ST_OK)
        return err_set(e, st, "out of memory");
    char num[6][32];
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        for (size_t k = 0; k < fc[i].h && st == ST_OK; k++) {
            snprintf(num[0], sizeof num[0], "%zu", k + 1);
            snprintf(num[1], sizeof num[1], "%.10g", fc[i].mean[k]);
            snprintf(num[2], sizeof num[2], "%.10g", fc[i].lo80[k]);
            snprintf(num[3], sizeof num[3], "%.10g", fc[i].hi80[k]);
            snprintf(num[4], sizeof num[4], "%.10g", fc[i].lo95[k]);
            snprintf(num[5], sizeof num[5], "%.10g", fc[i].hi95[k]);
            const char *row[9];
            size_t c = 0;
            row[c++] = series[i].id;
            row[c++] = num[0];
            if (labels)
                row[c++] = labels[k];
            for (int q = 1; q <= 5; q++)
                row[c++] = num[q];
            row[c++] = fc[i].model;
            st = rpt_table_add(&t, row);
        }
    }
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    else
        err_set(e, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

static enum status forecast_file(struct cli_ctx *ctx, const char *input, size_t h,
                                 const struct mdl_seasons *seasons, enum mdl_kind kind,
                                 enum rpt_format fmt, int jobs)
{
    struct imp_series_set set;
    enum status st = imp_series_read(input, &set, &ctx->err);
    if (st != ST_OK)
        return st;
    struct job_series *ser = calloc(set.n ? set.n : 1, sizeof *ser);
    struct forecast *fc = calloc(set.n ? set.n : 1, sizeof *fc);
    if (!ser || !fc) {
        st = err_set(&ctx->err, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < set.n; i++) {
        ser[i].id = set.v[i].id;
        ser[i].y = set.v[i].y;
        ser[i].n = set.v[i].n;
    }
    log_info("forecasting %zu series, horizon %zu, %d threads", set.n, h, jobs);
    st = job_forecast_parallel_seasons(ser, set.n, seasons, h, kind, jobs, fc, &ctx->err);
    if (st == ST_OK)
        st = forecast_write(ctx, ser, fc, set.n, NULL, fmt);
out:
    for (size_t i = 0; fc && i < set.n; i++)
        mdl_forecast_release(&fc[i]);
    free(fc);
    free(ser);
    imp_series_set_release(&set);
    return st;
}

/* --by: opens the store itself (the --input form needs no database). */
static enum status forecast_store(struct cli_ctx *ctx, int dim, int months, int cost, size_t h,
                                  enum mdl_kind kind, enum rpt_format fmt, int jobs)
{
    enum status st = store_open_existing(ctx->db_path, &ctx->store, &ctx->err);
    if (st != ST_OK)
        return st;
    struct job_forecast_store_opts o = {dim, months, cost, h, kind, jobs};
    struct job_forecast_store_result r;
    st = job_forecast_store(ctx->store, &o, &r, &ctx->err);
    if (st != ST_OK)
        return st;
    st = forecast_write(ctx, r.series.v, r.fc, r.series.n, (const char *const *)r.labels, fmt);
    job_forecast_store_release(&r);
    return st;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* --season M[,M2...]: the main period 1..366, then up to three longer
 * cycles 2..8784 (a leap year of hours) for MSTL. */
static enum status parse_seasons(struct cli_ctx *ctx, const char *arg, struct mdl_seasons *out)
{
    out->n = 0;
    for (const char *p = arg;; p++) { /* one period per comma-separated part, none empty */
        size_t len = strcspn(p, ",");
        char part[16];
        long v = 0;
        long lo = out->n ? 2 : 1, hi = out->n ? 8784 : 366;
        int ok = out->n < MDL_MSTL_MAX_PERIODS && len > 0 && len < sizeof part;
        if (ok) {
            memcpy(part, p, len);
            part[len] = '\0';
            ok = parse_int(part, lo, hi, &v) == 0;
        }
        if (!ok)
            return cli_usage_error(ctx, cmd_forecast_usage,
                                   "--season: expected a period 1..366 (12 for months, 24 for "
                                   "hours), then up to 3 longer cycles 2..8784 such as 24,168; "
                                   "got '%s'",
                                   arg);
        out->m[out->n++] = (int)v;
        p += len;
        if (*p == '\0')
            return ST_OK;
    }
}

enum status cmd_forecast(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"input", required_argument, NULL, 'i'},  {"horizon", required_argument, NULL, 'H'},
        {"season", required_argument, NULL, 's'}, {"model", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'f'}, {"jobs", required_argument, NULL, 'j'},
        {"by", required_argument, NULL, 'b'},     {"months", required_argument, NULL, 'M'},
        {"cost", required_argument, NULL, 'c'},   {NULL, 0, NULL, 0},
    };
    static const char *const fmts[] = {"table", "csv", "json", NULL};
    static const char *const dims[] = {"total", "department", "subscription", "service", NULL};
    static const char *const costs[] = {"actual", "amortized", NULL};
    const char *input = NULL;
    long h = 12, jobs = job_forecast_jobs(), months = 0;
    struct mdl_seasons seasons = {{12}, 1};
    int kind = MDL_AUTO, fmt = RPT_FMT_CSV, by = -1, cost = -1;
    int c;
    while ((c = getopt_long(argc, argv, "i:H:s:m:f:j:b:M:c:", opts, NULL)) != -1) {
        switch (c) {
        case 'i':
            input = optarg;
            break;
        case 'H':
            if (parse_int(optarg, 1, 1000, &h) != 0)
                return cli_usage_error(ctx, cmd_forecast_usage,
                                       "--horizon: expected 1..1000 (periods ahead), got '%s'",
                                       optarg);
            break;
        case 's':
            if (parse_seasons(ctx, optarg, &seasons) != ST_OK)
                return ST_USAGE;
            break;
        case 'm':
            if (cli_model_opt(ctx, cmd_forecast_usage, optarg, &kind) != ST_OK)
                return ST_USAGE;
            break;
        case 'f':
            if ((fmt = cli_choice(optarg, fmts)) < 0)
                return cli_usage_error(ctx, cmd_forecast_usage,
                                       "--format: expected csv, json or table, got '%s'", optarg);
            break;
        case 'j':
            if (parse_int(optarg, 1, 64, &jobs) != 0)
                return cli_usage_error(ctx, cmd_forecast_usage,
                                       "--jobs: expected 1..64 (threads), got '%s'", optarg);
            break;
        case 'b':
            if ((by = cli_choice(optarg, dims)) < 0)
                return cli_usage_error(ctx, cmd_forecast_usage,
                                       "--by: unknown dimension '%s': expected total, "
                                       "department, subscription or service",
                                       optarg);
            break;
        case 'M':
            if (parse_int(optarg, 1, 1200, &months) != 0)
                return cli_usage_error(ctx, cmd_forecast_usage,
                                       "--months: expected 1..1200 (fit on the last N complete "
                                       "months), got '%s'",
                                       optarg);
            break;
        case 'c':
            if ((cost = cli_choice(optarg, costs)) < 0)
                return cli_usage_error(ctx, cmd_forecast_usage,
                                       "--cost: expected actual or amortized, got '%s'", optarg);
            break;
        default:
            return cli_option_error(ctx, cmd_forecast_usage, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_forecast_usage, "unexpected argument '%s'", argv[optind]);
    if (input && by >= 0)
        return cli_usage_error(ctx, cmd_forecast_usage, "--input and --by exclude each other");
    if (input)
        return forecast_file(ctx, input, (size_t)h, &seasons, (enum mdl_kind)kind,
                             (enum rpt_format)fmt, (int)jobs);
    if (by < 0)
        return cli_usage_error(ctx, cmd_forecast_usage, "give --input FILE or --by DIM");
    return forecast_store(ctx, by, (int)months, cost, (size_t)h, (enum mdl_kind)kind,
                          (enum rpt_format)fmt, (int)jobs);
}
