/*
 * cmd_schedule_opts.h - the options `yosan schedule` and `yosan commit`
 * share (window, department, calendar, plan start, margin, always-on tag),
 * parsed once in cmd_schedule.c.
 */
#ifndef YOSAN_CMD_SCHEDULE_OPTS_H
#define YOSAN_CMD_SCHEDULE_OPTS_H

#include <stddef.h>

#include "calendar.h"
#include "cli.h"
#include "job_schedule.h"

struct sched_cli_opts {
    struct job_schedule_opts run;    /* ready for job_schedule(); run.cal points at cal */
    struct calendar cal;             /* closed days, owned */
    char *tag_key;                   /* owned copy of --tag (value points inside) */
    int format;                      /* index into the formats given to the parser */
    struct job_commit_assume assume; /* --assume-* discounts (NAN when not given) */
};

/* Parse argv with getopt_long (already reset). formats: NULL-terminated
 * choices for --format. On any return so must be released with
 * sched_opts_release(). Usage errors return ST_USAGE; a bad calendar file
 * ST_PARSE or ST_IO. */
enum status sched_opts_parse(int argc, char **argv, struct cli_ctx *ctx, const char *const *usage,
                             const char *const *formats, struct sched_cli_opts *so);
void sched_opts_release(struct sched_cli_opts *so);

/* A model amount (double) as a decimal string with `decimals` places; "" for NAN. */
void sched_fmt_amount(double v, int decimals, char *out, size_t outlen);

#endif
