/*
 * job_rightsize_sqlpool.c - the right-sizing job's elastic pool step
 * (job_rightsize_internal.h): groups the billed single SQL databases by
 * logical server, loads each one's hourly load (highest cpu_percent for
 * vCore databases, dtu_consumption_percent for DTU ones) and runs
 * mdl_sqlpool per server and model; a server whose pool costs less than its
 * databases gets one row (the server's id, "move to an elastic pool of N
 * vCores").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_rightsize_internal.h"
#include "money.h"
#include "store_metrics.h"

/* Length of the server part of a database id (up to "/databases/"), 0 when none. */
static size_t server_len(const char *id)
{
    const char *p = strstr(id, "/databases/");
    return p ? (size_t)(p - id) : 0;
}

/* Order: server, model, currency, id (databases of one pool candidate adjacent). */
static int cmp_db(const void *x, const void *y)
{
    const struct job_rs_sqldb *a = x, *b = y;
    size_t na = server_len(a->id), nb = server_len(b->id);
    int c = strncmp(a->id, b->id, na < nb ? na : nb);
    if (c == 0 && na != nb)
        c = na < nb ? -1 : 1;
    if (c == 0 && a->dtu != b->dtu)
        c = a->dtu - b->dtu;
    if (c == 0)
        c = strcmp(a->currency, b->currency);
    return c ? c : strcmp(a->id, b->id);
}

static int same_server(const struct job_rs_sqldb *a, const struct job_rs_sqldb *b)
{
    size_t n = server_len(a->id);
    return n && n == server_len(b->id) && strncmp(a->id, b->id, n) == 0 && a->dtu == b->dtu &&
           strcmp(a->currency, b->currency) == 0;
}

/* The hourly load of one database into out (NAN = none); avg/max are the
 * reader's series (METRIC_KIND_COUNT each, `hours` long). */
static enum status load_of(struct store_metrics_reader *rd, const struct job_rs_ctx *c,
                           const struct job_rs_sqldb *d, double *const *avg, double *const *max,
                           double *out, struct err *e)
{
    size_t H = c->out->hours;
    enum status st = store_metrics_reader_load(rd, d->id, c->out->hour_from, H, avg, max, e);
    if (st != ST_OK)
        return st;
    for (size_t h = 0; h < H; h++) {
        double cpu =
            !isnan(max[METRIC_CPU_PCT][h]) ? max[METRIC_CPU_PCT][h] : avg[METRIC_CPU_PCT][h];
        out[h] = d->dtu && !isnan(avg[METRIC_DTU_PCT][h]) ? avg[METRIC_DTU_PCT][h] : cpu;
    }
    return ST_OK;
}

/* The row of a server whose pool saves. */
static enum status pool_row(const struct job_rs_ctx *c, const struct sqlpool_thresholds *t,
                            const struct job_rs_sqldb *first, const struct sqlpool_result *r,
                            struct err *e)
{
    char server[512], size[48], reason[RS_REASON_MAX + 64], label[64];
    size_t n = server_len(first->id);
    snprintf(server, sizeof server, "%.*s", (int)(n < sizeof server ? n : sizeof server - 1),
             first->id);
    snprintf(size, sizeof size, "%.0f %s in %zu databases", r->units_now,
             first->dtu ? "DTUs" : "vCores", r->measured);
    struct job_rs_row *row =
        job_rs_new_row(c->out, c->cap, NULL, server, first->department, size, RS_RES_SQL_DB);
    if (!row)
        return err_set(e, ST_NOMEM, "out of memory");
    snprintf(row->currency, sizeof row->currency, "%s", first->currency);
    row->monthly_cost = r->cost_now;
    struct rs_result *o = &row->r;
    o->p95_cpu = o->max_cpu = o->avg_cpu = o->max3d_cpu = o->p95_net_pct = NAN;
    o->hourly_now = o->hourly_new = o->peak_mem_pct = NAN;
    o->coverage = c->out->hours ? (double)r->covered / (double)c->out->hours : 0;
    o->action = RS_RESIZE;
    o->monthly_savings = r->monthly_savings;
    o->confidence = o->coverage >= c->opt->thr.high_coverage  ? RS_CONF_HIGH
                    : o->coverage >= c->opt->thr.min_coverage ? RS_CONF_MEDIUM
                                                              : RS_CONF_LOW;
    if (r->unmeasured)
        snprintf(reason, sizeof reason, "%s; %zu database(s) without metrics not analysed",
                 r->reason, r->unmeasured);
    else
        snprintf(reason, sizeof reason, "%s", r->reason);
    if (!(o->reason = job_rs_keep_text(&c->out->texts, reason)))
        return err_set(e, ST_NOMEM, "out of memory");
    row->paas_action = PAAS_ELASTIC_POOL;
    snprintf(row->paas_target, sizeof row->paas_target, "%s", r->target);
    /* the databases' own rate x the pool ratio (docs/rightsize.md "Elastic pools") */
    snprintf(label, sizeof label, "bill x pool %.3g", first->dtu ? t->edtu_ratio : t->vcore_ratio);
    size_t len = strlen(label);
    if (len >= sizeof row->price_source)
        len = sizeof row->price_source - 1;
    memcpy(row->price_source, label, len);
    row->price_source[len] = '\0';
    return ST_OK;
}

/* One server's databases v[0..n): load, run the rule, add the row. */
static enum status one_server(const struct job_rs_ctx *c, const struct sqlpool_thresholds *t,
                              struct store_metrics_reader *rd, const struct job_rs_sqldb *v,
                              size_t n, double *series, double *loads, struct err *e)
{
    size_t H = c->out->hours;
    double *avg[METRIC_KIND_COUNT] = {0}, *max[METRIC_KIND_COUNT] = {0};
    avg[METRIC_CPU_PCT] = series;
    max[METRIC_CPU_PCT] = series + H;
    avg[METRIC_DTU_PCT] = series + 2 * H;
    struct sqlpool_db dbs[JOB_RS_POOL_MAX];
    size_t k = 0;
    for (size_t i = 0; i < n && k < JOB_RS_POOL_MAX; i++) {
        if (v[i].own_saving)
            continue; /* left to its own smaller-size or serverless proposal */
        enum status st = load_of(rd, c, &v[i], avg, max, loads + k * H, e);
        if (st != ST_OK)
            return st;
        dbs[k] = (struct sqlpool_db){v[i].units, v[i].monthly_cost, loads + k * H};
        k++;
    }
    struct sqlpool_result r;
    mdl_sqlpool(dbs, k, v[0].dtu ? SQLPOOL_DTU : SQLPOOL_VCORE, H, t, series + 3 * H, &r);
    return r.proposed ? pool_row(c, t, &v[0], &r, e) : ST_OK;
}

enum status job_rs_sqlpool(const struct job_rs_ctx *c, struct job_rs_sqldb *v, size_t n,
                           struct err *e)
{
    size_t H = c->out->hours;
    if (!n || !H)
        return ST_OK;
    struct sqlpool_thresholds def;
    mdl_sqlpool_defaults(&def);
    const struct sqlpool_thresholds *t = c->opt->sqlpool ? c->opt->sqlpool : &def;
    qsort(v, n, sizeof *v, cmp_db);
    double *series = malloc(4 * H * sizeof *series);
    double *loads = malloc(JOB_RS_POOL_MAX * H * sizeof *loads);
    struct store_metrics_reader *rd = NULL;
    enum status st = series && loads ? store_metrics_reader_new(c->s, &rd, e)
                                     : err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; st == ST_OK && i < n;) {
        size_t j = i + 1;
        while (j < n && same_server(&v[i], &v[j]))
            j++;
        if (j - i >= (size_t)(t->min_dbs > 1 ? t->min_dbs : 2))
            st = one_server(c, t, rd, v + i, j - i, series, loads, e);
        i = j;
    }
    store_metrics_reader_free(rd);
    free(series);
    free(loads);
    return st;
}
