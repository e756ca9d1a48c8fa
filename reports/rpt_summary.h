/*
 * rpt_summary.h - the cost-summary report: monthly cost sums from the store
 * (struct cost_cells, store_costs.h) laid out as a report document.
 *
 * Only arranges and adds up exact sums that store_cost_by_month() already
 * produced (per department / per service and month); it never forecasts.
 */
#ifndef YOSAN_RPT_SUMMARY_H
#define YOSAN_RPT_SUMMARY_H

#include <stddef.h>

#include "err.h"
#include "rpt_model.h"
#include "store_costs.h"

struct rpt_summary_input {
    const struct cost_cells *by_dept;    /* COST_DIM_DEPARTMENT cells (required) */
    const struct cost_cells *by_service; /* COST_DIM_SERVICE cells, or NULL */
    const char *currency;                /* use only this currency's cells */
    int month_from;                      /* first month shown (date.h month_index) */
    int month_to;                        /* last month shown, inclusive */
    size_t top_services;                 /* services stacked by name; the rest as "other" */
    const char *dataset;                 /* "actual" / "amortized", for the metadata */
};

/* Fill out (initialised here; the caller releases it with rpt_doc_release(),
 * also after an error) with: cost by department (total, share), a stacked
 * monthly chart by department, the department x month table, and - with
 * by_service - a stacked chart and table by service. Amounts are exact sums
 * rounded once to whole yen per shown cell and per total, so a total can
 * differ by rounding from the sum of its rounded cells. */
enum status rpt_summary_build(const struct rpt_summary_input *in, enum rpt_lang lang,
                              struct rpt_doc *out, struct err *e);

#endif
