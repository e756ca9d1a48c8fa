/*
 * test_imp_metrics_storage.c - storage account and Log Analytics workspace
 * metrics (issue 15): UsedCapacity (hourly mean bytes), Transactions and
 * BillableDataGB (totals per grain, stored per hour), BlobCapacity read by
 * its Tier dimension (hot stored, other tiers skipped) with the
 * blobServices/default sub-resource stored under its account; a metric on
 * the wrong resource type fails the whole file; the CSV form takes the same
 * names (BlobCapacity:Hot for the hot tier).
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "imp_metrics.h"
#include "store_metrics.h"

#define ACCT "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1"
#define WS                                                                                         \
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/la1"

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

static double get_at(struct store *s, const char *rid, enum metric_kind k, int64_t hour)
{
    double avg[1];
    struct err e;
    err_clear(&e);
    assert_int_equal(store_metrics_get(s, rid, k, hour, 1, avg, NULL, &e), ST_OK);
    return avg[0];
}

static double get(struct store *s, const char *rid, enum metric_kind k)
{
    return get_at(s, rid, k, h0());
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(metric_kind_from_name("UsedCapacity", 12), METRIC_ST_USED_BYTES);
    assert_int_equal(metric_kind_from_name("transactions", 12), METRIC_ST_TRANSACTIONS);
    assert_int_equal(metric_kind_from_name("BlobCapacity:Hot", 16), METRIC_ST_HOT_BYTES);
    assert_int_equal(metric_kind_from_name("BlobCapacity", 12), -1); /* only with its tier */
    assert_int_equal(metric_kind_from_name("BillableDataGB", 14), METRIC_LA_BILLABLE_GB);
    assert_string_equal(metric_kind_name(METRIC_LA_BILLABLE_GB), "BillableDataGB");
    assert_true(metric_kind_is_per_hour_total(METRIC_ST_TRANSACTIONS));
    assert_true(metric_kind_is_per_hour_total(METRIC_LA_BILLABLE_GB));
    assert_false(metric_kind_is_per_hour_total(METRIC_ST_USED_BYTES));
    assert_false(metric_kind_is_percent(METRIC_ST_HOT_BYTES));
    assert_string_equal(metric_kind_resource_type(METRIC_ST_HOT_BYTES), "storageaccounts");
    assert_string_equal(metric_kind_resource_type(METRIC_LA_BILLABLE_GB), "workspaces");
    assert_null(metric_kind_resource_type(METRIC_CPU_PCT));
}

/* A metrics:getBatch body: the account's UsedCapacity and Transactions at
 * PT30M, its blob service's BlobCapacity by tier, a workspace's P1D total. */
static const char batch[] =
    "{\"values\":["
    "{\"interval\":\"PT30M\",\"value\":["
    "{\"id\":\"" ACCT "/providers/Microsoft.Insights/metrics/UsedCapacity\","
    "\"name\":{\"value\":\"UsedCapacity\"},\"timeseries\":[{\"data\":["
    "{\"timeStamp\":\"2025-04-01T00:00:00Z\",\"average\":1000},"
    "{\"timeStamp\":\"2025-04-01T00:30:00Z\",\"average\":3000}]}]},"
    "{\"id\":\"" ACCT "/providers/Microsoft.Insights/metrics/Transactions\","
    "\"name\":{\"value\":\"Transactions\"},\"timeseries\":[{\"data\":["
    "{\"timeStamp\":\"2025-04-01T00:00:00Z\",\"total\":40},"
    "{\"timeStamp\":\"2025-04-01T00:30:00Z\",\"total\":60}]}]}]},"
    "{\"interval\":\"PT1H\",\"value\":["
    "{\"id\":\"" ACCT "/blobServices/default/providers/Microsoft.Insights/metrics/BlobCapacity\","
    "\"name\":{\"value\":\"BlobCapacity\"},\"timeseries\":["
    "{\"metadatavalues\":[{\"name\":{\"value\":\"tier\"},\"value\":\"Cool\"}],"
    "\"data\":[{\"timeStamp\":\"2025-04-01T00:00:00Z\",\"average\":777}]},"
    "{\"metadatavalues\":[{\"name\":{\"value\":\"tier\"},\"value\":\"Hot\"}],"
    "\"data\":[{\"timeStamp\":\"2025-04-01T00:00:00Z\",\"average\":1500}]}]}]},"
    "{\"interval\":\"P1D\",\"value\":["
    "{\"id\":\"" WS "/providers/Microsoft.Insights/metrics/BillableDataGB\","
    "\"name\":{\"value\":\"BillableDataGB\"},\"timeseries\":[{\"data\":["
    "{\"timeStamp\":\"2025-04-01T00:00:00Z\",\"total\":48}]}]}]}]}";

static void test_json(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct imp_metrics_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_metrics_json_buffer(s, "batch.json", batch, strlen(batch), &r, &e), ST_OK);
    assert_int_equal(r.resources, 2); /* the blob service is its account */
    assert_rel_close(get(s, ACCT, METRIC_ST_USED_BYTES), 2000.0, 1e-12);
    assert_rel_close(get(s, ACCT, METRIC_ST_TRANSACTIONS), 100.0, 1e-12); /* per hour */
    assert_rel_close(get(s, ACCT, METRIC_ST_HOT_BYTES), 1500.0, 1e-12);   /* not the cool 777 */
    /* one day's 48 GB spread over its 24 hours */
    assert_rel_close(get(s, WS, METRIC_LA_BILLABLE_GB), 2.0, 1e-12);
    assert_rel_close(get_at(s, WS, METRIC_LA_BILLABLE_GB, h0() + 23), 2.0, 1e-12);
    store_close(s);
}

/* A storage metric on a VM id, a workspace metric on an account, a bad
 * sub-resource: exit 3's ST_PARSE, nothing stored. */
static void test_wrong_resource(void **state)
{
    (void)state;
    struct store *s = open_db();
    static const char *const rows[] = {
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1,"
        "2025-04-01T00:00:00Z,UsedCapacity,5\n",
        ACCT ",2025-04-01T00:00:00Z,BillableDataGB,5\n",
        ACCT "/fileServices/default,2025-04-01T00:00:00Z,Transactions,5\n",
        "/providers/Microsoft.Storage/storageAccounts/st1,2025-04-01T00:00:00Z,UsedCapacity,5\n",
    };
    char path[512];
    snprintf(path, sizeof path, "%s/st_bad.csv", test_tmp_dir());
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "resource_id,timestamp,metric,value\n%s,2025-04-01T00:00:00Z,UsedCapacity,9\n%s",
                ACCT, rows[i]);
        fclose(f);
        struct imp_metrics_result r;
        struct err e;
        err_clear(&e);
        assert_int_equal(imp_metrics_file(s, path, &r, &e), ST_PARSE);
        assert_non_null(strstr(e.msg, "st_bad.csv:3: field 'resource_id': expected a"));
        assert_true(isnan(get(s, ACCT, METRIC_ST_USED_BYTES))); /* nothing imported */
    }
    remove(path);
    store_close(s);
}

static void test_csv(void **state)
{
    (void)state;
    struct store *s = open_db();
    char path[512];
    snprintf(path, sizeof path, "%s/st_ok.csv", test_tmp_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "resource_id,timestamp,metric,value\n"
            "%s,2025-04-01T00:00:00Z,UsedCapacity,6000000000\n"
            "%s/blobServices/default,2025-04-01T00:00:00Z,BlobCapacity:Hot,5000000000\n"
            "%s,2025-04-01T00:00:00Z,Transactions,210\n"
            "%s,2025-04-01T00:00:00Z,BillableDataGB,4.5\n",
            ACCT, ACCT, ACCT, WS);
    fclose(f);
    struct imp_metrics_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_metrics_file(s, path, &r, &e), ST_OK);
    assert_rel_close(get(s, ACCT, METRIC_ST_USED_BYTES), 6e9, 1e-12);
    assert_rel_close(get(s, ACCT, METRIC_ST_HOT_BYTES), 5e9, 1e-12);
    assert_rel_close(get(s, ACCT, METRIC_ST_TRANSACTIONS), 210.0, 1e-12);
    assert_rel_close(get(s, WS, METRIC_LA_BILLABLE_GB), 4.5, 1e-12);
    assert_int_equal(imp_metrics_file(s, path, &r, &e), ST_OK);
    assert_int_equal(r.duplicate, 1);
    remove(path);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_wrong_resource),
        cmocka_unit_test(test_csv),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(test_tmp_dir());
    return rc;
}
