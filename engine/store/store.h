/*
 * store.h - the SQLite store: open, migrate, transactions, settings.
 *
 * The store is the only layer that speaks SQL (engine/store/). Callers
 * see plain C structs; each domain has its own store_<domain>.c with its
 * functions declared here or in store_<domain>.h. SQL stays plain enough
 * for a PostgreSQL backend to follow (see schema.sql).
 *
 * Ownership: store_open() allocates; store_close() frees. Strings returned
 * by store functions are malloc'd copies owned by the caller unless the
 * function says otherwise.
 */
#ifndef YOSAN_STORE_H
#define YOSAN_STORE_H

#include <stdint.h>

#include "err.h"

struct store;

/* Open (creating if needed) the database at path (":memory:" for tests),
 * enable WAL and foreign keys, and apply pending migrations.
 * - A database whose schema is newer than this build is refused (ST_DB)
 *   before anything is written.
 * - A database that cannot be written (read-only file, directory or mount)
 *   is opened for reading: reads work, store_begin() fails with a message
 *   saying so. It must be at the current schema.
 * - A writer waits for another connection's lock up to store_set_lock_timeout()
 *   seconds, saying once on the log what it waits for. */
enum status store_open(const char *path, struct store **out, struct err *e);
/* store_open() with flags (0: store_open). path is a SQLite file, or a
 * PostgreSQL connection string (a postgresql:// or postgres:// URL, or a
 * libpq keyword string such as "service=NAME"; sdb_backend_of decides) which must not carry a
 * password (refused: put it in PGPASSFILE or a service file). Messages name the connection string
 * with any secret scrubbed. STORE_OPEN_EXISTING: a reader's open, ST_NOTFOUND when there is no
 * database yet (no SQLite file, no yosan tables on the server); nothing is created. */
#define STORE_OPEN_EXISTING 2u
enum status store_open_flags(const char *path, unsigned flags, struct store **out, struct err *e);
/* store_open() for a reader: ST_NOTFOUND, naming the path and how to make
 * one, when there is no database at path (a command that only reads never
 * creates a database). */
enum status store_open_existing(const char *path, struct store **out, struct err *e);
/* Seconds a connection waits for another writer's lock before failing with
 * "database is locked"; process-wide, for the connections opened after the
 * call (default STORE_LOCK_TIMEOUT_DEFAULT; 0 = fail at once). */
void store_set_lock_timeout(double seconds);
#define STORE_LOCK_TIMEOUT_DEFAULT 600.0
void store_close(struct store *s);

/* The schema version the database is at (PRAGMA user_version). */
int store_schema_version(struct store *s);

/* Transactions (not nestable). */
enum status store_begin(struct store *s, struct err *e);
enum status store_commit(struct store *s, struct err *e);
void store_rollback(struct store *s);

/* Whether a file with this sha256 was imported before as format (for the
 * importers' "same file twice changes nothing"). */
enum status store_import_seen(struct store *s, const char *sha256, const char *format, int *seen,
                              struct err *e);

/* Insert the imports row of a file being imported (inside the caller's
 * transaction), stamped with the current UTC time; the caller fills the
 * counts and period when it finishes. */
enum status store_import_record(struct store *s, const char *file_name, const char *sha256,
                                const char *format, const char *dataset, int64_t *import_id,
                                struct err *e);
/* For input hashed while it was read (a pipe or stdin, recorded with an
 * empty sha256): inside the import's transaction, *duplicate = 1 when a file
 * with this sha256 was imported before as format (the caller rolls back);
 * else the imports row takes the sha256. */
enum status store_import_set_sha(struct store *s, int64_t import_id, const char *sha256,
                                 const char *format, int *duplicate, struct err *e);

/* Key/value settings. store_get_setting returns a malloc'd string or NULL. */
enum status store_set_setting(struct store *s, const char *key, const char *value, struct err *e);
enum status store_delete_setting(struct store *s, const char *key, struct err *e);
char *store_get_setting(struct store *s, const char *key);

#endif
