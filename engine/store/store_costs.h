/*
 * store_costs.h - cost rows in the store: writing an import, reading sums.
 *
 * Writing (used by importers/imp_cost*.c only):
 *   store_import_begin()   opens the transaction, refuses a duplicate file
 *   store_cost_add()       one normalised row; dimensions are interned
 *   store_import_finish()  replaces older rows the file covers, records the
 *                          import, attributes departments, commits
 *   store_import_abort()   rolls everything back
 * Reading (used by cmd_* for models and reports): store_cost_by_month().
 */
#ifndef YOSAN_STORE_COSTS_H
#define YOSAN_STORE_COSTS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "money.h"
#include "store.h"

enum cost_dataset { DATASET_ACTUAL = 0, DATASET_AMORTIZED = 1 };

/* What an importer knows about a file before its rows. */
struct import_info {
    const char *file_name; /* path as given */
    const char *sha256;    /* hex digest of the bytes on disk */
    const char *format;    /* "ea", "mca", "focus" */
    const char *dataset;   /* "actual", "amortized" or "actual+amortized" */
};

/* One normalised cost row. Strings are borrowed for the duration of the call. */
struct cost_row {
    enum cost_dataset dataset;     /* which dataset this amount belongs to */
    int32_t usage_day;             /* date.h day number (UTC) */
    const char *subscription_id;   /* GUID (any case) or "" */
    const char *subscription_name; /* display name or "" */
    const char *resource_group;    /* or "" */
    const char *resource_id;       /* ARM id (any case) or "" */
    const char *resource_name;     /* or "" */
    const char *tags_json;         /* normalised JSON object text, "{}" when none */
    const char *service_name;      /* MeterCategory / ServiceName */
    const char *meter_subcategory;
    const char *meter_name;
    const char *service_family;
    const char *consumed_service;
    const char *unit;
    const char *location;
    const char *currency;      /* billing currency, e.g. "JPY" */
    const char *charge_type;   /* Usage, Purchase, ... */
    const char *pricing_model; /* OnDemand, Reservation, ... or "" */
    const char *scope;         /* billing account / profile, for the import record */
    double quantity, unit_price, effective_price, payg_price; /* NAN when absent */
    struct money cost;                                        /* exact */
    const char *vm_size;                                      /* or NULL */
    int vcpus;                                                /* 0 when unknown */
    const char *benefit_id;                                   /* or NULL */
    const char *benefit_name; /* ReservationName / benefitName, or NULL */
    int term_months;          /* the benefit's term in months (Term column), 0 unknown */
};

/* Memory budget of the cost import caches (cost objects, meters,
 * subscriptions; keys, slots and allocator overhead counted), default
 * STORE_IMPORT_CACHE_BYTES. Past it the least recently used keys are evicted
 * a few at a time and looked up in the database again, so the budget changes
 * speed, never results. Takes effect at once; values below 12 KiB act as
 * 12 KiB. */
#define STORE_IMPORT_CACHE_BYTES ((size_t)48 << 20)
void store_set_import_cache_bytes(struct store *s, size_t bytes);
/* Keys the import caches have evicted since the store was opened. */
uint64_t store_import_cache_evictions(const struct store *s);

/* Begin importing a file. When a file with the same sha256 was imported
 * before, *duplicate is set to 1, nothing is opened and ST_OK returned.
 * info->sha256 may be NULL when the hash is computed while the rows stream
 * in; store_import_check_sha() must then be called before finishing. */
enum status store_import_begin(struct store *s, const struct import_info *info, int64_t *import_id,
                               int *duplicate, struct err *e);
enum status store_cost_add(struct store *s, int64_t import_id, const struct cost_row *row,
                           struct err *e);
struct import_summary {
    int64_t rows;          /* rows added by this import */
    int64_t replaced;      /* older rows deleted because this file covers them */
    char period_start[11]; /* first usage day or "" */
    char period_end[11];   /* last usage day or "" */
};
enum status store_import_finish(struct store *s, int64_t import_id, struct import_summary *sum,
                                struct err *e);
void store_import_abort(struct store *s);

/* For an import begun without a sha256: record it, or set *duplicate to 1
 * when another import has the same digest (the caller then aborts, and the
 * database stays as it was). */
enum status store_import_check_sha(struct store *s, int64_t import_id, const char *sha256,
                                   int *duplicate, struct err *e);

/* Inside an open import: move every row added so far to dataset ds and
 * label the import record with it. For EA/MCA files, whose dataset is only
 * known once the content has been seen (rows are added as actual first). */
enum status store_import_set_dataset(struct store *s, int64_t import_id, enum cost_dataset ds,
                                     struct err *e);

/* One import record, for `yosan imports`. */
struct import_record {
    int64_t id;            /* imports.id */
    char *file_name;       /* owned */
    char sha256[65];       /* hex digest */
    char format[16];       /* ea | mca | focus | ... */
    char dataset[24];      /* actual | amortized | actual+amortized */
    char period_start[11]; /* "" for a header-only file */
    char period_end[11];
    int64_t rows;         /* rows the import added */
    int64_t replaced;     /* older rows it replaced */
    int64_t rows_now;     /* its rows still in the store (later files may replace them) */
    char imported_at[24]; /* UTC timestamp */
};

/* All import records, oldest first. The caller frees with import_records_free(). */
enum status store_imports_list(struct store *s, struct import_record **out, size_t *n,
                               struct err *e);
void import_records_free(struct import_record *v, size_t n);

/* ---- reading ---- */

enum cost_dim {
    COST_DIM_TOTAL = 0,    /* one key: "total" */
    COST_DIM_DEPARTMENT,   /* department name */
    COST_DIM_SUBSCRIPTION, /* subscription name (or id when unnamed) */
    COST_DIM_SERVICE,      /* service_name */
    COST_DIM_RESOURCE,     /* resource id (or "(no resource)") */
    COST_DIM_OBJECT,       /* "department\x1fsubscription id\x1fsubscription name\x1f
                              resource group\x1ftags JSON": what attribution rules match
                              (per-system budget lines, job_budget_system.c) */
    COST_DIM_REGION,       /* region, lower case without spaces ("japaneast"; the EA MeterRegion
                              forms "JA East"/"JA West" read as japaneast/japanwest), or
                              "(no region)" */
};

struct cost_query {
    enum cost_dim dim;         /* grouping */
    enum cost_dataset dataset; /* never mixed */
    int32_t from_day;          /* inclusive; INT32_MIN for no bound */
    int32_t to_day;            /* inclusive; INT32_MAX for no bound */
    const char *department;    /* only this department, or NULL */
    int by_service; /* 1: keys are "key\x1fservice" (one cell per key, service, currency, month;
                       the billing terms need the service, models/mdl_terms.h) */
};

struct cost_cell {
    char *key;         /* owned */
    char *currency;    /* owned */
    int month;         /* date.h month_index */
    struct money cost; /* exact sum */
};

struct cost_cells {
    struct cost_cell *v; /* n cells sorted by key, currency, month */
    size_t n;
};

/* Sums by (key, currency, month). The caller releases out with cost_cells_release(). */
enum status store_cost_by_month(struct store *s, const struct cost_query *q, struct cost_cells *out,
                                struct err *e);
void cost_cells_release(struct cost_cells *c);
/* Sort cells by key, currency, month and sum repeated ones exactly into one
 * (the cells' strings freed); for cells built outside the store. */
void cost_cells_sort_merge(struct cost_cells *c);

/* Last usage day present for a dataset; returns ST_NOTFOUND when there is none. */
enum status store_cost_last_day(struct store *s, enum cost_dataset ds, int32_t *day, struct err *e);
/* First and last usage day present for a dataset (one scan of the cost
 * rows: for messages about an empty window); ST_NOTFOUND when there is none. */
enum status store_cost_day_range(struct store *s, enum cost_dataset ds, int32_t *first,
                                 int32_t *last, struct err *e);
/* 1 when any row of the dataset exists. */
int store_cost_has_dataset(struct store *s, enum cost_dataset ds);

/* ---- daily series (store_costs_daily.c, for `yosan anomalies`) ---- */

enum cost_day_dim {
    COST_DAY_DEPARTMENT = 0, /* department name */
    COST_DAY_SERVICE,        /* service_name */
    COST_DAY_SUBSCRIPTION,   /* subscription name (or id when unnamed) */
};

struct cost_day_cell {
    char *key;         /* owned: the series key, or for items the resource id */
    char *meter;       /* owned: items only, "service / subcategory / meter"; else NULL */
    char *currency;    /* owned */
    int32_t day;       /* date.h day number (usage day) */
    struct money cost; /* exact sum */
};

struct cost_day_cells {
    struct cost_day_cell *v; /* n cells sorted by key (resource), [meter,] currency, day */
    size_t n;                /* items are sorted by day first */
};

/* Exact sums per (series key, currency, day) over [from, to] from the
 * daily rollups. The caller releases out with cost_day_cells_release(). */
enum status store_cost_by_day(struct store *s, enum cost_day_dim dim, enum cost_dataset ds,
                              int32_t from, int32_t to, struct cost_day_cells *out, struct err *e);
/* The cost rows of the series `key` over [from, to] summed per (day,
 * resource, meter, currency): what explains a day of the series. Released
 * with cost_day_cells_release(). */
enum status store_cost_items_by_day(struct store *s, enum cost_day_dim dim, const char *key,
                                    enum cost_dataset ds, int32_t from, int32_t to,
                                    struct cost_day_cells *out, struct err *e);
void cost_day_cells_release(struct cost_day_cells *c);

#endif
