/*
 * job_budget.h - the annual budget forecast run: store -> monthly series
 * per department -> models -> reconciliation -> planned adjustments ->
 * shared-cost split -> whole yen (the phases are models/mdl_budget.h; the
 * line type struct budget_line is theirs). Used by `yosan budget` and
 * `yosan report budget` (reports format the struct budget_result; they
 * never forecast). See docs/budget.md for every rule.
 */
#ifndef YOSAN_JOB_BUDGET_H
#define YOSAN_JOB_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#include "dept.h"
#include "err.h"
#include "imp_budget.h"
#include "mdl_budget.h"
#include "mdl_forecast.h"
#include "store.h"
#include "store_costs.h"
#include "terms.h"

struct budget_params {
    int fiscal_year;                    /* FY named by its start year (FY2027 = 2027-04..2028-03) */
    int fy_start_month;                 /* 4 for Japan */
    enum budget_level level;            /* which annual quantile the monthly budget sums to */
    enum budget_shared shared;          /* how '(unallocated)' is split */
    const struct imp_share_set *shares; /* weights for BUDGET_SHARED_FIXED (borrowed) */
    const struct imp_adjust_set *adjust; /* planned changes or NULL (borrowed) */
    int cost;           /* -1: actual (cash) when imported, else amortized; 0 actual, 1 amortized */
    int months;         /* fit on the last N complete months only; 0 = all */
    enum mdl_kind kind; /* model (MDL_AUTO by default) */
    int jobs;           /* threads */
    int reconcile_wls;  /* 1: WLS reconciliation; 0 (default): total = sum of departments, which
                           the demo backtest favours (docs/budget.md) */
    enum terms_basis basis;    /* what the figures are (docs/terms.md); 0 = list */
    const struct terms *terms; /* billing terms (borrowed); NULL: job_budget() reads the
                                  store's, job_budget_cells() the built-in defaults */
    int by_system;             /* 1: per-system lines under each department (store runs only) */
    const struct dept_rules *system_rules; /* match,pattern,system rules or NULL (borrowed) */
    const char *system_tag;                /* tag naming the system; NULL = "system" */
    int32_t as_of; /* store runs: use the data up to this usage day only (date.h day; a
                      cut for `yosan track --as-of` and backtests); 0 = all the data */
};

struct budget_result {
    int fiscal_year;              /* as asked */
    int first_month;              /* month_index of the FY's first month */
    int last_complete;            /* last complete actual month (month_index) */
    int forecast_from;            /* first forecast month (last_complete + 1) */
    size_t horizon;               /* months forecast: forecast_from .. FY end */
    enum budget_level level;      /* as asked */
    char currency[8];             /* e.g. "JPY" */
    const char *dataset;          /* "actual" or "amortized" (static) */
    int dataset_default;          /* 1: chosen by default (cash), 0: asked or --input */
    char method[160];             /* models, reconciliation, shared rule */
    enum terms_basis basis;       /* the basis of every money figure */
    enum money_rounding rounding; /* the terms' rounding rule (contract and tax per month) */
    char terms_source[160];       /* "built-in defaults" or the terms file's name */
    char assumptions[512];        /* price revisions and the exchange rate applied, "" when none */
    struct budget_line *lines;    /* nlines departments, sorted by name */
    size_t nlines;
    struct budget_line total; /* the city: monthly/budget = sum of lines; annual = own quantiles */
    struct budget_line *sys;  /* by_system: nsys lines, the systems of lines[0], then of
                                 lines[1], ..., each department's by system name; each
                                 department's add up to its line in every column */
    size_t nsys;
    size_t *sys_first; /* by_system: nlines + 1 offsets: lines[l]'s systems are
                          sys[sys_first[l] .. sys_first[l + 1]) */
};

/* Run the budget on the store's monthly costs. out is filled on ST_OK and
 * must be released with job_budget_result_release() (also safe after errors). */
enum status job_budget(struct store *s, const struct budget_params *p, struct budget_result *out,
                       struct err *e);
/* The same from monthly cells already read (by department, one currency)
 * with last_day the last usage day in the data: what job_budget() does
 * after reading the store (`yosan budget --input`, the tests). dataset is
 * a static name. */
enum status job_budget_cells(const struct cost_cells *cells, int32_t last_day, const char *dataset,
                             const struct budget_params *p, struct budget_result *out,
                             struct err *e);
/* The same with each department's service mix (cells keyed
 * "department\x1fservice", mdl_terms.h), which weights per-service markups
 * and tax exemptions; mix NULL applies the overall terms. */
enum status job_budget_cells_mix(const struct cost_cells *cells, const struct cost_cells *mix,
                                 int32_t last_day, const char *dataset,
                                 const struct budget_params *p, struct budget_result *out,
                                 struct err *e);
void job_budget_result_release(struct budget_result *r);

#endif
