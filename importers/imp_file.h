/*
 * imp_file.h - open an input file for an importer: plain or gzip (zlib
 * reads both transparently), with its SHA-256 and size for the import record.
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

struct imp_file {
    void *gz;        /* gzFile, or NULL when the file is plain and read directly */
    int fd;          /* plain file descriptor when gz is NULL, else -1 */
    uint64_t pos;    /* bytes read through fd */
    char *path;      /* owned copy */
    uint64_t size;   /* bytes on disk */
    char sha256[65]; /* hex digest of the bytes on disk */
};

/* Hash the file, then open it for reading. imp_file_close() releases. */
enum status imp_file_open(struct imp_file *f, const char *path, struct err *e);
/* Open without hashing (sha256 left ""): for callers that hash the file
 * concurrently, e.g. the cost importer on multi-gigabyte exports. */
enum status imp_file_open_unhashed(struct imp_file *f, const char *path, struct err *e);
/* Read up to n decompressed bytes; returns bytes read, 0 at end, -1 on error (e filled). */
ssize_t imp_file_read(struct imp_file *f, void *buf, size_t n, struct err *e);
/* Read the rest of the (decompressed) file into out, which the caller
 * initialised with buf_init(out, max): a file larger than max fails with
 * ST_NOMEM. The caller releases out with buf_release(). */
enum status imp_file_read_all(struct imp_file *f, struct buf *out, struct err *e);
/* Compressed bytes consumed so far (for progress against size). */
uint64_t imp_file_offset(struct imp_file *f);
void imp_file_close(struct imp_file *f);

/* SHA-256 of a whole file as hex (out: 65 bytes). */
enum status imp_sha256_file(const char *path, char out[65], uint64_t *size, struct err *e);

#endif
