/*
 * imp_file.h - the input reader every importer reads through: a regular
 * file, a pipe or FIFO (`<(cat x)`), or "-" for stdin; plain or gzip
 * (recognised by its magic bytes, inflated here with zlib so that the end of
 * the stream, the CRC-32 and the length of every member are checked: a
 * truncated or corrupt gzip file is bad input, ST_PARSE). Concatenated gzip
 * members are one file; bytes after the last member that are not another
 * member are ignored, as gzip(1) and zlib's gzread() do.
 *
 * SHA-256 for the import record: a regular file can be hashed before it is
 * read (imp_file_open, imp_file_hash), so a re-import stops at once. A
 * stream (pipe, FIFO, stdin, character device) cannot be read twice: it is
 * hashed while it is read, and its digest and size are known once the
 * reader has returned 0 (end of input); until then sha256 is "".
 */
#ifndef YOSAN_IMP_FILE_H
#define YOSAN_IMP_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"

/* Cap on a JSON document (an API response or page) read whole into memory. */
#define IMP_JSON_MAX_BYTES ((size_t)1 << 30)
/* Decompressed bytes imp_file_peek() shows for content sniffing. */
#define IMP_FILE_HEAD 8192

struct imp_file {
    int fd;             /* input; -1 when closed */
    int own_fd;         /* 1 when close() is ours (not stdin) */
    int stream;         /* not a regular file: hashed while read */
    int gzip;           /* gzip magic seen: read through zs */
    void *zs;           /* z_stream (gzip) */
    int zstate;         /* gzip: in a member, between members, or done */
    void *md;           /* EVP_MD_CTX while a stream is hashed */
    unsigned char *raw; /* input bytes not yet handed out (plain) or inflated (gzip) */
    size_t raw_off;     /* plain: next byte of raw to hand out */
    size_t raw_len;     /* plain: bytes held in raw */
    int raw_eof;        /* read() returned 0 */
    char *head;         /* bytes shown by imp_file_peek(), handed out first */
    size_t head_off;    /* next byte of head to hand out */
    size_t head_len;    /* bytes in head */
    int failed;         /* a read failed: later reads fail the same way */
    struct err err;     /* that failure */
    char why[96];       /* for bad gzip data: what is wrong, without the name */
    uint64_t pos;       /* bytes read from fd */
    char *path;         /* owned; the name for messages: as given, "stdin" for "-" */
    uint64_t size;      /* bytes on disk; for a stream, bytes read once at its end */
    char sha256[65];    /* hex digest of the bytes as given (compressed); "" until known */
};

/* Open path ("-" is stdin) and hash a regular file first; a stream is
 * hashed while read. imp_file_close() releases. */
enum status imp_file_open(struct imp_file *f, const char *path, struct err *e);
/* Open without hashing a regular file (sha256 left "", see imp_file_hash):
 * for callers that hash concurrently or decide later. A stream is still
 * hashed while read. */
enum status imp_file_open_unhashed(struct imp_file *f, const char *path, struct err *e);
/* Hash a regular file opened unhashed (no-op for a stream or when known). */
enum status imp_file_hash(struct imp_file *f, struct err *e);
/* The first up to IMP_FILE_HEAD decompressed bytes, NUL-terminated, in
 * *head (owned by f), without consuming them: later reads return them
 * again. Only before the first imp_file_read(). Returns the byte count, or
 * -1 on a read error (e filled; bad gzip is ST_PARSE). */
ssize_t imp_file_peek(struct imp_file *f, const char **head, struct err *e);
/* Read up to n decompressed bytes; returns bytes read, 0 at the end, -1 on
 * error (e filled: ST_PARSE "PATH: corrupt or truncated gzip data:
 * truncated (...)" or "...: corrupt (zlib's reason)", with the text after
 * "PATH: " in f->why; ST_IO for a failing read). 0 is returned only after
 * every gzip member's end, CRC-32 and length were checked. */
ssize_t imp_file_read(struct imp_file *f, void *buf, size_t n, struct err *e);
/* Read the rest of the (decompressed) file into out, which the caller
 * initialised with buf_init(out, max): a file larger than max fails with
 * ST_NOMEM. The caller releases out with buf_release(). */
enum status imp_file_read_all(struct imp_file *f, struct buf *out, struct err *e);
/* Input bytes consumed so far (for progress against size). */
uint64_t imp_file_offset(struct imp_file *f);
void imp_file_close(struct imp_file *f);

/* SHA-256 of a whole file as hex (out: 65 bytes). */
enum status imp_sha256_file(const char *path, char out[65], uint64_t *size, struct err *e);

#endif
