/*
 * test_cost_hardening.c - issue 18 items 5, 13 and 14 at the unit level:
 * replacement by (dataset, subscription, day) cell, through the in-memory
 * cell set and through its overflow path (cells read back from the rows),
 * across a dataset relabel; the usage-day window at a fixed run time;
 * duplicated mapped header columns; FOCUS nullability of roles.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_cost.h"
#include "imp_cost_fields.h"
#include "store_costs.h"

static struct cost_row row_at(const char *sub, int32_t day, enum cost_dataset ds)
{
    struct cost_row r;
    memset(&r, 0, sizeof r);
    r.dataset = ds;
    r.usage_day = day;
    r.subscription_id = sub;
    r.resource_group = "rg";
    r.resource_id = "vm";
    r.tags_json = "{}";
    r.currency = "JPY";
    r.charge_type = "Usage";
    r.quantity = r.unit_price = r.effective_price = r.payg_price = NAN;
    r.cost = money_from_units(1);
    return r;
}

static int64_t begin(struct store *s, const char *sha)
{
    struct import_info info = {"f.csv", sha, "ea", "actual"};
    int64_t id;
    int dup;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_import_begin(s, &info, &id, &dup, &e), ST_OK);
    assert_int_equal(dup, 0);
    return id;
}

static void add(struct store *s, int64_t id, const char *sub, int32_t day, enum cost_dataset ds)
{
    struct err e;
    err_clear(&e);
    struct cost_row r = row_at(sub, day, ds);
    assert_int_equal(store_cost_add(s, id, &r, &e), ST_OK);
}

static int64_t finish(struct store *s, int64_t id)
{
    struct import_summary sum;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_import_finish(s, id, &sum, &e), ST_OK);
    return sum.replaced;
}

/* An old import of s0 and s1 over ten days; a newer file with rows of
 * s0 on days 2 and 4, plus `extra` cells of other subscriptions (enough
 * of them overflow the in-memory set): exactly the two s0 cells go. */
static void replace_two_cells(int extra)
{
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    int32_t d0 = date_from_civil(2025, 4, 1);
    int64_t id = begin(s, "old");
    for (int d = 0; d < 10; d++) {
        add(s, id, "s0", d0 + d, DATASET_ACTUAL);
        add(s, id, "s1", d0 + d, DATASET_ACTUAL);
    }
    assert_int_equal(finish(s, id), 0);
    id = begin(s, "new");
    add(s, id, "s0", d0 + 2, DATASET_ACTUAL);
    char sub[32];
    for (int i = 0; i < extra; i++) {
        snprintf(sub, sizeof sub, "n%d", i / 300);
        add(s, id, sub, d0 + i % 300, DATASET_ACTUAL);
    }
    add(s, id, "s0", d0 + 4, DATASET_ACTUAL);
    add(s, id, "s0", d0 + 4, DATASET_ACTUAL);    /* a second row of one cell */
    add(s, id, "s0", d0 + 5, DATASET_AMORTIZED); /* another dataset: not a cell of the old */
    assert_int_equal(finish(s, id), 2);
    store_close(s);
}

static void test_cells_in_memory(void **state)
{
    (void)state;
    replace_two_cells(0);
}

static void test_cells_overflow(void **state)
{
    (void)state;
    replace_two_cells(70000); /* > CELLS_MAX (65,536) distinct cells */
}

/* A file relabelled to amortized after its rows came in replaces the
 * amortized cells, not the actual ones it was first added as. */
static void test_cells_follow_relabel(void **state)
{
    (void)state;
    struct store *s;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
    int32_t d0 = date_from_civil(2025, 4, 1);
    int64_t id = begin(s, "act");
    add(s, id, "s0", d0, DATASET_ACTUAL);
    add(s, id, "s0", d0 + 1, DATASET_ACTUAL);
    assert_int_equal(finish(s, id), 0);
    id = begin(s, "amo");
    add(s, id, "s0", d0, DATASET_AMORTIZED);
    add(s, id, "s0", d0 + 1, DATASET_AMORTIZED);
    assert_int_equal(finish(s, id), 0); /* other dataset */
    id = begin(s, "new");
    add(s, id, "s0", d0 + 1, DATASET_ACTUAL);
    assert_int_equal(store_import_set_dataset(s, id, DATASET_AMORTIZED, &e), ST_OK);
    assert_int_equal(finish(s, id), 1);
    store_close(s);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The window at a fixed run time (2025-06-01 12:00 UTC): 2000-01-01 ..
 * 2026-06-02 (366 days later) are in, the days around them out. */
static void test_date_window(void **state)
{
    (void)state;
    static const struct {
        const char *day;
        int ok;
    } cases[] = {
        {"1999-12-31", 0}, {"2000-01-01", 1}, {"2026-06-02", 1},
        {"2026-06-03", 0}, {"05/01/2052", 0},
    };
    struct imp_cost_options opt = {0};
    opt.now = (int64_t)date_from_civil(2025, 6, 1) * 86400 + 12 * 3600;
    char path[512], text[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct store *s;
        struct err e;
        err_clear(&e);
        assert_int_equal(store_open(":memory:", &s, &e), ST_OK);
        snprintf(path, sizeof path, "%s/window%zu.csv", test_tmp_dir(), i);
        snprintf(text, sizeof text, "Date,SubscriptionId,Cost\n2025-05-01,s1,1\n%s,s1,2\n",
                 cases[i].day);
        write_file(path, text);
        struct imp_cost_result res;
        opt.allow_any_date = 0;
        enum status st = imp_cost_file(s, path, &opt, &res, &e);
        if (cases[i].ok) {
            assert_int_equal(st, ST_OK);
        } else {
            assert_int_equal(st, ST_PARSE);
            assert_non_null(strstr(e.msg, ":3: field 'Date': expected a day from 2000-01-01 to "
                                          "2026-06-02"));
            opt.allow_any_date = 1;
            err_clear(&e);
            assert_int_equal(imp_cost_file(s, path, &opt, &res, &e), ST_OK);
            assert_int_equal(res.rows, 2);
        }
        store_close(s);
    }
}

static void test_header_duplicate(void **state)
{
    (void)state;
    int role_of[8];
    const char *ea[] = {"Date", "SubscriptionId", "Cost", "cost"};
    assert_int_equal(imp_map_header(IMP_FMT_EA, ea, 4, role_of), -1);
    assert_int_equal(imp_header_duplicate(ea, 4, role_of), 3);
    const char *dates[] = {"Date", "Cost", "DATE"};
    assert_int_equal(imp_map_header(IMP_FMT_EA, dates, 3, role_of), -1);
    assert_int_equal(imp_header_duplicate(dates, 3, role_of), 2);
    /* two aliases of one role are not duplicates; neither are unused columns */
    const char *fine[] = {"Date", "UsageDate", "Cost", "Extra", "extra"};
    assert_int_equal(imp_map_header(IMP_FMT_EA, fine, 5, role_of), -1);
    assert_int_equal(imp_header_duplicate(fine, 5, role_of), -1);
    const char *focus[] = {"ChargePeriodStart", "BilledCost", "EffectiveCost", "EffectiveCost"};
    assert_int_equal(imp_map_header(IMP_FMT_FOCUS, focus, 4, role_of), -1);
    assert_int_equal(imp_header_duplicate(focus, 4, role_of), 3);
}

static void test_focus_nullable(void **state)
{
    (void)state;
    assert_false(imp_role_nullable(IMP_R_DATE));
    assert_false(imp_role_nullable(IMP_R_COST));
    assert_false(imp_role_nullable(IMP_R_COST_EFFECTIVE));
    assert_true(imp_role_nullable(IMP_R_QUANTITY));
    assert_true(imp_role_nullable(IMP_R_RESOURCE_ID));
    assert_true(imp_role_nullable(IMP_R_BENEFIT_ID));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells_in_memory),      cmocka_unit_test(test_cells_overflow),
        cmocka_unit_test(test_cells_follow_relabel), cmocka_unit_test(test_date_window),
        cmocka_unit_test(test_header_duplicate),     cmocka_unit_test(test_focus_nullable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
