/*
 * job_chargeback.h - charge-back (按分): each department's actual cost per
 * month with the shared cost ('(unallocated)') split by a stated key, in
 * whole currency units adding up exactly to the month's invoice on a money
 * basis (docs/chargeback.md). What `yosan chargeback` and `yosan summary
 * --shared split` print.
 *
 * The invoice of a month is the store's total on the basis, rounded to the
 * currency's unit by the terms' rounding rule. The split itself is
 * models/mdl_chargeback.h.
 */
#ifndef YOSAN_JOB_CHARGEBACK_H
#define YOSAN_JOB_CHARGEBACK_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "imp_budget.h"
#include "store.h"
#include "store_costs.h"
#include "terms.h"

/* The key the shared cost is split by. */
enum cb_split {
    CB_SPLIT_DIRECT = 0, /* proportional to each department's direct cost in the month */
    CB_SPLIT_EVEN,       /* equal parts over the departments with cost in the month */
    CB_SPLIT_FIXED,      /* fixed shares from a file (department,share) */
    CB_SPLIT_VCPU_HOURS, /* the department's vCPU-hours in the month (usage key) */
};

/* "direct", "even", "fixed:FILE", "usage:vcpu-hours" (FILE not included). */
const char *cb_split_name(enum cb_split s);

struct job_chargeback_opts {
    enum cost_dataset dataset;          /* actual = the invoice as billed */
    enum terms_basis basis;             /* money basis */
    int32_t from_day, to_day;           /* inclusive usage days (whole months for an invoice) */
    enum cb_split split;                /* key of the shared cost */
    const struct imp_share_set *shares; /* CB_SPLIT_FIXED: borrowed */
};

/* One department's charge in one month (or, in sums, the whole period:
 * month = -1). Amounts are whole units of the currency (yen; cents for a
 * currency with 2 decimals). */
struct cb_row {
    int month;         /* date.h month_index, -1 in sums */
    char *department;  /* owned */
    char currency[16]; /* billing currency */
    int decimals;      /* of the currency's unit (terms_currency_decimals) */
    int64_t direct;    /* its own cost */
    int64_t shared;    /* its share of the shared cost */
    int64_t total;     /* direct + shared */
    double key;        /* its value of the split key (direct cost, 1, share, vCPU-hours) */
};

/* One month's invoice (or, in sums, the period's: month = -1). */
struct cb_invoice {
    int month;
    char currency[16];
    int decimals;
    int64_t invoice; /* whole units: the sum of the month's rows' totals */
    int64_t shared;  /* whole units of shared cost split */
    int even;        /* 1: the key had no positive value this month, split evenly */
};

struct job_chargeback_result {
    struct cb_row *rows; /* by currency, month, then department (byte order; departments
                            with only a share or a key value in the month last) */
    size_t nrows;
    struct cb_invoice *invoices; /* by currency, month */
    size_t ninvoices;
    struct cb_row *sums; /* per currency and department over the period, month = -1 */
    size_t nsums;
    struct cb_invoice *sum_invoices; /* per currency over the period */
    size_t nsum_invoices;
    char terms_source[160];
    enum money_rounding rounding; /* of the invoice */
};

/* Charge-back of the months in opts' window. ST_NOTFOUND when the window
 * has no cost; ST_PARSE when a fixed share names no department. Release
 * the result with job_chargeback_release() (also after an error). */
enum status job_chargeback(struct store *s, const struct job_chargeback_opts *opts,
                           struct job_chargeback_result *res, struct err *e);
void job_chargeback_release(struct job_chargeback_result *res);

#endif
