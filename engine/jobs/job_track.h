/*
 * job_track.h - execution tracking (執行管理) of a fiscal year in progress
 * (docs/track.md): the stored appropriations to a date against the actual
 * spend, and the year-end projection of the budget run (job_budget.h) on
 * the data cut at that date: actual months plus the forecast of the rest,
 * P50/P80/P95, the surplus or shortfall, the probability of exceeding the
 * appropriation, and a flag for lines that need a 補正 or 流用. Used by
 * `yosan track`; formats nothing.
 */
#ifndef YOSAN_JOB_TRACK_H
#define YOSAN_JOB_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mdl_forecast.h"
#include "mdl_track.h"
#include "store.h"
#include "terms.h"

struct track_params {
    int fiscal_year;    /* FY named by its start year */
    int32_t as_of;      /* date.h day: data and appropriations up to it; 0 = the data's last day */
    int cost;           /* -1: actual (cash) when imported, else amortized; 0 actual, 1 amortized */
    enum mdl_kind kind; /* forecast model (MDL_AUTO) */
    int jobs;           /* threads */
};

struct track_line {
    char *department;           /* owned; "total" for the city line */
    char *system;               /* owned system name, NULL for a department or the city */
    int has_approp;             /* 1: the line has appropriation rows */
    int64_t approp;             /* appropriation to date: every kind dated up to as_of */
    int64_t original;           /* of which 当初 */
    int64_t later;              /* rows dated after as_of (not counted) */
    int64_t actual;             /* actual spend of the FY's complete months */
    int64_t plan_to_date;       /* the plan's months that are actual */
    int64_t months[12];         /* actual (complete months) or P50 forecast, whole yen */
    int64_t lo80[12], hi80[12]; /* monthly 80% band (equal to months when actual) */
    int64_t lo95[12], hi95[12]; /* monthly 95% band */
    int64_t plan[12];           /* the appropriation spread by months' shape */
    int64_t p50, p80, p95;      /* projected year-end sum */
    int64_t surplus;            /* approp - p50: negative is a projected shortfall */
    double exec_rate;           /* actual / approp in percent, NAN without appropriation */
    double p_exceed;            /* P(year-end > approp), NAN without appropriation */
    enum mdl_track_flag flag;   /* on plan without appropriation */
};

struct track_result {
    int fiscal_year;          /* as asked */
    int first_month;          /* month_index of the FY's first month */
    int32_t as_of;            /* the data's last day used */
    int last_complete;        /* last complete month (month_index) */
    int actual_months;        /* FY months that are actual (0..11) */
    enum terms_basis basis;   /* the appropriations' basis: every figure is on it */
    char terms_source[160];   /* the billing terms applied */
    const char *dataset;      /* "actual" or "amortized" (static) */
    struct track_line *lines; /* departments by name; a department with systems in the
                                 appropriations is followed by those systems */
    size_t nlines;
    struct track_line city; /* the city: its own year-end quantiles; the sum of the
                               departments' appropriations, compared (has_approp) only
                               when every department has one */
    size_t missing;         /* departments appropriated for but without spend */
};

/* Track fiscal year p->fiscal_year on the store. ST_NOTFOUND without
 * appropriations for the year; ST_USAGE for a year already over (see
 * `yosan summary`) or too far ahead. out is released with
 * job_track_result_release() (also after errors). */
enum status job_track(struct store *s, const struct track_params *p, struct track_result *out,
                      struct err *e);
void job_track_result_release(struct track_result *r);

#endif
