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

/* Pay-as-you-go rate of one size, for bulk lookups. */
struct vm_rate {
    char *arm_sku;      /* lower-case ARM size, owned */
    double hourly;      /* per hour */
    int from_own_costs; /* 1 when from the user's effective rates */
};

/* Usage days [from_day, to_day] (days since 1970-01-01) whose cost rows
 * give the user's own effective rates. */
struct price_days {
    int32_t from_day, to_day;
};

/* ST_PARSE with a clear message when the Retail Prices import holds prices
 * for the region (NULL or "" = any region) only in currencies other than
 * `currency` (the bill's): a JPY price list cannot price a USD bill, and the
 * fix is to import prices in the bill's currency. ST_OK otherwise (also
 * when no Retail Prices are imported at all: the own rates serve). */
enum status store_price_currency_check(struct store *s, const char *region, const char *currency,
                                       struct err *e);

/* Every size's pay-as-you-go hourly rate in a region (NULL or "" = any) and
 * currency (required, as for store_price_vm) in two queries: retail prices (Linux preferred), and
 * for sizes without one the effective rate from the user's own cost rows of `days` (NULL = all
 * history; store_price_vm uses all). *out is sorted by arm_sku; free with store_price_rates_free().
 */
enum status store_price_rates(struct store *s, const char *region, const char *currency,
                              const struct price_days *days, struct vm_rate **out, size_t *n,
                              struct err *e);
void store_price_rates_free(struct vm_rate *v, size_t n);

/* Sum the user's own effective rates over `days` (NULL = all) now (one scan
 * of those pay-as-you-go VM cost rows, cached on this connection) instead of
 * on the first store_price_rates() call with the same days: lets a caller do
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
