/*
 * utf8.c - UTF-8 validation, boundary-safe cutting and repair (see utf8.h).
 * Validation follows the well-formed byte sequences table of Unicode
 * (chapter 3, table 3-7). It runs on every text field of every imported
 * row, so ASCII, the common case, takes a word-at-a-time fast path.
 */
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HIGH_BITS UINT64_C(0x8080808080808080)

size_t utf8_seq_len(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0)
        return 0;
    unsigned c = u[0];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90; /* no overlong forms */
        else if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return 0; /* continuation byte, C0, C1 or F5..FF */
    }
    if (len < need || u[1] < lo || u[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((u[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

/* 1 when s[0..len) is all ASCII: the bytes are OR-ed together a word at a
 * time without a branch per word, so the common case costs a few
 * instructions per field. */
static int all_ascii(const char *s, size_t len)
{
    uint64_t acc = 0;
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    if (len - i >= 4) {
        uint32_t w;
        memcpy(&w, s + i, 4);
        acc |= w;
        i += 4;
    }
    if (len - i >= 2) {
        uint16_t w;
        memcpy(&w, s + i, 2);
        acc |= w;
        i += 2;
    }
    if (i < len)
        acc |= (unsigned char)s[i];
    return (acc & HIGH_BITS) == 0;
}

int utf8_valid(const char *s, size_t len, size_t *bad_off)
{
    if (all_ascii(s, len))
        return 1;
    size_t i = 0;
    while (i < len) {
        while (len - i >= 8) { /* ASCII runs between characters */
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & HIGH_BITS)
                break;
            i += 8;
        }
        if (i == len)
            break;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq_len(s + i, len - i);
        if (n == 0) {
            if (bad_off)
                *bad_off = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

enum status utf8_check(const char *s, size_t len, const char *file, long long line,
                       const char *field, struct err *e)
{
    size_t bad = 0;
    if (utf8_valid(s, len, &bad))
        return ST_OK;
    return err_set(e, ST_PARSE, "%s:%lld: field '%s': invalid UTF-8 at byte %zu (0x%02x)", file,
                   line, field, bad + 1, (unsigned)(unsigned char)s[bad]);
}

size_t utf8_cut(const char *s, size_t max_bytes)
{
    size_t n = strnlen(s, max_bytes + 1);
    if (n <= max_bytes)
        return n;
    /* s[max_bytes] is the first byte left out: back up over continuation
     * bytes to the start of the character it belongs to */
    size_t i = max_bytes;
    while (i > 0 && max_bytes - i < 3 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    if (((unsigned char)s[i] & 0xC0) == 0x80)
        return max_bytes; /* not UTF-8: no boundary to find */
    return i;
}

char *utf8_copy(char *out, size_t outlen, const char *s)
{
    size_t n = utf8_cut(s, outlen - 1);
    memmove(out, s, n);
    out[n] = '\0';
    return out;
}

char *utf8_trim_partial(char *s)
{
    size_t len = strlen(s);
    /* the last lead byte within 3 bytes of the end, if any */
    size_t i = len;
    while (i > 0 && len - i < 4) {
        unsigned char c = (unsigned char)s[--i];
        if ((c & 0xC0) != 0x80) {
            if (c >= 0xC0 && utf8_seq_len(s + i, len - i) == 0)
                s[i] = '\0'; /* a lead byte whose character is cut short */
            break;
        }
    }
    return s;
}

char *utf8_dup_fixed(const char *s)
{
    size_t len = strlen(s), bad = 0;
    if (utf8_valid(s, len, &bad))
        return strdup(s);
    /* each bad byte (1) becomes 3 bytes */
    char *out = malloc(3 * len + 1);
    if (!out)
        return NULL;
    memcpy(out, s, bad);
    size_t o = bad;
    for (size_t i = bad; i < len;) {
        size_t n = utf8_seq_len(s + i, len - i);
        if (n == 0) {
            memcpy(out + o, UTF8_REPLACEMENT, 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
    return out;
}
