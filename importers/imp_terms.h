/*
 * imp_terms.h - read the billing terms file (terms.yaml, via libyaml) into
 * a struct terms (engine/terms.h), and keep it in the store.
 *
 * `yosan terms load FILE` checks the whole file and stores its text only
 * when every field is right: a bad file is ST_PARSE (exit 3) naming
 * file:line: field, and the terms in force are not changed. The jobs read
 * the stored text back (imp_terms_from_store); a store without a terms file
 * gives the built-in defaults. The format is docs/terms.md.
 */
#ifndef YOSAN_IMP_TERMS_H
#define YOSAN_IMP_TERMS_H

#include <stddef.h>

#include "err.h"
#include "store.h"
#include "terms.h"

#define IMP_TERMS_MAX_BYTES (1u << 20) /* a terms file is a page of text */
#define IMP_TERMS_MAX_ROWS  10000      /* tax rates, exempt services or contract rows */

/* Parse text (len bytes; name stands for the file in messages) into *out.
 * On error *out is released (zeroed). Release a result with terms_release(). */
enum status imp_terms_buffer(const char *name, const char *text, size_t len, struct terms *out,
                             struct err *e);

/* Read and check the file at path, then store its text as the terms in
 * force (one transaction). Nothing changes on any error. */
enum status imp_terms_load(struct store *s, const char *path, struct err *e);

/* Forget the stored terms: the built-in defaults apply again. */
enum status imp_terms_reset(struct store *s, struct err *e);

/* The terms in force: the stored file's, else the built-in defaults. */
enum status imp_terms_from_store(struct store *s, struct terms *out, struct err *e);

#endif
