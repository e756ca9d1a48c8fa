/*
 * mdl_terms.h - amounts put on a basis (list, contract, contract+tax) by
 * the billing terms (engine/terms.h; docs/terms.md). Pure and exact:
 * integer arithmetic on 10^-12 amounts and whole yen, no I/O.
 *
 *   mdl_terms_cells()        exact monthly cells by (key, service) -> cells by key on a basis
 *   mdl_terms_rates()        a department's effective markup and tax rates in a month,
 *                            weighted by its service mix
 *   mdl_terms_yen()          one whole-yen list amount on a basis
 *   mdl_terms_budget_line()  a budget line's months, bands and annual figures on a basis
 */
#ifndef YOSAN_MDL_TERMS_H
#define YOSAN_MDL_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mdl_budget.h"
#include "money.h"
#include "store_costs.h"
#include "terms.h"

/* Separates the key from the service in the cells mdl_terms_cells reads
 * (store_cost_by_month with by_service). */
#define MDL_TERMS_SEP '\x1f'

/* Cells keyed "key<SEP>service" (sorted by key, currency, month as the
 * store returns them) into cells keyed "key" on basis b, sorted by key,
 * currency, month. Per (key, currency, month): the contract amount is the
 * exact sum over services of amount * (1 + markup of the service in that
 * month); tax is the taxable part times the month's rate, rounded once to
 * the currency's unit by the terms' rule. Release out with
 * cost_cells_release() (also after an error). */
enum status mdl_terms_cells(const struct cost_cells *in, const struct terms *t, enum terms_basis b,
                            struct cost_cells *out, struct err *e);

/* A key's effective rates in month: the markup (ppm on list) and the tax
 * (ppm on contract) weighted by its service mix over the cells
 * (keyed "key<SEP>service"; key NULL = every key) of the months
 * mix_from..mix_to. With no positive amount there the overall rates apply. */
void mdl_terms_rates(const struct terms *t, const struct cost_cells *mix, const char *key,
                     int mix_from, int mix_to, int month, int64_t *cppm, int64_t *tppm);

/* A whole-yen list amount on basis b: contract = list * (1 + cppm) rounded
 * by rule; contract+tax adds contract * tppm rounded by rule. */
int64_t mdl_terms_yen(int64_t list, int64_t cppm, int64_t tppm, enum terms_basis b,
                      enum money_rounding rule);

/* One line's rates: cppm/tppm for the 12 FY months and for its FY-1 sum. */
struct mdl_terms_line_rates {
    int64_t cppm[12], tppm[12];
    int64_t last_cppm, last_tppm;
};

/* A budget line on basis b: every month (at the level, P50 and the bands)
 * converted with its month's rates, budget and annual P50 the sums of the
 * months, the other annual quantile and the shared part scaled with the
 * P50 sum, FY-1 converted with its rates, change recomputed. */
void mdl_terms_budget_line(struct budget_line *L, const struct mdl_terms_line_rates *r,
                           enum budget_level level, enum terms_basis b, enum money_rounding rule);

/* The total line from converted lines: months, budget, shared and FY-1 the
 * lines' sums; its own bands converted with r; annual quantiles scaled. */
void mdl_terms_budget_total(struct budget_line *T, const struct budget_line *lines, size_t n,
                            const struct mdl_terms_line_rates *r, enum budget_level level,
                            enum terms_basis b, enum money_rounding rule);

/* A line billed in a foreign currency converted to yen at rate_e6 / 10^6
 * (every figure, rounded by rule), its annual P80/P95 spreads widened by
 * the exchange-rate uncertainty over its forecast months (FY months
 * fc_from..11): the range low..high taken as a 90 % interval of the log
 * rate (sigma = ln(high/low) / 3.29), combined with the forecast spread in
 * quadrature. The months at the level are split again to sum to it. */
void mdl_terms_budget_fx(struct budget_line *L, int64_t rate_e6, int64_t low_e6, int64_t high_e6,
                         int fc_from, enum budget_level level, enum money_rounding rule);
/* The same for the total from converted lines (months and FY-1 their sums). */
void mdl_terms_budget_fx_total(struct budget_line *T, const struct budget_line *lines, size_t n,
                               int64_t rate_e6, int64_t low_e6, int64_t high_e6, int fc_from,
                               enum budget_level level, enum money_rounding rule);

#endif
