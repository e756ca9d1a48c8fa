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
 * ST_PARSE naming file, line and field. Release with imp_series_set_release(). */
enum status imp_series_read(const char *path, struct imp_series_set *out, struct err *e);
void imp_series_set_release(struct imp_series_set *s);

#endif
