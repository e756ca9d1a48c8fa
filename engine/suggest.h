/*
 * suggest.h - "did you mean": the closest of a list of names to a word the
 * user typed, by edit distance over characters (code points, so a Japanese
 * name one character off is one edit, not three bytes). No allocation.
 */
#ifndef YOSAN_SUGGEST_H
#define YOSAN_SUGGEST_H

#include <stddef.h>

/* The candidate closest to word (ties: the first), or NULL when none is
 * within a small distance (1 for words of up to 3 characters, else a
 * third of the word's length, plus one) or a name is over 64 characters. */
const char *suggest_closest(const char *word, const char *const *cands, size_t n);

#endif
