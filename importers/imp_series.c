/*
 * imp_series.c - the long-format series CSV reader (see imp_series.h).
 * Streams the file through libcsv; points are collected per series and
 * laid out by period_index once the file is read.
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imp_csv.h"
#include "imp_file.h"
#include "imp_series.h"
#include "strmap.h"
#include "utf8.h"

struct pt {
    long idx;
    double v;
};

struct acc {
    char *id;
    struct pt *p;
    size_t n, cap;
};

struct rd {
    const char *path;
    long line;
    int col; /* current field */
    int c_id, c_idx, c_val;
    int header_done;
    char *f_id; /* current row's fields (owned copies) */
    char *f_idx, *f_val;
    struct acc *s;
    size_t ns, caps;
    struct strmap map;
    struct err *e;
    enum status st;
};

static char *dup_field(const void *s, size_t len)
{
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

static void on_field(void *s, size_t len, void *data)
{
    struct rd *r = data;
    if (r->st != ST_OK)
        return;
    if (!r->header_done) {
        if (len == 9 && memcmp(s, "series_id", 9) == 0)
            r->c_id = r->col;
        else if (len == 12 && memcmp(s, "period_index", 12) == 0)
            r->c_idx = r->col;
        else if (len == 5 && memcmp(s, "value", 5) == 0)
            r->c_val = r->col;
    } else {
        char **slot = r->col == r->c_id    ? &r->f_id
                      : r->col == r->c_idx ? &r->f_idx
                      : r->col == r->c_val ? &r->f_val
                                           : NULL;
        if (slot) {
            free(*slot);
            *slot = dup_field(s, len);
            if (!*slot)
                r->st = err_set(r->e, ST_NOMEM, "out of memory");
        }
    }
    r->col++;
}

static void add_point(struct rd *r)
{
    char *end;
    if (!r->f_id || !r->f_idx)
        return (void)(r->st = err_set(r->e, ST_PARSE, "%s:%ld: missing field", r->path, r->line));
    if (utf8_check(r->f_id, strlen(r->f_id), r->path, r->line, "series_id", r->e) != ST_OK)
        return (void)(r->st = ST_PARSE); /* the id is echoed in every output format */
    errno = 0;
    long idx = strtol(r->f_idx, &end, 10);
    if (end == r->f_idx || *end || errno)
        return (void)(r->st = err_set(r->e, ST_PARSE,
                                      "%s:%ld: field 'period_index': expected an integer, got '%s'",
                                      r->path, r->line, r->f_idx));
    double v = NAN;
    if (r->f_val && *r->f_val && strcmp(r->f_val, "NA") != 0 && strcmp(r->f_val, "NaN") != 0) {
        v = strtod(r->f_val, &end);
        if (end == r->f_val || *end || !isfinite(v))
            return (void)(r->st = err_set(r->e, ST_PARSE,
                                          "%s:%ld: field 'value': expected a number, got '%s'",
                                          r->path, r->line, r->f_val));
    }
    int64_t si;
    size_t idlen = strlen(r->f_id);
    if (!strmap_get(&r->map, r->f_id, idlen, &si)) {
        if (r->ns == r->caps) {
            size_t nc = r->caps ? 2 * r->caps : 64;
            struct acc *ns = realloc(r->s, nc * sizeof *ns);
            if (!ns)
                return (void)(r->st = err_set(r->e, ST_NOMEM, "out of memory"));
            r->s = ns;
            r->caps = nc;
        }
        si = (int64_t)r->ns;
        memset(&r->s[si], 0, sizeof r->s[si]);
        r->s[si].id = r->f_id;
        r->f_id = NULL;
        r->ns++;
        if (strmap_put(&r->map, r->s[si].id, idlen, si) != 0)
            return (void)(r->st = err_set(r->e, ST_NOMEM, "out of memory"));
    }
    struct acc *a = &r->s[si];
    if (a->n == a->cap) {
        size_t nc = a->cap ? 2 * a->cap : 32;
        struct pt *np = realloc(a->p, nc * sizeof *np);
        if (!np)
            return (void)(r->st = err_set(r->e, ST_NOMEM, "out of memory"));
        a->p = np;
        a->cap = nc;
    }
    a->p[a->n].idx = idx;
    a->p[a->n].v = v;
    a->n++;
}

static void on_row(int c, void *data)
{
    struct rd *r = data;
    (void)c;
    r->line++;
    if (r->st == ST_OK) {
        if (!r->header_done) {
            if (r->c_id < 0 || r->c_idx < 0 || r->c_val < 0)
                r->st =
                    err_set(r->e, ST_PARSE,
                            "%s:1: header must name series_id, period_index and value", r->path);
            r->header_done = 1;
        } else if (r->col > 1 || (r->f_id && *r->f_id)) {
            add_point(r);
        }
    }
    free(r->f_id);
    free(r->f_idx);
    free(r->f_val);
    r->f_id = r->f_idx = r->f_val = NULL;
    r->col = 0;
}

static int cmp_pt(const void *a, const void *b)
{
    const struct pt *x = a, *y = b;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

enum status imp_series_read(const char *path, struct imp_series_set *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct imp_file f;
    enum status st = imp_file_open(&f, path, e);
    if (st != ST_OK)
        return st;
    struct rd r = {0};
    r.path = path;
    r.c_id = r.c_idx = r.c_val = -1;
    r.e = e;
    strmap_init(&r.map);
    struct csv_parser p;
    if (imp_csv_init(&p, CSV_APPEND_NULL) != 0) {
        imp_file_close(&f);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    char buf[65536];
    for (;;) {
        ssize_t got = imp_file_read(&f, buf, sizeof buf, e);
        if (got < 0) {
            r.st = e->code ? e->code : ST_IO; /* bad gzip data is ST_PARSE */
            break;
        }
        if (got == 0)
            break;
        if (csv_parse(&p, buf, (size_t)got, on_field, on_row, &r) != (size_t)got && r.st == ST_OK)
            r.st = imp_csv_too_long(&p)
                       ? err_set(e, ST_PARSE, "%s:%ld: a field longer than %zu bytes", path,
                                 r.line + 1, IMP_LINE_MAX)
                       : err_set(e, ST_PARSE, "%s:%ld: %s", path, r.line + 1,
                                 csv_strerror(csv_error(&p)));
        if (r.st != ST_OK)
            break;
    }
    if (r.st == ST_OK)
        csv_fini(&p, on_field, on_row, &r);
    csv_free(&p);
    imp_file_close(&f);
    free(r.f_id);
    free(r.f_idx);
    free(r.f_val);
    if (r.st == ST_OK && !r.header_done)
        r.st = err_set(e, ST_PARSE, "%s: empty file", path);
    st = r.st;
    if (st == ST_OK) {
        out->v = calloc(r.ns ? r.ns : 1, sizeof *out->v);
        if (!out->v)
            st = err_set(e, ST_NOMEM, "out of memory");
    }
    long total = 0; /* values allocated so far, at most IMP_SERIES_MAX_VALUES */
    for (size_t i = 0; i < r.ns; i++) {
        struct acc *a = &r.s[i];
        if (st == ST_OK) {
            qsort(a->p, a->n, sizeof *a->p, cmp_pt);
            /* last >= first: the unsigned difference is exact, even from LONG_MIN to LONG_MAX */
            unsigned long gap = (unsigned long)a->p[a->n - 1].idx - (unsigned long)a->p[0].idx;
            long span = gap < (unsigned long)IMP_SERIES_MAX_VALUES ? (long)gap + 1 : 0;
            if (span == 0) {
                st = err_set(e, ST_PARSE, "%s: series '%s' spans more than %ld periods", path,
                             a->id, IMP_SERIES_MAX_VALUES);
            } else if (span > IMP_SERIES_MAX_VALUES - total) {
                st = err_set(e, ST_PARSE, "%s: the series span more than %ld periods in all", path,
                             IMP_SERIES_MAX_VALUES);
            } else {
                total += span;
                struct imp_series *s = &out->v[out->n];
                s->y = malloc((size_t)span * sizeof *s->y);
                if (!s->y) {
                    st = err_set(e, ST_NOMEM, "out of memory");
                } else {
                    for (long k = 0; k < span; k++)
                        s->y[k] = NAN;
                    for (size_t k = 0; k < a->n; k++) {
                        if (k > 0 && a->p[k].idx == a->p[k - 1].idx && st == ST_OK)
                            st = err_set(e, ST_PARSE, "%s: series '%s' has period %ld twice", path,
                                         a->id, a->p[k].idx);
                        s->y[a->p[k].idx - a->p[0].idx] = a->p[k].v;
                    }
                    s->n = (size_t)span;
                    s->first = a->p[0].idx;
                    s->id = a->id;
                    a->id = NULL;
                    out->n++;
                }
            }
        }
        free(a->id);
        free(a->p);
    }
    free(r.s);
    strmap_release(&r.map);
    if (st != ST_OK)
        imp_series_set_release(out);
    return st;
}

void imp_series_set_release(struct imp_series_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].id);
        free(s->v[i].y);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}
