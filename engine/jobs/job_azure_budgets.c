/*
 * job_azure_budgets.c - a budget run as Azure budgets: filters from the
 * store's attribution, amounts from the run's lines (see
 * job_azure_budgets.h).
 */
#include "job_azure_budgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dept.h"
#include "mdl_alloc.h"
#include "store_departments.h"
#include "store_usage.h"

/* Append s to the list unless it is there or empty. */
static enum status add_unique(char ***v, size_t *n, const char *s, struct err *e)
{
    if (!*s)
        return ST_OK;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return ST_OK;
    char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return err_set(e, ST_NOMEM, "out of memory");
    *v = nv;
    if (!(nv[*n] = strdup(s)))
        return err_set(e, ST_NOMEM, "out of memory");
    (*n)++;
    return ST_OK;
}

static const struct dept_rule *find_rule(const struct dept_rules *r, int64_t id)
{
    for (size_t i = 0; id > 0 && i < r->n; i++)
        if (r->v[i].id == id)
            return &r->v[i];
    return NULL;
}

/* The filter of one budget from the rule that caught its cost. */
static enum status set_filter(struct azb_budget *b, const struct dept_rule *rule, struct err *e)
{
    char match[80], text[600];
    if (!rule) {
        b->kind = AZB_TAG;
        b->tag_key = strdup("department");
        b->tag_value = strdup(b->department);
        snprintf(text, sizeof text, "tag department = %s (the department tag)", b->department);
    } else {
        dept_rule_match_text(rule, match, sizeof match);
        snprintf(text, sizeof text, "%s %s", match, rule->pattern);
        b->kind = rule->kind == DEPT_MATCH_TAG              ? AZB_TAG
                  : rule->kind == DEPT_MATCH_RESOURCE_GROUP ? AZB_RESOURCE_GROUPS
                                                            : AZB_SUBSCRIPTION;
        if (b->kind == AZB_TAG) {
            b->tag_key = strdup(rule->key);
            b->tag_value = strdup(rule->pattern);
        }
    }
    b->rule = strdup(text);
    if (!b->rule || (b->kind == AZB_TAG && (!b->tag_key || !b->tag_value)))
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

static enum status grow(struct azb_plan *p, size_t *cap, struct err *e)
{
    if (p->n < *cap)
        return ST_OK;
    size_t nc = *cap ? *cap * 2 : 32;
    struct azb_budget *v = realloc(p->v, nc * sizeof *v);
    if (!v)
        return err_set(e, ST_NOMEM, "out of memory");
    p->v = v;
    *cap = nc;
    return ST_OK;
}

/* One budget per (rule, subscription) that caught line L's cost
 * (scopes[a..b)), the line's months split by their costs. */
static enum status dept_budgets(struct azb_plan *p, size_t *cap, const struct budget_line *L,
                                int index, const struct dept_scopes *sc, size_t a, size_t b,
                                const struct dept_rules *rules, struct err *e)
{
    size_t first = p->n;
    enum status st = ST_OK;
    for (size_t i = a; st == ST_OK && i < b; i++) {
        const struct dept_scope *d = &sc->v[i];
        if (i == a || d->rule_id != sc->v[i - 1].rule_id ||
            strcmp(d->subscription, sc->v[i - 1].subscription) != 0) {
            if ((st = grow(p, cap, e)) != ST_OK)
                break;
            struct azb_budget *nb = &p->v[p->n++];
            memset(nb, 0, sizeof *nb);
            nb->index = index;
            if (!(nb->department = strdup(L->department)))
                st = err_set(e, ST_NOMEM, "out of memory");
            if (st == ST_OK && !(nb->subscription = strdup(d->subscription)))
                st = err_set(e, ST_NOMEM, "out of memory");
            if (st == ST_OK)
                st = set_filter(nb, find_rule(rules, d->rule_id), e);
        }
        struct azb_budget *cur = &p->v[p->n - 1];
        double c = money_to_double(d->cost);
        cur->weight += c > 0 ? c : 0;
        if (st == ST_OK && cur->kind == AZB_RESOURCE_GROUPS)
            st = add_unique(&cur->rgs, &cur->nrgs, d->resource_group, e);
    }
    size_t k = p->n - first;
    double w[256];
    int64_t part[256];
    if (st != ST_OK || k == 0 || k > 256)
        return st == ST_OK && k > 256
                   ? err_set(e, ST_NUMERIC, "too many rules for '%s'", L->department)
                   : st;
    for (size_t j = 0; j < k; j++)
        w[j] = p->v[first + j].weight;
    for (int m = 0; m < 12; m++) {
        mdl_alloc_largest_remainder(L->monthly[m], w, k, part);
        for (size_t j = 0; j < k; j++) {
            p->v[first + j].monthly[m] = part[j];
            p->v[first + j].annual += part[j];
        }
    }
    for (size_t j = 0; j < k; j++) {
        p->v[first + j].part = (int)j + 1;
        p->v[first + j].parts = (int)k;
    }
    return ST_OK;
}

static const char *level_name(enum budget_level l)
{
    return l == BUDGET_P95 ? "p95" : l == BUDGET_P80 ? "p80" : "p50";
}

enum status job_azure_budgets(struct store *s, const struct budget_result *r, struct azb_plan *out,
                              struct err *e)
{
    memset(out, 0, sizeof *out);
    out->fiscal_year = r->fiscal_year;
    out->first_month = r->first_month;
    snprintf(out->currency, sizeof out->currency, "%s", r->currency);
    out->basis = terms_basis_name(r->basis);
    out->level = level_name(r->level);
    struct dept_rules rules;
    dept_rules_init(&rules);
    struct dept_scopes sc = {0};
    int lc = r->last_complete;
    enum cost_dataset ds =
        strcmp(r->dataset, "amortized") == 0 ? DATASET_AMORTIZED : DATASET_ACTUAL;
    enum status st = store_dept_rules_load(s, &rules, e);
    if (st == ST_OK)
        st = store_dept_scopes(s, ds, month_first_day(lc - 11),
                               month_first_day(lc) + month_days(lc) - 1, &sc, e);
    size_t cap = 0;
    for (size_t l = 0; st == ST_OK && l < r->nlines; l++) {
        const struct budget_line *L = &r->lines[l];
        if (strcmp(L->department, DEPT_UNALLOCATED) == 0)
            continue;
        size_t a = 0;
        while (a < sc.n && strcmp(sc.v[a].department, L->department) != 0)
            a++;
        size_t b = a;
        while (b < sc.n && strcmp(sc.v[b].department, L->department) == 0)
            b++;
        if (a == b)
            st = add_unique(&out->skipped, &out->nskipped, L->department, e);
        else
            st = dept_budgets(out, &cap, L, (int)l + 1, &sc, a, b, &rules, e);
    }
    dept_scopes_release(&sc);
    dept_rules_release(&rules);
    return st;
}
