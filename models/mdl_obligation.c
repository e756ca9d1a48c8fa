/*
 * mdl_obligation.c - payments a commitment still owes, by fiscal year (see
 * mdl_obligation.h). Integer arithmetic on whole units.
 */
#include <string.h>

#include "date.h"
#include "mdl_obligation.h"

int mdl_obl_fiscal_year(int month, int fy_start_month)
{
    int y, m;
    month_from_index(month, &y, &m);
    return m >= fy_start_month ? y : y - 1;
}

/* Add amount to the FY bucket of month (ignored past the kept years). */
static void add_fy(int64_t per_fy[MDL_OBL_FYS], int first_fy, int month, int fy_start,
                   int64_t amount)
{
    int k = mdl_obl_fiscal_year(month, fy_start) - first_fy;
    if (k >= 0 && k < MDL_OBL_FYS)
        per_fy[k] += amount;
}

void mdl_obligation(const struct mdl_obl_in *in, struct mdl_obl_out *out)
{
    memset(out, 0, sizeof *out);
    out->payment = in->npay >= 2 ? MDL_OBL_MONTHLY : in->npay == 1 ? MDL_OBL_UPFRONT : MDL_OBL_NONE;
    for (size_t i = 0; i < in->npay; i++)
        out->paid += in->pay[i];
    out->start_month = in->npay ? in->pay_month[0] : in->first_seen_month;
    out->start_known = out->payment == MDL_OBL_UPFRONT || out->start_month > in->data_first_month;
    out->end_month = in->term_months > 0 ? out->start_month + in->term_months - 1 : -1;
    if (out->payment == MDL_OBL_MONTHLY)
        out->monthly = in->pay[in->npay - 1];
    else if (out->payment == MDL_OBL_UPFRONT && in->term_months > 0)
        out->monthly = (out->paid + in->term_months / 2) / in->term_months;
    out->first_fy = mdl_obl_fiscal_year(in->as_of_month + 1, in->fy_start_month);
    out->remaining_known = out->payment != MDL_OBL_MONTHLY || out->end_month >= 0;
    if (out->payment != MDL_OBL_MONTHLY || out->end_month < 0)
        return; /* paid up front, not paid here, or an unknown end */
    /* still paying at the end of the data: the months after it up to the end */
    if (in->pay_month[in->npay - 1] < in->as_of_month)
        return; /* the payments stopped: ended or cancelled */
    for (int m = in->as_of_month + 1; m <= out->end_month; m++) {
        add_fy(out->remaining, out->first_fy, m, in->fy_start_month, out->monthly);
        out->remaining_total += out->monthly;
        out->beyond_fy |= mdl_obl_fiscal_year(m, in->fy_start_month) > out->first_fy;
    }
}

int mdl_obl_new_commitment(int start_month, int term_months, int64_t monthly, int fy_start_month,
                           int64_t per_fy[MDL_OBL_FYS])
{
    memset(per_fy, 0, MDL_OBL_FYS * sizeof *per_fy);
    int fy = mdl_obl_fiscal_year(start_month, fy_start_month);
    for (int m = start_month; m < start_month + term_months; m++)
        add_fy(per_fy, fy, m, fy_start_month, monthly);
    return term_months > 0 &&
           mdl_obl_fiscal_year(start_month + term_months - 1, fy_start_month) > fy;
}
