/*
 * job_report.h - the report documents built from the jobs: the budget,
 * right-sizing (with its stop-schedule section) and what-if reports. Each
 * builder runs its job (the execution-tracking and anomaly reports too) and turns the result into a
 * report document (reports/rpt_model.h); writing it as HTML, XLSX, CSV, JSON or Markdown is the
 * caller's (engine/cli/cmd_report.c).
 */
#ifndef YOSAN_JOB_REPORT_H
#define YOSAN_JOB_REPORT_H

#include <stdint.h>

#include "dept.h"
#include "err.h"
#include "imp_budget.h"
#include "rpt_model.h"
#include "store.h"

struct job_report_opts {
    enum rpt_lang lang;     /* label language */
    int cost;               /* 0 actual, 1 amortized, -1 = amortized when imported */
    int fiscal_year;        /* budget: the fiscal year */
    int level;              /* budget: 0 p50, 1 p80, 2 p95; -1 = the budget run's default */
    int shared;             /* budget: 0 proportional, 1 even */
    int month;              /* rightsize: month_index analysed, INT_MIN when unset */
    int years;              /* whatif: > 0 overrides the scenario's horizon */
    const char *scenario;   /* whatif: the scenario file */
    const char *db_path;    /* whatif: opened only when the scenario references the store */
    int jobs;               /* budget: forecasting threads */
    int threads;            /* right-sizing's reading threads (job_rs_options.threads) */
    int64_t now;            /* the clock, seconds since the epoch (UTC) */
    int basis;              /* budget: enum terms_basis, -1 = contract+tax */
    int by_system;          /* budget: 1 = per-system lines under each department */
    const char *system_tag; /* budget: tag naming the system; NULL = "system" */
    const struct dept_rules *system_rules; /* budget: match,pattern,system rules or NULL */
    const struct imp_adjust_set *adjust;   /* budget: planned changes (notes = reasons) or NULL */
    const struct imp_approp_set *approp;   /* budget: original appropriations or NULL */
    int thousand_rounding;                 /* budget: enum money_rounding of the 千円 figures */
    int lookback_days;                     /* rightsize: > 0 = only the month's last N days */
    int burstable_same_cores; /* rightsize: 1 = B-series only with the same vCPUs (Advisor) */
    int32_t as_of;            /* track: date.h day of the cut, 0 = the data's last day */
    int32_t from, to;         /* anomalies: days reported, INT32_MIN / INT32_MAX = default */
};

/* Builders: fill d (initialised by the builder; the caller releases it with
 * rpt_doc_release(), also after an error) or return an error in e. */
enum status job_report_budget(struct store *s, const struct job_report_opts *o, struct rpt_doc *d,
                              struct err *e);
enum status job_report_rightsize(struct store *s, const struct job_report_opts *o,
                                 struct rpt_doc *d, struct err *e);
/* Append the stop-schedule section to a right-sizing document. */
enum status job_report_schedules(struct store *s, const struct job_report_opts *o,
                                 struct rpt_doc *d, struct err *e);
/* Execution tracking of o->fiscal_year as of o->as_of (job_track.h). */
enum status job_report_track(struct store *s, const struct job_report_opts *o, struct rpt_doc *d,
                             struct err *e);
/* Cost anomalies of o->from..o->to per department (job_anomaly.h). */
enum status job_report_anomalies(struct store *s, const struct job_report_opts *o,
                                 struct rpt_doc *d, struct err *e);
enum status job_report_whatif(const struct job_report_opts *o, struct rpt_doc *d, struct err *e);

#endif
