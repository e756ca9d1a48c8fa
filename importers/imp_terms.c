/*
 * imp_terms.c - the terms.yaml reader and its place in the store (see
 * imp_terms.h). This file owns the schema: the keys of each mapping, the
 * percent and date syntax, and the checks (months, ranges, overlaps).
 */
#include "imp_terms.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_yaml.h"

#define SETTING_TEXT   "terms.yaml"
#define SETTING_SOURCE "terms.source"

/* A decimal with at most `decimals` decimals and 6 integer digits (a "%"
 * after it is allowed when pct) as an integer scaled by 10^decimals
 * ("-2.5" with 4 decimals = -25000). Returns 0 or -1. */
static int parse_scaled(const char *s, int decimals, int pct, int64_t *out)
{
    int neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    int64_t whole = 0, frac = 0;
    int nint = 0, nfrac = 0;
    for (; *s >= '0' && *s <= '9'; s++, nint++)
        if (nint < 7)
            whole = whole * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, nfrac++)
            if (nfrac < decimals)
                frac = frac * 10 + (*s - '0');
    if (pct && *s == '%')
        s++;
    if (*s || nint == 0 || nint > 6 || nfrac > decimals)
        return -1;
    int64_t scale = 1;
    for (int k = 0; k < decimals; k++)
        scale *= 10;
    for (int k = nfrac; k < decimals; k++)
        frac *= 10;
    *out = (whole * scale + frac) * (neg ? -1 : 1);
    return 0;
}

/* "10", "-2.5", "+3.125": percent with at most 4 decimals as ppm. */
static int parse_percent_ppm(const char *s, int64_t *ppm)
{
    return parse_scaled(s, 4, 1, ppm);
}

static enum status percent_field(struct imp_yaml *p, yaml_node_t *map, const char *key,
                                 int64_t lo_ppm, int64_t hi_ppm, int64_t *out)
{
    yaml_node_t *n;
    const char *s;
    enum status st = imp_yaml_field_text(p, map, key, 1, &n, &s);
    if (st != ST_OK)
        return st;
    if (parse_percent_ppm(s, out) != 0)
        return imp_yaml_fail(p, n, "field '%s': expected a percent such as 10 or -2.5, got '%s'",
                             key, s);
    if (*out < lo_ppm || *out > hi_ppm)
        return imp_yaml_fail(p, n, "field '%s': expected %g to %g, got '%s'", key,
                             (double)lo_ppm / 10000, (double)hi_ppm / 10000, s);
    return ST_OK;
}

/* A month boundary: 'from' must be a month's first day, 'to' its last
 * (invoices are monthly). *month unchanged when the optional field is absent. */
static enum status month_field(struct imp_yaml *p, yaml_node_t *map, const char *key, int required,
                               int last_day, int *month)
{
    yaml_node_t *n;
    const char *s;
    enum status st = imp_yaml_field_text(p, map, key, required, &n, &s);
    if (st != ST_OK || !n)
        return st;
    int32_t day;
    if (strlen(s) != 10 || date_parse(s, 10, &day) != 0)
        return imp_yaml_fail(p, n, "field '%s': expected a date YYYY-MM-DD, got '%s'", key, s);
    int m = month_index_of(day);
    int32_t want = last_day ? month_first_day(m) + month_days(m) - 1 : month_first_day(m);
    if (day != want)
        return imp_yaml_fail(p, n,
                             "field '%s': expected the %s day of a month (invoices are "
                             "monthly), got '%s'",
                             key, last_day ? "last" : "first", s);
    *month = m;
    return ST_OK;
}

static enum status need_seq(struct imp_yaml *p, yaml_node_t *n, const char *key)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return imp_yaml_fail(p, n, "field '%s': expected a list", key);
    if (n->data.sequence.items.top - n->data.sequence.items.start > IMP_TERMS_MAX_ROWS)
        return imp_yaml_fail(p, n, "field '%s': more than %d rows", key, IMP_TERMS_MAX_ROWS);
    return ST_OK;
}

/* The rows of a list field: *n of them, *rows a zeroed array of n (at
 * least one) elements of size each, owned by the caller. */
static enum status list_rows(struct imp_yaml *p, yaml_node_t *seq, const char *key, size_t size,
                             void **rows, size_t *n)
{
    enum status st = need_seq(p, seq, key);
    *n = st == ST_OK ? (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start) : 0;
    *rows = calloc(*n ? *n : 1, size);
    if (st == ST_OK && !*rows)
        st = err_set(p->e, ST_NOMEM, "out of memory");
    return st;
}

static enum status need_map(struct imp_yaml *p, yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return imp_yaml_fail(p, n, "%s: expected a mapping of fields", what);
    return ST_OK;
}

static enum status parse_rates(struct imp_yaml *p, yaml_node_t *seq, struct terms *t)
{
    static const char *const keys[] = {"from", "percent", NULL};
    size_t n;
    void *rows;
    free(t->tax);
    t->ntax = 0;
    enum status st = list_rows(p, seq, "rates", sizeof *t->tax, &rows, &n);
    t->tax = rows;
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        yaml_node_t *row = imp_yaml_node(p, seq->data.sequence.items.start[i]);
        struct terms_tax *r = &t->tax[i];
        st = need_map(p, row, "tax rate");
        if (st == ST_OK)
            st = imp_yaml_check_keys(p, row, "tax rate", keys);
        if (st == ST_OK)
            st = month_field(p, row, "from", 1, 0, &r->from_month);
        if (st == ST_OK)
            st = percent_field(p, row, "percent", 0, 100 * 10000, &r->ppm);
        if (st == ST_OK && i > 0 && r->from_month <= t->tax[i - 1].from_month)
            st = imp_yaml_fail(p, row, "field 'from': tax rates must be in date order");
        if (st == ST_OK)
            t->ntax++;
    }
    return st;
}

static enum status parse_exempt(struct imp_yaml *p, yaml_node_t *seq, struct terms *t)
{
    size_t n;
    void *rows;
    enum status st = list_rows(p, seq, "exempt", sizeof *t->exempt, &rows, &n);
    t->exempt = rows;
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        yaml_node_t *item = imp_yaml_node(p, seq->data.sequence.items.start[i]);
        const char *s = imp_yaml_scalar(item);
        if (!s || !*s)
            return imp_yaml_fail(p, item, "field 'exempt': expected service names");
        if (!(t->exempt[i] = strdup(s)))
            return err_set(p->e, ST_NOMEM, "out of memory");
        t->nexempt++;
    }
    return st;
}

static enum status parse_tax(struct imp_yaml *p, yaml_node_t *map, struct terms *t)
{
    static const char *const keys[] = {"rates", "exempt", NULL};
    enum status st = need_map(p, map, "tax");
    if (st == ST_OK)
        st = imp_yaml_check_keys(p, map, "tax", keys);
    yaml_node_t *rates = st == ST_OK ? imp_yaml_get(p, map, "rates") : NULL;
    yaml_node_t *exempt = st == ST_OK ? imp_yaml_get(p, map, "exempt") : NULL;
    if (st == ST_OK && rates)
        st = parse_rates(p, rates, t);
    if (st == ST_OK && exempt)
        st = parse_exempt(p, exempt, t);
    return st;
}

static enum status parse_adjust(struct imp_yaml *p, yaml_node_t *row, struct terms_adjust *a)
{
    static const char *const keys[] = {"percent", "from", "to", "service", "note", NULL};
    enum status st = need_map(p, row, "contract row");
    if (st == ST_OK)
        st = imp_yaml_check_keys(p, row, "contract row", keys);
    a->from_month = INT32_MIN;
    a->to_month = INT32_MAX;
    if (st == ST_OK)
        st = percent_field(p, row, "percent", -100 * 10000 + 1, 1000 * 10000, &a->ppm);
    if (st == ST_OK)
        st = month_field(p, row, "from", 0, 0, &a->from_month);
    if (st == ST_OK)
        st = month_field(p, row, "to", 0, 1, &a->to_month);
    if (st == ST_OK && a->to_month < a->from_month)
        st = imp_yaml_fail(p, imp_yaml_get(p, row, "to"), "field 'to': before 'from'");
    if (st == ST_OK)
        st = imp_yaml_str_field(p, row, "service", 0, &a->service);
    if (st == ST_OK)
        st = imp_yaml_str_field(p, row, "note", 0, &a->note);
    return st;
}

static enum status parse_contract(struct imp_yaml *p, yaml_node_t *seq, struct terms *t)
{
    size_t n;
    void *rows;
    enum status st = list_rows(p, seq, "contract", sizeof *t->adj, &rows, &n);
    t->adj = rows;
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        yaml_node_t *row = imp_yaml_node(p, seq->data.sequence.items.start[i]);
        st = parse_adjust(p, row, &t->adj[i]);
        t->nadj++;
        if (st == ST_OK && terms_check(t, p->e) != ST_OK)
            st = imp_yaml_fail(p, row, "field 'from': %s", p->e->msg);
    }
    return st;
}

static enum status parse_revision(struct imp_yaml *p, yaml_node_t *row, struct terms_revision *r)
{
    static const char *const keys[] = {"from", "percent", "note", NULL};
    enum status st = need_map(p, row, "revision");
    if (st == ST_OK)
        st = imp_yaml_check_keys(p, row, "revision", keys);
    if (st == ST_OK)
        st = month_field(p, row, "from", 1, 0, &r->from_month);
    if (st == ST_OK)
        st = percent_field(p, row, "percent", -100 * 10000 + 1, 1000 * 10000, &r->ppm);
    if (st == ST_OK)
        st = imp_yaml_str_field(p, row, "note", 0, &r->note);
    return st;
}

static enum status parse_revisions(struct imp_yaml *p, yaml_node_t *seq, struct terms *t)
{
    size_t n;
    void *rows;
    enum status st = list_rows(p, seq, "revisions", sizeof *t->rev, &rows, &n);
    t->rev = rows;
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        yaml_node_t *row = imp_yaml_node(p, seq->data.sequence.items.start[i]);
        st = parse_revision(p, row, &t->rev[i]);
        t->nrev++;
        if (st == ST_OK && i > 0 && t->rev[i].from_month <= t->rev[i - 1].from_month)
            st =
                imp_yaml_fail(p, row, "field 'from': revisions must be in date order, one a month");
    }
    return st;
}

/* A rate in yen per unit, above 0 and at most 10^6, 6 decimals. */
static enum status rate_field(struct imp_yaml *p, yaml_node_t *map, const char *key, int required,
                              int64_t *out)
{
    yaml_node_t *n;
    const char *s;
    enum status st = imp_yaml_field_text(p, map, key, required, &n, &s);
    if (st != ST_OK || !n)
        return st;
    if (parse_scaled(s, 6, 0, out) != 0 || *out <= 0 || *out > (int64_t)1000000 * 1000000)
        return imp_yaml_fail(p, n, "field '%s': expected yen per unit above 0, got '%s'", key, s);
    return ST_OK;
}

static enum status parse_fx(struct imp_yaml *p, yaml_node_t *map, struct terms_fx *fx)
{
    static const char *const keys[] = {"currency", "rate", "low", "high", "note", NULL};
    enum status st = need_map(p, map, "fx");
    if (st == ST_OK)
        st = imp_yaml_check_keys(p, map, "fx", keys);
    yaml_node_t *n = NULL;
    const char *cur = NULL;
    if (st == ST_OK)
        st = imp_yaml_field_text(p, map, "currency", 1, &n, &cur);
    if (st == ST_OK && (strlen(cur) != 3 || strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3 ||
                        strcmp(cur, "JPY") == 0))
        st = imp_yaml_fail(p, n,
                           "field 'currency': expected the bill's ISO 4217 code (not JPY), "
                           "got '%s'",
                           cur);
    if (st == ST_OK) {
        snprintf(fx->currency, sizeof fx->currency, "%s", cur);
        st = rate_field(p, map, "rate", 1, &fx->rate_e6);
    }
    fx->low_e6 = fx->high_e6 = fx->rate_e6;
    if (st == ST_OK)
        st = rate_field(p, map, "low", 0, &fx->low_e6);
    if (st == ST_OK)
        st = rate_field(p, map, "high", 0, &fx->high_e6);
    if (st == ST_OK && !(fx->low_e6 <= fx->rate_e6 && fx->rate_e6 <= fx->high_e6))
        st = imp_yaml_fail(p, map, "fx: expected low <= rate <= high");
    if (st == ST_OK)
        st = imp_yaml_str_field(p, map, "note", 0, &fx->note);
    return st;
}

/* The optional sections after tax and contract. */
static enum status parse_budget_parts(struct imp_yaml *p, yaml_node_t *root, struct terms *t)
{
    yaml_node_t *rev = imp_yaml_get(p, root, "revisions"), *fx = imp_yaml_get(p, root, "fx");
    enum status st = rev ? parse_revisions(p, rev, t) : ST_OK;
    if (st == ST_OK && fx)
        st = parse_fx(p, fx, &t->fx);
    return st;
}

static enum status parse_root(struct imp_yaml *p, struct terms *t)
{
    static const char *const keys[] = {"tax", "contract", "revisions", "fx", "rounding", NULL};
    static const char *const roundings[] = {"floor", "round", "ceil", NULL};
    yaml_node_t *root = yaml_document_get_root_node(p->doc);
    if (!root)
        return imp_yaml_fail(p, NULL, "empty file: expected tax, contract or rounding");
    enum status st = need_map(p, root, "terms");
    if (st == ST_OK)
        st = imp_yaml_check_keys(p, root, "terms", keys);
    yaml_node_t *tax = st == ST_OK ? imp_yaml_get(p, root, "tax") : NULL;
    yaml_node_t *contract = st == ST_OK ? imp_yaml_get(p, root, "contract") : NULL;
    if (st == ST_OK && tax)
        st = parse_tax(p, tax, t);
    if (st == ST_OK && contract)
        st = parse_contract(p, contract, t);
    if (st == ST_OK)
        st = parse_budget_parts(p, root, t);
    int r = 0;
    if (st == ST_OK)
        st = imp_yaml_choice_field(p, root, "rounding", 0, roundings, &r);
    t->rounding = r == 2 ? MONEY_CEIL : r == 1 ? MONEY_HALF_UP : MONEY_FLOOR;
    return st;
}

enum status imp_terms_buffer(const char *name, const char *text, size_t len, struct terms *out,
                             struct err *e)
{
    enum status st = terms_defaults(out, e);
    if (st != ST_OK)
        return st;
    snprintf(out->source, sizeof out->source, "%s", name);
    if (len > IMP_TERMS_MAX_BYTES) {
        terms_release(out);
        return err_set(e, ST_PARSE, "%s: larger than %u bytes", name, IMP_TERMS_MAX_BYTES);
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        terms_release(out);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    struct imp_yaml p = {.path = name, .e = e};
    yaml_document_t doc;
    st = imp_yaml_load(&p, &parser, text, NULL, &doc);
    if (st == ST_OK) {
        p.doc = &doc;
        st = parse_root(&p, out);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    if (st != ST_OK)
        terms_release(out);
    return st;
}

/* The whole file (at most IMP_TERMS_MAX_BYTES) into a malloc'd NUL-ended text. */
static enum status read_text(const char *path, char **text, size_t *len, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
    *text = malloc(IMP_TERMS_MAX_BYTES + 2);
    *len = *text ? fread(*text, 1, IMP_TERMS_MAX_BYTES + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!*text)
        return err_set(e, ST_NOMEM, "out of memory");
    (*text)[*len] = '\0';
    if (bad)
        return err_set(e, ST_IO, "cannot read '%s'", path);
    if (*len > IMP_TERMS_MAX_BYTES)
        return err_set(e, ST_PARSE, "%s: larger than %u bytes", path, IMP_TERMS_MAX_BYTES);
    if (strlen(*text) != *len)
        return err_set(e, ST_PARSE, "%s:%zu: a NUL byte in a text file", path,
                       (size_t)1 + (size_t)(strchr(*text, '\0') - *text));
    return ST_OK;
}

enum status imp_terms_load(struct store *s, const char *path, struct err *e)
{
    char *text = NULL;
    size_t len = 0;
    struct terms t;
    enum status st = read_text(path, &text, &len, e);
    if (st == ST_OK)
        st = imp_terms_buffer(path, text, len, &t, e);
    if (st == ST_OK) {
        terms_release(&t);
        const char *base = strrchr(path, '/');
        const char *source = base ? base + 1 : path;
        st = store_begin(s, e);
        if (st == ST_OK)
            st = store_set_setting(s, SETTING_TEXT, text, e);
        if (st == ST_OK)
            st = store_set_setting(s, SETTING_SOURCE, source, e);
        st = st == ST_OK ? store_commit(s, e) : (store_rollback(s), st);
    }
    free(text);
    return st;
}

enum status imp_terms_reset(struct store *s, struct err *e)
{
    enum status st = store_begin(s, e);
    if (st == ST_OK)
        st = store_delete_setting(s, SETTING_TEXT, e);
    if (st == ST_OK)
        st = store_delete_setting(s, SETTING_SOURCE, e);
    return st == ST_OK ? store_commit(s, e) : (store_rollback(s), st);
}

enum status imp_terms_from_store(struct store *s, struct terms *out, struct err *e)
{
    char *text = store_get_setting(s, SETTING_TEXT);
    if (!text)
        return terms_defaults(out, e);
    char *source = store_get_setting(s, SETTING_SOURCE);
    enum status st = imp_terms_buffer(source ? source : "terms", text, strlen(text), out, e);
    free(text);
    free(source);
    return st;
}
