/*
 * rpt_table.c - typed tables to text, CSV and JSON (see rpt_table.h).
 */
#include "rpt_table.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

const char *const rpt_format_names[] = {"table", "csv", "json", NULL};

enum status rpt_table_init(struct rpt_table *t, size_t ncols, const char *const *headers,
                           const enum rpt_col_type *types)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->headers = calloc(ncols, sizeof *t->headers);
    t->types = calloc(ncols, sizeof *t->types);
    t->decimals = calloc(ncols, sizeof *t->decimals);
    if (!t->headers || !t->types || !t->decimals)
        return ST_NOMEM;
    for (size_t i = 0; i < ncols; i++) {
        t->headers[i] = utf8_dup_fixed(headers[i]);
        t->types[i] = types ? types[i] : RPT_TEXT;
        if (!t->headers[i])
            return ST_NOMEM;
    }
    return ST_OK;
}

/* A valid UTF-8 copy of s in t's pool (bad bytes replaced, as utf8_dup_fixed). */
static const char *cell_dup(struct rpt_table *t, const char *s)
{
    size_t len = strlen(s), bad = 0;
    if (utf8_valid(s, len, &bad))
        return textpool_copy(&t->texts, s, len);
    char *fixed = utf8_dup_fixed(s);
    if (!fixed)
        return NULL;
    const char *p = textpool_copy(&t->texts, fixed, strlen(fixed));
    free(fixed);
    return p;
}

void rpt_table_release(struct rpt_table *t)
{
    textpool_release(&t->texts);
    free(t->cells);
    if (t->headers)
        for (size_t i = 0; i < t->ncols; i++)
            free(t->headers[i]);
    free(t->headers);
    free(t->types);
    free(t->decimals);
    memset(t, 0, sizeof *t);
}

void rpt_table_set_decimals(struct rpt_table *t, size_t col, int decimals)
{
    if (col < t->ncols)
        t->decimals[col] = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
}

enum status rpt_table_add(struct rpt_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        const char **p = realloc(t->cells, cap * t->ncols * sizeof *p);
        if (!p)
            return ST_NOMEM;
        t->cells = p;
        t->cap = cap;
    }
    const char **row = t->cells + t->nrows * t->ncols;
    for (size_t i = 0; i < t->ncols; i++) {
        row[i] = cell_dup(t, cells[i] ? cells[i] : ""); /* valid UTF-8 out, whatever came in */
        if (!row[i])
            return ST_NOMEM; /* the row is not counted; its cells stay in the pool */
    }
    t->nrows++;
    return ST_OK;
}

size_t rpt_display_width(const char *s)
{
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp;
    while (*p) {
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) {
            p++;
            w++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        p += n;
    }
    return w;
}

/* 1 if s would be taken as a formula by a spreadsheet. */
static int rpt_is_formula_like(const char *s)
{
    return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

void rpt_csv_field(FILE *out, const char *s, int is_text)
{
    int guard = is_text && rpt_is_formula_like(s);
    int quote = guard || strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', out);
    if (guard)
        fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    if (quote)
        fputc('"', out);
}

void rpt_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&') {
                fprintf(out, "\\u%04x", *p);
            } else if (*p < 0x80) {
                fputc(*p, out);
            } else { /* JSON is UTF-8: repair what is not */
                size_t n = utf8_seq_len((const char *)p, strnlen((const char *)p, 4));
                if (n == 0) {
                    fputs(UTF8_REPLACEMENT, out);
                } else {
                    fwrite(p, 1, n, out);
                    p += n - 1;
                }
            }
        }
    }
    fputc('"', out);
}

static void write_csv(const struct rpt_table *t, int excel, FILE *out)
{
    const char *eol = excel ? "\r\n" : "\n";
    if (excel)
        fputs("\xEF\xBB\xBF", out);
    for (size_t r = 0; r <= t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputc(',', out);
            if (r == 0)
                rpt_csv_field(out, t->headers[c], 1);
            else
                rpt_csv_field(out, t->cells[(r - 1) * t->ncols + c],
                              !rpt_col_is_number(t->types[c]));
        }
        fputs(eol, out);
    }
}

static void write_json(const struct rpt_table *t, FILE *out)
{
    fputs("[", out);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs(r ? ",\n  {" : "\n  {", out);
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            if (c)
                fputs(", ", out);
            rpt_json_string(out, t->headers[c]);
            fputs(": ", out);
            if (rpt_col_is_number(t->types[c]))
                fputs(*s ? s : "null", out);
            else
                rpt_json_string(out, s);
        }
        fputs("}", out);
    }
    fputs(t->nrows ? "\n]\n" : "]\n", out);
}

enum status rpt_table_write(const struct rpt_table *t, enum rpt_format fmt, int excel, FILE *out,
                            struct err *e)
{
    return rpt_table_write_opts(t, fmt, excel, NULL, out, e);
}

enum status rpt_table_write_opts(const struct rpt_table *t, enum rpt_format fmt, int excel,
                                 const struct rpt_text_opts *opts, FILE *out, struct err *e)
{
    static const struct rpt_text_opts defaults = {0, 0};
    switch (fmt) {
    case RPT_FMT_TABLE:
        if (rpt_text_table_write(t, opts ? opts : &defaults, out) != ST_OK)
            return err_set(e, ST_NOMEM, "out of memory");
        break;
    case RPT_FMT_CSV:
        write_csv(t, excel, out);
        break;
    case RPT_FMT_JSON:
        write_json(t, out);
        break;
    }
    if (ferror(out))
        return err_set(e, ST_IO, "cannot write output");
    return ST_OK;
}
