/*
 * test_mdl_network.c - the bill-only rules of mdl_network.h at their
 * boundaries: a Premium plan tagged dev/test or not, the Standard tier of
 * each Premium tier, priced from the bill or the list table; a gateway just
 * under and just over the idle threshold, and one without a data meter (not
 * analysed); a snapshot 89, 90 and 91 days old; the dev/test tag test.
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "mdl_network.h"
#include "tags.h"

static struct net_thresholds thr(void)
{
    struct net_thresholds t;
    mdl_network_defaults(&t);
    return t;
}

static void test_devtest_tag(void **state)
{
    (void)state;
    struct asp_devtest in = {.tier = mdl_asp_tier_parse("P1 v3 App"),
                             .devtest = 0,
                             .instances = 2,
                             .monthly_cost = 1000,
                             .own_now = NAN,
                             .own_target = NAN};
    struct net_result r;
    mdl_asp_devtest(&in, &r);
    assert_int_equal(r.action, NET_KEEP); /* production plan: no row */
    assert_int_equal(r.analysed, 0);
    in.devtest = 1;
    mdl_asp_devtest(&in, &r);
    assert_int_equal(r.analysed, 1);
    assert_int_equal(r.action, NET_DEVTEST_TIER);
    assert_string_equal(r.target, "S2 x 2");
    assert_int_equal(r.price_from_list, 1);
    assert_true(fabs(r.monthly_savings - 1000 * (1 - 0.20 / 0.32)) < 1e-9);
    /* the bill's own rates win over the list */
    in.own_now = 40;
    in.own_target = 10;
    mdl_asp_devtest(&in, &r);
    assert_int_equal(r.price_from_list, 0);
    assert_true(fabs(r.monthly_savings - 750) < 1e-9);
    /* partial instances round up; more than Standard's 10: keep */
    in.instances = 2.2;
    mdl_asp_devtest(&in, &r);
    assert_string_equal(r.target, "S2 x 3");
    in.instances = 10.5;
    mdl_asp_devtest(&in, &r);
    assert_int_equal(r.action, NET_KEEP);
    assert_int_equal(r.analysed, 1);
    /* a tier that is not Premium: no target */
    in.tier = mdl_asp_tier_parse("S2 App");
    in.instances = 2;
    mdl_asp_devtest(&in, &r);
    assert_int_equal(r.action, NET_KEEP);
    /* unknown tier: not analysed */
    in.tier = NULL;
    mdl_asp_devtest(&in, &r);
    assert_int_equal(r.analysed, 0);
}

static void test_devtest_targets(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {{"P1v2", "S1"}, {"P2v2", "S2"}, {"P3v2", "S3"},
                                           {"P0v3", "S1"}, {"P1v3", "S2"}, {"P2v3", "S3"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const struct asp_tier *to = mdl_asp_devtest_target(mdl_asp_tier_parse(pairs[i][0]));
        assert_non_null(to);
        assert_string_equal(to->name, pairs[i][1]);
        assert_true(mdl_asp_list_hourly(to) < mdl_asp_list_hourly(mdl_asp_tier_parse(pairs[i][0])));
    }
    assert_null(mdl_asp_devtest_target(mdl_asp_tier_parse("P3v3"))); /* 8 vCPU: no Standard */
    assert_null(mdl_asp_devtest_target(mdl_asp_tier_parse("B2")));
}

static void test_tags(void **state)
{
    (void)state;
    assert_int_equal(tags_devtest("{\"env\":\"dev\"}"), 1);
    assert_int_equal(tags_devtest("{\"Environment\":\"STG\"}"), 1);
    assert_int_equal(tags_devtest("{\"env\":\"test\"}"), 1);
    assert_int_equal(tags_devtest("{\"env\":\"prod\"}"), 0);
    assert_int_equal(tags_devtest("{\"system\":\"dev\"}"), 0);
    assert_int_equal(tags_devtest("{}"), 0);
    assert_int_equal(tags_devtest("not json"), 0);
}

static struct net_gateway gw(double gb, int has_data)
{
    struct net_gateway g = {.kind = NET_VNET_GATEWAY,
                            .has_data_meter = has_data,
                            .data_gb = gb,
                            .fixed_cost = 3960,
                            .fixed_hours = 720,
                            .month_scale = 1};
    return g;
}

static void test_idle_threshold(void **state)
{
    (void)state;
    struct net_thresholds t = thr();
    struct net_result r;
    struct net_gateway g = gw(0.99, 1);
    mdl_net_idle(&g, &t, &r);
    assert_int_equal(r.action, NET_IDLE);
    assert_true(fabs(r.monthly_savings - 3960) < 1e-9);
    g = gw(1.0, 1); /* at the threshold: idle */
    mdl_net_idle(&g, &t, &r);
    assert_int_equal(r.action, NET_IDLE);
    g = gw(1.01, 1);
    mdl_net_idle(&g, &t, &r);
    assert_int_equal(r.action, NET_KEEP);
    assert_int_equal(r.analysed, 1);
    /* the window is scaled to 30 days: 0.6 GB in 15 days is 1.2 a month */
    g = gw(0.6, 1);
    g.month_scale = 2;
    mdl_net_idle(&g, &t, &r);
    assert_int_equal(r.action, NET_KEEP);
    assert_true(fabs(r.monthly_savings) < 1e-12);
    /* overridden threshold */
    t.idle_gb = 5;
    mdl_net_idle(&g, &t, &r);
    assert_int_equal(r.action, NET_IDLE);
    assert_true(fabs(r.monthly_savings - 7920) < 1e-9);
    /* no data meter: not analysed */
    g = gw(0, 0);
    mdl_net_idle(&g, &t, &r);
    assert_int_equal(r.analysed, 0);
    assert_int_equal(r.action, NET_KEEP);
}

static void test_meters(void **state)
{
    (void)state;
    assert_int_equal(mdl_net_kind_of("/subscriptions/s/resourcegroups/g/providers/"
                                     "microsoft.network/natgateways/n"),
                     NET_NAT_GATEWAY);
    assert_int_equal(mdl_net_kind_of("/subscriptions/s/resourcegroups/g/providers/"
                                     "microsoft.network/loadbalancers/n"),
                     NET_LOAD_BALANCER);
    assert_int_equal(mdl_net_kind_of("/subscriptions/s/resourcegroups/g/providers/"
                                     "microsoft.network/publicipaddresses/n"),
                     NET_NONE);
    assert_int_equal(mdl_net_is_data_meter("Standard Data Processed"), 1);
    assert_int_equal(mdl_net_is_data_meter("Inter-Virtual Network Data Transfer Out"), 1);
    assert_int_equal(mdl_net_is_data_meter("Standard Included LB Rules and Outbound Rules"), 0);
    assert_int_equal(mdl_net_is_hourly("1 Hour"), 1);
    assert_int_equal(mdl_net_is_hourly("1 GB"), 0);
    assert_int_equal(mdl_net_is_snapshot_meter("Storage", "LRS Snapshots"), 1);
    assert_int_equal(mdl_net_is_snapshot_meter("Storage", "P30 LRS Disk"), 0);
    assert_int_equal(mdl_net_is_snapshot_meter("Backup", "Snapshot"), 0);
}

static void test_snapshot_age(void **state)
{
    (void)state;
    struct net_thresholds t = thr();
    struct net_result r;
    struct snapshot s = {89, 960};
    mdl_snapshot(&s, &t, &r);
    assert_int_equal(r.analysed, 1);
    assert_int_equal(r.action, NET_KEEP);
    s.age_days = 90;
    mdl_snapshot(&s, &t, &r);
    assert_int_equal(r.action, NET_KEEP);
    s.age_days = 91;
    mdl_snapshot(&s, &t, &r);
    assert_int_equal(r.action, NET_OLD_SNAPSHOT);
    assert_true(fabs(r.monthly_savings - 960) < 1e-9);
    t.snapshot_days = 30; /* --snapshot-age 30 */
    s.age_days = 31;
    mdl_snapshot(&s, &t, &r);
    assert_int_equal(r.action, NET_OLD_SNAPSHOT);
    s.age_days = 0; /* not billed: not analysed */
    mdl_snapshot(&s, &t, &r);
    assert_int_equal(r.analysed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devtest_tag), cmocka_unit_test(test_devtest_targets),
        cmocka_unit_test(test_tags),        cmocka_unit_test(test_idle_threshold),
        cmocka_unit_test(test_meters),      cmocka_unit_test(test_snapshot_age),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
