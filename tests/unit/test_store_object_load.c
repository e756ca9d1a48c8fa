/*
 * test_store_object_load.c - the import's cost-object cache loaded from
 * the store in one scan (store_costs.c, load_objects): ids and resource
 * groups in any case map to the stored object; once the cache holds every
 * object a miss inserts without asking SQL, so it must notice objects that
 * another connection added between two imports, and resource ids that
 * differ only in case must still be one object.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "store.h"
#include "store_costs.h"

#define NOBJ 1500 /* past the SELECTs after which the objects are loaded */

/* one row for object i (resource vm<i>), day d, upper-case ids when upper */
static void import_objects(struct store *s, const char *sha, int from, int to, int day, int upper)
{
    struct import_info info = {"f.csv", sha, "ea", "actual"};
    int64_t id;
    int dup = 0;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_import_begin(s, &info, &id, &dup, &e), ST_OK);
    assert_int_equal(dup, 0);
    char rid[128];
    for (int i = from; i < to; i++) {
        struct cost_row r;
        memset(&r, 0, sizeof r);
        r.dataset = DATASET_ACTUAL;
        r.usage_day = date_from_civil(2025, 4, day);
        r.subscription_id = "5a000001-1111-4222-8333-000000100001";
        r.resource_group = upper ? "RG-A" : "rg-a";
        snprintf(rid, sizeof rid, "/subscriptions/x/%s/providers/p/vm%d",
                 upper ? "RESOURCEGROUPS/RG-A" : "resourcegroups/rg-a", i);
        r.resource_id = rid;
        r.tags_json = "{\"department\":\"kensetsu\"}";
        r.service_name = "Virtual Machines";
        r.location = "japaneast";
        r.currency = "JPY";
        r.charge_type = "Usage";
        r.quantity = r.unit_price = r.effective_price = r.payg_price = NAN;
        assert_true(money_parse("1.5", 3, &r.cost) >= 0);
        if (store_cost_add(s, id, &r, &e) != ST_OK)
            fail_msg("row %d: %s", i, e.msg);
    }
    struct import_summary sum;
    if (store_import_finish(s, id, &sum, &e) != ST_OK)
        fail_msg("finish: %s", e.msg);
}

static void test_other_connection_objects(void **state)
{
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s/objload.db", test_tmp_dir());
    remove(db);
    struct store *a = NULL, *b = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, &a, &e), ST_OK);
    assert_int_equal(store_open(db, &b, &e), ST_OK);
    /* a: objects 0..NOBJ, its cache loads them all and is complete */
    import_objects(a, "s1", 0, NOBJ, 1, 0);
    /* b, another connection: objects NOBJ..NOBJ+10 */
    import_objects(b, "s2", NOBJ, NOBJ + 10, 2, 0);
    /* a again, over all of them in upper case: b's objects exist, the
     * upper-case ids are the same objects */
    import_objects(a, "s3", 0, NOBJ + 10, 3, 1);
    store_close(a);
    store_close(b);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM cost_objects"), NOBJ + 10);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM costs"), 2 * NOBJ + 20);
    assert_int_equal(test_db_count(db,
                                   "SELECT COUNT(DISTINCT object_id) FROM costs WHERE usage_date = "
                                   "'2025-04-03'"),
                     NOBJ + 10);
}

/* a fresh process over a grown database: the load maps upper-case rows to
 * the stored lower-case objects */
static void test_load_in_new_process(void **state)
{
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s/objload2.db", test_tmp_dir());
    remove(db);
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, &s, &e), ST_OK);
    import_objects(s, "t1", 0, NOBJ, 1, 0);
    store_close(s);
    assert_int_equal(store_open(db, &s, &e), ST_OK);
    import_objects(s, "t2", 0, NOBJ + 5, 2, 1);
    store_close(s);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM cost_objects"), NOBJ + 5);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM cost_objects WHERE resource_id <> "
                                       "lower(resource_id)"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_connection_objects),
        cmocka_unit_test(test_load_in_new_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
