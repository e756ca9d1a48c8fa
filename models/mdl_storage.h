/*
 * mdl_storage.h - right-sizing rules for Log Analytics workspaces
 * (Microsoft.OperationalInsights/workspaces: a commitment tier instead of
 * pay-as-you-go, retention billed beyond a policy) and storage accounts
 * (Microsoft.Storage/storageAccounts: hot data rarely read to cool or cold,
 * geo-redundancy on data marked non-critical). Pure: the caller folds the
 * bill's meters into the structs below; every saving is priced from the
 * user's own bill (its own rates) scaled by Microsoft's documented price
 * ratios (docs/rightsize.md, "Log Analytics and storage accounts"). No I/O:
 * engine/jobs/job_rightsize_storage.c reads the bill.
 */
#ifndef YOSAN_MDL_STORAGE_H
#define YOSAN_MDL_STORAGE_H

#include <stddef.h>

#include "mdl_rightsize.h"

/* Defaults of struct storage_thresholds (docs/rules.md, docs/rightsize.md). */
#define LA_FREE_RETENTION_DAYS   31   /* days of Analytics logs retention included in ingestion */
#define LA_RETENTION_POLICY      31   /* days the policy keeps logs interactive (--log-retention) */
#define LA_MIN_DAYS              7    /* days of ingestion in the window for a commitment tier */
#define ST_READ_MIB              4    /* MiB assumed read per read operation (retrieval charge) */
#define ST_TIER_MIN_SHARE        0.1  /* a cooler tier must save this share of the hot cost */
#define ST_COOL_CAPACITY         0.55 /* cool GB-month price / hot */
#define ST_COLD_CAPACITY         0.2  /* cold GB-month price / hot */
#define ST_COOL_READ             2.3  /* cool read-operation price / hot */
#define ST_COLD_READ             23   /* cold read-operation price / hot */
#define ST_COOL_WRITE            1.8  /* cool write-operation price / hot */
#define ST_COLD_WRITE            3.3  /* cold write-operation price / hot */
#define ST_COOL_RETRIEVAL        0.55 /* cool retrieval price per GB / hot GB-month price */
#define ST_COLD_RETRIEVAL        1.7  /* cold retrieval price per GB / hot GB-month price */
#define ST_METRICS_MIN_COVERAGE  0.5  /* share of the window with metrics before they are used */
#define ST_METRICS_HIGH_COVERAGE 0.9  /* share of the window with metrics for high confidence */

struct storage_thresholds {
    double la_free_days;      /* LA_FREE_RETENTION_DAYS */
    double la_policy_days;    /* LA_RETENTION_POLICY (clamped to at least la_free_days) */
    double la_min_days;       /* LA_MIN_DAYS */
    double st_read_mib;       /* ST_READ_MIB */
    double st_tier_min_share; /* ST_TIER_MIN_SHARE */
    double min_coverage;      /* ST_METRICS_MIN_COVERAGE */
    double high_coverage;     /* ST_METRICS_HIGH_COVERAGE */
};

void mdl_storage_defaults(struct storage_thresholds *t);

/* ---- Log Analytics ---- */

struct la_tier {
    int gb_per_day;    /* commitment level */
    double payg_ratio; /* its effective price per GB / the pay-as-you-go price per GB */
};

/* The commitment tiers Microsoft documents (static), n set. */
const struct la_tier *mdl_la_tiers(size_t *n);

enum st_action {
    ST_KEEP = 0,
    ST_COMMITMENT_TIER, /* workspace: a commitment tier */
    ST_RETENTION,       /* workspace: shorten interactive retention */
    ST_TO_COOL,         /* storage: hot -> cool */
    ST_TO_COLD,         /* storage: hot -> cold */
    ST_LESS_REDUNDANCY, /* storage: GRS/RA-GRS -> LRS, GZRS/RA-GZRS -> ZRS */
};

const char *mdl_st_action_name(enum st_action a);

struct st_result {
    int analysed; /* 0: the rule could not be applied (reason says why) */
    enum st_action action;
    double monthly_savings; /* per 30 days, in the bill's currency */
    char target[32];        /* "100 GB/day", "31 days", "Cool", "LRS", "" */
    enum rs_confidence confidence;
    char reason[256];
};

/* One workspace's pay-as-you-go Analytics ingestion over a window of `days`
 * days: gb[d] the GB billed on day d (0 none). cost is what those GB cost in
 * the window; the user's own rate is cost / sum(gb). */
struct la_ingestion {
    size_t days;
    const double *gb;
    double cost;
    double month_scale; /* window -> 30 days */
    int on_commitment;  /* the bill already shows a commitment tier meter */
    /* measured billable GB per day (BillableDataGB metric; NAN on days without
     * data), NULL when none; used when metric_coverage >= min_coverage */
    const double *gb_metric;
    double metric_coverage; /* share of the window's days with a measurement */
};

/* Commitment tier rule: each day bills max(tier, gb) at the tier's ratio of
 * the own rate; the cheapest tier when it beats what was paid. With metrics
 * covering at least min_coverage of the days, a measured day replaces the
 * bill's GB (the rate stays the bill's) and coverage at or above
 * high_coverage makes the finding high confidence. */
void mdl_la_commitment(const struct la_ingestion *in, const struct storage_thresholds *t,
                       struct st_result *out);

/* Retention rule: the bill's Data Retention GB-months over the window
 * (retained_gbm, cost retention_cost) against the mean daily ingestion
 * (gb_per_day) give the retention in days, free days + retained GB / GB a
 * day; beyond the policy, the share of the retention cost past it is saved. */
struct la_retention {
    double retained_gbm;      /* GB-months billed in the window */
    double retention_cost;    /* their cost in the window */
    double gb_per_day;        /* mean billed ingestion per day (all plans), 0 unknown */
    double month_scale;       /* window -> 30 days */
    double metric_gb_per_day; /* mean measured billable GB a day (metrics), NAN none */
    double metric_coverage;   /* share of the window's days measured */
};

void mdl_la_retention(const struct la_retention *in, const struct storage_thresholds *t,
                      struct st_result *out);

/* ---- storage accounts ---- */

enum st_redundancy { ST_RED_NONE = 0, ST_LRS, ST_ZRS, ST_GRS, ST_RA_GRS, ST_GZRS, ST_RA_GZRS };
enum st_access { ST_ACC_NONE = 0, ST_HOT, ST_COOL, ST_COLD, ST_ARCHIVE };

/* Redundancy named in a meter text ("Hot RA-GRS Data Stored"), ST_RED_NONE when none. */
enum st_redundancy mdl_st_redundancy_of(const char *text);
/* Access tier named in a meter text ("Hot LRS Data Stored"), ST_ACC_NONE when none. */
enum st_access mdl_st_access_of(const char *text);
const char *mdl_st_redundancy_name(enum st_redundancy r);
/* Capacity list price of r relative to LRS (static table; NAN for ST_RED_NONE). */
double mdl_st_redundancy_ratio(enum st_redundancy r);
/* The redundancy non-critical data needs instead of r (LRS for GRS/RA-GRS,
 * ZRS for GZRS/RA-GZRS), ST_RED_NONE when r has no geo copy. */
enum st_redundancy mdl_st_less_redundant(enum st_redundancy r);

/* Hot blob data and its operations over a window, from the bill. */
struct st_hot {
    double gbm;        /* hot GB-months billed */
    double cap_cost;   /* their cost */
    double reads;      /* read operations (count) */
    double read_cost;  /* their cost */
    double write_cost; /* cost of the write operations */
    int has_ops;       /* the bill shows any operation meter for the account */
    double month_scale;
    /* from the account's metrics (0 / NAN when none): share of the window's
     * hours with a capacity value, the requests over the window (Transactions,
     * scaled up to the whole window) and the mean hot GB (BlobCapacity with
     * Tier = Hot, else UsedCapacity) */
    double metric_coverage;
    double metric_requests;
    double metric_gb;
};

/* Hot -> cool / cold: cost in the target tier = capacity x ratio + reads x
 * ratio + writes x ratio + retrieval (reads x st_read_mib / 1024 GB at the
 * retrieval ratio of the own hot GB-month price); the cheaper tier when it
 * saves at least st_tier_min_share of the hot capacity cost. With metrics
 * covering at least min_coverage of the window, reads are the larger of the
 * bill's read operations and every request measured (an upper bound: the
 * retrieval charge is not underestimated), an account without operation
 * meters is analysed, and coverage at or above high_coverage makes the
 * finding high confidence. */
void mdl_st_tier(const struct st_hot *h, const struct storage_thresholds *t, struct st_result *out);

/* Geo-redundant capacity of one account on data marked non-critical. */
struct st_geo {
    enum st_redundancy red; /* of the costliest capacity meter */
    double cap_cost;        /* cost of its geo-redundant capacity meters in the window */
    double geo_transfer;    /* cost of geo-replication data transfer meters */
    double own_ratio;       /* target price / current price from the bill, NAN when unknown */
    double month_scale;
};

void mdl_st_redundancy(const struct st_geo *g, struct st_result *out);

/* 1 when tags_json (the store's tags text) has tag key (any case) with value
 * (any case; NULL = any value). Bad JSON counts as no tags. */
int mdl_st_tagged(const char *tags_json, const char *key, const char *value);

#endif
