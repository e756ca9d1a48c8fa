/*
 * commands.c - the subcommand table and the shared run_command() setup
 * (git.c's commands[] and run_builtin()).
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "mdl_forecast.h"
#include "terms.h"

static const struct command commands[] = {
    {"anomalies", cmd_anomalies, CMD_READS_DB | CMD_TABLES,
     "days whose cost rose above the expected range, and why", cmd_anomalies_usage},
    {"appropriations", cmd_appropriations, CMD_TABLES,
     "load or list appropriations (当初, 補正, 流用, 予備費充用) for `track`",
     cmd_appropriations_usage},
    {"backtest", cmd_backtest, CMD_TABLES,
     "rolling-origin accuracy of each model on your own spend", cmd_backtest_usage},
    {"budget", cmd_budget, CMD_TABLES, "annual budget forecast per department for a fiscal year",
     cmd_budget_usage},
    {"chargeback", cmd_chargeback, CMD_READS_DB | CMD_TABLES,
     "charge-back (按分): each department's cost with the shared cost split, to the invoice",
     cmd_chargeback_usage},
    {"commit", cmd_commit, CMD_READS_DB | CMD_TABLES,
     "compare pay-as-you-go, schedules, reservations, savings plans", cmd_commit_usage},
    {"demo", cmd_demo, CMD_NEEDS_DB, "generate and import the synthetic demo city", cmd_demo_usage},
    {"departments", cmd_departments, CMD_READS_DB | CMD_TABLES,
     "list or load department (局) rules", cmd_departments_usage},
    {"forecast", cmd_forecast, CMD_TABLES,
     "forecast series from a CSV file or monthly spend from the store", cmd_forecast_usage},
    {"help", cmd_help, 0, "show help for yosan or one command", cmd_help_usage},
    {"holidays", cmd_holidays, CMD_TABLES, "list Japanese holidays and closed days of a year",
     cmd_holidays_usage},
    {"import", cmd_import, CMD_NEEDS_DB,
     "import cost exports (EA, MCA, FOCUS), metrics, retail prices", cmd_import_usage},
    {"imports", cmd_imports, CMD_READS_DB | CMD_TABLES, "list the import records",
     cmd_imports_usage},
    {"license", cmd_license, CMD_TABLES, "count Oracle Database licences and their cost",
     cmd_license_usage},
    {"obligations", cmd_obligations, CMD_READS_DB | CMD_TABLES,
     "reservations and savings plans in the bill: term, end, payments due per fiscal year",
     cmd_obligations_usage},
    {"pull", cmd_pull, CMD_NEEDS_DB, "pull costs, prices or VM metrics from the Azure APIs",
     cmd_pull_usage},
    {"report", cmd_report, 0, "write a report: html, xlsx, csv, json or markdown",
     cmd_report_usage},
    {"rightsize", cmd_rightsize, CMD_READS_DB | CMD_TABLES,
     "VMs to resize or shut down, orphans to delete", cmd_rightsize_usage},
    {"schedule", cmd_schedule, CMD_READS_DB | CMD_TABLES,
     "propose stop schedules (JST, holidays off): VMs, SQL serverless pause, dev/test plans",
     cmd_schedule_usage},
    {"summary", cmd_summary, CMD_READS_DB | CMD_TABLES,
     "exact cost totals by month, fiscal year or department", cmd_summary_usage},
    {"terms", cmd_terms, CMD_READS_DB | CMD_TABLES,
     "show or load the billing terms: consumption tax, contract markup, rounding", cmd_terms_usage},
    {"track", cmd_track, CMD_TABLES,
     "execution tracking (執行率): actual vs appropriation, year-end projection, overruns, "
     "the month day by day",
     cmd_track_usage},
    {"whatif", cmd_whatif, CMD_TABLES,
     "compare on-premises, IaaS, PaaS and Oracle alternatives by year", cmd_whatif_usage},
};

const struct command *cli_commands(size_t *n)
{
    *n = sizeof commands / sizeof commands[0];
    return commands;
}

const struct command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Reset getopt for a subcommand's own option parsing (glibc needs optind = 0). */
static void cli_getopt_reset(void)
{
    optind = 0; /* glibc: full re-initialisation */
    opterr = 0; /* cli_option_error() says what was wrong, on one line */
}

enum status cli_basis_opt(struct cli_ctx *ctx, const char *const *usage, const char *arg,
                          int *basis)
{
    if ((*basis = terms_basis_parse(arg)) < 0)
        return cli_usage_error(ctx, usage,
                               "--basis: expected list, contract or contract+tax, got '%s'", arg);
    return ST_OK;
}

enum status cli_model_opt(struct cli_ctx *ctx, const char *const *usage, const char *arg, int *kind)
{
    if ((*kind = mdl_kind_parse(arg)) < 0)
        return cli_usage_error(ctx, usage,
                               "--model: unknown model '%s': expected auto, ets, ets-full, theta, "
                               "arima, reg, snaive, ensemble or mstl",
                               arg);
    return ST_OK;
}

void cli_print_usage(FILE *f, const char *const *usage)
{
    for (; usage && *usage; usage++)
        fprintf(f, "%s\n", *usage);
}

enum status cli_usage_error(struct cli_ctx *ctx, const char *const *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ctx->err.code = ST_USAGE;
    vsnprintf(ctx->err.msg, sizeof ctx->err.msg, fmt, ap);
    va_end(ap);
    (void)usage; /* the full usage is for -h and `yosan help CMD`; main adds the hint */
    return ST_USAGE;
}

enum status cli_option_error(struct cli_ctx *ctx, const char *const *usage, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (arg && strncmp(arg, "--", 2) == 0) {
        int n = (int)strcspn(arg, "=");
        if (optopt == 0)
            return cli_usage_error(ctx, usage, "unknown option '%.*s'", n, arg);
        if (arg[n] == '=')
            return cli_usage_error(ctx, usage, "option '%.*s' takes no value", n, arg);
        return cli_usage_error(ctx, usage, "option '%s' needs a value", arg);
    }
    return cli_usage_error(ctx, usage, "option '-%c' is unknown or needs a value",
                           optopt > ' ' && optopt < 127 ? optopt : '?');
}

enum status cli_open_store(struct cli_ctx *ctx)
{
    if (ctx->store)
        return ST_OK;
    return store_open_existing(ctx->db_path, &ctx->store, &ctx->err);
}

int cli_threads(void)
{
    const char *env = getenv("YOSAN_THREADS");
    if (!env || !*env)
        return 0;
    char *end;
    long v = strtol(env, &end, 10);
    if (*end == '\0' && v >= 1)
        return v > INT_MAX ? INT_MAX : (int)v;
    log_warn("YOSAN_THREADS: expected a number >= 1, got '%s'; ignored", env);
    return 0;
}

const char *cli_choices_text(const char *const *choices)
{
    static char buf[256];
    size_t n = 0, len = 0;
    while (choices[n])
        n++;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof buf; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                i == 0       ? ""
                                : i + 1 == n ? " or "
                                             : ", ",
                                choices[i]);
    return buf;
}

int cli_choice(const char *value, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (strcmp(value, choices[i]) == 0)
            return i;
    return -1;
}

/* --wide is the same for every command that prints tables: taken out of
 * argv here (as -h is looked for above) so no command parses it. Returns
 * the new argc; argv stays NULL-terminated. */
static int take_wide_option(int argc, char **argv, struct cli_ctx *ctx)
{
    int out = 1;
    int in = 1;
    for (; in < argc && strcmp(argv[in], "--") != 0; in++) {
        if (strcmp(argv[in], "--wide") == 0)
            ctx->wide = 1;
        else
            argv[out++] = argv[in];
    }
    while (in < argc)
        argv[out++] = argv[in++];
    argv[out] = NULL;
    return out;
}

enum status cli_table_write(struct cli_ctx *ctx, const struct rpt_table *t, int fmt, int excel)
{
    struct rpt_text_opts o = {ctx->wide ? 0 : ctx->width, ctx->wide};
    return rpt_table_write_opts(t, (enum rpt_format)fmt, excel, &o, ctx->out, &ctx->err);
}

size_t cli_table_width(FILE *out)
{
    struct winsize ws;
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col < 40 ? 40 : ws.ws_col;
    const char *env = getenv("COLUMNS");
    char *end;
    long n = env && *env ? strtol(env, &end, 10) : 0;
    if (n > 0 && *end == '\0')
        return n < 40 ? 40 : (size_t)n;
    return 0;
}

enum status cli_run_command(const struct command *cmd, int argc, char **argv, struct cli_ctx *ctx)
{
    /* -h / --help never needs the database (git.c handles help before setup). */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cli_print_usage(ctx->out, cmd->usage);
            return ST_OK;
        }
    }
    if (cmd->flags & CMD_TABLES)
        argc = take_wide_option(argc, argv, ctx);
    enum status st = ST_OK;
    if (cmd->flags & CMD_NEEDS_DB) {
        st = store_open(ctx->db_path, &ctx->store, &ctx->err);
        if (st != ST_OK)
            return st;
    }
    cli_getopt_reset();
    st = cmd->fn(argc, argv, ctx);
    if (ctx->store) {
        store_close(ctx->store);
        ctx->store = NULL;
    }
    if (fflush(ctx->out) != 0 || ferror(ctx->out)) {
        if (st == ST_OK)
            st = err_set(&ctx->err, ST_IO, "cannot write output");
    }
    return st;
}
