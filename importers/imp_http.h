/*
 * imp_http.h - the one HTTP client of yosan: a libcurl easy handle wrapped
 * with timeouts, retries (exponential backoff with jitter, honouring
 * Retry-After and Azure's x-ms-ratelimit-*-retry-after headers), a cap on
 * the response size, and TLS verification that cannot be turned off.
 *
 * Proxies come from the usual environment variables (http_proxy,
 * https_proxy, no_proxy, all_proxy), which libcurl honours by default; this
 * file never overrides CURLOPT_PROXY. Secrets never reach the log: the
 * Authorization header and query strings of SAS URLs are redacted.
 *
 * The clock and the sleep are injectable (struct imp_http_opts) so tests
 * run retries without waiting; YOSAN_HTTP_MAX_SLEEP (seconds) caps every
 * retry sleep for the same purpose.
 */
#ifndef YOSAN_IMP_HTTP_H
#define YOSAN_IMP_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "err.h"

struct imp_http_opts {
    long connect_timeout_ms; /* connection phase; 0 = 10 s */
    long timeout_ms;         /* whole transfer; 0 = 300 s */
    int max_retries;         /* retries after the first attempt; < 0 = 5 */
    size_t max_body;         /* cap on a response body held in memory; 0 = 256 MiB */
    const char *cacert;      /* extra CA bundle (PEM) for TLS, or NULL; borrowed */
    double max_sleep_s;      /* cap on one retry sleep; <= 0 = 120 s or $YOSAN_HTTP_MAX_SLEEP */
    /* Injected clock and sleep (NULL = real ones). now_fn returns epoch seconds. */
    double (*now_fn)(void *ctx);
    void (*sleep_fn)(double seconds, void *ctx);
    void *clock_ctx;   /* passed to now_fn / sleep_fn */
    int http_loopback; /* 1 = a secret may go over plain http to a loopback host (tests) */
};

struct imp_http {
    void *curl;               /* CURL * easy handle, reused between requests */
    struct imp_http_opts opt; /* resolved options */
    uint64_t rng;             /* jitter state */
    double slept_s;           /* total seconds slept in retries (for tests and logs) */
    long requests;            /* attempts made */
};

/* One request. Strings are borrowed for the duration of the call. */
struct imp_http_req {
    const char *method;         /* "GET" or "POST" */
    const char *url;            /* absolute http(s) URL */
    const char *body;           /* request body for POST, or NULL */
    const char *content_type;   /* for the body, e.g. "application/json" */
    const char *bearer;         /* access token sent as Authorization: Bearer, or NULL */
    const char *const *headers; /* extra "Name: value" lines, NULL-terminated, or NULL */
    FILE *sink;                 /* write the body here instead of resp.body (truncated on retry) */
    size_t max_body;            /* cap for this request (0 = the client's max_body) */
    int streaming;              /* 1 = no total timeout; fail when below 1 KiB/s for 60 s */
    int secret;                 /* 1 = the URL or body carries a secret (client secret, SAS) */
};

struct imp_http_resp {
    long status;        /* final HTTP status */
    struct buf body;    /* body (unless the request had a sink); NUL-terminated */
    char *location;     /* Location header or NULL; owned */
    double retry_after; /* seconds from the retry headers of the final response, -1 if none */
    int64_t body_bytes; /* bytes received for the final attempt */
};

/* Whether a request may go to url: https always; plain http only when it
 * carries no secret (no bearer token, no client secret, no SAS signature),
 * or to a loopback host (127.0.0.0/8, ::1, localhost) when http_loopback is
 * set. Returns 1 when allowed. */
int imp_http_url_allowed(const char *url, int has_secret, int http_loopback);

/* Create the client. Returns ST_HTTP if libcurl cannot be initialised.
 * imp_http_release() frees it. opt may be NULL for the defaults. */
enum status imp_http_init(struct imp_http *h, const struct imp_http_opts *opt, struct err *e);
void imp_http_release(struct imp_http *h);

/* resp must be zeroed or released before; imp_http_resp_release() frees it. */
void imp_http_resp_init(struct imp_http_resp *r);
void imp_http_resp_release(struct imp_http_resp *r);

/* Perform a request, retrying transient failures (timeouts, dropped or
 * refused connections, 408, 429, 500, 502, 503, 504) up to max_retries
 * times. Any final HTTP status is returned in resp->status with ST_OK: the
 * caller decides what a 4xx means. Returns ST_HTTP when the transfer never
 * succeeded (message names the host and the reason), ST_NOMEM when the body
 * exceeds the cap (no retry), ST_IO when the sink cannot be written. */
enum status imp_http_request(struct imp_http *h, const struct imp_http_req *req,
                             struct imp_http_resp *resp, struct err *e);

/* Seconds a retry header asks for: delta-seconds or an HTTP date
 * (relative to now). Returns -1 when the value is neither. */
double imp_http_parse_retry_after(const char *value, double now);

/* Sleep chosen before retry number attempt (0-based): the server's wish
 * when given (retry_after >= 0), else min(60, 2^attempt) scaled by a jitter
 * in [0.5, 1), always capped at max_sleep. rng is advanced. */
double imp_http_backoff(int attempt, double retry_after, double max_sleep, uint64_t *rng);

/* URL for logs: the query string of a URL carrying a signature (sig=,
 * code=, token) is replaced by "?<redacted>". Writes into out (outlen). */
void imp_http_redact_url(const char *url, char *out, size_t outlen);

/* 1 when two absolute URLs have the same scheme, host and port (so a
 * bearer token meant for one may be sent to the other), else 0. */
int imp_http_same_origin(const char *a, const char *b);

/* Percent-encode s for a query parameter value. Returns a malloc'd string
 * (caller frees) or NULL when out of memory. */
char *imp_http_escape(const char *s);

#endif
