/*
 * imp_file.c - input files for importers (see imp_file.h).
 */
#include "imp_file.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

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
        for (int i = 0; i < 32; i++)
            snprintf(out + 2 * i, 3, "%02x", md[i]);
        if (size)
            *size = total;
    }
    free(chunk);
    EVP_MD_CTX_free(ctx);
    fclose(fp);
    return st;
}

/* Plain files skip zlib: gzread() would copy every byte once more. */
static enum status open_input(struct imp_file *f, const char *path, struct err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
    unsigned char magic[2] = {0, 0};
    ssize_t got = pread(fd, magic, 2, 0);
    f->fd = -1;
    if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        gzFile gz = gzdopen(fd, "rb");
        if (!gz) {
            close(fd);
            return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
        }
        gzbuffer(gz, 1 << 18);
        f->gz = gz;
    } else {
        f->fd = fd;
#ifdef POSIX_FADV_SEQUENTIAL
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    f->path = strdup(path);
    if (!f->path) {
        if (f->gz)
            gzclose((gzFile)f->gz);
        else
            close(fd);
        f->gz = NULL;
        f->fd = -1;
        return err_set(e, ST_NOMEM, "out of memory");
    }
    return ST_OK;
}

enum status imp_file_open(struct imp_file *f, const char *path, struct err *e)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    enum status st = imp_sha256_file(path, f->sha256, &f->size, e);
    if (st != ST_OK)
        return st;
    return open_input(f, path, e);
}

enum status imp_file_open_unhashed(struct imp_file *f, const char *path, struct err *e)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
    f->size = (uint64_t)sb.st_size;
    return open_input(f, path, e);
}

/* A gzip stream that cannot be read to its verified end is bad input (exit 3),
 * not an I/O failure: the bytes are there but are not a whole gzip file. */
static ssize_t gz_failed(struct imp_file *f, struct err *e)
{
    int zerr = Z_OK;
    const char *msg = gzerror((gzFile)f->gz, &zerr);
    if (zerr == Z_ERRNO)
        err_set(e, ST_IO, "%s: cannot read: %s", f->path, strerror(errno));
    else if (zerr == Z_BUF_ERROR || zerr == Z_OK)
        err_set(e, ST_PARSE, "%s: truncated gzip data (the file ends before its end-of-stream "
                "trailer)", f->path);
    else {
        const char *why = msg ? msg : "unknown error";
        if (strncmp(why, "<fd:", 4) == 0 && strstr(why, ": ")) /* zlib names the descriptor */
            why = strstr(why, ": ") + 2;
        err_set(e, ST_PARSE, "%s: corrupt gzip data: %s", f->path, why);
    }
    return -1;
}

ssize_t imp_file_read(struct imp_file *f, void *buf, size_t n, struct err *e)
{
    if (!f->gz) {
        ssize_t got;
        do
            got = read(f->fd, buf, n);
        while (got < 0 && errno == EINTR);
        if (got < 0) {
            err_set(e, ST_IO, "%s: cannot read: %s", f->path, strerror(errno));
            return -1;
        }
        f->pos += (uint64_t)got;
        return got;
    }
    int got = gzread((gzFile)f->gz, buf, (unsigned)n);
    if (got < 0)
        return gz_failed(f, e);
    if (got == 0) {
        /* zlib returns what it got and 0 at a premature end of the stream:
         * only gzerror() tells a truncated file (or one missing its CRC and
         * length trailer) from a complete one. */
        int zerr = Z_OK;
        gzerror((gzFile)f->gz, &zerr);
        if (zerr != Z_OK || !gzeof((gzFile)f->gz))
            return gz_failed(f, e);
    }
    return got;
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
    return f->gz ? (uint64_t)gzoffset((gzFile)f->gz) : f->pos;
}

void imp_file_close(struct imp_file *f)
{
    if (f->gz)
        gzclose((gzFile)f->gz);
    else if (f->path && f->fd >= 0)
        close(f->fd); /* path is set only by a successful open */
    free(f->path);
    memset(f, 0, sizeof *f);
    f->fd = -1;
}
