/*
 * store_schedule.h - what schedule and commitment analysis read from the
 * cost rows: the VMs with their department, size, region, tags, whether a
 * reservation or savings plan covers them, and the compute hours billed per
 * day (the fallback when no metrics exist).
 *
 * Ownership: store_vm_list() fills a caller-embedded struct store_vm_list;
 * store_vm_list_release() frees everything in it.
 */
#ifndef YOSAN_STORE_SCHEDULE_H
#define YOSAN_STORE_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "money.h"
#include "store.h"
#include "store_metrics.h"

struct store_vm {
    char *resource_id;   /* lower-case ARM id, owned */
    char *department;    /* 局 name ("(unallocated)" when none), owned */
    char *vm_size;       /* ARM size from AdditionalInfo, or NULL; owned */
    char *region;        /* meter location, lower-case ("" when none); owned */
    char *tags_json;     /* JSON object text of the latest row, owned */
    char currency[4];    /* billing currency of the compute rows */
    int reserved;        /* 1 when any compute row is covered by a reservation / savings plan */
    double hours_total;  /* compute hours billed in the window */
    struct money cost;   /* compute cost in the window, exact */
    double *daily_hours; /* ndays entries (list's first_day onwards), owned */
};

struct store_vm_list {
    struct store_vm *v; /* n VMs sorted by resource id */
    size_t n;           /* VMs */
    size_t cap;         /* allocated */
    int32_t first_day;  /* day number of daily_hours[0] */
    size_t ndays;       /* days per daily_hours */
};

/* VMs (Virtual Machines meters on .../microsoft.compute/virtualmachines/...
 * resources, charge type Usage) with cost rows in [from_day, to_day], of one
 * department when department != NULL. Uses the actual dataset, or the
 * amortized one when only that was imported. An empty store gives n = 0. */
enum status store_vm_list(struct store *s, int32_t from_day, int32_t to_day, const char *department,
                          struct store_vm_list *out, struct err *e);
void store_vm_list_release(struct store_vm_list *l);

/* The department of a resource (lower-case ARM id) from its latest cost
 * row: a malloc'd string, or NULL when the resource has no cost rows. */
char *store_resource_department(struct store *s, const char *resource_id);
/* The tags JSON of the resource's latest cost object (malloc'd, caller
 * frees), NULL when unknown. */
char *store_resource_tags(struct store *s, const char *resource_id);

/* Last usage day of any VM compute row; ST_NOTFOUND when there is none. */
enum status store_vm_last_day(struct store *s, int32_t *day, struct err *e);

/* 1 when any Retail Prices row was imported (vm_prices is not empty). Lets
 * callers skip store_price_vm(), whose own-rate fallback scans the cost
 * rows, when only own rates can be known anyway. */
int store_vm_prices_imported(struct store *s);

/* ---- metrics in bulk (the tables are store_metrics.c's; these are
 * faster read paths for analysing every VM at once) ---- */

/* Latest hour of one metric over all resources (one index seek per
 * resource, where MAX over the table scans it). ST_NOTFOUND when none. */
enum status store_vm_metrics_last_hour(struct store *s, enum metric_kind metric, int64_t *hour,
                                       struct err *e);

/* Called once per resource: vals[k][i] is metric k (in the order asked) at
 * hour_from + i, NAN where absent. resource_id and vals are borrowed for the
 * call. A status other than ST_OK stops the scan and is returned. */
typedef enum status (*store_vm_metrics_fn)(void *arg, const char *resource_id, double *const *vals,
                                           struct err *e);

/* Every resource having any of the metrics (1-4 kinds) in [hour_from,
 * hour_from + n), in one pass, resource by resource. Memory: nmetrics * n
 * doubles, whatever the number of resources. */
enum status store_vm_metrics_scan(struct store *s, const enum metric_kind *metrics, size_t nmetrics,
                                  int64_t hour_from, size_t n, store_vm_metrics_fn fn, void *arg,
                                  struct err *e);

/* ---- the schedule profile cache (table sched_profile, migration 3) ----
 * Per VM and JST day, bit masks of the hours with a CPU sample and the busy
 * hours. Derived from metrics; valid while the basis string (imports and
 * the thresholds used) is unchanged. */

/* The current basis: the imports (count and last id) plus params_key (the
 * classification thresholds). out needs 128 bytes. */
enum status store_profile_basis(struct store *s, const char *params_key, char *out, size_t outlen,
                                struct err *e);
/* 1 when the stored profile was built on basis. */
int store_profile_is_fresh(struct store *s, const char *basis);

struct store_profile_writer;
/* Start rebuilding: opens a transaction and empties the profile. */
enum status store_profile_begin(struct store *s, struct store_profile_writer **w, struct err *e);
/* Store the masks of ndays days from first_day for a metrics resource id
 * (days with no bits set are skipped). */
enum status store_profile_put(struct store_profile_writer *w, const char *resource_id,
                              int32_t first_day, size_t ndays, const uint32_t *seen,
                              const uint32_t *active, struct err *e);
/* Record the basis and commit; frees w in every case. */
enum status store_profile_finish(struct store_profile_writer *w, const char *basis, struct err *e);
/* Roll back and free w (NULL is fine). */
void store_profile_abort(struct store_profile_writer *w);

/* Called once per resource with masks for ndays days from first_day
 * (zero where nothing is stored). Borrowed for the call. */
typedef enum status (*store_profile_fn)(void *arg, const char *resource_id, const uint32_t *seen,
                                        const uint32_t *active, struct err *e);
/* Every resource with profile rows in the days, resource by resource. */
enum status store_profile_scan(struct store *s, int32_t first_day, size_t ndays,
                               store_profile_fn fn, void *arg, struct err *e);

/* First hour of one metric over all resources; ST_NOTFOUND when none. */
enum status store_vm_metrics_first_hour(struct store *s, enum metric_kind metric, int64_t *hour,
                                        struct err *e);

#endif
