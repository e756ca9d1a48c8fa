/*
 * job_anomaly.h - `yosan anomalies`: daily cost series from the store per
 * department, service or subscription, judged by the anomaly model
 * (models/mdl_anomaly.h) against the Japanese calendar, and each flagged day
 * explained by the resources and meters whose cost rose most over their
 * usual cost (docs/anomalies.md).
 */
#ifndef YOSAN_JOB_ANOMALY_H
#define YOSAN_JOB_ANOMALY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mdl_anomaly.h"
#include "store.h"
#include "store_costs.h"

#define JOB_ANOM_TOP 3 /* resources/meters listed per anomaly */

struct job_anom_opts {
    enum cost_day_dim dim;         /* series: department, service or subscription */
    enum cost_dataset dataset;     /* never mixed */
    int32_t from, to;              /* days reported, inclusive; INT32_MIN / INT32_MAX: default */
    struct mdl_anom_params params; /* mdl_anom_params_default() unless a test says otherwise */
    int window;                    /* > 0: keep each anomaly's series and expected range
                                      from `window` days before to window / 4 after (a
                                      chart, job_report_anomalies); 0 = none */
};

struct job_anom_item {
    char *resource;  /* owned: ARM id or "(no resource)" */
    char *meter;     /* owned: "service / subcategory / meter" */
    double actual;   /* its cost that day */
    double usual;    /* median cost on the reference days (same day class, 4 weeks before) */
    double increase; /* actual - usual */
};

struct job_anom {
    char *series;   /* owned: department, service or subscription */
    char *currency; /* owned */
    int32_t day;
    double actual, expected, lo, hi;
    double excess; /* actual - expected */
    int closed;    /* 1: a holiday or closure day */
    int shift;     /* 1: a level shift starts here (re-anchored) */
    struct job_anom_item top[JOB_ANOM_TOP];
    size_t ntop;
    /* with job_anom_opts.window: days win_first .. win_first + win_n - 1 */
    int32_t win_first;
    size_t win_n;
    double *win_x;                     /* owned: the series' cost a day */
    double *win_exp, *win_lo, *win_hi; /* owned: the model's range, NAN where not judged */
};

struct job_anom_result {
    struct job_anom *v; /* sorted by day, then series */
    size_t n;
    int32_t from, to;   /* the days reported */
    size_t series;      /* series judged */
    size_t days_judged; /* series-days judged inside [from, to] */
};

/* Run on store s. Release res with job_anom_result_release() (also after an
 * error). ST_NOTFOUND when the store has no cost of the dataset. */
enum status job_anomalies(struct store *s, const struct job_anom_opts *o,
                          struct job_anom_result *res, struct err *e);
void job_anom_result_release(struct job_anom_result *res);

#endif
