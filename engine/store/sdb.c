/*
 * sdb.c - the backend dispatch of sdb (sdb.h): which backend a --db value
 * names, opening and closing, statements, transactions, the schema version,
 * the bulk-insert path and the scrubbing of secrets from messages.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "sdb_impl.h"

/* 1 when s starts with "KEYWORD =" for a libpq connection keyword (a
 * keyword/value connection string, "host=db dbname=yosan"): no SQLite file
 * is named like that, and taking it as one would echo a password in it. */
static int starts_with_pg_keyword(const char *s)
{
    static const char *const keywords[] = {"service",         "host",
                                           "hostaddr",        "port",
                                           "dbname",          "user",
                                           "password",        "passfile",
                                           "sslmode",         "sslrootcert",
                                           "sslcert",         "sslkey",
                                           "options",         "application_name",
                                           "connect_timeout", "target_session_attrs",
                                           "gssencmode",      "requiressl"};
    size_t n = 0;
    while (s[n] && (islower((unsigned char)s[n]) || s[n] == '_'))
        n++;
    size_t eq = n;
    while (s[eq] == ' ' || s[eq] == '\t')
        eq++;
    if (n == 0 || s[eq] != '=')
        return 0;
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strlen(keywords[i]) == n && strncmp(s, keywords[i], n) == 0)
            return 1;
    return 0;
}

enum sdb_backend sdb_backend_of(const char *s)
{
    while (s && isspace((unsigned char)*s))
        s++;
    if (!s)
        return SDB_SQLITE;
    if (strncasecmp(s, "postgresql://", 13) == 0 || strncasecmp(s, "postgres://", 11) == 0 ||
        starts_with_pg_keyword(s))
        return SDB_PG;
    return SDB_SQLITE;
}

/* Length of the secret at p (up to a blank, '&', quote or the end). */
static size_t secret_len(const char *p)
{
    size_t n = 0;
    if (*p == '\'') { /* keyword='quoted value' */
        for (n = 1; p[n] && p[n] != '\''; n++)
            if (p[n] == '\\' && p[n + 1])
                n++;
        return p[n] ? n + 1 : n;
    }
    while (p[n] && !isspace((unsigned char)p[n]) && p[n] != '&' && p[n] != '"')
        n++;
    return n;
}

/* Length of a URL's user info at p (just after "://"), 0 when none. */
static size_t userinfo_len(const char *p)
{
    size_t n = strcspn(p, "@/ \t\n\"'?");
    return p[n] == '@' ? n : 0;
}

void sdb_scrub(char *msg, size_t size)
{
    if (!msg || !size)
        return;
    struct buf b = BUF_INIT;
    enum status st = ST_OK;
    for (const char *p = msg; *p && st == ST_OK;) {
        size_t n;
        if (strncasecmp(p, "password=", 9) == 0) {
            st = buf_adds(&b, "password=***");
            p += 9 + secret_len(p + 9);
        } else if (strncmp(p, "://", 3) == 0 && (n = userinfo_len(p + 3)) > 0) {
            st = buf_adds(&b, "://***@");
            p += 3 + n + 1;
        } else {
            st = buf_addc(&b, *p++);
        }
    }
    if (st == ST_OK)
        snprintf(msg, size, "%s", buf_str(&b));
    else
        snprintf(msg, size, "(message withheld: out of memory)");
    buf_release(&b);
}

enum status sdb_open(const char *url_or_path, int flags, struct sdb **out, struct err *e)
{
    enum sdb_backend be = sdb_backend_of(url_or_path);
    enum status st = ST_OK;
    if (be == SDB_PG && (st = sdb_check_conninfo(url_or_path, e)) != ST_OK)
        return st;
    struct sdb *db = calloc(1, sizeof *db);
    size_t n = strlen(url_or_path) + 32; /* room for "***" */
    if (!db || !(db->name = malloc(n))) {
        free(db);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    snprintf(db->name, n, "%s", url_or_path);
    sdb_scrub(db->name, n);
    db->backend = be;
    st = be == SDB_PG ? sdb_pg_open(db, url_or_path, e) : sdb_lite_open(db, url_or_path, flags, e);
    if (st != ST_OK) {
        sdb_close(db);
        return st;
    }
    *out = db;
    return ST_OK;
}

enum status sdb_open_again(struct sdb *db, struct sdb **out, struct err *e)
{
    if (db->backend != SDB_PG)
        return err_set(e, ST_USAGE, "sdb_open_again: PostgreSQL connections only");
    return sdb_open(sdb_pg_conninfo(db), 0, out, e);
}

void sdb_close(struct sdb *db)
{
    if (!db)
        return;
    if (db->backend == SDB_PG)
        sdb_pg_close(db);
    else
        sdb_lite_close(db);
    free(db->name);
    free(db);
}

static enum status prepare(struct sdb *db, const char *sql, const char *ret, int stream,
                           struct sdb_stmt **out, struct err *e)
{
    struct sdb_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return err_set(e, ST_NOMEM, "out of memory");
    st->backend = db->backend;
    st->db = db;
    enum status rc = db->backend == SDB_PG ? sdb_pg_prepare(st, sql, ret, stream, e)
                                           : sdb_lite_prepare(st, sql, e);
    if (rc != ST_OK) {
        free(st);
        return rc;
    }
    *out = st;
    return ST_OK;
}

enum status sdb_prepare(struct sdb *db, const char *sql, struct sdb_stmt **out, struct err *e)
{
    return prepare(db, sql, NULL, 0, out, e);
}

enum status sdb_prepare_stream(struct sdb *db, const char *sql, struct sdb_stmt **out,
                               struct err *e)
{
    return prepare(db, sql, NULL, 1, out, e);
}

enum status sdb_prepare_insert(struct sdb *db, const char *sql, const char *id_column,
                               struct sdb_stmt **out, struct err *e)
{
    return prepare(db, sql, db->backend == SDB_PG ? id_column : NULL, 0, out, e);
}

enum sdb_rc sdb_step(struct sdb_stmt *st, struct err *e)
{
    if (st->bind_failed) {
        st->bind_failed = 0;
        err_set(e, ST_DB, "a parameter could not be bound (index out of range or out of memory)");
        return SDB_ERROR;
    }
    if (st->backend == SDB_SQLITE)
        return sdb_lite_step(st, e);
    return sdb_pg_step(st->pg, e);
}

void sdb_reset(struct sdb_stmt *st)
{
    if (st->backend == SDB_SQLITE)
        sqlite3_reset(st->lite);
    else
        sdb_pg_reset(st->pg);
}

void sdb_finalize(struct sdb_stmt *st)
{
    if (!st)
        return;
    if (st->backend == SDB_SQLITE)
        sqlite3_finalize(st->lite);
    else
        sdb_pg_finalize(st->pg);
    free(st);
}

enum status sdb_exec(struct sdb *db, const char *sql, struct err *e)
{
    return db->backend == SDB_PG ? sdb_pg_exec(db, sql, e) : sdb_lite_exec(db, sql, e);
}

enum status sdb_begin(struct sdb *db, struct err *e)
{
    return sdb_exec(db, db->backend == SDB_PG ? "BEGIN" : "BEGIN IMMEDIATE", e);
}

enum status sdb_commit(struct sdb *db, struct err *e)
{
    return sdb_exec(db, "COMMIT", e);
}

void sdb_rollback(struct sdb *db)
{
    sdb_exec(db, "ROLLBACK", NULL);
}

int64_t sdb_last_insert_id(struct sdb *db)
{
    return db->backend == SDB_PG ? sdb_pg_last_insert_id(db) : sqlite3_last_insert_rowid(db->lite);
}

int64_t sdb_changes(struct sdb *db)
{
    return db->backend == SDB_PG ? sdb_pg_changes(db) : sqlite3_changes(db->lite);
}

int64_t sdb_total_changes(struct sdb *db)
{
    return db->backend == SDB_PG ? sdb_pg_total_changes(db) : sqlite3_total_changes(db->lite);
}

enum status sdb_user_version(struct sdb *db, int *version, struct err *e)
{
    return db->backend == SDB_PG ? sdb_pg_user_version(db, version, e)
                                 : sdb_lite_user_version(db, version, e);
}

enum status sdb_set_user_version(struct sdb *db, int n, struct err *e)
{
    return db->backend == SDB_PG ? sdb_pg_set_user_version(db, n, e)
                                 : sdb_lite_set_user_version(db, n, e);
}

/* ---- bulk insert ---- */

#define COPY_FLUSH (256u * 1024u) /* bytes of COPY text sent at once */

struct sdb_copy {
    struct sdb *db;
    int ncols;
    struct sdb_stmt *ins; /* SQLite: the INSERT */
    struct buf text;      /* PostgreSQL: COPY text not yet sent */
};

static enum status copy_begin_lite(struct sdb_copy *c, const char *table, const char *columns,
                                   struct err *e)
{
    struct buf sql = BUF_INIT;
    enum status st = buf_addf(&sql, "INSERT INTO %s (%s) VALUES (", table, columns);
    for (int i = 0; i < c->ncols && st == ST_OK; i++)
        st = buf_adds(&sql, i ? ", ?" : "?");
    if (st == ST_OK)
        st = buf_addc(&sql, ')');
    if (st != ST_OK)
        st = err_set(e, ST_NOMEM, "out of memory");
    else
        st = sdb_prepare(c->db, buf_str(&sql), &c->ins, e);
    buf_release(&sql);
    return st;
}

enum status sdb_copy_begin(struct sdb *db, const char *table, const char *columns, int ncols,
                           struct sdb_copy **out, struct err *e)
{
    struct sdb_copy *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, ST_NOMEM, "out of memory");
    c->db = db;
    c->ncols = ncols;
    enum status st = db->backend == SDB_PG ? sdb_pg_copy_begin(db, table, columns, e)
                                           : copy_begin_lite(c, table, columns, e);
    if (st != ST_OK) {
        free(c);
        return st;
    }
    *out = c;
    return ST_OK;
}

static enum status copy_row_lite(struct sdb_copy *c, const struct sdb_value *v, struct err *e)
{
    for (int i = 0; i < c->ncols; i++) {
        const struct sdb_value *x = &v[i];
        int idx = i + 1;
        if (x->type == SDB_INT)
            sdb_bind_i64(c->ins, idx, x->i);
        else if (x->type == SDB_FLOAT)
            sdb_bind_double(c->ins, idx, x->d);
        else if (x->type == SDB_TEXT)
            sdb_bind_text(c->ins, idx, x->s);
        else if (x->type == SDB_BLOB)
            sdb_bind_blob(c->ins, idx, x->b ? x->b : "", x->n);
        else
            sdb_bind_null(c->ins, idx);
    }
    enum sdb_rc rc = sdb_step(c->ins, e);
    sdb_reset(c->ins);
    return rc == SDB_DONE ? ST_OK : ST_DB;
}

/* COPY text format: backslash, tab, newline and carriage return escaped. */
static enum status copy_text(struct buf *b, const char *s)
{
    enum status st = ST_OK;
    for (; *s && st == ST_OK; s++) {
        const char *esc = *s == '\\'   ? "\\\\"
                          : *s == '\t' ? "\\t"
                          : *s == '\n' ? "\\n"
                          : *s == '\r' ? "\\r"
                                       : NULL;
        st = esc ? buf_adds(b, esc) : buf_addc(b, *s);
    }
    return st;
}

static enum status copy_value(struct buf *b, const struct sdb_value *x)
{
    switch (x->type) {
    case SDB_INT:
        return buf_addf(b, "%lld", (long long)x->i);
    case SDB_FLOAT:
        if (isnan(x->d))
            return buf_adds(b, "NaN");
        if (isinf(x->d))
            return buf_adds(b, x->d > 0 ? "Infinity" : "-Infinity");
        return buf_addf(b, "%.17g", x->d); /* 17 digits: the same double back */
    case SDB_TEXT:
        return copy_text(b, x->s);
    case SDB_BLOB: {
        enum status st = buf_adds(b, "\\\\x"); /* bytea hex input, backslash escaped */
        const unsigned char *p = x->b;
        for (size_t i = 0; i < x->n && st == ST_OK; i++)
            st = buf_addf(b, "%02x", p[i]);
        return st;
    }
    default:
        return buf_adds(b, "\\N");
    }
}

enum status sdb_copy_row(struct sdb_copy *c, const struct sdb_value *v, struct err *e)
{
    if (c->db->backend == SDB_SQLITE)
        return copy_row_lite(c, v, e);
    enum status st = ST_OK;
    for (int i = 0; i < c->ncols && st == ST_OK; i++) {
        if (i)
            st = buf_addc(&c->text, '\t');
        if (st == ST_OK)
            st = copy_value(&c->text, &v[i]);
    }
    if (st == ST_OK)
        st = buf_addc(&c->text, '\n');
    if (st != ST_OK)
        return err_set(e, ST_NOMEM, "out of memory");
    if (c->text.len < COPY_FLUSH)
        return ST_OK;
    st = sdb_pg_copy_send(c->db, c->text.data, c->text.len, e);
    buf_reset(&c->text);
    return st;
}

static void copy_free(struct sdb_copy *c)
{
    sdb_finalize(c->ins);
    buf_release(&c->text);
    free(c);
}

enum status sdb_copy_end(struct sdb_copy *c, struct err *e)
{
    enum status st = ST_OK;
    if (c->db->backend == SDB_PG) {
        if (c->text.len)
            st = sdb_pg_copy_send(c->db, c->text.data, c->text.len, e);
        struct err ignored;
        enum status end = sdb_pg_copy_finish(c->db, st == ST_OK, st == ST_OK ? e : &ignored);
        if (st == ST_OK)
            st = end;
    }
    copy_free(c);
    return st;
}

void sdb_copy_abort(struct sdb_copy *c)
{
    if (!c)
        return;
    if (c->db->backend == SDB_PG)
        sdb_pg_copy_finish(c->db, 0, NULL);
    copy_free(c);
}
