/*
 * rpt_doc_text.c - the data formats of a report document: CSV (every table,
 * formula-neutralised, optionally Excel-flavoured), JSON (stable field
 * names, documented in docs/reports.md) and Markdown (pipe tables with
 * markdown specials escaped). Charts appear in JSON as their data and in
 * Markdown as a data table; CSV carries tables only.
 */
#include <math.h>
#include <string.h>

#include "rpt_model.h"
#include "rpt_table.h"

/* ---- CSV ---- */

enum status rpt_doc_csv_write(const struct rpt_doc *d, int excel, FILE *out, struct err *e)
{
    const char *eol = excel ? "\r\n" : "\n";
    char raw[64];
    if (excel)
        fputs("\xEF\xBB\xBF", out);
    size_t ntables = 0;
    for (size_t i = 0; i < d->nsections; i++)
        ntables += d->sections[i]->kind == RPT_SEC_TABLE;
    int first = 1;
    for (size_t i = 0; i < d->nsections; i++) {
        const struct rpt_section *s = d->sections[i];
        if (s->kind != RPT_SEC_TABLE)
            continue;
        if (!first)
            fputs(eol, out);
        first = 0;
        if (ntables > 1) { /* several tables: each under its title line */
            rpt_csv_field(out, s->title, 1);
            fputs(eol, out);
        }
        for (size_t c = 0; c < s->ncols; c++) {
            if (c)
                fputc(',', out);
            rpt_csv_field(out, s->cols[c].label, 1);
        }
        fputs(eol, out);
        for (size_t r = 0; r < s->nrows; r++) {
            for (size_t c = 0; c < s->ncols; c++) {
                if (c)
                    fputc(',', out);
                const struct rpt_column *col = &s->cols[c];
                rpt_csv_field(out, rpt_fmt_raw(col, &s->cells[r * s->ncols + c], raw, sizeof raw),
                              col->type == RPT_T_TEXT);
            }
            fputs(eol, out);
        }
    }
    if (ferror(out))
        return err_set(e, ST_IO, "cannot write the csv report");
    return ST_OK;
}

/* ---- JSON ---- */

static void json_num(FILE *out, double x)
{
    if (!isfinite(x))
        fputs("null", out);
    else
        fprintf(out, "%.15g", x);
}

static void json_array(FILE *out, const double *v, size_t n)
{
    fputc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        json_num(out, v[i]);
    }
    fputc(']', out);
}

static void json_row(FILE *out, const struct rpt_section *s, size_t r)
{
    char raw[64];
    fputc('{', out);
    for (size_t c = 0; c < s->ncols; c++) {
        const struct rpt_column *col = &s->cols[c];
        const struct rpt_cell *cell = &s->cells[r * s->ncols + c];
        if (c)
            fputs(", ", out);
        rpt_json_string(out, col->id);
        fputs(": ", out);
        if (cell->empty)
            fputs("null", out);
        else if (col->type == RPT_T_TEXT)
            rpt_json_string(out, cell->text ? cell->text : "");
        else
            fputs(rpt_fmt_raw(col, cell, raw, sizeof raw), out);
    }
    fputc('}', out);
}

static void json_table(FILE *out, const struct rpt_section *s)
{
    fputs(",\n     \"columns\": [", out);
    for (size_t c = 0; c < s->ncols; c++) {
        fputs(c ? ",\n       {\"id\": " : "\n       {\"id\": ", out);
        rpt_json_string(out, s->cols[c].id);
        fputs(", \"label\": ", out);
        rpt_json_string(out, s->cols[c].label);
        fprintf(out, ", \"type\": \"%s\", \"decimals\": %d}", rpt_type_names[s->cols[c].type],
                s->cols[c].decimals);
    }
    for (int totals = 0; totals <= 1; totals++) {
        fputs(totals ? "],\n     \"totals\": [" : "],\n     \"rows\": [", out);
        int any = 0;
        for (size_t r = 0; r < s->nrows; r++) {
            if (s->row_total[r] != totals)
                continue;
            fputs(any ? ",\n       " : "\n       ", out);
            json_row(out, s, r);
            any = 1;
        }
    }
    fputc(']', out);
}

static void json_chart(FILE *out, const struct rpt_section *s)
{
    const struct rpt_chart *c = &s->chart;
    fprintf(out, ",\n     \"chart_type\": \"%s\", \"y_type\": \"%s\",\n     \"x\": [",
            c->kind == RPT_CHART_LINE ? "line" : "stacked_bar", rpt_type_names[c->y_type]);
    for (size_t i = 0; i < c->npoints; i++) {
        if (i)
            fputs(", ", out);
        rpt_json_string(out, c->x_labels[i]);
    }
    fputs("],\n     \"series\": [", out);
    for (size_t i = 0; i < c->nseries; i++) {
        const struct rpt_series *sr = &c->series[i];
        fputs(i ? ",\n       {\"label\": " : "\n       {\"label\": ", out);
        rpt_json_string(out, sr->label);
        fprintf(out, ", \"style\": \"%s\"", rpt_style_names[sr->style]);
        if (sr->style == RPT_S_BAND) {
            fputs(", \"lo\": ", out);
            json_array(out, sr->lo, c->npoints);
            fputs(", \"hi\": ", out);
            json_array(out, sr->hi, c->npoints);
        } else {
            fputs(", \"values\": ", out);
            json_array(out, sr->v, c->npoints);
        }
        fputc('}', out);
    }
    fputs("],\n     \"marker\": ", out);
    if (isfinite(c->mark_x)) {
        fputs("{\"x\": ", out);
        json_num(out, c->mark_x);
        fputs(", \"label\": ", out);
        rpt_json_string(out, c->mark_label ? c->mark_label : "");
        fputc('}', out);
    } else {
        fputs("null", out);
    }
}

enum status rpt_doc_json_write(const struct rpt_doc *d, FILE *out, struct err *e)
{
    fputs("{\"format\": \"yosan-report\", \"version\": 1,\n \"kind\": ", out);
    rpt_json_string(out, d->kind);
    fprintf(out, ", \"lang\": \"%s\", \"currency\": ", rpt_lang_names[d->lang]);
    rpt_json_string(out, d->currency);
    fputs(",\n \"title\": ", out);
    rpt_json_string(out, d->title);
    fputs(",\n \"meta\": [", out);
    for (size_t i = 0; i < d->nmeta; i++) {
        fputs(i ? ",\n   {\"label\": " : "\n   {\"label\": ", out);
        rpt_json_string(out, d->meta[i].label);
        fputs(", \"value\": ", out);
        rpt_json_string(out, d->meta[i].value);
        fputc('}', out);
    }
    fputs("],\n \"sections\": [", out);
    static const char *const kinds[] = {"table", "chart", "note"};
    for (size_t i = 0; i < d->nsections; i++) {
        const struct rpt_section *s = d->sections[i];
        fputs(i ? ",\n   {\"id\": " : "\n   {\"id\": ", out);
        rpt_json_string(out, s->id);
        fprintf(out, ", \"kind\": \"%s\", \"title\": ", kinds[s->kind]);
        rpt_json_string(out, s->title);
        fputs(", \"note\": ", out);
        if (s->note)
            rpt_json_string(out, s->note);
        else
            fputs("null", out);
        if (s->kind == RPT_SEC_TABLE)
            json_table(out, s);
        else if (s->kind == RPT_SEC_CHART)
            json_chart(out, s);
        fputc('}', out);
    }
    fputs("]}\n", out);
    if (ferror(out))
        return err_set(e, ST_IO, "cannot write the json report");
    return ST_OK;
}

/* ---- Markdown ---- */

/* Escape markdown specials (CommonMark backslash escapes any ASCII
 * punctuation), so data never becomes a link, HTML, emphasis or a new
 * table cell. Newlines become spaces: a cell is one line. */
static void md_text(FILE *out, const char *s)
{
    static const char always[] = "\\`*_[]<>|&~!{}";
    for (const char *p = s; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t') {
            fputc(' ', out);
            continue;
        }
        if (strchr(always, *p) || (p == s && strchr("#+-=.", *p)))
            fputc('\\', out);
        fputc(*p, out);
    }
}

static void md_row_end(FILE *out)
{
    fputs(" |\n", out);
}

static void md_table(FILE *out, const struct rpt_doc *d, const struct rpt_section *s)
{
    char buf[128];
    for (size_t c = 0; c < s->ncols; c++) {
        fputs(c ? " | " : "| ", out);
        md_text(out, s->cols[c].label);
    }
    md_row_end(out);
    for (size_t c = 0; c < s->ncols; c++)
        fputs(s->cols[c].type == RPT_T_TEXT ? "| --- " : "| ---: ", out);
    fputs("|\n", out);
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t c = 0; c < s->ncols; c++) {
            fputs(c ? " | " : "| ", out);
            const char *txt =
                rpt_fmt_cell(d, &s->cols[c], &s->cells[r * s->ncols + c], buf, sizeof buf);
            if (s->row_total[r] && *txt)
                fputs("**", out);
            md_text(out, txt);
            if (s->row_total[r] && *txt)
                fputs("**", out);
        }
        md_row_end(out);
    }
}

static void md_value(FILE *out, const struct rpt_doc *d, enum rpt_type t, double x)
{
    char buf[64];
    struct rpt_column col = {NULL, NULL, t, t == RPT_T_YEN ? 0 : 2, 0};
    struct rpt_cell cell = {NULL, 0, x, !isfinite(x)};
    if (t == RPT_T_YEN && isfinite(x))
        cell.yen = (int64_t)llround(x);
    md_text(out, rpt_fmt_cell(d, &col, &cell, buf, sizeof buf));
}

static void md_chart(FILE *out, const struct rpt_doc *d, const struct rpt_section *s)
{
    const struct rpt_chart *c = &s->chart;
    fputs("| ", out);
    md_text(out, rpt_label(d->lang, "x"));
    for (size_t i = 0; i < c->nseries; i++) {
        fputs(" | ", out);
        md_text(out, c->series[i].label);
    }
    md_row_end(out);
    fputs("| --- ", out);
    for (size_t i = 0; i < c->nseries; i++)
        fputs("| ---: ", out);
    fputs("|\n", out);
    for (size_t p = 0; p < c->npoints; p++) {
        fputs("| ", out);
        md_text(out, c->x_labels[p]);
        for (size_t i = 0; i < c->nseries; i++) {
            const struct rpt_series *sr = &c->series[i];
            fputs(" | ", out);
            if (sr->style == RPT_S_BAND) {
                if (isfinite(sr->lo[p]) && isfinite(sr->hi[p])) {
                    md_value(out, d, c->y_type, sr->lo[p]);
                    fputs(" – ", out);
                    md_value(out, d, c->y_type, sr->hi[p]);
                }
            } else {
                md_value(out, d, c->y_type, sr->v[p]);
            }
        }
        md_row_end(out);
    }
    if (isfinite(c->mark_x) && c->mark_label) {
        fputs("\n", out);
        md_text(out, c->mark_label);
        fputs("\n", out);
    }
}

enum status rpt_md_write(const struct rpt_doc *d, FILE *out, struct err *e)
{
    fputs("# ", out);
    md_text(out, d->title);
    fputs("\n\n", out);
    for (size_t i = 0; i < d->nmeta; i++) {
        fputs("- **", out);
        md_text(out, d->meta[i].label);
        fputs("**: ", out);
        md_text(out, d->meta[i].value);
        fputc('\n', out);
    }
    for (size_t i = 0; i < d->nsections; i++) {
        const struct rpt_section *s = d->sections[i];
        fputs("\n## ", out);
        md_text(out, s->title);
        fputs("\n\n", out);
        if (s->note && *s->note) {
            md_text(out, s->note);
            fputs("\n\n", out);
        }
        if (s->kind == RPT_SEC_TABLE)
            md_table(out, d, s);
        else if (s->kind == RPT_SEC_CHART)
            md_chart(out, d, s);
    }
    if (ferror(out))
        return err_set(e, ST_IO, "cannot write the markdown report");
    return ST_OK;
}
