/*
 * main.c - global options, dispatch, and the only place that prints errors
 * and chooses the exit code (0 ok, 1 failure, 2 usage, 3 bad input data,
 * 4 ok with findings: a command that found what it looks for, cli_ctx.findings).
 */
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "store.h"

#ifndef YOSAN_VERSION
#define YOSAN_VERSION "0.0.0"
#endif

void cli_print_main_usage(FILE *f);

void cli_print_main_usage(FILE *f)
{
    size_t n;
    const struct command *cmds = cli_commands(&n);
    fprintf(f,
            "usage: yosan [--db PATH|CONNINFO] [--lock-timeout SECONDS] [-q|--quiet]\n"
            "             [-v|--verbose] COMMAND [ARGS]\n"
            "       yosan --version | --help\n\n"
            "Forecast and cut the cost of a shared Azure cloud (予算).\n\n"
            "The database is ./yosan.db unless $YOSAN_DB or --db says otherwise: a SQLite\n"
            "file, or a PostgreSQL server named by a libpq connection string\n"
            "(postgresql://USER@HOST/DB, service=NAME, host=H dbname=D ...) with the password\n"
            "in $PGPASSFILE or a service file, never in the string. A write\n"
            "waits for another yosan's write up to --lock-timeout seconds ($YOSAN_LOCK_TIMEOUT,\n"
            "default 600; 0 fails at once). A read-only database is opened for reading.\n"
            "Commands that only read need the database to exist; import and demo create it.\n"
            "Tables show figures with thousands separators and resources by name, wrapped\n"
            "to the terminal's width ($COLUMNS when not a terminal); --wide on a command\n"
            "that prints tables shows full ids in one block; --format csv|json is exact.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
    fprintf(f, "\nRun 'yosan help COMMAND' or 'yosan COMMAND -h' for a command's options.\n"
               "Exit codes: 0 ok, 1 failure, 2 usage error, 3 bad input data,\n"
               "4 ok with findings (anomalies found).\n");
}

/* One line for a bad global option (getopt's '?', opterr 0): what was
 * wrong and where the help is. */
static void global_option_error(const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (optopt == 0)
        fprintf(stderr, "yosan: unknown option '%.*s'", eq ? (int)(eq - arg) : (int)strlen(arg),
                arg);
    else if (strncmp(arg, "--", 2) == 0 && eq)
        fprintf(stderr, "yosan: option '%.*s' takes no value", (int)(eq - arg), arg);
    else if (strncmp(arg, "--", 2) == 0 || optopt == 'd')
        fprintf(stderr, "yosan: option '%s' needs a value", arg);
    else
        fprintf(stderr, "yosan: unknown option '-%c'", optopt);
    fprintf(stderr, "; see 'yosan help'\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"lock-timeout", required_argument, NULL, 'L'},
        {NULL, 0, NULL, 0},
    };
    setlocale(LC_CTYPE, "C.UTF-8");
    gsl_set_error_handler_off();
    struct cli_ctx ctx = {0};
    ctx.out = stdout;
    ctx.width = cli_table_width(stdout);
    ctx.db_path = getenv("YOSAN_DB");
    if (!ctx.db_path || !*ctx.db_path)
        ctx.db_path = "yosan.db";
    const char *lock_timeout = getenv("YOSAN_LOCK_TIMEOUT");
    opterr = 0; /* one line of our own below instead of getopt's */
    int c;
    while ((c = getopt_long(argc, argv, "+d:qvh", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            ctx.db_path = optarg;
            break;
        case 'L':
            lock_timeout = optarg;
            break;
        case 'q':
            ctx.quiet = 1;
            log_set_level(LOG_WARN);
            break;
        case 'v':
            log_set_level(LOG_DEBUG);
            break;
        case 'h':
            cli_print_main_usage(stdout);
            return 0;
        case 'V':
            printf("yosan %s\n", YOSAN_VERSION);
            return 0;
        default:
            global_option_error(argv[optind - 1]);
            return 2;
        }
    }
    if (lock_timeout && *lock_timeout) {
        char *end;
        double sec = strtod(lock_timeout, &end);
        if (*end || !(sec >= 0 && sec <= 86400 * 7)) {
            fprintf(stderr,
                    "yosan: --lock-timeout: expected seconds from 0 to 604800 (7 days), got '%s'; "
                    "see 'yosan help'\n",
                    lock_timeout);
            return 2;
        }
        store_set_lock_timeout(sec);
    }
    if (optind >= argc) {
        cli_print_main_usage(stderr);
        return 2;
    }
    const struct command *cmd = cli_find_command(argv[optind]);
    if (!cmd) {
        fprintf(stderr, "yosan: '%s' is not a yosan command; see 'yosan help'\n", argv[optind]);
        return 2;
    }
    enum status st = cli_run_command(cmd, argc - optind, argv + optind, &ctx);
    if (st != ST_OK) {
        fprintf(stderr, "yosan %s: %s", cmd->name, ctx.err.msg[0] ? ctx.err.msg : status_str(st));
        /* a usage error is one line: the reason, then where the full help is */
        if (st == ST_USAGE)
            fprintf(stderr, "; see 'yosan help%s%s'", strcmp(cmd->name, "help") ? " " : "",
                    strcmp(cmd->name, "help") ? cmd->name : "");
        fputc('\n', stderr);
        return status_exit_code(st);
    }
    return ctx.findings ? CLI_EXIT_FINDINGS : 0;
}
