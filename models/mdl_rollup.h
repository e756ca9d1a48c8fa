/*
 * mdl_rollup.h - budget lines below a department and the request figures
 * of a budget document (docs/budget.md "Per-system lines", docs/reports.md
 * "Request view"). Pure integer arithmetic, no I/O.
 *
 *   mdl_budget_rollup()  a department's whole-yen line split over its
 *                        systems (業務システム) so that the system lines add
 *                        up exactly to it in every month and column
 *   mdl_thousand_yen()   whole yen to 千円 by a rounding rule
 *   mdl_thousand_lines() the 千円 of many lines and their total, stated as
 *                        the sum of the rounded lines
 */
#ifndef YOSAN_MDL_ROLLUP_H
#define YOSAN_MDL_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mdl_budget.h"
#include "money.h"

#define BUDGET_NO_SYSTEM "(no system)" /* costs no system rule or tag names */

/* How much of the department each system takes: its fiscal-year months
 * (actual months as they were, forecast months from its own reconciled
 * forecast) and its FY-1 sum, on any common scale (only ratios matter;
 * negative or non-finite weights count as 0; all zero = an even split). */
struct mdl_rollup_weight {
    double month[12]; /* FY months */
    double last_fy;   /* FY-1 sum */
};

/* Split department line D over k systems (k >= 1) into out[0..k): every
 * month of monthly, monthly_p50 and the four bands by that month's
 * weights (largest remainder, mdl_alloc.h), so each month of out sums to
 * D's exactly; budget and annual P50 the sums of the months; the
 * non-P50 quantiles as P50 (or, at the level, budget) plus a largest-
 * remainder split of D's spread by the systems' FY sums; shared_yen by
 * the FY sums; last_fy by the FY-1 weights; change_pct recomputed.
 * out[i].department is a copy of D's, out[i].system of names[i], model
 * of models[i] (or D's when models is NULL). out is the caller's array of
 * k lines; the names in it are released with mdl_budget_lines_release()
 * (which also frees a heap array). ST_NOMEM leaves no names in out. */
enum status mdl_budget_rollup(const struct budget_line *D, enum budget_level level,
                              const char *const *names, const char *const *models,
                              const struct mdl_rollup_weight *w, size_t k, struct budget_line *out,
                              struct err *e);

/* yen in 千円 (thousands of yen) by rule: MONEY_CEIL (切り上げ) rounds
 * toward +inf, MONEY_FLOOR (切り捨て) toward -inf, MONEY_HALF_UP (四捨五入)
 * half away from zero: 1 -> 1, 1000 -> 1, 1001 -> 2 (ceil). */
int64_t mdl_thousand_yen(int64_t yen, enum money_rounding rule);

/* Each of n whole-yen amounts in 千円 by rule into k[0..n), and *total
 * their sum: the 千円 total is the sum of the rounded lines (what a
 * request states), not the rounded sum of the yen. */
void mdl_thousand_lines(const int64_t *yen, size_t n, enum money_rounding rule, int64_t *k,
                        int64_t *total);

#endif
