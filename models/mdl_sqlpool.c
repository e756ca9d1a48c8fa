/*
 * mdl_sqlpool.c - the SQL Database elastic pool rule (mdl_sqlpool.h): the
 * hourly sum of the databases' used vCores or DTUs, its peak and P95, the
 * smallest pool that holds the peak with headroom and its price against the
 * databases' own bills.
 */
#include "mdl_sqlpool.h"
#include "mdl_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mdl_sqlpool_defaults(struct sqlpool_thresholds *t)
{
    t->min_dbs = SQLPOOL_MIN_DBS;
    t->max_load = SQLPOOL_MAX_LOAD;
    t->vcore_ratio = SQLPOOL_VCORE_RATIO;
    t->edtu_ratio = SQLPOOL_EDTU_RATIO;
}

/* Pool sizes: General Purpose standard-series (Gen5) vCore pools and Standard
 * eDTU pools (Microsoft Learn, "Resource limits for elastic pools using the
 * vCore purchasing model" / "... DTU purchasing model"). */
static const int vcore_pools[] = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40, 80};
static const int edtu_pools[] = {50, 100, 200, 300, 400, 800, 1200, 1600, 2000, 2500, 3000};

int mdl_sqlpool_standard_dtus(int dtus)
{
    static const int standard[] = {10, 20, 50, 100, 200, 400, 800, 1600, 3000};
    for (size_t i = 0; i < sizeof standard / sizeof *standard; i++)
        if (standard[i] == dtus)
            return 1;
    return 0;
}

/* 1 when a database has at least one hour of data. */
static int has_data(const struct sqlpool_db *d, size_t hours)
{
    for (size_t h = 0; d->load && h < hours; h++)
        if (!isnan(d->load[h]))
            return 1;
    return 0;
}

/* The hourly sums over the hours every measured database has data: into
 * scratch (covered entries), with the peak and each database's own peak. */
static void sum_load(const struct sqlpool_db *dbs, size_t n, size_t hours, double *scratch,
                     struct sqlpool_result *o)
{
    o->covered = 0;
    o->sum_peak = NAN;
    for (size_t h = 0; h < hours; h++) {
        double s = 0;
        int all = 1;
        for (size_t i = 0; i < n && all; i++) {
            if (!has_data(&dbs[i], hours))
                continue;
            all = !isnan(dbs[i].load[h]);
            s += all ? dbs[i].load[h] / 100.0 * dbs[i].units : 0;
        }
        if (!all)
            continue;
        scratch[o->covered++] = s;
        if (isnan(o->sum_peak) || s > o->sum_peak)
            o->sum_peak = s;
    }
    o->peaks_total = 0;
    for (size_t i = 0; i < n; i++) {
        double peak = 0;
        for (size_t h = 0; dbs[i].load && h < hours; h++)
            if (!isnan(dbs[i].load[h]) && dbs[i].load[h] / 100.0 * dbs[i].units > peak)
                peak = dbs[i].load[h] / 100.0 * dbs[i].units;
        o->peaks_total += peak;
    }
}

/* The smallest pool holding `need` units (0: none). */
static int pool_size(enum sqlpool_model model, double need)
{
    const int *v = model == SQLPOOL_VCORE ? vcore_pools : edtu_pools;
    size_t n = model == SQLPOOL_VCORE ? sizeof vcore_pools / sizeof *vcore_pools
                                      : sizeof edtu_pools / sizeof *edtu_pools;
    for (size_t i = 0; i < n; i++)
        if (v[i] >= need - 1e-9)
            return v[i];
    return 0;
}

void mdl_sqlpool(const struct sqlpool_db *dbs, size_t n, enum sqlpool_model model, size_t hours,
                 const struct sqlpool_thresholds *t, double *scratch, struct sqlpool_result *out)
{
    memset(out, 0, sizeof *out);
    out->sum_peak = out->sum_p95 = NAN;
    for (size_t i = 0; i < n; i++) {
        if (!has_data(&dbs[i], hours)) {
            out->unmeasured++;
            continue;
        }
        out->measured++;
        out->units_now += dbs[i].units;
        out->cost_now += dbs[i].monthly_cost;
    }
    const char *unit = model == SQLPOOL_VCORE ? "vCores" : "DTUs";
    if ((int)out->measured < t->min_dbs) {
        snprintf(out->reason, sizeof out->reason,
                 "%zu database(s) with metrics on the server (%zu without): a pool needs %d",
                 out->measured, out->unmeasured, t->min_dbs);
        return;
    }
    sum_load(dbs, n, hours, scratch, out);
    if (!out->covered) {
        snprintf(out->reason, sizeof out->reason,
                 "no hour with data for every database: the summed load is unknown");
        return;
    }
    out->sum_p95 = mdl_quantile(scratch, out->covered, 0.95);
    double need = out->sum_peak * 100.0 / t->max_load;
    out->pool_units = pool_size(model, need);
    double ratio = model == SQLPOOL_VCORE ? t->vcore_ratio : t->edtu_ratio;
    double unit_month = out->units_now > 0 ? out->cost_now / out->units_now : NAN;
    out->pool_cost = out->pool_units ? out->pool_units * unit_month * ratio : NAN;
    const char *pool_unit = model == SQLPOOL_VCORE ? "vCores" : "eDTUs";
    if (out->pool_units && out->pool_cost < out->cost_now - 1e-9 * out->cost_now) {
        out->proposed = 1;
        out->monthly_savings = out->cost_now - out->pool_cost;
        snprintf(out->target, sizeof out->target, "elastic pool %d %s", out->pool_units, pool_unit);
        snprintf(out->reason, sizeof out->reason,
                 "%zu databases, %.0f %s, own peaks add up to %.1f but their summed load peaks "
                 "at %.1f (P95 %.1f): a pool of %d %s keeps it at %.0f %% (<= %g %%) at %g x the "
                 "single-database price",
                 out->measured, out->units_now, unit, out->peaks_total, out->sum_peak, out->sum_p95,
                 out->pool_units, pool_unit, 100.0 * out->sum_peak / out->pool_units, t->max_load,
                 ratio);
        return;
    }
    snprintf(out->reason, sizeof out->reason,
             "%zu databases, %.0f %s: summed load peaks at %.1f (own peaks %.1f); a pool holding "
             "it at <= %g %% (%d %s at %g x) does not cost less",
             out->measured, out->units_now, unit, out->sum_peak, out->peaks_total, t->max_load,
             out->pool_units, pool_unit, ratio);
}
