/*
 * mdl_commit.c - pick, per VM, the cheapest of pay-as-you-go, a stop
 * schedule, reservations and savings plans over the next year, and total
 * them per size group. Pure arithmetic; no I/O.
 */
#include "mdl_commit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A year of option o for one VM; NAN when not applicable or unpriced. */
static double vm_cost(const struct mdl_commit_vm *v, const struct mdl_commit_prices *pr,
                      enum mdl_commit_option o)
{
    switch (o) {
    case MDL_OPT_PAYG:
        return v->hours_year_asis * pr->payg;
    case MDL_OPT_SCHED:
        return v->schedulable ? v->hours_year_sched * pr->payg : NAN;
    case MDL_OPT_RI1Y:
        return MDL_HOURS_YEAR * pr->ri1y;
    case MDL_OPT_RI3Y:
        return MDL_HOURS_YEAR * pr->ri3y;
    case MDL_OPT_SP1Y:
        return MDL_HOURS_YEAR * pr->sp1y;
    case MDL_OPT_SP3Y:
        return MDL_HOURS_YEAR * pr->sp3y;
    case MDL_OPT_COUNT:
        break;
    }
    return NAN;
}

enum status mdl_commit_group(const struct mdl_commit_vm *vms, size_t n,
                             const struct mdl_commit_prices *pr, struct mdl_commit_result *out,
                             struct err *e)
{
    memset(out, 0, sizeof *out);
    out->nvm = n;
    const double commit_hourly[MDL_OPT_COUNT] = {NAN, NAN, pr->ri1y, pr->ri3y, pr->sp1y, pr->sp3y};
    for (int o = 0; o < MDL_OPT_COUNT; o++) {
        out->breakeven_month[o] = NAN;
        if (!isnan(commit_hourly[o]) && !isnan(pr->payg) && pr->payg > 0)
            out->breakeven_month[o] = commit_hourly[o] * MDL_HOURS_MONTH / pr->payg;
    }
    /* ties go to the smaller commitment: this order */
    static const enum mdl_commit_option pref[MDL_OPT_COUNT] = {
        MDL_OPT_PAYG, MDL_OPT_SCHED, MDL_OPT_SP1Y, MDL_OPT_RI1Y, MDL_OPT_SP3Y, MDL_OPT_RI3Y};
    for (size_t i = 0; i < n; i++) {
        const struct mdl_commit_vm *v = &vms[i];
        if (v->reserved) {
            out->nreserved++;
            continue;
        }
        double best = NAN;
        int best_o = -1;
        for (int k = 0; k < MDL_OPT_COUNT; k++) {
            enum mdl_commit_option o = pref[k];
            double c = vm_cost(v, pr, o);
            if (isnan(c))
                continue;
            if (best_o < 0 || c < best - 1e-9 * fabs(best)) {
                best = c;
                best_o = (int)o;
            }
        }
        for (int o = 0; o < MDL_OPT_COUNT; o++) {
            double c = vm_cost(v, pr, (enum mdl_commit_option)o);
            if (o == MDL_OPT_SCHED && isnan(c))
                c = vm_cost(v, pr, MDL_OPT_PAYG); /* unschedulable VMs run as is */
            out->cost_year[o] += c;
        }
        if (best_o >= 0) {
            out->chosen[best_o]++;
            out->best_cost_year += best;
        } else {
            out->best_cost_year = NAN;
        }
    }
    out->savings_year = out->cost_year[MDL_OPT_PAYG] - out->best_cost_year;
    size_t len = 0;
    out->recommendation[0] = '\0';
    static const char *const verbs[MDL_OPT_COUNT] = {"pay-as-you-go",   "schedule",
                                                     "reserve 1y",      "reserve 3y",
                                                     "savings plan 1y", "savings plan 3y"};
    for (int k = 0; k < MDL_OPT_COUNT; k++) {
        enum mdl_commit_option o = pref[k];
        if (!out->chosen[o])
            continue;
        int w = snprintf(out->recommendation + len, sizeof out->recommendation - len, "%s%s: %zu",
                         len ? "; " : "", verbs[o], out->chosen[o]);
        if (w < 0 || (size_t)w >= sizeof out->recommendation - len)
            break;
        len += (size_t)w;
    }
    if (out->nreserved) {
        int w = snprintf(out->recommendation + len, sizeof out->recommendation - len,
                         "%salready committed: %zu", len ? "; " : "", out->nreserved);
        (void)w;
    }
    if (isnan(pr->payg))
        return err_set(e, ST_NUMERIC, "no pay-as-you-go price");
    return ST_OK;
}

int mdl_commit_steady_vcores(int days, int window_days, double min_day_hours)
{
    if (window_days < MDL_STEADY_DAYS || days < window_days || !(min_day_hours > 0))
        return 0;
    return (int)floor(min_day_hours / 24.0 + 1e-9);
}
