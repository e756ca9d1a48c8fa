/*
 * mdl_paas.h - right-sizing rules for PaaS resources (pure: arrays in,
 * structs out): App Service plans (Microsoft.Web/serverfarms: fewer
 * instances, a smaller tier, or delete a plan with no traffic) and SQL
 * databases (Microsoft.Sql/servers/databases: a smaller vCore or DTU size
 * from P95 CPU/DTU with headroom, or serverless with auto-pause when idle
 * most of the week). Savings scale the resource's own cost by the ratio of
 * the prices, taken from the user's bill when the caller has the target's
 * price there, else from the tier tables' price steps (docs/rightsize.md,
 * "App Service plans and SQL databases"). No I/O: engine/jobs/job_rightsize.c
 * loads the metrics and the bill.
 */
#ifndef YOSAN_MDL_PAAS_H
#define YOSAN_MDL_PAAS_H

#include <stddef.h>
#include <stdint.h>

#include "mdl_rightsize.h"

/* Defaults of struct paas_thresholds (docs/rules.md, docs/rightsize.md). */
#define PAAS_ASP_CPU_MAX       70      /* projected peak CPU % of a plan after a change */
#define PAAS_ASP_MEM_MAX       80      /* projected peak memory % of a plan after a change */
#define PAAS_ASP_IDLE_BYTES    1048576 /* no traffic: every hour below 1 MiB received */
#define PAAS_ASP_IDLE_CPU      5       /* ... and peak CPU below this % */
#define PAAS_ASP_MIN_INSTANCES 2       /* a plan on 2+ instances keeps at least this many */
#define PAAS_SQL_CPU_MAX       70      /* projected P95 CPU/DTU % after a smaller size */
#define PAAS_SQL_IDLE_CPU      1       /* an hour is idle when its highest CPU % is below */
#define PAAS_SQL_IDLE_SHARE    0.6     /* serverless when at least this share of hours is idle */
#define PAAS_SQL_PAUSE_DELAY_H 1       /* auto-pause delay (Azure's default), billed after use */
#define PAAS_SERVERLESS_RATIO  1.2     /* serverless vCore-hour / provisioned vCore-hour price */

struct paas_thresholds {
    double asp_cpu_max, asp_mem_max; /* PAAS_ASP_CPU_MAX, PAAS_ASP_MEM_MAX */
    double asp_idle_bytes;           /* PAAS_ASP_IDLE_BYTES */
    double asp_idle_cpu;             /* PAAS_ASP_IDLE_CPU */
    int asp_min_instances;           /* PAAS_ASP_MIN_INSTANCES */
    double sql_cpu_max;              /* PAAS_SQL_CPU_MAX */
    double sql_idle_cpu;             /* PAAS_SQL_IDLE_CPU */
    double sql_idle_share;           /* PAAS_SQL_IDLE_SHARE */
    double sql_pause_delay_h;        /* PAAS_SQL_PAUSE_DELAY_H */
    double serverless_ratio;         /* PAAS_SERVERLESS_RATIO */
    double min_coverage;             /* below: low confidence (rs_thresholds.min_coverage) */
    double high_coverage;            /* at or above: high confidence */
};

void mdl_paas_defaults(struct paas_thresholds *t);

/* ---- App Service plan tiers ---- */
struct asp_tier {
    const char *name;   /* "P1v3" */
    const char *family; /* "Pv3", "Pv2", "S", "B" */
    int cores;          /* vCPUs per instance */
    double mem_gib;     /* memory per instance */
    double price_steps; /* list price relative to the family's smallest tier */
};

/* The tier of a bill meter name ("P1 v3 App", "S2 App", "P2v2", any case and
 * spacing), NULL when unknown. */
const struct asp_tier *mdl_asp_tier_parse(const char *meter_name);
/* Every known tier (static), n set. */
const struct asp_tier *mdl_asp_tiers(size_t *n);

enum paas_kind { PAAS_NONE = 0, PAAS_APP_PLAN, PAAS_SQL_DB };
/* Kind of an ARM id: .../microsoft.web/serverfarms/X or
 * .../microsoft.sql/servers/S/databases/D (any case; not master, not an
 * elastic pool), else PAAS_NONE. */
enum paas_kind mdl_paas_kind_of(const char *resource_id);

enum paas_action {
    PAAS_KEEP = 0,
    PAAS_FEWER_INSTANCES,
    PAAS_SMALLER_TIER,
    PAAS_DELETE,
    PAAS_SMALLER_SIZE,
    PAAS_SERVERLESS,
    PAAS_ELASTIC_POOL, /* a logical server's databases into one pool (mdl_sqlpool.h) */
};

struct paas_result {
    int analysed; /* 0: no CPU data in the window - the rule was not applied */
    enum paas_action action;
    double coverage;        /* share of hours with CPU data */
    double peak_cpu;        /* plan: highest hourly max CPU %; database: P95 of hourly max */
    double peak_mem;        /* plan: highest hourly MemoryPercentage (NAN none) */
    double idle_share;      /* database: share of covered hours that were idle */
    double units_now;       /* instances (plan) or vCores / DTUs (database) */
    double units_new;       /* after the change (0 delete / serverless) */
    char target[32];        /* "P1v3 x 2", "4 vCores", "S2", "serverless", "" */
    double monthly_savings; /* in the cost's currency, 0 when none */
    int price_from_list;    /* 1 when the saving scales the bill by list-price steps (a tier or
                               DTU objective the bill does not have), 0 the bill's own rates */
    enum rs_confidence confidence;
    char reason[256];
};

/* One App Service plan. Arrays have `hours` entries (NAN = no data) and may
 * be NULL. own_hourly(tier) is the bill's price per instance-hour of a tier
 * (NAN when the bill has none), used for the smaller-tier saving. */
struct paas_plan {
    const struct asp_tier *tier; /* NULL: unknown, only the instance and traffic rules */
    double instances;            /* billed instance-hours / window hours */
    double monthly_cost;         /* what the plan cost per 30 days */
    size_t hours;
    const double *cpu_avg, *cpu_max, *mem_pct, *bytes_in;
    double (*own_hourly)(const struct asp_tier *t, const void *ctx);
    const void *ctx; /* for own_hourly */
};

void mdl_paas_plan(const struct paas_plan *p, const struct paas_thresholds *t,
                   struct paas_result *out);

/* One SQL database, vCore model when vcores > 0, else DTU model when dtus > 0.
 * scratch holds `hours` doubles. */
struct paas_sql {
    double vcores;       /* billed vCore-hours / window hours, 0 when not vCore */
    int dtus;            /* DTUs of the current service objective, 0 when unknown */
    double monthly_cost; /* compute cost per 30 days (the vCore or DTU meter) */
    size_t hours;
    const double *cpu_avg, *cpu_max, *dtu_pct, *connections;
};

/* 1 when one hour of a resource was in use: a database with its highest CPU %
 * at or above sql_idle_cpu or any connection, a plan with CPU at or above
 * asp_idle_cpu or BytesReceived at or above asp_idle_bytes. cpu is the hour's
 * highest CPU % (its mean without a max), aux its connections (database) or
 * BytesReceived (plan), NAN when absent. The one idle rule of right-sizing's
 * serverless proposal and of the stop schedules beyond VMs. */
int mdl_paas_hour_active(enum paas_kind kind, double cpu, double aux,
                         const struct paas_thresholds *t);

void mdl_paas_sql(const struct paas_sql *d, const struct paas_thresholds *t, double *scratch,
                  struct paas_result *out);

/* DTUs of a DTU service objective named in a bill meter ("S2", "P1 DTUs",
 * "Standard S3"), 0 when none. */
int mdl_sql_dtus_of(const char *meter_name);

const char *mdl_paas_action_name(enum paas_action a);

#endif
