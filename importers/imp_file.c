/*
 * imp_file.c - input files for importers (see imp_file.h): plain or gzip,
 * regular file or stream, with the gzip end of stream and trailers checked.
 */
#include "imp_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define RAW_BYTES ((size_t)256 << 10) /* input read at a time */

/* zstate: where the gzip reader is */
enum { GZ_MEMBER = 0, GZ_BETWEEN, GZ_DONE };

static void hex_digest(const unsigned char md[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

enum status imp_sha256_file(const char *path, char out[65], uint64_t *size, struct err *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        fclose(fp);
        EVP_MD_CTX_free(ctx);
        return err_set(e, ST_NOMEM, "cannot start sha256");
    }
    enum status st = ST_OK;
    uint64_t total = 0;
    unsigned char *chunk = malloc(1 << 20);
    if (!chunk)
        st = err_set(e, ST_NOMEM, "out of memory");
    size_t n;
    while (st == ST_OK && (n = fread(chunk, 1, 1 << 20, fp)) > 0) {
        EVP_DigestUpdate(ctx, chunk, n);
        total += n;
    }
    if (st == ST_OK && ferror(fp))
        st = err_set(e, ST_IO, "cannot read '%s'", path);
    if (st == ST_OK) {
        unsigned char md[32];
        unsigned int mdlen = 0;
        EVP_DigestFinal_ex(ctx, md, &mdlen);
        hex_digest(md, out);
        if (size)
            *size = total;
    }
    free(chunk);
    EVP_MD_CTX_free(ctx);
    fclose(fp);
    return st;
}

/* ------------------------------------------------------------ raw input */

/* Remember a failure so later reads repeat it; returns -1. */
static ssize_t fail(struct imp_file *f, struct err *e)
{
    f->failed = 1;
    if (e)
        f->err = *e;
    return -1;
}

/* Bad gzip data: ST_PARSE with the reason kept alone in f->why. */
__attribute__((format(printf, 3, 4))) static ssize_t bad_gzip(struct imp_file *f, struct err *e,
                                                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->why, sizeof f->why, fmt, ap);
    va_end(ap);
    err_set(e, ST_PARSE, "%s: %s", f->path, f->why);
    return fail(f, e);
}

/* The end of the input: a stream's digest and size are now known. */
static void at_eof(struct imp_file *f)
{
    f->raw_eof = 1;
    if (!f->md)
        return;
    unsigned char md[32];
    unsigned int mdlen = 0;
    EVP_DigestFinal_ex((EVP_MD_CTX *)f->md, md, &mdlen);
    hex_digest(md, f->sha256);
    EVP_MD_CTX_free((EVP_MD_CTX *)f->md);
    f->md = NULL;
    f->size = f->pos;
}

/* read(2) up to n bytes into buf, hashing them for a stream: bytes, 0 at
 * the end, -1 on error. */
static ssize_t raw_read(struct imp_file *f, void *buf, size_t n, struct err *e)
{
    if (f->raw_eof)
        return 0;
    ssize_t got;
    do
        got = read(f->fd, buf, n);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        err_set(e, ST_IO, "%s: cannot read: %s", f->path, strerror(errno));
        return fail(f, e);
    }
    if (got == 0) {
        at_eof(f);
        return 0;
    }
    f->pos += (uint64_t)got;
    if (f->md)
        EVP_DigestUpdate((EVP_MD_CTX *)f->md, buf, (size_t)got);
    return got;
}

/* gzip: move the unread input to the front of raw and read more after it. */
static int raw_fill(struct imp_file *f, struct err *e)
{
    z_stream *z = f->zs;
    if (z->avail_in && z->next_in != f->raw)
        memmove(f->raw, z->next_in, z->avail_in);
    z->next_in = f->raw;
    ssize_t got = raw_read(f, f->raw + z->avail_in, RAW_BYTES - z->avail_in, e);
    if (got < 0)
        return -1;
    z->avail_in += (uInt)got;
    return 0;
}

/* A stream is hashed whole, including bytes after the last gzip member. */
static int drain(struct imp_file *f, struct err *e)
{
    while (f->md) {
        ssize_t got = raw_read(f, f->raw, RAW_BYTES, e);
        if (got < 0)
            return -1;
    }
    return 0;
}

/* ----------------------------------------------------------------- gzip */

/* After a member's trailer: another member follows, or the file is done. */
static int next_member(struct imp_file *f, struct err *e)
{
    z_stream *z = f->zs;
    while (z->avail_in < 2 && !f->raw_eof)
        if (raw_fill(f, e) < 0)
            return -1;
    if (z->avail_in >= 2 && z->next_in[0] == 0x1f && z->next_in[1] == 0x8b) {
        inflateReset(z);
        f->zstate = GZ_MEMBER;
        return 0;
    }
    z->avail_in = 0; /* trailing bytes that are not gzip: ignored, as gzread() does */
    f->zstate = GZ_DONE;
    return drain(f, e);
}

static ssize_t gz_read(struct imp_file *f, void *buf, size_t n, struct err *e)
{
    z_stream *z = f->zs;
    z->next_out = buf;
    z->avail_out = (uInt)(n > UINT_MAX ? UINT_MAX : n);
    uInt want = z->avail_out;
    while (z->avail_out > 0 && f->zstate != GZ_DONE) {
        if (f->zstate == GZ_BETWEEN) {
            if (next_member(f, e) < 0)
                return -1;
            continue;
        }
        if (z->avail_in == 0 && !f->raw_eof) {
            if (raw_fill(f, e) < 0)
                return -1;
            continue;
        }
        uInt before = z->avail_out;
        int rc = inflate(z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END)
            f->zstate = GZ_BETWEEN; /* its CRC-32 and length matched */
        else if (rc == Z_MEM_ERROR) {
            err_set(e, ST_NOMEM, "out of memory");
            return fail(f, e);
        } else if (rc != Z_OK && rc != Z_BUF_ERROR)
            return bad_gzip(f, e, "corrupt or truncated gzip data: corrupt (%s)",
                            z->msg ? z->msg : "bad stream");
        else if (z->avail_in == 0 && f->raw_eof && z->avail_out == before)
            return bad_gzip(f, e,
                            "corrupt or truncated gzip data: truncated (the input ends "
                            "inside the compressed stream)");
    }
    return (ssize_t)(want - z->avail_out);
}

/* ----------------------------------------------------------------- open */

static enum status open_fail(struct imp_file *f, struct err *e, enum status st)
{
    imp_file_close(f);
    return st;
}

/* Open, tell a stream from a regular file, read the first bytes and look
 * for the gzip magic. */
static enum status open_input(struct imp_file *f, const char *path, struct err *e)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    int is_stdin = strcmp(path, "-") == 0;
    f->path = strdup(is_stdin ? "stdin" : path);
    if (!f->path)
        return err_set(e, ST_NOMEM, "out of memory");
    f->fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0)
        return open_fail(f, e, err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno)));
    f->own_fd = !is_stdin;
    struct stat sb;
    if (fstat(f->fd, &sb) != 0)
        return open_fail(f, e, err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno)));
    if (S_ISDIR(sb.st_mode))
        return open_fail(f, e, err_set(e, ST_IO, "cannot read '%s': is a directory", path));
    /* stdin is a stream even when redirected from a file: it has no path to hash */
    f->stream = is_stdin || !S_ISREG(sb.st_mode);
    f->size = f->stream ? 0 : (uint64_t)sb.st_size;
    if (f->stream) {
        f->md = EVP_MD_CTX_new();
        if (!f->md || EVP_DigestInit_ex((EVP_MD_CTX *)f->md, EVP_sha256(), NULL) != 1)
            return open_fail(f, e, err_set(e, ST_NOMEM, "cannot start sha256"));
    }
#ifdef POSIX_FADV_SEQUENTIAL
    if (!f->stream)
        posix_fadvise(f->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    if (!(f->raw = malloc(RAW_BYTES)))
        return open_fail(f, e, err_set(e, ST_NOMEM, "out of memory"));
    while (f->raw_len < 2 && !f->raw_eof) { /* a pipe may deliver one byte at a time */
        ssize_t got = raw_read(f, f->raw + f->raw_len, RAW_BYTES - f->raw_len, e);
        if (got < 0)
            return open_fail(f, e, e ? e->code : ST_IO);
        f->raw_len += (size_t)got;
    }
    if (f->raw_len < 2 || f->raw[0] != 0x1f || f->raw[1] != 0x8b)
        return ST_OK;
    z_stream *z = calloc(1, sizeof *z);
    if (!z || inflateInit2(z, 15 + 16) != Z_OK) { /* gzip wrapper only */
        free(z);
        return open_fail(f, e, err_set(e, ST_NOMEM, "out of memory"));
    }
    f->zs = z;
    f->gzip = 1;
    z->next_in = f->raw;
    z->avail_in = (uInt)f->raw_len;
    f->raw_len = 0;
    return ST_OK;
}

enum status imp_file_open(struct imp_file *f, const char *path, struct err *e)
{
    enum status st = open_input(f, path, e);
    if (st == ST_OK && (st = imp_file_hash(f, e)) != ST_OK)
        imp_file_close(f);
    return st;
}

enum status imp_file_open_unhashed(struct imp_file *f, const char *path, struct err *e)
{
    return open_input(f, path, e);
}

enum status imp_file_hash(struct imp_file *f, struct err *e)
{
    if (f->stream || f->sha256[0])
        return ST_OK;
    return imp_sha256_file(f->path, f->sha256, NULL, e);
}

/* ----------------------------------------------------------------- read */

static ssize_t plain_read(struct imp_file *f, void *buf, size_t n, struct err *e)
{
    if (f->raw_off < f->raw_len) { /* the bytes read to look for the magic */
        size_t k = f->raw_len - f->raw_off;
        if (k > n)
            k = n;
        memcpy(buf, f->raw + f->raw_off, k);
        f->raw_off += k;
        return (ssize_t)k;
    }
    return raw_read(f, buf, n, e); /* straight into the caller's buffer */
}

static ssize_t next_bytes(struct imp_file *f, void *buf, size_t n, struct err *e)
{
    if (f->failed) {
        if (e)
            *e = f->err;
        return -1;
    }
    return f->gzip ? gz_read(f, buf, n, e) : plain_read(f, buf, n, e);
}

ssize_t imp_file_peek(struct imp_file *f, const char **head, struct err *e)
{
    if (!f->head) {
        if (!(f->head = malloc(IMP_FILE_HEAD + 1))) {
            err_set(e, ST_NOMEM, "out of memory");
            return -1;
        }
        while (f->head_len < IMP_FILE_HEAD) {
            ssize_t got = next_bytes(f, f->head + f->head_len, IMP_FILE_HEAD - f->head_len, e);
            if (got < 0)
                return -1;
            if (got == 0)
                break;
            f->head_len += (size_t)got;
        }
        f->head[f->head_len] = '\0';
    }
    if (f->failed) {
        if (e)
            *e = f->err;
        return -1;
    }
    *head = f->head;
    return (ssize_t)f->head_len;
}

ssize_t imp_file_read(struct imp_file *f, void *buf, size_t n, struct err *e)
{
    if (f->head_off < f->head_len) {
        size_t k = f->head_len - f->head_off;
        if (k > n)
            k = n;
        memcpy(buf, f->head + f->head_off, k);
        f->head_off += k;
        return (ssize_t)k;
    }
    return next_bytes(f, buf, n, e);
}

enum status imp_file_read_all(struct imp_file *f, struct buf *out, struct err *e)
{
    char chunk[65536];
    for (;;) {
        ssize_t got = imp_file_read(f, chunk, sizeof chunk, e);
        if (got < 0)
            return e && e->code ? e->code : ST_IO;
        if (got == 0)
            return ST_OK;
        if (buf_add(out, chunk, (size_t)got) != ST_OK)
            return err_set(e, ST_NOMEM, "%s: larger than %zu bytes, or out of memory", f->path,
                           out->max);
    }
}

uint64_t imp_file_offset(struct imp_file *f)
{
    if (f->gzip)
        return f->pos - ((z_stream *)f->zs)->avail_in;
    return f->pos - (f->raw_len - f->raw_off);
}

void imp_file_close(struct imp_file *f)
{
    if (f->zs) {
        inflateEnd((z_stream *)f->zs);
        free(f->zs);
    }
    if (f->own_fd && f->fd >= 0)
        close(f->fd);
    EVP_MD_CTX_free((EVP_MD_CTX *)f->md);
    free(f->raw);
    free(f->head);
    free(f->path);
    memset(f, 0, sizeof *f);
    f->fd = -1;
}
