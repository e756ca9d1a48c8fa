/*
 * job_track.c - execution tracking (see job_track.h, docs/track.md): the
 * stored appropriations of the year summed per line up to the as-of day,
 * the budget run cut at that day for the actual months and the year-end
 * projection, and the plan, rates, probabilities and flags of
 * models/mdl_track.c. Glue only.
 */
#include "job_track.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "job_budget.h"
#include "store_approp.h"
#include "store_costs.h"

void job_track_result_release(struct track_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nlines; i++) {
        free(r->lines[i].department);
        free(r->lines[i].system);
    }
    free(r->lines);
    free(r->city.department);
    memset(r, 0, sizeof *r);
}

/* The appropriation rows of (dep, sys) into L (sys NULL: every row of dep). */
static void sum_approp(struct track_line *L, const struct store_approp *v, size_t n, int32_t as_of)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].department, L->department) != 0 ||
            (L->system && strcmp(v[i].system, L->system) != 0))
            continue;
        int64_t yen = v[i].amount_e6 / 1000000;
        L->has_approp = 1;
        if (v[i].day > as_of) {
            L->later += yen;
            continue;
        }
        L->approp += yen;
        if (strcmp(v[i].kind, "当初") == 0)
            L->original += yen;
    }
}

/* A line's months, bands and year-end quantiles from a budget line. */
static void from_budget(struct track_line *L, const struct budget_line *B)
{
    memcpy(L->months, B->monthly_p50, sizeof L->months);
    memcpy(L->lo80, B->lo80, sizeof L->lo80);
    memcpy(L->hi80, B->hi80, sizeof L->hi80);
    memcpy(L->lo95, B->lo95, sizeof L->lo95);
    memcpy(L->hi95, B->hi95, sizeof L->hi95);
    L->p50 = B->annual[0];
    L->p80 = B->annual[1];
    L->p95 = B->annual[2];
    L->last_fy = B->last_fy;
}

/* Everything derived: actual, plan, rate, surplus, probability, flag. */
static void finish(struct track_line *L, int nact)
{
    L->actual = L->plan_to_date = 0;
    for (int k = 0; k < nact; k++) { /* an actual month is known: no band */
        L->actual += L->months[k];
        L->lo80[k] = L->hi80[k] = L->lo95[k] = L->hi95[k] = L->months[k];
    }
    L->exec_rate = L->p_exceed = NAN;
    L->flag = MDL_TRACK_ON_PLAN;
    L->surplus = 0;
    memset(L->plan, 0, sizeof L->plan);
    if (!L->has_approp)
        return;
    int64_t a = L->approp > 0 ? L->approp : 0;
    mdl_track_plan(a, L->months, L->plan);
    for (int k = 0; k < nact; k++)
        L->plan_to_date += L->plan[k];
    L->exec_rate = a > 0 ? 100.0 * (double)L->actual / (double)a : NAN;
    L->surplus = a - L->p50;
    L->p_exceed = mdl_track_exceed_prob(a, L->p50, L->p80, L->p95);
    L->flag = mdl_track_flag_of(a, L->p50, L->p80);
}

static struct track_line *add_line(struct track_result *r, size_t *cap, const char *dep,
                                   const char *sys)
{
    if (r->nlines == *cap) {
        size_t nc = *cap ? 2 * *cap : 32;
        struct track_line *nv = realloc(r->lines, nc * sizeof *nv);
        if (!nv)
            return NULL;
        r->lines = nv;
        *cap = nc;
    }
    struct track_line *L = &r->lines[r->nlines];
    memset(L, 0, sizeof *L);
    L->department = strdup(dep);
    L->system = sys ? strdup(sys) : NULL;
    r->nlines++;
    if (!L->department || (sys && !L->system))
        return NULL;
    return L;
}

/* The appropriated systems of department dep (rows in v) after its line:
 * the run's system line when there is one, else a line without spend. */
static enum status add_systems(struct track_result *r, size_t *cap, const struct budget_result *b,
                               size_t l, const struct store_approp *v, size_t n)
{
    const char *dep = b->lines[l].department;
    for (size_t i = 0; i < n; i++) {
        if (!*v[i].system || strcmp(v[i].department, dep) != 0)
            continue;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(v[k].department, dep) == 0 && strcmp(v[k].system, v[i].system) == 0;
        if (seen)
            continue;
        struct track_line *L = add_line(r, cap, dep, v[i].system);
        if (!L)
            return ST_NOMEM;
        for (size_t j = b->sys_first ? b->sys_first[l] : 0; b->sys_first && j < b->sys_first[l + 1];
             j++)
            if (strcmp(b->sys[j].system, v[i].system) == 0)
                from_budget(L, &b->sys[j]);
    }
    return ST_OK;
}

/* Departments appropriated for that the run has no line for. */
static enum status add_missing(struct track_result *r, size_t *cap, const struct budget_result *b,
                               const struct store_approp *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int known = 0;
        for (size_t l = 0; l < b->nlines && !known; l++)
            known = strcmp(b->lines[l].department, v[i].department) == 0;
        for (size_t k = 0; k < i && !known; k++)
            known = strcmp(v[k].department, v[i].department) == 0;
        if (known)
            continue;
        if (!add_line(r, cap, v[i].department, NULL))
            return ST_NOMEM;
        r->missing++;
    }
    return ST_OK;
}

/* The city's plan is the sum of the departments' plans (each spread by its
 * own shape), so a report's department rows add up to the city row to the
 * yen in every column but the year-end P80/P95 (quantiles of the sum). */
static void city_plan(struct track_result *r)
{
    if (!r->city.has_approp)
        return;
    memset(r->city.plan, 0, sizeof r->city.plan);
    r->city.plan_to_date = 0;
    for (size_t i = 0; i < r->nlines; i++)
        if (!r->lines[i].system)
            for (int k = 0; k < 12; k++)
                r->city.plan[k] += r->lines[i].plan[k];
    for (int k = 0; k < r->actual_months; k++)
        r->city.plan_to_date += r->city.plan[k];
}

/* The lines of the result from the run b and the rows v. */
static enum status build(struct track_result *r, const struct budget_result *b,
                         const struct store_approp *v, size_t n, struct err *e)
{
    size_t cap = 0;
    enum status st = ST_OK;
    for (size_t l = 0; l < b->nlines && st == ST_OK; l++) {
        struct track_line *L = add_line(r, &cap, b->lines[l].department, NULL);
        if (!L)
            return err_set(e, ST_NOMEM, "out of memory");
        from_budget(L, &b->lines[l]);
        st = add_systems(r, &cap, b, l, v, n);
    }
    if (st == ST_OK)
        st = add_missing(r, &cap, b, v, n);
    if (st == ST_OK && !(r->city.department = strdup("total")))
        st = ST_NOMEM;
    if (st != ST_OK)
        return err_set(e, st, "out of memory");
    from_budget(&r->city, &b->total);
    int all = 1; /* the city compares only when every department has an appropriation */
    for (size_t i = 0; i < r->nlines; i++) {
        struct track_line *L = &r->lines[i];
        sum_approp(L, v, n, r->as_of);
        finish(L, r->actual_months);
        all &= L->system || L->has_approp;
        if (L->system || !L->has_approp)
            continue;
        r->city.approp += L->approp;
        r->city.original += L->original;
        r->city.later += L->later;
    }
    r->city.has_approp = all;
    finish(&r->city, r->actual_months);
    city_plan(r);
    return ST_OK;
}

/* The last usage day the run will use. */
static enum status data_day(struct store *s, const struct track_params *p, int32_t *day,
                            struct err *e)
{
    int ds = p->cost;
    if (ds < 0)
        ds = store_cost_has_dataset(s, DATASET_ACTUAL) ? DATASET_ACTUAL : DATASET_AMORTIZED;
    enum status st = store_cost_last_day(s, (enum cost_dataset)ds, day, e);
    if (st == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "no cost data in the store; import cost exports first");
    if (st == ST_OK && p->as_of && p->as_of < *day)
        *day = p->as_of;
    return st;
}

enum status job_track(struct store *s, const struct track_params *p, struct track_result *out,
                      struct err *e)
{
    memset(out, 0, sizeof *out);
    struct store_approp *v = NULL;
    size_t n = 0;
    enum status st = store_approp_list(s, p->fiscal_year, &v, &n, e);
    if (st == ST_OK && n == 0 && !p->approp_optional)
        st = err_set(e, ST_NOTFOUND,
                     "no appropriations for FY%d: load them with `yosan appropriations load "
                     "FILE.csv` (docs/track.md)",
                     p->fiscal_year);
    int32_t day = 0;
    if (st == ST_OK)
        st = data_day(s, p, &day, e);
    struct budget_params bp = {0};
    bp.fiscal_year = p->fiscal_year;
    bp.fy_start_month = 4;
    bp.level = BUDGET_P50;
    bp.shared = BUDGET_SHARED_PROPORTIONAL;
    bp.cost = p->cost;
    bp.kind = p->kind;
    bp.jobs = p->jobs;
    bp.basis = n ? (enum terms_basis)terms_basis_parse(v[0].basis) : TERMS_BASIS_CONTRACT_TAX;
    bp.as_of = day;
    for (size_t i = 0; i < n; i++)
        bp.by_system |= v[i].system[0] != '\0';
    struct budget_result b = {0};
    if (st == ST_OK)
        st = job_budget(s, &bp, &b, e);
    if (st == ST_OK) {
        out->fiscal_year = p->fiscal_year;
        out->first_month = b.first_month;
        out->as_of = day;
        out->last_complete = b.last_complete;
        int na = b.last_complete - b.first_month + 1;
        out->actual_months = na < 0 ? 0 : na > 12 ? 12 : na;
        out->basis = b.basis;
        out->dataset = b.dataset;
        memcpy(out->terms_source, b.terms_source, sizeof out->terms_source);
        st = build(out, &b, v, n, e);
    }
    job_budget_result_release(&b);
    store_approp_free(v, n);
    if (st != ST_OK)
        job_track_result_release(out);
    return st;
}
