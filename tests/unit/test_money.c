/*
 * test_money.c - exact decimal parsing, rounding and summing.
 */
#include "test_util.h"

#include <string.h>

#include "money.h"

static struct money parse_ok(const char *s, enum money_parse_result want)
{
    struct money m;
    assert_int_equal(money_parse(s, strlen(s), &m), want);
    return m;
}

static const char *fmt(struct money m, int d)
{
    static char out[64];
    return money_format(m, d, out, sizeof out);
}

static void test_parse_exact(void **state)
{
    (void)state;
    assert_string_equal(fmt(parse_ok("0.006000000468", MONEY_OK), 12), "0.006000000468");
    assert_string_equal(fmt(parse_ok("3.25", MONEY_OK), 6), "3.250000");
    assert_string_equal(fmt(parse_ok("-12.5", MONEY_OK), 2), "-12.50");
    assert_string_equal(fmt(parse_ok("+7", MONEY_OK), 0), "7");
    assert_string_equal(fmt(parse_ok("1.5E-05", MONEY_OK), 12), "0.000015000000");
    assert_string_equal(fmt(parse_ok("2.5e3", MONEY_OK), 1), "2500.0");
    assert_string_equal(fmt(parse_ok(".5", MONEY_OK), 1), "0.5");
    assert_string_equal(fmt(parse_ok("0.00000080000", MONEY_OK), 12), "0.000000800000");
    assert_string_equal(fmt(parse_ok("999999999999.5", MONEY_OK), 1), "999999999999.5");
}

static void test_parse_rounding(void **state)
{
    (void)state;
    /* 13th decimal: half-even at 10^-12 */
    assert_string_equal(fmt(parse_ok("0.0000000000005", MONEY_INEXACT), 12), "0.000000000000");
    assert_string_equal(fmt(parse_ok("0.0000000000015", MONEY_INEXACT), 12), "0.000000000002");
    assert_string_equal(fmt(parse_ok("0.00000000000051", MONEY_INEXACT), 12), "0.000000000001");
    assert_string_equal(fmt(parse_ok("19.545363672276512", MONEY_INEXACT), 12), "19.545363672277");
    assert_string_equal(fmt(parse_ok("1e-20", MONEY_INEXACT), 12), "0.000000000000");
}

static void test_parse_invalid(void **state)
{
    (void)state;
    struct money m;
    const char *bad[] = {"", "abc", "1.2.3", "1,5", "--1", "1e", " 1", "1 ", "NaN", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(money_parse(bad[i], strlen(bad[i]), &m), MONEY_INVALID);
    assert_int_equal(money_parse("1e30", 4, &m), MONEY_RANGE);
    assert_int_equal(money_parse("1000000000000", 13, &m), MONEY_RANGE);
}

static void test_negative_normalised(void **state)
{
    (void)state;
    struct money m = parse_ok("-0.000000000001", MONEY_OK);
    assert_int_equal(m.e6, -1);
    assert_int_equal(m.e12, 999999);
    assert_string_equal(fmt(m, 12), "-0.000000000001");
    assert_string_equal(fmt(parse_ok("-2.5", MONEY_OK), 0), "-3"); /* half away from zero */
    assert_int_equal(money_round_units(parse_ok("2.5", MONEY_OK)), 3);
    assert_int_equal(money_round_units(parse_ok("-2.4", MONEY_OK)), -2);
}

static void test_sum_is_exact(void **state)
{
    (void)state;
    /* 0.1 added a million times is exactly 100000 (a double drifts) */
    struct money tenth = parse_ok("0.1", MONEY_OK), sum = MONEY_ZERO;
    for (int i = 0; i < 1000000; i++)
        sum = money_add(sum, tenth);
    assert_string_equal(fmt(sum, 12), "100000.000000000000");
    /* parts summed separately then normalised, as SQL SUM() does */
    struct money a = parse_ok("0.000000999999", MONEY_OK);
    struct money t = money_normalize(a.e6 * 3, a.e12 * 3);
    assert_string_equal(fmt(t, 12), "0.000002999997");
    assert_int_equal(money_cmp(money_sub(t, a), money_add(a, a)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_exact),   cmocka_unit_test(test_parse_rounding),
        cmocka_unit_test(test_parse_invalid), cmocka_unit_test(test_negative_normalised),
        cmocka_unit_test(test_sum_is_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
