/*
 * imp_csv.h - the libcsv set-up every CSV importer shares: a bound on one
 * line, enforced while it is read so that memory stays near the bound
 * whatever the input (docs/import.md, "Limits").
 */
#ifndef YOSAN_IMP_CSV_H
#define YOSAN_IMP_CSV_H

#include <csv.h>
#include <stddef.h>

/* Most bytes of one CSV record (a line, with any newlines inside quoted
 * fields), hence of one field: 64 MiB. */
#define IMP_LINE_MAX ((size_t)64 << 20)

/* csv_init() with a field buffer that cannot grow past IMP_LINE_MAX bytes
 * (csv_parse() then fails with CSV_ENOMEM, see imp_csv_too_long). */
int imp_csv_init(struct csv_parser *p, unsigned char options);
/* 1 when csv_parse() stopped because a field passed IMP_LINE_MAX bytes. */
int imp_csv_too_long(struct csv_parser *p);

struct imp_csv_span;

/* Scratch for imp_csv_fast_line: field spans of one line and the text of
 * fields with doubled quotes. Zero-initialise; imp_csv_line_free() frees. */
struct imp_csv_line {
    struct imp_csv_span *v; /* cap spans */
    size_t cap;
    char *unq; /* unescaped text, unq_cap bytes */
    size_t unq_cap;
};

/* Parse one complete physical line (s[len - 1] == '\n') starting a record,
 * exactly as csv_parse() with CSV_STRICT would from its row-start state,
 * calling cb1 per field and cb2 once, and return 1. Return 0 without
 * calling anything when the line needs libcsv: a quoted field going on past
 * the line, a blank line, spaces or tabs around a field, a CR other than
 * the CR of CRLF, or a quote where strict mode fails. Plain export lines
 * take this path, several times faster than libcsv's byte-at-a-time state
 * machine. */
int imp_csv_fast_line(struct imp_csv_line *ln, const unsigned char *s, size_t len,
                      void (*cb1)(void *, size_t, void *), void (*cb2)(int, void *), void *data);
void imp_csv_line_free(struct imp_csv_line *ln);

#endif
