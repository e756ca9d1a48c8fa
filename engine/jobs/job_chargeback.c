/*
 * job_chargeback.c - charge-back of each month's invoice over the
 * departments (see job_chargeback.h): the store's cells on the basis, the
 * split key's values, then models/mdl_chargeback.h month by month.
 */
#include "job_chargeback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_terms.h"
#include "job_costs.h"
#include "mdl_chargeback.h"
#include "store_departments.h"
#include "store_usage.h"
#include "suggest.h"

#define UNALLOCATED "(unallocated)"

const char *cb_split_name(enum cb_split s)
{
    switch (s) {
    case CB_SPLIT_EVEN:
        return "even";
    case CB_SPLIT_FIXED:
        return "fixed";
    case CB_SPLIT_VCPU_HOURS:
        return "usage:vcpu-hours";
    default:
        return "direct";
    }
}

/* Everything one run reads, and the rows it grows. */
struct cb_run {
    const struct job_chargeback_opts *o;
    struct cost_cells dept;   /* by department on the basis */
    struct cost_cells total;  /* the invoice cells */
    struct usage_cells usage; /* vCPU-hours (usage key only) */
    enum money_rounding rule; /* the terms' */
    struct job_chargeback_result *res;
    size_t cap_rows, cap_inv;
};

/* One month's departments while it is split. */
struct cb_month {
    const char **names; /* borrowed */
    int64_t *direct;    /* sub-units */
    double *w;
    size_t n, cap;
};

static enum status month_add(struct cb_month *m, const char *name, int64_t direct, struct err *e)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->names[i], name) == 0) {
            m->direct[i] += direct;
            return ST_OK;
        }
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 32;
        const char **nn = realloc(m->names, nc * sizeof *nn);
        if (nn)
            m->names = nn;
        int64_t *nd = nn ? realloc(m->direct, nc * sizeof *nd) : NULL;
        if (nd)
            m->direct = nd;
        double *nw = nd ? realloc(m->w, nc * sizeof *nw) : NULL;
        if (!nw)
            return err_set(e, ST_NOMEM, "out of memory");
        m->w = nw;
        m->cap = nc;
    }
    m->names[m->n] = name;
    m->direct[m->n] = direct;
    m->w[m->n] = 0;
    m->n++;
    return ST_OK;
}

static void month_release(struct cb_month *m)
{
    free(m->names);
    free(m->direct);
    free(m->w);
}

/* Sub-units (10^-6 of the unit) per whole unit of a currency with d decimals. */
static int64_t unit_scale(int d)
{
    int64_t s = 1;
    for (int i = d; i < 6; i++)
        s *= 10;
    return s;
}

static double usage_of(const struct usage_cells *u, const char *dept, int month)
{
    for (size_t i = 0; i < u->n; i++)
        if (u->v[i].month == month && strcmp(u->v[i].department, dept) == 0)
            return u->v[i].vcpu_hours;
    return 0;
}

static double share_of(const struct imp_share_set *s, const char *dept)
{
    double w = 0;
    for (size_t i = 0; s && i < s->n; i++)
        if (strcmp(s->v[i].department, dept) == 0)
            w = s->v[i].share;
    return w;
}

/* Departments that take part without a cost cell this month: with a fixed
 * share, or with vCPU-hours. */
static enum status add_key_departments(const struct cb_run *r, struct cb_month *m, int month,
                                       struct err *e)
{
    enum status st = ST_OK;
    if (r->o->split == CB_SPLIT_FIXED)
        for (size_t i = 0; st == ST_OK && r->o->shares && i < r->o->shares->n; i++)
            if (r->o->shares->v[i].share > 0)
                st = month_add(m, r->o->shares->v[i].department, 0, e);
    if (r->o->split == CB_SPLIT_VCPU_HOURS)
        for (size_t i = 0; st == ST_OK && i < r->usage.n; i++)
            if (r->usage.v[i].month == month && r->usage.v[i].vcpu_hours > 0 &&
                strcmp(r->usage.v[i].department, UNALLOCATED) != 0)
                st = month_add(m, r->usage.v[i].department, 0, e);
    return st;
}

/* The key's value for each department of the month. */
static void key_weights(const struct cb_run *r, struct cb_month *m, int month, int64_t scale)
{
    for (size_t i = 0; i < m->n; i++) {
        switch (r->o->split) {
        case CB_SPLIT_EVEN:
            m->w[i] = 1;
            break;
        case CB_SPLIT_FIXED:
            m->w[i] = share_of(r->o->shares, m->names[i]);
            break;
        case CB_SPLIT_VCPU_HOURS:
            m->w[i] = usage_of(&r->usage, m->names[i], month);
            break;
        default:
            m->w[i] = m->direct[i] > 0 ? (double)m->direct[i] / (double)scale : 0;
        }
    }
}

static enum status push_row(struct cb_run *r, const struct cb_row *row, struct err *e)
{
    struct job_chargeback_result *res = r->res;
    if (res->nrows == r->cap_rows) {
        size_t nc = r->cap_rows ? r->cap_rows * 2 : 64;
        struct cb_row *v = realloc(res->rows, nc * sizeof *v);
        if (!v)
            return err_set(e, ST_NOMEM, "out of memory");
        res->rows = v;
        r->cap_rows = nc;
    }
    struct cb_row *dst = &res->rows[res->nrows];
    *dst = *row;
    if (!(dst->department = strdup(row->department)))
        return err_set(e, ST_NOMEM, "out of memory");
    res->nrows++;
    return ST_OK;
}

static enum status push_invoice(struct cb_run *r, const struct cb_invoice *inv, struct err *e)
{
    struct job_chargeback_result *res = r->res;
    if (res->ninvoices == r->cap_inv) {
        size_t nc = r->cap_inv ? r->cap_inv * 2 : 16;
        struct cb_invoice *v = realloc(res->invoices, nc * sizeof *v);
        if (!v)
            return err_set(e, ST_NOMEM, "out of memory");
        res->invoices = v;
        r->cap_inv = nc;
    }
    res->invoices[res->ninvoices++] = *inv;
    return ST_OK;
}

/* The month's departments (byte order) with their direct amounts; the
 * shared amount into *shared. */
static enum status gather_month(const struct cb_run *r, const struct cost_cell *g,
                                struct cb_month *m, int64_t *shared, struct err *e)
{
    enum status st = ST_OK;
    *shared = 0;
    for (size_t i = 0; st == ST_OK && i < r->dept.n; i++) {
        const struct cost_cell *c = &r->dept.v[i];
        if (c->month != g->month || strcmp(c->currency, g->currency) != 0)
            continue;
        if (strcmp(c->key, UNALLOCATED) == 0)
            *shared += c->cost.e6;
        else
            st = month_add(m, c->key, c->cost.e6, e);
    }
    return st == ST_OK ? add_key_departments(r, m, g->month, e) : st;
}

/* Split one (currency, month) invoice cell and add its rows. */
static enum status charge_month(struct cb_run *r, const struct cost_cell *g, struct err *e)
{
    struct cb_month m = {0};
    int64_t shared;
    enum status st = gather_month(r, g, &m, &shared, e);
    int d = terms_currency_decimals(g->currency);
    int64_t scale = unit_scale(d);
    struct cb_invoice inv = {g->month, "", d, 0, 0, 0};
    snprintf(inv.currency, sizeof inv.currency, "%s", g->currency);
    inv.invoice = money_round_to(g->cost, d, r->rule).e6 / scale;
    struct mdl_cb_part *parts = st == ST_OK ? calloc(m.n ? m.n : 1, sizeof *parts) : NULL;
    if (st == ST_OK && !parts)
        st = err_set(e, ST_NOMEM, "out of memory");
    if (st == ST_OK) {
        key_weights(r, &m, g->month, scale);
        inv.even = 1;
        for (size_t i = 0; i < m.n; i++)
            inv.even = inv.even && !(m.w[i] > 0);
        struct mdl_cb_month mm = {m.n, m.direct, shared, scale, inv.invoice, m.w};
        mdl_chargeback_split(&mm, parts, &inv.shared);
        st = push_invoice(r, &inv, e);
    }
    for (size_t i = 0; st == ST_OK && i < m.n; i++) {
        struct cb_row row = {g->month,        (char *)m.names[i], "",    d, parts[i].direct,
                             parts[i].shared, parts[i].total,     m.w[i]};
        snprintf(row.currency, sizeof row.currency, "%s", g->currency);
        st = push_row(r, &row, e);
    }
    free(parts);
    month_release(&m);
    return st;
}

static int cmp_row_sum(const void *a, const void *b)
{
    const struct cb_row *x = a, *y = b;
    int c = strcmp(x->currency, y->currency);
    return c ? c : strcmp(x->department, y->department);
}

/* The period's sums per currency and department, and per currency. */
static enum status period_sums(struct job_chargeback_result *res, struct err *e)
{
    res->sums = calloc(res->nrows ? res->nrows : 1, sizeof *res->sums);
    res->sum_invoices = calloc(res->ninvoices ? res->ninvoices : 1, sizeof *res->sum_invoices);
    if (!res->sums || !res->sum_invoices)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < res->nrows; i++) {
        const struct cb_row *r = &res->rows[i];
        size_t k = 0;
        while (k < res->nsums && cmp_row_sum(&res->sums[k], r) != 0)
            k++;
        if (k == res->nsums) {
            res->sums[k] = *r;
            res->sums[k].month = -1;
            res->sums[k].direct = res->sums[k].shared = res->sums[k].total = 0;
            res->sums[k].key = 0;
            if (!(res->sums[k].department = strdup(r->department)))
                return err_set(e, ST_NOMEM, "out of memory");
            res->nsums++;
        }
        res->sums[k].direct += r->direct;
        res->sums[k].shared += r->shared;
        res->sums[k].total += r->total;
        res->sums[k].key += r->key;
    }
    qsort(res->sums, res->nsums, sizeof *res->sums, cmp_row_sum);
    for (size_t i = 0; i < res->ninvoices; i++) {
        const struct cb_invoice *v = &res->invoices[i];
        size_t k = 0;
        while (k < res->nsum_invoices && strcmp(res->sum_invoices[k].currency, v->currency) != 0)
            k++;
        if (k == res->nsum_invoices) {
            res->sum_invoices[k] = *v;
            res->sum_invoices[k].month = -1;
            res->sum_invoices[k].invoice = res->sum_invoices[k].shared = 0;
            res->sum_invoices[k].even = 0;
            res->nsum_invoices++;
        }
        res->sum_invoices[k].invoice += v->invoice;
        res->sum_invoices[k].shared += v->shared;
        res->sum_invoices[k].even |= v->even;
    }
    return ST_OK;
}

/* ST_PARSE when a fixed share names no department of the store. */
static enum status check_shares(struct store *s, const struct imp_share_set *sh, struct err *e)
{
    char **names = NULL;
    size_t n = 0;
    enum status st = store_department_names(s, &names, &n, e);
    for (size_t k = 0; st == ST_OK && sh && k < sh->n; k++) {
        int found = 0;
        for (size_t i = 0; i < n && !found; i++)
            found =
                strcmp(names[i], sh->v[k].department) == 0 && strcmp(names[i], UNALLOCATED) != 0;
        if (!found) {
            const char *hint = suggest_closest(sh->v[k].department, (const char *const *)names, n);
            st = err_set(e, ST_PARSE, "shares: unknown department '%s'%s%s%s", sh->v[k].department,
                         hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        }
    }
    if (names)
        store_department_names_free(names, n);
    return st;
}

/* The terms' rounding rule and source. */
static enum status load_rule(struct store *s, enum terms_basis b, struct cb_run *r, struct err *e)
{
    struct terms t;
    enum status st = imp_terms_from_store(s, &t, e);
    if (st != ST_OK)
        return st;
    r->rule = t.rounding;
    r->res->rounding = t.rounding;
    snprintf(r->res->terms_source, sizeof r->res->terms_source, "%s",
             b == TERMS_BASIS_LIST ? "none (list prices)" : t.source);
    terms_release(&t);
    return ST_OK;
}

static enum status read_inputs(struct store *s, struct cb_run *r, struct err *e)
{
    const struct job_chargeback_opts *o = r->o;
    struct cost_query q = {COST_DIM_DEPARTMENT, o->dataset, o->from_day, o->to_day, NULL, 0};
    enum status st = o->split == CB_SPLIT_FIXED ? check_shares(s, o->shares, e) : ST_OK;
    if (st == ST_OK)
        st = load_rule(s, o->basis, r, e);
    if (st == ST_OK)
        st = job_cost_cells(s, &q, o->basis, &r->dept, NULL, e);
    q.dim = COST_DIM_TOTAL;
    if (st == ST_OK)
        st = job_cost_cells(s, &q, o->basis, &r->total, NULL, e);
    if (st == ST_OK && r->total.n == 0) {
        char f[DATE_ISO_LEN], t[DATE_ISO_LEN];
        st = err_set(e, ST_NOTFOUND, "no %s cost from %s to %s; 'yosan summary' shows the months",
                     o->dataset == DATASET_ACTUAL ? "actual" : "amortized",
                     date_format(o->from_day, f), date_format(o->to_day, t));
    }
    if (st == ST_OK && o->split == CB_SPLIT_VCPU_HOURS)
        st = store_vcpu_hours(s, o->dataset, o->from_day, o->to_day, &r->usage, e);
    return st;
}

enum status job_chargeback(struct store *s, const struct job_chargeback_opts *opts,
                           struct job_chargeback_result *res, struct err *e)
{
    memset(res, 0, sizeof *res);
    struct cb_run r = {opts, {0}, {0}, {0}, MONEY_FLOOR, res, 0, 0};
    enum status st = read_inputs(s, &r, e);
    /* the invoice cells come sorted by currency, month ("total" is the one key) */
    for (size_t i = 0; st == ST_OK && i < r.total.n; i++)
        st = charge_month(&r, &r.total.v[i], e);
    if (st == ST_OK)
        st = period_sums(res, e);
    cost_cells_release(&r.dept);
    cost_cells_release(&r.total);
    usage_cells_release(&r.usage);
    return st;
}

void job_chargeback_release(struct job_chargeback_result *res)
{
    for (size_t i = 0; i < res->nrows; i++)
        free(res->rows[i].department);
    for (size_t i = 0; i < res->nsums; i++)
        free(res->sums[i].department);
    free(res->rows);
    free(res->invoices);
    free(res->sums);
    free(res->sum_invoices);
    memset(res, 0, sizeof *res);
}
