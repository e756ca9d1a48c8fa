/*
 * strmap.c - string -> int64 hash map with optional CLOCK eviction (see
 * strmap.h). Linear probing with backward-shift deletion, so evictions leave
 * no tombstones and lookups stay as short as in a map that never deletes.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

/* what one key copy costs beyond its bytes: the NUL and malloc's header */
#define KEY_OVERHEAD 17
#define MIN_BUDGET   4096

/* Word-at-a-time multiply-xorshift hash: keys are often a few hundred bytes
 * (resource ids plus tags), so hashing 8 bytes per step matters. */
uint64_t strmap_hash(const char *s, size_t len)
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
    memset(m, 0, sizeof *m);
}

void strmap_set_budget(struct strmap *m, size_t max_bytes)
{
    m->max_bytes = max_bytes < MIN_BUDGET ? MIN_BUDGET : max_bytes;
}

void strmap_init_bounded(struct strmap *m, size_t max_bytes)
{
    strmap_init(m);
    strmap_set_budget(m, max_bytes);
}

void strmap_release(struct strmap *m)
{
    size_t budget = m->max_bytes;
    for (size_t i = 0; i < m->capacity; i++)
        free(m->slots[i].key);
    free(m->slots);
    strmap_init(m);
    m->max_bytes = budget;
}

/* the bytes an entry is charged: its key copy (and text) plus overhead */
static size_t entry_cost(size_t keylen, size_t textlen, int has_text)
{
    return keylen + KEY_OVERHEAD + (has_text ? textlen + 1 : 0);
}

static size_t charged(const struct strmap_entry *e)
{
    int has_text = (e->flags & STRMAP_TEXT) != 0;
    size_t tlen = has_text ? strlen(e->key + e->keylen + 1) : 0;
    return entry_cost(e->keylen, tlen, has_text);
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

int strmap_get(struct strmap *m, const char *key, size_t len, int64_t *value)
{
    if (!m->capacity)
        return 0;
    struct strmap_entry *e = find_slot(m->slots, m->capacity, key, len, strmap_hash(key, len));
    if (!e->key)
        return 0;
    e->flags |= STRMAP_USED;
    *value = e->value;
    return 1;
}

const char *strmap_get_text(struct strmap *m, const char *key, size_t len)
{
    if (!m->capacity)
        return NULL;
    struct strmap_entry *e = find_slot(m->slots, m->capacity, key, len, strmap_hash(key, len));
    if (!e->key || !(e->flags & STRMAP_TEXT))
        return NULL;
    e->flags |= STRMAP_USED;
    return e->key + e->keylen + 1;
}

/* Remove slot i and shift the entries of its probe run back over the hole
 * (no tombstones). */
static void delete_at(struct strmap *m, size_t i)
{
    size_t mask = m->capacity - 1;
    m->bytes -= charged(&m->slots[i]);
    free(m->slots[i].key);
    m->count--;
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        struct strmap_entry *e = &m->slots[j];
        if (!e->key)
            break;
        size_t home = (size_t)e->hash & mask;
        /* e may move to the hole unless its home lies cyclically in (i, j] */
        int stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            m->slots[i] = *e;
            i = j;
        }
    }
    memset(&m->slots[i], 0, sizeof m->slots[i]);
}

/* CLOCK: clear marks until an unmarked entry comes under the hand; evict it. */
static void evict_one(struct strmap *m)
{
    for (;;) {
        if (m->hand >= m->capacity)
            m->hand = 0;
        struct strmap_entry *e = &m->slots[m->hand];
        if (e->key && !(e->flags & STRMAP_USED)) {
            delete_at(m, m->hand);
            m->evictions++;
            return;
        }
        e->flags &= ~(uint32_t)STRMAP_USED;
        m->hand++;
    }
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
    m->bytes += (cap - m->capacity) * sizeof *slots;
    m->slots = slots;
    m->capacity = cap;
    m->hand = 0;
    return 0;
}

static int needs_growth(const struct strmap *m)
{
    return (m->count + 1) * 4 > m->capacity * 3;
}

/* Make room for one more entry costing `cost`: in a bounded map evict
 * until it fits, and evict rather than grow past the budget. */
static int make_room(struct strmap *m, size_t cost)
{
    if (m->max_bytes) {
        while (m->count && m->bytes + cost > m->max_bytes)
            evict_one(m);
        while (m->count && needs_growth(m) &&
               m->bytes + cost + m->capacity * sizeof *m->slots > m->max_bytes)
            evict_one(m);
    }
    return needs_growth(m) ? grow(m) : 0;
}

static struct strmap_entry *put_entry(struct strmap *m, const char *key, size_t len,
                                      const char *text, size_t tlen, int has_text)
{
    if (len > UINT32_MAX)
        return NULL;
    uint64_t h = strmap_hash(key, len);
    struct strmap_entry *e = m->capacity ? find_slot(m->slots, m->capacity, key, len, h) : NULL;
    if (e && e->key && !has_text)
        return e;
    size_t cost = entry_cost(len, tlen, has_text);
    char *copy = malloc(cost - KEY_OVERHEAD + 1);
    if (!copy)
        return NULL;
    memcpy(copy, key, len);
    copy[len] = '\0';
    if (has_text) {
        memcpy(copy + len + 1, text, tlen);
        copy[len + 1 + tlen] = '\0';
    }
    if (e && e->key) { /* new text for a present key */
        m->bytes -= charged(e);
        free(e->key);
    } else {
        if (make_room(m, cost)) {
            free(copy);
            return NULL;
        }
        e = find_slot(m->slots, m->capacity, key, len, h);
        m->count++;
    }
    e->key = copy;
    e->keylen = (uint32_t)len;
    e->hash = h;
    e->flags = has_text ? STRMAP_TEXT : 0;
    m->bytes += cost;
    return e;
}

int strmap_put(struct strmap *m, const char *key, size_t len, int64_t value)
{
    struct strmap_entry *e = put_entry(m, key, len, NULL, 0, 0);
    if (!e)
        return -1;
    e->value = value;
    return 0;
}

const char *strmap_put_text(struct strmap *m, const char *key, size_t len, const char *text,
                            size_t tlen)
{
    struct strmap_entry *e = put_entry(m, key, len, text, tlen, 1);
    if (!e)
        return NULL;
    e->value = 0;
    return e->key + e->keylen + 1;
}
