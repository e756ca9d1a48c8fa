/*
 * imp_series.h - read long-format time series CSV files
 * (`series_id,period_index,value`, the layout of the M3 / tourism
 * competition files) for `yosan forecast --input`. No store involved:
 * the series go straight to the models through the CLI.
 */
#ifndef YOSAN_IMP_SERIES_H
#define YOSAN_IMP_SERIES_H

#include <stddef.h>

#include "err.h"

/* Values kept over all the series of one file, gaps included (80 MB of
 * doubles): each series takes last - first + 1 periods, so a few lines with
 * far-apart period indexes could otherwise ask for gigabytes. A file that
 * needs more is refused with ST_PARSE. */
#define IMP_SERIES_MAX_VALUES 10000000L

struct imp_series {
    char *id;   /* owned series_id */
    long first; /* period_index of y[0] */
    double *y;  /* owned; NAN where the file has no value (gap, empty, NA) */
    size_t n;   /* values */
};

struct imp_series_set {
    struct imp_series *v; /* n series in order of first appearance */
    size_t n;
};

/* Read path (plain or .gz). Columns are found by header name (series_id,
 * period_index, value; any order, extra columns ignored). Rows of a series
 * may come in any order; duplicates are an error. Bad numbers fail with
 * ST_PARSE naming file, line and field; so is a file whose series span more
 * than IMP_SERIES_MAX_VALUES periods (one series or all together). Release
 * with imp_series_set_release(). */
enum status imp_series_read(const char *path, struct imp_series_set *out, struct err *e);
void imp_series_set_release(struct imp_series_set *s);

#endif
