/*
 * job_obligations.h - the reservations and savings plans found in the bill
 * and what they still commit the city to per fiscal year (`yosan
 * obligations`; docs/chargeback.md "Obligations"). The store's benefits
 * (store_benefits.h) through models/mdl_obligation.h.
 */
#ifndef YOSAN_JOB_OBLIGATIONS_H
#define YOSAN_JOB_OBLIGATIONS_H

#include <stddef.h>

#include "err.h"
#include "mdl_obligation.h"
#include "store.h"
#include "store_benefits.h"

struct job_obligations_result {
    struct benefit_infos b; /* the benefits, sorted by id */
    struct mdl_obl_out *o;  /* b.n results, same order */
    int as_of_month;        /* the data's last month (month_index) */
    int first_fy;           /* the current fiscal year (the month after as_of) */
    int fy_start_month;     /* as asked */
};

/* The store's commitments. fy_start_month 1..12. ST_NOTFOUND when the store
 * has no cost. Release with job_obligations_release() (also after an error). */
enum status job_obligations(struct store *s, int fy_start_month, struct job_obligations_result *out,
                            struct err *e);
void job_obligations_release(struct job_obligations_result *r);

#endif
