/*
 * store_internal.h - what the store_*.c files share. Never included outside
 * engine/store/ (it is on that library's PRIVATE include path, so
 * an include from anywhere else fails to compile): everything else goes
 * through store.h and the public store_<domain>.h headers.
 */
#ifndef YOSAN_STORE_INTERNAL_H
#define YOSAN_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "sdb.h"
#include "store.h"
#include "textpool.h"

/* PostgreSQL advisory lock key (0x796f736e = "yosn"): schema migrations
 * take it inside their transaction (store_pg_xact_lock), so two processes
 * that open a fresh database at once do not both create the tables. */
#define STORE_PG_LOCK_MIGRATE 0x796f736e

struct store_costs_cache; /* per-store import caches, owned by store_costs.c */
struct store_rate_cache;  /* per-store effective VM rates, owned by store_prices.c */

struct store {
    struct sdb *sdb;                 /* the connection (sdb.h): ported files use this */
    sqlite3 *db;                     /* sdb->lite, for the files still on sqlite3_* */
    char *path;                      /* as opened */
    int in_txn;                      /* 1 inside store_begin/commit */
    int read_locked;                 /* 1 while store_rs_read_begin holds the write lock
                                        (SQLite) or exported its snapshot (PostgreSQL) */
    char snapshot[64];               /* PostgreSQL: that snapshot's id, "" = none */
    struct store_costs_cache *costs; /* lazily created by store_costs.c */
    struct store_rate_cache *rates;  /* own effective VM rates, lazily built by store_prices.c */
    int read_only;                   /* 1 = opened for reading only (read-only file or mount) */
    double busy_since;               /* monotonic seconds of the current wait for a lock */
    int busy_told;                   /* the "waiting for" message was logged */
    size_t import_cache_bytes;       /* cost import caches' budget, 0 = default */
};

/* Execute SQL with no parameters. */
enum status store_exec(struct store *s, const char *sql, struct err *e);
/* One read of the cost rows of [from_day, to_day]: sql's ?1..?6 are bound
 * to the dataset, the first and last usage day, the costs.id hull [lo, hi]
 * (store_cost_id_hull) and the department (NULL or "" = every
 * department); the statement is stepped and row() builds one entry of
 * acc->out per result row (acc->cap: its capacity for store_grow). what
 * names the read in a database error. On failure the caller releases what
 * row() built. */
struct store_scan_acc {
    void *out;  /* the caller's list */
    size_t cap; /* its capacity (0 to start) */
};
typedef enum status (*store_scan_row)(struct sdb_stmt *st, struct store_scan_acc *acc,
                                      struct err *e);
enum status store_window_scan(struct store *s, int32_t from_day, int32_t to_day, int dataset,
                              const char *department, const char *sql, store_scan_row row,
                              struct store_scan_acc *acc, const char *what, struct err *e);
/* Step st; on an error fill e with "what: <the database's message>" (the
 * text store_db_err gives) and return SDB_ERROR. */
enum sdb_rc store_step(struct sdb_stmt *st, const char *what, struct err *e);
/* Step a statement that returns no row: ST_OK on SDB_DONE, else ST_DB in e
 * as store_step (a row is an error too). */
enum status store_step_done(struct sdb_stmt *st, const char *what, struct err *e);
/* Step a statement that must return a row (an aggregate, a lookup whose
 * row exists): ST_OK on SDB_ROW, else ST_DB in e as store_step, "what:
 * the statement returned no row" when it returned none. */
enum status store_step_row(struct sdb_stmt *st, const char *what, struct err *e);
/* malloc'd copy of a text column (NULL for SQL NULL). */
char *store_col_strdup(struct sdb_stmt *st, int col);
/* store_col_strdup, "" for NULL (NULL only when out of memory). */
char *store_col_strdup_or_empty(struct sdb_stmt *st, int col);
/* A copy of a text column in pool ("" for NULL; NULL only when out of
 * memory); store_col_intern keeps one copy of equal texts. */
const char *store_col_keep(struct sdb_stmt *st, int col, struct textpool *pool);
const char *store_col_intern(struct sdb_stmt *st, int col, struct textpool *pool);
/* Make room for element n of the array *v of *cap elements of elem bytes:
 * doubles *cap (first 32) when n == *cap. ST_NOMEM (in e) leaves *v as it
 * was. The one growth rule of the store's readers. */
enum status store_grow(void **v, size_t *cap, size_t n, size_t elem, struct err *e);
/* Record the SHA-256 of an import known only once its file was read. */
enum status store_import_write_sha(struct store *s, int64_t import_id, const char *sha256,
                                   struct err *e);

/* Hours in one unit of a billing unit of measure: "1 Hour" 1, "10 Hours" 10,
 * "100 Hours" 100; 0 when the unit is not hours ("1/Month", "1 GB"). */
double store_unit_hours(const char *unit);

/* ---- packed metric days (store_metrics.c) ---- */
/* Decode a 24-value avg_values / max_values blob into out; -1 when the blob
 * is NULL or not 24 float64s. */
int store_metric_day_decode(const void *blob, int bytes, double out[24]);
/* Lowest / highest hour (0..23) set in an hour mask; -1 when none. */
int store_metric_day_first_hour(uint32_t mask);
int store_metric_day_last_hour(uint32_t mask);
/* Schema migration 5: fold the hourly metrics table into metric_days and
 * drop it (inside the migration's transaction). */
enum status store_metrics_migrate_days(struct store *s, struct err *e);

/* ---- cost rows of a window (store_costs_read.c) ----
 * [*lo, *hi]: a costs.id range that holds every cost row with a usage day in
 * [from, to] (ISO dates), from the imports' recorded periods and id ranges;
 * add "id >= lo AND id <= hi" to a window's scan. The whole table
 * (INT64_MIN..INT64_MAX) when rows exist outside the recorded ranges;
 * *lo > *hi when no row can be in the window. */
enum status store_cost_id_hull(struct store *s, const char *from, const char *to, int64_t *lo,
                               int64_t *hi, struct err *e);

/* ---- daily cost rollups (store_costs_rollup.c, table cost_daily) ----
 * Inside an import's transaction, with its cells in temp.import_cells:
 * store_rollup_covered() sets *any when rollup cells (so cost rows) exist
 * in any of them, and [from, to] to the days of those cells;
 * store_rollup_drop_cells() deletes the rollup cells of import_cells within
 * [from, to] (after the rows there were replaced); store_rollup_add_import()
 * adds the sums of the import's rows, ids first_id..last_id. */
enum status store_rollup_covered(struct store *s, char from[11], char to[11], int *any,
                                 struct err *e);
enum status store_rollup_drop_cells(struct store *s, const char *from, const char *to,
                                    struct err *e);
enum status store_rollup_add_import(struct store *s, int64_t import_id, int64_t first_id,
                                    int64_t last_id, struct err *e);
/* Re-attribution, inside a transaction: store_rollup_moves_begin() empties
 * temp.moved_objects (id, old_dept, new_dept), the caller fills it with the
 * cost objects whose department changed, store_rollup_move_objects() moves
 * their rows' sums between departments (one scan of costs when any moved). */
enum status store_rollup_moves_begin(struct store *s, struct err *e);
/* Only the rows with ids lo..hi (an import's range, or INT64_MIN..INT64_MAX). */
enum status store_rollup_move_objects(struct store *s, int64_t lo, int64_t hi, struct err *e);

/* The daily sums of one import, accumulated in memory while its rows come
 * in (store_costs.c) and written at its end (store_rollup_write): one entry
 * per (dataset, day, subscription, department, service, currency), services
 * and currencies as indexes into the caller's name tables. */
struct rollup_entry {
    int64_t sub_id, dept_id; /* subscriptions.id, departments.id */
    int32_t day;             /* date.h day */
    uint32_t svc, cur;       /* service / currency index */
    int32_t ds;              /* enum cost_dataset; -1 marks an empty slot */
    int64_t e6, e12, n;      /* sums of cost_e6, cost_e12, rows */
};
struct rollup_acc {
    struct rollup_entry *v; /* cap slots, open addressing */
    size_t cap, count;
    size_t max;  /* entries it may hold (0: ROLLUP_ACC_MAX) */
    int invalid; /* 1: gave up (too many entries): sum the rows with SQL instead */
};
/* Empty the accumulator (keeps its memory). */
void rollup_acc_reset(struct rollup_acc *a);
void rollup_acc_free(struct rollup_acc *a);
/* Add one row's cost to the entry of key (its sums ignored); sets invalid
 * past max entries or when out of memory. */
void rollup_acc_add(struct rollup_acc *a, const struct rollup_entry *key, int64_t e6, int64_t e12);
/* Every entry moves to dataset ds (entries that meet are merged). */
void rollup_acc_relabel(struct rollup_acc *a, int32_t ds);
/* Add every entry to cost_daily; svc[] and cur[] name the indexes. */
enum status store_rollup_write(struct store *s, const struct rollup_acc *a, const char *const *svc,
                               const char *const *cur, struct err *e);

/* ---- departments (store_departments.c) ---- */
struct strmap;
/* departments.id for name, created when new; cached in map (name -> id). */
enum status store_dept_id(struct store *s, struct strmap *map, const char *name, int64_t *id,
                          struct err *e);
/* Attribute cost objects with id >= from_id using the stored rules, inside
 * the caller's transaction (store_import_finish). Objects whose department
 * changes go into temp.moved_objects, counted in *moved. */
enum status store_dept_attribute(struct store *s, int64_t from_id, int64_t *moved, struct err *e);
/* Forget the departments the import caches hold for cost objects (after a
 * re-attribution). */
void store_costs_forget_objects(struct store *s);

/* ---- meters by id (store_meters.c) ---- */
struct store_meter_info {
    double unit_hours; /* hours per unit of measure (store_unit_hours), 0 = not hours */
    char *location;    /* lower-case region, "" when none; NULL = no such meter */
    int vm;            /* 1 for a Virtual Machines meter */
};
struct store_meter_index {
    struct store_meter_info *v; /* indexed by meters.id */
    size_t n;
};
/* Load every meter; release with store_meter_index_release(). */
enum status store_meter_index_load(struct store *s, struct store_meter_index *m, struct err *e);
void store_meter_index_release(struct store_meter_index *m);
/* The meter with this id, or NULL. */
const struct store_meter_info *store_meter_get(const struct store_meter_index *m, int64_t id);

/* ---- cost rows on their way in, PostgreSQL (store_costs_copy.c) ----
 * A PostgreSQL import holds its cost rows here and sends them with one COPY
 * per batch (sdb_copy_*) instead of a round trip per row; SQLite keeps its
 * prepared INSERT (store_costs.c). Rows carry their ids (the importer gives
 * them under the store's write lock). Columns, in order: */
#define COST_COPY_COLUMNS                                                                          \
    "id, import_id, dataset, usage_date, subscription_id, object_id, meter_id, currency, "         \
    "charge_type, pricing_model, quantity, unit_price, effective_price, payg_price, cost_e6, "     \
    "cost_e12, vm_size, vcpus, benefit_id"
#define COST_COPY_NCOLS 19
/* Rows held before a batch is sent (store_cost_add flushes at this): 19
 * values of 48 bytes a row, 3.6 MiB, plus the rows' texts. */
#define COST_COPY_BATCH 4096
struct cost_batch {
    struct sdb_value *v; /* n rows of COST_COPY_NCOLS values; texts in text */
    size_t n, cap;       /* rows held / allocated */
    char *text;          /* the rows' texts, NUL-terminated, copied */
    size_t text_len, text_cap;
};
/* Hold one row (COST_COPY_NCOLS values; its texts are copied). */
enum status cost_batch_add(struct cost_batch *b, const struct sdb_value *row, struct err *e);
/* Send the held rows with COPY costs FROM STDIN on db, inside the caller's
 * transaction, and empty the batch (also on an error, after which the
 * transaction must roll back). Nothing to do when empty. */
enum status cost_batch_flush(struct sdb *db, struct cost_batch *b, struct err *e);
/* Drop the held rows (an import rolled back). */
void cost_batch_clear(struct cost_batch *b);
/* Free the batch's memory (the struct itself is the caller's). */
void cost_batch_release(struct cost_batch *b);

/* The write lock on PostgreSQL: store_begin takes pg_advisory_xact_lock on
 * this fixed key right after BEGIN, so write transactions (imports, rule
 * replacements, ...) run one at a time as SQLite's BEGIN IMMEDIATE makes
 * them; the server releases it at commit or rollback, also when the client
 * dies. */
#define STORE_WRITE_LOCK_KEY 0x796f73616e /* "yosan" in ASCII */

/* Release hook for store_costs.c caches. */
void store_costs_cache_free(struct store *s);
/* Release hook for store_prices.c caches. */
void store_rate_cache_free(struct store *s);

/* ---- backend differences (store.c) ---- */
/* store_exec on SQLite only (its PRAGMAs, which have no PostgreSQL
 * counterpart): ST_OK without running sql on PostgreSQL. */
enum status store_exec_lite(struct store *s, const char *sql, struct err *e);
/* store_exec of DDL written in schema.sql's dialect (a temporary table's
 * INTEGER columns), translated for the backend by sdb_schema_for
 * (INTEGER -> BIGINT, WITHOUT ROWID dropped on PostgreSQL). */
enum status store_exec_ddl(struct store *s, const char *sql, struct err *e);

#endif
