/*
 * test_date.c - civil dates, parsing of export date forms, fiscal years.
 */
#include "test_util.h"

#include <string.h>

#include "date.h"

static int32_t parse(const char *s)
{
    int32_t d = 0;
    assert_int_equal(date_parse(s, strlen(s), &d), 0);
    return d;
}

static void test_civil_roundtrip(void **state)
{
    (void)state;
    char out[DATE_ISO_LEN];
    assert_int_equal(date_from_civil(1970, 1, 1), 0);
    assert_string_equal(date_format(date_from_civil(2024, 2, 29), out), "2024-02-29");
    for (int32_t d = -800000; d < 800000; d += 37) {
        int y, m, dd;
        date_to_civil(d, &y, &m, &dd);
        assert_int_equal(date_from_civil(y, m, dd), d);
    }
    assert_int_equal(date_weekday(date_from_civil(2026, 11, 26)), 3); /* Thursday */
}

static void test_parse_forms(void **state)
{
    (void)state;
    int32_t sep4 = date_from_civil(2023, 9, 4);
    assert_int_equal(parse("09/04/2023"), sep4); /* US order, never 9 April */
    assert_int_equal(parse("2023-09-04"), sep4);
    assert_int_equal(parse("2023-09-04T00:00:00Z"), sep4);
    assert_int_equal(parse("2023-09-04 22:00:00"), sep4);
    assert_int_equal(parse("20230904"), sep4);
    assert_int_equal(parse("2023-09-04T10:00:00+09:00"), sep4); /* 01:00 UTC */
    assert_int_equal(parse("2023-09-04T05:00:00+09:00"), date_from_civil(2023, 9, 3));
    int32_t d;
    const char *bad[] = {"2023-02-30", "13/01/2023", "2023-9-4",
                         "yesterday",  "",           "2023-09-04T25:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(date_parse(bad[i], strlen(bad[i]), &d), -1);
}

static void test_timestamps(void **state)
{
    (void)state;
    int64_t t;
    char out[32];
    assert_int_equal(date_parse_ts("2025-04-11T08:38:00Z", 20, &t), 0);
    assert_string_equal(date_format_ts(t, out), "2025-04-11T08:38:00Z");
    assert_int_equal(date_parse_ts("2025-04-11T08:38:00+09:00", 25, &t), 0);
    assert_string_equal(date_format_ts(t, out), "2025-04-10T23:38:00Z");
}

static void test_fiscal_year(void **state)
{
    (void)state;
    assert_int_equal(fiscal_year_of(date_from_civil(2026, 4, 1), 4), 2026);
    assert_int_equal(fiscal_year_of(date_from_civil(2027, 3, 31), 4), 2026);
    assert_int_equal(fiscal_year_of(date_from_civil(2026, 3, 31), 4), 2025);
    assert_int_equal(fiscal_year_of(date_from_civil(2026, 1, 15), 1), 2026);
    int y, m;
    month_from_index(fiscal_year_first_month(2027, 4), &y, &m);
    assert_int_equal(y, 2027);
    assert_int_equal(m, 4);
    int idx;
    assert_int_equal(month_parse("2026-11", &idx), 0);
    assert_int_equal(month_days(idx), 30);
    assert_int_equal(month_parse("2026-13", &idx), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_roundtrip),
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_timestamps),
        cmocka_unit_test(test_fiscal_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
