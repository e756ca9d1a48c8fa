/*
 * store_metrics.h - hourly utilisation metrics per resource (UTC hours).
 *
 * Written by the metrics importers (Azure Monitor JSON, long CSV); read by
 * right-sizing and stop-schedule analysis through store_metrics_get() and
 * the reader below. Stored packed, one row per resource, metric and UTC day
 * (table metric_days; see store_metrics.c).
 */
#ifndef YOSAN_STORE_METRICS_H
#define YOSAN_STORE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

enum metric_kind {
    METRIC_CPU_PCT = 0,          /* Percentage CPU, 0..100 */
    METRIC_MEM_AVAIL_BYTES = 1,  /* Available Memory Bytes */
    METRIC_NET_OUT_BYTES = 2,    /* Network Out Total, bytes per hour */
    METRIC_NET_IN_BYTES = 3,     /* Network In Total, bytes per hour */
    METRIC_DISK_READ_OPS = 4,    /* Disk Read Operations/Sec */
    METRIC_DISK_WRITE_OPS = 5,   /* Disk Write Operations/Sec */
    METRIC_MEM_PCT = 6,          /* MemoryPercentage (App Service plan), 0..100 */
    METRIC_DTU_PCT = 7,          /* dtu_consumption_percent (SQL Database, DTU model), 0..100 */
    METRIC_STORAGE_PCT = 8,      /* storage_percent (SQL Database), 0..100 */
    METRIC_CONNECTIONS = 9,      /* connection_successful (SQL Database), connections per hour */
    METRIC_ST_USED_BYTES = 10,   /* UsedCapacity (storage account), bytes, hourly mean */
    METRIC_ST_TRANSACTIONS = 11, /* Transactions (storage account), requests per hour */
    METRIC_ST_HOT_BYTES = 12,    /* BlobCapacity with dimension Tier = Hot (blob service), bytes */
    METRIC_LA_BILLABLE_GB = 13,  /* BillableDataGB (workspace, from its Usage table), GB per hour */
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

/* ---- writing (importers/imp_metrics.c only) ----
 * A writer holds one transaction and its prepared statements:
 *   store_metrics_writer_begin()    refuses a duplicate file (same sha256 and format)
 *   store_metrics_writer_resource() interns a resource id (lower-cased)
 *   store_metrics_writer_put_day()  one UTC day of hourly buckets; an hour already
 *                                   written by an older import is replaced, one
 *                                   written earlier by this import is merged
 *                                   (sample-weighted mean, max of maxima)
 *   store_metrics_writer_finish()   records the import and commits; frees the writer
 *   store_metrics_writer_abort()    rolls everything back; frees the writer
 * Writing days in (resource, metric, day) order is fastest (sequential inserts).
 */
struct store_metrics_writer;

/* One UTC day of one metric of one resource. Hour h (0..23) has data when bit
 * h of hour_mask is set: avg[h] is the mean of samples[h] points (NAN when only
 * a maximum is known) and max[h] the maximum (NAN when none). Other hours are
 * ignored. */
struct metric_day {
    uint32_t hour_mask;
    double avg[24];
    double max[24];
    uint32_t samples[24];
};

/* Begin a metrics import. When the same file (sha256, format) was imported
 * before, *duplicate = 1, *out = NULL and ST_OK is returned. */
enum status store_metrics_writer_begin(struct store *s, const char *file_name, const char *sha256,
                                       const char *format, struct store_metrics_writer **out,
                                       int *duplicate, struct err *e);
/* Id of the resource (ARM id of any case, id[0..len)); created when new. */
enum status store_metrics_writer_resource(struct store_metrics_writer *w, const char *id,
                                          size_t len, int64_t *rid, struct err *e);
/* One day (days since 1970-01-01, UTC) of hourly buckets; d is borrowed. */
enum status store_metrics_writer_put_day(struct store_metrics_writer *w, int64_t rid,
                                         enum metric_kind metric, int32_t day,
                                         const struct metric_day *d, struct err *e);
/* The import id of a writer. */
int64_t store_metrics_writer_import_id(const struct store_metrics_writer *w);
/* Number of distinct resources interned so far. */
int64_t store_metrics_writer_resources(const struct store_metrics_writer *w);
/* Distinct (resource, metric, hour) buckets this import has stored so far. */
int64_t store_metrics_writer_hours(const struct store_metrics_writer *w);
/* Record the import (row count = store_metrics_writer_hours(), first/last hour
 * for the period) and commit. Frees w in every case. */
enum status store_metrics_writer_finish(struct store_metrics_writer *w, int64_t first_hour,
                                        int64_t last_hour, struct err *e);
/* Roll back and free w (NULL is fine). */
void store_metrics_writer_abort(struct store_metrics_writer *w);

/* Metric kind from an Azure Monitor metric name ("Percentage CPU", any case;
 * a managed disk's "Composite Disk Read/Write Operations/sec" map to the disk
 * operation kinds, an App Service plan's CpuPercentage and a SQL database's
 * cpu_percent to METRIC_CPU_PCT, the plan's BytesReceived / BytesSent to the
 * network kinds; docs/metrics.md); -1 when it is not one yosan stores. */
int metric_kind_from_name(const char *name, size_t len);
/* Canonical Azure Monitor name of a metric kind (static storage). */
const char *metric_kind_name(enum metric_kind k);
/* 1 when the kind is a percentage (0..100). */
int metric_kind_is_percent(enum metric_kind k);
/* 1 when a point's `total` is a count per grain (network bytes, connections,
 * storage transactions, billable log GB), stored per hour. */
int metric_kind_is_per_hour_total(enum metric_kind k);
/* The resource type a kind belongs to: "storageaccounts" for the storage
 * kinds, "workspaces" for METRIC_LA_BILLABLE_GB, NULL when any resource may
 * have it (docs/metrics.md). */
const char *metric_kind_resource_type(enum metric_kind k);

/* A reader that keeps its statement prepared, for loading many resources
 * (right-sizing over thousands of VMs). store_metrics_reader_free() releases. */
struct store_metrics_reader;
enum status store_metrics_reader_new(struct store *s, struct store_metrics_reader **out,
                                     struct err *e);
/* Fill avg[k][i] / max[k][i] for every metric kind k and hour hour_from + i,
 * i < n (NAN where no data). avg[k] or max[k] may be NULL to skip a series. */
enum status store_metrics_reader_load(struct store_metrics_reader *r, const char *resource_id,
                                      int64_t hour_from, size_t n, double *const *avg,
                                      double *const *max, struct err *e);
void store_metrics_reader_free(struct store_metrics_reader *r);

#endif
