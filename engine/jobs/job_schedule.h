/*
 * job_schedule.h - store -> schedule and commitment models -> result structs.
 * The glue behind `yosan schedule` and `yosan commit`, reusable by reports:
 * it reads cost rows, metrics and prices, builds the closed-day flags from
 * a calendar, runs mdl_sched_vm() per VM and mdl_commit_group() per size
 * group. No output formatting here.
 *
 * Ownership: job_schedule() fills a caller-embedded result released with
 * job_schedule_release(); job_commit() likewise with job_commit_release().
 */
#ifndef YOSAN_JOB_SCHEDULE_H
#define YOSAN_JOB_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "err.h"
#include "mdl_commit.h"
#include "mdl_schedule.h"
#include "store.h"

struct job_schedule_opts {
    int weeks;                  /* learning window in weeks (default 8) */
    const char *department;     /* only this department, or NULL */
    const struct calendar *cal; /* closed days (holidays, closure, user days) */
    const char *tag_key;        /* always-on tag key, NULL = default rule */
    const char *tag_value;      /* its value, NULL = a truthy value */
    int margin_hours;           /* before/after activity (default 1) */
    int32_t plan_first_day;     /* first JST day of the plan (the 14-day times, savings) */
};

struct job_schedule_vm {
    char *resource_id;  /* lower-case ARM id, owned */
    char *department;   /* owned ("(unknown)" when only metrics exist) */
    char *vm_size;      /* owned or NULL */
    char *region;       /* owned ("" when unknown) */
    char currency[4];   /* of the price, "" when unknown */
    double payg_hourly; /* NAN when unknown */
    double ri1y_hourly, ri3y_hourly, sp1y_hourly, sp3y_hourly; /* NAN when unknown */
    char price_source[24]; /* "bill", "retail x 0.87" or "" (docs/rightsize.md "Pricing rule") */
    int has_metrics;       /* 1 when CPU metrics were found */
    struct mdl_sched_result r; /* the model's verdict */
};

/* What a PaaS stop schedule does outside the busy hours (docs/schedule.md,
 * "Beyond VMs"). */
enum job_sched_paas_kind {
    JOB_SCHED_SQL_SERVERLESS = 0, /* SQL database: serverless with auto-pause */
    JOB_SCHED_PLAN_SCALE_IN = 1,  /* dev/test App Service plan: scale in to the minimum */
};

struct job_schedule_paas {
    char *resource_id;             /* lower-case ARM id, owned */
    char *department;              /* owned */
    enum job_sched_paas_kind kind; /* what is proposed */
    char currency[4];              /* of the bill */
    double units;                  /* vCores (database) or instances (plan) billed on average */
    double units_off;              /* running outside the window: 0 (paused) or the minimum */
    double unit_hourly;            /* the bill's price per vCore-hour / instance-hour */
    char price_source[24];         /* "bill x serverless" or "bill" */
    char reason[200];              /* one line of English: what the saving assumes */
    struct mdl_sched_result r;     /* the weekly window; monthly_savings priced for the kind */
};

struct job_schedule_result {
    struct job_schedule_vm *v;      /* n VMs sorted by resource id */
    size_t n;                       /* VMs */
    struct job_schedule_paas *paas; /* npaas SQL databases and dev/test plans, by id */
    size_t npaas;                   /* (only with hourly metrics) */
    struct mdl_sched_params p;      /* the parameters used (p.off points into off) */
    unsigned char *off;             /* closed-day flags, owned */
    int32_t learn_first_day;        /* first JST day of the learning window */
    int32_t learn_last_day;         /* last JST day of the learning window */
};

/* Analyse every VM (cost rows and/or metrics), then the stoppable PaaS
 * resources (job_schedule_paas()). An empty store gives n = 0. */
enum status job_schedule(struct store *s, const struct job_schedule_opts *o,
                         struct job_schedule_result *out, struct err *e);
void job_schedule_release(struct job_schedule_result *r);

/* The PaaS step (job_schedule_paas.c): every vCore SQL database and every
 * dev/test App Service plan (tag env/environment dev, test, stg, staging) on
 * more than one instance, billed in the learning window and with hourly CPU
 * metrics, gets the same weekly window as a VM (an hour is busy when the
 * database's highest CPU is >= 1 % or it had connections, or the plan's
 * highest CPU >= 5 % or it received >= 1 MiB). Savings from the bill's own
 * rates: database = (hours now - hours in the window x the serverless ratio)
 * x vCores x vCore-hour rate; plan = hours outside the window x (instances -
 * 1) x instance-hour rate. Rows that save nothing are left out. Fills
 * out->paas; called by job_schedule(). */
enum status job_schedule_paas(struct store *s, const struct job_schedule_opts *o,
                              struct job_schedule_result *out, struct err *e);

/* Build the schedule profile (hourly metrics folded into per-day activity
 * masks, table sched_profile) for the default thresholds now, so the first
 * `yosan schedule` after an import does not pay for it. Called after new
 * metrics are imported; a no-op when the profile is fresh or there are no
 * metrics. */
enum status job_schedule_prepare(struct store *s, struct err *e);

/* One start/stop pair in JST (start_day/start_hour .. stop_day/stop_hour,
 * hours 0..23; a stop at midnight is hour 0 of the next day). */
struct job_sched_event {
    int32_t start_day; /* JST day number */
    int start_hour;    /* 0..23 */
    int32_t stop_day;  /* JST day number */
    int stop_hour;     /* 0..23 */
};

/* The running intervals of VM i over ndays JST days from from_day (closed
 * days skipped, back-to-back days merged). Writes at most cap; returns how
 * many there are. Only meaningful for verdict MDL_SCHED_STOP. */
size_t job_schedule_events(const struct job_schedule_result *r, size_t i, int32_t from_day,
                           int ndays, struct job_sched_event *ev, size_t cap);

/* Discounts off pay-as-you-go to assume where the price import has no
 * commitment price for a size (fractions, e.g. 0.36; NAN = do not assume). */
struct job_commit_assume {
    double ri1y, ri3y, sp1y, sp3y; /* fraction saved vs pay-as-you-go */
};

struct job_commit_group {
    char *vm_size;                /* owned ("(unknown)" when not known) */
    char *region;                 /* owned */
    char currency[4];             /* of the prices */
    struct mdl_commit_prices pr;  /* hourly prices */
    struct mdl_commit_result res; /* the comparison */
    enum status st;               /* ST_OK, or ST_NUMERIC when no PAYG price */
    int assumed;                  /* 1 when a commitment price came from job_commit_assume */
    int retail;                   /* 1 when a commitment price came from the Retail Prices */
    int sql; /* 1: SQL Database vCore reserved capacity (job_commit_sql): vm_size holds
                "SQL Database <meter subcategory>", res.nvm counts steady vCores, payg is
                the bill's own vCore-hour rate, no savings plan */
};

struct job_commit_result {
    struct job_commit_group *g; /* n groups sorted by size, region */
    size_t n;                   /* groups */
};

/* Group the analysed VMs by size and region and compare commitments.
 * assume may be NULL. */
enum status job_commit(const struct job_schedule_result *sched,
                       const struct job_commit_assume *assume, struct job_commit_result *out,
                       struct err *e);
void job_commit_release(struct job_commit_result *r);

/* Append to out one group per (meter subcategory, region, currency) of SQL
 * databases whose provisioned vCores were billed every day of the last
 * MDL_STEADY_DAYS days of the cost data (department only when not NULL):
 * each vCore billed every hour is a unit running all year at the bill's own
 * vCore-hour rate (cost / vCore-hours of the group, price source "bill");
 * 1- and 3-year reserved capacity prices come only from assume (the Retail
 * Prices import holds VM prices), savings plans do not apply (NAN). Groups
 * without a steady vCore are left out. job_commit_sql.c. */
enum status job_commit_sql(struct store *s, const char *department,
                           const struct job_commit_assume *assume, struct job_commit_result *out,
                           struct err *e);

#endif
