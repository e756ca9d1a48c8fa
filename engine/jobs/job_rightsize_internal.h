/*
 * job_rightsize_internal.h - what job_rightsize.c shares with
 * job_rightsize_paas.c (the App Service plan and SQL Database rules and the
 * coverage by service) and job_rightsize_storage.c (workspaces, storage). Not for other callers.
 */
#ifndef YOSAN_JOB_RIGHTSIZE_INTERNAL_H
#define YOSAN_JOB_RIGHTSIZE_INTERNAL_H

#include "job_rightsize.h"
#include "store_rightsize.h"

/* The parts of a running job the PaaS step reads (all borrowed). */
struct job_rs_ctx {
    struct store *s;
    const struct job_rs_options *opt;
    struct job_rs_result *out; /* rows are added here */
    size_t *cap;               /* rows allocated in out */
    const struct store_rs_rows *billed;
    int32_t day_from, day_to; /* window */
    double month_scale;       /* window cost -> per 30 days */
    double *t_model;          /* time in the model, added to */
};

/* A new zeroed row of this kind (job_rightsize.c); NULL when out of
 * memory. bill is the resource's row in the run's bill, or NULL: with it the
 * row's id is the bill's own text (the run hands the bill's texts to out at
 * its end), without it a copy of id in out's texts; department and size are
 * kept in out's texts. */
struct job_rs_row *job_rs_new_row(struct job_rs_result *out, size_t *cap,
                                  const struct store_rs_row *bill, const char *id,
                                  const char *department, const char *size, enum rs_res_kind kind);

/* The pool's copy of text (cut at RS_REASON_MAX - 1 bytes, as the model's
 * buffer cuts; equal texts share one copy); the result owns its pool (freed
 * by job_rs_result_release()); NULL when out of memory. Not thread-safe: one
 * pool per thread. */
const char *job_rs_keep_text(struct textpool *texts, const char *text);

/* Rows for the billed Log Analytics workspaces and storage accounts
 * (mdl_storage.h, job_rightsize_storage.c); *ids gets a copy of the id of
 * each one looked at (all were analysed from the bill), freed with
 * job_rs_free_ids(). */
enum status job_rs_storage(const struct job_rs_ctx *c, const char ***ids, size_t *nids,
                           struct err *e);
void job_rs_free_ids(const char **ids, size_t n);

/* One billed single SQL database for the elastic pool step. */
struct job_rs_sqldb {
    const char *id;         /* lower-case ARM id (borrowed) */
    const char *department; /* borrowed */
    const char *currency;   /* borrowed */
    double units;           /* vCores (vCore-hours / window hours) or DTUs */
    int dtu;                /* 1: Standard DTU objective, 0: vCore */
    double monthly_cost;    /* its compute meter per 30 days */
    int own_saving;         /* 1 when its own rule proposed a saving: left to that rule */
};
#define JOB_RS_POOL_MAX 64 /* databases of one server looked at for a pool */

/* Rows for the servers whose single databases would cost less in an
 * elastic pool (mdl_sqlpool.h, job_rightsize_sqlpool.c); sorts v. */
enum status job_rs_sqlpool(const struct job_rs_ctx *c, struct job_rs_sqldb *v, size_t n,
                           struct err *e);
/* Rows from the bill alone for dev/test Premium App Service plans, network
 * gateways and load balancers with a data meter, and snapshots
 * (mdl_network.h, job_rightsize_network.c): call before job_rs_paas() so
 * they count in the coverage. */
enum status job_rs_network(const struct job_rs_ctx *c, struct err *e);

/* Rows for the billed App Service plans and SQL databases (mdl_paas.h), then
 * out->coverage from every row so far: call after the VM, orphan and disk
 * steps. */
enum status job_rs_paas(const struct job_rs_ctx *c, struct err *e);

#endif
