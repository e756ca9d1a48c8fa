/*
 * test_imp_scenario.c - the YAML scenario reader: a full parse, and bad
 * files (typo, missing field, negative price, unknown size, bad schedule,
 * bad percentage, syntax error) each rejected with file:line and a clear
 * message.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "imp_scenario.h"

static const char good[] = "# comment\n"
                           "name: テスト\n"
                           "start_fy: 2026\n"
                           "years: 4\n"
                           "usd_jpy: 150\n"
                           "escalation: 2%\n"
                           "discount_rate: 0.03\n"
                           "baseline: cloud\n"
                           "alternatives:\n"
                           "  - name: onprem\n"
                           "    label: 現行\n"
                           "    items:\n"
                           "      - type: server\n" /* line 13 */
                           "        name: DB\n"
                           "        sockets: 2\n"
                           "        cores_per_socket: 8\n"
                           "        purchase_price: 3000000\n"
                           "        maintenance: 12%\n"
                           "      - type: oracle\n" /* line 19 */
                           "        name: ora\n"
                           "        edition: ee\n"
                           "        platform: onprem\n"
                           "        sockets: 2\n"
                           "        cores_per_socket: 8\n"
                           "        options: [partitioning, diagnostics]\n"
                           "        licensing: byol\n"
                           "  - name: cloud\n"
                           "    items:\n"
                           "      - type: vm\n"
                           "        name: web\n"
                           "        size: d4s_v5\n"
                           "        count: 2\n"
                           "        price_per_hour: 0.25\n"
                           "        currency: USD\n"
                           "        schedule: mon-fri 08:00-20:00\n"
                           "      - type: oracle\n"
                           "        name: ora-azure\n"
                           "        edition: ee\n"
                           "        platform: azure\n"
                           "        size: Standard_E16-4ds_v5\n"
                           "      - type: one_off\n"
                           "        name: 移行\n"
                           "        amount: 5000000\n"
                           "        year: 2\n";

static void test_good_file(void **state)
{
    (void)state;
    struct scenario s;
    struct err e = {0};
    enum status st = imp_scenario_buffer("good.yaml", good, strlen(good), NULL, &s, &e);
    if (st != ST_OK)
        fail_msg("%s", e.msg);
    assert_string_equal(s.name, "テスト");
    assert_int_equal(s.start_fy, 2026);
    assert_int_equal(s.years, 4);
    assert_rel_close(s.escalation, 0.02, 1e-12);
    assert_rel_close(s.discount_rate, 0.03, 1e-12);
    assert_int_equal(s.baseline, 1);
    assert_int_equal(s.nalts, 2);
    const struct scn_item *srv = &s.alts[0].items[0];
    assert_int_equal(srv->kind, SCN_SERVER);
    assert_int_equal(srv->line, 13);
    assert_rel_close(srv->maintenance_pct, 0.12, 1e-12);
    assert_true(isnan(srv->escalation));
    const struct scn_item *ora = &s.alts[0].items[1];
    assert_int_equal(ora->oracle.cores, 16);
    assert_int_equal(ora->oracle.options, ORA_OPT_PARTITIONING | ORA_OPT_DIAGNOSTICS);
    assert_int_equal(ora->licensing, ORA_LIC_BYOL);
    assert_int_equal(ora->owned, -1);
    const struct scn_item *vm = &s.alts[1].items[0];
    assert_string_equal(vm->size, "Standard_D4s_v5");
    assert_int_equal(vm->vcpus, 4);
    assert_int_equal(vm->currency, SCN_USD);
    /* 12 h x 5 days = 60 h a week = 60 x 730 / 168 h a month */
    assert_rel_close(vm->hours_per_month, 60.0 * 730.0 / 168.0, 1e-12);
    /* constrained-vCPU size: 4 active vCPUs count for Oracle */
    assert_int_equal(s.alts[1].items[1].oracle.vcpus, 4);
    assert_int_equal(s.alts[1].items[1].oracle.ht, 1);
    assert_int_equal(s.alts[1].items[2].start_year, 2);
    assert_int_equal(s.alts[1].items[2].category, SCN_CAT_MIGRATION);
    scenario_release(&s);

    /* --years overrides the file */
    struct imp_scenario_options opt = {.years = 7};
    assert_int_equal(imp_scenario_buffer("good.yaml", good, strlen(good), &opt, &s, &e), ST_OK);
    assert_int_equal(s.years, 7);
    scenario_release(&s);
}

/* Replace the first `from` in good with `to`, parse, expect ST_PARSE and msg. */
static void expect_bad(const char *from, const char *to, const char *msg)
{
    char text[4096];
    const char *at = strstr(good, from);
    assert_non_null(at);
    size_t head = (size_t)(at - good);
    snprintf(text, sizeof text, "%.*s%s%s", (int)head, good, to, at + strlen(from));
    struct scenario s;
    struct err e = {0};
    assert_int_equal(imp_scenario_buffer("bad.yaml", text, strlen(text), NULL, &s, &e), ST_PARSE);
    if (!strstr(e.msg, msg))
        fail_msg("expected '%s' in '%s'", msg, e.msg);
    assert_null(s.alts); /* released */
}

static void test_typo(void **state)
{
    (void)state;
    expect_bad("        cores_per_socket: 8\n        purchase_price",
               "        cores_per_sockt: 8\n        purchase_price",
               "bad.yaml:16: server item: unknown field 'cores_per_sockt' (did you mean "
               "'cores_per_socket'?)");
    expect_bad("discount_rate:", "discont_rate:",
               "bad.yaml:7: scenario: unknown field 'discont_rate' (did you mean "
               "'discount_rate'?)");
    expect_bad("type: vm", "type: vmm", "bad.yaml:29: field 'type': expected one of server,");
}

static void test_missing_field(void **state)
{
    (void)state;
    expect_bad("edition: ee\n        platform: onprem", "platform: onprem",
               "bad.yaml:19: missing field 'edition'");
    expect_bad("        purchase_price: 3000000\n        maintenance: 12%\n", "",
               "bad.yaml:13: server 'DB': missing field 'purchase_price' or 'lease_per_month'");
    expect_bad("        amount: 5000000\n", "", "bad.yaml:41: missing field 'amount'");
    expect_bad("name: テスト\n", "", "bad.yaml:2: missing field 'name'");
}

static void test_negative_price(void **state)
{
    (void)state;
    expect_bad("price_per_hour: 0.25", "price_per_hour: -5",
               "bad.yaml:33: field 'price_per_hour': expected a non-negative number, got '-5'");
    expect_bad("amount: 5000000", "amount: 5e",
               "field 'amount': expected a non-negative number, got '5e'");
}

static void test_unknown_size(void **state)
{
    (void)state;
    expect_bad("size: d4s_v5", "size: Standard_D4s_v9",
               "bad.yaml:31: field 'size': unknown VM size 'Standard_D4s_v9' (did you mean "
               "'Standard_D4s_v5'?)");
    expect_bad("size: d4s_v5", "size: Basic_Z99",
               "bad.yaml:31: field 'size': unknown VM size 'Basic_Z99'");
}

static void test_other_checks(void **state)
{
    (void)state;
    expect_bad("        name: ora\n", "        name: ora\n        category: software\n",
               "bad.yaml:21: field 'category': oracle items report to fixed categories");
    expect_bad("schedule: mon-fri 08:00-20:00", "reservation: 1y",
               "bad.yaml:29: a reservation needs 'reservation_discount'");
    expect_bad("        price_per_hour: 0.25\n", "",
               "bad.yaml:33: field 'currency': without 'price_per_hour' the price and its "
               "currency come from the imported retail prices");
    expect_bad("mon-fri 08:00-20:00", "mon-fri 20:00-08:00",
               "bad.yaml:35: field 'schedule': expected DAYS HH:MM-HH:MM");
    expect_bad("maintenance: 12%", "maintenance: 12",
               "field 'maintenance': 12 would be 1200%; write a fraction (0.15) or a percentage");
    expect_bad("baseline: cloud", "baseline: clod",
               "bad.yaml:8: field 'baseline': no alternative is named 'clod'");
    expect_bad("usd_jpy: 150\n", "", "missing field 'usd_jpy'");
    expect_bad("  - name: cloud\n", "  - name: onprem\n", "alternative 'onprem' is defined twice");
    expect_bad("options: [partitioning, diagnostics]", "options: [partitioning, goldengate]",
               "bad.yaml:25: field 'options': unknown option 'goldengate'");
    expect_bad("name: ora\n", "name: ora\n        name: again\n", "field 'name' given twice");
    expect_bad("years: 4\n", "years: 4\n  nested: [\n", "bad.yaml:");
    expect_bad("years: 4\n", "years: 4\n  nested: [\n", "YAML syntax error");
}

static void test_oracle_counts_per_server(void **state)
{
    (void)state;
    static const char text[] = "name: o\nstart_fy: 2026\nyears: 1\nusd_jpy: 100\n"
                               "alternatives:\n"
                               "  - name: a\n"
                               "    items:\n"
                               "      - type: oracle\n"
                               "        name: db\n"
                               "        edition: se2\n"
                               "        platform: onprem\n"
                               "        count: 3\n"
                               "        cores: 8\n"
                               "        sockets: 2\n";
    struct scenario s;
    struct err e = {0};
    assert_int_equal(imp_scenario_buffer("o.yaml", text, strlen(text), NULL, &s, &e), ST_OK);
    /* cores and sockets are per server: 3 servers */
    assert_int_equal(s.alts[0].items[0].oracle.cores, 24);
    assert_int_equal(s.alts[0].items[0].oracle.sockets, 6);
    assert_int_equal(s.alts[0].items[0].oracle.servers, 3);
    scenario_release(&s);
    char bad[sizeof text + 8];
    snprintf(bad, sizeof bad, "%s", text);
    char *c = strstr(bad, "count: 3");
    c[7] = '0';
    assert_int_equal(imp_scenario_buffer("o.yaml", bad, strlen(bad), NULL, &s, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "o.yaml:12: field 'count': Oracle items count whole servers"));
}

static void test_store_items(void **state)
{
    (void)state;
    static const char head[] = "name: s\nstart_fy: 2026\nyears: 1\nalternatives:\n"
                               "  - name: a\n    items:\n      - type: store\n"
                               "        name: x\n";
    struct {
        const char *tail; /* keys after name */
        enum status want; /* result */
        const char *msg;  /* expected in the message */
    } cases[] = {
        {"        all: true\n        apply: [rightsize]\n        savings: 5%\n", ST_OK, ""},
        {"        department: 福祉局\n        months: 6\n", ST_OK, ""},
        {"        savings: 5%\n", ST_PARSE,
         "s.yaml:7: store item 'x': give exactly one of 'subscription', 'department' or"},
        {"        subscription: a\n        department: b\n", ST_PARSE, "exactly one of"},
        {"        subscription: a\n        apply: rightsize\n", ST_PARSE,
         "s.yaml:10: field 'apply': right-sizing and schedule savings are known per department"},
        {"        all: maybe\n", ST_PARSE, "field 'all': expected one of false, true"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s", head, cases[i].tail);
        struct scenario s;
        struct err e = {0};
        enum status st = imp_scenario_buffer("s.yaml", text, strlen(text), NULL, &s, &e);
        if (st != cases[i].want || !strstr(e.msg, cases[i].msg))
            fail_msg("case %zu: status %d, message '%s'", i, (int)st, e.msg);
        if (st == ST_OK && i == 0) {
            assert_true(s.alts[0].items[0].store_all);
            assert_int_equal(s.alts[0].items[0].apply, SCN_APPLY_RIGHTSIZE);
            assert_rel_close(s.alts[0].items[0].savings_pct, 0.05, 1e-12);
            assert_int_equal(s.alts[0].items[0].months, 3);
        }
        if (st == ST_OK)
            scenario_release(&s);
    }
}

static void test_schedules(void **state)
{
    (void)state;
    struct {
        const char *schedule; /* as written */
        double weekly_hours;  /* by hand; -1 = rejected */
    } cases[] = {
        {"mon-fri 08:00-20:00", 60},
        {"mon,wed,fri 09:00-17:00", 24},
        {"daily 07:00-19:00", 84},
        {"sat-sun 00:00-24:00", 48},
        {"mon-tue,thu 08:30-18:00", 28.5},
        {"24x7", 168},
        {"fri-mon 08:00-20:00", -1},
        {"mon-fri 8-20", -1},
        {"mon-fry 08:00-20:00", -1},
        {"mon-fri 08:00-24:30", -1},
        {"weekdays", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "name: s\nstart_fy: 2026\nyears: 1\nalternatives:\n  - name: a\n    items:\n"
                 "      - type: vm\n        name: v\n        size: B2s\n"
                 "        price_per_hour: 1\n        schedule: \"%s\"\n",
                 cases[i].schedule);
        struct scenario s;
        struct err e = {0};
        enum status st = imp_scenario_buffer("s.yaml", text, strlen(text), NULL, &s, &e);
        if (cases[i].weekly_hours < 0) {
            if (st != ST_PARSE || !strstr(e.msg, "s.yaml:11: field 'schedule'"))
                fail_msg("'%s' accepted or wrong message: %s", cases[i].schedule, e.msg);
            continue;
        }
        if (st != ST_OK)
            fail_msg("'%s': %s", cases[i].schedule, e.msg);
        assert_rel_close(s.alts[0].items[0].hours_per_month, cases[i].weekly_hours * 730.0 / 168.0,
                         1e-12);
        scenario_release(&s);
    }
}

static void test_file_errors(void **state)
{
    (void)state;
    struct scenario s;
    struct err e = {0};
    assert_int_equal(imp_scenario_file("/nonexistent/x.yaml", NULL, &s, &e), ST_IO);
    assert_non_null(strstr(e.msg, "cannot open '/nonexistent/x.yaml'"));
    assert_int_equal(imp_scenario_buffer("empty.yaml", "", 0, NULL, &s, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "empty.yaml: the file is empty"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_typo),
        cmocka_unit_test(test_missing_field),
        cmocka_unit_test(test_negative_price),
        cmocka_unit_test(test_unknown_size),
        cmocka_unit_test(test_other_checks),
        cmocka_unit_test(test_oracle_counts_per_server),
        cmocka_unit_test(test_store_items),
        cmocka_unit_test(test_schedules),
        cmocka_unit_test(test_file_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
