/*
 * cmd_backtest.c - `yosan backtest`: rolling-origin evaluation of every
 * model on the user's own monthly spend (or on a series CSV), so budget
 * staff can see how far to trust the numbers. Glue: series from the store
 * (run_forecast.c) or imp_series, models via run_forecast_parallel(),
 * scores from models/mdl_metrics.c, output through rpt_table.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "imp_series.h"
#include "log.h"
#include "mdl_metrics.h"
#include "run_forecast.h"

const char *const cmd_backtest_usage[] = {
    "usage: yosan backtest [--by total|department|subscription|service] [--origins N]",
    "                      [--horizon H] [--cost actual|amortized] [--months N]",
    "                      [--format table|csv|json] [--input FILE.csv [--season M]]",
    "",
    "Rolling-origin evaluation: for each of the last N forecast origins, fit every",
    "model on the data before the origin, forecast H months and compare with what",
    "happened. Prints per model: forecasts scored, sMAPE (0-200), MASE (seasonal-naive",
    "scaling), and the share of actuals inside the 80% and 95% intervals.",
    "",
    "  --by DIM        series from the store (default total)",
    "  --origins N     forecast origins, one month apart (default 6)",
    "  --horizon H     months ahead scored from each origin (default 3)",
    "  --cost KIND     actual or amortized (default: amortized when imported)",
    "  --months N      use only the last N complete months",
    "  --format FMT    table (default), csv or json",
    "  --input FILE    a long CSV series_id,period_index,value instead of the store",
    "  --season M      seasonal period for --input (default 12)",
    NULL,
};

static const enum mdl_kind bt_models[] = {MDL_AUTO, MDL_ETS,    MDL_THETA,
                                          MDL_REG,  MDL_SNAIVE, MDL_ENSEMBLE};
static const char *const bt_names[] = {"auto", "ets", "theta", "reg", "snaive", "ensemble"};
#define BT_NMODELS (sizeof bt_models / sizeof bt_models[0])

static enum status backtest(struct cli_ctx *ctx, const struct run_series *ser, size_t ns, int m,
                            size_t h, int origins, enum rpt_format fmt)
{
    struct mdl_score sc[BT_NMODELS];
    memset(sc, 0, sizeof sc);
    size_t cap = ns * (size_t)origins;
    struct run_series *cut = calloc(cap ? cap : 1, sizeof *cut);
    const double **act = calloc(cap ? cap : 1, sizeof *act);
    size_t *nact = calloc(cap ? cap : 1, sizeof *nact);
    struct forecast *fc = calloc(cap ? cap : 1, sizeof *fc);
    enum status st = ST_OK;
    if (!cut || !act || !nact || !fc) {
        st = err_set(&ctx->err, ST_NOMEM, "out of memory");
        goto out;
    }
    size_t nc = 0;
    for (size_t i = 0; i < ns; i++)
        for (int o = 0; o < origins; o++) {
            /* origin o: the last o + 1 .. o + h points are held out */
            size_t back = (size_t)o + 1;
            if (ser[i].n < back + 4)
                continue;
            size_t n = ser[i].n - back;
            size_t k = back < h ? back : h;
            cut[nc].id = ser[i].id;
            cut[nc].y = ser[i].y;
            cut[nc].n = n;
            act[nc] = ser[i].y + n;
            nact[nc] = k;
            nc++;
        }
    if (nc == 0) {
        st = err_set(&ctx->err, ST_NOTFOUND, "series are too short to backtest (need 5 points)");
        goto out;
    }
    for (size_t j = 0; j < BT_NMODELS && st == ST_OK; j++) {
        st = run_forecast_parallel(cut, nc, m, h, bt_models[j], run_forecast_jobs(), fc, &ctx->err);
        for (size_t c = 0; c < nc; c++) {
            if (st == ST_OK)
                mdl_score_add(&sc[j], cut[c].y, cut[c].n, m, act[c], nact[c], &fc[c]);
            mdl_forecast_release(&fc[c]);
        }
    }
    if (st != ST_OK)
        goto out;
    {
        static const char *const hdr[] = {"model", "forecasts", "points", "smape",
                                          "mase",  "cov80",     "cov95"};
        static const enum rpt_col_type ty[] = {RPT_TEXT, RPT_NUM, RPT_NUM, RPT_NUM,
                                               RPT_NUM,  RPT_NUM, RPT_NUM};
        struct rpt_table t;
        st = rpt_table_init(&t, 7, hdr, ty);
        if (st != ST_OK) {
            st = err_set(&ctx->err, st, "out of memory");
            goto out;
        }
        for (size_t j = 0; j < BT_NMODELS && st == ST_OK; j++) {
            char b[6][32];
            double v[4] = {mdl_score_smape(&sc[j]), mdl_score_mase(&sc[j]), mdl_score_cov80(&sc[j]),
                           mdl_score_cov95(&sc[j])};
            snprintf(b[0], sizeof b[0], "%zu", nc);
            snprintf(b[1], sizeof b[1], "%zu", sc[j].points);
            for (int q = 0; q < 4; q++) {
                if (isfinite(v[q]))
                    snprintf(b[2 + q], sizeof b[2 + q], "%.3f", v[q]);
                else
                    b[2 + q][0] = '\0';
            }
            const char *row[7] = {bt_names[j], b[0], b[1], b[2], b[3], b[4], b[5]};
            st = rpt_table_add(&t, row);
        }
        if (st == ST_OK)
            st = rpt_table_write(&t, fmt, 0, ctx->out, &ctx->err);
        else
            err_set(&ctx->err, st, "out of memory");
        rpt_table_release(&t);
    }
out:
    free(cut);
    free(act);
    free(nact);
    free(fc);
    return st;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

enum status cmd_backtest(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'},
        {"origins", required_argument, NULL, 'o'},
        {"horizon", required_argument, NULL, 'H'},
        {"cost", required_argument, NULL, 'c'},
        {"months", required_argument, NULL, 'M'},
        {"format", required_argument, NULL, 'f'},
        {"input", required_argument, NULL, 'i'},
        {"season", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    static const char *const dims[] = {"total", "department", "subscription", "service", NULL};
    static const char *const costs[] = {"actual", "amortized", NULL};
    static const char *const fmts[] = {"table", "csv", "json", NULL};
    int by = 0, cost = -1, fmt = RPT_FMT_TABLE;
    long origins = 6, h = 3, months = 0, m = 12;
    const char *input = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "b:o:H:c:M:f:i:s:", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if ((by = cli_choice(optarg, dims)) < 0)
                return cli_usage_error(ctx, cmd_backtest_usage, "--by: unknown dimension '%s'",
                                       optarg);
            break;
        case 'o':
            if (parse_long(optarg, 1, 120, &origins) != 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--origins: expected 1..120, got '%s'", optarg);
            break;
        case 'H':
            if (parse_long(optarg, 1, 60, &h) != 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--horizon: expected 1..60, got '%s'", optarg);
            break;
        case 'c':
            if ((cost = cli_choice(optarg, costs)) < 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--cost: expected actual or amortized, got '%s'", optarg);
            break;
        case 'M':
            if (parse_long(optarg, 6, 1200, &months) != 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--months: expected 6..1200, got '%s'", optarg);
            break;
        case 'f':
            if ((fmt = cli_choice(optarg, fmts)) < 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--format: expected table, csv or json, got '%s'", optarg);
            break;
        case 'i':
            input = optarg;
            break;
        case 's':
            if (parse_long(optarg, 1, 24, &m) != 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--season: expected 1..24, got '%s'", optarg);
            break;
        default:
            return cli_usage_error(ctx, cmd_backtest_usage, "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_backtest_usage, "unexpected argument '%s'", argv[optind]);
    enum status st;
    if (input) {
        struct imp_series_set set;
        if ((st = imp_series_read(input, &set, &ctx->err)) != ST_OK)
            return st;
        struct run_series *ser = calloc(set.n ? set.n : 1, sizeof *ser);
        if (!ser) {
            imp_series_set_release(&set);
            return err_set(&ctx->err, ST_NOMEM, "out of memory");
        }
        for (size_t i = 0; i < set.n; i++) {
            ser[i].id = set.v[i].id;
            ser[i].y = set.v[i].y;
            ser[i].n = set.v[i].n;
        }
        st = backtest(ctx, ser, set.n, (int)m, (size_t)h, (int)origins, (enum rpt_format)fmt);
        free(ser);
        imp_series_set_release(&set);
        return st;
    }
    if ((st = store_open(ctx->db_path, &ctx->store, &ctx->err)) != ST_OK)
        return st;
    struct run_store_series rs;
    if ((st = run_store_series_load(ctx->store, by, (int)months, cost, &rs, &ctx->err)) != ST_OK)
        return st;
    log_info("backtesting %zu %s series, %ld origins, horizon %ld", rs.n, rs.dataset, origins, h);
    st = backtest(ctx, rs.v, rs.n, 12, (size_t)h, (int)origins, (enum rpt_format)fmt);
    run_store_series_release(&rs);
    return st;
}
