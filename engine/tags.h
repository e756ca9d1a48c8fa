/*
 * tags.h - Azure resource tags: the one place the Tags JSON is parsed.
 *
 * Import side: tags_normalize() turns an export's Tags field (EA's
 * braceless `"k": "v","k2": "v2"`, FOCUS's object) into the compact,
 * key-sorted JSON object text the store keeps. Read side: tags_parse() loads
 * that stored text into a flat list the department rules (dept.c) and the
 * always-on rule of stop schedules (models/mdl_schedule.c) search with
 * tags_find(), keys compared case-insensitively.
 *
 * Ownership: struct tags owns its list and texts; tags_release() frees
 * them. The struct buf of tags_normalize() belongs to the caller.
 */
#ifndef YOSAN_TAGS_H
#define YOSAN_TAGS_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Normalise a Tags field to a JSON object text with sorted keys (compact,
 * UTF-8) in out: EA's braceless `"k": "v","k2": "v2"` is wrapped in {},
 * an empty field gives "{}". Keys differing only by case or spaces are kept
 * apart. ST_PARSE with a message (no file/line) when it is not an object. */
enum status tags_normalize(const char *raw, size_t len, struct buf *out, struct err *e);

enum tag_type {
    TAG_STRING,   /* "..." */
    TAG_TRUE,     /* true */
    TAG_FALSE,    /* false */
    TAG_INTEGER,  /* 12 */
    TAG_REAL,     /* 1.5 */
    TAG_NULL,     /* null */
    TAG_COMPOUND, /* an object or an array */
};

struct tag {
    const char *key;    /* as written, owned by the struct tags */
    const char *value;  /* a string's value, else the value's compact JSON text ("true", "12") */
    enum tag_type type; /* the JSON type of the value */
};

struct tags {
    struct tag *v; /* in the document's order, owned */
    size_t n;      /* entries in v */
    void *doc;     /* the parsed document (keys and string values live there), owned */
};

/* Parse a tags JSON object text as the store keeps it. NULL, "", "{}",
 * malformed text and a JSON value that is not an object give no tags and
 * ST_OK (callers treat bad tags as none); ST_NOMEM when memory runs out (t
 * is then empty). Release t with tags_release() either way. */
enum status tags_parse(struct tags *t, const char *json, struct err *e);
void tags_release(struct tags *t);

/* The next tag from *pos on whose key equals key case-insensitively (a
 * document may hold "Env" and "env" both); *pos moves past it. Start with
 * *pos = 0. NULL when there is none. */
const struct tag *tags_find(const struct tags *t, const char *key, size_t *pos);

/* 1 when t has a tag key (case-insensitive) whose value - a string, true or
 * an integer - equals value case-insensitively, or, with value NULL, is
 * truthy (true, yes, on, 1). The one tag test of the rules (schedules'
 * always-on, dev/test plans, non-critical storage). */
int tags_match(const struct tags *t, const char *key, const char *value);

/* 1 when a tags JSON object text (as the store keeps it) says dev/test: env
 * or environment (any case) is dev, test, stg, staging, development or
 * devtest (any case; docs/schedule.md). Malformed text, and out of memory,
 * count as no tags. The one dev/test test of the rules (stop schedules'
 * App Service plans, right-sizing's dev/test Premium plans). */
int tags_devtest(const char *tags_json);

#endif
