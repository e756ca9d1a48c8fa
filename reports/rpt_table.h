/*
 * rpt_table.h - a simple typed table rendered as an aligned text table
 * (wide Japanese characters counted as two columns), CSV or JSON.
 *
 * Reports only format: cells arrive as ready strings (numbers already
 * formatted exactly by the caller, e.g. with money_format()).
 * Ownership: the table copies every string; rpt_table_release() frees them.
 */
#ifndef YOSAN_RPT_TABLE_H
#define YOSAN_RPT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum rpt_col_type {
    RPT_TEXT = 0, /* left-aligned; quoted in JSON; formula-neutralised in CSV */
    RPT_NUM = 1,  /* right-aligned; a bare JSON number (or null when empty) */
};

enum rpt_format { RPT_FMT_TABLE = 0, RPT_FMT_CSV = 1, RPT_FMT_JSON = 2 };

/* NULL-terminated names for cli_choice(): "table", "csv", "json". */
extern const char *const rpt_format_names[];

struct rpt_table {
    size_t ncols;             /* columns */
    char **headers;           /* ncols names (also the JSON keys) */
    enum rpt_col_type *types; /* ncols types */
    size_t nrows;             /* rows added */
    size_t cap;               /* allocated rows */
    char **cells;             /* nrows * ncols owned strings, row-major */
};

enum status rpt_table_init(struct rpt_table *t, size_t ncols, const char *const *headers,
                           const enum rpt_col_type *types);
void rpt_table_release(struct rpt_table *t);
/* Append a row of ncols strings (NULL means empty). */
enum status rpt_table_add(struct rpt_table *t, const char *const *cells);
/* Render. excel: CSV with UTF-8 BOM and CRLF line ends. */
enum status rpt_table_write(const struct rpt_table *t, enum rpt_format fmt, int excel, FILE *out,
                            struct err *e);

/* Display width of a UTF-8 string in terminal columns (East Asian wide = 2). */
size_t rpt_display_width(const char *s);
/* Write one CSV field: quoted when needed; a text that starts with = + - @
 * (or tab / CR) is prefixed with a single quote so spreadsheets never run it. */
void rpt_csv_field(FILE *out, const char *s, int is_text);
/* Write s as a JSON string literal (with quotes). */
void rpt_json_string(FILE *out, const char *s);

#endif
