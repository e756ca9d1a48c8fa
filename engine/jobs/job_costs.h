/*
 * job_costs.h - the store's exact monthly cost cells on a basis (list,
 * contract, contract+tax; docs/terms.md): what `yosan summary` and the
 * summary report read. List is the store's own sums; the other bases read
 * the cells by service and convert them with the terms in force
 * (importers/imp_terms.h, models/mdl_terms.h).
 */
#ifndef YOSAN_JOB_COSTS_H
#define YOSAN_JOB_COSTS_H

#include "err.h"
#include "store.h"
#include "store_costs.h"
#include "terms.h"

/* Cells of query q (its by_service is ignored) on basis b into out, sorted
 * by key, currency, month. terms_source (may be NULL; at least 160 bytes)
 * receives the terms' source. Release out with cost_cells_release() (also
 * after an error). */
enum status job_cost_cells(struct store *s, const struct cost_query *q, enum terms_basis b,
                           struct cost_cells *out, char *terms_source, struct err *e);

#endif
