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

#endif
