/*
 * run_whatif.h - a what-if run from a scenario path to results: parse the
 * file (importers), resolve store references (store), compute the yearly
 * comparison and the sensitivity (models). Reusable by any command or
 * report that wants the numbers (cmd_whatif.c formats them).
 */
#ifndef YOSAN_RUN_WHATIF_H
#define YOSAN_RUN_WHATIF_H

#include "err.h"
#include "mdl_whatif.h"
#include "scenario.h"

struct run_whatif_options {
    const char *path;    /* scenario file */
    int years;           /* > 0 overrides the file's horizon */
    const char *vary;    /* "fx=+-15%,utilisation=+-20%" or NULL */
    const char *db_path; /* opened only when the scenario references the store */
    int threads;         /* right-sizing's reading threads (job_rs_options.threads) */
};

struct run_whatif_result {
    struct scenario scn;            /* the parsed scenario (results borrow its names) */
    struct whatif_result res;       /* yearly comparison */
    struct whatif_sensitivity sens; /* filled when vary was given (sens.nvariants > 0) */
};

/* Run everything. On success the caller releases out with run_whatif_release().
 * A bad --vary is ST_USAGE; a bad scenario ST_PARSE with file:line. */
enum status run_whatif(const struct run_whatif_options *opt, struct run_whatif_result *out,
                       struct err *e);
void run_whatif_release(struct run_whatif_result *r);

#endif
