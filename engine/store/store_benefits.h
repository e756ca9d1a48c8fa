/*
 * store_benefits.h - the reservations and savings plans the bill names
 * (cost rows with a benefit_id): when they were seen, what was paid for
 * them month by month, their name and term (benefits table, migration 8).
 * What `yosan obligations` reads.
 */
#ifndef YOSAN_STORE_BENEFITS_H
#define YOSAN_STORE_BENEFITS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "money.h"
#include "store.h"

/* One month with purchase rows of a benefit (actual cost). */
struct benefit_payment {
    int month;         /* date.h month_index */
    int32_t first_day; /* first purchase day in the month */
    struct money cost; /* exact sum of the month's purchase rows */
};

struct benefit_info {
    char *id;           /* owned: benefit_id as in the bill */
    char *name;         /* owned: from the bill, "" when none */
    char *kind;         /* owned: the rows' pricing model (Reservation, SavingsPlan, ...) */
    char currency[16];  /* of its rows */
    int term_months;    /* 0 when the bill gave none */
    int32_t first_seen; /* first usage day of any of its rows (either dataset) */
    int32_t last_seen;  /* last */
    struct benefit_payment *pay; /* npay months with purchases, in order (owned) */
    size_t npay;
};

struct benefit_infos {
    struct benefit_info *v; /* sorted by id */
    size_t n;
};

/* Every benefit of the store. Release with benefit_infos_release() (also
 * after an error). */
enum status store_benefits(struct store *s, struct benefit_infos *out, struct err *e);
void benefit_infos_release(struct benefit_infos *b);

#endif
