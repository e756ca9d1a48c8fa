/*
 * store_metrics.h - hourly utilisation metrics per resource (UTC hours).
 *
 * Written by the metrics importers (Azure Monitor JSON, long CSV); read by
 * right-sizing and stop-schedule analysis through store_metrics_get().
 */
#ifndef YOSAN_STORE_METRICS_H
#define YOSAN_STORE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

enum metric_kind {
    METRIC_CPU_PCT = 0,         /* Percentage CPU, 0..100 */
    METRIC_MEM_AVAIL_BYTES = 1, /* Available Memory Bytes */
    METRIC_NET_OUT_BYTES = 2,   /* Network Out Total, bytes per hour */
    METRIC_NET_IN_BYTES = 3,    /* Network In Total, bytes per hour */
    METRIC_DISK_READ_OPS = 4,   /* Disk Read Operations/Sec */
    METRIC_DISK_WRITE_OPS = 5,  /* Disk Write Operations/Sec */
    METRIC_KIND_COUNT
};

/* Fill avg[k], max[k] for hours hour_from + k, k < n (NAN where no data).
 * Either array may be NULL. resource_id is matched case-insensitively. */
enum status store_metrics_get(struct store *s, const char *resource_id, enum metric_kind metric,
                              int64_t hour_from, size_t n, double *avg, double *max, struct err *e);

/* Resources that have any metric; *ids is a malloc'd array of malloc'd
 * lower-case ids, freed by the caller (each, then the array). */
enum status store_metrics_resources(struct store *s, char ***ids, size_t *n, struct err *e);

/* Latest hour with any metric; ST_NOTFOUND when there is none. */
enum status store_metrics_last_hour(struct store *s, int64_t *hour, struct err *e);

#endif
