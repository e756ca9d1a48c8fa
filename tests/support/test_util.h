/*
 * test_util.h - helpers for the cmocka unit tests.
 *
 * Debian 12's cmocka 1.1.5 has no double comparison, so assert_rel_close()
 * compares with a relative tolerance, like gsl_test_rel (GSL fit/test.c).
 */
#ifndef YOSAN_TEST_UTIL_H
#define YOSAN_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

void test_rel_close(double actual, double expected, double rel_tol, const char *file, int line);
#define assert_rel_close(a, e, tol) test_rel_close((a), (e), (tol), __FILE__, __LINE__)

/* Path of a file under tests/data (static buffer, overwritten by the next call). */
const char *test_data_path(const char *name);
/* A fresh temporary directory for this test process (created once). */
const char *test_tmp_dir(void);
/* The first column of the first row of sql (a COUNT, a SUM) on the SQLite
 * file db, opened read-only; fails the test when it cannot be read. */
int64_t test_db_count(const char *db, const char *sql);

#endif
