/*
 * mdl_commit.h - commitment advice for one VM size group (size + region):
 * a year of pay-as-you-go as is, pay-as-you-go with the proposed stop
 * schedules, 1-/3-year reservations and savings plans, the break-even
 * running hours per month, and the cheapest mix that keeps every VM up.
 *
 * Pure: numbers in, struct out. Prices are hourly equivalents (a Retail
 * Prices reservation retailPrice is for the whole term: divide by 8760 or
 * 26280 before calling; store_price_vm() already does).
 */
#ifndef YOSAN_MDL_COMMIT_H
#define YOSAN_MDL_COMMIT_H

#include <stddef.h>

#include "err.h"

#define MDL_HOURS_YEAR  8760.0
#define MDL_HOURS_MONTH 730.0 /* 8760 / 12 */
#define MDL_STEADY_DAYS 90 /* days a SQL database's vCores must be billed for reserved capacity */

enum mdl_commit_option {
    MDL_OPT_PAYG = 0,  /* pay-as-you-go, running as now */
    MDL_OPT_SCHED = 1, /* pay-as-you-go with the stop schedule (schedulable VMs only) */
    MDL_OPT_RI1Y = 2,  /* 1-year reservation, every hour of the year */
    MDL_OPT_RI3Y = 3,  /* 3-year reservation, one year of it */
    MDL_OPT_SP1Y = 4,  /* 1-year savings plan sized to the VM's hourly rate */
    MDL_OPT_SP3Y = 5,  /* 3-year savings plan, one year of it */
    MDL_OPT_COUNT
};

/* One VM of the group. */
struct mdl_commit_vm {
    double hours_year_asis;  /* running hours over the next year as now */
    double hours_year_sched; /* with its stop schedule (= asis when none) */
    int schedulable;         /* 1 when a schedule was proposed */
    int reserved;            /* 1 when already covered by a commitment: left alone */
};

/* Hourly prices of the size in the region; NAN when unknown. */
struct mdl_commit_prices {
    double payg, ri1y, ri3y, sp1y, sp3y; /* per hour */
};

struct mdl_commit_result {
    size_t nvm;                            /* VMs in the group */
    size_t nreserved;                      /* already committed, excluded from the costs */
    double cost_year[MDL_OPT_COUNT];       /* the whole group on one option for a year; NAN
                                              when a price is missing. SCHED runs the
                                              unschedulable VMs as is */
    double breakeven_month[MDL_OPT_COUNT]; /* running hours per month above which the
                                              commitment beats pay-as-you-go (RI/SP only;
                                              NAN otherwise) */
    size_t chosen[MDL_OPT_COUNT];          /* VMs given each option by the best mix */
    double best_cost_year;                 /* the best mix */
    double savings_year;                   /* PAYG as is - best mix (NAN without PAYG) */
    char recommendation[200];              /* e.g. "reserve 3y: 2; schedule: 5" */
};

/* The vCores of a SQL database that ran every hour of a window of
 * window_days days (billed on `days` of them, at least min_day_hours
 * vCore-hours on each): floor(min_day_hours / 24) when billed every day of
 * a window of at least MDL_STEADY_DAYS, else 0. Each such vCore is a unit
 * for mdl_commit_group() running every hour of the year. */
int mdl_commit_steady_vcores(int days, int window_days, double min_day_hours);

/* Compare the options for n VMs at prices pr. Each VM gets the cheapest of
 * its options (a schedule only when schedulable); ties go to the option with
 * less commitment (pay-as-you-go, schedule, savings plan, 1 year, 3 years).
 * Returns ST_OK; ST_NUMERIC when the pay-as-you-go price is unknown (the
 * result then holds only what could be computed). */
enum status mdl_commit_group(const struct mdl_commit_vm *vms, size_t n,
                             const struct mdl_commit_prices *pr, struct mdl_commit_result *out,
                             struct err *e);

#endif
