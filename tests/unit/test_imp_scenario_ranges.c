/*
 * test_imp_scenario_ranges.c - every numeric scenario field has a range
 * (docs/whatif.md, "Ranges"): a value beyond it, NaN or infinity is refused
 * with file:line and the field's name when the YAML is read (issue 18,
 * item 7), and the largest values inside the ranges are accepted.
 */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#include "imp_scenario.h"

/* One alternative holding one item whose fields start on line 8. */
static enum status parse_item(const char *fields, struct err *e)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name: r\n"
             "start_fy: 2026\n"
             "years: 3\n"
             "usd_jpy: 150\n"
             "alternatives:\n"
             "  - name: a\n"
             "    items:\n"
             "%s",
             fields);
    struct scenario s;
    err_clear(e);
    enum status st = imp_scenario_buffer("r.yaml", text, strlen(text), NULL, &s, e);
    scenario_release(&s);
    return st;
}

static void expect_bad(const char *fields, const char *msg)
{
    struct err e;
    assert_int_equal(parse_item(fields, &e), ST_PARSE);
    if (!strstr(e.msg, msg))
        fail_msg("expected '%s' in '%s'", msg, e.msg);
}

static void expect_good(const char *fields)
{
    struct err e;
    if (parse_item(fields, &e) != ST_OK)
        fail_msg("refused: %s", e.msg);
}

#define LABOUR "      - {type: labour, name: ops, hours_per_month: 10,\n"

static void test_rate_1e300(void **state)
{
    (void)state;
    expect_bad("      - type: labour\n"
               "        name: ops\n"
               "        hours_per_month: 10\n"
               "        rate_per_hour: 1e300\n",
               "r.yaml:11: field 'rate_per_hour': expected at most 1e+09, got '1e300'");
}

static void test_not_finite(void **state)
{
    (void)state;
    const char *bad[] = {"nan", "NaN", "inf", "-inf", "infinity", ".inf", ".nan", "1e999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char f[256];
        snprintf(f, sizeof f, LABOUR "         rate_per_hour: '%s'}\n", bad[i]);
        expect_bad(f, "field 'rate_per_hour': expected a non-negative number");
    }
}

static void test_each_range(void **state)
{
    (void)state;
    expect_bad("      - {type: recurring, name: x, per_month: 1.1e15}\n",
               "r.yaml:8: field 'per_month': expected at most 1e+15");
    expect_bad("      - {type: recurring, name: x, per_year: 2e15}\n", "field 'per_year'");
    expect_bad("      - {type: recurring, name: x, per_year: 1, quantity: 2e9}\n",
               "field 'quantity': expected at most 1e+09");
    expect_bad("      - {type: recurring, name: x, per_year: 1, count: 1000001}\n",
               "field 'count': expected at most 1e+06");
    expect_bad("      - {type: one_off, name: x, amount: 1e16}\n", "field 'amount'");
    expect_bad("      - {type: server, name: x, purchase_price: 1e16}\n", "field 'purchase_price'");
    expect_bad("      - {type: server, name: x, lease_per_month: 1e16, lease_years: 1}\n",
               "field 'lease_per_month'");
    expect_bad(LABOUR "         rate_per_hour: 1e10}\n", "field 'rate_per_hour'");
    expect_bad("      - {type: labour, name: x, hours_per_month: 1e7, rate_per_hour: 1}\n",
               "field 'hours_per_month': expected at most 1e+06");
    expect_bad("      - {type: vm, name: x, size: d2s_v5, price_per_hour: 1e10}\n",
               "field 'price_per_hour'");
    expect_bad("      - {type: paas, name: x, service: sql-database, vcores: 20000,\n"
               "         price_per_vcore_hour: 1}\n",
               "field 'vcores': expected at most 10000");
    expect_bad("      - {type: paas, name: x, service: sql-database, vcores: 2,\n"
               "         price_per_vcore_hour: 1e12}\n",
               "field 'price_per_vcore_hour'");
    expect_bad("      - {type: oracle, name: x, edition: ee, platform: onprem, cores: 8,\n"
               "         licence_price: 1e16}\n",
               "field 'licence_price'");
    expect_bad("      - {type: oracle, name: x, edition: ee, platform: onprem, cores: 8,\n"
               "         core_factor: 11}\n",
               "field 'core_factor': expected at most 10");
    expect_bad("      - {type: oracle, name: x, edition: ee, platform: oci, vcpus: 4,\n"
               "         licensing: included, included_price_per_hour: 1e10}\n",
               "field 'included_price_per_hour'");
    expect_bad("      - {type: oracle, name: x, edition: ee, platform: oci, vcpus: 4,\n"
               "         licensing: included, included_price_per_hour: 1,\n"
               "         hours_per_month: 731}\n",
               "field 'hours_per_month': expected at most 730");
}

/* sockets x cores_per_socket x count used to overflow an int (1024 x 1024 x 10000). */
static void test_oracle_cores(void **state)
{
    (void)state;
    expect_bad("      - {type: oracle, name: big, edition: ee, platform: onprem, sockets: 1024,\n"
               "         cores_per_socket: 1024, count: 10000}\n",
               "r.yaml:8: oracle item 'big': 10485760000 cores in total (x count 10000), more "
               "than 1000000");
    expect_bad("      - {type: oracle, name: big, edition: ee, platform: onprem, cores: 100000,\n"
               "         count: 11}\n",
               "1100000 cores in total");
    expect_good("      - {type: oracle, name: big, edition: ee, platform: onprem, cores: 100000,\n"
                "         count: 10}\n");
}

static void test_usd_jpy(void **state)
{
    (void)state;
    struct scenario s;
    struct err e;
    const char *text = "name: r\nstart_fy: 2026\nyears: 3\nusd_jpy: 1e5\nalternatives:\n"
                       "  - name: a\n    items:\n      - {type: one_off, name: x, amount: 1}\n";
    assert_int_equal(imp_scenario_buffer("r.yaml", text, strlen(text), NULL, &s, &e), ST_PARSE);
    assert_string_equal(e.msg, "r.yaml:4: field 'usd_jpy': expected at most 10000, got '1e5'");
}

static void test_largest_accepted(void **state)
{
    (void)state;
    expect_good("      - {type: recurring, name: x, per_month: 1e15, per_year: 1e15,\n"
                "         quantity: 1e9, count: 1e6}\n");
    expect_good("      - {type: labour, name: x, hours_per_month: 1e6, rate_per_hour: 1e9}\n");
    expect_good("      - {type: one_off, name: x, amount: 1000000000000000}\n");
    expect_good("      - {type: paas, name: x, service: sql-database, vcores: 10000,\n"
                "         price_per_vcore_hour: 1e9, price_per_hour: 1e9}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_1e300), cmocka_unit_test(test_not_finite),
        cmocka_unit_test(test_each_range), cmocka_unit_test(test_oracle_cores),
        cmocka_unit_test(test_usd_jpy),    cmocka_unit_test(test_largest_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
