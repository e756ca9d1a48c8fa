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

/* Last usage day of any VM compute row; ST_NOTFOUND when there is none. */
enum status store_vm_last_day(struct store *s, int32_t *day, struct err *e);

#endif
