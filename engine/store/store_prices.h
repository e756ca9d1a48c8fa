/*
 * store_prices.h - VM prices per hour, from the Azure Retail Prices import
 * (or, when none is known, the effective hourly rate in the user's own cost
 * rows). Written by importers/imp_prices*.c; read by right-sizing,
 * schedules and commitment advice.
 */
#ifndef YOSAN_STORE_PRICES_H
#define YOSAN_STORE_PRICES_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

struct vm_price {
    char currency[4];   /* e.g. "JPY" */
    double payg_hourly; /* pay-as-you-go (Consumption) per hour; NAN when unknown */
    double ri1y_hourly; /* 1-year reservation, retailPrice / 8760; NAN when unknown */
    double ri3y_hourly; /* 3-year reservation, retailPrice / 26280; NAN when unknown */
    double sp1y_hourly; /* 1-year savings plan per hour; NAN when unknown */
    double sp3y_hourly; /* 3-year savings plan per hour; NAN when unknown */
    int from_own_costs; /* 1 when payg_hourly came from the user's effective rates */
};

/* Prices for an ARM size ("Standard_D4s_v5", any case) in a region
 * ("japaneast"; NULL = any) and currency (required: the currency of the bill
 * being priced, e.g. "JPY"; NULL or "" is ST_USAGE, never "any"). Linux
 * prices are preferred over Windows. Returns ST_NOTFOUND when nothing at all
 * is known in that currency. */
enum status store_price_vm(struct store *s, const char *arm_sku, const char *region,
                           const char *currency, struct vm_price *out, struct err *e);

/* Where a pay-as-you-go price came from (the pricing rule, docs/rightsize.md
 * "Pricing rule"). */
enum price_source {
    PRICE_SRC_NONE = 0, /* no price */
    PRICE_SRC_BILL,     /* the user's own effective rate for the size (contract rate) */
    PRICE_SRC_RETAIL,   /* Retail Prices x the book's ratio */
    PRICE_SRC_SERIES,   /* estimated from the series' known rates per vCPU (right-sizing) */
};

/* Pay-as-you-go rate of one size, for bulk lookups. */
struct vm_rate {
    char *arm_sku;            /* lower-case ARM size, owned */
    double hourly;            /* per hour, as the rule prices it */
    double retail_hourly;     /* the Retail Prices' own figure, NAN when none */
    enum price_source source; /* PRICE_SRC_BILL or PRICE_SRC_RETAIL */
};

/* Usage days [from_day, to_day] (days since 1970-01-01) whose cost rows
 * give the user's own effective rates. */
struct price_days {
    int32_t from_day, to_day;
};

/* The own-rate window of an analysis ending on last_day and starting on
 * first_day: the last 90 days, or the whole analysis when it is longer. */
struct price_days store_price_window(int32_t first_day, int32_t last_day);

/* ST_PARSE with a clear message when the Retail Prices import holds prices
 * for the region (NULL or "" = any region) only in currencies other than
 * `currency` (the bill's): a JPY price list cannot price a USD bill, and the
 * fix is to import prices in the bill's currency. ST_OK otherwise (also
 * when no Retail Prices are imported at all: the own rates serve). */
enum status store_price_currency_check(struct store *s, const char *region, const char *currency,
                                       struct err *e);

/* The pricing rule, one for every analysis that prices a saving (stop
 * schedules, right-sizing, commitments): for every VM size in a region
 * (NULL or "" = any) and currency (required, as for store_price_vm),
 *   1. the user's own effective pay-as-you-go rate for the size from the
 *      cost rows of `days` (NULL = all history): what the contract pays;
 *   2. else the Retail Prices' pay-as-you-go price (Linux preferred) x
 *      `ratio`: the user's own rates over the retail prices of the sizes
 *      both know, weighted by the billed hours (1.0 when they share none).
 * Each rate says which of the two priced it. */
struct price_book {
    struct vm_rate *v;   /* n rates sorted by arm_sku, owned */
    size_t n;            /* rates */
    double ratio;        /* own / retail over the shared sizes; 1.0 when none */
    size_t shared;       /* sizes with both an own rate and a retail price */
    double shared_hours; /* the billed hours of those sizes (the ratio's weight) */
};
enum status store_price_book(struct store *s, const char *region, const char *currency,
                             const struct price_days *days, struct price_book *out, struct err *e);
/* The rate of a size (any case), NULL when the book has none. */
const struct vm_rate *store_price_book_find(const struct price_book *b, const char *arm_sku);
void store_price_book_release(struct price_book *b);

/* One line saying how a book prices, for the log: "prices japaneast JPY:
 * own rates 2026-08-03..2026-10-31 for 12 sizes; the other 40 retail x 0.87
 * (own / retail over 9 shared sizes, 5120 h)". */
void store_price_book_describe(const struct price_book *b, const char *region, const char *currency,
                               const struct price_days *days, char *buf, size_t n);

/* "bill", "retail x 0.87", "series" or "" (none): the price_source column. */
void store_price_source_label(enum price_source src, double ratio, char *buf, size_t n);

/* Sum the user's own effective rates over `days` (NULL = all) now (one scan
 * of those pay-as-you-go VM cost rows, cached on this connection) instead of
 * on the first store_price_book() call with the same days: lets a caller do
 * it on a second connection while the first reads something else. */
enum status store_price_warm(struct store *s, const struct price_days *days, struct err *e);

/* What the Retail Prices in the store hold, for saying which prices a
 * result used. */
struct price_info {
    int64_t payg_rows;    /* pay-as-you-go (and dev/test) VM prices */
    int64_t commit_rows;  /* reservation and savings-plan prices */
    int64_t commit_sizes; /* VM sizes with at least one of them */
    int64_t imports;      /* price imports (files and pulled pages) */
    char last_file[256];  /* file name of the newest price import, "" when none */
    char last_at[32];     /* its UTC time */
};
enum status store_prices_info(struct store *s, struct price_info *out, struct err *e);

/* ---- writing (importers/imp_prices.c only) ---- */

/* One price row. Strings are borrowed for the call. */
struct vm_price_row {
    const char *arm_sku;         /* armSkuName, any case */
    const char *region;          /* armRegionName, any case */
    const char *currency;        /* currencyCode */
    const char *price_type;      /* payg | devtest | ri1y | ri3y | sp1y | sp3y */
    const char *os;              /* linux | windows */
    double hourly;               /* per hour */
    double retail_price;         /* as published */
    const char *effective_start; /* effectiveStartDate or "" */
};

/* Open a transaction and record the import (format 'prices'). When the same
 * page (sha256) was imported before, *duplicate = 1 and nothing is opened. */
enum status store_prices_begin(struct store *s, const char *file_name, const char *sha256,
                               int64_t *import_id, int *duplicate, struct err *e);
/* Insert or replace one price; a row with an older effective_start than the
 * stored one is ignored. *stored is 1 when the row was written. */
enum status store_price_put(struct store *s, int64_t import_id, const struct vm_price_row *row,
                            int *stored, struct err *e);
/* Record the row count and commit. */
enum status store_prices_finish(struct store *s, int64_t import_id, int64_t rows, struct err *e);
void store_prices_abort(struct store *s);

#endif
