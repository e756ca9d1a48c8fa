/*
 * test_utf8.c - the shared UTF-8 validator, cutter and repairer (engine/utf8.c),
 * and the places that must never split a character or emit invalid UTF-8:
 * department names taken from a long tag value (engine/dept.c) and JSON
 * string literals in reports (reports/rpt_table.c).
 */
#include "test_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dept.h"
#include "rpt_table.h"
#include "utf8.h"

/* Reference decoder written from RFC 3629 by bit arithmetic, independent of
 * the table in utf8.c: length of the valid sequence at u, or 0. */
static size_t ref_seq_len(const unsigned char *u, size_t len)
{
    size_t need;
    uint32_t cp;
    if (u[0] < 0x80)
        return 1;
    if ((u[0] & 0xE0) == 0xC0) {
        need = 2;
        cp = u[0] & 0x1Fu;
    } else if ((u[0] & 0xF0) == 0xE0) {
        need = 3;
        cp = u[0] & 0x0Fu;
    } else if ((u[0] & 0xF8) == 0xF0) {
        need = 4;
        cp = u[0] & 0x07u;
    } else {
        return 0;
    }
    if (len < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (u[i] & 0x3Fu);
    }
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

static void test_every_short_sequence(void **state)
{
    (void)state;
    unsigned char b[4];
    for (unsigned x = 0; x < 256; x++) {
        b[0] = (unsigned char)x;
        assert_int_equal(utf8_seq_len((const char *)b, 1), ref_seq_len(b, 1));
        for (unsigned y = 0; y < 256; y++) {
            b[1] = (unsigned char)y;
            assert_int_equal(utf8_seq_len((const char *)b, 2), ref_seq_len(b, 2));
            if (x < 0xE0 || x > 0xF4)
                continue; /* third byte irrelevant */
            for (unsigned z = 0; z < 256; z++) {
                b[2] = (unsigned char)z;
                b[3] = 0x80;
                size_t got = utf8_seq_len((const char *)b, 4);
                size_t want = ref_seq_len(b, 4);
                if (got != want)
                    fail_msg("%02x %02x %02x 80: got %zu, want %zu", x, y, z, got, want);
            }
        }
    }
}

static void check(const char *s, size_t len, int want_valid, size_t want_off)
{
    size_t off = 12345;
    assert_int_equal(utf8_valid(s, len, &off), want_valid);
    if (!want_valid)
        assert_int_equal(off, want_off);
}

static void test_valid(void **state)
{
    (void)state;
    check("", 0, 1, 0);
    check("plain ASCII text that is longer than eight bytes", 49, 1, 0);
    check("財政局", 9, 1, 0);
    check("\xF0\x9F\x92\xB4 yen", 8, 1, 0); /* U+1F4B4 */
    check("\xF4\x8F\xBF\xBF", 4, 1, 0);     /* U+10FFFF */
    check("\xEF\xBB\xBF"
          "abc",
          6, 1, 0);         /* a BOM is a valid character */
    check("a\0b", 3, 1, 0); /* NUL is the caller's business */
    check("\xff\xfe", 2, 0, 0);
    check("abcdefgh\xff", 9, 0, 8);           /* after the fast path */
    check("abcdefghijklmnop\xc3", 17, 0, 16); /* truncated 2-byte sequence */
    check("\xe8\xb2\xa1\xe6\x94", 5, 0, 3);   /* truncated 3-byte sequence */
    check("x\xc0\xaf", 3, 0, 1);              /* overlong '/' */
    check("\xe0\x80\xaf", 3, 0, 0);           /* overlong */
    check("\xed\xa0\x80", 3, 0, 0);           /* surrogate U+D800 */
    check("\xf4\x90\x80\x80", 4, 0, 0);       /* U+110000 */
    check("\xf5\x80\x80\x80", 4, 0, 0);
    check("ok\x80", 3, 0, 2); /* lone continuation byte */
    check("局\xff局", 7, 0, 3);
    /* a bad byte in the middle of a long ASCII run, at every alignment */
    char buf[64];
    for (size_t at = 0; at < 40; at++) {
        memset(buf, 'a', sizeof buf);
        buf[at] = (char)0xFE;
        check(buf, sizeof buf, 0, at);
    }
    /* every length and position, through each tail of the ASCII test */
    for (size_t len = 1; len <= 20; len++)
        for (size_t at = 0; at < len; at++) {
            memset(buf, 'a', sizeof buf);
            check(buf, len, 1, 0);
            buf[at] = (char)0x80;
            check(buf, len, 0, at);
        }
}

static void test_cut(void **state)
{
    (void)state;
    assert_int_equal(utf8_cut("abc", 10), 3);
    assert_int_equal(utf8_cut("abc", 3), 3);
    assert_int_equal(utf8_cut("abc", 2), 2);
    assert_int_equal(utf8_cut("abc", 0), 0);
    /* "x財政局": 1 + 3 * 3 bytes */
    const char *s = "x財政局";
    assert_int_equal(utf8_cut(s, 10), 10);
    assert_int_equal(utf8_cut(s, 9), 7);
    assert_int_equal(utf8_cut(s, 8), 7);
    assert_int_equal(utf8_cut(s, 7), 7);
    assert_int_equal(utf8_cut(s, 6), 4);
    assert_int_equal(utf8_cut(s, 3), 1);
    assert_int_equal(utf8_cut(s, 1), 1);
    assert_int_equal(utf8_cut("\xF0\x9F\x92\xB4", 3), 0);
    /* not UTF-8: cut where asked rather than back up forever */
    assert_int_equal(utf8_cut("\x80\x80\x80\x80\x80\x80", 5), 5);

    char cut[16];
    snprintf(cut, sizeof cut, "%s", "ab\xe8\xb2"); /* snprintf stopped inside 財 */
    assert_string_equal(utf8_trim_partial(cut), "ab");
    snprintf(cut, sizeof cut, "%s", "ab財");
    assert_string_equal(utf8_trim_partial(cut), "ab財");
    snprintf(cut, sizeof cut, "%s", "\xf0\x9f\x92");
    assert_string_equal(utf8_trim_partial(cut), "");
    snprintf(cut, sizeof cut, "%s", "abc");
    assert_string_equal(utf8_trim_partial(cut), "abc");

    char out[8];
    assert_string_equal(utf8_copy(out, sizeof out, "x財政局"), "x財政");
    assert_string_equal(utf8_copy(out, sizeof out, "abcdefghij"), "abcdefg");
    assert_string_equal(utf8_copy(out, sizeof out, "財"), "財");
}

static void test_dup_fixed(void **state)
{
    (void)state;
    char *s = utf8_dup_fixed("a\xff\xfe局");
    assert_string_equal(s, "a" UTF8_REPLACEMENT UTF8_REPLACEMENT "局");
    free(s);
    s = utf8_dup_fixed("局\xe5\xb1"); /* truncated character */
    assert_string_equal(s, "局" UTF8_REPLACEMENT UTF8_REPLACEMENT);
    assert_int_equal(utf8_valid(s, strlen(s), NULL), 1);
    free(s);
    s = utf8_dup_fixed("fine 財政局");
    assert_string_equal(s, "fine 財政局");
    free(s);
}

/* A department tag value longer than DEPT_NAME_MAX - 1 bytes is cut on a
 * character boundary, never inside one (issue 18, item 4). */
static void test_dept_name_cut(void **state)
{
    (void)state;
    char value[400] = "x";
    for (int i = 0; i < 100; i++)
        memcpy(value + 1 + 3 * i, "課", 4); /* 1 + 300 bytes: byte 255 falls inside one */
    char json[512];
    snprintf(json, sizeof json, "{\"department\":\"%s\"}", value);
    struct dept_rules r;
    dept_rules_init(&r);
    struct dept_object o = {"sub", "name", "rg", json};
    struct dept_result res;
    dept_attribute(&r, &o, &res);
    assert_int_equal(res.from_tag, 1);
    size_t n = strlen(res.name);
    assert_true(n <= DEPT_NAME_MAX - 1);
    assert_true(n >= DEPT_NAME_MAX - 4);
    assert_int_equal(utf8_valid(res.name, n, NULL), 1);
    assert_memory_equal(res.name, value, n);
    dept_rules_release(&r);
}

/* JSON string literals are UTF-8 even when the text is not (a database
 * written by an older build). */
static void test_json_string_repairs(void **state)
{
    (void)state;
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_non_null(f);
    rpt_json_string(f, "a\xff\"局\xe5");
    fclose(f);
    assert_string_equal(mem, "\"a" UTF8_REPLACEMENT "\\\"局" UTF8_REPLACEMENT "\"");
    free(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_short_sequence),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_cut),
        cmocka_unit_test(test_dup_fixed),
        cmocka_unit_test(test_dept_name_cut),
        cmocka_unit_test(test_json_string_repairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
