/*
 * rpt_model.h - the document every report renderer reads: a title, metadata
 * and an ordered list of sections, each a typed table, a chart or a note.
 *
 * The report builders (engine/jobs/job_report_*.c; the summary in
 * engine/cli/cmd_report.c) fill a struct rpt_doc from the jobs' results;
 * the renderers (rpt_html.c, rpt_xlsx.c, and rpt_doc_text.c for CSV, JSON
 * and Markdown) only format it. Nothing here computes: totals
 * rows, forecasts and bands arrive ready-made, so every format shows the
 * same numbers.
 *
 * Values: a YEN cell holds whole yen as int64 (exact; the glue rounds model
 * outputs once); a NUMBER cell a double shown with the column's decimals; a
 * PERCENT cell a double in percentage points (12.5 means 12.5%). NAN (or a
 * NULL text) is an empty cell.
 *
 * Ownership: the document copies every string and array it is given;
 * rpt_doc_release() frees everything. Section pointers returned by the
 * rpt_doc_add_* functions stay valid until rpt_doc_release().
 */
#ifndef YOSAN_RPT_MODEL_H
#define YOSAN_RPT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

enum rpt_lang { RPT_LANG_JA = 0, RPT_LANG_EN = 1 };

/* NULL-terminated names for cli_choice(): "ja", "en". */
extern const char *const rpt_lang_names[];

enum rpt_type {
    RPT_T_TEXT = 0,    /* a string */
    RPT_T_YEN = 1,     /* whole units of the report currency (yen unless set), int64 */
    RPT_T_NUMBER = 2,  /* a double with the column's decimals */
    RPT_T_PERCENT = 3, /* a double in percentage points */
};

/* NULL-terminated JSON names of enum rpt_type: "text", "yen", "number", "percent". */
extern const char *const rpt_type_names[];

/* One cell value as the glue passes it; which field counts depends on the column. */
struct rpt_value {
    const char *text; /* RPT_T_TEXT; NULL = empty */
    int64_t yen;      /* RPT_T_YEN */
    double num;       /* RPT_T_NUMBER / RPT_T_PERCENT; NAN = empty */
    int empty;        /* 1 = empty cell whatever the type */
};

#define RPT_V_TEXT(s) ((struct rpt_value){(s), 0, 0.0, 0})
#define RPT_V_YEN(y)  ((struct rpt_value){NULL, (y), 0.0, 0})
#define RPT_V_NUM(x)  ((struct rpt_value){NULL, 0, (x), 0})
#define RPT_V_EMPTY   ((struct rpt_value){NULL, 0, 0.0, 1})

struct rpt_column_spec {
    const char *id;    /* stable ASCII field name (JSON key), e.g. "p50_yen" */
    const char *label; /* header shown to people, in the report's language */
    enum rpt_type type;
    int decimals; /* NUMBER / PERCENT: places shown (0..6) */
};

struct rpt_column {
    char *id;           /* owned */
    char *label;        /* owned */
    enum rpt_type type; /* how every cell of the column is typed */
    int decimals;       /* NUMBER / PERCENT places */
    size_t tooltip_for; /* 0: a column; k > 0: a detail (a full ARM id) that HTML shows as
                           the tooltip of column k - 1 instead of a column of its own; the
                           data formats (XLSX, CSV, JSON, Markdown) keep it as a column */
};

struct rpt_cell {
    char *text;  /* owned copy for TEXT cells, NULL otherwise */
    int64_t yen; /* YEN cells */
    double num;  /* NUMBER / PERCENT cells */
    int empty;   /* 1 when the cell has no value */
};

enum rpt_series_style {
    RPT_S_LINE = 0,   /* solid line (history, an alternative) */
    RPT_S_DASHED = 1, /* dashed line (forecast mean) */
    RPT_S_BAND = 2,   /* filled area between lo and hi (80% / 95% interval) */
    RPT_S_BAR = 3,    /* one stacked-bar component */
};

/* NULL-terminated JSON names of enum rpt_series_style. */
extern const char *const rpt_style_names[];

struct rpt_series {
    char *label;                 /* legend text, owned */
    enum rpt_series_style style; /* how it is drawn */
    double *v;                   /* npoints values (LINE/DASHED/BAR), NAN = gap; owned */
    double *lo;                  /* BAND lower bounds, owned (NULL otherwise) */
    double *hi;                  /* BAND upper bounds, owned (NULL otherwise) */
};

enum rpt_chart_kind {
    RPT_CHART_LINE = 0,        /* lines and bands over x (time series, alternatives) */
    RPT_CHART_STACKED_BAR = 1, /* one bar per x, stacked by series */
};

struct rpt_chart {
    enum rpt_chart_kind kind;  /* line or stacked bars */
    enum rpt_type y_type;      /* RPT_T_YEN or RPT_T_NUMBER: how y ticks are written */
    size_t npoints;            /* x positions */
    char **x_labels;           /* npoints owned labels ("2026-04", "year 3") */
    size_t nseries;            /* series drawn, in order (bands first look best) */
    struct rpt_series *series; /* owned */
    double mark_x;             /* x position (index, may be fractional) of a marker; NAN = none */
    char *mark_label;          /* marker text ("break-even"), owned or NULL */
};

enum rpt_section_kind { RPT_SEC_TABLE = 0, RPT_SEC_CHART = 1, RPT_SEC_NOTE = 2 };

struct rpt_section {
    enum rpt_section_kind kind; /* which of the parts below is used */
    char *id;                   /* stable ASCII id (JSON, XLSX fallback sheet name), owned */
    char *title;                /* heading in the report's language, owned */
    char *note;                 /* paragraph under the heading (NOTE body), owned or NULL */
    int compact;                /* 1: a small chart among several (no page break between
                                   consecutive compact sections, shorter plot) */
    /* RPT_SEC_TABLE */
    size_t ncols;             /* columns */
    struct rpt_column *cols;  /* ncols, owned */
    size_t nrows;             /* rows added */
    size_t cap;               /* rows allocated */
    struct rpt_cell *cells;   /* nrows * ncols, row-major, owned */
    unsigned char *row_total; /* nrows flags: 1 = a totals row (shown bold) */
    /* RPT_SEC_CHART */
    struct rpt_chart chart; /* the chart */
};

struct rpt_meta {
    char *label; /* "fiscal year", owned */
    char *value; /* "2027", owned */
};

struct rpt_doc {
    enum rpt_lang lang;            /* language of labels */
    char currency[4];              /* ISO code of every YEN cell, "JPY" by default */
    char *kind;                    /* stable ASCII report kind ("budget"), owned */
    char *title;                   /* owned */
    size_t nmeta;                  /* metadata lines */
    struct rpt_meta *meta;         /* owned */
    size_t nsections;              /* sections in order */
    struct rpt_section **sections; /* owned */
};

/* Start an empty document; kind and title are copied. Release with rpt_doc_release(). */
enum status rpt_doc_init(struct rpt_doc *d, enum rpt_lang lang, const char *kind,
                         const char *title);
void rpt_doc_release(struct rpt_doc *d);
/* Set the currency of the YEN cells (3-letter ISO code; "JPY" is the default). */
void rpt_doc_set_currency(struct rpt_doc *d, const char *iso);
/* Add a "label: value" metadata line (strings copied). */
enum status rpt_doc_add_meta(struct rpt_doc *d, const char *label, const char *value);

/* Add a note section (text paragraph). *out (may be NULL) gets the section. */
enum status rpt_doc_add_note(struct rpt_doc *d, const char *id, const char *title, const char *text,
                             struct rpt_section **out);
/* Add a table section with ncols columns (specs copied). */
enum status rpt_doc_add_table(struct rpt_doc *d, const char *id, const char *title, size_t ncols,
                              const struct rpt_column_spec *cols, struct rpt_section **out);
/* Make column col of a table a detail shown as the HTML tooltip of column
 * of (rpt_column.tooltip_for); nothing happens when either is out of range or
 * they are the same column. */
void rpt_table_set_tooltip(struct rpt_section *t, size_t col, size_t of);
/* Append a row of ncols values to a table section; is_total marks a totals row. */
enum status rpt_table_row(struct rpt_section *t, const struct rpt_value *vals, int is_total);
/* Add a chart section over npoints x positions (labels copied). */
enum status rpt_doc_add_chart(struct rpt_doc *d, const char *id, const char *title,
                              enum rpt_chart_kind kind, enum rpt_type y_type, size_t npoints,
                              const char *const *x_labels, struct rpt_section **out);
/* Add a series to a chart section. v is used for LINE/DASHED/BAR, lo and hi
 * for BAND; each has npoints values (copied), NAN for a gap. */
enum status rpt_chart_add_series(struct rpt_section *c, const char *label,
                                 enum rpt_series_style style, const double *v, const double *lo,
                                 const double *hi);
/* Mark x position x (an index into the points, fractional allowed) with a label. */
enum status rpt_chart_set_marker(struct rpt_section *c, double x, const char *label);

/* ---- formats ---- */

enum rpt_doc_format {
    RPT_DOC_HTML = 0,
    RPT_DOC_XLSX = 1,
    RPT_DOC_CSV = 2,
    RPT_DOC_JSON = 3,
    RPT_DOC_MD = 4,
};

/* NULL-terminated names for cli_choice(): "html", "xlsx", "csv", "json", "md". */
extern const char *const rpt_doc_format_names[];
/* Format from a file name's extension (case-insensitive; ".markdown" = md);
 * returns -1 when the extension is unknown. */
int rpt_doc_format_from_path(const char *path);

/* Renderers. All read the document only. Text and attributes are escaped
 * for their format; spreadsheet formulas are neutralised in CSV and never
 * created in XLSX. Return ST_IO when writing fails. */
enum status rpt_html_write(const struct rpt_doc *d, FILE *out, struct err *e);
enum status rpt_doc_csv_write(const struct rpt_doc *d, int excel, FILE *out, struct err *e);
enum status rpt_doc_json_write(const struct rpt_doc *d, FILE *out, struct err *e);
enum status rpt_md_write(const struct rpt_doc *d, FILE *out, struct err *e);
/* XLSX goes to a path (libxlsxwriter writes its own file). */
enum status rpt_xlsx_write(const struct rpt_doc *d, const char *path, struct err *e);

/* ---- value formatting shared by the renderers ---- */

/* "1,234,567" / "-1,234" into out (at least 32 bytes). Returns out. */
char *rpt_fmt_thousands(int64_t v, char *out, size_t outlen);
/* A cell as people read it: yen with separators and the unit of the language
 * ("1,234円" / "¥1,234"; another currency as "1,234 USD"), numbers with separators and the column's
 * decimals, percent with "%". Empty cells give "". Returns out (at least 64 bytes). */
const char *rpt_fmt_cell(const struct rpt_doc *d, const struct rpt_column *col,
                         const struct rpt_cell *cell, char *out, size_t outlen);
/* A cell as data: yen as a bare integer, numbers with %.*f of the column's
 * decimals (percent in points), text unchanged (borrowed). Empty gives "". */
const char *rpt_fmt_raw(const struct rpt_column *col, const struct rpt_cell *cell, char *out,
                        size_t outlen);

/* Translated label for a key (see rpt_i18n.c); an unknown key returns the key itself. */
const char *rpt_label(enum rpt_lang lang, const char *key);
/* A one-line English text of the models or jobs (a right-sizing reason, the
 * rule summary, the budget's method) in lang: cut at "; " into clauses, each
 * put into Japanese by the first message template of rpt_i18n.c that
 * matches it; a clause no template matches stays as it is. English gives
 * the text unchanged. Cut at outlen (never inside a character); reasons are
 * under 256 bytes, so 1024 bytes is ample. Returns out. */
const char *rpt_translate(enum rpt_lang lang, const char *en, char *out, size_t outlen);

#endif
