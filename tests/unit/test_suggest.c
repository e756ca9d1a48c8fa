/*
 * test_suggest.c - did-you-mean (engine/suggest.c): distance over
 * characters, so a Japanese department name one character off is found,
 * and nothing far away is suggested.
 */
#include "test_util.h"

#include <string.h>

#include "suggest.h"

static void test_japanese_one_character_off(void **state)
{
    (void)state;
    const char *const d[] = {"建設局", "財政局", "健康局", "こども青少年局"};
    assert_string_equal(suggest_closest("財政", d, 4), "財政局");
    assert_string_equal(suggest_closest("財務局", d, 4), "財政局");
    assert_string_equal(suggest_closest("こども青年局", d, 4), "こども青少年局");
    assert_null(suggest_closest("存在しない局", d, 4));
    assert_null(suggest_closest("x", d, 4));
}

static void test_ascii_and_limits(void **state)
{
    (void)state;
    const char *const c[] = {"department", "month", "fiscal-year"};
    assert_string_equal(suggest_closest("departmnet", c, 3), "department");
    assert_string_equal(suggest_closest("mnth", c, 3), "month");
    assert_null(suggest_closest("service", c, 3));
    assert_null(suggest_closest("a", c, 0));
    char longw[200];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    const char *const l[] = {longw};
    assert_null(suggest_closest(longw, l, 1)); /* over 64 characters: no answer, no overflow */
    assert_null(suggest_closest("\xff\xfe", c, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_japanese_one_character_off),
        cmocka_unit_test(test_ascii_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
