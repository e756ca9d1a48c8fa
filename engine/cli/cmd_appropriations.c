/*
 * cmd_appropriations.c - `yosan appropriations`: load an appropriation
 * file (当初, 補正, 流用, 予備費充用; importers/imp_approp.c) or list the
 * stored appropriations. The format and how `yosan track` uses them are
 * docs/track.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "imp_budget.h"
#include "log.h"
#include "rpt_table.h"
#include "store_approp.h"
#include "terms.h"

const char *const cmd_appropriations_usage[] = {
    "usage: yosan appropriations [list] [--fiscal-year YYYY] [--format table|csv|json]",
    "       yosan appropriations load FILE.csv",
    "",
    "The appropriated amounts (歳出予算) that `yosan track` compares spend with:",
    "per fiscal year, department (局) and optionally system, the original budget",
    "(当初), supplementary budgets (補正, Local Autonomy Act art. 218), transfers",
    "between items (流用, art. 220) and uses of the reserve fund (予備費充用,",
    "art. 217), each dated. A file has the header",
    "  fiscal_year,department,system,amount,kind,date,note,basis",
    "(any order; system, kind, date and note optional; amount in whole yen; kind",
    "当初 (default), 補正, 流用 or 予備費充用; date YYYY-MM-DD, required but for",
    "当初; basis list, contract or contract+tax, the same on every row).",
    "",
    "  list        the stored rows (default), oldest fiscal year first",
    "  load FILE   check FILE and replace every stored row of the fiscal years it",
    "              names; a bad file is refused with FILE:LINE: field and nothing",
    "              changes (exit 3); loading the same file again changes nothing",
    "  --fiscal-year YYYY   list: only this fiscal year",
    "  --format FMT         list: table (default), csv or json",
    NULL,
};

static enum status approp_load(struct cli_ctx *ctx, const char *path)
{
    enum status st = store_open(ctx->db_path, &ctx->store, &ctx->err);
    struct imp_approp_load_result r;
    if (st == ST_OK)
        st = imp_approp_load(ctx->store, path, &r, &ctx->err);
    if (st != ST_OK)
        return st;
    char years[80] = "";
    size_t used = 0;
    for (size_t i = 0; i < r.nyears && i < sizeof r.years / sizeof r.years[0]; i++) {
        int w = snprintf(years + used, sizeof years - used, "%sFY%d", i ? ", " : "", r.years[i]);
        if (w > 0 && (size_t)w < sizeof years - used)
            used += (size_t)w;
    }
    if (r.unchanged)
        log_info("%s: already loaded (%zu rows for %s); nothing changed", path, r.rows, years);
    else
        log_info("loaded %zu appropriation rows from %s for %s on basis %s (replacing %lld)",
                 r.rows, path, years, terms_basis_name((enum terms_basis)r.basis),
                 (long long)r.removed);
    return ST_OK;
}

static enum status approp_list(struct cli_ctx *ctx, int fy, enum rpt_format fmt)
{
    enum status st = cli_open_store(ctx);
    struct store_approp *v = NULL;
    size_t n = 0;
    if (st == ST_OK)
        st = store_approp_list(ctx->store, fy, &v, &n, &ctx->err);
    if (st != ST_OK)
        return st;
    static const char *const hdr[] = {"fiscal_year", "department", "system", "kind", "date",
                                      "amount",      "note",       "basis",  "file"};
    static const enum rpt_col_type ty[] = {RPT_NUM,    RPT_TEXT, RPT_TEXT, RPT_TEXT, RPT_TEXT,
                                           RPT_AMOUNT, RPT_TEXT, RPT_TEXT, RPT_TEXT};
    struct rpt_table t;
    st = rpt_table_init(&t, 9, hdr, ty);
    char fyb[16], day[DATE_ISO_LEN], amt[32], src[512];
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        snprintf(fyb, sizeof fyb, "%d", v[i].fiscal_year);
        snprintf(amt, sizeof amt, "%lld", (long long)(v[i].amount_e6 / 1000000));
        snprintf(src, sizeof src, "%s:%ld", v[i].file_name, v[i].file_line);
        const char *row[] = {
            fyb, v[i].department, v[i].system, v[i].kind, date_format(v[i].day, day),
            amt, v[i].note,       v[i].basis,  src};
        st = rpt_table_add(&t, row);
    }
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    else
        err_set(&ctx->err, st, "out of memory");
    if (st == ST_OK && n == 0)
        log_info("no appropriations stored%s; load a file with `yosan appropriations load FILE`",
                 fy ? " for that fiscal year" : "");
    rpt_table_release(&t);
    store_approp_free(v, n);
    return st;
}

/* list's options. */
static enum status list_opts(int argc, char **argv, struct cli_ctx *ctx, int *fy, int *fmt)
{
    static const struct option opts[] = {
        {"fiscal-year", required_argument, NULL, 'y'},
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "y:f:", opts, NULL)) != -1) {
        if (c == 'y') {
            long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 2000 || v > 2200)
                return cli_usage_error(ctx, cmd_appropriations_usage,
                                       "--fiscal-year: expected 2000..2200, got '%s'", optarg);
            *fy = (int)v;
        } else if (c == 'f') {
            if ((*fmt = cli_choice(optarg, rpt_format_names)) < 0)
                return cli_usage_error(ctx, cmd_appropriations_usage,
                                       "--format: expected table, csv or json, got '%s'", optarg);
        } else {
            return cli_option_error(ctx, cmd_appropriations_usage, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_appropriations_usage, "unexpected argument '%s'",
                               argv[optind]);
    return ST_OK;
}

enum status cmd_appropriations(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *verb = argc > 1 && argv[1][0] != '-' ? argv[1] : "list";
    if (strcmp(verb, "load") == 0) {
        if (argc != 3)
            return cli_usage_error(ctx, cmd_appropriations_usage, "load needs one FILE");
        return approp_load(ctx, argv[2]);
    }
    if (strcmp(verb, "list") != 0)
        return cli_usage_error(ctx, cmd_appropriations_usage,
                               "expected list or load FILE, got '%s'", verb);
    int fy = 0, fmt = RPT_FMT_TABLE;
    int shift = argc > 1 && strcmp(argv[1], "list") == 0;
    if (list_opts(argc - shift, argv + shift, ctx, &fy, &fmt) != ST_OK)
        return ST_USAGE;
    return approp_list(ctx, fy, (enum rpt_format)fmt);
}
