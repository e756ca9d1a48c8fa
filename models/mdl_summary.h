/*
 * mdl_summary.h - fold monthly cost cells (store_cost_by_month) into the
 * rows of `yosan summary`: by month, by fiscal year, or by the grouping key.
 *
 * Pure and exact: sums are struct money, never doubles. Currencies are
 * never summed together: every output row has one key and one currency.
 */
#ifndef YOSAN_MDL_SUMMARY_H
#define YOSAN_MDL_SUMMARY_H

#include <stddef.h>

#include "err.h"
#include "money.h"
#include "store_costs.h"

enum mdl_fold {
    MDL_FOLD_MONTH = 0,   /* key "YYYY-MM" (the cells' keys are ignored) */
    MDL_FOLD_FISCAL_YEAR, /* key "FY2026" (named by the year the fiscal year starts in) */
    MDL_FOLD_KEY,         /* key = the cell key (department, service, ...), months summed */
};

struct mdl_summary_row {
    char *key;         /* owned */
    char *currency;    /* owned */
    struct money cost; /* exact sum */
};

struct mdl_summary {
    struct mdl_summary_row *v; /* n rows; see mdl_summary_fold for the order */
    size_t n;
};

/* Fold cells into out. Order: MONTH and FISCAL_YEAR chronological, then by
 * currency; KEY by currency, then cost descending, then key. fy_start_month
 * (1..12) only matters for FISCAL_YEAR. The caller releases out with
 * mdl_summary_release() (also after a failure). */
enum status mdl_summary_fold(const struct cost_cells *cells, enum mdl_fold fold, int fy_start_month,
                             struct mdl_summary *out, struct err *e);

/* One row per currency with the sum of rows in that currency (key "total"),
 * sorted by currency. Released with mdl_summary_release(). */
enum status mdl_summary_totals(const struct mdl_summary *rows, struct mdl_summary *out,
                               struct err *e);

void mdl_summary_release(struct mdl_summary *s);

#endif
