/*
 * test_imp_file.c - the input reader (importers/imp_file.c): every proper
 * prefix of a gzip file fails as truncated, whatever the cut (header,
 * deflate data, CRC or length trailer); a flipped trailer byte is corrupt;
 * concatenated members read as one file and trailing non-gzip bytes are
 * ignored; peek then read gives every byte once; a pipe is hashed while
 * read; libcsv's field buffer stops at IMP_LINE_MAX.
 */
#include "test_util.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "imp_csv.h"
#include "imp_file.h"

/* gzip of data (one member, default level) into out; returns its size. */
static size_t gzip_bytes(const void *data, size_t len, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (unsigned char *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t n = z.total_out;
    deflateEnd(&z);
    return n;
}

static const char *write_tmp(const char *name, const void *data, size_t len)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", test_tmp_dir(), name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
    return path;
}

/* Read the whole file; ST_OK with out filled, or the failure. */
static enum status read_path(const char *path, struct buf *out, struct err *e)
{
    struct imp_file f;
    enum status st = imp_file_open(&f, path, e);
    if (st != ST_OK)
        return st;
    st = imp_file_read_all(&f, out, e);
    imp_file_close(&f);
    return st;
}

static char *sample_text(size_t *len)
{
    struct buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 3000; i++)
        assert_int_equal(buf_addf(&b, "line %d,%d,%.3f\n", i, i * 7919 % 1000, i / 3.0), ST_OK);
    *len = b.len;
    return b.data;
}

static void test_every_prefix_is_truncated(void **state)
{
    (void)state;
    size_t len;
    char *text = sample_text(&len);
    unsigned char *gz = malloc(len + 1024);
    size_t n = gzip_bytes(text, len, gz, len + 1024);
    struct err e;
    struct buf out;
    /* the whole file reads back exactly */
    buf_init(&out, 0);
    err_clear(&e);
    assert_int_equal(read_path(write_tmp("whole.gz", gz, n), &out, &e), ST_OK);
    assert_int_equal(out.len, len);
    assert_memory_equal(out.data, text, len);
    buf_release(&out);
    /* any cut from 2 bytes (the magic) to all but the last byte fails */
    for (size_t cut = 2; cut < n; cut += cut < 64 || cut > n - 64 ? 1 : 97) {
        buf_init(&out, 0);
        err_clear(&e);
        enum status st = read_path(write_tmp("cut.gz", gz, cut), &out, &e);
        if (st != ST_PARSE || !strstr(e.msg, "gzip data: truncated"))
            fail_msg("cut at %zu of %zu: status %d '%s'", cut, n, st, e.msg);
        buf_release(&out);
    }
    /* a flipped CRC-32 or length byte is corrupt */
    for (size_t k = n - 8; k < n; k++) {
        gz[k] ^= 0x10;
        buf_init(&out, 0);
        err_clear(&e);
        assert_int_equal(read_path(write_tmp("flip.gz", gz, n), &out, &e), ST_PARSE);
        assert_non_null(strstr(e.msg, "gzip data: corrupt (incorrect"));
        buf_release(&out);
        gz[k] ^= 0x10;
    }
    free(gz);
    free(text);
}

static void test_members_and_trailing_bytes(void **state)
{
    (void)state;
    size_t len;
    char *text = sample_text(&len);
    size_t half = len / 2;
    unsigned char *gz = malloc(2 * len + 4096);
    size_t n = gzip_bytes(text, half, gz, 2 * len + 4096);
    n += gzip_bytes(text + half, len - half, gz + n, 2 * len + 4096 - n);
    memcpy(gz + n, "\0\0\0\0junk", 8); /* not a member: ignored, as gzread() does */
    struct err e;
    struct buf out;
    buf_init(&out, 0);
    err_clear(&e);
    assert_int_equal(read_path(write_tmp("multi.gz", gz, n + 8), &out, &e), ST_OK);
    assert_int_equal(out.len, len);
    assert_memory_equal(out.data, text, len);
    buf_release(&out);
    /* the second member cut short is truncated too */
    buf_init(&out, 0);
    err_clear(&e);
    assert_int_equal(read_path(write_tmp("multicut.gz", gz, n - 3), &out, &e), ST_PARSE);
    buf_release(&out);
    free(gz);
    free(text);
}

/* A pipe: peek, then read everything once; the digest is the pipe's bytes. */
static void test_pipe_peek_and_hash(void **state)
{
    (void)state;
    size_t len;
    char *text = sample_text(&len);
    unsigned char *gz = malloc(len + 1024);
    size_t n = gzip_bytes(text, len, gz, len + 1024);
    assert_true(n < 60000); /* fits the pipe buffer: no writer thread needed */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], gz, n), (ssize_t)n);
    close(fds[1]);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    struct imp_file f;
    struct err e;
    err_clear(&e);
    assert_int_equal(imp_file_open(&f, path, &e), ST_OK);
    assert_true(f.stream);
    assert_string_equal(f.sha256, ""); /* known at the end only */
    const char *head;
    assert_int_equal(imp_file_peek(&f, &head, &e), IMP_FILE_HEAD);
    assert_memory_equal(head, text, IMP_FILE_HEAD);
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(imp_file_read_all(&f, &out, &e), ST_OK);
    assert_int_equal(out.len, len);
    assert_memory_equal(out.data, text, len);
    unsigned char md[32];
    unsigned int mdlen = 0;
    char hex[65];
    EVP_Digest(gz, n, md, &mdlen, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    assert_string_equal(f.sha256, hex);
    assert_int_equal(f.size, n);
    buf_release(&out);
    imp_file_close(&f);
    close(fds[0]);
    free(gz);
    free(text);
}

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    *(size_t *)data = len;
}

static void test_csv_field_cap(void **state)
{
    (void)state;
    struct csv_parser p;
    assert_int_equal(imp_csv_init(&p, CSV_APPEND_NULL), 0);
    size_t chunk = 1 << 20, fed = 0, last = 0;
    char *block = malloc(chunk);
    memset(block, 'x', chunk);
    int stopped = 0;
    while (fed <= IMP_LINE_MAX + chunk && !stopped) {
        size_t used = csv_parse(&p, block, chunk, on_field, NULL, &last);
        fed += used;
        stopped = used != chunk;
    }
    assert_true(stopped);
    assert_true(imp_csv_too_long(&p));
    assert_true(fed <= IMP_LINE_MAX + 1);
    assert_true(csv_get_buffer_size(&p) <= IMP_LINE_MAX + 2);
    csv_free(&p);
    /* a field of exactly the limit is fine */
    assert_int_equal(imp_csv_init(&p, CSV_APPEND_NULL), 0);
    for (fed = 0; fed < IMP_LINE_MAX; fed += chunk)
        assert_int_equal(csv_parse(&p, block, chunk, on_field, NULL, &last), chunk);
    assert_int_equal(csv_parse(&p, ",", 1, on_field, NULL, &last), 1);
    assert_int_equal(last, IMP_LINE_MAX);
    csv_free(&p);
    free(block);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_prefix_is_truncated),
        cmocka_unit_test(test_members_and_trailing_bytes),
        cmocka_unit_test(test_pipe_peek_and_hash),
        cmocka_unit_test(test_csv_field_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
