/*
 * test_mdl_vmcat_net.c - the VM catalogue's network bandwidth (issue 21 item 1):
 * a few sizes against the "Max Bandwidth (Mbps)" column of their Microsoft
 * Learn pages (read 2026-12-03, list in docs/rightsize.md), the labelled
 * fallbacks, and the right-sizing network rule using the catalogue figure
 * instead of the old 1,500 Mbit/s-per-vCPU guess.
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "date.h"
#include "mdl_rightsize.h"

#define HOURS 720 /* 30 days */
#define GIB   1073741824.0

static double cpu_avg[HOURS], cpu_max[HOURS], mem[HOURS], net[HOURS];
static double scratch[2 * HOURS];
static double prices[512];

static void expect_net(const char *size, int mbps, enum vmcat_net_src src)
{
    const struct vm_size *z = mdl_vmcat_find(size);
    assert_non_null(z);
    if (z->net_mbps != mbps || z->net_src != src)
        fail_msg("%s: catalogue %d Mbit/s (%s), page %d Mbit/s (%s)", size, z->net_mbps,
                 mdl_vmcat_net_src_name(z->net_src), mbps, mdl_vmcat_net_src_name(src));
    assert_rel_close(mdl_rs_net_capacity_mbps(z), (double)mbps, 1e-12);
}

static void test_documented_sizes(void **state)
{
    (void)state;
    /* dsv5-series: 16 vCPUs = 12,500, not the old guess of 24,000 */
    expect_net("Standard_D16s_v5", 12500, VMCAT_NET_DOC);
    expect_net("Standard_D2s_v5", 12500, VMCAT_NET_DOC);
    expect_net("Standard_D96s_v5", 35000, VMCAT_NET_DOC);
    expect_net("Standard_D64_v5", 30000, VMCAT_NET_DOC);
    /* esv5 vs ev5 differ at 96 vCPUs on their pages */
    expect_net("Standard_E96s_v5", 35000, VMCAT_NET_DOC);
    expect_net("Standard_E96_v5", 30000, VMCAT_NET_DOC);
    expect_net("Standard_E20s_v5", 12500, VMCAT_NET_DOC);
    /* esv4: E20s_v4 is below E16s_v4 on the page */
    expect_net("Standard_E20s_v4", 10000, VMCAT_NET_DOC);
    expect_net("Standard_D2s_v4", 5000, VMCAT_NET_DOC);
    expect_net("Standard_F48s_v2", 21000, VMCAT_NET_DOC);
    expect_net("Standard_F72s_v2", 30000, VMCAT_NET_DOC);
    expect_net("Standard_E128s_v6", 54000, VMCAT_NET_DOC);
    expect_net("Standard_DS1_v2", 750, VMCAT_NET_DOC);
    expect_net("Standard_D16s_v3", 2000, VMCAT_NET_DOC);
    expect_net("Standard_E16s_v3", 8000, VMCAT_NET_DOC);
}

static void test_fallbacks_are_labelled(void **state)
{
    (void)state;
    /* the Bv1 page leaves the bandwidth blank: the old estimate, labelled */
    expect_net("Standard_B2s", 250, VMCAT_NET_EST);
    expect_net("Standard_B20ms", 2500, VMCAT_NET_EST);
    /* Dv6/Ev6 have no page: their "s" twin's figure, labelled */
    expect_net("Standard_D96_v6", 41000, VMCAT_NET_TWIN);
    expect_net("Standard_E2_v6", 12500, VMCAT_NET_TWIN);
    assert_string_equal(mdl_vmcat_net_src_name(VMCAT_NET_EST), "estimate");
    /* every size has a positive figure; only Bv1 is an estimate, only Dv6/Ev6 twins */
    size_t n;
    const struct vm_size *all = mdl_vmcat_all(&n);
    for (size_t i = 0; i < n; i++) {
        assert_true(all[i].net_mbps > 0);
        int is_b = strcmp(all[i].family, "Bv1") == 0;
        int is_twin = strcmp(all[i].family, "Dv6") == 0 || strcmp(all[i].family, "Ev6") == 0;
        assert_int_equal(all[i].net_src == VMCAT_NET_EST, is_b);
        assert_int_equal(all[i].net_src == VMCAT_NET_TWIN, is_twin);
    }
}

/* ---- the rule ---- */

static void set_prices(void)
{
    size_t n;
    const struct vm_size *cat = mdl_vmcat_all(&n);
    assert_true(n <= sizeof prices / sizeof prices[0]);
    for (size_t i = 0; i < n; i++)
        prices[i] = strcmp(cat[i].family, "Dsv5") == 0 ? 8.5 * cat[i].vcpus : NAN;
}

/* Flat series; network given in Mbit/s, stored as bytes per hour like the metric. */
static struct rs_vm flat_vm(const char *size, double cpu, double avail_gib, double mbps)
{
    for (int k = 0; k < HOURS; k++) {
        cpu_avg[k] = cpu;
        cpu_max[k] = cpu;
        mem[k] = avail_gib * GIB;
        net[k] = mbps * 1e6 / 8.0 * 3600.0;
    }
    struct rs_vm vm = {
        .resource_id = "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/"
                       "virtualmachines/vm",
        .size = mdl_vmcat_find(size),
        .hour_from = (int64_t)date_from_civil(2025, 4, 7) * 24,
        .hours = HOURS,
        .cpu_avg = cpu_avg,
        .cpu_max = cpu_max,
        .mem_avail = mem,
        .net_out = net,
        .monthly_cost = NAN,
    };
    assert_non_null(vm.size);
    return vm;
}

static void test_rule_uses_catalogue(void **state)
{
    (void)state;
    set_prices();
    struct rs_thresholds t;
    mdl_rs_defaults(&t);
    t.user_facing = 0;
    char why[RS_REASON_MAX];
    struct rs_result r;

    /* P95 network is a share of the documented 12,500 Mbit/s: 2,500 -> 20% */
    struct rs_vm vm = flat_vm("Standard_D16s_v5", 30, 40, 2500);
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_rel_close(r.p95_net_pct, 20.0, 1e-9);

    /* idle CPU but 400 Mbit/s out: 3.2% of 12,500, above Advisor's 2%, so no
     * shutdown (the old 24,000 guess made it 1.7% and shut it down) */
    vm = flat_vm("Standard_D16s_v5", 0.5, 60, 400);
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_not_equal(r.action, RS_SHUTDOWN);
    assert_rel_close(r.p95_net_pct, 3.2, 1e-9);

    /* 6,000 Mbit/s out, little CPU and memory: D2s_v5 is documented at
     * 12,500 (48% <= 80%), so it qualifies; the old guess (3,000) ruled out
     * everything below D8s_v5 */
    vm = flat_vm("Standard_D16s_v5", 2.5, 62, 6000);
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_non_null(r.recommended);
    assert_string_equal(r.recommended->name, "Standard_D2s_v5");

    /* above the smaller sizes' documented bandwidth: 14,000 Mbit/s is 112% of
     * D16s_v5's 12,500 already, so no smaller Dsv5 can take it */
    vm = flat_vm("Standard_D32s_v5", 2.5, 125, 14000);
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_KEEP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documented_sizes),
        cmocka_unit_test(test_fallbacks_are_labelled),
        cmocka_unit_test(test_rule_uses_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
