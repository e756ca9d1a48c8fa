/*
 * job_budget.c - the annual budget forecast run (see job_budget.h and
 * docs/budget.md): the store's monthly sums, then the phases of
 * models/mdl_budget.c with the series forecast on threads in between.
 * Glue only; formats nothing: `yosan budget` writes the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_terms.h"
#include "job_backtest.h"
#include "job_budget.h"
#include "job_budget_internal.h"
#include "job_forecast.h"
#include "mdl_calib.h"
#include "mdl_terms.h"

void job_budget_result_release(struct budget_result *r)
{
    if (!r)
        return;
    mdl_budget_lines_release(r->lines, r->nlines, &r->total);
    mdl_budget_lines_release(r->sys, r->nsys, NULL);
    free(r->sys_first);
    memset(r, 0, sizeof *r);
}

/* 1 when no value of the series is negative (spend: bands stop at 0). */
static int nonneg(const struct job_series *s)
{
    for (size_t t = 0; t < s->n; t++)
        if (s->y[t] < 0)
            return 0;
    return 1;
}

enum status job_budget_forecast_all(struct mdl_budget_set *set, size_t h,
                                    const struct budget_params *p, struct err *e)
{
    struct job_series *rs = calloc(set->ns, sizeof *rs);
    struct forecast *fcs = calloc(set->ns, sizeof *fcs);
    if (!rs || !fcs) {
        free(rs);
        free(fcs);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    for (size_t d = 0; d < set->ns; d++) {
        rs[d].id = set->v[d].name;
        rs[d].y = set->v[d].y;
        rs[d].n = set->v[d].ny;
    }
    int jobs = p->jobs > 0 ? p->jobs : 1;
    double *c = calloc(2 * set->ns + 1, sizeof *c);
    enum status st = c ? job_forecast_parallel(rs, set->ns, 12, h, p->kind, jobs, fcs, e)
                       : err_set(e, ST_NOMEM, "out of memory");
    /* the bands calibrated on each series' own history (docs/budget.md) */
    if (st == ST_OK)
        st = job_calibrate(rs, set->ns, 12, jobs, c, c + set->ns, e);
    for (size_t d = 0; d < set->ns; d++) {
        set->v[d].fc = fcs[d];
        if (st == ST_OK) {
            set->v[d].calib = c[d];
            set->v[d].calib95 = c[set->ns + d];
            mdl_calib_apply(&set->v[d].fc, c[d], c[set->ns + d], nonneg(&rs[d]));
        }
    }
    free(c);
    free(rs);
    free(fcs);
    return st;
}

/* The params' planned changes and fixed shares as the model takes them
 * (names borrowed from the sets). */
static enum status model_inputs(const struct budget_params *p, struct mdl_budget_adjust **adj,
                                size_t *nadj, struct mdl_budget_share **shares, size_t *nshares,
                                struct err *e)
{
    *nadj = p->adjust ? p->adjust->n : 0;
    *nshares = p->shares ? p->shares->n : 0;
    *adj = calloc(*nadj ? *nadj : 1, sizeof **adj);
    *shares = calloc(*nshares ? *nshares : 1, sizeof **shares);
    if (!*adj || !*shares)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t k = 0; k < *nadj; k++) {
        const struct imp_adjust *a = &p->adjust->v[k];
        (*adj)[k] = (struct mdl_budget_adjust){a->department, a->from_month, a->is_percent,
                                               a->amount, a->percent};
    }
    for (size_t k = 0; k < *nshares; k++)
        (*shares)[k] = (struct mdl_budget_share){p->shares->v[k].department, p->shares->v[k].share};
    return ST_OK;
}

/* Everything after the forecasts: reconcile, adjust, annual spreads,
 * shared split, whole yen. */
static enum status allocate(struct mdl_budget_set *set, const struct mdl_budget_calendar *cal,
                            const struct budget_params *p, struct budget_result *out, struct err *e)
{
    struct mdl_budget_adjust *adj = NULL;
    struct mdl_budget_share *shares = NULL;
    size_t nadj, nshares;
    struct mdl_budget_split split = {0};
    enum status st = model_inputs(p, &adj, &nadj, &shares, &nshares, e);
    if (st == ST_OK)
        st = mdl_budget_reconcile(set, p->reconcile_wls, e);
    if (st == ST_OK) {
        mdl_budget_adjust(set, cal, adj, nadj);
        mdl_budget_annual(set, cal);
        st = mdl_budget_shared(set, p->shared, shares, nshares, &split, e);
    }
    if (st == ST_OK)
        st =
            mdl_budget_lines(set, &split, cal, p->level, &out->lines, &out->nlines, &out->total, e);
    mdl_budget_split_release(&split);
    free(adj);
    free(shares);
    return st;
}

/* Check the adjustments' departments against the series (before the slow
 * forecasts). */
static enum status check_adjust(const struct mdl_budget_set *set, const struct budget_params *p,
                                struct err *e)
{
    struct mdl_budget_adjust *adj = NULL;
    struct mdl_budget_share *shares = NULL;
    size_t nadj, nshares;
    enum status st = model_inputs(p, &adj, &nadj, &shares, &nshares, e);
    if (st == ST_OK)
        st = mdl_budget_check_adjust(set, adj, nadj, e);
    free(adj);
    free(shares);
    return st;
}

/* One line's rates: FY months at their own mix when actual, else at the
 * mix of the last 12 complete months; FY-1 at the mean of its months'. */
static void line_rates(const struct terms *t, const struct cost_cells *mix, const char *key,
                       const struct mdl_budget_calendar *cal, struct mdl_terms_line_rates *r)
{
    int lc = cal->last_complete;
    int64_t c, x, sc = 0, sx = 0;
    for (int k = -12; k < 12; k++) {
        int m = cal->fy_first + k;
        int from = m <= lc ? m : lc - 11, to = m <= lc ? m : lc;
        mdl_terms_rates(t, mix, key, from, to, m, &c, &x);
        if (k >= 0) {
            r->cppm[k] = c;
            r->tppm[k] = x;
        } else {
            sc += c;
            sx += x;
        }
    }
    r->last_cppm = sc / 12;
    r->last_tppm = sx / 12;
}

/* The price revisions coming after the data, as a markup per FY month
 * (and the mean over FY-1's months) relative to the last complete month. */
static void revision_rates(const struct terms *t, const struct mdl_budget_calendar *cal,
                           struct mdl_terms_line_rates *r)
{
    memset(r, 0, sizeof *r);
    int lc = cal->last_complete;
    __int128 base = TERMS_PPM + terms_revision_ppm(t, lc);
    int64_t sum = 0;
    for (int k = -12; k < 12; k++) {
        int m = cal->fy_first + k;
        int64_t ppm =
            m <= lc
                ? 0
                : (int64_t)((TERMS_PPM + terms_revision_ppm(t, m)) * (__int128)TERMS_PPM / base -
                            TERMS_PPM);
        if (k >= 0)
            r->cppm[k] = ppm;
        else
            sum += ppm;
    }
    r->last_cppm = sum / 12;
}

/* Say which revisions and exchange rate were applied (for the report). */
static void describe_assumptions(const struct terms *t, const struct mdl_budget_calendar *cal,
                                 int fx, struct budget_result *out)
{
    size_t used = 0;
    char m[8];
    for (size_t i = 0; i < t->nrev; i++) {
        if (t->rev[i].from_month <= cal->last_complete)
            continue;
        int w = snprintf(out->assumptions + used, sizeof out->assumptions - used,
                         "%sprice revision %+.4g %% from %s%s%s", used ? "; " : "",
                         (double)t->rev[i].ppm / 10000, month_format(t->rev[i].from_month, m),
                         t->rev[i].note ? " " : "", t->rev[i].note ? t->rev[i].note : "");
        if (w > 0 && (size_t)w < sizeof out->assumptions - used)
            used += (size_t)w;
    }
    if (fx)
        snprintf(out->assumptions + used, sizeof out->assumptions - used,
                 "%s%s converted at %.6g yen (range %.6g-%.6g, widening P80/P95)", used ? "; " : "",
                 t->fx.currency, (double)t->fx.rate_e6 / 1e6, (double)t->fx.low_e6 / 1e6,
                 (double)t->fx.high_e6 / 1e6);
}

/* The bill's foreign currency to yen, when the terms give its rate. */
static void apply_fx(struct budget_result *out, const struct terms *t,
                     const struct mdl_budget_calendar *cal)
{
    int fc_from = cal->from - cal->fy_first;
    fc_from = fc_from < 0 ? 0 : fc_from;
    const struct terms_fx *fx = &t->fx;
    for (size_t l = 0; l < out->nlines; l++)
        mdl_terms_budget_fx(&out->lines[l], fx->rate_e6, fx->low_e6, fx->high_e6, fc_from,
                            out->level, t->rounding);
    mdl_terms_budget_fx_total(&out->total, out->lines, out->nlines, fx->rate_e6, fx->low_e6,
                              fx->high_e6, fc_from, out->level, t->rounding);
    snprintf(out->currency, sizeof out->currency, "JPY");
}

/* Price revisions after the data, on every line and the total (list). */
static void apply_revisions(struct budget_result *out, const struct terms *t,
                            const struct mdl_budget_calendar *cal)
{
    struct mdl_terms_line_rates r;
    revision_rates(t, cal, &r);
    for (size_t l = 0; l < out->nlines; l++)
        mdl_terms_budget_line(&out->lines[l], &r, out->level, TERMS_BASIS_CONTRACT, t->rounding);
    mdl_terms_budget_total(&out->total, out->lines, out->nlines, &r, out->level,
                           TERMS_BASIS_CONTRACT, t->rounding);
}

/* Every line and the total on the asked basis (the run itself is on list). */
static enum status apply_basis(struct budget_result *out, const struct cost_cells *mix,
                               const struct mdl_budget_calendar *cal, const struct budget_params *p,
                               struct err *e)
{
    struct terms defaults;
    const struct terms *t = p->terms;
    if (!t) {
        enum status st = terms_defaults(&defaults, e);
        if (st != ST_OK)
            return st;
        t = &defaults;
    }
    out->basis = p->basis;
    out->rounding = t->rounding;
    snprintf(out->terms_source, sizeof out->terms_source, "%s", t->source);
    int fx = t->fx.currency[0] && strcmp(t->fx.currency, out->currency) == 0;
    if (t->nrev)
        apply_revisions(out, t, cal);
    describe_assumptions(t, cal, fx, out);
    struct mdl_terms_line_rates r;
    for (size_t l = 0; l < out->nlines; l++) {
        line_rates(t, mix, out->lines[l].department, cal, &r);
        mdl_terms_budget_line(&out->lines[l], &r, out->level, p->basis, t->rounding);
    }
    line_rates(t, mix, NULL, cal, &r);
    mdl_terms_budget_total(&out->total, out->lines, out->nlines, &r, out->level, p->basis,
                           t->rounding);
    if (fx)
        apply_fx(out, t, cal);
    if (t == &defaults)
        terms_release(&defaults);
    return ST_OK;
}

enum status job_budget_cells(const struct cost_cells *cells, int32_t last_day, const char *dataset,
                             const struct budget_params *p, struct budget_result *out,
                             struct err *e)
{
    return job_budget_cells_mix(cells, NULL, last_day, dataset, p, out, e);
}

enum status job_budget_cells_mix(const struct cost_cells *cells, const struct cost_cells *mix,
                                 int32_t last_day, const char *dataset,
                                 const struct budget_params *p, struct budget_result *out,
                                 struct err *e)
{
    memset(out, 0, sizeof *out);
    if (cells->n == 0)
        return err_set(e, ST_NOTFOUND, "no cost data in the store; import cost exports first");
    struct mdl_budget_calendar cal;
    enum status st =
        mdl_budget_calendar(last_day, p->fiscal_year, p->fy_start_month ? p->fy_start_month : 4,
                            p->months, cells->v, cells->n, &cal, e);
    if (st != ST_OK)
        return st;
    out->fiscal_year = p->fiscal_year;
    out->first_month = cal.fy_first;
    out->last_complete = cal.last_complete;
    out->forecast_from = cal.from;
    out->horizon = cal.h;
    out->level = p->level;
    out->dataset = dataset;
    snprintf(out->currency, sizeof out->currency, "%s", cells->v[0].currency);
    struct mdl_budget_set set;
    st = mdl_budget_series(cells->v, cells->n, out->currency, &cal, &set, e);
    if (st == ST_OK)
        st = check_adjust(&set, p, e);
    if (st == ST_OK)
        st = job_budget_forecast_all(&set, cal.h, p, e);
    if (st == ST_OK)
        st = allocate(&set, &cal, p, out, e);
    if (st == ST_OK)
        st = apply_basis(out, mix, &cal, p, e);
    if (st == ST_OK) {
        static const char *const shn[] = {"proportional", "even", "fixed"};
        snprintf(out->method, sizeof out->method, "models per series, %s, shared costs %s",
                 p->reconcile_wls ? "WLS-variance reconciliation"
                                  : "bottom-up reconciliation (total = sum of departments)",
                 shn[p->shared]);
    }
    mdl_budget_set_release(&set);
    if (st != ST_OK)
        job_budget_result_release(out);
    return st;
}

enum status job_budget(struct store *s, const struct budget_params *p, struct budget_result *out,
                       struct err *e)
{
    memset(out, 0, sizeof *out);
    int ds = p->cost;
    if (ds < 0)
        ds = store_cost_has_dataset(s, DATASET_ACTUAL) ? DATASET_ACTUAL : DATASET_AMORTIZED;
    int32_t last_day;
    enum status st = store_cost_last_day(s, (enum cost_dataset)ds, &last_day, e);
    if (st == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "no %s cost data in the store; import cost exports first",
                       ds ? "amortized" : "actual");
    if (st != ST_OK)
        return st;
    if (p->as_of && p->as_of < last_day)
        last_day = p->as_of;
    struct cost_query q = {
        COST_DIM_DEPARTMENT, (enum cost_dataset)ds, INT32_MIN, last_day, NULL, 0};
    struct cost_cells cells = {0}, mix = {0};
    struct terms terms = {0};
    struct budget_params pt = *p;
    st = store_cost_by_month(s, &q, &cells, e);
    q.by_service = 1;
    if (st == ST_OK && p->basis != TERMS_BASIS_LIST)
        st = store_cost_by_month(s, &q, &mix, e);
    if (st == ST_OK && !p->terms) {
        st = imp_terms_from_store(s, &terms, e);
        pt.terms = &terms;
    }
    if (st == ST_OK)
        st = job_budget_cells_mix(&cells, &mix, last_day, ds ? "amortized" : "actual", &pt, out, e);
    if (st == ST_OK && p->by_system)
        st = job_budget_systems(s, &pt, (enum cost_dataset)ds, last_day, out, e);
    if (st != ST_OK)
        job_budget_result_release(out);
    terms_release(&terms);
    cost_cells_release(&mix);
    cost_cells_release(&cells);
    out->dataset_default = p->cost < 0;
    return st;
}
