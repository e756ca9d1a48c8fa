/*
 * job_anomaly.c - the anomalies job (job_anomaly.h): reads the daily
 * rollups, builds one dense series per (key, currency), classes its days
 * with the Japanese calendar (holidays and 12/29-1/3 closed), runs
 * mdl_anom_detect() and explains each flagged day from the cost rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "job_anomaly.h"
#include "money.h"

_Static_assert(CAL_CLASS_CLOSED == MDL_ANOM_CLOSED, "one closed-day class");

#define EXPLAIN_DAYS 28 /* reference days for the explanation: the four weeks before */

/* The whole store's days, their classes. */
struct anom_days {
    int32_t first, last;
    size_t n;
    unsigned char *cls; /* owned */
};

static enum status days_classify(struct anom_days *d, struct err *e)
{
    d->n = (size_t)(d->last - d->first + 1);
    if (!(d->cls = malloc(d->n)))
        return err_set(e, ST_NOMEM, "out of memory");
    struct calendar cal;
    calendar_init(&cal, 1);
    enum status st = calendar_day_classes(&cal, d->first, d->n, d->cls, e);
    calendar_release(&cal);
    return st;
}

static void item_release(struct job_anom_item *it)
{
    free(it->resource);
    free(it->meter);
}

void job_anom_result_release(struct job_anom_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n; i++) {
        free(res->v[i].series);
        free(res->v[i].currency);
        for (size_t k = 0; k < res->v[i].ntop; k++)
            item_release(&res->v[i].top[k]);
        free(res->v[i].win_x);
        free(res->v[i].win_exp);
        free(res->v[i].win_lo);
        free(res->v[i].win_hi);
    }
    free(res->v);
    memset(res, 0, sizeof *res);
}

static int same_group(unsigned char a, unsigned char b)
{
    if (a == MDL_ANOM_CLOSED || a >= 5)
        return b == MDL_ANOM_CLOSED || b >= 5;
    return b < 5;
}

static int cmp_item(const void *a, const void *b)
{
    const struct cost_day_cell *x = *(const struct cost_day_cell *const *)a;
    const struct cost_day_cell *y = *(const struct cost_day_cell *const *)b;
    int c = strcmp(x->key, y->key);
    if (!c)
        c = strcmp(x->meter, y->meter);
    if (!c)
        c = (x->day > y->day) - (x->day < y->day);
    return c;
}

/* Keep the JOB_ANOM_TOP largest increases in a->top. */
static enum status top_offer(struct job_anom *a, const struct cost_day_cell *c, double actual,
                             double usual, struct err *e)
{
    double inc = actual - usual;
    if (!(inc > 0))
        return ST_OK;
    size_t pos = a->ntop;
    while (pos > 0 && a->top[pos - 1].increase < inc)
        pos--;
    if (pos >= JOB_ANOM_TOP)
        return ST_OK;
    if (a->ntop == JOB_ANOM_TOP)
        item_release(&a->top[--a->ntop]);
    memmove(&a->top[pos + 1], &a->top[pos], (a->ntop - pos) * sizeof a->top[0]);
    a->ntop++;
    struct job_anom_item *it = &a->top[pos];
    it->resource = strdup(c->key);
    it->meter = strdup(c->meter);
    it->actual = actual;
    it->usual = usual;
    it->increase = inc;
    if (!it->resource || !it->meter)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* One (resource, meter) group p[0..m): its cost on the day and its median
 * over the reference days (0 where it had none). */
static enum status explain_group(struct job_anom *a, struct cost_day_cell **p, size_t m,
                                 const struct anom_days *d, double *ref, double *tmp, struct err *e)
{
    double actual = 0;
    size_t nref = 0;
    for (int32_t day = a->day - EXPLAIN_DAYS; day < a->day; day++) {
        if (day < d->first || !same_group(d->cls[a->day - d->first], d->cls[day - d->first]))
            continue;
        ref[nref++] = 0;
    }
    size_t k = 0;
    for (int32_t day = a->day - EXPLAIN_DAYS; day < a->day; day++) {
        if (day < d->first || !same_group(d->cls[a->day - d->first], d->cls[day - d->first]))
            continue;
        for (size_t i = 0; i < m; i++)
            if (p[i]->day == day)
                ref[k] += money_to_double(p[i]->cost);
        k++;
    }
    for (size_t i = 0; i < m; i++)
        if (p[i]->day == a->day)
            actual += money_to_double(p[i]->cost);
    double usual = nref ? mdl_anom_median(ref, nref, tmp) : 0;
    return top_offer(a, p[0], actual, usual, e);
}

/* The cost items last read, kept for the next anomaly of the same series:
 * a runaway lasting days is read once, not once a day. */
struct items_cache {
    char *series;                /* owned; NULL when empty */
    int32_t from, to;            /* the days read */
    struct cost_day_cells items; /* owned */
};

static void items_cache_release(struct items_cache *c)
{
    free(c->series);
    cost_day_cells_release(&c->items);
    memset(c, 0, sizeof *c);
}

/* The items of a's series covering its reference days: from the cache, or
 * read with EXPLAIN_DAYS more days after it for the next anomalies. */
static enum status items_for(struct store *s, const struct job_anom_opts *o,
                             const struct anom_days *d, const struct job_anom *a,
                             struct items_cache *c, struct err *e)
{
    int32_t from = a->day - EXPLAIN_DAYS < d->first ? d->first : a->day - EXPLAIN_DAYS;
    if (c->series && strcmp(c->series, a->series) == 0 && c->from <= from && c->to >= a->day)
        return ST_OK;
    items_cache_release(c);
    int32_t to = a->day + EXPLAIN_DAYS > d->last ? d->last : a->day + EXPLAIN_DAYS;
    enum status st =
        store_cost_items_by_day(s, o->dim, a->series, o->dataset, from, to, &c->items, e);
    if (st != ST_OK)
        return st;
    if (!(c->series = strdup(a->series)))
        return err_set(e, ST_NOMEM, "out of memory");
    c->from = from;
    c->to = to;
    return ST_OK;
}

static enum status explain(struct store *s, const struct job_anom_opts *o,
                           const struct anom_days *d, struct job_anom *a, struct items_cache *c,
                           struct err *e)
{
    enum status st = items_for(s, o, d, a, c, e);
    if (st != ST_OK)
        return st;
    const struct cost_day_cells *items = &c->items;
    struct cost_day_cell **p = malloc((items->n + 1) * sizeof *p);
    double *ref = malloc(2 * (EXPLAIN_DAYS + 1) * sizeof *ref);
    size_t m = 0;
    if (!p || !ref) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < items->n; i++) /* the currency, and the days a is judged on */
        if (strcmp(items->v[i].currency, a->currency) == 0 &&
            items->v[i].day >= a->day - EXPLAIN_DAYS && items->v[i].day <= a->day)
            p[m++] = &items->v[i];
    qsort(p, m, sizeof *p, cmp_item);
    for (size_t i = 0, j; st == ST_OK && i < m; i = j) {
        for (j = i + 1; j < m && !strcmp(p[j]->key, p[i]->key) && !strcmp(p[j]->meter, p[i]->meter);
             j++)
            ;
        st = explain_group(a, p + i, j - i, d, ref, ref + EXPLAIN_DAYS + 1, e);
    }
out:
    free(p);
    free(ref);
    return st;
}

static enum status anom_push(struct job_anom_result *res, size_t *cap, struct err *e)
{
    if (res->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        struct job_anom *v = realloc(res->v, ncap * sizeof *v);
        if (!v)
            return err_set(e, ST_NOMEM, "out of memory");
        res->v = v;
        *cap = ncap;
    }
    memset(&res->v[res->n++], 0, sizeof res->v[0]);
    return ST_OK;
}

/* A series: cells c[0..m) of one key and currency. */
struct anom_series {
    const struct cost_day_cell *c;
    size_t m;
};

/* a's window of the series x and the model's days out (o->window > 0). */
static enum status keep_window(const struct job_anom_opts *o, const struct anom_days *d,
                               const double *x, const struct mdl_anom_day *out, struct job_anom *a,
                               struct err *e)
{
    int32_t first = a->day - o->window, last = a->day + o->window / 4;
    if (first < d->first)
        first = d->first;
    if (last > d->last)
        last = d->last;
    size_t n = (size_t)(last - first + 1);
    a->win_first = first;
    a->win_n = n;
    a->win_x = malloc(n * sizeof *a->win_x);
    a->win_exp = malloc(n * sizeof *a->win_exp);
    a->win_lo = malloc(n * sizeof *a->win_lo);
    a->win_hi = malloc(n * sizeof *a->win_hi);
    if (!a->win_x || !a->win_exp || !a->win_lo || !a->win_hi)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t t = (size_t)(first - d->first) + i;
        a->win_x[i] = x[t];
        a->win_exp[i] = out[t].judged ? out[t].expected : NAN;
        a->win_lo[i] = out[t].judged ? out[t].lo : NAN;
        a->win_hi[i] = out[t].judged ? out[t].hi : NAN;
    }
    return ST_OK;
}

static enum status judge_series(const struct job_anom_opts *o, const struct anom_days *d,
                                struct anom_series sr, double *x, struct mdl_anom_day *out,
                                struct job_anom_result *res, size_t *cap, struct err *e)
{
    for (size_t i = 0; i < d->n; i++)
        x[i] = 0;
    for (size_t i = 0; i < sr.m; i++)
        x[sr.c[i].day - d->first] = money_to_double(sr.c[i].cost);
    enum status st = mdl_anom_detect(x, d->cls, d->n, &o->params, out, e);
    for (int32_t day = res->from; st == ST_OK && day <= res->to; day++) {
        size_t t = (size_t)(day - d->first);
        res->days_judged += out[t].judged != 0;
        if (!out[t].flagged)
            continue;
        if ((st = anom_push(res, cap, e)) != ST_OK)
            break;
        struct job_anom *a = &res->v[res->n - 1];
        a->series = strdup(sr.c[0].key);
        a->currency = strdup(sr.c[0].currency);
        if (!a->series || !a->currency)
            return err_set(e, ST_NOMEM, "out of memory");
        a->day = day;
        a->actual = x[t];
        a->expected = out[t].expected;
        a->lo = out[t].lo;
        a->hi = out[t].hi;
        a->excess = x[t] - out[t].expected;
        a->closed = d->cls[t] == MDL_ANOM_CLOSED;
        a->shift = out[t].shift;
        if (o->window > 0 && (st = keep_window(o, d, x, out, a, e)) != ST_OK)
            return st;
    }
    return st;
}

static int cmp_anom(const void *a, const void *b)
{
    const struct job_anom *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return strcmp(x->series, y->series);
}

static enum status judge_all(struct store *s, const struct job_anom_opts *o,
                             const struct anom_days *d, const struct cost_day_cells *cells,
                             struct job_anom_result *res, struct err *e)
{
    double *x = malloc(d->n * sizeof *x);
    struct mdl_anom_day *out = malloc(d->n * sizeof *out);
    enum status st = x && out ? ST_OK : err_set(e, ST_NOMEM, "out of memory");
    size_t cap = 0;
    for (size_t i = 0, j; st == ST_OK && i < cells->n; i = j) {
        for (j = i + 1; j < cells->n && !strcmp(cells->v[j].key, cells->v[i].key) &&
                        !strcmp(cells->v[j].currency, cells->v[i].currency);
             j++)
            ;
        res->series++;
        st = judge_series(o, d, (struct anom_series){&cells->v[i], j - i}, x, out, res, &cap, e);
    }
    free(x);
    free(out);
    struct items_cache cache = {0}; /* res->v is by series, then day */
    for (size_t i = 0; st == ST_OK && i < res->n; i++)
        st = explain(s, o, d, &res->v[i], &cache, e);
    items_cache_release(&cache);
    if (st == ST_OK && res->n > 1)
        qsort(res->v, res->n, sizeof *res->v, cmp_anom);
    return st;
}

enum status job_anomalies(struct store *s, const struct job_anom_opts *o,
                          struct job_anom_result *res, struct err *e)
{
    memset(res, 0, sizeof *res);
    struct anom_days d = {0};
    enum status st = store_cost_last_day(s, o->dataset, &d.last, e);
    if (st != ST_OK)
        return st;
    struct cost_day_cells cells;
    if ((st = store_cost_by_day(s, o->dim, o->dataset, d.last - 7305, d.last, &cells, e)) != ST_OK)
        return st;
    d.first = d.last;
    for (size_t i = 0; i < cells.n; i++)
        if (cells.v[i].day < d.first)
            d.first = cells.v[i].day;
    res->to = o->to == INT32_MAX || o->to > d.last ? d.last : o->to;
    res->from = o->from == INT32_MIN ? res->to - 29 : o->from;
    if (res->from < d.first)
        res->from = d.first;
    if (res->from <= res->to && (st = days_classify(&d, e)) == ST_OK)
        st = judge_all(s, o, &d, &cells, res, e);
    free(d.cls);
    cost_day_cells_release(&cells);
    return st;
}
