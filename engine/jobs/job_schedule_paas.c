/*
 * job_schedule_paas.c - stop schedules beyond VMs (job_schedule_paas() in
 * job_schedule.h): SQL databases on serverless with auto-pause and dev/test
 * App Service plans scaled in outside their busy hours. Reads the learning
 * window's bill per meter and the hourly metrics, runs the VM schedule model
 * on an hourly busy series, prices the saving from the bill's own rates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_schedule.h"
#include "mdl_paas.h"
#include "money.h"
#include "store_metrics.h"
#include "store_rightsize.h"
#include "store_schedule.h"
#include "tags.h"

/* One billed database or plan: its compute meter folded. */
struct sched_res {
    const char *id;       /* borrowed from the meter rows */
    enum paas_kind kind;  /* PAAS_SQL_DB or PAAS_APP_PLAN */
    const char *currency; /* borrowed */
    double unit_cost;     /* vCore or plan-tier meters, summed */
    double unit_hours;    /* vCore-hours or instance-hours */
};

static void fold(struct sched_res *r, const struct store_rs_meter_cost *m)
{
    if (!(m->hours > 0))
        return;
    int unit = r->kind == PAAS_APP_PLAN
                   ? mdl_asp_tier_parse(m->meter_name) != NULL
                   : strstr(m->meter_name, "vCore") || strstr(m->meter_name, "vcore");
    if (unit) {
        r->unit_cost += money_to_double(m->cost);
        r->unit_hours += m->hours;
    }
}

/* The billed databases and plans of the window (rows sorted by resource). */
static enum status collect(const struct store_rs_meter_costs *m, struct sched_res **out, size_t *n,
                           struct err *e)
{
    *n = 0;
    if (!(*out = calloc(m->n ? m->n : 1, sizeof **out)))
        return err_set(e, ST_NOMEM, "out of memory");
    struct sched_res *cur = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const struct store_rs_meter_cost *x = &m->v[i];
        enum paas_kind k = mdl_paas_kind_of(x->resource_id);
        if (k == PAAS_NONE)
            continue;
        if (!cur || strcmp(cur->id, x->resource_id) != 0) {
            cur = &(*out)[(*n)++];
            *cur = (struct sched_res){x->resource_id, k, x->currency, 0, 0};
        }
        fold(cur, x);
    }
    return ST_OK;
}

/* The hourly busy series (100 busy, 0 idle, NAN no CPU data) of one
 * resource; returns the hours with CPU data. */
static size_t busy_series(enum paas_kind kind, const struct paas_thresholds *t, size_t H,
                          const double *cpu_avg, const double *cpu_max, const double *aux,
                          double *busy)
{
    size_t seen = 0;
    for (size_t h = 0; h < H; h++) {
        double v = !isnan(cpu_max[h]) ? cpu_max[h] : cpu_avg[h];
        if (isnan(v)) {
            busy[h] = NAN;
            continue;
        }
        seen++;
        busy[h] = mdl_paas_hour_active(kind, v, aux[h], t) ? 100.0 : 0.0;
    }
    return seen;
}

/* The kind's saving per month from the model's running hours (its
 * monthly_savings recomputed); <= 0 when the change saves nothing. */
static double paas_savings(const struct job_schedule_paas *x)
{
    const struct mdl_sched_result *r = &x->r;
    if (x->kind == JOB_SCHED_SQL_SERVERLESS)
        return (r->hours_year_before - r->hours_year_after * PAAS_SERVERLESS_RATIO) * x->units *
               x->unit_hourly / 12.0;
    return (r->hours_year_before - r->hours_year_after) * (x->units - x->units_off) *
           x->unit_hourly / 12.0;
}

struct paas_ctx {
    struct store *s;
    const struct job_schedule_opts *o;
    struct job_schedule_result *out;
    size_t cap;
    double *avg[METRIC_KIND_COUNT], *max[METRIC_KIND_COUNT];
    double *busy;
    struct paas_thresholds t; /* right-sizing's defaults: one idle rule for both */
};

/* Analyse one resource; appends a row when a schedule saves money. */
static enum status one(struct paas_ctx *c, struct store_metrics_reader *rd,
                       const struct sched_res *r, struct err *e)
{
    struct job_schedule_result *out = c->out;
    size_t H = out->p.nhours;
    if (!(r->unit_hours > 0) || !*r->currency)
        return ST_OK;
    char *tags =
        r->kind == PAAS_APP_PLAN || c->o->tag_key ? store_resource_tags(c->s, r->id) : NULL;
    int skip = r->kind == PAAS_APP_PLAN && !tags_devtest(tags);
    int always_on = mdl_sched_tag_always_on(tags, c->o->tag_key, c->o->tag_value);
    free(tags);
    if (skip)
        return ST_OK; /* production plans keep their instances */
    enum status st = store_metrics_reader_load(rd, r->id, out->p.hour_from, H, c->avg, c->max, e);
    if (st != ST_OK)
        return st;
    const double *aux =
        r->kind == PAAS_SQL_DB ? c->avg[METRIC_CONNECTIONS] : c->avg[METRIC_NET_IN_BYTES];
    size_t seen = busy_series(r->kind, &c->t, H, c->avg[METRIC_CPU_PCT], c->max[METRIC_CPU_PCT],
                              aux, c->busy);
    /* billed units per hour the resource existed (hours with CPU data): a
     * resource created mid-window is not diluted */
    double units = seen ? r->unit_hours / (double)seen : 0;
    if (!seen || (r->kind == PAAS_APP_PLAN && units < 1.5))
        return ST_OK; /* no metrics, or a plan already on one instance */
    struct job_schedule_paas x = {0};
    x.kind = r->kind == PAAS_SQL_DB ? JOB_SCHED_SQL_SERVERLESS : JOB_SCHED_PLAN_SCALE_IN;
    x.units = units;
    x.units_off = x.kind == JOB_SCHED_SQL_SERVERLESS ? 0 : 1;
    x.unit_hourly = r->unit_cost / r->unit_hours;
    struct mdl_sched_vm in = {.cpu = c->busy, .always_on = always_on, .hourly_price = NAN};
    struct err me;
    if (mdl_sched_vm(&out->p, &in, &x.r, &me) != ST_OK || x.r.verdict != MDL_SCHED_STOP)
        return ST_OK; /* refused (busy, batch, thin data, tagged): nothing to change */
    x.r.monthly_savings = paas_savings(&x);
    if (!(x.r.monthly_savings > 0))
        return ST_OK;
    if (out->npaas == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        struct job_schedule_paas *p = realloc(out->paas, ncap * sizeof *p);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        out->paas = p;
        c->cap = ncap;
    }
    snprintf(x.currency, sizeof x.currency, "%s", r->currency);
    if (x.kind == JOB_SCHED_SQL_SERVERLESS) /* English; rpt_i18n.c has the Japanese */
        snprintf(x.reason, sizeof x.reason,
                 "idle outside these hours: serverless bills %.1f vCores only while running; "
                 "%g x the provisioned vCore price (%.0f per vCore-hour in the bill)",
                 x.units, PAAS_SERVERLESS_RATIO, x.unit_hourly);
    else
        snprintf(x.reason, sizeof x.reason,
                 "dev/test plan idle outside these hours: %.0f instances fewer at %.0f per "
                 "instance-hour in the bill",
                 x.units - x.units_off, x.unit_hourly);
    snprintf(x.price_source, sizeof x.price_source, "%s",
             x.kind == JOB_SCHED_SQL_SERVERLESS ? "bill x serverless" : "bill");
    char *dept = store_resource_department(c->s, r->id);
    x.resource_id = strdup(r->id);
    x.department = dept ? dept : strdup("(unknown)");
    if (!x.resource_id || !x.department) {
        free(x.resource_id);
        free(x.department);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    out->paas[out->npaas++] = x;
    return ST_OK;
}

enum status job_schedule_paas(struct store *s, const struct job_schedule_opts *o,
                              struct job_schedule_result *out, struct err *e)
{
    size_t H = out->p.nhours;
    if (!H)
        return ST_OK;
    struct store_rs_meter_costs m;
    enum status st = store_rightsize_meter_costs(s, out->learn_first_day, out->learn_last_day, 0,
                                                 o->department, NULL, &m, e);
    if (st != ST_OK)
        return st;
    struct sched_res *v = NULL;
    size_t n = 0;
    struct paas_ctx c = {.s = s, .o = o, .out = out};
    mdl_paas_defaults(&c.t);
    double *block = malloc(H * 5 * sizeof *block);
    struct store_metrics_reader *rd = NULL;
    st = block ? collect(&m, &v, &n, e) : err_set(e, ST_NOMEM, "out of memory");
    if (st == ST_OK) {
        c.avg[METRIC_CPU_PCT] = block;
        c.max[METRIC_CPU_PCT] = block + H;
        c.avg[METRIC_CONNECTIONS] = block + 2 * H;
        c.avg[METRIC_NET_IN_BYTES] = block + 3 * H;
        c.busy = block + 4 * H;
        st = store_metrics_reader_new(s, &rd, e);
    }
    for (size_t i = 0; st == ST_OK && i < n; i++)
        st = one(&c, rd, &v[i], e);
    store_metrics_reader_free(rd);
    free(block);
    free(v);
    store_rs_meter_costs_release(&m);
    return st;
}
