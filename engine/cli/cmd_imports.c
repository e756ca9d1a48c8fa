/*
 * cmd_imports.c - `yosan imports`: the import records, oldest first.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "rpt_table.h"
#include "store_costs.h"

const char *const cmd_imports_usage[] = {
    "usage: yosan imports [--format table|csv|json]",
    "",
    "List every import: file, sha256 prefix, format, dataset, period covered, rows",
    "added, older rows it replaced, rows of it still stored, and when (UTC).",
    "",
    "  --format F      table (default), csv or json",
    "  -h, --help      show this help",
    NULL,
};

enum status cmd_imports(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    int fmt = RPT_FMT_TABLE;
    int c;
    while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
        if (c == 'f' && (fmt = cli_choice(optarg, rpt_format_names)) >= 0)
            continue;
        if (c == 'f')
            return cli_usage_error(ctx, cmd_imports_usage,
                                   "--format: expected table, csv or json, got '%s'", optarg);
        return cli_option_error(ctx, cmd_imports_usage, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_imports_usage, "unexpected argument '%s'", argv[optind]);
    struct import_record *v;
    size_t n;
    enum status st = cli_open_store(ctx);
    if (st != ST_OK)
        return st;
    st = store_imports_list(ctx->store, &v, &n, &ctx->err);
    if (st != ST_OK)
        return st;
    static const char *const headers[] = {"id", "file", "sha256",   "format", "dataset",    "from",
                                          "to", "rows", "replaced", "stored", "imported_at"};
    static const enum rpt_col_type types[] = {RPT_NUM,    RPT_TEXT,   RPT_TEXT, RPT_TEXT,
                                              RPT_TEXT,   RPT_TEXT,   RPT_TEXT, RPT_AMOUNT,
                                              RPT_AMOUNT, RPT_AMOUNT, RPT_TEXT};
    struct rpt_table t;
    if ((st = rpt_table_init(&t, 11, headers, types)) != ST_OK) {
        import_records_free(v, n);
        return err_set(&ctx->err, st, "out of memory");
    }
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        char id[24], rows[24], repl[24], now[24], sha[13];
        snprintf(id, sizeof id, "%lld", (long long)v[i].id);
        snprintf(rows, sizeof rows, "%lld", (long long)v[i].rows);
        snprintf(repl, sizeof repl, "%lld", (long long)v[i].replaced);
        snprintf(now, sizeof now, "%lld", (long long)v[i].rows_now);
        snprintf(sha, sizeof sha, "%.12s", v[i].sha256);
        const char *cells[] = {id,
                               v[i].file_name,
                               sha,
                               v[i].format,
                               v[i].dataset,
                               v[i].period_start,
                               v[i].period_end,
                               rows,
                               repl,
                               now,
                               v[i].imported_at};
        st = rpt_table_add(&t, cells);
    }
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    else
        err_set(&ctx->err, st, "out of memory");
    rpt_table_release(&t);
    import_records_free(v, n);
    return st;
}
