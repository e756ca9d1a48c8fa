/*
 * job_azure_budgets.h - the budget run as Azure Cost Management budgets
 * (Microsoft.Consumption/budgets; docs/budget.md "Into Azure"): for each
 * department, the filter that selects its cost in Azure and the run's
 * monthly amounts. What `yosan budget --format azure-budgets` renders
 * (reports/rpt_azure_budgets.h writes the ARM template).
 *
 * A budget lives in one subscription and sees only its cost, and its
 * filter cannot say "A or B". So a department gets one budget per (rule,
 * subscription) that caught its cost over the last 12 complete months: the
 * whole subscription for a subscription(-name) rule, its resource groups
 * for a resource-group rule, the tag for a tag rule or the `department` tag
 * fallback. Its monthly amounts are split over those parts by each part's
 * cost (largest remainder per month), so the parts add up to the run's
 * line in every month.
 */
#ifndef YOSAN_JOB_AZURE_BUDGETS_H
#define YOSAN_JOB_AZURE_BUDGETS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "job_budget.h"
#include "rpt_azure_budgets.h"
#include "store.h"

/* The plan of run r (its department lines; not --by department,system's
 * systems). Release with azb_plan_release() (also after an error). */
enum status job_azure_budgets(struct store *s, const struct budget_result *r, struct azb_plan *out,
                              struct err *e);

#endif
