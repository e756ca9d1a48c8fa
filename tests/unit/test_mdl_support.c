/*
 * test_mdl_support.c - the support-life table (retiring VM series, OS and
 * SQL Server versions) and the region table: size names parse to the right
 * series with the dates of Microsoft's retired-sizes list, current sizes
 * match nothing, bill texts name versions, regions normalise and only Japan
 * East/West count as Japan.
 */
#include "test_util.h"

#include <string.h>

#include "date.h"
#include "mdl_region.h"
#include "mdl_support.h"

static void expect_series(const char *size, const char *series, const char *date)
{
    const struct support_entry *s = mdl_support_vm_size(size);
    if (!series) {
        assert_null(s);
        return;
    }
    assert_non_null(s);
    assert_string_equal(s->name, series);
    assert_string_equal(s->end_date, date);
}

static void test_vm_series(void **state)
{
    (void)state;
    expect_series("Basic_A1", "Basic A-series", "2024-08-31");
    expect_series("Standard_A2", "Standard A-series (Av1)", "2024-08-31");
    expect_series("Standard_A2_v2", "Av2-series", "2028-11-15");
    expect_series("Standard_A4m_v2", "Amv2-series", "2028-11-15");
    expect_series("Standard_B2s", "B-series (v1)", "2028-11-15");
    expect_series("standard_b2ms", "B-series (v1)", "2028-11-15");
    expect_series("Standard_D2", "D-series", "2028-05-01");
    expect_series("Standard_DS2", "Ds-series", "2028-05-01");
    expect_series("Standard_D2_v2", "Dv2-series", "2028-05-01");
    expect_series("Standard_D11_v2", "Dv2-series", "2028-05-01");
    expect_series("Standard_DS3_v2", "Dsv2-series", "2028-05-01");
    expect_series("Standard_D4_v3", "Dv3-series", "2029-11-15");
    expect_series("Standard_D4s_v3", "Dsv3-series", "2029-11-15");
    expect_series("Standard_E64-16s_v3", "Esv3-series", "2029-11-15");
    expect_series("Standard_E8_v3", "Ev3-series", "2029-11-15");
    expect_series("Standard_F4", "F-series", "2028-11-15");
    expect_series("Standard_F4s", "Fs-series", "2028-11-15");
    expect_series("Standard_F8s_v2", "Fsv2-series", "2028-11-15");
    expect_series("Standard_GS2", "Gs-series", "2028-11-15");
    expect_series("Standard_L8s", "Ls-series", "2028-05-01");
    expect_series("Standard_L8s_v2", "Lsv2-series", "2028-11-15");
    expect_series("Standard_HB120rs_v2", "HBv2-series", "2027-05-31");
    expect_series("Standard_NP10s", "NP-series", "2027-05-31");
    expect_series("Standard_NC6s_v3", "NCv3-series", "2025-09-30");
    /* current series: nothing to budget */
    expect_series("Standard_D4s_v5", NULL, NULL);
    expect_series("Standard_D4as_v4", NULL, NULL);
    expect_series("Standard_E16s_v5", NULL, NULL);
    expect_series("Standard_B2s_v2", NULL, NULL);
    expect_series("Standard_L8s_v3", NULL, NULL);
    expect_series("Standard_D2ads_v6", NULL, NULL);
    expect_series("", NULL, NULL);
    expect_series("garbage", NULL, NULL);
    expect_series(NULL, NULL, NULL);
    /* every row has a date, a replacement and a source */
    size_t n;
    const struct support_entry *all = mdl_support_all(&n);
    for (size_t i = 0; i < n; i++) {
        int32_t d;
        assert_int_equal(date_parse(all[i].end_date, 10, &d), 0);
        assert_true(strlen(all[i].replacement) > 0);
        assert_non_null(strstr(all[i].source, "learn.microsoft.com"));
    }
    const struct support_entry *f = mdl_support_vm_size("Standard_F8s_v2");
    assert_int_equal(mdl_support_days_left(f, date_from_civil(2028, 11, 14)), 1);
    assert_int_equal(mdl_support_days_left(f, date_from_civil(2028, 11, 16)), -1);
}

static void test_versions_in_bill_text(void **state)
{
    (void)state;
    const struct support_entry *s =
        mdl_support_text("Virtual Machines Licenses / SQL Server 2016 Enterprise / 4 vCPU VM");
    assert_non_null(s);
    assert_int_equal(s->kind, SUPPORT_SQL);
    assert_string_equal(s->end_date, "2026-07-14");
    s = mdl_support_text("Virtual Machines / WINDOWS SERVER 2012 R2 Datacenter / D2 v3");
    assert_non_null(s);
    assert_int_equal(s->kind, SUPPORT_OS);
    assert_string_equal(s->end_date, "2023-10-10");
    assert_null(mdl_support_text("Virtual Machines / Dsv5 Series Windows / D4s v5"));
    assert_null(mdl_support_text("SQL Server Enterprise"));
    assert_null(mdl_support_text(NULL));
}

static void test_regions(void **state)
{
    (void)state;
    char buf[64];
    mdl_region_normalize("Japan East", buf, sizeof buf);
    assert_string_equal(buf, "japaneast");
    mdl_region_normalize("JA West", buf, sizeof buf);
    assert_string_equal(buf, "japanwest");
    assert_true(mdl_region_in_japan("japaneast"));
    assert_true(mdl_region_in_japan("Japan West"));
    assert_true(mdl_region_in_japan("JA East"));
    assert_false(mdl_region_in_japan("koreacentral"));
    assert_false(mdl_region_in_japan(""));
    assert_false(mdl_region_in_japan("global"));
    const struct region_info *r = mdl_region_find("Southeast Asia");
    assert_non_null(r);
    assert_string_equal(r->country, "Singapore");
    assert_string_equal(mdl_region_find("eastasia")->country, "Hong Kong SAR");
    assert_string_equal(mdl_region_find("westeurope")->country, "Netherlands");
    assert_string_equal(mdl_region_find("northeurope")->country, "Ireland");
    assert_string_equal(mdl_region_find("koreacentral")->country_ja, "韓国");
    assert_null(mdl_region_find("moon"));
    size_t n;
    const struct region_info *all = mdl_region_all(&n);
    int japan = 0;
    for (size_t i = 0; i < n; i++) {
        japan += all[i].japan;
        assert_ptr_equal(mdl_region_find(all[i].name), &all[i]);
        assert_ptr_equal(mdl_region_find(all[i].display), &all[i]);
    }
    assert_int_equal(japan, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vm_series),
        cmocka_unit_test(test_versions_in_bill_text),
        cmocka_unit_test(test_regions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
