/*
 * test_mdl_whatif.c - the what-if model on scenarios built in C, with every
 * expected figure computed by hand in the comments: yearly totals and
 * break-even, escalation and NPV, a lease ending mid-horizon, amortisation
 * with maintenance, Oracle purchase vs BYOL, and the sensitivity ranking.
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "mdl_whatif.h"

#define MAXI 4

/* A scenario with up to 3 alternatives of up to MAXI items, no heap. */
struct fixture {
    struct scenario s;
    struct scn_alternative alts[3];
    struct scn_item items[3][MAXI];
};

static void fixture_init(struct fixture *f, int years, size_t nalts)
{
    memset(f, 0, sizeof *f);
    f->s.path = "test.yaml";
    f->s.name = "test";
    f->s.start_fy = 2026;
    f->s.years = years;
    f->s.fy_start_month = 4;
    f->s.nalts = nalts;
    f->s.alts = f->alts;
    static char *names[] = {"a", "b", "c"};
    for (size_t a = 0; a < nalts; a++) {
        f->alts[a].name = names[a];
        f->alts[a].items = f->items[a];
    }
}

static struct scn_item *add(struct fixture *f, size_t alt, enum scn_kind kind,
                            enum scn_category cat)
{
    struct scn_item *it = &f->items[alt][f->alts[alt].nitems++];
    it->kind = kind;
    it->name = "item";
    it->line = 1;
    it->category = cat;
    it->start_year = 1;
    it->escalation = NAN;
    it->count = 1;
    it->quantity = 1;
    it->licence_price = -1;
    it->owned = -1;
    it->support_pct = 0.22;
    return it;
}

static void run_ok(const struct scenario *s, struct whatif_result *r)
{
    struct err e = {0};
    enum status st = mdl_whatif_run(s, NULL, r, &e);
    if (st != ST_OK)
        fail_msg("%s", e.msg);
}

static void test_hand_totals_and_break_even(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f, 3, 2);
    f.s.usd_jpy = 150;
    /* a: 100,000 yen a month = 1,200,000 a year, plus 500,000 once in year 2 */
    add(&f, 0, SCN_RECURRING, SCN_CAT_FACILITY)->per_month = 100000;
    struct scn_item *once = add(&f, 0, SCN_ONE_OFF, SCN_CAT_MIGRATION);
    once->amount = 500000;
    once->start_year = 2;
    /* b: 2 VMs x 0.5 USD x 730 h x 12 x 150 = 1,314,000 a year */
    struct scn_item *vm = add(&f, 1, SCN_VM, SCN_CAT_COMPUTE);
    vm->count = 2;
    vm->price_per_hour = 0.5;
    vm->hours_per_month = 730;
    vm->currency = SCN_USD;
    struct whatif_result r;
    run_ok(&f.s, &r);
    assert_int_equal(r.alts[0].years[0].total, 1200000);
    assert_int_equal(r.alts[0].years[1].total, 1700000);
    assert_int_equal(r.alts[0].years[1].by_cat[SCN_CAT_MIGRATION], 500000);
    assert_int_equal(r.alts[0].years[2].cumulative, 4100000);
    assert_int_equal(r.alts[1].years[0].by_cat[SCN_CAT_COMPUTE], 1314000);
    assert_int_equal(r.alts[1].years[2].cumulative, 3942000);
    assert_int_equal(r.alts[0].years[2].fy, 2028);
    /* cumulative b <= a from year 2 (2,628,000 <= 2,900,000) on: FY2027 */
    assert_int_equal(r.alts[1].break_even_fy, 2027);
    assert_int_equal(r.alts[1].rank, 1);
    assert_int_equal(r.alts[0].rank, 2);
    assert_int_equal(r.alts[0].npv, 4100000); /* discount rate 0: NPV = total */
    assert_true(r.cats_used & (1U << SCN_CAT_COMPUTE));
    assert_false(r.cats_used & (1U << SCN_CAT_LABOUR));
    whatif_result_release(&r);
    /* against b as the baseline, a is cheaper in year 1 only: it never breaks even */
    f.s.baseline = 1;
    run_ok(&f.s, &r);
    assert_int_equal(r.baseline, 1);
    assert_int_equal(r.alts[0].break_even_fy, 0);
    assert_int_equal(r.alts[1].break_even_fy, 2026);
    whatif_result_release(&r);
}

static void test_escalation_and_npv(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f, 3, 1);
    f.s.escalation = 0.10;
    f.s.discount_rate = 0.05;
    add(&f, 0, SCN_RECURRING, SCN_CAT_SOFTWARE)->per_year = 1000000;
    struct whatif_result r;
    run_ok(&f.s, &r);
    /* 1,000,000, 1,100,000, 1,210,000 */
    assert_int_equal(r.alts[0].years[0].total, 1000000);
    assert_int_equal(r.alts[0].years[1].total, 1100000);
    assert_int_equal(r.alts[0].years[2].total, 1210000);
    /* 1e6/1.05 + 1.1e6/1.05^2 + 1.21e6/1.05^3 = 2,995,356.87 */
    assert_int_equal(r.alts[0].npv, 2995357);
    whatif_result_release(&r);
    /* an item's own escalation overrides the scenario's */
    f.items[0][0].escalation = 0;
    run_ok(&f.s, &r);
    assert_int_equal(r.alts[0].years[2].total, 1000000);
    whatif_result_release(&r);
}

static void test_lease_ends_mid_horizon(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f, 4, 1);
    f.s.escalation = 0.10;
    /* 2 servers leased at 50,000 a month for 2 years: 1,200,000 in years 1-2, then nothing */
    struct scn_item *old = add(&f, 0, SCN_SERVER, SCN_CAT_HARDWARE);
    old->count = 2;
    old->lease_per_month = 50000;
    old->lease_years = 2;
    /* the replacement lease starts in year 3 at 60,000 escalated to year 3 prices
     * (x 1.1^2 = 871,200 a year) and stays fixed for its term */
    struct scn_item *neu = add(&f, 0, SCN_SERVER, SCN_CAT_HARDWARE);
    neu->lease_per_month = 60000;
    neu->lease_years = 5;
    neu->start_year = 3;
    struct whatif_result r;
    run_ok(&f.s, &r);
    assert_int_equal(r.alts[0].years[0].by_cat[SCN_CAT_HARDWARE], 1200000);
    assert_int_equal(r.alts[0].years[1].by_cat[SCN_CAT_HARDWARE], 1200000);
    assert_int_equal(r.alts[0].years[2].by_cat[SCN_CAT_HARDWARE], 871200);
    assert_int_equal(r.alts[0].years[3].by_cat[SCN_CAT_HARDWARE], 871200);
    whatif_result_release(&r);
}

static void test_purchase_amortised_with_maintenance(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f, 3, 1);
    struct scn_item *srv = add(&f, 0, SCN_SERVER, SCN_CAT_HARDWARE);
    srv->purchase_price = 1000000;
    srv->amortisation_years = 4; /* 250,000 a year, the 4th year beyond the horizon */
    srv->maintenance_pct = 0.10; /* 100,000 a year */
    struct whatif_result r;
    run_ok(&f.s, &r);
    for (int y = 0; y < 3; y++) {
        assert_int_equal(r.alts[0].years[y].by_cat[SCN_CAT_HARDWARE], 250000);
        assert_int_equal(r.alts[0].years[y].by_cat[SCN_CAT_MAINTENANCE], 100000);
    }
    whatif_result_release(&r);
    srv->amortisation_years = 0; /* paid in full in year 1 */
    run_ok(&f.s, &r);
    assert_int_equal(r.alts[0].years[0].by_cat[SCN_CAT_HARDWARE], 1000000);
    assert_int_equal(r.alts[0].years[1].by_cat[SCN_CAT_HARDWARE], 0);
    whatif_result_release(&r);
}

static void test_rounding_per_item_year(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f, 1, 1);
    /* three items of 0.4 yen round to 0 each; one of 2.5 rounds half away to 3 */
    for (int i = 0; i < 3; i++)
        add(&f, 0, SCN_RECURRING, SCN_CAT_OTHER)->per_year = 0.4;
    add(&f, 0, SCN_RECURRING, SCN_CAT_OTHER)->per_year = 2.5;
    struct whatif_result r;
    run_ok(&f.s, &r);
    assert_int_equal(r.alts[0].years[0].total, 3);
    whatif_result_release(&r);
}

static void test_oracle_purchase_and_byol(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f, 2, 2);
    f.s.usd_jpy = 100;
    /* purchase: EE on Azure, 16 vCPUs HT = 8 x 47,500 USD = 38,000,000 yen in year 1,
     * support 22% = 8,360,000 yen every year */
    struct scn_item *buy = add(&f, 0, SCN_ORACLE, SCN_CAT_ORACLE_LICENCE);
    buy->oracle = (struct oracle_spec){
        .edition = ORA_EE, .platform = ORA_AZURE, .vcpus = 16, .ht = 1, .servers = 1};
    /* BYOL owning 4: buy the 4 missing (19,000,000), support on 8 */
    struct scn_item *byol = add(&f, 1, SCN_ORACLE, SCN_CAT_ORACLE_LICENCE);
    *byol = *buy;
    byol->licensing = ORA_LIC_BYOL;
    byol->owned = 4;
    struct whatif_result r;
    run_ok(&f.s, &r);
    assert_int_equal(r.alts[0].years[0].by_cat[SCN_CAT_ORACLE_LICENCE], 38000000);
    assert_int_equal(r.alts[0].years[0].by_cat[SCN_CAT_ORACLE_SUPPORT], 8360000);
    assert_int_equal(r.alts[0].years[1].by_cat[SCN_CAT_ORACLE_LICENCE], 0);
    assert_int_equal(r.alts[0].years[1].by_cat[SCN_CAT_ORACLE_SUPPORT], 8360000);
    assert_int_equal(r.alts[1].years[0].by_cat[SCN_CAT_ORACLE_LICENCE], 19000000);
    assert_int_equal(r.alts[1].years[1].by_cat[SCN_CAT_ORACLE_SUPPORT], 8360000);
    whatif_result_release(&r);
    /* without an exchange rate the USD list price cannot be used */
    f.s.usd_jpy = 0;
    struct err e = {0};
    assert_int_equal(mdl_whatif_run(&f.s, NULL, &r, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "usd_jpy"));
}

static void test_sensitivity_ranking(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f, 1, 2);
    f.s.usd_jpy = 160;
    /* a: 1,000,000 yen; b: 6,000 USD = 960,000 yen -> b cheaper; at fx +15% b = 1,104,000 */
    add(&f, 0, SCN_RECURRING, SCN_CAT_OTHER)->per_year = 1000000;
    struct scn_item *b = add(&f, 1, SCN_RECURRING, SCN_CAT_COMPUTE);
    b->per_year = 6000;
    b->currency = SCN_USD;
    struct whatif_vary_spec spec;
    struct err e = {0};
    assert_int_equal(mdl_whatif_parse_vary("fx=+-15%", &spec, &e), ST_OK);
    struct whatif_sensitivity w;
    assert_int_equal(mdl_whatif_sensitivity(&f.s, &spec, &w, &e), ST_OK);
    assert_int_equal(w.nvariants, 3);
    assert_string_equal(w.v[0].label, "base");
    assert_int_equal(w.v[0].order[0], 1);
    assert_string_equal(w.v[1].label, "fx -15%");
    assert_int_equal(w.v[1].npv[1], 816000);
    assert_false(w.v[1].cheapest_changed);
    assert_string_equal(w.v[2].label, "fx +15%");
    assert_int_equal(w.v[2].npv[1], 1104000);
    assert_true(w.v[2].cheapest_changed);
    assert_true(w.v[2].ranking_changed);
    assert_int_equal(w.v[2].order[0], 0);
    whatif_sensitivity_release(&w);
}

static void test_utilisation_scales_paygo_hours_only(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f, 1, 1);
    /* 100 h a month x 1 yen x 12 = 1,200; +20% -> 1,440. A reserved VM stays at 730 h. */
    struct scn_item *vm = add(&f, 0, SCN_VM, SCN_CAT_COMPUTE);
    vm->price_per_hour = 1;
    vm->hours_per_month = 100;
    struct scn_item *rsv = add(&f, 0, SCN_VM, SCN_CAT_PAAS);
    rsv->price_per_hour = 1;
    rsv->hours_per_month = 100;
    rsv->reservation_years = 1;
    rsv->reservation_discount = 0.5; /* 730 x 0.5 x 12 = 4,380 */
    struct whatif_adjust adj = WHATIF_ADJUST_NONE;
    adj.utilisation = 1.2;
    struct whatif_result r;
    struct err e = {0};
    assert_int_equal(mdl_whatif_run(&f.s, &adj, &r, &e), ST_OK);
    assert_int_equal(r.alts[0].years[0].by_cat[SCN_CAT_COMPUTE], 1440);
    assert_int_equal(r.alts[0].years[0].by_cat[SCN_CAT_PAAS], 4380);
    whatif_result_release(&r);
}

static void test_parse_vary(void **state)
{
    (void)state;
    struct whatif_vary_spec spec;
    struct err e = {0};
    assert_int_equal(mdl_whatif_parse_vary("fx=+-15%,utilisation=+-20%", &spec, &e), ST_OK);
    assert_int_equal(spec.n, 2);
    assert_int_equal(spec.v[0].factor, WHATIF_FX);
    assert_rel_close(spec.v[0].pct, 0.15, 1e-12);
    assert_int_equal(spec.v[1].factor, WHATIF_UTILISATION);
    assert_rel_close(spec.v[1].pct, 0.20, 1e-12);
    assert_int_equal(mdl_whatif_parse_vary("utilization=10,discount=+/-50%", &spec, &e), ST_OK);
    assert_int_equal(spec.v[1].factor, WHATIF_DISCOUNT);
    assert_int_equal(mdl_whatif_parse_vary("fxx=+-15%", &spec, &e), ST_USAGE);
    assert_non_null(strstr(e.msg, "unknown factor 'fxx'"));
    assert_int_equal(mdl_whatif_parse_vary("fx=+-abc", &spec, &e), ST_USAGE);
    assert_int_equal(mdl_whatif_parse_vary("fx", &spec, &e), ST_USAGE);
    assert_int_equal(mdl_whatif_parse_vary("", &spec, &e), ST_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_totals_and_break_even),
        cmocka_unit_test(test_escalation_and_npv),
        cmocka_unit_test(test_lease_ends_mid_horizon),
        cmocka_unit_test(test_purchase_amortised_with_maintenance),
        cmocka_unit_test(test_rounding_per_item_year),
        cmocka_unit_test(test_oracle_purchase_and_byol),
        cmocka_unit_test(test_sensitivity_ranking),
        cmocka_unit_test(test_utilisation_scales_paygo_hours_only),
        cmocka_unit_test(test_parse_vary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
