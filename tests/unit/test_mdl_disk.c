/*
 * test_mdl_disk.c - the managed disk tier table, the bill's disk meter name
 * parser and the premium-disk rule on hand-made hourly IOPS series: idle
 * premium -> same-size E tier, busy premium kept, the share threshold, low
 * coverage, own-bill versus list prices, disks the rule must not touch.
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "mdl_disk.h"

#define HOURS 720 /* 30 days */

static double rd[HOURS], wr[HOURS];
static double scratch[2 * HOURS];

static void fill(double read_ops, double write_ops)
{
    for (size_t k = 0; k < HOURS; k++) {
        rd[k] = read_ops;
        wr[k] = write_ops;
    }
}

static struct rs_disk disk(const char *tier, double monthly_cost)
{
    struct rs_disk d = {
        .resource_id = "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/disks/d1",
        .tier = mdl_disktier_find(tier),
        .hours = HOURS,
        .read_ops = rd,
        .write_ops = wr,
        .monthly_cost = monthly_cost,
        .bill_price_now = NAN,
        .bill_price_target = NAN,
    };
    return d;
}

static void test_table(void **state)
{
    (void)state;
    size_t n;
    const struct disk_tier *all = mdl_disktier_all(&n);
    assert_int_equal(n, 14 + 14 + 11);
    const struct disk_tier *p30 = mdl_disktier_find("p30");
    assert_non_null(p30);
    assert_int_equal(p30->family, DISK_PREMIUM_SSD);
    assert_int_equal(p30->size_gib, 1024);
    assert_int_equal(p30->iops, 5000);
    assert_int_equal(p30->mbps, 200);
    const struct disk_tier *e30 = mdl_disktier_same_size(p30, DISK_STANDARD_SSD);
    assert_string_equal(e30->name, "E30");
    assert_int_equal(e30->iops, 500);
    assert_true(e30->list_usd_month < p30->list_usd_month);
    assert_null(mdl_disktier_same_size(mdl_disktier_find("P1"), DISK_STANDARD_HDD));
    assert_string_equal(mdl_disktier_same_size(mdl_disktier_find("P80"), DISK_STANDARD_SSD)->name,
                        "E80");
    assert_null(mdl_disktier_find("P5"));
    /* every premium tier has a Standard SSD twin of the same size, cheaper */
    for (size_t i = 0; i < n; i++) {
        assert_true(all[i].size_gib > 0 && all[i].iops > 0 && all[i].list_usd_month > 0);
        if (all[i].family != DISK_PREMIUM_SSD)
            continue;
        const struct disk_tier *e = mdl_disktier_same_size(&all[i], DISK_STANDARD_SSD);
        assert_non_null(e);
        assert_true(e->list_usd_month < all[i].list_usd_month);
    }
}

static void test_parse_meter(void **state)
{
    (void)state;
    char red[4];
    const struct disk_tier *t = mdl_disktier_parse_meter("P30 LRS Disk", red);
    assert_non_null(t);
    assert_string_equal(t->name, "P30");
    assert_int_equal(t->family, DISK_PREMIUM_SSD);
    assert_string_equal(red, "LRS");
    t = mdl_disktier_parse_meter("P10 ZRS Disk", red);
    assert_string_equal(t->name, "P10");
    assert_string_equal(red, "ZRS");
    t = mdl_disktier_parse_meter("E30 LRS Disk", red);
    assert_string_equal(t->name, "E30");
    assert_int_equal(t->family, DISK_STANDARD_SSD); /* a tier, but not premium */
    t = mdl_disktier_parse_meter("S4 Disks", red);
    assert_string_equal(t->name, "S4");
    assert_string_equal(red, "LRS");
    /* not capacity meters, or garbage */
    static const char *const bad[] = {
        "P30 LRS Disk Bursting",
        "Disk Operations",
        "P1 v3 App",
        "P31 LRS Disk",
        "P30 GRS Disk",
        "",
        "P30",
        "LRS Disk",
        "P30 LRS Disk Mount",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx LRS Disk",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        red[0] = 'x';
        assert_null(mdl_disktier_parse_meter(bad[i], red));
        assert_string_equal(red, "");
    }
    assert_null(mdl_disktier_parse_meter(NULL, NULL));
}

static void test_idle_premium_moves_to_e_tier(void **state)
{
    (void)state;
    struct rs_thresholds t;
    mdl_rs_defaults(&t);
    fill(60, 30);
    rd[100] = 300; /* one busy hour: 330 total, still below 80 % of 500 */
    struct rs_disk d = disk("P30", 20000);
    struct rs_disk_result r;
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 1);
    assert_int_equal(r.action, RS_RESIZE);
    assert_string_equal(r.target->name, "E30");
    assert_rel_close(r.max_iops, 330, 1e-12);
    assert_rel_close(r.p95_iops, 90, 1e-12);
    assert_rel_close(r.mean_iops, (719 * 90.0 + 330) / 720, 1e-12);
    assert_rel_close(r.coverage, 1.0, 1e-12);
    assert_int_equal(r.price_from_bill, 0);
    /* list price ratio applied to the actual monthly cost */
    assert_rel_close(r.monthly_savings, 20000 * (1 - 76.80 / 135.17), 1e-9);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM);
    assert_non_null(strstr(r.reason, "P30"));
    assert_non_null(strstr(r.reason, "E30"));
    assert_non_null(strstr(r.reason, "peaked at 330 IOPS"));
    assert_non_null(strstr(r.reason, "list price"));

    /* a smaller tier maps to its own size */
    d = disk("P10", 3000);
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 1);
    assert_string_equal(r.target->name, "E10");
}

static void test_busy_premium_kept(void **state)
{
    (void)state;
    struct rs_thresholds t;
    mdl_rs_defaults(&t);
    fill(60, 30);
    wr[500] = 320;
    rd[500] = 30; /* 350 IOPS: below 80 % of E30's 500 */
    struct rs_disk d = disk("P30", 20000);
    struct rs_disk_result r;
    mdl_rightsize_disk(&d, &t, scratch, &r);
    assert_int_equal(r.action, RS_RESIZE);
    rd[500] = 90; /* 410 >= 80 % of 500 */
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 1);
    assert_int_equal(r.action, RS_KEEP);
    assert_rel_close(r.monthly_savings, 0, 1e-12);
    assert_non_null(strstr(r.reason, "keep"));
    fill(2500, 900); /* a real database */
    mdl_rightsize_disk(&d, &t, scratch, &r);
    assert_int_equal(r.action, RS_KEEP);
    /* the share is configurable: at 90 % the 410 peak fits again */
    fill(60, 30);
    rd[500] = 90;
    wr[500] = 320;
    t.disk_iops_share = 90;
    mdl_rightsize_disk(&d, &t, scratch, &r);
    assert_int_equal(r.action, RS_RESIZE);
}

static void test_low_coverage_low_confidence(void **state)
{
    (void)state;
    struct rs_thresholds t;
    mdl_rs_defaults(&t);
    for (size_t k = 0; k < HOURS; k++) {
        rd[k] = k % 4 == 0 ? 50 : NAN; /* 25 % of the hours */
        wr[k] = NAN;
    }
    struct rs_disk d = disk("P20", 10000);
    struct rs_disk_result r;
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 1);
    assert_int_equal(r.action, RS_RESIZE);
    assert_rel_close(r.coverage, 0.25, 1e-12);
    assert_int_equal(r.confidence, RS_CONF_LOW);
    assert_non_null(strstr(r.reason, "low data coverage"));
    /* write data alone counts too */
    for (size_t k = 0; k < HOURS; k++) {
        rd[k] = NAN;
        wr[k] = 10;
    }
    d.read_ops = NULL;
    mdl_rightsize_disk(&d, &t, scratch, &r);
    assert_rel_close(r.coverage, 1.0, 1e-12);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM);
}

static void test_own_bill_price(void **state)
{
    (void)state;
    struct rs_thresholds t;
    mdl_rs_defaults(&t);
    fill(20, 20);
    struct rs_disk d = disk("P30", 19000);
    d.bill_price_now = 19800;   /* yen per disk-month of this disk's P30 meter */
    d.bill_price_target = 9900; /* an E30 elsewhere in the bill */
    struct rs_disk_result r;
    mdl_rightsize_disk(&d, &t, scratch, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_int_equal(r.price_from_bill, 1);
    assert_rel_close(r.monthly_savings, 9500, 1e-12);
    assert_non_null(strstr(r.reason, "your bill"));
    /* the bill's E30 is dearer than this disk's P30 (a discount): nothing to save */
    d.bill_price_target = 20000;
    mdl_rightsize_disk(&d, &t, scratch, &r);
    assert_int_equal(r.action, RS_KEEP);
    assert_rel_close(r.monthly_savings, 0, 1e-12);
    assert_non_null(strstr(r.reason, "costs no less"));
    d.bill_price_target = 9900;
    /* a disk reservation: same move, one level less sure, and said so */
    d.reserved = 1;
    mdl_rightsize_disk(&d, &t, scratch, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_int_equal(r.confidence, RS_CONF_LOW);
    assert_non_null(strstr(r.reason, "reservation"));
}

static void test_not_for_this_rule(void **state)
{
    (void)state;
    struct rs_thresholds t;
    mdl_rs_defaults(&t);
    fill(20, 20);
    struct rs_disk_result r;
    struct rs_disk d = disk("E30", 5000); /* already Standard SSD */
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 0);
    assert_int_equal(r.action, RS_KEEP);
    d = disk("S30", 5000);
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 0);
    d = disk("P99", 5000); /* unknown tier */
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 0);
    for (size_t k = 0; k < HOURS; k++)
        rd[k] = wr[k] = NAN;
    d = disk("P30", 5000); /* premium but no IOPS data: nothing can be proved */
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 0);
    assert_int_equal(r.action, RS_KEEP);
    d.read_ops = d.write_ops = NULL;
    assert_int_equal(mdl_rightsize_disk(&d, &t, scratch, &r), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_parse_meter),
        cmocka_unit_test(test_idle_premium_moves_to_e_tier),
        cmocka_unit_test(test_busy_premium_kept),
        cmocka_unit_test(test_low_coverage_low_confidence),
        cmocka_unit_test(test_own_bill_price),
        cmocka_unit_test(test_not_for_this_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
