/*
 * mdl_disktier.h - the bundled Azure managed disk tier table (offline,
 * compiled in): Premium SSD P1..P80, Standard SSD E1..E80 and Standard HDD
 * S4..S80 with size, provisioned IOPS, throughput and a pay-as-you-go list
 * price, plus the parser of the bill's disk capacity meter names
 * ("P30 LRS Disk"). Read by the premium-disk rule (mdl_disk.h). Static
 * data: nothing to free.
 */
#ifndef YOSAN_MDL_DISKTIER_H
#define YOSAN_MDL_DISKTIER_H

#include <stddef.h>

enum disk_family {
    DISK_FAMILY_UNKNOWN = 0,
    DISK_PREMIUM_SSD,  /* P tiers: provisioned, guaranteed IOPS */
    DISK_STANDARD_SSD, /* E tiers: "up to" IOPS */
    DISK_STANDARD_HDD, /* S tiers */
};

struct disk_tier {
    const char *name;        /* tier, e.g. "P30" */
    enum disk_family family; /* which disk type */
    int size_gib;            /* disk size in GiB */
    int iops;                /* base provisioned IOPS (Standard: the "up to" figure) */
    int mbps;                /* base throughput, MB/s */
    double list_usd_month;   /* pay-as-you-go list price, LRS, US East, USD per month */
    int price_checked;       /* 1 = list price seen in a second source (see the .c file) */
};

/* The whole table, by family then size; *n receives the count. */
const struct disk_tier *mdl_disktier_all(size_t *n);

/* A tier by name ("P30", "e30"; case-insensitive). NULL when unknown. */
const struct disk_tier *mdl_disktier_find(const char *name);

/* The tier of family `family` with the same size as t (P30 -> E30 for
 * DISK_STANDARD_SSD). NULL when there is none (S tiers start at 32 GiB). */
const struct disk_tier *mdl_disktier_same_size(const struct disk_tier *t, enum disk_family family);

/* The tier of a disk capacity meter name from the bill: "<tier> <LRS|ZRS>
 * Disk" ("P30 LRS Disk", "E10 ZRS Disk"; "Disks" and a missing redundancy,
 * meaning LRS, are accepted; case-insensitive). Meters for transactions,
 * bursting, snapshots or anything else give NULL. When redundancy is not
 * NULL it receives "LRS" or "ZRS" (it must hold 4 bytes; "" on NULL). */
const struct disk_tier *mdl_disktier_parse_meter(const char *meter_name, char *redundancy);

#endif
