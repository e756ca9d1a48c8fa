/*
 * mdl_rightsize.h - right-sizing and waste rules (pure: arrays in, structs out).
 *
 * Per VM over a lookback of hourly metrics: P95/max/mean CPU, the highest
 * 3-day mean CPU, peak memory used, P95 outbound network and data coverage;
 * then Azure Advisor's documented shutdown and resize rules extended with
 * memory, same-family-first with a cross-family alternative, never below
 * the observed peak, burstable (B-series) sizes, confidence from coverage,
 * reservation flags and stopped-but-not-deallocated detection. A second
 * function finds orphans (unattached disks, unused public IPs) in the bill.
 * No I/O, no SQL: the caller (engine/jobs/job_rightsize.c) loads the data.
 */
#ifndef YOSAN_MDL_RIGHTSIZE_H
#define YOSAN_MDL_RIGHTSIZE_H

#include <stddef.h>
#include <stdint.h>

#include "mdl_vmcat.h"

/* Thresholds, all in percent except coverage fractions. mdl_rs_defaults() fills Advisor's. */
struct rs_thresholds {
    double shutdown_p95_cpu;   /* shutdown if P95 of hourly max CPU < this (3) */
    double shutdown_max3d_cpu; /* ... and the highest 72-hour mean CPU <= this (2) */
    double shutdown_net_pct;   /* ... and P95 outbound network < this % of capacity (2) */
    double uf_cpu, uf_net;     /* user-facing: projected P95 CPU / network <= (40, 40) */
    double uf_mem;             /* user-facing: projected peak memory <= (60) */
    double bg_cpu, bg_net;     /* other workloads (80, 80) */
    double bg_mem;             /* (80) */
    double min_coverage;    /* below this fraction of hours with CPU data: low confidence (0.5) */
    double high_coverage;   /* at or above (with memory data): high confidence (0.9) */
    double min_mem_keep;    /* without memory data keep at least this share of memory (0.5) */
    double stopped_max_cpu; /* stopped-not-deallocated: max CPU never above this (0.5) */
    double stopped_billed_share; /* ... while at least this share of the hours was billed (0.9) */
    int user_facing;             /* -1 infer (default), 0 none, 1 all */
    int accel_net_in_use;     /* 1 (default): a size that supports accelerated networking is assumed
                                 to use it, so only sizes with it qualify (no B-series) */
    double disk_iops_share;   /* premium disk -> Standard SSD when its peak IOPS stays below this %
                                 of the Standard SSD tier's IOPS (80; mdl_disk.h) */
    int burstable_same_cores; /* 1: a B-series size only with the current vCPU count (Azure
                                 Advisor's rule); 0 (default): fewer vCPUs allowed too */
};

void mdl_rs_defaults(struct rs_thresholds *t);

/* One VM's inputs. Arrays have `hours` entries, hour k = hour_from + k (UTC), NAN = no data;
 * any array may be NULL when the metric is absent. All borrowed for the call. */
struct rs_vm {
    const char *resource_id;    /* for the caller; not used by the rules */
    const struct vm_size *size; /* current size from the catalogue (NULL = unknown) */
    int64_t hour_from;          /* first hour (UTC hours since the epoch) */
    size_t hours;               /* lookback length */
    const double *cpu_avg;      /* Percentage CPU hourly mean */
    const double *cpu_max;      /* Percentage CPU hourly max */
    const double *mem_avail;    /* Available Memory Bytes hourly mean */
    const double *net_out;      /* Network Out Total, bytes per hour */
    double billed_hours;        /* compute hours billed in the lookback (0 = unknown) */
    double monthly_cost;        /* what the VM cost over the last 30 days (NAN = unknown) */
    int reserved;               /* 1 when a reservation / savings plan covers it */
};

enum rs_action { RS_KEEP = 0, RS_RESIZE, RS_SHUTDOWN, RS_DELETE };
enum rs_confidence { RS_CONF_LOW = 0, RS_CONF_MEDIUM, RS_CONF_HIGH };

struct rs_result {
    enum rs_action action;
    const struct vm_size *recommended; /* resize target (NULL unless RS_RESIZE) */
    const struct vm_size *alternative; /* cross-family option (may be NULL) */
    double p95_cpu;                    /* P95 of hourly max CPU (hourly mean when no max), % */
    double max_cpu;                    /* highest hourly max CPU, % */
    double avg_cpu;                    /* mean CPU, % */
    double max3d_cpu;                  /* highest 72-hour mean CPU, % */
    double peak_mem_pct;               /* peak memory used, % of the current size (NAN = no data) */
    double p95_net_pct;     /* P95 outbound network, % of the size's expected bandwidth */
    double coverage;        /* share of hours with CPU data, 0..1 */
    int user_facing;        /* 1 when treated as user-facing */
    double hourly_now;      /* current price per hour (NAN unknown) */
    double hourly_new;      /* recommended size's price per hour (NAN) */
    double monthly_savings; /* per month in the price currency (0 when none) */
    double alt_savings;     /* the alternative's monthly savings */
    enum rs_confidence confidence;
    const char *reason; /* why, in one line: mdl_rightsize_vm() points it at its `why` buffer
                           (borrowed); a job row points it at text its result owns */
};

/* Size of the buffer mdl_rightsize_vm() writes its reason to (longer text is cut). */
#define RS_REASON_MAX 256 /* not a rule: a text buffer size */

/* Analyse one VM. prices[i] is the hourly price of catalogue size i
 * (mdl_vmcat_all order) in the VM's region and currency, NAN when unknown.
 * scratch must hold 2 * vm->hours doubles. The reason is written to why
 * (RS_REASON_MAX bytes, the caller's) and out->reason points at it, so a
 * caller keeping many results copies only the text's length. Never fails:
 * missing data gives RS_KEEP with a reason. */
void mdl_rightsize_vm(const struct rs_vm *vm, const double *prices, const struct rs_thresholds *t,
                      double *scratch, char *why, struct rs_result *out);

/* Projected CPU % of a load measured at cpu_pct on `from` when moved to `to`
 * (same work spread over to->vcpus). */
double mdl_rs_project_cpu(double cpu_pct, const struct vm_size *from, const struct vm_size *to);
/* Network capacity of a size in Mbit/s: the catalogue's expected bandwidth
 * (documented per size on Microsoft Learn, or a labelled estimate; docs/rightsize.md). */
double mdl_rs_net_capacity_mbps(const struct vm_size *z);
/* Quantile p (0..1, R type 7) of the non-NAN values in x[0..n), using
 * scratch (n doubles); NAN when none. */
double mdl_rs_quantile(const double *x, size_t n, double p, double *scratch);

/* ---- waste in the bill ---- */

enum rs_res_kind {
    RS_RES_VM = 0,
    RS_RES_DISK,
    RS_RES_PUBLIC_IP,
    RS_RES_NETWORK_USER,
    RS_RES_OTHER,
    RS_RES_APP_PLAN,  /* App Service plan (mdl_paas.h; mdl_rs_kind_of never returns it) */
    RS_RES_SQL_DB,    /* SQL database (mdl_paas.h; likewise) */
    RS_RES_WORKSPACE, /* Log Analytics workspace (mdl_storage.h; likewise) */
    RS_RES_STORAGE,   /* storage account (mdl_storage.h; likewise) */
    RS_RES_SNAPSHOT   /* managed disk snapshot (mdl_network.h; likewise) */
};

/* A billed resource over the lookback (from cost rows). */
struct rs_billed {
    const char *resource_id;    /* lower-case ARM id */
    const char *resource_group; /* lower-case */
    const char *subscription;   /* lower-case GUID */
    const char *name;           /* last id segment, lower-case */
    enum rs_res_kind kind;      /* from the id's provider/type */
};

/* Kind of an ARM resource id (microsoft.compute/disks -> RS_RES_DISK, ...). */
enum rs_res_kind mdl_rs_kind_of(const char *resource_id);

/* Mark orphans: orphan[i] = 1 for a disk or public IP that no billed VM can
 * be using (rule in docs/rightsize.md), with a reason in reasons[i] (static
 * strings) and a confidence in conf[i] (high when nothing that could use it
 * is billed in its resource group, medium otherwise). Returns the number of
 * orphans; 0 also when out of memory (no answer rather than a wrong one). */
size_t mdl_rs_orphans(const struct rs_billed *r, size_t n, int *orphan, const char **reasons,
                      enum rs_confidence *conf);

const char *mdl_rs_action_name(enum rs_action a);
const char *mdl_rs_confidence_name(enum rs_confidence c);

#endif
