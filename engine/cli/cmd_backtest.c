/*
 * cmd_backtest.c - `yosan backtest`: rolling-origin evaluation of every
 * model on the user's own monthly spend (or on a series CSV), so budget
 * staff can see how far to trust the numbers. Glue: series from the store
 * (jobs/job_forecast.c) or imp_series, models via job_forecast_parallel(),
 * scores from models/mdl_metrics.c, output through rpt_table.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "imp_series.h"
#include "job_backtest.h"
#include "job_forecast.h"
#include "log.h"
#include "mdl_alloc.h"
#include "mdl_metrics.h"
#include "rpt_table.h"

const char *const cmd_backtest_usage[] = {
    "usage: yosan backtest [--by total|department|subscription|service] [--origins N]",
    "                      [--horizon H] [--cost actual|amortized] [--months N]",
    "                      [--format table|csv|json] [--input FILE.csv [--season M]]",
    "                      [--per-series]",
    "",
    "Rolling-origin evaluation: for each of the last N forecast origins, fit every",
    "model on the data before the origin, forecast H months and compare with what",
    "happened. Prints per model: forecasts scored, sMAPE (0-200), MASE (seasonal-naive",
    "scaling), and the share of actuals inside the 80% and 95% intervals. With --by",
    "other than total, three more rows score the city total: its own forecast",
    "(total:direct), the sum of the parts (total:bottom-up) and the WLS reconciliation",
    "the budget uses (total:wls).",
    "",
    "Calibration per series (auto, the budget's model): with more than one series the",
    "table format adds, and --per-series prints alone (any format), one row per",
    "series: actuals scored; cov80/cov95 = share inside the bands calibrated on the",
    "8 origins before each scored one (no peeking; the bands the budget uses);",
    "raw80/raw95 = share inside the model's own bands; factor = today's band factor",
    "(robust scale of past errors in units of the model's sd, shrunk towards all",
    "series'; < 1: the model's bands were too wide); width80 = width of the",
    "calibrated 80% band 12 months after the last value relative to its mean;",
    "volatility = the one-month residual sd after the detected level shifts",
    "(relative); shifts found; and a flag when width80 is over 3x the median",
    "series': 'wide: volatile history' when the volatility is over 3x the median too",
    "(the band is earned), else 'wide: not explained by history'. Then ok80_lo/hi and",
    "ok95_lo/hi = the 95% binomial acceptance range of the share for that many points",
    "if the bands were exact (33 points at 80%: 0.667-0.939); step_points = scored",
    "actuals with a level shift between (2 months before) their origin and them",
    "('step after origin', a go-live no forecast foresees; such scores are also left",
    "out of the factor); cov80_nostep/cov95_nostep = coverage without them;",
    "factor95 = today's 95% band factor: factor times the tail ratio (the 95% quantile",
    "of all series' past errors in units of their own factor, over the normal's 1.96;",
    "heavier tails than the normal widen the 95% band and P95 only). Coverage",
    "of one series over few points is noisy; compare cov with raw and over all series.",
    "",
    "  --by DIM        series from the store (default total)",
    "  --origins N     forecast origins, one month apart (default 6)",
    "  --horizon H     months ahead scored from each origin (default 3)",
    "  --cost KIND     actual or amortized (default: amortized when imported)",
    "  --months N      use only the last N complete months",
    "  --format FMT    table (default), csv or json",
    "  --input FILE    a long CSV series_id,period_index,value instead of the store",
    "  --season M      seasonal period for --input (default 12)",
    "  --per-series    print only the calibration per series",
    NULL,
};

static const enum mdl_kind bt_models[] = {MDL_AUTO,  MDL_ETS, MDL_ETS_FULL, MDL_THETA,
                                          MDL_ARIMA, MDL_REG, MDL_SNAIVE,   MDL_ENSEMBLE};
static const char *const bt_names[] = {"auto",  "ets", "ets-full", "theta",
                                       "arima", "reg", "snaive",   "ensemble"};
#define BT_NMODELS (sizeof bt_models / sizeof bt_models[0])

/* The city total three ways at each origin: its own forecast, the sum of
 * the parts' forecasts (bottom-up) and the WLS-variance reconciliation the
 * budget uses. Parts are ser[0..ns) over the same months. sc[0..3). */
static enum status backtest_total(const struct job_series *ser, size_t ns, int m, size_t h,
                                  int origins, struct mdl_score *sc, struct err *e)
{
    size_t n = ser[0].n;
    double *tot = calloc(n, sizeof *tot), *parts = calloc(ns, sizeof *parts);
    double *vars = calloc(ns, sizeof *vars);
    struct forecast *fc = calloc(ns + 1, sizeof *fc);
    struct job_series *cut = calloc(ns + 1, sizeof *cut);
    enum status st = ST_OK;
    if (!tot || !parts || !vars || !fc || !cut) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < ns; i++)
        for (size_t t = 0; t < n; t++)
            tot[t] += ser[i].y[t];
    for (int o = 0; o < origins && st == ST_OK; o++) {
        size_t back = (size_t)o + 1;
        if (n < back + 4)
            break;
        size_t nt = n - back, k = back < h ? back : h;
        for (size_t i = 0; i < ns; i++) {
            cut[i] = ser[i];
            cut[i].n = nt;
        }
        cut[ns].id = "total";
        cut[ns].y = tot;
        cut[ns].n = nt;
        st = job_forecast_parallel(cut, ns + 1, m, h, MDL_AUTO, job_forecast_jobs(), fc, e);
        if (st == ST_OK) {
            struct forecast bu, wls;
            st = mdl_forecast_init(&bu, h, e);
            if (st == ST_OK && (st = mdl_forecast_init(&wls, h, e)) != ST_OK)
                mdl_forecast_release(&bu);
            if (st == ST_OK) {
                for (size_t i = 0; i < h; i++) {
                    double sum = 0;
                    for (size_t j = 0; j < ns; j++) {
                        parts[j] = fc[j].mean[i];
                        double sd = (fc[j].hi95[i] - fc[j].lo95[i]) / 3.919927969080108;
                        vars[j] = sd * sd;
                        sum += parts[j];
                    }
                    double t = fc[ns].mean[i];
                    double sd = (fc[ns].hi95[i] - fc[ns].lo95[i]) / 3.919927969080108;
                    mdl_reconcile_wls(&t, sd * sd, parts, vars, ns);
                    /* point accuracy only: the intervals are the direct ones, shifted */
                    bu.mean[i] = sum;
                    wls.mean[i] = t;
                    bu.lo80[i] = bu.hi80[i] = bu.lo95[i] = bu.hi95[i] = NAN;
                    wls.lo80[i] = wls.hi80[i] = wls.lo95[i] = wls.hi95[i] = NAN;
                }
                mdl_score_add(&sc[0], tot, nt, m, tot + nt, k, &fc[ns]);
                mdl_score_add(&sc[1], tot, nt, m, tot + nt, k, &bu);
                mdl_score_add(&sc[2], tot, nt, m, tot + nt, k, &wls);
                mdl_forecast_release(&bu);
                mdl_forecast_release(&wls);
            }
        }
        for (size_t i = 0; i <= ns; i++)
            mdl_forecast_release(&fc[i]);
    }
out:
    free(tot);
    free(parts);
    free(vars);
    free(fc);
    free(cut);
    return st;
}

/* v with `decimals` decimals into b, or empty when not finite. */
static void fmt_num(char *b, size_t n, int decimals, double v)
{
    if (isfinite(v))
        snprintf(b, n, "%.*f", decimals, v);
    else
        b[0] = '\0';
}

#define BT_CALIB_COLS 19

/* The calibration rows of job_backtest_calibrate() as a table. */
static enum status print_calibration(struct cli_ctx *ctx, const struct job_series *ser, size_t ns,
                                     int m, size_t h, int origins, enum rpt_format fmt)
{
    static const char *const hdr[] = {"series",       "points",       "cov80",   "cov95",
                                      "raw80",        "raw95",        "factor",  "width80_12",
                                      "volatility",   "shifts",       "flag",    "ok80_lo",
                                      "ok80_hi",      "ok95_lo",      "ok95_hi", "step_points",
                                      "cov80_nostep", "cov95_nostep", "factor95"};
    static const enum rpt_col_type ty[] = {
        RPT_TEXT, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM,
        RPT_TEXT, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM, RPT_NUM};
    struct bt_calib *r = calloc(ns ? ns : 1, sizeof *r);
    if (!r)
        return err_set(&ctx->err, ST_NOMEM, "out of memory");
    enum status st =
        job_backtest_calibrate(ser, ns, m, h, origins, job_forecast_jobs(), r, &ctx->err);
    struct rpt_table t;
    if (st == ST_OK && (st = rpt_table_init(&t, BT_CALIB_COLS, hdr, ty)) != ST_OK)
        st = err_set(&ctx->err, st, "out of memory");
    if (st != ST_OK) {
        free(r);
        return st;
    }
    for (size_t i = 0; i < ns && st == ST_OK; i++) {
        char b[BT_CALIB_COLS][32];
        snprintf(b[0], sizeof b[0], "%zu", r[i].points);
        fmt_num(b[1], sizeof b[1], 3, r[i].cov80);
        fmt_num(b[2], sizeof b[2], 3, r[i].cov95);
        fmt_num(b[3], sizeof b[3], 3, r[i].raw80);
        fmt_num(b[4], sizeof b[4], 3, r[i].raw95);
        fmt_num(b[5], sizeof b[5], 2, r[i].factor);
        fmt_num(b[6], sizeof b[6], 3, r[i].width80);
        fmt_num(b[7], sizeof b[7], 4, r[i].volatility);
        snprintf(b[8], sizeof b[8], "%zu", r[i].shifts);
        const char *flag = !r[i].wide           ? ""
                           : r[i].volatile_hist ? "wide: volatile history"
                                                : "wide: not explained by history";
        fmt_num(b[9], sizeof b[9], 3, r[i].ok80_lo);
        fmt_num(b[10], sizeof b[10], 3, r[i].ok80_hi);
        fmt_num(b[11], sizeof b[11], 3, r[i].ok95_lo);
        fmt_num(b[12], sizeof b[12], 3, r[i].ok95_hi);
        snprintf(b[13], sizeof b[13], "%zu", r[i].step_points);
        fmt_num(b[14], sizeof b[14], 3, r[i].cov80_nostep);
        fmt_num(b[15], sizeof b[15], 3, r[i].cov95_nostep);
        fmt_num(b[16], sizeof b[16], 2, r[i].factor95);
        const char *row[BT_CALIB_COLS] = {r[i].id, b[0],  b[1],  b[2],  b[3], b[4],  b[5],
                                          b[6],    b[7],  b[8],  flag,  b[9], b[10], b[11],
                                          b[12],   b[13], b[14], b[15], b[16]};
        if (rpt_table_add(&t, row) != ST_OK)
            st = err_set(&ctx->err, ST_NOMEM, "out of memory");
    }
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    rpt_table_release(&t);
    free(r);
    return st;
}

/* The score table: one row per model, then the total's three
 * reconciliations when totals. */
static enum status write_scores(struct cli_ctx *ctx, const struct mdl_score *sc,
                                const struct mdl_score *tsc, size_t nc, int totals,
                                enum rpt_format fmt)
{
    static const char *const tnames[] = {"total:direct", "total:bottom-up", "total:wls"};
    static const char *const hdr[] = {"model", "forecasts", "points", "smape",
                                      "mase",  "cov80",     "cov95"};
    static const enum rpt_col_type ty[] = {RPT_TEXT, RPT_NUM, RPT_NUM, RPT_NUM,
                                           RPT_NUM,  RPT_NUM, RPT_NUM};
    struct rpt_table t;
    enum status st = rpt_table_init(&t, 7, hdr, ty);
    if (st != ST_OK)
        return err_set(&ctx->err, st, "out of memory");
    size_t nrows = BT_NMODELS + (totals ? 3 : 0);
    for (size_t j = 0; j < nrows && st == ST_OK; j++) {
        int tot_row = j >= BT_NMODELS;
        const struct mdl_score *q = tot_row ? &tsc[j - BT_NMODELS] : &sc[j];
        int no_iv = tot_row && j > BT_NMODELS; /* bottom-up / wls: points only */
        char b[6][32];
        double v[4] = {mdl_score_smape(q), mdl_score_mase(q), no_iv ? NAN : mdl_score_cov80(q),
                       no_iv ? NAN : mdl_score_cov95(q)};
        snprintf(b[0], sizeof b[0], "%zu", tot_row ? q->mase_n : nc);
        snprintf(b[1], sizeof b[1], "%zu", q->points);
        for (int c = 0; c < 4; c++) {
            if (isfinite(v[c]))
                snprintf(b[2 + c], sizeof b[2 + c], "%.3f", v[c]);
            else
                b[2 + c][0] = '\0';
        }
        const char *row[7] = {
            tot_row ? tnames[j - BT_NMODELS] : bt_names[j], b[0], b[1], b[2], b[3], b[4], b[5]};
        st = rpt_table_add(&t, row);
    }
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    else
        err_set(&ctx->err, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

static enum status backtest(struct cli_ctx *ctx, const struct job_series *ser, size_t ns, int m,
                            size_t h, int origins, int hier, enum rpt_format fmt, int per_series)
{
    if (per_series)
        return print_calibration(ctx, ser, ns, m, h, origins, fmt);
    struct mdl_score sc[BT_NMODELS];
    struct mdl_score tsc[3];
    memset(tsc, 0, sizeof tsc);
    memset(sc, 0, sizeof sc);
    size_t cap = ns * (size_t)origins;
    struct job_series *cut = calloc(cap ? cap : 1, sizeof *cut);
    const double **act = calloc(cap ? cap : 1, sizeof *act);
    size_t *nact = calloc(cap ? cap : 1, sizeof *nact);
    struct forecast *fc = calloc(cap ? cap : 1, sizeof *fc);
    enum status st = ST_OK;
    if (!cut || !act || !nact || !fc) {
        st = err_set(&ctx->err, ST_NOMEM, "out of memory");
        goto out;
    }
    size_t *owner = calloc(cap ? cap : 1, sizeof *owner);
    if (!owner) {
        st = err_set(&ctx->err, ST_NOMEM, "out of memory");
        goto out;
    }
    /* origin o: the last o + 1 .. o + h points are held out */
    size_t nc = job_backtest_cuts(ser, ns, origins, cut, owner);
    for (size_t c = 0; c < nc; c++) {
        size_t back = ser[owner[c]].n - cut[c].n;
        act[c] = cut[c].y + cut[c].n;
        nact[c] = back < h ? back : h;
    }
    free(owner);
    if (nc == 0) {
        st = err_set(&ctx->err, ST_NOTFOUND, "series are too short to backtest (need 5 points)");
        goto out;
    }
    for (size_t j = 0; j < BT_NMODELS && st == ST_OK; j++) {
        st = job_forecast_parallel(cut, nc, m, h, bt_models[j], job_forecast_jobs(), fc, &ctx->err);
        for (size_t c = 0; c < nc; c++) {
            if (st == ST_OK)
                mdl_score_add(&sc[j], cut[c].y, cut[c].n, m, act[c], nact[c], &fc[c]);
            mdl_forecast_release(&fc[c]);
        }
    }
    if (st == ST_OK && hier && ns > 1)
        st = backtest_total(ser, ns, m, h, origins, tsc, &ctx->err);
    if (st != ST_OK)
        goto out;
    st = write_scores(ctx, sc, tsc, nc, hier && ns > 1, fmt);
    if (st == ST_OK && fmt == RPT_FMT_TABLE && ns > 1) {
        fprintf(ctx->out, "\ncalibration per series (auto):\n");
        st = print_calibration(ctx, ser, ns, m, h, origins, fmt);
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

/* The backtest of the series of a CSV file (--input). */
static enum status backtest_input(struct cli_ctx *ctx, const char *input, int m, size_t h,
                                  int origins, enum rpt_format fmt, int per_series)
{
    struct imp_series_set set;
    enum status st = imp_series_read(input, &set, &ctx->err);
    if (st != ST_OK)
        return st;
    struct job_series *ser = calloc(set.n ? set.n : 1, sizeof *ser);
    if (!ser) {
        imp_series_set_release(&set);
        return err_set(&ctx->err, ST_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < set.n; i++) {
        ser[i].id = set.v[i].id;
        ser[i].y = set.v[i].y;
        ser[i].n = set.v[i].n;
    }
    st = backtest(ctx, ser, set.n, m, h, origins, 0, fmt, per_series);
    free(ser);
    imp_series_set_release(&set);
    return st;
}

enum status cmd_backtest(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'},      {"origins", required_argument, NULL, 'o'},
        {"horizon", required_argument, NULL, 'H'}, {"cost", required_argument, NULL, 'c'},
        {"months", required_argument, NULL, 'M'},  {"format", required_argument, NULL, 'f'},
        {"input", required_argument, NULL, 'i'},   {"season", required_argument, NULL, 's'},
        {"per-series", no_argument, NULL, 'p'},    {NULL, 0, NULL, 0},
    };
    static const char *const dims[] = {"total", "department", "subscription", "service", NULL};
    static const char *const costs[] = {"actual", "amortized", NULL};
    static const char *const fmts[] = {"table", "csv", "json", NULL};
    int by = 0, cost = -1, fmt = RPT_FMT_TABLE, per_series = 0;
    long origins = 6, h = 3, months = 0, m = 12;
    const char *input = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "b:o:H:c:M:f:i:s:p", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if ((by = cli_choice(optarg, dims)) < 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--by: unknown dimension '%s': expected total, "
                                       "department, subscription or service",
                                       optarg);
            break;
        case 'o':
            if (parse_long(optarg, 1, 120, &origins) != 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--origins: expected 1..120 (forecast origins, one a "
                                       "month back), got '%s'",
                                       optarg);
            break;
        case 'H':
            if (parse_long(optarg, 1, 60, &h) != 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--horizon: expected 1..60 (months ahead), got '%s'",
                                       optarg);
            break;
        case 'c':
            if ((cost = cli_choice(optarg, costs)) < 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--cost: expected actual or amortized, got '%s'", optarg);
            break;
        case 'M':
            if (parse_long(optarg, 6, 1200, &months) != 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--months: expected 6..1200 (months of history; a "
                                       "backtest needs at least 6), got '%s'",
                                       optarg);
            break;
        case 'f':
            if ((fmt = cli_choice(optarg, fmts)) < 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--format: expected table, csv or json, got '%s'", optarg);
            break;
        case 'i':
            input = optarg;
            break;
        case 'p':
            per_series = 1;
            break;
        case 's':
            if (parse_long(optarg, 1, 24, &m) != 0)
                return cli_usage_error(ctx, cmd_backtest_usage,
                                       "--season: expected 1..24 (periods in a season; 12 for "
                                       "months), got '%s'",
                                       optarg);
            break;
        default:
            return cli_option_error(ctx, cmd_backtest_usage, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_backtest_usage, "unexpected argument '%s'", argv[optind]);
    enum status st;
    if (input)
        return backtest_input(ctx, input, (int)m, (size_t)h, (int)origins, (enum rpt_format)fmt,
                              per_series);
    if ((st = store_open_existing(ctx->db_path, &ctx->store, &ctx->err)) != ST_OK)
        return st;
    struct job_store_series rs;
    if ((st = job_store_series_load(ctx->store, by, (int)months, cost, &rs, &ctx->err)) != ST_OK)
        return st;
    log_info("backtesting %zu %s series, %ld origins, horizon %ld", rs.n, rs.dataset, origins, h);
    st = backtest(ctx, rs.v, rs.n, 12, (size_t)h, (int)origins, by > 0, (enum rpt_format)fmt,
                  per_series);
    job_store_series_release(&rs);
    return st;
}
