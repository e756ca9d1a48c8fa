/*
 * test_tags.c - engine/tags.c, the one parser of tags JSON: the stored
 * object read back as a flat list (types, order, case-insensitive lookup
 * of repeated keys), and what counts as no tags.
 */
#include "test_util.h"

#include <string.h>

#include "tags.h"

static void test_parse_and_find(void **state)
{
    (void)state;
    struct tags t;
    struct err e;
    err_clear(&e);
    assert_int_equal(
        tags_parse(&t,
                   "{\"Env\":\"prod\",\"env\":\"dev\",\"n\":12,\"on\":true,\"off\":false,"
                   "\"r\":1.5,\"z\":null,\"o\":{\"a\":[1,2]}}",
                   &e),
        ST_OK);
    assert_int_equal(t.n, 8);
    size_t pos = 0;
    const struct tag *g = tags_find(&t, "ENV", &pos);
    assert_non_null(g);
    assert_string_equal(g->key, "Env");
    assert_string_equal(g->value, "prod");
    assert_int_equal(g->type, TAG_STRING);
    g = tags_find(&t, "ENV", &pos); /* the second key differing by case */
    assert_non_null(g);
    assert_string_equal(g->value, "dev");
    assert_null(tags_find(&t, "ENV", &pos));
    static const struct {
        const char *key, *text;
        enum tag_type type;
    } want[] = {{"n", "12", TAG_INTEGER},    {"on", "true", TAG_TRUE},
                {"off", "false", TAG_FALSE}, {"r", "1.5", TAG_REAL},
                {"z", "null", TAG_NULL},     {"o", "{\"a\":[1,2]}", TAG_COMPOUND}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        pos = 0;
        g = tags_find(&t, want[i].key, &pos);
        assert_non_null(g);
        assert_string_equal(g->value, want[i].text);
        assert_int_equal(g->type, want[i].type);
    }
    pos = 0;
    assert_null(tags_find(&t, "missing", &pos));
    tags_release(&t);
    assert_int_equal(t.n, 0);
}

/* tags_match: key and value in any case, every tag of the key tried, a
 * truthy value when none is asked, only strings, true and integers. */
static void test_match(void **state)
{
    (void)state;
    struct tags t;
    struct err e;
    assert_int_equal(tags_parse(&t,
                                "{\"Env\":\"prod\",\"env\":\"DEV\",\"on\":true,\"off\":false,"
                                "\"n\":1,\"s\":\"Yes\",\"o\":{\"dev\":1},\"z\":null}",
                                &e),
                     ST_OK);
    assert_true(tags_match(&t, "ENV", "dev")); /* the second Env tag */
    assert_true(tags_match(&t, "env", "Prod"));
    assert_false(tags_match(&t, "env", "test"));
    assert_true(tags_match(&t, "on", NULL));
    assert_true(tags_match(&t, "n", NULL));
    assert_true(tags_match(&t, "s", NULL));
    assert_false(tags_match(&t, "off", NULL));    /* false is not truthy */
    assert_false(tags_match(&t, "off", "false")); /* nor a value to compare */
    assert_false(tags_match(&t, "o", NULL));      /* an object is no value */
    assert_false(tags_match(&t, "z", NULL));
    assert_false(tags_match(&t, "missing", NULL));
    tags_release(&t);
}

static void test_no_tags(void **state)
{
    (void)state;
    static const char *const none[] = {NULL, "", "{}", "not json", "[1,2]", "\"text\"", "{\"a\":"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        struct tags t;
        struct err e;
        err_clear(&e);
        assert_int_equal(tags_parse(&t, none[i], &e), ST_OK);
        assert_int_equal(t.n, 0);
        size_t pos = 0;
        assert_null(tags_find(&t, "a", &pos));
        tags_release(&t);
    }
}

/* the importer's normalised text parses back to the same tags */
static void test_normalize_round_trip(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 0);
    struct err e;
    err_clear(&e);
    const char *raw = "\"system\": \"juki\",\"Department\": \"市民局\"";
    assert_int_equal(tags_normalize(raw, strlen(raw), &b, &e), ST_OK);
    assert_string_equal(buf_str(&b), "{\"Department\":\"市民局\",\"system\":\"juki\"}");
    struct tags t;
    assert_int_equal(tags_parse(&t, buf_str(&b), &e), ST_OK);
    size_t pos = 0;
    const struct tag *g = tags_find(&t, "department", &pos);
    assert_non_null(g);
    assert_string_equal(g->value, "市民局");
    tags_release(&t);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_find),
        cmocka_unit_test(test_no_tags),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_normalize_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
