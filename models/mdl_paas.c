/*
 * mdl_paas.c - App Service plan and SQL Database right-sizing rules (see
 * mdl_paas.h): the tier tables, the id classifier and the two rules.
 */
#include "mdl_paas.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mdl_paas_defaults(struct paas_thresholds *t)
{
    t->asp_cpu_max = PAAS_ASP_CPU_MAX;
    t->asp_mem_max = PAAS_ASP_MEM_MAX;
    t->asp_idle_bytes = PAAS_ASP_IDLE_BYTES;
    t->asp_idle_cpu = PAAS_ASP_IDLE_CPU;
    t->asp_min_instances = PAAS_ASP_MIN_INSTANCES;
    t->sql_cpu_max = PAAS_SQL_CPU_MAX;
    t->sql_idle_cpu = PAAS_SQL_IDLE_CPU;
    t->sql_idle_share = PAAS_SQL_IDLE_SHARE;
    t->sql_pause_delay_h = PAAS_SQL_PAUSE_DELAY_H;
    t->serverless_ratio = PAAS_SERVERLESS_RATIO;
    t->min_coverage = 0.5;
    t->high_coverage = 0.9;
}

/* App Service plan tiers: vCPUs and memory per instance from Microsoft
 * Learn's App Service plan / pricing pages; within a family each step up
 * doubles the list price (docs/rightsize.md). */
static const struct asp_tier asp_tiers[] = {
    {"B1", "B", 1, 1.75, 1},    {"B2", "B", 2, 3.5, 2},   {"B3", "B", 4, 7, 4},
    {"S1", "S", 1, 1.75, 1},    {"S2", "S", 2, 3.5, 2},   {"S3", "S", 4, 7, 4},
    {"P1v2", "Pv2", 1, 3.5, 1}, {"P2v2", "Pv2", 2, 7, 2}, {"P3v2", "Pv2", 4, 14, 4},
    {"P0v3", "Pv3", 1, 4, 1},   {"P1v3", "Pv3", 2, 8, 2}, {"P2v3", "Pv3", 4, 16, 4},
    {"P3v3", "Pv3", 8, 32, 8},
};

const struct asp_tier *mdl_asp_tiers(size_t *n)
{
    *n = sizeof asp_tiers / sizeof asp_tiers[0];
    return asp_tiers;
}

/* A meter name lower-cased without spaces and without a trailing "app". */
static void tier_key(const char *meter_name, char *k, size_t cap)
{
    size_t n = 0;
    for (const char *p = meter_name ? meter_name : ""; *p && n + 1 < cap; p++)
        if (*p != ' ')
            k[n++] = (char)tolower((unsigned char)*p);
    k[n] = '\0';
    if (n >= 3 && strcmp(k + n - 3, "app") == 0) /* "P1 v3 App" */
        k[n - 3] = '\0';
}

/* 1 when a tier's name equals key (lower-case), ignoring case. */
static int tier_is(const char *name, const char *key)
{
    size_t j = 0;
    while (name[j] && tolower((unsigned char)name[j]) == key[j])
        j++;
    return !name[j] && !key[j];
}

const struct asp_tier *mdl_asp_tier_parse(const char *meter_name)
{
    char k[32];
    tier_key(meter_name, k, sizeof k);
    for (size_t i = 0; i < sizeof asp_tiers / sizeof asp_tiers[0]; i++)
        if (tier_is(asp_tiers[i].name, k))
            return &asp_tiers[i];
    return NULL;
}

/* 1 when s contains needle (needle lower-case; s any case). */
static int has_nocase(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] && tolower((unsigned char)s[k]) == needle[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

enum paas_kind mdl_paas_kind_of(const char *id)
{
    if (!id)
        return PAAS_NONE;
    if (has_nocase(id, "/providers/microsoft.web/serverfarms/"))
        return PAAS_APP_PLAN;
    if (has_nocase(id, "/providers/microsoft.sql/servers/") && has_nocase(id, "/databases/") &&
        !has_nocase(id, "/databases/master"))
        return PAAS_SQL_DB;
    return PAAS_NONE;
}

const char *mdl_paas_action_name(enum paas_action a)
{
    static const char *const n[] = {"keep",         "fewer-instances", "smaller-tier", "delete",
                                    "smaller-size", "serverless",      "elastic-pool"};
    return (int)a >= 0 && (size_t)a < sizeof n / sizeof n[0] ? n[a] : "?";
}

static enum rs_confidence confidence_of(double coverage, int complete,
                                        const struct paas_thresholds *t)
{
    if (coverage >= t->high_coverage && complete)
        return RS_CONF_HIGH;
    return coverage >= t->min_coverage ? RS_CONF_MEDIUM : RS_CONF_LOW;
}

/* Highest value of max[] (avg[] where max is NAN) and the hours with data. */
static double peak_of(const double *avg, const double *max, size_t n, size_t *covered)
{
    double peak = NAN;
    *covered = 0;
    for (size_t i = 0; i < n; i++) {
        double v = max && !isnan(max[i]) ? max[i] : avg ? avg[i] : NAN;
        if (isnan(v))
            continue;
        (*covered)++;
        if (isnan(peak) || v > peak)
            peak = v;
    }
    return peak;
}

/* ------------------------------------------------------- App Service plans */

/* Fewest instances that keep projected CPU and memory within the limits. */
static int plan_min_instances(double n, double cpu, double mem, const struct paas_thresholds *t)
{
    int floor_n = n >= 2 ? t->asp_min_instances : 1;
    if (floor_n < 1)
        floor_n = 1;
    for (int m = floor_n; m < (int)ceil(n); m++)
        if (cpu * n / m <= t->asp_cpu_max && mem * n / m <= t->asp_mem_max)
            return m;
    return (int)ceil(n);
}

/* Price of `to` relative to `from`: the bill's own prices when both are
 * there, else the family's list-price steps. */
static double tier_price_ratio(const struct paas_plan *p, const struct asp_tier *to)
{
    double a = p->own_hourly ? p->own_hourly(p->tier, p->ctx) : NAN;
    double b = p->own_hourly ? p->own_hourly(to, p->ctx) : NAN;
    if (a > 0 && b > 0)
        return b / a;
    return to->price_steps / p->tier->price_steps;
}

/* Smallest tier of the plan's family that holds the peak; NULL when none. */
static const struct asp_tier *plan_smaller_tier(const struct paas_plan *p, double cpu, double mem,
                                                const struct paas_thresholds *t)
{
    const struct asp_tier *best = NULL;
    for (size_t i = 0; p->tier && i < sizeof asp_tiers / sizeof asp_tiers[0]; i++) {
        const struct asp_tier *z = &asp_tiers[i];
        if (strcmp(z->family, p->tier->family) != 0 || z->cores >= p->tier->cores)
            continue;
        if (cpu * p->tier->cores / z->cores <= t->asp_cpu_max &&
            mem * p->tier->mem_gib / z->mem_gib <= t->asp_mem_max &&
            (!best || z->price_steps < best->price_steps))
            best = z;
    }
    return best;
}

/* No traffic: BytesReceived data, every hour below the limit, CPU near zero. */
static int plan_idle(const struct paas_plan *p, double peak_cpu, const struct paas_thresholds *t)
{
    size_t covered;
    double peak_in = peak_of(p->bytes_in, NULL, p->bytes_in ? p->hours : 0, &covered);
    return covered > 0 && peak_in < t->asp_idle_bytes && peak_cpu < t->asp_idle_cpu;
}

void mdl_paas_plan(const struct paas_plan *p, const struct paas_thresholds *t,
                   struct paas_result *out)
{
    memset(out, 0, sizeof *out);
    size_t covered, mem_covered;
    double cpu = peak_of(p->cpu_avg, p->cpu_max, p->hours, &covered);
    double mem = peak_of(p->mem_pct, NULL, p->mem_pct ? p->hours : 0, &mem_covered);
    double n = p->instances > 0 ? p->instances : 1;
    out->peak_cpu = cpu;
    out->peak_mem = mem;
    out->idle_share = NAN;
    out->units_now = n;
    out->coverage = p->hours ? (double)covered / (double)p->hours : 0;
    if (!covered) {
        snprintf(out->reason, sizeof out->reason,
                 "not analysed: no CpuPercentage for this plan in the window");
        return;
    }
    out->analysed = 1;
    out->confidence = confidence_of(out->coverage, mem_covered > 0, t);
    if (plan_idle(p, cpu, t)) {
        out->action = PAAS_DELETE;
        out->monthly_savings = p->monthly_cost > 0 ? p->monthly_cost : 0;
        snprintf(out->reason, sizeof out->reason,
                 "no traffic: every hour below %.0f KiB received and peak CPU %.1f %% < %g %%; "
                 "delete the plan (or move its apps to another plan)",
                 t->asp_idle_bytes / 1024, cpu, t->asp_idle_cpu);
        return;
    }
    if (!mem_covered) {
        snprintf(out->reason, sizeof out->reason,
                 "peak CPU %.1f %%; no MemoryPercentage, so no smaller plan is proposed", cpu);
        return;
    }
    int m = plan_min_instances(n, cpu, mem, t);
    double save_inst = m < n - 0.5 ? p->monthly_cost * (1.0 - m / n) : 0;
    const struct asp_tier *z = plan_smaller_tier(p, cpu, mem, t);
    double save_tier = z ? p->monthly_cost * (1.0 - tier_price_ratio(p, z)) : 0;
    if (save_inst <= 0 && save_tier <= 0) {
        snprintf(out->reason, sizeof out->reason,
                 "peak CPU %.1f %%, peak memory %.1f %% on %.1f instances: no smaller plan keeps "
                 "CPU <= %g %% and memory <= %g %%",
                 cpu, mem, n, t->asp_cpu_max, t->asp_mem_max);
        return;
    }
    const char *tier = p->tier ? p->tier->name : "?";
    if (save_inst >= save_tier) {
        out->action = PAAS_FEWER_INSTANCES;
        out->units_new = m;
        out->monthly_savings = save_inst;
        snprintf(out->target, sizeof out->target, "%s x %d", tier, m);
        snprintf(out->reason, sizeof out->reason,
                 "peak CPU %.1f %%, memory %.1f %% on %.1f instances: %d instances keep them at "
                 "%.0f %% / %.0f %%",
                 cpu, mem, n, m, cpu * n / m, mem * n / m);
    } else {
        out->action = PAAS_SMALLER_TIER;
        out->units_new = n;
        out->monthly_savings = save_tier;
        out->price_from_list =
            !(p->own_hourly && p->own_hourly(p->tier, p->ctx) > 0 && p->own_hourly(z, p->ctx) > 0);
        snprintf(out->target, sizeof out->target, "%s x %.1f", z->name, n);
        snprintf(out->reason, sizeof out->reason,
                 "peak CPU %.1f %%, memory %.1f %% on %s: %s (%d vCPU, %.2g GiB) keeps them at "
                 "%.0f %% / %.0f %%",
                 cpu, mem, tier, z->name, z->cores, z->mem_gib, cpu * p->tier->cores / z->cores,
                 mem * p->tier->mem_gib / z->mem_gib);
    }
}

/* ------------------------------------------------------------ SQL Database */

/* General Purpose provisioned vCore sizes (standard-series Gen5). */
static const int sql_vcores[] = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40, 80};

/* DTU service objectives; the list price is proportional to the DTUs within
 * Standard and within Premium. */
static const struct {
    const char *name;
    int dtus;
    char tier; /* 'S' standard, 'P' premium */
} sql_dtu[] = {
    {"S0", 10, 'S'},  {"S1", 20, 'S'},  {"S2", 50, 'S'},   {"S3", 100, 'S'},   {"S4", 200, 'S'},
    {"S6", 400, 'S'}, {"S7", 800, 'S'}, {"S9", 1600, 'S'}, {"S12", 3000, 'S'}, {"P1", 125, 'P'},
    {"P2", 250, 'P'}, {"P4", 500, 'P'}, {"P6", 1000, 'P'}, {"P11", 1750, 'P'}, {"P15", 4000, 'P'},
};
#define NDTU (sizeof sql_dtu / sizeof sql_dtu[0])

int mdl_sql_dtus_of(const char *meter_name)
{
    if (!meter_name)
        return 0;
    /* a whole word equal to a service objective's name */
    for (const char *p = meter_name; *p; p++) {
        if (p != meter_name && isalnum((unsigned char)p[-1]))
            continue;
        for (size_t i = 0; i < NDTU; i++) {
            size_t n = strlen(sql_dtu[i].name);
            if (strncmp(p, sql_dtu[i].name, n) == 0 && !isalnum((unsigned char)p[n]))
                return sql_dtu[i].dtus;
        }
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* P95 (R type 7) of the hourly values (max, else avg), NAN when none. */
static double p95_of(const double *avg, const double *max, size_t n, double *scratch,
                     size_t *covered)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = max && !isnan(max[i]) ? max[i] : avg ? avg[i] : NAN;
        if (!isnan(v))
            scratch[k++] = v;
    }
    *covered = k;
    if (!k)
        return NAN;
    qsort(scratch, k, sizeof *scratch, cmp_double);
    double h = 0.95 * (double)(k - 1);
    size_t lo = (size_t)h;
    return lo + 1 < k ? scratch[lo] + (h - lo) * (scratch[lo + 1] - scratch[lo]) : scratch[lo];
}

/* Idle hours and the hours a serverless database would be billed (active
 * ones plus the auto-pause delay after each), over the hours with CPU data. */
int mdl_paas_hour_active(enum paas_kind kind, double cpu, double aux,
                         const struct paas_thresholds *t)
{
    if (kind == PAAS_SQL_DB)
        return cpu >= t->sql_idle_cpu || (!isnan(aux) && aux > 0);
    return cpu >= t->asp_idle_cpu || (!isnan(aux) && aux >= t->asp_idle_bytes);
}

static void sql_activity(const struct paas_sql *d, const struct paas_thresholds *t, size_t *idle,
                         size_t *billed, size_t *covered)
{
    *idle = *billed = *covered = 0;
    double since_active = INFINITY; /* hours since the last active hour */
    for (size_t i = 0; i < d->hours; i++) {
        double v = d->cpu_max && !isnan(d->cpu_max[i]) ? d->cpu_max[i]
                   : d->cpu_avg                        ? d->cpu_avg[i]
                                                       : NAN;
        if (isnan(v))
            continue;
        (*covered)++;
        double c = d->connections ? d->connections[i] : NAN;
        int active = mdl_paas_hour_active(PAAS_SQL_DB, v, c, t);
        since_active = active ? 0 : since_active + 1;
        if (!active)
            (*idle)++;
        if (since_active <= t->sql_pause_delay_h)
            (*billed)++;
    }
}

/* The smallest vCore size that holds the P95 load with headroom (0: none smaller). */
static int sql_smaller_vcores(double vcores, double p95, const struct paas_thresholds *t)
{
    for (size_t i = 0; i < sizeof sql_vcores / sizeof sql_vcores[0]; i++) {
        int s = sql_vcores[i];
        if (s >= vcores - 0.01)
            return 0;
        if (p95 * vcores / s <= t->sql_cpu_max)
            return s;
    }
    return 0;
}

/* The smallest DTU objective of the same tier that holds the P95 (0: none). */
static int sql_smaller_dtus(int dtus, double p95, const struct paas_thresholds *t,
                            const char **name)
{
    char tier = 0;
    for (size_t i = 0; i < NDTU; i++)
        if (sql_dtu[i].dtus == dtus)
            tier = sql_dtu[i].tier;
    for (size_t i = 0; tier && i < NDTU; i++) {
        if (sql_dtu[i].tier != tier || sql_dtu[i].dtus >= dtus)
            continue;
        if (p95 * dtus / sql_dtu[i].dtus <= t->sql_cpu_max) {
            *name = sql_dtu[i].name;
            return sql_dtu[i].dtus; /* the table is in ascending order per tier */
        }
    }
    return 0;
}

/* The smaller-size option of a database; its saving (0 when none). */
static double sql_downsize(const struct paas_sql *d, double p95, const struct paas_thresholds *t,
                           struct paas_result *o)
{
    if (d->vcores > 0) {
        int s = sql_smaller_vcores(d->vcores, p95, t);
        if (!s)
            return 0;
        o->units_new = s;
        snprintf(o->target, sizeof o->target, "%d vCores", s);
        return d->monthly_cost * (1.0 - s / d->vcores);
    }
    const char *name = NULL;
    int s = d->dtus > 0 ? sql_smaller_dtus(d->dtus, p95, t, &name) : 0;
    if (!s)
        return 0;
    o->units_new = s;
    snprintf(o->target, sizeof o->target, "%s", name);
    return d->monthly_cost * (1.0 - (double)s / d->dtus);
}

void mdl_paas_sql(const struct paas_sql *d, const struct paas_thresholds *t, double *scratch,
                  struct paas_result *out)
{
    memset(out, 0, sizeof *out);
    out->peak_mem = NAN;
    out->units_now = d->vcores > 0 ? d->vcores : d->dtus;
    size_t covered;
    /* DTU model: dtu_consumption_percent when present (it includes IO and log) */
    const int use_dtu = d->vcores <= 0 && d->dtu_pct;
    double p95 = p95_of(use_dtu ? d->dtu_pct : d->cpu_avg, use_dtu ? NULL : d->cpu_max, d->hours,
                        scratch, &covered);
    if (use_dtu && !covered)
        p95 = p95_of(d->cpu_avg, d->cpu_max, d->hours, scratch, &covered);
    out->peak_cpu = p95;
    out->coverage = d->hours ? (double)covered / (double)d->hours : 0;
    if (!covered || (d->vcores <= 0 && d->dtus <= 0)) {
        snprintf(out->reason, sizeof out->reason,
                 covered ? "not analysed: the bill gives neither vCores nor a DTU objective"
                         : "not analysed: no cpu_percent for this database in the window");
        return;
    }
    out->analysed = 1;
    out->confidence = confidence_of(out->coverage, 1, t);
    size_t idle, billed, cov2;
    sql_activity(d, t, &idle, &billed, &cov2);
    out->idle_share = cov2 ? (double)idle / (double)cov2 : NAN;
    struct paas_result down = *out;
    double save_down = sql_downsize(d, p95, t, &down);
    double save_sl = 0;
    if (d->vcores > 0 && cov2 && out->idle_share >= t->sql_idle_share)
        save_sl = d->monthly_cost * (1.0 - (double)billed / (double)cov2 * t->serverless_ratio);
    const char *unit = d->vcores > 0 ? "CPU" : "DTU";
    if (save_sl > 0 && save_sl >= save_down) {
        out->action = PAAS_SERVERLESS;
        out->monthly_savings = save_sl;
        snprintf(out->target, sizeof out->target, "serverless");
        snprintf(out->reason, sizeof out->reason,
                 "idle %.0f %% of the hours: serverless with auto-pause (%g h delay) bills about "
                 "%.0f %% of the hours at %g x the vCore price",
                 100 * out->idle_share, t->sql_pause_delay_h, 100.0 * billed / cov2,
                 t->serverless_ratio);
    } else if (save_down > 0) {
        *out = down;
        out->action = PAAS_SMALLER_SIZE;
        out->price_from_list = d->vcores <= 0; /* DTU objectives: the list's DTU steps */
        out->monthly_savings = save_down;
        snprintf(out->reason, sizeof out->reason,
                 "P95 %s %.1f %% of %.0f: %s keeps it at %.0f %% (<= %g %%)", unit, p95,
                 out->units_now, out->target, p95 * out->units_now / out->units_new,
                 t->sql_cpu_max);
    } else {
        snprintf(out->reason, sizeof out->reason,
                 "P95 %s %.1f %%, idle %.0f %% of the hours: no smaller size or serverless saves",
                 unit, p95, 100 * out->idle_share);
    }
}
