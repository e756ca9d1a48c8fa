/*
 * rpt_money.h - amounts for human eyes: thousands separators (1,234,567).
 *
 * Only for table output; CSV and JSON carry money_format() text unchanged
 * so that a machine reads the exact value.
 */
#ifndef YOSAN_RPT_MONEY_H
#define YOSAN_RPT_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "money.h"

/* Copy a plain decimal number ("-1234567.89") into out with a comma every
 * three digits of the integer part ("-1,234,567.89"). Returns out. The one
 * digit-grouping routine of the report layer. */
char *rpt_group_digits(const char *plain, char *out, size_t outlen);

/* m rounded half away from zero to `decimals` (0..12) places, with a comma
 * every three digits of the integer part, into out (outlen >= 48 is always
 * enough). Returns out. */
char *rpt_money_grouped(struct money m, int decimals, char *out, size_t outlen);

/* An amount held as an integer count of 10^-decimals units (whole yen for
 * decimals 0, cents for 2) as text: grouped for a text table, plain for CSV
 * and JSON. Returns out. */
char *rpt_units_text(int64_t units, int decimals, int grouped, char *out, size_t outlen);

/* Decimals shown for a currency in tables: 0 for JPY (and KRW), else 2. */
int rpt_currency_decimals(const char *currency);

#endif
