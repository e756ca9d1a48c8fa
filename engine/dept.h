/*
 * dept.h - department (局) attribution rules: pure matching, no I/O.
 *
 * A rule is `match,pattern,department` where match is `tag:KEY`,
 * `subscription`, `subscription-name` or `resource-group`; the pattern is an
 * fnmatch glob compared case-insensitively. Rules are tried in order and the
 * first match wins; without a match the value of a `department` tag (key
 * compared case-insensitively) is used, else "(unallocated)".
 */
#ifndef YOSAN_DEPT_H
#define YOSAN_DEPT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define DEPT_UNALLOCATED "(unallocated)"
#define DEPT_NAME_MAX    256 /* bytes kept of a department name, NUL included */

enum dept_match_kind {
    DEPT_MATCH_TAG = 0,           /* tag:KEY - the value of tag KEY */
    DEPT_MATCH_SUBSCRIPTION,      /* subscription id (GUID) */
    DEPT_MATCH_SUBSCRIPTION_NAME, /* subscription display name */
    DEPT_MATCH_RESOURCE_GROUP,    /* resource group name */
};

struct dept_rule {
    int64_t id;                /* dept_rules.id when loaded from the store, else 0 */
    enum dept_match_kind kind; /* what the pattern is compared with */
    char *key;                 /* owned; tag key for DEPT_MATCH_TAG, else "" */
    char *pattern;             /* owned; fnmatch glob */
    char *department;          /* owned; department name (UTF-8) */
};

struct dept_rules {
    struct dept_rule *v; /* n rules in priority order */
    size_t n;            /* rules used */
    size_t cap;          /* rules allocated */
};

/* What a rule looks at. All strings borrowed; NULL is taken as "". */
struct dept_object {
    const char *subscription_id;   /* GUID */
    const char *subscription_name; /* display name */
    const char *resource_group;    /* resource group */
    const char *tags_json;         /* JSON object text ("{}" when none) */
};

struct dept_result {
    int rule;                 /* index of the matching rule, -1 for none */
    int from_tag;             /* 1 when the department tag decided */
    char name[DEPT_NAME_MAX]; /* department name, "(unallocated)" when nothing matched */
};

void dept_rules_init(struct dept_rules *r);
void dept_rules_release(struct dept_rules *r);
/* Append a rule. match is "tag:KEY", "subscription", "subscription-name" or
 * "resource-group"; strings are copied. ST_PARSE with a message naming the
 * problem (no file or line: the caller prefixes them) on a bad rule. */
enum status dept_rules_add(struct dept_rules *r, const char *match, const char *pattern,
                           const char *department, struct err *e);
/* The "match" column text of a rule ("tag:env", "subscription", ...) into out. */
const char *dept_rule_match_text(const struct dept_rule *rule, char *out, size_t outlen);

/* Attribute one object. Malformed tags JSON is treated as no tags. */
void dept_attribute(const struct dept_rules *r, const struct dept_object *o,
                    struct dept_result *out);
/* The same machinery for another attribute (a system, 業務システム): the
 * rules' third column names it, the fallback is the value of tag
 * fallback_tag (NULL: none), and none is the name when nothing matches
 * (dept_attribute is fallback_tag "department", none "(unallocated)"). */
void dept_attribute_as(const struct dept_rules *r, const struct dept_object *o,
                       const char *fallback_tag, const char *none, struct dept_result *out);

#endif
