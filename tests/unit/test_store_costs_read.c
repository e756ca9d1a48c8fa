/*
 * test_store_costs_read.c - the read side of the cost store: exact monthly
 * sums by dimension, datasets and currencies kept apart, date bounds, the
 * department filter, last day and dataset probes. Rows go in through the
 * store's own import API (store_import_begin / store_cost_add / finish).
 */
#include "test_util.h"

#include <math.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "store_costs.h"

static struct money amount(const char *s)
{
    struct money m;
    assert_int_equal(money_parse(s, strlen(s), &m), MONEY_OK);
    return m;
}

static const char *fmt12(struct money m)
{
    static char out[64];
    return money_format(m, 12, out, sizeof out);
}

struct spec {
    enum cost_dataset ds;
    const char *day;      /* ISO */
    const char *sub_name; /* subscription name */
    const char *res;      /* resource id */
    const char *tags;     /* tags JSON */
    const char *service;  /* MeterCategory */
    const char *currency; /* JPY / USD */
    const char *cost;     /* decimal */
};

static const struct spec rows[] = {
    {DATASET_ACTUAL, "2025-03-31", "sub-a", "/subscriptions/a/vm1", "{\"department\":\"財政局\"}",
     "Virtual Machines", "JPY", "0.000000999999"},
    {DATASET_ACTUAL, "2025-03-31", "sub-a", "/subscriptions/a/vm1", "{\"department\":\"財政局\"}",
     "Virtual Machines", "JPY", "0.000000999999"},
    {DATASET_ACTUAL, "2025-04-01", "sub-a", "/subscriptions/a/vm1", "{\"department\":\"財政局\"}",
     "Virtual Machines", "JPY", "100.5"},
    {DATASET_ACTUAL, "2025-04-02", "sub-b", "", "{}", "Storage", "JPY", "7"},
    {DATASET_ACTUAL, "2025-04-02", "sub-b", "", "{}", "Storage", "USD", "1.25"},
    {DATASET_AMORTIZED, "2025-04-03", "sub-a", "/subscriptions/a/vm1",
     "{\"department\":\"財政局\"}", "Virtual Machines", "JPY", "999"},
};

static struct store *load(void)
{
    struct store *s;
    struct err e;
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    struct import_info info = {"t.csv", "00", "ea", "actual+amortized"};
    int64_t id;
    int dup;
    assert_int_equal(store_import_begin(s, &info, &id, &dup, &e), ST_OK);
    assert_int_equal(dup, 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct cost_row r;
        memset(&r, 0, sizeof r);
        r.dataset = rows[i].ds;
        assert_int_equal(date_parse(rows[i].day, 10, &r.usage_day), 0);
        r.subscription_id = rows[i].sub_name[4] == 'a' ? "AAAA" : "BBBB";
        r.subscription_name = rows[i].sub_name;
        r.resource_group = "rg";
        r.resource_id = rows[i].res;
        r.resource_name = "";
        r.tags_json = rows[i].tags;
        r.service_name = rows[i].service;
        r.meter_subcategory = r.meter_name = r.service_family = r.consumed_service = "";
        r.unit = r.location = "";
        r.currency = rows[i].currency;
        r.charge_type = "Usage";
        r.pricing_model = "OnDemand";
        r.scope = "scope";
        r.quantity = r.unit_price = r.effective_price = r.payg_price = NAN;
        r.cost = amount(rows[i].cost);
        assert_int_equal(store_cost_add(s, id, &r, &e), ST_OK);
    }
    struct import_summary sum;
    assert_int_equal(store_import_finish(s, id, &sum, &e), ST_OK);
    return s;
}

static void test_total_by_month_exact(void **state)
{
    (void)state;
    struct store *s = load();
    struct cost_query q = {COST_DIM_TOTAL, DATASET_ACTUAL, INT32_MIN, INT32_MAX, NULL, 0};
    struct cost_cells c;
    struct err e;
    assert_int_equal(store_cost_by_month(s, &q, &c, &e), ST_OK);
    /* total/JPY 2025-03, total/JPY 2025-04, total/USD 2025-04 */
    assert_int_equal(c.n, 3);
    assert_string_equal(c.v[0].key, "total");
    assert_int_equal(c.v[0].month, month_index(2025, 3));
    assert_string_equal(fmt12(c.v[0].cost), "0.000001999998");
    assert_string_equal(c.v[1].currency, "JPY");
    assert_string_equal(fmt12(c.v[1].cost), "107.500000000000");
    assert_string_equal(c.v[2].currency, "USD");
    assert_string_equal(fmt12(c.v[2].cost), "1.250000000000");
    cost_cells_release(&c);

    q.dataset = DATASET_AMORTIZED;
    assert_int_equal(store_cost_by_month(s, &q, &c, &e), ST_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(fmt12(c.v[0].cost), "999.000000000000");
    cost_cells_release(&c);
    store_close(s);
}

static void test_dimensions_and_filters(void **state)
{
    (void)state;
    struct store *s = load();
    struct cost_query q = {COST_DIM_SERVICE, DATASET_ACTUAL, INT32_MIN, INT32_MAX, NULL, 0};
    struct cost_cells c;
    struct err e;
    assert_int_equal(date_parse("2025-04-01", 10, &q.from_day), 0);
    assert_int_equal(store_cost_by_month(s, &q, &c, &e), ST_OK);
    assert_int_equal(c.n, 3); /* Storage JPY, Storage USD, Virtual Machines JPY (April only) */
    assert_string_equal(c.v[0].key, "Storage");
    assert_string_equal(c.v[2].key, "Virtual Machines");
    assert_string_equal(fmt12(c.v[2].cost), "100.500000000000");
    cost_cells_release(&c);

    q.dim = COST_DIM_DEPARTMENT;
    q.from_day = INT32_MIN;
    assert_int_equal(store_cost_by_month(s, &q, &c, &e), ST_OK);
    assert_string_equal(c.v[0].key, "(unallocated)");
    assert_string_equal(c.v[c.n - 1].key, "財政局");
    cost_cells_release(&c);

    q.department = "財政局";
    q.dim = COST_DIM_RESOURCE;
    assert_int_equal(store_cost_by_month(s, &q, &c, &e), ST_OK);
    assert_int_equal(c.n, 2); /* March and April of the one VM */
    assert_string_equal(c.v[0].key, "/subscriptions/a/vm1");
    cost_cells_release(&c);

    q.department = NULL;
    q.dim = COST_DIM_SUBSCRIPTION;
    assert_int_equal(date_parse("2025-04-02", 10, &q.to_day), 0);
    assert_int_equal(date_parse("2025-04-02", 10, &q.from_day), 0);
    assert_int_equal(store_cost_by_month(s, &q, &c, &e), ST_OK);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.v[0].key, "sub-b");
    cost_cells_release(&c);
    store_close(s);
}

static void test_last_day_and_probe(void **state)
{
    (void)state;
    struct store *s;
    struct err e;
    int32_t day;
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    assert_false(store_cost_has_dataset(s, DATASET_ACTUAL));
    assert_int_equal(store_cost_last_day(s, DATASET_ACTUAL, &day, &e), ST_NOTFOUND);
    store_close(s);
    s = load();
    assert_true(store_cost_has_dataset(s, DATASET_AMORTIZED));
    assert_int_equal(store_cost_last_day(s, DATASET_ACTUAL, &day, &e), ST_OK);
    char iso[DATE_ISO_LEN];
    assert_string_equal(date_format(day, iso), "2025-04-02");
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_total_by_month_exact),
        cmocka_unit_test(test_dimensions_and_filters),
        cmocka_unit_test(test_last_day_and_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
