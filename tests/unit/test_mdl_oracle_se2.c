/*
 * test_mdl_oracle_se2.c - on-premises Oracle SE2 is allowed only on servers
 * whose maximum socket capacity is 2 (issue 21 item 2): each server is
 * checked on its own capacity, so a 3-socket server plus a 1-socket server
 * (4 sockets on 2 servers, which the old total check let through) is refused
 * with the rule in words, and 2 + 2 passes.
 */
#include "test_util.h"

#include <string.h>

#include "mdl_oracle.h"

static struct oracle_spec se2(void)
{
    struct oracle_spec sp = {.edition = ORA_SE2, .platform = ORA_ONPREM};
    return sp;
}

static void add(struct oracle_spec *sp, int capacity, int occupied, int count)
{
    sp->server_groups[sp->nserver_groups++] = (struct ora_server_group){capacity, occupied, count};
}

static void test_three_plus_one_refused(void **state)
{
    (void)state;
    struct oracle_spec sp = se2();
    add(&sp, 3, 3, 1);
    add(&sp, 1, 1, 1);
    struct ora_count oc;
    struct err e = {0};
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "SE2 may only be licensed on servers with a maximum capacity "
                                  "of 2 sockets"));
    assert_non_null(strstr(e.msg, "server 1 can hold 3 sockets"));
}

static void test_two_plus_two_passes(void **state)
{
    (void)state;
    struct oracle_spec sp = se2();
    add(&sp, 2, 2, 1);
    add(&sp, 2, 2, 1);
    struct ora_count oc;
    struct err e = {0};
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_OK);
    assert_int_equal(oc.processors, 4);
    assert_int_equal(oc.licences, 4);
    assert_rel_close(oc.licence_cost, 4 * 17500.0, 1e-12);
    assert_non_null(strstr(oc.rule, "maximum capacity of 2 sockets"));
    assert_non_null(strstr(oc.rule, "4 sockets on 2 servers = 4 processor licences"));
}

static void test_capacity_not_occupancy(void **state)
{
    (void)state;
    struct ora_count oc;
    struct err e = {0};
    /* a 4-socket server with one processor is still not an SE2 server */
    struct oracle_spec sp = se2();
    add(&sp, 4, 1, 1);
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "server 1 can hold 4 sockets (1 occupied)"));
    /* a half-filled 2-socket server counts its one occupied socket */
    sp = se2();
    add(&sp, 2, 1, 3);
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_OK);
    assert_int_equal(oc.processors, 3);
    /* the bad server is found whatever its place in the list */
    sp = se2();
    add(&sp, 2, 2, 5);
    add(&sp, 8, 2, 1);
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "server 2 can hold 8 sockets"));
    /* occupied above capacity, and no servers at all, are errors too */
    sp = se2();
    add(&sp, 2, 3, 1);
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_PARSE);
    sp = se2();
    sp.sockets = 2; /* a total alone cannot be checked */
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "socket capacity"));
}

static void test_nup_minimum_per_listed_server(void **state)
{
    (void)state;
    struct oracle_spec sp = se2();
    add(&sp, 2, 1, 2);
    add(&sp, 1, 1, 1);
    sp.metric = ORA_NUP;
    sp.users = 5;
    struct ora_count oc;
    struct err e = {0};
    assert_int_equal(mdl_oracle_count(&sp, &oc, &e), ST_OK);
    assert_int_equal(oc.nup_minimum, 30); /* 10 per server x 3 servers */
    assert_int_equal(oc.licences, 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_plus_one_refused),
        cmocka_unit_test(test_two_plus_two_passes),
        cmocka_unit_test(test_capacity_not_occupancy),
        cmocka_unit_test(test_nup_minimum_per_listed_server),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
