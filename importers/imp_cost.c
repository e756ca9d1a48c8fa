/*
 * imp_cost.c - stream an Azure cost export (EA, MCA or FOCUS CSV, plain or
 * gzip) into the store, all-or-nothing per file.
 *
 * The file is read in 256 KiB chunks through imp_file (gzip, SHA-256) and
 * parsed by libcsv; only the columns the store needs are copied, into one
 * per-row arena that is reused, so memory stays flat whatever the file
 * size. Columns are found by name through the alias table in
 * imp_cost_fields.c. Any bad value aborts the file with "FILE:LINE: field
 * 'X': ..." and the store transaction is rolled back.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "imp_cost.h"

#include <csv.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "imp_cost_fields.h"
#include "imp_file.h"
#include "money.h"
#include "store_costs.h"
#include "strmap.h"

#define CHUNK_BYTES     (256 * 1024)
#define FIELD_MAX_BYTES (16u << 20) /* one field larger than this is not a cost export */
#define TAG_CACHE_MAX   50000       /* distinct Tags texts kept normalised */
#define MAX_COLUMNS     4096

/* Rows travel from the parsing thread to the store thread in batches:
 * while one batch is written to SQLite the next is being parsed. */
#define BATCH_ROWS 2048

enum rec_str {
    S_SUB_ID = 0,
    S_SUB_NAME,
    S_RESOURCE_GROUP,
    S_RESOURCE_ID,
    S_RESOURCE_NAME,
    S_TAGS,
    S_SERVICE,
    S_METER_SUBCATEGORY,
    S_METER_NAME,
    S_SERVICE_FAMILY,
    S_CONSUMED_SERVICE,
    S_UNIT,
    S_LOCATION,
    S_CURRENCY,
    S_CHARGE_TYPE,
    S_PRICING_MODEL,
    S_SCOPE,
    S_VM_SIZE,
    S_BENEFIT_ID,
    S_COUNT
};

/* One parsed row; strings are offsets into its batch's arena (0 = ""). */
struct row_rec {
    int64_t line;                                             /* source line, for store errors */
    int32_t day;                                              /* usage day */
    int dataset;                                              /* enum cost_dataset */
    int vcpus;                                                /* 0 when unknown */
    double quantity, unit_price, effective_price, payg_price; /* NAN when absent */
    struct money cost;                                        /* exact */
    uint32_t str[S_COUNT];                                    /* arena offsets */
};

struct batch {
    struct row_rec *recs; /* BATCH_ROWS records */
    size_t n;             /* records used */
    struct buf arena;     /* NUL-terminated strings; byte 0 is the empty string */
};

/* The hand-over between the two threads (one batch in flight at a time). */
struct pipe {
    pthread_mutex_t mu; /* guards the fields below */
    pthread_cond_t cv;  /* signalled on every change */
    struct batch *full; /* handed to the store thread, NULL when none */
    int closed;         /* the parser is done */
    int failed;         /* the store thread hit an error */
    struct store *s;    /* store, used only by the store thread meanwhile */
    int64_t import_id;  /* current import */
    const char *path;   /* for messages */
    struct err err;     /* the store thread's error */
    enum status st;     /* its status */
};

struct field_ref {
    size_t off; /* offset in the row arena */
    size_t len; /* bytes, NUL not counted */
};

struct imp_state {
    const char *path;                   /* as given, for messages */
    const struct imp_cost_options *opt; /* caller's options */
    struct store *s;                    /* destination */
    struct err *e;                      /* first error */
    enum status st;                     /* ST_OK until something fails */
    int stop;                           /* 1 = ignore further callbacks (error or duplicate) */
    struct imp_file file;               /* input */
    /* header */
    int in_header;            /* 1 until the first record ends */
    char **hdr;               /* header names (owned) */
    int nhdr, cap_hdr;        /* used / allocated */
    int role_of[MAX_COLUMNS]; /* column -> enum imp_role or -1 */
    int col_of[IMP_R_COUNT];  /* role -> column or -1 */
    enum imp_format fmt;      /* detected or forced */
    /* import */
    int begun;              /* store_import_begin succeeded */
    int duplicate;          /* same sha256 imported before */
    int64_t import_id;      /* store import id */
    int ds_forced;          /* --dataset given */
    enum cost_dataset ds;   /* EA/MCA rows' dataset */
    int amortized_evidence; /* content shows an amortized export */
    /* current record */
    int nfield;                      /* fields seen */
    struct buf arena;                /* copies of the mapped fields, NUL-separated */
    struct field_ref f[IMP_R_COUNT]; /* where each role's text sits in arena */
    int64_t line;                    /* physical line the record starts on */
    int64_t rec_newlines;            /* newlines inside the record's quoted fields */
    int last_term;                   /* terminator of the previous record */
    /* caches */
    struct strmap tag_index; /* raw Tags text -> index in tag_text */
    char **tag_text;         /* normalised Tags texts (owned) */
    size_t ntag, cap_tag;    /* used / allocated */
    struct buf scratch;      /* Tags normalisation */
    /* pipeline */
    struct batch batches[2]; /* double buffer */
    int fill;                /* index of the batch being filled */
    struct pipe pipe;        /* hand-over to the store thread */
    pthread_t writer;        /* the store thread */
    int writer_running;      /* 1 between create and join */
    /* results */
    int64_t lines, rows, inexact, empty_costs;
    /* progress */
    struct timespec t0;   /* start */
    double next_progress; /* seconds since t0 of the next update */
    int progress_shown;   /* a progress line is on the terminal */
};

static enum status batch_init(struct batch *b);
static void *writer_main(void *arg);

/* -------------------------------------------------------------- utilities */

static double elapsed(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static const char *col_name(const struct imp_state *p, int role)
{
    int c = p->col_of[role];
    return c >= 0 ? p->hdr[c] : imp_role_column(p->fmt, role);
}

static const char *fval(const struct imp_state *p, int role)
{
    if (p->col_of[role] < 0)
        return "";
    return p->arena.data + p->f[role].off;
}

static size_t flen(const struct imp_state *p, int role)
{
    return p->col_of[role] < 0 ? 0 : p->f[role].len;
}

/* Fail with "FILE:LINE: field 'X': ..." quoting at most 40 bytes of the value. */
static void field_error(struct imp_state *p, int role, const char *expected)
{
    const char *v = fval(p, role);
    size_t n = flen(p, role);
    p->st = err_set(p->e, ST_PARSE, "%s:%lld: field '%s': expected %s, got '%.*s%s'", p->path,
                    (long long)p->line, col_name(p, role), expected, (int)(n > 40 ? 40 : n), v,
                    n > 40 ? "..." : "");
    p->stop = 1;
}

static int parse_double(struct imp_state *p, int role, double *out)
{
    size_t n = flen(p, role);
    if (n == 0) {
        *out = NAN;
        return 0;
    }
    const char *v = fval(p, role);
    if (imp_fast_double(v, n, out) == 0)
        return 0;
    char *end;
    *out = strtod(v, &end);
    if (end != v + n || !isfinite(*out)) {
        field_error(p, role, "a number");
        return -1;
    }
    return 0;
}

static int parse_cost(struct imp_state *p, int role, struct money *out)
{
    size_t n = flen(p, role);
    if (n == 0) {
        *out = MONEY_ZERO;
        p->empty_costs++;
        return 0;
    }
    switch (money_parse(fval(p, role), n, out)) {
    case MONEY_OK:
        return 0;
    case MONEY_INEXACT:
        p->inexact++;
        return 0;
    case MONEY_RANGE:
        field_error(p, role, "an amount below 10^12");
        return -1;
    default:
        field_error(p, role, "a number");
        return -1;
    }
}

/* Normalised Tags text, cached by the raw text (tags repeat per resource). */
static const char *tags_of(struct imp_state *p)
{
    size_t n = flen(p, IMP_R_TAGS);
    if (n == 0)
        return "{}";
    const char *raw = fval(p, IMP_R_TAGS);
    int64_t idx;
    if (strmap_get(&p->tag_index, raw, n, &idx))
        return p->tag_text[idx];
    struct err te;
    err_clear(&te);
    if (imp_tags_normalize(raw, n, &p->scratch, &te) != ST_OK) {
        p->st = err_set(p->e, te.code, "%s:%lld: field '%s': %s", p->path, (long long)p->line,
                        col_name(p, IMP_R_TAGS), te.msg);
        p->stop = 1;
        return NULL;
    }
    if (p->ntag >= TAG_CACHE_MAX) {
        for (size_t i = 0; i < p->ntag; i++)
            free(p->tag_text[i]);
        p->ntag = 0;
        strmap_release(&p->tag_index);
        strmap_init(&p->tag_index);
    }
    if (p->ntag == p->cap_tag) {
        size_t cap = p->cap_tag ? p->cap_tag * 2 : 256;
        char **v = realloc(p->tag_text, cap * sizeof *v);
        if (!v)
            goto nomem;
        p->tag_text = v;
        p->cap_tag = cap;
    }
    char *copy = strdup(buf_str(&p->scratch));
    if (!copy)
        goto nomem;
    if (strmap_put(&p->tag_index, raw, n, (int64_t)p->ntag)) {
        free(copy);
        goto nomem;
    }
    p->tag_text[p->ntag++] = copy;
    return copy;
nomem:
    p->st = err_set(p->e, ST_NOMEM, "out of memory");
    p->stop = 1;
    return NULL;
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

/* ------------------------------------------------------------------ header */

static void finish_header(struct imp_state *p)
{
    if (p->nhdr > 0 && (unsigned char)p->hdr[0][0] == 0xEF && (unsigned char)p->hdr[0][1] == 0xBB &&
        (unsigned char)p->hdr[0][2] == 0xBF)
        memmove(p->hdr[0], p->hdr[0] + 3, strlen(p->hdr[0] + 3) + 1);
    const char *const *names = (const char *const *)p->hdr;
    int fmt = imp_format_from_name(p->opt ? p->opt->format : NULL);
    if (fmt < 0) {
        const char *detected = imp_cost_detect(names, p->nhdr);
        if (!detected) {
            p->st = err_set(p->e, ST_PARSE,
                            "%s:%lld: unknown header: not an EA, MCA or FOCUS cost export "
                            "(first column '%.40s'; use --format to force one)",
                            p->path, (long long)p->line, p->nhdr ? p->hdr[0] : "");
            p->stop = 1;
            return;
        }
        fmt = imp_format_from_name(detected);
    }
    p->fmt = (enum imp_format)fmt;
    int missing = imp_map_header(p->fmt, names, p->nhdr, p->role_of);
    if (missing >= 0) {
        p->st = err_set(p->e, ST_PARSE, "%s:%lld: unknown header: no column '%s' for format %s",
                        p->path, (long long)p->line, imp_role_column(p->fmt, missing),
                        imp_format_name(p->fmt));
        p->stop = 1;
        return;
    }
    for (int r = 0; r < IMP_R_COUNT; r++)
        p->col_of[r] = -1;
    for (int i = 0; i < p->nhdr; i++)
        if (p->role_of[i] >= 0)
            p->col_of[p->role_of[i]] = i;

    const char *dataset_label;
    if (p->fmt == IMP_FMT_FOCUS) {
        dataset_label = "actual+amortized";
    } else {
        dataset_label = p->ds == DATASET_AMORTIZED ? "amortized" : "actual";
    }
    struct import_info info = {
        .file_name = p->path,
        .sha256 = p->file.sha256,
        .format = imp_format_name(p->fmt),
        .dataset = dataset_label,
    };
    enum status st = store_import_begin(p->s, &info, &p->import_id, &p->duplicate, p->e);
    if (st != ST_OK) {
        err_prefix(p->e, "%s", p->path);
        p->st = st;
        p->stop = 1;
        return;
    }
    if (p->duplicate) {
        p->stop = 1;
        return;
    }
    p->begun = 1;
    struct pipe *q = &p->pipe;
    q->s = p->s;
    q->import_id = p->import_id;
    q->path = p->path;
    if (batch_init(&p->batches[0]) != ST_OK || batch_init(&p->batches[1]) != ST_OK ||
        pthread_create(&p->writer, NULL, writer_main, q) != 0) {
        p->st = err_set(p->e, ST_NOMEM, "cannot start the store thread");
        p->stop = 1;
        return;
    }
    p->writer_running = 1;
}

/* ------------------------------------------------------------------- rows */

static int is_reservation_model(const char *m)
{
    return strcasecmp(m, "Reservation") == 0 || strcasecmp(m, "SavingsPlan") == 0 ||
           strcasecmp(m, "Savings Plan") == 0;
}

static void note_dataset_evidence(struct imp_state *p, const struct money *cost)
{
    const char *ct = fval(p, IMP_R_CHARGE_TYPE);
    if (strcasecmp(ct, "UnusedReservation") == 0 || strcasecmp(ct, "UnusedSavingsPlan") == 0) {
        p->amortized_evidence = 1;
        return;
    }
    /* in an actual export, commitment-covered usage costs 0 (the purchase
     * row carries the money); amortized exports price it */
    if (strcasecmp(ct, "Usage") == 0 && is_reservation_model(fval(p, IMP_R_PRICING_MODEL)) &&
        !money_is_zero(*cost))
        p->amortized_evidence = 1;
}

/* ---------------------------------------------------------------- pipeline */

static enum status batch_init(struct batch *b)
{
    b->n = 0;
    buf_init(&b->arena, 0);
    b->recs = malloc(BATCH_ROWS * sizeof *b->recs);
    if (!b->recs || buf_addc(&b->arena, '\0') != ST_OK)
        return ST_NOMEM;
    return ST_OK;
}

static void batch_release(struct batch *b)
{
    free(b->recs);
    b->recs = NULL;
    buf_release(&b->arena);
}

static void batch_reset(struct batch *b)
{
    b->n = 0;
    b->arena.len = 1; /* keep the shared empty string at offset 0 */
}

static const char *rec_str(const struct batch *b, const struct row_rec *r, int i)
{
    return b->arena.data + r->str[i];
}

/* Store thread: write every full batch, until the parser closes the pipe. */
static void *writer_main(void *arg)
{
    struct pipe *q = arg;
#ifdef __GLIBC__
    pthread_setname_np(pthread_self(), "yosan-store");
#endif
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->full && !q->closed)
            pthread_cond_wait(&q->cv, &q->mu);
        if (!q->full)
            break;
        struct batch *b = q->full;
        int failed = q->failed;
        pthread_mutex_unlock(&q->mu);
        for (size_t i = 0; i < b->n && !failed; i++) {
            const struct row_rec *r = &b->recs[i];
            struct cost_row row = {
                .dataset = (enum cost_dataset)r->dataset,
                .usage_day = r->day,
                .subscription_id = rec_str(b, r, S_SUB_ID),
                .subscription_name = rec_str(b, r, S_SUB_NAME),
                .resource_group = rec_str(b, r, S_RESOURCE_GROUP),
                .resource_id = rec_str(b, r, S_RESOURCE_ID),
                .resource_name = rec_str(b, r, S_RESOURCE_NAME),
                .tags_json = rec_str(b, r, S_TAGS),
                .service_name = rec_str(b, r, S_SERVICE),
                .meter_subcategory = rec_str(b, r, S_METER_SUBCATEGORY),
                .meter_name = rec_str(b, r, S_METER_NAME),
                .service_family = rec_str(b, r, S_SERVICE_FAMILY),
                .consumed_service = rec_str(b, r, S_CONSUMED_SERVICE),
                .unit = rec_str(b, r, S_UNIT),
                .location = rec_str(b, r, S_LOCATION),
                .currency = rec_str(b, r, S_CURRENCY),
                .charge_type = rec_str(b, r, S_CHARGE_TYPE),
                .pricing_model = rec_str(b, r, S_PRICING_MODEL),
                .scope = rec_str(b, r, S_SCOPE),
                .quantity = r->quantity,
                .unit_price = r->unit_price,
                .effective_price = r->effective_price,
                .payg_price = r->payg_price,
                .cost = r->cost,
                .vm_size = r->str[S_VM_SIZE] ? rec_str(b, r, S_VM_SIZE) : NULL,
                .vcpus = r->vcpus,
                .benefit_id = r->str[S_BENEFIT_ID] ? rec_str(b, r, S_BENEFIT_ID) : NULL,
            };
            enum status st = store_cost_add(q->s, q->import_id, &row, &q->err);
            if (st != ST_OK) {
                err_prefix(&q->err, "%s:%lld", q->path, (long long)r->line);
                failed = 1;
                pthread_mutex_lock(&q->mu);
                q->st = st;
                q->failed = 1;
                pthread_mutex_unlock(&q->mu);
            }
        }
        pthread_mutex_lock(&q->mu);
        q->full = NULL;
        pthread_cond_broadcast(&q->cv);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* Hand the batch being filled to the store thread (waiting for the previous
 * one to be written) and switch to the other buffer. Returns -1 when the
 * store thread failed (its error is then reported). */
static int flush_batch(struct imp_state *p)
{
    struct pipe *q = &p->pipe;
    pthread_mutex_lock(&q->mu);
    while (q->full && !q->failed)
        pthread_cond_wait(&q->cv, &q->mu);
    int failed = q->failed;
    if (!failed && p->batches[p->fill].n) {
        q->full = &p->batches[p->fill];
        pthread_cond_broadcast(&q->cv);
        p->fill ^= 1;
    }
    pthread_mutex_unlock(&q->mu);
    if (failed)
        return -1;
    /* the other buffer is free once the writer took this one */
    batch_reset(&p->batches[p->fill]);
    return 0;
}

/* Wait for the store thread to finish and collect its status. */
static void writer_stop(struct imp_state *p)
{
    if (!p->writer_running)
        return;
    struct pipe *q = &p->pipe;
    pthread_mutex_lock(&q->mu);
    q->closed = 1;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    pthread_join(p->writer, NULL);
    p->writer_running = 0;
    if (q->failed && p->st == ST_OK) {
        *p->e = q->err;
        p->st = q->st;
        p->stop = 1;
    }
}

/* Append len bytes + NUL to the arena; returns the offset (0 for ""). */
static int arena_str(struct batch *b, const char *v, size_t len, uint32_t *off)
{
    if (len == 0) {
        *off = 0;
        return 0;
    }
    if (b->arena.len + len + 1 > UINT32_MAX)
        return -1;
    *off = (uint32_t)b->arena.len;
    return buf_add(&b->arena, v, len + 1) == ST_OK ? 0 : -1; /* v is NUL-terminated */
}

static const int rec_role[S_COUNT] = {
    [S_SUB_ID] = -1, /* adjusted text, set apart */
    [S_SUB_NAME] = IMP_R_SUB_NAME,
    [S_RESOURCE_GROUP] = IMP_R_RESOURCE_GROUP,
    [S_RESOURCE_ID] = IMP_R_RESOURCE_ID,
    [S_RESOURCE_NAME] = IMP_R_RESOURCE_NAME,
    [S_TAGS] = -1,
    [S_SERVICE] = IMP_R_SERVICE,
    [S_METER_SUBCATEGORY] = IMP_R_METER_SUBCATEGORY,
    [S_METER_NAME] = IMP_R_METER_NAME,
    [S_SERVICE_FAMILY] = IMP_R_SERVICE_FAMILY,
    [S_CONSUMED_SERVICE] = IMP_R_CONSUMED_SERVICE,
    [S_UNIT] = IMP_R_UNIT,
    [S_LOCATION] = IMP_R_LOCATION,
    [S_CURRENCY] = IMP_R_CURRENCY,
    [S_CHARGE_TYPE] = IMP_R_CHARGE_TYPE,
    [S_PRICING_MODEL] = IMP_R_PRICING_MODEL,
    [S_SCOPE] = IMP_R_SCOPE,
    [S_VM_SIZE] = -1,
    [S_BENEFIT_ID] = IMP_R_BENEFIT_ID,
};

/* Queue one normalised row for the store thread. */
static int queue_row(struct imp_state *p, const struct cost_row *nums, enum cost_dataset ds,
                     struct money cost, const char *sub, const char *tags, const char *vm_size,
                     int vcpus)
{
    struct batch *b = &p->batches[p->fill];
    if (b->n == BATCH_ROWS && flush_batch(p)) {
        p->stop = 1;
        return -1;
    }
    b = &p->batches[p->fill];
    struct row_rec *r = &b->recs[b->n];
    r->line = p->line;
    r->day = nums->usage_day;
    r->dataset = (int)ds;
    r->vcpus = vcpus;
    r->quantity = nums->quantity;
    r->unit_price = nums->unit_price;
    r->effective_price = nums->effective_price;
    r->payg_price = nums->payg_price;
    r->cost = cost;
    int bad = arena_str(b, sub, strlen(sub), &r->str[S_SUB_ID]) ||
              arena_str(b, tags, strlen(tags), &r->str[S_TAGS]) ||
              arena_str(b, vm_size, strlen(vm_size), &r->str[S_VM_SIZE]);
    for (int i = 0; i < S_COUNT && !bad; i++)
        if (rec_role[i] >= 0)
            bad = arena_str(b, fval(p, rec_role[i]), flen(p, rec_role[i]), &r->str[i]);
    if (bad) {
        p->st = err_set(p->e, ST_NOMEM, "out of memory");
        p->stop = 1;
        return -1;
    }
    b->n++;
    return 0;
}

static void process_row(struct imp_state *p)
{
    struct cost_row row;
    memset(&row, 0, sizeof row);
    if (flen(p, IMP_R_DATE) == 0 ||
        date_parse(fval(p, IMP_R_DATE), flen(p, IMP_R_DATE), &row.usage_day) != 0) {
        field_error(p, IMP_R_DATE, "a date (MM/DD/YYYY or YYYY-MM-DD)");
        return;
    }
    struct money cost, effective = MONEY_ZERO;
    if (parse_cost(p, IMP_R_COST, &cost))
        return;
    if (p->fmt == IMP_FMT_FOCUS && parse_cost(p, IMP_R_COST_EFFECTIVE, &effective))
        return;
    if (parse_double(p, IMP_R_QUANTITY, &row.quantity) ||
        parse_double(p, IMP_R_UNIT_PRICE, &row.unit_price) ||
        parse_double(p, IMP_R_EFFECTIVE_PRICE, &row.effective_price) ||
        parse_double(p, IMP_R_PAYG_PRICE, &row.payg_price))
        return;
    const char *tags = tags_of(p);
    if (!tags)
        return;
    char vm_size[64];
    int vcpus = 0;
    vm_size[0] = '\0';
    if (flen(p, IMP_R_ADDITIONAL_INFO))
        imp_addinfo_extract(fval(p, IMP_R_ADDITIONAL_INFO), flen(p, IMP_R_ADDITIONAL_INFO), vm_size,
                            sizeof vm_size, &vcpus);
    const char *sub = fval(p, IMP_R_SUB_ID);
    if (strncasecmp(sub, "/subscriptions/", 15) == 0)
        sub += 15; /* FOCUS SubAccountId is the ARM path */
    if (p->fmt == IMP_FMT_FOCUS) {
        /* one line, two datasets: BilledCost is actual, EffectiveCost amortized */
        if (queue_row(p, &row, DATASET_ACTUAL, cost, sub, tags, vm_size, vcpus) ||
            queue_row(p, &row, DATASET_AMORTIZED, effective, sub, tags, vm_size, vcpus))
            return;
        p->rows += 2;
    } else {
        if (!p->ds_forced && !p->amortized_evidence)
            note_dataset_evidence(p, &cost);
        if (queue_row(p, &row, p->ds, cost, sub, tags, vm_size, vcpus))
            return;
        p->rows++;
    }
    p->lines++;
}

/* -------------------------------------------------------- libcsv callbacks */

static void on_field(void *data, size_t len, void *ctx)
{
    struct imp_state *p = ctx;
    if (p->stop)
        return;
    const char *s = data ? data : "";
    /* most fields are short: a plain loop beats a memchr call each */
    if (len < 64) {
        for (size_t i = 0; i < len; i++)
            p->rec_newlines += s[i] == '\n';
    } else {
        for (const char *nl = memchr(s, '\n', len); nl;
             nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - s)))
            p->rec_newlines++;
    }
    if (len == 4 && memcmp(s, "NULL", 4) == 0)
        len = 0; /* literal NULL (FOCUS sample, database dumps) */
    if (p->in_header) {
        if (p->nhdr >= MAX_COLUMNS) {
            p->st = err_set(p->e, ST_PARSE, "%s:%lld: more than %d columns", p->path,
                            (long long)p->line, MAX_COLUMNS);
            p->stop = 1;
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
        return;
    }
    int idx = p->nfield++;
    if (idx >= p->nhdr)
        return;
    int role = p->role_of[idx];
    if (role < 0)
        return;
    p->f[role].off = p->arena.len;
    p->f[role].len = len;
    if (buf_add(&p->arena, s, len) != ST_OK || buf_addc(&p->arena, '\0') != ST_OK) {
        p->st = err_set(p->e, ST_PARSE, "%s:%lld: field '%s' is longer than %u bytes", p->path,
                        (long long)p->line, p->hdr[idx], FIELD_MAX_BYTES);
        p->stop = 1;
    }
    return;
nomem:
    p->st = err_set(p->e, ST_NOMEM, "out of memory");
    p->stop = 1;
}

static void on_row(int term, void *ctx)
{
    struct imp_state *p = ctx;
    if (p->stop)
        return;
    if (p->nfield == 0 && !(p->in_header && p->nhdr > 0)) {
        /* CSV_REPALL_NL reports every bare CR/LF: a blank line, or the LF
         * of a CRLF pair that ended the previous record */
        if (!(term == '\n' && p->last_term == '\r'))
            p->line++;
        p->last_term = term == '\r' ? '\r' : 0;
        return;
    }
    if (p->in_header) {
        p->in_header = 0;
        finish_header(p);
    } else if (p->nfield != p->nhdr) {
        p->st =
            err_set(p->e, ST_PARSE, "%s:%lld: expected %d fields, got %d%s", p->path,
                    (long long)p->line, p->nhdr, p->nfield, term == -1 ? " (truncated file?)" : "");
        p->stop = 1;
    } else {
        process_row(p);
    }
    p->line += 1 + p->rec_newlines;
    p->rec_newlines = 0;
    p->nfield = 0;
    p->last_term = term;
    buf_reset(&p->arena);
}

/* ---------------------------------------------------------------- driver */

static void show_progress(struct imp_state *p, int force_clear)
{
    if (force_clear) {
        if (p->progress_shown)
            fprintf(stderr, "\r\033[K");
        return;
    }
    double t = elapsed(&p->t0);
    if (t < p->next_progress)
        return;
    p->next_progress = t + 0.25;
    double frac = p->file.size ? (double)imp_file_offset(&p->file) / (double)p->file.size : 0;
    if (frac > 1)
        frac = 1;
    int width = 30, done = (int)(frac * width);
    char bar[32];
    for (int i = 0; i < width; i++)
        bar[i] = i < done ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r%s [%s] %3d%% %lld lines", p->path, bar, (int)(frac * 100),
            (long long)p->lines);
    p->progress_shown = 1;
}

static void state_release(struct imp_state *p)
{
    for (int i = 0; i < p->nhdr; i++)
        free(p->hdr[i]);
    free(p->hdr);
    for (size_t i = 0; i < p->ntag; i++)
        free(p->tag_text[i]);
    free(p->tag_text);
    strmap_release(&p->tag_index);
    buf_release(&p->arena);
    buf_release(&p->scratch);
    batch_release(&p->batches[0]);
    batch_release(&p->batches[1]);
    pthread_mutex_destroy(&p->pipe.mu);
    pthread_cond_destroy(&p->pipe.cv);
    imp_file_close(&p->file);
}

enum status imp_cost_file(struct store *s, const char *path, const struct imp_cost_options *opt,
                          struct imp_cost_result *res, struct err *e)
{
    memset(res, 0, sizeof *res);
    struct imp_state *p = calloc(1, sizeof *p);
    if (!p)
        return err_set(e, ST_NOMEM, "out of memory");
    p->path = path;
    p->opt = opt;
    p->s = s;
    p->e = e;
    p->in_header = 1;
    p->line = 1;
    p->ds = DATASET_ACTUAL;
    buf_init(&p->arena, FIELD_MAX_BYTES);
    buf_init(&p->scratch, 0);
    strmap_init(&p->tag_index);
    pthread_mutex_init(&p->pipe.mu, NULL);
    pthread_cond_init(&p->pipe.cv, NULL);
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
    p->next_progress = 1.0;
    int progress = opt && opt->progress && isatty(STDERR_FILENO);
    if (opt && opt->format && imp_format_from_name(opt->format) < 0) {
        free(p);
        return err_set(e, ST_USAGE, "unknown format '%s' (expected ea, mca or focus)", opt->format);
    }
    if (opt && opt->dataset) {
        if (strcmp(opt->dataset, "actual") == 0)
            p->ds = DATASET_ACTUAL;
        else if (strcmp(opt->dataset, "amortized") == 0)
            p->ds = DATASET_AMORTIZED;
        else {
            free(p);
            return err_set(e, ST_USAGE, "unknown dataset '%s' (expected actual or amortized)",
                           opt->dataset);
        }
        p->ds_forced = 1;
    }
    enum status st = imp_file_open(&p->file, path, e);
    if (st != ST_OK) {
        state_release(p);
        free(p);
        return st;
    }
    struct csv_parser csv;
    unsigned char *chunk = malloc(CHUNK_BYTES);
    if (!chunk || csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        free(chunk);
        state_release(p);
        free(p);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    int first = 1;
    while (!p->stop) {
        ssize_t n = imp_file_read(&p->file, chunk, CHUNK_BYTES, e);
        if (n < 0) {
            p->st = ST_IO;
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
        size_t used = csv_parse(&csv, data, len, on_field, on_row, p);
        if (!p->stop && used != len) {
            p->st = err_set(e, ST_PARSE, "%s:%lld: malformed CSV quoting (%s)", path,
                            (long long)(p->line + p->rec_newlines), csv_strerror(csv_error(&csv)));
            p->stop = 1;
        }
        if (progress && !p->stop)
            show_progress(p, 0);
    }
    if (!p->stop && p->st == ST_OK) {
        if (csv_fini(&csv, on_field, on_row, p) != 0 && !p->stop) {
            p->st = err_set(e, ST_PARSE, "%s:%lld: unterminated quoted field (truncated file?)",
                            path, (long long)p->line);
            p->stop = 1;
        }
    }
    csv_free(&csv);
    free(chunk);
    if (p->writer_running && p->st == ST_OK && !p->stop)
        flush_batch(p);
    writer_stop(p);
    if (progress)
        show_progress(p, 1);
    st = p->st;
    if (st == ST_OK && !p->begun && !p->duplicate)
        st = err_set(e, ST_PARSE, "%s:1: empty file: no header line", path);
    if (st == ST_OK && p->duplicate) {
        res->duplicate = 1;
        snprintf(res->format, sizeof res->format, "%s", imp_format_name(p->fmt));
    } else if (st == ST_OK) {
        enum cost_dataset ds = p->ds;
        if (p->fmt != IMP_FMT_FOCUS && !p->ds_forced) {
            /* the content decides; a file name saying so breaks the tie
             * when the period holds no commitment rows at all */
            const char *base = strrchr(path, '/');
            base = base ? base + 1 : path;
            if (p->amortized_evidence || contains_nocase(base, "amortized"))
                ds = DATASET_AMORTIZED;
            if (ds != p->ds)
                st = store_import_set_dataset(s, p->import_id, ds, e);
        }
        struct import_summary sum;
        if (st == ST_OK)
            st = store_import_finish(s, p->import_id, &sum, e);
        if (st == ST_OK) {
            p->begun = 0;
            res->import_id = p->import_id;
            res->rows = sum.rows;
            res->replaced = sum.replaced;
            snprintf(res->format, sizeof res->format, "%s", imp_format_name(p->fmt));
            snprintf(res->dataset, sizeof res->dataset, "%s",
                     p->fmt == IMP_FMT_FOCUS   ? "actual+amortized"
                     : ds == DATASET_AMORTIZED ? "amortized"
                                               : "actual");
            memcpy(res->period_start, sum.period_start, sizeof res->period_start);
            memcpy(res->period_end, sum.period_end, sizeof res->period_end);
        } else {
            err_prefix(e, "%s", path);
        }
    }
    if (p->begun)
        store_import_abort(s);
    res->lines = p->lines;
    res->inexact = p->inexact;
    res->empty_costs = p->empty_costs;
    state_release(p);
    free(p);
    return st;
}
