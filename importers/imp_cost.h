/*
 * imp_cost.h - import Azure cost exports (EA, MCA, FOCUS CSV, optionally
 * gzip-compressed) into the store, all-or-nothing per file.
 */
#ifndef YOSAN_IMP_COST_H
#define YOSAN_IMP_COST_H

#include <stdint.h>

#include "err.h"
#include "imp_file.h"
#include "store.h"

enum imp_progress_event {
    IMP_PROGRESS_START, /* the file's first read is next */
    IMP_PROGRESS_READ,  /* a chunk was read and parsed */
    IMP_PROGRESS_DONE,  /* the file is read to its end, or failed: the last call */
};

/* Where the import of one file stands, for a progress display. */
struct imp_progress {
    enum imp_progress_event event;
    const char *path; /* the file as messages name it; valid during the call only */
    uint64_t offset;  /* input bytes read so far */
    uint64_t size;    /* input bytes in all; 0 = unknown (a pipe or stdin) */
    int64_t line;     /* the line being read */
};

/* Called once with START, after every chunk with READ and once with DONE
 * for each file whose reading began; the importer neither prints nor
 * throttles: the caller decides what to draw and when. Called on the
 * importing thread. */
typedef void (*imp_progress_fn)(void *ctx, const struct imp_progress *p);

struct imp_cost_options {
    const char *format;       /* NULL = detect from the header; "ea", "mca" or "focus" */
    imp_progress_fn progress; /* NULL = no progress reports */
    void *progress_ctx;       /* passed to progress */
    const char *dataset;      /* NULL = decide from the content (EA/MCA); "actual" or "amortized" */
    int hash_late;            /* 1 = hash while parsing, whatever the size (default: over 32 MiB) */
    int allow_any_date; /* 1 = accept usage days outside [IMP_COST_FIRST_DAY, run day + 366] */
    int64_t now;        /* the run's time (epoch seconds) for that window; 0 = the clock */
};

/* Usage days are bad data (exit 3) before 2000-01-01 or more than
 * IMP_COST_DAYS_AHEAD days after the day of the import (UTC), unless
 * allow_any_date: a mistyped year must not reach the store. */
#define IMP_COST_FIRST_YEAR 2000
#define IMP_COST_DAYS_AHEAD 366

struct imp_cost_result {
    int duplicate;     /* 1 when the same file was imported before (nothing changed) */
    int64_t import_id; /* new import id */
    int64_t rows;      /* cost rows stored (a FOCUS line gives an actual and an amortized row) */
    int64_t replaced;  /* older rows replaced (month-to-date re-exports) */
    char format[8];    /* detected format */
    char dataset[24];  /* actual | amortized | actual+amortized */
    char period_start[11]; /* YYYY-MM-DD or "" */
    char period_end[11];
    int64_t lines;       /* data lines read */
    int64_t inexact;     /* amounts with more than 12 decimals, rounded half-even */
    int64_t empty_costs; /* rows whose cost field was empty or NULL, taken as 0 */
};

/* Import one file. Errors name the file, line and field; bad data returns
 * ST_PARSE and leaves the database exactly as before. */
enum status imp_cost_file(struct store *s, const char *path, const struct imp_cost_options *opt,
                          struct imp_cost_result *res, struct err *e);
/* The same for a file opened with imp_file_open_unhashed() (a regular file
 * is hashed here, a stream by its reader): takes f over and closes it,
 * whatever the outcome. Messages name the file as f->path. */
enum status imp_cost_read(struct store *s, struct imp_file *f, const struct imp_cost_options *opt,
                          struct imp_cost_result *res, struct err *e);

/* Header sniffing for `yosan import`: returns "ea", "mca", "focus" or NULL
 * for a CSV header line (already split into fields). */
const char *imp_cost_detect(const char *const *fields, int nfields);

#endif
