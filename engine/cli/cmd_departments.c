/*
 * cmd_departments.c - `yosan departments [load RULES.csv]`: load the
 * department attribution rules (re-attributing all stored costs at once) or
 * list them with the actual cost each one catches.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "imp_dept.h"
#include "log.h"
#include "money.h"
#include "rpt_money.h"
#include "rpt_table.h"
#include "store_departments.h"

const char *const cmd_departments_usage[] = {
    "usage: yosan departments [--format table|csv|json]",
    "   or: yosan departments load RULES.csv",
    "",
    "Attribute every cost to a department (局). RULES.csv has the columns",
    "match,pattern,department; match is tag:KEY, subscription, subscription-name or",
    "resource-group; pattern is a glob (* ? [..]), compared case-insensitively; the",
    "first matching rule wins. Without a match the value of a 'department' tag is",
    "used, else (unallocated). Loading replaces all rules and re-attributes the",
    "costs already imported, without re-importing.",
    "",
    "Without arguments, list the rules in order with the actual cost each catches,",
    "then the costs caught by the department tag and those left unallocated.",
    "",
    "  --format F      table (default), csv or json",
    "  -h, --help      show this help",
    NULL,
};

static enum status load_rules(struct cli_ctx *ctx, const char *path)
{
    struct dept_rules r;
    dept_rules_init(&r);
    enum status st = imp_dept_rules_read(path, &r, &ctx->err);
    int64_t objects = 0;
    if (st == ST_OK)
        st = store_dept_rules_replace(ctx->store, &r, &objects, &ctx->err);
    if (st == ST_OK)
        log_info("%s: %zu rules loaded, %lld cost objects re-attributed", path, r.n,
                 (long long)objects);
    dept_rules_release(&r);
    return st;
}

static enum status add_line(struct rpt_table *t, const char *pos, const char *match,
                            const char *pattern, const char *dept, const struct dept_catch *c)
{
    char cost[48] = "", rows[24] = "0";
    if (c) {
        money_format(c->cost, 6, cost, sizeof cost);
        snprintf(rows, sizeof rows, "%lld", (long long)c->rows);
    } else {
        snprintf(cost, sizeof cost, "0.000000");
    }
    const char *cells[] = {pos, match, pattern, dept, cost, c ? c->currency : "", rows};
    return rpt_table_add(t, cells);
}

/* Lines for one rule (or fallback): one per currency, or one zero line. */
static enum status add_catches(struct rpt_table *t, const struct dept_catch *v, size_t n,
                               enum dept_catch_kind kind, int64_t rule_id, const char *pos,
                               const char *match, const char *pattern, const char *dept)
{
    enum status st = ST_OK;
    int any = 0;
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        if (v[i].kind != kind || (kind == DEPT_CATCH_RULE && v[i].rule_id != rule_id))
            continue;
        any = 1;
        st = add_line(t, pos, match, pattern, dept, &v[i]);
    }
    if (!any && st == ST_OK)
        st = add_line(t, pos, match, pattern, dept, NULL);
    return st;
}

static enum status list_rules(struct cli_ctx *ctx, enum rpt_format fmt)
{
    struct dept_rules r;
    dept_rules_init(&r);
    struct dept_catch *v = NULL;
    size_t n = 0;
    struct rpt_table t;
    static const char *const headers[] = {"position", "match",    "pattern", "department",
                                          "cost",     "currency", "rows"};
    static const enum rpt_col_type types[] = {RPT_NUM,    RPT_TEXT, RPT_TEXT,  RPT_TEXT,
                                              RPT_AMOUNT, RPT_TEXT, RPT_AMOUNT};
    enum status st = store_dept_rules_load(ctx->store, &r, &ctx->err);
    if (st == ST_OK)
        st = store_dept_catches(ctx->store, DATASET_ACTUAL, &v, &n, &ctx->err);
    if (st != ST_OK) {
        dept_rules_release(&r);
        return st;
    }
    if ((st = rpt_table_init(&t, 7, headers, types)) != ST_OK) {
        free(v);
        dept_rules_release(&r);
        return err_set(&ctx->err, st, "out of memory");
    }
    for (size_t i = 0; i < n; i++) /* cents shown when a bill is not in yen */
        if (rpt_currency_decimals(v[i].currency) > 0)
            rpt_table_set_decimals(&t, 4, 2);
    for (size_t i = 0; i < r.n && st == ST_OK; i++) {
        char pos[24], match[300];
        snprintf(pos, sizeof pos, "%zu", i + 1);
        dept_rule_match_text(&r.v[i], match, sizeof match);
        st = add_catches(&t, v, n, DEPT_CATCH_RULE, r.v[i].id, pos, match, r.v[i].pattern,
                         r.v[i].department);
    }
    if (st == ST_OK)
        st =
            add_catches(&t, v, n, DEPT_CATCH_TAG, 0, "", "tag:department", "*", "(department tag)");
    if (st == ST_OK)
        st = add_catches(&t, v, n, DEPT_CATCH_UNALLOCATED, 0, "", "", "", DEPT_UNALLOCATED);
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    else
        err_set(&ctx->err, st, "out of memory");
    rpt_table_release(&t);
    free(v);
    dept_rules_release(&r);
    return st;
}

enum status cmd_departments(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    int fmt = RPT_FMT_TABLE;
    int c;
    while ((c = getopt_long(argc, argv, "+f:", opts, NULL)) != -1) {
        if (c == 'f' && (fmt = cli_choice(optarg, rpt_format_names)) >= 0)
            continue;
        if (c == 'f')
            return cli_usage_error(ctx, cmd_departments_usage,
                                   "--format: expected table, csv or json, got '%s'", optarg);
        return cli_option_error(ctx, cmd_departments_usage, argv);
    }
    enum status st;
    if (optind >= argc) { /* listing never creates a database */
        if ((st = cli_open_store(ctx)) != ST_OK)
            return st;
        return list_rules(ctx, (enum rpt_format)fmt);
    }
    if (strcmp(argv[optind], "load") != 0)
        return cli_usage_error(ctx, cmd_departments_usage,
                               "unknown subcommand '%s': expected load RULES.csv (or "
                               "nothing, to list the rules)",
                               argv[optind]);
    if (argc - optind != 2)
        return cli_usage_error(ctx, cmd_departments_usage, "load takes one RULES.csv file");
    if ((st = store_open(ctx->db_path, &ctx->store, &ctx->err)) != ST_OK)
        return st;
    return load_rules(ctx, argv[optind + 1]);
}
