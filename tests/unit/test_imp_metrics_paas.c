/*
 * test_imp_metrics_paas.c - App Service plan and SQL database metrics (issue
 * 15): Azure Monitor responses with CpuPercentage, MemoryPercentage and
 * BytesReceived (serverfarms) and cpu_percent, dtu_consumption_percent,
 * storage_percent and connection_successful (databases) land in their kinds;
 * a percentage above 100 fails the whole file with its metric's own name and
 * leaves the store as it was; the CSV form takes the same names.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "imp_metrics.h"
#include "store_metrics.h"

#define PLAN  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/serverfarms/asp-1"
#define SQLDB "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sv/databases/db-1"

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

/* One metric's value[] entry with PT30M points at 00:00 and 00:30. */
static void metric(char *out, size_t n, const char *rid, const char *name, const char *p1,
                   const char *p2, int last)
{
    snprintf(out, n,
             "{\"id\":\"%s/providers/Microsoft.Insights/metrics/%s\",\"name\":{\"value\":\"%s\"},"
             "\"timeseries\":[{\"data\":[{\"timeStamp\":\"2025-04-01T00:00:00Z\",%s},"
             "{\"timeStamp\":\"2025-04-01T00:30:00Z\",%s}]}]}%s",
             rid, name, name, p1, p2, last ? "" : ",");
}

static double get(struct store *s, const char *rid, enum metric_kind k)
{
    double avg[1];
    struct err e;
    err_clear(&e);
    assert_int_equal(store_metrics_get(s, rid, k, h0(), 1, avg, NULL, &e), ST_OK);
    return avg[0];
}

static void test_plan_and_database(void **state)
{
    (void)state;
    struct store *s = open_db();
    char a[600], b[600], c[600], json[4096];
    metric(a, sizeof a, PLAN, "CpuPercentage", "\"average\":10,\"maximum\":30",
           "\"average\":20,\"maximum\":40", 0);
    metric(b, sizeof b, PLAN, "MemoryPercentage", "\"average\":60", "\"average\":70", 0);
    metric(c, sizeof c, PLAN, "BytesReceived", "\"total\":1000", "\"total\":3000", 1);
    snprintf(json, sizeof json, "{\"interval\":\"PT30M\",\"value\":[%s%s%s]}", a, b, c);
    struct imp_metrics_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_metrics_json_buffer(s, "plan.json", json, strlen(json), &r, &e), ST_OK);
    assert_int_equal(r.points, 6);
    assert_rel_close(get(s, PLAN, METRIC_CPU_PCT), 15.0, 1e-12);
    assert_rel_close(get(s, PLAN, METRIC_MEM_PCT), 65.0, 1e-12);
    /* PT30M totals -> per hour: the mean of 2000 and 6000 */
    assert_rel_close(get(s, PLAN, METRIC_NET_IN_BYTES), 4000.0, 1e-12);

    metric(a, sizeof a, SQLDB, "cpu_percent", "\"average\":5", "\"average\":7", 0);
    metric(b, sizeof b, SQLDB, "dtu_consumption_percent", "\"average\":40", "\"average\":50", 0);
    metric(c, sizeof c, SQLDB, "connection_successful", "\"total\":3", "\"total\":5", 1);
    char d[600];
    snprintf(d, sizeof d,
             ",{\"id\":\"%s/providers/Microsoft.Insights/metrics/s\",\"name\":{\"value\":"
             "\"storage_percent\"},\"timeseries\":[{\"data\":[{\"timeStamp\":"
             "\"2025-04-01T00:00:00Z\",\"average\":12.5}]}]}",
             SQLDB);
    snprintf(json, sizeof json, "{\"interval\":\"PT30M\",\"value\":[%s%s%s%s]}", a, b, c, d);
    assert_int_equal(imp_metrics_json_buffer(s, "db.json", json, strlen(json), &r, &e), ST_OK);
    assert_rel_close(get(s, SQLDB, METRIC_CPU_PCT), 6.0, 1e-12);
    assert_rel_close(get(s, SQLDB, METRIC_DTU_PCT), 45.0, 1e-12);
    assert_rel_close(get(s, SQLDB, METRIC_CONNECTIONS), 8.0, 1e-12); /* 8 per hour */
    assert_rel_close(get(s, SQLDB, METRIC_STORAGE_PCT), 12.5, 1e-12);
    assert_string_equal(metric_kind_name(METRIC_MEM_PCT), "MemoryPercentage");
    assert_int_equal(metric_kind_from_name("cpu_percent", 11), METRIC_CPU_PCT);
    assert_int_equal(metric_kind_from_name("CPUPERCENTAGE", 13), METRIC_CPU_PCT);
    store_close(s);
}

/* A MemoryPercentage of 120 fails the file, named by its own metric, and
 * nothing of the file is kept (its CPU points included). */
static void test_bad_percentage_all_or_nothing(void **state)
{
    (void)state;
    struct store *s = open_db();
    char a[600], b[600], json[2048];
    metric(a, sizeof a, PLAN, "CpuPercentage", "\"average\":10", "\"average\":20", 0);
    metric(b, sizeof b, PLAN, "MemoryPercentage", "\"average\":60", "\"average\":120", 1);
    snprintf(json, sizeof json, "{\"interval\":\"PT30M\",\"value\":[%s%s]}", a, b);
    struct imp_metrics_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_metrics_json_buffer(s, "bad.json", json, strlen(json), &r, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "bad.json: MemoryPercentage data[1]"));
    assert_non_null(strstr(e.msg, "percentage 0..100"));
    assert_true(isnan(get(s, PLAN, METRIC_CPU_PCT)));
    store_close(s);
}

static void test_csv_names(void **state)
{
    (void)state;
    struct store *s = open_db();
    char path[512];
    snprintf(path, sizeof path, "%s/paas_metrics.csv", test_tmp_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "resource_id,timestamp,metric,value\n"
            "%s,2025-04-01T00:00:00Z,CpuPercentage,33\n"
            "%s,2025-04-01T00:00:00Z,MemoryPercentage,44\n"
            "%s,2025-04-01T00:00:00Z,cpu_percent,55\n"
            "%s,2025-04-01T00:00:00Z,dtu_consumption_percent,101\n",
            PLAN, PLAN, SQLDB, SQLDB);
    fclose(f);
    struct imp_metrics_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_metrics_file(s, path, &r, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "paas_metrics.csv:5: field 'value': expected a percentage"));
    assert_true(isnan(get(s, PLAN, METRIC_CPU_PCT))); /* nothing imported */
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "resource_id,timestamp,metric,value\n"
            "%s,2025-04-01T00:00:00Z,CpuPercentage,33\n"
            "%s,2025-04-01T00:00:00Z,MemoryPercentage,44\n"
            "%s,2025-04-01T00:00:00Z,cpu_percent,55\n",
            PLAN, PLAN, SQLDB);
    fclose(f);
    assert_int_equal(imp_metrics_file(s, path, &r, &e), ST_OK);
    assert_rel_close(get(s, PLAN, METRIC_CPU_PCT), 33.0, 1e-12);
    assert_rel_close(get(s, PLAN, METRIC_MEM_PCT), 44.0, 1e-12);
    assert_rel_close(get(s, SQLDB, METRIC_CPU_PCT), 55.0, 1e-12);
    /* the same file again changes nothing */
    assert_int_equal(imp_metrics_file(s, path, &r, &e), ST_OK);
    assert_int_equal(r.duplicate, 1);
    remove(path);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_and_database),
        cmocka_unit_test(test_bad_percentage_all_or_nothing),
        cmocka_unit_test(test_csv_names),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(test_tmp_dir());
    return rc;
}
