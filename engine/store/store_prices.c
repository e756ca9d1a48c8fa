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
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(
        s->sdb,
        "INSERT INTO vm_prices (arm_sku, region, currency, price_type, os, hourly, retail_price, "
        "effective_start, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (arm_sku, region, currency, price_type, os) DO UPDATE SET "
        "hourly = excluded.hourly, retail_price = excluded.retail_price, "
        "effective_start = excluded.effective_start, import_id = excluded.import_id "
        "WHERE excluded.effective_start >= vm_prices.effective_start",
        &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, sku);
    sdb_bind_text(st, 2, region);
    sdb_bind_text(st, 3, row->currency);
    sdb_bind_text(st, 4, row->price_type);
    sdb_bind_text(st, 5, row->os);
    sdb_bind_double(st, 6, row->hourly);
    sdb_bind_double(st, 7, row->retail_price);
    sdb_bind_text(st, 8, row->effective_start ? row->effective_start : "");
    sdb_bind_i64(st, 9, import_id);
    rc = store_step_done(st, "cannot store price", e);
    *stored = sdb_changes(s->sdb) > 0;
    sdb_finalize(st);
    return rc;
}

enum status store_prices_finish(struct store *s, int64_t import_id, int64_t rows, struct err *e)
{
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(s->sdb, "UPDATE imports SET row_count = ? WHERE id = ?", &st, e);
    if (rc == ST_OK) {
        sdb_bind_i64(st, 1, rows);
        sdb_bind_i64(st, 2, import_id);
        rc = store_step_done(st, "cannot record import", e);
        sdb_finalize(st);
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
    double hours;     /* qty x hours per unit */
    double hourly;    /* cost / hours */
};

struct store_rate_cache {
    int64_t changes;         /* sdb_total_changes() when built */
    char from[DATE_ISO_LEN]; /* usage days summed, inclusive */
    char to[DATE_ISO_LEN];
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
    char *key; /* "size\x1fcurrency\x1fhours", owned */
    struct money cost;
    double qty, unit_hours;
};

struct rate_accs {
    struct rate_acc *v;
    size_t n, cap;
    struct strmap index; /* key -> index in v */
};

static void rate_accs_release(struct rate_accs *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i].key);
    free(a->v);
    strmap_release(&a->index);
}

/* The accumulator for key[0..len), created when new; NULL when out of memory. */
static struct rate_acc *rate_acc_get(struct rate_accs *a, const char *key, size_t len,
                                     double unit_hours)
{
    int64_t at;
    if (strmap_get(&a->index, key, len, &at))
        return &a->v[at];
    if (a->n == a->cap) {
        size_t ncap = a->cap ? a->cap * 2 : 64;
        struct rate_acc *p = realloc(a->v, ncap * sizeof *p);
        if (!p)
            return NULL;
        a->v = p;
        a->cap = ncap;
    }
    struct rate_acc *r = &a->v[a->n];
    *r = (struct rate_acc){strdup(key), MONEY_ZERO, 0, unit_hours};
    if (!r->key || strmap_put(&a->index, key, len, (int64_t)a->n) != 0) {
        free(r->key);
        return NULL;
    }
    a->n++;
    return r;
}

/* Sum the pay-as-you-go VM usage rows into a. */
static enum status rates_scan(struct store *s, const struct store_meter_index *meters,
                              const char *from, const char *to, struct rate_accs *a, struct err *e)
{
    int64_t lo, hi;
    enum status rc = store_cost_id_hull(s, from, to, &lo, &hi, e);
    if (rc != ST_OK)
        return rc;
    struct sdb_stmt *st = NULL;
    rc = sdb_prepare(
        s->sdb,
        "SELECT vm_size, meter_id, currency, cost_e6, cost_e12, quantity FROM costs "
        "WHERE id >= ? AND id <= ? AND usage_date >= ? AND usage_date <= ? "
        "AND vm_size IS NOT NULL AND dataset = 0 AND charge_type = 'Usage' "
        "AND pricing_model NOT IN ('Reservation', 'SavingsPlan', 'Spot') AND quantity > 0",
        &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, lo);
    sdb_bind_i64(st, 2, hi);
    sdb_bind_text(st, 3, from);
    sdb_bind_text(st, 4, to);
    char key[160], last_key[160] = "";
    struct rate_acc *last = NULL; /* rows come in runs of one size */
    enum sdb_rc step;
    while ((step = store_step(st, "cannot read cost rates", e)) == SDB_ROW) {
        const struct store_meter_info *m = store_meter_get(meters, sdb_column_i64(st, 1));
        if (!m || m->unit_hours <= 0)
            continue;
        char size[64];
        lower_copy(size, sizeof size, sdb_column_text(st, 0));
        const char *cur = sdb_column_text(st, 2);
        int klen =
            snprintf(key, sizeof key, "%s\x1f%.3s\x1f%g", size, cur ? cur : "", m->unit_hours);
        if (klen < 0 || (size_t)klen >= sizeof key)
            continue;
        if (!last || strcmp(key, last_key) != 0) {
            if (!(last = rate_acc_get(a, key, (size_t)klen, m->unit_hours))) {
                rc = err_set(e, ST_NOMEM, "out of memory");
                break;
            }
            memcpy(last_key, key, (size_t)klen + 1);
        }
        last->cost =
            money_add(last->cost, money_normalize(sdb_column_i64(st, 3), sdb_column_i64(st, 4)));
        last->qty += sdb_column_double(st, 5);
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

/* One cache entry per accumulator with a quantity. */
static enum status rates_fill(struct store_rate_cache *c, const struct rate_accs *a, struct err *e)
{
    if (!a->n)
        return ST_OK;
    if (!(c->v = calloc(a->n, sizeof *c->v)))
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < a->n; i++) {
        const struct rate_acc *x = &a->v[i];
        const char *sep = strchr(x->key, '\x1f');
        const char *sep2 = sep ? strchr(sep + 1, '\x1f') : NULL;
        if (x->qty <= 0 || !sep || !sep2)
            continue;
        struct rate_entry *r = &c->v[c->n];
        if (!(r->sku = strndup(x->key, (size_t)(sep - x->key))))
            return err_set(e, ST_NOMEM, "out of memory");
        snprintf(r->currency, sizeof r->currency, "%.*s", (int)(sep2 - sep - 1), sep + 1);
        r->qty = x->qty;
        r->hours = x->qty * x->unit_hours;
        r->hourly = money_to_double(x->cost) / (x->qty * x->unit_hours);
        c->n++;
    }
    return ST_OK;
}

static enum status build_rates(struct store *s, const char *from, const char *to, struct err *e)
{
    store_rate_cache_free(s);
    struct store_rate_cache *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, ST_NOMEM, "out of memory");
    s->rates = c;
    c->changes = sdb_total_changes(s->sdb);
    snprintf(c->from, sizeof c->from, "%s", from);
    snprintf(c->to, sizeof c->to, "%s", to);
    struct store_meter_index meters;
    struct rate_accs acc;
    memset(&acc, 0, sizeof acc);
    strmap_init(&acc.index);
    enum status rc = store_meter_index_load(s, &meters, e);
    if (rc == ST_OK)
        rc = rates_scan(s, &meters, from, to, &acc, e);
    if (rc == ST_OK)
        rc = rates_fill(c, &acc, e);
    rate_accs_release(&acc);
    store_meter_index_release(&meters);
    return rc;
}

/* The cache for these usage days (NULL = all), (re)built when the days
 * differ or this connection has written since. */
static enum status ensure_rates(struct store *s, const struct price_days *days, struct err *e)
{
    char from[DATE_ISO_LEN] = "0000-01-01", to[DATE_ISO_LEN] = "9999-12-31";
    if (days) {
        date_format(days->from_day, from);
        date_format(days->to_day, to);
    }
    if (s->rates && s->rates->changes == sdb_total_changes(s->sdb) &&
        strcmp(s->rates->from, from) == 0 && strcmp(s->rates->to, to) == 0)
        return ST_OK;
    return build_rates(s, from, to, e);
}

enum status store_price_warm(struct store *s, const struct price_days *days, struct err *e)
{
    return ensure_rates(s, days, e);
}

/* Effective pay-as-you-go rate per hour from the user's own actual cost
 * rows: the unit and currency billed most for that size. */
static enum status own_rate(struct store *s, const char *sku, const char *currency,
                            struct vm_price *out, struct err *e)
{
    enum status rc = ensure_rates(s, NULL, e);
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

/* 1 when the Retail Prices of region (or any) have a row in currency cur
 * (same = 1) or in another one (same = 0); -1 on a database error, with
 * "cannot read prices: <the database's message>" in e. */
static int prices_exist(struct store *s, const char *reg, const char *cur, int same, struct err *e)
{
    struct sdb_stmt *st = NULL;
    struct err why;
    if (sdb_prepare(s->sdb,
                    same ? "SELECT 1 FROM vm_prices WHERE (?1 = '' OR region = ?1) "
                           "AND currency = ?2 LIMIT 1"
                         : "SELECT currency FROM vm_prices WHERE (?1 = '' OR region = ?1) "
                           "AND currency <> ?2 LIMIT 1",
                    &st, &why) != ST_OK) {
        /* sdb says "cannot prepare statement: <the database's message>" */
        const char *prefix = "cannot prepare statement: ";
        const char *detail = why.msg;
        if (strncmp(detail, prefix, strlen(prefix)) == 0)
            detail += strlen(prefix);
        err_set(e, ST_DB, "cannot read prices: %s", detail);
        return -1;
    }
    sdb_bind_text(st, 1, reg);
    sdb_bind_text(st, 2, cur);
    enum sdb_rc step = store_step(st, "cannot read prices", e);
    sdb_finalize(st);
    return step == SDB_ROW ? 1 : step == SDB_DONE ? 0 : -1;
}

enum status store_price_currency_check(struct store *s, const char *region, const char *currency,
                                       struct err *e)
{
    if (!currency || !*currency)
        return err_set(e, ST_USAGE, "a price lookup needs the currency of the bill");
    char reg[64];
    lower_copy(reg, sizeof reg, region ? region : "");
    /* e keeps the message of the last lookup that failed */
    int other = prices_exist(s, reg, currency, 0, e), same = prices_exist(s, reg, currency, 1, e);
    if (other < 0 || same < 0)
        return ST_DB;
    if (other && !same)
        return err_set(e, ST_PARSE,
                       "currency mismatch: the bill is in %s but the imported Retail Prices%s%s "
                       "are in another currency; a price in one currency cannot price a bill in "
                       "another: import prices in %s (yosan pull prices --currency %s)",
                       currency, *reg ? " for " : "", reg, currency, currency);
    return ST_OK;
}

enum status store_price_vm(struct store *s, const char *arm_sku, const char *region,
                           const char *currency, struct vm_price *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->payg_hourly = out->ri1y_hourly = out->ri3y_hourly = NAN;
    out->sp1y_hourly = out->sp3y_hourly = NAN;
    if (!currency || !*currency)
        return err_set(e, ST_USAGE, "a price lookup needs the currency of the bill");
    char sku[128], reg[64];
    lower_copy(sku, sizeof sku, arm_sku);
    lower_copy(reg, sizeof reg, region ? region : "");
    struct sdb_stmt *st = NULL;
    /* linux before windows; the asked region, else any region (cheapest first) */
    enum status rc =
        sdb_prepare(s->sdb,
                    "SELECT price_type, hourly, currency FROM vm_prices "
                    "WHERE arm_sku = ? AND (? = '' OR region = ?) AND (? = '' OR currency = ?) "
                    "ORDER BY CASE os WHEN 'linux' THEN 0 ELSE 1 END, currency, hourly",
                    &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, sku);
    sdb_bind_text(st, 2, reg);
    sdb_bind_text(st, 3, reg);
    sdb_bind_text(st, 4, currency ? currency : "");
    sdb_bind_text(st, 5, currency ? currency : "");
    enum sdb_rc step;
    int found = 0;
    while ((step = store_step(st, "cannot read prices", e)) == SDB_ROW) {
        const char *type = sdb_column_text(st, 0);
        const char *cur = sdb_column_text(st, 2);
        double hourly = sdb_column_double(st, 1);
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
    if (step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
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

struct price_days store_price_window(int32_t first_day, int32_t last_day)
{
    struct price_days d = {last_day - 89, last_day};
    if (first_day < d.from_day)
        d.from_day = first_day;
    return d;
}

void store_price_book_release(struct price_book *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->v[i].arm_sku);
    free(b->v);
    memset(b, 0, sizeof *b);
}

static int cmp_rate(const void *a, const void *b)
{
    return strcmp(((const struct vm_rate *)a)->arm_sku, ((const struct vm_rate *)b)->arm_sku);
}

const struct vm_rate *store_price_book_find(const struct price_book *b, const char *arm_sku)
{
    char low[128];
    lower_copy(low, sizeof low, arm_sku);
    struct vm_rate key = {low, 0, 0, PRICE_SRC_NONE};
    return b->n ? bsearch(&key, b->v, b->n, sizeof *b->v, cmp_rate) : NULL;
}

void store_price_source_label(enum price_source src, double ratio, char *buf, size_t n)
{
    switch (src) {
    case PRICE_SRC_BILL:
        snprintf(buf, n, "bill");
        break;
    case PRICE_SRC_RETAIL:
        snprintf(buf, n, "retail x %.2f", ratio);
        break;
    case PRICE_SRC_SERIES:
        snprintf(buf, n, "series");
        break;
    default:
        snprintf(buf, n, "%s", "");
    }
}

void store_price_book_describe(const struct price_book *b, const char *region, const char *currency,
                               const struct price_days *days, char *buf, size_t n)
{
    size_t own = 0;
    for (size_t i = 0; i < b->n; i++)
        own += b->v[i].source == PRICE_SRC_BILL;
    char from[DATE_ISO_LEN] = "", to[DATE_ISO_LEN] = "";
    if (days) {
        date_format(days->from_day, from);
        date_format(days->to_day, to);
    }
    snprintf(buf, n,
             "prices %s %s: own rates%s%s%s%s for %zu sizes; the other %zu retail x %.2f (own / "
             "retail over %zu shared sizes, %.0f h%s)",
             region && *region ? region : "(any region)", currency, days ? " " : " (all history)",
             from, days ? ".." : "", to, own, b->n - own, b->ratio, b->shared, b->shared_hours,
             b->shared ? "" : ": none, so 1.0");
}

/* Append a rate unless the sku is already the last entry. */
static enum status push_rate(struct price_book *b, size_t *cap, const char *sku, double hourly,
                             double retail, enum price_source src, struct err *e)
{
    if (b->n && strcmp(b->v[b->n - 1].arm_sku, sku) == 0)
        return ST_OK;
    if (b->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        struct vm_rate *p = realloc(b->v, ncap * sizeof *p);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        b->v = p;
        *cap = ncap;
    }
    char *copy = strdup(sku);
    if (!copy)
        return err_set(e, ST_NOMEM, "out of memory");
    b->v[b->n++] = (struct vm_rate){copy, hourly, retail, src};
    return ST_OK;
}

/* 1 when r is the own-rate entry of its size to use in currency cur: the
 * first of the entries billed most (the unit and currency billed most). */
static int own_best(const struct store_rate_cache *c, size_t i, const char *cur)
{
    const struct rate_entry *r = &c->v[i];
    if (strcmp(r->currency, cur) != 0)
        return 0;
    for (size_t j = 0; j < c->n; j++) {
        const struct rate_entry *o = &c->v[j];
        if (j != i && strcmp(o->sku, r->sku) == 0 && strcmp(o->currency, cur) == 0 &&
            (o->qty > r->qty || (o->qty == r->qty && j < i)))
            return 0;
    }
    return 1;
}

/* Step 1 of the rule: every size with an own rate in c is priced by it
 * (replacing its retail price among b->v[0..n_retail)), and the sizes with
 * both give the ratio's sums. */
static enum status book_own(struct price_book *b, size_t *cap, size_t n_retail,
                            const struct store_rate_cache *c, const char *cur, double *own_sum,
                            double *retail_sum, struct err *e)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct rate_entry *r = &c->v[i];
        if (!own_best(c, i, cur))
            continue;
        struct vm_rate key = {r->sku, 0, 0, PRICE_SRC_NONE};
        struct vm_rate *hit =
            n_retail ? bsearch(&key, b->v, n_retail, sizeof *b->v, cmp_rate) : NULL;
        if (!hit) {
            enum status rc = push_rate(b, cap, r->sku, r->hourly, NAN, PRICE_SRC_BILL, e);
            if (rc != ST_OK)
                return rc;
            continue;
        }
        if (hit->retail_hourly > 0 && r->hours > 0) {
            *own_sum += r->hourly * r->hours;
            *retail_sum += hit->retail_hourly * r->hours;
            b->shared++;
            b->shared_hours += r->hours;
        }
        hit->hourly = r->hourly;
        hit->source = PRICE_SRC_BILL;
    }
    return ST_OK;
}

/* The Retail Prices' pay-as-you-go rate of every size, sorted by size. */
static enum status book_retail(struct store *s, const char *reg, const char *cur,
                               struct price_book *b, size_t *cap, struct err *e)
{
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(s->sdb,
                                 "SELECT arm_sku, hourly FROM vm_prices WHERE price_type = 'payg' "
                                 "AND (? = '' OR region = ?) AND currency = ? "
                                 "ORDER BY arm_sku, CASE os WHEN 'linux' THEN 0 ELSE 1 END, hourly",
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, reg);
    sdb_bind_text(st, 2, reg);
    sdb_bind_text(st, 3, cur);
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK && (step = store_step(st, "cannot read prices", e)) == SDB_ROW) {
        double h = sdb_column_double(st, 1);
        rc = push_rate(b, cap, sdb_column_text(st, 0), h, h, PRICE_SRC_RETAIL, e);
    }
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

enum status store_price_book(struct store *s, const char *region, const char *currency,
                             const struct price_days *days, struct price_book *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->ratio = 1.0;
    if (!currency || !*currency)
        return err_set(e, ST_USAGE, "a price lookup needs the currency of the bill");
    char reg[64];
    lower_copy(reg, sizeof reg, region ? region : "");
    size_t cap = 0;
    enum status rc = book_retail(s, reg, currency, out, &cap, e);
    size_t n_retail = out->n;
    double own_sum = 0, retail_sum = 0;
    if (rc == ST_OK)
        rc = ensure_rates(s, days, e);
    if (rc == ST_OK && s->rates)
        rc = book_own(out, &cap, n_retail, s->rates, currency, &own_sum, &retail_sum, e);
    if (rc != ST_OK) {
        store_price_book_release(out);
        return rc;
    }
    if (retail_sum > 0)
        out->ratio = own_sum / retail_sum;
    for (size_t i = 0; i < n_retail; i++)
        if (out->v[i].source == PRICE_SRC_RETAIL)
            out->v[i].hourly = out->v[i].retail_hourly * out->ratio;
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_rate);
    return ST_OK;
}

/* One integer from a query without parameters; 0 when NULL. */
static enum status count_of(struct store *s, const char *sql, int64_t *out, struct err *e)
{
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(s->sdb, sql, &st, e);
    if (rc != ST_OK)
        return rc;
    enum sdb_rc step = store_step(st, "cannot read the prices", e);
    if (step == SDB_ROW)
        *out = sdb_column_i64(st, 0);
    else if (step == SDB_DONE)
        rc = err_set(e, ST_DB, "cannot read the prices: no row");
    else
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

enum status store_prices_info(struct store *s, struct price_info *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    enum status rc =
        count_of(s, "SELECT COUNT(*) FROM vm_prices WHERE price_type IN ('payg', 'devtest')",
                 &out->payg_rows, e);
    if (rc == ST_OK)
        rc = count_of(s,
                      "SELECT COUNT(*) FROM vm_prices WHERE price_type NOT IN ('payg', 'devtest')",
                      &out->commit_rows, e);
    if (rc == ST_OK)
        rc = count_of(s,
                      "SELECT COUNT(DISTINCT arm_sku) FROM vm_prices "
                      "WHERE price_type NOT IN ('payg', 'devtest')",
                      &out->commit_sizes, e);
    if (rc == ST_OK)
        rc = count_of(s, "SELECT COUNT(*) FROM imports WHERE format = 'prices'", &out->imports, e);
    if (rc != ST_OK || out->imports == 0)
        return rc;
    struct sdb_stmt *st = NULL;
    rc = sdb_prepare(s->sdb,
                     "SELECT file_name, imported_at FROM imports WHERE format = 'prices' "
                     "ORDER BY id DESC LIMIT 1",
                     &st, e);
    if (rc != ST_OK)
        return rc;
    if (sdb_step(st, NULL) == SDB_ROW) {
        const char *f = sdb_column_text(st, 0);
        const char *at = sdb_column_text(st, 1);
        snprintf(out->last_file, sizeof out->last_file, "%s", f ? f : "");
        snprintf(out->last_at, sizeof out->last_at, "%s", at ? at : "");
    }
    sdb_finalize(st);
    return rc;
}
