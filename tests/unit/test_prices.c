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
    struct price_book bk;
    /* every lookup carries the bill's currency: the USD bill's own D2s_v3 rate
     * never joins the JPY price list (it used to, with currency "any") */
    assert_int_equal(store_price_book(s, "japaneast", "JPY", NULL, &bk, &e), ST_OK);
    assert_int_equal(bk.n, 2); /* retail D2s_v5 and D4s_v5 (linux, not windows or spot) */
    assert_string_equal(bk.v[0].arm_sku, "standard_d2s_v5");
    assert_string_equal(bk.v[1].arm_sku, "standard_d4s_v5");
    assert_rel_close(bk.v[1].hourly, 34.0, 1e-12); /* no shared size: ratio 1.0 */
    assert_int_equal(bk.v[1].source, PRICE_SRC_RETAIL);
    assert_rel_close(bk.ratio, 1.0, 1e-12);
    store_price_book_release(&bk);
    assert_int_equal(store_price_book(s, "japaneast", "USD", NULL, &bk, &e), ST_OK);
    assert_int_equal(bk.n, 1); /* only the bill's own USD rate */
    assert_string_equal(bk.v[0].arm_sku, "standard_d2s_v3");
    assert_int_equal(bk.v[0].source, PRICE_SRC_BILL);
    store_price_book_release(&bk);
    /* own rates from chosen usage days only: the bill's September 2023, then a
     * quarter of 2024 with no cost rows */
    struct price_days sep = {date_from_civil(2023, 9, 1), date_from_civil(2023, 9, 30)};
    assert_int_equal(store_price_book(s, "japaneast", "USD", &sep, &bk, &e), ST_OK);
    assert_int_equal(bk.n, 1);
    assert_rel_close(bk.v[0].hourly, 2.64 / 24.0, 1e-9);
    store_price_book_release(&bk);
    struct price_days q1 = {date_from_civil(2024, 1, 1), date_from_civil(2024, 3, 31)};
    assert_int_equal(store_price_book(s, "japaneast", "USD", &q1, &bk, &e), ST_OK);
    assert_int_equal(bk.n, 0);
    store_price_book_release(&bk);
    assert_int_equal(store_price_book(s, "japaneast", NULL, NULL, &bk, &e), ST_USAGE);
    /* no currency is a programming error, not "any" */
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

/* The pricing rule (docs/rightsize.md "Pricing rule"): a size in the bill is
 * priced by the bill; a size only in the Retail Prices by retail x the ratio
 * of own to retail rates over the sizes both have; a size in neither has no
 * price. */
static void test_pricing_rule(void **state)
{
    (void)state;
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct imp_cost_options opt = {0};
    struct imp_cost_result cr;
    /* one day of Standard_D4s_v5 at 30 yen/hour (retail 34) */
    assert_int_equal(imp_cost_file(s, test_data_path("prices_bill_jpy.csv"), &opt, &cr, &e), ST_OK);
    struct price_book bk;
    /* bill only: its own rate, ratio 1.0 (nothing to compare) */
    assert_int_equal(store_price_book(s, "japaneast", "JPY", NULL, &bk, &e), ST_OK);
    assert_int_equal(bk.n, 1);
    assert_int_equal(bk.v[0].source, PRICE_SRC_BILL);
    assert_rel_close(bk.v[0].hourly, 30.0, 1e-9);
    assert_rel_close(bk.ratio, 1.0, 1e-12);
    assert_int_equal(bk.shared, 0);
    store_price_book_release(&bk);

    struct imp_prices_result r;
    assert_int_equal(imp_prices_file(s, test_data_path("prices_page.json"), &r, &e), ST_OK);
    assert_int_equal(store_price_book(s, "japaneast", "JPY", NULL, &bk, &e), ST_OK);
    assert_int_equal(bk.n, 2);
    assert_int_equal(bk.shared, 1);
    assert_rel_close(bk.shared_hours, 24.0, 1e-9);
    assert_rel_close(bk.ratio, 30.0 / 34.0, 1e-9);
    /* 1. the bill has the size: its own rate, not the retail 34 */
    const struct vm_rate *d4 = store_price_book_find(&bk, "Standard_D4s_v5");
    assert_non_null(d4);
    assert_int_equal(d4->source, PRICE_SRC_BILL);
    assert_rel_close(d4->hourly, 30.0, 1e-9);
    assert_rel_close(d4->retail_hourly, 34.0, 1e-12);
    /* 2. retail only: 17 x 30/34 */
    const struct vm_rate *d2 = store_price_book_find(&bk, "standard_d2s_v5");
    assert_non_null(d2);
    assert_int_equal(d2->source, PRICE_SRC_RETAIL);
    assert_rel_close(d2->hourly, 17.0 * 30.0 / 34.0, 1e-9);
    /* 3. neither */
    assert_null(store_price_book_find(&bk, "Standard_E2s_v5"));
    char label[24];
    store_price_source_label(d2->source, bk.ratio, label, sizeof label);
    assert_string_equal(label, "retail x 0.88");
    store_price_source_label(d4->source, bk.ratio, label, sizeof label);
    assert_string_equal(label, "bill");
    store_price_book_release(&bk);
    /* the own-rate window: days without cost rows leave retail x 1.0 */
    struct price_days q1 = {date_from_civil(2024, 1, 1), date_from_civil(2024, 3, 31)};
    assert_int_equal(store_price_book(s, "japaneast", "JPY", &q1, &bk, &e), ST_OK);
    assert_rel_close(bk.ratio, 1.0, 1e-12);
    assert_rel_close(store_price_book_find(&bk, "standard_d4s_v5")->hourly, 34.0, 1e-12);
    store_price_book_release(&bk);
    struct price_days w =
        store_price_window(date_from_civil(2026, 10, 1), date_from_civil(2026, 10, 31));
    assert_int_equal(w.to_day, date_from_civil(2026, 10, 31));
    assert_int_equal(w.from_day, date_from_civil(2026, 10, 31) - 89);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_catalogue),
        cmocka_unit_test(test_own_rates),
        cmocka_unit_test(test_pricing_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
