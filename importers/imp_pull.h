/*
 * imp_pull.h - pulling costs, prices and metrics from the Azure APIs.
 *
 * Each pull fetches over imp_http / imp_azure_auth and hands complete,
 * validated units to an import callback (one transaction each), so a
 * failure never leaves half a unit in the store:
 *   cost     one CSV file per window (a calendar month at most); completed
 *            windows are recorded in pull_windows (store_pull.h) and skipped
 *            by the next run, except windows reaching today
 *   prices   every page is fetched and checked before the first is imported
 *   metrics  one JSON response per VM
 * The callbacks are what the CLI wires to imp_cost_file,
 * imp_prices_json_buffer and imp_metrics_json_buffer; tests pass their own.
 */
#ifndef YOSAN_IMP_PULL_H
#define YOSAN_IMP_PULL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "imp_azure_auth.h"
#include "imp_http.h"
#include "store.h"

/* ---- cost ---- */

/* Days Azure may still adjust after a usage day: a window ending fewer days
 * before today is fetched again even when it was pulled before. */
#define IMP_PULL_SETTLE_DAYS 7

/* Import one cost CSV (EA layout) into s, all or nothing. Fills *rows and
 * *import_id (0 when the file was a duplicate of an earlier import). */
typedef enum status (*imp_pull_csv_fn)(struct store *s, const char *csv_path, void *ctx,
                                       int64_t *rows, int64_t *import_id, struct err *e);

struct imp_pull_cost_opts {
    const char *scope;      /* ARM scope, e.g. "/subscriptions/GUID" (leading '/' optional) */
    int32_t from_day;       /* first day, inclusive (date.h day number) */
    int32_t to_day;         /* last day, inclusive */
    const char *dataset;    /* "actual" or "amortized" */
    int via_query;          /* 1 = Cost Management Query API instead of Cost Details */
    int force;              /* 1 = fetch windows already recorded as complete */
    int32_t today;          /* UTC today; windows ending after today - IMP_PULL_SETTLE_DAYS
                               are always fetched */
    const char *keep_dir;   /* copy each window's CSV into this folder, or NULL */
    int max_polls;          /* report status polls per window; 0 = 360 */
    imp_pull_csv_fn import; /* required */
    void *import_ctx;       /* passed to import */
};

struct imp_pull_cost_result {
    int windows;   /* windows in the range */
    int skipped;   /* already complete, not fetched */
    int empty;     /* fetched, no data */
    int64_t blobs; /* blobs (details) or pages (query) downloaded */
    int64_t rows;  /* cost rows imported */
};

/* Pull costs for [from_day, to_day] window by window. Stops at the first
 * failing window; windows completed before it stay imported and recorded. */
enum status imp_pull_cost(struct store *s, struct imp_azure *az, const struct imp_pull_cost_opts *o,
                          struct imp_pull_cost_result *res, struct err *e);

/* Split [from, to] into calendar-month windows. *starts and *ends are
 * malloc'd arrays of *n day numbers (caller frees both). */
enum status imp_pull_month_windows(int32_t from, int32_t to, int32_t **starts, int32_t **ends,
                                   size_t *n, struct err *e);

/* Convert Cost Management Query API pages (each the JSON body of one page)
 * into one EA-layout CSV written to f. Column mapping in docs/pull.md.
 * *rows receives the number of data rows written. */
enum status imp_pull_query_to_csv(const char *const *pages, const size_t *lens, size_t npages,
                                  FILE *f, int64_t *rows, struct err *e);

/* ---- prices ---- */

/* Import one Retail Prices page held in memory. */
typedef enum status (*imp_pull_page_fn)(struct store *s, const char *name, const char *json,
                                        size_t len, void *ctx, int64_t *items, struct err *e);

struct imp_pull_prices_opts {
    const char *endpoint;    /* base URL; NULL = https://prices.azure.com */
    const char *regions;     /* comma-separated armRegionName values, or NULL for all */
    const char *currency;    /* currencyCode, NULL = "JPY" */
    const char *service;     /* serviceName, NULL = "Virtual Machines"; "" = any */
    const char *api_version; /* NULL = "2023-01-01-preview" (adds savingsPlan) */
    int max_pages;           /* safety stop; 0 = 100000 */
    imp_pull_page_fn import; /* required */
    void *import_ctx;        /* passed to import */
};

struct imp_pull_prices_result {
    int pages;     /* pages fetched and imported */
    int64_t items; /* Items[] entries across the pages */
};

/* The first page's URL with $filter built and percent-encoded. Returns a
 * malloc'd string (caller frees) or NULL when out of memory. */
char *imp_pull_prices_url(const struct imp_pull_prices_opts *o);

enum status imp_pull_prices(struct store *s, struct imp_http *h,
                            const struct imp_pull_prices_opts *o,
                            struct imp_pull_prices_result *res, struct err *e);

/* ---- metrics ---- */

struct imp_pull_metrics_opts {
    char *const *ids;        /* VM resource ids (borrowed) */
    size_t n;                /* how many */
    int days;                /* look-back in days, ending at the current hour */
    int64_t now;             /* epoch seconds; 0 = the clock of the http client */
    int concurrency;         /* parallel requests; 0 = 4 */
    double rps;              /* cap on requests started per second; 0 = 10 */
    const char *api_version; /* NULL = "2023-10-01" */
    imp_pull_page_fn import; /* one metrics response per VM (items = points) */
    void *import_ctx;        /* passed to import */
};

struct imp_pull_metrics_result {
    size_t ok;      /* VMs imported */
    size_t failed;  /* VMs that failed (first error returned) */
    int64_t points; /* as reported by the import callback */
};

/* List the VMs of a subscription (optionally one resource group) through
 * the ARM list API, following nextLink. *ids is a malloc'd array of *n
 * malloc'd ids (free each, then the array). */
enum status imp_pull_list_vms(struct imp_azure *az, const char *subscription,
                              const char *resource_group, char ***ids, size_t *n, struct err *e);

/* Fetch and import hourly metrics for every VM. Every VM is attempted;
 * VMs that fail are counted and the first error is returned at the end. */
enum status imp_pull_metrics(struct store *s, struct imp_azure *az,
                             const struct imp_pull_metrics_opts *o,
                             struct imp_pull_metrics_result *res, struct err *e);

#endif
