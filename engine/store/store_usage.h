/*
 * store_usage.h - usage quantities read from the cost rows (not money):
 * the vCPU-hours each department ran per month, the usage key of
 * charge-back (`yosan chargeback --split usage:vcpu-hours`).
 */
#ifndef YOSAN_STORE_USAGE_H
#define YOSAN_STORE_USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"
#include "store_costs.h"

struct usage_cell {
    char *department; /* owned; '(unallocated)' included */
    int month;        /* date.h month_index */
    double vcpu_hours;
};

struct usage_cells {
    struct usage_cell *v; /* n cells sorted by department, month */
    size_t n;
};

/* vCPU-hours per (department, month) of dataset ds between the inclusive
 * days from..to: over the Usage rows that name their vCPUs (AdditionalInfo
 * VCPUs), quantity x hours per unit of measure ("1 Hour", "10 Hours") x
 * vCPUs. Rows in other units are left out. Release with
 * usage_cells_release() (also after an error). */
enum status store_vcpu_hours(struct store *s, enum cost_dataset ds, int32_t from, int32_t to,
                             struct usage_cells *out, struct err *e);
void usage_cells_release(struct usage_cells *c);

#endif
