/*
 * store.c - open the database, apply migrations, transactions, settings.
 * Only engine/store*.c include sqlite3.h.
 */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"
#include "log.h"

extern const char yosan_schema_sql[];

enum status store_db_err(struct store *s, struct err *e, const char *what)
{
    return err_set(e, ST_DB, "%s: %s", what, sqlite3_errmsg(s->db));
}

enum status store_prepare(struct store *s, const char *sql, sqlite3_stmt **stmt, struct err *e)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, stmt, NULL) != SQLITE_OK)
        return store_db_err(s, e, "cannot prepare statement");
    return ST_OK;
}

enum status store_exec(struct store *s, const char *sql, struct err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, ST_DB, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return ST_DB;
    }
    return ST_OK;
}

int store_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
    if (!text)
        return sqlite3_bind_null(st, idx);
    return sqlite3_bind_text(st, idx, text, -1, SQLITE_TRANSIENT);
}

char *store_column_strdup(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (!t)
        return NULL;
    return strdup((const char *)t);
}

int store_schema_version(struct store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* Data steps that SQL alone cannot do, run after migration N's DDL in the
 * same transaction. */
static enum status migrate_data(struct store *s, int n, struct err *e)
{
    if (n == 5)
        return store_metrics_migrate_days(s, e);
    return ST_OK;
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
            char *sql = malloc(len + 64);
            if (!sql)
                return err_set(e, ST_NOMEM, "out of memory");
            snprintf(sql, len + 64, "%.*s\nPRAGMA user_version = %d;\n", (int)len, block, n);
            enum status st = store_exec(s, "BEGIN IMMEDIATE", e);
            if (st == ST_OK)
                st = store_exec(s, sql, e);
            free(sql);
            if (st == ST_OK)
                st = migrate_data(s, n, e);
            if (st != ST_OK) {
                store_exec(s, "ROLLBACK", NULL);
                err_prefix(e, "schema migration %d", n);
                return st;
            }
            if ((st = store_exec(s, "COMMIT", e)) != ST_OK)
                return st;
            log_debug("applied schema migration %d", n);
        }
        block = next;
    }
    return ST_OK;
}

enum status store_open(const char *path, struct store **out, struct err *e)
{
    struct store *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, ST_NOMEM, "out of memory");
    s->path = strdup(path);
    /* NOMUTEX: a connection may move between threads (the cost importer's
     * store thread) but is never used by two at once, so SQLite's per-call
     * mutex is pure overhead on bulk inserts */
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        err_set(e, ST_DB, "cannot open database '%s': %s", path,
                s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_close(s);
        return ST_DB;
    }
    sqlite3_busy_timeout(s->db, 10000);
    enum status st;
    /* 8 KiB pages (a no-op on an existing database): cost rows are wide and
     * written in bulk; measured ~5-8% less CPU on a 1M-row import than 4 KiB */
    if ((st = store_exec(s, "PRAGMA page_size=8192", e)) != ST_OK ||
        (st = store_exec(s, "PRAGMA journal_mode=WAL", e)) != ST_OK ||
        (st = store_exec(s, "PRAGMA synchronous=NORMAL", e)) != ST_OK ||
        (st = store_exec(s, "PRAGMA foreign_keys=ON", e)) != ST_OK ||
        (st = store_exec(s, "PRAGMA cache_size=-16384", e)) != ST_OK ||
        (st = migrate(s, e)) != ST_OK) {
        err_prefix(e, "database '%s'", path);
        store_close(s);
        return st;
    }
    *out = s;
    return ST_OK;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    store_costs_cache_free(s);
    store_rate_cache_free(s);
    if (s->db)
        sqlite3_close(s->db);
    free(s->path);
    free(s);
}

enum status store_begin(struct store *s, struct err *e)
{
    enum status st = store_exec(s, "BEGIN IMMEDIATE", e);
    if (st == ST_OK)
        s->in_txn = 1;
    return st;
}

enum status store_commit(struct store *s, struct err *e)
{
    enum status st = store_exec(s, "COMMIT", e);
    if (st == ST_OK)
        s->in_txn = 0;
    return st;
}

void store_rollback(struct store *s)
{
    if (s->in_txn)
        store_exec(s, "ROLLBACK", NULL);
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
    sqlite3_stmt *st = NULL;
    *seen = 0;
    enum status rc =
        store_prepare(s, "SELECT 1 FROM imports WHERE sha256 = ? AND format = ?", &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, format, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step == SQLITE_ROW)
        *seen = 1;
    else if (step != SQLITE_DONE)
        return store_db_err(s, e, "cannot look up imports");
    return ST_OK;
}

enum status store_import_set_sha(struct store *s, int64_t import_id, const char *sha256,
                                 const char *format, int *duplicate, struct err *e)
{
    enum status rc = store_import_seen(s, sha256, format, duplicate, e);
    if (rc != ST_OK || *duplicate)
        return rc;
    sqlite3_stmt *st = NULL;
    if ((rc = store_prepare(s, "UPDATE imports SET sha256 = ? WHERE id = ?", &st, e)) != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, import_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot record import");
    sqlite3_finalize(st);
    return rc;
}

enum status store_import_record(struct store *s, const char *file_name, const char *sha256,
                                const char *format, const char *dataset, int64_t *import_id,
                                struct err *e)
{
    char now[24];
    date_format_ts((int64_t)time(NULL), now);
    sqlite3_stmt *st = NULL;
    enum status rc =
        store_prepare(s,
                      "INSERT INTO imports (file_name, sha256, format, dataset, scope, row_count, "
                      "replaced_rows, imported_at) VALUES (?, ?, ?, ?, '', 0, 0, ?)",
                      &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, file_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sha256 ? sha256 : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, dataset, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot record import");
    sqlite3_finalize(st);
    if (rc == ST_OK)
        *import_id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

enum status store_set_setting(struct store *s, const char *key, const char *value, struct err *e)
{
    sqlite3_stmt *st;
    enum status rc = store_prepare(s,
                                   "INSERT INTO settings (key, value) VALUES (?, ?) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                   &st, e);
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_db_err(s, e, "cannot save setting");
    sqlite3_finalize(st);
    return rc;
}

char *store_get_setting(struct store *s, const char *key)
{
    sqlite3_stmt *st;
    char *v = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM settings WHERE key = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = store_column_strdup(st, 0);
    sqlite3_finalize(st);
    return v;
}
