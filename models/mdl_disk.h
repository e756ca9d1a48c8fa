/*
 * mdl_disk.h - the premium-disk rule of right-sizing (pure: arrays in,
 * struct out): a billed Premium SSD managed disk whose measured IOPS never
 * come near what a Standard SSD disk of the same size provides is paying for
 * performance it provably does not use, so it can move to that E tier.
 * No I/O, no SQL: engine/jobs/job_rightsize.c loads the bill and metrics.
 */
#ifndef YOSAN_MDL_DISK_H
#define YOSAN_MDL_DISK_H

#include <stddef.h>

#include "mdl_disktier.h"
#include "mdl_rightsize.h"

/* One billed managed disk. Arrays have `hours` entries (one per UTC hour of
 * the window), NAN = no data; either may be NULL. All borrowed for the call. */
struct rs_disk {
    const char *resource_id;      /* for the caller; not used by the rule */
    const struct disk_tier *tier; /* current tier from the bill's capacity meter (NULL unknown) */
    size_t hours;                 /* window length */
    const double *read_ops;       /* Composite Disk Read Operations/sec, hourly mean */
    const double *write_ops;      /* Composite Disk Write Operations/sec, hourly mean */
    double monthly_cost;          /* the disk's cost per 30 days from the bill (NAN unknown) */
    double bill_price_now;        /* its capacity meter's price per disk-month in the bill (NAN) */
    double bill_price_target;     /* the target tier's price per disk-month in the user's own
                                     bill, same region, redundancy and currency (NAN: none) */
    int reserved;                 /* 1 when a disk reservation covers it (P30 and up) */
};

struct rs_disk_result {
    enum rs_action action;          /* RS_RESIZE or RS_KEEP */
    const struct disk_tier *target; /* the Standard SSD tier of the same size (NULL when none) */
    double coverage;                /* share of hours with read or write data, 0..1 */
    double max_iops;                /* highest hourly mean of read + write ops/s (NAN: no data) */
    double p95_iops;                /* P95 of the same (NAN) */
    double mean_iops;               /* mean of the same over the hours with data (NAN) */
    double monthly_savings;         /* per month in the bill's currency (0 when none) */
    int price_from_bill;            /* 1 = both prices from the user's bill, 0 = list price ratio */
    enum rs_confidence confidence;  /* from coverage, capped at medium (throughput not
                                       measured), one level lower when reserved */
    char reason[256];               /* why, in one line */
};

/* Analyse one disk. Returns 1 when the disk is a Premium SSD with any IOPS
 * data in the window (out filled: RS_RESIZE to the same-size E tier when the
 * peak stays below t->disk_iops_share % of that tier's IOPS, else RS_KEEP
 * with the reason), 0 when nothing can be said (not premium, unknown tier or
 * no IOPS data; out->action is RS_KEEP). Coverage thresholds are the VM ones
 * (t->min_coverage, t->high_coverage). scratch must hold 2 * d->hours
 * doubles. Never fails. */
int mdl_rightsize_disk(const struct rs_disk *d, const struct rs_thresholds *t, double *scratch,
                       struct rs_disk_result *out);

#endif
