/*
 * test_imp_metrics_bounds.c - what one metrics file may ask for (issue 18,
 * item 6): the ISO 8601 grain parser (Azure Monitor's forms accepted,
 * anything else or longer than 31 days refused without overflowing), a
 * 300-byte file asking for 87.6M hourly values refused before it writes
 * anything, and timestamps outside 2000-01-01 .. one year ahead refused in
 * JSON and CSV alike.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_metrics.h"
#include "store_metrics.h"

static void expect_duration(const char *s, int64_t seconds)
{
    struct err e;
    err_clear(&e);
    int64_t got = -1;
    if (imp_metrics_parse_duration(s, &got, &e) != ST_OK)
        fail_msg("'%s' refused: %s", s, e.msg);
    if (got != seconds)
        fail_msg("'%s': %lld seconds, expected %lld", s, (long long)got, (long long)seconds);
}

static void expect_no_duration(const char *s, const char *msg)
{
    struct err e;
    err_clear(&e);
    int64_t got = 12345;
    assert_int_equal(imp_metrics_parse_duration(s, &got, &e), ST_PARSE);
    assert_int_equal(got, 12345);
    if (!strstr(e.msg, msg))
        fail_msg("'%s': expected '%s' in '%s'", s, msg, e.msg);
}

static void test_azure_grains(void **state)
{
    (void)state;
    expect_duration("PT1M", 60);
    expect_duration("PT5M", 300);
    expect_duration("PT15M", 900);
    expect_duration("PT30M", 1800);
    expect_duration("PT1H", 3600);
    expect_duration("PT6H", 21600);
    expect_duration("PT12H", 43200);
    expect_duration("P1D", 86400);
    expect_duration("pt1h", 3600);
    expect_duration("P1DT12H", 129600);
    expect_duration("PT1H30M", 5400);
    expect_duration("PT30S", 30);
    expect_duration("PT0H5M", 300);
    expect_duration("P31D", 744 * 3600);
    expect_duration("PT744H", 744 * 3600);
    expect_duration("P30DT24H", 744 * 3600);
    expect_duration("P0031D", 744 * 3600);
}

static void test_too_long(void **state)
{
    (void)state;
    const char *msg = "is longer than 31 days (a point is spread over at most 744 hourly values)";
    expect_no_duration("P32D", msg);
    expect_no_duration("PT745H", msg);
    expect_no_duration("P31DT1S", msg);
    expect_no_duration("PT2678401S", msg);
    expect_no_duration("P3650000D", msg);
    /* these overflowed a signed multiply or the sum before */
    expect_no_duration("P999999999999999D", msg);
    expect_no_duration("P99999999999999999999999999D", msg);
    expect_no_duration("PT9223372036854775807S", msg);
    expect_no_duration("PT9223372036854775807H", msg);
    expect_no_duration("P1DT9223372036854775807S", msg);
}

static void test_malformed(void **state)
{
    (void)state;
    const char *bad[] = {"",        "P",     "PT",    "1H",    "T1H",    "P1",      "P1H",
                         "PT1D",    "P1DT",  "P1W",   "P1Y",   "P1M",    "PT1.5H",  "PT-1H",
                         "P-1D",    "PT+1H", "PT 1H", "PT1H ", "PT1H1H", "PT30M1H", "P1DT1HX",
                         "PT1HT1M", "P1D1D", "PTH",   "xPT1H", "PT1h30"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct err e;
        err_clear(&e);
        int64_t got = 7;
        if (imp_metrics_parse_duration(bad[i], &got, &e) != ST_PARSE)
            fail_msg("'%s' accepted as %lld seconds", bad[i], (long long)got);
        assert_int_equal(got, 7);
        assert_non_null(strstr(e.msg, "expected an ISO 8601 duration"));
    }
    expect_no_duration("PT0M", "duration 'PT0M' is zero");
    expect_no_duration("P0D", "is zero");
}

static struct store *open_db(void)
{
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    return s;
}

#define VM "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm1"

static enum status import_json(struct store *s, const char *interval, const char *ts,
                               struct imp_metrics_result *r, struct err *e)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"interval\":\"%s\",\"value\":[{\"id\":\"" VM
             "/providers/Microsoft.Insights/metrics/x\",\"name\":{\"value\":\"Percentage CPU\"},"
             "\"timeseries\":[{\"data\":[{\"timeStamp\":\"%s\",\"average\":5}]}]}]}",
             interval, ts);
    err_clear(e);
    return imp_metrics_json_buffer(s, "m.json", json, strlen(json), r, e);
}

static int64_t stored_hours(struct store *s)
{
    int64_t h = -1;
    struct err e;
    err_clear(&e);
    if (store_metrics_last_hour(s, &h, &e) == ST_NOTFOUND)
        return -1;
    return h;
}

/* The 300-byte file of the issue: refused at once, nothing stored. */
static void test_json_expansion(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct imp_metrics_result r;
    struct err e;
    assert_int_equal(import_json(s, "P3650000D", "2025-03-01T00:00:00Z", &r, &e), ST_PARSE);
    assert_string_equal(e.msg, "m.json: field 'interval': duration 'P3650000D' is longer than 31 "
                               "days (a point is spread over at most 744 hourly values)");
    assert_int_equal(import_json(s, "P999999999999999D", "2025-03-01T00:00:00Z", &r, &e), ST_PARSE);
    assert_int_equal(stored_hours(s), -1);
    /* the longest grain spreads one point over 744 hours */
    assert_int_equal(import_json(s, "P31D", "2025-03-01T00:00:00Z", &r, &e), ST_OK);
    assert_int_equal(r.hours, 744);
    assert_int_equal(stored_hours(s), (int64_t)date_from_civil(2025, 3, 1) * 24 + 743);
    store_close(s);
}

static void test_json_timestamps(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct imp_metrics_result r;
    struct err e;
    assert_int_equal(import_json(s, "PT1H", "1999-12-31T23:59:59Z", &r, &e), ST_PARSE);
    assert_string_equal(e.msg, "m.json: Percentage CPU data[0]: field 'timeStamp': "
                               "'1999-12-31T23:59:59Z' is before 2000-01-01");
    assert_int_equal(import_json(s, "PT1H", "2099-01-01T00:00:00Z", &r, &e), ST_PARSE);
    assert_string_equal(e.msg, "m.json: Percentage CPU data[0]: field 'timeStamp': "
                               "'2099-01-01T00:00:00Z' is more than 366 days in the future");
    assert_int_equal(import_json(s, "PT1H", "9999-12-31T23:00:00Z", &r, &e), ST_PARSE);
    assert_int_equal(stored_hours(s), -1);
    assert_int_equal(import_json(s, "PT1H", "2000-01-01T00:00:00Z", &r, &e), ST_OK);
    store_close(s);
}

static enum status import_csv(struct store *s, const char *ts, struct err *e)
{
    char path[512];
    snprintf(path, sizeof path, "%s/m.csv", test_tmp_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "resource_id,timestamp,metric,value\n" VM ",2025-03-01T00:00:00Z,Percentage CPU,1\n" VM
            ",%s,Percentage CPU,5\n",
            ts);
    fclose(f);
    struct imp_metrics_result r;
    err_clear(e);
    return imp_metrics_file(s, path, &r, e);
}

static void test_csv_timestamps(void **state)
{
    (void)state;
    struct store *s = open_db();
    struct err e;
    assert_int_equal(import_csv(s, "1970-01-01T00:00:00Z", &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "m.csv:3: field 'timestamp': '1970-01-01T00:00:00Z' is before "
                                  "2000-01-01"));
    assert_int_equal(import_csv(s, "2052-05-01T00:00:00+09:00", &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "m.csv:3: field 'timestamp': '2052-05-01T00:00:00+09:00' is "
                                  "more than 366 days in the future"));
    assert_int_equal(stored_hours(s), -1); /* all or nothing: line 2 was fine */
    assert_int_equal(import_csv(s, "2025-03-01T01:00:00Z", &e), ST_OK);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_azure_grains),    cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_malformed),       cmocka_unit_test(test_json_expansion),
        cmocka_unit_test(test_json_timestamps), cmocka_unit_test(test_csv_timestamps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
