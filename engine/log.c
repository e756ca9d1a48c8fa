/*
 * log.c - levelled logging to stderr (see log.h).
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static enum log_level current_level = LOG_INFO;

enum log_level log_get_level(void)
{
    return current_level;
}

void log_set_level(enum log_level level)
{
    current_level = level;
}

void log_write(enum log_level level, const char *fmt, ...)
{
    static const char *const prefix[] = {"error: ", "warning: ", "", "debug: "};
    va_list ap;
    flockfile(stderr); /* one whole line at a time when pull threads log */
    fputs("yosan: ", stderr);
    fputs(prefix[level], stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    funlockfile(stderr);
}
