/*
 * job_rightsize.h - the right-sizing job: store -> mdl_rightsize -> rows.
 *
 * Shared by `yosan rightsize` and the report commands: it loads the VMs
 * billed in the window (department, size, region, cost, reservation cover),
 * their hourly metrics and prices, runs the model per VM, adds bill orphans
 * (unattached disks, unused public IPs) and premium disks far above their
 * IOPS (mdl_disk.h), and returns sorted rows.
 */
#ifndef YOSAN_JOB_RIGHTSIZE_H
#define YOSAN_JOB_RIGHTSIZE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mdl_disktier.h"
#include "mdl_network.h"
#include "mdl_paas.h"
#include "mdl_region.h"
#include "mdl_rightsize.h"
#include "mdl_sqlpool.h"
#include "mdl_storage.h"
#include "mdl_support.h"
#include "store.h"
#include "textpool.h"

struct job_rs_options {
    int month;                /* month_index to analyse, or -1 for a lookback */
    int lookback_days;        /* days ending at the latest data (default 30); with a month:
                                 > 0 and shorter than the month = its last N days only, else the
                                 whole month */
    int lookback_set;         /* 1 when lookback_days was given (it then applies to a month) */
    const char *department;   /* only this department, or NULL */
    struct rs_thresholds thr; /* rule thresholds (mdl_rs_defaults + flags) */
    int threads;              /* reading threads, at most 4; 0 = one per online CPU */
    const struct paas_thresholds *paas;       /* App Service / SQL rules; NULL = mdl_paas_defaults()
                                                 with thr's coverage limits */
    const struct storage_thresholds *storage; /* Log Analytics / storage rules; NULL =
                                                 mdl_storage_defaults() */
    const char *noncritical_tag; /* "KEY" or "KEY=VALUE" marking data that needs no geo copy;
                                    NULL = criticality=low */
    const struct sqlpool_thresholds *sqlpool; /* SQL elastic pool rule; NULL =
                                                 mdl_sqlpool_defaults() */
    const struct net_thresholds *net;         /* idle gateways, old snapshots; NULL =
                                                 mdl_network_defaults() */
};

/* One output row: a VM (keep/resize/shutdown) or an orphan (delete). */
struct job_rs_row {
    const char *resource_id;  /* lower-case ARM id; the strings of a row are in the result's
                                 texts (or static "") */
    const char *department;   /* "" when the resource is not in the bill */
    const char *current_size; /* ARM size or "" */
    char currency[4];         /* billing currency of cost and savings, "" when unknown */
    double monthly_cost;      /* cost per 30 days from the bill (NAN when not billed) */
    enum rs_res_kind kind;    /* RS_RES_VM, RS_RES_DISK or RS_RES_PUBLIC_IP */
    struct rs_result r;       /* model output (action, sizes, stats, savings); r.reason points into
                                 the result's texts or at a static string; a disk row
                                 has no VM sizes and NAN CPU/memory/network statistics */
    const struct disk_tier *disk_target; /* premium disk row: the Standard SSD tier it can move
                                            to (static, RS_RESIZE only), else NULL */
    enum paas_action paas_action;        /* App Service plan / SQL database row: what the rule
                                            proposes (PAAS_KEEP otherwise) */
    char paas_target[32];                /* ... and its target ("P1v3 x 2", "serverless"; also
                                            the workspace / storage target: "100 GB/day", "Cool") */
    enum st_action st_action;            /* workspace / storage account row: what the rule
                                            proposes (ST_KEEP otherwise) */
    char price_source[24]; /* which price the saving used: "bill", "retail x 0.87", "series",
                              "list steps" ("" when no saving; docs/rightsize.md) */
};

/* How much of the window's spend of one service (the bill's MeterCategory)
 * some rule analysed: VMs and PaaS resources with metrics in the window,
 * premium disks with IOPS data, and every disk and public IP through the
 * orphan rule. Amounts are the window's cost (not scaled). */
struct job_rs_coverage {
    char *service;       /* owned; "(no service)" when the bill gives none */
    char currency[4];    /* of the amounts */
    double cost;         /* spend in the window */
    double analysed;     /* ... of it on resources some rule analysed */
    size_t resources;    /* billed resources with this service */
    size_t analysed_res; /* ... of them analysed */
};

/* A billed resource whose region is not Japan East/West (data location). */
struct job_rs_abroad {
    char *resource_id;               /* owned, lower-case ARM id ("" when none) */
    char *department;                /* owned */
    char *region;                    /* owned, as billed ("" when the bill gives none) */
    const struct region_info *where; /* country and location, NULL when unknown */
    char currency[4];                /* of the cost */
    double monthly_cost;             /* cost in the window scaled to 30 days */
};

/* A billed resource on a retiring VM series or an OS / SQL Server version
 * near its end of support (support life). */
struct job_rs_support {
    char *resource_id;                 /* owned */
    char *department;                  /* owned */
    char *what;                        /* owned: the VM size, or the bill's meter text */
    const struct support_entry *entry; /* static: the date, status and replacement */
    char currency[4];                  /* of the cost */
    double monthly_cost;               /* cost in the window scaled to 30 days */
};

struct job_rs_result {
    struct job_rs_row *rows; /* n rows: actions first, by savings, then id */
    size_t n;
    struct textpool texts;        /* owned: the rows' ids, departments, sizes and reasons (a
                                     reason is this or a static string; equal ones kept once);
                                     freed by job_rs_result_release() */
    int64_t hour_from;            /* first hour of the window (UTC hours since the epoch) */
    size_t hours;                 /* window length */
    char currency[4];             /* currency of the total ("" when none; "MIX" when mixed) */
    double total_savings;         /* sum of monthly_savings of all rows, each rounded as printed */
    size_t vms;                   /* VMs analysed */
    size_t vms_with_metrics;      /* ... of which had any CPU data */
    size_t disks;                 /* premium disks with IOPS data analysed */
    struct job_rs_abroad *abroad; /* nabroad resources outside Japan, by cost, largest first */
    size_t nabroad;
    struct job_rs_support *support; /* nsupport rows, by end date, then resource */
    size_t nsupport;
    size_t plans, plans_with_metrics;    /* App Service plans billed / with CPU data */
    size_t sql_dbs, sql_with_metrics;    /* SQL databases billed / with CPU data */
    size_t workspaces, storage_accounts; /* Log Analytics workspaces / storage accounts billed
                                            (all analysed from the bill) */
    struct job_rs_coverage *coverage;    /* ncoverage services, by spend, largest first */
    size_t ncoverage;
    double cov_cost, cov_analysed; /* totals over coverage (in cov_currency) */
    char cov_currency[4];          /* "" when none, "MIX" when several */
    int32_t last_day;              /* last day of the window (days since 1970-01-01) */
    double load_seconds;           /* time reading the store */
    double model_seconds;          /* time in the model */
};

/* Run the job. out is released with job_rs_result_release(). */
enum status job_rightsize(struct store *s, const struct job_rs_options *opt,
                          struct job_rs_result *out, struct err *e);
void job_rs_result_release(struct job_rs_result *r);

/* The rule set a run used, in one line for the top of every output ("rules: window 30 days
 * (Azure Advisor: 7, configurable 7-90), burstable fewer-cores (Advisor: same-cores), ...";
 * docs/rightsize.md, "Where yosan differs from Advisor"). Always NUL-terminated. */
void job_rs_rules_text(const struct job_rs_options *opt, const struct job_rs_result *r, char *buf,
                       size_t n);
/* "same-cores" or "fewer-cores" for rs_thresholds.burstable_same_cores. */
const char *job_rs_burstable_name(int same_cores);
/* Window length in days of a result (hours / 24). */
int job_rs_window_days(const struct job_rs_result *r);

/* The recommended size of a row, VM size or disk tier ("" when none; static
 * or owned by the row). */
const char *job_rs_recommended_name(const struct job_rs_row *row);

#endif
