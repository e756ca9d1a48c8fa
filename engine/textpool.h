/*
 * textpool.h - many short texts kept in a few 64 KiB blocks: a copy costs
 * its bytes and a NUL, not a malloc header and its rounding, and the pool
 * frees them all at once. textpool_intern() also keeps one copy of equal
 * texts (departments, regions, currencies, meter names and reasons repeat
 * over a hundred thousand rows of a bill); its index holds pointers into
 * the blocks, not second copies.
 *
 * The pool owns every text it returns; they stay valid until
 * textpool_release(). Not thread-safe: one pool per thread, and
 * textpool_splice() hands one pool's texts to another. A zero-filled pool
 * is an empty one.
 */
#ifndef YOSAN_TEXTPOOL_H
#define YOSAN_TEXTPOOL_H

#include <stddef.h>
#include <stdint.h>

struct textpool_block;
struct textpool_slot;

struct textpool {
    struct textpool_block *blocks; /* newest first */
    struct textpool_slot *index;   /* the interned texts: open addressing, index_cap slots */
    size_t index_cap, index_n;     /* index_cap a power of two (0 = none yet) */
};

/* A copy of text[0..len) with a NUL after it; NULL when out of memory. */
const char *textpool_copy(struct textpool *p, const char *text, size_t len);
/* The pool's one copy of text[0..len) (made on first use); NULL when out of memory. */
const char *textpool_intern(struct textpool *p, const char *text, size_t len);
/* Move every text of from into to; from is left empty (its interned texts
 * stay valid, owned by to, but are not shared with to's). */
void textpool_splice(struct textpool *to, struct textpool *from);
void textpool_release(struct textpool *p);

#endif
