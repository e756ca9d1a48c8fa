/*
 * store_usage.h - usage quantities read from the cost rows (not money):
 * the vCPU-hours each department ran per month, the usage key of
 * charge-back (`yosan chargeback --split usage:vcpu-hours`); and where each
 * department's cost sits (subscriptions, resource groups, the rule that
 * caught it), for the Azure budgets' filters (`yosan budget --format
 * azure-budgets`).
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

/* One (department, rule, subscription, resource group) with its cost. */
struct dept_scope {
    char *department;     /* owned; '(unallocated)' left out */
    int64_t rule_id;      /* dept_rules.id that caught the objects; 0 = the department tag */
    char *subscription;   /* owned lower-case subscription GUID ("" when none) */
    char *resource_group; /* owned lower-case resource group ("" when none) */
    struct money cost;    /* exact sum of dataset ds over the window */
};

struct dept_scopes {
    struct dept_scope *v; /* sorted by department, rule, subscription, resource group */
    size_t n;
};

/* Where the departments' cost of dataset ds between days from..to sits.
 * Release with dept_scopes_release() (also after an error). */
enum status store_dept_scopes(struct store *s, enum cost_dataset ds, int32_t from, int32_t to,
                              struct dept_scopes *out, struct err *e);
void dept_scopes_release(struct dept_scopes *d);

#endif
