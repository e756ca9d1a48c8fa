/*
 * test_store_key_case.c - the import lower-cases resource groups and ids
 * (store_costs.c, lower_ascii, eight bytes at a time): every ASCII byte and
 * UTF-8 bytes, at every offset within a word, stored exactly as SQLite's
 * lower() (ASCII only) gives them, and ids differing only in case are one
 * cost object.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "store.h"
#include "store_costs.h"

/* every byte 0x01..0xff but the key separator 0x1f, as a UTF-8-agnostic
 * text (the store does not check UTF-8; the importer does) */
static size_t all_bytes(char *out)
{
    size_t n = 0;
    for (int c = 1; c < 256; c++)
        if (c != 0x1f)
            out[n++] = (char)c;
    out[n] = '\0';
    return n;
}

static void add_row(struct store *s, int64_t id, const char *rg, const char *rid)
{
    struct cost_row r;
    memset(&r, 0, sizeof r);
    r.dataset = DATASET_ACTUAL;
    r.usage_day = date_from_civil(2025, 4, 1);
    r.subscription_id = "5a000001-1111-4222-8333-000000100001";
    r.resource_group = rg;
    r.resource_id = rid;
    r.tags_json = "{}";
    r.service_name = "Virtual Machines";
    r.location = "JapanEast";
    r.currency = "JPY";
    r.charge_type = "Usage";
    r.quantity = r.unit_price = r.effective_price = r.payg_price = NAN;
    assert_true(money_parse("1", 1, &r.cost) >= 0);
    struct err e;
    err_clear(&e);
    if (store_cost_add(s, id, &r, &e) != ST_OK)
        fail_msg("%s", e.msg);
}

/* "SELECT COUNT(*) FROM cost_objects WHERE CAST(resource_id AS BLOB) =
 * X'<rid lower-cased ASCII only, in hex>'" */
static void expect_sql(char *sql, size_t cap, const char *rid)
{
    size_t k = (size_t)snprintf(sql, cap, "%s",
                                "SELECT COUNT(*) FROM cost_objects WHERE "
                                "CAST(resource_id AS BLOB) = X'");
    for (const unsigned char *p = (const unsigned char *)rid; *p && k + 3 < cap; p++) {
        unsigned c = *p >= 'A' && *p <= 'Z' ? *p + 32u : *p;
        k += (size_t)snprintf(sql + k, cap - k, "%02x", c);
    }
    snprintf(sql + k, cap - k, "'");
}

static void test_every_byte_every_offset(void **state)
{
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s/keycase.db", test_tmp_dir());
    remove(db);
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open(db, &s, &e), ST_OK);
    struct import_info info = {"f.csv", "k1", "ea", "actual"};
    int64_t id;
    int dup = 0;
    assert_int_equal(store_import_begin(s, &info, &id, &dup, &e), ST_OK);
    char bytes[256], rid[300], rg[300], upper[300], sql[8][1024];
    all_bytes(bytes);
    for (size_t shift = 0; shift < 8; shift++) {
        /* "/x" + shift filler bytes, then all bytes: each lands at every offset */
        snprintf(rid, sizeof rid, "/%.*s%s", (int)shift, "ABCDEFGH", bytes);
        snprintf(rg, sizeof rg, "%.*sRg-%s", (int)shift, "QRSTUVWX", bytes + 100);
        add_row(s, id, rg, rid);
        expect_sql(sql[shift], sizeof sql[shift], rid);
        /* the same id and group in upper case: the same object */
        size_t m = strlen(rid);
        for (size_t i = 0; i <= m; i++)
            upper[i] = rid[i] >= 'a' && rid[i] <= 'z' ? (char)(rid[i] - 32) : rid[i];
        add_row(s, id, rg, upper);
    }
    struct import_summary sum;
    if (store_import_finish(s, id, &sum, &e) != ST_OK)
        fail_msg("finish: %s", e.msg);
    store_close(s);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM costs"), 16);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM cost_objects"), 8);
    assert_int_equal(test_db_count(db, "SELECT COUNT(DISTINCT object_id) FROM costs"), 8);
    /* stored lower-cased (ASCII only: bytes >= 0x80 unchanged) */
    assert_int_equal(test_db_count(db,
                                   "SELECT COUNT(*) FROM cost_objects WHERE resource_id = "
                                   "lower(resource_id) AND resource_group = lower(resource_group) "
                                   "AND length(CAST(resource_id AS BLOB)) = 255 + "
                                   "(SELECT COUNT(*) FROM cost_objects c2 WHERE c2.id < "
                                   "cost_objects.id)"),
                     8);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM cost_objects WHERE instr(resource_id, "
                                       "'abcdefghijklmnopqrstuvwxyz') > 0 AND "
                                       "instr(resource_id, 'ABC') = 0 AND "
                                       "instr(CAST(resource_id AS BLOB), X'80818283') > 0"),
                     8);
    assert_int_equal(test_db_count(db, "SELECT COUNT(*) FROM meters WHERE location = 'japaneast'"),
                     1);
    /* byte for byte: only A-Z changed */
    for (int shift = 0; shift < 8; shift++)
        assert_int_equal(test_db_count(db, sql[shift]), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_byte_every_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
