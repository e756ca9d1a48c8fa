/*
 * sdb_pg.c - the PostgreSQL side of sdb (sdb.h), over libpq. The only file
 * that includes libpq-fe.h.
 *
 * A statement is translated (? -> $N), prepared once on the server
 * (PQprepare) and described (PQdescribePrepared) so that each bind goes in
 * binary where the server's parameter type is int8, float8 or bytea (exact
 * and no parsing) and as text otherwise; the first sdb_step after the binds
 * runs it (PQexecPrepared) and the rows come from the one PGresult, in text
 * format (PostgreSQL 12+ prints float8 shortest-exact, so a double comes
 * back bit for bit; SUM() of BIGINT is NUMERIC and exact as text). Server
 * statements are kept in a small per-connection cache keyed by their SQL,
 * so the store's prepare-per-call pattern costs one round trip per call,
 * not four. A statement prepared with sdb_prepare_stream is prepared as
 * DECLARE <name>_c NO SCROLL CURSOR FOR it instead, and its rows come
 * STREAM_BATCH at a time (FETCH), so a scan of the cost rows holds one
 * batch in client memory, not the whole result (docs/postgresql.md, item
 * 15). Messages from libpq go through sdb_scrub.
 */
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdb_impl.h"

/* pg_type.oid values (catalog/pg_type_d.h is a server header) */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_TEXT = 25,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700,
};

#define STMT_CACHE   64    /* server statements kept per connection */
#define STREAM_BATCH 10000 /* rows per FETCH of a streamed statement */

struct pg_server_stmt {
    char *sql; /* translated text; NULL = free slot */
    char name[24];
    int nparams;
    Oid *types;
    int in_use;
    int stream; /* prepared as DECLARE <name>_c NO SCROLL CURSOR FOR sql */
};

struct sdb_pg {
    PGconn *conn;
    char *conninfo; /* as opened (never holds a password: sdb_open refuses one) */
    int64_t last_id, changes, total;
    unsigned next_name;
    int auto_users; /* open streams inside the transaction sdb began for them */
    struct pg_server_stmt cache[STMT_CACHE];
};

struct pg_param {
    struct sdb_value v;
    char *owned;  /* a copied text */
    char num[32]; /* int / float as text or 8 binary bytes */
    char *hex;    /* a blob as bytea hex text (non-bytea parameter) */
};

struct pg_coldata { /* a bytea column decoded for the current row */
    unsigned char *b;
    size_t len, cap;
    int row; /* -1: not decoded */
};

struct sdb_pg_stmt {
    struct sdb *db;
    struct pg_server_stmt *srv; /* in the cache, or own (cached = 0) */
    struct pg_server_stmt own;
    int cached, ret_id;
    struct pg_param *params;
    const char **values;
    int *lengths, *formats;
    PGresult *res;
    int row, nrows, executed;
    int stream;      /* rows come from a cursor, STREAM_BATCH at a time */
    int cursor_open; /* DECLAREd and neither exhausted nor closed */
    int more;        /* the last FETCH was full: more rows may follow */
    int in_auto;     /* counted in auto_users */
    struct pg_coldata *cols;
    int ncols;
};

static enum status pg_msg(enum status code, const char *what, const char *msg, struct err *e)
{
    char text[sizeof e->msg];
    snprintf(text, sizeof text, "%s", msg && *msg ? msg : "unknown error");
    for (char *p = text; *p; p++)
        if (*p == '\n')
            *p = p[1] ? ' ' : '\0';
    sdb_scrub(text, sizeof text);
    return err_set(e, code, "%s: %s", what, text);
}

static enum status res_err(PGresult *r, PGconn *c, const char *what, struct err *e)
{
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    char text[400];
    if (primary)
        snprintf(text, sizeof text, "%s (SQLSTATE %s)", primary, state ? state : "?");
    else
        snprintf(text, sizeof text, "%s", PQerrorMessage(c));
    return pg_msg(ST_DB, what, text, e);
}

enum status sdb_check_conninfo(const char *conninfo, struct err *e)
{
    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
    if (!opts) {
        enum status st = pg_msg(ST_USAGE, "bad PostgreSQL connection string", errmsg, e);
        PQfreemem(errmsg);
        return st;
    }
    int has_password = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
            has_password = 1;
    PQconninfoFree(opts);
    if (has_password)
        return err_set(e, ST_USAGE,
                       "the PostgreSQL connection string contains a password: put the password "
                       "in a password file (PGPASSFILE, mode 0600) or name a service of a "
                       "service file (PGSERVICEFILE, service=NAME) instead, so that it never "
                       "shows in the command line, logs or messages");
    return ST_OK;
}

static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* NOTICEs (DROP ... IF EXISTS) are not errors: nothing below main prints */
}

enum status sdb_pg_open(struct sdb *db, const char *conninfo, struct err *e)
{
    struct sdb_pg *pg = calloc(1, sizeof *pg);
    if (!pg)
        return err_set(e, ST_NOMEM, "out of memory");
    db->pg = pg;
    pg->conninfo = strdup(conninfo);
    pg->conn = pg->conninfo ? PQconnectdb(conninfo) : NULL;
    if (!pg->conn)
        return err_set(e, ST_NOMEM, "out of memory");
    if (PQstatus(pg->conn) != CONNECTION_OK)
        return pg_msg(ST_DB, "cannot connect to PostgreSQL", PQerrorMessage(pg->conn), e);
    PQsetNoticeProcessor(pg->conn, quiet_notice, NULL);
    if (PQsetClientEncoding(pg->conn, "UTF8") != 0)
        return pg_msg(ST_DB, "cannot set the client encoding", PQerrorMessage(pg->conn), e);
    /* shortest-exact float8 text, ISO dates */
    return sdb_pg_exec(db, "SET extra_float_digits = 1; SET datestyle = 'ISO, YMD'", e);
}

static void server_stmt_drop(struct sdb_pg *pg, struct pg_server_stmt *s)
{
    if (s->sql && pg->conn && PQstatus(pg->conn) == CONNECTION_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(pg->conn, sql));
    }
    free(s->sql);
    free(s->types);
    memset(s, 0, sizeof *s);
}

void sdb_pg_close(struct sdb *db)
{
    struct sdb_pg *pg = db->pg;
    if (!pg)
        return;
    for (int i = 0; i < STMT_CACHE; i++) {
        free(pg->cache[i].sql);
        free(pg->cache[i].types);
    }
    PQfinish(pg->conn);
    free(pg->conninfo);
    free(pg);
    db->pg = NULL;
}

const char *sdb_pg_conninfo(const struct sdb *db)
{
    return db->pg->conninfo;
}

/* The parameter (from 1) a "could not determine data type of parameter
 * $N" error names, or 0. */
static int undetermined_param(PGresult *r, int nparams)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const char *d = msg ? strchr(msg, '$') : NULL;
    if (!state || strcmp(state, "42P08") != 0 || !d)
        return 0;
    long n = strtol(d + 1, NULL, 10);
    return n >= 1 && n <= nparams ? (int)n : 0;
}

/* PQprepare; a parameter whose type the server cannot infer from its
 * context (SQLite's "?1 IS NULL OR name = ?1") is declared text and the
 * statement prepared again. */
static enum status server_prepare_typed(struct sdb_pg *pg, struct pg_server_stmt *s,
                                        const char *name, struct err *e)
{
    int n = s->nparams; /* from the ? translation */
    Oid *types = calloc((size_t)n + 1, sizeof *types);
    if (!types)
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st = ST_DB;
    for (int tries = 0; tries <= n; tries++) {
        PGresult *r = PQprepare(pg->conn, name, s->sql, n, types);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        int which = ok ? 0 : undetermined_param(r, n);
        if (!ok && (!which || types[which - 1] == OID_TEXT))
            res_err(r, pg->conn, "cannot prepare statement", e);
        PQclear(r);
        if (ok)
            st = ST_OK;
        if (ok || !which || types[which - 1] == OID_TEXT)
            break;
        types[which - 1] = OID_TEXT;
    }
    free(types);
    return st;
}

/* Prepare and describe sql as s->name on the server. */
/* A streamed statement: DECLARE <name>_c NO SCROLL CURSOR FOR sql, with the
 * parameter types the bare query was given (a DECLARE leaves a parameter
 * it cannot type as "unknown" and fails at execution instead). */
static enum status server_prepare_cursor(struct sdb_pg *pg, struct pg_server_stmt *s, struct err *e)
{
    size_t n = strlen(s->sql) + sizeof s->name + 48;
    char *decl = malloc(n);
    if (!decl)
        return err_set(e, ST_NOMEM, "out of memory");
    snprintf(decl, n, "DECLARE %s_c NO SCROLL CURSOR FOR %s", s->name, s->sql);
    PGresult *r = PQprepare(pg->conn, s->name, decl, s->nparams, s->types);
    free(decl);
    enum status st = PQresultStatus(r) == PGRES_COMMAND_OK
                         ? ST_OK
                         : res_err(r, pg->conn, "cannot prepare statement", e);
    PQclear(r);
    return st;
}

/* Prepare and describe sql as s->name on the server; a streamed one is
 * first prepared bare as the unnamed statement, to learn its parameter
 * types, and then as its cursor's DECLARE (the cursor is named after the
 * statement, so there is one per open statement). */
static enum status server_prepare(struct sdb_pg *pg, struct pg_server_stmt *s, struct err *e)
{
    snprintf(s->name, sizeof s->name, "sdb_%u", ++pg->next_name);
    const char *name = s->stream ? "" : s->name;
    enum status st = server_prepare_typed(pg, s, name, e);
    if (st != ST_OK)
        return st;
    PGresult *r;
    r = PQdescribePrepared(pg->conn, name);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        st = res_err(r, pg->conn, "cannot describe statement", e);
    } else {
        s->nparams = PQnparams(r);
        s->types = calloc((size_t)s->nparams + 1, sizeof *s->types);
        if (!s->types)
            st = err_set(e, ST_NOMEM, "out of memory");
        for (int i = 0; st == ST_OK && i < s->nparams; i++)
            s->types[i] = PQparamtype(r, i);
    }
    PQclear(r);
    if (st == ST_OK && s->stream)
        st = server_prepare_cursor(pg, s, e);
    return st;
}

/* A free cache slot (evicting an unused statement), or NULL. */
static struct pg_server_stmt *cache_slot(struct sdb_pg *pg)
{
    struct pg_server_stmt *victim = NULL;
    for (int i = 0; i < STMT_CACHE; i++) {
        if (!pg->cache[i].sql)
            return &pg->cache[i];
        if (!pg->cache[i].in_use && !victim)
            victim = &pg->cache[i];
    }
    if (victim)
        server_stmt_drop(pg, victim);
    return victim;
}

/* The server statement for sql (owned by p->srv's slot or p->own). */
static enum status stmt_server(struct sdb_pg_stmt *p, char *sql, int nparams, struct err *e)
{
    struct sdb_pg *pg = p->db->pg;
    for (int i = 0; i < STMT_CACHE; i++)
        if (pg->cache[i].sql && !pg->cache[i].in_use && pg->cache[i].stream == p->stream &&
            strcmp(pg->cache[i].sql, sql) == 0) {
            free(sql);
            p->srv = &pg->cache[i];
            p->srv->in_use = p->cached = 1;
            return ST_OK;
        }
    struct pg_server_stmt *s = cache_slot(pg);
    p->cached = s != NULL;
    p->srv = s ? s : &p->own;
    p->srv->sql = sql;
    p->srv->nparams = nparams;
    p->srv->stream = p->stream;
    enum status st = server_prepare(pg, p->srv, e);
    if (st != ST_OK) {
        free(p->srv->sql); /* never prepared or half: forget it (the name is unique) */
        free(p->srv->types);
        memset(p->srv, 0, sizeof *p->srv);
        return st;
    }
    p->srv->in_use = 1;
    return ST_OK;
}

static enum status stmt_arrays(struct sdb_pg_stmt *p, struct err *e)
{
    size_t n = (size_t)p->srv->nparams + 1;
    p->params = calloc(n, sizeof *p->params);
    p->values = calloc(n, sizeof *p->values);
    p->lengths = calloc(n, sizeof *p->lengths);
    p->formats = calloc(n, sizeof *p->formats);
    if (!p->params || !p->values || !p->lengths || !p->formats)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

static enum status pg_translate(const char *sql, const char *ret_column, char **out, int *n,
                                struct err *e)
{
    enum status st = sdb_pg_placeholders(sql, out, n, e);
    if (st != ST_OK || !ret_column)
        return st;
    size_t len = strlen(*out);
    while (len && (strchr(" \t\n;", (*out)[len - 1])))
        (*out)[--len] = '\0';
    size_t need = len + strlen(ret_column) + 16;
    char *q = realloc(*out, need);
    if (!q) {
        free(*out);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    snprintf(q + len, need - len, " RETURNING %s", ret_column);
    *out = q;
    return ST_OK;
}

enum status sdb_pg_prepare(struct sdb_stmt *st, const char *sql, const char *ret_column, int stream,
                           struct err *e)
{
    struct sdb_pg_stmt *p = calloc(1, sizeof *p);
    if (!p)
        return err_set(e, ST_NOMEM, "out of memory");
    p->db = st->db;
    p->ret_id = ret_column != NULL;
    p->stream = stream && !ret_column;
    char *text = NULL;
    int nparams = 0;
    enum status rc = pg_translate(sql, ret_column, &text, &nparams, e);
    if (rc == ST_OK)
        rc = stmt_server(p, text, nparams, e); /* takes text */
    if (rc == ST_OK)
        rc = stmt_arrays(p, e);
    if (rc != ST_OK) {
        sdb_pg_finalize(p);
        return rc;
    }
    st->pg = p;
    return ST_OK;
}

static void param_release(struct pg_param *x)
{
    free(x->owned);
    free(x->hex);
    x->owned = x->hex = NULL;
}

enum status sdb_pg_bind(struct sdb_pg_stmt *p, int idx, const struct sdb_value *v, int copy)
{
    if (idx < 1 || idx > p->srv->nparams)
        return ST_DB;
    struct pg_param *x = &p->params[idx - 1];
    param_release(x);
    x->v = *v;
    if (copy && v->type == SDB_TEXT) {
        if (!(x->owned = strdup(v->s))) {
            x->v.type = SDB_NULL;
            return ST_NOMEM;
        }
        x->v.s = x->owned;
    }
    return ST_OK;
}

static void put_be64(char *out, uint64_t u)
{
    for (int i = 7; i >= 0; i--, u >>= 8)
        out[i] = (char)(u & 0xff);
}

static void param_float_text(struct pg_param *x)
{
    double d = x->v.d;
    if (isnan(d))
        snprintf(x->num, sizeof x->num, "NaN");
    else if (isinf(d))
        snprintf(x->num, sizeof x->num, "%s", d > 0 ? "Infinity" : "-Infinity");
    else
        snprintf(x->num, sizeof x->num, "%.17g", d);
}

/* A blob for a parameter that is not bytea: bytea hex text. */
static int param_blob_text(struct pg_param *x)
{
    free(x->hex);
    if (!(x->hex = malloc(x->v.n * 2 + 3)))
        return -1;
    memcpy(x->hex, "\\x", 2);
    const unsigned char *b = x->v.b;
    for (size_t i = 0; i < x->v.n; i++)
        snprintf(x->hex + 2 + 2 * i, 3, "%02x", b[i]);
    x->hex[2 + 2 * x->v.n] = '\0';
    return 0;
}

/* values/lengths/formats for parameter i: binary where the server type is
 * the bound type's own, text otherwise. */
static int param_encode(struct sdb_pg_stmt *p, int i)
{
    struct pg_param *x = &p->params[i];
    Oid t = p->srv->types[i];
    p->formats[i] = 0;
    p->lengths[i] = 0;
    switch (x->v.type) {
    case SDB_INT:
        if (t == OID_INT8) {
            put_be64(x->num, (uint64_t)x->v.i);
            p->formats[i] = 1;
            p->lengths[i] = 8;
        } else {
            snprintf(x->num, sizeof x->num, "%lld", (long long)x->v.i);
        }
        p->values[i] = x->num;
        return 0;
    case SDB_FLOAT:
        if (t == OID_FLOAT8) {
            uint64_t u;
            memcpy(&u, &x->v.d, 8);
            put_be64(x->num, u);
            p->formats[i] = 1;
            p->lengths[i] = 8;
        } else {
            param_float_text(x);
        }
        p->values[i] = x->num;
        return 0;
    case SDB_TEXT:
        p->values[i] = x->v.s;
        return 0;
    case SDB_BLOB:
        if (t == OID_BYTEA) {
            p->values[i] = x->v.n ? x->v.b : "";
            p->formats[i] = 1;
            p->lengths[i] = (int)x->v.n;
            return 0;
        }
        if (param_blob_text(x) != 0)
            return -1;
        p->values[i] = x->hex;
        return 0;
    default:
        p->values[i] = NULL;
        return 0;
    }
}

static void count_changes(struct sdb_pg *pg, PGresult *r)
{
    const char *cmd = PQcmdStatus(r);
    if (strncmp(cmd, "INSERT", 6) && strncmp(cmd, "UPDATE", 6) && strncmp(cmd, "DELETE", 6) &&
        strncmp(cmd, "COPY", 4) && strncmp(cmd, "MERGE", 5))
        return;
    pg->changes = strtoll(PQcmdTuples(r), NULL, 10);
    pg->total += pg->changes;
}

/* ---- streamed statements: a cursor, STREAM_BATCH rows per FETCH ---- */

/* The cursor is done with (read to the end, reset or finalized): close it,
 * or end the transaction sdb began for it when it is the last stream in
 * it. A cursor whose transaction already ended (the caller committed or
 * rolled back) is gone: nothing is sent, so a CLOSE cannot fail and abort
 * the caller's next transaction. */
static void stream_end(struct sdb_pg_stmt *p)
{
    struct sdb_pg *pg = p->db->pg;
    if (p->in_auto) {
        p->in_auto = 0;
        if (pg->auto_users > 0 && --pg->auto_users == 0)
            PQclear(PQexec(pg->conn, "COMMIT")); /* a ROLLBACK when the scan failed */
    } else if (p->cursor_open && PQtransactionStatus(pg->conn) == PQTRANS_INTRANS) {
        char sql[48];
        snprintf(sql, sizeof sql, "CLOSE %s_c", p->srv->name);
        PQclear(PQexec(pg->conn, sql));
    }
    p->cursor_open = 0;
    p->more = 0;
}

/* The next batch of rows into p->res (p->row at its first row). */
static enum sdb_rc stream_fetch(struct sdb_pg_stmt *p, struct err *e)
{
    struct sdb_pg *pg = p->db->pg;
    char sql[64];
    snprintf(sql, sizeof sql, "FETCH %d FROM %s_c", STREAM_BATCH, p->srv->name);
    PQclear(p->res);
    p->res = PQexec(pg->conn, sql);
    p->row = 0;
    p->nrows = 0;
    for (int i = 0; i < p->ncols; i++)
        p->cols[i].row = -1;
    if (PQresultStatus(p->res) != PGRES_TUPLES_OK) {
        res_err(p->res, pg->conn, "statement failed", e);
        PQclear(p->res);
        p->res = NULL;
        p->cursor_open = 0; /* the transaction is aborted: the cursor with it */
        stream_end(p);
        return SDB_ERROR;
    }
    p->nrows = PQntuples(p->res);
    p->more = p->nrows == STREAM_BATCH;
    if (!p->more)
        stream_end(p); /* read to the end: the rows stay in p->res */
    return p->nrows ? SDB_ROW : SDB_DONE;
}

/* The cursor's transaction: the caller's, or one sdb begins when the
 * connection is outside any, shared by the streams opened until the last
 * of them ends (then committed). */
static enum sdb_rc stream_txn(struct sdb_pg_stmt *p, struct err *e)
{
    struct sdb_pg *pg = p->db->pg;
    if (PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
        PGresult *b = PQexec(pg->conn, "BEGIN");
        int ok = PQresultStatus(b) == PGRES_COMMAND_OK;
        if (!ok)
            res_err(b, pg->conn, "cannot begin a transaction for a cursor", e);
        PQclear(b);
        if (!ok)
            return SDB_ERROR;
        pg->auto_users = 0;
    } else if (pg->auto_users == 0) {
        return SDB_DONE; /* the caller's transaction */
    }
    pg->auto_users++;
    p->in_auto = 1;
    return SDB_DONE;
}

static enum sdb_rc stmt_execute(struct sdb_pg_stmt *p, struct err *e)
{
    struct sdb_pg *pg = p->db->pg;
    for (int i = 0; i < p->srv->nparams; i++)
        if (param_encode(p, i) != 0) {
            err_set(e, ST_NOMEM, "out of memory");
            return SDB_ERROR;
        }
    if (p->stream && stream_txn(p, e) == SDB_ERROR)
        return SDB_ERROR;
    PGresult *r = PQexecPrepared(pg->conn, p->srv->name, p->srv->nparams, p->values, p->lengths,
                                 p->formats, 0);
    ExecStatusType rs = PQresultStatus(r);
    if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
        res_err(r, pg->conn, "statement failed", e);
        PQclear(r);
        if (p->stream)
            stream_end(p);
        return SDB_ERROR;
    }
    if (p->stream) { /* DECLAREd: the rows come with the first FETCH */
        PQclear(r);
        p->executed = p->cursor_open = p->more = 1;
        p->row = -1;
        p->nrows = 0;
        return SDB_DONE;
    }
    count_changes(pg, r);
    p->executed = 1;
    p->row = -1;
    p->nrows = PQntuples(r);
    if (p->ret_id) {
        int last = p->nrows - 1; /* the last row inserted, as SQLite's rowid */
        if (last >= 0 && !PQgetisnull(r, last, 0))
            pg->last_id = strtoll(PQgetvalue(r, last, 0), NULL, 10);
        p->nrows = 0; /* the RETURNING row is the id, not a result row */
    }
    p->res = r;
    return SDB_DONE;
}

enum sdb_rc sdb_pg_step(struct sdb_pg_stmt *p, struct err *e)
{
    if (!p->executed && stmt_execute(p, e) == SDB_ERROR)
        return SDB_ERROR;
    if (p->row < p->nrows)
        p->row++;
    if (p->row < p->nrows)
        return SDB_ROW;
    return p->more ? stream_fetch(p, e) : SDB_DONE;
}

void sdb_pg_reset(struct sdb_pg_stmt *p)
{
    if (p->cursor_open || p->in_auto)
        stream_end(p);
    PQclear(p->res);
    p->res = NULL;
    p->executed = 0;
    p->row = -1;
    p->nrows = 0;
    for (int i = 0; i < p->ncols; i++)
        p->cols[i].row = -1;
}

void sdb_pg_clear_bindings(struct sdb_pg_stmt *p)
{
    for (int i = 0; p->srv && i < p->srv->nparams; i++) {
        param_release(&p->params[i]);
        p->params[i].v.type = SDB_NULL;
    }
}

void sdb_pg_finalize(struct sdb_pg_stmt *p)
{
    if (!p)
        return;
    sdb_pg_reset(p);
    sdb_pg_clear_bindings(p);
    if (p->srv && p->cached)
        p->srv->in_use = 0;
    else if (p->srv)
        server_stmt_drop(p->db->pg, p->srv);
    for (int i = 0; i < p->ncols; i++)
        free(p->cols[i].b);
    free(p->cols);
    free(p->params);
    free(p->values);
    free(p->lengths);
    free(p->formats);
    free(p);
}

/* ---- columns ---- */

static int cell_ok(const struct sdb_pg_stmt *p, int col)
{
    return p->res && p->row >= 0 && p->row < p->nrows && col >= 0 && col < PQnfields(p->res);
}

int sdb_pg_column_count(const struct sdb_pg_stmt *p)
{
    return p->res ? PQnfields(p->res) : 0;
}

enum sdb_type sdb_pg_column_type(const struct sdb_pg_stmt *p, int col)
{
    if (!cell_ok(p, col) || PQgetisnull(p->res, p->row, col))
        return SDB_NULL;
    switch (PQftype(p->res, col)) {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
        return SDB_INT;
    case OID_FLOAT4:
    case OID_FLOAT8:
        return SDB_FLOAT;
    case OID_NUMERIC: /* SUM(BIGINT): an integer unless it has a fraction */
        return strpbrk(PQgetvalue(p->res, p->row, col), ".eEN") ? SDB_FLOAT : SDB_INT;
    case OID_BYTEA:
        return SDB_BLOB;
    default:
        return SDB_TEXT;
    }
}

int64_t sdb_pg_column_i64(const struct sdb_pg_stmt *p, int col)
{
    if (!cell_ok(p, col) || PQgetisnull(p->res, p->row, col))
        return 0;
    const char *v = PQgetvalue(p->res, p->row, col);
    if (PQftype(p->res, col) == OID_BOOL)
        return v[0] == 't';
    if (strpbrk(v, ".eEIN")) { /* a float: truncated, as SQLite does */
        double d = strtod(v, NULL);
        return isfinite(d) && fabs(d) < 9.2e18 ? (int64_t)d : 0;
    }
    return strtoll(v, NULL, 10);
}

double sdb_pg_column_double(const struct sdb_pg_stmt *p, int col)
{
    if (!cell_ok(p, col) || PQgetisnull(p->res, p->row, col))
        return 0.0;
    const char *v = PQgetvalue(p->res, p->row, col);
    if (PQftype(p->res, col) == OID_BOOL)
        return v[0] == 't';
    return strtod(v, NULL);
}

const char *sdb_pg_column_text(const struct sdb_pg_stmt *p, int col)
{
    if (!cell_ok(p, col) || PQgetisnull(p->res, p->row, col))
        return NULL;
    return PQgetvalue(p->res, p->row, col);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decode bytea hex output ("\x0a1b...") of col into its buffer. */
static struct pg_coldata *bytea_cell(struct sdb_pg_stmt *p, int col)
{
    if (!p->cols) {
        int n = PQnfields(p->res);
        if (!(p->cols = calloc((size_t)n, sizeof *p->cols)))
            return NULL;
        p->ncols = n;
        for (int i = 0; i < n; i++)
            p->cols[i].row = -1;
    }
    struct pg_coldata *c = &p->cols[col];
    if (c->row == p->row)
        return c;
    const char *v = PQgetvalue(p->res, p->row, col);
    size_t len = (size_t)PQgetlength(p->res, p->row, col);
    if (len < 2 || v[0] != '\\' || v[1] != 'x')
        return NULL; /* bytea_output = escape: not what sdb_pg_open sets */
    size_t n = (len - 2) / 2;
    if (n > c->cap) {
        unsigned char *b = realloc(c->b, n);
        if (!b)
            return NULL;
        c->b = b;
        c->cap = n;
    }
    for (size_t i = 0; i < n; i++)
        c->b[i] = (unsigned char)(hexval(v[2 + 2 * i]) << 4 | hexval(v[3 + 2 * i]));
    c->len = n;
    c->row = p->row;
    return c;
}

const void *sdb_pg_column_blob(struct sdb_pg_stmt *p, int col)
{
    if (!cell_ok(p, col) || PQgetisnull(p->res, p->row, col))
        return NULL;
    if (PQftype(p->res, col) != OID_BYTEA)
        return PQgetvalue(p->res, p->row, col);
    struct pg_coldata *c = bytea_cell(p, col);
    return c && c->len ? c->b : NULL;
}

int sdb_pg_column_bytes(struct sdb_pg_stmt *p, int col)
{
    if (!cell_ok(p, col) || PQgetisnull(p->res, p->row, col))
        return 0;
    if (PQftype(p->res, col) != OID_BYTEA)
        return PQgetlength(p->res, p->row, col);
    struct pg_coldata *c = bytea_cell(p, col);
    return c ? (int)c->len : 0;
}

/* ---- connection-level ---- */

enum status sdb_pg_exec(struct sdb *db, const char *sql, struct err *e)
{
    PGresult *r = PQexec(db->pg->conn, sql);
    ExecStatusType rs = PQresultStatus(r);
    enum status st = ST_OK;
    if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK && rs != PGRES_EMPTY_QUERY)
        st = res_err(r, db->pg->conn, "statement failed", e);
    else if (rs != PGRES_EMPTY_QUERY)
        count_changes(db->pg, r);
    PQclear(r);
    return st;
}

int64_t sdb_pg_last_insert_id(const struct sdb *db)
{
    return db->pg->last_id;
}

int64_t sdb_pg_changes(const struct sdb *db)
{
    return db->pg->changes;
}

int64_t sdb_pg_total_changes(const struct sdb *db)
{
    return db->pg->total;
}

/* The first column of the one row of sql as an integer (0 when no row). */
static enum status query_int(struct sdb *db, const char *sql, int64_t *v, struct err *e)
{
    PGresult *r = PQexec(db->pg->conn, sql);
    enum status st = ST_OK;
    *v = 0;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        st = res_err(r, db->pg->conn, "cannot read the schema version", e);
    else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
        const char *s = PQgetvalue(r, 0, 0);
        *v = s[0] == 't' ? 1 : strtoll(s, NULL, 10);
    }
    PQclear(r);
    return st;
}

enum status sdb_pg_user_version(struct sdb *db, int *version, struct err *e)
{
    int64_t exists = 0, v = 0;
    /* the catalog read with the statement's snapshot, not to_regclass():
     * that looks the name up in the backend's catalog cache, which keeps
     * "no such table" from before another connection's migration committed
     * (it is refreshed only when a lock on a relation is taken), so the
     * second of two first opens read version 0 under the migration lock */
    enum status st = query_int(db,
                               "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c "
                               "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE c.relname = 'yosan_schema' AND c.relkind = 'r' "
                               "AND n.nspname = ANY (current_schemas(false)))",
                               &exists, e);
    if (st == ST_OK && exists)
        st = query_int(db, "SELECT MAX(version) FROM yosan_schema", &v, e);
    if (st == ST_OK)
        *version = (int)v;
    return st;
}

enum status sdb_pg_set_user_version(struct sdb *db, int n, struct err *e)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS yosan_schema (version BIGINT NOT NULL); "
             "DELETE FROM yosan_schema; INSERT INTO yosan_schema (version) VALUES (%d)",
             n);
    return sdb_pg_exec(db, sql, e);
}

enum status sdb_pg_copy_begin(struct sdb *db, const char *table, const char *columns, struct err *e)
{
    size_t n = strlen(table) + strlen(columns) + 32;
    char *sql = malloc(n);
    if (!sql)
        return err_set(e, ST_NOMEM, "out of memory");
    snprintf(sql, n, "COPY %s (%s) FROM STDIN", table, columns);
    PGresult *r = PQexec(db->pg->conn, sql);
    free(sql);
    enum status st = PQresultStatus(r) == PGRES_COPY_IN
                         ? ST_OK
                         : res_err(r, db->pg->conn, "cannot start COPY", e);
    PQclear(r);
    return st;
}

enum status sdb_pg_copy_send(struct sdb *db, const char *buf, size_t n, struct err *e)
{
    if (n > (size_t)INT32_MAX || PQputCopyData(db->pg->conn, buf, (int)n) != 1)
        return pg_msg(ST_DB, "COPY failed", PQerrorMessage(db->pg->conn), e);
    return ST_OK;
}

enum status sdb_pg_copy_finish(struct sdb *db, int ok, struct err *e)
{
    PGconn *c = db->pg->conn;
    enum status st = ST_OK;
    if (PQputCopyEnd(c, ok ? NULL : "abandoned by yosan") != 1)
        st = pg_msg(ST_DB, "COPY failed", PQerrorMessage(c), e);
    PGresult *r;
    while ((r = PQgetResult(c)) != NULL) {
        if (PQresultStatus(r) == PGRES_COMMAND_OK)
            count_changes(db->pg, r);
        else if (st == ST_OK && ok)
            st = res_err(r, c, "COPY failed", e);
        PQclear(r);
    }
    return ok ? st : ST_DB;
}
