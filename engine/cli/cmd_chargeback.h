/*
 * cmd_chargeback.h - the --split parser `yosan chargeback` and `yosan
 * summary --shared split` share (cmd_chargeback.c).
 */
#ifndef YOSAN_CMD_CHARGEBACK_H
#define YOSAN_CMD_CHARGEBACK_H

#include "cli.h"
#include "job_chargeback.h"

/* direct (or proportional) | even | fixed:FILE | usage:vcpu-hours into
 * *split; *file points into arg for fixed:FILE. A usage error (printed with
 * usage) otherwise. */
enum status cli_parse_split(struct cli_ctx *ctx, const char *const *usage, const char *arg,
                            enum cb_split *split, const char **file);

#endif
