/*
 * cmd_whatif.c - `yosan whatif SCENARIO`: compare alternatives (on-premises,
 * Azure IaaS, PaaS, Oracle licensing, current spend) year by year.
 *
 * Thin glue: job_whatif() does the work; this file turns the result structs
 * into rpt_table rows (numbers formatted here, rendering in reports/).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "job_whatif.h"
#include "rpt_table.h"

const char *const cmd_whatif_usage[] = {
    "usage: yosan whatif SCENARIO [--years N] [--vary SPEC] [--format table|csv|json]",
    "                    [--section all|yearly|summary|sensitivity]",
    "",
    "Compare the alternatives of a scenario file (YAML; see examples/ and docs/whatif.md):",
    "cost per fiscal year by category, cumulative cost, NPV, and the break-even year",
    "against the baseline. Amounts are whole units of the scenario's currency (yen).",
    "Every number in the file has a range (docs/whatif.md, Ranges; money per item",
    "up to 1e15, hourly rates up to 1e9); a value outside it, or a total beyond",
    "the 64-bit range, is an error (exit 3).",
    "",
    "  --years N        horizon in fiscal years (overrides the file's 'years')",
    "  --vary SPEC      sensitivity: re-run with inputs varied, e.g.",
    "                   'fx=+-15%,utilisation=+-20%' (also escalation, discount),",
    "                   and show how the ranking by NPV changes",
    "  --format F       table (default), csv or json",
    "  --section S      what to print: all (default; csv: yearly), yearly, summary,",
    "                   sensitivity",
    NULL,
};

enum section { SEC_ALL = 0, SEC_YEARLY, SEC_SUMMARY, SEC_SENSITIVITY };

/* Integer as text (the text table adds the thousands separators). */
static void fmt_int(char *out, size_t n, int64_t v)
{
    snprintf(out, n, "%" PRId64, v);
}

static enum status yearly_table(const struct job_whatif_result *r, struct rpt_table *t,
                                struct err *e)
{
    const struct whatif_result *res = &r->res;
    const char *headers[SCN_CAT_COUNT + 4];
    enum rpt_col_type types[SCN_CAT_COUNT + 4];
    int cats[SCN_CAT_COUNT];
    size_t nc = 0, ncat = 0;
    headers[nc] = "alternative";
    types[nc++] = RPT_TEXT;
    headers[nc] = "fiscal_year";
    types[nc++] = RPT_TEXT;
    for (int c = 0; c < SCN_CAT_COUNT; c++)
        if (res->cats_used & (1U << c)) {
            cats[ncat++] = c;
            headers[nc] = scn_category_name((enum scn_category)c);
            types[nc++] = RPT_AMOUNT;
        }
    headers[nc] = "total";
    types[nc++] = RPT_AMOUNT;
    headers[nc] = "cumulative";
    types[nc++] = RPT_AMOUNT;
    enum status st = rpt_table_init(t, nc, headers, types);
    if (st != ST_OK)
        return err_set(e, st, "out of memory");
    char cell[SCN_CAT_COUNT + 4][32];
    const char *row[SCN_CAT_COUNT + 4];
    for (size_t a = 0; a < res->nalts; a++)
        for (int y = 0; y < res->years; y++) {
            const struct whatif_year *wy = &res->alts[a].years[y];
            size_t k = 0;
            row[k++] = res->alts[a].name;
            snprintf(cell[k], sizeof cell[k], "FY%d", wy->fy);
            row[k] = cell[k];
            k++;
            for (size_t c = 0; c < ncat; c++, k++) {
                fmt_int(cell[k], sizeof cell[k], wy->by_cat[cats[c]]);
                row[k] = cell[k];
            }
            fmt_int(cell[k], sizeof cell[k], wy->total);
            row[k] = cell[k];
            k++;
            fmt_int(cell[k], sizeof cell[k], wy->cumulative);
            row[k] = cell[k];
            if ((st = rpt_table_add(t, row)) != ST_OK)
                return err_set(e, st, "out of memory");
        }
    return ST_OK;
}

static enum status summary_table(const struct job_whatif_result *r, struct rpt_table *t,
                                 struct err *e)
{
    static const char *const headers[] = {"rank", "alternative", "label",     "total",
                                          "npv",  "vs_baseline", "break_even"};
    static const enum rpt_col_type types[] = {RPT_NUM,    RPT_TEXT,   RPT_TEXT, RPT_AMOUNT,
                                              RPT_AMOUNT, RPT_AMOUNT, RPT_TEXT};
    const struct whatif_result *res = &r->res;
    enum status st = rpt_table_init(t, 7, headers, types);
    if (st != ST_OK)
        return err_set(e, st, "out of memory");
    const struct whatif_alt_result *base = &res->alts[res->baseline];
    for (int rank = 1; rank <= (int)res->nalts; rank++)
        for (size_t a = 0; a < res->nalts; a++) {
            const struct whatif_alt_result *ar = &res->alts[a];
            if (ar->rank != rank)
                continue;
            char c_rank[16], c_total[32], c_npv[32], c_diff[32], c_be[48];
            snprintf(c_rank, sizeof c_rank, "%d", ar->rank);
            fmt_int(c_total, sizeof c_total, ar->total);
            fmt_int(c_npv, sizeof c_npv, ar->npv);
            fmt_int(c_diff, sizeof c_diff, ar->total - base->total);
            if (a == res->baseline)
                snprintf(c_be, sizeof c_be, "(baseline)");
            else if (ar->break_even_fy)
                snprintf(c_be, sizeof c_be, "FY%d", ar->break_even_fy);
            else
                snprintf(c_be, sizeof c_be, "never");
            const char *row[] = {
                c_rank, ar->name, r->scn.alts[a].label ? r->scn.alts[a].label : "", c_total, c_npv,
                c_diff, c_be};
            if ((st = rpt_table_add(t, row)) != ST_OK)
                return err_set(e, st, "out of memory");
        }
    return ST_OK;
}

static enum status sensitivity_table(const struct job_whatif_result *r, struct rpt_table *t,
                                     struct err *e)
{
    const struct whatif_sensitivity *w = &r->sens;
    size_t nc = 4 + w->nalts;
    const char **headers = calloc(nc, sizeof *headers);
    enum rpt_col_type *types = calloc(nc, sizeof *types);
    const char **row = calloc(nc, sizeof *row);
    char(*cells)[32] = calloc(nc, sizeof *cells);
    char *ranking = malloc(1024);
    enum status st = ST_OK;
    if (!headers || !types || !row || !cells || !ranking) {
        st = err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    headers[0] = "variant";
    headers[1] = "ranking";
    headers[2] = "cheapest";
    headers[3] = "changed";
    for (size_t a = 0; a < w->nalts; a++) {
        headers[4 + a] = r->res.alts[a].name;
        types[4 + a] = RPT_AMOUNT;
    }
    if ((st = rpt_table_init(t, nc, headers, types)) != ST_OK) {
        st = err_set(e, st, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < w->nvariants; i++) {
        const struct whatif_variant *v = &w->v[i];
        size_t used = 0;
        ranking[0] = '\0';
        for (size_t k = 0; k < w->nalts && used < 1000; k++) {
            int n = snprintf(ranking + used, 1024 - used, "%s%s", k ? " < " : "",
                             r->res.alts[v->order[k]].name);
            if (n > 0)
                used += (size_t)n;
        }
        row[0] = v->label;
        row[1] = ranking;
        row[2] = r->res.alts[v->order[0]].name;
        row[3] = i == 0                ? ""
                 : v->cheapest_changed ? "cheapest changes"
                 : v->ranking_changed  ? "order changes"
                                       : "no";
        for (size_t a = 0; a < w->nalts; a++) {
            fmt_int(cells[4 + a], sizeof cells[4 + a], v->npv[a]);
            row[4 + a] = cells[4 + a];
        }
        if ((st = rpt_table_add(t, row)) != ST_OK) {
            st = err_set(e, st, "out of memory");
            goto out;
        }
    }
out:
    free(headers);
    free(types);
    free(row);
    free(cells);
    free(ranking);
    return st;
}

typedef enum status (*table_fn)(const struct job_whatif_result *, struct rpt_table *, struct err *);

static enum status emit(const struct job_whatif_result *r, table_fn fn, enum rpt_format fmt,
                        struct cli_ctx *ctx)
{
    struct rpt_table t = {0};
    enum status st = fn(r, &t, &ctx->err);
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
    rpt_table_release(&t);
    return st;
}

enum status cmd_whatif(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"years", required_argument, NULL, 'y'},
        {"vary", required_argument, NULL, 'V'},
        {"format", required_argument, NULL, 'f'},
        {"section", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    static const char *const sections[] = {"all", "yearly", "summary", "sensitivity", NULL};
    struct job_whatif_options ro = {.db_path = ctx->db_path};
    int fmt = RPT_FMT_TABLE, section = -1, c;
    while ((c = getopt_long(argc, argv, "y:V:f:s:", opts, NULL)) != -1) {
        switch (c) {
        case 'y': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (end == optarg || *end || v < 1 || v > 50)
                return cli_usage_error(ctx, cmd_whatif_usage,
                                       "--years: expected 1..50 (years compared), got '%s'",
                                       optarg);
            ro.years = (int)v;
            break;
        }
        case 'V':
            ro.vary = optarg;
            break;
        case 'f':
            if ((fmt = cli_choice(optarg, rpt_format_names)) < 0)
                return cli_usage_error(ctx, cmd_whatif_usage,
                                       "--format: expected table, csv or json, got '%s'", optarg);
            break;
        case 's':
            if ((section = cli_choice(optarg, sections)) < 0)
                return cli_usage_error(ctx, cmd_whatif_usage,
                                       "--section: expected all, yearly, summary or "
                                       "sensitivity, got '%s'",
                                       optarg);
            break;
        default:
            return cli_option_error(ctx, cmd_whatif_usage, argv);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error(ctx, cmd_whatif_usage, "expected one scenario file");
    ro.path = argv[optind];
    if (section < 0)
        section = fmt == RPT_FMT_CSV ? SEC_YEARLY : SEC_ALL;
    if (fmt == RPT_FMT_CSV && section == SEC_ALL)
        return cli_usage_error(ctx, cmd_whatif_usage,
                               "csv holds one table: choose --section yearly, summary or "
                               "sensitivity");
    if (section == SEC_SENSITIVITY && !ro.vary)
        return cli_usage_error(ctx, cmd_whatif_usage, "--section sensitivity needs --vary");

    struct job_whatif_result r;
    ro.threads = cli_threads();
    ro.now = (int64_t)time(NULL);
    enum status st = job_whatif(&ro, &r, &ctx->err);
    if (st != ST_OK)
        return st;
    FILE *out = ctx->out;
    int has_sens = r.sens.nvariants > 0;
    if (fmt == RPT_FMT_TABLE) {
        if (section == SEC_ALL) {
            const struct whatif_result *res = &r.res;
            fprintf(out, "%s: FY%d-FY%d, %s, baseline %s\n\n", r.scn.name, res->start_fy,
                    res->start_fy + res->years - 1, res->currency == SCN_USD ? "USD" : "JPY",
                    res->alts[res->baseline].name);
        }
        if (st == ST_OK && (section == SEC_ALL || section == SEC_YEARLY))
            st = emit(&r, yearly_table, RPT_FMT_TABLE, ctx);
        if (st == ST_OK && section == SEC_ALL)
            fputs("\n", out);
        if (st == ST_OK && (section == SEC_ALL || section == SEC_SUMMARY))
            st = emit(&r, summary_table, RPT_FMT_TABLE, ctx);
        if (st == ST_OK && has_sens && (section == SEC_ALL || section == SEC_SENSITIVITY)) {
            if (section == SEC_ALL)
                fputs("\nsensitivity (ranking by NPV):\n", out);
            st = emit(&r, sensitivity_table, RPT_FMT_TABLE, ctx);
        }
    } else if (fmt == RPT_FMT_CSV) {
        st = emit(&r,
                  section == SEC_YEARLY    ? yearly_table
                  : section == SEC_SUMMARY ? summary_table
                                           : sensitivity_table,
                  RPT_FMT_CSV, ctx);
    } else if (section != SEC_ALL) {
        st = emit(&r,
                  section == SEC_YEARLY    ? yearly_table
                  : section == SEC_SUMMARY ? summary_table
                                           : sensitivity_table,
                  RPT_FMT_JSON, ctx);
    } else {
        const struct whatif_result *res = &r.res;
        fputs("{\"scenario\": ", out);
        rpt_json_string(out, r.scn.name);
        fprintf(out, ", \"currency\": \"%s\", \"start_fy\": %d, \"years\": %d, \"baseline\": ",
                res->currency == SCN_USD ? "USD" : "JPY", res->start_fy, res->years);
        rpt_json_string(out, res->alts[res->baseline].name);
        fputs(",\n\"yearly\": ", out);
        st = emit(&r, yearly_table, RPT_FMT_JSON, ctx);
        if (st == ST_OK) {
            fputs(",\n\"summary\": ", out);
            st = emit(&r, summary_table, RPT_FMT_JSON, ctx);
        }
        if (st == ST_OK && has_sens) {
            fputs(",\n\"sensitivity\": ", out);
            st = emit(&r, sensitivity_table, RPT_FMT_JSON, ctx);
        }
        fputs("}\n", out);
    }
    job_whatif_release(&r);
    return st;
}
