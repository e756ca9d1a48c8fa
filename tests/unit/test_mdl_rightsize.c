/*
 * test_mdl_rightsize.c - the right-sizing rules on hand-made hourly series:
 * idle, oversized, right-sized, memory-bound, bursty, burstable B-series,
 * stopped-not-deallocated, low coverage, reservations, user-facing
 * inference, the projected-P95 cross-check, and bill orphans.
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

/* Made-up hourly prices per family (only relative order matters here). */
static void set_prices(void)
{
    size_t n;
    const struct vm_size *cat = mdl_vmcat_all(&n);
    assert_true(n <= sizeof prices / sizeof prices[0]);
    for (size_t i = 0; i < n; i++) {
        double per_cpu = NAN;
        if (strcmp(cat[i].family, "Dsv5") == 0)
            per_cpu = 8.5;
        else if (strcmp(cat[i].family, "Esv5") == 0)
            per_cpu = 11;
        else if (strcmp(cat[i].family, "Fsv2") == 0)
            per_cpu = 8;
        else if (strcmp(cat[i].family, "Bv1") == 0)
            per_cpu = 5;
        prices[i] = per_cpu * cat[i].vcpus;
    }
}

static int64_t monday(void)
{
    return (int64_t)date_from_civil(2025, 4, 7) * 24; /* 2025-04-07 is a Monday */
}

/* Flat series: CPU mean a, hourly max m, available memory avail_gib, network bytes/hour. */
static void flat(double a, double m, double avail_gib, double net_bph)
{
    for (int k = 0; k < HOURS; k++) {
        cpu_avg[k] = a;
        cpu_max[k] = m;
        mem[k] = avail_gib * GIB;
        net[k] = net_bph;
    }
}

static struct rs_vm vm_of(const char *size)
{
    struct rs_vm vm = {
        .resource_id = "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/"
                       "virtualmachines/vm",
        .size = mdl_vmcat_find(size),
        .hour_from = monday(),
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

static struct rs_thresholds thr(void)
{
    struct rs_thresholds t;
    mdl_rs_defaults(&t);
    return t;
}

static void test_idle_shutdown(void **state)
{
    (void)state;
    set_prices();
    flat(0.8, 1.5, 6, 1e6);
    struct rs_vm vm = vm_of("Standard_D2s_v5");
    vm.monthly_cost = 12000;
    struct rs_thresholds t = thr();
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_SHUTDOWN);
    assert_rel_close(r.monthly_savings, 12000, 1e-12);
    assert_int_equal(r.confidence, RS_CONF_HIGH);
    assert_rel_close(r.p95_cpu, 1.5, 1e-12);
    /* one busy 3-day stretch breaks the "highest 3-day mean <= 2%" rule */
    for (int k = 100; k < 172; k++)
        cpu_avg[k] = 2.5;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_not_equal(r.action, RS_SHUTDOWN);
    assert_true(r.max3d_cpu > 2.0);
}

/* The recommended (and alternative) size keeps projected P95 CPU and memory under the limits. */
static void check_projection(const struct rs_vm *vm, const struct rs_result *r,
                             const struct rs_thresholds *t)
{
    const struct vm_size *sizes[2] = {r->recommended, r->alternative};
    for (int i = 0; i < 2; i++) {
        const struct vm_size *z = sizes[i];
        if (!z)
            continue;
        double cpu_lim = r->user_facing ? t->uf_cpu : t->bg_cpu;
        double mem_lim = r->user_facing ? t->uf_mem : t->bg_mem;
        /* recompute P95 independently from the raw series, projected onto z */
        double proj[HOURS];
        for (int k = 0; k < HOURS; k++)
            proj[k] = vm->cpu_max[k] * vm->size->vcpus / z->vcpus;
        double q = mdl_rs_quantile(proj, HOURS, 0.95, scratch);
        assert_true(q <= cpu_lim);
        double used = vm->size->mem_gib * GIB - 1e300;
        for (int k = 0; k < HOURS; k++)
            if (vm->size->mem_gib * GIB - vm->mem_avail[k] > used)
                used = vm->size->mem_gib * GIB - vm->mem_avail[k];
        assert_true(100.0 * used / (z->mem_gib * GIB) <= mem_lim);
        assert_true(z->vcpus * 100.0 >= vm->size->vcpus * r->max_cpu); /* never below peak */
    }
}

static void test_oversized_resize(void **state)
{
    (void)state;
    set_prices();
    flat(8, 12, 28, 5e7); /* D8s_v5: 32 GiB, 4 GiB used */
    for (int k = 0; k < HOURS; k += 7)
        cpu_max[k] = 14; /* some variation */
    struct rs_vm vm = vm_of("Standard_D8s_v5");
    vm.monthly_cost = 68 * 730.0;
    struct rs_thresholds t = thr();
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_int_equal(r.user_facing, 0);
    assert_string_equal(r.recommended->name, "Standard_D2s_v5"); /* same family first */
    assert_non_null(r.alternative);
    assert_string_not_equal(r.alternative->family, "Dsv5");
    assert_string_equal(r.alternative->name, "Standard_E2s_v5");
    assert_rel_close(r.monthly_savings, 68 * 730.0 * (1 - 17.0 / 68.0), 1e-9);
    assert_true(r.alt_savings > 0 && r.alt_savings < r.monthly_savings);
    assert_int_equal(r.confidence, RS_CONF_HIGH);
    check_projection(&vm, &r, &t);
    /* a user-facing VM gets the stricter 40% limit: D2s_v5 would run at 56% */
    t.user_facing = 1;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_string_equal(r.recommended->name, "Standard_D4s_v5");
    check_projection(&vm, &r, &t);
}

static void test_right_sized_keep(void **state)
{
    (void)state;
    set_prices();
    flat(45, 60, 3, 1e8); /* D2s_v5 busy */
    struct rs_vm vm = vm_of("Standard_D2s_v5");
    struct rs_thresholds t = thr();
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_KEEP);
    assert_non_null(strstr(r.reason, "right-sized"));
}

static void test_memory_bound(void **state)
{
    (void)state;
    set_prices();
    flat(10, 15, 8, 1e7); /* E4s_v5: 32 GiB, 24 GiB used = 75% */
    struct rs_vm vm = vm_of("Standard_E4s_v5");
    struct rs_thresholds t = thr();
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_rel_close(r.peak_mem_pct, 75.0, 1e-9);
    assert_int_equal(r.action, RS_KEEP); /* E2s_v5 would need 150% of its memory */
    /* without memory data the same CPU profile would be halved */
    vm.mem_avail = NULL;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_string_equal(r.recommended->name, "Standard_E2s_v5");
    assert_int_not_equal(r.confidence, RS_CONF_HIGH);
}

static void test_bursty_never_below_peak(void **state)
{
    (void)state;
    set_prices();
    flat(3, 5, 12, 1e7); /* D4s_v5 mostly quiet ... */
    for (int k = 0; k < HOURS; k += 8)
        cpu_max[k] = 90; /* ... with short bursts to 90% (12.5% of hours) */
    struct rs_vm vm = vm_of("Standard_D4s_v5");
    struct rs_thresholds t = thr();
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_rel_close(r.p95_cpu, 90, 1e-12);
    assert_int_equal(r.action, RS_KEEP); /* 2 vCPUs would need 180% at the peaks */
}

static void test_burstable_b_series(void **state)
{
    (void)state;
    set_prices();
    flat(5, 25, 6, 1e7); /* D2s_v5, 2 GiB used, mean 5% */
    struct rs_vm vm = vm_of("Standard_D2s_v5");
    struct rs_thresholds t = thr();
    t.accel_net_in_use = 0;
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_string_equal(r.recommended->name, "Standard_B2s");
    assert_true(mdl_rs_project_cpu(r.avg_cpu, vm.size, r.recommended) <
                r.recommended->base_cpu_pct);
    check_projection(&vm, &r, &t);
    /* assuming accelerated networking is in use, B-series are not offered */
    t.accel_net_in_use = 1;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_true(r.action != RS_RESIZE || r.recommended->base_cpu_pct == 0);
}

/* Advisor offers a B-series size only with the same vCPU count; ours may
 * have fewer by default (--burstable fewer-cores), same-cores on request. */
static void test_burstable_same_cores(void **state)
{
    (void)state;
    set_prices();
    flat(2.5, 12, 14, 1e7); /* D4s_v5, 2 GiB used, mean 2.5% */
    struct rs_vm vm = vm_of("Standard_D4s_v5");
    struct rs_thresholds t = thr();
    t.accel_net_in_use = 0;
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_string_equal(r.recommended->name, "Standard_D2s_v5");
    assert_non_null(r.alternative);
    assert_string_equal(r.alternative->name, "Standard_B2s"); /* fewer cores: 2 of 4 */
    t.burstable_same_cores = 1;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_non_null(r.alternative);
    assert_true(r.alternative->base_cpu_pct == 0 || r.alternative->vcpus == 4);
    assert_string_equal(r.alternative->name, "Standard_F2s_v2");
}

static void test_low_coverage_low_confidence(void **state)
{
    (void)state;
    set_prices();
    flat(8, 12, 28, 5e7);
    for (int k = 0; k < HOURS; k++)
        if (k % 10 >= 3) /* 30% of hours have data */
            cpu_avg[k] = cpu_max[k] = NAN;
    struct rs_vm vm = vm_of("Standard_D8s_v5");
    struct rs_thresholds t = thr();
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_rel_close(r.coverage, 0.3, 1e-12);
    assert_int_equal(r.confidence, RS_CONF_LOW);
    assert_non_null(strstr(r.reason, "low data coverage"));
}

static void test_reserved_and_stopped(void **state)
{
    (void)state;
    set_prices();
    flat(8, 12, 28, 5e7);
    struct rs_vm vm = vm_of("Standard_D8s_v5");
    vm.reserved = 1;
    struct rs_thresholds t = thr();
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_RESIZE);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM);
    assert_non_null(strstr(r.reason, "reservation"));
    /* no CPU metrics at all, yet compute billed every hour */
    vm.reserved = 0;
    vm.cpu_avg = vm.cpu_max = NULL;
    vm.billed_hours = HOURS;
    vm.monthly_cost = 50000;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_SHUTDOWN);
    assert_non_null(strstr(r.reason, "deallocat"));
    assert_rel_close(r.monthly_savings, 50000, 1e-12);
    /* no metrics and nothing billed: no answer */
    vm.billed_hours = 0;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.action, RS_KEEP);
    assert_int_equal(r.confidence, RS_CONF_LOW);
}

static void test_user_facing_inferred(void **state)
{
    (void)state;
    set_prices();
    flat(2, 4, 28, 5e7);
    for (int k = 0; k < HOURS; k++) {
        int64_t jst = monday() + k + 9;
        int h = (int)(jst % 24), wd = date_weekday((int32_t)(jst / 24));
        if (h >= 9 && h < 18 && wd < 5) {
            cpu_avg[k] = 12;
            cpu_max[k] = 14;
        }
    }
    struct rs_vm vm = vm_of("Standard_D8s_v5");
    struct rs_thresholds t = thr();
    char why[RS_REASON_MAX];
    struct rs_result r;
    mdl_rightsize_vm(&vm, prices, &t, scratch, why, &r);
    assert_int_equal(r.user_facing, 1);
    assert_int_equal(r.action, RS_RESIZE);
    check_projection(&vm, &r, &t);
}

static void test_quantile(void **state)
{
    (void)state;
    double x[] = {5, NAN, 1, 4, 2, 3};
    double tmp[6];
    assert_rel_close(mdl_rs_quantile(x, 6, 0.5, tmp), 3, 1e-12);
    assert_rel_close(mdl_rs_quantile(x, 6, 0.95, tmp), 4.8, 1e-12); /* R type 7 */
    assert_rel_close(mdl_rs_quantile(x, 6, 1.0, tmp), 5, 1e-12);
    double none[] = {NAN};
    assert_true(isnan(mdl_rs_quantile(none, 1, 0.5, tmp)));
}

#define RG(g) "/subscriptions/s1/resourcegroups/" g "/providers/"

static void test_orphans(void **state)
{
    (void)state;
    struct rs_billed b[] = {
        {RG("rg-a") "microsoft.compute/virtualmachines/web01", "rg-a", "s1", "web01", RS_RES_VM},
        {RG("rg-a") "microsoft.compute/disks/web01_osdisk_1", "rg-a", "s1", "web01_osdisk_1",
         RS_RES_DISK},
        {RG("rg-b") "microsoft.compute/disks/old-data", "rg-b", "s1", "old-data", RS_RES_DISK},
        {RG("rg-c") "microsoft.compute/disks/web01-datadisk-0", "rg-c", "s1", "web01-datadisk-0",
         RS_RES_DISK},
        {RG("rg-b") "microsoft.network/publicipaddresses/pip1", "rg-b", "s1", "pip1",
         RS_RES_PUBLIC_IP},
        {RG("rg-a") "microsoft.network/publicipaddresses/pip-web01", "rg-a", "s1", "pip-web01",
         RS_RES_PUBLIC_IP},
        {RG("rg-a") "microsoft.network/publicipaddresses/pip-spare", "rg-a", "s1", "pip-spare",
         RS_RES_PUBLIC_IP},
        {RG("rg-d") "microsoft.network/loadbalancers/lb1", "rg-d", "s1", "lb1",
         RS_RES_NETWORK_USER},
        {RG("rg-d") "microsoft.network/publicipaddresses/lb-ip", "rg-d", "s1", "lb-ip",
         RS_RES_PUBLIC_IP},
        {RG("rg-a") "microsoft.compute/disks/web011-data", "rg-a", "s1", "web011-data",
         RS_RES_DISK},
    };
    enum { N = sizeof b / sizeof b[0] };
    for (size_t i = 0; i < N; i++)
        assert_int_equal(mdl_rs_kind_of(b[i].resource_id), b[i].kind);
    int orphan[N];
    const char *why[N];
    enum rs_confidence conf[N];
    assert_int_equal(mdl_rs_orphans(b, N, orphan, why, conf), 4);
    assert_int_equal(orphan[0], 0);
    assert_int_equal(orphan[1], 0); /* named after its VM */
    assert_int_equal(orphan[2], 1); /* nothing billed in rg-b, name matches no VM */
    assert_int_equal(conf[2], RS_CONF_HIGH);
    assert_non_null(why[2]);
    assert_int_equal(orphan[3], 0); /* other group, but named after a billed VM */
    assert_int_equal(orphan[4], 1);
    assert_int_equal(orphan[5], 0); /* pip-<vm> */
    assert_int_equal(orphan[6], 1); /* next to a VM but named after none */
    assert_int_equal(conf[6], RS_CONF_MEDIUM);
    assert_int_equal(orphan[7], 0);
    assert_int_equal(orphan[8], 0); /* a load balancer may hold it */
    assert_int_equal(orphan[9], 1); /* "web011" is not the token "web01" */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idle_shutdown),
        cmocka_unit_test(test_oversized_resize),
        cmocka_unit_test(test_right_sized_keep),
        cmocka_unit_test(test_memory_bound),
        cmocka_unit_test(test_bursty_never_below_peak),
        cmocka_unit_test(test_burstable_b_series),
        cmocka_unit_test(test_burstable_same_cores),
        cmocka_unit_test(test_low_coverage_low_confidence),
        cmocka_unit_test(test_reserved_and_stopped),
        cmocka_unit_test(test_user_facing_inferred),
        cmocka_unit_test(test_quantile),
        cmocka_unit_test(test_orphans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
