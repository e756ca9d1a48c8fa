/*
 * pg_store_test.c - the helpers of pg_store_test.h. It opens a bare sdb
 * connection to make a schema, so it alone of the support code sees the
 * store's private statement layer (tests/CMakeLists.txt).
 */
#include "pg_store_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdb.h"
#include "test_util.h"

void pg_test_fresh_schema(const char *schema, const char *conninfo)
{
    struct sdb *db = NULL;
    struct err e;
    err_clear(&e);
    if (sdb_open(conninfo, 0, &db, &e) != ST_OK)
        fail_msg("open PostgreSQL: %s", e.msg);
    char sql[256];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", schema, schema);
    if (sdb_exec(db, sql, &e) != ST_OK)
        fail_msg("fresh schema: %s", e.msg);
    sdb_close(db);
}

char *pg_test_conninfo(const char *schema, const char *base)
{
    size_t n = strlen(base) + strlen(schema) + 64;
    char *c = malloc(n);
    assert_non_null(c);
    if (sdb_backend_of(base) == SDB_PG && strncmp(base, "postgres", 8) == 0)
        snprintf(c, n, "%s%coptions=-csearch_path%%3D%s", base, strchr(base, '?') ? '&' : '?',
                 schema);
    else
        snprintf(c, n, "%s options=-csearch_path=%s", base, schema);
    return c;
}

struct store *pg_test_open_store(const char *target)
{
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    if (store_open(target, &s, &e) != ST_OK)
        fail_msg("store_open_flags: %s", e.msg);
    return s;
}

void pg_test_same_text(const char *got, const char *want, const char *label)
{
    if (strcmp(got, want) == 0)
        return;
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/%s.sqlite.txt", test_tmp_dir(), label);
    snprintf(b, sizeof b, "%s/%s.pg.txt", test_tmp_dir(), label);
    FILE *f = fopen(a, "w"), *g = fopen(b, "w");
    if (f)
        fputs(want, f);
    if (g)
        fputs(got, g);
    if (f)
        fclose(f);
    if (g)
        fclose(g);
    fail_msg("%s: PostgreSQL differs from SQLite: diff %s %s", label, a, b);
}

void pg_test_same_story(const char *schema, const char *lite_path, pg_test_story story,
                        const char *mid_label, const char *end_label)
{
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        skip(); /* reported as skipped: YOSAN_TEST_PG unset */
    char *conninfo = pg_test_conninfo(schema, pg);
    remove(lite_path);
    char *lite_mid = NULL, *lite_end = story(lite_path, &lite_mid);
    pg_test_fresh_schema(schema, pg);
    char *pg_mid = NULL, *pg_end = story(conninfo, &pg_mid);
    pg_test_same_text(pg_mid, lite_mid, mid_label);
    pg_test_same_text(pg_end, lite_end, end_label);
    free(lite_mid);
    free(lite_end);
    free(pg_mid);
    free(pg_end);
    free(conninfo);
}
