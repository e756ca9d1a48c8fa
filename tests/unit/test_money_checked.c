/*
 * test_money_checked.c - checked whole-unit arithmetic (money_units_*) and
 * the what-if model using it: a total beyond int64 is an error naming the
 * item or alternative, never a wrapped (negative) total that ranks first
 * (issue 18, item 7).
 */
#include "test_util.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "imp_scenario.h"
#include "mdl_whatif.h"
#include "money.h"

static void test_add(void **state)
{
    (void)state;
    int64_t r = 7;
    assert_int_equal(money_units_add(2, 3, &r), ST_OK);
    assert_int_equal(r, 5);
    assert_int_equal(money_units_add(INT64_MAX - 1, 1, &r), ST_OK);
    assert_true(r == INT64_MAX);
    assert_int_equal(money_units_add(INT64_MIN, -0, &r), ST_OK);
    assert_true(r == INT64_MIN);
    r = 42;
    assert_int_equal(money_units_add(INT64_MAX, 1, &r), ST_NUMERIC);
    assert_int_equal(r, 42); /* untouched on overflow */
    assert_int_equal(money_units_add(INT64_MIN, -1, &r), ST_NUMERIC);
    assert_int_equal(money_units_add(INT64_MIN, INT64_MIN, &r), ST_NUMERIC);
    assert_int_equal(r, 42);
    /* a sum stays exact in place */
    int64_t sum = 0;
    assert_int_equal(money_units_add(sum, 4611686018427387904LL, &sum), ST_OK);
    assert_int_equal(money_units_add(sum, 4611686018427387903LL, &sum), ST_OK);
    assert_true(sum == INT64_MAX);
    assert_int_equal(money_units_add(sum, 1, &sum), ST_NUMERIC);
    assert_true(sum == INT64_MAX);
}

static void test_from_double(void **state)
{
    (void)state;
    int64_t r = 0;
    assert_int_equal(money_units_from_double(2.5, &r), ST_OK);
    assert_int_equal(r, 3); /* half away from zero */
    assert_int_equal(money_units_from_double(-2.5, &r), ST_OK);
    assert_int_equal(r, -3);
    assert_int_equal(money_units_from_double(1e18, &r), ST_OK);
    assert_true(r == 1000000000000000000LL);
    assert_int_equal(money_units_from_double(-9223372036854775808.0, &r), ST_OK);
    assert_true(r == INT64_MIN);
    assert_int_equal(money_units_from_double(9223372036854774784.0, &r), ST_OK); /* 2^63 - 1024 */
    assert_true(r == 9223372036854774784LL);
    r = 11;
    assert_int_equal(money_units_from_double(9223372036854775808.0, &r), ST_NUMERIC); /* 2^63 */
    assert_int_equal(money_units_from_double(-9223372036854777856.0, &r), ST_NUMERIC);
    assert_int_equal(money_units_from_double(1e300, &r), ST_NUMERIC);
    assert_int_equal(money_units_from_double(-1e300, &r), ST_NUMERIC);
    assert_int_equal(money_units_from_double(INFINITY, &r), ST_NUMERIC);
    assert_int_equal(money_units_from_double(-INFINITY, &r), ST_NUMERIC);
    assert_int_equal(money_units_from_double(NAN, &r), ST_NUMERIC);
    assert_int_equal(r, 11);
}

/* Run a scenario text; returns the status and leaves the message in e. */
static enum status run_text(const char *yaml, struct whatif_result *res, struct err *e)
{
    struct scenario s;
    err_clear(e);
    enum status st = imp_scenario_buffer("big.yaml", yaml, strlen(yaml), NULL, &s, e);
    assert_int_equal(st, ST_OK);
    st = mdl_whatif_run(&s, NULL, res, e);
    scenario_release(&s);
    return st;
}

#define HEAD                                                                                       \
    "name: big\n"                                                                                  \
    "start_fy: 2026\n"                                                                             \
    "years: 2\n"                                                                                   \
    "alternatives:\n"                                                                              \
    "  - name: keep\n"                                                                             \
    "    items:\n"                                                                                 \
    "      - type: labour\n"                                                                       \
    "        name: ops\n"                                                                          \
    "        hours_per_month: 10\n"                                                                \
    "        rate_per_hour: 5000\n"                                                                \
    "  - name: big\n" /* line 11 */                                                                \
    "    items:\n"

/* Every number within its range, but one item-year is 1e15 x 1e9 x 1e6. */
static void test_item_year_overflow(void **state)
{
    (void)state;
    struct whatif_result r;
    struct err e;
    assert_int_equal(run_text(HEAD "      - type: recurring\n" /* line 13 */
                                   "        name: storage\n"
                                   "        per_year: 1e15\n"
                                   "        quantity: 1e9\n"
                                   "        count: 1e6\n",
                              &r, &e),
                     ST_PARSE);
    assert_string_equal(e.msg, "big.yaml:13: item 'storage': other cost in FY2026 does not fit "
                               "in a total (at most 9223372036854775807 units); check the "
                               "item's numbers");
    assert_int_equal(r.nalts, 0); /* nothing half-filled is handed back */
}

/* Two items that fit alone overflow their category's sum. */
static void test_category_sum_overflow(void **state)
{
    (void)state;
    struct whatif_result r;
    struct err e;
    assert_int_equal(run_text(HEAD "      - type: recurring\n"
                                   "        name: a\n"
                                   "        per_year: 1e15\n"
                                   "        quantity: 5000\n"
                                   "      - type: recurring\n" /* line 17 */
                                   "        name: b\n"
                                   "        per_year: 1e15\n"
                                   "        quantity: 5000\n",
                              &r, &e),
                     ST_PARSE);
    assert_non_null(strstr(e.msg, "big.yaml:17: item 'b': other cost in FY2026 does not fit"));
}

/* Categories that fit alone overflow the year's total; years that fit alone
 * overflow the cumulative total. */
static void test_total_overflow(void **state)
{
    (void)state;
    struct whatif_result r;
    struct err e;
    assert_int_equal(run_text(HEAD "      - type: recurring\n"
                                   "        name: a\n"
                                   "        category: storage\n"
                                   "        per_year: 1e15\n"
                                   "        quantity: 5000\n"
                                   "      - type: recurring\n"
                                   "        name: b\n"
                                   "        category: network\n"
                                   "        per_year: 1e15\n"
                                   "        quantity: 5000\n",
                              &r, &e),
                     ST_PARSE);
    assert_string_equal(e.msg, "big.yaml:11: alternative 'big': the total of FY2026 does not fit "
                               "in a total (at most 9223372036854775807 units); check its items' "
                               "numbers");
    assert_int_equal(run_text(HEAD "      - type: recurring\n"
                                   "        name: a\n"
                                   "        per_year: 1e15\n"
                                   "        quantity: 5000\n",
                              &r, &e),
                     ST_PARSE);
    assert_non_null(
        strstr(e.msg, "alternative 'big': the cumulative total of FY2027 does not fit"));
}

/* The largest totals that fit are exact and ranked as they are. */
static void test_large_but_fitting(void **state)
{
    (void)state;
    struct whatif_result r;
    struct err e;
    assert_int_equal(run_text(HEAD "      - type: recurring\n"
                                   "        name: a\n"
                                   "        per_year: 1e15\n"
                                   "        quantity: 4000\n",
                              &r, &e),
                     ST_OK);
    assert_true(r.alts[1].years[0].total == 4000000000000000000LL);
    assert_true(r.alts[1].total == 8000000000000000000LL);
    assert_int_equal(r.alts[1].rank, 2);
    assert_int_equal(r.alts[0].rank, 1);
    whatif_result_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_from_double),
        cmocka_unit_test(test_item_year_overflow),
        cmocka_unit_test(test_category_sum_overflow),
        cmocka_unit_test(test_total_overflow),
        cmocka_unit_test(test_large_but_fitting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
