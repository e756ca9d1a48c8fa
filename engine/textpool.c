/*
 * textpool.c - texts copied into 64 KiB blocks, optionally interned (see
 * textpool.h).
 */
#include "textpool.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"

#define TEXTPOOL_BLOCK 65536

struct textpool_block {
    struct textpool_block *next;
    size_t used, cap; /* bytes of data used / allocated */
    char data[];
};

struct textpool_slot {
    uint64_t hash;
    const char *text; /* in the blocks; NULL = empty slot */
    size_t len;
};

const char *textpool_copy(struct textpool *p, const char *text, size_t len)
{
    struct textpool_block *b = p->blocks;
    if (!b || b->cap - b->used < len + 1) {
        size_t cap = len + 1 > TEXTPOOL_BLOCK ? len + 1 : TEXTPOOL_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = p->blocks;
        b->used = 0;
        b->cap = cap;
        p->blocks = b;
    }
    char *copy = b->data + b->used;
    if (len)
        memcpy(copy, text, len);
    copy[len] = '\0';
    b->used += len + 1;
    return copy;
}

/* The slot of (hash, text) in index, or the empty slot where it would go. */
static struct textpool_slot *find_slot(struct textpool_slot *index, size_t cap, uint64_t hash,
                                       const char *text, size_t len)
{
    size_t i = (size_t)hash & (cap - 1);
    while (index[i].text &&
           !(index[i].hash == hash && index[i].len == len && memcmp(index[i].text, text, len) == 0))
        i = (i + 1) & (cap - 1);
    return &index[i];
}

/* Double the index (first 64 slots) when it would pass half full; -1 when out of memory. */
static int index_grow(struct textpool *p)
{
    if (2 * (p->index_n + 1) <= p->index_cap)
        return 0;
    size_t cap = p->index_cap ? 2 * p->index_cap : 64;
    struct textpool_slot *index = calloc(cap, sizeof *index);
    if (!index)
        return -1;
    for (size_t i = 0; i < p->index_cap; i++)
        if (p->index[i].text)
            *find_slot(index, cap, p->index[i].hash, p->index[i].text, p->index[i].len) =
                p->index[i];
    free(p->index);
    p->index = index;
    p->index_cap = cap;
    return 0;
}

const char *textpool_intern(struct textpool *p, const char *text, size_t len)
{
    if (index_grow(p) != 0)
        return NULL;
    uint64_t hash = strmap_hash(text, len);
    struct textpool_slot *slot = find_slot(p->index, p->index_cap, hash, text, len);
    if (slot->text)
        return slot->text;
    const char *copy = textpool_copy(p, text, len);
    if (!copy)
        return NULL;
    *slot = (struct textpool_slot){hash, copy, len};
    p->index_n++;
    return copy;
}

void textpool_splice(struct textpool *to, struct textpool *from)
{
    /* from's blocks go behind to's newest block, which stays the one to fill */
    struct textpool_block *last = from->blocks;
    if (last) {
        while (last->next)
            last = last->next;
        if (to->blocks) {
            last->next = to->blocks->next;
            to->blocks->next = from->blocks;
        } else {
            to->blocks = from->blocks;
        }
    }
    from->blocks = NULL;
    free(from->index);
    from->index = NULL;
    from->index_cap = from->index_n = 0;
}

void textpool_release(struct textpool *p)
{
    struct textpool_block *b = p->blocks;
    while (b) {
        struct textpool_block *next = b->next;
        free(b);
        b = next;
    }
    free(p->index);
    memset(p, 0, sizeof *p);
}
