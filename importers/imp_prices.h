/*
 * imp_prices.h - import Azure Retail Prices API JSON pages (Items[],
 * NextPageLink) into the price table read through store_prices.h.
 * A Reservation item's retailPrice is the price of the whole term.
 */
#ifndef YOSAN_IMP_PRICES_H
#define YOSAN_IMP_PRICES_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "imp_file.h"
#include "store.h"

struct imp_prices_result {
    int duplicate;        /* 1 when the same page was imported before */
    int64_t items;        /* items read */
    int64_t stored;       /* price rows stored or updated */
    char next_page[2048]; /* NextPageLink of the page, "" when null */
};

/* 1 if the file looks like a Retail Prices page. */
int imp_prices_sniff(const char *path);
/* The same on the first bytes of a file (imp_file_peek(), NUL-terminated). */
int imp_prices_sniff_head(const char *head);
enum status imp_prices_file(struct store *s, const char *path, struct imp_prices_result *res,
                            struct err *e);
/* The same for a file opened with imp_file_open_unhashed() (pipes and stdin
 * too): takes f over and closes it. */
enum status imp_prices_read(struct store *s, struct imp_file *f, struct imp_prices_result *res,
                            struct err *e);
/* For API pulls: one page held in memory. */
enum status imp_prices_json_buffer(struct store *s, const char *name, const char *json, size_t len,
                                   struct imp_prices_result *res, struct err *e);

#endif
