/*
 * job_forecast.c - `yosan forecast --by`: monthly cost aggregates from the
 * store, one series per key, forecast from the first incomplete month on
 * (see job_forecast.h and docs/forecast.md "The incomplete current month"),
 * and the thread pool over series every forecasting command shares.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "job_forecast.h"
#include "log.h"

/* ---------------------------------------------------------------- parallel runner */

struct fc_job {
    const struct job_series *series; /* n inputs */
    struct forecast *out;            /* n results */
    struct err *errs;                /* n errors */
    size_t n;
    size_t next; /* next series to take (under lock) */
    pthread_mutex_t lock;
    size_t h;
    struct mdl_seasons seasons;
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
        mdl_forecast_series_seasons(j->series[i].y, j->series[i].n, &j->seasons, j->h, j->kind,
                                    &j->out[i], &j->errs[i]);
    }
    return NULL;
}

enum status job_forecast_parallel(const struct job_series *series, size_t n, int m, size_t h,
                                  enum mdl_kind kind, int jobs, struct forecast *out, struct err *e)
{
    struct mdl_seasons ss = {{m}, 1};
    return job_forecast_parallel_seasons(series, n, &ss, h, kind, jobs, out, e);
}

enum status job_forecast_parallel_seasons(const struct job_series *series, size_t n,
                                          const struct mdl_seasons *seasons, size_t h,
                                          enum mdl_kind kind, int jobs, struct forecast *out,
                                          struct err *e)
{
    struct fc_job j = {0};
    j.series = series;
    j.out = out;
    j.n = n;
    j.h = h;
    j.seasons = *seasons;
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

int job_forecast_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (n > 64 ? 64 : (int)n);
}

/* ---------------------------------------------------------------- store series */

void job_store_series_release(struct job_store_series *r)
{
    free(r->v);
    free(r->vals);
    cost_cells_release(&r->cells);
    memset(r, 0, sizeof *r);
}

enum status job_store_series_load(struct store *s, int dim, int months, int cost,
                                  struct job_store_series *out, struct err *e)
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
    struct cost_query q = {dims[dim], (enum cost_dataset)ds, INT32_MIN, last_day, NULL, 0};
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
        job_store_series_release(out);
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
        job_store_series_release(out);
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
                job_store_series_release(out);
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

void job_forecast_store_release(struct job_forecast_store_result *r)
{
    for (size_t i = 0; r->fc && i < r->series.n; i++)
        mdl_forecast_release(&r->fc[i]);
    free(r->fc);
    free(r->labels);
    free(r->label_buf);
    job_store_series_release(&r->series);
    memset(r, 0, sizeof *r);
}

enum status job_forecast_store(struct store *s, const struct job_forecast_store_opts *o,
                               struct job_forecast_store_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct job_store_series *rs = &out->series;
    enum status st = job_store_series_load(s, o->dim, o->months, o->cost, rs, e);
    if (st != ST_OK)
        return st;
    size_t h = o->h;
    out->labels = calloc(h, sizeof *out->labels);
    out->label_buf = calloc(h, 8);
    out->fc = calloc(rs->n, sizeof *out->fc);
    if (!out->labels || !out->label_buf || !out->fc) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < h; k++) {
        out->labels[k] = out->label_buf + 8 * k;
        month_format(rs->last_complete + 1 + (int)k, out->labels[k]);
    }
    {
        char a[8], b[8];
        log_info("forecasting %zu series of %s cost, %zu months from %s (history %s..%s)", rs->n,
                 rs->dataset, h, out->labels[0], month_format(rs->first, a),
                 month_format(rs->last_complete, b));
    }
    st = job_forecast_parallel(rs->v, rs->n, 12, h, o->kind, o->jobs, out->fc, e);
out:
    if (st != ST_OK)
        job_forecast_store_release(out);
    return st;
}
