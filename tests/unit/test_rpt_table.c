/*
 * test_rpt_table.c - the one table writer (reports/rpt_table.h,
 * rpt_text.c): short resource ids and their clashes, amounts grouped at the
 * column's decimals in the text table only, sections within a width that
 * repeat the first column and keep every cell, and the text table's
 * alignment measured in display columns.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_table.h"

/* Render t into a malloc'd string. */
static char *render(const struct rpt_table *t, enum rpt_format fmt, size_t width, int wide)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct rpt_text_opts o = {width, wide};
    struct err e = {0};
    assert_int_equal(rpt_table_write_opts(t, fmt, 0, &o, f, &e), ST_OK);
    fclose(f);
    return buf;
}

static void test_short_id(void **state)
{
    (void)state;
    char out[256];
    const char *id = "/subscriptions/s1/resourceGroups/rg-a/providers/Microsoft.Compute/"
                     "virtualMachines/vm-1";
    assert_string_equal(rpt_short_id(id, 0, out, sizeof out), "vm-1");
    assert_string_equal(rpt_short_id(id, 1, out, sizeof out), "rg-a/vm-1");
    /* lower-case ids as the store keeps them */
    assert_string_equal(rpt_short_id("/subscriptions/s/resourcegroups/rg-b/providers/"
                                     "microsoft.compute/disks/d1",
                                     1, out, sizeof out),
                        "rg-b/d1");
    /* not an ARM id: whole */
    assert_string_equal(rpt_short_id("vm-plain", 0, out, sizeof out), "vm-plain");
    assert_string_equal(rpt_short_id("a/b/c", 0, out, sizeof out), "a/b/c");
    assert_string_equal(rpt_short_id("/subscriptions/s1", 0, out, sizeof out), "/subscriptions/s1");
    /* truncation keeps a terminated string */
    assert_string_equal(rpt_short_id(id, 1, out, 5), "rg-a");
}

static void test_ids_and_clashes(void **state)
{
    (void)state;
    static const char *const h[] = {"resource", "cost"};
    static const enum rpt_col_type ty[] = {RPT_ID, RPT_AMOUNT};
    struct rpt_table t;
    assert_int_equal(rpt_table_init(&t, 2, h, ty), ST_OK);
    const char *rows[][2] = {
        {"/subscriptions/s/resourceGroups/rg-a/providers/P/virtualMachines/vm-x", "1"},
        {"/subscriptions/s/resourceGroups/rg-b/providers/P/virtualMachines/vm-x", "2"},
        {"/subscriptions/s/resourceGroups/rg-a/providers/P/virtualMachines/vm-y", "3"},
        /* the same resource twice is no clash */
        {"/subscriptions/s/resourceGroups/rg-c/providers/P/disks/d-1", "4"},
        {"/subscriptions/s/resourceGroups/rg-c/providers/P/disks/d-1", "5"},
    };
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(rpt_table_add(&t, rows[i]), ST_OK);
    char *s = render(&t, RPT_FMT_TABLE, 0, 0);
    assert_non_null(strstr(s, "\nrg-a/vm-x "));
    assert_non_null(strstr(s, "\nrg-b/vm-x "));
    assert_non_null(strstr(s, "\nvm-y "));
    assert_non_null(strstr(s, "\nd-1 "));
    assert_null(strstr(s, "/subscriptions/"));
    free(s);
    s = render(&t, RPT_FMT_TABLE, 0, 1); /* wide: whole */
    assert_non_null(strstr(s, "\n/subscriptions/s/resourceGroups/rg-b/providers/P/"));
    free(s);
    s = render(&t, RPT_FMT_CSV, 20, 0); /* CSV: whole, one block */
    assert_non_null(strstr(s, "\n/subscriptions/s/resourceGroups/rg-a/providers/P/virtualMachines/"
                              "vm-y,3\n"));
    free(s);
    rpt_table_release(&t);
}

static void test_amounts(void **state)
{
    (void)state;
    static const char *const h[] = {"name", "yen", "usd", "count"};
    static const enum rpt_col_type ty[] = {RPT_TEXT, RPT_AMOUNT, RPT_AMOUNT, RPT_NUM};
    struct rpt_table t;
    assert_int_equal(rpt_table_init(&t, 4, h, ty), ST_OK);
    rpt_table_set_decimals(&t, 2, 2);
    const char *r1[] = {"a", "40239133.219336", "1234567.125", "2027"};
    const char *r2[] = {"b", "-1500.5", "", "7"};
    const char *r3[] = {"c", "n/a", "0.004", "12345"};
    assert_int_equal(rpt_table_add(&t, r1), ST_OK);
    assert_int_equal(rpt_table_add(&t, r2), ST_OK);
    assert_int_equal(rpt_table_add(&t, r3), ST_OK);
    char *s = render(&t, RPT_FMT_TABLE, 0, 0);
    /* half away from zero at the column's decimals, grouped; RPT_NUM untouched */
    assert_non_null(strstr(s, "a     40,239,133  1,234,567.13   2027\n"));
    assert_non_null(strstr(s, "b         -1,501                    7\n"));
    assert_non_null(strstr(s, "c            n/a          0.00  12345\n"));
    /* headers of figures align right too */
    assert_non_null(strstr(s, "name         yen           usd  count\n"));
    free(s);
    s = render(&t, RPT_FMT_JSON, 0, 0); /* exact, bare numbers */
    assert_non_null(strstr(s, "\"yen\": 40239133.219336"));
    assert_non_null(strstr(s, "\"usd\": null"));
    free(s);
    s = render(&t, RPT_FMT_CSV, 0, 0);
    assert_non_null(strstr(s, "b,-1500.5,,7\n")); /* a negative figure is no formula */
    free(s);
    rpt_table_release(&t);
}

/* Every line of s no wider than width (ASCII here), and the cell texts all present. */
static void test_sections(void **state)
{
    (void)state;
    enum { NC = 9 };
    const char *h[NC] = {"局", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"};
    enum rpt_col_type ty[NC];
    for (size_t c = 0; c < NC; c++)
        ty[c] = c ? RPT_AMOUNT : RPT_TEXT;
    struct rpt_table t;
    assert_int_equal(rpt_table_init(&t, NC, h, ty), ST_OK);
    const char *r1[NC] = {"こども青少年局", "1000000", "2000000", "3000000", "4000000",
                          "5000000",        "6000000", "7000000", "8000000"};
    assert_int_equal(rpt_table_add(&t, r1), ST_OK);
    char *s = render(&t, RPT_FMT_TABLE, 40, 0);
    /* 14 columns for the name, 2 + 9 per figure: 2 figures per section of 40 */
    size_t sections = 0;
    for (const char *p = s; (p = strstr(p, "局 ")) != NULL; p++)
        sections += p == s || p[-1] == '\n';
    assert_int_equal(sections, 4);
    for (int k = 1; k <= 8; k++) {
        char want[16];
        snprintf(want, sizeof want, "%d,000,000", k);
        assert_non_null(strstr(s, want));
    }
    /* display width: the Japanese name is 14 columns wide, so every line <= 40 */
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        size_t w = rpt_display_width(line);
        assert_true(w <= 40);
    }
    free(s);
    /* a single column wider than the width still prints, alone in its section */
    s = render(&t, RPT_FMT_TABLE, 10, 0);
    assert_non_null(strstr(s, "8,000,000"));
    free(s);
    rpt_table_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_id),
        cmocka_unit_test(test_ids_and_clashes),
        cmocka_unit_test(test_amounts),
        cmocka_unit_test(test_sections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
