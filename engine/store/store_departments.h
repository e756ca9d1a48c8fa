/*
 * store_departments.h - department rules and attribution in the store.
 *
 * Attribution is stored on cost_objects (department_id, rule_id): a cost
 * row belongs to the department of its cost object. Rules are replaced as a
 * whole; replacing them re-attributes every cost object in the same
 * transaction, so no re-import is ever needed.
 */
#ifndef YOSAN_STORE_DEPARTMENTS_H
#define YOSAN_STORE_DEPARTMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "dept.h"
#include "err.h"
#include "money.h"
#include "store.h"
#include "store_costs.h"

/* Replace all rules with r (in order) and re-attribute every cost object,
 * atomically. *objects receives the number of cost objects attributed. */
enum status store_dept_rules_replace(struct store *s, const struct dept_rules *r, int64_t *objects,
                                     struct err *e);

/* Load the rules in order into r (initialised by the caller; it releases
 * them with dept_rules_release()). Each rule's id is set. */
enum status store_dept_rules_load(struct store *s, struct dept_rules *r, struct err *e);

/* What one rule (or the fallbacks) catches. */
enum dept_catch_kind {
    DEPT_CATCH_RULE = 0,    /* rule_id says which */
    DEPT_CATCH_TAG,         /* the `department` tag fallback */
    DEPT_CATCH_UNALLOCATED, /* nothing matched */
};

struct dept_catch {
    enum dept_catch_kind kind; /* rule, tag fallback or unallocated */
    int64_t rule_id;           /* dept_rules.id for DEPT_CATCH_RULE, else 0 */
    char currency[16];         /* billing currency */
    struct money cost;         /* exact sum */
    int64_t rows;              /* cost rows */
};

/* Sums of one dataset by (rule or fallback, currency). The caller frees
 * *out with free(). Read from the daily rollups (cost_daily), so the time
 * grows with the cells, not the cost rows; only when the cost objects of one
 * (subscription, department) pair were caught by different rules (or by a
 * rule and a fallback) does it fall back to one scan of the rows. */
enum status store_dept_catches(struct store *s, enum cost_dataset ds, struct dept_catch **out,
                               size_t *n, struct err *e);

/* The same sums always taken from the cost rows (one scan of costs): the
 * reference store_dept_catches must equal (tests). Frees as above. */
enum status store_dept_catches_from_rows(struct store *s, enum cost_dataset ds,
                                         struct dept_catch **out, size_t *n, struct err *e);

/* Every department name known to the store (from the rules and from tags;
 * '(unallocated)' included), sorted. The caller frees each name and the
 * array (store_department_names_free). */
enum status store_department_names(struct store *s, char ***out, size_t *n, struct err *e);
void store_department_names_free(char **v, size_t n);

#endif
