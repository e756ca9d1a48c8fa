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
    int approp_optional; /* 1: run without appropriations for the year (the lines have
                            has_approp 0, basis contract+tax; the daily view) */
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
    int64_t last_fy;            /* FY-1: actual months plus P50 for the rest (budget_line) */
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

/* ---- the daily view (`yosan track --daily`, job_track_daily.c) ---- */

#define TRACK_DAYS_MAX 31

struct track_daily_params {
    int month;          /* date.h month_index; -1: the month of the as-of day */
    int32_t as_of;      /* data up to this day (0: the data's last day); cut at the month's end */
    int cost;           /* as track_params */
    enum mdl_kind kind; /* the daily model (MDL_AUTO: ensemble with m = 7, MSTL(7,365) with
                           two years of history; models/mdl_daily.h) */
    int jobs;           /* threads of the track run */
    const struct track_result *run; /* NULL: the track run is made here; else a caller's run
                                       (the report's), used when it is of the month's fiscal
                                       year, cut at the same day, on the same cost */
};

struct track_daily_line {
    char *department;             /* owned; "total" for the city */
    int64_t day[TRACK_DAYS_MAX];  /* whole yen: actual days, then the P50 forecast */
    int64_t lo80[TRACK_DAYS_MAX]; /* daily 80 % band (= day when actual) */
    int64_t hi80[TRACK_DAYS_MAX];
    int64_t actual;            /* the month to the as-of day */
    int64_t p50, lo80m, hi80m; /* projected month total and its 80 % band */
    int has_approp;            /* the department has appropriation rows */
    int64_t approp;            /* the FY's appropriation to the as-of day */
    int64_t plan;              /* the month's plan (track's plan, mdl_track_plan) */
    double share_pct;          /* p50 / approp x 100, NAN without appropriation */
    double closed_factor;      /* mdl_daily_closed_factor, NAN for the city */
    double ratio;              /* basis yen per unit of the bill's daily cost */
    char model[MDL_NAME_LEN];  /* the daily model used ("" when none) */
};

struct track_daily_result {
    int month;                      /* month_index */
    int fiscal_year;                /* the FY the month is in */
    int32_t as_of;                  /* the last actual day (may be the day before the month) */
    int ndays;                      /* days in the month */
    int actual_days;                /* of which actual (0..ndays) */
    enum terms_basis basis;         /* the appropriations' (contract+tax without any) */
    char terms_source[160];         /* the billing terms applied */
    const char *dataset;            /* "actual" or "amortized" (static) */
    struct track_daily_line *lines; /* departments by name */
    size_t nlines;
    struct track_daily_line city; /* sums of the departments' days, totals and bands */
};

/* The month p->month day by day per department: actual days to the as-of
 * day, the rest forecast by mdl_daily_forecast() on each department's
 * daily cost, on the basis of the track run cut at the same day (its
 * months convert the bill's daily cost, shared cost included: docs/track.md).
 * Appropriations are optional. ST_USAGE when the data ends before the
 * month's first day - 1. Release out with job_track_daily_release() (also
 * after errors). */
enum status job_track_daily(struct store *s, const struct track_daily_params *p,
                            struct track_daily_result *out, struct err *e);
void job_track_daily_release(struct track_daily_result *r);

#endif
