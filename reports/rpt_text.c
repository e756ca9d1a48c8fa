/*
 * rpt_text.c - the text table of rpt_table.h: what a person reads in a
 * terminal. Amounts get thousands separators at the column's decimals,
 * resource ids their short name (wide: in full), numbers align right, and a
 * table wider than the terminal wraps its columns into sections that each
 * repeat the first column, as `ls -l`-style tools never do but `top`-style
 * wide reports do. CSV and JSON never pass through here: they stay exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "money.h"
#include "rpt_money.h"
#include "rpt_table.h"
#include "textpool.h"

int rpt_col_is_number(enum rpt_col_type type)
{
    return type == RPT_NUM || type == RPT_AMOUNT;
}

/* Start of the path segment after "/<key>/" in id (case-insensitive), or NULL. */
static const char *segment_after(const char *id, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = id; (p = strchr(p, '/')) != NULL; p++) {
        if (strncasecmp(p + 1, key, klen) == 0 && p[1 + klen] == '/')
            return p + 2 + klen;
    }
    return NULL;
}

char *rpt_short_id(const char *id, int with_group, char *out, size_t outlen)
{
    if (outlen == 0)
        return out;
    const char *last = strrchr(id, '/');
    if (id[0] != '/' || !last || !last[1] || !segment_after(id, "providers")) {
        snprintf(out, outlen, "%s", id);
        return out;
    }
    const char *rg = with_group ? segment_after(id, "resourcegroups") : NULL;
    if (rg) {
        size_t rglen = strcspn(rg, "/");
        snprintf(out, outlen, "%.*s/%s", (int)rglen, rg, last + 1);
    } else {
        snprintf(out, outlen, "%s", last + 1);
    }
    return out;
}

/* The cells of one id column as shown: short names, with the resource group
 * before those whose short name another id in the column shares. */
struct id_cell {
    const char *full;  /* the id as stored */
    const char *shown; /* its short name, in the caller's pool */
    size_t row;        /* its row in the table */
};

static int by_shown(const void *a, const void *b)
{
    const struct id_cell *x = a, *y = b;
    int c = strcmp(x->shown, y->shown);
    return c ? c : strcmp(x->full, y->full);
}

/* Mark in clash[] the rows of every run of equal short names that holds
 * two different ids (v sorted by_shown). */
static void mark_clashes(const struct id_cell *v, size_t n, unsigned char *clash)
{
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        int distinct = 0;
        for (; j < n && strcmp(v[j].shown, v[i].shown) == 0; j++)
            distinct |= strcmp(v[j].full, v[i].full) != 0;
        for (size_t k = i; distinct && k < j; k++)
            clash[v[k].row] = 1;
        i = j;
    }
}

/* The short name of id (with its resource group or not) in pool; NULL when out of memory. */
static const char *pool_short_id(struct textpool *pool, const char *id, int with_group)
{
    char buf[1024];
    rpt_short_id(id, with_group, buf, sizeof buf);
    return textpool_copy(pool, buf, strlen(buf));
}

/* shown[r] for every row of id column col, the texts in pool. */
static enum status short_ids(const struct rpt_table *t, size_t col, struct textpool *pool,
                             const char **shown)
{
    size_t n = t->nrows;
    struct id_cell *v = calloc(n ? n : 1, sizeof *v);
    unsigned char *clash = calloc(n ? n : 1, 1);
    enum status st = v && clash ? ST_OK : ST_NOMEM;
    for (size_t r = 0; r < n && st == ST_OK; r++) {
        v[r] = (struct id_cell){t->cells[r * t->ncols + col], NULL, r};
        if (!(v[r].shown = pool_short_id(pool, v[r].full, 0)))
            st = ST_NOMEM;
    }
    if (st == ST_OK) {
        qsort(v, n, sizeof *v, by_shown);
        mark_clashes(v, n, clash);
    }
    for (size_t i = 0; v && i < n; i++) {
        if (!v[i].full) /* not reached before running out of memory */
            continue;
        if (st == ST_OK && clash[v[i].row])
            v[i].shown = pool_short_id(pool, v[i].full, 1);
        shown[v[i].row] = v[i].shown;
        if (!v[i].shown)
            st = ST_NOMEM;
    }
    free(v);
    free(clash);
    return st;
}

/* One amount as shown: grouped at the column's decimals (in pool); a cell
 * that is not a plain number (empty, "-", already formatted) is shown as it
 * is. NULL when out of memory. */
static const char *shown_amount(struct textpool *pool, const char *cell, int decimals)
{
    struct money m;
    enum money_parse_result pr = money_parse(cell, strlen(cell), &m);
    if (pr != MONEY_OK && pr != MONEY_INEXACT)
        return cell;
    char buf[64];
    const char *g = rpt_money_grouped(m, decimals, buf, sizeof buf);
    return textpool_copy(pool, g, strlen(g));
}

/* shown[(r + 1) * ncols + c] for the rows, shown[c] for the headers: the
 * table's own texts, or what they became (short ids, grouped amounts) in
 * pool. */
static enum status shown_cells(const struct rpt_table *t, const struct rpt_text_opts *o,
                               struct textpool *pool, const char **shown)
{
    size_t nc = t->ncols;
    for (size_t c = 0; c < nc; c++) {
        shown[c] = t->headers[c];
        if (t->types[c] == RPT_ID && !o->wide) {
            const char **col = calloc(t->nrows ? t->nrows : 1, sizeof *col);
            enum status st = col ? short_ids(t, c, pool, col) : ST_NOMEM;
            for (size_t r = 0; col && r < t->nrows; r++)
                shown[(r + 1) * nc + c] = col[r];
            free(col);
            if (st != ST_OK)
                return st;
            continue;
        }
        for (size_t r = 0; r < t->nrows; r++) {
            const char *cell = t->cells[r * nc + c];
            const char *s =
                t->types[c] == RPT_AMOUNT ? shown_amount(pool, cell, t->decimals[c]) : cell;
            if (!(shown[(r + 1) * nc + c] = s))
                return ST_NOMEM;
        }
    }
    return ST_OK;
}

/* The last column (exclusive) of the section starting at `from`: as many
 * columns as fit beside the first one, at least one. */
static size_t section_end(const size_t *w, size_t ncols, size_t from, size_t width)
{
    if (width == 0)
        return ncols;
    size_t used = w[0];
    size_t c = from;
    do {
        used += 2 + w[c];
        c++;
    } while (c < ncols && used + 2 + w[c] <= width);
    return c;
}

static void write_row(const struct rpt_table *t, const char *const *row, const size_t *w,
                      const size_t *cols, size_t ncols_shown, FILE *out)
{
    for (size_t k = 0; k < ncols_shown; k++) {
        size_t c = cols[k];
        const char *s = row[c];
        size_t pad = w[c] - rpt_display_width(s);
        int right = rpt_col_is_number(t->types[c]); /* figures and their headers */
        if (right)
            fprintf(out, "%*s", (int)pad, "");
        fputs(s, out);
        if (!right && k + 1 < ncols_shown)
            fprintf(out, "%*s", (int)pad, "");
        if (k + 1 < ncols_shown)
            fputs("  ", out);
    }
    fputc('\n', out);
}

static void write_section(const struct rpt_table *t, const char *const *shown, const size_t *w,
                          const size_t *cols, size_t n, FILE *out)
{
    size_t nc = t->ncols;
    write_row(t, shown, w, cols, n, out);
    for (size_t k = 0; k < n; k++) {
        for (size_t i = 0; i < w[cols[k]]; i++)
            fputc('-', out);
        fputs(k + 1 < n ? "  " : "\n", out);
    }
    for (size_t r = 0; r < t->nrows; r++)
        write_row(t, shown + (r + 1) * nc, w, cols, n, out);
}

static void write_sections(const struct rpt_table *t, const char *const *shown, const size_t *w,
                           size_t width, size_t *cols, FILE *out)
{
    size_t nc = t->ncols;
    if (nc < 2) {
        cols[0] = 0;
        write_section(t, shown, w, cols, nc, out);
        return;
    }
    for (size_t from = 1; from < nc;) {
        size_t to = section_end(w, nc, from, width);
        cols[0] = 0;
        for (size_t c = from; c < to; c++)
            cols[1 + c - from] = c;
        if (from > 1)
            fputc('\n', out);
        write_section(t, shown, w, cols, 1 + to - from, out);
        from = to;
    }
}

enum status rpt_text_table_write(const struct rpt_table *t, const struct rpt_text_opts *o,
                                 FILE *out)
{
    size_t nc = t->ncols, ncell = (t->nrows + 1) * nc;
    const char **shown = calloc(ncell ? ncell : 1, sizeof *shown);
    size_t *w = calloc(nc ? nc : 1, sizeof *w);
    size_t *cols = calloc(nc ? nc : 1, sizeof *cols);
    struct textpool pool = {0};
    enum status st = shown && w && cols ? shown_cells(t, o, &pool, shown) : ST_NOMEM;
    if (st == ST_OK) {
        for (size_t i = 0; i < ncell; i++) {
            size_t cw = rpt_display_width(shown[i]);
            if (cw > w[i % nc])
                w[i % nc] = cw;
        }
        write_sections(t, shown, w, o->width, cols, out);
    }
    textpool_release(&pool);
    free(shown);
    free(w);
    free(cols);
    return st;
}
