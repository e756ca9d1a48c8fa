/*
 * sdb_impl.h - what sdb.c dispatches to: the connection-level calls of the
 * SQLite side (sdb_sqlite.c) and the PostgreSQL side (sdb_pg.c). Only the
 * three sdb*.c files include it.
 */
#ifndef YOSAN_SDB_IMPL_H
#define YOSAN_SDB_IMPL_H

#include "sdb.h"

enum status sdb_lite_open(struct sdb *db, const char *path, int flags, struct err *e);
void sdb_lite_close(struct sdb *db);
enum status sdb_lite_prepare(struct sdb_stmt *st, const char *sql, struct err *e);
enum sdb_rc sdb_lite_step(struct sdb_stmt *st, struct err *e);
enum status sdb_lite_exec(struct sdb *db, const char *sql, struct err *e);
enum status sdb_lite_user_version(struct sdb *db, int *version, struct err *e);
enum status sdb_lite_set_user_version(struct sdb *db, int n, struct err *e);

enum status sdb_pg_open(struct sdb *db, const char *conninfo, struct err *e);
void sdb_pg_close(struct sdb *db);
/* ret_column: NULL, or the column whose value of the one returned row
 * becomes the connection's last insert id (sdb_prepare_insert); stream: 1
 * to read the rows through a cursor (sdb_prepare_stream). */
enum status sdb_pg_prepare(struct sdb_stmt *st, const char *sql, const char *ret_column, int stream,
                           struct err *e);
/* The connection string db was opened with (sdb_open_again). */
const char *sdb_pg_conninfo(const struct sdb *db);
enum status sdb_pg_exec(struct sdb *db, const char *sql, struct err *e);
int64_t sdb_pg_last_insert_id(const struct sdb *db);
int64_t sdb_pg_changes(const struct sdb *db);
int64_t sdb_pg_total_changes(const struct sdb *db);
enum status sdb_pg_user_version(struct sdb *db, int *version, struct err *e);
enum status sdb_pg_set_user_version(struct sdb *db, int n, struct err *e);
enum status sdb_pg_copy_begin(struct sdb *db, const char *table, const char *columns,
                              struct err *e);
/* Send one encoded chunk of COPY text; end (ok=1) or fail (ok=0) the COPY. */
enum status sdb_pg_copy_send(struct sdb *db, const char *buf, size_t n, struct err *e);
enum status sdb_pg_copy_finish(struct sdb *db, int ok, struct err *e);

#endif
