/*
 * job_track_daily.c - the daily view of execution tracking (job_track.h,
 * docs/track.md): one month day by day per department. Owns the glue only:
 * the track run cut at the as-of day (appropriations, the month's plan and
 * the basis), the daily cost per department from the daily rollups, the
 * Japanese calendar's day classes (as `yosan anomalies`), the daily model
 * (models/mdl_daily.c), and the conversion of the bill's daily cost to the
 * track run's basis by one ratio per department.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "job_track.h"
#include "mdl_alloc.h"
#include "mdl_daily.h"
#include "money.h"
#include "store_costs.h"

_Static_assert(CAL_CLASS_CLOSED == MDL_DAILY_CLOSED, "one closed-day class");

#define HISTORY_DAYS 1100 /* three years of daily history at most (MSTL's 365 needs two) */

void job_track_daily_release(struct track_daily_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nlines; i++)
        free(r->lines[i].department);
    free(r->lines);
    free(r->city.department);
    memset(r, 0, sizeof *r);
}

/* One department's daily series, dense from its first day to the cut. */
struct daily_series {
    int32_t first;      /* day of x[0] */
    size_t n;           /* days first .. cut */
    double *x;          /* owned: the bill's cost a day */
    unsigned char *cls; /* owned: n + the forecast days' classes */
};

static void series_release(struct daily_series *d)
{
    free(d->x);
    free(d->cls);
    memset(d, 0, sizeof *d);
}

/* The cells of key into d over [first cell, cut], classes to month_end. */
static enum status series_of(const struct cost_day_cells *c, const char *key, int32_t cut,
                             int32_t month_end, struct daily_series *d, struct err *e)
{
    memset(d, 0, sizeof *d);
    d->first = cut + 1;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].key, key) == 0 && c->v[i].day < d->first)
            d->first = c->v[i].day;
    if (d->first > cut)
        return ST_OK; /* no cost: no series */
    d->n = (size_t)(cut - d->first + 1);
    size_t nc = (size_t)(month_end - d->first + 1);
    d->x = calloc(d->n, sizeof *d->x);
    d->cls = malloc(nc);
    if (!d->x || !d->cls)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].key, key) == 0 && c->v[i].day <= cut)
            d->x[c->v[i].day - d->first] += money_to_double(c->v[i].cost);
    struct calendar cal;
    calendar_init(&cal, 1);
    enum status st = calendar_day_classes(&cal, d->first, nc, d->cls, e);
    calendar_release(&cal);
    return st;
}

/* Sum of d's cost over [from, to] (clipped to the series). */
static double series_sum(const struct daily_series *d, int32_t from, int32_t to)
{
    double s = 0;
    for (int32_t day = from < d->first ? d->first : from; day <= to; day++)
        if (day - d->first < (int32_t)d->n)
            s += d->x[day - d->first];
    return s;
}

/* Basis yen per unit of the bill for line T: its last actual FY month over
 * the bill's cost of that month, or before the FY has one, FY-1's. */
static double basis_ratio(const struct track_result *t, const struct track_line *T,
                          const struct daily_series *d)
{
    int kref = t->actual_months - 1;
    double yen, bill;
    if (kref >= 0) {
        int m = t->first_month + kref;
        yen = (double)T->months[kref];
        bill = series_sum(d, month_first_day(m), month_first_day(m) + month_days(m) - 1);
    } else {
        yen = (double)T->last_fy;
        bill = series_sum(d, month_first_day(t->first_month - 12),
                          month_first_day(t->first_month) - 1);
    }
    return bill > 0 && yen > 0 ? yen / bill : 1.0;
}

/* The month's actual days of L from d: the track run's month split over
 * the days exactly when the month is complete, else the ratio. */
static void actual_days(struct track_daily_line *L, const struct track_daily_result *r,
                        const struct track_result *t, const struct track_line *T,
                        const struct daily_series *d)
{
    int32_t f = month_first_day(r->month);
    double w[TRACK_DAYS_MAX];
    for (int i = 0; i < r->actual_days; i++) {
        int32_t k = f + i - d->first;
        w[i] = k >= 0 && k < (int32_t)d->n ? d->x[k] : 0;
        L->day[i] = llround(w[i] * L->ratio);
    }
    int kcur = r->month - t->first_month;
    if (r->actual_days == r->ndays && kcur < t->actual_months)
        mdl_alloc_largest_remainder(T->months[kcur], w, (size_t)r->ndays, L->day);
    for (int i = 0; i < r->actual_days; i++) {
        L->lo80[i] = L->hi80[i] = L->day[i];
        L->actual += L->day[i];
    }
}

/* The forecast days of L from d. */
static enum status forecast_days(struct track_daily_line *L, const struct track_daily_result *r,
                                 const struct track_daily_params *p, const struct daily_series *d,
                                 struct err *e)
{
    size_t h = (size_t)(r->ndays - r->actual_days);
    if (h == 0 || d->n == 0)
        return ST_OK;
    struct forecast f = {0};
    size_t skip = d->n > HISTORY_DAYS ? d->n - HISTORY_DAYS : 0;
    int wd0 = date_weekday(d->first + (int32_t)skip);
    enum status st = mdl_daily_forecast(d->x + skip, d->cls + skip, d->n - skip, wd0, h, p->kind,
                                        &f, &L->closed_factor, e);
    for (size_t i = 0; st == ST_OK && i < h; i++) {
        size_t k = (size_t)r->actual_days + i;
        L->day[k] = llround(f.mean[i] * L->ratio);
        L->lo80[k] = llround(f.lo80[i] * L->ratio);
        L->hi80[k] = llround(f.hi80[i] * L->ratio);
    }
    if (st == ST_OK)
        memcpy(L->model, f.model, sizeof L->model);
    mdl_forecast_release(&f);
    return st;
}

/* Month totals, the plan and the share of the appropriation. */
static void totals(struct track_daily_line *L, const struct track_daily_result *r)
{
    L->p50 = L->lo80m = L->hi80m = 0;
    for (int i = 0; i < r->ndays; i++) {
        L->p50 += L->day[i];
        L->lo80m += L->lo80[i];
        L->hi80m += L->hi80[i];
    }
    L->share_pct =
        L->has_approp && L->approp > 0 ? 100.0 * (double)L->p50 / (double)L->approp : NAN;
}

static void from_track(struct track_daily_line *L, const struct track_daily_result *r,
                       const struct track_result *t, const struct track_line *T)
{
    int kcur = r->month - t->first_month;
    L->has_approp = T->has_approp;
    L->approp = T->approp;
    L->plan = T->has_approp && kcur >= 0 && kcur < 12 ? T->plan[kcur] : 0;
}

static enum status one_line(struct track_daily_result *r, const struct track_result *t,
                            const struct track_line *T, const struct cost_day_cells *c,
                            const struct track_daily_params *p, struct err *e)
{
    struct track_daily_line *L = &r->lines[r->nlines];
    memset(L, 0, sizeof *L);
    L->closed_factor = NAN;
    if (!(L->department = strdup(T->department)))
        return err_set(e, ST_NOMEM, "out of memory");
    r->nlines++;
    from_track(L, r, t, T);
    int32_t month_end = month_first_day(r->month) + r->ndays - 1;
    struct daily_series d;
    enum status st = series_of(c, T->department, r->as_of, month_end, &d, e);
    if (st == ST_OK && d.n) {
        L->ratio = basis_ratio(t, T, &d);
        actual_days(L, r, t, T, &d);
        st = forecast_days(L, r, p, &d, e);
    }
    series_release(&d);
    totals(L, r);
    return st;
}

static void city_line(struct track_daily_result *r, const struct track_result *t)
{
    struct track_daily_line *C = &r->city;
    C->closed_factor = C->ratio = NAN;
    for (size_t l = 0; l < r->nlines; l++)
        for (int i = 0; i < r->ndays; i++) {
            C->day[i] += r->lines[l].day[i];
            C->lo80[i] += r->lines[l].lo80[i];
            C->hi80[i] += r->lines[l].hi80[i];
        }
    for (int i = 0; i < r->actual_days; i++)
        C->actual += C->day[i];
    from_track(C, r, t, &t->city);
    totals(C, r);
}

/* The cut day and the month: ST_USAGE when the data ends too early. */
static enum status month_and_cut(struct store *s, const struct track_daily_params *p,
                                 struct track_daily_result *r, int *cost, struct err *e)
{
    *cost = p->cost >= 0                                ? p->cost
            : store_cost_has_dataset(s, DATASET_ACTUAL) ? DATASET_ACTUAL
                                                        : DATASET_AMORTIZED;
    int32_t last;
    enum status st = store_cost_last_day(s, (enum cost_dataset) * cost, &last, e);
    if (st == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "no cost data in the store; import cost exports first");
    if (st != ST_OK)
        return st;
    int32_t cut = p->as_of && p->as_of < last ? p->as_of : last;
    r->month = p->month >= 0 ? p->month : month_index_of(cut);
    r->ndays = month_days(r->month);
    int32_t first = month_first_day(r->month);
    if (cut < first - 1) {
        char a[DATE_ISO_LEN], m[8];
        return err_set(e, ST_USAGE, "the cost data ends on %s, before %s: nothing to track",
                       date_format(cut, a), month_format(r->month, m));
    }
    r->as_of = cut > first + r->ndays - 1 ? first + r->ndays - 1 : cut;
    r->actual_days = (int)(r->as_of - first + 1);
    r->fiscal_year = fiscal_year_of_month(r->month, 4);
    return ST_OK;
}

/* 1 when the caller's run is the one tp would make (job_track_daily_params.run). */
static int same_run(const struct track_result *run, const struct track_params *tp)
{
    return run && run->fiscal_year == tp->fiscal_year && run->as_of == tp->as_of &&
           strcmp(run->dataset, tp->cost == DATASET_ACTUAL ? "actual" : "amortized") == 0;
}

enum status job_track_daily(struct store *s, const struct track_daily_params *p,
                            struct track_daily_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    int cost;
    enum status st = month_and_cut(s, p, out, &cost, e);
    if (st != ST_OK)
        return st;
    /* the track run refuses a year that is over: on the FY's last day it
     * runs a day earlier, and March is converted with February's ratio */
    int32_t fy_end = month_first_day(fiscal_year_first_month(out->fiscal_year, 4) + 12) - 1;
    int32_t run_as_of = out->as_of < fy_end ? out->as_of : fy_end - 1;
    struct track_params tp = {out->fiscal_year, run_as_of, cost, p->kind, p->jobs, 1};
    struct track_result own = {0};
    const struct track_result *t = &own;
    if (same_run(p->run, &tp))
        t = p->run;
    else
        st = job_track(s, &tp, &own, e);
    struct cost_day_cells c = {0};
    if (st == ST_OK)
        st = store_cost_by_day(s, COST_DAY_DEPARTMENT, (enum cost_dataset)cost,
                               out->as_of - HISTORY_DAYS + 1, out->as_of, &c, e);
    if (st == ST_OK && !(out->lines = calloc(t->nlines ? t->nlines : 1, sizeof *out->lines)))
        st = err_set(e, ST_NOMEM, "out of memory");
    for (size_t l = 0; st == ST_OK && l < t->nlines; l++)
        if (!t->lines[l].system)
            st = one_line(out, t, &t->lines[l], &c, p, e);
    if (st == ST_OK && !(out->city.department = strdup("total")))
        st = err_set(e, ST_NOMEM, "out of memory");
    if (st == ST_OK) {
        city_line(out, t);
        out->basis = t->basis;
        out->dataset = t->dataset;
        memcpy(out->terms_source, t->terms_source, sizeof out->terms_source);
    }
    cost_day_cells_release(&c);
    job_track_result_release(&own);
    if (st != ST_OK)
        job_track_daily_release(out);
    return st;
}
