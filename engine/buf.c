/*
 * buf.c - growable, capped byte buffer (see buf.h).
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void buf_release(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static enum status buf_grow(struct buf *b, size_t extra)
{
    if (b->max && b->len + extra > b->max)
        return ST_NOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return ST_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return ST_NOMEM;
    b->data = p;
    b->cap = cap;
    return ST_OK;
}

enum status buf_add(struct buf *b, const void *data, size_t len)
{
    enum status st = buf_grow(b, len);
    if (st != ST_OK)
        return st;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return ST_OK;
}

enum status buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

enum status buf_addc(struct buf *b, char c)
{
    return buf_add(b, &c, 1);
}

/* buf_addf() with a va_list. */
static enum status buf_vaddf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static enum status buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return ST_IO;
    enum status st = buf_grow(b, (size_t)n);
    if (st != ST_OK)
        return st;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return ST_OK;
}

enum status buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum status st = buf_vaddf(b, fmt, ap);
    va_end(ap);
    return st;
}

const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}

char *buf_detach(struct buf *b)
{
    char *p = b->data;
    if (!p) {
        p = malloc(1);
        if (p)
            p[0] = '\0';
    }
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}
