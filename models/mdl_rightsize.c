/*
 * mdl_rightsize.c - right-sizing and bill-waste rules (see mdl_rightsize.h
 * and docs/rightsize.md). Pure: no I/O, no allocation except the orphan
 * index; the caller passes scratch space so 10,000 VMs run without malloc.
 */
#include "mdl_rightsize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

void mdl_rs_defaults(struct rs_thresholds *t)
{
    t->shutdown_p95_cpu = 3;
    t->shutdown_max3d_cpu = 2;
    t->shutdown_net_pct = 2;
    t->uf_cpu = 40;
    t->uf_net = 40;
    t->uf_mem = 60;
    t->bg_cpu = 80;
    t->bg_net = 80;
    t->bg_mem = 80;
    t->min_coverage = 0.5;
    t->high_coverage = 0.9;
    t->min_mem_keep = 0.5;
    t->stopped_max_cpu = 0.5;
    t->stopped_billed_share = 0.9;
    t->user_facing = -1;
    t->accel_net_in_use = 1;
    t->disk_iops_share = 80;
    t->burstable_same_cores = 0;
}

const char *mdl_rs_action_name(enum rs_action a)
{
    switch (a) {
    case RS_RESIZE:
        return "resize";
    case RS_SHUTDOWN:
        return "shutdown";
    case RS_DELETE:
        return "delete";
    case RS_KEEP:
    default:
        return "keep";
    }
}

const char *mdl_rs_confidence_name(enum rs_confidence c)
{
    switch (c) {
    case RS_CONF_HIGH:
        return "high";
    case RS_CONF_MEDIUM:
        return "medium";
    case RS_CONF_LOW:
    default:
        return "low";
    }
}

/* ---------------------------------------------------------------- statistics */

static void swap_d(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* k-th smallest of x[0..n) (Wirth's selection; reorders x). */
static double select_kth(double *x, size_t n, size_t kk)
{
    long l = 0, m = (long)n - 1, k = (long)kk;
    while (l < m) {
        double pivot = x[k];
        long i = l, j = m;
        do {
            while (x[i] < pivot)
                i++;
            while (pivot < x[j])
                j--;
            if (i <= j) {
                swap_d(&x[i], &x[j]);
                i++;
                j--;
            }
        } while (i <= j);
        if (j < k)
            l = i;
        if (k < i)
            m = j;
    }
    return x[k];
}

double mdl_rs_quantile(const double *x, size_t n, double p, double *scratch)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            scratch[m++] = x[i];
    if (m == 0)
        return NAN;
    double h = (double)(m - 1) * p;
    size_t lo = (size_t)floor(h);
    double frac = h - (double)lo;
    double a = select_kth(scratch, m, lo);
    if (frac <= 0 || lo + 1 >= m)
        return a;
    /* the next order statistic is the minimum of the upper part */
    double b = INFINITY;
    for (size_t i = lo + 1; i < m; i++)
        if (scratch[i] < b)
            b = scratch[i];
    return a + frac * (b - a);
}

double mdl_rs_project_cpu(double cpu_pct, const struct vm_size *from, const struct vm_size *to)
{
    return cpu_pct * (double)from->vcpus / (double)to->vcpus;
}

double mdl_rs_net_capacity_mbps(const struct vm_size *z)
{
    return (double)z->net_mbps; /* the catalogue's figure (mdl_vmcat.c) */
}

/* ---------------------------------------------------------------- one VM */

struct vm_stats {
    size_t have; /* hours with CPU data */
    double p95, max, avg, max3d;
    double peak_mem;   /* % or NAN */
    double used_bytes; /* peak memory used, bytes, or NAN */
    double p95_net;    /* % of capacity or NAN */
    double net_mbps;   /* P95 outbound Mbit/s or NAN */
    int user_facing;
};

static int infer_user_facing(const struct rs_vm *vm)
{
    double sum_in = 0, sum_out = 0;
    size_t n_in = 0, n_out = 0;
    /* business hours: 08:00-20:00 JST (no daylight saving time), Monday-Friday */
    int64_t jst = vm->hour_from + 9;
    int h = (int)(((jst % 24) + 24) % 24);
    int wd = date_weekday((int32_t)((jst - h) / 24));
    for (size_t k = 0; k < vm->hours; k++) {
        double v = vm->cpu_avg ? vm->cpu_avg[k] : NAN;
        if (!isnan(v)) {
            if (h >= 8 && h < 20 && wd < 5) {
                sum_in += v;
                n_in++;
            } else {
                sum_out += v;
                n_out++;
            }
        }
        if (++h == 24) {
            h = 0;
            wd = (wd + 1) % 7;
        }
    }
    if (n_in < 24 || n_out < 24)
        return 0;
    double in = sum_in / (double)n_in, out = sum_out / (double)n_out;
    return in >= 1.0 && in >= 1.5 * out;
}

static void compute_stats(const struct rs_vm *vm, const struct rs_thresholds *t, double *scratch,
                          struct vm_stats *s)
{
    memset(s, 0, sizeof *s);
    s->peak_mem = s->used_bytes = s->p95_net = s->net_mbps = NAN;
    const double *peak = vm->cpu_max ? vm->cpu_max : vm->cpu_avg;
    const double *mean = vm->cpu_avg ? vm->cpu_avg : vm->cpu_max;
    double sum = 0, mx = -INFINITY;
    size_t n_mean = 0;
    for (size_t k = 0; k < vm->hours; k++) {
        double a = mean ? mean[k] : NAN, p = peak ? peak[k] : NAN;
        if (isnan(p))
            p = a;
        if (isnan(a))
            a = p;
        if (isnan(a))
            continue;
        s->have++;
        sum += a;
        n_mean++;
        if (p > mx)
            mx = p;
    }
    if (s->have == 0)
        return;
    s->avg = sum / (double)n_mean;
    s->max = mx;
    /* P95 over the hourly maxima, falling back to means where a max is missing */
    for (size_t k = 0; k < vm->hours; k++) {
        double p = peak ? peak[k] : NAN;
        scratch[k] = isnan(p) ? (mean ? mean[k] : NAN) : p;
    }
    double *tmp = scratch + vm->hours; /* caller gives 2 x hours */
    s->p95 = mdl_rs_quantile(scratch, vm->hours, 0.95, tmp);
    /* highest 72-hour mean (the whole span when shorter) */
    size_t win = vm->hours < 72 ? vm->hours : 72;
    double wsum = 0;
    size_t wn = 0;
    s->max3d = -INFINITY;
    for (size_t k = 0; k < vm->hours; k++) {
        double a = mean ? mean[k] : NAN;
        if (!isnan(a)) {
            wsum += a;
            wn++;
        }
        if (k >= win) {
            double old = mean ? mean[k - win] : NAN;
            if (!isnan(old)) {
                wsum -= old;
                wn--;
            }
        }
        if (k + 1 >= win && wn >= (win < 24 ? 1 : 24) && wsum / (double)wn > s->max3d)
            s->max3d = wsum / (double)wn;
    }
    if (s->max3d == -INFINITY)
        s->max3d = s->avg;
    if (s->max3d < 0)
        s->max3d = 0;
    if (vm->mem_avail && vm->size) {
        double mem = vm->size->mem_gib * 1073741824.0, lo = INFINITY;
        for (size_t k = 0; k < vm->hours; k++)
            if (!isnan(vm->mem_avail[k]) && vm->mem_avail[k] < lo)
                lo = vm->mem_avail[k];
        if (lo != INFINITY) {
            double used = mem - lo;
            if (used < 0)
                used = 0;
            s->used_bytes = used;
            s->peak_mem = 100.0 * used / mem;
        }
    }
    if (vm->net_out) {
        double q = mdl_rs_quantile(vm->net_out, vm->hours, 0.95, tmp);
        if (!isnan(q)) {
            s->net_mbps = q * 8.0 / 3600.0 / 1e6;
            if (vm->size)
                s->p95_net = 100.0 * s->net_mbps / mdl_rs_net_capacity_mbps(vm->size);
        }
    }
    s->user_facing = t->user_facing >= 0 ? t->user_facing : infer_user_facing(vm);
}

/* 1 when size c can take the measured load within the limits. */
static int fits(const struct rs_vm *vm, const struct vm_stats *s, const struct vm_size *c,
                const struct rs_thresholds *t)
{
    const struct vm_size *cur = vm->size;
    if (c == cur || c->legacy)
        return 0;
    if (cur->premium_storage && !c->premium_storage)
        return 0;
    if (cur->accel_net && t->accel_net_in_use && !c->accel_net)
        return 0;
    double cpu_lim = s->user_facing ? t->uf_cpu : t->bg_cpu;
    double mem_lim = s->user_facing ? t->uf_mem : t->bg_mem;
    double net_lim = s->user_facing ? t->uf_net : t->bg_net;
    double p95 = mdl_rs_project_cpu(s->p95, cur, c);
    if (mdl_rs_project_cpu(s->max, cur, c) > 100.0) /* never below the observed peak */
        return 0;
    if (c->base_cpu_pct > 0) {
        /* burstable: the mean stays under the baseline and P95 under twice it */
        if (cur->accel_net && t->accel_net_in_use)
            return 0;
        if (t->burstable_same_cores && c->vcpus != cur->vcpus)
            return 0; /* Advisor keeps the core count (docs/rightsize.md, "Choices") */
        if (mdl_rs_project_cpu(s->avg, cur, c) >= c->base_cpu_pct || p95 >= 2 * c->base_cpu_pct ||
            p95 > cpu_lim)
            return 0;
    } else if (p95 > cpu_lim) {
        return 0;
    }
    if (!isnan(s->used_bytes)) {
        if (100.0 * s->used_bytes / (c->mem_gib * 1073741824.0) > mem_lim)
            return 0;
    } else if (c->mem_gib < t->min_mem_keep * cur->mem_gib) {
        return 0;
    }
    if (!isnan(s->net_mbps) && 100.0 * s->net_mbps / mdl_rs_net_capacity_mbps(c) > net_lim)
        return 0;
    return 1;
}

static double savings(const struct rs_vm *vm, double now, double then)
{
    if (isnan(now) || isnan(then) || now <= 0)
        return 0;
    if (!isnan(vm->monthly_cost) && vm->monthly_cost > 0)
        return vm->monthly_cost * (1.0 - then / now); /* keeps the user's hours and discount */
    return (now - then) * 730.0;
}

static enum rs_confidence lower(enum rs_confidence c)
{
    return c == RS_CONF_HIGH ? RS_CONF_MEDIUM : RS_CONF_LOW;
}

void mdl_rightsize_vm(const struct rs_vm *vm, const double *prices, const struct rs_thresholds *t,
                      double *scratch, char *why, struct rs_result *out)
{
    memset(out, 0, sizeof *out);
    why[0] = '\0';
    out->reason = why;
    out->action = RS_KEEP;
    out->peak_mem_pct = out->p95_net_pct = out->hourly_now = out->hourly_new = NAN;
    out->p95_cpu = out->max_cpu = out->avg_cpu = out->max3d_cpu = NAN;
    size_t ncat;
    const struct vm_size *cat = mdl_vmcat_all(&ncat);
    if (vm->size && prices)
        out->hourly_now = prices[vm->size - cat];

    struct vm_stats s;
    compute_stats(vm, t, scratch, &s);
    out->coverage = vm->hours ? (double)s.have / (double)vm->hours : 0;
    int days = (int)(s.have / 24);

    /* stopped but not deallocated: billed for (nearly) every hour, never busy */
    if (vm->billed_hours > 0 && vm->hours > 0 &&
        vm->billed_hours >= t->stopped_billed_share * (double)vm->hours &&
        (out->coverage < 0.05 ||
         (s.max <= t->stopped_max_cpu && (isnan(s.net_mbps) || s.net_mbps < 0.001)))) {
        out->action = RS_SHUTDOWN;
        out->monthly_savings = !isnan(vm->monthly_cost) ? vm->monthly_cost : 0;
        out->confidence = out->coverage < 0.05 ? RS_CONF_MEDIUM : RS_CONF_HIGH;
        snprintf(why, RS_REASON_MAX,
                 "compute billed %.0f of %zu hours but %s: stopped without deallocating? "
                 "deallocate it",
                 vm->billed_hours, vm->hours,
                 out->coverage < 0.05 ? "no CPU metrics" : "CPU never above idle");
        if (s.have) {
            out->p95_cpu = s.p95;
            out->max_cpu = s.max;
            out->avg_cpu = s.avg;
            out->max3d_cpu = s.max3d;
        }
        return;
    }
    if (s.have == 0) {
        out->confidence = RS_CONF_LOW;
        snprintf(why, RS_REASON_MAX, "no CPU metrics in the lookback");
        return;
    }
    out->p95_cpu = s.p95;
    out->max_cpu = s.max;
    out->avg_cpu = s.avg;
    out->max3d_cpu = s.max3d;
    out->peak_mem_pct = s.peak_mem;
    out->p95_net_pct = s.p95_net;
    out->user_facing = s.user_facing;

    enum rs_confidence conf = RS_CONF_LOW;
    if (out->coverage >= t->high_coverage && !isnan(s.peak_mem) && days >= 7)
        conf = RS_CONF_HIGH;
    else if (out->coverage >= t->min_coverage)
        conf = RS_CONF_MEDIUM;
    if (conf == RS_CONF_HIGH && days < 7)
        conf = RS_CONF_MEDIUM;
    const char *low_note = out->coverage < t->min_coverage ? "; low data coverage" : "";
    const char *res_note = vm->reserved
                               ? "; covered by a reservation/savings plan: savings need an "
                                 "exchange or a new commitment"
                               : "";

    /* Advisor shutdown rule (outbound network when measured) */
    if (s.p95 < t->shutdown_p95_cpu && s.max3d <= t->shutdown_max3d_cpu &&
        (isnan(s.p95_net) || s.p95_net < t->shutdown_net_pct)) {
        out->action = RS_SHUTDOWN;
        out->monthly_savings = !isnan(vm->monthly_cost)  ? vm->monthly_cost
                               : !isnan(out->hourly_now) ? out->hourly_now * 730.0
                                                         : 0;
        if (isnan(s.p95_net) && conf == RS_CONF_HIGH)
            conf = RS_CONF_MEDIUM;
        out->confidence = vm->reserved ? lower(conf) : conf;
        snprintf(why, RS_REASON_MAX,
                 "idle: P95 CPU %.1f%% < %g%%, highest 3-day mean %.1f%% <= %g%%%s%s", s.p95,
                 t->shutdown_p95_cpu, s.max3d, t->shutdown_max3d_cpu, low_note, res_note);
        return;
    }
    out->confidence = conf;
    if (!vm->size) {
        snprintf(why, RS_REASON_MAX, "size not in the catalogue%s", low_note);
        return;
    }
    if (!prices || isnan(out->hourly_now)) {
        snprintf(why, RS_REASON_MAX, "no price known for %s%s", vm->size->name, low_note);
        return;
    }
    const struct vm_size *same = NULL, *other = NULL;
    double same_p = INFINITY, other_p = INFINITY;
    for (size_t i = 0; i < ncat; i++) {
        const struct vm_size *c = &cat[i];
        double p = prices[i];
        if (isnan(p) || p >= out->hourly_now || !fits(vm, &s, c, t))
            continue;
        if (strcmp(c->family, vm->size->family) == 0) {
            if (p < same_p) {
                same = c;
                same_p = p;
            }
        } else if (p < other_p) {
            other = c;
            other_p = p;
        }
    }
    const struct vm_size *rec = same ? same : other;
    const struct vm_size *alt = same ? other : NULL;
    if (!rec) {
        snprintf(why, RS_REASON_MAX,
                 "right-sized: no cheaper size keeps P95 CPU <= %g%% and memory <= %g%%%s",
                 s.user_facing ? t->uf_cpu : t->bg_cpu, s.user_facing ? t->uf_mem : t->bg_mem,
                 low_note);
        return;
    }
    out->action = RS_RESIZE;
    out->recommended = rec;
    out->alternative = alt;
    out->hourly_new = same ? same_p : other_p;
    out->monthly_savings = savings(vm, out->hourly_now, out->hourly_new);
    out->alt_savings = alt ? savings(vm, out->hourly_now, other_p) : 0;
    if (isnan(s.peak_mem) && out->confidence == RS_CONF_HIGH)
        out->confidence = RS_CONF_MEDIUM;
    if (vm->reserved)
        out->confidence = lower(out->confidence);
    char mem[48];
    if (isnan(s.peak_mem))
        snprintf(mem, sizeof mem, "memory not measured");
    else
        snprintf(mem, sizeof mem, "peak memory %.0f%% -> %.0f%%", s.peak_mem,
                 100.0 * s.used_bytes / (rec->mem_gib * 1073741824.0));
    snprintf(why, RS_REASON_MAX, "%s: P95 CPU %.1f%% -> %.1f%% on %s, %s%s%s%s",
             s.user_facing ? "user-facing" : "batch/background", s.p95,
             mdl_rs_project_cpu(s.p95, vm->size, rec), rec->name, mem,
             rec->base_cpu_pct > 0 ? "; mean under the burst baseline" : "", low_note, res_note);
}

/* ---------------------------------------------------------------- orphans */

enum rs_res_kind mdl_rs_kind_of(const char *id)
{
    static const struct {
        const char *type;
        enum rs_res_kind kind;
    } types[] = {
        {"/providers/microsoft.compute/virtualmachines/", RS_RES_VM},
        {"/providers/microsoft.compute/virtualmachinescalesets/", RS_RES_VM},
        {"/providers/microsoft.compute/disks/", RS_RES_DISK},
        {"/providers/microsoft.network/publicipaddresses/", RS_RES_PUBLIC_IP},
        {"/providers/microsoft.network/loadbalancers/", RS_RES_NETWORK_USER},
        {"/providers/microsoft.network/applicationgateways/", RS_RES_NETWORK_USER},
        {"/providers/microsoft.network/azurefirewalls/", RS_RES_NETWORK_USER},
        {"/providers/microsoft.network/natgateways/", RS_RES_NETWORK_USER},
        {"/providers/microsoft.network/virtualnetworkgateways/", RS_RES_NETWORK_USER},
        {"/providers/microsoft.network/bastionhosts/", RS_RES_NETWORK_USER},
    };
    if (!id)
        return RS_RES_OTHER;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strstr(id, types[i].type))
            return types[i].kind;
    return RS_RES_OTHER;
}

struct scope_key {
    const char *sub, *rg; /* borrowed */
    int has_vm, has_net;  /* something billed there */
};

static int cmp_scope(const void *a, const void *b)
{
    const struct scope_key *x = a, *y = b;
    int c = strcmp(x->sub, y->sub);
    return c ? c : strcmp(x->rg, y->rg);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 when name contains one of the sorted VM names as a whole token: bounded
 * by the start or end of the name or by '-', '_' or '.' (vm01-osdisk,
 * pip-vm01, vm01_OsDisk_1_abc). */
static int names_a_vm(const char *name, const char *const *vm_names, size_t nv)
{
    char buf[256];
    size_t len = strlen(name);
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && name[i - 1] != '-' && name[i - 1] != '_' && name[i - 1] != '.')
            continue;
        for (size_t j = i + 1; j <= len; j++) {
            if (j < len && name[j] != '-' && name[j] != '_' && name[j] != '.')
                continue;
            memcpy(buf, name + i, j - i);
            buf[j - i] = '\0';
            const char *p = buf;
            if (bsearch(&p, vm_names, nv, sizeof *vm_names, cmp_str))
                return 1;
        }
    }
    return 0;
}

size_t mdl_rs_orphans(const struct rs_billed *r, size_t n, int *orphan, const char **reasons,
                      enum rs_confidence *conf)
{
    for (size_t i = 0; i < n; i++) {
        orphan[i] = 0;
        reasons[i] = NULL;
        conf[i] = RS_CONF_LOW;
    }
    struct scope_key *scopes = malloc((n ? n : 1) * sizeof *scopes);
    const char **vm_names = malloc((n ? n : 1) * sizeof *vm_names);
    if (!scopes || !vm_names) {
        free(scopes);
        free(vm_names);
        return 0;
    }
    size_t ns = 0, nv = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].kind != RS_RES_VM && r[i].kind != RS_RES_NETWORK_USER)
            continue;
        scopes[ns].sub = r[i].subscription ? r[i].subscription : "";
        scopes[ns].rg = r[i].resource_group ? r[i].resource_group : "";
        scopes[ns].has_vm = r[i].kind == RS_RES_VM;
        scopes[ns].has_net = r[i].kind == RS_RES_NETWORK_USER;
        ns++;
        if (r[i].kind == RS_RES_VM && r[i].name)
            vm_names[nv++] = r[i].name;
    }
    qsort(scopes, ns, sizeof *scopes, cmp_scope);
    size_t u = 0; /* merge the flags of equal scopes */
    for (size_t i = 0; i < ns; i++) {
        if (u > 0 && cmp_scope(&scopes[u - 1], &scopes[i]) == 0) {
            scopes[u - 1].has_vm |= scopes[i].has_vm;
            scopes[u - 1].has_net |= scopes[i].has_net;
        } else {
            scopes[u++] = scopes[i];
        }
    }
    ns = u;
    qsort(vm_names, nv, sizeof *vm_names, cmp_str);
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].kind != RS_RES_DISK && r[i].kind != RS_RES_PUBLIC_IP)
            continue;
        struct scope_key key = {r[i].subscription ? r[i].subscription : "",
                                r[i].resource_group ? r[i].resource_group : "", 0, 0};
        const struct scope_key *sc = bsearch(&key, scopes, ns, sizeof *scopes, cmp_scope);
        if (r[i].kind == RS_RES_PUBLIC_IP && sc && sc->has_net)
            continue; /* a load balancer or gateway may hold it: cannot tell */
        if (names_a_vm(r[i].name ? r[i].name : "", vm_names, nv))
            continue;
        orphan[i] = 1;
        found++;
        int alone = !sc; /* nothing that could use it billed in its group */
        conf[i] = alone ? RS_CONF_HIGH : RS_CONF_MEDIUM;
        if (r[i].kind == RS_RES_PUBLIC_IP)
            reasons[i] = alone ? "public IP: nothing that can use one billed in its resource group"
                               : "public IP: named after no billed VM and no load balancer or "
                                 "gateway in its resource group; check it is not associated";
        else
            reasons[i] = alone ? "managed disk: no VM billed in its resource group and its name "
                                 "matches no billed VM: snapshot and delete"
                               : "managed disk: its name matches no billed VM; check it is not "
                                 "attached under a custom name, then snapshot and delete";
    }
    free(scopes);
    free(vm_names);
    return found;
}
