/*
 * imp_yaml.h - helpers shared by the YAML readers (what-if scenarios,
 * billing terms): every error is ST_PARSE with "file:line: message", the
 * line taken from libyaml's node marks. Nodes are borrowed from the loaded
 * document (freed by the caller with yaml_document_delete()).
 */
#ifndef YOSAN_IMP_YAML_H
#define YOSAN_IMP_YAML_H

#include <stddef.h>
#include <stdio.h>
#include <yaml.h>

#include "err.h"

struct imp_yaml {
    const char *path;     /* file name for messages */
    yaml_document_t *doc; /* the parsed document */
    struct err *e;        /* error out */
};

/* 1-based line of a node (0 for NULL). */
int imp_yaml_line(const yaml_node_t *n);
yaml_node_t *imp_yaml_node(struct imp_yaml *p, int idx);
/* The text of a scalar node, or NULL for any other node. */
const char *imp_yaml_scalar(const yaml_node_t *n);
/* The value node for key in a mapping, or NULL. */
yaml_node_t *imp_yaml_get(struct imp_yaml *p, yaml_node_t *map, const char *key);
/* ST_PARSE with "path:line: <fmt>" (line of n). */
enum status imp_yaml_fail(struct imp_yaml *p, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The closest of n candidates within a small edit distance, or NULL. */
const char *imp_yaml_closest(const char *word, const char *const *cands, size_t n);
/* Every key of map in allowed (NULL-terminated), none twice. */
enum status imp_yaml_check_keys(struct imp_yaml *p, yaml_node_t *map, const char *what,
                                const char *const *allowed);
/* The value of a required key of map. */
enum status imp_yaml_need(struct imp_yaml *p, yaml_node_t *map, const char *what, const char *key,
                          yaml_node_t **out);
/* The text of n, which must be a scalar (key names it in the message). */
enum status imp_yaml_scalar_of(struct imp_yaml *p, yaml_node_t *n, const char *key,
                               const char **out);
/* The text of field key of map: *node NULL (and ST_OK) when the field is
 * absent and optional; a missing required field or a non-scalar is an error. */
enum status imp_yaml_field_text(struct imp_yaml *p, yaml_node_t *map, const char *key, int required,
                                yaml_node_t **node, const char **text);
/* A non-empty string field; *out (malloc'd, the old value freed) is left as
 * it was when the optional field is absent. */
enum status imp_yaml_str_field(struct imp_yaml *p, yaml_node_t *map, const char *key, int required,
                               char **out);
/* One of choices (NULL-terminated, case-insensitive); *out = its index. */
enum status imp_yaml_choice_field(struct imp_yaml *p, yaml_node_t *map, const char *key,
                                  int required, const char *const *choices, int *out);
/* Load the next document of parser into *doc (delete it with
 * yaml_document_delete() after ST_OK). text (in memory) or f (a file) lets a
 * reader error - invalid UTF-8, a control character - name its line. */
enum status imp_yaml_load(struct imp_yaml *p, yaml_parser_t *parser, const char *text, FILE *f,
                          yaml_document_t *doc);

#endif
