/*
 * suggest.c - did-you-mean suggestions (see suggest.h): Levenshtein
 * distance over code points of valid UTF-8 (an invalid byte counts as one
 * character).
 */
#include "suggest.h"

#include <string.h>

#include "utf8.h"

#define SUGGEST_MAX_CHARS 64

/* Code points of s (bytes of an invalid sequence one by one) into cp;
 * returns the count, or SUGGEST_MAX_CHARS + 1 when s is longer. */
static size_t code_points(const char *s, unsigned long *cp)
{
    size_t len = strlen(s), n = 0;
    for (size_t i = 0; i < len; n++) {
        if (n == SUGGEST_MAX_CHARS)
            return SUGGEST_MAX_CHARS + 1;
        size_t k = utf8_seq_len(s + i, len - i);
        if (k == 0)
            k = 1;
        unsigned long c = 0;
        for (size_t j = 0; j < k; j++)
            c = c << 8 | (unsigned char)s[i + j];
        cp[n] = c;
        i += k;
    }
    return n;
}

static size_t distance(const unsigned long *a, size_t la, const unsigned long *b, size_t lb)
{
    size_t row[SUGGEST_MAX_CHARS + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *suggest_closest(const char *word, const char *const *cands, size_t n)
{
    unsigned long w[SUGGEST_MAX_CHARS], c[SUGGEST_MAX_CHARS];
    size_t lw = code_points(word, w);
    if (lw > SUGGEST_MAX_CHARS)
        return NULL;
    size_t limit = lw <= 3 ? 1 : lw / 3 + 1;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t lc = code_points(cands[i], c);
        if (lc > SUGGEST_MAX_CHARS)
            continue;
        size_t d = distance(w, lw, c, lc);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    return best;
}
