/*
 * mdl_chargeback.h - charge-back (按分) of one month's invoice over the
 * departments (pure; docs/chargeback.md).
 *
 * A month's invoice on a money basis is whole currency units. Each
 * department pays its direct cost plus a share of the shared cost (the
 * cost no rule attributes, '(unallocated)'). mdl_chargeback_split() turns
 * the exact amounts into whole units that add up to the invoice exactly:
 *
 *   1. the invoice is split over the direct amounts and the shared amount
 *      (signed largest remainder: each part is the floor or the ceiling of
 *      its exact amount moved by the rounding difference);
 *   2. the shared part in whole units is split over the departments by
 *      the weights of the chosen key (largest remainder, mdl_alloc.h).
 *
 * So sum(total) == invoice, and each shared share is within one unit of
 * shared * w / sum(w).
 */
#ifndef YOSAN_MDL_CHARGEBACK_H
#define YOSAN_MDL_CHARGEBACK_H

#include <stddef.h>
#include <stdint.h>

/* One month and currency. Amounts are in sub-units: `scale` of them make
 * one whole unit (10^6 for yen given in micro-yen). */
struct mdl_cb_month {
    size_t n;              /* departments (the shared bucket not counted) */
    const int64_t *direct; /* n exact direct amounts, sub-units (may be < 0) */
    int64_t shared;        /* exact shared amount, sub-units (may be < 0) */
    int64_t scale;         /* sub-units per whole unit, >= 1 */
    int64_t invoice;       /* whole units the parts must add up to */
    const double *weights; /* n split weights (< 0 or non-finite count as 0;
                              all 0 = even) */
};

/* A department's charge in whole units: total = direct + shared. */
struct mdl_cb_part {
    int64_t direct;
    int64_t shared;
    int64_t total;
};

/* Split one month (see the file comment) into out[0..n); *shared_units
 * receives the shared cost in whole units (the sum of out[].shared). With
 * n == 0 nothing is written and *shared_units is the invoice. */
void mdl_chargeback_split(const struct mdl_cb_month *m, struct mdl_cb_part *out,
                          int64_t *shared_units);

/* Round k signed amounts in sub-units (scale per unit) to whole units that
 * add up to target exactly: floors first, then the missing units go to the
 * largest remainders (or, when the floors overshoot, are taken from the
 * smallest), cycling when the difference exceeds k. Ties go to the lower
 * index. k >= 1. */
void mdl_chargeback_round(const int64_t *amounts, size_t k, int64_t scale, int64_t target,
                          int64_t *out);

#endif
