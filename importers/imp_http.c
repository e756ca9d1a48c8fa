/*
 * imp_http.c - libcurl easy wrapper with retries, caps and redaction (see
 * imp_http.h). Owns every curl_easy_* call in yosan; it must never disable
 * TLS verification nor set a proxy (libcurl reads the proxy environment).
 */
#include "imp_http.h"

#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define DEFAULT_MAX_BODY ((size_t)256 * 1024 * 1024)

/* Retry headers in the order they win (Microsoft Learn, "Manage costs with
 * automation", data latency and rate limits). */
static const char *const retry_headers[] = {
    "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after",
    "x-ms-ratelimit-microsoft.consumption-retry-after",
};
#define N_RETRY_HEADERS (sizeof retry_headers / sizeof retry_headers[0])
/* Slots: the named ones, then any other x-ms-ratelimit-*-retry-after, then Retry-After. */
#define SLOT_OTHER_MS    (N_RETRY_HEADERS)
#define SLOT_RETRY_AFTER (N_RETRY_HEADERS + 1)
#define N_SLOTS          (N_RETRY_HEADERS + 2)

/* State of one transfer attempt, shared with the curl callbacks. */
struct xfer {
    struct imp_http *h;         /* the client */
    struct imp_http_resp *resp; /* where the body and headers go */
    FILE *sink;                 /* or NULL for resp->body */
    size_t cap;                 /* byte cap */
    int64_t bytes;              /* body bytes received */
    int too_big;                /* the cap was hit */
    int write_failed;           /* fwrite to the sink failed */
    char *slot[N_SLOTS];        /* raw retry header values, owned */
    const char *host;           /* for progress lines */
    double last_progress;       /* when progress was last logged (epoch s) */
};

static double real_now(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void real_sleep(double seconds, void *ctx)
{
    (void)ctx;
    if (seconds <= 0)
        return;
    struct timespec ts;
    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static uint64_t next_rand(uint64_t *s)
{
    /* xorshift64*: plenty for jitter, never for secrets */
    uint64_t x = *s ? *s : 0x9E3779B97F4A7C15ULL;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

double imp_http_backoff(int attempt, double retry_after, double max_sleep, uint64_t *rng)
{
    double s;
    if (retry_after >= 0) {
        s = retry_after;
    } else {
        double base = attempt >= 6 ? 60.0 : fmin(60.0, (double)(1 << attempt));
        double jitter = 0.5 + 0.5 * (double)(next_rand(rng) >> 11) / 9007199254740992.0;
        s = base * jitter;
    }
    if (max_sleep > 0 && s > max_sleep)
        s = max_sleep;
    return s;
}

double imp_http_parse_retry_after(const char *value, double now)
{
    while (*value == ' ' || *value == '\t')
        value++;
    if (!*value)
        return -1;
    char *end;
    errno = 0;
    double secs = strtod(value, &end);
    if (end != value && errno == 0) {
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
            end++;
        if (*end == '\0' && secs >= 0 && isfinite(secs))
            return secs;
    }
    time_t when = curl_getdate(value, NULL);
    if (when == (time_t)-1)
        return -1;
    double d = (double)when - now;
    return d > 0 ? d : 0;
}

void imp_http_redact_url(const char *url, char *out, size_t outlen)
{
    const char *q = strchr(url, '?');
    int secret = 0;
    if (q) {
        for (const char *p = q; *p; p++) {
            if (strncasecmp(p, "sig=", 4) == 0 || strncasecmp(p, "code=", 5) == 0 ||
                strncasecmp(p, "token", 5) == 0 || strncasecmp(p, "secret", 6) == 0) {
                secret = 1;
                break;
            }
        }
    }
    if (secret)
        snprintf(out, outlen, "%.*s?<redacted>", (int)(q - url), url);
    else
        snprintf(out, outlen, "%s", url);
}

char *imp_http_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

/* "scheme://host:port" of a URL, lower-case, default ports made explicit. */
static void url_origin(const char *url, char *out, size_t outlen)
{
    const char *sep = strstr(url, "://");
    if (!sep) {
        snprintf(out, outlen, "?");
        return;
    }
    size_t slen = (size_t)(sep - url);
    const char *host = sep + 3;
    size_t hlen = strcspn(host, "/?#");
    const char *at = memchr(host, '@', hlen); /* drop user:password@ */
    if (at) {
        hlen -= (size_t)(at + 1 - host);
        host = at + 1;
    }
    int has_port = memchr(host, ':', hlen) != NULL && host[0] != '[';
    const char *defport = slen == 5 && strncasecmp(url, "https", 5) == 0 ? ":443" : ":80";
    snprintf(out, outlen, "%.*s://%.*s%s", (int)slen, url, (int)hlen, host,
             has_port ? "" : defport);
    for (char *p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
}

int imp_http_same_origin(const char *a, const char *b)
{
    char oa[300], ob[300];
    url_origin(a, oa, sizeof oa);
    url_origin(b, ob, sizeof ob);
    return strcmp(oa, ob) == 0 && strcmp(oa, "?") != 0;
}

static const char *url_host(const char *url, char *out, size_t outlen)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?#");
    snprintf(out, outlen, "%.*s", (int)n, p);
    return out;
}

void imp_http_resp_init(struct imp_http_resp *r)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->body, 0);
    r->retry_after = -1;
}

void imp_http_resp_release(struct imp_http_resp *r)
{
    buf_release(&r->body);
    free(r->location);
    r->location = NULL;
}

enum status imp_http_init(struct imp_http *h, const struct imp_http_opts *opt, struct err *e)
{
    static int global_done;
    memset(h, 0, sizeof *h);
    if (opt)
        h->opt = *opt;
    if (h->opt.connect_timeout_ms <= 0)
        h->opt.connect_timeout_ms = 10000;
    if (h->opt.timeout_ms <= 0)
        h->opt.timeout_ms = 300000;
    if (h->opt.max_retries < 0)
        h->opt.max_retries = 5;
    if (h->opt.max_body == 0)
        h->opt.max_body = DEFAULT_MAX_BODY;
    if (h->opt.max_sleep_s <= 0) {
        const char *env = getenv("YOSAN_HTTP_MAX_SLEEP");
        char *end = NULL;
        double v = env ? strtod(env, &end) : -1;
        h->opt.max_sleep_s = (env && end != env && v >= 0) ? v : 120.0;
        if (h->opt.max_sleep_s == 0)
            h->opt.max_sleep_s = 1e-6;
    }
    if (!h->opt.now_fn)
        h->opt.now_fn = real_now;
    if (!h->opt.sleep_fn)
        h->opt.sleep_fn = real_sleep;
    if (!global_done) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return err_set(e, ST_HTTP, "cannot initialise libcurl");
        global_done = 1;
    }
    h->curl = curl_easy_init();
    if (!h->curl)
        return err_set(e, ST_HTTP, "cannot initialise libcurl");
    h->rng = (uint64_t)(h->opt.now_fn(h->opt.clock_ctx) * 1e6) ^ (uint64_t)getpid();
    return ST_OK;
}

void imp_http_release(struct imp_http *h)
{
    if (h->curl)
        curl_easy_cleanup(h->curl);
    h->curl = NULL;
}

/* ---- curl callbacks ---- */

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct xfer *x = userdata;
    size_t n = size * nmemb;
    if (x->cap && (uint64_t)x->bytes + n > x->cap) {
        x->too_big = 1;
        return 0;
    }
    if (x->sink) {
        if (fwrite(ptr, 1, n, x->sink) != n) {
            x->write_failed = 1;
            return 0;
        }
    } else if (buf_add(&x->resp->body, ptr, n) != ST_OK) {
        x->too_big = 1;
        return 0;
    }
    x->bytes += (int64_t)n;
    return n;
}

static void clear_headers(struct xfer *x)
{
    for (size_t i = 0; i < N_SLOTS; i++) {
        free(x->slot[i]);
        x->slot[i] = NULL;
    }
    free(x->resp->location);
    x->resp->location = NULL;
}

static char *trimmed_copy(const char *v, size_t n)
{
    while (n && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, v, n);
        s[n] = '\0';
    }
    return s;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct xfer *x = userdata;
    size_t n = size * nmemb;
    if (n >= 5 && strncmp(ptr, "HTTP/", 5) == 0) {
        clear_headers(x); /* a new response (after 100-continue or a proxy CONNECT) */
        return n;
    }
    const char *colon = memchr(ptr, ':', n);
    if (!colon)
        return n;
    size_t nlen = (size_t)(colon - ptr);
    const char *val = colon + 1;
    size_t vlen = n - nlen - 1;
    int slot = -1;
    if (nlen == 8 && strncasecmp(ptr, "location", 8) == 0) {
        free(x->resp->location);
        x->resp->location = trimmed_copy(val, vlen);
        return n;
    }
    if (nlen == 11 && strncasecmp(ptr, "retry-after", 11) == 0) {
        slot = (int)SLOT_RETRY_AFTER;
    } else {
        for (size_t i = 0; i < N_RETRY_HEADERS; i++)
            if (nlen == strlen(retry_headers[i]) && strncasecmp(ptr, retry_headers[i], nlen) == 0)
                slot = (int)i;
        if (slot < 0 && nlen > 27 && strncasecmp(ptr, "x-ms-ratelimit-", 15) == 0 &&
            strncasecmp(ptr + nlen - 12, "-retry-after", 12) == 0)
            slot = (int)SLOT_OTHER_MS;
    }
    if (slot >= 0 && !x->slot[slot])
        x->slot[slot] = trimmed_copy(val, vlen);
    return n;
}

/* Verbose trace at debug level, with the Authorization header redacted. */
static int on_debug(CURL *c, curl_infotype type, char *data, size_t size, void *userptr)
{
    (void)c;
    (void)userptr;
    if (type != CURLINFO_HEADER_OUT && type != CURLINFO_HEADER_IN && type != CURLINFO_TEXT)
        return 0;
    const char *dir = type == CURLINFO_HEADER_OUT ? "> " : type == CURLINFO_HEADER_IN ? "< " : "* ";
    const char *p = data, *end = data + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        size_t shown = len;
        while (shown && p[shown - 1] == '\r')
            shown--;
        if (shown) {
            if (shown >= 14 && strncasecmp(p, "authorization:", 14) == 0)
                log_debug("http %sAuthorization: <redacted>", dir);
            else if (type == CURLINFO_HEADER_OUT && shown > 4 && p[0] != ' ' &&
                     (strncmp(p, "GET ", 4) == 0 || strncmp(p, "POST ", 5) == 0) &&
                     memchr(p, '?', shown))
                log_debug("http %s%.*s?<query>", dir, (int)((char *)memchr(p, '?', shown) - p), p);
            else
                log_debug("http %s%.*s", dir, (int)shown, p);
        }
        p += len + (nl ? 1 : 0);
    }
    return 0;
}

/* Progress of long downloads on stderr, every 10 seconds. */
static int on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)ultotal;
    (void)ulnow;
    struct xfer *x = userdata;
    double now = x->h->opt.now_fn(x->h->opt.clock_ctx);
    if (x->last_progress == 0) {
        x->last_progress = now;
        return 0;
    }
    if (now - x->last_progress >= 10 && dlnow > 0) {
        x->last_progress = now;
        if (dltotal > 0)
            log_info("%s: %.1f of %.1f MiB downloaded", x->host, (double)dlnow / 1048576.0,
                     (double)dltotal / 1048576.0);
        else
            log_info("%s: %.1f MiB downloaded", x->host, (double)dlnow / 1048576.0);
    }
    return 0;
}

static int transient_curl_error(CURLcode rc)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    default:
        return 0;
    }
}

static int transient_status(long status)
{
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

static double server_retry_after(struct xfer *x, double now)
{
    for (size_t i = 0; i < N_SLOTS; i++) {
        if (!x->slot[i])
            continue;
        double v = imp_http_parse_retry_after(x->slot[i], now);
        if (v >= 0)
            return v;
    }
    return -1;
}

static enum status reset_sink(FILE *sink, struct err *e)
{
    if (!sink)
        return ST_OK;
    if (fflush(sink) != 0 || fseeko(sink, 0, SEEK_SET) != 0 || ftruncate(fileno(sink), 0) != 0)
        return err_set(e, ST_IO, "cannot rewind download file: %s", strerror(errno));
    return ST_OK;
}

/* "127.x.y.z", "localhost", "[::1]" (with or without a port) */
static int host_is_loopback(const char *host)
{
    char h[256];
    snprintf(h, sizeof h, "%s", host);
    char *at = strrchr(h, '@');
    const char *name = at ? at + 1 : h;
    if (strncmp(name, "[::1]", 5) == 0)
        return name[5] == '\0' || name[5] == ':';
    char bare[256];
    snprintf(bare, sizeof bare, "%.*s", (int)strcspn(name, ":"), name);
    if (strcasecmp(bare, "localhost") == 0)
        return 1;
    unsigned a, b, c, d;
    char tail;
    return sscanf(bare, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a == 127 && b < 256 &&
           c < 256 && d < 256;
}

int imp_http_url_allowed(const char *url, int has_secret, int http_loopback)
{
    if (strncasecmp(url, "https://", 8) == 0)
        return 1;
    if (strncasecmp(url, "http://", 7) != 0)
        return 0;
    if (!has_secret)
        return 1;
    char host[256];
    url_host(url, host, sizeof host);
    return http_loopback && host_is_loopback(host);
}

enum status imp_http_request(struct imp_http *h, const struct imp_http_req *req,
                             struct imp_http_resp *resp, struct err *e)
{
    int has_secret = req->bearer != NULL || req->secret;
    if (!imp_http_url_allowed(req->url, has_secret, h->opt.http_loopback)) {
        char shown[512];
        imp_http_redact_url(req->url, shown, sizeof shown);
        return err_set(e, ST_USAGE,
                       "refusing to send %s to %s: secrets go only over https:// "
                       "(plain http is allowed to a loopback test server with "
                       "--insecure-http-loopback)",
                       req->bearer ? "an access token" : "a secret", shown);
    }
    CURL *c = h->curl;
    char host[256], shown_url[512], errbuf[CURL_ERROR_SIZE];
    struct curl_slist *hdrs = NULL;
    struct buf auth = BUF_INIT;
    enum status st = ST_OK;
    struct xfer x;
    memset(&x, 0, sizeof x);
    x.h = h;
    x.resp = resp;
    x.sink = req->sink;
    x.cap = req->max_body ? req->max_body : h->opt.max_body;
    url_host(req->url, host, sizeof host);
    x.host = host;
    imp_http_redact_url(req->url, shown_url, sizeof shown_url);

    if (req->bearer) {
        if (buf_addf(&auth, "Authorization: Bearer %s", req->bearer) != ST_OK)
            return err_set(e, ST_NOMEM, "out of memory");
        hdrs = curl_slist_append(hdrs, buf_str(&auth));
    }
    if (req->body && req->content_type) {
        char ct[160];
        snprintf(ct, sizeof ct, "Content-Type: %s", req->content_type);
        hdrs = curl_slist_append(hdrs, ct);
    }
    hdrs = curl_slist_append(hdrs, "Accept: application/json, text/csv, */*");
    hdrs = curl_slist_append(hdrs, "Expect:");
    for (const char *const *p = req->headers; p && *p; p++)
        hdrs = curl_slist_append(hdrs, *p);
    if (!hdrs) {
        buf_release(&auth);
        return err_set(e, ST_NOMEM, "out of memory");
    }

    for (int attempt = 0;; attempt++) {
        curl_easy_reset(c);
        clear_headers(&x);
        buf_reset(&resp->body);
        if (!resp->body.data && !req->sink && buf_add(&resp->body, "", 0) != ST_OK) {
            st = err_set(e, ST_NOMEM, "out of memory");
            break;
        }
        resp->status = 0;
        resp->retry_after = -1;
        x.bytes = 0;
        x.too_big = 0;
        x.write_failed = 0;
        if ((st = reset_sink(req->sink, e)) != ST_OK)
            break;
        errbuf[0] = '\0';
        curl_easy_setopt(c, CURLOPT_URL, req->url);
        /* an https request never falls back to plain http */
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
                         strncasecmp(req->url, "https://", 8) == 0 ? "https" : "http,https");
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        if (h->opt.cacert)
            curl_easy_setopt(c, CURLOPT_CAINFO, h->opt.cacert);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->opt.connect_timeout_ms);
        if (req->streaming) {
            /* large downloads: no total limit, but a stalled transfer still fails */
            curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
            curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
            curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
            curl_easy_setopt(c, CURLOPT_XFERINFODATA, &x);
            curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
            x.last_progress = 0;
        } else {
            curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->opt.timeout_ms);
        }
        curl_easy_setopt(c, CURLOPT_USERAGENT, "yosan/0.1");
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
        if (log_get_level() >= LOG_DEBUG) {
            curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
            curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
        }
        if (req->method && strcmp(req->method, "POST") == 0) {
            curl_easy_setopt(c, CURLOPT_POST, 1L);
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body ? req->body : "");
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                             (curl_off_t)(req->body ? strlen(req->body) : 0));
        } else {
            curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        }
        log_debug("http %s %s (attempt %d)", req->method ? req->method : "GET", shown_url,
                  attempt + 1);
        h->requests++;
        CURLcode rc = curl_easy_perform(c);
        resp->body_bytes = x.bytes;
        if (x.too_big) {
            st = err_set(e, ST_NOMEM, "response from %s exceeds the limit of %zu bytes", host,
                         x.cap);
            break;
        }
        if (x.write_failed) {
            st = err_set(e, ST_IO, "cannot write the download from %s: %s", host, strerror(errno));
            break;
        }
        double now = h->opt.now_fn(h->opt.clock_ctx);
        if (rc != CURLE_OK) {
            const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
            if (!transient_curl_error(rc) || attempt >= h->opt.max_retries) {
                st = err_set(e, ST_HTTP, "%s: %s%s", host, why,
                             attempt ? " (gave up after retries)" : "");
                break;
            }
            double s = imp_http_backoff(attempt, -1, h->opt.max_sleep_s, &h->rng);
            log_warn("%s: %s; retrying in %.1fs", host, why, s);
            h->slept_s += s;
            h->opt.sleep_fn(s, h->opt.clock_ctx);
            continue;
        }
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        resp->status = status;
        resp->retry_after = server_retry_after(&x, now);
        if (transient_status(status) && attempt < h->opt.max_retries) {
            double s = imp_http_backoff(attempt, resp->retry_after, h->opt.max_sleep_s, &h->rng);
            if (resp->retry_after >= 0)
                log_warn("%s: HTTP %ld; server asks to retry after %.0fs; retrying in %.1fs", host,
                         status, resp->retry_after, s);
            else
                log_warn("%s: HTTP %ld; retrying in %.1fs", host, status, s);
            h->slept_s += s;
            h->opt.sleep_fn(s, h->opt.clock_ctx);
            continue;
        }
        break;
    }
    for (size_t i = 0; i < N_SLOTS; i++)
        free(x.slot[i]);
    curl_slist_free_all(hdrs);
    /* the token text sat in this buffer: wipe it before freeing */
    if (auth.data)
        memset(auth.data, 0, auth.len);
    buf_release(&auth);
    if (req->sink && st == ST_OK && fflush(req->sink) != 0)
        st = err_set(e, ST_IO, "cannot write the download from %s: %s", host, strerror(errno));
    return st;
}
