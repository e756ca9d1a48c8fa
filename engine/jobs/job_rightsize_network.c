/*
 * job_rightsize_network.c - the right-sizing job's bill-only step for
 * dev/test Premium App Service plans, idle network gateways and load
 * balancers, and old managed disk snapshots (job_rightsize_internal.h):
 * reads the window's bill of those resources by meter (store_rs_network.h),
 * folds it per resource, runs mdl_network's rules and adds a row per
 * resource a rule analysed (keep rows too, so they count in the coverage).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_rightsize_internal.h"
#include "mdl_network.h"
#include "money.h"
#include "store_rs_network.h"
#include "tags.h"

/* One plan, gateway or snapshot folded from its meter rows (strings borrowed). */
struct net_res {
    const char *id, *currency;
    enum rs_res_kind kind; /* RS_RES_APP_PLAN, RS_RES_NETWORK_USER or RS_RES_SNAPSHOT */
    int devtest;
    const struct asp_tier *tier; /* plan: the costliest tier meter */
    double tier_cost, tier_hours;
    struct net_gateway gw;
    const char *gw_meter; /* its costliest hourly meter ("VpnGw1"), the row's size */
    double gw_meter_cost;
    double snap_cost;
};

/* The bill's own cost and hours per plan tier (first currency seen). */
struct net_own {
    const char *currency;
    double cost[32], hours[32];
};

/* Hours in a quantity of unit ("1 Hour" 1, "10 Hours" 10); 0 when not hours. */
static double hours_of(double qty, const char *unit)
{
    if (!mdl_net_is_hourly(unit))
        return 0;
    double n = isdigit((unsigned char)*unit) ? strtod(unit, NULL) : 1;
    return qty * (n > 0 ? n : 1);
}

static void fold_plan(struct net_res *r, const struct store_rs_net_meter *m, struct net_own *own)
{
    const struct asp_tier *t = mdl_asp_tier_parse(m->meter_name);
    double h = hours_of(m->quantity, m->unit);
    if (!t || !(h > 0))
        return;
    size_t n;
    size_t i = (size_t)(t - mdl_asp_tiers(&n));
    double cost = money_to_double(m->cost);
    if (!own->currency)
        own->currency = m->currency;
    if (strcmp(own->currency, m->currency) == 0 && i < 32) {
        own->cost[i] += cost;
        own->hours[i] += h;
    }
    if (cost > r->tier_cost) {
        r->tier = t;
        r->tier_cost = cost;
        r->tier_hours = h;
    }
}

static void fold(struct net_res *r, const struct store_rs_net_meter *m, struct net_own *own)
{
    if (r->kind == RS_RES_APP_PLAN) {
        fold_plan(r, m, own);
    } else if (r->kind == RS_RES_SNAPSHOT) {
        if (mdl_net_is_snapshot_meter(m->service, m->meter_name))
            r->snap_cost += money_to_double(m->cost);
    } else if (mdl_net_is_data_meter(m->meter_name)) {
        r->gw.has_data_meter = 1;
        r->gw.data_gb += m->quantity; /* data meters are billed per GB ("1 GB") */
    } else if (mdl_net_is_hourly(m->unit)) {
        double cost = money_to_double(m->cost);
        r->gw.fixed_cost += cost;
        r->gw.fixed_hours += hours_of(m->quantity, m->unit);
        if (!r->gw_meter || cost > r->gw_meter_cost) {
            r->gw_meter = m->meter_name;
            r->gw_meter_cost = cost;
        }
    }
}

static enum rs_res_kind kind_of(const struct store_rs_net_meter *m)
{
    if (mdl_paas_kind_of(m->resource_id) == PAAS_APP_PLAN)
        return RS_RES_APP_PLAN;
    if (mdl_net_kind_of(m->resource_id) != NET_NONE)
        return RS_RES_NETWORK_USER;
    return RS_RES_SNAPSHOT;
}

static enum status collect(const struct job_rs_ctx *c, const struct store_rs_net_meters *m,
                           struct net_res **out, size_t *n, struct net_own *own, struct err *e)
{
    *n = 0;
    if (!(*out = calloc(m->n ? m->n : 1, sizeof **out)))
        return err_set(e, ST_NOMEM, "out of memory");
    struct net_res *cur = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const struct store_rs_net_meter *x = &m->v[i];
        if (!*x->resource_id)
            continue;
        if (!cur || strcmp(cur->id, x->resource_id) != 0) {
            cur = &(*out)[(*n)++];
            cur->id = x->resource_id;
            cur->currency = x->currency;
            cur->kind = kind_of(x);
            cur->gw.kind = mdl_net_kind_of(x->resource_id);
            cur->gw.month_scale = c->month_scale;
        }
        if (cur->kind == RS_RES_APP_PLAN && !cur->devtest)
            cur->devtest = tags_devtest(x->tags);
        fold(cur, x, own);
    }
    return ST_OK;
}

static enum status add_row(const struct job_rs_ctx *c, const struct net_res *r, const char *size,
                           const char *price_source, const struct net_result *res, struct err *e)
{
    const struct store_rs_row *b = store_rs_rows_find(c->billed, r->id);
    struct job_rs_row *row =
        job_rs_new_row(c->out, c->cap, b, r->id, b ? b->department : "", size, r->kind);
    if (!row)
        return err_set(e, ST_NOMEM, "out of memory");
    snprintf(row->currency, sizeof row->currency, "%s", r->currency);
    row->monthly_cost = b ? money_to_double(b->cost) * c->month_scale : NAN;
    struct rs_result *o = &row->r;
    o->p95_cpu = o->max_cpu = o->avg_cpu = o->max3d_cpu = NAN;
    o->peak_mem_pct = o->p95_net_pct = o->hourly_now = o->hourly_new = NAN;
    o->coverage = 1;
    o->action = res->action == NET_KEEP           ? RS_KEEP
                : res->action == NET_DEVTEST_TIER ? RS_RESIZE
                                                  : RS_DELETE;
    o->monthly_savings = res->monthly_savings;
    o->confidence = res->confidence;
    if (!(o->reason = job_rs_keep_text(&c->out->texts, res->reason)))
        return err_set(e, ST_NOMEM, "out of memory");
    snprintf(row->paas_target, sizeof row->paas_target, "%s", res->target);
    if (res->monthly_savings > 0)
        snprintf(row->price_source, sizeof row->price_source, "%s", price_source);
    return ST_OK;
}

static double own_rate(const struct net_own *own, const struct asp_tier *t, const char *currency)
{
    size_t n;
    size_t i = t ? (size_t)(t - mdl_asp_tiers(&n)) : 32;
    if (i >= 32 || !own->currency || strcmp(own->currency, currency) != 0 || !(own->hours[i] > 0))
        return NAN;
    return own->cost[i] / own->hours[i];
}

/* Dev/test Premium plans: a row only when tagged dev/test (the other plans
 * are mdl_paas's, with their metrics). */
static enum status plan_row(const struct job_rs_ctx *c, const struct net_res *r,
                            const struct net_own *own, struct err *e)
{
    if (!r->devtest)
        return ST_OK;
    struct asp_devtest in = {
        .tier = r->tier,
        .devtest = 1,
        .instances = r->tier_hours / (double)c->out->hours,
        .monthly_cost = r->tier_cost * c->month_scale,
        .own_now = own_rate(own, r->tier, r->currency),
        .own_target = own_rate(own, mdl_asp_devtest_target(r->tier), r->currency),
    };
    struct net_result res;
    mdl_asp_devtest(&in, &res);
    if (!res.analysed)
        return ST_OK;
    char size[48];
    snprintf(size, sizeof size, "%s x %.1f", r->tier->name, in.instances);
    return add_row(c, r, size, res.price_from_list ? "list steps" : "bill", &res, e);
}

static int32_t first_day_of(const struct store_rs_first_days *f, const char *id)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(f->v[mid].resource_id, id);
        if (cmp == 0)
            return f->v[mid].first_day;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static enum status one(const struct job_rs_ctx *c, const struct net_res *r,
                       const struct net_own *own, const struct store_rs_first_days *first,
                       const struct net_thresholds *t, struct err *e)
{
    struct net_result res;
    if (r->kind == RS_RES_APP_PLAN)
        return plan_row(c, r, own, e);
    if (r->kind == RS_RES_NETWORK_USER) {
        mdl_net_idle(&r->gw, t, &res);
        return res.analysed ? add_row(c, r, r->gw_meter ? r->gw_meter : "", "bill", &res, e)
                            : ST_OK;
    }
    int32_t d0 = first_day_of(first, r->id);
    struct snapshot s = {d0 ? (int)(c->day_to - d0 + 1) : 0, r->snap_cost * c->month_scale};
    mdl_snapshot(&s, t, &res);
    return res.analysed ? add_row(c, r, "snapshot", "bill", &res, e) : ST_OK;
}

/* 1 when one of the n resources is a snapshot. */
static int bills_snapshot(const struct net_res *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == RS_RES_SNAPSHOT)
            return 1;
    return 0;
}

enum status job_rs_network(const struct job_rs_ctx *c, struct err *e)
{
    struct net_thresholds t;
    if (c->opt->net)
        t = *c->opt->net;
    else
        mdl_network_defaults(&t);
    struct store_rs_net_meters m;
    struct store_rs_first_days first;
    memset(&first, 0, sizeof first);
    enum status st = store_rightsize_net_meters(c->s, c->day_from, c->day_to, c->billed->dataset,
                                                c->opt->department, &m, e);
    if (st != ST_OK)
        return st;
    struct net_res *v = NULL;
    size_t n = 0;
    struct net_own own;
    memset(&own, 0, sizeof own);
    st = collect(c, &m, &v, &n, &own, e);
    /* the snapshots' first days read the whole history (costs has no index
     * but its id): only when the window bills a snapshot */
    if (st == ST_OK && bills_snapshot(v, n))
        st = store_rightsize_snapshot_first_days(c->s, c->day_to, c->billed->dataset, &first, e);
    for (size_t i = 0; st == ST_OK && i < n; i++)
        st = one(c, &v[i], &own, &first, &t, e);
    free(v);
    store_rs_first_days_release(&first);
    store_rs_net_meters_release(&m);
    return st;
}
