/*
 * store_prices.c - VM prices (see store_prices.h): writing Retail Prices
 * pages, and looking up a size's hourly rates with the fallback to the
 * effective hourly rate in the user's own cost rows.
 */
#include "store_prices.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "money.h"
#include "store_internal.h"
#include "strmap.h"

static void lower_copy(char *dst, size_t cap, const char *src)
{
    size_t i = 0;
    for (; src && src[i] && i + 1 < cap; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[i] = '\0';
}

enum status store_prices_begin(struct store *s, const char *file_name, const char *sha256,
                               int64_t *import_id, int *duplicate, struct err *e)
{
    *duplicate = 0;
    enum status rc = store_import_seen(s, sha256, "prices", duplicate, e);
    if (rc != ST_OK || *duplicate)
        return rc;
    if ((rc = store_begin(s, e)) != ST_OK)
        return rc;
    if ((rc = store_import_record(s, file_name, sha256, "prices", "prices", import_id, e)) != ST_OK)
        store_rollback(s);
    return rc;
}

enum status store_price_put(struct store *s, int64_t import_id, const struct vm_price_row *row,
                            int *stored, struct err *e)
{
    char sku[128], region[64];
    lower_copy(sku, sizeof sku, row->arm_sku);
    lower_copy(region, sizeof region, row->region);
    sqlite3_stmt *st = NULL;
    enum status rc = store_prepare(
        s,
        "INSERT INTO vm_prices (arm_sku, region, currency, price_type, os, hourly, retail_price, "
        "effective_start, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (arm_sku, region, currency, price_type, os) DO UPDATE SET "
        "hourly = excluded.hourly, retail_price = excluded.retail_price, "
        "effective_start = excluded.effective_start, import_id = excluded.import_id "
        "WHERE excluded.effective_start >= vm_prices.effective_start",
        &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, sku, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, row->currency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, row->price_type, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, row->os, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 6, row->hourly);
    sqlite3_bind_double(st, 7, row->retail_price);
    sqlite3_bind_text(st, 8, row->effective_start ? row->effective_start : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, import_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot store price");
    *stored = sqlite3_changes(s->db) > 0;
    sqlite3_finalize(st);
    return rc;
}

enum status store_prices_finish(struct store *s, int64_t import_id, int64_t rows, struct err *e)
{
    sqlite3_stmt *st = NULL;
    enum status rc = store_prepare(s, "UPDATE imports SET row_count = ? WHERE id = ?", &st, e);
    if (rc == ST_OK) {
        sqlite3_bind_int64(st, 1, rows);
        sqlite3_bind_int64(st, 2, import_id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_db_err(s, e, "cannot record import");
        sqlite3_finalize(st);
    }
    if (rc == ST_OK)
        rc = store_commit(s, e);
    if (rc != ST_OK)
        store_rollback(s);
    return rc;
}

void store_prices_abort(struct store *s)
{
    store_rollback(s);
}

/* Effective pay-as-you-go rates per hour from the user's own actual cost
 * rows, for every VM size at once: one scan of the cost rows serves all the
 * store_price_vm() calls of a command (right-sizing asks for each size of the
 * catalogue). Rebuilt when this connection has written since. */
struct rate_entry {
    char *sku;        /* lower-case ARM size */
    char currency[4]; /* billing currency */
    double qty;       /* billed quantity, in the meter's unit */
    double hourly;    /* cost / hours */
};

struct store_rate_cache {
    int changes;          /* sqlite3_total_changes() when built */
    struct rate_entry *v; /* n entries */
    size_t n;
};

void store_rate_cache_free(struct store *s)
{
    struct store_rate_cache *c = s->rates;
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].sku);
    free(c->v);
    free(c);
    s->rates = NULL;
}

/* The cache: one entry per (size, hours per unit, currency), summed in C
 * over one scan of the pay-as-you-go usage rows (a GROUP BY over the size
 * text sorted every row of the bill and took longer than the whole
 * right-sizing analysis it served). */
struct rate_acc {
    struct money cost;
    double qty, unit_hours;
};

static enum status build_rates(struct store *s, struct err *e)
{
    store_rate_cache_free(s);
    struct store_rate_cache *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, ST_NOMEM, "out of memory");
    s->rates = c;
    c->changes = sqlite3_total_changes(s->db);
    struct store_meter_index meters;
    enum status rc = store_meter_index_load(s, &meters, e);
    sqlite3_stmt *st = NULL;
    if (rc == ST_OK)
        rc = store_prepare(s,
                           "SELECT vm_size, meter_id, currency, cost_e6, cost_e12, quantity "
                           "FROM costs "
                           "WHERE vm_size IS NOT NULL AND dataset = 0 AND charge_type = 'Usage' "
                           "AND pricing_model NOT IN ('Reservation', 'SavingsPlan', 'Spot') "
                           "AND quantity > 0",
                           &st, e);
    struct strmap index; /* "size\x1fcurrency\x1fhours" -> acc index */
    strmap_init(&index);
    struct rate_acc *acc = NULL;
    char **keys = NULL; /* acc's keys, for the entries */
    size_t n_acc = 0, cap_acc = 0;
    char key[160], last_key[160] = "";
    int64_t last = -1;
    int step = SQLITE_DONE;
    while (rc == ST_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const struct store_meter_info *m = store_meter_get(&meters, sqlite3_column_int64(st, 1));
        double hours = m ? m->unit_hours : 0;
        if (hours <= 0)
            continue;
        char size[64];
        lower_copy(size, sizeof size, (const char *)sqlite3_column_text(st, 0));
        const char *cur = (const char *)sqlite3_column_text(st, 2);
        int klen = snprintf(key, sizeof key, "%s\x1f%.3s\x1f%g", size, cur ? cur : "", hours);
        if (klen < 0 || (size_t)klen >= sizeof key)
            continue;
        int64_t at = -1;
        if (last >= 0 && strcmp(key, last_key) == 0) {
            at = last;
        } else if (!strmap_get(&index, key, (size_t)klen, &at)) {
            if (n_acc == cap_acc) {
                size_t ncap = cap_acc ? cap_acc * 2 : 64;
                struct rate_acc *p = realloc(acc, ncap * sizeof *p);
                char **q = realloc(keys, ncap * sizeof *q);
                if (p)
                    acc = p;
                if (q)
                    keys = q;
                if (!p || !q) {
                    rc = err_set(e, ST_NOMEM, "out of memory");
                    break;
                }
                cap_acc = ncap;
            }
            at = (int64_t)n_acc;
            acc[n_acc] = (struct rate_acc){MONEY_ZERO, 0, hours};
            keys[n_acc] = strdup(key);
            if (!keys[n_acc] || strmap_put(&index, key, (size_t)klen, at) != 0) {
                free(keys[n_acc]);
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            n_acc++;
        }
        last = at;
        memcpy(last_key, key, (size_t)klen + 1);
        struct rate_acc *a = &acc[at];
        a->cost = money_add(
            a->cost, money_normalize(sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4)));
        a->qty += sqlite3_column_double(st, 5);
    }
    if (rc == ST_OK && step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot read cost rates");
    sqlite3_finalize(st);
    if (rc == ST_OK && n_acc) {
        c->v = calloc(n_acc, sizeof *c->v);
        if (!c->v)
            rc = err_set(e, ST_NOMEM, "out of memory");
    }
    for (size_t i = 0; rc == ST_OK && i < n_acc; i++) {
        if (acc[i].qty <= 0)
            continue;
        struct rate_entry *r = &c->v[c->n];
        char *sep = strchr(keys[i], '\x1f');
        char *sep2 = sep ? strchr(sep + 1, '\x1f') : NULL;
        if (!sep || !sep2)
            continue;
        *sep = *sep2 = '\0';
        if (!(r->sku = strdup(keys[i]))) {
            rc = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        snprintf(r->currency, sizeof r->currency, "%s", sep + 1);
        r->qty = acc[i].qty;
        r->hourly = money_to_double(acc[i].cost) / (acc[i].qty * acc[i].unit_hours);
        c->n++;
    }
    for (size_t i = 0; i < n_acc; i++)
        free(keys[i]);
    free(keys);
    free(acc);
    strmap_release(&index);
    store_meter_index_release(&meters);
    return rc;
}

/* The cache, (re)built when this connection has written since. */
static enum status ensure_rates(struct store *s, struct err *e)
{
    if (s->rates && s->rates->changes == sqlite3_total_changes(s->db))
        return ST_OK;
    return build_rates(s, e);
}

enum status store_price_warm(struct store *s, struct err *e)
{
    return ensure_rates(s, e);
}

/* Effective pay-as-you-go rate per hour from the user's own actual cost
 * rows: the unit and currency billed most for that size. */
static enum status own_rate(struct store *s, const char *sku, const char *currency,
                            struct vm_price *out, struct err *e)
{
    enum status rc = ensure_rates(s, e);
    if (rc != ST_OK)
        return rc;
    const struct rate_entry *best = NULL;
    for (size_t i = 0; i < s->rates->n; i++) {
        const struct rate_entry *r = &s->rates->v[i];
        if (strcmp(r->sku, sku) != 0 || (currency && *currency && strcmp(r->currency, currency)))
            continue;
        if (!best || r->qty > best->qty)
            best = r;
    }
    if (!best)
        return ST_NOTFOUND;
    snprintf(out->currency, sizeof out->currency, "%s", best->currency);
    out->payg_hourly = best->hourly;
    out->from_own_costs = 1;
    return ST_OK;
}

enum status store_price_vm(struct store *s, const char *arm_sku, const char *region,
                           const char *currency, struct vm_price *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->payg_hourly = out->ri1y_hourly = out->ri3y_hourly = NAN;
    out->sp1y_hourly = out->sp3y_hourly = NAN;
    char sku[128], reg[64];
    lower_copy(sku, sizeof sku, arm_sku);
    lower_copy(reg, sizeof reg, region ? region : "");
    sqlite3_stmt *st = NULL;
    /* linux before windows; the asked region, else any region (cheapest first) */
    enum status rc =
        store_prepare(s,
                      "SELECT price_type, hourly, currency FROM vm_prices "
                      "WHERE arm_sku = ? AND (? = '' OR region = ?) AND (? = '' OR currency = ?) "
                      "ORDER BY CASE os WHEN 'linux' THEN 0 ELSE 1 END, currency, hourly",
                      &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, sku, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, reg, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, reg, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, currency ? currency : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, currency ? currency : "", -1, SQLITE_STATIC);
    int step, found = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 0);
        const char *cur = (const char *)sqlite3_column_text(st, 2);
        double hourly = sqlite3_column_double(st, 1);
        if (!found)
            snprintf(out->currency, sizeof out->currency, "%s", cur ? cur : "");
        else if (cur && strcmp(cur, out->currency) != 0)
            continue; /* one currency per answer */
        double *slot = NULL;
        if (strcmp(type, "payg") == 0)
            slot = &out->payg_hourly;
        else if (strcmp(type, "ri1y") == 0)
            slot = &out->ri1y_hourly;
        else if (strcmp(type, "ri3y") == 0)
            slot = &out->ri3y_hourly;
        else if (strcmp(type, "sp1y") == 0)
            slot = &out->sp1y_hourly;
        else if (strcmp(type, "sp3y") == 0)
            slot = &out->sp3y_hourly;
        if (slot && isnan(*slot))
            *slot = hourly;
        found = 1;
    }
    if (step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot read prices");
    sqlite3_finalize(st);
    if (rc != ST_OK)
        return rc;
    if (isnan(out->payg_hourly)) {
        struct vm_price own = *out;
        enum status r2 = own_rate(s, sku, found ? out->currency : currency, &own, e);
        if (r2 == ST_OK) {
            *out = own;
            found = 1;
        } else if (r2 != ST_NOTFOUND) {
            return r2;
        }
    }
    if (!found)
        return err_set(e, ST_NOTFOUND, "no price known for '%s'", arm_sku);
    return ST_OK;
}

void store_price_rates_free(struct vm_rate *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].arm_sku);
    free(v);
}

static int cmp_rate(const void *a, const void *b)
{
    return strcmp(((const struct vm_rate *)a)->arm_sku, ((const struct vm_rate *)b)->arm_sku);
}

/* Append (sku, hourly) unless the sku is already the last entry. */
static enum status push_rate(struct vm_rate **v, size_t *n, size_t *cap, const char *sku,
                             double hourly, int own, struct err *e)
{
    if (*n && strcmp((*v)[*n - 1].arm_sku, sku) == 0)
        return ST_OK;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        struct vm_rate *p = realloc(*v, ncap * sizeof *p);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        *v = p;
        *cap = ncap;
    }
    char *copy = strdup(sku);
    if (!copy)
        return err_set(e, ST_NOMEM, "out of memory");
    (*v)[*n].arm_sku = copy;
    (*v)[*n].hourly = hourly;
    (*v)[*n].from_own_costs = own;
    (*n)++;
    return ST_OK;
}

enum status store_price_rates(struct store *s, const char *region, const char *currency,
                              struct vm_rate **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char reg[64];
    lower_copy(reg, sizeof reg, region ? region : "");
    const char *cur = currency ? currency : "";
    struct vm_rate *v = NULL;
    size_t nv = 0, cap = 0;
    sqlite3_stmt *st = NULL;
    enum status rc =
        store_prepare(s,
                      "SELECT arm_sku, hourly FROM vm_prices WHERE price_type = 'payg' "
                      "AND (? = '' OR region = ?) AND (? = '' OR currency = ?) "
                      "ORDER BY arm_sku, CASE os WHEN 'linux' THEN 0 ELSE 1 END, hourly",
                      &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, reg, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, reg, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, cur, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, cur, -1, SQLITE_STATIC);
    int step;
    while (rc == ST_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = push_rate(&v, &nv, &cap, (const char *)sqlite3_column_text(st, 0),
                       sqlite3_column_double(st, 1), 0, e);
    if (rc == ST_OK && step != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot read prices");
    sqlite3_finalize(st);
    size_t n_retail = nv;
    /* own effective rates: per size, the unit and currency billed most */
    if (rc == ST_OK)
        rc = ensure_rates(s, e);
    if (rc == ST_OK) {
        const struct store_rate_cache *c = s->rates;
        for (size_t i = 0; rc == ST_OK && i < c->n; i++) {
            const struct rate_entry *r = &c->v[i];
            if (*cur && strcmp(r->currency, cur) != 0)
                continue;
            int best = 1; /* the first of the entries with the most quantity */
            for (size_t j = 0; best && j < c->n; j++) {
                const struct rate_entry *o = &c->v[j];
                if (j != i && strcmp(o->sku, r->sku) == 0 &&
                    (!*cur || strcmp(o->currency, cur) == 0) &&
                    (o->qty > r->qty || (o->qty == r->qty && j < i)))
                    best = 0;
            }
            if (!best)
                continue;
            struct vm_rate key = {r->sku, 0, 0};
            if (n_retail && bsearch(&key, v, n_retail, sizeof *v, cmp_rate))
                continue; /* a retail price wins */
            if ((rc = push_rate(&v, &nv, &cap, r->sku, r->hourly, 1, e)) != ST_OK)
                break;
        }
    }
    if (rc != ST_OK) {
        store_price_rates_free(v, nv);
        return rc;
    }
    if (nv)
        qsort(v, nv, sizeof *v, cmp_rate);
    *out = v;
    *n = nv;
    return ST_OK;
}
