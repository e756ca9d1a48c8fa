/*
 * store_approp.h - the appropriations (歳出予算: 当初, 補正, 流用, 予備費充用)
 * in the store (schema migration 7, docs/track.md). A file's rows replace
 * every row of the fiscal years it names, atomically; rows come back in
 * fiscal year, department, system, date and file line order.
 */
#ifndef YOSAN_STORE_APPROP_H
#define YOSAN_STORE_APPROP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

struct store_approp {
    int fiscal_year;   /* FY named by its start year */
    char *department;  /* owned */
    char *system;      /* owned, "" = the department's own */
    char *kind;        /* owned: 当初, 補正, 流用 or 予備費充用 */
    int32_t day;       /* date.h day the amount takes effect */
    int64_t amount_e6; /* yen x 10^6 */
    char *basis;       /* owned: list, contract or contract+tax */
    char *note;        /* owned, may be "" */
    char *file_name;   /* owned: the file it came from */
    long file_line;    /* its line there */
};

/* Replace the rows of fiscal years years[0..nyears-1] with v[0..n-1]
 * (each of those years), all from one file (file_name, sha256), in one
 * transaction. *unchanged = 1 (and nothing written) when exactly these
 * years' rows already came from a file with this sha256 and there are n
 * of them. */
enum status store_approp_replace(struct store *s, const int *years, size_t nyears,
                                 const struct store_approp *v, size_t n, const char *file_name,
                                 const char *sha256, int *unchanged, int64_t *removed,
                                 struct err *e);

/* The rows of fiscal year fy (every year when fy is 0) into *out (n of
 * them); release with store_approp_free(). */
enum status store_approp_list(struct store *s, int fy, struct store_approp **out, size_t *n,
                              struct err *e);
void store_approp_free(struct store_approp *v, size_t n);

#endif
