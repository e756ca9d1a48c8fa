/*
 * imp_calendar.h - read a user calendar file (CSV `date,closed|open,name`)
 * into a struct calendar (engine/calendar.h). The parsing rules live in
 * calendar_parse_csv(); this file only owns reading the bytes.
 */
#ifndef YOSAN_IMP_CALENDAR_H
#define YOSAN_IMP_CALENDAR_H

#include "calendar.h"
#include "err.h"

/* Add every day of the file at path to c. Files over 4 MiB are refused.
 * Returns ST_IO when the file cannot be read, ST_PARSE (file:line: field)
 * on a bad line; c keeps the days added before the bad line. */
enum status imp_calendar_file(struct calendar *c, const char *path, struct err *e);

#endif
