/*
 * test_imp_cost_fields.c - header detection and mapping by name, Tags and
 * AdditionalInfo JSON, the fast decimal path, and the CSV parser on
 * fixtures (BOM, embedded newlines, literal NULL) through imp_cost_file.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "imp_cost.h"
#include "imp_cost_fields.h"
#include "imp_ea_header.h"
#include "store.h"
#include "tags.h"

/* The legacy EA header (imp_ea_header.h) split into its fields. */
static char ea_text[] = IMP_EA_HEADER;
static const char *ea_legacy[IMP_EA_COLUMNS + 1];
static int n_ea;

static void split_ea_header(void)
{
    if (n_ea)
        return;
    for (char *tok = strtok(ea_text, ","); tok && n_ea <= IMP_EA_COLUMNS; tok = strtok(NULL, ","))
        ea_legacy[n_ea++] = tok;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int role_column(enum imp_format f, const char *const *h, int n, int role)
{
    int role_of[128];
    assert_int_equal(imp_map_header(f, h, n, role_of), -1);
    for (int i = 0; i < n; i++)
        if (role_of[i] == role)
            return i;
    return -1;
}

/* The one EA header definition is Microsoft's: the first line of its sample
 * export (tests/data/EA_NoRows.csv, microsoft/finops-toolkit) after the BOM */
static void test_ea_header_is_microsofts(void **state)
{
    (void)state;
    FILE *f = fopen(test_data_path("EA_NoRows.csv"), "rb");
    assert_non_null(f);
    char line[4096];
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    assert_memory_equal(line, "\xEF\xBB\xBF", 3);
    assert_string_equal(line + 3, IMP_EA_HEADER);
}

static void test_detect(void **state)
{
    (void)state;
    split_ea_header();
    assert_int_equal(n_ea, 55);
    assert_string_equal(imp_cost_detect(ea_legacy, n_ea), "ea");
    static const char *const ea2024[] = {
        "InvoiceSectionName",    "SubscriptionId",      "Date",
        "CostInBillingCurrency", "BillingCurrencyCode", "ProductName"};
    assert_string_equal(imp_cost_detect(ea2024, N(ea2024)), "ea");
    static const char *const mca[] = {
        "invoiceId",       "date",     "SubscriptionId", "costInBillingCurrency", "billingCurrency",
        "pricingCurrency", "costInUsd"};
    assert_string_equal(imp_cost_detect(mca, N(mca)), "mca");
    static const char *const focus[] = {"BilledCost", "EffectiveCost", "ChargePeriodStart",
                                        "SubAccountId", "BillingCurrency"};
    assert_string_equal(imp_cost_detect(focus, N(focus)), "focus");
    /* case-insensitive */
    static const char *const lower[] = {"date", "cost", "subscriptionid"};
    assert_string_equal(imp_cost_detect(lower, N(lower)), "ea");
    static const char *const other[] = {"resource_id", "timestamp", "metric", "value"};
    assert_null(imp_cost_detect(other, N(other)));
    static const char *const no_cost[] = {"Date", "SubscriptionId", "Quantity"};
    assert_null(imp_cost_detect(no_cost, N(no_cost)));
}

static void test_map_by_name(void **state)
{
    (void)state;
    split_ea_header();
    assert_int_equal(role_column(IMP_FMT_EA, ea_legacy, n_ea, IMP_R_COST), 21);
    assert_int_equal(role_column(IMP_FMT_EA, ea_legacy, n_ea, IMP_R_DATE), 10);
    assert_int_equal(role_column(IMP_FMT_EA, ea_legacy, n_ea, IMP_R_BENEFIT_ID), 53);
    assert_int_equal(role_column(IMP_FMT_EA, ea_legacy, n_ea, IMP_R_CURRENCY), 23);
    /* reordered and renamed (2024): found by name, not by position */
    static const char *const ea2024[] = {"CostInBillingCurrency", "BillingCurrencyCode", "DATE",
                                         "subscriptionid", "ResourceLocationNormalized"};
    assert_int_equal(role_column(IMP_FMT_EA, ea2024, N(ea2024), IMP_R_COST), 0);
    assert_int_equal(role_column(IMP_FMT_EA, ea2024, N(ea2024), IMP_R_CURRENCY), 1);
    assert_int_equal(role_column(IMP_FMT_EA, ea2024, N(ea2024), IMP_R_DATE), 2);
    assert_int_equal(role_column(IMP_FMT_EA, ea2024, N(ea2024), IMP_R_LOCATION), 4);
    /* the first alias wins when both columns exist */
    static const char *const both[] = {"Cost", "Date", "CostInBillingCurrency"};
    assert_int_equal(role_column(IMP_FMT_EA, both, N(both), IMP_R_COST), 2);
    /* FOCUS: two cost columns */
    static const char *const focus[] = {"ChargePeriodStart", "EffectiveCost", "BilledCost",
                                        "x_ResourceGroupName", "SubAccountId"};
    assert_int_equal(role_column(IMP_FMT_FOCUS, focus, N(focus), IMP_R_COST), 2);
    assert_int_equal(role_column(IMP_FMT_FOCUS, focus, N(focus), IMP_R_COST_EFFECTIVE), 1);
    assert_int_equal(role_column(IMP_FMT_FOCUS, focus, N(focus), IMP_R_RESOURCE_GROUP), 3);
    /* missing required columns are reported */
    int role_of[8];
    static const char *const nocost[] = {"Date", "SubscriptionId"};
    assert_int_equal(imp_map_header(IMP_FMT_EA, nocost, 2, role_of), IMP_R_COST);
    static const char *const noeff[] = {"ChargePeriodStart", "BilledCost"};
    assert_int_equal(imp_map_header(IMP_FMT_FOCUS, noeff, 2, role_of), IMP_R_COST_EFFECTIVE);
    assert_string_equal(imp_role_column(IMP_FMT_FOCUS, IMP_R_COST_EFFECTIVE), "EffectiveCost");
}

static const char *norm(const char *raw, enum status want)
{
    static struct buf out = BUF_INIT;
    struct err e;
    err_clear(&e);
    assert_int_equal(tags_normalize(raw, strlen(raw), &out, &e), want);
    return buf_str(&out);
}

static void test_tags(void **state)
{
    (void)state;
    /* EA: no outer braces; sorted keys, compact */
    assert_string_equal(norm("\"env\": \"prod\",\"CostCenter\": \"1234\"", ST_OK),
                        "{\"CostCenter\":\"1234\",\"env\":\"prod\"}");
    /* FOCUS: braces kept; same result */
    assert_string_equal(norm("{\"env\": \"prod\", \"CostCenter\": \"1234\"}", ST_OK),
                        "{\"CostCenter\":\"1234\",\"env\":\"prod\"}");
    assert_string_equal(norm("", ST_OK), "{}");
    assert_string_equal(norm("  ", ST_OK), "{}");
    assert_string_equal(norm("{}", ST_OK), "{}");
    /* near-duplicate keys are kept apart; empty values kept */
    assert_string_equal(norm("\"org\": \"a\",\" org\": \"b\",\"Org\": \"\"", ST_OK),
                        "{\" org\":\"b\",\"Org\":\"\",\"org\":\"a\"}");
    /* UTF-8 stays UTF-8 */
    assert_string_equal(norm("\"department\": \"建設局\"", ST_OK), "{\"department\":\"建設局\"}");
    /* values with commas, slashes and escaped quotes */
    assert_string_equal(norm("\"p\": \"/subscriptions/x,y\",\"q\": \"a\\\"b\"", ST_OK),
                        "{\"p\":\"/subscriptions/x,y\",\"q\":\"a\\\"b\"}");
    norm("not json", ST_PARSE);
    norm("[1,2]", ST_PARSE);
    norm("\"k\": ", ST_PARSE);
}

static void test_addinfo(void **state)
{
    (void)state;
    char size[64];
    int vcpus;
    const char *vm = "{\"UsageType\":\"ComputeHR\",\"ImageType\":\"Canonical\","
                     "\"ServiceType\":\"Standard_DS2_v2\",\"VMName\":\"x\",\"VCPUs\":2}";
    assert_int_equal(imp_addinfo_extract(vm, strlen(vm), size, sizeof size, &vcpus), 0);
    assert_string_equal(size, "Standard_DS2_v2");
    assert_int_equal(vcpus, 2);
    /* keys in any case, numbers as strings, nested values skipped */
    const char *odd = "{ \"nested\": {\"ServiceType\": \"Standard_X\", \"a\": [1, {\"b\": \"}\"}]},"
                      " \"servicetype\" : \"Basic_A1\" , \"vcpus\": \"8\" }";
    assert_int_equal(imp_addinfo_extract(odd, strlen(odd), size, sizeof size, &vcpus), 0);
    assert_string_equal(size, "Basic_A1");
    assert_int_equal(vcpus, 8);
    /* SQL: vCores is the core count; a non-VM ServiceType is not a size */
    const char *sql = "{\"ServiceType\":\"SQLThreatDetection\",\"vCores\":4}";
    assert_int_equal(imp_addinfo_extract(sql, strlen(sql), size, sizeof size, &vcpus), 0);
    assert_string_equal(size, "");
    assert_int_equal(vcpus, 4);
    assert_int_equal(imp_addinfo_extract("", 0, size, sizeof size, &vcpus), 0);
    assert_int_equal(vcpus, 0);
    assert_int_equal(imp_addinfo_extract("{\"a\":", 5, size, sizeof size, &vcpus), -1);
    assert_int_equal(imp_addinfo_extract("garbage", 7, size, sizeof size, &vcpus), -1);
}

static void test_fast_double(void **state)
{
    (void)state;
    const char *good[] = {
        "0",     "1",     "-12.5", "0.006000000468",  "51.4375", "0.000011139", "24",
        "+3.25", "100.0", "0.1",   "123456789012345", ".5",      "5."};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v;
        assert_int_equal(imp_fast_double(good[i], strlen(good[i]), &v), 0);
        assert_true(v == strtod(good[i], NULL)); /* bit-exact, not just close */
    }
    /* random decimals: the fast path is correctly rounded */
    unsigned long long x = 88172645463325252ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        char txt[40];
        int frac = 1 + (int)(x % 12);
        unsigned long long p10 = 1;
        for (int k = 0; k < frac; k++)
            p10 *= 10;
        snprintf(txt, sizeof txt, "%llu.%0*llu", (x >> 20) % 100000ULL, frac, (x >> 5) % p10);
        double v;
        if (imp_fast_double(txt, strlen(txt), &v) == 0)
            assert_true(v == strtod(txt, NULL));
    }
    const char *slow[] = {
        "1e5", "1.5E-05", "abc", "", "-", "1.2.3", "12345678901234567", "0.0000000000000001",
        "nan"};
    for (size_t i = 0; i < sizeof slow / sizeof slow[0]; i++) {
        double v;
        assert_int_equal(imp_fast_double(slow[i], strlen(slow[i]), &v), -1);
    }
}

/* The CSV path through imp_cost_file: quoting with embedded newlines and
 * CRLF, BOM, literal NULL, per-file line numbers. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_csv_through_importer(void **state)
{
    (void)state;
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/quoted.csv", test_tmp_dir());
    write_file(path, "\xEF\xBB\xBF"
                     "Date,SubscriptionId,Cost,Tags,ServiceInfo1\r\n"
                     "2025-04-01,s1,1.5,\"\"\"a\"\": \"\"x,y\"\"\",\"two\r\nlines\"\r\n"
                     "04/02/2025,s1,NULL,NULL,\"\"\r\n"
                     "\r\n"
                     "2025-04-03T10:00:00Z,S1,0.25,,plain\r\n");
    struct imp_cost_result res;
    struct imp_cost_options opt = {0};
    assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_OK);
    assert_int_equal(res.rows, 3);
    assert_int_equal(res.empty_costs, 1);
    assert_string_equal(res.format, "ea");
    assert_string_equal(res.period_start, "2025-04-01");
    assert_string_equal(res.period_end, "2025-04-03");
    /* an error after an embedded newline and a blank line names the right line */
    snprintf(path, sizeof path, "%s/badline.csv", test_tmp_dir());
    write_file(path, "Date,SubscriptionId,Cost,ServiceInfo1\n"
                     "2025-04-01,s1,1,\"a\nb\"\n"
                     "\n"
                     "2025-04-01,s1,x1,c\n");
    assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "badline.csv:5: field 'Cost': expected a number, got 'x1'"));
    /* hashing while parsing (large files): the duplicate is found before commit */
    opt.hash_late = 1;
    snprintf(path, sizeof path, "%s/late.csv", test_tmp_dir());
    write_file(path, "Date,SubscriptionId,Cost\n2025-05-01,s9,7\n");
    assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_OK);
    assert_int_equal(res.duplicate, 0);
    assert_int_equal(res.rows, 1);
    assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_OK);
    assert_int_equal(res.duplicate, 1);
    assert_int_equal(res.rows, 0);
    opt.hash_late = 0;
    assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_OK);
    assert_int_equal(res.duplicate, 1); /* same digest whichever way it was computed */
    /* a bad row with the hasher running: error, and the hasher is stopped */
    opt.hash_late = 1;
    snprintf(path, sizeof path, "%s/late_bad.csv", test_tmp_dir());
    write_file(path, "Date,SubscriptionId,Cost\n2025-05-01,s9,7\n2025-05-02,s9,seven\n");
    assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "late_bad.csv:3: field 'Cost'"));
    store_close(s);
}

/* The Term column in every format's spelling (EA months, MCA ISO 8601,
 * FOCUS x_SkuTerm months, the product text's "3 Years"). */
static void test_term_months(void **state)
{
    (void)state;
    struct {
        const char *s;
        int months;
    } cases[] = {{"36", 36}, {"12", 12},      {"P1Y", 12},    {"P3Y", 36}, {"P5Y", 60},
                 {"P1M", 1}, {"3 Years", 36}, {"1 Year", 12}, {"", 0},     {"P", 0},
                 {"abc", 0}, {"-12", 0},      {"P3X", 0},     {"99999", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(imp_term_months(cases[i].s, strlen(cases[i].s)), cases[i].months);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ea_header_is_microsofts),
        cmocka_unit_test(test_term_months),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_map_by_name),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_addinfo),
        cmocka_unit_test(test_fast_double),
        cmocka_unit_test(test_csv_through_importer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
