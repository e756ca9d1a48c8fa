/*
 * imp_yaml.c - the shared helpers of the YAML readers (libyaml document
 * API): node lookup, error messages naming file:line: field, unknown keys
 * with a did-you-mean, typed scalar fields, and loading a document with a
 * line for libyaml's reader errors. The schemas live in their readers
 * (imp_scenario.c, imp_terms.c).
 */
#include "imp_yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- node helpers ---- */

int imp_yaml_line(const yaml_node_t *n)
{
    return n ? (int)n->start_mark.line + 1 : 0;
}

yaml_node_t *imp_yaml_node(struct imp_yaml *p, int idx)
{
    return yaml_document_get_node(p->doc, idx);
}

const char *imp_yaml_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The value node for key in a mapping, or NULL. */
yaml_node_t *imp_yaml_get(struct imp_yaml *p, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
         pr++) {
        const char *k = imp_yaml_scalar(imp_yaml_node(p, pr->key));
        if (k && strcmp(k, key) == 0)
            return imp_yaml_node(p, pr->value);
    }
    return NULL;
}

enum status imp_yaml_fail(struct imp_yaml *p, const yaml_node_t *n, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(p->e, ST_PARSE, "%s:%d: %s", p->path, imp_yaml_line(n), msg);
}

/* ---- did you mean ---- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            size_t m = sub < del ? sub : del;
            d[i][j] = m < ins ? m : ins;
        }
    return d[la][lb];
}

/* Closest candidate within a small distance, or NULL. */
const char *imp_yaml_closest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = 99, len = strlen(word);
    size_t limit = len < 6 ? 2 : len / 3 + 1;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, cands[i]);
        if (dist < best_d) {
            best_d = dist;
            best = cands[i];
        }
    }
    return best_d <= limit ? best : NULL;
}

/* Check that every key of a mapping is in allowed (NULL-terminated) and unique. */
enum status imp_yaml_check_keys(struct imp_yaml *p, yaml_node_t *map, const char *what,
                                const char *const *allowed)
{
    size_t nallowed = 0;
    while (allowed[nallowed])
        nallowed++;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *kn = imp_yaml_node(p, pr->key);
        const char *k = imp_yaml_scalar(kn);
        if (!k)
            return imp_yaml_fail(p, kn, "%s: keys must be plain words", what);
        int known = 0;
        for (size_t i = 0; i < nallowed; i++)
            if (strcmp(k, allowed[i]) == 0)
                known = 1;
        if (!known) {
            const char *hint = imp_yaml_closest(k, allowed, nallowed);
            if (hint)
                return imp_yaml_fail(p, kn, "%s: unknown field '%s' (did you mean '%s'?)", what, k,
                                     hint);
            return imp_yaml_fail(p, kn, "%s: unknown field '%s'", what, k);
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < pr; q++) {
            const char *k2 = imp_yaml_scalar(imp_yaml_node(p, q->key));
            if (k2 && strcmp(k, k2) == 0)
                return imp_yaml_fail(p, kn, "%s: field '%s' given twice", what, k);
        }
    }
    return ST_OK;
}

enum status imp_yaml_need(struct imp_yaml *p, yaml_node_t *map, const char *what, const char *key,
                          yaml_node_t **out)
{
    *out = imp_yaml_get(p, map, key);
    if (!*out)
        return imp_yaml_fail(p, map, "%s: missing field '%s'", what, key);
    return ST_OK;
}

enum status imp_yaml_scalar_of(struct imp_yaml *p, yaml_node_t *n, const char *key,
                               const char **out)
{
    *out = imp_yaml_scalar(n);
    if (!*out)
        return imp_yaml_fail(p, n, "field '%s': expected a single value, got a %s", key,
                             n->type == YAML_MAPPING_NODE ? "mapping" : "list");
    return ST_OK;
}

/* The text of field key of map: *node NULL (and ST_OK) when the field is
 * absent and optional; a missing required field or a non-scalar is an error. */
enum status imp_yaml_field_text(struct imp_yaml *p, yaml_node_t *map, const char *key, int required,
                                yaml_node_t **node, const char **text)
{
    *node = imp_yaml_get(p, map, key);
    *text = NULL;
    if (!*node)
        return required ? imp_yaml_fail(p, map, "missing field '%s'", key) : ST_OK;
    return imp_yaml_scalar_of(p, *node, key, text);
}

enum status imp_yaml_str_field(struct imp_yaml *p, yaml_node_t *map, const char *key, int required,
                               char **out)
{
    yaml_node_t *n;
    const char *s;
    enum status st = imp_yaml_field_text(p, map, key, required, &n, &s);
    if (st != ST_OK || !n)
        return st;
    if (!*s)
        return imp_yaml_fail(p, n, "field '%s': must not be empty", key);
    char *copy = strdup(s);
    if (!copy)
        return err_set(p->e, ST_NOMEM, "out of memory");
    free(*out);
    *out = copy;
    return ST_OK;
}

/* One of choices (NULL-terminated); *out = index. */
enum status imp_yaml_choice_field(struct imp_yaml *p, yaml_node_t *map, const char *key,
                                  int required, const char *const *choices, int *out)
{
    yaml_node_t *n;
    const char *s;
    enum status st = imp_yaml_field_text(p, map, key, required, &n, &s);
    if (st != ST_OK || !n)
        return st;
    char list[200] = "";
    size_t used = 0;
    for (int i = 0; choices[i]; i++) {
        if (strcasecmp(s, choices[i]) == 0) {
            *out = i;
            return ST_OK;
        }
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", choices[i]);
        if (w > 0 && (size_t)w < sizeof list - used)
            used += (size_t)w;
    }
    return imp_yaml_fail(p, n, "field '%s': expected one of %s, got '%s'", key, list, s);
}

/* Line of byte offset off (libyaml's reader errors - invalid UTF-8, control
 * characters - give an offset, not a line): counted in text, else in f. */
static long line_of_offset(const char *text, FILE *f, size_t off)
{
    long line = 1;
    if (text) {
        for (size_t i = 0; i < off; i++)
            line += text[i] == '\n';
        return line;
    }
    if (!f || fseek(f, 0, SEEK_SET) != 0)
        return 0;
    for (size_t i = 0; i < off; i++) {
        int c = getc(f);
        if (c == EOF)
            break;
        line += c == '\n';
    }
    return line;
}

enum status imp_yaml_load(struct imp_yaml *p, yaml_parser_t *parser, const char *text, FILE *f,
                          yaml_document_t *doc)
{
    if (yaml_parser_load(parser, doc))
        return ST_OK;
    if (parser->error == YAML_READER_ERROR)
        return err_set(p->e, ST_PARSE, "%s:%ld: %s at byte %zu of the file", p->path,
                       line_of_offset(text, f, parser->problem_offset),
                       parser->problem ? parser->problem : "unreadable",
                       parser->problem_offset + 1);
    return err_set(p->e, ST_PARSE, "%s:%d: YAML syntax error: %s", p->path,
                   (int)parser->problem_mark.line + 1,
                   parser->problem ? parser->problem : "unreadable");
}
