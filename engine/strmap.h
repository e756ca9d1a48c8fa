/*
 * strmap.h - a string -> int64 hash map (open addressing, FNV-1a).
 *
 * Used to intern dimension values (subscriptions, meters, resources) during
 * an import without a database round trip per row. The map copies keys;
 * strmap_release() frees them.
 */
#ifndef YOSAN_STRMAP_H
#define YOSAN_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
    char *key;     /* owned copy, NULL for an empty slot */
    size_t keylen; /* bytes in key */
    uint64_t hash; /* cached hash */
    int64_t value; /* caller's value */
};

struct strmap {
    struct strmap_entry *slots; /* capacity entries */
    size_t capacity;            /* power of two */
    size_t count;               /* occupied slots */
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Look up key[0..len); returns 1 and sets *value when found, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value);
/* Insert or overwrite. Returns 0, or -1 when out of memory. */
int strmap_put(struct strmap *m, const char *key, size_t len, int64_t value);

#endif
