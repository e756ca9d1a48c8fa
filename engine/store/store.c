/*
 * store.c - open the database, apply migrations, transactions, settings.
 * Only engine/store/ includes sqlite3.h.
 */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "log.h"

extern const char yosan_schema_sql[];

enum status store_exec(struct store *s, const char *sql, struct err *e)
{
    return sdb_exec(s->sdb, sql, e);
}

enum status store_exec_lite(struct store *s, const char *sql, struct err *e)
{
    return s->sdb->backend == SDB_SQLITE ? sdb_exec(s->sdb, sql, e) : ST_OK;
}

enum status store_exec_ddl(struct store *s, const char *sql, struct err *e)
{
    char *text = NULL;
    enum status st = sdb_schema_for(s->sdb->backend, sql, &text, e);
    if (st == ST_OK)
        st = sdb_exec(s->sdb, text, e);
    free(text);
    return st;
}

enum sdb_rc store_step(struct sdb_stmt *st, const char *what, struct err *e)
{
    struct err why;
    enum sdb_rc rc = sdb_step(st, &why);
    if (rc != SDB_ERROR)
        return rc;
    /* sdb says "statement failed: <the database's message>" */
    const char *detail = why.msg;
    const char *prefix = "statement failed: ";
    if (strncmp(detail, prefix, strlen(prefix)) == 0)
        detail += strlen(prefix);
    err_set(e, ST_DB, "%s: %s", what, detail);
    return SDB_ERROR;
}

enum status store_step_done(struct sdb_stmt *st, const char *what, struct err *e)
{
    enum sdb_rc rc = store_step(st, what, e);
    if (rc == SDB_DONE)
        return ST_OK;
    if (rc == SDB_ROW)
        err_set(e, ST_DB, "%s: the statement returned a row", what);
    return ST_DB;
}

enum status store_step_row(struct sdb_stmt *st, const char *what, struct err *e)
{
    enum sdb_rc rc = store_step(st, what, e);
    if (rc == SDB_ROW)
        return ST_OK;
    if (rc == SDB_DONE)
        err_set(e, ST_DB, "%s: the statement returned no row", what);
    return ST_DB;
}

char *store_col_strdup(struct sdb_stmt *st, int col)
{
    const char *t = sdb_column_text(st, col);
    return t ? strdup(t) : NULL;
}

char *store_col_strdup_or_empty(struct sdb_stmt *st, int col)
{
    char *v = store_col_strdup(st, col);
    return v ? v : strdup("");
}

const char *store_col_keep(struct sdb_stmt *st, int col, struct textpool *pool)
{
    const char *v = sdb_column_text(st, col);
    return v ? textpool_copy(pool, v, (size_t)sdb_column_bytes(st, col))
             : textpool_intern(pool, "", 0);
}

const char *store_col_intern(struct sdb_stmt *st, int col, struct textpool *pool)
{
    const char *v = sdb_column_text(st, col);
    return textpool_intern(pool, v ? v : "", v ? (size_t)sdb_column_bytes(st, col) : 0);
}

enum status store_window_scan(struct store *s, int32_t from_day, int32_t to_day, int dataset,
                              const char *department, const char *sql, store_scan_row row,
                              struct store_scan_acc *acc, const char *what, struct err *e)
{
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    date_format(from_day, from);
    date_format(to_day, to);
    int64_t lo, hi;
    struct sdb_stmt *st = NULL;
    enum status rc = store_cost_id_hull(s, from, to, &lo, &hi, e);
    if (rc == ST_OK)
        rc = sdb_prepare(s->sdb, sql, &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_i64(st, 1, dataset);
    sdb_bind_text(st, 2, from);
    sdb_bind_text(st, 3, to);
    sdb_bind_i64(st, 4, lo);
    sdb_bind_i64(st, 5, hi);
    sdb_bind_text_copy(st, 6, department && *department ? department : NULL);
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK && (step = store_step(st, what, e)) == SDB_ROW)
        rc = row(st, acc, e);
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

enum status store_grow(void **v, size_t *cap, size_t n, size_t elem, struct err *e)
{
    if (n < *cap)
        return ST_OK;
    size_t ncap = *cap ? *cap * 2 : 32;
    void *p = realloc(*v, ncap * elem);
    if (!p)
        return err_set(e, ST_NOMEM, "out of memory");
    *v = p;
    *cap = ncap;
    return ST_OK;
}

int store_schema_version(struct store *s)
{
    int v = -1;
    return sdb_user_version(s->sdb, &v, NULL) == ST_OK ? v : -1;
}

/* Data steps that SQL alone cannot do, run after migration N's DDL in the
 * same transaction. */
static enum status migrate_data(struct store *s, int n, struct err *e)
{
    if (n == 5) /* on both backends (store_metrics.c is on sdb) */
        return store_metrics_migrate_days(s, e);
    return ST_OK;
}

/* PostgreSQL: pg_advisory_xact_lock(key) inside the transaction just
 * begun (STORE_WRITE_LOCK_KEY for writes, STORE_PG_LOCK_MIGRATE for
 * migrations); what names the lock in an error. */
static enum status pg_xact_lock(struct store *s, int64_t key, const char *what, struct err *e)
{
    struct sdb_stmt *q;
    enum status st = sdb_prepare(s->sdb, "SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))", &q, e);
    if (st != ST_OK)
        return st;
    sdb_bind_i64(q, 1, key);
    st = store_step_row(q, what, e);
    sdb_finalize(q);
    return st;
}

/* Migration n (len bytes of schema.sql at block) in one transaction: its
 * DDL in the backend's dialect, its data step, the new version. */
static enum status apply_migration(struct store *s, const char *block, size_t len, int n,
                                   struct err *e)
{
    char *text = strndup(block, len), *sql = NULL;
    if (!text)
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st = sdb_schema_for(s->sdb->backend, text, &sql, e);
    free(text);
    if (st == ST_OK)
        st = sdb_begin(s->sdb, e);
    if (st != ST_OK) {
        free(sql);
        return st;
    }
    /* another process may have applied it while this one waited: on
     * PostgreSQL the migrations are serialised by an advisory lock (BEGIN
     * does not lock there), on SQLite by BEGIN IMMEDIATE; read again under it */
    int have = -1;
    if (s->sdb->backend == SDB_PG)
        st = pg_xact_lock(s, STORE_PG_LOCK_MIGRATE, "cannot take the migration lock", e);
    if (st == ST_OK)
        st = sdb_user_version(s->sdb, &have, e);
    if (st == ST_OK && have >= n) {
        free(sql);
        return sdb_commit(s->sdb, e);
    }
    if (st == ST_OK)
        st = store_exec(s, sql, e);
    free(sql);
    if (st == ST_OK)
        st = migrate_data(s, n, e);
    if (st == ST_OK)
        st = sdb_set_user_version(s->sdb, n, e);
    if (st != ST_OK) {
        sdb_rollback(s->sdb);
        err_prefix(e, "schema migration %d", n);
        return st;
    }
    return sdb_commit(s->sdb, e);
}

/* Apply each "-- migration N:" block of schema.sql with N > user_version. */
static enum status migrate(struct store *s, struct err *e)
{
    int have = store_schema_version(s);
    const char *p = yosan_schema_sql;
    const char *marker = "-- migration ";
    const char *block = strstr(p, marker);
    while (block) {
        int n = atoi(block + strlen(marker)); /* NOLINT(cert-err34-c): our own file */
        const char *next = strstr(block + 1, marker);
        size_t len = next ? (size_t)(next - block) : strlen(block);
        if (n > have) {
            enum status st = apply_migration(s, block, len, n, e);
            if (st != ST_OK)
                return st;
            log_debug("applied schema migration %d", n);
        }
        block = next;
    }
    return ST_OK;
}

static double lock_timeout_s = STORE_LOCK_TIMEOUT_DEFAULT;

void store_set_lock_timeout(double seconds)
{
    lock_timeout_s = seconds > 0 ? seconds : 0;
}

/* The newest schema version this build knows (the last migration). */
static int store_schema_latest(void)
{
    const char *marker = "-- migration ";
    int latest = 0;
    for (const char *p = strstr(yosan_schema_sql, marker); p; p = strstr(p + 1, marker)) {
        int n = atoi(p + strlen(marker)); /* NOLINT(cert-err34-c): our own file */
        if (n > latest)
            latest = n;
    }
    return latest;
}

static double monotonic_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQLite's busy handler: wait for another writer (an import in another
 * process) up to lock_timeout_s, saying once what we wait for. */
static int on_busy(void *arg, int count)
{
    struct store *s = arg;
    double now = monotonic_s();
    if (count == 0)
        s->busy_since = now;
    if (now - s->busy_since >= lock_timeout_s)
        return 0;
    if (!s->busy_told && now - s->busy_since >= 1.0) {
        log_warn("database '%s' is locked by another writer (another yosan import?): waiting up to "
                 "%.0f s (--lock-timeout)",
                 s->path, lock_timeout_s);
        s->busy_told = 1;
    }
    struct timespec nap = {0, (count < 10 ? 5 : 50) * 1000000L};
    nanosleep(&nap, NULL);
    return 1;
}

/* Refuse a database written by a newer yosan before anything touches it. */
static enum status check_version(struct store *s, int *version, struct err *e)
{
    int have = -1, latest = store_schema_latest();
    enum status st = sdb_user_version(s->sdb, &have, e);
    *version = have;
    if (st != ST_OK)
        return st;
    if (have > latest)
        return err_set(e, ST_DB,
                       "schema version %d is newer than this yosan's (%d): it was written by a "
                       "newer yosan; use that version or newer",
                       have, latest);
    return ST_OK;
}

/* Reopen as an immutable read-only file: a WAL database on a read-only
 * mount or in a read-only directory cannot create its -shm file. */
static enum status reopen_immutable(struct store *s, struct err *e)
{
    if (strpbrk(s->path, "?#%")) /* would be read as URI syntax */
        return err_set(e, ST_DB, "cannot open read-only: the path contains ? # or %%");
    sdb_close(s->sdb);
    s->sdb = NULL;
    s->db = NULL;
    char *uri = sqlite3_mprintf("file:%s?immutable=1", s->path);
    if (!uri)
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st =
        sdb_open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, &s->sdb, e);
    sqlite3_free(uri);
    if (st == ST_OK)
        s->db = s->sdb->lite;
    return st;
}

/* A database the process cannot write: read it as it is. */
static enum status open_for_reading(struct store *s, struct err *e)
{
    s->read_only = 1;
    enum status st;
    if (s->sdb->backend == SDB_SQLITE &&
        store_exec(s, "SELECT COUNT(*) FROM sqlite_master", NULL) != ST_OK &&
        (st = reopen_immutable(s, e)) != ST_OK)
        return st;
    int have;
    if ((st = check_version(s, &have, e)) != ST_OK)
        return st;
    int latest = store_schema_latest();
    if (have < latest)
        return err_set(e, ST_DB,
                       "read-only, and at schema version %d: this yosan needs %d; open it once "
                       "where it can be written",
                       have, latest);
    log_info("database '%s' is read-only: opened for reading", s->path);
    return store_exec_lite(s, "PRAGMA foreign_keys=ON", e);
}

static enum status open_for_writing(struct store *s, struct err *e)
{
    enum status st;
    /* 8 KiB pages (a no-op on an existing database): cost rows are wide and
     * written in bulk; measured ~5-8% less CPU on a 1M-row import than 4 KiB */
    int have;
    if ((st = check_version(s, &have, e)) != ST_OK ||
        (st = store_exec_lite(s, "PRAGMA page_size=8192", e)) != ST_OK ||
        (st = store_exec_lite(s, "PRAGMA journal_mode=WAL", e)) != ST_OK ||
        (st = store_exec_lite(s, "PRAGMA synchronous=NORMAL", e)) != ST_OK ||
        (st = store_exec_lite(s, "PRAGMA foreign_keys=ON", e)) != ST_OK ||
        (st = store_exec_lite(s, "PRAGMA cache_size=-16384", e)) != ST_OK)
        return st;
    return migrate(s, e);
}

/* SQLite: the file (created when missing), waiting for other writers; a
 * file the process cannot write is opened for reading. */
static enum status open_lite(struct store *s, const char *path, struct err *e)
{
    /* NOMUTEX: a connection may move between threads (the cost importer's
     * store thread) but is never used by two at once, so SQLite's per-call
     * mutex is pure overhead on bulk inserts. SQLite opens a file it cannot
     * write (read-only file or mount) for reading: sqlite3_db_readonly tells. */
    enum status st = sdb_open(
        path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, &s->sdb, e);
    if (st != ST_OK)
        return st;
    s->db = s->sdb->lite;
    sqlite3_busy_handler(s->db, on_busy, s);
    return sqlite3_db_readonly(s->db, "main") == 1 ? open_for_reading(s, e)
                                                   : open_for_writing(s, e);
}

/* Text sorts byte by byte in SQLite; on PostgreSQL by the database's
 * collation (libc or ICU), so names (departments, services, resources) come
 * out in SQLite's order only under "C": say so once when the server does
 * not order 'B' < 'a' < 'a-b' < 'ab' as bytes do (docs/postgresql.md,
 * dialect item 17). */
static enum status warn_collation(struct store *s, struct err *e)
{
    struct sdb_stmt *q;
    enum status st = sdb_prepare(s->sdb,
                                 "SELECT CASE WHEN 'B' < 'a' AND 'a' < 'a-b' AND 'a-b' < 'ab' "
                                 "THEN 1 ELSE 0 END, current_database()",
                                 &q, e);
    if (st != ST_OK)
        return st;
    enum sdb_rc rc = store_step(q, "cannot probe the text order", e);
    if (rc == SDB_ERROR)
        st = ST_DB;
    else if (rc == SDB_ROW && sdb_column_i64(q, 0) != 1) /* the database's name, not the
                                                            connection string */
        log_warn("database '%s' does not sort text byte by byte: names are listed in another "
                 "order than on SQLite (create the database with LC_COLLATE 'C')",
                 sdb_column_text(q, 1) ? sdb_column_text(q, 1) : "?");
    sdb_finalize(q);
    return st;
}

/* PostgreSQL: a server that refuses writes (a hot standby, or
 * default_transaction_read_only set for the role or database) is opened for
 * reading, as a read-only SQLite file is. A writer waits for locks as the
 * server decides (lock_timeout), not for --lock-timeout. STORE_OPEN_EXISTING:
 * ST_NOTFOUND when the schema has no yosan tables yet. */
static enum status open_pg(struct store *s, const char *conninfo, unsigned flags, struct err *e)
{
    enum status st = sdb_open(conninfo, 0, &s->sdb, e);
    if (st != ST_OK)
        return st;
    int have = 0;
    if ((flags & STORE_OPEN_EXISTING) && (st = sdb_user_version(s->sdb, &have, e)) != ST_OK)
        return st;
    if ((flags & STORE_OPEN_EXISTING) && have <= 0) /* a reader never creates the tables */
        return err_set(e, ST_NOTFOUND,
                       "no yosan tables there (make them with 'yosan import FILE' or 'yosan "
                       "demo' on this --db)");
    struct sdb_stmt *q;
    if ((st = sdb_prepare(s->sdb, "SELECT current_setting('transaction_read_only')", &q, e)) !=
        ST_OK)
        return st;
    int read_only = 0;
    if (store_step_row(q, "cannot read transaction_read_only", e) != ST_OK)
        st = ST_DB;
    else
        read_only = strcmp(sdb_column_text(q, 0) ? sdb_column_text(q, 0) : "", "on") == 0;
    sdb_finalize(q);
    if (st == ST_OK)
        st = warn_collation(s, e);
    if (st != ST_OK)
        return st;
    return read_only ? open_for_reading(s, e) : open_for_writing(s, e);
}

/* s->path: the path, or for PostgreSQL the connection string with any
 * secret scrubbed (sdb_open refuses one anyway; messages name s->path). */
static char *path_for_messages(const char *path)
{
    if (sdb_backend_of(path) != SDB_PG)
        return strdup(path);
    size_t n = strlen(path) + 64;
    char *p = malloc(n);
    if (p) {
        snprintf(p, n, "%s", path);
        sdb_scrub(p, n);
    }
    return p;
}

enum status store_open_flags(const char *path, unsigned flags, struct store **out, struct err *e)
{
    if ((flags & STORE_OPEN_EXISTING) && sdb_backend_of(path) != SDB_PG &&
        strcmp(path, ":memory:") != 0 && access(path, F_OK) != 0)
        return err_set(e, ST_NOTFOUND,
                       "no database at '%s' (make one with 'yosan import FILE' or 'yosan demo'; "
                       "--db PATH or $YOSAN_DB names another)",
                       path);
    enum status st;
    struct store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = path_for_messages(path))) {
        free(s);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    st = sdb_backend_of(path) == SDB_PG ? open_pg(s, path, flags, e) : open_lite(s, path, e);
    if (st != ST_OK) {
        err_prefix(e, "database '%s'", s->path);
        store_close(s);
        return st;
    }
    *out = s;
    return ST_OK;
}

enum status store_open(const char *path, struct store **out, struct err *e)
{
    return store_open_flags(path, 0, out, e);
}

enum status store_open_existing(const char *path, struct store **out, struct err *e)
{
    return store_open_flags(path, STORE_OPEN_EXISTING, out, e);
}

void store_close(struct store *s)
{
    if (!s)
        return;
    store_costs_cache_free(s);
    store_rate_cache_free(s);
    sdb_close(s->sdb); /* closes s->db */
    free(s->path);
    free(s);
}

enum status store_begin(struct store *s, struct err *e)
{
    if (s->read_only)
        return err_set(e, ST_DB,
                       "database '%s' is read-only (a read-only file, directory or mount): "
                       "cannot write to it",
                       s->path);
    enum status st = sdb_begin(s->sdb, e);
    if (st != ST_OK)
        return st;
    s->in_txn = 1;
    /* PostgreSQL: one writer at a time, as BEGIN IMMEDIATE gives SQLite */
    if (s->sdb->backend == SDB_PG &&
        (st = pg_xact_lock(s, STORE_WRITE_LOCK_KEY, "cannot take the store's write lock", e)) !=
            ST_OK)
        store_rollback(s);
    return st;
}

enum status store_commit(struct store *s, struct err *e)
{
    enum status st = sdb_commit(s->sdb, e);
    if (st == ST_OK)
        s->in_txn = 0;
    return st;
}

void store_rollback(struct store *s)
{
    if (s->in_txn)
        sdb_rollback(s->sdb);
    s->in_txn = 0;
}

double store_unit_hours(const char *unit)
{
    int is_hours = 0;
    for (const char *p = unit; p && *p && !is_hours; p++)
        is_hours = strncasecmp(p, "hour", 4) == 0;
    if (!is_hours)
        return 0;
    char *end;
    double n = strtod(unit, &end);
    return end == unit || !(n > 0) ? 1.0 : n;
}

enum status store_import_seen(struct store *s, const char *sha256, const char *format, int *seen,
                              struct err *e)
{
    struct sdb_stmt *st = NULL;
    *seen = 0;
    enum status rc =
        sdb_prepare(s->sdb, "SELECT 1 FROM imports WHERE sha256 = ? AND format = ?", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, sha256);
    sdb_bind_text(st, 2, format);
    enum sdb_rc step = store_step(st, "cannot look up imports", e);
    sdb_finalize(st);
    if (step == SDB_ERROR)
        return ST_DB;
    *seen = step == SDB_ROW;
    return ST_OK;
}

enum status store_import_write_sha(struct store *s, int64_t import_id, const char *sha256,
                                   struct err *e)
{
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare(s->sdb, "UPDATE imports SET sha256 = ? WHERE id = ?", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, sha256);
    sdb_bind_i64(st, 2, import_id);
    rc = store_step_done(st, "cannot record import", e);
    sdb_finalize(st);
    return rc;
}

enum status store_import_set_sha(struct store *s, int64_t import_id, const char *sha256,
                                 const char *format, int *duplicate, struct err *e)
{
    enum status rc = store_import_seen(s, sha256, format, duplicate, e);
    if (rc != ST_OK || *duplicate)
        return rc;
    return store_import_write_sha(s, import_id, sha256, e);
}

enum status store_import_record(struct store *s, const char *file_name, const char *sha256,
                                const char *format, const char *dataset, int64_t *import_id,
                                struct err *e)
{
    char now[24];
    date_format_ts((int64_t)time(NULL), now);
    struct sdb_stmt *st = NULL;
    enum status rc = sdb_prepare_insert(
        s->sdb,
        "INSERT INTO imports (file_name, sha256, format, dataset, scope, row_count, "
        "replaced_rows, imported_at) VALUES (?, ?, ?, ?, '', 0, 0, ?)",
        "id", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, file_name);
    sdb_bind_text(st, 2, sha256 ? sha256 : "");
    sdb_bind_text(st, 3, format);
    sdb_bind_text(st, 4, dataset);
    sdb_bind_text(st, 5, now);
    rc = store_step_done(st, "cannot record import", e);
    sdb_finalize(st);
    if (rc == ST_OK)
        *import_id = sdb_last_insert_id(s->sdb);
    return rc;
}

enum status store_set_setting(struct store *s, const char *key, const char *value, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb,
                                 "INSERT INTO settings (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, key);
    sdb_bind_text(st, 2, value);
    rc = store_step_done(st, "cannot save setting", e);
    sdb_finalize(st);
    return rc;
}

enum status store_delete_setting(struct store *s, const char *key, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, "DELETE FROM settings WHERE key = ?", &st, e);
    if (rc != ST_OK)
        return rc;
    sdb_bind_text(st, 1, key);
    rc = store_step_done(st, "cannot delete setting", e);
    sdb_finalize(st);
    return rc;
}

char *store_get_setting(struct store *s, const char *key)
{
    struct sdb_stmt *st;
    char *v = NULL;
    if (sdb_prepare(s->sdb, "SELECT value FROM settings WHERE key = ?", &st, NULL) != ST_OK)
        return NULL;
    sdb_bind_text(st, 1, key);
    if (sdb_step(st, NULL) == SDB_ROW)
        v = store_col_strdup(st, 0);
    sdb_finalize(st);
    return v;
}
