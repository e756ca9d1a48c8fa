/*
 * job_obligations.c - commitments seen in the bill, per fiscal year (see
 * job_obligations.h).
 */
#include "job_obligations.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_costs.h"
#include "terms.h"

/* Whole units of a currency, half up (the bill's own amounts). */
static int64_t units(struct money m, const char *currency)
{
    int d = terms_currency_decimals(currency);
    int64_t scale = 1;
    for (int i = d; i < 6; i++)
        scale *= 10;
    return money_round_to(m, d, MONEY_HALF_UP).e6 / scale;
}

static enum status one(const struct benefit_info *b, int data_first, int as_of, int fy_start,
                       struct mdl_obl_out *o, struct err *e)
{
    size_t n = b->npay;
    int *months = calloc(n ? n : 1, sizeof *months);
    int64_t *pay = calloc(n ? n : 1, sizeof *pay);
    if (!months || !pay) {
        free(months);
        free(pay);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        months[i] = b->pay[i].month;
        pay[i] = units(b->pay[i].cost, b->currency);
    }
    struct mdl_obl_in in = {b->term_months,
                            month_index_of(b->first_seen),
                            month_index_of(b->last_seen),
                            data_first,
                            as_of,
                            fy_start,
                            months,
                            pay,
                            n};
    mdl_obligation(&in, o);
    free(months);
    free(pay);
    return ST_OK;
}

enum status job_obligations(struct store *s, int fy_start_month, struct job_obligations_result *out,
                            struct err *e)
{
    memset(out, 0, sizeof *out);
    out->fy_start_month = fy_start_month;
    int32_t first, last;
    enum status st = store_cost_day_range(s, DATASET_ACTUAL, &first, &last, e);
    if (st == ST_NOTFOUND) {
        err_clear(e);
        st = store_cost_day_range(s, DATASET_AMORTIZED, &first, &last, e);
    }
    if (st == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "no cost in the store; import a bill first");
    if (st != ST_OK)
        return st;
    int data_first = month_index_of(first);
    /* the last complete month of data is "now"; a partial month counts as seen */
    out->as_of_month = month_index_of(last);
    out->first_fy = mdl_obl_fiscal_year(out->as_of_month + 1, fy_start_month);
    if ((st = store_benefits(s, &out->b, e)) != ST_OK)
        return st;
    out->o = calloc(out->b.n ? out->b.n : 1, sizeof *out->o);
    if (!out->o)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; st == ST_OK && i < out->b.n; i++)
        st = one(&out->b.v[i], data_first, out->as_of_month, fy_start_month, &out->o[i], e);
    return st;
}

void job_obligations_release(struct job_obligations_result *r)
{
    benefit_infos_release(&r->b);
    free(r->o);
    memset(r, 0, sizeof *r);
}
