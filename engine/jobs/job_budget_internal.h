/*
 * job_budget_internal.h - what the parts of the budget run share inside
 * the jobs library (job_budget.c, job_budget_system.c). Not for callers.
 */
#ifndef YOSAN_JOB_BUDGET_INTERNAL_H
#define YOSAN_JOB_BUDGET_INTERNAL_H

#include "job_budget.h"

/* Forecast every series of the set h months ahead on p->jobs threads
 * (series[i].fc is filled; the set releases it). */
enum status job_budget_forecast_all(struct mdl_budget_set *set, size_t h,
                                    const struct budget_params *p, struct err *e);

/* Per-system lines (out->sys) under the department lines of a finished
 * run on the store's dataset ds up to last_day (docs/budget.md
 * "Per-system lines"). */
enum status job_budget_systems(struct store *s, const struct budget_params *p, enum cost_dataset ds,
                               int32_t last_day, struct budget_result *out, struct err *e);

/* Add the request view (予算要求) of run r to a budget report document
 * (job_report_request.c). */
struct rpt_doc;
struct job_report_opts;
enum status job_report_request(struct rpt_doc *d, const struct budget_result *r,
                               const struct job_report_opts *o);

#endif
