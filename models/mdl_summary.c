/*
 * mdl_summary.c - folding monthly cost cells into summary rows (see
 * mdl_summary.h). Months map to fiscal years through date.h; sums stay exact.
 */
#include "mdl_summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* Sort keys carried next to each row while folding. */
struct fold_item {
    char label[16];       /* rendered month / fiscal year / "total" */
    const char *borrowed; /* the cell's key for KEY folding (borrowed), else NULL */
    int order;            /* month index / fiscal year, or 0 for KEY folding */
    const char *currency; /* borrowed from the cells */
    struct money cost;    /* running sum */
};

static const char *item_key(const struct fold_item *it)
{
    return it->borrowed ? it->borrowed : it->label;
}

static int cmp_chrono(const void *a, const void *b)
{
    const struct fold_item *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    int c = strcmp(x->currency, y->currency);
    return c ? c : strcmp(item_key(x), item_key(y));
}

static int cmp_key_currency(const void *a, const void *b)
{
    const struct fold_item *x = a, *y = b;
    int c = strcmp(item_key(x), item_key(y));
    return c ? c : strcmp(x->currency, y->currency);
}

static int cmp_by_cost(const void *a, const void *b)
{
    const struct fold_item *x = a, *y = b;
    int c = strcmp(x->currency, y->currency);
    if (c)
        return c;
    c = money_cmp(y->cost, x->cost);
    return c ? c : strcmp(item_key(x), item_key(y));
}

/* Merge adjacent items with the same key and currency (items sorted so). */
static size_t merge_equal(struct fold_item *it, size_t n)
{
    size_t w = 0;
    for (size_t r = 0; r < n; r++) {
        if (w > 0 && strcmp(item_key(&it[w - 1]), item_key(&it[r])) == 0 &&
            strcmp(it[w - 1].currency, it[r].currency) == 0) {
            it[w - 1].cost = money_add(it[w - 1].cost, it[r].cost);
        } else {
            it[w++] = it[r];
        }
    }
    return w;
}

static enum status emit_rows(const struct fold_item *it, size_t n, struct mdl_summary *out,
                             struct err *e)
{
    out->v = calloc(n ? n : 1, sizeof *out->v);
    if (!out->v)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        out->v[i].key = strdup(item_key(&it[i]));
        out->v[i].currency = strdup(it[i].currency);
        out->v[i].cost = it[i].cost;
        out->n++;
        if (!out->v[i].key || !out->v[i].currency)
            return err_set(e, ST_NOMEM, "out of memory");
    }
    return ST_OK;
}

enum status mdl_summary_fold(const struct cost_cells *cells, enum mdl_fold fold, int fy_start_month,
                             struct mdl_summary *out, struct err *e)
{
    out->v = NULL;
    out->n = 0;
    if (fy_start_month < 1 || fy_start_month > 12)
        return err_set(e, ST_USAGE, "fiscal year start month %d is not in 1..12", fy_start_month);
    struct fold_item *it = calloc(cells->n ? cells->n : 1, sizeof *it);
    if (!it)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < cells->n; i++) {
        const struct cost_cell *c = &cells->v[i];
        it[i].currency = c->currency;
        it[i].cost = c->cost;
        switch (fold) {
        case MDL_FOLD_MONTH:
            it[i].order = c->month;
            month_format(c->month, it[i].label);
            break;
        case MDL_FOLD_FISCAL_YEAR:
            it[i].order = fiscal_year_of_month(c->month, fy_start_month);
            snprintf(it[i].label, sizeof it[i].label, "FY%d", it[i].order);
            break;
        case MDL_FOLD_KEY:
            it[i].borrowed = c->key;
            break;
        }
    }
    size_t n = cells->n;
    qsort(it, n, sizeof *it, fold == MDL_FOLD_KEY ? cmp_key_currency : cmp_chrono);
    n = merge_equal(it, n);
    if (fold == MDL_FOLD_KEY)
        qsort(it, n, sizeof *it, cmp_by_cost);
    enum status st = emit_rows(it, n, out, e);
    free(it);
    return st;
}

enum status mdl_summary_totals(const struct mdl_summary *rows, struct mdl_summary *out,
                               struct err *e)
{
    out->v = NULL;
    out->n = 0;
    struct fold_item *it = calloc(rows->n ? rows->n : 1, sizeof *it);
    if (!it)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < rows->n; i++) {
        snprintf(it[i].label, sizeof it[i].label, "total");
        it[i].currency = rows->v[i].currency;
        it[i].cost = rows->v[i].cost;
    }
    qsort(it, rows->n, sizeof *it, cmp_key_currency);
    size_t n = merge_equal(it, rows->n);
    enum status st = emit_rows(it, n, out, e);
    free(it);
    return st;
}

void mdl_summary_release(struct mdl_summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].key);
        free(s->v[i].currency);
    }
    free(s->v);
    s->v = NULL;
    s->n = 0;
}
