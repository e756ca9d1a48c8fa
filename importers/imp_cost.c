/*
 * imp_cost.c - stream an Azure cost export (EA, MCA or FOCUS CSV, plain or
 * gzip) into the store, all-or-nothing per file.
 *
 * Three threads share the work, so a large export uses every core:
 *   - the parser (the caller's thread) reads 256 KiB chunks, feeds libcsv
 *     one physical line at a time (which gives exact line numbers for free),
 *     copies the mapped columns of each record into a batch arena and
 *     converts them (dates, exact amounts, numbers, Tags and AdditionalInfo
 *     JSON: none of it needs the database);
 *   - the store thread writes a full batch with store_cost_add(), while the
 *     parser fills the other batch (double buffering). It is the busier of
 *     the two (the dimension caches and SQLite), so the conversions stay off
 *     it. A conversion error is kept with its batch and reported by the
 *     store thread when it reaches that record, so which error a file with
 *     several reports does not depend on the threads;
 *   - for files over 32 MiB a hasher computes the SHA-256 concurrently and
 *     the duplicate check happens before commit; smaller files are hashed
 *     first so a re-import stops at once. A pipe or stdin is hashed by the
 *     reader as it is read (imp_file.h), and checked before commit too.
 * Memory stays flat: two batches of 2048 records (handed over early when
 * their text passes 16 MiB), a capped Tags cache, and one record of at most
 * IMP_LINE_MAX bytes, refused as soon as it passes that.
 * Columns are found by name through the alias table (imp_cost_fields.c).
 * Any bad value aborts the file with "FILE:LINE: field 'X': ..." and the
 * store transaction is rolled back.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "imp_cost.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "imp_cost_fields.h"
#include "imp_csv.h"
#include "imp_file.h"
#include "log.h"
#include "money.h"
#include "store_costs.h"
#include "strmap.h"
#include "tags.h"
#include "utf8.h"

#define CHUNK_BYTES (256 * 1024)
#define BATCH_ROWS  2048
#define ARENA_FLUSH ((size_t)16 << 20) /* a batch's text past this is handed over early */
/* a batch's text: what was there before its last record, plus that record */
#define ARENA_MAX       (ARENA_FLUSH + IMP_LINE_MAX + MAX_COLUMNS + 1)
#define TAG_CACHE_BYTES ((size_t)8 << 20) /* raw -> normalised Tags texts, CLOCK-evicted */
#define MAX_COLUMNS     4096
#define HASH_FIRST_SIZE (32u << 20) /* smaller files are hashed before parsing */

/* One record: where each role's text sits in its batch's arena. Offset 0
 * is the empty string shared by absent columns. */
struct rec {
    int64_t line;              /* physical line the record starts on */
    uint32_t off[IMP_R_COUNT]; /* arena offsets */
    uint32_t len[IMP_R_COUNT]; /* bytes, NUL not counted */
};

/* One record's converted values (the parser fills them, see convert_rec). */
struct conv {
    struct money cost, effective; /* exact amounts (effective: FOCUS only) */
    double quantity, unit_price, effective_price, payg_price; /* NAN when absent */
    int32_t usage_day;                                        /* date.h day number */
    uint32_t tags_off;   /* normalised Tags text in the batch's tags (0: "{}") */
    int vcpus;           /* from AdditionalInfo, 0 unknown */
    int term_months;     /* Term column, 0 unknown */
    uint8_t inexact;     /* amounts rounded (counted when the row is stored) */
    uint8_t empty_costs; /* empty amounts taken as 0 (likewise) */
    char vm_size[64];    /* from AdditionalInfo, "" unknown */
};

struct batch {
    struct rec *recs;   /* BATCH_ROWS records, zeroed once */
    struct conv *conv;  /* their converted values, BATCH_ROWS */
    size_t n;           /* complete records */
    struct buf arena;   /* NUL-terminated field texts */
    struct buf tags;    /* NUL-terminated normalised Tags texts ("{}" at 0) */
    size_t bad;         /* index of the first record that failed to convert, or n */
    int has_bad;        /* a record failed to convert: the store thread reports it */
    enum status bad_st; /* its status */
    struct err bad_err; /* its message ("FILE:LINE: field 'X': ...") */
};

/* SHA-256 computed beside the parse (large files). */
struct hasher {
    pthread_t thread; /* running between start and join */
    const char *path; /* file to hash */
    int cancel;       /* set (atomically) to stop early */
    enum status st;   /* result */
    struct err err;   /* its error */
    char hex[65];     /* digest */
};

/* The store thread's own state: only it touches these until it is joined. */
struct writer {
    pthread_t thread;                          /* the store thread */
    int running;                               /* 1 between create and join */
    int64_t lines, rows, inexact, empty_costs; /* counters */
    enum status st;                            /* first failure */
    struct err err;                            /* its message */
    int64_t err_line;                          /* its line */
};

struct imp_state {
    const char *path;                   /* as given, for messages */
    const struct imp_cost_options *opt; /* caller's options */
    struct store *s;                    /* destination */
    struct err *e;                      /* caller's error */
    enum status st;                     /* parser's first failure */
    int64_t err_line;                   /* its line */
    int stop;                           /* ignore further callbacks */
    struct imp_file file;               /* input */
    int64_t cur_line;                   /* physical line being fed to libcsv */
    int64_t rec_line;                   /* line the current record started on */
    int64_t rec_start;                  /* line the record being fed started on */
    size_t rec_bytes;                   /* bytes of that record fed so far */
    int row_ended;                      /* a record ended in the last segment fed */
    /* header (read-only once the store thread runs) */
    int in_header;            /* 1 until the first record ends */
    char **hdr;               /* header names (owned) */
    int nhdr, cap_hdr;        /* used / allocated */
    int role_of[MAX_COLUMNS]; /* column -> enum imp_role or -1 */
    int col_of[IMP_R_COUNT];  /* role -> column or -1 */
    enum imp_format fmt;      /* detected or forced */
    int ds_forced;            /* --dataset given */
    int named_amortized;      /* the file name says "amortized" */
    enum cost_dataset ds;     /* EA/MCA rows' dataset as stored */
    int32_t day_lo, day_hi;   /* usage days accepted (the date window) */
    /* import */
    int begun;                /* store_import_begin succeeded */
    int duplicate;            /* same sha256 imported before */
    int64_t import_id;        /* store import id */
    int nfield;               /* fields of the current record */
    struct imp_csv_line line; /* the fast path's spans (imp_csv_fast_line) */
    /* conversion (the parser's, see convert_rec) */
    struct strmap tag_cache; /* raw Tags text -> normalised text */
    struct buf scratch;      /* Tags normalisation */
    int amortized_evidence;  /* content shows an amortized export */
    /* pipeline */
    struct batch batches[2]; /* double buffer */
    int fill;                /* index of the batch being filled */
    pthread_mutex_t mu;      /* guards full, closed, failed */
    pthread_cond_t cv;       /* signalled on every change */
    struct batch *full;      /* handed to the store thread */
    int closed;              /* the parser is done */
    int failed;              /* the store thread failed */
    struct writer w;         /* store thread */
    struct hasher h;         /* concurrent SHA-256, when hashing_late */
    int hashing_late;        /* the hasher thread runs */
    struct timespec t0;      /* start, for the debug timing */
};

/* -------------------------------------------------------------- utilities */

static double elapsed(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 1 if hay contains needle, ASCII case-insensitively. */
static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

static void parser_fail(struct imp_state *p, int64_t line)
{
    p->err_line = line;
    p->stop = 1;
}

/* ------------------------------------------------------------- the hasher */

static void *hasher_main(void *arg)
{
    struct hasher *h = arg;
#ifdef __GLIBC__
    pthread_setname_np(pthread_self(), "yosan-sha256");
#endif
    FILE *fp = fopen(h->path, "rb");
    if (!fp) {
        h->st = err_set(&h->err, ST_IO, "cannot open '%s': %s", h->path, strerror(errno));
        return NULL;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char *chunk = malloc(1 << 20);
    if (!ctx || !chunk || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        h->st = err_set(&h->err, ST_NOMEM, "cannot start sha256");
    } else {
        size_t n;
        while (!__atomic_load_n(&h->cancel, __ATOMIC_RELAXED) &&
               (n = fread(chunk, 1, 1 << 20, fp)) > 0)
            EVP_DigestUpdate(ctx, chunk, n);
        if (ferror(fp))
            h->st = err_set(&h->err, ST_IO, "cannot read '%s'", h->path);
        unsigned char md[32];
        unsigned int mdlen = 0;
        EVP_DigestFinal_ex(ctx, md, &mdlen);
        for (int i = 0; i < 32; i++)
            snprintf(h->hex + 2 * i, 3, "%02x", md[i]);
    }
    free(chunk);
    EVP_MD_CTX_free(ctx);
    fclose(fp);
    return NULL;
}

/* Join the hasher; cancel it first when its digest is no longer needed. */
static void hasher_join(struct imp_state *p, int cancel)
{
    if (!p->hashing_late)
        return;
    if (cancel)
        __atomic_store_n(&p->h.cancel, 1, __ATOMIC_RELAXED);
    pthread_join(p->h.thread, NULL);
    p->hashing_late = 0;
}

/* ------------------------------------------------ the store thread's work */

static const char *rv(const struct batch *b, const struct rec *r, int role)
{
    return b->arena.data + r->off[role];
}

static const char *col_name(const struct imp_state *p, int role)
{
    int c = p->col_of[role];
    return c >= 0 ? p->hdr[c] : imp_role_column(p->fmt, role);
}

/* The record failed to convert: keep "FILE:LINE: field 'X': ..." with its
 * batch for the store thread to report when it reaches it. */
static void conv_fail(struct batch *b, enum status st)
{
    b->has_bad = 1;
    b->bad = b->n;
    b->bad_st = st;
}

/* Fail with "FILE:LINE: field 'X': expected ..., got '...'" (40 bytes at most). */
static void field_error(struct imp_state *p, struct batch *b, const struct rec *r, int role,
                        const char *expected)
{
    size_t n = r->len[role];
    conv_fail(b, err_set(&b->bad_err, ST_PARSE, "%s:%lld: field '%s': expected %s, got '%.*s%s'",
                         p->path, (long long)r->line, col_name(p, role), expected,
                         (int)(n > 40 ? utf8_cut(rv(b, r, role), 40) : n), rv(b, r, role),
                         n > 40 ? "..." : ""));
}

/* FOCUS writes null as `null` (the spec's examples) or `NULL` (database
 * dumps); EA and MCA exports only ever as `NULL`. */
static int is_null_literal(const struct imp_state *p, const char *s, size_t len)
{
    if (len != 4)
        return 0;
    return p->fmt == IMP_FMT_FOCUS ? strncasecmp(s, "null", 4) == 0 : memcmp(s, "NULL", 4) == 0;
}

/* "expected ..." for a field that failed to convert: a null in a column
 * FOCUS does not allow to be null says so. */
static const char *expected_text(const struct imp_state *p, const struct batch *b,
                                 const struct rec *r, int role, const char *what)
{
    if (is_null_literal(p, rv(b, r, role), r->len[role]))
        return "a value (the column is not nullable)";
    return what;
}

static int conv_double(struct imp_state *p, struct batch *b, const struct rec *r, int role,
                       double *out)
{
    size_t n = r->len[role];
    if (n == 0) {
        *out = NAN;
        return 0;
    }
    const char *v = rv(b, r, role);
    if (imp_fast_double(v, n, out) == 0)
        return 0;
    char *end;
    *out = strtod(v, &end);
    if (end != v + n || !isfinite(*out)) {
        field_error(p, b, r, role, "a number");
        return -1;
    }
    return 0;
}

static int conv_cost(struct imp_state *p, struct batch *b, const struct rec *r, int role,
                     struct money *out, struct conv *cv)
{
    size_t n = r->len[role];
    if (n == 0) {
        *out = MONEY_ZERO;
        cv->empty_costs++;
        return 0;
    }
    switch (money_parse(rv(b, r, role), n, out)) {
    case MONEY_OK:
        return 0;
    case MONEY_INEXACT:
        cv->inexact++;
        return 0;
    case MONEY_RANGE:
        field_error(p, b, r, role, "an amount below 10^12");
        return -1;
    default:
        field_error(p, b, r, role, expected_text(p, b, r, role, "a number"));
        return -1;
    }
}

/* Normalised Tags text, cached by the raw text (tags repeat per resource),
 * copied into the batch's tags (the cache's copy lives until its next put):
 * sets cv->tags_off, 0 for none. */
static int conv_tags(struct imp_state *p, struct batch *b, const struct rec *r, struct conv *cv)
{
    size_t n = r->len[IMP_R_TAGS];
    cv->tags_off = 0;
    if (n == 0)
        return 0;
    const char *raw = rv(b, r, IMP_R_TAGS);
    const char *text = strmap_get_text(&p->tag_cache, raw, n);
    if (!text) {
        struct err te;
        err_clear(&te);
        if (tags_normalize(raw, n, &p->scratch, &te) != ST_OK) {
            conv_fail(b, err_set(&b->bad_err, te.code, "%s:%lld: field '%s': %s", p->path,
                                 (long long)r->line, col_name(p, IMP_R_TAGS), te.msg));
            return -1;
        }
        text = strmap_put_text(&p->tag_cache, raw, n, buf_str(&p->scratch), p->scratch.len);
    }
    size_t at = b->tags.len;
    if (!text || at > UINT32_MAX || buf_add(&b->tags, text, strlen(text) + 1) != ST_OK) {
        conv_fail(b, err_set(&b->bad_err, ST_NOMEM, "out of memory"));
        return -1;
    }
    cv->tags_off = (uint32_t)at;
    return 0;
}

static int is_commitment_model(const char *m)
{
    return strcasecmp(m, "Reservation") == 0 || strcasecmp(m, "SavingsPlan") == 0 ||
           strcasecmp(m, "Savings Plan") == 0;
}

/* Amortized exports carry unused-commitment rows, and price the usage a
 * commitment covers (an actual export shows it at 0: the purchase row
 * carries the money). The answer is only used when every row was stored. */
static void note_dataset_evidence(struct imp_state *p, const char *charge_type,
                                  const char *pricing_model, const struct money *cost)
{
    if (strcasecmp(charge_type, "UnusedReservation") == 0 ||
        strcasecmp(charge_type, "UnusedSavingsPlan") == 0)
        p->amortized_evidence = 1;
    else if (strcasecmp(charge_type, "Usage") == 0 && is_commitment_model(pricing_model) &&
             !money_is_zero(*cost))
        p->amortized_evidence = 1;
}

/* The usage day, within the date window. */
static int conv_day(struct imp_state *p, struct batch *b, const struct rec *r, int32_t *day)
{
    if (r->len[IMP_R_DATE] == 0 || date_parse(rv(b, r, IMP_R_DATE), r->len[IMP_R_DATE], day) != 0) {
        field_error(p, b, r, IMP_R_DATE,
                    expected_text(p, b, r, IMP_R_DATE, "a date (MM/DD/YYYY or YYYY-MM-DD)"));
        return -1;
    }
    if (*day < p->day_lo || *day > p->day_hi) {
        char lo[DATE_ISO_LEN], hi[DATE_ISO_LEN], want[96];
        snprintf(want, sizeof want,
                 "a day from %s to %s (%d days after today; --allow-any-date imports it)",
                 date_format(p->day_lo, lo), date_format(p->day_hi, hi), IMP_COST_DAYS_AHEAD);
        field_error(p, b, r, IMP_R_DATE, want);
        return -1;
    }
    return 0;
}

/* Parser: convert the batch's record b->n (none of it needs the database).
 * On failure the batch keeps the error and no later record of it is
 * converted: the store thread stops there. */
static void convert_rec(struct imp_state *p, struct batch *b)
{
    const struct rec *r = &b->recs[b->n];
    struct conv *cv = &b->conv[b->n];
    cv->inexact = cv->empty_costs = 0;
    cv->effective = MONEY_ZERO;
    if (conv_day(p, b, r, &cv->usage_day) || conv_cost(p, b, r, IMP_R_COST, &cv->cost, cv) ||
        (p->fmt == IMP_FMT_FOCUS && conv_cost(p, b, r, IMP_R_COST_EFFECTIVE, &cv->effective, cv)) ||
        conv_double(p, b, r, IMP_R_QUANTITY, &cv->quantity) ||
        conv_double(p, b, r, IMP_R_UNIT_PRICE, &cv->unit_price) ||
        conv_double(p, b, r, IMP_R_EFFECTIVE_PRICE, &cv->effective_price) ||
        conv_double(p, b, r, IMP_R_PAYG_PRICE, &cv->payg_price) || conv_tags(p, b, r, cv))
        return;
    cv->vm_size[0] = '\0';
    cv->vcpus = 0;
    if (r->len[IMP_R_ADDITIONAL_INFO])
        imp_addinfo_extract(rv(b, r, IMP_R_ADDITIONAL_INFO), r->len[IMP_R_ADDITIONAL_INFO],
                            cv->vm_size, sizeof cv->vm_size, &cv->vcpus);
    cv->term_months = imp_term_months(rv(b, r, IMP_R_TERM), r->len[IMP_R_TERM]);
    if (p->fmt != IMP_FMT_FOCUS && !p->ds_forced && !p->amortized_evidence)
        note_dataset_evidence(p, rv(b, r, IMP_R_CHARGE_TYPE), rv(b, r, IMP_R_PRICING_MODEL),
                              &cv->cost);
}

/* Store record i of b (two rows for FOCUS). 0 or -1 (w->st set). */
static int store_rec(struct imp_state *p, const struct batch *b, size_t i)
{
    struct writer *w = &p->w;
    const struct rec *r = &b->recs[i];
    if (b->has_bad && i == b->bad) { /* the parser could not convert it */
        w->st = b->bad_st;
        w->err = b->bad_err;
        w->err_line = r->line;
        return -1;
    }
    const struct conv *cv = &b->conv[i];
    struct cost_row row;
    memset(&row, 0, sizeof row);
    row.usage_day = cv->usage_day;
    row.quantity = cv->quantity;
    row.unit_price = cv->unit_price;
    row.effective_price = cv->effective_price;
    row.payg_price = cv->payg_price;
    row.tags_json = b->tags.data + cv->tags_off;
    row.vm_size = cv->vm_size[0] ? cv->vm_size : NULL;
    row.vcpus = cv->vcpus;
    const char *sub = rv(b, r, IMP_R_SUB_ID);
    if (strncasecmp(sub, "/subscriptions/", 15) == 0)
        sub += 15; /* FOCUS SubAccountId is the ARM path */
    row.subscription_id = sub;
    row.subscription_name = rv(b, r, IMP_R_SUB_NAME);
    row.resource_group = rv(b, r, IMP_R_RESOURCE_GROUP);
    row.resource_id = rv(b, r, IMP_R_RESOURCE_ID);
    row.resource_name = rv(b, r, IMP_R_RESOURCE_NAME);
    row.service_name = rv(b, r, IMP_R_SERVICE);
    row.meter_subcategory = rv(b, r, IMP_R_METER_SUBCATEGORY);
    row.meter_name = rv(b, r, IMP_R_METER_NAME);
    row.service_family = rv(b, r, IMP_R_SERVICE_FAMILY);
    row.consumed_service = rv(b, r, IMP_R_CONSUMED_SERVICE);
    row.unit = rv(b, r, IMP_R_UNIT);
    row.location = rv(b, r, IMP_R_LOCATION);
    row.currency = rv(b, r, IMP_R_CURRENCY);
    row.charge_type = rv(b, r, IMP_R_CHARGE_TYPE);
    row.pricing_model = rv(b, r, IMP_R_PRICING_MODEL);
    row.scope = rv(b, r, IMP_R_SCOPE);
    row.benefit_id = r->len[IMP_R_BENEFIT_ID] ? rv(b, r, IMP_R_BENEFIT_ID) : NULL;
    row.benefit_name = r->len[IMP_R_BENEFIT_NAME] ? rv(b, r, IMP_R_BENEFIT_NAME) : NULL;
    row.term_months = cv->term_months;
    w->inexact += cv->inexact;
    w->empty_costs += cv->empty_costs;
    enum status st;
    if (p->fmt == IMP_FMT_FOCUS) {
        /* one line, two datasets: BilledCost is actual, EffectiveCost amortized */
        row.dataset = DATASET_ACTUAL;
        row.cost = cv->cost;
        st = store_cost_add(p->s, p->import_id, &row, &w->err);
        if (st == ST_OK) {
            row.dataset = DATASET_AMORTIZED;
            row.cost = cv->effective;
            st = store_cost_add(p->s, p->import_id, &row, &w->err);
        }
        w->rows += 2;
    } else {
        row.dataset = p->ds;
        row.cost = cv->cost;
        st = store_cost_add(p->s, p->import_id, &row, &w->err);
        w->rows++;
    }
    if (st != ST_OK) {
        err_prefix(&w->err, "%s:%lld", p->path, (long long)r->line);
        w->st = st;
        w->err_line = r->line;
        return -1;
    }
    w->lines++;
    return 0;
}

/* Store thread: write every full batch until the parser closes the pipe. */
static void *writer_main(void *arg)
{
    struct imp_state *p = arg;
#ifdef __GLIBC__
    pthread_setname_np(pthread_self(), "yosan-store");
#endif
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->full && !p->closed)
            pthread_cond_wait(&p->cv, &p->mu);
        if (!p->full)
            break;
        struct batch *b = p->full;
        int failed = p->failed;
        pthread_mutex_unlock(&p->mu);
        for (size_t i = 0; i < b->n && !failed; i++)
            failed = store_rec(p, b, i) != 0;
        pthread_mutex_lock(&p->mu);
        p->failed = failed;
        p->full = NULL;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* ---------------------------------------------------------------- batches */

/* Empty a batch: the shared empty string stays at arena offset 0, "{}" at
 * tags offset 0. */
static void batch_reset(struct batch *b)
{
    b->n = 0;
    b->arena.len = 1;
    b->tags.len = 3;
    b->has_bad = 0;
}

static enum status batch_init(struct batch *b)
{
    buf_init(&b->arena, ARENA_MAX);
    buf_init(&b->tags, 0);
    b->recs = calloc(BATCH_ROWS, sizeof *b->recs);
    b->conv = calloc(BATCH_ROWS, sizeof *b->conv);
    if (!b->recs || !b->conv || buf_addc(&b->arena, '\0') != ST_OK ||
        buf_add(&b->tags, "{}", 3) != ST_OK)
        return ST_NOMEM;
    batch_reset(b);
    return ST_OK;
}

static void batch_release(struct batch *b)
{
    free(b->recs);
    free(b->conv);
    b->recs = NULL;
    b->conv = NULL;
    buf_release(&b->arena);
    buf_release(&b->tags);
}

/* Hand the filled batch to the store thread (after it finished the previous
 * one) and start filling the other. Returns -1 when the store thread failed. */
static int flush_batch(struct imp_state *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->full && !p->failed)
        pthread_cond_wait(&p->cv, &p->mu);
    int failed = p->failed;
    if (!failed && p->batches[p->fill].n) {
        p->full = &p->batches[p->fill];
        pthread_cond_broadcast(&p->cv);
        p->fill ^= 1;
    }
    pthread_mutex_unlock(&p->mu);
    if (failed)
        return -1;
    struct batch *b = &p->batches[p->fill]; /* free: the writer holds the other one */
    batch_reset(b);
    return 0;
}

static void writer_start(struct imp_state *p)
{
    if (batch_init(&p->batches[0]) != ST_OK || batch_init(&p->batches[1]) != ST_OK ||
        pthread_create(&p->w.thread, NULL, writer_main, p) != 0) {
        p->st = err_set(p->e, ST_NOMEM, "cannot start the store thread");
        parser_fail(p, 0);
        return;
    }
    p->w.running = 1;
}

/* Close the pipe and wait for the store thread to drain it. */
static void writer_stop(struct imp_state *p)
{
    if (!p->w.running)
        return;
    pthread_mutex_lock(&p->mu);
    p->closed = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->w.thread, NULL);
    p->w.running = 0;
}

/* ------------------------------------------------------------------ header */

static void finish_header(struct imp_state *p)
{
    const char *const *names = (const char *const *)p->hdr;
    int fmt = imp_format_from_name(p->opt ? p->opt->format : NULL);
    if (fmt < 0) {
        const char *detected = imp_cost_detect(names, p->nhdr);
        if (!detected) {
            p->st = err_set(p->e, ST_PARSE,
                            "%s:%lld: unknown header: not an EA, MCA or FOCUS cost export "
                            "(first column '%.40s'; use --format to force one)",
                            p->path, (long long)p->rec_line, p->nhdr ? p->hdr[0] : "");
            parser_fail(p, p->rec_line);
            return;
        }
        fmt = imp_format_from_name(detected);
    }
    p->fmt = (enum imp_format)fmt;
    int missing = imp_map_header(p->fmt, names, p->nhdr, p->role_of);
    if (missing >= 0) {
        p->st = err_set(p->e, ST_PARSE, "%s:%lld: unknown header: no column '%s' for format %s",
                        p->path, (long long)p->rec_line, imp_role_column(p->fmt, missing),
                        imp_format_name(p->fmt));
        parser_fail(p, p->rec_line);
        return;
    }
    int dup = imp_header_duplicate(names, p->nhdr, p->role_of);
    if (dup >= 0) {
        p->st = err_set(p->e, ST_PARSE,
                        "%s:%lld: duplicated column '%.40s' (column %d repeats an earlier one; "
                        "which holds the data is ambiguous)",
                        p->path, (long long)p->rec_line, p->hdr[dup], dup + 1);
        parser_fail(p, p->rec_line);
        return;
    }
    for (int r = 0; r < IMP_R_COUNT; r++)
        p->col_of[r] = -1;
    for (int i = 0; i < p->nhdr; i++)
        if (p->role_of[i] >= 0)
            p->col_of[p->role_of[i]] = i;
    struct import_info info = {
        .file_name = p->path,
        .sha256 = p->hashing_late || p->file.stream ? NULL : p->file.sha256,
        .format = imp_format_name(p->fmt),
        .dataset = p->fmt == IMP_FMT_FOCUS      ? "actual+amortized"
                   : p->ds == DATASET_AMORTIZED ? "amortized"
                                                : "actual",
    };
    enum status st = store_import_begin(p->s, &info, &p->import_id, &p->duplicate, p->e);
    if (st != ST_OK) {
        err_prefix(p->e, "%s", p->path);
        p->st = st;
        parser_fail(p, 0);
        return;
    }
    if (p->duplicate) {
        p->stop = 1;
        return;
    }
    p->begun = 1;
    writer_start(p);
}

/* -------------------------------------------------------- libcsv callbacks */

static void on_field(void *data, size_t len, void *ctx)
{
    struct imp_state *p = ctx;
    if (p->stop)
        return;
    const char *s = data ? data : "";
    if (p->nfield == 0)
        p->rec_line = p->cur_line;
    if (p->in_header) {
        if (len == 4 && memcmp(s, "NULL", 4) == 0)
            len = 0; /* as it always was: a header cell NULL names nothing */
        if (p->nhdr >= MAX_COLUMNS) {
            p->st = err_set(p->e, ST_PARSE, "%s:%lld: more than %d columns", p->path,
                            (long long)p->rec_line, MAX_COLUMNS);
            parser_fail(p, p->rec_line);
            return;
        }
        if (p->nhdr == p->cap_hdr) {
            int cap = p->cap_hdr ? p->cap_hdr * 2 : 64;
            char **v = realloc(p->hdr, (size_t)cap * sizeof *v);
            if (!v)
                goto nomem;
            p->hdr = v;
            p->cap_hdr = cap;
        }
        char *name = strndup(s, len);
        if (!name)
            goto nomem;
        p->hdr[p->nhdr++] = name;
        p->nfield++;
        return;
    }
    int idx = p->nfield++;
    if (idx >= p->nhdr)
        return;
    int role = p->role_of[idx];
    if (role < 0)
        return;
    /* a null is an empty field, except in the columns FOCUS requires,
     * where the text stays and the conversion reports it */
    if (is_null_literal(p, s, len) && (p->fmt != IMP_FMT_FOCUS || imp_role_nullable(role)))
        len = 0;
    struct batch *b = &p->batches[p->fill];
    struct rec *r = &b->recs[b->n];
    if (len == 0) {
        r->off[role] = 0;
        r->len[role] = 0;
        return;
    }
    if (utf8_check(s, len, p->path, (long long)p->rec_line, p->hdr[idx], p->e) != ST_OK) {
        p->st = ST_PARSE; /* nothing invalid reaches the store or the reports */
        parser_fail(p, p->rec_line);
        return;
    }
    /* inline append: this runs for every mapped field of every row */
    struct buf *a = &b->arena;
    if (a->len + len + 1 > a->cap) {
        size_t at = a->len;
        if (buf_add(a, s, len) != ST_OK || buf_addc(a, '\0') != ST_OK)
            goto toolong;
        r->off[role] = (uint32_t)at;
    } else {
        r->off[role] = (uint32_t)a->len;
        memcpy(a->data + a->len, s, len);
        a->data[a->len + len] = '\0';
        a->len += len + 1;
    }
    r->len[role] = (uint32_t)len;
    return;
toolong: /* not reached: feed() bounds a record, on_row() a batch */
    p->st = err_set(p->e, ST_PARSE, "%s:%lld: field '%s': longer than %zu bytes", p->path,
                    (long long)p->rec_line, p->hdr[idx], (size_t)IMP_LINE_MAX);
    parser_fail(p, p->rec_line);
    return;
nomem:
    p->st = err_set(p->e, ST_NOMEM, "out of memory");
    parser_fail(p, p->rec_line);
}

static void on_row(int term, void *ctx)
{
    struct imp_state *p = ctx;
    p->row_ended = 1;
    if (p->stop)
        return;
    if (p->in_header) {
        p->in_header = 0;
        p->nfield = 0;
        finish_header(p);
        return;
    }
    if (p->nfield != p->nhdr) {
        p->st = err_set(p->e, ST_PARSE, "%s:%lld: expected %d fields, got %d%s", p->path,
                        (long long)p->rec_line, p->nhdr, p->nfield,
                        term == -1 ? " (truncated file?)" : "");
        parser_fail(p, p->rec_line);
        return;
    }
    p->nfield = 0;
    struct batch *b = &p->batches[p->fill];
    b->recs[b->n].line = p->rec_line;
    if (!b->has_bad)
        convert_rec(p, b);
    if ((++b->n == BATCH_ROWS || b->arena.len > ARENA_FLUSH) && flush_batch(p))
        p->stop = 1; /* the store thread failed: its error is reported */
}

/* ---------------------------------------------------------------- driver */

/* Tell the caller's progress callback, if any, where the file stands. */
static void report_progress(struct imp_state *p, enum imp_progress_event event)
{
    if (!p->opt || !p->opt->progress)
        return;
    struct imp_progress pr = {
        .event = event,
        .path = p->path,
        .offset = imp_file_offset(&p->file),
        .size = p->file.size,
        .line = p->cur_line,
    };
    p->opt->progress(p->opt->progress_ctx, &pr);
}

/* A record passing IMP_LINE_MAX: refused before libcsv holds more. */
static void record_too_long(struct imp_state *p)
{
    if (p->in_header)
        p->st = err_set(p->e, ST_PARSE, "%s:%lld: field %d: longer than %zu bytes (a line is %s)",
                        p->path, (long long)p->rec_start, p->nhdr + 1, (size_t)IMP_LINE_MAX,
                        "at most 64 MiB");
    else
        p->st = err_set(p->e, ST_PARSE,
                        "%s:%lld: field '%s': longer than %zu bytes (a line is at most 64 MiB)",
                        p->path, (long long)p->rec_start,
                        p->nfield < p->nhdr ? p->hdr[p->nfield] : "(extra)", (size_t)IMP_LINE_MAX);
    parser_fail(p, p->rec_start);
}

/* Feed a chunk to libcsv one physical line at a time, so cur_line is exact
 * whatever the quoting (embedded newlines, CRLF, blank lines), and count the
 * bytes of the record in progress against IMP_LINE_MAX. */
static void feed(struct imp_state *p, struct csv_parser *csv, const unsigned char *data, size_t len)
{
    const unsigned char *c = data, *end = data + len;
    while (c < end && !p->stop) {
        const unsigned char *nl = memchr(c, '\n', (size_t)(end - c));
        size_t seg = nl ? (size_t)(nl - c) + 1 : (size_t)(end - c);
        if (csv->pstate == 0) { /* libcsv's ROW_NOT_BEGUN: a record starts here */
            p->rec_bytes = 0;
            p->rec_start = p->cur_line;
        }
        if (p->rec_bytes + seg > IMP_LINE_MAX) {
            record_too_long(p);
            break;
        }
        p->row_ended = 0;
        /* a whole plain line at a record's start skips libcsv (same callbacks) */
        int fast =
            csv->pstate == 0 && nl && imp_csv_fast_line(&p->line, c, seg, on_field, on_row, p);
        if (!fast && csv_parse(csv, c, seg, on_field, on_row, p) != seg && !p->stop) {
            p->st = err_set(p->e, ST_PARSE, "%s:%lld: malformed CSV quoting (%s)", p->path,
                            (long long)p->cur_line, csv_strerror(csv_error(csv)));
            parser_fail(p, p->cur_line);
        }
        /* a record ending inside a segment without LF (CR line ends) resets the count */
        p->rec_bytes = p->row_ended ? 0 : p->rec_bytes + seg;
        if (nl)
            p->cur_line++;
        c += seg;
    }
}

static void state_release(struct imp_state *p)
{
    for (int i = 0; i < p->nhdr; i++)
        free(p->hdr[i]);
    free(p->hdr);
    imp_csv_line_free(&p->line);
    strmap_release(&p->tag_cache);
    buf_release(&p->scratch);
    batch_release(&p->batches[0]);
    batch_release(&p->batches[1]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    imp_file_close(&p->file);
    free(p);
}

/* Parse the whole file; leaves the outcome in p->st / p->w.st. */
static void parse_file(struct imp_state *p)
{
    struct csv_parser csv;
    unsigned char *chunk = malloc(CHUNK_BYTES);
    if (!chunk || imp_csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        free(chunk);
        p->st = err_set(p->e, ST_NOMEM, "out of memory");
        return;
    }
    int first = 1;
    report_progress(p, IMP_PROGRESS_START);
    while (!p->stop) {
        ssize_t n = imp_file_read(&p->file, chunk, CHUNK_BYTES, p->e);
        if (n < 0) {
            p->st = p->e->code ? p->e->code : ST_IO;
            if (p->file.why[0]) /* truncated or corrupt gzip: bad input, say where */
                p->st = err_set(p->e, ST_PARSE, "%s:%lld: %s", p->path, (long long)p->cur_line,
                                p->file.why);
            parser_fail(p, 0);
            break;
        }
        if (n == 0)
            break;
        const unsigned char *data = chunk;
        size_t len = (size_t)n;
        if (first && len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
            data += 3; /* UTF-8 BOM */
            len -= 3;
        }
        first = 0;
        feed(p, &csv, data, len);
        if (!p->stop)
            report_progress(p, IMP_PROGRESS_READ);
    }
    if (!p->stop && csv_fini(&csv, on_field, on_row, p) != 0 && !p->stop) {
        p->st = err_set(p->e, ST_PARSE, "%s:%lld: unterminated quoted field (truncated file?)",
                        p->path, (long long)p->rec_line);
        parser_fail(p, p->rec_line);
    }
    csv_free(&csv);
    free(chunk);
    if (p->w.running && p->st == ST_OK && !p->stop)
        flush_batch(p);
    writer_stop(p);
    report_progress(p, IMP_PROGRESS_DONE);
    /* report the earliest failing line of the two threads */
    if (p->w.st != ST_OK && (p->st == ST_OK || p->w.err_line <= p->err_line)) {
        *p->e = p->w.err;
        p->st = p->w.st;
    }
}

/* Commit: dataset decision, late duplicate check, store_import_finish. */
static enum status finish_import(struct imp_state *p, struct imp_cost_result *res)
{
    enum status st = ST_OK;
    if (p->hashing_late || p->file.stream) {
        int late = p->hashing_late;
        hasher_join(p, 0);
        if (late && p->h.st != ST_OK) {
            *p->e = p->h.err;
            return p->h.st;
        }
        if (late)
            memcpy(p->file.sha256, p->h.hex, sizeof p->file.sha256);
        /* a stream's digest is complete: the parser read it to its end */
        int dup = 0;
        if ((st = store_import_check_sha(p->s, p->import_id, p->file.sha256, &dup, p->e)) != ST_OK)
            return st;
        if (dup) {
            store_import_abort(p->s);
            p->begun = 0;
            res->duplicate = 1;
            return ST_OK;
        }
    }
    enum cost_dataset ds = p->ds;
    if (p->fmt != IMP_FMT_FOCUS && !p->ds_forced) {
        /* the content decides; a file name saying "amortized" breaks the
         * tie for periods without any commitment rows */
        if (p->amortized_evidence || p->named_amortized)
            ds = DATASET_AMORTIZED;
        if (ds != p->ds && (st = store_import_set_dataset(p->s, p->import_id, ds, p->e)) != ST_OK)
            return st;
    }
    struct import_summary sum;
    if ((st = store_import_finish(p->s, p->import_id, &sum, p->e)) != ST_OK) {
        p->begun = 0; /* finish rolled back */
        err_prefix(p->e, "%s", p->path);
        return st;
    }
    p->begun = 0;
    res->import_id = p->import_id;
    res->rows = sum.rows;
    res->replaced = sum.replaced;
    snprintf(res->dataset, sizeof res->dataset, "%s",
             p->fmt == IMP_FMT_FOCUS   ? "actual+amortized"
             : ds == DATASET_AMORTIZED ? "amortized"
                                       : "actual");
    memcpy(res->period_start, sum.period_start, sizeof res->period_start);
    memcpy(res->period_end, sum.period_end, sizeof res->period_end);
    return ST_OK;
}

enum status imp_cost_file(struct store *s, const char *path, const struct imp_cost_options *opt,
                          struct imp_cost_result *res, struct err *e)
{
    struct imp_file f;
    enum status st = imp_file_open_unhashed(&f, path, e);
    if (st != ST_OK) {
        memset(res, 0, sizeof *res);
        return st;
    }
    return imp_cost_read(s, &f, opt, res, e);
}

static enum status check_options(const struct imp_cost_options *opt, struct err *e)
{
    if (opt && opt->format && imp_format_from_name(opt->format) < 0)
        return err_set(e, ST_USAGE, "unknown format '%s' (expected ea, mca or focus)", opt->format);
    if (opt && opt->dataset && strcmp(opt->dataset, "amortized") != 0 &&
        strcmp(opt->dataset, "actual") != 0)
        return err_set(e, ST_USAGE, "unknown dataset '%s' (expected actual or amortized)",
                       opt->dataset);
    return ST_OK;
}

/* A regular file is hashed first when small, else beside the parse; a
 * stream is hashed by its reader. */
static enum status start_hashing(struct imp_state *p, const struct imp_cost_options *opt,
                                 struct err *e)
{
    if (p->file.stream)
        return ST_OK;
    if (p->file.size < HASH_FIRST_SIZE && !(opt && opt->hash_late))
        return imp_file_hash(&p->file, e); /* small: a re-import stops before parsing */
    p->h.path = p->path;
    if (pthread_create(&p->h.thread, NULL, hasher_main, &p->h) != 0)
        return err_set(e, ST_NOMEM, "cannot start the sha256 thread");
    p->hashing_late = 1;
    return ST_OK;
}

enum status imp_cost_read(struct store *s, struct imp_file *f, const struct imp_cost_options *opt,
                          struct imp_cost_result *res, struct err *e)
{
    memset(res, 0, sizeof *res);
    enum status st = check_options(opt, e);
    struct imp_state *p = st == ST_OK ? calloc(1, sizeof *p) : NULL;
    if (!p) {
        imp_file_close(f);
        return st != ST_OK ? st : err_set(e, ST_NOMEM, "out of memory");
    }
    p->file = *f; /* ours now */
    memset(f, 0, sizeof *f);
    f->fd = -1;
    p->path = p->file.path;
    p->opt = opt;
    p->s = s;
    p->e = e;
    p->in_header = 1;
    p->cur_line = 1;
    p->rec_line = 1;
    p->ds_forced = opt && opt->dataset;
    p->day_lo = INT32_MIN;
    p->day_hi = INT32_MAX;
    if (!(opt && opt->allow_any_date)) {
        int64_t now = opt && opt->now ? opt->now : (int64_t)time(NULL);
        int64_t today = now >= 0 ? now / 86400 : -((-now + 86399) / 86400);
        p->day_lo = date_from_civil(IMP_COST_FIRST_YEAR, 1, 1);
        p->day_hi = (int32_t)today + IMP_COST_DAYS_AHEAD;
    }
    p->ds =
        p->ds_forced && strcmp(opt->dataset, "amortized") == 0 ? DATASET_AMORTIZED : DATASET_ACTUAL;
    const char *base = strrchr(p->path, '/');
    base = base ? base + 1 : p->path;
    p->named_amortized = contains_nocase(base, "amortized");
    if (!p->ds_forced && p->named_amortized)
        p->ds = DATASET_AMORTIZED; /* the final answer either way: no relabelling pass */
    buf_init(&p->scratch, 0);
    strmap_init_bounded(&p->tag_cache, TAG_CACHE_BYTES);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    clock_gettime(CLOCK_MONOTONIC, &p->t0);

    st = start_hashing(p, opt, e);
    if (st != ST_OK) {
        state_release(p);
        return st;
    }
    parse_file(p);
    log_debug("%s: parsed and stored in %.2f s", p->path, elapsed(&p->t0));
    st = p->st;
    if (st == ST_OK && !p->begun && !p->duplicate) {
        p->cur_line = 1;
        st = err_set(e, ST_PARSE, "%s:1: empty file: no header line", p->path);
    }
    snprintf(res->format, sizeof res->format, "%s", imp_format_name(p->fmt));
    if (st == ST_OK && p->duplicate)
        res->duplicate = 1;
    else if (st == ST_OK)
        st = finish_import(p, res);
    hasher_join(p, 1);
    if (p->begun)
        store_import_abort(s);
    log_debug("%s: finished in %.2f s", p->path, elapsed(&p->t0));
    res->lines = p->w.lines;
    res->inexact = p->w.inexact;
    res->empty_costs = p->w.empty_costs;
    state_release(p);
    return st;
}
