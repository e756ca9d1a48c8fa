/*
 * test_imp_metrics.c - metrics import: Azure Monitor JSON (grain folding,
 * network totals per hour), long CSV (offsets, case-insensitive ids),
 * all-or-nothing on bad input, idempotent re-import, newer data replacing.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_metrics.h"
#include "store_metrics.h"

#define VM1                                                                                        \
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-kenko/providers/"       \
    "Microsoft.Compute/virtualMachines/vm-web01"
#define DB1                                                                                        \
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-kenko/providers/"       \
    "microsoft.compute/virtualmachines/vm-db01"

static int64_t h0(void)
{
    return (int64_t)date_from_civil(2025, 4, 1) * 24;
}

static struct store *open_db(void)
{
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    return s;
}

static void test_json(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct err e;
    err_clear(&e);
    struct imp_metrics_result r;
    assert_int_equal(imp_metrics_sniff(test_data_path("metrics_vm1.json")), 1);
    assert_int_equal(imp_metrics_file(s, test_data_path("metrics_vm1.json"), &r, &e), ST_OK);
    assert_int_equal(r.duplicate, 0);
    assert_int_equal(r.points, 5); /* 3 CPU with data + 2 network; unknown metric skipped */
    assert_int_equal(r.hours, 3);
    assert_int_equal(r.resources, 1);
    double avg[3], max[3];
    assert_int_equal(store_metrics_get(s, VM1, METRIC_CPU_PCT, h0(), 3, avg, max, &e), ST_OK);
    assert_rel_close(avg[0], 15.0, 1e-12);
    assert_rel_close(max[0], 50.0, 1e-12);
    assert_rel_close(avg[1], 4.0, 1e-12);
    assert_rel_close(max[1], 8.0, 1e-12);
    assert_true(isnan(avg[2]) && isnan(max[2]));
    /* PT30M totals -> bytes per hour: mean of 2000 and 6000 = the hour's total */
    assert_int_equal(store_metrics_get(s, VM1, METRIC_NET_OUT_BYTES, h0(), 1, avg, NULL, &e),
                     ST_OK);
    assert_rel_close(avg[0], 4000.0, 1e-12);
    int64_t last;
    assert_int_equal(store_metrics_last_hour(s, &last, &e), ST_OK);
    assert_int_equal(last, h0() + 1);
    /* same bytes again: nothing changes */
    assert_int_equal(imp_metrics_file(s, test_data_path("metrics_vm1.json"), &r, &e), ST_OK);
    assert_int_equal(r.duplicate, 1);
    store_close(s);
}

static void test_csv(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct err e;
    err_clear(&e);
    struct imp_metrics_result r;
    assert_int_equal(imp_metrics_sniff(test_data_path("metrics_small.csv")), 1);
    assert_int_equal(imp_metrics_file(s, test_data_path("metrics_small.csv"), &r, &e), ST_OK);
    assert_int_equal(r.points, 4); /* the empty value is no data */
    assert_int_equal(r.hours, 3);
    double avg[2], max[2];
    /* stored lower-case, looked up in any case; +09:00 folds into the UTC hour */
    assert_int_equal(store_metrics_get(s, DB1, METRIC_CPU_PCT, h0(), 2, avg, max, &e), ST_OK);
    assert_rel_close(avg[0], 20.0, 1e-12);
    assert_rel_close(max[0], 30.0, 1e-12);
    assert_rel_close(avg[1], 5.0, 1e-12);
    assert_int_equal(store_metrics_get(s, DB1, METRIC_MEM_AVAIL_BYTES, h0(), 2, avg, NULL, &e),
                     ST_OK);
    assert_rel_close(avg[0], 4294967296.0, 1e-12);
    assert_true(isnan(avg[1]));
    char **ids;
    size_t n;
    assert_int_equal(store_metrics_resources(s, &ids, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], DB1);
    free(ids[0]);
    free(ids);
    store_close(s);
}

static void test_bad_input_changes_nothing(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct err e;
    err_clear(&e);
    struct imp_metrics_result r;
    assert_int_equal(imp_metrics_file(s, test_data_path("metrics_bad.csv"), &r, &e), ST_PARSE);
    assert_non_null(
        strstr(e.msg, "metrics_bad.csv:3: field 'value': expected a number, got 'abc'"));
    char **ids;
    size_t n;
    assert_int_equal(store_metrics_resources(s, &ids, &n, &e), ST_OK);
    assert_int_equal(n, 0);
    free(ids);
    int64_t last;
    assert_int_equal(store_metrics_last_hour(s, &last, &e), ST_NOTFOUND);
    store_close(s);
}

static void test_json_buffer_replace_and_errors(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct err e;
    err_clear(&e);
    struct imp_metrics_result r;
    const char *one = "{\"interval\":\"PT1H\",\"value\":[{\"id\":\"/x/vm/providers/"
                      "Microsoft.Insights/metrics/Percentage CPU\",\"name\":{\"value\":"
                      "\"Percentage CPU\"},\"timeseries\":[{\"data\":[{\"timeStamp\":"
                      "\"2025-04-01T00:00:00Z\",\"average\":50,\"maximum\":90}]}]}]}";
    const char *two = "{\"interval\":\"P1D\",\"value\":[{\"id\":\"/X/VM/providers/"
                      "microsoft.insights/metrics/Percentage CPU\",\"name\":{\"value\":"
                      "\"percentage cpu\"},\"timeseries\":[{\"data\":[{\"timeStamp\":"
                      "\"2025-04-01T00:00:00Z\",\"average\":7}]}]}]}";
    assert_int_equal(imp_metrics_json_buffer(s, "one", one, strlen(one), &r, &e), ST_OK);
    assert_int_equal(r.hours, 1);
    /* a newer import covering the same hour replaces it; P1D spreads over 24 hours */
    assert_int_equal(imp_metrics_json_buffer(s, "two", two, strlen(two), &r, &e), ST_OK);
    assert_int_equal(r.hours, 24);
    double avg[24], max[24];
    assert_int_equal(store_metrics_get(s, "/x/vm", METRIC_CPU_PCT, h0(), 24, avg, max, &e), ST_OK);
    for (int k = 0; k < 24; k++) {
        assert_rel_close(avg[k], 7.0, 1e-12);
        assert_rel_close(max[k], 7.0, 1e-12);
    }
    const char *bad = "{\"value\":[{\"id\":\"/x/vm2/providers/Microsoft.Insights/metrics/c\","
                      "\"name\":{\"value\":\"Percentage CPU\"},\"timeseries\":[{\"data\":["
                      "{\"timeStamp\":\"2025-04-02T00:00:00Z\",\"average\":5},"
                      "{\"timeStamp\":\"2025-04-02T01:00:00Z\",\"average\":150}]}]}]}";
    assert_int_equal(imp_metrics_json_buffer(s, "bad", bad, strlen(bad), &r, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "bad: Percentage CPU data[1]"));
    assert_int_equal(store_metrics_get(s, "/x/vm2", METRIC_CPU_PCT, h0() + 24, 1, avg, NULL, &e),
                     ST_OK);
    assert_true(isnan(avg[0]));
    assert_int_equal(imp_metrics_json_buffer(s, "junk", "{nope", 5, &r, &e), ST_PARSE);
    store_close(s);
}

/* metrics:getBatch: {"values": [{resourceid, interval, value: [...]}]} */
static void test_get_batch(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct err e;
    err_clear(&e);
    struct imp_metrics_result r;
    const char *batch =
        "{\"values\":[{\"resourceid\":\"/subscriptions/s/resourceGroups/g/providers/"
        "Microsoft.Compute/virtualMachines/a\",\"interval\":\"PT15M\",\"value\":[{\"name\":"
        "{\"value\":\"Available Memory Bytes\"},\"timeseries\":[{\"data\":["
        "{\"timeStamp\":\"2025-04-01T00:00:00Z\",\"average\":100},"
        "{\"timeStamp\":\"2025-04-01T00:15:00Z\",\"average\":300}]}]}]},"
        "{\"resourceid\":\"/subscriptions/s/resourceGroups/g/providers/"
        "Microsoft.Compute/virtualMachines/b\",\"interval\":\"PT1H\",\"value\":[{\"name\":"
        "{\"value\":\"Disk Read Operations/Sec\"},\"timeseries\":[{\"data\":["
        "{\"timeStamp\":\"2025-04-01T00:00:00Z\",\"total\":36,\"count\":12}]}]}]}]}";
    assert_int_equal(imp_metrics_json_buffer(s, "batch", batch, strlen(batch), &r, &e), ST_OK);
    assert_int_equal(r.resources, 2);
    assert_int_equal(r.hours, 2);
    double avg[1], max[1];
    assert_int_equal(store_metrics_get(s,
                                       "/subscriptions/s/resourcegroups/g/providers/"
                                       "microsoft.compute/virtualmachines/a",
                                       METRIC_MEM_AVAIL_BYTES, h0(), 1, avg, max, &e),
                     ST_OK);
    assert_rel_close(avg[0], 200.0, 1e-12);
    assert_rel_close(max[0], 300.0, 1e-12);
    assert_int_equal(store_metrics_get(s,
                                       "/SUBSCRIPTIONS/s/resourcegroups/g/providers/"
                                       "microsoft.compute/virtualmachines/b",
                                       METRIC_DISK_READ_OPS, h0(), 1, avg, NULL, &e),
                     ST_OK);
    assert_rel_close(avg[0], 3.0, 1e-12); /* total / count when there is no average */
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_bad_input_changes_nothing),
        cmocka_unit_test(test_json_buffer_replace_and_errors),
        cmocka_unit_test(test_get_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
