/*
 * cli.h - what every subcommand (engine/cli/cmd_*.c) shares.
 *
 * Adding a subcommand (git's builtin/ recipe):
 *   1. write engine/cli/cmd_NAME.c with `enum status cmd_NAME(int argc, char **argv,
 *      struct cli_ctx *ctx)` and `const char *const cmd_NAME_usage[]` beside it;
 *   2. declare both below and add a row to commands[] in commands.c (keep it sorted);
 *   3. the CMake glob picks the file up;
 *   4. add a CLI test under tests/cli/ (including `NAME -h`) and document it in
 *      README.md and docs/.
 *
 * A command returns a status and fills ctx->err; only main() prints the
 * error and chooses the exit code. Results go to ctx->out (stdout);
 * messages go to stderr through log.h.
 */
#ifndef YOSAN_CLI_H
#define YOSAN_CLI_H

#include <stdio.h>

#include "err.h"
#include "rpt_table.h"
#include "store.h"

struct cli_ctx {
    const char *db_path; /* resolved: --db > $YOSAN_DB > ./yosan.db */
    struct store *store; /* open when the command has CMD_NEEDS_DB */
    FILE *out;           /* command output (stdout) */
    int quiet;           /* --quiet: no progress output */
    int wide;            /* --wide: full resource ids, no wrapping of wide tables */
    size_t width;        /* text tables wrap into sections no wider than this; 0: never */
    struct err err;      /* filled by a failing command */
    int findings;        /* set by a command that succeeded and found what it looks for
                            (anomalies): main() exits CLI_EXIT_FINDINGS instead of 0 */
};

/* Exit status of a successful command that set ctx->findings (for cron). */
#define CLI_EXIT_FINDINGS 4

enum cmd_flags {
    CMD_NEEDS_DB = 1 << 0, /* open (and migrate) the database before running */
    CMD_READS_DB = 1 << 1, /* only reads: the command calls cli_open_store() after its
                              options, and a missing database is an error, never a new one */
    CMD_TABLES = 1 << 2,   /* prints tables: takes --wide (anywhere before "--") */
};

struct command {
    const char *name;                                              /* as typed */
    enum status (*fn)(int argc, char **argv, struct cli_ctx *ctx); /* handler */
    unsigned flags;                                                /* enum cmd_flags */
    const char *summary;                                           /* one line for `yosan help` */
    const char *const *usage;                                      /* NULL-terminated usage lines */
};

/* --basis list|contract|contract+tax into *basis (enum terms_basis);
 * a usage error naming the option otherwise. */
enum status cli_basis_opt(struct cli_ctx *ctx, const char *const *usage, const char *arg,
                          int *basis);
/* Write a table as the user asked: the format, and for the text table the
 * terminal's width and --wide (cli_ctx). */
enum status cli_table_write(struct cli_ctx *ctx, const struct rpt_table *t, int fmt, int excel);
/* The width text tables wrap at: the terminal's columns when out is a
 * terminal, else $COLUMNS when it is a number, else 0 (never wrap). */
size_t cli_table_width(FILE *out);
/* --model NAME into *kind (enum mdl_kind); a usage error naming the models
 * otherwise. */
enum status cli_model_opt(struct cli_ctx *ctx, const char *const *usage, const char *arg,
                          int *kind);
/* Print usage lines to f. */
void cli_print_usage(FILE *f, const char *const *usage);
/* Record a usage error: returns ST_USAGE with the message (the reason, and
 * for a range check the range accepted). Nothing is printed here: main()
 * prints "yosan CMD: MESSAGE; see 'yosan help CMD'" on one line; the full
 * usage only comes with -h, --help or `yosan help CMD`. */
enum status cli_usage_error(struct cli_ctx *ctx, const char *const *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The usage error for getopt_long()'s '?' (opterr is 0): names the unknown
 * option, the option missing its value or the one given a value it does
 * not take. argv is the vector given to getopt_long(). */
enum status cli_option_error(struct cli_ctx *ctx, const char *const *usage, char **argv);
/* Open the existing database for a command that only reads (CMD_READS_DB),
 * after its options were parsed; ST_NOTFOUND naming the path when there is
 * none. A no-op when the store is open. */
enum status cli_open_store(struct cli_ctx *ctx);
/* Threads from $YOSAN_THREADS for the jobs that take a `threads` option:
 * the number, or 0 (one per online CPU) when unset or not a number >= 1
 * (with a warning). */
int cli_threads(void);
/* "a, b or c" for a NULL-terminated list of choices, for messages (static
 * storage, overwritten by the next call). */
const char *cli_choices_text(const char *const *choices);
/* Parse "table|csv|json"-style choices; returns index in choices or -1. */
int cli_choice(const char *value, const char *const *choices);

const struct command *cli_find_command(const char *name);
const struct command *cli_commands(size_t *n);
enum status cli_run_command(const struct command *cmd, int argc, char **argv, struct cli_ctx *ctx);

/* Subcommands. */
enum status cmd_anomalies(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_anomalies_usage[];
enum status cmd_demo(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_demo_usage[];
enum status cmd_help(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_help_usage[];
enum status cmd_commit(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_commit_usage[];
enum status cmd_holidays(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_holidays_usage[];
enum status cmd_backtest(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_backtest_usage[];
enum status cmd_budget(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_budget_usage[];
enum status cmd_forecast(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_forecast_usage[];
enum status cmd_departments(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_departments_usage[];
enum status cmd_import(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_import_usage[];
enum status cmd_imports(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_imports_usage[];
enum status cmd_summary(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_summary_usage[];
enum status cmd_rightsize(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_rightsize_usage[];
enum status cmd_license(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_license_usage[];
enum status cmd_pull(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_pull_usage[];
enum status cmd_whatif(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_whatif_usage[];
enum status cmd_schedule(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_schedule_usage[];
enum status cmd_report(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_report_usage[];
enum status cmd_appropriations(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_appropriations_usage[];
enum status cmd_track(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_track_usage[];
enum status cmd_chargeback(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_chargeback_usage[];
enum status cmd_obligations(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_obligations_usage[];
enum status cmd_terms(int argc, char **argv, struct cli_ctx *ctx);
extern const char *const cmd_terms_usage[];

#endif
