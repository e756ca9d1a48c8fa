/*
 * cmd_help.c - `yosan help [COMMAND]`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *const cmd_help_usage[] = {
    "usage: yosan help [COMMAND]",
    "",
    "Show the list of commands, or the usage of one command.",
    NULL,
};

void cli_print_main_usage(FILE *f);

enum status cmd_help(int argc, char **argv, struct cli_ctx *ctx)
{
    if (argc < 2) {
        cli_print_main_usage(ctx->out);
        return ST_OK;
    }
    const struct command *cmd = cli_find_command(argv[1]);
    if (!cmd)
        return cli_usage_error(ctx, cmd_help_usage, "'%s' is not a yosan command", argv[1]);
    cli_print_usage(ctx->out, cmd->usage);
    return ST_OK;
}
