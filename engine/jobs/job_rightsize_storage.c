/*
 * job_rightsize_storage.c - the right-sizing job's Log Analytics and storage
 * account step (job_rightsize_internal.h): reads the window's bill of
 * workspaces and storage accounts by meter and day, folds it per resource,
 * runs mdl_storage's rules and adds a row per finding. Every workspace and
 * storage account billed counts as analysed: the rules need the bill only;
 * where the resource has metrics in the window (UsedCapacity, BlobCapacity
 * hot tier, Transactions; BillableDataGB) they feed the rules too.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "job_rightsize_internal.h"
#include "money.h"
#include "store_metrics.h"
#include "store_rs_storage.h"

/* Units of measure per unit of the bill ("10K" = 10,000, "1 GB/Month" = 1). */
static double unit_count(const char *unit)
{
    char digits[32];
    size_t k = 0;
    const char *p = unit;
    while (*p && (isdigit((unsigned char)*p) || *p == ',' || *p == '.') && k + 1 < sizeof digits) {
        if (*p != ',')
            digits[k++] = *p;
        p++;
    }
    digits[k] = '\0';
    double n = k ? strtod(digits, NULL) : 1;
    while (*p == ' ')
        p++;
    if (*p == 'K' || *p == 'k')
        n *= 1e3;
    else if (*p == 'M' && strncasecmp(p, "month", 5) != 0)
        n *= 1e6;
    return n > 0 ? n : 1;
}

/* word occurs in s, any case */
static int has(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++)
        if (strncasecmp(s, word, n) == 0)
            return 1;
    return 0;
}

/* One workspace or account, folded from its meter rows. */
struct st_res {
    const char *id, *currency; /* borrowed from the rows */
    int workspace;             /* 1 workspace, 0 storage account */
    int noncritical;           /* tagged as not needing a geo copy */
    double *gb;                /* workspace: PAYG Analytics GB per window day (owned) */
    double *gb_metric;         /* workspace: measured billable GB per day, NAN none (owned) */
    struct la_ingestion ing;
    struct la_retention ret;
    double all_gb; /* workspace: every ingestion meter */
    struct st_hot hot;
    struct st_geo geo;
    double geo_gbm; /* GB-months of the geo meter chosen */
};

/* The bill's own price per GB-month by access tier and redundancy (first currency). */
struct own_gbm {
    const char *currency;
    double cost[5][7], gbm[5][7];
};

struct st_opts {
    struct storage_thresholds t;
    char key[64];
    const char *value; /* into key, NULL = any */
};

static void fold_workspace(struct st_res *r, const struct store_rs_day_meter *m, int32_t day_from)
{
    double q = m->quantity * unit_count(m->unit);
    double cost = money_to_double(m->cost);
    const char *name = m->meter_name;
    if (has(name, "Commitment Tier")) {
        r->ing.on_commitment = 1;
    } else if (has(name, "Data Ingestion")) {
        r->all_gb += q;
        if (has(name, "Basic") || has(name, "Auxiliary"))
            return; /* commitment tiers cover Analytics logs only */
        int64_t d = (int64_t)m->day - day_from;
        if (d >= 0 && (size_t)d < r->ing.days)
            r->gb[d] += q;
        r->ing.cost += cost;
    } else if (has(name, "Data Retention")) {
        r->ret.retained_gbm += q;
        r->ret.retention_cost += cost;
    }
}

static void fold_storage(struct st_res *r, const struct store_rs_day_meter *m, struct own_gbm *own)
{
    double q = m->quantity * unit_count(m->unit);
    double cost = money_to_double(m->cost);
    const char *name = m->meter_name;
    enum st_access acc = mdl_st_access_of(name);
    if (has(name, "Operations"))
        r->hot.has_ops = 1;
    if (has(name, "Geo-Replication")) {
        r->geo.geo_transfer += cost;
    } else if (has(name, "Data Stored")) {
        enum st_redundancy red = mdl_st_redundancy_of(name);
        if (red == ST_RED_NONE)
            red = mdl_st_redundancy_of(m->subcategory);
        if (acc == ST_HOT) {
            r->hot.gbm += q;
            r->hot.cap_cost += cost;
        }
        if (!own->currency)
            own->currency = m->currency;
        if (strcmp(own->currency, m->currency) == 0) {
            own->cost[acc][red] += cost;
            own->gbm[acc][red] += q;
        }
        if (mdl_st_less_redundant(red) != ST_RED_NONE) {
            r->geo.cap_cost += cost;
            r->geo_gbm += q;
            r->geo.red = red;
        }
    } else if (has(name, "Read Operations") && (acc == ST_HOT || acc == ST_ACC_NONE)) {
        r->hot.reads += q;
        r->hot.read_cost += cost;
    } else if (has(name, "Write Operations") && (acc == ST_HOT || acc == ST_ACC_NONE)) {
        r->hot.write_cost += cost;
    }
}

static enum status collect(const struct job_rs_ctx *c, const struct store_rs_day_meters *m,
                           const struct st_opts *o, struct st_res **out, size_t *n,
                           struct own_gbm *own, struct err *e)
{
    size_t days = (size_t)(c->day_to - c->day_from + 1);
    *out = calloc(m->n ? m->n : 1, sizeof **out);
    *n = 0;
    if (!*out)
        return err_set(e, ST_NOMEM, "out of memory");
    struct st_res *cur = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const struct store_rs_day_meter *x = &m->v[i];
        if (!cur || strcmp(cur->id, x->resource_id) != 0) {
            cur = &(*out)[(*n)++];
            cur->id = x->resource_id;
            cur->currency = x->currency;
            cur->workspace = strstr(x->resource_id, "/microsoft.operationalinsights/") != NULL;
            cur->ing.days = days;
            cur->ing.month_scale = cur->ret.month_scale = c->month_scale;
            cur->hot.month_scale = cur->geo.month_scale = c->month_scale;
            if (cur->workspace && !(cur->gb = calloc(days, sizeof *cur->gb)))
                return err_set(e, ST_NOMEM, "out of memory");
            cur->ing.gb = cur->gb;
        }
        if (!cur->noncritical && mdl_st_tagged(x->tags, o->key, o->value))
            cur->noncritical = 1;
        if (cur->workspace)
            fold_workspace(cur, x, c->day_from);
        else
            fold_storage(cur, x, own);
    }
    return ST_OK;
}

/* price_source: what priced the saving (docs/rightsize.md, "Pricing rule"). */
static enum status add_row(const struct job_rs_ctx *c, const struct st_res *r, const char *size,
                           const char *price_source, const struct st_result *res, struct err *e)
{
    if (res->action == ST_KEEP)
        return ST_OK;
    const struct store_rs_row *b = store_rs_rows_find(c->billed, r->id);
    struct job_rs_row *row = job_rs_new_row(c->out, c->cap, b, r->id, b ? b->department : "", size,
                                            r->workspace ? RS_RES_WORKSPACE : RS_RES_STORAGE);
    if (!row)
        return err_set(e, ST_NOMEM, "out of memory");
    snprintf(row->currency, sizeof row->currency, "%s", r->currency);
    row->monthly_cost = b ? money_to_double(b->cost) * c->month_scale : NAN;
    struct rs_result *o = &row->r;
    o->p95_cpu = o->max_cpu = o->avg_cpu = o->max3d_cpu = NAN;
    o->peak_mem_pct = o->p95_net_pct = o->hourly_now = o->hourly_new = NAN;
    o->coverage = 1;
    o->action = RS_RESIZE;
    o->monthly_savings = res->monthly_savings;
    o->confidence = res->confidence;
    if (!(o->reason = job_rs_keep_text(&c->out->texts, res->reason)))
        return err_set(e, ST_NOMEM, "out of memory");
    row->st_action = res->action;
    snprintf(row->paas_target, sizeof row->paas_target, "%s", res->target);
    if (res->monthly_savings > 0)
        snprintf(row->price_source, sizeof row->price_source, "%s", price_source);
    return ST_OK;
}

/* Hourly metrics of one resource over the window: series[k] for kind k
 * (NAN where no data), one block of METRIC_KIND_COUNT x H doubles. */
struct st_metrics {
    struct store_metrics_reader *rd;
    size_t hours;
    double *block;
    double *avg[METRIC_KIND_COUNT];
};

static enum status metrics_open(const struct job_rs_ctx *c, struct st_metrics *m, struct err *e)
{
    memset(m, 0, sizeof *m);
    m->hours = c->out->hours;
    if (!m->hours)
        return ST_OK;
    static const enum metric_kind kinds[] = {METRIC_ST_USED_BYTES, METRIC_ST_TRANSACTIONS,
                                             METRIC_ST_HOT_BYTES, METRIC_LA_BILLABLE_GB};
    size_t nk = sizeof kinds / sizeof kinds[0];
    if (!(m->block = malloc(nk * m->hours * sizeof *m->block)))
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t k = 0; k < nk; k++)
        m->avg[kinds[k]] = m->block + k * m->hours;
    return store_metrics_reader_new(c->s, &m->rd, e);
}

static void metrics_close(struct st_metrics *m)
{
    store_metrics_reader_free(m->rd);
    free(m->block);
}

/* Workspace: measured GB per window day (sum of the day's hours) and the
 * share of days measured. */
static void workspace_metrics(const struct job_rs_ctx *c, const struct st_metrics *m,
                              struct st_res *r)
{
    size_t days = r->ing.days, with = 0;
    for (size_t d = 0; d < days; d++)
        r->gb_metric[d] = NAN;
    const double *v = m->avg[METRIC_LA_BILLABLE_GB];
    for (size_t i = 0; i < m->hours; i++) {
        int64_t d = (c->out->hour_from + (int64_t)i) / 24 - c->day_from;
        if (!isfinite(v[i]) || d < 0 || (size_t)d >= days)
            continue;
        with += isnan(r->gb_metric[d]);
        r->gb_metric[d] = (isnan(r->gb_metric[d]) ? 0 : r->gb_metric[d]) + v[i];
    }
    double sum = 0;
    for (size_t d = 0; d < days; d++)
        sum += isfinite(r->gb_metric[d]) ? r->gb_metric[d] : 0;
    r->ing.gb_metric = with ? r->gb_metric : NULL;
    r->ing.metric_coverage = days ? (double)with / (double)days : 0;
    r->ret.metric_coverage = r->ing.metric_coverage;
    r->ret.metric_gb_per_day = with ? sum / (double)with : NAN;
}

/* Storage account: hours with a capacity value, their mean hot GB (the hot
 * tier's BlobCapacity where known, else UsedCapacity) and every request
 * (Transactions, reported only in hours with requests) scaled to the window. */
static void storage_metrics(const struct st_metrics *m, struct st_res *r)
{
    const double *hot = m->avg[METRIC_ST_HOT_BYTES], *used = m->avg[METRIC_ST_USED_BYTES];
    const double *tx = m->avg[METRIC_ST_TRANSACTIONS];
    size_t covered = 0, nhot = 0;
    double gb_hot = 0, gb_used = 0, requests = 0;
    for (size_t i = 0; i < m->hours; i++) {
        if (isfinite(hot[i])) {
            gb_hot += hot[i] / 1e9;
            nhot++;
        }
        if (isfinite(used[i]))
            gb_used += used[i] / 1e9;
        covered += isfinite(hot[i]) || isfinite(used[i]);
        requests += isfinite(tx[i]) ? tx[i] : 0;
    }
    r->hot.metric_coverage = m->hours ? (double)covered / (double)m->hours : 0;
    r->hot.metric_requests = covered ? requests * (double)m->hours / (double)covered : NAN;
    r->hot.metric_gb = nhot ? gb_hot / (double)nhot : covered ? gb_used / (double)covered : NAN;
}

static enum status load_metrics(const struct job_rs_ctx *c, struct st_metrics *m, struct st_res *r,
                                struct err *e)
{
    r->hot.metric_requests = r->hot.metric_gb = r->ret.metric_gb_per_day = NAN;
    if (!m->rd)
        return ST_OK;
    enum status st =
        store_metrics_reader_load(m->rd, r->id, c->out->hour_from, m->hours, m->avg, NULL, e);
    if (st != ST_OK)
        return st;
    if (r->workspace) {
        if (!(r->gb_metric = malloc((r->ing.days ? r->ing.days : 1) * sizeof *r->gb_metric)))
            return err_set(e, ST_NOMEM, "out of memory");
        workspace_metrics(c, m, r);
    } else {
        storage_metrics(m, r);
    }
    return ST_OK;
}

static enum status workspace_rows(const struct job_rs_ctx *c, struct st_res *r,
                                  const struct st_opts *o, struct err *e)
{
    struct st_result res;
    mdl_la_commitment(&r->ing, &o->t, &res);
    enum status st = add_row(c, r, "pay-as-you-go", "bill x tier ratio", &res, e);
    if (st != ST_OK)
        return st;
    r->ret.gb_per_day = r->ing.days ? r->all_gb / (double)r->ing.days : 0;
    mdl_la_retention(&r->ret, &o->t, &res);
    return add_row(c, r, "Data Retention", "bill", &res, e); /* the meter: words of the bill */
}

static enum status storage_rows(const struct job_rs_ctx *c, struct st_res *r,
                                const struct own_gbm *own, const struct st_opts *o, struct err *e)
{
    struct st_result res;
    enum status st = ST_OK;
    double geo_share = 1; /* what the tier saving keeps after a redundancy change */
    if (r->noncritical && r->geo.cap_cost > 0) {
        enum st_redundancy to = mdl_st_less_redundant(r->geo.red);
        r->geo.own_ratio = NAN;
        if (own->currency && strcmp(own->currency, r->currency) == 0) {
            double gb_to = own->gbm[ST_HOT][to], gb_from = own->gbm[ST_HOT][r->geo.red];
            if (gb_to > 0 && gb_from > 0)
                r->geo.own_ratio =
                    (own->cost[ST_HOT][to] / gb_to) / (own->cost[ST_HOT][r->geo.red] / gb_from);
        }
        mdl_st_redundancy(&r->geo, &res);
        st = add_row(c, r, mdl_st_redundancy_name(r->geo.red),
                     isnan(r->geo.own_ratio) ? "bill x list ratio" : "bill", &res, e);
        if (res.action == ST_LESS_REDUNDANCY && r->geo.cap_cost > 0)
            geo_share = 1 - res.monthly_savings / (r->geo.cap_cost * c->month_scale);
    }
    if (st != ST_OK)
        return st;
    mdl_st_tier(&r->hot, &o->t, &res);
    res.monthly_savings *= geo_share > 0 ? geo_share : 0;
    return add_row(c, r, "Hot", "bill x list ratios", &res, e);
}

static void options_of(const struct job_rs_options *opt, struct st_opts *o)
{
    if (opt->storage)
        o->t = *opt->storage;
    else
        mdl_storage_defaults(&o->t);
    const char *tag = opt->noncritical_tag ? opt->noncritical_tag : "criticality=low";
    snprintf(o->key, sizeof o->key, "%s", tag);
    char *eq = strchr(o->key, '=');
    o->value = NULL;
    if (eq) {
        *eq = '\0';
        o->value = eq + 1;
    }
}

enum status job_rs_storage(const struct job_rs_ctx *c, const char ***ids, size_t *nids,
                           struct err *e)
{
    *ids = NULL;
    *nids = 0;
    struct st_opts o;
    options_of(c->opt, &o);
    struct store_rs_day_meters m;
    enum status st = store_rightsize_storage_meters(c->s, c->day_from, c->day_to,
                                                    c->billed->dataset, c->opt->department, &m, e);
    if (st != ST_OK)
        return st;
    struct st_res *v = NULL;
    size_t n = 0;
    struct own_gbm own;
    memset(&own, 0, sizeof own);
    st = collect(c, &m, &o, &v, &n, &own, e);
    struct st_metrics mx;
    if (st == ST_OK)
        st = metrics_open(c, &mx, e);
    else
        memset(&mx, 0, sizeof mx);
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        if (v[i].workspace)
            c->out->workspaces++;
        else
            c->out->storage_accounts++;
        if ((st = load_metrics(c, &mx, &v[i], e)) != ST_OK)
            break;
        st = v[i].workspace ? workspace_rows(c, &v[i], &o, e) : storage_rows(c, &v[i], &own, &o, e);
    }
    metrics_close(&mx);
    /* every one of them was analysed: ids for the coverage (copies, the rows go) */
    const char **list = st == ST_OK ? calloc(n ? n : 1, sizeof *list) : NULL;
    if (st == ST_OK && !list)
        st = err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; st == ST_OK && i < n; i++)
        if (!(list[(*nids)++] = strdup(v[i].id)))
            st = err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].gb);
        free(v[i].gb_metric);
    }
    free(v);
    store_rs_day_meters_release(&m);
    if (st != ST_OK) {
        job_rs_free_ids(list, *nids);
        *nids = 0;
        return st;
    }
    *ids = list;
    return ST_OK;
}

void job_rs_free_ids(const char **ids, size_t n)
{
    for (size_t i = 0; ids && i < n; i++)
        free((char *)ids[i]);
    free(ids);
}
