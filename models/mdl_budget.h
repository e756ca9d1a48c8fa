/*
 * mdl_budget.h - the arithmetic of the annual budget run (docs/budget.md),
 * one function per phase, in the order the run calls them:
 *
 *   mdl_budget_calendar()   the months: history, fit window, forecast, FY
 *   mdl_budget_series()     exact monthly sums per department, plus the total
 *   (the caller forecasts every series into series[i].fc)
 *   mdl_budget_reconcile()  departments and total made coherent, step by step
 *   mdl_budget_adjust()     planned changes applied, the total summed again
 *   mdl_budget_annual()     FY months, FY-1 and the annual P80/P95 spreads
 *   mdl_budget_shared()     weights that split '(unallocated)' over departments
 *   mdl_budget_lines()      whole yen: months, annual quantiles, bands, level
 *
 * Pure: in-memory cells and forecasts in, budget lines out; no I/O. The
 * forecasting itself (mdl_forecast.h) is the caller's, so that it can run
 * the series on threads. Ownership: a struct mdl_budget_set is released with
 * mdl_budget_set_release(), lines with mdl_budget_lines_release().
 */
#ifndef YOSAN_MDL_BUDGET_H
#define YOSAN_MDL_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mdl_forecast.h"
#include "money.h"
#include "store_costs.h"

enum budget_level { BUDGET_P50 = 0, BUDGET_P80 = 1, BUDGET_P95 = 2 };
enum budget_shared { BUDGET_SHARED_PROPORTIONAL = 0, BUDGET_SHARED_EVEN, BUDGET_SHARED_FIXED };

#define BUDGET_UNALLOCATED   "(unallocated)"
#define MDL_BUDGET_MAX_DEPTS 512 /* departments a run can allocate whole yen over */
#define MDL_BUDGET_MAX_AHEAD 36  /* months between the data and the fiscal year, at most */

struct budget_line {
    char *department;           /* owned name ("total" for the total line) */
    char *system;               /* owned system name of a per-system line (mdl_rollup.h);
                                   NULL for a department or the total */
    int64_t monthly[12];        /* whole yen per FY month at the level; sums to budget */
    int64_t monthly_p50[12];    /* whole yen per FY month, P50; sums to annual[BUDGET_P50] */
    int64_t lo80[12], hi80[12]; /* whole yen per FY month: 80% prediction interval around
                                   monthly_p50 (equal to it for actual months) */
    int64_t lo95[12], hi95[12]; /* the same, 95% */
    int64_t annual[3];          /* P50, P80, P95 of the annual sum, whole yen */
    int64_t budget;             /* annual amount at the level (sum of monthly) */
    int64_t shared_yen;         /* part of annual P50 that is shared cost split to this line */
    int64_t last_fy;            /* FY-1: actual months plus P50 forecast for the rest */
    int64_t prev_p50[12];       /* FY-1 months, whole yen: the P50 forecast (with the shared
                                   share) of the months after the last actual one, so a chart
                                   draws the forecast from its first month; 0 for actual months
                                   (departments and the total; per-system lines leave it 0) */
    int64_t prev_lo80[12], prev_hi80[12]; /* the same months' 80% interval */
    int64_t prev_lo95[12], prev_hi95[12]; /* and 95% */
    int last_fy_actual_months;            /* how many FY-1 months are actual */
    double change_pct;                    /* budget vs last_fy in percent; NAN when last_fy is 0 */
    char model[MDL_NAME_LEN];             /* model that forecast this line */
};

/* The months of one run, all date.h month indexes. */
struct mdl_budget_calendar {
    int first;         /* first month with data */
    int last_complete; /* last complete actual month */
    int from;          /* first forecast month (last_complete + 1) */
    int fy_first;      /* first month of the fiscal year budgeted */
    int win0;          /* first month of the fitting window */
    size_t nm;         /* months first .. last_complete */
    size_t h;          /* months forecast: from .. the FY's last month */
};

/* One series of the run: a department or the total. */
struct mdl_budget_series {
    char *name;          /* owned */
    struct money *exact; /* nm exact monthly sums, month first + i */
    double *y;           /* fitting window values (win0 .. last_complete) */
    size_t ny;           /* values in the fitting window */
    struct forecast fc;  /* base, then reconciled/adjusted forecast (h steps); the caller's */
    double calib;        /* band factor on this series' history (mdl_calib.h), already applied
                            to fc's 80 % bands by the caller; scales the annual P80 spread
                            from the ETS paths too. 0 = not calibrated (as 1) */
    double calib95;      /* the same for the 95 % bands and the P95 spread (0: calib) */
    double spread80;     /* annual P80 - P50 over the FY's forecast months */
    double spread95;     /* annual P95 - P50 */
    double fy_mean[12];  /* FY months: actual (past) or forecast mean */
    double last_fy_mean; /* FY-1 sum: actual + forecast */
    double fy_fc_base;   /* FY forecast-month sum before adjustments */
    int last_fy_actual;  /* FY-1 months that are actual */
};

struct mdl_budget_set {
    struct mdl_budget_series *v; /* nd departments sorted by name, then the total (v[nd]) */
    size_t nd;                   /* departments */
    size_t ns;                   /* series allocated and named so far (nd + 1 when complete) */
};

/* A planned change (docs/budget.md "Adjustments"); names are borrowed. */
struct mdl_budget_adjust {
    const char *department; /* a department of the set */
    int from_month;         /* month index the change starts in */
    int is_percent;         /* 1: percent applies */
    double amount;          /* monthly amount (may be negative) */
    double percent;         /* e.g. -30 for a 30% cut */
};

/* A fixed share of the shared cost (BUDGET_SHARED_FIXED); name borrowed. */
struct mdl_budget_share {
    const char *department; /* a department of the set, not '(unallocated)' */
    double share;           /* weight >= 0, normalised over the departments */
};

/* How '(unallocated)' is split: weights per department summing to 1 (over
 * the departments other than un), and each department's FY months with its
 * share added. un == nd when there is nothing to split. */
struct mdl_budget_split {
    size_t un;               /* index of '(unallocated)', or nd */
    double *w;               /* nd weights (0 for un) */
    double (*mon)[12];       /* nd + 1 FY months: own mean plus the shared part */
    double shared_annual[3]; /* shared cost's FY P50 sum and its P80, P95 spreads */
    double shared_last;      /* shared cost's FY-1 sum */
};

/* The months of a run on data up to last_day (a month is complete when
 * last_day is its last day) for fiscal year fy starting in month fy_start
 * (1..12), over cells v[0..n-1] (n >= 1); months > 0 keeps only the last N
 * complete months for fitting. ST_USAGE when the year is over or more than
 * MDL_BUDGET_MAX_AHEAD months ahead; ST_NOTFOUND with no complete month. */
enum status mdl_budget_calendar(int32_t last_day, int fy, int fy_start, int months,
                                const struct cost_cell *v, size_t n,
                                struct mdl_budget_calendar *cal, struct err *e);

/* Series per department from cells sorted by key, currency, month (one
 * currency, given in currency; another is ST_PARSE), the total last, and
 * each series' fitting window in y. On error set keeps what it has: release
 * it with mdl_budget_set_release() either way. */
enum status mdl_budget_series(const struct cost_cell *v, size_t n, const char *currency,
                              const struct mdl_budget_calendar *cal, struct mdl_budget_set *set,
                              struct err *e);
void mdl_budget_set_release(struct mdl_budget_set *set);

/* ST_PARSE naming the first adjustment whose department is not in the set. */
enum status mdl_budget_check_adjust(const struct mdl_budget_set *set,
                                    const struct mdl_budget_adjust *adj, size_t nadj,
                                    struct err *e);

/* Make every forecast step coherent: departments clamped at 0, the total
 * their sum; with wls, first moved by weighted least squares with the
 * forecast variances (mdl_reconcile_wls). */
enum status mdl_budget_reconcile(struct mdl_budget_set *set, int wls, struct err *e);

/* Record each series' FY forecast sum (fy_fc_base), apply the adjustments
 * in order to the departments' means from their month on (clamped at 0),
 * then sum the total again. */
void mdl_budget_adjust(struct mdl_budget_set *set, const struct mdl_budget_calendar *cal,
                       const struct mdl_budget_adjust *adj, size_t nadj);

/* Per series: the FY months (actual or forecast), the FY-1 sum, and the
 * spread of the annual sum over the FY's forecast months (ETS sample
 * paths times the series' calib factor, else summed monthly deviations of
 * the calibrated bands), scaled by the adjustments. */
void mdl_budget_annual(struct mdl_budget_set *set, const struct mdl_budget_calendar *cal);
/* Only the FY months and the FY-1 sum of every series (no spreads): the
 * weights of per-system lines (mdl_rollup.h). */
void mdl_budget_fy_means(struct mdl_budget_set *set, const struct mdl_budget_calendar *cal);

/* Weights splitting '(unallocated)' over the other departments by rule
 * (fixed: shares; an unknown department there is ST_PARSE). Release split
 * with mdl_budget_split_release(). */
enum status mdl_budget_shared(const struct mdl_budget_set *set, enum budget_shared rule,
                              const struct mdl_budget_share *shares, size_t nshares,
                              struct mdl_budget_split *split, struct err *e);
void mdl_budget_split_release(struct mdl_budget_split *split);

/* Whole yen: the lines (one per department but '(unallocated)' when it is
 * split; *lines owned, nlines of them) and the total line, at the level.
 * More than MDL_BUDGET_MAX_DEPTS lines is ST_NOMEM. */
enum status mdl_budget_lines(const struct mdl_budget_set *set, const struct mdl_budget_split *split,
                             const struct mdl_budget_calendar *cal, enum budget_level level,
                             struct budget_line **lines, size_t *nlines, struct budget_line *total,
                             struct err *e);
void mdl_budget_lines_release(struct budget_line *lines, size_t nlines, struct budget_line *total);

#endif
