/*
 * pg_store_test.h - helpers shared by the unit tests that run the store on
 * SQLite and on a real PostgreSQL (YOSAN_TEST_PG) and compare what it
 * reads: a fresh schema per run, the connection string that selects it,
 * the test-only PostgreSQL open, and a text comparison that leaves both
 * sides on disk for a diff.
 */
#ifndef YOSAN_PG_STORE_TEST_H
#define YOSAN_PG_STORE_TEST_H

#include "store.h"

/* An empty schema on the server at conninfo (dropped first). */
void pg_test_fresh_schema(const char *schema, const char *conninfo);

/* base (YOSAN_TEST_PG) with schema as the search path: a URL takes it as a
 * parameter, a keyword string as a keyword. Caller frees. */
char *pg_test_conninfo(const char *schema, const char *base);

/* store_open(target); fails the test on an
 * error. Caller closes. */
struct store *pg_test_open_store(const char *target);

/* want (SQLite's) == got (PostgreSQL's), else both are written under the
 * test's temporary directory, named in the failure, for a diff. */
void pg_test_same_text(const char *got, const char *want, const char *label);

/* A store story run on one target (a SQLite path or a connection string):
 * the text of its reads halfway (*mid) and at the end (returned). Caller
 * frees both. */
typedef char *(*pg_test_story)(const char *target, char **mid);

/* Run story on a fresh SQLite file at lite_path and on a fresh schema of
 * the server YOSAN_TEST_PG names, and require both texts to be the same
 * (labels name the two comparisons). Skips the test (cmocka skip(),
 * reported as skipped) when YOSAN_TEST_PG is unset. */
void pg_test_same_story(const char *schema, const char *lite_path, pg_test_story story,
                        const char *mid_label, const char *end_label);

#endif
