/*
 * cmd_report.h - what the parts of `yosan report` share: the parsed options
 * and one builder per report kind. Each builder turns stored results or a
 * job's result into a report document (reports/rpt_model.h); cmd_report.c
 * parses the options and writes the document. Internal to engine/cli.
 */
#ifndef YOSAN_CMD_REPORT_H
#define YOSAN_CMD_REPORT_H

#include <stdint.h>

#include "cli.h"
#include "rpt_model.h"

enum report_kind {
    KIND_SUMMARY = 0,
    KIND_BUDGET,
    KIND_RIGHTSIZE,
    KIND_WHATIF,
    KIND_TRACK,
    KIND_ANOMALIES
};

struct report_opts {
    enum report_kind kind; /* which report */
    const char *output;    /* -o path, "-" or NULL */
    int format;            /* enum rpt_doc_format, -1 until known */
    enum rpt_lang lang;    /* label language */
    int excel;             /* --excel */
    int month_from;        /* --from, INT_MIN when unset */
    int month_to;          /* --to, INT_MIN when unset */
    int cost;              /* --cost: 0 actual, 1 amortized, -1 = amortized when imported */
    int fiscal_year;       /* --fiscal-year, INT_MIN when unset */
    int level;             /* --level: 0 p50, 1 p80, 2 p95; -1 = the budget run's default */
    int shared;            /* --shared: 0 proportional, 1 even */
    int month;             /* --month, INT_MIN when unset */
    int years;             /* --years, 0 when unset */
    const char *scenario;  /* whatif SCENARIO */
    int basis;     /* --basis (enum terms_basis); -1 = the report's default (budget contract+tax,
                      summary contract) */
    int by_system; /* budget --by department,system */
    const char *system_tag;     /* budget --system-tag or NULL */
    const char *system_rules;   /* budget --system-rules FILE or NULL */
    const char *adjust;         /* budget --adjust FILE or NULL */
    const char *appropriations; /* budget --appropriations FILE or NULL */
    int thousand_rounding;      /* budget --thousand-rounding: enum money_rounding (default ceil) */
    int lookback_days;          /* rightsize --lookback-days: the month's last N days, 0 = all */
    int burstable_same_cores;   /* rightsize --burstable: 1 same-cores, 0 fewer-cores */
    int32_t as_of;              /* track --as-of: date.h day, 0 when unset */
    int32_t day_from, day_to;   /* anomalies --from/--to days, INT32_MIN / INT32_MAX unset */
};

/* The budget report's own options (--by, --system-tag, --system-rules,
 * --adjust, --appropriations, --thousand-rounding) into o; the getopt
 * codes are OPT_BUDGET_FIRST.. (cmd_report.c). */
enum {
    OPT_BY = 300,
    OPT_SYSTEM_TAG,
    OPT_SYSTEM_RULES,
    OPT_ADJUST,
    OPT_APPROP,
    OPT_THOUSAND,
};
enum status cmd_report_budget_opt(struct cli_ctx *ctx, int c, const char *arg,
                                  struct report_opts *o);

/* Builders: fill d (initialised by the builder; the caller releases it with
 * rpt_doc_release(), also after an error) or return an error in ctx->err.
 * They call the jobs library's builders (cmd_report_jobs.c ->
 * engine/jobs/job_report_*.c); the summary is built in cmd_report.c. */
enum status cmd_report_rightsize(const struct report_opts *o, struct cli_ctx *ctx,
                                 struct rpt_doc *d);
enum status cmd_report_budget(const struct report_opts *o, struct cli_ctx *ctx, struct rpt_doc *d);
enum status cmd_report_track(const struct report_opts *o, struct cli_ctx *ctx, struct rpt_doc *d);
enum status cmd_report_anomalies(const struct report_opts *o, struct cli_ctx *ctx,
                                 struct rpt_doc *d);
enum status cmd_report_whatif(const struct report_opts *o, struct cli_ctx *ctx, struct rpt_doc *d);

#endif
