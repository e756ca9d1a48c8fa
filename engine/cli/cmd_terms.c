/*
 * cmd_terms.c - `yosan terms`: show the billing terms in force (as a terms
 * file that can be edited and loaded back), load a terms file, or go back
 * to the built-in defaults. The reader and the storage are
 * importers/imp_terms.c; the format is docs/terms.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "imp_terms.h"
#include "log.h"

const char *const cmd_terms_usage[] = {
    "usage: yosan terms [show]",
    "       yosan terms load FILE.yaml",
    "       yosan terms reset",
    "",
    "The billing terms that turn the bill's list prices into what the city pays:",
    "consumption tax rates by date (built in: 3 % from 1989-04, 5 % from 1997-04,",
    "8 % from 2014-04, 10 % from 2019-10), services exempt from tax, the contract's",
    "markup or discount (overall or per service, with dates), and the rounding rule",
    "(floor, round or ceil; applied per line and month). `budget`, `summary` and",
    "`report` use them through --basis list|contract|contract+tax. For the budget",
    "run the file may also hold price revisions (from, percent, note; applied to",
    "the forecast months after the data) and, for a bill in a foreign currency,",
    "the exchange rate with a range (fx: currency, rate, low, high).",
    "",
    "  show        print the terms in force as a terms file (default)",
    "  load FILE   check FILE and make it the terms in force; a bad file is refused",
    "              with FILE:LINE: field and nothing changes (exit 3)",
    "  reset       forget the loaded file: the built-in defaults apply again",
    NULL,
};

/* s as a YAML double-quoted scalar. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if ((unsigned char)*s < 0x20)
            fprintf(f, "\\x%02x", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

/* ppm as a percent with at most 4 decimals ("10", "-2.5"). */
static void put_percent(FILE *f, int64_t ppm)
{
    long long a = ppm < 0 ? -ppm : ppm;
    char frac[8];
    snprintf(frac, sizeof frac, "%04lld", a % 10000);
    for (int i = 3; i >= 0 && frac[i] == '0'; i--)
        frac[i] = '\0';
    fprintf(f, "%s%lld%s%s", ppm < 0 ? "-" : "", a / 10000, frac[0] ? "." : "", frac);
}

static void put_month(FILE *f, const char *key, int month, int last_day)
{
    char d[DATE_ISO_LEN];
    int32_t day = month_first_day(month) + (last_day ? month_days(month) - 1 : 0);
    fprintf(f, "%s: %s", key, date_format(day, d));
}

static void put_contract(FILE *f, const struct terms *t)
{
    fprintf(f, "contract:%s\n", t->nadj ? "" : " []");
    for (size_t i = 0; i < t->nadj; i++) {
        const struct terms_adjust *a = &t->adj[i];
        fprintf(f, "  - percent: ");
        put_percent(f, a->ppm);
        if (a->from_month != INT32_MIN)
            put_month(f, "\n    from", a->from_month, 0);
        if (a->to_month != INT32_MAX)
            put_month(f, "\n    to", a->to_month, 1);
        if (a->service) {
            fprintf(f, "\n    service: ");
            put_quoted(f, a->service);
        }
        if (a->note) {
            fprintf(f, "\n    note: ");
            put_quoted(f, a->note);
        }
        fputc('\n', f);
    }
}

/* e6 fixed point as a decimal ("150", "151.25"). */
static void put_e6(FILE *f, int64_t v)
{
    char frac[8];
    snprintf(frac, sizeof frac, "%06lld", (long long)(v % 1000000));
    for (int i = 5; i >= 0 && frac[i] == '0'; i--)
        frac[i] = '\0';
    fprintf(f, "%lld%s%s", (long long)(v / 1000000), frac[0] ? "." : "", frac);
}

static void put_budget_parts(FILE *f, const struct terms *t)
{
    if (t->nrev)
        fprintf(f, "revisions:\n");
    for (size_t i = 0; i < t->nrev; i++) {
        put_month(f, "  - from", t->rev[i].from_month, 0);
        fprintf(f, "\n    percent: ");
        put_percent(f, t->rev[i].ppm);
        if (t->rev[i].note) {
            fprintf(f, "\n    note: ");
            put_quoted(f, t->rev[i].note);
        }
        fputc('\n', f);
    }
    if (!t->fx.currency[0])
        return;
    fprintf(f, "fx:\n  currency: %s\n  rate: ", t->fx.currency);
    put_e6(f, t->fx.rate_e6);
    fprintf(f, "\n  low: ");
    put_e6(f, t->fx.low_e6);
    fprintf(f, "\n  high: ");
    put_e6(f, t->fx.high_e6);
    if (t->fx.note) {
        fprintf(f, "\n  note: ");
        put_quoted(f, t->fx.note);
    }
    fputc('\n', f);
}

static void terms_write(FILE *f, const struct terms *t)
{
    fprintf(f, "# billing terms in force: %s\n", t->source);
    fprintf(f, "# (a valid terms file: edit it and `yosan terms load` it; docs/terms.md)\n");
    fprintf(f, "tax:\n  rates:\n");
    for (size_t i = 0; i < t->ntax; i++) {
        put_month(f, "    - from", t->tax[i].from_month, 0);
        fprintf(f, "\n      percent: ");
        put_percent(f, t->tax[i].ppm);
        fputc('\n', f);
    }
    fprintf(f, "  exempt:%s\n", t->nexempt ? "" : " []");
    for (size_t i = 0; i < t->nexempt; i++) {
        fprintf(f, "    - ");
        put_quoted(f, t->exempt[i]);
        fputc('\n', f);
    }
    put_contract(f, t);
    put_budget_parts(f, t);
    fprintf(f, "rounding: %s\n", terms_rounding_name(t->rounding));
}

enum status cmd_terms(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *verb = argc > 1 ? argv[1] : "show";
    if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0) {
        cli_print_usage(ctx->out, cmd_terms_usage);
        return ST_OK;
    }
    int want = strcmp(verb, "load") == 0 ? 3 : 2;
    if (strcmp(verb, "show") != 0 && strcmp(verb, "load") != 0 && strcmp(verb, "reset") != 0)
        return cli_usage_error(ctx, cmd_terms_usage, "expected show, load FILE or reset, got '%s'",
                               verb);
    if (argc > 1 && argc != want)
        return cli_usage_error(ctx, cmd_terms_usage, "%s",
                               want == 3 ? "load needs one FILE" : "too many arguments");
    enum status st;
    if (want == 3) { /* load writes, and may create the database */
        if ((st = store_open(ctx->db_path, &ctx->store, &ctx->err)) != ST_OK)
            return st;
        st = imp_terms_load(ctx->store, argv[2], &ctx->err);
        if (st == ST_OK)
            log_info("terms loaded from %s", argv[2]);
        return st;
    }
    st = cli_open_store(ctx); /* show and reset never create a database */
    if (st == ST_NOTFOUND && strcmp(verb, "show") == 0) {
        log_info("no database at %s: the built-in defaults", ctx->db_path);
        struct terms t;
        if ((st = terms_defaults(&t, &ctx->err)) == ST_OK)
            terms_write(ctx->out, &t);
        terms_release(&t);
        return st;
    }
    if (st != ST_OK)
        return st;
    if (strcmp(verb, "reset") == 0) {
        st = imp_terms_reset(ctx->store, &ctx->err);
        if (st == ST_OK)
            log_info("terms reset: the built-in defaults apply");
        return st;
    }
    struct terms t;
    st = imp_terms_from_store(ctx->store, &t, &ctx->err);
    if (st == ST_OK)
        terms_write(ctx->out, &t);
    terms_release(&t);
    return st;
}
