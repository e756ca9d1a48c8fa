/*
 * run_forecast.c - `yosan forecast --by`: monthly cost aggregates from the
 * store, one series per key, forecast from the first incomplete month on
 * (see run_forecast.h and docs/forecast.md "Forecasts from the store").
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "log.h"
#include "run_forecast.h"

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
