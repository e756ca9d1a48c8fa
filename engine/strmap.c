/*
 * strmap.c - string -> int64 hash map (see strmap.h).
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

/* Word-at-a-time multiply-xorshift hash: keys are often a few hundred bytes
 * (resource ids plus tags), so hashing 8 bytes per step matters. */
static uint64_t hash_bytes(const char *s, size_t len)
{
    const uint64_t m = 0x9E3779B97F4A7C15ULL;
    uint64_t h = 1469598103934665603ULL ^ (len * m);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * m;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    for (size_t j = 0; i + j < len; j++)
        tail |= (uint64_t)(unsigned char)s[i + j] << (8 * j);
    h = (h ^ tail) * m;
    h ^= h >> 32;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    return h;
}

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->capacity = 0;
    m->count = 0;
}

void strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->capacity; i++)
        free(m->slots[i].key);
    free(m->slots);
    strmap_init(m);
}

static struct strmap_entry *find_slot(struct strmap_entry *slots, size_t cap, const char *key,
                                      size_t len, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        struct strmap_entry *e = &slots[i];
        if (!e->key || (e->hash == h && e->keylen == len && memcmp(e->key, key, len) == 0))
            return e;
        i = (i + 1) & (cap - 1);
    }
}

int strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value)
{
    if (!m->capacity)
        return 0;
    struct strmap_entry *e = find_slot(m->slots, m->capacity, key, len, hash_bytes(key, len));
    if (!e->key)
        return 0;
    *value = e->value;
    return 1;
}

static int grow(struct strmap *m)
{
    size_t cap = m->capacity ? m->capacity * 2 : 64;
    struct strmap_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->capacity; i++) {
        struct strmap_entry *old = &m->slots[i];
        if (old->key)
            *find_slot(slots, cap, old->key, old->keylen, old->hash) = *old;
    }
    free(m->slots);
    m->slots = slots;
    m->capacity = cap;
    return 0;
}

int strmap_put(struct strmap *m, const char *key, size_t len, int64_t value)
{
    if ((m->count + 1) * 4 > m->capacity * 3 && grow(m))
        return -1;
    uint64_t h = hash_bytes(key, len);
    struct strmap_entry *e = find_slot(m->slots, m->capacity, key, len, h);
    if (!e->key) {
        e->key = malloc(len + 1);
        if (!e->key)
            return -1;
        memcpy(e->key, key, len);
        e->key[len] = '\0';
        e->keylen = len;
        e->hash = h;
        m->count++;
    }
    e->value = value;
    return 0;
}
