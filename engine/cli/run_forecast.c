/*
 * run_forecast.c - `yosan forecast --by`: monthly cost aggregates from the
 * store, one series per key, forecast from the first incomplete month on
 * (see run_forecast.h and docs/forecast.md "The incomplete current month"),
 * and the pieces every forecasting command shares: the thread pool over
 * series and the CSV/JSON/table writer.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "log.h"
#include "run_forecast.h"

/* ---------------------------------------------------------------- parallel runner */

struct fc_job {
    const struct run_series *series; /* n inputs */
    struct forecast *out;            /* n results */
    struct err *errs;                /* n errors */
    size_t n;
    size_t next; /* next series to take (under lock) */
    pthread_mutex_t lock;
    size_t h;
    int m;
    enum mdl_kind kind;
};

static void *fc_worker(void *arg)
{
    struct fc_job *j = arg;
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next++;
        pthread_mutex_unlock(&j->lock);
        if (i >= j->n)
            break;
        mdl_forecast_series(j->series[i].y, j->series[i].n, j->m, j->h, j->kind, &j->out[i],
                            &j->errs[i]);
    }
    return NULL;
}

enum status run_forecast_parallel(const struct run_series *series, size_t n, int m, size_t h,
                                  enum mdl_kind kind, int jobs, struct forecast *out, struct err *e)
{
    struct fc_job j = {0};
    j.series = series;
    j.out = out;
    j.n = n;
    j.h = h;
    j.m = m;
    j.kind = kind;
    j.errs = calloc(n ? n : 1, sizeof *j.errs);
    if (!j.errs)
        return err_set(e, ST_NOMEM, "out of memory");
    pthread_mutex_init(&j.lock, NULL);
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > n)
        jobs = n ? (int)n : 1;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < jobs && t < 64; t++)
        if (pthread_create(&tid[started], NULL, fc_worker, &j) == 0)
            started++;
    fc_worker(&j);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&j.lock);
    enum status st = ST_OK;
    for (size_t i = 0; i < n; i++)
        if (out[i].mean == NULL && st == ST_OK)
            st = err_set(e, j.errs[i].code ? j.errs[i].code : ST_NUMERIC, "series '%s': %s",
                         series[i].id, j.errs[i].msg);
    free(j.errs);
    return st;
}

int run_forecast_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (n > 64 ? 64 : (int)n);
}

/* ---------------------------------------------------------------- output */

enum status run_forecast_write(FILE *f, const struct run_series *series, const struct forecast *fc,
                               size_t n, const char *const *labels, enum rpt_format fmt,
                               struct err *e)
{
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
        t2[nc++] = ty[c];
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
        st = rpt_table_write(&t, fmt, 0, f, e);
    else
        err_set(e, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

/* ---------------------------------------------------------------- store series */

void run_store_series_release(struct run_store_series *r)
{
    free(r->v);
    free(r->vals);
    cost_cells_release(&r->cells);
    memset(r, 0, sizeof *r);
}

enum status run_store_series_load(struct store *s, int dim, int months, int cost,
                                  struct run_store_series *out, struct err *e)
{
    static const enum cost_dim dims[] = {COST_DIM_TOTAL, COST_DIM_DEPARTMENT, COST_DIM_SUBSCRIPTION,
                                         COST_DIM_SERVICE};
    memset(out, 0, sizeof *out);
    int ds = cost;
    if (ds < 0)
        ds = store_cost_has_dataset(s, DATASET_AMORTIZED) ? DATASET_AMORTIZED : DATASET_ACTUAL;
    out->dataset = ds ? "amortized" : "actual";
    int32_t last_day;
    enum status st = store_cost_last_day(s, (enum cost_dataset)ds, &last_day, e);
    if (st == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "no %s cost data in the store; import cost exports first",
                       out->dataset);
    if (st != ST_OK)
        return st;
    int last_m = month_index_of(last_day);
    int complete = last_day == month_first_day(last_m) + month_days(last_m) - 1;
    int last_complete = complete ? last_m : last_m - 1;
    struct cost_query q = {dims[dim], (enum cost_dataset)ds, INT32_MIN, last_day, NULL};
    st = store_cost_by_month(s, &q, &out->cells, e);
    if (st != ST_OK)
        return st;
    struct cost_cells *cells = &out->cells;
    int first = last_complete;
    for (size_t i = 0; i < cells->n; i++)
        if (cells->v[i].month < first)
            first = cells->v[i].month;
    if (months > 0 && last_complete - months + 1 > first)
        first = last_complete - months + 1;
    if (last_complete < first || cells->n == 0) {
        run_store_series_release(out);
        return err_set(e, ST_NOTFOUND, "no complete month of cost data yet");
    }
    size_t nm = (size_t)(last_complete - first + 1);
    out->first = first;
    out->last_complete = last_complete;
    out->v = calloc(cells->n, sizeof *out->v);
    out->vals = calloc(cells->n * nm, sizeof *out->vals);
    struct money *acc = calloc(nm, sizeof *acc);
    if (!out->v || !out->vals || !acc) {
        free(acc);
        run_store_series_release(out);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < cells->n;) {
        size_t j = i;
        memset(acc, 0, nm * sizeof *acc);
        for (; j < cells->n && strcmp(cells->v[j].key, cells->v[i].key) == 0; j++) {
            if (strcmp(cells->v[j].currency, cells->v[i].currency) != 0) {
                st = err_set(e, ST_PARSE, "'%s' has costs in %s and %s", cells->v[i].key,
                             cells->v[i].currency, cells->v[j].currency);
                free(acc);
                run_store_series_release(out);
                return st;
            }
            int mo = cells->v[j].month;
            if (mo >= first && mo <= last_complete)
                acc[mo - first] = money_add(acc[mo - first], cells->v[j].cost);
        }
        double *y = out->vals + out->n * nm;
        for (size_t k = 0; k < nm; k++)
            y[k] = money_to_double(acc[k]);
        out->v[out->n].id = cells->v[i].key;
        out->v[out->n].y = y;
        out->v[out->n].n = nm;
        out->n++;
        i = j;
    }
    free(acc);
    return ST_OK;
}

enum status run_forecast_store(struct cli_ctx *ctx, int dim, int months, int cost, size_t h,
                               enum mdl_kind kind, enum rpt_format fmt, int jobs)
{
    enum status st = store_open(ctx->db_path, &ctx->store, &ctx->err);
    if (st != ST_OK)
        return st;
    struct run_store_series rs;
    st = run_store_series_load(ctx->store, dim, months, cost, &rs, &ctx->err);
    if (st != ST_OK)
        return st;
    char **labels = calloc(h, sizeof *labels);
    char *lab = calloc(h, 8);
    struct forecast *fc = calloc(rs.n, sizeof *fc);
    if (!labels || !lab || !fc) {
        st = err_set(&ctx->err, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < h; k++) {
        labels[k] = lab + 8 * k;
        month_format(rs.last_complete + 1 + (int)k, labels[k]);
    }
    {
        char a[8], b[8];
        log_info("forecasting %zu series of %s cost, %zu months from %s (history %s..%s)", rs.n,
                 rs.dataset, h, labels[0], month_format(rs.first, a),
                 month_format(rs.last_complete, b));
    }
    st = run_forecast_parallel(rs.v, rs.n, 12, h, kind, jobs, fc, &ctx->err);
    if (st == ST_OK)
        st = run_forecast_write(ctx->out, rs.v, fc, rs.n, (const char *const *)labels, fmt,
                                &ctx->err);
out:
    for (size_t i = 0; fc && i < rs.n; i++)
        mdl_forecast_release(&fc[i]);
    free(fc);
    free(labels);
    free(lab);
    run_store_series_release(&rs);
    return st;
}
