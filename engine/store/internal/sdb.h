/*
 * sdb.h - the store's backend-neutral statement layer: one connection type
 * (struct sdb) and one statement type (struct sdb_stmt) over SQLite (the
 * embedded default) or PostgreSQL (libpq). The store_*.c files speak SQL
 * through this; nothing outside engine/store/ sees it (it lives on the
 * store's PRIVATE include path, like store_internal.h).
 *
 * The SQLite side is a set of static inline calls into sqlite3_* (no
 * allocation per call, one predictable branch); the PostgreSQL side lives in
 * sdb_pg.c (libpq-fe.h is included there only). See docs/postgresql.md.
 *
 * SQL is written once, with `?` or `?N` placeholders (1-based, as in
 * SQLite); on PostgreSQL they become $N. Text bound with sdb_bind_text must
 * stay valid until the statement is stepped, reset or rebound (SQLite's
 * SQLITE_STATIC rule); sdb_bind_text_copy copies it.
 *
 * Ownership: sdb_open allocates the connection, sdb_close frees it;
 * sdb_prepare allocates a statement, sdb_finalize frees it (finalize every
 * statement before closing its connection). Texts and blobs returned by the
 * column calls belong to the statement and stay valid until the next step,
 * reset or finalize.
 */
#ifndef YOSAN_SDB_H
#define YOSAN_SDB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum sdb_backend { SDB_SQLITE = 1, SDB_PG = 2 };

/* What sdb_step returns. */
enum sdb_rc { SDB_ERROR = -1, SDB_DONE = 0, SDB_ROW = 1 };

/* A column value's type (sdb_column_type). */
enum sdb_type { SDB_NULL = 0, SDB_INT, SDB_FLOAT, SDB_TEXT, SDB_BLOB };

struct sdb_pg;      /* sdb_pg.c */
struct sdb_pg_stmt; /* sdb_pg.c */

struct sdb {
    enum sdb_backend backend;
    sqlite3 *lite;     /* SDB_SQLITE */
    struct sdb_pg *pg; /* SDB_PG */
    char *name;        /* the path, or the connection string without secrets */
};

struct sdb_stmt {
    enum sdb_backend backend;
    sqlite3_stmt *lite;     /* SDB_SQLITE */
    struct sdb_pg_stmt *pg; /* SDB_PG */
    struct sdb *db;
    int bind_failed; /* a bind failed: the next step reports it */
};

/* ---- connections (sdb.c) ---- */

/* Which backend a --db value names: a postgresql:// or postgres:// URL or a
 * libpq keyword/value string ("service=NAME", "host=H dbname=D ...": it
 * starts with a libpq keyword and '=') is PostgreSQL, anything else a
 * SQLite path (":memory:" included). */
enum sdb_backend sdb_backend_of(const char *url_or_path);

/* Refuse a PostgreSQL connection string that carries a password (in the
 * URL's user info, a password= parameter or keyword): ST_USAGE, telling to
 * use a service file (PGSERVICEFILE) or a password file (PGPASSFILE). The
 * message never repeats the password. */
enum status sdb_check_conninfo(const char *conninfo, struct err *e);

/* Remove secrets from a message in place (size bytes of room): the value
 * of a password= keyword or URL parameter and the user info of a
 * postgres:// URL become "***". */
void sdb_scrub(char *msg, size_t size);

/* Open a connection (see sdb_backend_of). SQLite: the file is created when
 * missing; flags are sqlite3_open_v2's (0 = read-write, create, no mutex).
 * *out is freed by sdb_close. */
enum status sdb_open(const char *url_or_path, int flags, struct sdb **out, struct err *e);
void sdb_close(struct sdb *db);

/* PostgreSQL: another connection to db's database, opened with the same
 * connection string (a worker's connection; the string itself is never
 * shown: it carries no password, sdb_open refuses one, but messages name
 * db->name). ST_USAGE on SQLite (open the path again instead). */
enum status sdb_open_again(struct sdb *db, struct sdb **out, struct err *e);

/* ---- statements ---- */

/* Prepare sql (one statement). */
enum status sdb_prepare(struct sdb *db, const char *sql, struct sdb_stmt **out, struct err *e);

/* Prepare a SELECT whose result may be large (a scan of the cost rows), so
 * that the client holds a bounded part of it. SQLite: sdb_prepare (it
 * steps row by row anyway). PostgreSQL: the first step DECLAREs a NO
 * SCROLL cursor for it and the rows come 10,000 per FETCH, instead of the
 * whole result in one PGresult; other statements may run on the connection
 * while it is open (nested reads). The cursor needs a transaction: inside
 * the caller's, it is closed when the scan ends, at sdb_reset or at
 * sdb_finalize (not after the caller committed or rolled back: the cursor
 * died with the transaction, and a later step reports an error). Outside
 * any, sdb begins one, shared by the streams opened while it lasts, and
 * commits it when the last of them ends: do not begin or end a transaction
 * while such a stream is open. Costs a round trip per 10,000 rows plus
 * two (DECLARE, CLOSE): use sdb_prepare for small lookups. An error in a
 * batch (say row 15,000) comes after the rows of the batches before it
 * (10,000), where SQLite returns every row before the failing one. */
enum status sdb_prepare_stream(struct sdb *db, const char *sql, struct sdb_stmt **out,
                               struct err *e);

/* Prepare an INSERT whose generated key the caller reads afterwards with
 * sdb_last_insert_id(): on PostgreSQL " RETURNING id_column" is appended and
 * sdb_step consumes that row (it still returns SDB_DONE, as on SQLite, where
 * the statement is prepared as written and the rowid is the key). An INSERT
 * that inserts nothing (ON CONFLICT DO NOTHING) leaves the last id as it was
 * on both. */
enum status sdb_prepare_insert(struct sdb *db, const char *sql, const char *id_column,
                               struct sdb_stmt **out, struct err *e);

/* Run sql (one or more statements, no parameters, rows discarded). */
enum status sdb_exec(struct sdb *db, const char *sql, struct err *e);

/* Transactions: BEGIN IMMEDIATE on SQLite (take the write lock now), BEGIN
 * on PostgreSQL. sdb_rollback never fails loudly (used on error paths). */
enum status sdb_begin(struct sdb *db, struct err *e);
enum status sdb_commit(struct sdb *db, struct err *e);
void sdb_rollback(struct sdb *db);

/* The key of the last row inserted on this connection (see
 * sdb_prepare_insert); rows changed by the last INSERT/UPDATE/DELETE; rows
 * changed since the connection opened. */
int64_t sdb_last_insert_id(struct sdb *db);
int64_t sdb_changes(struct sdb *db);
int64_t sdb_total_changes(struct sdb *db);

/* The schema version (SQLite: PRAGMA user_version; PostgreSQL: the one row
 * of table yosan_schema, 0 when it does not exist). */
enum status sdb_user_version(struct sdb *db, int *version, struct err *e);
/* Record version n (run it inside migration n's transaction). */
enum status sdb_set_user_version(struct sdb *db, int n, struct err *e);

/* schema.sql text for a backend: SQLite gets a copy as written; PostgreSQL
 * gets INTEGER -> BIGINT, INTEGER PRIMARY KEY -> BIGINT GENERATED BY
 * DEFAULT AS IDENTITY PRIMARY KEY, REAL -> DOUBLE PRECISION, BLOB -> BYTEA,
 * WITHOUT ROWID dropped, and after an INSERT that gives ids explicitly a
 * setval() so the identity continues after them. Comments and string
 * literals are kept as they are. *out is malloc'd (caller frees). */
enum status sdb_schema_for(enum sdb_backend backend, const char *sql, char **out, struct err *e);

/* Translate ? and ?N placeholders to $N (PostgreSQL), skipping string
 * literals, quoted identifiers and comments. *nparams = highest index.
 * *out is malloc'd (caller frees). */
enum status sdb_pg_placeholders(const char *sql, char **out, int *nparams, struct err *e);

/* ---- bulk insert: COPY on PostgreSQL, a prepared INSERT on SQLite ---- */

struct sdb_value {
    enum sdb_type type;
    int64_t i;     /* SDB_INT */
    double d;      /* SDB_FLOAT */
    const char *s; /* SDB_TEXT (NUL-terminated) */
    const void *b; /* SDB_BLOB */
    size_t n;      /* SDB_BLOB bytes */
};
struct sdb_copy;
/* Start a bulk insert into table (columns: "a, b, c", ncols of them). On
 * PostgreSQL: COPY table (columns) FROM STDIN (text format), buffered; on
 * SQLite: INSERT INTO table (columns) VALUES (?, ...) stepped per row. Rows
 * are visible to the caller's transaction once sdb_copy_end returns ST_OK.
 * The caller runs it inside a transaction of its own (nothing else may use
 * the connection between begin and end on PostgreSQL). */
enum status sdb_copy_begin(struct sdb *db, const char *table, const char *columns, int ncols,
                           struct sdb_copy **out, struct err *e);
enum status sdb_copy_row(struct sdb_copy *c, const struct sdb_value *v, struct err *e);
/* Finish (flush, end the COPY) and free c; c is freed on error too. */
enum status sdb_copy_end(struct sdb_copy *c, struct err *e);
/* Abandon: on PostgreSQL the COPY fails, so the transaction must roll back. */
void sdb_copy_abort(struct sdb_copy *c);

/* ---- the PostgreSQL statement calls (sdb_pg.c), behind the inlines ---- */

enum status sdb_pg_bind(struct sdb_pg_stmt *p, int idx, const struct sdb_value *v, int copy);
enum sdb_rc sdb_pg_step(struct sdb_pg_stmt *p, struct err *e);
int sdb_pg_column_count(const struct sdb_pg_stmt *p);
enum sdb_type sdb_pg_column_type(const struct sdb_pg_stmt *p, int col);
int64_t sdb_pg_column_i64(const struct sdb_pg_stmt *p, int col);
double sdb_pg_column_double(const struct sdb_pg_stmt *p, int col);
const char *sdb_pg_column_text(const struct sdb_pg_stmt *p, int col);
const void *sdb_pg_column_blob(struct sdb_pg_stmt *p, int col);
int sdb_pg_column_bytes(struct sdb_pg_stmt *p, int col);
void sdb_pg_reset(struct sdb_pg_stmt *p);
void sdb_pg_clear_bindings(struct sdb_pg_stmt *p);
void sdb_pg_finalize(struct sdb_pg_stmt *p);

/* ---- statement calls ---- */

enum sdb_rc sdb_step(struct sdb_stmt *st, struct err *e);
/* Back to before the first step; bindings are kept (as in SQLite). */
void sdb_reset(struct sdb_stmt *st);
void sdb_finalize(struct sdb_stmt *st);

static inline enum status sdb_bind_failed_(struct sdb_stmt *st, int rc)
{
    if (rc == SQLITE_OK)
        return ST_OK;
    st->bind_failed = 1;
    return ST_DB;
}

static inline enum status sdb_bind_pg_(struct sdb_stmt *st, int idx, const struct sdb_value *v,
                                       int copy)
{
    enum status rc = sdb_pg_bind(st->pg, idx, v, copy);
    if (rc != ST_OK)
        st->bind_failed = 1;
    return rc;
}

/* Binds (idx from 1). A failure (bad index, out of memory) is also
 * reported by the next sdb_step. */
static inline enum status sdb_bind_i64(struct sdb_stmt *st, int idx, int64_t v)
{
    if (st->backend == SDB_SQLITE)
        return sdb_bind_failed_(st, sqlite3_bind_int64(st->lite, idx, v));
    struct sdb_value x = {.type = SDB_INT, .i = v};
    return sdb_bind_pg_(st, idx, &x, 0);
}

static inline enum status sdb_bind_double(struct sdb_stmt *st, int idx, double v)
{
    if (st->backend == SDB_SQLITE)
        return sdb_bind_failed_(st, sqlite3_bind_double(st->lite, idx, v));
    struct sdb_value x = {.type = SDB_FLOAT, .d = v};
    return sdb_bind_pg_(st, idx, &x, 0);
}

static inline enum status sdb_bind_null(struct sdb_stmt *st, int idx)
{
    if (st->backend == SDB_SQLITE)
        return sdb_bind_failed_(st, sqlite3_bind_null(st->lite, idx));
    struct sdb_value x = {.type = SDB_NULL};
    return sdb_bind_pg_(st, idx, &x, 0);
}

/* text NULL binds SQL NULL. Not copied: keep it until the step. */
static inline enum status sdb_bind_text(struct sdb_stmt *st, int idx, const char *text)
{
    if (st->backend == SDB_SQLITE)
        return sdb_bind_failed_(st, text ? sqlite3_bind_text(st->lite, idx, text, -1, SQLITE_STATIC)
                                         : sqlite3_bind_null(st->lite, idx));
    struct sdb_value x = {.type = text ? SDB_TEXT : SDB_NULL, .s = text};
    return sdb_bind_pg_(st, idx, &x, 0);
}

/* Like sdb_bind_text, copied (the caller may free text at once). */
static inline enum status sdb_bind_text_copy(struct sdb_stmt *st, int idx, const char *text)
{
    if (st->backend == SDB_SQLITE)
        return sdb_bind_failed_(st,
                                text ? sqlite3_bind_text(st->lite, idx, text, -1, SQLITE_TRANSIENT)
                                     : sqlite3_bind_null(st->lite, idx));
    struct sdb_value x = {.type = text ? SDB_TEXT : SDB_NULL, .s = text};
    return sdb_bind_pg_(st, idx, &x, 1);
}

/* Bytes (b NULL binds SQL NULL). Not copied: keep them until the step. */
static inline enum status sdb_bind_blob(struct sdb_stmt *st, int idx, const void *b, size_t n)
{
    if (st->backend == SDB_SQLITE)
        return sdb_bind_failed_(st, b ? sqlite3_bind_blob64(st->lite, idx, b, n, SQLITE_STATIC)
                                      : sqlite3_bind_null(st->lite, idx));
    struct sdb_value x = {.type = b ? SDB_BLOB : SDB_NULL, .b = b, .n = n};
    return sdb_bind_pg_(st, idx, &x, 0);
}

/* Every parameter back to NULL. */
static inline void sdb_clear_bindings(struct sdb_stmt *st)
{
    if (st->backend == SDB_SQLITE)
        sqlite3_clear_bindings(st->lite);
    else
        sdb_pg_clear_bindings(st->pg);
}

/* Columns of the current row (col from 0). */
static inline int sdb_column_count(struct sdb_stmt *st)
{
    if (st->backend == SDB_SQLITE)
        return sqlite3_column_count(st->lite);
    return sdb_pg_column_count(st->pg);
}

static inline enum sdb_type sdb_column_type(struct sdb_stmt *st, int col)
{
    if (st->backend == SDB_PG)
        return sdb_pg_column_type(st->pg, col);
    switch (sqlite3_column_type(st->lite, col)) {
    case SQLITE_INTEGER:
        return SDB_INT;
    case SQLITE_FLOAT:
        return SDB_FLOAT;
    case SQLITE_TEXT:
        return SDB_TEXT;
    case SQLITE_BLOB:
        return SDB_BLOB;
    default:
        return SDB_NULL;
    }
}

static inline int sdb_column_is_null(struct sdb_stmt *st, int col)
{
    return sdb_column_type(st, col) == SDB_NULL;
}

/* 0 for NULL (as SQLite). */
static inline int64_t sdb_column_i64(struct sdb_stmt *st, int col)
{
    if (st->backend == SDB_SQLITE)
        return sqlite3_column_int64(st->lite, col);
    return sdb_pg_column_i64(st->pg, col);
}

static inline double sdb_column_double(struct sdb_stmt *st, int col)
{
    if (st->backend == SDB_SQLITE)
        return sqlite3_column_double(st->lite, col);
    return sdb_pg_column_double(st->pg, col);
}

/* UTF-8 text, NULL for SQL NULL. */
static inline const char *sdb_column_text(struct sdb_stmt *st, int col)
{
    if (st->backend == SDB_SQLITE)
        return (const char *)sqlite3_column_text(st->lite, col);
    return sdb_pg_column_text(st->pg, col);
}

/* The bytes of a blob (NULL for SQL NULL or an empty blob); call
 * sdb_column_bytes after it, as with SQLite. */
static inline const void *sdb_column_blob(struct sdb_stmt *st, int col)
{
    if (st->backend == SDB_SQLITE)
        return sqlite3_column_blob(st->lite, col);
    return sdb_pg_column_blob(st->pg, col);
}

static inline int sdb_column_bytes(struct sdb_stmt *st, int col)
{
    if (st->backend == SDB_SQLITE)
        return sqlite3_column_bytes(st->lite, col);
    return sdb_pg_column_bytes(st->pg, col);
}

#endif
