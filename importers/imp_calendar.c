/*
 * imp_calendar.c - read a user calendar CSV file and hand its text to
 * calendar_parse_csv(). Only the reading lives here (importers own file I/O).
 */
#include "imp_calendar.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

enum status imp_calendar_file(struct calendar *c, const char *path, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
    struct buf b;
    buf_init(&b, 4u << 20);
    char chunk[8192];
    size_t n;
    enum status st = ST_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if ((st = buf_add(&b, chunk, n)) != ST_OK) {
            err_set(e, st, "'%s' is larger than 4 MiB", path);
            break;
        }
    }
    if (st == ST_OK && ferror(f))
        st = err_set(e, ST_IO, "cannot read '%s'", path);
    fclose(f);
    if (st == ST_OK)
        st = calendar_parse_csv(c, buf_str(&b), b.len, path, e);
    buf_release(&b);
    return st;
}
