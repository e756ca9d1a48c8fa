/*
 * err.c - status codes and error messages (see err.h).
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(struct err *e)
{
    if (!e)
        return;
    e->code = ST_OK;
    e->msg[0] = '\0';
}

enum status err_set(struct err *e, enum status code, const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    va_start(ap, fmt);
    e->code = code;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
    if (!e)
        return;
    char prefix[256];
    char old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    size_t pl = strlen(prefix);
    if (pl + 2 >= sizeof e->msg)
        pl = sizeof e->msg - 3;
    memcpy(e->msg, prefix, pl);
    memcpy(e->msg + pl, ": ", 2);
    size_t room = sizeof e->msg - pl - 3;
    size_t ol = strlen(old);
    if (ol > room)
        ol = room;
    memcpy(e->msg + pl + 2, old, ol);
    e->msg[pl + 2 + ol] = '\0';
}

const char *status_str(enum status st)
{
    switch (st) {
    case ST_OK:
        return "ok";
    case ST_NOMEM:
        return "out of memory";
    case ST_IO:
        return "i/o error";
    case ST_PARSE:
        return "bad input data";
    case ST_DB:
        return "database error";
    case ST_HTTP:
        return "http error";
    case ST_NUMERIC:
        return "numerical error";
    case ST_USAGE:
        return "usage error";
    case ST_NOTFOUND:
        return "not found";
    }
    return "unknown error";
}

int status_exit_code(enum status st)
{
    switch (st) {
    case ST_OK:
        return 0;
    case ST_USAGE:
        return 2;
    case ST_PARSE:
        return 3;
    default:
        return 1;
    }
}
