/*
 * buf.h - one growable byte buffer with a size cap (git strbuf, curl dynbuf).
 *
 * Backs HTTP bodies, SQL-free string building and report rendering. The
 * buffer is always NUL-terminated when data != NULL. A non-zero max makes a
 * runaway input fail with ST_NOMEM instead of eating memory.
 * Ownership: the buffer owns data; buf_release() frees it, buf_detach()
 * hands it to the caller, who frees it with free().
 */
#ifndef YOSAN_BUF_H
#define YOSAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "err.h"

struct buf {
    char *data; /* NUL-terminated contents, or NULL when empty and unallocated */
    size_t len; /* bytes used, not counting the NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* cap on len; 0 = unlimited */
};

#define BUF_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Empty the buffer, keeping its allocation. */
void buf_reset(struct buf *b);
enum status buf_add(struct buf *b, const void *data, size_t len);
enum status buf_adds(struct buf *b, const char *s);
enum status buf_addc(struct buf *b, char c);
enum status buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Contents as a string ("" when empty). Borrowed; valid until the next change. */
const char *buf_str(const struct buf *b);
/* Hand the malloc'd string to the caller (never NULL on success); the buffer is left empty. */
char *buf_detach(struct buf *b);

#endif
