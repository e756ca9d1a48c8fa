/*
 * date.h - civil dates as day numbers, timestamps, months and fiscal years.
 *
 * A date is an int32 count of days since 1970-01-01 (proleptic Gregorian,
 * no time zone). Parsing never consults the locale: "09/04/2023" is always
 * the US order of Azure's legacy exports (September 4th).
 * Fiscal years are named by the calendar year they start in: with the
 * default start month 4, FY2026 = 2026-04-01 .. 2027-03-31.
 */
#ifndef YOSAN_DATE_H
#define YOSAN_DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_ISO_LEN 11 /* "YYYY-MM-DD" + NUL */

int32_t date_from_civil(int y, int m, int d);
void date_to_civil(int32_t days, int *y, int *m, int *d);
/* Day of week, 0 = Monday .. 6 = Sunday. */
int date_weekday(int32_t days);

/* Parse the date part of "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm]",
 * "YYYY-MM-DD HH:MM:SS", "MM/DD/YYYY" or "YYYYMMDD" (s need not be
 * NUL-terminated). A time with an offset is converted to its UTC date.
 * Returns 0 on success, -1 on a malformed or impossible date. */
int date_parse(const char *s, size_t len, int32_t *days);

/* Parse a timestamp (any form date_parse takes; no time means 00:00) to
 * seconds since the epoch, UTC. Returns 0 or -1. */
int date_parse_ts(const char *s, size_t len, int64_t *epoch_seconds);

/* The day of an hour (both counted from the epoch; floor division, so
 * hours before 1970 land on the right day). */
int32_t date_day_of_hour(int64_t hour);

/* "YYYY-MM-DD" into out (at least DATE_ISO_LEN bytes). Returns out. */
char *date_format(int32_t days, char *out);
/* "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). Returns out. */
char *date_format_ts(int64_t epoch_seconds, char *out);

/* Months as a running index: y * 12 + (m - 1). */
int month_index(int y, int m);
int month_index_of(int32_t days);
void month_from_index(int idx, int *y, int *m);
/* "YYYY-MM" into out (at least 8 bytes). */
char *month_format(int idx, char *out);
/* Parse "YYYY-MM"; returns 0 or -1. */
int month_parse(const char *s, int *idx);
int32_t month_first_day(int idx);
int month_days(int idx);

/* Fiscal year containing a date / month, for a fiscal year starting in fy_start_month. */
int fiscal_year_of(int32_t days, int fy_start_month);
int fiscal_year_of_month(int month_idx, int fy_start_month);
/* Month index of the first month of fiscal year fy. */
int fiscal_year_first_month(int fy, int fy_start_month);

#endif
