/*
 * test_util.c - shared unit-test helpers (see test_util.h).
 */
#include "test_util.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_rel_close(double actual, double expected, double rel_tol, const char *file, int line)
{
    double diff = fabs(actual - expected);
    double scale = fabs(expected) > 1e-300 ? fabs(expected) : 1.0;
    if (!(diff <= rel_tol * scale) || isnan(actual) != isnan(expected)) {
        print_error("%s:%d: %.17g is not within %g (relative) of %.17g\n", file, line, actual,
                    rel_tol, expected);
        _fail(file, line);
    }
}

const char *test_data_path(const char *name)
{
    static char path[4096];
    const char *dir = getenv("TEST_DATA_DIR");
#ifdef TEST_DATA_DIR
    if (!dir)
        dir = TEST_DATA_DIR;
#endif
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/data", name);
    return path;
}

const char *test_tmp_dir(void)
{
    static char dir[256];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/yosan-test-XXXXXX");
        if (!mkdtemp(dir))
            return "/tmp";
    }
    return dir;
}

int64_t test_db_count(const char *db, const char *sql)
{
    sqlite3 *d = NULL;
    assert_int_equal(sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(d, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(d);
    return v;
}
