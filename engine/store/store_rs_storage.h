/*
 * store_rs_storage.h - what the Log Analytics and storage account rules of
 * right-sizing read from the cost store: the window's bill of workspaces
 * (microsoft.operationalinsights/workspaces) and storage accounts
 * (microsoft.storage/storageaccounts) by resource, meter and usage day,
 * with the resource's tags. Written by nobody: a read-only view.
 */
#ifndef YOSAN_STORE_RS_STORAGE_H
#define YOSAN_STORE_RS_STORAGE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "money.h"
#include "store.h"

/* One (resource, tags, meter, currency, day). Strings owned by the set. */
struct store_rs_day_meter {
    char *resource_id;    /* lower-case ARM id */
    char *resource_group; /* lower-case */
    char *tags;           /* the cost object's tags, JSON object text ("{}" none) */
    char *subcategory;    /* meter_subcategory */
    char *meter_name;     /* meter_name, e.g. "Hot LRS Data Stored", "Data Retention" */
    char *unit;           /* unit of measure, e.g. "1 GB/Month", "10K" */
    char *currency;       /* billing currency */
    int32_t day;          /* usage day (days since 1970-01-01) */
    double quantity;      /* sum of the rows' quantities, in `unit`s */
    struct money cost;    /* exact sum */
};

struct store_rs_day_meters {
    struct store_rs_day_meter *v; /* n rows sorted by resource_id, meter_name, day */
    size_t n;
};

/* The workspaces' and storage accounts' rows for usage days [from_day,
 * to_day] in dataset (0 actual, 1 amortized), one department or all when
 * department is NULL. Release with store_rs_day_meters_release(). */
enum status store_rightsize_storage_meters(struct store *s, int32_t from_day, int32_t to_day,
                                           int dataset, const char *department,
                                           struct store_rs_day_meters *out, struct err *e);
void store_rs_day_meters_release(struct store_rs_day_meters *m);

#endif
