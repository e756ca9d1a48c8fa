/*
 * test_imp_series.c - limits of the long-format series reader (found by
 * tests/fuzz/fuzz_series.c): extreme period indexes are refused instead of
 * overflowing the span, and a small file cannot make the reader allocate
 * more than IMP_SERIES_MAX_VALUES values over all its series.
 */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#include "imp_series.h"

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", test_tmp_dir(), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_extreme_indexes(void **state)
{
    (void)state;
    const char *p = write_file("extreme.csv", "series_id,period_index,value\n"
                                              "a,-9223372036854775808,1\n"
                                              "a,9223372036854775807,2\n");
    struct imp_series_set set;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_series_read(p, &set, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "series 'a' spans more than"));
    assert_int_equal(set.n, 0);
}

static void test_total_values_bounded(void **state)
{
    (void)state;
    /* five series of 10,000,000 periods each: 400 MB from a 134-byte file */
    char text[512] = "series_id,period_index,value\n";
    for (int i = 0; i < 5; i++) {
        char line[64];
        snprintf(line, sizeof line, "s%d,1,1\ns%d,10000000,2\n", i, i);
        strcat(text, line);
    }
    const char *p = write_file("wide.csv", text);
    struct imp_series_set set;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_series_read(p, &set, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "periods in all"));
    assert_int_equal(set.n, 0);
}

static void test_within_limits(void **state)
{
    (void)state;
    const char *p = write_file("ok.csv", "series_id,period_index,value\n"
                                         "a,-5,1\n"
                                         "a,-3,3\n"
                                         "b,9223372036854775807,4\n");
    struct imp_series_set set;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_series_read(p, &set, &e), ST_OK);
    assert_int_equal(set.n, 2);
    assert_int_equal(set.v[0].n, 3);
    assert_int_equal(set.v[0].first, -5);
    assert_int_equal(set.v[1].n, 1);
    imp_series_set_release(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extreme_indexes),
        cmocka_unit_test(test_total_values_bounded),
        cmocka_unit_test(test_within_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
