/*
 * money.h - exact decimal amounts for costs.
 *
 * Azure exports carry long unrounded decimals (0.006000000468). Summing them
 * in binary floating point drifts, so an amount is kept as integers:
 *
 *     value = e6 / 10^6 + e12 / 10^12,   0 <= e12 < 10^6
 *
 * i.e. whole micro-units (floored) plus the pico remainder. Both parts sum
 * exactly as SQL integers (SUM over BIGINT in SQLite and PostgreSQL alike),
 * so a total is exact to 10^-12 of the currency unit for any input with at
 * most 12 decimals; longer inputs are rounded half-even at 10^-12 and
 * flagged. Supported magnitude: |value| < 10^12 units per amount.
 */
#ifndef YOSAN_MONEY_H
#define YOSAN_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct money {
    int64_t e6;  /* floor(value * 10^6) */
    int64_t e12; /* remainder in 10^-12 units, 0 <= e12 < 10^6 */
};

#define MONEY_ZERO ((struct money){0, 0})

enum money_parse_result {
    MONEY_OK = 0,
    MONEY_INEXACT = 1, /* parsed, but rounded at 10^-12 */
    MONEY_INVALID = -1,
    MONEY_RANGE = -2,
};

/* Parse a decimal number ("-12.5", "0.00001500000", "1.5E-05", "+3").
 * s need not be NUL-terminated. Surrounding spaces are not accepted. */
enum money_parse_result money_parse(const char *s, size_t len, struct money *out);

/* Bring e12 back into [0, 10^6) by carrying into e6 (after summing parts). */
struct money money_normalize(int64_t e6, int64_t e12);
struct money money_add(struct money a, struct money b);
struct money money_sub(struct money a, struct money b);
int money_cmp(struct money a, struct money b);
int money_is_zero(struct money a);
struct money money_from_units(int64_t units);

/* Format rounded half away from zero to `decimals` (0..12) places. Returns out. */
char *money_format(struct money m, int decimals, char *out, size_t outlen);
/* Whole currency units, rounded half away from zero (四捨五入). */
int64_t money_round_units(struct money m);
double money_to_double(struct money m);
/* Nearest amount to a double (for model outputs, never for sums of source data). */
struct money money_from_double(double v);

/* ---- rates in parts per million (tax, markups; docs/terms.md) ----
 * Exact: the amount's 10^-12 count times the rate, divided with the rule. */
enum money_rounding { MONEY_FLOOR = 0, MONEY_HALF_UP, MONEY_CEIL };
/* m * (ppm / 10^6), rounded half away from zero at 10^-12. */
struct money money_mul_ppm(struct money m, int64_t ppm);
/* m in whole units of 10^-decimals (decimals 0..6) by the rule: floor and
 * ceil toward -inf/+inf, half-up = half away from zero (四捨五入). */
struct money money_round_to(struct money m, int decimals, enum money_rounding rule);

/* ---- checked whole-unit totals ----
 * Model totals in whole currency units (what-if years, NPVs) are int64. These
 * helpers never wrap: when the exact result does not fit in an int64 (or the
 * double is NaN or infinite) they return ST_NUMERIC and leave *out unchanged;
 * the caller names what overflowed in its message. ST_OK otherwise. */
enum status money_units_add(int64_t a, int64_t b, int64_t *out);
/* v rounded to whole units, half away from zero (as llround). */
enum status money_units_from_double(double v, int64_t *out);

#endif
