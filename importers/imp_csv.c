/*
 * imp_csv.c - libcsv with a bounded field buffer, and a fast path for
 * whole plain lines that gives the same callbacks (see imp_csv.h).
 */
#include "imp_csv.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* One field of a line: bytes [start, end) of it, quotes doubled when esc. */
struct imp_csv_span {
    size_t start, end;
    int esc;
};

/* Bytes that end or complicate an unquoted field. */
static int unquoted_stop(unsigned char c)
{
    return c == ',' || c == '"' || c == '\r';
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* A quoted field opening at s[*i] == '"': its span, and *i past the closing
 * quote. 0 when it does not close on this line. */
static int quoted_span(const unsigned char *s, size_t stop, size_t *i, struct imp_csv_span *f)
{
    size_t at = *i + 1;
    f->start = at;
    f->esc = 0;
    for (;;) {
        const unsigned char *q = at < stop ? memchr(s + at, '"', stop - at) : NULL;
        if (!q)
            return 0;
        size_t j = (size_t)(q - s);
        if (j + 1 < stop && s[j + 1] == '"') { /* a doubled quote inside */
            f->esc = 1;
            at = j + 2;
            continue;
        }
        f->end = j;
        *i = j + 1;
        return 1;
    }
}

/* The first byte at or after s[at] (before stop) that ends or complicates
 * an unquoted field, or stop. Eight bytes at a time where the byte order
 * allows: this loop ran over every byte of every line (a fifth of a large
 * import's parser thread). A byte equal to c gives a zero byte in w ^ c;
 * (x - 0x01..) & ~x & 0x80.. flags the first zero byte of x exactly (a
 * false flag only ever sits above a true one), so the lowest flag of the
 * three is the first stop byte. */
static size_t plain_run(const unsigned char *s, size_t at, size_t stop)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (; at + 8 <= stop; at += 8) {
        uint64_t w;
        memcpy(&w, s + at, 8);
        uint64_t a = w ^ (ones * ','), b = w ^ (ones * '"'), c = w ^ (ones * '\r');
        uint64_t m = (((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c)) & highs;
        if (m)
            return at + (size_t)(__builtin_ctzll(m) >> 3);
    }
#endif
    while (at < stop && !unquoted_stop(s[at]))
        at++;
    return at;
}

/* An unquoted field at s[*i]: its span, *i at the comma or line end. 0 when
 * libcsv must judge it (blanks to trim, a quote or a CR inside). */
static int unquoted_span(const unsigned char *s, size_t stop, size_t *i, struct imp_csv_span *f)
{
    size_t at = *i;
    if (at < stop && is_blank(s[at]))
        return 0;
    f->start = at;
    f->esc = 0;
    at = plain_run(s, at, stop);
    if (at < stop && s[at] != ',')
        return 0;
    if (at > f->start && is_blank(s[at - 1]))
        return 0;
    f->end = at;
    *i = at;
    return 1;
}

static int span_room(struct imp_csv_line *ln, size_t n)
{
    if (n < ln->cap)
        return 1;
    size_t cap = ln->cap ? ln->cap * 2 : 64;
    if (cap > 65536)
        return 0; /* libcsv takes such a line */
    struct imp_csv_span *v = realloc(ln->v, cap * sizeof *v);
    if (!v)
        return 0;
    ln->v = v;
    ln->cap = cap;
    return 1;
}

/* Split s[0, stop) into fields; their count, or 0 for libcsv. */
static size_t split_line(struct imp_csv_line *ln, const unsigned char *s, size_t stop)
{
    size_t i = 0, n = 0;
    for (;;) {
        if (!span_room(ln, n))
            return 0;
        struct imp_csv_span *f = &ln->v[n];
        if (i < stop && s[i] == '"') {
            if (!quoted_span(s, stop, &i, f) || (i < stop && s[i] != ','))
                return 0;
        } else if (!unquoted_span(s, stop, &i, f)) {
            return 0;
        }
        n++;
        if (i == stop)
            return n;
        i++; /* the comma */
    }
}

/* Room in ln->unq for the longest field with doubled quotes. */
static int unq_room(struct imp_csv_line *ln, size_t n)
{
    size_t need = 0;
    for (size_t k = 0; k < n; k++)
        if (ln->v[k].esc && ln->v[k].end - ln->v[k].start > need)
            need = ln->v[k].end - ln->v[k].start;
    if (need <= ln->unq_cap)
        return 1;
    char *u = realloc(ln->unq, need);
    if (!u)
        return 0;
    ln->unq = u;
    ln->unq_cap = need;
    return 1;
}

/* The text of a field with doubled quotes, undoubled into ln->unq (sized
 * by unq_room); its length in *out. Copies the runs up to and including
 * each quote, skipping the second of the pair. */
static char *undouble(struct imp_csv_line *ln, const unsigned char *s, size_t n, size_t *out)
{
    size_t k = 0, i = 0;
    while (i < n) {
        const unsigned char *q = memchr(s + i, '"', n - i);
        size_t run = q ? (size_t)(q - s) + 1 - i : n - i;
        memcpy(ln->unq + k, s + i, run);
        k += run;
        i += run + (q != NULL); /* the second of the pair */
    }
    *out = k;
    return ln->unq;
}

int imp_csv_fast_line(struct imp_csv_line *ln, const unsigned char *s, size_t len,
                      void (*cb1)(void *, size_t, void *), void (*cb2)(int, void *), void *data)
{
    if (len < 2 || s[len - 1] != '\n')
        return 0;
    size_t stop = len - 1;
    int term = '\n';
    if (s[stop - 1] == '\r') { /* CRLF: libcsv ends the row at the CR */
        stop--;
        term = '\r';
    }
    if (stop == 0)
        return 0; /* a blank line: libcsv skips it */
    size_t n = split_line(ln, s, stop);
    if (!n || !unq_room(ln, n))
        return 0;
    for (size_t k = 0; k < n; k++) {
        const struct imp_csv_span *f = &ln->v[k];
        size_t flen = f->end - f->start;
        /* cast: libcsv's callback type takes a mutable buffer, never written */
        void *text =
            f->esc ? undouble(ln, s + f->start, flen, &flen) : (void *)(uintptr_t)(s + f->start);
        cb1(text, flen, data);
    }
    cb2(term, data);
    return 1;
}

void imp_csv_line_free(struct imp_csv_line *ln)
{
    free(ln->v);
    free(ln->unq);
    memset(ln, 0, sizeof *ln);
}
