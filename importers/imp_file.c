/*
 * imp_file.c - input files for importers (see imp_file.h).
 */
#include "imp_file.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
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

enum status imp_file_open(struct imp_file *f, const char *path, struct err *e)
{
    memset(f, 0, sizeof *f);
    enum status st = imp_sha256_file(path, f->sha256, &f->size, e);
    if (st != ST_OK)
        return st;
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
    gzbuffer(gz, 1 << 18);
    f->gz = gz;
    f->path = strdup(path);
    return ST_OK;
}

ssize_t imp_file_read(struct imp_file *f, void *buf, size_t n, struct err *e)
{
    int got = gzread((gzFile)f->gz, buf, (unsigned)n);
    if (got < 0) {
        int zerr;
        const char *msg = gzerror((gzFile)f->gz, &zerr);
        err_set(e, ST_IO, "%s: cannot read: %s", f->path, msg);
        return -1;
    }
    if (got == 0 && !gzeof((gzFile)f->gz)) {
        err_set(e, ST_IO, "%s: cannot read", f->path);
        return -1;
    }
    return got;
}

uint64_t imp_file_offset(struct imp_file *f)
{
    return (uint64_t)gzoffset((gzFile)f->gz);
}

void imp_file_close(struct imp_file *f)
{
    if (f->gz)
        gzclose((gzFile)f->gz);
    free(f->path);
    memset(f, 0, sizeof *f);
}
