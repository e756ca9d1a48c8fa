/*
 * job_costs.c - monthly cost cells on a basis (see job_costs.h).
 */
#include "job_costs.h"

#include <stdio.h>

#include "imp_terms.h"
#include "mdl_terms.h"

enum status job_cost_cells(struct store *s, const struct cost_query *q, enum terms_basis b,
                           struct cost_cells *out, char *terms_source, struct err *e)
{
    struct cost_query qs = *q;
    qs.by_service = 0;
    out->v = NULL;
    out->n = 0;
    if (b == TERMS_BASIS_LIST) {
        if (terms_source)
            snprintf(terms_source, 160, "none (list prices)");
        return store_cost_by_month(s, &qs, out, e);
    }
    struct cost_cells svc = {0};
    struct terms t;
    enum status st = imp_terms_from_store(s, &t, e);
    if (st != ST_OK)
        return st;
    qs.by_service = 1;
    st = store_cost_by_month(s, &qs, &svc, e);
    if (st == ST_OK)
        st = mdl_terms_cells(&svc, &t, b, out, e);
    if (st == ST_OK && terms_source)
        snprintf(terms_source, 160, "%s", t.source);
    cost_cells_release(&svc);
    terms_release(&t);
    return st;
}
