/*
 * job_whatif.h - a what-if run from a scenario path to results: parse the
 * file (importers), resolve store references (store), compute the yearly
 * comparison and the sensitivity (models). Reusable by any command or
 * report that wants the numbers (engine/cli/cmd_whatif.c formats them).
 */
#ifndef YOSAN_JOB_WHATIF_H
#define YOSAN_JOB_WHATIF_H

#include <stdint.h>

#include "err.h"
#include "mdl_whatif.h"
#include "scenario.h"

struct job_whatif_options {
    const char *path;    /* scenario file */
    int years;           /* > 0 overrides the file's horizon */
    const char *vary;    /* "fx=+-15%,utilisation=+-20%" or NULL */
    const char *db_path; /* opened only when the scenario references the store */
    int threads;         /* right-sizing's reading threads (job_rs_options.threads) */
    int64_t now;         /* the clock, seconds since the epoch (UTC): the current fiscal year
                            for a file without start_fy, the first day of stop schedules */
};

struct job_whatif_result {
    struct scenario scn;            /* the parsed scenario (results borrow its names) */
    struct whatif_result res;       /* yearly comparison */
    struct whatif_sensitivity sens; /* filled when vary was given (sens.nvariants > 0) */
};

/* Run everything. On success the caller releases out with job_whatif_release().
 * A bad --vary is ST_USAGE; a bad scenario ST_PARSE with file:line. */
enum status job_whatif(const struct job_whatif_options *opt, struct job_whatif_result *out,
                       struct err *e);
void job_whatif_release(struct job_whatif_result *r);

#endif
