/*
 * strmap.h - a string -> int64 hash map (open addressing, linear probing),
 * optionally bounded by memory with CLOCK eviction.
 *
 * Used to intern dimension values (subscriptions, meters, resources) during
 * an import without a database round trip per row, and as a plain index
 * elsewhere. The map copies keys; strmap_release() frees them.
 *
 * A bounded map (strmap_init_bounded) is a cache: when a put would take it
 * past its byte budget, CLOCK (second chance: a get marks an entry used, the
 * hand clears marks and evicts the first unmarked entry) evicts a few
 * entries - never the whole map - so a file with more distinct keys than
 * fit keeps the recently used ones. Lookups of an evicted key simply miss;
 * the caller falls back to its source of truth (the database).
 */
#ifndef YOSAN_STRMAP_H
#define YOSAN_STRMAP_H

#include <stddef.h>
#include <stdint.h>

enum { STRMAP_USED = 1, STRMAP_TEXT = 2 };

struct strmap_entry {
    char *key;       /* owned copy (key, NUL, then any text), NULL when empty */
    uint64_t hash;   /* cached hash */
    int64_t value;   /* caller's value */
    uint32_t keylen; /* bytes in key */
    uint32_t flags;  /* STRMAP_USED (CLOCK mark), STRMAP_TEXT (text after key) */
};

struct strmap {
    struct strmap_entry *slots; /* capacity entries */
    size_t capacity;            /* power of two */
    size_t count;               /* occupied slots */
    size_t bytes;               /* memory held: slots plus key copies */
    size_t max_bytes;           /* 0 = unbounded, else the eviction budget */
    size_t hand;                /* CLOCK hand (slot index) */
    uint64_t evictions;         /* entries evicted so far */
};

/* The map's hash of key[0..len) (also for other tables of texts). */
uint64_t strmap_hash(const char *key, size_t len);

void strmap_init(struct strmap *m);
/* A cache of at most max_bytes (slots and keys counted; max_bytes >= 4 KiB). */
void strmap_init_bounded(struct strmap *m, size_t max_bytes);
/* Change a bounded map's budget (>= 4 KiB); it shrinks at the next put. */
void strmap_set_budget(struct strmap *m, size_t max_bytes);
void strmap_release(struct strmap *m);
/* Look up key[0..len); returns 1 and sets *value when found, else 0.
 * Marks the entry used (for eviction), hence the non-const map. */
int strmap_get(struct strmap *m, const char *key, size_t len, int64_t *value);
/* Insert or overwrite. Returns 0, or -1 when out of memory. In a bounded
 * map it may evict other entries first. */
int strmap_put(struct strmap *m, const char *key, size_t len, int64_t value);

/* A map whose entries carry a text beside the value (e.g. a normalised
 * form of the key): put copies text[0..tlen) next to the key and returns the
 * stored copy (NUL-terminated), NULL when out of memory; get returns it or
 * NULL when the key is absent. The pointer stays valid until the next put
 * into the map or its release. */
const char *strmap_put_text(struct strmap *m, const char *key, size_t len, const char *text,
                            size_t tlen);
const char *strmap_get_text(struct strmap *m, const char *key, size_t len);

#endif
