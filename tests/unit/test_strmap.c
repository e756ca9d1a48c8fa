/*
 * test_strmap.c - the string map: exact lookups, and as a bounded cache
 * (CLOCK eviction) that never exceeds its budget, never answers a wrong
 * value, keeps hot keys and evicts a little at a time.
 */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#include "strmap.h"

static size_t key_of(char *out, size_t n, long i)
{
    /* long, varied keys like resource ids */
    return (size_t)snprintf(out, n, "/subscriptions/%08lx/resourcegroups/rg-%ld/vm%ld", i * 7919,
                            i % 97, i);
}

/* every occupied slot is reachable by lookup (backward-shift deletion keeps
 * probe runs intact) and gives its own value */
static void assert_consistent(struct strmap *m)
{
    size_t seen = 0;
    for (size_t i = 0; i < m->capacity; i++) {
        struct strmap_entry *e = &m->slots[i];
        if (!e->key)
            continue;
        seen++;
        uint32_t flags = e->flags;
        int64_t v = -1;
        assert_int_equal(strmap_get(m, e->key, e->keylen, &v), 1);
        assert_true(v == e->value);
        e->flags = flags; /* the check must not change CLOCK marks */
    }
    assert_int_equal(seen, m->count);
}

static void test_unbounded_exact(void **state)
{
    (void)state;
    struct strmap m;
    strmap_init(&m);
    char k[128];
    for (long i = 0; i < 50000; i++)
        assert_int_equal(strmap_put(&m, k, key_of(k, sizeof k, i), i * 3), 0);
    for (long i = 0; i < 50000; i++) {
        int64_t v;
        assert_int_equal(strmap_get(&m, k, key_of(k, sizeof k, i), &v), 1);
        assert_true(v == i * 3);
    }
    int64_t v;
    assert_int_equal(strmap_get(&m, "absent", 6, &v), 0);
    assert_int_equal(m.count, 50000);
    assert_true(m.evictions == 0);
    strmap_release(&m);
}

static void test_bounded_budget_and_values(void **state)
{
    (void)state;
    struct strmap m;
    const size_t budget = 64 * 1024;
    strmap_init_bounded(&m, budget);
    char k[128];
    long n = 100000;
    for (long i = 0; i < n; i++) {
        assert_int_equal(strmap_put(&m, k, key_of(k, sizeof k, i), i), 0);
        assert_true(m.bytes <= budget);
    }
    assert_true(m.evictions > 0);
    assert_true(m.count > 100); /* degraded, not emptied */
    long found = 0;
    for (long i = 0; i < n; i++) {
        int64_t v = -1;
        if (strmap_get(&m, k, key_of(k, sizeof k, i), &v)) {
            assert_true(v == i); /* a hit is never a wrong value */
            found++;
        }
    }
    assert_int_equal((size_t)found, m.count);
    /* the newest key is always there */
    int64_t v;
    assert_int_equal(strmap_get(&m, k, key_of(k, sizeof k, n - 1), &v), 1);
    assert_consistent(&m);
    strmap_release(&m);
}

static void test_clock_keeps_hot_key(void **state)
{
    (void)state;
    struct strmap m;
    strmap_init_bounded(&m, 32 * 1024);
    char k[128];
    assert_int_equal(strmap_put(&m, "hot", 3, 42), 0);
    for (long i = 0; i < 20000; i++) {
        int64_t v = 0;
        assert_int_equal(strmap_get(&m, "hot", 3, &v), 1);
        assert_true(v == 42);
        assert_int_equal(strmap_put(&m, k, key_of(k, sizeof k, i), i), 0);
    }
    strmap_release(&m);
}

static void test_evicts_a_little_at_a_time(void **state)
{
    (void)state;
    struct strmap m;
    strmap_init_bounded(&m, 256 * 1024);
    char k[128];
    long i = 0;
    while (m.evictions == 0)
        assert_int_equal(strmap_put(&m, k, key_of(k, sizeof k, i), i), 0), i++;
    /* full: each further put evicts about one entry of the same size */
    for (long j = 0; j < 5000; j++, i++) {
        size_t before = m.count;
        uint64_t ev = m.evictions;
        assert_int_equal(strmap_put(&m, k, key_of(k, sizeof k, i), i), 0);
        assert_true(m.evictions - ev <= 2);
        assert_true(m.count + 2 >= before);
    }
    assert_consistent(&m);
    strmap_release(&m);
}

static void test_text_entries(void **state)
{
    (void)state;
    struct strmap m;
    strmap_init_bounded(&m, 16 * 1024);
    assert_null(strmap_get_text(&m, "a", 1));
    const char *t = strmap_put_text(&m, "raw", 3, "{\"x\":1}", 7);
    assert_non_null(t);
    assert_string_equal(t, "{\"x\":1}");
    assert_string_equal(strmap_get_text(&m, "raw", 3), "{\"x\":1}");
    t = strmap_put_text(&m, "raw", 3, "{}", 2); /* replace */
    assert_string_equal(t, "{}");
    assert_int_equal(m.count, 1);
    char k[128];
    for (long i = 0; i < 5000; i++) {
        size_t n = key_of(k, sizeof k, i);
        t = strmap_put_text(&m, k, n, k, n);
        assert_non_null(t);
        assert_memory_equal(t, k, n);
        assert_true(m.bytes <= 16 * 1024);
    }
    for (long i = 0; i < 5000; i++) {
        size_t n = key_of(k, sizeof k, i);
        const char *hit = strmap_get_text(&m, k, n);
        if (hit)
            assert_string_equal(hit, k);
    }
    strmap_release(&m);
    assert_int_equal(m.count, 0);
    assert_true(m.max_bytes == 16 * 1024); /* release keeps the budget */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unbounded_exact),
        cmocka_unit_test(test_bounded_budget_and_values),
        cmocka_unit_test(test_clock_keeps_hot_key),
        cmocka_unit_test(test_evicts_a_little_at_a_time),
        cmocka_unit_test(test_text_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
