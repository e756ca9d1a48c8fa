/*
 * tags.c - Azure resource tags: normalising an export's Tags field for the
 * store and reading the stored JSON back (tags.h). The only code that parses
 * tags JSON.
 */
#include "tags.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- import: normalise a Tags field ---- */

static size_t skip_ws(const char *s, size_t i, size_t len)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

enum status tags_normalize(const char *raw, size_t len, struct buf *out, struct err *e)
{
    buf_reset(out);
    size_t start = skip_ws(raw, 0, len);
    size_t end = len;
    while (end > start && (raw[end - 1] == ' ' || raw[end - 1] == '\t' || raw[end - 1] == '\r' ||
                           raw[end - 1] == '\n'))
        end--;
    if (start == end || (end - start == 2 && raw[start] == '{' && raw[start + 1] == '}'))
        return buf_adds(out, "{}") == ST_OK ? ST_OK : err_set(e, ST_NOMEM, "out of memory");
    /* EA exports drop the outer braces; FOCUS keeps them */
    int wrap = raw[start] != '{';
    enum status st = ST_OK;
    if (wrap)
        st = buf_addc(out, '{');
    if (st == ST_OK)
        st = buf_add(out, raw + start, end - start);
    if (st == ST_OK && wrap)
        st = buf_addc(out, '}');
    if (st != ST_OK)
        return err_set(e, ST_NOMEM, "out of memory");
    json_error_t jerr;
    json_t *root = json_loadb(out->data, out->len, 0, &jerr);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        buf_reset(out);
        return err_set(e, ST_PARSE, "expected a JSON object of tags: %s",
                       root ? "not an object" : jerr.text);
    }
    char *txt = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(root);
    buf_reset(out);
    if (!txt)
        return err_set(e, ST_NOMEM, "out of memory");
    st = buf_adds(out, txt);
    free(txt);
    return st == ST_OK ? ST_OK : err_set(e, ST_NOMEM, "out of memory");
}

/* ---- read: the stored JSON object ---- */

static enum tag_type type_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return TAG_STRING;
    case JSON_TRUE:
        return TAG_TRUE;
    case JSON_FALSE:
        return TAG_FALSE;
    case JSON_INTEGER:
        return TAG_INTEGER;
    case JSON_REAL:
        return TAG_REAL;
    case JSON_NULL:
        return TAG_NULL;
    default:
        return TAG_COMPOUND;
    }
}

enum status tags_parse(struct tags *t, const char *json, struct err *e)
{
    memset(t, 0, sizeof *t);
    if (!json || !*json || strcmp(json, "{}") == 0)
        return ST_OK;
    json_t *root = json_loads(json, 0, NULL);
    if (!root)
        return ST_OK;
    t->doc = root;
    if (!json_is_object(root) || json_object_size(root) == 0)
        return ST_OK;
    t->v = calloc(json_object_size(root), sizeof *t->v);
    if (!t->v) {
        tags_release(t);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v)
    {
        struct tag *g = &t->v[t->n];
        g->key = k;
        g->type = type_of(v);
        if (g->type == TAG_STRING) {
            g->value = json_string_value(v);
        } else if (!(g->value = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT))) {
            tags_release(t);
            return err_set(e, ST_NOMEM, "out of memory");
        }
        t->n++;
    }
    return ST_OK;
}

void tags_release(struct tags *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].type != TAG_STRING)
            free((char *)t->v[i].value); /* json_dumps() text */
    free(t->v);
    json_decref(t->doc);
    memset(t, 0, sizeof *t);
}

static int tag_truthy(const char *s)
{
    return strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0 || strcmp(s, "1") == 0 ||
           strcasecmp(s, "on") == 0;
}

int tags_match(const struct tags *t, const char *key, const char *value)
{
    size_t pos = 0;
    for (const struct tag *g; (g = tags_find(t, key, &pos));) {
        if (g->type != TAG_STRING && g->type != TAG_TRUE && g->type != TAG_INTEGER)
            continue;
        if (value ? strcasecmp(g->value, value) == 0 : tag_truthy(g->value))
            return 1;
    }
    return 0;
}

const struct tag *tags_find(const struct tags *t, const char *key, size_t *pos)
{
    for (size_t i = *pos; i < t->n; i++)
        if (strcasecmp(t->v[i].key, key) == 0) {
            *pos = i + 1;
            return &t->v[i];
        }
    *pos = t->n;
    return NULL;
}

int tags_devtest(const char *tags_json)
{
    static const char *const keys[] = {"env", "environment"};
    static const char *const vals[] = {"dev", "test", "stg", "staging", "development", "devtest"};
    struct tags tags;
    struct err ignored; /* out of memory: no tags, as for malformed JSON */
    tags_parse(&tags, tags_json, &ignored);
    int hit = 0;
    for (size_t k = 0; k < sizeof keys / sizeof *keys && !hit; k++)
        for (size_t v = 0; v < sizeof vals / sizeof *vals && !hit; v++)
            hit = tags_match(&tags, keys[k], vals[v]);
    tags_release(&tags);
    return hit;
}
