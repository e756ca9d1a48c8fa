/*
 * job_budget_system.c - per-system lines (業務システム) of the budget run
 * (docs/budget.md "Per-system lines"): the store's monthly sums per cost
 * object, each object's system by the system rules or tag (the department
 * rules' machinery, dept.h), one series per (department, system) forecast
 * bottom-up and reconciled like the departments, then each department's
 * finished whole-yen line split over its systems by their FY months
 * (mdl_rollup.h), so the lines add up exactly to the department.
 * Owns nothing past the call: the lines go into the budget_result.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "job_budget_internal.h"
#include "mdl_rollup.h"

#define SEP '\x1f'

/* Index of the department line named name, or -1. */
static int line_of(const struct budget_result *r, const char *name, size_t len)
{
    for (size_t l = 0; l < r->nlines; l++)
        if (strlen(r->lines[l].department) == len && memcmp(r->lines[l].department, name, len) == 0)
            return (int)l;
    return -1;
}

/* "department\x1fsystem" of one object key (COST_DIM_OBJECT) into out
 * (malloc'd; NULL when the department has no line or memory runs out). */
static char *system_key(const struct budget_result *r, const struct budget_params *p, char *key)
{
    char *part[5] = {key, NULL, NULL, NULL, NULL};
    for (int i = 1; i < 5; i++) {
        char *sep = strchr(part[i - 1], SEP);
        if (!sep)
            return NULL;
        *sep = '\0';
        part[i] = sep + 1;
    }
    if (line_of(r, part[0], strlen(part[0])) < 0)
        return NULL; /* '(unallocated)' split away: its systems have no line */
    struct dept_object o = {part[1], part[2], part[3], part[4]};
    struct dept_rules none = {0};
    struct dept_result res;
    dept_attribute_as(p->system_rules ? p->system_rules : &none, &o,
                      p->system_tag ? p->system_tag : "system", BUDGET_NO_SYSTEM, &res);
    size_t n = strlen(part[0]) + 1 + strlen(res.name) + 1;
    char *out = malloc(n);
    if (out) {
        memcpy(out, part[0], strlen(part[0]));
        out[strlen(part[0])] = SEP;
        strcpy(out + strlen(part[0]) + 1, res.name);
    }
    return out;
}

/* Object cells -> cells keyed "department\x1fsystem", sorted, repeated
 * (key, currency, month) summed exactly. Takes over in's strings. */
static enum status system_cells(struct cost_cells *in, const struct budget_result *r,
                                const struct budget_params *p, struct cost_cells *out,
                                struct err *e)
{
    out->v = calloc(in->n ? in->n : 1, sizeof *out->v);
    out->n = 0;
    if (!out->v)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < in->n; i++) {
        char *k = system_key(r, p, in->v[i].key);
        if (!k)
            continue;
        out->v[out->n] = in->v[i];
        out->v[out->n].key = k;
        in->v[i].currency = NULL; /* moved */
        out->n++;
    }
    cost_cells_sort_merge(out);
    return ST_OK;
}

/* Split every department line over its system series (set: sorted
 * "department\x1fsystem" names, then the total). */
static enum status split_lines(const struct mdl_budget_set *set, const struct budget_params *p,
                               struct budget_result *r, struct err *e)
{
    r->sys = calloc(set->nd + r->nlines + 1, sizeof *r->sys);
    r->sys_first = calloc(r->nlines + 1, sizeof *r->sys_first);
    struct mdl_rollup_weight *w = calloc(set->nd + 1, sizeof *w);
    const char **names = calloc(set->nd + 1, sizeof *names);
    const char **models = calloc(set->nd + 1, sizeof *models);
    enum status st = r->sys && r->sys_first && w && names && models
                         ? ST_OK
                         : err_set(e, ST_NOMEM, "out of memory");
    for (size_t l = 0; l < r->nlines && st == ST_OK; l++) {
        const char *dep = r->lines[l].department;
        size_t len = strlen(dep), k = 0;
        for (size_t d = 0; d < set->nd; d++) {
            const struct mdl_budget_series *s = &set->v[d];
            if (strncmp(s->name, dep, len) != 0 || s->name[len] != SEP)
                continue;
            memcpy(w[k].month, s->fy_mean, sizeof w[k].month);
            w[k].last_fy = s->last_fy_mean;
            names[k] = s->name + len + 1;
            models[k++] = s->fc.model;
        }
        if (k == 0) { /* no object of its own (impossible from the store): one line */
            names[k] = BUDGET_NO_SYSTEM;
            models[k++] = NULL;
        }
        r->sys_first[l] = r->nsys;
        st = mdl_budget_rollup(&r->lines[l], p->level, names, models, w, k, &r->sys[r->nsys], e);
        if (st == ST_OK)
            r->nsys += k;
    }
    if (r->sys_first)
        r->sys_first[r->nlines] = r->nsys;
    free(w);
    free(names);
    free(models);
    return st;
}

/* A system's series starts at its first month with cost: the months
 * before it went live are not zeros of an intermittent series. */
static void trim_leading_zeros(struct mdl_budget_set *set)
{
    for (size_t d = 0; d < set->ns; d++) {
        struct mdl_budget_series *s = &set->v[d];
        size_t z = 0;
        while (z < s->ny && s->y[z] == 0)
            z++;
        if (z == s->ny || z == 0)
            continue; /* all zero: left as it is (forecasts 0) */
        memmove(s->y, s->y + z, (s->ny - z) * sizeof *s->y);
        s->ny -= z;
    }
}

enum status job_budget_systems(struct store *s, const struct budget_params *p, enum cost_dataset ds,
                               int32_t last_day, struct budget_result *out, struct err *e)
{
    struct cost_query q = {COST_DIM_OBJECT, ds, INT32_MIN, last_day, NULL, 0};
    struct cost_cells objects = {0}, cells = {0};
    struct mdl_budget_set set = {0};
    struct mdl_budget_calendar cal;
    enum status st = store_cost_by_month(s, &q, &objects, e);
    if (st == ST_OK)
        st = system_cells(&objects, out, p, &cells, e);
    if (st == ST_OK && cells.n == 0)
        st = err_set(e, ST_NOTFOUND, "no cost of the budgeted departments in the store");
    if (st == ST_OK)
        st =
            mdl_budget_calendar(last_day, p->fiscal_year, p->fy_start_month ? p->fy_start_month : 4,
                                p->months, cells.v, cells.n, &cal, e);
    if (st == ST_OK)
        st = mdl_budget_series(cells.v, cells.n, out->currency, &cal, &set, e);
    if (st == ST_OK) {
        trim_leading_zeros(&set);
        st = job_budget_forecast_all(&set, cal.h, p, e);
    }
    if (st == ST_OK)
        st = mdl_budget_reconcile(&set, 0, e); /* clamp at 0; bottom-up */
    if (st == ST_OK) {
        mdl_budget_fy_means(&set, &cal);
        st = split_lines(&set, p, out, e);
    }
    mdl_budget_set_release(&set);
    cost_cells_release(&cells);
    cost_cells_release(&objects);
    return st;
}
