/*
 * rpt_html.c - a report document as one self-contained, A4-printable HTML
 * page with inline SVG charts: no external assets, no JavaScript (a
 * Content-Security-Policy forbids scripts outright), every input string
 * escaped for HTML text and attributes, inside SVG too.
 *
 * Charts are drawn here from the series the glue passes in: axis ticks at
 * round numbers (1, 2, 5 x 10^k), yen with thousands separators, a legend
 * under the plot, NaN values leaving gaps. Nothing is computed beyond the
 * drawing geometry.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "rpt_model.h"
#include "rpt_table.h"

/* ---- escaping ---- */

/* Escape for HTML/XML text and quoted attribute values alike. */
static void html_text(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            /* control characters other than \t \n \r are invalid in XML */
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
                fputc(' ', out);
            else
                fputc(*p, out);
        }
    }
}

/* ---- page ---- */

/* Text cells up to this display width (a department, an action, a VM size,
 * a resource name, a date; 全角 = 2) never wrap: a narrow column would
 * otherwise break them one character per line. With a space inside they
 * break at spaces only (keep-all: never inside a Japanese word). Longer
 * texts (reasons) wrap anywhere, in a column at least 30 mm wide. */
#define SHORT_TEXT 28

static const char css[] =
    "@page{size:A4;margin:14mm 12mm}"
    "*{box-sizing:border-box}"
    "body{font-family:\"Noto Sans CJK JP\",\"Hiragino Sans\",\"Yu Gothic\",Meiryo,"
    "\"IPAexGothic\",sans-serif;color:#1a1a1a;margin:0 auto;max-width:186mm;"
    "font-size:10pt;line-height:1.45;background:#fff}"
    "h1{font-size:17pt;margin:0 0 4mm;border-bottom:2px solid #1f4e79;padding-bottom:2mm}"
    "h2{font-size:13pt;margin:0 0 3mm;color:#1f4e79}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:1mm 6mm;margin:0 0 5mm}"
    "dl.meta dt{color:#555}dl.meta dd{margin:0}"
    "section{margin:0 0 8mm}"
    "section+section{break-before:page;page-break-before:always}"
    "section.compact+section.compact{break-before:auto;page-break-before:auto;border-top:0;"
    "padding-top:0}section.compact{margin:0 0 3mm;break-inside:avoid;page-break-inside:avoid}"
    "section.compact h2{font-size:10.5pt;margin:0 0 1mm}"
    "@media screen{section+section{border-top:1px solid #ccc;padding-top:6mm}}"
    "table{border-collapse:collapse;width:100%;font-size:9pt}"
    "table.mid{font-size:7pt}table.mid td,table.mid th{padding:0.7mm 1mm}"
    "table.wide{font-size:6pt}table.wide td,table.wide th{padding:0.4mm 0.5mm}"
    "p.unit{margin:0 0 1mm;font-size:8pt;color:#555;text-align:right}"
    "th,td{border:1px solid #bbb;padding:1mm 1.5mm;vertical-align:top}"
    "td.long{overflow-wrap:anywhere;min-width:30mm}"
    "td.t{white-space:nowrap}td.w{word-break:keep-all}"
    "th{background:#e8eef5;text-align:left;min-width:3.5em}th.n{min-width:4.5em}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}"
    "tr.total td{font-weight:bold;background:#f3f3f3}"
    "thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}"
    "figure{margin:0;break-inside:avoid;page-break-inside:avoid}"
    "svg{width:100%;height:auto;display:block}"
    "p.note{margin:0 0 3mm;color:#333}"
    "p.empty{color:#777}";

static void write_head(const struct rpt_doc *d, FILE *out)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            rpt_lang_names[d->lang]);
    fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"yosan\">\n<title>",
          out);
    html_text(out, d->title);
    fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
}

/* The unit of the document's amounts: its currency code, or 円/JPY for yen
 * (a USD bill's tables and charts are never labelled 円). */
static const char *unit_label(const struct rpt_doc *d)
{
    if (d->currency[0] && strcmp(d->currency, "JPY") != 0)
        return d->currency;
    return rpt_label(d->lang, "yen_unit");
}

/* Columns shown in HTML: every column that is not another's tooltip. */
static size_t shown_columns(const struct rpt_section *s)
{
    size_t n = 0;
    for (size_t c = 0; c < s->ncols; c++)
        n += s->cols[c].tooltip_for == 0;
    return n;
}

/* Open a cell: numbers right-aligned and unbroken, short texts (names,
 * actions, sizes) unbroken, long texts (reasons) broken anywhere; the
 * columns that are tooltips of this one (a full ARM id) as its title. */
static void open_cell(const struct rpt_section *s, size_t r, size_t c, FILE *out)
{
    const struct rpt_column *col = &s->cols[c];
    const struct rpt_cell *cell = &s->cells[r * s->ncols + c];
    if (col->type != RPT_T_TEXT)
        fputs("<td class=\"n\"", out);
    else if (!cell->empty && rpt_display_width(cell->text) > SHORT_TEXT)
        fputs("<td class=\"long\"", out);
    else if (!cell->empty && strchr(cell->text, ' '))
        fputs("<td class=\"w\"", out); /* "B-series (v1)": breaks at its spaces only */
    else
        fputs("<td class=\"t\"", out); /* a name, an action, a date: one line */
    for (size_t k = 0; k < s->ncols; k++) {
        const struct rpt_cell *tip = &s->cells[r * s->ncols + k];
        if (s->cols[k].tooltip_for == c + 1 && !tip->empty && tip->text && *tip->text) {
            fputs(" title=\"", out);
            html_text(out, tip->text);
            fputs("\"", out);
            break;
        }
    }
    fputc('>', out);
}

static void write_table(const struct rpt_doc *d, const struct rpt_section *s, FILE *out)
{
    char buf[128];
    /* tables of 8 columns or more drop the unit from each yen cell (it goes
     * in a caption) and use a smaller font, to fit A4 portrait */
    size_t shown = shown_columns(s);
    int wide = shown > 10, mid = shown >= 8;
    int has_yen = 0;
    for (size_t c = 0; c < s->ncols; c++)
        has_yen |= s->cols[c].type == RPT_T_YEN;
    if (mid && has_yen) {
        fputs("<p class=\"unit\">(", out);
        html_text(out, unit_label(d));
        fputs(")</p>\n", out);
    }
    fprintf(out, "<table%s>\n<thead><tr>", wide ? " class=\"wide\"" : mid ? " class=\"mid\"" : "");
    for (size_t c = 0; c < s->ncols; c++) {
        if (s->cols[c].tooltip_for)
            continue;
        fputs(s->cols[c].type == RPT_T_TEXT ? "<th>" : "<th class=\"n\">", out);
        html_text(out, s->cols[c].label);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t r = 0; r < s->nrows; r++) {
        fputs(s->row_total[r] ? "<tr class=\"total\">" : "<tr>", out);
        for (size_t c = 0; c < s->ncols; c++) {
            const struct rpt_column *col = &s->cols[c];
            const struct rpt_cell *cell = &s->cells[r * s->ncols + c];
            if (col->tooltip_for)
                continue;
            open_cell(s, r, c, out);
            if (mid && col->type == RPT_T_YEN && !cell->empty)
                html_text(out, rpt_fmt_thousands(cell->yen, buf, sizeof buf));
            else
                html_text(out, rpt_fmt_cell(d, col, cell, buf, sizeof buf));
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

/* ---- charts ---- */

#define SVG_W      720.0
#define PLOT_L     104.0
#define PLOT_R     36.0
#define PLOT_T     18.0
#define PLOT_H     250.0
#define AXIS_H     40.0
#define LEGEND_ROW 18.0

static const char *const palette[] = {
    "#1f4e79", "#e07b00", "#2a9d3a", "#c0392b", "#7b4fa0", "#8c564b", "#d4589f", "#5f6b6d",
    "#b8a800", "#17a2b8", "#9ecae1", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#1b1b1b"};
#define NPALETTE   (sizeof palette / sizeof palette[0])
#define BAND_COLOR "#4a90d9"

struct axis {
    double lo, hi, step; /* tick range and spacing */
    int decimals;        /* places in tick labels */
};

/* Round step for about `want` intervals over [min, max]: 1, 2 or 5 x 10^k. */
static struct axis nice_axis(double min, double max, int want)
{
    struct axis a;
    if (!(max > min)) {
        double pad = fabs(max) > 0 ? fabs(max) * 0.1 : 1.0;
        min -= pad;
        max += pad;
        if (min < 0 && max - pad >= 0)
            min = 0; /* keep a zero baseline for non-negative data */
    }
    double raw = (max - min) / want;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    double nf = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    a.step = nf * mag;
    a.lo = floor(min / a.step + 1e-9) * a.step;
    a.hi = ceil(max / a.step - 1e-9) * a.step;
    if (a.hi <= a.lo)
        a.hi = a.lo + a.step;
    int dec = (int)-floor(log10(a.step) + 1e-9);
    a.decimals = dec > 0 ? (dec > 6 ? 6 : dec) : 0;
    return a;
}

static void tick_label(const struct rpt_doc *d, enum rpt_type t, const struct axis *a, double v,
                       char *out, size_t outlen)
{
    struct rpt_column col = {NULL, NULL, RPT_T_NUMBER, a->decimals, 0};
    struct rpt_cell cell = {NULL, 0, v, 0};
    if (fabs(v) < a->step * 1e-9)
        cell.num = 0.0;
    (void)t;
    rpt_fmt_cell(d, &col, &cell, out, outlen);
}

/* Data range of a chart; returns 0 when there is no finite value. */
static int chart_range(const struct rpt_chart *c, double *min, double *max)
{
    double lo = INFINITY, hi = -INFINITY;
    if (c->kind == RPT_CHART_STACKED_BAR) {
        for (size_t p = 0; p < c->npoints; p++) {
            double pos = 0, neg = 0;
            int any = 0;
            for (size_t i = 0; i < c->nseries; i++) {
                double v = c->series[i].v ? c->series[i].v[p] : NAN;
                if (!isfinite(v))
                    continue;
                any = 1;
                if (v >= 0)
                    pos += v;
                else
                    neg += v;
            }
            if (any) {
                lo = fmin(lo, neg);
                hi = fmax(hi, pos);
            }
        }
    } else {
        for (size_t i = 0; i < c->nseries; i++) {
            const struct rpt_series *s = &c->series[i];
            const double *arrs[3] = {s->v, s->lo, s->hi};
            for (int k = 0; k < 3; k++)
                for (size_t p = 0; arrs[k] && p < c->npoints; p++)
                    if (isfinite(arrs[k][p])) {
                        lo = fmin(lo, arrs[k][p]);
                        hi = fmax(hi, arrs[k][p]);
                    }
        }
    }
    if (!isfinite(lo) || !isfinite(hi))
        return 0;
    if (lo > 0)
        lo = 0; /* costs read honestly from a zero baseline */
    if (hi < 0)
        hi = 0;
    *min = lo;
    *max = hi;
    return 1;
}

struct frame {
    double plot_w;  /* plot width in px */
    double plot_h;  /* plot height in px (shorter for compact sections) */
    struct axis ax; /* y axis */
    size_t n;       /* x points */
    int bars;       /* 1 for bar geometry */
};

static double fx(const struct frame *f, double i)
{
    if (f->bars)
        return PLOT_L + (i + 0.5) * f->plot_w / (double)f->n;
    if (f->n <= 1)
        return PLOT_L + f->plot_w / 2;
    return PLOT_L + i * f->plot_w / (double)(f->n - 1);
}

static double fy(const struct frame *f, double v)
{
    return PLOT_T + f->plot_h - (v - f->ax.lo) / (f->ax.hi - f->ax.lo) * f->plot_h;
}

/* Legend items laid out in rows under the axis; returns the rows used. */
static int legend(const struct rpt_chart *c, const char *const *colors, double top, FILE *out)
{
    double x = PLOT_L, y = top;
    int rows = c->nseries ? 1 : 0, nbands = 0;
    for (size_t i = 0; i < c->nseries; i++) {
        const struct rpt_series *s = &c->series[i];
        double w = 28.0 + 6.5 * (double)rpt_display_width(s->label) + 14.0;
        if (x > PLOT_L && x + w > SVG_W - PLOT_R) {
            x = PLOT_L;
            y += LEGEND_ROW;
            rows++;
        }
        if (s->style == RPT_S_LINE || s->style == RPT_S_DASHED)
            fprintf(out,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"2.5\"%s/>",
                    x, y - 4, x + 22, y - 4, colors[i],
                    s->style == RPT_S_DASHED ? " stroke-dasharray=\"6 3\"" : "");
        else
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"10\" fill=\"%s\"%s/>",
                    x, y - 9, colors[i],
                    s->style != RPT_S_BAND ? ""
                    : nbands++ == 0        ? " fill-opacity=\"0.18\""
                                           : " fill-opacity=\"0.35\"");
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", x + 28, y);
        html_text(out, s->label);
        fputs("</text>\n", out);
        x += w;
    }
    return rows;
}

static void draw_path_runs(const struct frame *f, const double *v, FILE *out, const char *attrs)
{
    size_t p = 0;
    while (p < f->n) {
        while (p < f->n && !isfinite(v[p]))
            p++;
        if (p >= f->n)
            break;
        size_t start = p;
        fputs("<path d=\"", out);
        for (; p < f->n && isfinite(v[p]); p++)
            fprintf(out, "%c%.1f %.1f ", p == start ? 'M' : 'L', fx(f, (double)p), fy(f, v[p]));
        if (p - start == 1) /* a lone point: a tiny dot so it is visible */
            fprintf(out, "m -1.5 0 a 1.5 1.5 0 1 0 3 0 a 1.5 1.5 0 1 0 -3 0");
        fprintf(out, "\" fill=\"none\" %s/>\n", attrs);
    }
}

static void draw_band_runs(const struct frame *f, const double *lo, const double *hi, FILE *out,
                           const char *color, double opacity)
{
    size_t p = 0;
    while (p < f->n) {
        while (p < f->n && !(isfinite(lo[p]) && isfinite(hi[p])))
            p++;
        if (p >= f->n)
            break;
        size_t start = p;
        while (p < f->n && isfinite(lo[p]) && isfinite(hi[p]))
            p++;
        fputs("<path d=\"", out);
        for (size_t k = start; k < p; k++)
            fprintf(out, "%c%.1f %.1f ", k == start ? 'M' : 'L', fx(f, (double)k), fy(f, hi[k]));
        for (size_t k = p; k-- > start;)
            fprintf(out, "L%.1f %.1f ", fx(f, (double)k), fy(f, lo[k]));
        fprintf(out, "Z\" fill=\"%s\" fill-opacity=\"%.2f\" stroke=\"none\"/>\n", color, opacity);
    }
}

static void draw_bars(const struct frame *f, const struct rpt_chart *c, const char *const *colors,
                      FILE *out)
{
    double bw = f->plot_w / (double)f->n * 0.7;
    for (size_t p = 0; p < f->n; p++) {
        double pos = 0, neg = 0;
        for (size_t i = 0; i < c->nseries; i++) {
            double v = c->series[i].v ? c->series[i].v[p] : NAN;
            if (!isfinite(v) || v == 0)
                continue;
            double base = v > 0 ? pos : neg;
            double top = base + v;
            double y1 = fy(f, fmax(base, top)), y2 = fy(f, fmin(base, top));
            fprintf(out,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                    fx(f, (double)p) - bw / 2, y1, bw, fmax(y2 - y1, 0.5), colors[i]);
            if (v > 0)
                pos = top;
            else
                neg = top;
        }
    }
}

static void write_chart(const struct rpt_doc *d, const struct rpt_section *s, FILE *out)
{
    const struct rpt_chart *c = &s->chart;
    double min, max;
    if (c->npoints == 0 || c->nseries == 0 || !chart_range(c, &min, &max)) {
        fputs("<p class=\"empty\">", out);
        html_text(out, rpt_label(d->lang, "no_data"));
        fputs("</p>\n", out);
        return;
    }
    struct frame f = {SVG_W - PLOT_L - PLOT_R, s->compact ? PLOT_H * 0.55 : PLOT_H,
                      nice_axis(min, max, s->compact ? 3 : 5), c->npoints,
                      c->kind == RPT_CHART_STACKED_BAR};
    const char *colors[64];
    size_t nc = c->nseries < 64 ? c->nseries : 64;
    int nbands = 0;
    size_t line_idx = 0;
    for (size_t i = 0; i < nc; i++)
        colors[i] = c->series[i].style == RPT_S_BAND ? BAND_COLOR : palette[line_idx++ % NPALETTE];

    /* legend rows decide the height; measure with a dry run into nowhere */
    int legend_rows = 0;
    {
        double x = PLOT_L;
        legend_rows = nc ? 1 : 0;
        for (size_t i = 0; i < nc; i++) {
            double w = 28.0 + 6.5 * (double)rpt_display_width(c->series[i].label) + 14.0;
            if (x > PLOT_L && x + w > SVG_W - PLOT_R) {
                x = PLOT_L;
                legend_rows++;
            }
            x += w;
        }
    }
    double height = PLOT_T + f.plot_h + AXIS_H + LEGEND_ROW * legend_rows + 6;
    fprintf(out,
            "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
            "role=\"img\" aria-label=\"",
            SVG_W, height);
    html_text(out, s->title);
    fputs("\" font-family=\"sans-serif\">\n<title>", out);
    html_text(out, s->title);
    fputs("</title>\n", out);
    fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", SVG_W,
            height);

    /* y grid and ticks */
    char lab[64];
    for (int k = 0;; k++) {
        double v = f.ax.lo + k * f.ax.step;
        if (v > f.ax.hi + f.ax.step * 1e-6 || k > 50)
            break;
        double y = fy(&f, v);
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"1\"/>",
                PLOT_L, y, SVG_W - PLOT_R, y, fabs(v) < f.ax.step * 1e-9 ? "#888" : "#e2e2e2");
        tick_label(d, c->y_type, &f.ax, v, lab, sizeof lab);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">",
                PLOT_L - 6, y + 3.5);
        html_text(out, lab);
        fputs("</text>\n", out);
    }
    if (c->y_type == RPT_T_YEN) {
        fprintf(out, "<text x=\"4\" y=\"%.1f\" font-size=\"10\">(", PLOT_T - 6);
        html_text(out, unit_label(d));
        fputs(")</text>\n", out);
    }

    /* x labels, thinned to about one per 60 px */
    size_t every = (size_t)ceil((double)c->npoints / (f.plot_w / 60.0));
    if (every < 1)
        every = 1;
    for (size_t p = 0; p < c->npoints; p += every) {
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">",
                fx(&f, (double)p), PLOT_T + f.plot_h, fx(&f, (double)p), PLOT_T + f.plot_h + 4,
                fx(&f, (double)p), PLOT_T + f.plot_h + 16);
        html_text(out, c->x_labels[p]);
        fputs("</text>\n", out);
    }

    /* data: bands first, then bars and lines */
    if (f.bars)
        draw_bars(&f, c, colors, out);
    for (size_t i = 0; i < nc; i++) {
        const struct rpt_series *sr = &c->series[i];
        if (sr->style == RPT_S_BAND && !f.bars) {
            draw_band_runs(&f, sr->lo, sr->hi, out, colors[i], nbands == 0 ? 0.18 : 0.35);
            nbands++;
        }
    }
    for (size_t i = 0; i < nc; i++) {
        const struct rpt_series *sr = &c->series[i];
        if ((sr->style == RPT_S_LINE || sr->style == RPT_S_DASHED) && !f.bars) {
            char attrs[128];
            snprintf(attrs, sizeof attrs, "stroke=\"%s\" stroke-width=\"2\"%s", colors[i],
                     sr->style == RPT_S_DASHED ? " stroke-dasharray=\"6 3\"" : "");
            draw_path_runs(&f, sr->v, out, attrs);
        }
    }
    if (isfinite(c->mark_x) && c->mark_x >= 0 && c->mark_x <= (double)(c->npoints - 1)) {
        double x = fx(&f, c->mark_x);
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" "
                "stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>"
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#c0392b\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#c0392b\" "
                "text-anchor=\"%s\">",
                x, PLOT_T, x, PLOT_T + f.plot_h, x, PLOT_T + 4, x + (x > SVG_W / 2 ? -6 : 6),
                PLOT_T + 12, x > SVG_W / 2 ? "end" : "start");
        html_text(out, c->mark_label ? c->mark_label : "");
        fputs("</text>\n", out);
    }
    fprintf(out,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
            "stroke=\"#888\"/>\n",
            PLOT_L, PLOT_T, f.plot_w, f.plot_h);
    legend(c, colors, PLOT_T + f.plot_h + AXIS_H, out);
    fputs("</svg>\n</figure>\n", out);
}

enum status rpt_html_write(const struct rpt_doc *d, FILE *out, struct err *e)
{
    write_head(d, out);
    fputs("<header>\n<h1>", out);
    html_text(out, d->title);
    fputs("</h1>\n", out);
    if (d->nmeta) {
        fputs("<dl class=\"meta\">\n", out);
        for (size_t i = 0; i < d->nmeta; i++) {
            fputs("<dt>", out);
            html_text(out, d->meta[i].label);
            fputs("</dt><dd>", out);
            html_text(out, d->meta[i].value);
            fputs("</dd>\n", out);
        }
        fputs("</dl>\n", out);
    }
    fputs("</header>\n", out);
    for (size_t i = 0; i < d->nsections; i++) {
        const struct rpt_section *s = d->sections[i];
        fputs(s->compact ? "<section class=\"compact\" id=\"sec-" : "<section id=\"sec-", out);
        html_text(out, s->id);
        fputs("\">\n<h2>", out);
        html_text(out, s->title);
        fputs("</h2>\n", out);
        if (s->note && *s->note) {
            fputs("<p class=\"note\">", out);
            html_text(out, s->note);
            fputs("</p>\n", out);
        }
        if (s->kind == RPT_SEC_TABLE)
            write_table(d, s, out);
        else if (s->kind == RPT_SEC_CHART)
            write_chart(d, s, out);
        fputs("</section>\n", out);
    }
    fputs("</body>\n</html>\n", out);
    if (ferror(out))
        return err_set(e, ST_IO, "cannot write the html report");
    return ST_OK;
}
