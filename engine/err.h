/*
 * err.h - status codes and the error detail struct.
 *
 * Every fallible function returns enum status and fills a caller-owned
 * struct err with a human-readable message. Nothing below the CLI prints
 * errors or exits: only main() turns a status into an exit code.
 */
#ifndef YOSAN_ERR_H
#define YOSAN_ERR_H

enum status {
    ST_OK = 0,
    ST_NOMEM,    /* allocation failed or a size cap was hit */
    ST_IO,       /* file or stream error */
    ST_PARSE,    /* bad input data (exit 3) */
    ST_DB,       /* SQLite error */
    ST_HTTP,     /* network / HTTP error */
    ST_NUMERIC,  /* a model could not be fitted or produced non-finite values */
    ST_USAGE,    /* bad command-line usage (exit 2) */
    ST_NOTFOUND, /* a requested object does not exist */
};

struct err {
    enum status code; /* ST_OK when nothing went wrong */
    char msg[512];    /* lower-case message, no trailing full stop */
};

/* Reset e to ST_OK with an empty message. */
void err_clear(struct err *e);

/* Fill e (if not NULL) with code and a printf-style message; returns code. */
enum status err_set(struct err *e, enum status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix the existing message with "prefix: " (e.g. a file name). */
void err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A short English name for a status ("parse error", ...). Static storage. */
const char *status_str(enum status st);

/* The CLI exit code for a status: 0 ok, 2 usage, 3 bad input data, 1 otherwise. */
int status_exit_code(enum status st);

#endif
