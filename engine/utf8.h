/*
 * utf8.h - the one UTF-8 validator, cutter and repairer of the project.
 *
 * Importers refuse text that is not valid UTF-8 (utf8_valid) so nothing
 * invalid reaches the store; whatever truncates text does it on a character
 * boundary (utf8_cut, utf8_copy); report writers repair what an older build
 * may have stored (utf8_dup_fixed, utf8_seq_len) so their output is always
 * UTF-8. Valid means RFC 3629: shortest forms only, no surrogates (U+D800..
 * U+DFFF), nothing above U+10FFFF. NUL bytes are the caller's business.
 * No allocation except utf8_dup_fixed(); no I/O.
 */
#ifndef YOSAN_UTF8_H
#define YOSAN_UTF8_H

#include <stddef.h>

#include "err.h"

/* The replacement character U+FFFD in UTF-8. */
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* 1 when s[0..len) is valid UTF-8; else 0, and *bad_off (may be NULL) gets
 * the offset of the first byte that does not start a valid sequence. ASCII
 * runs are checked eight bytes at a time. */
int utf8_valid(const char *s, size_t len, size_t *bad_off);

/* The importers' check of one text field: ST_OK when s[0..len) is valid
 * UTF-8, else ST_PARSE with "FILE:LINE: field 'FIELD': invalid UTF-8 at
 * byte N (0xHH)", N counting from 1 within the field. */
enum status utf8_check(const char *s, size_t len, const char *file, long long line,
                       const char *field, struct err *e);

/* Length (1..4) of the valid sequence s[0..len) starts with, or 0 when it
 * does not start with one (also when len is 0). */
size_t utf8_seq_len(const char *s, size_t len);

/* Largest prefix length <= max_bytes of the NUL-terminated string s that
 * ends on a character boundary (strlen(s) when it fits). For invalid input
 * it never backs up more than 3 bytes. */
size_t utf8_cut(const char *s, size_t max_bytes);

/* Copy s into out (outlen bytes, NUL included), cut on a character boundary
 * when it does not fit: snprintf("%s") that never splits a character.
 * Returns out. outlen must be > 0. */
char *utf8_copy(char *out, size_t outlen, const char *s);

/* Drop an incomplete character from the end of the NUL-terminated s, as
 * snprintf leaves when it cuts a composed text short. Returns s. */
char *utf8_trim_partial(char *s);

/* A malloc'd copy of the NUL-terminated s with every byte that does not
 * start a valid sequence replaced by U+FFFD; the caller frees it. NULL when
 * out of memory. */
char *utf8_dup_fixed(const char *s);

#endif
