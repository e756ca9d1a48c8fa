/*
 * test_prices.c - Retail Prices pages: consumption vs reservation (whole-term
 * price) vs savings plan, Linux preferred over Windows, Spot skipped,
 * duplicate pages, malformed items; and the bundled VM catalogue.
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "date.h"
#include "imp_cost.h"
#include "imp_prices.h"
#include "mdl_vmcat.h"
#include "store_prices.h"

static void test_page(void **state)
{
    (void)state;
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct imp_prices_result r;
    assert_int_equal(imp_prices_sniff(test_data_path("prices_page.json")), 1);
    assert_int_equal(imp_prices_sniff(test_data_path("metrics_vm1.json")), 0);
    assert_int_equal(imp_prices_file(s, test_data_path("prices_page.json"), &r, &e), ST_OK);
    assert_int_equal(r.items, 7);
    assert_int_equal(r.stored,
                     7); /* 2 payg + 2 sp + 2 ri + 1 windows payg; spot and disk skipped */
    assert_non_null(strstr(r.next_page, "$skip=100"));

    struct vm_price p;
    assert_int_equal(store_price_vm(s, "standard_d4s_v5", "JapanEast", "JPY", &p, &e), ST_OK);
    assert_string_equal(p.currency, "JPY");
    assert_rel_close(p.payg_hourly, 34.0, 1e-12); /* linux, not windows 60, not spot 6.8 */
    assert_rel_close(p.ri1y_hourly, 178704.0 / 8760.0, 1e-12);
    assert_rel_close(p.ri3y_hourly, 344560.0 / 26280.0, 1e-12);
    assert_rel_close(p.sp1y_hourly, 23.8, 1e-12);
    assert_rel_close(p.sp3y_hourly, 17.0, 1e-12);
    assert_int_equal(p.from_own_costs, 0);
    /* a reservation is cheaper per hour than pay-as-you-go once the term is spread */
    assert_true(p.ri3y_hourly < p.ri1y_hourly && p.ri1y_hourly < p.payg_hourly);

    assert_int_equal(store_price_vm(s, "Standard_D2s_v5", NULL, "JPY", &p, &e), ST_OK);
    assert_rel_close(p.payg_hourly, 17.0, 1e-12);
    assert_true(isnan(p.ri1y_hourly));
    assert_int_equal(store_price_vm(s, "Standard_E2s_v5", NULL, "JPY", &p, &e), ST_NOTFOUND);

    /* the same page again changes nothing */
    assert_int_equal(imp_prices_file(s, test_data_path("prices_page.json"), &r, &e), ST_OK);
    assert_int_equal(r.duplicate, 1);

    /* a malformed item rolls its page back */
    const char *bad = "{\"Items\":[{\"serviceName\":\"Virtual Machines\",\"armSkuName\":"
                      "\"Standard_E2s_v5\",\"armRegionName\":\"japaneast\",\"currencyCode\":"
                      "\"JPY\",\"type\":\"Consumption\",\"unitOfMeasure\":\"1 Hour\","
                      "\"retailPrice\":20},{\"serviceName\":\"Virtual Machines\",\"armSkuName\":"
                      "\"Standard_E4s_v5\",\"armRegionName\":\"japaneast\",\"type\":"
                      "\"Consumption\",\"retailPrice\":\"x\"}],\"NextPageLink\":null}";
    assert_int_equal(imp_prices_json_buffer(s, "page2", bad, strlen(bad), &r, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "page2: Items[1]: field 'retailPrice'"));
    assert_int_equal(store_price_vm(s, "Standard_E2s_v5", NULL, "JPY", &p, &e), ST_NOTFOUND);
    store_close(s);
}

static void test_catalogue(void **state)
{
    (void)state;
    const struct vm_size *z = mdl_vmcat_find("standard_d4s_v5");
    assert_non_null(z);
    assert_int_equal(z->vcpus, 4);
    assert_rel_close(z->mem_gib, 16.0, 1e-12);
    assert_int_equal(z->premium_storage, 1);
    assert_ptr_equal(mdl_vmcat_find("D4s_v5"), z);
    z = mdl_vmcat_find("Standard_B2s");
    assert_non_null(z);
    assert_rel_close(z->base_cpu_pct, 20.0, 1e-12);
    assert_rel_close(mdl_vmcat_find("Standard_B1ls")->mem_gib, 0.5, 1e-12);
    assert_rel_close(mdl_vmcat_find("Standard_E96s_v5")->mem_gib, 672.0, 1e-12);
    assert_null(mdl_vmcat_find("Standard_NC6"));
    /* every row is sane and names are unique */
    size_t n;
    const struct vm_size *all = mdl_vmcat_all(&n);
    assert_true(n > 100);
    for (size_t i = 0; i < n; i++) {
        assert_true(all[i].vcpus > 0 && all[i].mem_gib > 0);
        assert_ptr_equal(mdl_vmcat_find(all[i].name), &all[i]);
    }
}

/* Without a retail price, the effective hourly rate from the user's own bill. */
static void test_own_rates(void **state)
{
    (void)state;
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct imp_cost_options opt = {0};
    struct imp_cost_result cr;
    assert_int_equal(imp_cost_file(s, test_data_path("EA_ActualCost_Small.csv"), &opt, &cr, &e),
                     ST_OK);
    struct vm_price p;
    /* one OnDemand row: 24 hours of Standard_D2s_v3 for 2.64 USD */
    assert_int_equal(store_price_vm(s, "Standard_D2s_v3", NULL, "USD", &p, &e), ST_OK);
    assert_int_equal(p.from_own_costs, 1);
    assert_string_equal(p.currency, "USD");
    assert_rel_close(p.payg_hourly, 2.64 / 24.0, 1e-9);
    assert_int_equal(store_price_vm(s, "Standard_D2s_v3", NULL, "JPY", &p, &e), ST_NOTFOUND);
    /* no Retail Prices imported yet: the own rates serve, no mismatch */
    assert_int_equal(store_price_currency_check(s, "japaneast", "USD", &e), ST_OK);

    struct imp_prices_result r;
    assert_int_equal(imp_prices_file(s, test_data_path("prices_page.json"), &r, &e), ST_OK);
    struct vm_rate *v;
    size_t n;
    /* every lookup carries the bill's currency: the USD bill's own D2s_v3 rate
     * never joins the JPY price list (it used to, with currency "any") */
    assert_int_equal(store_price_rates(s, "japaneast", "JPY", NULL, &v, &n, &e), ST_OK);
    assert_int_equal(n, 2); /* retail D2s_v5 and D4s_v5 (linux, not windows or spot) */
    assert_string_equal(v[0].arm_sku, "standard_d2s_v5");
    assert_string_equal(v[1].arm_sku, "standard_d4s_v5");
    assert_rel_close(v[1].hourly, 34.0, 1e-12);
    assert_int_equal(v[1].from_own_costs, 0);
    store_price_rates_free(v, n);
    assert_int_equal(store_price_rates(s, "japaneast", "USD", NULL, &v, &n, &e), ST_OK);
    assert_int_equal(n, 1); /* only the bill's own USD rate */
    assert_string_equal(v[0].arm_sku, "standard_d2s_v3");
    assert_int_equal(v[0].from_own_costs, 1);
    store_price_rates_free(v, n);
    /* own rates from chosen usage days only: the bill's September 2023, then a
     * quarter of 2024 with no cost rows */
    struct price_days sep = {date_from_civil(2023, 9, 1), date_from_civil(2023, 9, 30)};
    assert_int_equal(store_price_rates(s, "japaneast", "USD", &sep, &v, &n, &e), ST_OK);
    assert_int_equal(n, 1);
    assert_rel_close(v[0].hourly, 2.64 / 24.0, 1e-9);
    store_price_rates_free(v, n);
    struct price_days q1 = {date_from_civil(2024, 1, 1), date_from_civil(2024, 3, 31)};
    assert_int_equal(store_price_rates(s, "japaneast", "USD", &q1, &v, &n, &e), ST_OK);
    assert_int_equal(n, 0);
    store_price_rates_free(v, n);
    /* no currency is a programming error, not "any" */
    assert_int_equal(store_price_rates(s, "japaneast", NULL, NULL, &v, &n, &e), ST_USAGE);
    assert_int_equal(store_price_vm(s, "Standard_D2s_v3", NULL, "", &p, &e), ST_USAGE);
    /* a JPY price list for a USD bill: an error that says what to do */
    err_clear(&e);
    assert_int_equal(store_price_currency_check(s, "japaneast", "JPY", &e), ST_OK);
    assert_int_equal(store_price_currency_check(s, "JapanEast", "USD", &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "the bill is in USD"));
    assert_non_null(strstr(e.msg, "--currency USD"));
    err_clear(&e);
    /* no price imported for that region: nothing to mismatch */
    assert_int_equal(store_price_currency_check(s, "westeurope", "USD", &e), ST_OK);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_catalogue),
        cmocka_unit_test(test_own_rates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
