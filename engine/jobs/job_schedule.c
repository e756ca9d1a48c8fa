/*
 * job_schedule.c - the glue of schedule and commitment analysis: read VMs
 * from the cost rows and metrics, prices, closed days; run the models; hand
 * back result structs. Calls the store and the models; formats nothing.
 */
#include "job_schedule.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "log.h"
#include "money.h"
#include "store_metrics.h"
#include "store_prices.h"
#include "store_schedule.h"
#include "strmap.h"

#define PLAN_DAYS 380

/* Monotonic seconds, for the phase timings shown with -v. */
static double elapsed_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
} /* a year of savings plus the 14-day plan, with room */

void job_schedule_release(struct job_schedule_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].resource_id);
        free(r->v[i].department);
        free(r->v[i].vm_size);
        free(r->v[i].region);
    }
    free(r->v);
    for (size_t i = 0; i < r->npaas; i++) {
        free(r->paas[i].resource_id);
        free(r->paas[i].department);
    }
    free(r->paas);
    free(r->off);
    memset(r, 0, sizeof *r);
}

/* Learning window end: the last complete JST day of metrics, else the last
 * cost day. ST_NOTFOUND when the store has neither. */
static enum status learn_end(struct store *s, int32_t *last_day, int *have_metrics, struct err *e)
{
    int64_t hour;
    struct err ignore;
    *have_metrics = 0;
    if (store_vm_metrics_last_hour(s, METRIC_CPU_PCT, &hour, &ignore) == ST_OK) {
        int32_t day;
        int h;
        cal_jst_of_utc_hour(hour, &day, &h);
        *last_day = h == 23 ? day : day - 1;
        *have_metrics = 1;
        return ST_OK;
    }
    enum status st = store_vm_last_day(s, last_day, e);
    if (st == ST_NOTFOUND)
        err_clear(e);
    return st;
}

static int cmp_vm(const void *a, const void *b)
{
    const struct job_schedule_vm *x = a, *y = b;
    return strcmp(x->resource_id, y->resource_id);
}

/* Prices per (size, region): the pricing rule's book per (region, bill
 * currency) for the pay-as-you-go rate, and the Retail Prices' commitment
 * prices per size (store_price_vm(), looked up once per key). */
struct price_book_entry {
    char *region;           /* owned */
    char currency[4];       /* the bill's */
    struct price_book book; /* store_price_book() */
};

struct price_cache {
    struct strmap idx;              /* "size|region|currency" -> index in v */
    struct vm_price *v;             /* looked-up retail prices */
    int *found;                     /* 1 when store_price_vm() answered */
    int imported;                   /* 1 when Retail Prices exist: only then ask store_price_vm() */
    size_t n, cap;                  /* used, allocated */
    struct price_book_entry *books; /* nbooks */
    size_t nbooks;
    struct price_days days; /* the own-rate window */
};

static void price_cache_release(struct price_cache *c)
{
    strmap_release(&c->idx);
    free(c->v);
    free(c->found);
    for (size_t i = 0; i < c->nbooks; i++) {
        free(c->books[i].region);
        store_price_book_release(&c->books[i].book);
    }
    free(c->books);
}

/* The price book of (region, cur), built once (a price list in another
 * currency than the bill's is an error, as in right-sizing). */
static enum status book_for(struct store *s, struct price_cache *pc, const char *region,
                            const char *cur, const struct price_book **out, struct err *e)
{
    for (size_t i = 0; i < pc->nbooks; i++)
        if (strcmp(pc->books[i].region, region) == 0 && strcmp(pc->books[i].currency, cur) == 0) {
            *out = &pc->books[i].book;
            return ST_OK;
        }
    enum status st = store_price_currency_check(s, region, cur, e);
    if (st != ST_OK)
        return st;
    struct price_book_entry *nb = realloc(pc->books, (pc->nbooks + 1) * sizeof *nb);
    if (!nb)
        return err_set(e, ST_NOMEM, "out of memory");
    pc->books = nb;
    struct price_book_entry *b = &pc->books[pc->nbooks];
    memset(b, 0, sizeof *b);
    if (!(b->region = strdup(region)))
        return err_set(e, ST_NOMEM, "out of memory");
    snprintf(b->currency, sizeof b->currency, "%s", cur);
    pc->nbooks++;
    st = store_price_book(s, *region ? region : NULL, cur, &pc->days, &b->book, e);
    *out = &b->book;
    if (st == ST_OK) {
        char what[256];
        store_price_book_describe(&b->book, region, cur, &pc->days, what, sizeof what);
        log_info("%s", what);
    }
    return st;
}

/* The index in pc of the retail prices of v's size and region in the bill's
 * currency (cur), looked up once per key. */
static enum status cached_price(struct store *s, struct price_cache *pc,
                                const struct job_schedule_vm *v, const char *cur, int64_t *k,
                                struct err *e)
{
    char key[256];
    int klen = snprintf(key, sizeof key, "%s|%s|%s", v->vm_size, v->region, cur);
    if (klen < 0 || (size_t)klen >= sizeof key)
        klen = (int)sizeof key - 1;
    if (strmap_get(&pc->idx, key, (size_t)klen, k))
        return ST_OK;
    if (pc->n == pc->cap) {
        size_t ncap = pc->cap ? pc->cap * 2 : 32;
        struct vm_price *nv = realloc(pc->v, ncap * sizeof *nv);
        if (nv)
            pc->v = nv;
        int *nf = realloc(pc->found, ncap * sizeof *nf);
        if (nf)
            pc->found = nf;
        if (!nv || !nf)
            return err_set(e, ST_NOMEM, "out of memory");
        pc->cap = ncap;
    }
    struct err ignore;
    *k = (int64_t)pc->n++;
    pc->found[*k] = store_price_vm(s, v->vm_size, *v->region ? v->region : NULL, cur, &pc->v[*k],
                                   &ignore) == ST_OK &&
                    !pc->v[*k].from_own_costs;
    if (strmap_put(&pc->idx, key, (size_t)klen, *k) != 0)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* Commitment prices of a size from the Retail Prices, scaled like its
 * pay-as-you-go rate (rate->hourly / its retail price): the reservation's
 * discount off retail pay-as-you-go applied to the rule's rate. */
static enum status commit_prices(struct store *s, struct price_cache *pc, struct job_schedule_vm *v,
                                 const struct vm_rate *rate, const char *cur, struct err *e)
{
    if (!pc->imported || !(rate->retail_hourly > 0))
        return ST_OK;
    int64_t k;
    enum status st = cached_price(s, pc, v, cur, &k, e);
    if (st != ST_OK || !pc->found[k])
        return st;
    const struct vm_price *pr = &pc->v[k];
    double f = rate->hourly / rate->retail_hourly;
    v->ri1y_hourly = pr->ri1y_hourly * f;
    v->ri3y_hourly = pr->ri3y_hourly * f;
    v->sp1y_hourly = pr->sp1y_hourly * f;
    v->sp3y_hourly = pr->sp3y_hourly * f;
    return ST_OK;
}

/* Prices for a VM by the pricing rule (store_price_book(): the bill's own
 * rate for the size, else retail x the ratio); a VM whose size neither
 * prices falls back to its own effective rate in the window. */
static enum status vm_prices(struct store *s, struct price_cache *pc, struct job_schedule_vm *v,
                             const struct store_vm *cv, struct err *e)
{
    v->payg_hourly = v->ri1y_hourly = v->ri3y_hourly = v->sp1y_hourly = v->sp3y_hourly = NAN;
    v->price_source[0] = '\0';
    const char *bill_cur = cv ? cv->currency : "";
    if (v->vm_size && *bill_cur) {
        const struct price_book *bk = NULL;
        enum status st = book_for(s, pc, v->region, bill_cur, &bk, e);
        if (st != ST_OK)
            return st;
        const struct vm_rate *rate = store_price_book_find(bk, v->vm_size);
        if (rate) {
            v->payg_hourly = rate->hourly;
            snprintf(v->currency, sizeof v->currency, "%s", bill_cur);
            store_price_source_label(rate->source, bk->ratio, v->price_source,
                                     sizeof v->price_source);
            return commit_prices(s, pc, v, rate, bill_cur, e);
        }
    }
    if (cv && cv->hours_total > 0 && !cv->reserved) {
        v->payg_hourly = money_to_double(cv->cost) / cv->hours_total;
        snprintf(v->currency, sizeof v->currency, "%s", cv->currency);
        store_price_source_label(PRICE_SRC_BILL, 1.0, v->price_source, sizeof v->price_source);
    }
    return ST_OK;
}

/* State of one analysis run, shared with the metrics scan callback. */
struct analysis {
    struct store *s;                   /* the store */
    const struct job_schedule_opts *o; /* options */
    struct job_schedule_result *out;   /* results being filled */
    const struct store_vm_list *costs; /* VMs from the cost rows */
    struct strmap idx;                 /* resource id -> index in out->v */
    size_t *cost_of;                   /* per out->v: index in costs, or SIZE_MAX */
    unsigned char *done;               /* per out->v: model already run */
    size_t cap;                        /* allocated entries of out->v, cost_of, done */
    struct price_cache pc;             /* prices per size and region */
    size_t ndays;                      /* days in the learning window */
};

static enum status grow(struct analysis *a, struct err *e)
{
    if (a->out->n < a->cap)
        return ST_OK;
    size_t ncap = a->cap ? a->cap * 2 : 64;
    struct job_schedule_vm *nv = realloc(a->out->v, ncap * sizeof *nv);
    if (nv)
        a->out->v = nv;
    size_t *nc = realloc(a->cost_of, ncap * sizeof *nc);
    if (nc)
        a->cost_of = nc;
    unsigned char *nd = realloc(a->done, ncap);
    if (nd)
        a->done = nd;
    if (!nv || !nc || !nd)
        return err_set(e, ST_NOMEM, "out of memory");
    a->cap = ncap;
    return ST_OK;
}

/* Append a VM; cv may be NULL (metrics only, department dept owned or NULL). */
static enum status add_vm(struct analysis *a, const char *rid, size_t cost_idx, char *dept,
                          struct err *e)
{
    enum status st = grow(a, e);
    if (st != ST_OK) {
        free(dept);
        return st;
    }
    const struct store_vm *cv = cost_idx != SIZE_MAX ? &a->costs->v[cost_idx] : NULL;
    struct job_schedule_vm *v = &a->out->v[a->out->n];
    memset(v, 0, sizeof *v);
    v->resource_id = strdup(rid);
    v->department = dept ? dept : strdup(cv ? cv->department : "(unknown)");
    v->vm_size = cv && cv->vm_size ? strdup(cv->vm_size) : NULL;
    v->region = strdup(cv && cv->region ? cv->region : "");
    if (!v->resource_id || !v->department || !v->region ||
        strmap_put(&a->idx, rid, strlen(rid), (int64_t)a->out->n) != 0) {
        free(v->resource_id);
        free(v->department);
        free(v->vm_size);
        free(v->region);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    a->cost_of[a->out->n] = cost_idx;
    a->done[a->out->n] = 0;
    a->out->n++;
    return vm_prices(a->s, &a->pc, v, cv, e);
}

/* Run the model for VM i, with hourly activity masks when seen != NULL. */
static enum status decide(struct analysis *a, size_t i, const uint32_t *seen,
                          const uint32_t *active, struct err *e)
{
    struct job_schedule_vm *v = &a->out->v[i];
    const struct store_vm *cv = a->cost_of[i] != SIZE_MAX ? &a->costs->v[a->cost_of[i]] : NULL;
    struct mdl_sched_vm in = {0};
    in.hourly_price = v->payg_hourly;
    if (cv) {
        in.always_on = mdl_sched_tag_always_on(cv->tags_json, a->o->tag_key, a->o->tag_value);
        in.reserved = cv->reserved;
        in.daily_hours = cv->daily_hours;
        in.daily_first_day = a->costs->first_day;
        in.ndaily = a->costs->ndays;
    }
    if (seen) {
        for (size_t d = 0; d < a->ndays && !v->has_metrics; d++)
            v->has_metrics = seen[d] != 0;
        if (v->has_metrics) {
            in.seen = seen;
            in.active = active;
            in.mask_first_day = a->out->learn_first_day;
            in.nmask_days = a->ndays;
        }
    }
    a->done[i] = 1;
    return mdl_sched_vm(&a->out->p, &in, &v->r, e);
}

/* store_profile_scan() callback: one VM's activity masks over the window. */
static enum status on_profile(void *arg, const char *rid, const uint32_t *seen,
                              const uint32_t *active, struct err *e)
{
    struct analysis *a = arg;
    int64_t k;
    if (!strmap_get(&a->idx, rid, strlen(rid), &k)) {
        /* metrics but no cost rows in the window: department from older rows */
        char *dept = store_resource_department(a->s, rid);
        if (a->o->department && (!dept || strcmp(dept, a->o->department) != 0)) {
            free(dept);
            return ST_OK;
        }
        enum status st = add_vm(a, rid, SIZE_MAX, dept, e);
        if (st != ST_OK)
            return st;
        k = (int64_t)a->out->n - 1;
    }
    return decide(a, (size_t)k, seen, active, e);
}

/* ---- the profile cache: hourly metrics folded into per-day masks ---- */

#define PROFILE_MAX_DAYS (104 * 7) /* the longest --weeks */

struct rebuild {
    struct store_profile_writer *w;   /* open writer */
    const struct mdl_sched_params *p; /* thresholds */
    int64_t hour_from;                /* JST midnight of first_day, as a UTC hour */
    size_t nhours;                    /* ndays * 24 */
    int32_t first_day;                /* first JST day */
    size_t ndays;                     /* days */
    uint32_t *seen, *active;          /* scratch, ndays each */
    double *net;                      /* scratch, nhours */
};

static enum status on_metrics(void *arg, const char *rid, double *const *vals, struct err *e)
{
    struct rebuild *r = arg;
    for (size_t h = 0; h < r->nhours; h++) {
        double o = vals[1][h], n = vals[2][h];
        r->net[h] = isnan(o) ? n : isnan(n) ? o : o + n;
    }
    mdl_sched_hour_masks(r->p, r->hour_from, r->nhours, vals[0], r->net, r->first_day, r->ndays,
                         r->seen, r->active);
    return store_profile_put(r->w, rid, r->first_day, r->ndays, r->seen, r->active, e);
}

/* Rebuild sched_profile unless it was built on the same imports and
 * thresholds. */
static enum status refresh_profile(struct store *s, const struct mdl_sched_params *p, struct err *e)
{
    char key[64], basis[160];
    snprintf(key, sizeof key, "cpu>%g;net>%g", p->idle_cpu_pct, p->idle_net_bytes);
    enum status st = store_profile_basis(s, key, basis, sizeof basis, e);
    if (st != ST_OK || store_profile_is_fresh(s, basis))
        return st;
    int64_t first_h, last_h;
    if ((st = store_vm_metrics_first_hour(s, METRIC_CPU_PCT, &first_h, e)) != ST_OK ||
        (st = store_vm_metrics_last_hour(s, METRIC_CPU_PCT, &last_h, e)) != ST_OK)
        return st;
    struct rebuild r = {0};
    int hour;
    int32_t last_day;
    cal_jst_of_utc_hour(first_h, &r.first_day, &hour);
    cal_jst_of_utc_hour(last_h, &last_day, &hour);
    if (last_day - r.first_day + 1 > PROFILE_MAX_DAYS)
        r.first_day = last_day - PROFILE_MAX_DAYS + 1;
    r.p = p;
    r.ndays = (size_t)(last_day - r.first_day + 1);
    r.nhours = r.ndays * 24;
    r.hour_from = cal_utc_hour_of_jst(r.first_day, 0);
    r.seen = malloc(2 * r.ndays * sizeof *r.seen);
    r.net = malloc(r.nhours * sizeof *r.net);
    if (!r.seen || !r.net) {
        free(r.seen);
        free(r.net);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    r.active = r.seen + r.ndays;
    log_info("building the schedule profile from metrics (once per import)");
    if ((st = store_profile_begin(s, &r.w, e)) == ST_OK) {
        static const enum metric_kind kinds[3] = {METRIC_CPU_PCT, METRIC_NET_OUT_BYTES,
                                                  METRIC_NET_IN_BYTES};
        st = store_vm_metrics_scan(s, kinds, 3, r.hour_from, r.nhours, on_metrics, &r, e);
        if (st == ST_OK)
            st = store_profile_finish(r.w, basis, e);
        else
            store_profile_abort(r.w);
    }
    free(r.seen);
    free(r.net);
    return st;
}

enum status job_schedule_prepare(struct store *s, struct err *e)
{
    struct mdl_sched_params p;
    mdl_sched_params_default(&p);
    enum status st = refresh_profile(s, &p, e);
    return st == ST_NOTFOUND ? ST_OK : st;
}

static enum status analyse(struct store *s, const struct job_schedule_opts *o,
                           struct job_schedule_result *out, const struct store_vm_list *costs,
                           struct err *e)
{
    struct analysis a = {0};
    a.s = s;
    a.o = o;
    a.out = out;
    a.costs = costs;
    strmap_init(&a.idx);
    strmap_init(&a.pc.idx);
    a.pc.imported = store_vm_prices_imported(s);
    a.pc.days = store_price_window(out->learn_first_day, out->learn_last_day);
    enum status st = ST_OK;
    a.ndays = (size_t)(out->learn_last_day - out->learn_first_day + 1);
    for (size_t i = 0; i < costs->n && st == ST_OK; i++)
        st = add_vm(&a, costs->v[i].resource_id, i, NULL, e);
    double t0 = elapsed_s();
    if (st == ST_OK && out->p.nhours)
        st = refresh_profile(s, &out->p, e);
    double t1 = elapsed_s();
    if (st == ST_OK && out->p.nhours)
        st = store_profile_scan(s, out->learn_first_day, a.ndays, on_profile, &a, e);
    log_debug("profile refresh %.3f s, profile scan and models %.3f s", t1 - t0, elapsed_s() - t1);
    for (size_t i = 0; i < out->n && st == ST_OK; i++)
        if (!a.done[i])
            st = decide(&a, i, NULL, NULL, e);
    price_cache_release(&a.pc);
    strmap_release(&a.idx);
    free(a.cost_of);
    free(a.done);
    if (st == ST_OK && out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_vm);
    return st;
}

enum status job_schedule(struct store *s, const struct job_schedule_opts *o,
                         struct job_schedule_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    int weeks = o->weeks > 0 ? o->weeks : 8;
    int32_t last_day;
    int have_metrics;
    enum status st = learn_end(s, &last_day, &have_metrics, e);
    if (st == ST_NOTFOUND)
        return ST_OK; /* nothing imported: no VMs */
    if (st != ST_OK)
        return st;
    out->learn_last_day = last_day;
    out->learn_first_day = last_day - weeks * 7 + 1;

    struct mdl_sched_params *p = &out->p;
    mdl_sched_params_default(p);
    if (o->margin_hours >= 0)
        p->margin_hours = o->margin_hours;
    p->hour_from = cal_utc_hour_of_jst(out->learn_first_day, 0);
    p->nhours = have_metrics ? (size_t)weeks * 168 : 0;
    p->plan_first_day = o->plan_first_day;
    int32_t off_first =
        out->learn_first_day < o->plan_first_day ? out->learn_first_day : o->plan_first_day;
    int32_t off_last = o->plan_first_day + PLAN_DAYS;
    if (off_last < last_day)
        off_last = last_day;
    p->off_first_day = off_first;
    p->off_ndays = (size_t)(off_last - off_first + 1);
    out->off = malloc(p->off_ndays);
    if (!out->off)
        return err_set(e, ST_NOMEM, "out of memory");
    if ((st = calendar_off_days(o->cal, off_first, p->off_ndays, out->off, e)) != ST_OK)
        goto fail;
    p->off = out->off;

    struct store_vm_list costs;
    double t0 = elapsed_s();
    if ((st = store_vm_list(s, out->learn_first_day, last_day, o->department, &costs, e)) != ST_OK)
        goto fail;
    log_debug("cost rows: %zu VMs in %.3f s", costs.n, elapsed_s() - t0);
    st = analyse(s, o, out, &costs, e);
    store_vm_list_release(&costs);
    if (st == ST_OK && have_metrics)
        st = job_schedule_paas(s, o, out, e);
    if (st != ST_OK)
        goto fail;
    log_info("analysed %zu VMs over %d weeks (%s)", out->n, weeks,
             have_metrics ? "hourly metrics" : "daily cost hours only");
    return ST_OK;
fail:
    job_schedule_release(out);
    return st;
}

size_t job_schedule_events(const struct job_schedule_result *r, size_t i, int32_t from_day,
                           int ndays, struct job_sched_event *ev, size_t cap)
{
    const struct job_schedule_vm *v = &r->v[i];
    size_t n = 0;
    int open = 0;
    struct job_sched_event cur = {0};
    for (int32_t d = from_day; d < from_day + ndays; d++) {
        int64_t k = (int64_t)d - r->p.off_first_day;
        int closed = k >= 0 && k < (int64_t)r->p.off_ndays && r->off[k];
        struct mdl_sched_window w = mdl_sched_day(&v->r, closed, d);
        if (w.stop <= w.start)
            continue;
        if (open && w.start == 0 && cur.stop_day == d && cur.stop_hour == 0) {
            /* continues the previous day's window through midnight */
        } else {
            if (open) {
                if (n < cap)
                    ev[n] = cur;
                n++;
            }
            cur.start_day = d;
            cur.start_hour = w.start;
            open = 1;
        }
        cur.stop_day = w.stop == 24 ? d + 1 : d;
        cur.stop_hour = w.stop == 24 ? 0 : w.stop;
    }
    if (open) {
        if (n < cap)
            ev[n] = cur;
        n++;
    }
    return n;
}

/* ---- commitments ---- */

void job_commit_release(struct job_commit_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->g[i].vm_size);
        free(r->g[i].region);
    }
    free(r->g);
    memset(r, 0, sizeof *r);
}

static int key_cmp(const struct job_schedule_vm *a, const struct job_schedule_vm *b)
{
    int c = strcmp(a->vm_size ? a->vm_size : "", b->vm_size ? b->vm_size : "");
    return c ? c : strcmp(a->region, b->region);
}

static int cmp_ptr(const void *a, const void *b)
{
    const struct job_schedule_vm *const *x = a, *const *y = b;
    return key_cmp(*x, *y);
}

/* Fill a missing commitment price from an assumed discount. */
static void assume_price(double *slot, double payg, double discount, int *assumed)
{
    if (isnan(*slot) && !isnan(payg) && !isnan(discount)) {
        *slot = payg * (1.0 - discount);
        *assumed = 1;
    }
}

enum status job_commit(const struct job_schedule_result *sched,
                       const struct job_commit_assume *assume, struct job_commit_result *out,
                       struct err *e)
{
    memset(out, 0, sizeof *out);
    if (sched->n == 0)
        return ST_OK;
    const struct job_schedule_vm **order = malloc(sched->n * sizeof *order);
    struct mdl_commit_vm *vms = malloc(sched->n * sizeof *vms);
    out->g = calloc(sched->n, sizeof *out->g);
    enum status st = ST_OK;
    if (!order || !vms || !out->g) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < sched->n; i++)
        order[i] = &sched->v[i];
    qsort(order, sched->n, sizeof *order, cmp_ptr);
    for (size_t i = 0; i < sched->n;) {
        size_t j = i;
        while (j < sched->n && key_cmp(order[i], order[j]) == 0)
            j++;
        struct job_commit_group *g = &out->g[out->n];
        const struct job_schedule_vm *first = order[i];
        g->vm_size = strdup(first->vm_size ? first->vm_size : "(unknown)");
        g->region = strdup(first->region);
        if (!g->vm_size || !g->region) {
            free(g->vm_size);
            free(g->region);
            st = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        out->n++;
        snprintf(g->currency, sizeof g->currency, "%s", first->currency);
        /* the group's prices: the first VM with a PAYG price sets them */
        g->pr = (struct mdl_commit_prices){NAN, NAN, NAN, NAN, NAN};
        for (size_t k = i; k < j; k++)
            if (!isnan(order[k]->payg_hourly)) {
                g->pr = (struct mdl_commit_prices){order[k]->payg_hourly, order[k]->ri1y_hourly,
                                                   order[k]->ri3y_hourly, order[k]->sp1y_hourly,
                                                   order[k]->sp3y_hourly};
                snprintf(g->currency, sizeof g->currency, "%s", order[k]->currency);
                break;
            }
        g->retail =
            !isnan(g->pr.ri1y) || !isnan(g->pr.ri3y) || !isnan(g->pr.sp1y) || !isnan(g->pr.sp3y);
        if (assume) {
            assume_price(&g->pr.ri1y, g->pr.payg, assume->ri1y, &g->assumed);
            assume_price(&g->pr.ri3y, g->pr.payg, assume->ri3y, &g->assumed);
            assume_price(&g->pr.sp1y, g->pr.payg, assume->sp1y, &g->assumed);
            assume_price(&g->pr.sp3y, g->pr.payg, assume->sp3y, &g->assumed);
        }
        for (size_t k = i; k < j; k++) {
            const struct mdl_sched_result *r = &order[k]->r;
            vms[k - i] = (struct mdl_commit_vm){r->hours_year_before, r->hours_year_after,
                                                r->verdict == MDL_SCHED_STOP,
                                                r->verdict == MDL_SCHED_RESERVED};
        }
        struct err ge;
        g->st = mdl_commit_group(vms, j - i, &g->pr, &g->res, &ge);
        i = j;
    }
done:
    free(order);
    free(vms);
    if (st != ST_OK)
        job_commit_release(out);
    return st;
}
