/*
 * calendar.h - the Japanese calendar: national holidays (祝日法) for
 * 1948-2099, the city's year-end closure (年末年始 12/29-1/3), a user's
 * extra closed or open days, and JST <-> UTC hour arithmetic.
 *
 * Everything here is pure computation: no time-zone database, no I/O
 * (the user calendar CSV arrives as text; importers/ or the CLI read the
 * file). JST is UTC+9 with no daylight saving, so conversions are plain
 * integer arithmetic on hour numbers (seconds since the epoch / 3600).
 * Ownership: struct calendar owns its user entries; calendar_release()
 * frees them. Built-in holiday names are static strings.
 */
#ifndef YOSAN_CALENDAR_H
#define YOSAN_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define CAL_YEAR_MIN     1948
#define CAL_YEAR_MAX     2099
#define CAL_MAX_PER_YEAR 40 /* national holidays in any year stay well below this */
#define CAL_NAME_MAX     96 /* bytes of a user day's name, with NUL */
#define CAL_ISO_JST_LEN  64 /* room for "YYYY-MM-DDTHH:MM:00+09:00" + NUL */

enum cal_kind {
    CAL_NATIONAL = 0,    /* 国民の祝日 (including the one-off ceremonies) */
    CAL_SUBSTITUTE = 1,  /* 振替休日 */
    CAL_CITIZENS = 2,    /* 国民の休日 (a day between two holidays) */
    CAL_CLOSURE = 3,     /* 年末年始 city closure 12/29-1/3 */
    CAL_USER_CLOSED = 4, /* closed by the user calendar */
    CAL_USER_OPEN = 5,   /* opened by the user calendar (cancels a holiday or closure) */
};

struct cal_day {
    int32_t day;             /* date.h day number (a JST civil date) */
    enum cal_kind kind;      /* why the day is listed */
    char name[CAL_NAME_MAX]; /* Japanese name, e.g. "元日", "振替休日" */
};

/* National holidays (kinds NATIONAL, SUBSTITUTE, CITIZENS) of year, sorted by
 * day, at most cap written to out. Returns how many there are (0 outside
 * 1948-2099; in 1948 only those after the law took effect on 7/20). */
size_t cal_national_holidays(int year, struct cal_day *out, size_t cap);

/* Day of the vernal / autumnal equinox in March / September (approximation
 * formula; valid 1900-2099). */
int cal_vernal_equinox(int year);
int cal_autumnal_equinox(int year);

/* A holiday calendar: national holidays + optional closure + user days. */
struct calendar {
    int closure;          /* 1 = 12/29-1/3 are closed days */
    struct cal_day *user; /* user days, owned; in file order */
    size_t nuser;         /* entries in user */
    size_t cap;           /* allocated entries */
};

void calendar_init(struct calendar *c, int closure);
void calendar_release(struct calendar *c);
/* Parse a user calendar CSV `date,closed|open,name` (optional header line
 * starting with "date", optional UTF-8 BOM, blank lines and lines starting
 * with '#' skipped). fname is used in error messages only. Bad lines return
 * ST_PARSE naming file, line and field. */
enum status calendar_parse_csv(struct calendar *c, const char *text, size_t len, const char *fname,
                               struct err *e);

/* Every listed day of year (national holidays, closure when enabled, user
 * days), one entry per day, sorted; user days override the others. *out is
 * malloc'd (free() it); *n may be 0. */
enum status calendar_year(const struct calendar *c, int year, struct cal_day **out, size_t *n,
                          struct err *e);
/* Fill off[i] = 1 when day from + i is closed (holiday, closure or user
 * closed, and not user opened), else 0. Weekends are not marked. */
enum status calendar_off_days(const struct calendar *c, int32_t from, size_t n, unsigned char *off,
                              struct err *e);
/* The class of each day from .. from + n - 1 into cls[0..n): 0..6 Monday ..
 * Sunday for an open day, CAL_CLASS_CLOSED for a closed one (as
 * calendar_off_days); what `yosan anomalies` and the daily view of
 * `yosan track` judge and forecast a day by. */
#define CAL_CLASS_CLOSED 7
enum status calendar_day_classes(const struct calendar *c, int32_t from, size_t n,
                                 unsigned char *cls, struct err *e);
/* Short English word for a kind ("holiday", "substitute", ...). Static. */
const char *cal_kind_name(enum cal_kind k);

/* ---- JST (UTC+9, no DST) ---- */

/* The JST civil day and hour (0..23) of a UTC hour number. */
void cal_jst_of_utc_hour(int64_t utc_hour, int32_t *jst_day, int *jst_hour);
/* The UTC hour number of hour jst_hour (0..24) of JST day jst_day. */
int64_t cal_utc_hour_of_jst(int32_t jst_day, int jst_hour);
/* "YYYY-MM-DDTHH:00:00+09:00" for JST day and hour (0..24; 24 is written as
 * 00:00 of the next day). out needs CAL_ISO_JST_LEN bytes. Returns out. */
char *cal_format_jst(int32_t jst_day, int jst_hour, char *out);

#endif
