/*
 * test_textpool.c - the text pool: copies stay intact across many blocks
 * (and one larger than a block), interning gives one copy per distinct text
 * and different copies for different texts (also texts that differ only
 * after a NUL or in length), and a splice hands every text to the other
 * pool (ASan over the suite checks nothing leaks or is freed twice).
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textpool.h"

#define N 20000

static size_t text_of(char *out, size_t n, long i)
{
    /* lengths from 0 to ~120 bytes, like ids and reasons */
    return (size_t)snprintf(out, n, "%.*s/rg-%ld/vm%ld", (int)(i % 80),
                            "/subscriptions/5a000001-1111-4222-8333-000000100001/resourcegroups/"
                            "rg-kensetsu-001",
                            i % 97, i);
}

static void test_copies_survive_many_blocks(void **state)
{
    (void)state;
    struct textpool p = {0};
    const char **kept = calloc(N, sizeof *kept);
    assert_non_null(kept);
    char buf[256];
    for (long i = 0; i < N; i++) {
        size_t len = text_of(buf, sizeof buf, i);
        kept[i] = textpool_copy(&p, buf, len);
        assert_non_null(kept[i]);
        assert_true(kept[i] != buf);
    }
    /* larger than a block, and empty */
    size_t big_len = 200000;
    char *big = malloc(big_len);
    assert_non_null(big);
    memset(big, 'x', big_len);
    const char *big_copy = textpool_copy(&p, big, big_len);
    const char *empty = textpool_copy(&p, "", 0);
    assert_non_null(big_copy);
    assert_string_equal(empty, "");
    assert_int_equal(strlen(big_copy), big_len);
    assert_memory_equal(big_copy, big, big_len);
    for (long i = 0; i < N; i++) {
        text_of(buf, sizeof buf, i);
        assert_string_equal(kept[i], buf);
    }
    free(big);
    free(kept);
    textpool_release(&p);
    assert_null(p.blocks);
}

static void test_intern_one_copy_per_text(void **state)
{
    (void)state;
    struct textpool p = {0};
    const char **first = calloc(N, sizeof *first);
    assert_non_null(first);
    char buf[256];
    for (int round = 0; round < 2; round++)
        for (long i = 0; i < N; i++) {
            size_t len = text_of(buf, sizeof buf, i);
            const char *t = textpool_intern(&p, buf, len);
            assert_non_null(t);
            assert_string_equal(t, buf);
            if (round == 0)
                first[i] = t;
            else
                assert_ptr_equal(t, first[i]);
        }
    assert_int_equal(p.index_n, N);
    /* different texts never share a copy */
    for (long i = 1; i < N; i++)
        assert_true(first[i] != first[i - 1]);
    /* a prefix, a longer text and a text with a NUL inside are other texts */
    const char *ab = textpool_intern(&p, "ab", 2);
    const char *a = textpool_intern(&p, "ab", 1);
    const char *abc = textpool_intern(&p, "abc", 3);
    const char *a0b = textpool_intern(&p, "a\0b", 3);
    assert_string_equal(a, "a");
    assert_true(ab != a && ab != abc && a != a0b && abc != a0b);
    assert_memory_equal(a0b, "a\0b", 4);
    assert_ptr_equal(textpool_intern(&p, "a\0b", 3), a0b);
    assert_ptr_equal(textpool_intern(&p, "", 0), textpool_intern(&p, "", 0));
    free(first);
    textpool_release(&p);
    assert_int_equal(p.index_n, 0);
}

static void test_splice_hands_over_every_text(void **state)
{
    (void)state;
    struct textpool to = {0}, from = {0};
    char buf[256];
    const char *in_to = textpool_copy(&to, "kept", 4);
    const char **moved = calloc(N, sizeof *moved);
    assert_non_null(moved);
    for (long i = 0; i < N; i++) {
        size_t len = text_of(buf, sizeof buf, i);
        moved[i] = i % 2 ? textpool_copy(&from, buf, len) : textpool_intern(&from, buf, len);
        assert_non_null(moved[i]);
    }
    textpool_splice(&to, &from);
    assert_null(from.blocks);
    assert_int_equal(from.index_n, 0);
    textpool_release(&from); /* empty: frees nothing of to's */
    /* to keeps filling its own newest block, then new ones */
    const char *after = textpool_copy(&to, "after", 5);
    for (long i = 0; i < N; i++) {
        text_of(buf, sizeof buf, i);
        assert_string_equal(moved[i], buf);
    }
    assert_string_equal(in_to, "kept");
    assert_string_equal(after, "after");
    /* into an empty pool, and from an empty one */
    struct textpool fresh = {0}, none = {0};
    textpool_splice(&fresh, &to);
    textpool_splice(&fresh, &none);
    assert_string_equal(moved[N - 1], (text_of(buf, sizeof buf, N - 1), buf));
    free(moved);
    textpool_release(&fresh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copies_survive_many_blocks),
        cmocka_unit_test(test_intern_one_copy_per_text),
        cmocka_unit_test(test_splice_hands_over_every_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
