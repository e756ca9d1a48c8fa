/*
 * test_store_metric_days.c - the packed day storage of metrics (table
 * metric_days, schema migration 5): hourly meaning kept across day blocks
 * (merging within an import even after the importer's block table was
 * flushed, replacing hours of an older import and keeping the others),
 * reads that start or end inside a day, and the migration that folds the
 * hourly table of schema 4 into days.
 */
#include "test_util.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_metrics.h"
#include "store_metrics.h"

extern const char yosan_schema_sql[]; /* engine/store/schema.sql, embedded */

#define VM_FMT                                                                                     \
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg/providers/"             \
    "microsoft.compute/virtualmachines/vm%05d"

static int64_t h0(void)
{
    return (int64_t)date_from_civil(2025, 4, 1) * 24;
}

/* A path in the test's temporary directory (one of 4 rotating static buffers). */
static const char *tmp_path(const char *name)
{
    static char paths[4][4096];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", test_tmp_dir(), name);
    return path;
}

static struct store *open_store(const char *path)
{
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    remove(path);
    assert_int_equal(store_open(path, &s, &e), ST_OK);
    return s;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void import_ok(struct store *s, const char *path, struct imp_metrics_result *r)
{
    struct err e;
    err_clear(&e);
    enum status st = imp_metrics_file(s, path, r, &e);
    if (st != ST_OK)
        fail_msg("import %s: %s", path, e.msg);
}

/* More series than the importer's block table holds (49,152 open day blocks),
 * sorted by time: hour 0 of every series, then hour 1, then a second sample
 * of hour 0 for the first VM. The table is flushed in between, so the days
 * are written, read back and merged within the same import. */
static void test_time_sorted_file_over_the_block_table(void **state)
{
    (void)state;
    enum { VMS = 25000 };
    const char *csv = tmp_path("time_sorted.csv");
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs("resource_id,timestamp,metric,value\n", f);
    char id[256];
    for (int hour = 0; hour < 2; hour++)
        for (int v = 0; v < VMS; v++) {
            snprintf(id, sizeof id, VM_FMT, v);
            fprintf(f, "%s,2025-04-01T%02d:00:00Z,Percentage CPU,%d\n", id, hour, (v + hour) % 100);
            fprintf(f, "%s,2025-04-01T%02d:10:00Z,Available Memory Bytes,%d\n", id, hour, 1000 + v);
        }
    snprintf(id, sizeof id, VM_FMT, 0);
    fprintf(f, "%s,2025-04-01T00:30:00Z,Percentage CPU,30\n", id);
    fclose(f);

    const char *db = tmp_path("time_sorted.db");
    struct store *s = open_store(db);
    struct imp_metrics_result r;
    import_ok(s, csv, &r);
    assert_int_equal(r.points, 4 * VMS + 1);
    assert_int_equal(r.hours, 4 * VMS); /* the repeated hour is merged, not counted twice */
    assert_int_equal(r.resources, VMS);

    struct err e;
    err_clear(&e);
    double avg[2], max[2];
    /* VM 0, hour 0: samples 0 (first flush) and 30 (after it) -> mean 15, max 30 */
    assert_int_equal(store_metrics_get(s, id, METRIC_CPU_PCT, h0(), 2, avg, max, &e), ST_OK);
    assert_rel_close(avg[0], 15.0, 1e-12);
    assert_rel_close(max[0], 30.0, 1e-12);
    assert_rel_close(avg[1], 1.0, 1e-12);
    snprintf(id, sizeof id, VM_FMT, VMS - 1);
    assert_int_equal(store_metrics_get(s, id, METRIC_MEM_AVAIL_BYTES, h0(), 2, avg, NULL, &e),
                     ST_OK);
    assert_rel_close(avg[0], 1000.0 + VMS - 1, 1e-12);
    assert_rel_close(avg[1], 1000.0 + VMS - 1, 1e-12);
    store_close(s);
    /* one row per series and day, holding both hours */
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM metric_days"), 2 * VMS);
    assert_int_equal(test_db_count(db, "SELECT SUM(hour_count) FROM metric_days"), 4 * VMS);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM metric_days WHERE hour_mask <> 3"), 0);
    remove(csv);
}

/* A newer import replaces only the hours it has; the rest of the day stays. */
static void test_newer_import_replaces_its_hours_only(void **state)
{
    (void)state;
    char id[256];
    snprintf(id, sizeof id, VM_FMT, 7);
    const char *a = tmp_path("day_a.csv"), *b = tmp_path("day_b.csv"), *c = tmp_path("day_c.csv");
    char text[8192];
    size_t off = (size_t)snprintf(text, sizeof text, "resource_id,timestamp,metric,value\n");
    for (int h = 0; h < 24; h++) /* the whole day at 10 + h, and hour 0 of the next day */
        off += (size_t)snprintf(text + off, sizeof text - off,
                                "%s,2025-04-01T%02d:00:00Z,Percentage CPU,%d\n", id, h, 10 + h);
    snprintf(text + off, sizeof text - off, "%s,2025-04-02T00:00:00Z,Percentage CPU,50\n", id);
    write_file(a, text);
    /* hours 5 and 6 again, given in JST (+09:00) */
    snprintf(text, sizeof text,
             "resource_id,timestamp,metric,value\n"
             "%s,2025-04-01T14:00:00+09:00,Percentage CPU,90\n"
             "%s,2025-04-01T15:00:00+09:00,Percentage CPU,80\n",
             id, id);
    write_file(b, text);
    /* hour 5 twice in one file: merged with each other, replacing b's */
    snprintf(text, sizeof text,
             "resource_id,timestamp,metric,value\n"
             "%s,2025-04-01T05:00:00Z,Percentage CPU,1\n"
             "%s,2025-04-01T05:30:00Z,Percentage CPU,3\n",
             id, id);
    write_file(c, text);

    const char *db = tmp_path("replace.db");
    struct store *s = open_store(db);
    struct imp_metrics_result r;
    import_ok(s, a, &r);
    assert_int_equal(r.hours, 25);
    import_ok(s, b, &r);
    assert_int_equal(r.hours, 2);
    struct err e;
    err_clear(&e);
    double avg[25], max[25];
    assert_int_equal(store_metrics_get(s, id, METRIC_CPU_PCT, h0(), 25, avg, max, &e), ST_OK);
    for (int h = 0; h < 24; h++) {
        double want = h == 5 ? 90 : h == 6 ? 80 : 10 + h;
        assert_rel_close(avg[h], want, 1e-12);
        assert_rel_close(max[h], want, 1e-12);
    }
    assert_rel_close(avg[24], 50.0, 1e-12);
    import_ok(s, c, &r);
    assert_int_equal(r.hours, 1);
    assert_int_equal(store_metrics_get(s, id, METRIC_CPU_PCT, h0(), 24, avg, max, &e), ST_OK);
    assert_rel_close(avg[5], 2.0, 1e-12);
    assert_rel_close(max[5], 3.0, 1e-12);
    assert_rel_close(avg[6], 80.0, 1e-12);
    assert_rel_close(avg[4], 14.0, 1e-12);

    /* reads that start and end inside a day, through both readers */
    assert_int_equal(store_metrics_get(s, id, METRIC_CPU_PCT, h0() + 20, 6, avg, NULL, &e), ST_OK);
    assert_rel_close(avg[0], 30.0, 1e-12);
    assert_rel_close(avg[3], 33.0, 1e-12);
    assert_rel_close(avg[4], 50.0, 1e-12);
    assert_true(isnan(avg[5]));
    struct store_metrics_reader *rd = NULL;
    assert_int_equal(store_metrics_reader_new(s, &rd, &e), ST_OK);
    double *avgs[METRIC_KIND_COUNT] = {0}, *maxs[METRIC_KIND_COUNT] = {0};
    avgs[METRIC_CPU_PCT] = avg;
    maxs[METRIC_CPU_PCT] = max;
    assert_int_equal(store_metrics_reader_load(rd, id, h0() + 4, 3, avgs, maxs, &e), ST_OK);
    assert_rel_close(avg[0], 14.0, 1e-12);
    assert_rel_close(avg[1], 2.0, 1e-12);
    assert_rel_close(max[1], 3.0, 1e-12);
    assert_rel_close(avg[2], 80.0, 1e-12);
    /* an unknown resource reads as no data */
    assert_int_equal(store_metrics_reader_load(rd, "/nope", h0(), 3, avgs, maxs, &e), ST_OK);
    assert_true(isnan(avg[0]) && isnan(max[2]));
    store_metrics_reader_free(rd);
    int64_t last = 0;
    assert_int_equal(store_metrics_last_hour(s, &last, &e), ST_OK);
    assert_int_equal(last, h0() + 24);
    store_close(s);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM metric_days"), 2);
    remove(a);
    remove(b);
    remove(c);
}

static void exec_ok(sqlite3 *d, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(d, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A schema-4 database (hourly metrics table) opened by this version. */
static void test_migration_folds_hourly_rows(void **state)
{
    (void)state;
    const char *db = tmp_path("v4.db");
    remove(db);
    sqlite3 *d = NULL;
    assert_int_equal(sqlite3_open(db, &d), SQLITE_OK);
    const char *cut = strstr(yosan_schema_sql, "-- migration 5");
    assert_non_null(cut);
    char *v4 = strndup(yosan_schema_sql, (size_t)(cut - yosan_schema_sql));
    assert_non_null(v4);
    exec_ok(d, v4);
    free(v4);
    exec_ok(d, "PRAGMA user_version = 4");
    exec_ok(d, "INSERT INTO imports (id, file_name, sha256, format, dataset, scope, row_count, "
               "imported_at) VALUES (1, 'a', 'a', 'metrics-csv', 'metrics', '', 3, 'x'), "
               "(2, 'b', 'b', 'metrics-csv', 'metrics', '', 1, 'y')");
    exec_ok(d, "INSERT INTO metric_resources (id, resource_id) VALUES (1, '/vm/a'), (2, '/vm/b')");
    char sql[1024];
    int64_t h = h0();
    /* vm a: hours 0-2 from import 1, hour 1 rewritten by import 2, hour 23
     * (the previous day) from import 1; vm b: a max-only hour with 3 samples */
    snprintf(sql, sizeof sql,
             "INSERT INTO metrics (resource_id, metric, hour, avg_value, max_value, samples, "
             "import_id) VALUES (1, 0, %lld, 10, 12, 1, 1), (1, 0, %lld, 20, 25, 2, 2), "
             "(1, 0, %lld, 30, 30, 1, 1), (1, 0, %lld, 5, 5, 1, 1), "
             "(2, 1, %lld, NULL, 7, 3, 1)",
             (long long)h, (long long)h + 1, (long long)h + 2, (long long)h - 1, (long long)h + 3);
    exec_ok(d, sql);
    sqlite3_close(d);

    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, &s, &e), ST_OK);
    assert_true(store_schema_version(s) >= 5); /* and every later migration */
    double avg[5], max[5];
    assert_int_equal(store_metrics_get(s, "/vm/a", METRIC_CPU_PCT, h - 1, 5, avg, max, &e), ST_OK);
    const double want_avg[5] = {5, 10, 20, 30, NAN}, want_max[5] = {5, 12, 25, 30, NAN};
    for (int k = 0; k < 5; k++) {
        if (isnan(want_avg[k])) {
            assert_true(isnan(avg[k]) && isnan(max[k]));
            continue;
        }
        assert_rel_close(avg[k], want_avg[k], 1e-12);
        assert_rel_close(max[k], want_max[k], 1e-12);
    }
    assert_int_equal(store_metrics_get(s, "/vm/b", METRIC_MEM_AVAIL_BYTES, h + 3, 1, avg, max, &e),
                     ST_OK);
    assert_true(isnan(avg[0]));
    assert_rel_close(max[0], 7.0, 1e-12);
    store_close(s);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'metrics'"),
                     0);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM metric_days"), 3);
    assert_int_equal(test_db_count(db, "SELECT SUM(hour_count) FROM metric_days"), 5);
    /* the day of vm a belongs to import 2 for hour 1 only */
    assert_int_equal(test_db_count(db, "SELECT import_mask FROM metric_days WHERE resource_id = 1 "
                                       "AND day = (SELECT MAX(day) FROM metric_days)"),
                     2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_sorted_file_over_the_block_table),
        cmocka_unit_test(test_newer_import_replaces_its_hours_only),
        cmocka_unit_test(test_migration_folds_hourly_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
