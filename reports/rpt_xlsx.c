/*
 * rpt_xlsx.c - a report document as an Excel workbook (libxlsxwriter): one
 * sheet per table section, then a sheet with the title and metadata.
 *
 * Cells are typed: yen, numbers and percentages are written with
 * worksheet_write_number and a number format (`#,##0"円"` / `"¥"#,##0`,
 * `0.0%`); text always with worksheet_write_string, which stores a shared
 * string and never a formula, so "=cmd|..." stays inert text. Header rows
 * are frozen and carry an autofilter over the data rows (totals rows sit
 * below the filter range so sorting never moves them). Column widths come
 * from the display width of the text (Japanese counts two columns).
 */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "rpt_model.h"
#include "rpt_table.h"

struct formats {
    lxw_format *header;    /* bold, shaded header row */
    lxw_format *text[2];   /* [plain, total] */
    lxw_format *yen[2];    /* yen number format */
    lxw_format *num[7][2]; /* #,##0 with 0..6 decimals */
    lxw_format *pct[7][2]; /* 0% with 0..6 decimals */
};

static lxw_format *make_format(lxw_workbook *wb, const char *num_format, int bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
    }
    return f;
}

static void make_formats(lxw_workbook *wb, const struct rpt_doc *d, struct formats *fm)
{
    fm->header = workbook_add_format(wb);
    format_set_bold(fm->header);
    format_set_bg_color(fm->header, 0xE8EEF5);
    format_set_bottom(fm->header, LXW_BORDER_THIN);
    format_set_text_wrap(fm->header);
    format_set_align(fm->header, LXW_ALIGN_VERTICAL_TOP);
    char yen[64];
    if (d->currency[0] && strcmp(d->currency, "JPY") != 0)
        snprintf(yen, sizeof yen, "#,##0\" %s\"", d->currency);
    else
        snprintf(yen, sizeof yen, "%s",
                 d->lang == RPT_LANG_JA ? "#,##0\"円\";-#,##0\"円\"" : "\"¥\"#,##0;-\"¥\"#,##0");
    for (int b = 0; b < 2; b++) {
        fm->text[b] = make_format(wb, NULL, b);
        fm->yen[b] = make_format(wb, yen, b);
        for (int dec = 0; dec <= 6; dec++) {
            char nf[32], pf[32];
            snprintf(nf, sizeof nf, "#,##0%s%.*s", dec ? "." : "", dec, "000000");
            snprintf(pf, sizeof pf, "0%s%.*s%%", dec ? "." : "", dec, "000000");
            fm->num[dec][b] = make_format(wb, nf, b);
            fm->pct[dec][b] = make_format(wb, pf, b);
        }
    }
}

/* Copy at most 31 characters of name into out, replacing the characters
 * Excel forbids in sheet names; out has room for 31 * 4 + 1 bytes. */
static void sheet_name_from(const char *name, char *out, size_t outlen)
{
    size_t k = 0, chars = 0;
    const unsigned char *p = (const unsigned char *)name;
    while (*p && chars < 31) {
        size_t n = (*p >= 0xF0) ? 4 : (*p >= 0xE0) ? 3 : (*p >= 0xC0) ? 2 : 1;
        if (k + n + 1 > outlen)
            break;
        if (n == 1 && strchr("[]:*?/\\'", *p)) {
            out[k++] = '_';
            p++;
        } else {
            for (size_t i = 0; i < n && *p; i++)
                out[k++] = (char)*p++;
        }
        chars++;
    }
    out[k] = '\0';
    if (k == 0)
        snprintf(out, outlen, "%s", "sheet");
}

static lxw_worksheet *add_sheet(lxw_workbook *wb, const char *title, const char *id, size_t index)
{
    char name[160];
    sheet_name_from(title, name, sizeof name);
    if (workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR) {
        /* taken or invalid: the ASCII id with the section number */
        char alt[64];
        snprintf(alt, sizeof alt, "%zu_%s", index + 1, id);
        sheet_name_from(alt, name, sizeof name);
        if (workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR)
            snprintf(name, sizeof name, "sheet%zu", index + 1);
    }
    return workbook_add_worksheet(wb, name);
}

static lxw_format *cell_format(const struct formats *fm, const struct rpt_column *col, int total)
{
    switch (col->type) {
    case RPT_T_YEN:
        return fm->yen[total];
    case RPT_T_NUMBER:
        return fm->num[col->decimals][total];
    case RPT_T_PERCENT:
        return fm->pct[col->decimals][total];
    case RPT_T_TEXT:
        break;
    }
    return fm->text[total];
}

static lxw_error write_table(const struct rpt_doc *d, const struct rpt_section *s,
                             lxw_worksheet *ws, const struct formats *fm)
{
    lxw_error rc = LXW_NO_ERROR;
    double *width = calloc(s->ncols ? s->ncols : 1, sizeof *width);
    if (!width)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    char buf[128];
    for (size_t c = 0; c < s->ncols && !rc; c++) {
        rc = worksheet_write_string(ws, 0, (lxw_col_t)c, s->cols[c].label, fm->header);
        width[c] = (double)rpt_display_width(s->cols[c].label);
    }
    /* data rows first, totals after them (outside the filter range) */
    lxw_row_t row = 1;
    for (int totals = 0; totals <= 1 && !rc; totals++) {
        for (size_t r = 0; r < s->nrows && !rc; r++) {
            if (s->row_total[r] != totals)
                continue;
            for (size_t c = 0; c < s->ncols && !rc; c++) {
                const struct rpt_column *col = &s->cols[c];
                const struct rpt_cell *cell = &s->cells[r * s->ncols + c];
                lxw_format *f = cell_format(fm, col, totals);
                lxw_col_t cc = (lxw_col_t)c;
                if (cell->empty)
                    rc = worksheet_write_blank(ws, row, cc, f);
                else if (col->type == RPT_T_TEXT)
                    rc = worksheet_write_string(ws, row, cc, cell->text, f);
                else if (col->type == RPT_T_YEN)
                    rc = worksheet_write_number(ws, row, cc, (double)cell->yen, f);
                else if (col->type == RPT_T_PERCENT)
                    rc = worksheet_write_number(ws, row, cc, cell->num / 100.0, f);
                else
                    rc = worksheet_write_number(ws, row, cc, cell->num, f);
                double w = (double)rpt_display_width(rpt_fmt_cell(d, col, cell, buf, sizeof buf));
                if (w > width[c])
                    width[c] = w;
            }
            row++;
        }
        if (totals == 0 && !rc) {
            worksheet_freeze_panes(ws, 1, 0);
            lxw_row_t last = row > 1 ? row - 1 : 1;
            if (s->ncols)
                rc = worksheet_autofilter(ws, 0, 0, last, (lxw_col_t)(s->ncols - 1));
        }
    }
    for (size_t c = 0; c < s->ncols && !rc; c++) {
        double w = width[c] + 2.0;
        rc = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w > 60.0 ? 60.0 : w, NULL);
    }
    free(width);
    return rc;
}

static lxw_error write_info(const struct rpt_doc *d, lxw_worksheet *ws, const struct formats *fm)
{
    lxw_error rc = worksheet_write_string(ws, 0, 0, d->title, fm->header);
    double w0 = (double)rpt_display_width(d->title) / 2.0, w1 = 10.0;
    for (size_t i = 0; i < d->nmeta && !rc; i++) {
        rc = worksheet_write_string(ws, (lxw_row_t)(i + 2), 0, d->meta[i].label, fm->text[0]);
        if (!rc)
            rc = worksheet_write_string(ws, (lxw_row_t)(i + 2), 1, d->meta[i].value, fm->text[0]);
        double a = (double)rpt_display_width(d->meta[i].label);
        double b = (double)rpt_display_width(d->meta[i].value);
        w0 = a > w0 ? a : w0;
        w1 = b > w1 ? b : w1;
    }
    size_t row = d->nmeta + 3;
    for (size_t i = 0; i < d->nsections && !rc; i++) /* notes have no sheet of their own */
        if (d->sections[i]->kind == RPT_SEC_NOTE) {
            rc = worksheet_write_string(ws, (lxw_row_t)row, 0, d->sections[i]->title, fm->header);
            if (!rc)
                rc = worksheet_write_string(ws, (lxw_row_t)row + 1, 0, d->sections[i]->note,
                                            fm->text[0]);
            row += 3;
        }
    if (!rc)
        rc = worksheet_set_column(ws, 0, 0, w0 + 2 > 60 ? 60 : w0 + 2, NULL);
    if (!rc)
        rc = worksheet_set_column(ws, 1, 1, w1 + 2 > 80 ? 80 : w1 + 2, NULL);
    return rc;
}

enum status rpt_xlsx_write(const struct rpt_doc *d, const char *path, struct err *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return err_set(e, ST_IO, "cannot create '%s'", path);
    lxw_doc_properties props = {0};
    props.title = d->title;
    workbook_set_properties(wb, &props);
    struct formats fm;
    make_formats(wb, d, &fm);
    lxw_error rc = LXW_NO_ERROR;
    for (size_t i = 0; i < d->nsections && !rc; i++) {
        const struct rpt_section *s = d->sections[i];
        if (s->kind != RPT_SEC_TABLE)
            continue;
        lxw_worksheet *ws = add_sheet(wb, s->title, s->id, i);
        rc = ws ? write_table(d, s, ws, &fm) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    if (!rc) {
        lxw_worksheet *ws = add_sheet(wb, rpt_label(d->lang, "report_info"), "info", d->nsections);
        rc = ws ? write_info(d, ws, &fm) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    lxw_error close_rc = workbook_close(wb); /* frees wb even after an error */
    if (rc)
        return err_set(e, ST_IO, "cannot write '%s': %s", path, lxw_strerror(rc));
    if (close_rc)
        return err_set(e, ST_IO, "cannot write '%s': %s", path, lxw_strerror(close_rc));
    return ST_OK;
}
