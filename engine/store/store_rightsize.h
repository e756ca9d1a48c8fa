/*
 * store_rightsize.h - what right-sizing reads from the cost store: the VMs
 * billed in a window (size, department, region, cost, billed hours,
 * reservation cover), every billed resource (for orphan detection) and the
 * managed disks' meters (tier and own price per disk-month).
 * Written by nobody: a read-only view over the costs tables.
 */
#ifndef YOSAN_STORE_RIGHTSIZE_H
#define YOSAN_STORE_RIGHTSIZE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "money.h"
#include "store.h"
#include "textpool.h"

/* One billed resource in the window. All strings owned by the row set's
 * text pool (the repeated ones kept once). */
struct store_rs_row {
    const char *resource_id;    /* lower-case ARM id */
    const char *subscription;   /* subscription key (lower-case GUID) or "" */
    const char *resource_group; /* lower-case */
    const char *department;     /* department name */
    const char *vm_size;        /* most used AdditionalInfo.ServiceType, or NULL */
    const char *region;         /* meter location, lower-case, or "" */
    const char *currency;       /* billing currency */
    struct money cost;          /* exact sum over the window */
    double billed_hours;        /* quantity of hourly VM meters (compute hours), 0 for others */
    int reserved;               /* 1 when any row had a benefit_id or reservation pricing */
};

struct store_rs_rows {
    struct store_rs_row *v; /* n rows sorted by resource_id */
    size_t n;
    int dataset;           /* 0 actual, 1 amortized: the one used */
    struct textpool texts; /* the rows' strings */
};

/* Billed resources for usage days [from_day, to_day], optionally one department.
 * vms_only = 1 keeps virtual machines (and scale sets) only. Uses the amortized
 * dataset when the window has any, else actual. Release with store_rs_rows_release(). */
enum status store_rightsize_billed(struct store *s, int32_t from_day, int32_t to_day,
                                   const char *department, int vms_only, struct store_rs_rows *out,
                                   struct err *e);
void store_rs_rows_release(struct store_rs_rows *r);
/* The row of resource id in b (binary search: b is sorted by resource_id),
 * NULL when it is not billed; of a resource billed in several currencies,
 * any one of its rows. */
const struct store_rs_row *store_rs_rows_find(const struct store_rs_rows *b, const char *id);

/* One disk and capacity-or-other meter billed in the window. Strings owned by the set. */
struct store_rs_disk_meter {
    char *resource_id; /* lower-case ARM id under microsoft.compute/disks */
    char *meter_name;  /* MeterName, e.g. "P30 LRS Disk", "Disk Operations" */
    char *region;      /* meter location, lower-case, or "" */
    char *currency;    /* billing currency */
    struct money cost; /* exact sum over the window */
    double months;     /* disk-months billed: quantity x months per unit when the unit of
                          measure is monthly ("1/Month"), else 0 */
};

struct store_rs_disk_meters {
    struct store_rs_disk_meter *v; /* n rows sorted by resource_id, then meter_name */
    size_t n;
};

/* Every managed disk's meters billed for usage days [from_day, to_day] in
 * `dataset` (0 actual, 1 amortized; pass store_rs_rows.dataset so both
 * queries read the same one), all departments: the tier of each disk comes
 * from its capacity meter's name and the user's own price per disk-month
 * from cost / months. Release with store_rs_disk_meters_release(). */
enum status store_rightsize_disk_meters(struct store *s, int32_t from_day, int32_t to_day,
                                        int dataset, struct store_rs_disk_meters *out,
                                        struct err *e);
void store_rs_disk_meters_release(struct store_rs_disk_meters *m);

/* A resource billed in the window under a meter whose text names an OS or
 * SQL Server version ("... Windows Server 2016 ...", "... SQL Server 2014
 * ..."), for the support-life section. Strings owned by the set. */
struct store_rs_text {
    char *resource_id; /* lower-case ARM id, "" when none */
    char *department;  /* department name */
    char *text;        /* "service_name / meter_subcategory / meter_name" */
    char *currency;    /* billing currency */
    struct money cost; /* exact sum over the window */
};

struct store_rs_texts {
    struct store_rs_text *v; /* n rows sorted by resource_id, then text */
    size_t n;
};

/* Meters naming "windows server 20.." or "sql server 20.." (any case) billed
 * for usage days [from_day, to_day] in dataset, per resource (one
 * department, or all when department is NULL). */
enum status store_rightsize_product_texts(struct store *s, int32_t from_day, int32_t to_day,
                                          int dataset, const char *department,
                                          struct store_rs_texts *out, struct err *e);
void store_rs_texts_release(struct store_rs_texts *t);

/* One (resource, meter, currency) of the window's bill: what coverage by
 * service and the PaaS rules read (App Service plan tier and instance-hours,
 * SQL Database vCore-hours). Strings owned by the set's text pool (the
 * repeated ones kept once). */
struct store_rs_meter_cost {
    const char *resource_id; /* lower-case ARM id, "" when the rows have none */
    const char *service;     /* service_name (MeterCategory / ServiceName) */
    const char *subcategory; /* meter_subcategory */
    const char *meter_name;  /* meter_name, e.g. "P1 v3 App", "vCore" */
    const char *currency;    /* billing currency */
    struct money cost;       /* exact sum over the window */
    double hours; /* quantity x hours per unit when the unit is time ("1 Hour"), else 0 */
};

struct store_rs_meter_costs {
    struct store_rs_meter_cost *v; /* n rows sorted by resource_id, service, meter */
    size_t n;
    struct textpool texts; /* the rows' strings (ids found in `billed` are its, not copies) */
};

/* Every (resource, meter, currency) billed for usage days [from_day, to_day]
 * in `dataset` (pass store_rs_rows.dataset), one department or all when
 * department is NULL. billed (may be NULL) is a bill of the same window
 * whose ids the rows share instead of copying them (a hundred thousand ids
 * are ~13 MiB): it must outlive out. Release with
 * store_rs_meter_costs_release(). */
enum status store_rightsize_meter_costs(struct store *s, int32_t from_day, int32_t to_day,
                                        int dataset, const char *department,
                                        const struct store_rs_rows *billed,
                                        struct store_rs_meter_costs *out, struct err *e);
void store_rs_meter_costs_release(struct store_rs_meter_costs *m);

/* One SQL database's provisioned vCore compute over a window, day by day
 * folded: what `yosan commit` reads for reserved capacity. Strings owned by
 * the set. */
struct store_rs_sql_vcore {
    char *resource_id; /* lower-case ARM id (.../microsoft.sql/servers/S/databases/D) */
    char *department;  /* department name */
    char *subcategory; /* meter_subcategory, e.g. "General Purpose - Compute Gen5" */
    char *region;      /* meter location, lower-case, or "" */
    char *currency;    /* billing currency */
    struct money cost; /* exact sum over the window */
    double hours;      /* vCore-hours billed (quantity x hours per unit) */
    double min_day;    /* the fewest vCore-hours billed on one day of those billed */
    int days;          /* days with a vCore meter row */
    int reserved;      /* 1 when any row had a benefit_id or reservation pricing */
};

struct store_rs_sql_vcores {
    struct store_rs_sql_vcore *v; /* n rows sorted by resource_id, currency */
    size_t n;
};

/* Every SQL database's meters whose name holds "vcore" (any case; not
 * serverless: "vCore Second" / unit not hourly are left out), billed for
 * usage days [from_day, to_day] in `dataset`, one department or all when
 * department is NULL. Release with store_rs_sql_vcores_release(). */
enum status store_rightsize_sql_vcores(struct store *s, int32_t from_day, int32_t to_day,
                                       int dataset, const char *department,
                                       struct store_rs_sql_vcores *out, struct err *e);
void store_rs_sql_vcores_release(struct store_rs_sql_vcores *v);

/* A read transaction around a whole analysis: one consistent snapshot and
 * one lock instead of one per query. On SQLite it also takes the
 * database's write lock when it can (nothing is written), so no import
 * commits until store_rs_read_end() and clones read the same data; on
 * PostgreSQL it is REPEATABLE READ and its snapshot is exported
 * (pg_export_snapshot()) for the clones, while imports go on committing.
 * store_rs_read_end() always succeeds. */
enum status store_rs_read_begin(struct store *s, struct err *e);
void store_rs_read_end(struct store *s);

/* Another connection to s's database, in a read transaction that sees what
 * s sees, for reading in parallel from another thread (a connection is used
 * by one thread at a time); on PostgreSQL a new connection with the same
 * connection string, REPEATABLE READ on s's snapshot (SET TRANSACTION
 * SNAPSHOT). ST_NOTFOUND when s could not take the write lock in
 * store_rs_read_begin() (busy or read-only SQLite database) or the server
 * exported no snapshot: then read through s alone. Close with
 * store_rs_read_clone_close() before store_rs_read_end(s). */
enum status store_rs_read_clone(struct store *s, struct store **clone, struct err *e);
void store_rs_read_clone_close(struct store *clone);

/* Last usage day in the cost store (any dataset); ST_NOTFOUND when empty. */
enum status store_rightsize_last_cost_day(struct store *s, int32_t *day, struct err *e);

#endif
