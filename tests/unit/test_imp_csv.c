/*
 * test_imp_csv.c - the importer's CSV fast path (imp_csv_fast_line): on
 * every line it takes, the same fields and row end as libcsv in strict
 * mode; the lines it must leave to libcsv are left.
 */
#include "test_util.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp_csv.h"

/* The callbacks as text: each field as [len:bytes], the row end as |term. */
struct rec {
    char out[8192];
    size_t n;
};

static void put(struct rec *r, const char *s, size_t len)
{
    assert_true(r->n + len < sizeof r->out);
    memcpy(r->out + r->n, s, len);
    r->n += len;
    r->out[r->n] = '\0';
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct rec *r = ctx;
    char head[32];
    put(r, head, (size_t)snprintf(head, sizeof head, "[%zu:", len));
    if (len)
        put(r, data, len);
    put(r, "]", 1);
}

static void on_row(int term, void *ctx)
{
    struct rec *r = ctx;
    char t[16];
    put(r, t, (size_t)snprintf(t, sizeof t, "|%d\n", term));
}

/* libcsv's view of one line from the row-start state: 1 when it parsed all
 * of it and ended the row, with its callbacks in r. */
static int libcsv_line(const char *s, size_t len, struct rec *r)
{
    struct csv_parser p;
    assert_int_equal(imp_csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    int ok = csv_parse(&p, s, len, on_field, on_row, r) == len && p.pstate == 0;
    csv_free(&p);
    return ok;
}

/* fast path on a line: 1 taken (then checked against libcsv), 0 left */
static int check_line(struct imp_csv_line *ln, const char *s, size_t len)
{
    struct rec fast = {.n = 0}, ref = {.n = 0};
    int taken = imp_csv_fast_line(ln, (const unsigned char *)s, len, on_field, on_row, &fast);
    if (!taken) {
        assert_int_equal(fast.n, 0); /* nothing called */
        return 0;
    }
    assert_int_equal(taken, 1);
    assert_true(libcsv_line(s, len, &ref));
    assert_string_equal(fast.out, ref.out);
    return 1;
}

static void test_plain_lines(void **state)
{
    (void)state;
    struct imp_csv_line ln = {0};
    const char *taken[] = {
        "a,b,c\n",
        "a,,c,\n",
        ",\n",
        "x\n",
        "\"q,1\",\"he said \"\"hi\"\"\",z\n",
        "\"\",\"\"\"\"\"\",x\n",
        "a,b\r\n",
        "\"multi\rline cr inside quotes\",2\n",
        "\"{\"\"AHB\"\":\"\"False\"\"}\",\"\"\"department\"\": \"\"suido\"\"\"\n",
        "caf\xc3\xa9,\xe4\xba\x88\xe7\xae\x97\n",
    };
    for (size_t i = 0; i < sizeof taken / sizeof *taken; i++)
        assert_int_equal(check_line(&ln, taken[i], strlen(taken[i])), 1);
    const char *left[] = {
        "\n",         /* blank: libcsv skips it */
        "\r\n",       /* blank CRLF */
        " a,b\n",     /* leading blank trimmed by libcsv */
        "a ,b\n",     /* trailing blank */
        "a,\tb\n",    /* tab */
        "\"a\" ,b\n", /* blank after a closing quote */
        "a\"b,c\n",   /* quote inside an unquoted field: strict error */
        "\"a\"b,c\n", /* text after a closing quote: strict error */
        "\"open,\n",  /* quoted field going on past the line */
        "a\rb,c\n",   /* CR ends libcsv's row early */
        "a,b",        /* no line end */
        "\"a\"\"\n",  /* doubled quote then the line ends inside the field */
    };
    for (size_t i = 0; i < sizeof left / sizeof *left; i++)
        assert_int_equal(check_line(&ln, left[i], strlen(left[i])), 0);
    imp_csv_line_free(&ln);
}

/* random lines over the characters that matter: whenever the fast path
 * takes one, libcsv agrees exactly */
static void test_random_lines_agree(void **state)
{
    (void)state;
    static const char alpha[] = {'a', 'b', ',', ',', '"', '"', ' ', '\t', '\r', 'x', '\n'};
    struct imp_csv_line ln = {0};
    unsigned seed = 12345;
    int taken = 0, total = 0;
    char line[64];
    for (int iter = 0; iter < 200000; iter++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = 1 + (seed >> 16) % 24;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            line[i] = alpha[(seed >> 16) % (sizeof alpha - 1)]; /* no LF inside */
        }
        line[len++] = '\n';
        taken += check_line(&ln, line, len);
        total++;
    }
    /* the generator reaches both paths often */
    assert_true(taken > total / 50);
    assert_true(taken < total);
    imp_csv_line_free(&ln);
}

/* long fields (the fast path scans them eight bytes at a time): bytes
 * next to the stop bytes in value (',' - 1, '"' + 1, CR + 1, 0x80, 0xff)
 * and a stop byte at every offset of a word; libcsv agrees on each line */
static void test_long_fields_agree(void **state)
{
    (void)state;
    static const char alpha[] = {'a', 'a', 'a', 'a', 'a', 'a',    'a',    'a',    'a',
                                 'a', '+', '-', '#', '!', '\x0e', '\x80', '\xff', ',',
                                 ',', '"', '"', '"', ' ', '\r',   'Z'};
    struct imp_csv_line ln = {0};
    unsigned seed = 777;
    int taken = 0, total = 0;
    char line[256];
    for (int iter = 0; iter < 100000; iter++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = 1 + (seed >> 16) % 200;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            line[i] = alpha[(seed >> 16) % sizeof alpha];
        }
        line[len++] = '\n';
        taken += check_line(&ln, line, len);
        total++;
    }
    assert_true(taken > total / 50);
    /* one long field, then a stop byte at each offset 0..40 of it */
    static const char stops[] = {',', '"', '\r'};
    for (size_t k = 0; k < 3; k++)
        for (size_t at = 0; at <= 40; at++) {
            size_t n = 0;
            for (; n < 48; n++)
                line[n] = (char)('a' + n % 26);
            line[at] = stops[k];
            memcpy(line + n, ",tail\n", 6);
            check_line(&ln, line, n + 6);
        }
    imp_csv_line_free(&ln);
}

/* a line with more fields than the span array starts with */
static void test_many_fields(void **state)
{
    (void)state;
    struct imp_csv_line ln = {0};
    char line[4096];
    size_t n = 0;
    for (int i = 0; i < 1000; i++)
        line[n++] = i % 3 ? 'v' : ',';
    line[n++] = '\n';
    struct rec fast = {.n = 0}, ref = {.n = 0};
    assert_int_equal(
        imp_csv_fast_line(&ln, (const unsigned char *)line, n, on_field, on_row, &fast), 1);
    assert_true(libcsv_line(line, n, &ref));
    assert_string_equal(fast.out, ref.out);
    imp_csv_line_free(&ln);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_lines),
        cmocka_unit_test(test_random_lines_agree),
        cmocka_unit_test(test_long_fields_agree),
        cmocka_unit_test(test_many_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
