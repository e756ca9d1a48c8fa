/*
 * test_terms.c - billing terms (issue 12 item 1): the exact ppm arithmetic
 * of money, the tax table by month (the 2019-10-01 boundary), per-service
 * markups with effective months, exempt services, the terms.yaml reader's
 * errors, cells put on a basis, and a budget line converted month by month.
 */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_terms.h"
#include "mdl_terms.h"
#include "terms.h"

static struct money m_of(const char *s)
{
    struct money m;
    assert_int_equal(money_parse(s, strlen(s), &m), MONEY_OK);
    return m;
}

static void assert_money(struct money m, const char *want)
{
    char b[64];
    assert_string_equal(money_format(m, 12, b, sizeof b), want);
}

static void test_money_ppm_and_rounding(void **state)
{
    (void)state;
    assert_money(money_mul_ppm(m_of("1005"), 80000), "80.400000000000");
    assert_money(money_mul_ppm(m_of("0.000000000001"), 1030000), "0.000000000001");
    assert_money(money_mul_ppm(m_of("-100"), 1030000), "-103.000000000000");
    assert_money(money_round_to(m_of("80.4"), 0, MONEY_FLOOR), "80.000000000000");
    assert_money(money_round_to(m_of("80.4"), 0, MONEY_CEIL), "81.000000000000");
    assert_money(money_round_to(m_of("80.5"), 0, MONEY_HALF_UP), "81.000000000000");
    assert_money(money_round_to(m_of("-80.5"), 0, MONEY_HALF_UP), "-81.000000000000");
    assert_money(money_round_to(m_of("-80.4"), 0, MONEY_FLOOR), "-81.000000000000");
    assert_money(money_round_to(m_of("1.005"), 2, MONEY_HALF_UP), "1.010000000000");
    assert_money(money_round_to(m_of("80"), 0, MONEY_CEIL), "80.000000000000");
}

static void test_tax_boundary(void **state)
{
    (void)state;
    struct terms t;
    struct err e = {0};
    assert_int_equal(terms_defaults(&t, &e), ST_OK);
    int32_t sep30, oct1;
    assert_int_equal(date_parse("2019-09-30", 10, &sep30), 0);
    assert_int_equal(date_parse("2019-10-01", 10, &oct1), 0);
    assert_true(terms_tax_ppm(&t, month_index_of(sep30)) == 80000);
    assert_true(terms_tax_ppm(&t, month_index_of(oct1)) == 100000);
    assert_true(terms_tax_ppm(&t, month_index(1989, 3)) == 0);
    assert_true(terms_tax_ppm(&t, month_index(1989, 4)) == 30000);
    assert_true(terms_tax_ppm(&t, month_index(2014, 3)) == 50000);
    assert_int_equal(terms_taxable(&t, "Virtual Machines"), 1);
    assert_true(terms_contract_ppm(&t, "Virtual Machines", month_index(2027, 4)) == 0);
    terms_release(&t);
}

static const char *const yaml = "tax:\n"
                                "  rates:\n"
                                "    - from: 2019-10-01\n"
                                "      percent: 10\n"
                                "  exempt: [Azure Marketplace]\n"
                                "contract:\n"
                                "  - percent: 3\n"
                                "    from: 2027-10-01\n"
                                "  - percent: -2.5\n"
                                "    service: Storage\n"
                                "    from: 2027-04-01\n"
                                "    to: 2027-09-30\n"
                                "rounding: round\n";

static void test_reader_and_lookups(void **state)
{
    (void)state;
    struct terms t;
    struct err e = {0};
    assert_int_equal(imp_terms_buffer("t.yaml", yaml, strlen(yaml), &t, &e), ST_OK);
    assert_int_equal(t.ntax, 1);
    assert_int_equal(t.rounding, MONEY_HALF_UP);
    assert_int_equal(terms_taxable(&t, "Azure Marketplace"), 0);
    int sep = month_index(2027, 9), oct = month_index(2027, 10);
    /* the overall markup starts mid-year; the Storage row ends before it */
    assert_true(terms_contract_ppm(&t, "Virtual Machines", sep) == 0);
    assert_true(terms_contract_ppm(&t, "Virtual Machines", oct) == 30000);
    assert_true(terms_contract_ppm(&t, "Storage", sep) == -25000);
    assert_true(terms_contract_ppm(&t, "Storage", oct) == 30000);
    assert_true(terms_tax_ppm(&t, month_index(2019, 9)) == 0); /* this file has no 8 % row */
    terms_release(&t);
}

static void expect_error(const char *text, const char *want)
{
    struct terms t;
    struct err e = {0};
    assert_int_equal(imp_terms_buffer("bad.yaml", text, strlen(text), &t, &e), ST_PARSE);
    if (!strstr(e.msg, want))
        fail_msg("'%s' not in '%s'", want, e.msg);
    assert_null(t.tax); /* released */
}

static void test_reader_errors(void **state)
{
    (void)state;
    expect_error("contract:\n  - percent: 3.12345\n", "bad.yaml:2: field 'percent'");
    expect_error("contract:\n  - percent: 1001\n", "expected -99.9999 to 1000");
    expect_error("contract:\n  - percent: 3\n    to: 2027-04-01\n",
                 "bad.yaml:3: field 'to': expected the last day of a month");
    expect_error("contract:\n  - percent: 3\n    from: 2027-05-01\n    to: 2027-04-30\n",
                 "field 'to': before 'from'");
    expect_error("tax:\n  rates:\n    - from: 2019-10-01\n      percent: 101\n",
                 "field 'percent': expected 0 to 100");
    expect_error("tax:\n  exempt: [\"\"]\n", "field 'exempt': expected service names");
    expect_error("- 1\n", "terms: expected a mapping");
    expect_error("contract:\n  - percent: 3\n    service: VM\n  - percent: 4\n    service: VM\n",
                 "contract rows 1 and 2 both apply to VM");
}

static struct cost_cell cell(const char *key, int month, const char *amount)
{
    return (struct cost_cell){(char *)key, (char *)"JPY", month, m_of(amount)};
}

static void test_cells_on_basis(void **state)
{
    (void)state;
    struct terms t;
    struct err e = {0};
    assert_int_equal(imp_terms_buffer("t.yaml", yaml, strlen(yaml), &t, &e), ST_OK);
    int oct = month_index(2027, 10);
    struct cost_cell v[] = {
        cell("A\x1fVirtual Machines", oct, "1000"),
        cell("A\037Azure Marketplace", oct, "100"),
        cell("B\x1fStorage", oct, "10.5"),
    };
    struct cost_cells in = {v, 3}, out;
    assert_int_equal(mdl_terms_cells(&in, &t, TERMS_BASIS_CONTRACT_TAX, &out, &e), ST_OK);
    assert_int_equal(out.n, 2);
    assert_string_equal(out.v[0].key, "A");
    /* 1030 + 103 (VM) + 103 untaxed (Marketplace) */
    assert_money(out.v[0].cost, "1236.000000000000");
    /* 10.815 + round(1.0815) = 11.815 */
    assert_money(out.v[1].cost, "11.815000000000");
    cost_cells_release(&out);
    assert_int_equal(mdl_terms_cells(&in, &t, TERMS_BASIS_LIST, &out, &e), ST_OK);
    assert_money(out.v[0].cost, "1100.000000000000");
    cost_cells_release(&out);
    /* the mix-weighted rates of A in October: (1000*1.03 + 100*1.03) / 1100 */
    int64_t c, x;
    struct cost_cells mix = {v, 3};
    mdl_terms_rates(&t, &mix, "A", oct, oct, oct, &c, &x);
    assert_true(c == 30000);
    assert_true(x == 90909); /* 10 % on 1000/1100 of the contract amount */
    terms_release(&t);
}

static void test_budget_line_on_basis(void **state)
{
    (void)state;
    struct budget_line L;
    memset(&L, 0, sizeof L);
    struct mdl_terms_line_rates r;
    memset(&r, 0, sizeof r);
    for (int k = 0; k < 12; k++) {
        L.monthly[k] = L.monthly_p50[k] = 1000 + k;
        L.lo80[k] = L.lo95[k] = 900;
        L.hi80[k] = L.hi95[k] = 1100;
        L.annual[0] += L.monthly_p50[k];
        r.cppm[k] = k < 6 ? 0 : 30000; /* a 3 % markup from the 7th month */
        r.tppm[k] = 100000;
    }
    L.annual[1] = L.annual[0] + 1000;
    L.annual[2] = L.annual[0] + 2000;
    L.budget = L.annual[0];
    L.last_fy = 10000;
    r.last_tppm = 100000;
    mdl_terms_budget_line(&L, &r, BUDGET_P50, TERMS_BASIS_CONTRACT_TAX, MONEY_FLOOR);
    int64_t sum = 0;
    for (int k = 0; k < 12; k++) {
        int64_t c = k < 6 ? 1000 + k : (1000 + k) * 103 / 100;
        assert_true(L.monthly[k] == c + c / 10);
        sum += L.monthly[k];
    }
    assert_true(L.budget == sum);
    assert_true(L.annual[0] == sum);
    assert_true(L.last_fy == 11000);
    assert_true(L.annual[1] > L.annual[0] && L.annual[2] > L.annual[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_ppm_and_rounding), cmocka_unit_test(test_tax_boundary),
        cmocka_unit_test(test_reader_and_lookups),     cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_cells_on_basis),         cmocka_unit_test(test_budget_line_on_basis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
