/*
 * test_mdl_paas.c - the App Service plan and SQL Database rules (mdl_paas.h)
 * on hand-made hourly series: each rule's threshold just inside and just
 * outside, the tier and DTU parsers, the id classifier, own-bill versus
 * list-step prices, and missing metrics (rule not applied).
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "mdl_paas.h"

#define HOURS 720 /* 30 days */

static double cpu[HOURS], mem[HOURS], net[HOURS], conn[HOURS], scratch[HOURS];

static void fill(double *x, double v)
{
    for (size_t k = 0; k < HOURS; k++)
        x[k] = v;
}

static struct paas_thresholds thr(void)
{
    struct paas_thresholds t;
    mdl_paas_defaults(&t);
    return t;
}

static struct paas_plan plan(const char *tier, double instances, double cost)
{
    struct paas_plan p = {
        .tier = mdl_asp_tier_parse(tier),
        .instances = instances,
        .monthly_cost = cost,
        .hours = HOURS,
        .cpu_avg = cpu,
        .mem_pct = mem,
        .bytes_in = net,
    };
    return p;
}

static void test_parsers(void **state)
{
    (void)state;
    assert_string_equal(mdl_asp_tier_parse("P1 v3 App")->name, "P1v3");
    assert_string_equal(mdl_asp_tier_parse("p2v2")->name, "P2v2");
    assert_string_equal(mdl_asp_tier_parse("S1 App")->name, "S1");
    assert_null(mdl_asp_tier_parse("P1mv3 App"));
    assert_null(mdl_asp_tier_parse("vCore"));
    assert_int_equal(mdl_sql_dtus_of("S2 DTUs"), 50);
    assert_int_equal(mdl_sql_dtus_of("Standard S12"), 3000);
    assert_int_equal(mdl_sql_dtus_of("P1 DTUs"), 125);
    assert_int_equal(mdl_sql_dtus_of("vCore"), 0);
    assert_int_equal(mdl_sql_dtus_of("GS2"), 0); /* not a whole word */
    assert_int_equal(mdl_paas_kind_of("/subscriptions/s/resourceGroups/r/providers/"
                                      "Microsoft.Web/serverfarms/asp1"),
                     PAAS_APP_PLAN);
    assert_int_equal(mdl_paas_kind_of("/subscriptions/s/resourcegroups/r/providers/"
                                      "microsoft.sql/servers/s1/databases/db1"),
                     PAAS_SQL_DB);
    assert_int_equal(mdl_paas_kind_of("/subscriptions/s/resourcegroups/r/providers/"
                                      "microsoft.sql/servers/s1/databases/master"),
                     PAAS_NONE);
    assert_int_equal(mdl_paas_kind_of("/subscriptions/s/resourcegroups/r/providers/"
                                      "microsoft.sql/servers/s1/elasticpools/p1"),
                     PAAS_NONE);
    assert_int_equal(mdl_paas_kind_of("/subscriptions/s/resourcegroups/r/providers/"
                                      "microsoft.compute/virtualmachines/vm1"),
                     PAAS_NONE);
}

/* 6 instances: 2 are enough while peak CPU x 6 / 2 <= 70, i.e. CPU <= 23.33 %. */
static void test_plan_fewer_instances_boundary(void **state)
{
    (void)state;
    struct paas_thresholds t = thr();
    struct paas_result r;
    fill(cpu, 23.3);
    fill(mem, 20);
    fill(net, 1e8);
    struct paas_plan p = plan("P1 v3 App", 6, 60000);
    mdl_paas_plan(&p, &t, &r);
    assert_true(r.analysed);
    assert_int_equal(r.action, PAAS_FEWER_INSTANCES);
    assert_float_equal(r.units_new, 2, 1e-9);
    assert_float_equal(r.monthly_savings, 40000, 1e-6); /* 60,000 x (1 - 2/6) */
    assert_string_equal(r.target, "P1v3 x 2");
    assert_int_equal(r.confidence, RS_CONF_HIGH);
    fill(cpu, 23.4); /* 23.4 x 3 = 70.2 > 70: three instances */
    mdl_paas_plan(&p, &t, &r);
    assert_int_equal(r.action, PAAS_FEWER_INSTANCES);
    assert_float_equal(r.units_new, 3, 1e-9);
    /* memory binds too: 27 % x 6 / 2 = 81 > 80 */
    fill(cpu, 10);
    fill(mem, 27);
    mdl_paas_plan(&p, &t, &r);
    assert_float_equal(r.units_new, 3, 1e-9);
    /* never below two instances when the plan runs two or more */
    fill(cpu, 1);
    fill(mem, 5);
    mdl_paas_plan(&p, &t, &r);
    assert_float_equal(r.units_new, 2, 1e-9);
}

/* 2 instances of P1v3 (2 vCPU, 8 GB): P0v3 (1 vCPU, 4 GB) while CPU <= 35 %
 * and memory <= 40 %; saves half at list steps, or what the bill says. */
static double own_p0v3(const struct asp_tier *t, const void *ctx)
{
    (void)ctx;
    return strcmp(t->name, "P1v3") == 0 ? 30.0 : strcmp(t->name, "P0v3") == 0 ? 18.0 : NAN;
}

static void test_plan_smaller_tier_boundary(void **state)
{
    (void)state;
    struct paas_thresholds t = thr();
    struct paas_result r;
    fill(net, 1e8);
    fill(cpu, 35);
    fill(mem, 40);
    struct paas_plan p = plan("P1 v3 App", 2, 50000);
    mdl_paas_plan(&p, &t, &r);
    assert_int_equal(r.action, PAAS_SMALLER_TIER);
    assert_string_equal(r.target, "P0v3 x 2.0");
    assert_float_equal(r.monthly_savings, 25000, 1e-6);
    p.own_hourly = own_p0v3; /* the bill pays 18 / 30 of P1v3 for P0v3 */
    mdl_paas_plan(&p, &t, &r);
    assert_float_equal(r.monthly_savings, 50000 * (1 - 18.0 / 30.0), 1e-6);
    p.own_hourly = NULL;
    fill(cpu, 35.1);
    mdl_paas_plan(&p, &t, &r);
    assert_int_equal(r.action, PAAS_KEEP);
    fill(cpu, 35);
    fill(mem, 40.1);
    mdl_paas_plan(&p, &t, &r);
    assert_int_equal(r.action, PAAS_KEEP);
    /* an unknown tier: only instance counts and traffic are judged */
    struct paas_plan u = plan("I1 v2 App", 2, 50000);
    fill(mem, 10);
    mdl_paas_plan(&u, &t, &r);
    assert_int_equal(r.action, PAAS_KEEP);
    assert_true(r.analysed);
}

static void test_plan_no_traffic_boundary(void **state)
{
    (void)state;
    struct paas_thresholds t = thr();
    struct paas_result r;
    fill(cpu, 4.9);
    fill(mem, 10);
    fill(net, 1048575);
    struct paas_plan p = plan("S1 App", 1, 9000);
    mdl_paas_plan(&p, &t, &r);
    assert_int_equal(r.action, PAAS_DELETE);
    assert_float_equal(r.monthly_savings, 9000, 1e-9);
    net[100] = 1048576; /* one hour with real traffic */
    mdl_paas_plan(&p, &t, &r);
    assert_int_not_equal(r.action, PAAS_DELETE);
    fill(net, 10);
    fill(cpu, 5); /* CPU at the limit is not idle */
    mdl_paas_plan(&p, &t, &r);
    assert_int_not_equal(r.action, PAAS_DELETE);
    /* no BytesReceived at all: traffic unknown, never deleted */
    fill(cpu, 1);
    p.bytes_in = NULL;
    mdl_paas_plan(&p, &t, &r);
    assert_int_not_equal(r.action, PAAS_DELETE);
}

static void test_plan_missing_metrics(void **state)
{
    (void)state;
    struct paas_thresholds t = thr();
    struct paas_result r;
    fill(cpu, NAN);
    fill(mem, 10);
    fill(net, 1e8);
    struct paas_plan p = plan("P1 v3 App", 4, 40000);
    mdl_paas_plan(&p, &t, &r);
    assert_false(r.analysed);
    assert_float_equal(r.monthly_savings, 0, 0);
    assert_non_null(strstr(r.reason, "not analysed"));
    /* CPU but no memory: analysed, no change proposed */
    fill(cpu, 5);
    p.mem_pct = NULL;
    mdl_paas_plan(&p, &t, &r);
    assert_true(r.analysed);
    assert_int_equal(r.action, PAAS_KEEP);
    assert_int_equal(r.confidence, RS_CONF_MEDIUM);
    /* a third of the hours: low confidence */
    p.mem_pct = mem;
    for (size_t k = 0; k < HOURS; k++)
        cpu[k] = k % 3 == 0 ? 5 : NAN;
    mdl_paas_plan(&p, &t, &r);
    assert_int_equal(r.confidence, RS_CONF_LOW);
}

static struct paas_sql sqldb(double vcores, int dtus, double cost)
{
    struct paas_sql d = {
        .vcores = vcores,
        .dtus = dtus,
        .monthly_cost = cost,
        .hours = HOURS,
        .cpu_avg = cpu,
        .connections = conn,
    };
    return d;
}

/* 8 vCores: 2 hold a P95 of 17.5 % (x 4 = 70 %); 17.6 % needs 4. */
static void test_sql_smaller_size_boundary(void **state)
{
    (void)state;
    struct paas_thresholds t = thr();
    struct paas_result r;
    fill(cpu, 17.5);
    fill(conn, 100);
    struct paas_sql d = sqldb(8, 0, 80000);
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_int_equal(r.action, PAAS_SMALLER_SIZE);
    assert_string_equal(r.target, "2 vCores");
    assert_float_equal(r.monthly_savings, 60000, 1e-6);
    fill(cpu, 17.6);
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_string_equal(r.target, "4 vCores");
    assert_float_equal(r.monthly_savings, 40000, 1e-6);
    /* 2 vCores is the smallest size */
    struct paas_sql small = sqldb(2, 0, 20000);
    fill(cpu, 5);
    mdl_paas_sql(&small, &t, scratch, &r);
    assert_int_equal(r.action, PAAS_KEEP);
    /* the P95, not the peak: 5 % of hours at 90 % do not block */
    fill(cpu, 10);
    for (size_t k = 0; k < HOURS / 20; k++)
        cpu[k] = 90;
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_int_equal(r.action, PAAS_SMALLER_SIZE);
}

/* DTU model: S3 (100 DTU) at P95 35 % DTU -> S2 (50) at 70 %. */
static void test_sql_dtu(void **state)
{
    (void)state;
    struct paas_thresholds t = thr();
    struct paas_result r;
    double dtu[HOURS];
    for (size_t k = 0; k < HOURS; k++)
        dtu[k] = 35;
    fill(cpu, 80); /* the DTU % wins over CPU when present */
    fill(conn, 10);
    struct paas_sql d = sqldb(0, 100, 15000);
    d.dtu_pct = dtu;
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_int_equal(r.action, PAAS_SMALLER_SIZE);
    assert_string_equal(r.target, "S2");
    assert_float_equal(r.monthly_savings, 7500, 1e-6);
    for (size_t k = 0; k < HOURS; k++)
        dtu[k] = 35.1;
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_int_equal(r.action, PAAS_KEEP);
    /* neither vCores nor DTUs known: not analysed */
    struct paas_sql u = sqldb(0, 0, 15000);
    mdl_paas_sql(&u, &t, scratch, &r);
    assert_false(r.analysed);
}

/* Serverless: idle share at the 60 % limit, billed hours include the delay. */
static void test_sql_serverless_boundary(void **state)
{
    (void)state;
    struct paas_thresholds t = thr();
    struct paas_result r;
    /* active 4 hours out of every 10 (idle exactly 60 %) */
    for (size_t k = 0; k < HOURS; k++) {
        int active = k % 10 < 4;
        cpu[k] = active ? 40 : 0.5;
        conn[k] = active ? 50 : 0;
    }
    struct paas_sql d = sqldb(2, 0, 100000);
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_int_equal(r.action, PAAS_SERVERLESS);
    assert_float_equal(r.idle_share, 0.6, 1e-9);
    /* billed: 4 active + 1 delay hour of every 10 = 50 %, at 1.2 x */
    assert_float_equal(r.monthly_savings, 100000 * (1 - 0.5 * 1.2), 1e-6);
    /* one more active hour per 10: idle 50 % < 60 % */
    for (size_t k = 0; k < HOURS; k++)
        if (k % 10 == 4) {
            cpu[k] = 40;
            conn[k] = 50;
        }
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_int_equal(r.action, PAAS_KEEP);
    /* a connection keeps an hour active even at zero CPU */
    for (size_t k = 0; k < HOURS; k++) {
        cpu[k] = k % 10 < 2 ? 40 : 0;
        conn[k] = 1;
    }
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_float_equal(r.idle_share, 0, 1e-9);
    assert_int_equal(r.action, PAAS_KEEP);
    /* DTU databases are not offered serverless (vCore only) */
    for (size_t k = 0; k < HOURS; k++) {
        cpu[k] = k % 10 < 2 ? 30 : 0;
        conn[k] = 0;
    }
    struct paas_sql dd = sqldb(0, 10, 1500);
    mdl_paas_sql(&dd, &t, scratch, &r);
    assert_int_not_equal(r.action, PAAS_SERVERLESS);
    /* no CPU data: not analysed */
    fill(cpu, NAN);
    mdl_paas_sql(&d, &t, scratch, &r);
    assert_false(r.analysed);
    assert_non_null(strstr(r.reason, "no cpu_percent"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parsers),
        cmocka_unit_test(test_plan_fewer_instances_boundary),
        cmocka_unit_test(test_plan_smaller_tier_boundary),
        cmocka_unit_test(test_plan_no_traffic_boundary),
        cmocka_unit_test(test_plan_missing_metrics),
        cmocka_unit_test(test_sql_smaller_size_boundary),
        cmocka_unit_test(test_sql_dtu),
        cmocka_unit_test(test_sql_serverless_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
