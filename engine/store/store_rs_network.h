/*
 * store_rs_network.h - what the bill-only rules of mdl_network.h read from
 * the cost store: the window's bill of App Service plans
 * (microsoft.web/serverfarms), network gateways and load balancers
 * (microsoft.network/virtualnetworkgateways, applicationgateways,
 * natgateways, loadbalancers) and of every snapshot meter, by resource and
 * meter; and the first day each snapshot resource was ever billed. A
 * read-only view: written by nobody.
 */
#ifndef YOSAN_STORE_RS_NETWORK_H
#define YOSAN_STORE_RS_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "money.h"
#include "store.h"

/* One (cost object, meter, currency) over the window. Strings owned by the set. */
struct store_rs_net_meter {
    char *resource_id; /* lower-case ARM id */
    char *tags;        /* the cost object's tags, JSON object text ("{}" none) */
    char *service;     /* service_name (MeterCategory) */
    char *meter_name;  /* e.g. "Standard Data Processed", "VpnGw1", "LRS Snapshots" */
    char *unit;        /* e.g. "1 Hour", "1 GB", "1 GB/Month" */
    char *currency;    /* billing currency */
    double quantity;   /* sum of the rows' quantities, in `unit`s */
    struct money cost; /* exact sum */
};

struct store_rs_net_meters {
    struct store_rs_net_meter *v; /* n rows sorted by resource_id, meter_name */
    size_t n;
};

/* The rows above for usage days [from_day, to_day] in dataset (0 actual, 1
 * amortized), one department or all when department is NULL. Release with
 * store_rs_net_meters_release(). */
enum status store_rightsize_net_meters(struct store *s, int32_t from_day, int32_t to_day,
                                       int dataset, const char *department,
                                       struct store_rs_net_meters *out, struct err *e);
void store_rs_net_meters_release(struct store_rs_net_meters *m);

/* One resource billed on a snapshot meter and its first such day. */
struct store_rs_first_day {
    char *resource_id; /* owned, lower-case */
    int32_t first_day; /* days since 1970-01-01 */
};

struct store_rs_first_days {
    struct store_rs_first_day *v; /* n rows sorted by resource_id */
    size_t n;
};

/* For every resource billed on a meter of category Storage whose name holds
 * "Snapshot" (any case) on or before to_day in dataset: its first such day
 * over the whole history. Release with store_rs_first_days_release(). */
enum status store_rightsize_snapshot_first_days(struct store *s, int32_t to_day, int dataset,
                                                struct store_rs_first_days *out, struct err *e);
void store_rs_first_days_release(struct store_rs_first_days *f);

#endif
