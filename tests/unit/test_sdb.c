/*
 * test_sdb.c - the store's statement layer (engine/store/internal/sdb.h):
 * the same statement-level checks against SQLite (always, a temporary
 * file) and against PostgreSQL when YOSAN_TEST_PG names a connection
 * (e.g. "service=yosan_test"; tests/cli/test_sdb_pg.sh starts a throwaway
 * cluster and sets it): exact round trips of 64-bit integers, doubles,
 * UTF-8 text and blobs, NULLs, ? and ?N placeholders, last insert ids,
 * change counts, errors, transactions, the bulk-insert path and every
 * migration block of schema.sql. Plus the pure parts: placeholder and
 * schema translation, backend selection, refusing passwords in connection
 * strings and scrubbing them from messages.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sdb.h"
#include "store_internal.h"

extern const char yosan_schema_sql[];

/* ---- pure text checks ---- */

static void check_placeholders(const char *in, const char *want, int want_n)
{
    char *out = NULL;
    int n = -1;
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_pg_placeholders(in, &out, &n, &e), ST_OK);
    assert_string_equal(out, want);
    assert_int_equal(n, want_n);
    free(out);
}

static void test_placeholders(void **state)
{
    (void)state;
    check_placeholders("SELECT ?, ?", "SELECT $1, $2", 2);
    check_placeholders("SELECT '?', \"a?\" -- ?\n, ? /* ? */",
                       "SELECT '?', \"a?\" -- ?\n, $1 /* ? */", 1);
    check_placeholders("SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1);
    /* numbered, reused, and a bare ? after them takes the next number (SQLite's rule) */
    check_placeholders("WHERE (?4 IS NULL OR d = ?4) AND x <= ?2 AND y = ?",
                       "WHERE ($4 IS NULL OR d = $4) AND x <= $2 AND y = $5", 5);
    check_placeholders("SELECT 1", "SELECT 1", 0);
    char *out = NULL;
    int n;
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_pg_placeholders("SELECT ?0", &out, &n, &e), ST_DB);
    assert_null(out);
}

static void test_backend_of(void **state)
{
    (void)state;
    assert_int_equal(sdb_backend_of("postgresql://db.example/yosan"), SDB_PG);
    assert_int_equal(sdb_backend_of("postgres://db.example/yosan"), SDB_PG);
    assert_int_equal(sdb_backend_of("PostgreSQL://h/d"), SDB_PG);
    assert_int_equal(sdb_backend_of("service=yosan"), SDB_PG);
    assert_int_equal(sdb_backend_of("  service=yosan dbname=x"), SDB_PG);
    assert_int_equal(sdb_backend_of("yosan.db"), SDB_SQLITE);
    assert_int_equal(sdb_backend_of(":memory:"), SDB_SQLITE);
    assert_int_equal(sdb_backend_of("/var/lib/postgresql.db"), SDB_SQLITE);
    assert_int_equal(sdb_backend_of("./service=x.db"), SDB_SQLITE);
    /* any libpq keyword/value string, so a password in one is refused, not
     * echoed as a file name (a regression: "host=x password=..." was a path) */
    assert_int_equal(sdb_backend_of("host=db.example dbname=yosan"), SDB_PG);
    assert_int_equal(sdb_backend_of("dbname = yosan"), SDB_PG);
    assert_int_equal(sdb_backend_of("password=x host=h"), SDB_PG);
    assert_int_equal(sdb_backend_of("my=file.db"), SDB_SQLITE);
    assert_int_equal(sdb_backend_of("hostname=x.db"), SDB_SQLITE);
    assert_int_equal(sdb_backend_of("Host=x.db"), SDB_SQLITE);
}

static void check_refused(const char *conninfo, const char *secret)
{
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_check_conninfo(conninfo, &e), ST_USAGE);
    if (secret && strstr(e.msg, secret))
        fail_msg("message repeats the password: %s", e.msg);
    struct sdb *db = NULL;
    err_clear(&e);
    assert_int_not_equal(sdb_open(conninfo, 0, &db, &e), ST_OK);
    assert_null(db);
    if (secret && strstr(e.msg, secret))
        fail_msg("open message repeats the password: %s", e.msg);
}

static void test_conninfo_passwords(void **state)
{
    (void)state;
    struct err e;
    check_refused("postgresql://yosan:S3cretPw@db.example:5432/yosan", "S3cretPw");
    check_refused("postgres://yosan:S3cretPw@db.example/yosan", "S3cretPw");
    check_refused("postgresql://db.example/yosan?password=S3cretPw", "S3cretPw");
    check_refused("service=yosan password=S3cretPw", "S3cretPw");
    check_refused("service=yosan password='S3 cret'", "S3 cret");
    /* the refusal says where the password goes instead */
    err_clear(&e);
    sdb_check_conninfo("postgresql://u:S3cretPw@h/d", &e);
    assert_non_null(strstr(e.msg, "PGPASSFILE"));
    assert_non_null(strstr(e.msg, "PGSERVICEFILE"));
    /* a malformed string: a usage error that does not echo it */
    check_refused("postgresql://u:S3cretPw@h/d?bogus_option=1", "S3cretPw");
    /* no password: accepted */
    err_clear(&e);
    assert_int_equal(sdb_check_conninfo("postgresql://yosan@db.example/yosan", &e), ST_OK);
    assert_int_equal(sdb_check_conninfo("service=yosan", &e), ST_OK);
    assert_int_equal(sdb_check_conninfo("postgresql:///yosan?host=/tmp&user=x", &e), ST_OK);
}

static void check_scrub(const char *in, const char *want)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", in);
    sdb_scrub(buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_scrub(void **state)
{
    (void)state;
    check_scrub("connect postgresql://yosan:pw@h:5432/d failed",
                "connect postgresql://***@h:5432/d failed");
    check_scrub("postgres://yosan@h/d", "postgres://***@h/d");
    check_scrub("host=h password=pw user=u", "host=h password=*** user=u");
    check_scrub("host=h PASSWORD='a b' user=u", "host=h password=*** user=u");
    check_scrub("postgresql://h/d?user=u&password=pw&sslmode=require",
                "postgresql://h/d?user=u&password=***&sslmode=require");
    check_scrub("no secrets here: https://h/path", "no secrets here: https://h/path");
    char tiny[12] = "password=ab";
    sdb_scrub(tiny, sizeof tiny);
    assert_null(strstr(tiny, "ab"));
}

static char *schema_pg(const char *sql)
{
    char *out = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_schema_for(SDB_PG, sql, &out, &e), ST_OK);
    return out;
}

static void test_schema_translation(void **state)
{
    (void)state;
    char *s = schema_pg("CREATE TABLE t (\n  id INTEGER PRIMARY KEY, -- INTEGER REAL BLOB kept\n"
                        "  n integer NOT NULL, x REAL, b BLOB, note TEXT DEFAULT 'INTEGER',\n"
                        "  PRIMARY KEY (n)\n) WITHOUT ROWID; -- WITHOUT ROWID\n");
    assert_string_equal(
        s, "CREATE TABLE t (\n  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, -- "
           "INTEGER REAL BLOB kept\n  n BIGINT NOT NULL, x DOUBLE PRECISION, b BYTEA, note TEXT "
           "DEFAULT 'INTEGER',\n  PRIMARY KEY (n)\n) ; -- WITHOUT ROWID\n");
    free(s);
    s = schema_pg("INSERT INTO departments (id, name) VALUES (1, 'x;y');\nSELECT 1;");
    assert_string_equal(s, "INSERT INTO departments (id, name) VALUES (1, 'x;y');\n"
                           "SELECT setval(pg_get_serial_sequence('departments', 'id'), "
                           "(SELECT MAX(id) FROM departments));\nSELECT 1;");
    free(s);
    s = schema_pg("INSERT INTO cost_daily (dataset) SELECT 1;");
    assert_string_equal(s, "INSERT INTO cost_daily (dataset) SELECT 1;");
    free(s);
    /* SQLite gets the text as written */
    char *l = NULL;
    struct err e;
    assert_int_equal(sdb_schema_for(SDB_SQLITE, yosan_schema_sql, &l, &e), ST_OK);
    assert_string_equal(l, yosan_schema_sql);
    free(l);
}

/* ---- against each backend ---- */

static char lite_path[4096];

/* The connections to test: SQLite always, PostgreSQL when configured. */
static int targets(const char *out[2])
{
    int n = 0;
    out[n++] = lite_path;
    const char *pg = getenv("YOSAN_TEST_PG");
    if (pg && *pg)
        out[n++] = pg;
    return n;
}

/* A fresh connection with an empty database (SQLite: a new file;
 * PostgreSQL: a new schema first on the search path). */
static struct sdb *open_fresh(const char *target)
{
    struct sdb *db = NULL;
    struct err e;
    err_clear(&e);
    if (target == lite_path)
        remove(lite_path);
    if (sdb_open(target, 0, &db, &e) != ST_OK)
        fail_msg("open %s: %s", target, e.msg);
    if (db->backend == SDB_PG &&
        sdb_exec(db,
                 "DROP SCHEMA IF EXISTS sdb_test CASCADE; CREATE SCHEMA sdb_test; "
                 "SET search_path = sdb_test",
                 &e) != ST_OK)
        fail_msg("fresh schema: %s", e.msg);
    return db;
}

static void exec_ok(struct sdb *db, const char *sql)
{
    struct err e;
    err_clear(&e);
    char *t = NULL;
    assert_int_equal(sdb_schema_for(db->backend, sql, &t, &e), ST_OK);
    if (sdb_exec(db, t, &e) != ST_OK)
        fail_msg("%s: %s", sql, e.msg);
    free(t);
}

static struct sdb_stmt *prep(struct sdb *db, const char *sql)
{
    struct sdb_stmt *st = NULL;
    struct err e;
    err_clear(&e);
    if (sdb_prepare(db, sql, &st, &e) != ST_OK)
        fail_msg("prepare %s: %s", sql, e.msg);
    return st;
}

static int64_t one_int(struct sdb *db, const char *sql)
{
    struct sdb_stmt *st = prep(db, sql);
    struct err e;
    assert_int_equal(sdb_step(st, &e), SDB_ROW);
    int64_t v = sdb_column_i64(st, 0);
    assert_int_equal(sdb_step(st, &e), SDB_DONE);
    sdb_finalize(st);
    return v;
}

#define T_TABLE                                                                                    \
    "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, d REAL, s TEXT, b BLOB, u TEXT UNIQUE)"

static const char *const texts[] = {"大阪市 建設局", "tab\there",    "line\nbreak\r",
                                    "back\\slash",   "quote ' \" ?", ""};
static const int64_t ints[] = {INT64_MAX, INT64_MIN, 0, -1, 1000000000000000000LL, 42};
static const double dbls[] = {0.1, 1e-300, -2.5e300, 123456.789012345678, 1.0 / 3.0, 0.0};

static void blob_of(int k, unsigned char out[192])
{
    for (int h = 0; h < 24; h++) { /* 24 packed float64s, like metric_days */
        double v = h == 3 ? NAN : k * 100.0 + h / 7.0;
        memcpy(out + 8 * h, &v, 8);
    }
    out[0] = 0; /* zero bytes inside */
}

static void insert_rows(struct sdb *db)
{
    struct sdb_stmt *st = NULL;
    struct err e;
    err_clear(&e);
    if (sdb_prepare_insert(db, "INSERT INTO t (i, d, s, b) VALUES (?, ?, ?, ?)", "id", &st, &e) !=
        ST_OK)
        fail_msg("%s", e.msg);
    for (int k = 0; k < 6; k++) {
        unsigned char blob[192];
        blob_of(k, blob);
        sdb_bind_i64(st, 1, ints[k]);
        sdb_bind_double(st, 2, dbls[k]);
        char copy[64];
        snprintf(copy, sizeof copy, "%s", texts[k]);
        sdb_bind_text_copy(st, 3, copy);
        memset(copy, 'X', sizeof copy - 1); /* the copy was taken */
        sdb_bind_blob(st, 4, blob, sizeof blob);
        if (sdb_step(st, &e) != SDB_DONE)
            fail_msg("insert %d: %s", k, e.msg);
        assert_int_equal(sdb_last_insert_id(db), k + 1);
        assert_int_equal(sdb_changes(db), 1);
        sdb_reset(st);
    }
    /* NULLs everywhere, through clear_bindings */
    sdb_clear_bindings(st);
    assert_int_equal(sdb_step(st, &e), SDB_DONE);
    assert_int_equal(sdb_last_insert_id(db), 7);
    sdb_finalize(st);
}

static void check_row(struct sdb_stmt *st, int k)
{
    assert_int_equal(sdb_column_count(st), 5);
    assert_int_equal(sdb_column_i64(st, 0), k + 1);
    assert_int_equal(sdb_column_type(st, 1), SDB_INT);
    assert_true(sdb_column_i64(st, 1) == ints[k]);
    assert_int_equal(sdb_column_type(st, 2), SDB_FLOAT);
    double d = sdb_column_double(st, 2);
    assert_memory_equal(&d, &dbls[k], sizeof d); /* bit for bit */
    assert_int_equal(sdb_column_type(st, 3), SDB_TEXT);
    assert_string_equal(sdb_column_text(st, 3), texts[k]);
    unsigned char want[192];
    blob_of(k, want);
    assert_int_equal(sdb_column_type(st, 4), SDB_BLOB);
    const void *b = sdb_column_blob(st, 4);
    assert_int_equal(sdb_column_bytes(st, 4), 192);
    assert_memory_equal(b, want, 192);
}

static void roundtrip_on(const char *target)
{
    struct sdb *db = open_fresh(target);
    exec_ok(db, T_TABLE);
    insert_rows(db);
    struct sdb_stmt *st = prep(db, "SELECT id, i, d, s, b FROM t WHERE id <= ? ORDER BY id");
    struct err e;
    sdb_bind_i64(st, 1, 6);
    int k = 0;
    enum sdb_rc rc;
    while ((rc = sdb_step(st, &e)) == SDB_ROW)
        check_row(st, k++);
    assert_int_equal(rc, SDB_DONE);
    assert_int_equal(k, 6);
    /* reset keeps the bindings; a rebind changes them */
    sdb_reset(st);
    sdb_bind_i64(st, 1, 1);
    assert_int_equal(sdb_step(st, &e), SDB_ROW);
    check_row(st, 0);
    assert_int_equal(sdb_step(st, &e), SDB_DONE);
    sdb_finalize(st);
    /* the all-NULL row */
    st = prep(db, "SELECT i, d, s, b FROM t WHERE id = 7");
    assert_int_equal(sdb_step(st, &e), SDB_ROW);
    for (int c = 0; c < 4; c++) {
        assert_true(sdb_column_is_null(st, c));
        assert_int_equal(sdb_column_i64(st, c), 0);
    }
    assert_null(sdb_column_text(st, 2));
    assert_null(sdb_column_blob(st, 3));
    sdb_finalize(st);
    /* ?N reused, a NULL and a text for the same parameter */
    st = prep(db, "SELECT COUNT(*) FROM t WHERE (?1 IS NULL OR s = ?1) AND id <= ?2");
    sdb_bind_null(st, 1);
    sdb_bind_i64(st, 2, 6);
    assert_int_equal(sdb_step(st, &e), SDB_ROW);
    assert_int_equal(sdb_column_i64(st, 0), 6);
    sdb_reset(st);
    sdb_bind_text(st, 1, texts[0]);
    assert_int_equal(sdb_step(st, &e), SDB_ROW);
    assert_int_equal(sdb_column_i64(st, 0), 1);
    sdb_finalize(st);
    sdb_close(db);
}

static void test_roundtrip(void **state)
{
    (void)state;
    const char *t[2];
    for (int i = 0, n = targets(t); i < n; i++)
        roundtrip_on(t[i]);
}

static void sums_and_changes_on(const char *target)
{
    struct sdb *db = open_fresh(target);
    exec_ok(db, T_TABLE);
    struct err e;
    struct sdb_stmt *ins = prep(db, "INSERT INTO t (i, d) VALUES (?, ?)");
    for (int k = 0; k < 100; k++) { /* micro-units past 2^53: a double would round */
        sdb_bind_i64(ins, 1, 90071992547409930LL + k);
        sdb_bind_i64(ins, 2, k); /* an integer into a REAL column */
        assert_int_equal(sdb_step(ins, &e), SDB_DONE);
        sdb_reset(ins);
    }
    sdb_finalize(ins);
    struct sdb_stmt *st = prep(db, "SELECT SUM(i), COUNT(*), SUM(d), MAX(i) FROM t");
    assert_int_equal(sdb_step(st, &e), SDB_ROW);
    assert_int_equal(sdb_column_type(st, 0), SDB_INT);
    assert_true(sdb_column_i64(st, 0) == 100 * 90071992547409930LL + 4950);
    assert_int_equal(sdb_column_i64(st, 1), 100);
    assert_true(sdb_column_double(st, 2) == 4950.0);
    assert_true(sdb_column_i64(st, 3) == 90071992547409930LL + 99);
    sdb_finalize(st);
    int64_t before = sdb_total_changes(db);
    exec_ok(db, "UPDATE t SET s = 'x' WHERE d >= 90");
    assert_int_equal(sdb_changes(db), 10);
    st = prep(db, "DELETE FROM t WHERE d < ?");
    sdb_bind_double(st, 1, 5.0);
    assert_int_equal(sdb_step(st, &e), SDB_DONE);
    assert_int_equal(sdb_changes(db), 5);
    sdb_finalize(st);
    assert_int_equal(sdb_total_changes(db) - before, 15);
    sdb_close(db);
}

static void test_sums_and_changes(void **state)
{
    (void)state;
    const char *t[2];
    for (int i = 0, n = targets(t); i < n; i++)
        sums_and_changes_on(t[i]);
}

static void errors_and_txn_on(const char *target)
{
    struct sdb *db = open_fresh(target);
    exec_ok(db, T_TABLE);
    struct err e;
    struct sdb_stmt *st = NULL;
    err_clear(&e);
    assert_int_equal(sdb_prepare(db, "SELECT nope FROM nowhere", &st, &e), ST_DB);
    assert_null(st);
    assert_true(strlen(e.msg) > 0);
    /* a constraint error at step */
    exec_ok(db, "INSERT INTO t (u) VALUES ('one')");
    st = prep(db, "INSERT INTO t (u) VALUES (?)");
    sdb_bind_text(st, 1, "one");
    err_clear(&e);
    assert_int_equal(sdb_step(st, &e), SDB_ERROR);
    assert_int_equal(e.code, ST_DB);
    sdb_finalize(st);
    /* ON CONFLICT DO NOTHING inserts nothing and keeps the last id */
    st = NULL;
    assert_int_equal(sdb_prepare_insert(db,
                                        "INSERT INTO t (u) VALUES (?) ON CONFLICT (u) DO NOTHING",
                                        "id", &st, &e),
                     ST_OK);
    sdb_bind_text(st, 1, "two");
    assert_int_equal(sdb_step(st, &e), SDB_DONE);
    int64_t two = sdb_last_insert_id(db);
    assert_true(two > 1);
    sdb_reset(st);
    sdb_bind_text(st, 1, "one");
    assert_int_equal(sdb_step(st, &e), SDB_DONE);
    assert_int_equal(sdb_changes(db), 0);
    assert_true(sdb_last_insert_id(db) == two);
    sdb_finalize(st);
    /* several rows in one INSERT: the last one's id, as SQLite's rowid */
    st = NULL;
    assert_int_equal(sdb_prepare_insert(db,
                                        "INSERT INTO t (u) SELECT 'm' || CAST(id AS TEXT) FROM t "
                                        "WHERE u IS NOT NULL ORDER BY id",
                                        "id", &st, &e),
                     ST_OK);
    assert_int_equal(sdb_step(st, &e), SDB_DONE);
    assert_int_equal(sdb_changes(db), 2);
    assert_true(sdb_last_insert_id(db) == one_int(db, "SELECT MAX(id) FROM t"));
    assert_true(sdb_last_insert_id(db) > two);
    sdb_finalize(st);
    /* a bad bind index shows at the step */
    st = prep(db, "SELECT COUNT(*) FROM t WHERE id > ?");
    assert_int_not_equal(sdb_bind_i64(st, 5, 1), ST_OK);
    assert_int_equal(sdb_step(st, &e), SDB_ERROR);
    sdb_finalize(st);
    /* rollback forgets, commit keeps */
    assert_int_equal(sdb_begin(db, &e), ST_OK);
    exec_ok(db, "INSERT INTO t (u) VALUES ('gone')");
    sdb_rollback(db);
    assert_int_equal(one_int(db, "SELECT COUNT(*) FROM t WHERE u = 'gone'"), 0);
    assert_int_equal(sdb_begin(db, &e), ST_OK);
    exec_ok(db, "INSERT INTO t (u) VALUES ('kept')");
    assert_int_equal(sdb_commit(db, &e), ST_OK);
    assert_int_equal(one_int(db, "SELECT COUNT(*) FROM t WHERE u = 'kept'"), 1);
    /* the same statement text prepared twice at once (PostgreSQL: two server statements) */
    struct sdb_stmt *a = prep(db, "SELECT COUNT(*) FROM t WHERE id > ?");
    struct sdb_stmt *b = prep(db, "SELECT COUNT(*) FROM t WHERE id > ?");
    sdb_bind_i64(a, 1, 0);
    sdb_bind_i64(b, 1, 1000);
    assert_int_equal(sdb_step(a, &e), SDB_ROW);
    assert_int_equal(sdb_step(b, &e), SDB_ROW);
    assert_int_equal(sdb_column_i64(a, 0), 5);
    assert_int_equal(sdb_column_i64(b, 0), 0);
    sdb_finalize(a);
    sdb_finalize(b);
    sdb_close(db);
}

static void test_errors_and_transactions(void **state)
{
    (void)state;
    const char *t[2];
    for (int i = 0, n = targets(t); i < n; i++)
        errors_and_txn_on(t[i]);
}

/* store_step_row (store.c): a statement that must return a row and
 * returns none is an error with a message, not an empty ST_DB (the ported
 * readers returned ST_DB with no text when an aggregate came back empty). */
static void step_row_on(const char *target)
{
    struct sdb *db = open_fresh(target);
    exec_ok(db, T_TABLE);
    struct err e;
    err_clear(&e);
    struct sdb_stmt *st = prep(db, "SELECT id FROM t WHERE id = 1");
    assert_int_equal(store_step_row(st, "cannot read t", &e), ST_DB);
    assert_string_equal(e.msg, "cannot read t: the statement returned no row");
    sdb_finalize(st);
    exec_ok(db, "INSERT INTO t (id, i) VALUES (1, 2)");
    err_clear(&e);
    st = prep(db, "SELECT id FROM t WHERE id = 1");
    assert_int_equal(store_step_row(st, "cannot read t", &e), ST_OK);
    assert_int_equal(sdb_column_i64(st, 0), 1);
    sdb_finalize(st);
    sdb_close(db);
}

static void test_store_step_row(void **state)
{
    (void)state;
    const char *t[2];
    for (int i = 0, n = targets(t); i < n; i++)
        step_row_on(t[i]);
}

#define COPY_ROWS 5000

static void copy_on(const char *target)
{
    struct sdb *db = open_fresh(target);
    exec_ok(db, T_TABLE);
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_begin(db, &e), ST_OK);
    struct sdb_copy *c = NULL;
    if (sdb_copy_begin(db, "t", "id, i, d, s, b", 5, &c, &e) != ST_OK)
        fail_msg("copy begin: %s", e.msg);
    for (int k = 0; k < COPY_ROWS; k++) {
        unsigned char blob[192];
        blob_of(k % 6, blob);
        struct sdb_value v[5] = {
            {.type = SDB_INT, .i = k + 1},
            {.type = SDB_INT, .i = ints[k % 6]},
            {.type = SDB_FLOAT, .d = dbls[k % 6]},
            {.type = k % 7 == 6 ? SDB_NULL : SDB_TEXT, .s = texts[k % 6]},
            {.type = SDB_BLOB, .b = blob, .n = sizeof blob},
        };
        if (sdb_copy_row(c, v, &e) != ST_OK)
            fail_msg("copy row %d: %s", k, e.msg);
    }
    if (sdb_copy_end(c, &e) != ST_OK)
        fail_msg("copy end: %s", e.msg);
    assert_int_equal(sdb_commit(db, &e), ST_OK);
    assert_int_equal(one_int(db, "SELECT COUNT(*) FROM t"), COPY_ROWS);
    assert_int_equal(one_int(db, "SELECT COUNT(*) FROM t WHERE s IS NULL"), COPY_ROWS / 7);
    struct sdb_stmt *st = prep(db, "SELECT id, i, d, s, b FROM t WHERE id <= 6 ORDER BY id");
    for (int k = 0; k < 6; k++) {
        assert_int_equal(sdb_step(st, &e), SDB_ROW);
        check_row(st, k);
    }
    sdb_finalize(st);
    /* an abandoned copy leaves nothing once rolled back */
    assert_int_equal(sdb_begin(db, &e), ST_OK);
    assert_int_equal(sdb_copy_begin(db, "t", "i", 1, &c, &e), ST_OK);
    struct sdb_value one = {.type = SDB_INT, .i = 7};
    assert_int_equal(sdb_copy_row(c, &one, &e), ST_OK);
    sdb_copy_abort(c);
    sdb_rollback(db);
    assert_int_equal(one_int(db, "SELECT COUNT(*) FROM t"), COPY_ROWS);
    sdb_close(db);
}

static void test_copy(void **state)
{
    (void)state;
    const char *t[2];
    for (int i = 0, n = targets(t); i < n; i++)
        copy_on(t[i]);
}

/* Each "-- migration N:" block of schema.sql in order, in its own
 * transaction with the version recorded, as store.c applies them. */
static int apply_migrations(struct sdb *db)
{
    const char *marker = "-- migration ";
    int last = 0;
    for (const char *b = strstr(yosan_schema_sql, marker); b;) {
        int n = atoi(b + strlen(marker));
        const char *next = strstr(b + 1, marker);
        size_t len = next ? (size_t)(next - b) : strlen(b);
        if (n <= 0) { /* the header's "-- migration N:" */
            b = next;
            continue;
        }
        char *block = strndup(b, len), *sql = NULL;
        struct err e;
        err_clear(&e);
        assert_int_equal(sdb_schema_for(db->backend, block, &sql, &e), ST_OK);
        assert_int_equal(sdb_begin(db, &e), ST_OK);
        if (sdb_exec(db, sql, &e) != ST_OK || sdb_set_user_version(db, n, &e) != ST_OK)
            fail_msg("migration %d on %s: %s", n, db->backend == SDB_PG ? "pg" : "sqlite", e.msg);
        assert_int_equal(sdb_commit(db, &e), ST_OK);
        int v = -1;
        assert_int_equal(sdb_user_version(db, &v, &e), ST_OK);
        assert_int_equal(v, n);
        free(block);
        free(sql);
        last = n;
        b = next;
    }
    return last;
}

static void migrations_on(const char *target)
{
    struct sdb *db = open_fresh(target);
    struct err e;
    int v = -1;
    assert_int_equal(sdb_user_version(db, &v, &e), ST_OK);
    assert_int_equal(v, 0);
    int last = apply_migrations(db);
    assert_true(last >= 8);
    /* the identity continues after the explicit department 1 */
    struct sdb_stmt *st = NULL;
    assert_int_equal(
        sdb_prepare_insert(db, "INSERT INTO departments (name) VALUES (?)", "id", &st, &e), ST_OK);
    sdb_bind_text(st, 1, "建設局");
    if (sdb_step(st, &e) != SDB_DONE)
        fail_msg("insert department: %s", e.msg);
    assert_int_equal(sdb_last_insert_id(db), 2);
    sdb_finalize(st);
    /* micro-units past 2^31 fit */
    exec_ok(db, "INSERT INTO appropriations (fiscal_year, department, system, kind, decided, "
                "amount_e6, basis, note, file_name, file_line, sha256) VALUES (2026, 'x', '', "
                "'当初', '2026-04-01', 9000000000000000000, 'contract', '', 'f', 1, '')");
    assert_true(one_int(db, "SELECT SUM(amount_e6) FROM appropriations") == 9000000000000000000LL);
    sdb_close(db);
}

/* ---- streamed reads (sdb_prepare_stream: a cursor on PostgreSQL) ---- */

#define STREAM_ROWS 25003 /* two full batches of 10,000 and a partial one */

static struct sdb_stmt *prep_stream(struct sdb *db, const char *sql)
{
    struct sdb_stmt *st = NULL;
    struct err e;
    err_clear(&e);
    if (sdb_prepare_stream(db, sql, &st, &e) != ST_OK)
        fail_msg("prepare %s: %s", sql, e.msg);
    return st;
}

/* PostgreSQL: 1 when the connection is outside a transaction block (each
 * statement a transaction of its own, with its own transaction id). */
static int64_t pg_outside_txn(struct sdb *db)
{
    int64_t a = one_int(db, "SELECT txid_current()");
    return one_int(db, "SELECT txid_current()") != a;
}

static void stream_fill(struct sdb *db)
{
    exec_ok(db, T_TABLE);
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_begin(db, &e), ST_OK);
    struct sdb_copy *c = NULL;
    assert_int_equal(sdb_copy_begin(db, "t", "id, i, s, b", 4, &c, &e), ST_OK);
    for (int k = 1; k <= STREAM_ROWS; k++) {
        char text[32];
        snprintf(text, sizeof text, "row %d", k);
        unsigned char blob[4] = {(unsigned char)k, (unsigned char)(k >> 8), 0, 0xff};
        struct sdb_value v[4] = {{.type = SDB_INT, .i = k},
                                 {.type = SDB_INT, .i = (int64_t)k * 3},
                                 {.type = SDB_TEXT, .s = text},
                                 {.type = SDB_BLOB, .b = blob, .n = sizeof blob}};
        if (sdb_copy_row(c, v, &e) != ST_OK)
            fail_msg("copy row %d: %s", k, e.msg);
    }
    assert_int_equal(sdb_copy_end(c, &e), ST_OK);
    assert_int_equal(sdb_commit(db, &e), ST_OK);
}

static void check_stream_row(struct sdb_stmt *st, int k)
{
    char text[32];
    snprintf(text, sizeof text, "row %d", k);
    assert_int_equal(sdb_column_i64(st, 0), k);
    assert_int_equal(sdb_column_i64(st, 1), (int64_t)k * 3);
    assert_string_equal(sdb_column_text(st, 2), text);
    const unsigned char *b = sdb_column_blob(st, 3);
    assert_int_equal(sdb_column_bytes(st, 3), 4);
    assert_int_equal(b[0], (unsigned char)k);
    assert_int_equal(b[1], (unsigned char)(k >> 8));
    assert_int_equal(b[3], 0xff);
}

#define STREAM_SQL "SELECT id, i, s, b FROM t WHERE id >= ? ORDER BY id"

/* Every row in order across batches, with other statements - a lookup and
 * a second stream of the same SQL - run on the connection meanwhile. */
static void stream_all_rows(struct sdb *db)
{
    struct err e;
    err_clear(&e);
    struct sdb_stmt *st = prep_stream(db, STREAM_SQL);
    sdb_bind_i64(st, 1, 1);
    int k = 0;
    enum sdb_rc rc;
    while ((rc = sdb_step(st, &e)) == SDB_ROW) {
        check_stream_row(st, ++k);
        if (k % 5000 == 0 || k == 10001) { /* nested lookup, also just past a batch */
            struct sdb_stmt *q = prep(db, "SELECT COUNT(*) FROM t WHERE id <= ?");
            sdb_bind_i64(q, 1, k);
            assert_int_equal(sdb_step(q, &e), SDB_ROW);
            assert_int_equal(sdb_column_i64(q, 0), k);
            sdb_finalize(q);
        }
        if (k == 15000) { /* a nested stream of the same statement */
            struct sdb_stmt *in = prep_stream(db, STREAM_SQL);
            sdb_bind_i64(in, 1, 20000);
            for (int j = 20000; j < 20003; j++) {
                assert_int_equal(sdb_step(in, &e), SDB_ROW);
                check_stream_row(in, j);
            }
            sdb_finalize(in);
        }
        if (k == 1 && db->backend == SDB_PG)
            assert_int_equal(pg_outside_txn(db), 0); /* the cursor's own transaction */
    }
    if (rc != SDB_DONE)
        fail_msg("stream stopped at row %d: %s", k, e.msg);
    assert_int_equal(k, STREAM_ROWS);
    if (db->backend == SDB_PG) /* (SQLite would run it again: autoreset) */
        assert_int_equal(sdb_step(st, &e), SDB_DONE);
    /* reset: the same rows again, from the first */
    sdb_reset(st);
    assert_int_equal(sdb_step(st, &e), SDB_ROW);
    check_stream_row(st, 1);
    sdb_finalize(st); /* half read: the cursor and its transaction end */
    if (db->backend == SDB_PG)
        assert_int_equal(pg_outside_txn(db), 1);
}

/* Inside the caller's transaction: half read, finalized, the transaction
 * goes on and commits. */
static void stream_in_txn(struct sdb *db)
{
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_begin(db, &e), ST_OK);
    struct sdb_stmt *st = prep_stream(db, STREAM_SQL);
    sdb_bind_i64(st, 1, 1);
    for (int k = 1; k <= 12000; k++) {
        assert_int_equal(sdb_step(st, &e), SDB_ROW);
        check_stream_row(st, k);
    }
    sdb_finalize(st);
    exec_ok(db, "UPDATE t SET i = i WHERE id = 1");
    if (sdb_commit(db, &e) != ST_OK)
        fail_msg("commit after a stream: %s", e.msg);
    if (db->backend == SDB_PG)
        assert_int_equal(pg_outside_txn(db), 1);
}

/* An error in row 15000 (abs of the smallest integer: SQLite "integer
 * overflow", PostgreSQL "bigint out of range"; not constant, so not at
 * prepare) after the rows before it (PostgreSQL: the first batch's); then
 * the connection works. */
static void stream_error(struct sdb *db, int in_txn)
{
    struct err e;
    err_clear(&e);
    if (in_txn)
        assert_int_equal(sdb_begin(db, &e), ST_OK);
    struct sdb_stmt *st = prep_stream(
        db, "SELECT id, CASE WHEN id < 15000 THEN id ELSE abs(id - id - 9223372036854775807 - 1) "
            "END FROM t ORDER BY id");
    int k = 0;
    enum sdb_rc rc;
    while ((rc = sdb_step(st, &e)) == SDB_ROW)
        assert_int_equal(sdb_column_i64(st, 0), ++k);
    assert_int_equal(rc, SDB_ERROR);
    /* PostgreSQL: the failing FETCH returns none of its batch's rows */
    assert_int_equal(k, db->backend == SDB_PG ? 10000 : 14999);
    if (!strstr(e.msg, "overflow") && !strstr(e.msg, "out of range"))
        fail_msg("mid-scan error message: %s", e.msg);
    sdb_finalize(st);
    if (in_txn)
        sdb_rollback(db);
    assert_int_equal(one_int(db, "SELECT COUNT(*) FROM t"), STREAM_ROWS);
}

/* A parameter only typed by its retry as text (?1 IS NULL OR s = ?1,
 * sdb_pg_prepare): the cursor gets the type too. */
static void stream_untyped_param(struct sdb *db)
{
    struct err e;
    err_clear(&e);
    const char *want[2] = {NULL, "row 2"};
    for (int i = 0; i < 2; i++) {
        struct sdb_stmt *st = prep_stream(
            db, "SELECT id FROM t WHERE (?1 IS NULL OR s = ?1) AND id <= 3 ORDER BY id");
        sdb_bind_text(st, 1, want[i]);
        int n = 0;
        enum sdb_rc rc;
        while ((rc = sdb_step(st, &e)) == SDB_ROW)
            n++;
        if (rc != SDB_DONE)
            fail_msg("untyped parameter in a stream: %s", e.msg);
        assert_int_equal(n, want[i] ? 1 : 3);
        sdb_finalize(st);
    }
}

static void stream_on(const char *target)
{
    struct sdb *db = open_fresh(target);
    stream_fill(db);
    stream_all_rows(db);
    stream_in_txn(db);
    stream_untyped_param(db);
    stream_error(db, 0);
    stream_error(db, 1);
    sdb_close(db);
}

static void test_stream(void **state)
{
    (void)state;
    const char *t[2];
    for (int i = 0, n = targets(t); i < n; i++)
        stream_on(t[i]);
}

static void test_migrations(void **state)
{
    (void)state;
    const char *t[2];
    for (int i = 0, n = targets(t); i < n; i++)
        migrations_on(t[i]);
}

/* A refused login (wrong password in the password file): an error that
 * names neither the password nor anything from the password file. */
static void test_pg_auth_failure(void **state)
{
    (void)state;
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        return; /* SQLite only */
    const char *old = getenv("PGPASSFILE");
    char *saved = old ? strdup(old) : NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/wrong.pgpass", test_tmp_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("*:*:*:*:WrongPw4711\n", f);
    fclose(f);
    chmod(path, 0600);
    setenv("PGPASSFILE", path, 1);
    struct sdb *db = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_open(pg, 0, &db, &e), ST_DB);
    assert_null(db);
    assert_non_null(strstr(e.msg, "cannot connect to PostgreSQL"));
    if (strstr(e.msg, "WrongPw4711"))
        fail_msg("the password shows in: %s", e.msg);
    if (saved)
        setenv("PGPASSFILE", saved, 1);
    else
        unsetenv("PGPASSFILE");
    free(saved);
}

int main(void)
{
    snprintf(lite_path, sizeof lite_path, "%s/sdb.db", test_tmp_dir());
    const char *pg = getenv("YOSAN_TEST_PG");
    fprintf(stderr, "test_sdb: SQLite%s\n",
            pg && *pg ? " and PostgreSQL (YOSAN_TEST_PG)" : " only (YOSAN_TEST_PG unset)");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_backend_of),
        cmocka_unit_test(test_conninfo_passwords),
        cmocka_unit_test(test_scrub),
        cmocka_unit_test(test_schema_translation),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_sums_and_changes),
        cmocka_unit_test(test_errors_and_transactions),
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_store_step_row),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_pg_auth_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
