/*
 * imp_metrics.h - import utilisation metrics: Azure Monitor metrics REST API
 * JSON responses (value[].timeseries[].data[]) or a long CSV
 * resource_id,timestamp,metric,value. Stored hourly; all-or-nothing per file;
 * re-importing the same file changes nothing.
 */
#ifndef YOSAN_IMP_METRICS_H
#define YOSAN_IMP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "imp_file.h"
#include "store.h"

struct imp_metrics_result {
    int duplicate;     /* 1 when the same file was imported before */
    int64_t import_id; /* new import id */
    int64_t points;    /* input points read */
    int64_t hours;     /* hourly rows stored */
    int64_t resources; /* distinct resources */
};

/* Bounds on what one file may ask for (docs/metrics.md, "Import rules"):
 * a point is spread over every hour of its grain, so the grain is at most
 * IMP_METRICS_MAX_GRAIN_HOURS hours (31 days); timestamps run from
 * IMP_METRICS_MIN_YEAR-01-01T00:00Z to IMP_METRICS_MAX_AHEAD_DAYS days after
 * the import. Anything beyond is bad input (ST_PARSE, exit 3). */
#define IMP_METRICS_MAX_GRAIN_HOURS 744
#define IMP_METRICS_MIN_YEAR        2000
#define IMP_METRICS_MAX_AHEAD_DAYS  366

/* An Azure Monitor grain (the response's `interval`) in seconds. Accepted:
 * ISO 8601 P[nD][T[nH][nM][nS]] - whole numbers, each unit at most once and
 * in that order, upper or lower case (PT1M, PT5M, PT15M, PT30M, PT1H, PT6H,
 * PT12H, P1D, P1DT12H, ...); no weeks, months, years or fractions. The
 * result is above 0 and at most IMP_METRICS_MAX_GRAIN_HOURS hours. Returns
 * ST_OK, or ST_PARSE with the reason in e (no file or field prefix). */
enum status imp_metrics_parse_duration(const char *s, int64_t *seconds, struct err *e);

/* 1 if the file's first bytes look like metrics data (JSON or long CSV). */
int imp_metrics_sniff(const char *path);
/* The same on the first bytes of a file (imp_file_peek(), NUL-terminated). */
int imp_metrics_sniff_head(const char *head);
enum status imp_metrics_file(struct store *s, const char *path, struct imp_metrics_result *res,
                             struct err *e);
/* The same for a file opened with imp_file_open_unhashed() (pipes and stdin
 * too: their duplicate check comes after the read): takes f over and closes it. */
enum status imp_metrics_read(struct store *s, struct imp_file *f, struct imp_metrics_result *res,
                             struct err *e);

/* For API pulls: import a metrics JSON response held in memory. `name`
 * identifies it in the import record and error messages. */
enum status imp_metrics_json_buffer(struct store *s, const char *name, const char *json, size_t len,
                                    struct imp_metrics_result *res, struct err *e);

#endif
