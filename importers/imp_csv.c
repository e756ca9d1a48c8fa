/*
 * imp_csv.c - libcsv with a bounded field buffer (see imp_csv.h).
 */
#include "imp_csv.h"

#include <malloc.h>
#include <stdlib.h>

/* libcsv grows its field buffer 128 bytes at a time and, when realloc
 * fails, retries with half the step: refusing past the cap stops it exactly
 * there. With CSV_APPEND_NULL it grows while one byte is still free, so two
 * bytes over the limit let a field of exactly IMP_LINE_MAX bytes through
 * (without that option, one byte more may pass). Growing by
 * 128 bytes costs a copy each time once the block is in the heap, quadratic
 * in a long field: the block grows geometrically instead, and a request
 * that fits the block as allocated is answered in place. */
static void *capped_realloc(void *ptr, size_t n)
{
    const size_t cap = IMP_LINE_MAX + 2;
    if (n > cap)
        return NULL;
    size_t have = ptr ? malloc_usable_size(ptr) : 0;
    if (n <= have)
        return ptr;
    size_t want = have * 2 > n ? have * 2 : n;
    return realloc(ptr, want < cap ? want : cap);
}

int imp_csv_init(struct csv_parser *p, unsigned char options)
{
    if (csv_init(p, options) != 0)
        return -1;
    csv_set_realloc_func(p, capped_realloc);
    return 0;
}

int imp_csv_too_long(struct csv_parser *p)
{
    return csv_error(p) == CSV_ENOMEM && csv_get_buffer_size(p) >= IMP_LINE_MAX;
}
