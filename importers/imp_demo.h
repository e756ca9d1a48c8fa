/*
 * imp_demo.h - the demo city: a deterministic synthetic Osaka-like Azure
 * estate written as real export files (EA legacy 55-column cost CSVs, a
 * department rules CSV, a long hourly metrics CSV), so `yosan demo` feeds
 * the same importers users do, and a Retail Prices API page for its VM
 * sizes (pay-as-you-go, reservations, savings plans).
 *
 * The generator never touches the store; the CLI imports what it writes.
 * Same options (seed, months, end) => byte-identical files.
 * The planted cases later analyses must find are listed in imp_demo_cases
 * and documented in docs/demo.md.
 */
#ifndef YOSAN_IMP_DEMO_H
#define YOSAN_IMP_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct imp_demo_options {
    uint64_t seed;       /* PRNG seed (default 1) */
    int end_month;       /* date.h month index of the last month generated */
    int months;          /* months of daily cost rows, ending with end_month (1..120) */
    int metric_weeks;    /* weeks of hourly VM metrics ending with end_month (0..52) */
    int amortized;       /* 1 = also write AmortizedCost files */
    int upfront;         /* 1 = vm-zaisei-db01's reservation is a 1-year term paid up front each
                            April (cash vs amortized, docs/budget.md); 0 = paid monthly */
    int anomalies;       /* 1 = plant the cost anomalies of imp_demo_anomalies (default) */
    const char *out_dir; /* created when missing */
};

struct imp_demo_result {
    char **cost_files;    /* malloc'd paths, ncost_files of them, in import order */
    size_t ncost_files;   /* ActualCost month files, then AmortizedCost ones */
    size_t nactual_files; /* the first nactual_files of cost_files are ActualCost files */
    char *rules_file;     /* malloc'd path of departments.csv */
    char *prices_file;    /* malloc'd path of prices.json (a Retail Prices API page) */
    char *metrics_file;   /* malloc'd path of metrics.csv, NULL when metric_weeks = 0 */
    char *approp_file;    /* malloc'd path of appropriations.csv: the fiscal year of the end
                             month, one department planted to overrun (docs/demo.md) */
    int approp_fy;        /* its fiscal year */
    int64_t cost_rows;    /* data rows written over all cost files */
    int64_t metric_rows;  /* data rows in metrics.csv */
    int resources;        /* resources in the city (at the end month) */
    int vms;              /* of which virtual machines */
};

/* One planted case: a resource later capabilities must find. */
struct imp_demo_case {
    const char *resource_name; /* as in the ResourceName column */
    const char *department;    /* 局 the rules attribute it to */
    const char *planted;       /* what the data shows */
    const char *expected;      /* what should be recommended */
};

/* NULL-terminated (resource_name == NULL) list of the planted cases. */
extern const struct imp_demo_case imp_demo_cases[];

/* One planted cost anomaly (`yosan anomalies` must find it; docs/demo.md). */
struct imp_demo_anomaly {
    const char *resource_name; /* the resource that explains it */
    const char *department;    /* 局 of its series ("" for the unallocated hub) */
    const char *meter;         /* MeterName of the rows that rise */
    const char *when;          /* the days, relative to the end month */
    const char *planted;       /* what the data shows */
};
/* NULL-terminated (resource_name == NULL). */
extern const struct imp_demo_anomaly imp_demo_anomalies[];
/* The first day of each planted anomaly for the options (date.h day
 * numbers), in the order of imp_demo_anomalies; 0 where the window is too
 * short to hold it. */
void imp_demo_anomaly_days(const struct imp_demo_options *opt, int32_t out[3]);

/* Defaults: seed 1, 36 months ending with end_month, 8 metric weeks,
 * amortized files on, anomalies planted, out_dir "demo-data". end_month must be set by the
 * caller (the CLI uses the month before the current one). */
void imp_demo_options_init(struct imp_demo_options *opt, int end_month);

/* Write the demo city into opt->out_dir. res is filled on success and must be
 * released with imp_demo_result_release() (also after a failure). */
enum status imp_demo_generate(const struct imp_demo_options *opt, struct imp_demo_result *res,
                              struct err *e);
void imp_demo_result_release(struct imp_demo_result *res);

#endif
