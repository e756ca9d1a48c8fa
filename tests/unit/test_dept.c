/*
 * test_dept.c - department rules: validation, glob matching
 * (case-insensitive), first match wins, the department tag fallback.
 */
#include "test_util.h"

#include <string.h>

#include "dept.h"

static void add_ok(struct dept_rules *r, const char *m, const char *p, const char *d)
{
    struct err e;
    err_clear(&e);
    assert_int_equal(dept_rules_add(r, m, p, d, &e), ST_OK);
}

static const char *attribute(const struct dept_rules *r, const char *sub, const char *subname,
                             const char *rg, const char *tags, int *rule)
{
    static struct dept_result res;
    struct dept_object o = {sub, subname, rg, tags};
    dept_attribute(r, &o, &res);
    if (rule)
        *rule = res.rule;
    return res.name;
}

static void test_validation(void **state)
{
    (void)state;
    struct dept_rules r;
    dept_rules_init(&r);
    struct err e;
    err_clear(&e);
    assert_int_equal(dept_rules_add(&r, "region", "*", "x", &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "field 'match'"));
    assert_int_equal(dept_rules_add(&r, "tag:", "*", "x", &e), ST_PARSE);
    assert_int_equal(dept_rules_add(&r, "subscription", "", "x", &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "field 'pattern'"));
    assert_int_equal(dept_rules_add(&r, "subscription", "*", " ", &e), ST_PARSE);
    assert_non_null(strstr(e.msg, "field 'department'"));
    assert_int_equal(dept_rules_add(&r, "subscription", "*", DEPT_UNALLOCATED, &e), ST_PARSE);
    assert_int_equal(r.n, 0);
    add_ok(&r, "TAG:Env", "prod", "建設局");
    add_ok(&r, "Resource-Group", "rg-*", "財政局");
    char m[64];
    assert_string_equal(dept_rule_match_text(&r.v[0], m, sizeof m), "tag:Env");
    assert_string_equal(dept_rule_match_text(&r.v[1], m, sizeof m), "resource-group");
    dept_rules_release(&r);
}

static void test_matching(void **state)
{
    (void)state;
    struct dept_rules r;
    dept_rules_init(&r);
    add_ok(&r, "subscription-name", "*本番*", "情報システム局");
    add_ok(&r, "tag:env", "PROD", "建設局");
    add_ok(&r, "resource-group", "rg-kenko-*", "健康局");
    add_ok(&r, "subscription", "0A1B*", "財政局");
    int rule;
    /* first match wins: the name rule beats the env tag */
    assert_string_equal(attribute(&r, "x", "大阪 本番", "rg", "{\"env\":\"prod\"}", &rule),
                        "情報システム局");
    assert_int_equal(rule, 0);
    /* tag keys and glob patterns compare case-insensitively */
    assert_string_equal(attribute(&r, "x", "dev", "rg", "{\"ENV\":\"Prod\"}", &rule), "建設局");
    assert_int_equal(rule, 1);
    assert_string_equal(attribute(&r, "x", "", "RG-Kenko-DB", "{}", &rule), "健康局");
    assert_string_equal(attribute(&r, "0a1b2c3d-0000", "", "", "{}", &rule), "財政局");
    assert_int_equal(rule, 3);
    /* no rule: the department tag (any key case), else unallocated */
    assert_string_equal(attribute(&r, "y", "", "", "{\"Department\":\"水道局\"}", &rule), "水道局");
    assert_int_equal(rule, -1);
    assert_string_equal(attribute(&r, "y", "", "", "{\"owner\":\"a\"}", &rule), DEPT_UNALLOCATED);
    assert_string_equal(attribute(&r, "y", NULL, NULL, NULL, &rule), DEPT_UNALLOCATED);
    /* an absent tag never matches, even '*'; bad JSON counts as no tags */
    struct dept_rules any;
    dept_rules_init(&any);
    add_ok(&any, "tag:system", "*", "共通");
    assert_string_equal(attribute(&any, "y", "", "", "{\"env\":\"x\"}", &rule), DEPT_UNALLOCATED);
    assert_string_equal(attribute(&any, "y", "", "", "{\"system\":\"\"}", &rule), "共通");
    assert_string_equal(attribute(&any, "y", "", "", "{broken", &rule), DEPT_UNALLOCATED);
    dept_rules_release(&any);
    dept_rules_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_matching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
