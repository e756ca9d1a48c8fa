/*
 * test_imp_progress.c - the cost importer reports its progress through the
 * callback in struct imp_cost_options (the CLI draws the bar): START once,
 * READ after every chunk with growing offsets, DONE once, also on failure.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imp_cost.h"
#include "store.h"

struct seen {
    int start, read, done; /* events counted */
    int order_ok;          /* START first, DONE last, nothing after DONE */
    uint64_t last_offset;  /* offset of the last call */
    uint64_t size;         /* size of the last call */
    int64_t last_line;     /* line of the last call */
    int offsets_grow;      /* offsets never went back */
    char path[512];        /* path of the first call (valid during the call only) */
};

static void record(void *ctx, const struct imp_progress *p)
{
    struct seen *s = ctx;
    if (p->event == IMP_PROGRESS_START) {
        s->order_ok &= s->start == 0 && s->read == 0 && s->done == 0;
        s->start++;
        snprintf(s->path, sizeof s->path, "%s", p->path);
    } else if (p->event == IMP_PROGRESS_READ) {
        s->order_ok &= s->start == 1 && s->done == 0;
        s->read++;
    } else {
        s->order_ok &= s->start == 1 && s->done == 0;
        s->done++;
    }
    s->offsets_grow &= p->offset >= s->last_offset;
    s->last_offset = p->offset;
    s->size = p->size;
    s->last_line = p->line;
}

static void write_rows(const char *path, int rows, const char *bad_row)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("Date,SubscriptionId,Cost\n", f);
    for (int i = 0; i < rows; i++)
        fprintf(f, "2025-04-%02d,sub-%06d,%d.25\n", 1 + i % 28, i, i % 1000);
    if (bad_row)
        fputs(bad_row, f);
    assert_int_equal(fclose(f), 0);
}

static void test_events_over_a_large_file(void **state)
{
    (void)state;
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/progress.csv", test_tmp_dir());
    write_rows(path, 40000, NULL); /* about 1.2 MB: several 256 KiB chunks */
    struct seen seen = {.order_ok = 1, .offsets_grow = 1};
    struct imp_cost_options opt = {.progress = record, .progress_ctx = &seen};
    struct imp_cost_result res;
    assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_OK);
    assert_int_equal(res.rows, 40000);
    assert_int_equal(seen.start, 1);
    assert_int_equal(seen.done, 1);
    assert_true(seen.read >= 4);
    assert_true(seen.order_ok);
    assert_true(seen.offsets_grow);
    assert_true(seen.size > 1000000);
    assert_true(seen.last_offset == seen.size); /* read to the end */
    assert_true(seen.last_line >= 40001);
    assert_string_equal(seen.path, path);
    remove(path);
    store_close(s);
}

static void test_done_also_on_failure(void **state)
{
    (void)state;
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/progress-bad.csv", test_tmp_dir());
    write_rows(path, 10, "2025-04-30,sub-x,not-a-number\n");
    struct seen seen = {.order_ok = 1, .offsets_grow = 1};
    struct imp_cost_options opt = {.progress = record, .progress_ctx = &seen};
    struct imp_cost_result res;
    assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_PARSE);
    assert_int_equal(seen.start, 1);
    assert_int_equal(seen.done, 1);
    assert_true(seen.order_ok);
    remove(path);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_over_a_large_file),
        cmocka_unit_test(test_done_also_on_failure),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(test_tmp_dir());
    return rc;
}
