/*
 * fuzz_calendar.c - libFuzzer harness for the user holiday calendar file
 * (importers/imp_calendar.c, engine/calendar.c: `--calendar FILE` of
 * `yosan holidays` and `yosan schedule`). Input: one byte choosing the
 * year-end closure and a year, then the file. After a successful read, the
 * year's list and the closed days of a window around it are computed.
 * Invariants: the year's list is sorted with one entry per day.
 */
#include <stdint.h>
#include <stdlib.h>

#include "calendar.h"
#include "date.h"
#include "err.h"
#include "fuzz_util.h"
#include "imp_calendar.h"

static void use(const struct calendar *c, int year)
{
    struct cal_day *days = NULL;
    size_t n = 0;
    struct err e;
    err_clear(&e);
    FUZZ_ASSERT(calendar_year(c, year, &days, &n, &e) == ST_OK);
    for (size_t i = 1; i < n; i++)
        FUZZ_ASSERT(days[i - 1].day < days[i].day);
    free(days);
    unsigned char off[800];
    int32_t from = date_from_civil(year, 1, 1) - 200;
    FUZZ_ASSERT(calendar_off_days(c, from, sizeof off, off, &e) == ST_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned o = data[0];
    struct calendar c;
    calendar_init(&c, o & 1);
    const char *path = fuzz_write_file(0, ".csv", data + 1, size - 1);
    struct err e;
    err_clear(&e);
    if (fuzz_note("calendar", imp_calendar_file(&c, path, &e), e.msg) == ST_OK) {
        int year = 2020 + (int)((o >> 1) % 16);
        use(&c, year);
        for (size_t i = 0; i < c.nuser && i < 4; i++) {
            int y, m, d;
            date_to_civil(c.user[i].day, &y, &m, &d);
            if (y >= 1900 && y <= 2200)
                use(&c, y);
        }
    }
    calendar_release(&c);
    return 0;
}
