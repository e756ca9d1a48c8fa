/*
 * job_rightsize.c - glue for right-sizing (see job_rightsize.h): the only
 * place that combines the cost store, the metrics store, prices, the VM
 * catalogue and the model. Memory stays flat: one set of hourly arrays is
 * reused for every VM.
 */
#include "job_rightsize.h"
#include "job_rightsize_internal.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "log.h"
#include "mdl_disk.h"
#include "mdl_vmcat.h"
#include "store_costs.h"
#include "store_metrics.h"
#include "store_prices.h"
#include "store_rightsize.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Hourly prices of every catalogue size for one (region, currency). */
struct price_set {
    char *region;             /* owned */
    char *currency;           /* owned */
    double *hourly;           /* catalogue-sized, NAN when unknown */
    double *estimated_hourly; /* scratch: per-vCPU estimates within a series */
    unsigned char *source;    /* catalogue-sized enum price_source of each price */
    double ratio;             /* the price book's own / retail ratio */
};

struct price_cache {
    struct price_set *v; /* n sets */
    size_t n, cap;
};

static void price_cache_release(struct price_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].region);
        free(c->v[i].currency);
        free(c->v[i].hourly);
        free(c->v[i].estimated_hourly);
        free(c->v[i].source);
    }
    free(c->v);
}

/* Hourly rates of the catalogue sizes from the price book (the pricing
 * rule; NAN when unknown) and where each came from. */
static void price_set_known(double *hourly, unsigned char *source, const struct vm_size *cat,
                            size_t ncat, const struct price_book *book)
{
    for (size_t i = 0; i < ncat; i++) {
        const struct vm_rate *hit = store_price_book_find(book, cat[i].name);
        hourly[i] = hit ? hit->hourly : NAN;
        source[i] = (unsigned char)(hit ? hit->source : PRICE_SRC_NONE);
    }
}

/* Offline, the bill often prices only the sizes in use. Within a series,
 * Azure's pay-as-you-go prices are linear in vCPUs, so a size with no
 * price gets its series' mean known rate per vCPU (docs/rightsize.md). */
static void price_set_estimate(double *hourly, double *estimated, unsigned char *source,
                               const struct vm_size *cat, size_t ncat)
{
    for (size_t i = 0; i < ncat; i++) {
        estimated[i] = hourly[i];
        if (!isnan(hourly[i]))
            continue;
        double per_cpu = 0;
        int known = 0;
        for (size_t k = 0; k < ncat; k++)
            if (!isnan(hourly[k]) && strcmp(cat[k].family, cat[i].family) == 0 &&
                !(cat[k].base_cpu_pct > 0)) {
                per_cpu += hourly[k] / cat[k].vcpus;
                known++;
            }
        estimated[i] = known ? per_cpu / known * cat[i].vcpus : NAN;
        if (known)
            source[i] = PRICE_SRC_SERIES;
    }
    memcpy(hourly, estimated, ncat * sizeof *hourly);
}

/* Hourly prices of every catalogue size in (region, currency), cached in c;
 * *out points into c. */
static enum status prices_for(struct store *s, struct price_cache *c, const char *region,
                              const char *currency, const struct price_days *days,
                              const struct price_set **out, struct err *e)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].region, region) == 0 && strcmp(c->v[i].currency, currency) == 0) {
            *out = &c->v[i];
            return ST_OK;
        }
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 8;
        struct price_set *p = realloc(c->v, ncap * sizeof *p);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        c->v = p;
        c->cap = ncap;
    }
    size_t ncat;
    const struct vm_size *cat = mdl_vmcat_all(&ncat);
    struct price_set *ps = &c->v[c->n++];
    memset(ps, 0, sizeof *ps);
    ps->ratio = 1.0;
    ps->region = strdup(region);
    ps->currency = strdup(currency);
    ps->hourly = malloc(ncat * sizeof *ps->hourly);
    ps->estimated_hourly = malloc(ncat * sizeof *ps->estimated_hourly);
    ps->source = malloc(ncat);
    if (!ps->region || !ps->currency || !ps->hourly || !ps->estimated_hourly || !ps->source)
        return err_set(e, ST_NOMEM, "out of memory");
    struct price_book book = {0};
    enum status st = ST_OK;
    if (*currency) /* the bill's currency: a price list in another one is an error */
        st = store_price_currency_check(s, region, currency, e);
    if (st == ST_OK && *currency)
        st = store_price_book(s, region, currency, days, &book, e);
    if (st != ST_OK)
        return st;
    ps->ratio = book.ratio;
    char what[256];
    store_price_book_describe(&book, region, currency, days, what, sizeof what);
    log_info("%s", what);
    price_set_known(ps->hourly, ps->source, cat, ncat, &book);
    store_price_book_release(&book);
    price_set_estimate(ps->hourly, ps->estimated_hourly, ps->source, cat, ncat);
    *out = ps;
    return ST_OK;
}

static int is_vm_id(const char *id)
{
    return mdl_rs_kind_of(id) == RS_RES_VM;
}

static const char *last_segment(const char *id)
{
    const char *slash = strrchr(id, '/');
    return slash ? slash + 1 : id;
}

const char *job_rs_keep_text(struct textpool *texts, const char *text)
{
    size_t len = strlen(text);
    /* reasons repeat over thousands of rows: one copy each */
    return textpool_intern(texts, text, len > RS_REASON_MAX - 1 ? RS_REASON_MAX - 1 : len);
}

/* A row whose texts failed stays counted in out, so job_rs_result_release()
 * frees what it has. */
struct job_rs_row *job_rs_new_row(struct job_rs_result *out, size_t *cap,
                                  const struct store_rs_row *bill, const char *id,
                                  const char *department, const char *size, enum rs_res_kind kind)
{
    if (out->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        struct job_rs_row *p = realloc(out->rows, ncap * sizeof *p);
        if (!p)
            return NULL;
        out->rows = p;
        *cap = ncap;
    }
    struct job_rs_row *row = &out->rows[out->n++];
    memset(row, 0, sizeof *row);
    row->r.reason = "";
    row->kind = kind;
    /* a billed id is the bill's own text: job_release hands the bill's pool to out */
    row->resource_id = bill ? bill->resource_id : textpool_copy(&out->texts, id, strlen(id));
    row->department =
        *department ? textpool_intern(&out->texts, department, strlen(department)) : "";
    row->current_size = *size ? textpool_intern(&out->texts, size, strlen(size)) : "";
    if (!row->resource_id || !row->department || !row->current_size)
        return NULL;
    return row;
}

/* The VM statistics of a row that is not a VM (disks, orphans) read as unknown. */
static void no_vm_stats(struct rs_result *r)
{
    r->p95_cpu = r->max_cpu = r->avg_cpu = r->max3d_cpu = NAN;
    r->peak_mem_pct = r->p95_net_pct = r->hourly_now = r->hourly_new = NAN;
}

static int action_rank(enum rs_action a)
{
    return a == RS_KEEP ? 1 : 0;
}

static int cmp_rows(const void *a, const void *b)
{
    const struct job_rs_row *x = a, *y = b;
    int ra = action_rank(x->r.action), rb = action_rank(y->r.action);
    if (ra != rb)
        return ra - rb;
    if (x->r.monthly_savings != y->r.monthly_savings)
        return x->r.monthly_savings > y->r.monthly_savings ? -1 : 1;
    return strcmp(x->resource_id, y->resource_id);
}

/* ------------------------------------------------ premium disks (mdl_disk.h) */

/* One billed disk's capacity meter: its tier and own price per disk-month. */
struct disk_bill {
    const char *resource_id;      /* borrowed from the meter rows */
    const struct disk_tier *tier; /* tier of the capacity meter billed most, NULL when none */
    char redundancy[4];           /* "LRS" / "ZRS" */
    double price_month;           /* cost / disk-months of that meter, NAN when unknown */
};

/* The user's own price per disk-month of a tier, by region, redundancy and currency. */
struct disk_price {
    const struct disk_tier *tier; /* static */
    char redundancy[4];           /* "LRS" / "ZRS" */
    const char *region;           /* borrowed from the meter rows */
    const char *currency;         /* borrowed */
    struct money cost;            /* exact sum over every disk of that tier */
    double months;                /* disk-months billed */
};

struct disk_index {
    struct disk_bill *bills; /* nb, sorted by resource_id */
    size_t nb;
    struct disk_price *prices; /* np, in first-seen order (a handful of combinations) */
    size_t np;
};

static void disk_index_release(struct disk_index *x)
{
    free(x->bills);
    free(x->prices);
    memset(x, 0, sizeof *x);
}

static struct disk_price *disk_price_find(struct disk_index *x, const struct disk_tier *tier,
                                          const char *redundancy, const char *region,
                                          const char *currency)
{
    for (size_t i = 0; i < x->np; i++) {
        struct disk_price *p = &x->prices[i];
        if (p->tier == tier && strcmp(p->redundancy, redundancy) == 0 &&
            strcmp(p->region, region) == 0 && strcmp(p->currency, currency) == 0)
            return p;
    }
    return NULL;
}

/* Index the disks' meters: per disk the capacity meter with the most
 * disk-months (a disk resized mid-window keeps the tier it spent longest in),
 * and per (tier, redundancy, region, currency) the bill's price. */
static enum status disk_index_build(const struct store_rs_disk_meters *m, struct disk_index *x,
                                    struct err *e)
{
    memset(x, 0, sizeof *x);
    x->bills = calloc(m->n ? m->n : 1, sizeof *x->bills);
    x->prices = calloc(m->n ? m->n : 1, sizeof *x->prices);
    if (!x->bills || !x->prices)
        return err_set(e, ST_NOMEM, "out of memory");
    double best = 0;
    struct disk_bill *b = NULL; /* the disk of the previous meter row (rows come by disk) */
    for (size_t i = 0; i < m->n; i++) {
        const struct store_rs_disk_meter *r = &m->v[i];
        char red[4];
        const struct disk_tier *t = mdl_disktier_parse_meter(r->meter_name, red);
        if (!t || !(r->months > 0))
            continue;
        struct disk_price *p = disk_price_find(x, t, red, r->region, r->currency);
        if (!p) {
            p = &x->prices[x->np++];
            p->tier = t;
            memcpy(p->redundancy, red, sizeof red);
            p->region = r->region;
            p->currency = r->currency;
            p->cost = MONEY_ZERO;
        }
        p->cost = money_add(p->cost, r->cost);
        p->months += r->months;
        if (!b || strcmp(b->resource_id, r->resource_id) != 0) {
            b = &x->bills[x->nb++];
            b->resource_id = r->resource_id;
            best = 0;
        }
        if (r->months > best) {
            best = r->months;
            b->tier = t;
            memcpy(b->redundancy, red, sizeof red);
            b->price_month = money_to_double(r->cost) / r->months;
        }
    }
    return ST_OK;
}

static const struct disk_bill *disk_bill_find(const struct disk_index *x, const char *id)
{
    size_t lo = 0, hi = x->nb;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *bid = x->bills[mid].resource_id;
        int c = bid ? strcmp(bid, id) : -1;
        if (c == 0)
            return &x->bills[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *job_rs_burstable_name(int same_cores)
{
    return same_cores ? "same-cores" : "fewer-cores";
}

int job_rs_window_days(const struct job_rs_result *r)
{
    return (int)(r->hours / 24);
}

void job_rs_rules_text(const struct job_rs_options *opt, const struct job_rs_result *r, char *buf,
                       size_t n)
{
    const struct rs_thresholds *t = &opt->thr;
    static const char *const uf[] = {"no", "yes"};
    snprintf(buf, n,
             "rules: window %d days (Azure Advisor: 7, configurable 7-90), burstable %s "
             "(Advisor: same-cores), user-facing %s, P95 CPU <= %g%%/%g%%, peak memory <= "
             "%g%%/%g%%, network <= %g%%/%g%% (user-facing/other), shutdown P95 CPU < %g%%, "
             "accelerated networking %s",
             job_rs_window_days(r), job_rs_burstable_name(t->burstable_same_cores),
             t->user_facing < 0 ? "auto" : uf[t->user_facing != 0], t->uf_cpu, t->bg_cpu, t->uf_mem,
             t->bg_mem, t->uf_net, t->bg_net, t->shutdown_p95_cpu,
             t->accel_net_in_use ? "assumed in use" : "not assumed");
}

const char *job_rs_recommended_name(const struct job_rs_row *row)
{
    if (row->paas_target[0])
        return row->paas_target;
    if (row->r.recommended)
        return row->r.recommended->name;
    if (row->disk_target)
        return row->disk_target->name;
    return "";
}

/* The analysis window in hours and days. */
/* ST_NOTFOUND when month lies outside the days the cost rows (either
 * dataset) and the metrics cover, naming the month and those days. */
static enum status month_in_data(struct store *s, int month, struct err *e)
{
    int32_t first, last, f2, l2;
    enum status st = store_cost_day_range(s, DATASET_ACTUAL, &first, &last, e);
    enum status st2 = store_cost_day_range(s, DATASET_AMORTIZED, &f2, &l2, e);
    if ((st != ST_OK && st != ST_NOTFOUND) || (st2 != ST_OK && st2 != ST_NOTFOUND))
        return st != ST_OK && st != ST_NOTFOUND ? st : st2;
    if (st2 == ST_OK && st != ST_OK) {
        first = f2;
        last = l2;
    } else if (st2 == ST_OK) {
        first = f2 < first ? f2 : first;
        last = l2 > last ? l2 : last;
    }
    int have_costs = st == ST_OK || st2 == ST_OK;
    int64_t h;
    if ((st = store_metrics_last_hour(s, &h, e)) == ST_OK) {
        int32_t mday = (int32_t)(h / 24);
        last = !have_costs || mday > last ? mday : last;
        first = have_costs ? first : INT32_MIN; /* metrics reach back an unknown way */
        have_costs = 1;
    } else if (st != ST_NOTFOUND) {
        return st;
    }
    err_clear(e);
    char m[8], a[16], b[16];
    month_format(month, m);
    if (!have_costs)
        return err_set(e, ST_NOTFOUND, "--month %s: no costs or metrics imported", m);
    int32_t d0 = month_first_day(month), d1 = d0 + month_days(month) - 1;
    if (d1 >= first && d0 <= last)
        return ST_OK;
    if (first == INT32_MIN)
        return err_set(e, ST_NOTFOUND, "--month %s: no data in that month: the metrics end %s", m,
                       date_format(last, b));
    return err_set(e, ST_NOTFOUND, "--month %s: no data in that month: the cost data covers %s..%s",
                   m, date_format(first, a), date_format(last, b));
}

static enum status window(struct store *s, const struct job_rs_options *opt, int64_t *hour_from,
                          size_t *hours, struct err *e)
{
    if (opt->month >= 0) {
        int days = month_days(opt->month);
        if (opt->lookback_set && opt->lookback_days > 0 && opt->lookback_days < days)
            days = opt->lookback_days; /* the month's last N days */
        *hour_from = ((int64_t)month_first_day(opt->month + 1) - days) * 24;
        *hours = (size_t)days * 24;
        return month_in_data(s, opt->month, e);
    }
    int64_t end = INT64_MIN, h;
    int32_t day;
    enum status st = store_metrics_last_hour(s, &h, e);
    if (st == ST_OK)
        end = h + 1;
    else if (st != ST_NOTFOUND)
        return st;
    st = store_rightsize_last_cost_day(s, &day, e);
    if (st == ST_OK && ((int64_t)day + 1) * 24 > end)
        end = ((int64_t)day + 1) * 24;
    else if (st != ST_OK && st != ST_NOTFOUND)
        return st;
    if (end == INT64_MIN)
        return err_set(e, ST_NOTFOUND,
                       "no metrics and no costs imported; run 'yosan import' first");
    int days = opt->lookback_days > 0 ? opt->lookback_days : 30;
    *hours = (size_t)days * 24;
    *hour_from = end - (int64_t)*hours;
    return ST_OK;
}

/* What one VM's analysis needs besides its metrics (borrowed from the job). */
struct vm_task {
    size_t row;     /* index in out->rows */
    const char *id; /* resource id */
    const struct vm_size *size;
    const struct price_set *price; /* catalogue-sized hourly prices, or NULL */
    double billed_hours;
    double monthly_cost;
    int reserved;
};

/* Which price the VM row's saving used (the price_source column): the
 * target size's for a resize, the bill for a delete or shutdown of a billed
 * VM (its cost is the saving), else the current size's. */
static void vm_price_source(struct job_rs_row *row, const struct price_set *ps)
{
    const struct rs_result *r = &row->r;
    size_t ncat;
    const struct vm_size *cat = mdl_vmcat_all(&ncat);
    enum price_source src = PRICE_SRC_NONE;
    if (!(r->monthly_savings > 0))
        src = PRICE_SRC_NONE;
    else if (r->action == RS_RESIZE && r->recommended && ps)
        src = (enum price_source)ps->source[r->recommended - cat];
    else if (!isnan(row->monthly_cost))
        src = PRICE_SRC_BILL;
    else if (r->action != RS_RESIZE && ps && row->kind == RS_RES_VM && *row->current_size) {
        const struct vm_size *z = mdl_vmcat_find(row->current_size);
        src = z ? (enum price_source)ps->source[z - cat] : PRICE_SRC_NONE;
    }
    store_price_source_label(src, ps ? ps->ratio : 1.0, row->price_source,
                             sizeof row->price_source);
}

/* A worker analyses tasks worker, worker + nworkers, ... through its own
 * connection (the main one for worker 0). */
struct vm_worker {
    struct store *s;                  /* borrowed (worker 0) or a clone */
    const struct vm_task *tasks;      /* all tasks */
    size_t ntasks, first, stride;     /* which ones are ours */
    struct job_rs_row *rows;          /* out->rows */
    const struct job_rs_options *opt; /* thresholds */
    int64_t hour_from;                /* window */
    size_t hours;
    double model_seconds;  /* time in the model */
    struct textpool texts; /* the reasons of its rows, moved to the result after the run */
    enum status st;        /* result */
    struct err e;          /* its error */
};

static void *vm_worker_run(void *arg)
{
    struct vm_worker *w = arg;
    size_t H = w->hours;
    struct store_metrics_reader *reader = NULL;
    double *block = malloc((H ? H : 1) * 6 * sizeof(double));
    if (!block) {
        w->st = err_set(&w->e, ST_NOMEM, "out of memory");
        return NULL;
    }
    double *cpu_avg = block, *cpu_max = block + H, *mem = block + 2 * H;
    double *net = block + 3 * H, *scratch = block + 4 * H;
    double *avg[METRIC_KIND_COUNT] = {0}, *max[METRIC_KIND_COUNT] = {0};
    char why[RS_REASON_MAX];
    avg[METRIC_CPU_PCT] = cpu_avg;
    max[METRIC_CPU_PCT] = cpu_max;
    avg[METRIC_MEM_AVAIL_BYTES] = mem;
    avg[METRIC_NET_OUT_BYTES] = net;
    w->st = store_metrics_reader_new(w->s, &reader, &w->e);
    for (size_t i = w->first; w->st == ST_OK && i < w->ntasks; i += w->stride) {
        const struct vm_task *t = &w->tasks[i];
        if ((w->st = store_metrics_reader_load(reader, t->id, w->hour_from, H, avg, max, &w->e)) !=
            ST_OK)
            break;
        struct rs_vm vm = {
            .resource_id = t->id,
            .size = t->size,
            .hour_from = w->hour_from,
            .hours = H,
            .cpu_avg = cpu_avg,
            .cpu_max = cpu_max,
            .mem_avail = mem,
            .net_out = net,
            .billed_hours = t->billed_hours,
            .monthly_cost = t->monthly_cost,
            .reserved = t->reserved,
        };
        double t1 = now_seconds();
        struct rs_result *r = &w->rows[t->row].r;
        mdl_rightsize_vm(&vm, t->price ? t->price->hourly : NULL, &w->opt->thr, scratch, why, r);
        w->model_seconds += now_seconds() - t1;
        if (!(r->reason = job_rs_keep_text(&w->texts, why))) {
            r->reason = "";
            w->st = err_set(&w->e, ST_NOMEM, "out of memory");
            break;
        }
        vm_price_source(&w->rows[t->row], t->price);
    }
    store_metrics_reader_free(reader);
    free(block);
    return NULL;
}

/* Connections for the job's threads: c[0] is the caller's, the others are
 * clones reading the same data (store_rs_read_clone). */
#define RS_MAX_WORKERS 4
struct rs_conns {
    struct store *c[RS_MAX_WORKERS];
    size_t n;
};

/* One connection per online CPU or per `threads` when > 0 (at most
 * RS_MAX_WORKERS), fewer when the store cannot clone its snapshot. */
static void conns_open(struct store *s, int threads, struct rs_conns *p)
{
    long cpus = threads > 0 ? threads : sysconf(_SC_NPROCESSORS_ONLN);
    size_t want = cpus > 1 ? (size_t)cpus : 1;
    if (want > RS_MAX_WORKERS)
        want = RS_MAX_WORKERS;
    memset(p, 0, sizeof *p);
    p->c[0] = s;
    for (p->n = 1; p->n < want; p->n++) {
        struct err ce = {0};
        if (store_rs_read_clone(s, &p->c[p->n], &ce) != ST_OK) {
            log_debug("rightsize: reading on %zu connection(s): %s", p->n, ce.msg);
            break;
        }
    }
}

static void conns_close(struct rs_conns *p)
{
    for (size_t i = 1; i < p->n; i++)
        store_rs_read_clone_close(p->c[i]);
    p->n = 0;
}

/* Warming the own-rate cache on a second connection. */
struct price_warm {
    struct store *s;
    const struct price_days *days;
    enum status st;
    struct err e;
};

static void *price_warm_run(void *arg)
{
    struct price_warm *w = arg;
    w->st = store_price_warm(w->s, w->days, &w->e);
    return NULL;
}

/* Analyse every task, one thread per connection (fewer tasks than 256 run
 * on one). */
static enum status run_vm_tasks(const struct rs_conns *conns, const struct vm_task *tasks,
                                size_t ntasks, struct job_rs_row *rows, struct textpool *texts,
                                const struct job_rs_options *opt, int64_t hour_from, size_t hours,
                                double *model_seconds, struct err *e)
{
    size_t n = ntasks < 256 ? 1 : conns->n;
    struct vm_worker w[RS_MAX_WORKERS];
    pthread_t th[RS_MAX_WORKERS];
    memset(w, 0, sizeof w);
    for (size_t i = 0; i < n; i++) {
        w[i].s = conns->c[i];
        w[i].tasks = tasks;
        w[i].ntasks = ntasks;
        w[i].first = i;
        w[i].stride = n;
        w[i].rows = rows;
        w[i].opt = opt;
        w[i].hour_from = hour_from;
        w[i].hours = hours;
    }
    size_t started = 1;
    for (; started < n; started++)
        if (pthread_create(&th[started], NULL, vm_worker_run, &w[started]) != 0)
            break;
    vm_worker_run(&w[0]);
    /* the share of a thread that could not start runs here, on its connection */
    for (size_t i = started; i < n; i++)
        if (w[0].st == ST_OK)
            vm_worker_run(&w[i]);
    for (size_t i = 1; i < started; i++)
        pthread_join(th[i], NULL);
    enum status st = ST_OK;
    for (size_t i = 0; i < n; i++) {
        *model_seconds += w[i].model_seconds;
        textpool_splice(texts, &w[i].texts);
        if (st == ST_OK && w[i].st != ST_OK) {
            st = w[i].st;
            *e = w[i].e;
        }
    }
    log_debug("rightsize: %zu VMs on %zu thread(s)", ntasks, started);
    return st;
}

/* Everything one right-sizing run holds between its steps. */
struct rs_job {
    struct store *s;                  /* the caller's connection */
    const struct job_rs_options *opt; /* borrowed */
    struct job_rs_result *out;        /* the result being built */
    size_t cap;                       /* rows allocated in out */
    size_t hours;                     /* window length */
    int32_t day_from, day_to;         /* window in days */
    double month_scale;               /* window cost -> per 30 days */
    double t0, t_model;               /* timings */
    struct rs_conns conns;            /* one connection per thread */
    struct store *pc;                 /* the connection prices are read through */
    struct store_rs_rows billed;      /* every billed resource in the window */
    char **metric_ids;                /* resources with metrics */
    size_t n_metric_ids;
    struct price_cache prices;   /* per (region, currency) */
    struct price_days rate_days; /* own effective rates from these usage days */
    struct vm_task *tasks;       /* one per VM row */
    size_t ntasks;
    size_t first_unbilled_row; /* out->rows[first_unbilled_row..] are VMs not in the bill */
    struct rs_billed *bl;      /* the bill as the orphan rule sees it */
    int *orphan;               /* per billed resource */
    const char **why;          /* orphan reasons (static strings) */
    enum rs_confidence *oconf; /* orphan confidences */
    struct store_rs_disk_meters disk_meters; /* the disks' capacity meters */
    struct disk_index disks;                 /* ... indexed */
};

static void job_release(struct rs_job *j)
{
    free(j->bl);
    free(j->orphan);
    free(j->why);
    free(j->oconf);
    free(j->tasks);
    conns_close(&j->conns);
    for (size_t i = 0; i < j->n_metric_ids; i++)
        free(j->metric_ids[i]);
    free(j->metric_ids);
    price_cache_release(&j->prices);
    disk_index_release(&j->disks);
    store_rs_disk_meters_release(&j->disk_meters);
    /* the result's rows point at the bill's ids (job_rs_new_row) */
    textpool_splice(&j->out->texts, &j->billed.texts);
    store_rs_rows_release(&j->billed);
}

/* The bill and the resources with metrics on this connection, while the
 * own-rate scan runs on a second one. */
static enum status job_read(struct rs_job *j, struct err *e)
{
    conns_open(j->s, j->opt->threads, &j->conns);
    j->pc = j->conns.c[j->conns.n - 1];
    struct price_warm warm = {.s = j->pc, .days = &j->rate_days, .st = ST_OK};
    pthread_t warm_th;
    int warming = j->conns.n > 1 && pthread_create(&warm_th, NULL, price_warm_run, &warm) == 0;
    double t_bill = now_seconds();
    enum status st =
        store_rightsize_billed(j->s, j->day_from, j->day_to, j->opt->department, 0, &j->billed, e);
    if (st == ST_OK)
        log_debug("rightsize: bill read in %.3f s (%zu resources)", now_seconds() - t_bill,
                  j->billed.n);
    if (st == ST_OK)
        st = store_metrics_resources(j->s, &j->metric_ids, &j->n_metric_ids, e);
    if (warming) {
        pthread_join(warm_th, NULL);
        if (st == ST_OK && warm.st != ST_OK) {
            st = warm.st;
            *e = warm.e;
        }
    }
    return st;
}

/* A row and a task for every billed VM, then for every VM with metrics
 * but no cost rows (only when not filtering by department). */
static enum status job_vm_tasks(struct rs_job *j, struct err *e)
{
    j->tasks = malloc((j->billed.n + j->n_metric_ids + 1) * sizeof *j->tasks);
    if (!j->tasks)
        return err_set(e, ST_NOMEM, "out of memory");
    /* a billed resource or a VM with metrics gives at most one row of one
     * kind: room for them all at once, rather than doubling (up to half
     * unused, and old and new arrays at once while it moves) */
    size_t want = j->billed.n + j->n_metric_ids + 1;
    if (j->cap < want) {
        struct job_rs_row *p = realloc(j->out->rows, want * sizeof *p);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        j->out->rows = p;
        j->cap = want;
    }
    for (size_t i = 0; i < j->billed.n; i++) {
        const struct store_rs_row *b = &j->billed.v[i];
        if (!is_vm_id(b->resource_id))
            continue;
        struct job_rs_row *row = job_rs_new_row(j->out, &j->cap, b, b->resource_id, b->department,
                                                b->vm_size ? b->vm_size : "", RS_RES_VM);
        if (!row)
            return err_set(e, ST_NOMEM, "out of memory");
        snprintf(row->currency, sizeof row->currency, "%s", b->currency);
        row->monthly_cost = money_to_double(b->cost) * j->month_scale;
        const struct price_set *price = NULL;
        enum status st =
            prices_for(j->pc, &j->prices, b->region, b->currency, &j->rate_days, &price, e);
        if (st != ST_OK)
            return st;
        j->tasks[j->ntasks++] = (struct vm_task){
            .row = j->out->n - 1,
            .id = b->resource_id,
            .size = mdl_vmcat_find(b->vm_size),
            .price = price,
            .billed_hours = b->billed_hours,
            .monthly_cost = row->monthly_cost,
            .reserved = b->reserved,
        };
    }
    j->first_unbilled_row = j->out->n;
    for (size_t i = 0; !j->opt->department && i < j->n_metric_ids; i++) {
        const char *id = j->metric_ids[i];
        if (!is_vm_id(id) || store_rs_rows_find(&j->billed, id))
            continue;
        struct job_rs_row *row = job_rs_new_row(j->out, &j->cap, NULL, id, "", "", RS_RES_VM);
        if (!row)
            return err_set(e, ST_NOMEM, "out of memory");
        row->monthly_cost = NAN;
        j->tasks[j->ntasks++] =
            (struct vm_task){.row = j->out->n - 1, .id = id, .monthly_cost = NAN};
    }
    return ST_OK;
}

/* Drop the unbilled VMs with no data in the window, and count the VMs. */
static void job_keep_measured(struct rs_job *j)
{
    struct job_rs_result *out = j->out;
    size_t w = j->first_unbilled_row;
    for (size_t i = w; i < out->n; i++) {
        struct job_rs_row *row = &out->rows[i];
        if (row->r.coverage == 0)
            continue; /* its strings stay in out->texts until the result is released */
        if (row->r.action == RS_KEEP)
            row->r.reason = "not in the bill for this window: size and price unknown";
        out->rows[w++] = *row;
    }
    out->n = w;
    for (size_t i = 0; i < out->n; i++) {
        out->vms++;
        if (out->rows[i].r.coverage > 0)
            out->vms_with_metrics++;
    }
}

/* Orphans in the bill (unattached disks, unused public IPs) as delete rows;
 * also indexes the disks' tiers for the premium-disk rule. */
static enum status job_orphans(struct rs_job *j, struct err *e)
{
    size_t n = j->billed.n ? j->billed.n : 1;
    j->bl = calloc(n, sizeof *j->bl);
    j->orphan = calloc(n, sizeof *j->orphan);
    j->why = calloc(n, sizeof *j->why);
    j->oconf = calloc(n, sizeof *j->oconf);
    if (!j->bl || !j->orphan || !j->why || !j->oconf)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < j->billed.n; i++) {
        const struct store_rs_row *b = &j->billed.v[i];
        j->bl[i] = (struct rs_billed){b->resource_id, b->resource_group, b->subscription,
                                      last_segment(b->resource_id), mdl_rs_kind_of(b->resource_id)};
    }
    /* the disks' tiers (capacity meters) and the bill's own price per disk-month */
    double t_meters = now_seconds();
    enum status st = store_rightsize_disk_meters(j->s, j->day_from, j->day_to, j->billed.dataset,
                                                 &j->disk_meters, e);
    if (st == ST_OK)
        st = disk_index_build(&j->disk_meters, &j->disks, e);
    if (st != ST_OK)
        return st;
    log_debug("rightsize: disk meters read in %.3f s (%zu rows)", now_seconds() - t_meters,
              j->disk_meters.n);
    double t2 = now_seconds();
    mdl_rs_orphans(j->bl, j->billed.n, j->orphan, j->why, j->oconf);
    j->t_model += now_seconds() - t2;
    for (size_t i = 0; i < j->billed.n; i++) {
        if (!j->orphan[i])
            continue;
        const struct store_rs_row *b = &j->billed.v[i];
        const struct disk_bill *db =
            j->bl[i].kind == RS_RES_DISK ? disk_bill_find(&j->disks, b->resource_id) : NULL;
        struct job_rs_row *row =
            job_rs_new_row(j->out, &j->cap, b, b->resource_id, b->department,
                           db && db->tier ? db->tier->name : "", j->bl[i].kind);
        if (!row)
            return err_set(e, ST_NOMEM, "out of memory");
        snprintf(row->currency, sizeof row->currency, "%s", b->currency);
        row->monthly_cost = money_to_double(b->cost) * j->month_scale;
        struct rs_result *r = &row->r;
        no_vm_stats(r);
        r->action = RS_DELETE;
        r->monthly_savings = row->monthly_cost;
        snprintf(row->price_source, sizeof row->price_source, "bill");
        r->confidence = j->oconf[i];
        if (!(r->reason = job_rs_keep_text(&j->out->texts, j->why[i])))
            return err_set(e, ST_NOMEM, "out of memory");
    }
    return ST_OK;
}

/* Rows for the billed premium disks that are not orphans and have IOPS
 * metrics in the window (mdl_rightsize_disk), read through their own
 * metrics reader on the job's connection. */
static enum status job_disks(struct rs_job *j, struct err *e)
{
    size_t H = j->hours;
    struct store_metrics_reader *reader = NULL;
    double *block = malloc(H * 4 * sizeof(double));
    if (!block)
        return err_set(e, ST_NOMEM, "out of memory");
    double *read_ops = block, *write_ops = block + H, *scratch = block + 2 * H;
    double *davg[METRIC_KIND_COUNT] = {0}, *dmax[METRIC_KIND_COUNT] = {0};
    davg[METRIC_DISK_READ_OPS] = read_ops;
    davg[METRIC_DISK_WRITE_OPS] = write_ops;
    enum status st = store_metrics_reader_new(j->s, &reader, e);
    for (size_t i = 0; st == ST_OK && i < j->billed.n; i++) {
        const struct store_rs_row *b = &j->billed.v[i];
        if (j->bl[i].kind != RS_RES_DISK || j->orphan[i])
            continue;
        const struct disk_bill *db = disk_bill_find(&j->disks, b->resource_id);
        if (!db || !db->tier || db->tier->family != DISK_PREMIUM_SSD)
            continue;
        if ((st = store_metrics_reader_load(reader, b->resource_id, j->out->hour_from, H, davg,
                                            dmax, e)) != ST_OK)
            break;
        const struct disk_tier *target = mdl_disktier_same_size(db->tier, DISK_STANDARD_SSD);
        const struct disk_price *tp =
            target ? disk_price_find(&j->disks, target, db->redundancy, b->region, b->currency)
                   : NULL;
        struct rs_disk d = {
            .resource_id = b->resource_id,
            .tier = db->tier,
            .hours = H,
            .read_ops = read_ops,
            .write_ops = write_ops,
            .monthly_cost = money_to_double(b->cost) * j->month_scale,
            .bill_price_now = db->price_month,
            .bill_price_target = tp ? money_to_double(tp->cost) / tp->months : NAN,
            .reserved = b->reserved,
        };
        struct rs_disk_result dr;
        double t1 = now_seconds();
        int analysed = mdl_rightsize_disk(&d, &j->opt->thr, scratch, &dr);
        j->t_model += now_seconds() - t1;
        if (!analysed)
            continue; /* no IOPS data: nothing can be proved */
        j->out->disks++;
        struct job_rs_row *row = job_rs_new_row(j->out, &j->cap, b, b->resource_id, b->department,
                                                db->tier->name, RS_RES_DISK);
        if (!row) {
            st = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        snprintf(row->currency, sizeof row->currency, "%s", b->currency);
        row->monthly_cost = d.monthly_cost;
        struct rs_result *r = &row->r;
        no_vm_stats(r);
        r->action = dr.action;
        r->coverage = dr.coverage;
        r->monthly_savings = dr.monthly_savings;
        r->confidence = dr.confidence;
        row->disk_target = dr.action == RS_RESIZE ? dr.target : NULL;
        if (!(r->reason = job_rs_keep_text(&j->out->texts, dr.reason))) {
            st = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        if (dr.monthly_savings > 0) /* the bill's two tiers, else the list prices' ratio */
            snprintf(row->price_source, sizeof row->price_source, "%s",
                     dr.price_from_bill ? "bill" : "list steps");
    }
    store_metrics_reader_free(reader);
    free(block);
    return st;
}

/* ------------------------------------ data location and support life */

static int cmp_abroad(const void *a, const void *b)
{
    const struct job_rs_abroad *x = a, *y = b;
    if (x->monthly_cost != y->monthly_cost)
        return x->monthly_cost > y->monthly_cost ? -1 : 1;
    return strcmp(x->resource_id, y->resource_id);
}

static int cmp_support(const void *a, const void *b)
{
    const struct job_rs_support *x = a, *y = b;
    int c = strcmp(x->entry->end_date, y->entry->end_date);
    if (c)
        return c;
    c = strcmp(x->resource_id, y->resource_id);
    return c ? c : strcmp(x->what, y->what);
}

/* Every billed resource outside Japan East/West (an empty or unknown region
 * too: not confirmed in Japan is listed, never passed). */
static enum status job_abroad(struct rs_job *j, struct err *e)
{
    struct job_rs_result *out = j->out;
    out->abroad = calloc(j->billed.n ? j->billed.n : 1, sizeof *out->abroad);
    if (!out->abroad)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < j->billed.n; i++) {
        const struct store_rs_row *b = &j->billed.v[i];
        if (mdl_region_in_japan(b->region))
            continue;
        struct job_rs_abroad *a = &out->abroad[out->nabroad++];
        a->resource_id = strdup(b->resource_id);
        a->department = strdup(b->department);
        a->region = strdup(b->region);
        if (!a->resource_id || !a->department || !a->region)
            return err_set(e, ST_NOMEM, "out of memory");
        a->where = mdl_region_find(b->region);
        snprintf(a->currency, sizeof a->currency, "%s", b->currency);
        a->monthly_cost = money_to_double(b->cost) * j->month_scale;
    }
    if (out->nabroad)
        qsort(out->abroad, out->nabroad, sizeof *out->abroad, cmp_abroad);
    return ST_OK;
}

static enum status support_push(struct job_rs_result *out, size_t *cap, const char *id,
                                const char *dept, const char *what,
                                const struct support_entry *entry, const char *currency,
                                double monthly_cost, struct err *e)
{
    if (out->nsupport == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        struct job_rs_support *p = realloc(out->support, ncap * sizeof *p);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        out->support = p;
        *cap = ncap;
    }
    struct job_rs_support *x = &out->support[out->nsupport++];
    memset(x, 0, sizeof *x);
    x->resource_id = strdup(id);
    x->department = strdup(dept);
    x->what = strdup(what);
    if (!x->resource_id || !x->department || !x->what)
        return err_set(e, ST_NOMEM, "out of memory");
    x->entry = entry;
    snprintf(x->currency, sizeof x->currency, "%s", currency);
    x->monthly_cost = monthly_cost;
    return ST_OK;
}

/* VMs on a retiring size series (from the bill's sizes) and resources whose
 * meters name an OS or SQL Server version near its end of support. */
static enum status job_support(struct rs_job *j, struct err *e)
{
    struct job_rs_result *out = j->out;
    size_t cap = 0;
    enum status st = ST_OK;
    for (size_t i = 0; st == ST_OK && i < j->billed.n; i++) {
        const struct store_rs_row *b = &j->billed.v[i];
        const struct support_entry *se = b->vm_size ? mdl_support_vm_size(b->vm_size) : NULL;
        if (se && is_vm_id(b->resource_id))
            st = support_push(out, &cap, b->resource_id, b->department, b->vm_size, se, b->currency,
                              money_to_double(b->cost) * j->month_scale, e);
    }
    struct store_rs_texts texts;
    if (st == ST_OK)
        st = store_rightsize_product_texts(j->s, j->day_from, j->day_to, j->billed.dataset,
                                           j->opt->department, &texts, e);
    if (st != ST_OK)
        return st;
    for (size_t i = 0; st == ST_OK && i < texts.n; i++) {
        const struct store_rs_text *t = &texts.v[i];
        const struct support_entry *se = mdl_support_text(t->text);
        if (se)
            st = support_push(out, &cap, t->resource_id, t->department, t->text, se, t->currency,
                              money_to_double(t->cost) * j->month_scale, e);
    }
    store_rs_texts_release(&texts);
    if (st == ST_OK && out->nsupport)
        qsort(out->support, out->nsupport, sizeof *out->support, cmp_support);
    return st;
}

/* Sort the rows and add up the savings as printed (whole yen, cents
 * otherwise), so every output's rows add up to its total. */
static void job_totals(struct rs_job *j)
{
    struct job_rs_result *out = j->out;
    if (out->n) /* rows is NULL for an empty month, and qsort's pointer must not be */
        qsort(out->rows, out->n, sizeof *out->rows, cmp_rows);
    for (size_t i = 0; i < out->n; i++) {
        const struct job_rs_row *row = &out->rows[i];
        if (row->r.monthly_savings <= 0)
            continue;
        double scale = strcmp(row->currency, "JPY") == 0 || !row->currency[0] ? 1.0 : 100.0;
        out->total_savings += round(row->r.monthly_savings * scale) / scale;
        if (!out->currency[0])
            snprintf(out->currency, sizeof out->currency, "%s", row->currency);
        else if (strcmp(out->currency, row->currency) != 0)
            snprintf(out->currency, sizeof out->currency, "MIX");
    }
    if (strcmp(out->currency, "MIX") == 0)
        log_warn("savings are in more than one currency; the total mixes them");
}

enum status job_rightsize(struct store *s, const struct job_rs_options *opt,
                          struct job_rs_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct rs_job j;
    memset(&j, 0, sizeof j);
    j.s = s;
    j.opt = opt;
    j.out = out;
    j.t0 = now_seconds();
    enum status st = store_rs_read_begin(s, e);
    if (st != ST_OK)
        return st;
    st = window(s, opt, &out->hour_from, &out->hours, e);
    if (st == ST_OK) {
        j.hours = out->hours;
        j.day_from = (int32_t)(out->hour_from / 24);
        j.day_to = (int32_t)((out->hour_from + (int64_t)j.hours - 1) / 24);
        out->last_day = j.day_to;
        j.month_scale = 30.0 / ((double)j.hours / 24.0);
        /* what the estate pays now: own rates from the last 90 days (the
         * window when longer), not from years of older prices */
        j.rate_days.to_day = j.day_to;
        j.rate_days.from_day = j.day_to - 89 < j.day_from ? j.day_to - 89 : j.day_from;
        st = job_read(&j, e);
    }
    if (st == ST_OK)
        st = job_vm_tasks(&j, e);
    double t_vms = now_seconds();
    if (st == ST_OK)
        st = run_vm_tasks(&j.conns, j.tasks, j.ntasks, out->rows, &out->texts, opt, out->hour_from,
                          j.hours, &j.t_model, e);
    if (st == ST_OK) {
        log_debug("rightsize: set up in %.3f s, VMs analysed in %.3f s", t_vms - j.t0,
                  now_seconds() - t_vms);
        job_keep_measured(&j);
        st = job_orphans(&j, e);
    }
    double t_disks = now_seconds();
    if (st == ST_OK)
        st = job_disks(&j, e);
    if (st == ST_OK) {
        log_debug("rightsize: %zu premium disks with IOPS data analysed in %.3f s", out->disks,
                  now_seconds() - t_disks);
        struct job_rs_ctx c = {s,          opt,      out,           &j.cap,    &j.billed,
                               j.day_from, j.day_to, j.month_scale, &j.t_model};
        st = job_rs_network(&c, e);
        if (st == ST_OK)
            st = job_rs_paas(&c, e);
    }
    if (st == ST_OK) {
        job_totals(&j);
        st = job_abroad(&j, e);
    }
    if (st == ST_OK)
        st = job_support(&j, e);
    out->model_seconds = j.t_model;
    out->load_seconds = now_seconds() - j.t0 - j.t_model;
    job_release(&j);
    store_rs_read_end(s);
    if (st != ST_OK)
        job_rs_result_release(out);
    return st;
}

void job_rs_result_release(struct job_rs_result *r)
{
    free(r->rows);
    r->rows = NULL;
    r->n = 0;
    textpool_release(&r->texts);
    for (size_t i = 0; i < r->nabroad; i++) {
        free(r->abroad[i].resource_id);
        free(r->abroad[i].department);
        free(r->abroad[i].region);
    }
    free(r->abroad);
    r->abroad = NULL;
    r->nabroad = 0;
    for (size_t i = 0; i < r->nsupport; i++) {
        free(r->support[i].resource_id);
        free(r->support[i].department);
        free(r->support[i].what);
    }
    free(r->support);
    r->support = NULL;
    r->nsupport = 0;
    for (size_t i = 0; i < r->ncoverage; i++)
        free(r->coverage[i].service);
    free(r->coverage);
    r->coverage = NULL;
    r->ncoverage = 0;
}
