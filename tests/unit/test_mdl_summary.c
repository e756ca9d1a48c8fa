/*
 * test_mdl_summary.c - folding monthly cost cells into summary rows:
 * months -> fiscal years with a configurable start month, currencies kept
 * apart, exact sums, ordering; and the thousands-separator formatting.
 */
#include "test_util.h"

#include <string.h>

#include "date.h"
#include "mdl_summary.h"
#include "rpt_money.h"

static struct money amount(const char *s)
{
    struct money m;
    assert_int_equal(money_parse(s, strlen(s), &m), MONEY_OK);
    return m;
}

static const char *fmt6(struct money m)
{
    static char out[64];
    return money_format(m, 6, out, sizeof out);
}

/* Cells for key "総務局": JPY in 2025-03, 2025-04, 2026-03, 2026-04; USD in 2025-04. */
static struct cost_cell cell_data[] = {
    {"総務局", "JPY", 0, {0, 0}}, {"総務局", "JPY", 0, {0, 0}}, {"総務局", "JPY", 0, {0, 0}},
    {"総務局", "JPY", 0, {0, 0}}, {"総務局", "USD", 0, {0, 0}}, {"財政局", "JPY", 0, {0, 0}},
};

static struct cost_cells make_cells(void)
{
    cell_data[0].month = month_index(2025, 3);
    cell_data[0].cost = amount("100.000000000001");
    cell_data[1].month = month_index(2025, 4);
    cell_data[1].cost = amount("200.5");
    cell_data[2].month = month_index(2026, 3);
    cell_data[2].cost = amount("0.000000999999");
    cell_data[3].month = month_index(2026, 4);
    cell_data[3].cost = amount("7");
    cell_data[4].month = month_index(2025, 4);
    cell_data[4].cost = amount("1.25");
    cell_data[5].month = month_index(2025, 4);
    cell_data[5].cost = amount("1000");
    struct cost_cells c = {cell_data, sizeof cell_data / sizeof cell_data[0]};
    return c;
}

static void test_fold_fiscal_year_april(void **state)
{
    (void)state;
    struct cost_cells cells = make_cells();
    struct mdl_summary s;
    struct err e;
    assert_int_equal(mdl_summary_fold(&cells, MDL_FOLD_FISCAL_YEAR, 4, &s, &e), ST_OK);
    /* FY2024 (Mar 2025) JPY 100.000000000001; FY2025 JPY 200.5 + 0.000000999999 + 1000
     * and USD 1.25 kept apart; FY2026 JPY 7 */
    assert_int_equal(s.n, 4);
    assert_string_equal(s.v[0].key, "FY2024");
    assert_string_equal(fmt6(s.v[0].cost), "100.000000");
    assert_string_equal(s.v[1].key, "FY2025");
    assert_string_equal(s.v[1].currency, "JPY");
    char exact[64];
    assert_string_equal(money_format(s.v[1].cost, 12, exact, sizeof exact), "1200.500000999999");
    assert_string_equal(s.v[2].key, "FY2025");
    assert_string_equal(s.v[2].currency, "USD");
    assert_string_equal(fmt6(s.v[2].cost), "1.250000");
    assert_string_equal(s.v[3].key, "FY2026");
    assert_string_equal(fmt6(s.v[3].cost), "7.000000");
    mdl_summary_release(&s);
}

static void test_fold_fiscal_year_january(void **state)
{
    (void)state;
    struct cost_cells cells = make_cells();
    struct mdl_summary s;
    struct err e;
    /* calendar years: 2025 holds Mar + Apr 2025, 2026 holds Mar + Apr 2026 */
    assert_int_equal(mdl_summary_fold(&cells, MDL_FOLD_FISCAL_YEAR, 1, &s, &e), ST_OK);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[0].key, "FY2025");
    assert_string_equal(fmt6(s.v[0].cost), "1300.500000");
    assert_string_equal(s.v[1].currency, "USD");
    assert_string_equal(s.v[2].key, "FY2026");
    assert_string_equal(fmt6(s.v[2].cost), "7.000001");
    mdl_summary_release(&s);
    assert_int_equal(mdl_summary_fold(&cells, MDL_FOLD_FISCAL_YEAR, 13, &s, &e), ST_USAGE);
    mdl_summary_release(&s);
}

static void test_fold_month_and_key(void **state)
{
    (void)state;
    struct cost_cells cells = make_cells();
    struct mdl_summary s;
    struct err e;
    assert_int_equal(mdl_summary_fold(&cells, MDL_FOLD_MONTH, 4, &s, &e), ST_OK);
    assert_int_equal(s.n, 5); /* 2025-03, 2025-04 JPY, 2025-04 USD, 2026-03, 2026-04 */
    assert_string_equal(s.v[0].key, "2025-03");
    assert_string_equal(s.v[1].key, "2025-04");
    assert_string_equal(fmt6(s.v[1].cost), "1200.500000");
    assert_string_equal(s.v[2].currency, "USD");
    mdl_summary_release(&s);

    assert_int_equal(mdl_summary_fold(&cells, MDL_FOLD_KEY, 4, &s, &e), ST_OK);
    /* JPY rows by cost descending, then USD */
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[0].key, "財政局");
    assert_string_equal(s.v[1].key, "総務局");
    assert_string_equal(fmt6(s.v[1].cost), "307.500001");
    assert_string_equal(s.v[2].currency, "USD");

    struct mdl_summary t;
    assert_int_equal(mdl_summary_totals(&s, &t, &e), ST_OK);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.v[0].currency, "JPY");
    assert_string_equal(fmt6(t.v[0].cost), "1307.500001");
    assert_string_equal(t.v[1].currency, "USD");
    assert_string_equal(fmt6(t.v[1].cost), "1.250000");
    mdl_summary_release(&t);
    mdl_summary_release(&s);
}

static void test_fold_empty(void **state)
{
    (void)state;
    struct cost_cells cells = {NULL, 0};
    struct mdl_summary s;
    struct err e;
    assert_int_equal(mdl_summary_fold(&cells, MDL_FOLD_KEY, 4, &s, &e), ST_OK);
    assert_int_equal(s.n, 0);
    mdl_summary_release(&s);
}

static void test_grouped_format(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(rpt_money_grouped(amount("1234567.5"), 0, out, sizeof out), "1,234,568");
    assert_string_equal(rpt_money_grouped(amount("999"), 0, out, sizeof out), "999");
    assert_string_equal(rpt_money_grouped(amount("1000"), 2, out, sizeof out), "1,000.00");
    assert_string_equal(rpt_money_grouped(amount("-123456.789"), 2, out, sizeof out),
                        "-123,456.79");
    assert_string_equal(rpt_money_grouped(amount("0.4"), 0, out, sizeof out), "0");
    assert_int_equal(rpt_currency_decimals("JPY"), 0);
    assert_int_equal(rpt_currency_decimals("USD"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_fiscal_year_april),
        cmocka_unit_test(test_fold_fiscal_year_january),
        cmocka_unit_test(test_fold_month_and_key),
        cmocka_unit_test(test_fold_empty),
        cmocka_unit_test(test_grouped_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
