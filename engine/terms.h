/*
 * terms.h - the billing terms of the city's cloud contract (docs/terms.md)
 * and the exact arithmetic that puts an amount on a basis:
 *
 *   list          the bill's own prices (what the Azure export says)
 *   contract      list moved by the contract's markup or discount
 *                 (ライセンス調達委託: a reseller's margin, an agreed discount)
 *   contract+tax  contract plus consumption tax (消費税及び地方消費税)
 *
 * Tax is a table of rates by effective month, applied by usage month;
 * services named in `exempt` are not taxed. Markups and discounts are
 * rows with a percent, an optional service and an effective range; for a
 * service in a month the row naming that service wins over the overall row.
 * Rates are integers in parts per million (10 % = 100000), so every
 * conversion is integer arithmetic on the stored 10^-12 amounts. Tax is
 * rounded once per line and month by the invoice's rule (default floor,
 * 切り捨て). Effective dates are months: invoices are monthly.
 *
 * A struct terms owns everything it points to; release it with
 * terms_release().
 */
#ifndef YOSAN_TERMS_H
#define YOSAN_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "money.h"

#define TERMS_PPM 1000000LL

enum terms_basis { TERMS_BASIS_LIST = 0, TERMS_BASIS_CONTRACT, TERMS_BASIS_CONTRACT_TAX };

struct terms_tax {
    int from_month; /* date.h month index the rate applies from */
    int64_t ppm;    /* 100000 = 10 % */
};

struct terms_adjust {
    int from_month; /* first month (date.h month index) */
    int to_month;   /* last month, inclusive; INT32_MAX when open */
    char *service;  /* owned service name (the export's service / MeterCategory), NULL = all */
    int64_t ppm;    /* +30000 = 3 % markup, -50000 = 5 % discount */
    char *note;     /* owned free text or NULL */
};

/* A city-wide price revision (e.g. Microsoft's yen price change): list
 * prices move by ppm from from_month on; revisions compound. */
struct terms_revision {
    int from_month; /* first month (date.h month index) */
    int64_t ppm;    /* +90000 = prices up 9 % */
    char *note;     /* owned free text or NULL */
};

/* The exchange-rate assumption for a bill in a foreign currency: the
 * budget is converted to yen at rate_e6 / 10^6 yen per unit, and the range
 * low..high (taken as a 90 % interval) widens P80/P95. */
struct terms_fx {
    char currency[8]; /* the bill's currency, e.g. "USD"; "" = none */
    int64_t rate_e6, low_e6, high_e6;
    char *note; /* owned or NULL */
};

struct terms {
    struct terms_tax *tax; /* ntax rates sorted by from_month */
    size_t ntax;
    char **exempt; /* nexempt service names that are not taxed */
    size_t nexempt;
    struct terms_adjust *adj; /* nadj rows in file order */
    size_t nadj;
    struct terms_revision *rev; /* nrev revisions in month order */
    size_t nrev;
    struct terms_fx fx;           /* fx.currency "" when there is none */
    enum money_rounding rounding; /* of tax and of whole-yen contract amounts */
    char source[160];             /* "built-in defaults" or "FILE (loaded YYYY-MM-DD)" */
};

/* The built-in Japanese terms: consumption tax 3 % from 1989-04, 5 % from
 * 1997-04, 8 % from 2014-04, 10 % from 2019-10; every charge taxable; no
 * markup; floor. */
enum status terms_defaults(struct terms *t, struct err *e);
void terms_release(struct terms *t);

/* Tax rate in force in a month (0 before the first row). */
int64_t terms_tax_ppm(const struct terms *t, int month);
/* 1 when the service is taxed (not named in exempt). */
int terms_taxable(const struct terms *t, const char *service);
/* Markup (+) or discount (-) for a service in a month: the row naming the
 * service, else the overall row, else 0. */
int64_t terms_contract_ppm(const struct terms *t, const char *service, int month);
/* The compounded price revision in force in a month, in ppm (0 = none):
 * prod(1 + ppm_i) - 1 over the revisions with from_month <= month. */
int64_t terms_revision_ppm(const struct terms *t, int month);
/* ST_PARSE when two rows for the same service (or two overall rows) are in
 * force in the same month; names the rows' notes or months. */
enum status terms_check(const struct terms *t, struct err *e);

/* "list", "contract", "contract+tax" and back (-1 for an unknown name). */
const char *terms_basis_name(enum terms_basis b);
int terms_basis_parse(const char *s);
/* One line for a report: what the basis means, in English or Japanese. */
const char *terms_basis_text(enum terms_basis b, int japanese);
const char *terms_rounding_name(enum money_rounding r);

/* The decimals a currency's invoice is rounded to: 0 for JPY (and for a
 * bill without a currency column, which yosan reads as yen), else 2. */
int terms_currency_decimals(const char *currency);

#endif
