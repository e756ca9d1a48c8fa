/*
 * test_store_rightsize.c - what right-sizing reads from the bill
 * (store_rightsize_billed): the window's rows summed per resource exactly,
 * two cost objects of one resource (tags changed mid-month) merged into one
 * row named by the larger, the VM size billed most across them, billed
 * compute hours from hourly meters only, the reservation flag, the window
 * bounds, the department and VM-only filters; store_rs_rows_find; the
 * bill by meter with its ids shared with the bill (the same rows, field by
 * field, as with copies; each id the bill's own text).
 */
#include "test_util.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_cost.h"
#include "imp_ea_header.h"
#include "money.h"
#include "store_rightsize.h"

#define SUB    "00000000-0000-0000-0000-000000000001"
#define RG     "/subscriptions/" SUB "/resourcegroups/rg-a/providers/"
#define VM_A   RG "microsoft.compute/virtualmachines/vm-a"
#define VM_B   RG "microsoft.compute/virtualmachines/vm-b"
#define VM_D   RG "microsoft.compute/virtualmachines/vm-d"
#define DISK_C RG "microsoft.compute/disks/disk-c"

/* One EA row: a VM compute row when size is given, a disk row otherwise. */
static void ea_row(FILE *f, const char *date, const char *id, const char *size, double qty,
                   const char *cost, const char *dept, const char *reservation)
{
    const char *name = strrchr(id, '/') + 1;
    char info[128] = "";
    if (size)
        snprintf(info, sizeof info, "\"{\"\"ServiceType\"\":\"\"%s\"\",\"\"VCPUs\"\":4}\"", size);
    fprintf(f,
            "1,city,,,1,city,,acct," SUB ",sub-1,%s,%s,,%s,%s,%s,%s,JA East,%s,%g,1,%s,1,JPY,"
            "japaneast,,Microsoft.Compute,%s,%s,,,%s,\"{\"\"department\"\": \"\"%s\"\"}\",,,,"
            "%s,rg-a,%s,,,,MS-AZR-0017P,True,,Microsoft,,Usage,UsageBased,Azure,1,%s,,%s,\n",
            date, size ? "Virtual Machines" : "Managed Disks", size ? "m-vm" : "m-disk",
            size ? "Compute" : "Storage", size ? "Virtual Machines" : "Storage",
            size ? "Dsv5 Series" : "Premium SSD Managed Disks", size ? "D4s v5" : "P10 LRS Disk",
            qty, cost, id, name, info, dept, size ? "1 Hour" : "1/Month",
            reservation ? reservation : "", reservation ? "Reservation" : "OnDemand",
            reservation ? reservation : "");
}

/* The test bill imported into a store at db (":memory:" or a file). */
static struct store *load_into(const char *db)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/rs_bill.csv", test_tmp_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(IMP_EA_HEADER "\n", f);
    /* vm-a: D4s_v5 for 20 h (健康局), then resized to D2s_v5 for 100 h with
     * its tag changed to 財政局 (a second cost object, the larger cost) */
    ea_row(f, "04/01/2025", VM_A, "Standard_D4s_v5", 20, "100.25", "健康局", NULL);
    ea_row(f, "04/02/2025", VM_A, "Standard_D2s_v5", 100, "200.5", "財政局", NULL);
    ea_row(f, "04/03/2025", VM_A, "Standard_D2s_v5", 0.5, "0.000001", "財政局", NULL);
    /* vm-b: covered by a reservation */
    ea_row(f, "04/03/2025", VM_B, "Standard_D4s_v5", 24, "0", "健康局", "r-1");
    /* a disk: monthly unit, no compute hours */
    ea_row(f, "04/03/2025", DISK_C, NULL, 0.03, "50", "健康局", NULL);
    /* vm-d: billed only after the window */
    ea_row(f, "05/02/2025", VM_D, "Standard_D4s_v5", 24, "99", "健康局", NULL);
    fclose(f);
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, &s, &e), ST_OK);
    struct imp_cost_result r;
    memset(&r, 0, sizeof r);
    struct imp_cost_options opt;
    memset(&opt, 0, sizeof opt);
    enum status st = imp_cost_file(s, path, &opt, &r, &e);
    if (st != ST_OK)
        fail_msg("import: %s", e.msg);
    remove(path);
    return s;
}

static struct store *load(void)
{
    return load_into(":memory:");
}

static const struct store_rs_row *find(const struct store_rs_rows *rows, const char *id)
{
    for (size_t i = 0; i < rows->n; i++)
        if (strcmp(rows->v[i].resource_id, id) == 0)
            return &rows->v[i];
    return NULL;
}

static void test_window_rows(void **state)
{
    (void)state;
    struct store *s = load();
    struct err e;
    err_clear(&e);
    struct store_rs_rows rows;
    int32_t from = date_from_civil(2025, 4, 1), to = date_from_civil(2025, 4, 30);
    assert_int_equal(store_rightsize_billed(s, from, to, NULL, 0, &rows, &e), ST_OK);
    assert_int_equal(rows.n, 3); /* vm-a, vm-b, disk-c; vm-d is outside the window */
    for (size_t i = 1; i < rows.n; i++)
        assert_true(strcmp(rows.v[i - 1].resource_id, rows.v[i].resource_id) < 0);
    const struct store_rs_row *a = find(&rows, VM_A);
    assert_non_null(a);
    struct money want;
    assert_int_equal(money_parse("300.750001", 10, &want), MONEY_OK);
    assert_int_equal(money_cmp(a->cost, want), 0); /* exact across both objects */
    assert_rel_close(a->billed_hours, 120.5, 1e-12);
    assert_string_equal(a->vm_size, "Standard_D2s_v5");
    assert_string_equal(a->department, "財政局"); /* the larger object names the row */
    assert_string_equal(a->region, "japaneast");
    assert_string_equal(a->currency, "JPY");
    assert_string_equal(a->subscription, SUB);
    assert_string_equal(a->resource_group, "rg-a");
    assert_int_equal(a->reserved, 0);
    const struct store_rs_row *b = find(&rows, VM_B);
    assert_non_null(b);
    assert_int_equal(b->reserved, 1);
    const struct store_rs_row *c = find(&rows, DISK_C);
    assert_non_null(c);
    assert_null(c->vm_size);
    assert_rel_close(c->billed_hours + 1.0, 1.0, 1e-12); /* a monthly unit is not compute hours */
    assert_null(find(&rows, VM_D));
    store_rs_rows_release(&rows);

    /* only VMs; only one department (by the row's own object) */
    assert_int_equal(store_rightsize_billed(s, from, to, NULL, 1, &rows, &e), ST_OK);
    assert_int_equal(rows.n, 2);
    assert_null(find(&rows, DISK_C));
    store_rs_rows_release(&rows);
    assert_int_equal(store_rightsize_billed(s, from, to, "健康局", 0, &rows, &e), ST_OK);
    assert_int_equal(rows.n, 3); /* vm-a's 健康局 object, vm-b, disk-c */
    a = find(&rows, VM_A);
    assert_non_null(a);
    assert_string_equal(a->vm_size, "Standard_D4s_v5");
    assert_rel_close(a->billed_hours, 20.0, 1e-12);
    store_rs_rows_release(&rows);
    /* the last usage day, from the imports' recorded periods */
    int32_t last = 0;
    assert_int_equal(store_rightsize_last_cost_day(s, &last, &e), ST_OK);
    assert_int_equal(last, date_from_civil(2025, 5, 2));
    /* a window with nothing billed */
    assert_int_equal(store_rightsize_billed(s, from - 60, from - 1, NULL, 0, &rows, &e), ST_OK);
    assert_int_equal(rows.n, 0);
    store_rs_rows_release(&rows);
    store_close(s);
}

/* Window scans read the id ranges the imports recorded; a row written
 * outside any import (by hand, with sqlite3) must still be counted. */
static void test_rows_outside_imports(void **state)
{
    (void)state;
    char db[4096];
    snprintf(db, sizeof db, "%s/rs_outside.db", test_tmp_dir());
    remove(db);
    struct store *s = load_into(db);
    store_close(s);
    sqlite3 *d = NULL;
    assert_int_equal(sqlite3_open(db, &d), SQLITE_OK);
    assert_int_equal(sqlite3_exec(d,
                                  "INSERT INTO costs (id, import_id, dataset, usage_date, "
                                  "subscription_id, object_id, meter_id, currency, charge_type, "
                                  "pricing_model, quantity, cost_e6, cost_e12, vm_size) "
                                  "SELECT MAX(id) + 1000, import_id, dataset, '2025-04-20', "
                                  "subscription_id, object_id, meter_id, currency, charge_type, "
                                  "pricing_model, 1, 7000000, 0, vm_size FROM costs "
                                  "WHERE vm_size = 'Standard_D4s_v5' AND usage_date = '2025-04-01'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(d);
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, &s, &e), ST_OK);
    struct store_rs_rows rows;
    assert_int_equal(store_rightsize_billed(s, date_from_civil(2025, 4, 1),
                                            date_from_civil(2025, 4, 30), NULL, 0, &rows, &e),
                     ST_OK);
    const struct store_rs_row *a = find(&rows, VM_A);
    assert_non_null(a);
    struct money want;
    assert_int_equal(money_parse("307.750001", 10, &want), MONEY_OK);
    assert_int_equal(money_cmp(a->cost, want), 0);
    store_rs_rows_release(&rows);
    int32_t last = 0;
    assert_int_equal(store_rightsize_last_cost_day(s, &last, &e), ST_OK);
    assert_int_equal(last, date_from_civil(2025, 5, 2));
    store_close(s);
    remove(db);
}

static void test_meter_costs_share_ids(void **state)
{
    (void)state;
    struct store *s = load();
    struct err e;
    err_clear(&e);
    int32_t from = date_from_civil(2025, 4, 1), to = date_from_civil(2025, 4, 30);
    struct store_rs_rows rows;
    assert_int_equal(store_rightsize_billed(s, from, to, NULL, 0, &rows, &e), ST_OK);
    for (size_t i = 0; i < rows.n; i++)
        assert_ptr_equal(store_rs_rows_find(&rows, rows.v[i].resource_id), &rows.v[i]);
    assert_null(store_rs_rows_find(&rows, VM_D)); /* outside the window */
    assert_null(store_rs_rows_find(&rows, ""));
    struct store_rs_meter_costs copied, shared;
    assert_int_equal(
        store_rightsize_meter_costs(s, from, to, rows.dataset, NULL, NULL, &copied, &e), ST_OK);
    assert_int_equal(
        store_rightsize_meter_costs(s, from, to, rows.dataset, NULL, &rows, &shared, &e), ST_OK);
    assert_true(copied.n >= 3);
    assert_int_equal(shared.n, copied.n);
    for (size_t i = 0; i < copied.n; i++) {
        const struct store_rs_meter_cost *c = &copied.v[i], *x = &shared.v[i];
        assert_string_equal(x->resource_id, c->resource_id);
        assert_string_equal(x->service, c->service);
        assert_string_equal(x->subcategory, c->subcategory);
        assert_string_equal(x->meter_name, c->meter_name);
        assert_string_equal(x->currency, c->currency);
        assert_int_equal(money_cmp(x->cost, c->cost), 0);
        assert_true(x->hours == c->hours);
        const struct store_rs_row *b = store_rs_rows_find(&rows, c->resource_id);
        assert_non_null(b); /* every resource of the window is in the bill */
        assert_ptr_equal(x->resource_id, b->resource_id);
        assert_true(c->resource_id != b->resource_id);
    }
    store_rs_meter_costs_release(&copied);
    store_rs_meter_costs_release(&shared);
    store_rs_rows_release(&rows);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_rows),
        cmocka_unit_test(test_rows_outside_imports),
        cmocka_unit_test(test_meter_costs_share_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
