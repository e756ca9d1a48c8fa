/*
 * rpt_table.h - the one table writer of yosan: a typed table rendered as an
 * aligned text table (wide Japanese characters counted as two columns),
 * CSV or JSON.
 *
 * Cells arrive as exact strings (numbers formatted by the caller, e.g. with
 * money_format()); CSV and JSON carry them unchanged so a machine reads the
 * exact value. Only the text table dresses them for eyes: amounts rounded to
 * the column's decimals with thousands separators, resource ids shortened to
 * their name (unless wide), and columns wrapped into sections no wider than
 * the terminal, the first column repeated in each.
 * Ownership: the table copies every string; rpt_table_release() frees them.
 */
#ifndef YOSAN_RPT_TABLE_H
#define YOSAN_RPT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "textpool.h"

enum rpt_col_type {
    RPT_TEXT = 0,   /* left-aligned; quoted in JSON; formula-neutralised in CSV */
    RPT_NUM = 1,    /* right-aligned; a bare JSON number (or null when empty) */
    RPT_AMOUNT = 2, /* a number for eyes (money, counts): as RPT_NUM, and in the text
                       table rounded half away from zero to the column's decimals
                       (default 0, rpt_table_set_decimals) with thousands separators */
    RPT_ID = 3,     /* a resource id: as RPT_TEXT, and in the text table shortened to
                       the resource name ("resourcegroup/name" where two names clash)
                       unless the options ask for wide output */
};

/* How the text table is laid out (CSV and JSON ignore it). */
struct rpt_text_opts {
    size_t width; /* 0: one block however wide; else columns wrap into sections no
                     wider than this (where the columns allow), the first repeated */
    int wide;     /* 1: resource ids in full */
};

enum rpt_format { RPT_FMT_TABLE = 0, RPT_FMT_CSV = 1, RPT_FMT_JSON = 2 };

/* NULL-terminated names for cli_choice(): "table", "csv", "json". */
extern const char *const rpt_format_names[];

struct rpt_table {
    size_t ncols;             /* columns */
    char **headers;           /* ncols names (also the JSON keys) */
    enum rpt_col_type *types; /* ncols types */
    int *decimals;            /* ncols display decimals of RPT_AMOUNT columns (default 0) */
    size_t nrows;             /* rows added */
    size_t cap;               /* allocated rows */
    const char **cells;       /* nrows * ncols strings, row-major, in texts: */
    struct textpool texts;    /* owned: the cells' text, each at its length (one malloc per
                                 64 KiB rather than per cell); freed by rpt_table_release() */
};

enum status rpt_table_init(struct rpt_table *t, size_t ncols, const char *const *headers,
                           const enum rpt_col_type *types);
void rpt_table_release(struct rpt_table *t);
/* Append a row of ncols strings (NULL means empty). */
enum status rpt_table_add(struct rpt_table *t, const char *const *cells);
/* Decimals shown for an RPT_AMOUNT column in the text table (0..6). */
void rpt_table_set_decimals(struct rpt_table *t, size_t col, int decimals);
/* Render. excel: CSV with UTF-8 BOM and CRLF line ends. The text table uses
 * the default options (no width limit, short ids). */
enum status rpt_table_write(const struct rpt_table *t, enum rpt_format fmt, int excel, FILE *out,
                            struct err *e);
/* Render with text-table options (NULL = the defaults). */
enum status rpt_table_write_opts(const struct rpt_table *t, enum rpt_format fmt, int excel,
                                 const struct rpt_text_opts *opts, FILE *out, struct err *e);
/* The short display name of a resource id: its last path segment ("vm-a"
 * for ".../virtualMachines/vm-a"); with_group also puts the resource group
 * before it ("rg-x/vm-a"). Anything that is not an ARM id comes back whole.
 * Writes at most outlen bytes (NUL included); returns out. */
char *rpt_short_id(const char *id, int with_group, char *out, size_t outlen);

/* Display width of a UTF-8 string in terminal columns (East Asian wide = 2). */
size_t rpt_display_width(const char *s);
/* 1 for the column types written as numbers (RPT_NUM, RPT_AMOUNT). */
int rpt_col_is_number(enum rpt_col_type type);
/* The text table (rpt_text.c); ST_NOMEM when out of memory. */
enum status rpt_text_table_write(const struct rpt_table *t, const struct rpt_text_opts *opts,
                                 FILE *out);
/* Write one CSV field: quoted when needed; a text that starts with = + - @
 * (or tab / CR) is prefixed with a single quote so spreadsheets never run it. */
void rpt_csv_field(FILE *out, const char *s, int is_text);
/* Write s as a JSON string literal (with quotes). */
void rpt_json_string(FILE *out, const char *s);

#endif
