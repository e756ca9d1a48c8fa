/*
 * imp_scenario.h - read a what-if scenario file (YAML, via libyaml) into a
 * struct scenario (engine/scenario.h).
 *
 * Reading files is an importer concern; the result is plain data for
 * models/mdl_whatif.c. Every error names the file, the line and the field:
 *   plan.yaml:12: field 'price_per_hour': expected a non-negative number, got '-5'
 * and unknown keys, missing fields, negative prices and unknown VM sizes are
 * rejected with ST_PARSE (exit 3). The format is in docs/whatif.md.
 */
#ifndef YOSAN_IMP_SCENARIO_H
#define YOSAN_IMP_SCENARIO_H

#include <stddef.h>

#include "err.h"
#include "scenario.h"

struct imp_scenario_options {
    int years;    /* > 0: override the file's horizon (--years); 0 = the file's */
    int start_fy; /* used when the file has no start_fy; 0 = the field is required */
};

/* Parse the file at path into *out (zeroed first). On error out is left
 * released (zeroed). The caller frees a successful result with
 * scenario_release(). opt may be NULL. */
enum status imp_scenario_file(const char *path, const struct imp_scenario_options *opt,
                              struct scenario *out, struct err *e);

/* The same for text held in memory; name stands for the file in messages. */
enum status imp_scenario_buffer(const char *name, const char *text, size_t len,
                                const struct imp_scenario_options *opt, struct scenario *out,
                                struct err *e);

#endif
