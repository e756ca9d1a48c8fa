/*
 * dept.c - department attribution rules (see dept.h). Pure: no I/O, no SQL;
 * the store applies the result to cost objects (store_departments.c).
 */
#define _GNU_SOURCE /* FNM_CASEFOLD */
#include "dept.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tags.h"
#include "utf8.h"

void dept_rules_init(struct dept_rules *r)
{
    r->v = NULL;
    r->n = 0;
    r->cap = 0;
}

void dept_rules_release(struct dept_rules *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].key);
        free(r->v[i].pattern);
        free(r->v[i].department);
    }
    free(r->v);
    dept_rules_init(r);
}

static int only_space(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

enum status dept_rules_add(struct dept_rules *r, const char *match, const char *pattern,
                           const char *department, struct err *e)
{
    enum dept_match_kind kind;
    const char *key = "";
    if (strncasecmp(match, "tag:", 4) == 0) {
        kind = DEPT_MATCH_TAG;
        key = match + 4;
        if (!*key)
            return err_set(e, ST_PARSE, "field 'match': 'tag:' needs a tag key, as in 'tag:env'");
    } else if (strcasecmp(match, "subscription") == 0) {
        kind = DEPT_MATCH_SUBSCRIPTION;
    } else if (strcasecmp(match, "subscription-name") == 0) {
        kind = DEPT_MATCH_SUBSCRIPTION_NAME;
    } else if (strcasecmp(match, "resource-group") == 0) {
        kind = DEPT_MATCH_RESOURCE_GROUP;
    } else {
        return err_set(e, ST_PARSE,
                       "field 'match': expected tag:KEY, subscription, subscription-name or "
                       "resource-group, got '%s'",
                       match);
    }
    if (!*pattern)
        return err_set(e, ST_PARSE, "field 'pattern': empty pattern");
    if (only_space(department))
        return err_set(e, ST_PARSE, "field 'department': empty department");
    if (strlen(department) >= DEPT_NAME_MAX)
        return err_set(e, ST_PARSE, "field 'department': longer than %d bytes", DEPT_NAME_MAX - 1);
    if (strcmp(department, DEPT_UNALLOCATED) == 0)
        return err_set(e, ST_PARSE, "field 'department': '%s' is reserved", DEPT_UNALLOCATED);
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        struct dept_rule *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return err_set(e, ST_NOMEM, "out of memory");
        r->v = v;
        r->cap = cap;
    }
    struct dept_rule *d = &r->v[r->n];
    d->id = 0;
    d->kind = kind;
    d->key = strdup(key);
    d->pattern = strdup(pattern);
    d->department = strdup(department);
    if (!d->key || !d->pattern || !d->department) {
        free(d->key);
        free(d->pattern);
        free(d->department);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    r->n++;
    return ST_OK;
}

const char *dept_rule_match_text(const struct dept_rule *rule, char *out, size_t outlen)
{
    switch (rule->kind) {
    case DEPT_MATCH_TAG:
        snprintf(out, outlen, "tag:%s", rule->key);
        break;
    case DEPT_MATCH_SUBSCRIPTION:
        snprintf(out, outlen, "subscription");
        break;
    case DEPT_MATCH_SUBSCRIPTION_NAME:
        snprintf(out, outlen, "subscription-name");
        break;
    case DEPT_MATCH_RESOURCE_GROUP:
        snprintf(out, outlen, "resource-group");
        break;
    }
    return out;
}

/* Value of the first tag whose key equals key case-insensitively (string
 * values only; other JSON types are compared as their compact text). */
static const char *tag_value(const struct tags *tags, const char *key, char *tmp, size_t tmplen)
{
    size_t pos = 0;
    const struct tag *g = tags_find(tags, key, &pos);
    if (!g)
        return NULL;
    if (g->type == TAG_STRING)
        return g->value;
    utf8_copy(tmp, tmplen, g->value);
    return tmp;
}

static int glob_match(const char *pattern, const char *value)
{
    return fnmatch(pattern, value ? value : "", FNM_CASEFOLD) == 0;
}

void dept_attribute(const struct dept_rules *r, const struct dept_object *o,
                    struct dept_result *out)
{
    dept_attribute_as(r, o, "department", DEPT_UNALLOCATED, out);
}

void dept_attribute_as(const struct dept_rules *r, const struct dept_object *o,
                       const char *fallback_tag, const char *none, struct dept_result *out)
{
    struct tags parsed;
    struct err ignored; /* out of memory: matched as no tags, like malformed ones */
    tags_parse(&parsed, o->tags_json, &ignored);
    const struct tags *tags = &parsed;
    char tmp[DEPT_NAME_MAX];
    out->rule = -1;
    out->from_tag = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct dept_rule *d = &r->v[i];
        const char *value = NULL;
        switch (d->kind) {
        case DEPT_MATCH_TAG:
            value = tag_value(tags, d->key, tmp, sizeof tmp);
            if (!value)
                continue; /* an absent tag matches nothing, not even '*' */
            break;
        case DEPT_MATCH_SUBSCRIPTION:
            value = o->subscription_id;
            break;
        case DEPT_MATCH_SUBSCRIPTION_NAME:
            value = o->subscription_name;
            break;
        case DEPT_MATCH_RESOURCE_GROUP:
            value = o->resource_group;
            break;
        }
        if (glob_match(d->pattern, value)) {
            out->rule = (int)i;
            utf8_copy(out->name, sizeof out->name, d->department);
            tags_release(&parsed);
            return;
        }
    }
    const char *tagged = fallback_tag ? tag_value(tags, fallback_tag, tmp, sizeof tmp) : NULL;
    if (tagged && !only_space(tagged) && strcmp(tagged, none) != 0) {
        utf8_copy(out->name, sizeof out->name, tagged); /* a long tag value */
        out->from_tag = 1;
    } else {
        snprintf(out->name, sizeof out->name, "%s", none);
    }
    tags_release(&parsed);
}
