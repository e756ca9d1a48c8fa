/*
 * job_rightsize_paas.c - the right-sizing job's PaaS step and its coverage
 * (job_rightsize_internal.h): reads the window's bill by resource and meter,
 * runs mdl_paas on every billed App Service plan and SQL database with their
 * hourly metrics, adds their rows, then adds up per service how much of the
 * window's spend some rule analysed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "job_rightsize_internal.h"
#include "log.h"
#include "money.h"
#include "store_metrics.h"

static double paas_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One billed plan or database: its meters folded. */
struct paas_res {
    const char *id;              /* borrowed from the meter rows */
    enum paas_kind kind;         /* PAAS_APP_PLAN or PAAS_SQL_DB */
    const char *currency;        /* borrowed */
    struct money cost;           /* every meter */
    struct money unit_cost;      /* the compute meter: plan tier, vCore or DTU objective */
    double unit_hours;           /* its hours (instance-hours, vCore-hours) */
    const struct asp_tier *tier; /* plan */
    int vcore;                   /* database: 1 vCore model */
    int dtus;                    /* database: DTU objective, 0 none */
};

/* The bill's own price per instance-hour of each plan tier (first currency seen). */
struct own_prices {
    const char *currency;
    double cost[32], hours[32];
};

struct own_ctx {
    const struct own_prices *o;
    const char *currency;
};

static double own_hourly(const struct asp_tier *t, const void *ctx)
{
    const struct own_ctx *c = ctx;
    size_t n;
    const struct asp_tier *all = mdl_asp_tiers(&n);
    size_t i = (size_t)(t - all);
    if (!c->o->currency || strcmp(c->o->currency, c->currency) != 0 || i >= n ||
        !(c->o->hours[i] > 0))
        return NAN;
    return c->o->cost[i] / c->o->hours[i];
}

/* Fold one meter row into its resource. */
static void fold_meter(struct paas_res *r, const struct store_rs_meter_cost *m,
                       struct own_prices *own)
{
    r->cost = money_add(r->cost, m->cost);
    if (r->kind == PAAS_APP_PLAN) {
        const struct asp_tier *t = mdl_asp_tier_parse(m->meter_name);
        if (!t || !(m->hours > 0))
            return;
        size_t n;
        size_t i = (size_t)(t - mdl_asp_tiers(&n));
        if (!own->currency)
            own->currency = m->currency;
        if (strcmp(own->currency, m->currency) == 0 && i < 32) {
            own->cost[i] += money_to_double(m->cost);
            own->hours[i] += m->hours;
        }
        if (money_cmp(m->cost, r->unit_cost) > 0) {
            r->tier = t;
            r->unit_cost = m->cost;
            r->unit_hours = m->hours;
        }
        return;
    }
    int vc = strstr(m->meter_name, "vCore") || strstr(m->meter_name, "vcore");
    int dtus = vc ? 0 : mdl_sql_dtus_of(m->meter_name);
    if ((vc || dtus) && m->hours > 0 && money_cmp(m->cost, r->unit_cost) > 0) {
        r->vcore = vc;
        r->dtus = dtus;
        r->unit_cost = m->cost;
        r->unit_hours = m->hours;
    }
}

/* The plans and databases of the bill (meter rows sorted by resource). */
static enum status collect(const struct store_rs_meter_costs *m, struct paas_res **out, size_t *n,
                           struct own_prices *own, struct err *e)
{
    *out = calloc(m->n ? m->n : 1, sizeof **out);
    *n = 0;
    if (!*out)
        return err_set(e, ST_NOMEM, "out of memory");
    struct paas_res *cur = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const struct store_rs_meter_cost *x = &m->v[i];
        enum paas_kind k = mdl_paas_kind_of(x->resource_id);
        if (k == PAAS_NONE)
            continue;
        if (!cur || strcmp(cur->id, x->resource_id) != 0) {
            cur = &(*out)[(*n)++];
            cur->id = x->resource_id;
            cur->kind = k;
            cur->currency = x->currency;
            cur->cost = cur->unit_cost = MONEY_ZERO;
        }
        fold_meter(cur, x, own);
    }
    return ST_OK;
}

static const char *department_of(const struct store_rs_rows *b, const char *id)
{
    const struct store_rs_row *r = store_rs_rows_find(b, id);
    return r ? r->department : "";
}

/* Hourly series of one resource (one block, reused). */
struct paas_series {
    double *cpu_avg, *cpu_max, *mem, *net_in, *dtu, *conn, *scratch;
    double *avg[METRIC_KIND_COUNT], *max[METRIC_KIND_COUNT];
};

static double *series_init(struct paas_series *p, size_t H)
{
    double *block = malloc((H ? H : 1) * 7 * sizeof(double));
    if (!block)
        return NULL;
    memset(p, 0, sizeof *p);
    double **v[] = {&p->cpu_avg, &p->cpu_max, &p->mem, &p->net_in, &p->dtu, &p->conn, &p->scratch};
    for (size_t i = 0; i < 7; i++)
        *v[i] = block + i * H;
    p->avg[METRIC_CPU_PCT] = p->cpu_avg;
    p->max[METRIC_CPU_PCT] = p->cpu_max;
    p->avg[METRIC_MEM_PCT] = p->mem;
    p->avg[METRIC_NET_IN_BYTES] = p->net_in;
    p->avg[METRIC_DTU_PCT] = p->dtu;
    p->avg[METRIC_CONNECTIONS] = p->conn;
    return block;
}

/* Run the rule for one resource (metrics already loaded into p). */
static void run_rule(const struct job_rs_ctx *c, const struct paas_res *r,
                     const struct paas_series *p, const struct paas_thresholds *t,
                     const struct own_prices *own, struct paas_result *res)
{
    size_t H = c->out->hours;
    double unit_cost = money_to_double(r->unit_cost) * c->month_scale;
    if (r->kind == PAAS_APP_PLAN) {
        struct own_ctx oc = {own, r->currency};
        struct paas_plan pl = {
            .tier = r->tier,
            .instances = r->unit_hours / (double)H,
            .monthly_cost = r->tier ? unit_cost : money_to_double(r->cost) * c->month_scale,
            .hours = H,
            .cpu_avg = p->cpu_avg,
            .cpu_max = p->cpu_max,
            .mem_pct = p->mem,
            .bytes_in = p->net_in,
            .own_hourly = own_hourly,
            .ctx = &oc,
        };
        mdl_paas_plan(&pl, t, res);
        return;
    }
    struct paas_sql d = {
        .vcores = r->vcore ? r->unit_hours / (double)H : 0,
        .dtus = r->dtus,
        .monthly_cost = unit_cost,
        .hours = H,
        .cpu_avg = p->cpu_avg,
        .cpu_max = p->cpu_max,
        .dtu_pct = p->dtu,
        .connections = p->conn,
    };
    mdl_paas_sql(&d, t, p->scratch, res);
}

static void current_size(const struct paas_res *r, double units, char *buf, size_t n)
{
    if (r->kind == PAAS_APP_PLAN)
        snprintf(buf, n, "%s x %.1f", r->tier ? r->tier->name : "plan", units);
    else if (r->vcore)
        snprintf(buf, n, "%.0f vCores", units);
    else if (r->dtus)
        snprintf(buf, n, "%d DTUs", r->dtus);
    else
        buf[0] = '\0';
}

/* The row of one analysed resource. */
static enum status add_row(const struct job_rs_ctx *c, const struct paas_res *r,
                           const struct paas_result *res, struct err *e)
{
    char size[48];
    current_size(r, res->units_now, size, sizeof size);
    const struct store_rs_row *b = store_rs_rows_find(c->billed, r->id);
    struct job_rs_row *row =
        job_rs_new_row(c->out, c->cap, b, r->id, b ? b->department : "", size,
                       r->kind == PAAS_APP_PLAN ? RS_RES_APP_PLAN : RS_RES_SQL_DB);
    if (!row)
        return err_set(e, ST_NOMEM, "out of memory");
    snprintf(row->currency, sizeof row->currency, "%s", r->currency);
    row->monthly_cost = money_to_double(r->cost) * c->month_scale;
    struct rs_result *o = &row->r;
    o->p95_cpu = r->kind == PAAS_SQL_DB ? res->peak_cpu : NAN;
    o->max_cpu = r->kind == PAAS_APP_PLAN ? res->peak_cpu : NAN;
    o->avg_cpu = o->max3d_cpu = o->p95_net_pct = o->hourly_now = o->hourly_new = NAN;
    o->peak_mem_pct = res->peak_mem;
    o->coverage = res->coverage;
    o->action = res->action == PAAS_KEEP     ? RS_KEEP
                : res->action == PAAS_DELETE ? RS_DELETE
                                             : RS_RESIZE;
    o->monthly_savings = res->monthly_savings;
    o->confidence = res->confidence;
    if (!(o->reason = job_rs_keep_text(&c->out->texts, res->reason)))
        return err_set(e, ST_NOMEM, "out of memory");
    row->paas_action = res->action;
    snprintf(row->paas_target, sizeof row->paas_target, "%s", res->target);
    if (res->monthly_savings > 0) /* the pricing rule's label (docs/rightsize.md) */
        snprintf(row->price_source, sizeof row->price_source, "%s",
                 res->action == PAAS_SERVERLESS ? "bill x serverless"
                 : res->price_from_list         ? "list steps"
                                                : "bill");
    return ST_OK;
}

/* A database the elastic pool step can look at (vCore or Standard DTU) into
 * *d; 0 when it cannot. */
static int pool_candidate(const struct job_rs_ctx *c, const struct paas_res *r,
                          const struct paas_result *res, struct job_rs_sqldb *d)
{
    if (r->kind != PAAS_SQL_DB || !(r->unit_hours > 0) ||
        !(r->vcore || mdl_sqlpool_standard_dtus(r->dtus)))
        return 0;
    *d = (struct job_rs_sqldb){
        .id = r->id,
        .department = department_of(c->billed, r->id),
        .currency = r->currency,
        .units = r->vcore ? r->unit_hours / (double)c->out->hours : r->dtus,
        .dtu = !r->vcore,
        .monthly_cost = money_to_double(r->unit_cost) * c->month_scale,
        .own_saving = res->analysed && res->monthly_savings > 0,
    };
    return 1;
}

static enum status paas_rows(const struct job_rs_ctx *c, const struct paas_res *v, size_t n,
                             const struct own_prices *own, struct err *e)
{
    struct paas_thresholds t;
    if (c->opt->paas) {
        t = *c->opt->paas;
    } else {
        mdl_paas_defaults(&t);
        t.min_coverage = c->opt->thr.min_coverage;
        t.high_coverage = c->opt->thr.high_coverage;
    }
    size_t H = c->out->hours;
    struct paas_series p;
    double *block = series_init(&p, H);
    struct job_rs_sqldb *dbs = malloc((n ? n : 1) * sizeof *dbs);
    size_t ndbs = 0;
    if (!dbs) {
        free(block);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    struct store_metrics_reader *reader = NULL;
    enum status st =
        block ? store_metrics_reader_new(c->s, &reader, e) : err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        const struct paas_res *r = &v[i];
        if (c->opt->department && *c->opt->department &&
            strcmp(department_of(c->billed, r->id), c->opt->department) != 0)
            continue;
        st = store_metrics_reader_load(reader, r->id, c->out->hour_from, H, p.avg, p.max, e);
        if (st != ST_OK)
            break;
        struct paas_result res;
        double t1 = paas_now();
        run_rule(c, r, &p, &t, own, &res);
        *c->t_model += paas_now() - t1;
        ndbs += pool_candidate(c, r, &res, &dbs[ndbs]);
        size_t *billed = r->kind == PAAS_APP_PLAN ? &c->out->plans : &c->out->sql_dbs;
        size_t *measured =
            r->kind == PAAS_APP_PLAN ? &c->out->plans_with_metrics : &c->out->sql_with_metrics;
        (*billed)++;
        if (!res.analysed)
            continue; /* no metrics: listed as not analysed in the coverage */
        (*measured)++;
        st = add_row(c, r, &res, e);
    }
    store_metrics_reader_free(reader);
    free(block);
    if (st == ST_OK)
        st = job_rs_sqlpool(c, dbs, ndbs, e);
    free(dbs);
    return st;
}

/* ------------------------------------------------------------ coverage */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_cov(const void *a, const void *b)
{
    const struct job_rs_coverage *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost > y->cost ? -1 : 1;
    return strcmp(x->service, y->service);
}

/* Ids some rule analysed, sorted (borrowed strings, with the nextra extra
 * ids of the bill-only rules); *n set. */
static const char **analysed_ids(const struct job_rs_ctx *c, const char **extra, size_t nextra,
                                 size_t *n)
{
    const struct job_rs_result *out = c->out;
    const char **v = malloc((out->n + c->billed->n + nextra + 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < nextra; i++)
        v[k++] = extra[i];
    for (size_t i = 0; i < out->n; i++) {
        const struct job_rs_row *r = &out->rows[i];
        if (r->kind != RS_RES_VM || r->r.coverage > 0)
            v[k++] = r->resource_id;
    }
    for (size_t i = 0; i < c->billed->n; i++) { /* the orphan rule looks at each */
        enum rs_res_kind kind = mdl_rs_kind_of(c->billed->v[i].resource_id);
        if (kind == RS_RES_DISK || kind == RS_RES_PUBLIC_IP)
            v[k++] = c->billed->v[i].resource_id;
    }
    qsort(v, k, sizeof *v, cmp_str);
    *n = k;
    return v;
}

static struct job_rs_coverage *cov_slot(struct job_rs_result *out, size_t *cap,
                                        const struct store_rs_meter_cost *m)
{
    const char *svc = *m->service ? m->service : "(no service)";
    for (size_t i = 0; i < out->ncoverage; i++)
        if (strcmp(out->coverage[i].service, svc) == 0 &&
            strcmp(out->coverage[i].currency, m->currency) == 0)
            return &out->coverage[i];
    if (out->ncoverage == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        struct job_rs_coverage *p = realloc(out->coverage, ncap * sizeof *p);
        if (!p)
            return NULL;
        out->coverage = p;
        *cap = ncap;
    }
    struct job_rs_coverage *x = &out->coverage[out->ncoverage];
    memset(x, 0, sizeof *x);
    if (!(x->service = strdup(svc)))
        return NULL;
    out->ncoverage++;
    snprintf(x->currency, sizeof x->currency, "%s", m->currency);
    return x;
}

/* Add up the meter rows per service; a resource counts once per service. */
static enum status coverage(const struct job_rs_ctx *c, const struct store_rs_meter_costs *m,
                            const char **extra, size_t nextra, struct err *e)
{
    struct job_rs_result *out = c->out;
    size_t na, cap = 0;
    const char **ids = analysed_ids(c, extra, nextra, &na);
    if (!ids)
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st = ST_OK;
    for (size_t i = 0; i < m->n; i++) {
        const struct store_rs_meter_cost *x = &m->v[i];
        struct job_rs_coverage *cv = cov_slot(out, &cap, x);
        if (!cv) {
            st = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        const char *id = x->resource_id;
        int yes = *id && bsearch(&id, ids, na, sizeof *ids, cmp_str) != NULL;
        double cost = money_to_double(x->cost);
        cv->cost += cost;
        cv->analysed += yes ? cost : 0;
        /* rows come by resource, service, meter: the first row of a pair counts it */
        int first = i == 0 || strcmp(m->v[i - 1].resource_id, id) != 0 ||
                    strcmp(m->v[i - 1].service, x->service) != 0;
        cv->resources += first;
        cv->analysed_res += first && yes;
        if (!out->cov_currency[0])
            snprintf(out->cov_currency, sizeof out->cov_currency, "%s", x->currency);
        else if (strcmp(out->cov_currency, x->currency) != 0)
            snprintf(out->cov_currency, sizeof out->cov_currency, "MIX");
        out->cov_cost += cost;
        out->cov_analysed += yes ? cost : 0;
    }
    free(ids);
    if (st == ST_OK && out->ncoverage)
        qsort(out->coverage, out->ncoverage, sizeof *out->coverage, cmp_cov);
    return st;
}

enum status job_rs_paas(const struct job_rs_ctx *c, struct err *e)
{
    struct store_rs_meter_costs m;
    enum status st = store_rightsize_meter_costs(c->s, c->day_from, c->day_to, c->billed->dataset,
                                                 c->opt->department, c->billed, &m, e);
    if (st != ST_OK)
        return st;
    struct paas_res *v = NULL;
    size_t n = 0;
    struct own_prices own;
    memset(&own, 0, sizeof own);
    st = collect(&m, &v, &n, &own, e);
    if (st == ST_OK)
        st = paas_rows(c, v, n, &own, e);
    const char **extra = NULL;
    size_t nextra = 0;
    double t_st = paas_now();
    if (st == ST_OK)
        st = job_rs_storage(c, &extra, &nextra, e);
    log_debug("rightsize: %zu workspaces and %zu storage accounts analysed in %.3f s",
              c->out->workspaces, c->out->storage_accounts, paas_now() - t_st);
    if (st == ST_OK)
        st = coverage(c, &m, extra, nextra, e);
    job_rs_free_ids(extra, nextra);
    free(v);
    store_rs_meter_costs_release(&m);
    return st;
}
