/*
 * test_mdl_storage.c - the Log Analytics and storage account rules
 * (mdl_storage.h) at their boundaries: commitment tier break-even and the
 * choice between tiers, the minimum days of data, retention against the
 * policy, hot -> cool / cold with reads and retrieval, redundancy priced
 * from the bill or the list ratio, and the meter and tag parsers.
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "mdl_storage.h"

#define DAYS 30

static double gb[DAYS];

static struct storage_thresholds thr(void)
{
    struct storage_thresholds t;
    mdl_storage_defaults(&t);
    return t;
}

/* every day q GB at 1 per GB, pay-as-you-go */
static struct la_ingestion steady(double q)
{
    for (size_t d = 0; d < DAYS; d++)
        gb[d] = q;
    struct la_ingestion in = {
        .days = DAYS, .gb = gb, .cost = q * DAYS, .month_scale = 1, .on_commitment = 0};
    return in;
}

static void test_commitment_break_even(void **state)
{
    (void)state;
    struct storage_thresholds t = thr();
    struct st_result r;
    /* 100 GB/day bills 85 % per GB: break-even at 85 GB a day */
    struct la_ingestion in = steady(84.9);
    mdl_la_commitment(&in, &t, &r);
    assert_true(r.analysed);
    assert_int_equal(r.action, ST_KEEP);
    in = steady(85.1);
    mdl_la_commitment(&in, &t, &r);
    assert_int_equal(r.action, ST_COMMITMENT_TIER);
    assert_string_equal(r.target, "100 GB/day");
    assert_true(fabs(r.monthly_savings - (85.1 - 85.0) * DAYS) < 1e-6);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM); /* days below the tier */
    in = steady(120);
    mdl_la_commitment(&in, &t, &r);
    assert_true(fabs(r.monthly_savings - 120 * 0.15 * DAYS) < 1e-6);
    assert_int_equal(r.confidence, RS_CONF_HIGH); /* never below 100 GB */
}

static void test_commitment_picks_cheapest_tier(void **state)
{
    (void)state;
    struct storage_thresholds t = thr();
    struct st_result r;
    /* 200 GB/day at 80 % = 160 per day; 100 GB/day at 85 % of q: equal at q = 188.2 */
    struct la_ingestion in = steady(185);
    mdl_la_commitment(&in, &t, &r);
    assert_string_equal(r.target, "100 GB/day");
    in = steady(190);
    mdl_la_commitment(&in, &t, &r);
    assert_string_equal(r.target, "200 GB/day");
    assert_true(fabs(r.monthly_savings - (190 - 160) * DAYS) < 1e-6);
    /* the month scale applies to the saving */
    in.month_scale = 2;
    mdl_la_commitment(&in, &t, &r);
    assert_true(fabs(r.monthly_savings - 2 * (190 - 160) * DAYS) < 1e-6);
}

static void test_commitment_not_applied(void **state)
{
    (void)state;
    struct storage_thresholds t = thr();
    struct st_result r;
    struct la_ingestion in = steady(0);
    for (size_t d = 0; d < 6; d++)
        gb[d] = 500;
    in.cost = 6 * 500;
    mdl_la_commitment(&in, &t, &r); /* 6 days of data < LA_MIN_DAYS */
    assert_false(r.analysed);
    assert_non_null(strstr(r.reason, "not analysed"));
    gb[6] = 500;
    in.cost = 7 * 500;
    mdl_la_commitment(&in, &t, &r); /* 7 days: analysed, the empty days still pay the tier */
    assert_true(r.analysed);
    in = steady(300);
    in.on_commitment = 1;
    mdl_la_commitment(&in, &t, &r);
    assert_int_equal(r.action, ST_KEEP);
    assert_non_null(strstr(r.reason, "already billed on a commitment tier"));
}

static void test_retention_policy(void **state)
{
    (void)state;
    struct storage_thresholds t = thr();
    struct st_result r;
    /* 10 GB a day, 300 GB held beyond the free 31 days: 61 days */
    struct la_retention in = {
        .retained_gbm = 300, .retention_cost = 600, .gb_per_day = 10, .month_scale = 1};
    mdl_la_retention(&in, &t, &r);
    assert_int_equal(r.action, ST_RETENTION);
    assert_true(fabs(r.monthly_savings - 600) < 1e-9); /* policy 31: all of it */
    assert_string_equal(r.target, "31 days");
    t.la_policy_days = 59; /* 2 of the 30 paid days are beyond the policy */
    mdl_la_retention(&in, &t, &r);
    assert_true(fabs(r.monthly_savings - 600 * 2.0 / 30.0) < 1e-9);
    t.la_policy_days = 60; /* within a day of the policy: keep */
    mdl_la_retention(&in, &t, &r);
    assert_int_equal(r.action, ST_KEEP);
    t.la_policy_days = 10; /* below the free days counts as the free days */
    mdl_la_retention(&in, &t, &r);
    assert_true(fabs(r.monthly_savings - 600) < 1e-9);
    /* nothing billed: analysed, keep */
    struct la_retention none = {.gb_per_day = 10, .month_scale = 1};
    mdl_la_retention(&none, &t, &r);
    assert_true(r.analysed);
    assert_int_equal(r.action, ST_KEEP);
    /* no ingestion: only the free-days policy can judge */
    in.gb_per_day = 0;
    t = thr();
    mdl_la_retention(&in, &t, &r);
    assert_int_equal(r.action, ST_RETENTION);
    t.la_policy_days = 90;
    mdl_la_retention(&in, &t, &r);
    assert_int_equal(r.action, ST_KEEP);
}

/* 1,000 GB hot at 1 per GB-month, R reads at 0.0001 each */
static struct st_hot hot(double reads)
{
    struct st_hot h = {.gbm = 1000,
                       .cap_cost = 1000,
                       .reads = reads,
                       .read_cost = reads * 0.0001,
                       .write_cost = 0,
                       .has_ops = 1,
                       .month_scale = 1};
    return h;
}

static double saving(const struct st_hot *h, int cool)
{
    double gb_read = h->reads * ST_READ_MIB / 1024.0;
    double now = h->cap_cost + h->read_cost;
    return now - (h->cap_cost * (cool ? ST_COOL_CAPACITY : ST_COLD_CAPACITY) +
                  h->read_cost * (cool ? ST_COOL_READ : ST_COLD_READ) +
                  gb_read * (cool ? ST_COOL_RETRIEVAL : ST_COLD_RETRIEVAL));
}

static void test_tier_reads(void **state)
{
    (void)state;
    struct storage_thresholds t = thr();
    struct st_result r;
    struct st_hot h = hot(0);
    mdl_st_tier(&h, &t, &r);
    assert_int_equal(r.action, ST_TO_COLD);
    assert_true(fabs(r.monthly_savings - 800) < 1e-9);
    h = hot(50000); /* cold still saves more than cool */
    mdl_st_tier(&h, &t, &r);
    assert_int_equal(r.action, ST_TO_COLD);
    assert_true(fabs(r.monthly_savings - saving(&h, 0)) < 1e-9);
    h = hot(60000); /* reads make cold dearer than cool */
    mdl_st_tier(&h, &t, &r);
    assert_int_equal(r.action, ST_TO_COOL);
    assert_true(fabs(r.monthly_savings - saving(&h, 1)) < 1e-9);
    /* the minimum share: cool saves just above / below 10 % of the capacity cost */
    h = hot(150000);
    assert_true(saving(&h, 1) > 100);
    mdl_st_tier(&h, &t, &r);
    assert_int_equal(r.action, ST_TO_COOL);
    h = hot(160000);
    assert_true(saving(&h, 1) < 100);
    mdl_st_tier(&h, &t, &r);
    assert_true(r.analysed);
    assert_int_equal(r.action, ST_KEEP);
    /* no operation meters: reads unknown, not analysed */
    h = hot(0);
    h.has_ops = 0;
    mdl_st_tier(&h, &t, &r);
    assert_false(r.analysed);
    assert_int_equal(r.action, ST_KEEP);
}

static void test_redundancy(void **state)
{
    (void)state;
    struct st_result r;
    struct st_geo g = {
        .red = ST_GRS, .cap_cost = 200, .geo_transfer = 10, .own_ratio = NAN, .month_scale = 1};
    mdl_st_redundancy(&g, &r);
    assert_int_equal(r.action, ST_LESS_REDUNDANCY);
    assert_string_equal(r.target, "LRS");
    assert_true(fabs(r.monthly_savings - (200 * 0.5 + 10)) < 1e-9);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM); /* list ratio */
    g.own_ratio = 0.4;                              /* the bill's own LRS price */
    mdl_st_redundancy(&g, &r);
    assert_true(fabs(r.monthly_savings - (200 * 0.6 + 10)) < 1e-9);
    assert_int_equal(r.confidence, RS_CONF_HIGH);
    g.red = ST_RA_GZRS;
    g.own_ratio = NAN;
    mdl_st_redundancy(&g, &r);
    assert_string_equal(r.target, "ZRS");
    assert_true(fabs(r.monthly_savings - (200 * (1 - 1.25 / 2.8) + 10)) < 1e-9);
    g.red = ST_LRS;
    mdl_st_redundancy(&g, &r);
    assert_int_equal(r.action, ST_KEEP);
}

static void test_parsers(void **state)
{
    (void)state;
    assert_int_equal(mdl_st_redundancy_of("Hot RA-GRS Data Stored"), ST_RA_GRS);
    assert_int_equal(mdl_st_redundancy_of("Hot GRS Data Stored"), ST_GRS);
    assert_int_equal(mdl_st_redundancy_of("Cool GZRS Data Stored"), ST_GZRS);
    assert_int_equal(mdl_st_redundancy_of("RA-GZRS Data Stored"), ST_RA_GZRS);
    assert_int_equal(mdl_st_redundancy_of("Hot LRS Data Stored"), ST_LRS);
    assert_int_equal(mdl_st_redundancy_of("Hot Read Operations"), ST_RED_NONE);
    assert_int_equal(mdl_st_redundancy_of("GRSX Data"), ST_RED_NONE);
    assert_int_equal(mdl_st_access_of("Hot LRS Data Stored"), ST_HOT);
    assert_int_equal(mdl_st_access_of("cold lrs data stored"), ST_COLD);
    assert_int_equal(mdl_st_access_of("Hotel"), ST_ACC_NONE);
    assert_int_equal(mdl_st_less_redundant(ST_RA_GRS), ST_LRS);
    assert_int_equal(mdl_st_less_redundant(ST_ZRS), ST_RED_NONE);
    assert_true(mdl_st_tagged("{\"Criticality\":\"Low\"}", "criticality", "low"));
    assert_false(mdl_st_tagged("{\"criticality\":\"high\"}", "criticality", "low"));
    assert_true(mdl_st_tagged("{\"criticality\":\"high\"}", "criticality", NULL));
    assert_false(mdl_st_tagged("not json", "criticality", NULL));
    size_t n;
    const struct la_tier *z = mdl_la_tiers(&n);
    assert_int_equal(n, 8);
    assert_int_equal(z[0].gb_per_day, 100);
    assert_true(z[n - 1].payg_ratio < z[0].payg_ratio);
}

/* Metrics: measured requests bound the reads, lift the confidence at high
 * coverage and let an account without operation meters be analysed; below
 * the minimum coverage the bill alone decides (same result as without). */
static void test_tier_metrics(void **state)
{
    (void)state;
    struct storage_thresholds t = thr();
    struct st_result bill, r;
    struct st_hot h = hot(0);
    mdl_st_tier(&h, &t, &bill);
    assert_int_equal(bill.confidence, RS_CONF_MEDIUM);
    h.metric_coverage = 0.95;
    h.metric_requests = 60000; /* more than the bill's 0 reads: retrieval costs more */
    mdl_st_tier(&h, &t, &r);
    assert_int_equal(r.action, ST_TO_COLD);
    assert_true(r.monthly_savings < bill.monthly_savings - 1);
    assert_int_equal(r.confidence, RS_CONF_HIGH);
    assert_non_null(strstr(r.reason, "metrics on 95 % of the window"));
    h.metric_coverage = 0.7; /* used, but medium */
    mdl_st_tier(&h, &t, &r);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM);
    h.metric_coverage = 0.4; /* too little: the bill path, unchanged */
    mdl_st_tier(&h, &t, &r);
    assert_int_equal(r.action, bill.action);
    assert_true(r.monthly_savings == bill.monthly_savings);
    assert_string_equal(r.reason, bill.reason);
    h = hot(0);
    h.has_ops = 0;
    h.metric_coverage = 1;
    h.metric_requests = 0;
    mdl_st_tier(&h, &t, &r);
    assert_true(r.analysed);
    assert_int_equal(r.action, ST_TO_COLD);
}

/* Measured GB per day replace the bill's days (the bill's rate kept) and
 * lift a medium finding to high. */
static void test_commitment_metrics(void **state)
{
    (void)state;
    struct storage_thresholds t = thr();
    struct st_result r;
    struct la_ingestion in = steady(120);
    gb[0] = 90; /* a low day: medium */
    in.cost = 0;
    for (size_t d = 0; d < DAYS; d++)
        in.cost += gb[d];
    mdl_la_commitment(&in, &t, &r);
    assert_int_equal(r.action, ST_COMMITMENT_TIER);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM);
    double measured[DAYS];
    for (size_t d = 0; d < DAYS; d++)
        measured[d] = d < 3 ? NAN : 150; /* 27 of 30 days measured */
    in.gb_metric = measured;
    in.metric_coverage = 0.9;
    mdl_la_commitment(&in, &t, &r);
    assert_int_equal(r.confidence, RS_CONF_HIGH);
    /* days 0..2 from the bill (90, 120, 120), the rest 150 at rate 1: tier 100 */
    double paid = 90 + 120 + 120 + 27 * 150.0, tier = (100 + 120 + 120 + 27 * 150.0) * 0.85;
    assert_true(fabs(r.monthly_savings - (paid - tier)) < 1e-9);
    in.metric_coverage = 0.3; /* too little: the bill */
    mdl_la_commitment(&in, &t, &r);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commitment_break_even),
        cmocka_unit_test(test_commitment_picks_cheapest_tier),
        cmocka_unit_test(test_commitment_not_applied),
        cmocka_unit_test(test_retention_policy),
        cmocka_unit_test(test_tier_reads),
        cmocka_unit_test(test_redundancy),
        cmocka_unit_test(test_parsers),
        cmocka_unit_test(test_tier_metrics),
        cmocka_unit_test(test_commitment_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
