/*
 * job_budget.c - the annual budget forecast run (see job_budget.h and
 * docs/budget.md). Glue between the store and the models; the arithmetic
 * that must be exact (whole yen adding up) lives in models/mdl_alloc.c.
 * Formats nothing: `yosan budget` writes the result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "job_budget.h"
#include "job_forecast.h"
#include "log.h"
#include "mdl_alloc.h"
#include "mdl_stats.h"

#define BUDGET_NSIM 2000

/* One series of the run: a department or the total. */
struct bseries {
    char *name;          /* owned */
    struct money *exact; /* nm exact monthly sums, month first_month + i */
    double *y;           /* fitting window values */
    size_t ny;           /* values in the fitting window */
    struct forecast fc;  /* base, then reconciled/adjusted forecast (h steps) */
    double spread80;     /* annual P80 - P50 over the FY's forecast months */
    double spread95;     /* annual P95 - P50 */
    double fy_mean[12];  /* FY months: actual (past) or forecast mean */
    double last_fy_mean; /* FY-1 sum: actual + forecast */
    double fy_fc_base;   /* FY forecast-month sum before adjustments */
    int last_fy_actual;  /* FY-1 months that are actual */
};

void job_budget_result_release(struct budget_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nlines; i++)
        free(r->lines[i].department);
    free(r->lines);
    free(r->total.department);
    memset(r, 0, sizeof *r);
}

/* Spread of the annual sum over the FY forecast steps [a, b) of the
 * series, from ETS sample paths; without an ETS fit, the sum of the
 * monthly standard deviations (errors perfectly correlated: cautious). */
static void annual_spread(struct bseries *s, size_t a, size_t b, int m)
{
    s->spread80 = s->spread95 = 0;
    if (b <= a)
        return;
    struct ets_fit fit;
    const struct ets_opts heur = {0};
    struct err e = {0};
    size_t h = s->fc.h;
    double *paths = NULL, *sums = NULL;
    if (s->ny >= 8 && mdl_ets_auto(s->y, s->ny, m, &heur, &fit, &e) == ST_OK &&
        (paths = malloc(sizeof(double) * h * BUDGET_NSIM)) &&
        (sums = malloc(sizeof(double) * BUDGET_NSIM)) &&
        mdl_ets_simulate(&fit, h, BUDGET_NSIM, 7UL + s->ny, paths, &e) == ST_OK) {
        for (size_t p = 0; p < BUDGET_NSIM; p++) {
            double t = 0;
            for (size_t i = a; i < b; i++)
                t += paths[p * h + i];
            sums[p] = t;
        }
        double q50 = mdl_quantile(sums, BUDGET_NSIM, 0.5);
        s->spread80 = mdl_quantile(sums, BUDGET_NSIM, 0.8) - q50;
        s->spread95 = mdl_quantile(sums, BUDGET_NSIM, 0.95) - q50;
    } else {
        double sd = 0;
        for (size_t i = a; i < b; i++)
            sd += (s->fc.hi95[i] - s->fc.lo95[i]) / (2 * 1.959963984540054);
        s->spread80 = 0.8416212335729143 * sd;
        s->spread95 = 1.6448536269514722 * sd;
    }
    if (!isfinite(s->spread80) || s->spread80 < 0)
        s->spread80 = 0;
    if (!isfinite(s->spread95) || s->spread95 < s->spread80)
        s->spread95 = s->spread80;
    free(paths);
    free(sums);
}

/* Half-widths of the month's 80% and 95% intervals for FY month mo of a
 * series (0 for an actual month). Half the interval's width, so that a
 * planned adjustment or a reconciled mean moves the band with the mean. */
static void month_halfwidth(const struct bseries *s, int mo, int from, double *w80, double *w95)
{
    *w80 = *w95 = 0;
    if (mo < from)
        return;
    size_t i = (size_t)(mo - from);
    if (i >= s->fc.h)
        return;
    double a = (s->fc.hi80[i] - s->fc.lo80[i]) / 2, b = (s->fc.hi95[i] - s->fc.lo95[i]) / 2;
    *w80 = isfinite(a) && a > 0 ? a : 0;
    *w95 = isfinite(b) && b > *w80 ? b : *w80;
}

/* Fill a line's monthly bands from its P50 months and half-widths. */
static void set_bands(struct budget_line *L, int k, double w80, double w95)
{
    int64_t p50 = L->monthly_p50[k], h80 = (int64_t)llround(w80), h95 = (int64_t)llround(w95);
    L->lo80[k] = p50 - h80 > 0 ? p50 - h80 : 0;
    L->hi80[k] = p50 + h80;
    L->lo95[k] = p50 - h95 > 0 ? p50 - h95 : 0;
    L->hi95[k] = p50 + h95;
}

static double fc_var(const struct forecast *f, size_t i)
{
    double sd = (f->hi95[i] - f->lo95[i]) / (2 * 1.959963984540054);
    return sd * sd;
}

/* Apply planned adjustments to department d's forecast means. */
static enum status apply_adjust(struct bseries *d, const struct imp_adjust_set *adj, int from,
                                struct err *e)
{
    (void)e;
    if (!adj)
        return ST_OK;
    for (size_t k = 0; k < adj->n; k++) {
        const struct imp_adjust *a = &adj->v[k];
        if (strcmp(a->department, d->name) != 0)
            continue;
        for (size_t i = 0; i < d->fc.h; i++) {
            if (from + (int)i < a->from_month)
                continue;
            if (a->is_percent)
                d->fc.mean[i] *= 1 + a->percent / 100;
            else
                d->fc.mean[i] += a->amount;
            if (d->fc.mean[i] < 0)
                d->fc.mean[i] = 0;
        }
    }
    return ST_OK;
}

enum status job_budget_cells(const struct cost_cells *cells, int32_t last_day, const char *dataset,
                             const struct budget_params *p, struct budget_result *out,
                             struct err *e)
{
    memset(out, 0, sizeof *out);
    enum status st = ST_OK;
    struct bseries *ser = NULL;
    size_t ns = 0;
    int fy_start = p->fy_start_month ? p->fy_start_month : 4;
    if (cells->n == 0)
        return err_set(e, ST_NOTFOUND, "no cost data in the store; import cost exports first");

    /* ---- the calendar ---- */
    int last_m = month_index_of(last_day);
    int complete = last_day == month_first_day(last_m) + month_days(last_m) - 1;
    int last_complete = complete ? last_m : last_m - 1;
    int F = fiscal_year_first_month(p->fiscal_year, fy_start), E = F + 11;
    int from = last_complete + 1;
    if (E < from) {
        char buf[8];
        return err_set(
            e, ST_USAGE,
            "fiscal year %d ended before the last complete month %s: nothing to forecast",
            p->fiscal_year, month_format(last_complete, buf));
    }
    if (F - from > 36)
        return err_set(e, ST_USAGE, "fiscal year %d is more than 3 years after the data",
                       p->fiscal_year);
    size_t h = (size_t)(E - from + 1);
    int first = cells->v[0].month;
    for (size_t i = 0; i < cells->n; i++)
        if (cells->v[i].month < first)
            first = cells->v[i].month;
    if (first > last_complete)
        return err_set(e, ST_NOTFOUND, "no complete month of cost data yet");
    size_t nm = (size_t)(last_complete - first + 1);
    int win0 = p->months > 0 && (size_t)p->months < nm ? last_complete - p->months + 1 : first;

    out->fiscal_year = p->fiscal_year;
    out->first_month = F;
    out->last_complete = last_complete;
    out->forecast_from = from;
    out->horizon = h;
    out->level = p->level;
    out->dataset = dataset;
    snprintf(out->currency, sizeof out->currency, "%s", cells->v[0].currency);

    /* ---- series per department (cells are sorted by key, currency, month) ---- */
    ser = calloc(cells->n + 1, sizeof *ser);
    if (!ser)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < cells->n; i++) {
        const struct cost_cell *c = &cells->v[i];
        if (strcmp(c->currency, out->currency) != 0) {
            st = err_set(e, ST_PARSE, "costs in two currencies (%s and %s): budget needs one",
                         out->currency, c->currency);
            goto out;
        }
        if (ns == 0 || strcmp(ser[ns - 1].name, c->key) != 0) {
            ser[ns].name = strdup(c->key);
            ser[ns].exact = calloc(nm, sizeof *ser[ns].exact);
            ns++;
            if (!ser[ns - 1].name || !ser[ns - 1].exact) {
                st = err_set(e, ST_NOMEM, "out of memory");
                goto out;
            }
        }
        if (c->month <= last_complete)
            ser[ns - 1].exact[c->month - first] =
                money_add(ser[ns - 1].exact[c->month - first], c->cost);
    }
    /* the total is the last series */
    size_t nd = ns;
    ser[ns].name = strdup("total");
    ser[ns].exact = calloc(nm, sizeof *ser[ns].exact);
    ns++;
    if (!ser[nd].name || !ser[nd].exact) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t d = 0; d < nd; d++)
        for (size_t i = 0; i < nm; i++)
            ser[nd].exact[i] = money_add(ser[nd].exact[i], ser[d].exact[i]);
    if (p->adjust)
        for (size_t k = 0; k < p->adjust->n; k++) {
            size_t d = 0;
            while (d < nd && strcmp(ser[d].name, p->adjust->v[k].department) != 0)
                d++;
            if (d == nd) {
                st = err_set(e, ST_PARSE, "adjustment %zu: unknown department '%s'", k + 1,
                             p->adjust->v[k].department);
                goto out;
            }
        }

    /* ---- forecast every series ---- */
    struct job_series *rs = calloc(ns, sizeof *rs);
    struct forecast *fcs = calloc(ns, sizeof *fcs);
    if (!rs || !fcs) {
        free(rs);
        free(fcs);
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t d = 0; d < ns; d++) {
        ser[d].ny = (size_t)(last_complete - win0 + 1);
        ser[d].y = malloc(ser[d].ny * sizeof *ser[d].y);
        if (!ser[d].y) {
            free(rs);
            free(fcs);
            st = err_set(e, ST_NOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < ser[d].ny; i++)
            ser[d].y[i] = money_to_double(ser[d].exact[(size_t)(win0 - first) + i]);
        rs[d].id = ser[d].name;
        rs[d].y = ser[d].y;
        rs[d].n = ser[d].ny;
    }
    st = job_forecast_parallel(rs, ns, 12, h, p->kind, p->jobs > 0 ? p->jobs : 1, fcs, e);
    for (size_t d = 0; d < ns; d++)
        ser[d].fc = fcs[d];
    free(rs);
    free(fcs);
    if (st != ST_OK)
        goto out;

    /* ---- reconcile: WLS with forecast variances, step by step ---- */
    {
        double *parts = malloc(nd * sizeof *parts), *vars = malloc(nd * sizeof *vars);
        if (!parts || !vars) {
            free(parts);
            free(vars);
            st = err_set(e, ST_NOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < h; i++) {
            for (size_t d = 0; d < nd; d++) {
                parts[d] = ser[d].fc.mean[i];
                vars[d] = fc_var(&ser[d].fc, i);
            }
            double tot = ser[nd].fc.mean[i];
            if (p->reconcile_wls)
                mdl_reconcile_wls(&tot, fc_var(&ser[nd].fc, i), parts, vars, nd);
            double sum = 0;
            for (size_t d = 0; d < nd; d++) {
                ser[d].fc.mean[i] = parts[d] > 0 ? parts[d] : 0;
                sum += ser[d].fc.mean[i];
            }
            ser[nd].fc.mean[i] = sum;
        }
        free(parts);
        free(vars);
    }

    /* ---- planned adjustments, then the total again ---- */
    size_t a = F > from ? (size_t)(F - from) : 0, b = h;
    for (size_t d = 0; d < ns; d++)
        for (size_t i = a; i < b; i++)
            ser[d].fy_fc_base += ser[d].fc.mean[i];
    for (size_t d = 0; d < nd; d++)
        apply_adjust(&ser[d], p->adjust, from, e);
    for (size_t i = 0; i < h; i++) {
        double sum = 0;
        for (size_t d = 0; d < nd; d++)
            sum += ser[d].fc.mean[i];
        ser[nd].fc.mean[i] = sum;
    }

    /* ---- FY months (actual or forecast), FY-1, annual spreads ---- */
    for (size_t d = 0; d < ns; d++) {
        struct bseries *s = &ser[d];
        for (int k = 0; k < 12; k++) {
            int mo = F + k;
            s->fy_mean[k] = mo <= last_complete
                                ? (mo >= first ? money_to_double(s->exact[mo - first]) : 0)
                                : s->fc.mean[mo - from];
        }
        s->last_fy_mean = 0;
        s->last_fy_actual = 0;
        for (int mo = F - 12; mo < F; mo++) {
            if (mo <= last_complete) {
                if (mo >= first)
                    s->last_fy_mean += money_to_double(s->exact[mo - first]);
                s->last_fy_actual++;
            } else {
                s->last_fy_mean += s->fc.mean[mo - from];
            }
        }
        annual_spread(s, a, b, 12);
        /* adjustments scale the spread with the forecast part they change */
        double now = 0;
        for (size_t i = a; i < b; i++)
            now += s->fc.mean[i];
        if (s->fy_fc_base > 0) {
            s->spread80 *= now / s->fy_fc_base;
            s->spread95 *= now / s->fy_fc_base;
        }
    }

    /* ---- shared costs: split '(unallocated)' over the departments ---- */
    size_t un = nd;
    for (size_t d = 0; d < nd; d++)
        if (strcmp(ser[d].name, BUDGET_UNALLOCATED) == 0)
            un = d;
    size_t nlines = (un < nd && nd > 1) ? nd - 1 : nd;
    out->lines = calloc(nlines ? nlines : 1, sizeof *out->lines);
    if (!out->lines) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    double *w = calloc(nd, sizeof *w);
    double(*mon)[12] = calloc(nd + 1, sizeof *mon);
    if (!w || !mon) {
        free(w);
        free(mon);
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    for (size_t d = 0; d < nd; d++)
        memcpy(mon[d], ser[d].fy_mean, sizeof mon[d]);
    double shared_annual[3] = {0}, shared_last = 0;
    if (un < nd && nd > 1) {
        double wsum = 0;
        for (size_t d = 0; d < nd; d++) {
            if (d == un)
                continue;
            if (p->shared == BUDGET_SHARED_EVEN)
                w[d] = 1;
            else if (p->shared == BUDGET_SHARED_FIXED) {
                for (size_t k = 0; p->shares && k < p->shares->n; k++)
                    if (strcmp(p->shares->v[k].department, ser[d].name) == 0)
                        w[d] = p->shares->v[k].share;
            } else {
                for (int k = 0; k < 12; k++)
                    w[d] += ser[d].fy_mean[k];
            }
            wsum += w[d];
        }
        if (p->shared == BUDGET_SHARED_FIXED && p->shares)
            for (size_t k = 0; k < p->shares->n; k++) {
                size_t d = 0;
                while (d < nd && (d == un || strcmp(ser[d].name, p->shares->v[k].department) != 0))
                    d++;
                if (d == nd) {
                    free(w);
                    free(mon);
                    st = err_set(e, ST_PARSE, "shares: unknown department '%s'",
                                 p->shares->v[k].department);
                    goto out;
                }
            }
        if (!(wsum > 0)) { /* nothing to weigh by: even */
            for (size_t d = 0; d < nd; d++)
                w[d] = d == un ? 0 : 1;
            wsum = (double)(nd - 1);
        }
        for (size_t d = 0; d < nd; d++)
            w[d] /= wsum;
        for (int k = 0; k < 12; k++) {
            shared_annual[0] += ser[un].fy_mean[k];
            for (size_t d = 0; d < nd; d++)
                if (d != un)
                    mon[d][k] += ser[un].fy_mean[k] * w[d];
        }
        shared_annual[1] = ser[un].spread80;
        shared_annual[2] = ser[un].spread95;
        shared_last = ser[un].last_fy_mean;
    }

    /* ---- whole yen: each FY month's total split by largest remainder ---- */
    {
        double vals[512];
        int64_t yen[512];
        size_t li = 0;
        size_t map[512];
        for (size_t d = 0; d < nd && li < 512; d++)
            if (!(un < nd && nd > 1 && d == un))
                map[li++] = d;
        if (li != nlines || nlines > 512) {
            free(w);
            free(mon);
            st = err_set(e, ST_NOMEM, "too many departments (at most 512)");
            goto out;
        }
        for (size_t l = 0; l < nlines; l++) {
            struct bseries *s = &ser[map[l]];
            struct budget_line *L = &out->lines[l];
            L->department = strdup(s->name);
            if (!L->department) {
                free(w);
                free(mon);
                st = err_set(e, ST_NOMEM, "out of memory");
                goto out;
            }
            snprintf(L->model, sizeof L->model, "%s", s->fc.model);
        }
        out->nlines = nlines;
        for (int k = 0; k < 12; k++) {
            for (size_t l = 0; l < nlines; l++)
                vals[l] = mon[map[l]][k] > 0 ? mon[map[l]][k] : 0;
            mdl_alloc_round(vals, nlines, yen);
            for (size_t l = 0; l < nlines; l++) {
                out->lines[l].monthly_p50[k] = yen[l];
                out->lines[l].annual[0] += yen[l];
                out->total.monthly_p50[k] += yen[l];
            }
        }
        for (size_t l = 0; l < nlines; l++) {
            struct bseries *s = &ser[map[l]];
            struct budget_line *L = &out->lines[l];
            double sh = un < nd && nd > 1 ? w[map[l]] : 0;
            L->shared_yen = (int64_t)llround(shared_annual[0] * sh);
            L->annual[1] = L->annual[0] + (int64_t)llround(s->spread80 + shared_annual[1] * sh);
            L->annual[2] = L->annual[0] + (int64_t)llround(s->spread95 + shared_annual[2] * sh);
            L->last_fy = (int64_t)llround(s->last_fy_mean + shared_last * sh);
            L->last_fy_actual_months = s->last_fy_actual;
            L->budget = L->annual[p->level];
            /* monthly bands: the department's own interval plus its share of the
             * shared cost's (errors taken as perfectly correlated: cautious) */
            for (int k = 0; k < 12; k++) {
                double a80, a95, b80 = 0, b95 = 0;
                month_halfwidth(s, F + k, from, &a80, &a95);
                if (un < nd && nd > 1)
                    month_halfwidth(&ser[un], F + k, from, &b80, &b95);
                set_bands(L, k, a80 + sh * b80, a95 + sh * b95);
            }
            /* monthly amounts at the level: the budget split like the P50 months */
            double wm[12];
            for (int k = 0; k < 12; k++)
                wm[k] = (double)L->monthly_p50[k];
            mdl_alloc_largest_remainder(L->budget, wm, 12, L->monthly);
            for (int k = 0; k < 12; k++)
                out->total.monthly[k] += L->monthly[k];
            out->total.budget += L->budget;
            out->total.shared_yen += L->shared_yen;
            out->total.last_fy += L->last_fy;
            L->change_pct = L->last_fy != 0
                                ? 100.0 * (double)(L->budget - L->last_fy) / (double)L->last_fy
                                : NAN;
        }
    }
    free(w);
    free(mon);
    {
        struct budget_line *T = &out->total;
        struct bseries *s = &ser[nd];
        T->department = strdup("total");
        if (!T->department) {
            st = err_set(e, ST_NOMEM, "out of memory");
            goto out;
        }
        for (int k = 0; k < 12; k++) {
            double w80, w95;
            T->annual[0] += T->monthly_p50[k];
            month_halfwidth(s, F + k, from, &w80, &w95);
            set_bands(T, k, w80, w95);
        }
        T->annual[1] = T->annual[0] + (int64_t)llround(s->spread80);
        T->annual[2] = T->annual[0] + (int64_t)llround(s->spread95);
        T->last_fy_actual_months = s->last_fy_actual;
        T->change_pct =
            T->last_fy != 0 ? 100.0 * (double)(T->budget - T->last_fy) / (double)T->last_fy : NAN;
        snprintf(T->model, sizeof T->model, "%s", s->fc.model);
    }
    {
        static const char *const shn[] = {"proportional", "even", "fixed"};
        snprintf(out->method, sizeof out->method,
                 "models per series, WLS-variance reconciliation, shared costs %s", shn[p->shared]);
    }
out:
    for (size_t d = 0; d < ns; d++) {
        free(ser[d].name);
        free(ser[d].exact);
        free(ser[d].y);
        mdl_forecast_release(&ser[d].fc);
    }
    free(ser);
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
        ds = store_cost_has_dataset(s, DATASET_AMORTIZED) ? DATASET_AMORTIZED : DATASET_ACTUAL;
    int32_t last_day;
    enum status st = store_cost_last_day(s, (enum cost_dataset)ds, &last_day, e);
    if (st == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "no %s cost data in the store; import cost exports first",
                       ds ? "amortized" : "actual");
    if (st != ST_OK)
        return st;
    struct cost_query q = {COST_DIM_DEPARTMENT, (enum cost_dataset)ds, INT32_MIN, last_day, NULL};
    struct cost_cells cells = {0};
    st = store_cost_by_month(s, &q, &cells, e);
    if (st != ST_OK)
        return st;
    st = job_budget_cells(&cells, last_day, ds ? "amortized" : "actual", p, out, e);
    cost_cells_release(&cells);
    return st;
}
