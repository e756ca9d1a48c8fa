/*
 * sdb_sqlite.c - the SQLite side of sdb (sdb.h): open, prepare, step, exec
 * and the schema version. The per-call binds and column reads are the
 * static inlines of sdb.h, straight into sqlite3_*.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sdb_impl.h"

static enum status lite_err(struct sdb *db, struct err *e, const char *what)
{
    return err_set(e, ST_DB, "%s: %s", what, db->lite ? sqlite3_errmsg(db->lite) : "out of memory");
}

enum status sdb_lite_open(struct sdb *db, const char *path, int flags, struct err *e)
{
    if (!flags)
        flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->lite, flags, NULL) != SQLITE_OK)
        return lite_err(db, e, "cannot open");
    return ST_OK;
}

void sdb_lite_close(struct sdb *db)
{
    if (db->lite)
        sqlite3_close(db->lite);
    db->lite = NULL;
}

enum status sdb_lite_prepare(struct sdb_stmt *st, const char *sql, struct err *e)
{
    if (sqlite3_prepare_v2(st->db->lite, sql, -1, &st->lite, NULL) != SQLITE_OK)
        return lite_err(st->db, e, "cannot prepare statement");
    return ST_OK;
}

enum sdb_rc sdb_lite_step(struct sdb_stmt *st, struct err *e)
{
    int rc = sqlite3_step(st->lite);
    if (rc == SQLITE_ROW)
        return SDB_ROW;
    if (rc == SQLITE_DONE)
        return SDB_DONE;
    lite_err(st->db, e, "statement failed");
    return SDB_ERROR;
}

enum status sdb_lite_exec(struct sdb *db, const char *sql, struct err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(db->lite, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, ST_DB, "%s", msg ? msg : sqlite3_errmsg(db->lite));
        sqlite3_free(msg);
        return ST_DB;
    }
    return ST_OK;
}

enum status sdb_lite_user_version(struct sdb *db, int *version, struct err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->lite, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return lite_err(db, e, "cannot read the schema version");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? ST_OK : lite_err(db, e, "cannot read the schema version");
}

enum status sdb_lite_set_user_version(struct sdb *db, int n, struct err *e)
{
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", n);
    return sdb_lite_exec(db, sql, e);
}
