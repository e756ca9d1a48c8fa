/*
 * test_mdl_oracle.c - Oracle licence counts checked by hand for each rule:
 * on-premises core factor (with rounding up), Azure vCPUs with and without
 * hyper-threading, SE2 socket counting and its caps, NUP minimums, list prices.
 */
#include "test_util.h"

#include <string.h>

#include "mdl_oracle.h"

static long count_ok(const struct oracle_spec *sp, struct ora_count *oc)
{
    struct err e = {0};
    assert_int_equal(mdl_oracle_count(sp, oc, &e), ST_OK);
    return oc->licences;
}

static void test_onprem_core_factor(void **state)
{
    (void)state;
    struct ora_count oc;
    /* 2 sockets x 8 cores Intel: 16 x 0.5 = 8 */
    struct oracle_spec sp = {
        .edition = ORA_EE, .platform = ORA_ONPREM, .cores = 16, .core_factor = 0.5};
    assert_int_equal(count_ok(&sp, &oc), 8);
    assert_non_null(strstr(oc.rule, "16 cores x 0.5 = 8 processor licences"));
    /* 3 cores x 0.5 = 1.5 -> rounded up to 2 */
    sp.cores = 3;
    assert_int_equal(count_ok(&sp, &oc), 2);
    assert_non_null(strstr(oc.rule, "rounded up = 2"));
    /* IBM POWER: factor 1.0, 6 cores = 6 */
    sp.cores = 6;
    sp.core_factor = scn_oracle_core_factor("power");
    assert_int_equal(count_ok(&sp, &oc), 6);
    /* the table itself */
    assert_true(scn_oracle_core_factor("Intel") == 0.5);
    assert_true(scn_oracle_core_factor("amd") == 0.5);
    assert_true(scn_oracle_core_factor("sparc") == 0.5);
    assert_true(scn_oracle_core_factor("other") == 1.0);
    assert_true(scn_oracle_core_factor("z80") < 0);
}

static void test_azure_vcpus(void **state)
{
    (void)state;
    struct ora_count oc;
    struct oracle_spec sp = {.edition = ORA_EE, .platform = ORA_AZURE, .vcpus = 16, .ht = 1};
    /* docs/oracle.md worked example: E16ds v5, HT on -> 8 licences, 380,000 + 83,600/yr */
    assert_int_equal(count_ok(&sp, &oc), 8);
    assert_string_equal(oc.rule, "Azure, hyper-threading: 16 vCPUs / 2 = 8 processor licences");
    assert_rel_close(oc.licence_cost, 380000.0, 1e-12);
    assert_rel_close(oc.support_cost, 83600.0, 1e-12);
    /* an odd count rounds up: 5 / 2 = 3 */
    sp.vcpus = 5;
    assert_int_equal(count_ok(&sp, &oc), 3);
    /* no hyper-threading: 1 vCPU = 1 licence */
    sp.vcpus = 8;
    sp.ht = 0;
    assert_int_equal(count_ok(&sp, &oc), 8);
    /* two instances */
    sp.servers = 2;
    assert_int_equal(count_ok(&sp, &oc), 16);
    /* OCI: 1 OCPU = 2 vCPUs = 1 processor, whatever the HT flag */
    struct oracle_spec oci = {.edition = ORA_EE, .platform = ORA_OCI, .vcpus = 8};
    assert_int_equal(count_ok(&oci, &oc), 4);
}

static void test_se2_sockets(void **state)
{
    (void)state;
    struct ora_count oc;
    struct err e = {0};
    /* Azure SE2: 1 socket per 4 vCPUs, rounded up */
    struct oracle_spec sp = {.edition = ORA_SE2, .platform = ORA_AZURE, .vcpus = 4, .ht = 1};
    assert_int_equal(count_ok(&sp, &oc), 1);
    sp.vcpus = 5;
    assert_int_equal(count_ok(&sp, &oc), 2);
    sp.vcpus = 8;
    assert_int_equal(count_ok(&sp, &oc), 2);
    assert_rel_close(oc.licence_cost, 35000.0, 1e-12);
    /* capped at 8 vCPUs */
    sp.vcpus = 9;
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "SE2 is limited to 8 vCPUs"));
    /* on-premises SE2 counts sockets, on servers of at most 2 sockets */
    struct oracle_spec op = {.edition = ORA_SE2,
                             .platform = ORA_ONPREM,
                             .server_groups = {{2, 2, 1}},
                             .nserver_groups = 1};
    assert_int_equal(count_ok(&op, &oc), 2);
    op.server_groups[0] = (struct ora_server_group){4, 4, 1};
    assert_int_equal(mdl_oracle_count(&op, &oc, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "maximum capacity of 2 sockets"));
    op.server_groups[0] = (struct ora_server_group){2, 2, 2}; /* two 2-socket servers are fine */
    assert_int_equal(count_ok(&op, &oc), 4);
    /* options need EE */
    sp.vcpus = 4;
    sp.options = ORA_OPT_PARTITIONING;
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "Enterprise Edition"));
}

static void test_nup_minimums(void **state)
{
    (void)state;
    struct ora_count oc;
    /* EE: 25 NUP per processor. 16 cores x 0.5 = 8 processors -> 200 minimum */
    struct oracle_spec sp = {.edition = ORA_EE,
                             .platform = ORA_ONPREM,
                             .cores = 16,
                             .core_factor = 0.5,
                             .metric = ORA_NUP,
                             .users = 30};
    assert_int_equal(count_ok(&sp, &oc), 200);
    assert_int_equal(oc.nup_minimum, 200);
    assert_rel_close(oc.licence_cost, 200 * 950.0, 1e-12);
    sp.users = 500; /* more users than the minimum: the users count */
    assert_int_equal(count_ok(&sp, &oc), 500);
    /* SE2: 10 NUP per server */
    struct oracle_spec se = {.edition = ORA_SE2,
                             .platform = ORA_ONPREM,
                             .server_groups = {{1, 1, 2}},
                             .nserver_groups = 1,
                             .metric = ORA_NUP,
                             .users = 5};
    assert_int_equal(count_ok(&se, &oc), 20);
    se.users = 25;
    assert_int_equal(count_ok(&se, &oc), 25);
}

static void test_prices_with_options(void **state)
{
    (void)state;
    assert_rel_close(mdl_oracle_list_price(ORA_EE, ORA_PROCESSOR, 0), 47500.0, 1e-12);
    assert_rel_close(
        mdl_oracle_list_price(ORA_EE, ORA_PROCESSOR, ORA_OPT_RAC | ORA_OPT_PARTITIONING),
        47500.0 + 23000.0 + 11500.0, 1e-12);
    assert_rel_close(mdl_oracle_list_price(ORA_EE, ORA_NUP, ORA_OPT_DIAGNOSTICS | ORA_OPT_TUNING),
                     950.0 + 150.0 + 100.0, 1e-12);
    assert_rel_close(mdl_oracle_list_price(ORA_SE2, ORA_NUP, 0), 350.0, 1e-12);
    assert_int_equal(scn_oracle_option_from_name("RAC"), ORA_OPT_RAC);
    assert_int_equal(scn_oracle_option_from_name("golden-gate"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_onprem_core_factor),  cmocka_unit_test(test_azure_vcpus),
        cmocka_unit_test(test_se2_sockets),         cmocka_unit_test(test_nup_minimums),
        cmocka_unit_test(test_prices_with_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
