/*
 * store_pull.h - state of the Azure API pulls (migration 4): which cost
 * windows are complete, so an interrupted `yosan pull cost` resumes where
 * it stopped, and which VMs the cost data knows (for `yosan pull metrics`).
 * Written and read by importers/imp_pull*.c only.
 */
#ifndef YOSAN_STORE_PULL_H
#define YOSAN_STORE_PULL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

/* A completed window. Strings are borrowed for the duration of the call. */
struct pull_window {
    const char *source;       /* "cost-details" or "cost-query" */
    const char *scope;        /* ARM scope, no leading '/' */
    const char *dataset;      /* "actual" or "amortized" */
    const char *window_start; /* YYYY-MM-DD */
    const char *window_end;   /* YYYY-MM-DD */
    const char *sha256;       /* of the imported CSV, "" when the window was empty */
    int64_t blobs;            /* blobs or pages fetched */
    int64_t rows;             /* cost rows imported */
    int64_t import_id;        /* imports.id, or 0 for none */
};

/* *done = 1 when the window (source, scope, dataset, start, end) is recorded. */
enum status store_pull_window_done(struct store *s, const struct pull_window *w, int *done,
                                   struct err *e);
/* Record (or re-record) a completed window in one statement. */
enum status store_pull_window_mark(struct store *s, const struct pull_window *w, struct err *e);
/* Number of completed windows recorded for a scope and dataset (any source). */
enum status store_pull_window_count(struct store *s, const char *scope, const char *dataset,
                                    int64_t *n, struct err *e);

/* Virtual machines seen in the cost rows: distinct lower-case ARM ids cut
 * to ".../providers/microsoft.compute/virtualmachines/NAME", optionally
 * only in one subscription (GUID) and/or resource group (NULL = any).
 * *ids is a malloc'd array of malloc'd strings; free with store_pull_ids_free(). */
enum status store_pull_vm_ids(struct store *s, const char *subscription, const char *resource_group,
                              char ***ids, size_t *n, struct err *e);
void store_pull_ids_free(char **ids, size_t n);

#endif
