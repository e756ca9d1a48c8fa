/*
 * rpt_model.c - building and freeing the report document (rpt_model.h) and
 * the value formatting every renderer shares, so a number reads the same in
 * HTML, Markdown and the CSV/JSON data.
 */
#include "rpt_model.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_money.h"
#include "utf8.h"

const char *const rpt_lang_names[] = {"ja", "en", NULL};
const char *const rpt_type_names[] = {"text", "yen", "number", "percent", NULL};
const char *const rpt_style_names[] = {"line", "dashed", "band", "bar", NULL};
const char *const rpt_doc_format_names[] = {"html", "xlsx", "csv", "json", "md", NULL};

/* Every string enters the document through utf8_dup_fixed(), repaired to valid UTF-8
 * (U+FFFD for bad bytes, e.g. from a database an older build wrote), so no
 * renderer can emit invalid UTF-8 or ill-formed XML. */
static char *dup_or_null(const char *s)
{
    return s ? utf8_dup_fixed(s) : NULL;
}

enum status rpt_doc_init(struct rpt_doc *d, enum rpt_lang lang, const char *kind, const char *title)
{
    memset(d, 0, sizeof *d);
    d->lang = lang;
    rpt_doc_set_currency(d, "JPY");
    d->kind = utf8_dup_fixed(kind ? kind : "");
    d->title = utf8_dup_fixed(title ? title : "");
    if (!d->kind || !d->title)
        return ST_NOMEM;
    return ST_OK;
}

void rpt_doc_set_currency(struct rpt_doc *d, const char *iso)
{
    /* only an ISO-like code: it ends up inside an XLSX number format */
    int ok = iso && strlen(iso) == 3;
    for (int i = 0; ok && i < 3; i++)
        ok = iso[i] >= 'A' && iso[i] <= 'Z';
    snprintf(d->currency, sizeof d->currency, "%s", ok ? iso : iso && *iso ? "XXX" : "JPY");
}

static void section_free(struct rpt_section *s)
{
    if (!s)
        return;
    free(s->id);
    free(s->title);
    free(s->note);
    if (s->cells)
        for (size_t i = 0; i < s->nrows * s->ncols; i++)
            free(s->cells[i].text);
    free(s->cells);
    free(s->row_total);
    if (s->cols)
        for (size_t i = 0; i < s->ncols; i++) {
            free(s->cols[i].id);
            free(s->cols[i].label);
        }
    free(s->cols);
    struct rpt_chart *c = &s->chart;
    if (c->x_labels)
        for (size_t i = 0; i < c->npoints; i++)
            free(c->x_labels[i]);
    free(c->x_labels);
    for (size_t i = 0; i < c->nseries; i++) {
        free(c->series[i].label);
        free(c->series[i].v);
        free(c->series[i].lo);
        free(c->series[i].hi);
    }
    free(c->series);
    free(c->mark_label);
    free(s);
}

void rpt_doc_release(struct rpt_doc *d)
{
    free(d->kind);
    free(d->title);
    for (size_t i = 0; i < d->nmeta; i++) {
        free(d->meta[i].label);
        free(d->meta[i].value);
    }
    free(d->meta);
    for (size_t i = 0; i < d->nsections; i++)
        section_free(d->sections[i]);
    free(d->sections);
    memset(d, 0, sizeof *d);
}

enum status rpt_doc_add_meta(struct rpt_doc *d, const char *label, const char *value)
{
    struct rpt_meta *m = realloc(d->meta, (d->nmeta + 1) * sizeof *m);
    if (!m)
        return ST_NOMEM;
    d->meta = m;
    m[d->nmeta].label = utf8_dup_fixed(label ? label : "");
    m[d->nmeta].value = utf8_dup_fixed(value ? value : "");
    d->nmeta++;
    if (!m[d->nmeta - 1].label || !m[d->nmeta - 1].value)
        return ST_NOMEM;
    return ST_OK;
}

/* Append a new zeroed section; the document owns it even on later failure. */
static enum status add_section(struct rpt_doc *d, enum rpt_section_kind kind, const char *id,
                               const char *title, struct rpt_section **out)
{
    struct rpt_section **v = realloc(d->sections, (d->nsections + 1) * sizeof *v);
    if (!v)
        return ST_NOMEM;
    d->sections = v;
    struct rpt_section *s = calloc(1, sizeof *s);
    if (!s)
        return ST_NOMEM;
    v[d->nsections++] = s;
    s->kind = kind;
    s->chart.mark_x = NAN;
    s->id = utf8_dup_fixed(id ? id : "");
    s->title = utf8_dup_fixed(title ? title : "");
    if (!s->id || !s->title)
        return ST_NOMEM;
    if (out)
        *out = s;
    return ST_OK;
}

enum status rpt_doc_add_note(struct rpt_doc *d, const char *id, const char *title, const char *text,
                             struct rpt_section **out)
{
    struct rpt_section *s;
    enum status st = add_section(d, RPT_SEC_NOTE, id, title, &s);
    if (st != ST_OK)
        return st;
    s->note = utf8_dup_fixed(text ? text : "");
    if (!s->note)
        return ST_NOMEM;
    if (out)
        *out = s;
    return ST_OK;
}

enum status rpt_doc_add_table(struct rpt_doc *d, const char *id, const char *title, size_t ncols,
                              const struct rpt_column_spec *cols, struct rpt_section **out)
{
    struct rpt_section *s;
    enum status st = add_section(d, RPT_SEC_TABLE, id, title, &s);
    if (st != ST_OK)
        return st;
    s->cols = calloc(ncols ? ncols : 1, sizeof *s->cols);
    if (!s->cols)
        return ST_NOMEM;
    s->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        s->cols[i].id = utf8_dup_fixed(cols[i].id ? cols[i].id : "");
        s->cols[i].label = utf8_dup_fixed(cols[i].label ? cols[i].label : "");
        s->cols[i].type = cols[i].type;
        s->cols[i].decimals = cols[i].decimals < 0   ? 0
                              : cols[i].decimals > 6 ? 6
                                                     : cols[i].decimals;
        if (!s->cols[i].id || !s->cols[i].label)
            return ST_NOMEM;
    }
    if (out)
        *out = s;
    return ST_OK;
}

void rpt_table_set_tooltip(struct rpt_section *t, size_t col, size_t of)
{
    if (col < t->ncols && of < t->ncols && col != of)
        t->cols[col].tooltip_for = of + 1;
}

enum status rpt_table_row(struct rpt_section *t, const struct rpt_value *vals, int is_total)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        struct rpt_cell *c = realloc(t->cells, cap * (t->ncols ? t->ncols : 1) * sizeof *c);
        if (!c)
            return ST_NOMEM;
        t->cells = c;
        unsigned char *f = realloc(t->row_total, cap);
        if (!f)
            return ST_NOMEM;
        t->row_total = f;
        t->cap = cap;
    }
    struct rpt_cell *row = t->cells + t->nrows * t->ncols;
    memset(row, 0, t->ncols * sizeof *row);
    t->row_total[t->nrows] = is_total ? 1 : 0;
    t->nrows++;
    for (size_t i = 0; i < t->ncols; i++) {
        const struct rpt_value *v = &vals[i];
        struct rpt_cell *c = &row[i];
        switch (t->cols[i].type) {
        case RPT_T_TEXT:
            c->empty = v->empty || !v->text;
            if (!c->empty && !(c->text = utf8_dup_fixed(v->text)))
                return ST_NOMEM;
            break;
        case RPT_T_YEN:
            c->empty = v->empty;
            c->yen = v->yen;
            break;
        case RPT_T_NUMBER:
        case RPT_T_PERCENT:
            c->empty = v->empty || !isfinite(v->num);
            c->num = c->empty ? 0.0 : v->num;
            break;
        }
    }
    return ST_OK;
}

static double *dup_doubles(const double *v, size_t n, int *fail)
{
    if (!v)
        return NULL;
    double *p = malloc((n ? n : 1) * sizeof *p);
    if (!p) {
        *fail = 1;
        return NULL;
    }
    memcpy(p, v, n * sizeof *p);
    return p;
}

enum status rpt_doc_add_chart(struct rpt_doc *d, const char *id, const char *title,
                              enum rpt_chart_kind kind, enum rpt_type y_type, size_t npoints,
                              const char *const *x_labels, struct rpt_section **out)
{
    struct rpt_section *s;
    enum status st = add_section(d, RPT_SEC_CHART, id, title, &s);
    if (st != ST_OK)
        return st;
    s->chart.kind = kind;
    s->chart.y_type = y_type == RPT_T_YEN ? RPT_T_YEN : RPT_T_NUMBER;
    s->chart.x_labels = calloc(npoints ? npoints : 1, sizeof *s->chart.x_labels);
    if (!s->chart.x_labels)
        return ST_NOMEM;
    s->chart.npoints = npoints;
    for (size_t i = 0; i < npoints; i++)
        if (!(s->chart.x_labels[i] = utf8_dup_fixed(x_labels && x_labels[i] ? x_labels[i] : "")))
            return ST_NOMEM;
    if (out)
        *out = s;
    return ST_OK;
}

enum status rpt_chart_add_series(struct rpt_section *c, const char *label,
                                 enum rpt_series_style style, const double *v, const double *lo,
                                 const double *hi)
{
    struct rpt_chart *ch = &c->chart;
    struct rpt_series *p = realloc(ch->series, (ch->nseries + 1) * sizeof *p);
    if (!p)
        return ST_NOMEM;
    ch->series = p;
    struct rpt_series *s = &p[ch->nseries++];
    memset(s, 0, sizeof *s);
    s->style = style;
    int fail = 0;
    s->label = dup_or_null(label ? label : "");
    if (style == RPT_S_BAND) {
        s->lo = dup_doubles(lo, ch->npoints, &fail);
        s->hi = dup_doubles(hi, ch->npoints, &fail);
    } else {
        s->v = dup_doubles(v, ch->npoints, &fail);
    }
    if (fail || !s->label)
        return ST_NOMEM;
    return ST_OK;
}

enum status rpt_chart_set_marker(struct rpt_section *c, double x, const char *label)
{
    free(c->chart.mark_label);
    c->chart.mark_x = x;
    c->chart.mark_label = utf8_dup_fixed(label ? label : "");
    return c->chart.mark_label ? ST_OK : ST_NOMEM;
}

int rpt_doc_format_from_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return -1;
    char ext[16];
    size_t n = strlen(dot + 1);
    if (n == 0 || n >= sizeof ext)
        return -1;
    for (size_t i = 0; i <= n; i++)
        ext[i] = (char)tolower((unsigned char)dot[1 + i]);
    if (strcmp(ext, "htm") == 0)
        return RPT_DOC_HTML;
    if (strcmp(ext, "markdown") == 0)
        return RPT_DOC_MD;
    for (int i = 0; rpt_doc_format_names[i]; i++)
        if (strcmp(ext, rpt_doc_format_names[i]) == 0)
            return i;
    return -1;
}

char *rpt_fmt_thousands(int64_t v, char *out, size_t outlen)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%" PRId64, v);
    return rpt_group_digits(digits, out, outlen);
}

/* A double with separators in the integer part and `decimals` places. */
static char *fmt_decimal(double x, int decimals, char *out, size_t outlen)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, x);
    /* "-0" after rounding reads oddly: drop the sign when every digit is 0 */
    const char *p = raw;
    if (*p == '-' && strspn(p + 1, "0.") == strlen(p + 1))
        p++;
    return rpt_group_digits(p, out, outlen);
}

const char *rpt_fmt_cell(const struct rpt_doc *d, const struct rpt_column *col,
                         const struct rpt_cell *cell, char *out, size_t outlen)
{
    char num[64];
    if (cell->empty) {
        snprintf(out, outlen, "%s", "");
        return out;
    }
    switch (col->type) {
    case RPT_T_TEXT:
        return cell->text ? cell->text : "";
    case RPT_T_YEN:
        rpt_fmt_thousands(cell->yen, num, sizeof num);
        if (d->currency[0] && strcmp(d->currency, "JPY") != 0)
            snprintf(out, outlen, "%s %s", num, d->currency);
        else if (d->lang == RPT_LANG_JA)
            snprintf(out, outlen, "%s円", num);
        else if (cell->yen < 0)
            snprintf(out, outlen, "-¥%s", num + 1);
        else
            snprintf(out, outlen, "¥%s", num);
        break;
    case RPT_T_NUMBER:
        fmt_decimal(cell->num, col->decimals, out, outlen);
        break;
    case RPT_T_PERCENT:
        fmt_decimal(cell->num, col->decimals, num, sizeof num);
        snprintf(out, outlen, "%s%%", num);
        break;
    }
    return out;
}

const char *rpt_fmt_raw(const struct rpt_column *col, const struct rpt_cell *cell, char *out,
                        size_t outlen)
{
    if (cell->empty) {
        snprintf(out, outlen, "%s", "");
        return out;
    }
    switch (col->type) {
    case RPT_T_TEXT:
        return cell->text ? cell->text : "";
    case RPT_T_YEN:
        snprintf(out, outlen, "%" PRId64, cell->yen);
        break;
    case RPT_T_NUMBER:
    case RPT_T_PERCENT:
        snprintf(out, outlen, "%.*f", col->decimals, cell->num);
        if (strspn(out, "-0.") == strlen(out) && out[0] == '-')
            memmove(out, out + 1, strlen(out)); /* no "-0.0" */
        break;
    }
    return out;
}
