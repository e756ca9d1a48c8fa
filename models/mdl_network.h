/*
 * mdl_network.h - right-sizing rules read from the bill alone: Premium App
 * Service plans tagged dev/test (-> the Standard tier with the same cores),
 * idle network gateways and load balancers (hourly charge, (near) no data
 * processed: delete or deallocate), and managed disk snapshots billed for
 * longer than a set age (review and delete). Pure: the caller
 * (engine/jobs/job_rightsize_network.c) folds the bill's meters into the
 * structs below. Every constant is in docs/rules.md with its source.
 */
#ifndef YOSAN_MDL_NETWORK_H
#define YOSAN_MDL_NETWORK_H

#include <stddef.h>

#include "mdl_paas.h"
#include "mdl_rightsize.h"

/* Defaults of struct net_thresholds (docs/rules.md, docs/rightsize.md). */
#define NET_IDLE_GB        1.0 /* GB of data processed per 30 days at or below which it is idle */
#define SNAPSHOT_AGE_DAYS  90  /* days a snapshot has been billed before it is "old" */
#define ASP_STANDARD_MAX_N 10  /* most instances a Standard plan scales out to */

struct net_thresholds {
    double idle_gb;    /* NET_IDLE_GB (--idle-network-gb) */
    int snapshot_days; /* SNAPSHOT_AGE_DAYS (--snapshot-age) */
};

void mdl_network_defaults(struct net_thresholds *t);

enum net_action {
    NET_KEEP = 0,
    NET_DEVTEST_TIER, /* App Service plan: Premium -> Standard (dev/test) */
    NET_IDLE,         /* gateway / load balancer: delete or deallocate */
    NET_OLD_SNAPSHOT, /* snapshot: review and delete */
};

const char *mdl_net_action_name(enum net_action a);

struct net_result {
    int analysed; /* 0: the rule could not be applied (reason says why) */
    enum net_action action;
    double monthly_savings; /* per 30 days, in the bill's currency */
    char target[32];        /* "S2 x 3" (dev/test plan), else "" */
    enum rs_confidence confidence;
    int price_from_list; /* the dev/test saving used the list-price table (no own rate) */
    char reason[256];
};

/* ---- Premium App Service plans used for dev/test ---- */

/* The Standard tier with the cores of a Premium v2/v3 tier (static), NULL
 * when `from` is not Premium v2/v3 or no Standard tier has its cores. */
const struct asp_tier *mdl_asp_devtest_target(const struct asp_tier *from);
/* List price of a tier in USD per instance-hour (Windows, East US; docs/rules.md), NAN unknown. */
double mdl_asp_list_hourly(const struct asp_tier *t);

struct asp_devtest {
    const struct asp_tier *tier; /* from the bill's plan meter; NULL unknown */
    int devtest;                 /* tagged env/environment = dev, test, stg, ... */
    double instances;            /* instance-hours / window hours */
    double monthly_cost;         /* the plan meter's cost per 30 days */
    double own_now, own_target;  /* the bill's own hourly rates of both tiers, NAN unknown */
};

void mdl_asp_devtest(const struct asp_devtest *in, struct net_result *out);

/* ---- idle network gateways and load balancers ---- */

enum net_kind {
    NET_NONE = 0,
    NET_VNET_GATEWAY, /* microsoft.network/virtualnetworkgateways (VPN, ExpressRoute) */
    NET_APP_GATEWAY,  /* microsoft.network/applicationgateways */
    NET_NAT_GATEWAY,  /* microsoft.network/natgateways */
    NET_LOAD_BALANCER /* microsoft.network/loadbalancers */
};

/* Kind of an ARM id (lower-case), NET_NONE for any other. */
enum net_kind mdl_net_kind_of(const char *resource_id);
const char *mdl_net_kind_name(enum net_kind k);
/* 1 for a meter that counts traffic: its name says "Data Processed" or
 * "Data Transfer" (any case). */
int mdl_net_is_data_meter(const char *meter_name);
/* 1 for a meter billed by the hour (unit "1 Hour", "1/Hour", "100 Hours"...). */
int mdl_net_is_hourly(const char *unit);

struct net_gateway {
    enum net_kind kind;
    int has_data_meter; /* the bill shows a data meter for it in the window */
    double data_gb;     /* GB on those meters in the window */
    double fixed_cost;  /* cost of its hourly meters in the window */
    double fixed_hours; /* their hours */
    double month_scale; /* window -> 30 days */
};

/* Idle when the data meters carry at most idle_gb per 30 days: saving = the
 * fixed (hourly) charge per 30 days. No data meter: not analysed. */
void mdl_net_idle(const struct net_gateway *g, const struct net_thresholds *t,
                  struct net_result *out);

/* ---- old snapshots ---- */

/* 1 for a snapshot meter: meter category Storage and a name holding "Snapshot". */
int mdl_net_is_snapshot_meter(const char *service, const char *meter_name);

struct snapshot {
    int age_days;        /* last billed day - first billed day + 1 (whole history) */
    double monthly_cost; /* its snapshot meters per 30 days */
};

void mdl_snapshot(const struct snapshot *s, const struct net_thresholds *t, struct net_result *out);

#endif
