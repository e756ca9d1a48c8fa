/*
 * terms.c - billing terms: the built-in Japanese defaults, rate lookups by
 * month and service, and basis names (see terms.h; docs/terms.md).
 */
#include "terms.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

static const struct {
    int year, month;
    int64_t ppm;
} jp_tax[] = {
    {1989, 4, 30000},  /* 消費税法 (昭和63年法律第108号) */
    {1997, 4, 50000},  /* 平成6年法律第109号 (地方消費税 1 % included) */
    {2014, 4, 80000},  /* 平成24年法律第68号 */
    {2019, 10, 100000} /* 同 (2019-10-01, 標準税率) */
};

enum status terms_defaults(struct terms *t, struct err *e)
{
    memset(t, 0, sizeof *t);
    size_t n = sizeof jp_tax / sizeof jp_tax[0];
    t->tax = calloc(n, sizeof *t->tax);
    if (!t->tax)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        t->tax[i] = (struct terms_tax){month_index(jp_tax[i].year, jp_tax[i].month), jp_tax[i].ppm};
    t->ntax = n;
    t->rounding = MONEY_FLOOR;
    snprintf(t->source, sizeof t->source, "built-in defaults");
    return ST_OK;
}

void terms_release(struct terms *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nexempt; i++)
        free(t->exempt[i]);
    for (size_t i = 0; i < t->nadj; i++) {
        free(t->adj[i].service);
        free(t->adj[i].note);
    }
    for (size_t i = 0; i < t->nrev; i++)
        free(t->rev[i].note);
    free(t->rev);
    free(t->fx.note);
    free(t->exempt);
    free(t->adj);
    free(t->tax);
    memset(t, 0, sizeof *t);
}

int64_t terms_tax_ppm(const struct terms *t, int month)
{
    int64_t ppm = 0;
    for (size_t i = 0; i < t->ntax && t->tax[i].from_month <= month; i++)
        ppm = t->tax[i].ppm;
    return ppm;
}

int terms_taxable(const struct terms *t, const char *service)
{
    for (size_t i = 0; service && i < t->nexempt; i++)
        if (strcmp(t->exempt[i], service) == 0)
            return 0;
    return 1;
}

int64_t terms_revision_ppm(const struct terms *t, int month)
{
    __int128 f = TERMS_PPM;
    for (size_t i = 0; i < t->nrev && t->rev[i].from_month <= month; i++)
        f = f * (TERMS_PPM + t->rev[i].ppm) / TERMS_PPM;
    return (int64_t)(f - TERMS_PPM);
}

static int adj_active(const struct terms_adjust *a, int month)
{
    return a->from_month <= month && month <= a->to_month;
}

int64_t terms_contract_ppm(const struct terms *t, const char *service, int month)
{
    int64_t overall = 0;
    for (size_t i = 0; i < t->nadj; i++) {
        const struct terms_adjust *a = &t->adj[i];
        if (!adj_active(a, month))
            continue;
        if (!a->service)
            overall = a->ppm;
        else if (service && strcmp(a->service, service) == 0)
            return a->ppm;
    }
    return overall;
}

static int same_target(const struct terms_adjust *a, const struct terms_adjust *b)
{
    if (!a->service || !b->service)
        return !a->service && !b->service;
    return strcmp(a->service, b->service) == 0;
}

enum status terms_check(const struct terms *t, struct err *e)
{
    for (size_t i = 0; i < t->nadj; i++)
        for (size_t j = 0; j < i; j++) {
            const struct terms_adjust *a = &t->adj[j], *b = &t->adj[i];
            if (!same_target(a, b) || a->to_month < b->from_month || b->to_month < a->from_month)
                continue;
            char m[DATE_ISO_LEN];
            month_format(a->from_month > b->from_month ? a->from_month : b->from_month, m);
            return err_set(e, ST_PARSE,
                           "contract rows %zu and %zu both apply to %s in %s: end the first "
                           "with 'to' before the second starts",
                           j + 1, i + 1, a->service ? a->service : "all services", m);
        }
    return ST_OK;
}

static const char *const basis_names[] = {"list", "contract", "contract+tax"};

const char *terms_basis_name(enum terms_basis b)
{
    return (unsigned)b < 3 ? basis_names[b] : "list";
}

int terms_basis_parse(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, basis_names[i]) == 0)
            return i;
    return -1;
}

const char *terms_basis_text(enum terms_basis b, int japanese)
{
    static const char *const en[] = {
        "list: the bill's own prices, before consumption tax",
        "contract: list moved by the contract's markup or discount, before consumption tax",
        "contract+tax: contract plus consumption tax (tax included)",
    };
    static const char *const ja[] = {
        "定価ベース (請求書の価格、税抜)",
        "契約ベース (定価に契約の掛け率を適用、税抜)",
        "契約ベース税込 (契約価格に消費税及び地方消費税を加算)",
    };
    unsigned i = (unsigned)b < 3 ? (unsigned)b : 0;
    return japanese ? ja[i] : en[i];
}

const char *terms_rounding_name(enum money_rounding r)
{
    return r == MONEY_CEIL ? "ceil" : r == MONEY_HALF_UP ? "round" : "floor";
}

int terms_currency_decimals(const char *currency)
{
    return !currency || !*currency || strcmp(currency, "JPY") == 0 ? 0 : 2;
}
