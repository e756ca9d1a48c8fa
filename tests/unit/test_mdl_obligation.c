/*
 * test_mdl_obligation.c - what a commitment still owes per fiscal year:
 * monthly payments running past the current fiscal year (a multi-year
 * obligation), up-front ones (nothing due), unknown terms, payments that
 * stopped, a start at the data's first month; and new commitments spread
 * over fiscal years with the 債務負担行為 flag.
 */
#include "test_util.h"

#include "date.h"
#include "mdl_obligation.h"

static void test_monthly_past_fy(void **state)
{
    (void)state;
    /* a 36-month reservation paid monthly from 2026-01; data to 2026-11 */
    int months[11];
    int64_t pay[11];
    for (int i = 0; i < 11; i++) {
        months[i] = month_index(2026, 1) + i;
        pay[i] = 30000;
    }
    struct mdl_obl_in in = {36,     months[0], months[10], month_index(2024, 4), months[10], 4,
                            months, pay,       11};
    struct mdl_obl_out o;
    mdl_obligation(&in, &o);
    assert_int_equal(o.payment, MDL_OBL_MONTHLY);
    assert_int_equal(o.start_month, month_index(2026, 1));
    assert_true(o.start_known);
    assert_int_equal(o.end_month, month_index(2028, 12));
    assert_int_equal(o.paid, 330000);
    assert_int_equal(o.first_fy, 2026);
    /* 2026-12..2027-03: 4, FY2027: 12, 2028-04..2028-12: 9 */
    assert_int_equal(o.remaining[0], 4 * 30000);
    assert_int_equal(o.remaining[1], 12 * 30000);
    assert_int_equal(o.remaining[2], 9 * 30000);
    assert_int_equal(o.remaining[3], 0);
    assert_int_equal(o.remaining_total, 25 * 30000);
    assert_true(o.beyond_fy);
}

static void test_upfront_and_unknown(void **state)
{
    (void)state;
    int m = month_index(2026, 4);
    int64_t pay = 354780;
    struct mdl_obl_in in = {
        12, m, month_index(2026, 11), month_index(2023, 12), month_index(2026, 11), 4, &m, &pay, 1};
    struct mdl_obl_out o;
    mdl_obligation(&in, &o);
    assert_int_equal(o.payment, MDL_OBL_UPFRONT);
    assert_int_equal(o.end_month, month_index(2027, 3));
    assert_int_equal(o.monthly, 29565);
    assert_int_equal(o.remaining_total, 0);
    assert_false(o.beyond_fy);
    assert_true(o.remaining_known);

    /* monthly without a term: the remaining payments are unknown */
    int ms[2] = {month_index(2026, 10), month_index(2026, 11)};
    int64_t ps[2] = {100, 100};
    struct mdl_obl_in u = {0, ms[0], ms[1], month_index(2023, 12), ms[1], 4, ms, ps, 2};
    mdl_obligation(&u, &o);
    assert_false(o.remaining_known);
    assert_int_equal(o.end_month, -1);

    /* payments that stopped before the data's end owe nothing */
    struct mdl_obl_in s = {36, ms[0], ms[1], month_index(2023, 12), month_index(2027, 2), 4,
                           ms, ps,    2};
    mdl_obligation(&s, &o);
    assert_int_equal(o.remaining_total, 0);

    /* seen from the data's first month: the start may be earlier */
    struct mdl_obl_in f = {36, ms[0], ms[1], ms[0], ms[1], 4, ms, ps, 2};
    mdl_obligation(&f, &o);
    assert_false(o.start_known);
}

static void test_new_commitment(void **state)
{
    (void)state;
    int64_t fy[MDL_OBL_FYS];
    /* 1 year from April: inside the fiscal year */
    assert_int_equal(mdl_obl_new_commitment(month_index(2027, 4), 12, 1000, 4, fy), 0);
    assert_int_equal(fy[0], 12000);
    assert_int_equal(fy[1], 0);
    /* 1 year from December: 4 months this FY, 8 the next: needs a 債務負担行為 */
    assert_int_equal(mdl_obl_new_commitment(month_index(2026, 12), 12, 1000, 4, fy), 1);
    assert_int_equal(fy[0], 4000);
    assert_int_equal(fy[1], 8000);
    /* 3 years from December 2026: FY2026..FY2029 */
    assert_int_equal(mdl_obl_new_commitment(month_index(2026, 12), 36, 10, 4, fy), 1);
    assert_int_equal(fy[0] + fy[1] + fy[2] + fy[3], 360);
    assert_int_equal(fy[3], 80);
    /* a calendar fiscal year (January) */
    assert_int_equal(mdl_obl_new_commitment(month_index(2027, 1), 12, 1, 1, fy), 0);
    assert_int_equal(mdl_obl_fiscal_year(month_index(2027, 3), 4), 2026);
    assert_int_equal(mdl_obl_fiscal_year(month_index(2027, 4), 4), 2027);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monthly_past_fy),
        cmocka_unit_test(test_upfront_and_unknown),
        cmocka_unit_test(test_new_commitment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
