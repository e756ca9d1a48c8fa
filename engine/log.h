/*
 * log.h - levelled logging to stderr.
 *
 * stdout carries command output only; every message and progress line goes
 * through these macros to stderr. The level is checked before the arguments
 * are evaluated. Messages follow git's style: lower case, no full stop.
 */
#ifndef YOSAN_LOG_H
#define YOSAN_LOG_H

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Current level (default LOG_INFO). */
enum log_level log_get_level(void);
void log_set_level(enum log_level level);

void log_write(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_at(lvl, ...)                                                                           \
    do {                                                                                           \
        if ((lvl) <= log_get_level())                                                              \
            log_write((lvl), __VA_ARGS__);                                                         \
    } while (0)
#define log_error(...) log_at(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_at(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_at(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_at(LOG_DEBUG, __VA_ARGS__)

#endif
