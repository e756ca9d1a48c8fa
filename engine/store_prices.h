/*
 * store_prices.h - VM prices per hour, from the Azure Retail Prices import
 * (or, when none is known, the effective hourly rate in the user's own cost
 * rows). Written by importers/imp_prices*.c; read by right-sizing,
 * schedules and commitment advice.
 */
#ifndef YOSAN_STORE_PRICES_H
#define YOSAN_STORE_PRICES_H

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
 * ("japaneast"; NULL = any) and currency (NULL = any). Linux prices are
 * preferred over Windows. Returns ST_NOTFOUND when nothing at all is known. */
enum status store_price_vm(struct store *s, const char *arm_sku, const char *region,
                           const char *currency, struct vm_price *out, struct err *e);

#endif
