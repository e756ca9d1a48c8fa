/*
 * mdl_obligation.h - what a reservation or savings plan seen in the bill
 * still commits the city to (pure; docs/chargeback.md "Obligations"): how
 * it is paid, when it started and ends, and the payments still due per
 * fiscal year after the data's last month. A commitment that still has
 * payments due after the current fiscal year is a multi-year obligation:
 * in a Japanese local government it needs a 債務負担行為 (Local Autonomy
 * Act art. 214).
 */
#ifndef YOSAN_MDL_OBLIGATION_H
#define YOSAN_MDL_OBLIGATION_H

#include <stddef.h>
#include <stdint.h>

#define MDL_OBL_FYS 6 /* fiscal years of remaining payments kept (a 5-year term fits) */

enum mdl_obl_payment {
    MDL_OBL_NONE = 0, /* no purchase row seen (bought before the data, or elsewhere) */
    MDL_OBL_MONTHLY,  /* a purchase row in two or more months: paid monthly */
    MDL_OBL_UPFRONT,  /* one purchase: paid up front */
};

struct mdl_obl_in {
    int term_months;      /* from the bill; 0 unknown */
    int first_seen_month; /* month indexes (date.h) */
    int last_seen_month;
    int data_first_month; /* the store's first month: a start there may be earlier */
    int as_of_month;      /* last month of data: payments after it are "remaining" */
    int fy_start_month;   /* 1..12, 4 = April */
    const int *pay_month; /* npay months with a purchase, ascending */
    const int64_t *pay;   /* whole units paid in each */
    size_t npay;
};

struct mdl_obl_out {
    enum mdl_obl_payment payment;
    int start_month;     /* first purchase (or first seen) */
    int start_known;     /* 0: at the data's start, so it may have started earlier */
    int end_month;       /* start + term - 1; -1 when the term is unknown */
    int64_t monthly;     /* the monthly payment (monthly), or paid / term (up front; 0 unknown) */
    int64_t paid;        /* sum of the purchases seen */
    int first_fy;        /* fiscal year of as_of_month + 1 ("the current FY") */
    int remaining_known; /* 0 when monthly with an unknown term */
    int64_t remaining[MDL_OBL_FYS]; /* payments due in FY first_fy + k */
    int64_t remaining_total;
    int beyond_fy; /* 1: payments due after first_fy (a multi-year obligation) */
};

/* The fiscal year (named by its first calendar year) of a month index. */
int mdl_obl_fiscal_year(int month, int fy_start_month);

void mdl_obligation(const struct mdl_obl_in *in, struct mdl_obl_out *out);

/* A commitment bought now: term_months of monthly payments from start_month,
 * spread over fiscal years from the FY of start_month (amounts per FY into
 * per_fy[0..MDL_OBL_FYS)). Returns 1 when it runs past the end of that FY
 * (so it needs a 債務負担行為), else 0. */
int mdl_obl_new_commitment(int start_month, int term_months, int64_t monthly, int fy_start_month,
                           int64_t per_fy[MDL_OBL_FYS]);

#endif
