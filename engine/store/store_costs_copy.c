/*
 * store_costs_copy.c - the cost rows of a PostgreSQL import on their way
 * in (struct cost_batch, store_internal.h): held in memory with their
 * texts copied, then sent with one COPY costs FROM STDIN per batch
 * (sdb_copy_*), so a batch costs two round trips instead of one per row.
 * The batch is sent before anything in the import reads the cost rows
 * (store_costs.c). SQLite does not use the batch: its prepared INSERT per
 * row stays as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Texts are kept as offsets into b->text (in sdb_value.n, .s NULL) until
 * the flush, since b->text moves when it grows. */
static enum status hold_text(struct cost_batch *b, struct sdb_value *v, struct err *e)
{
    size_t len = strlen(v->s) + 1;
    if (b->text_len + len > b->text_cap) {
        size_t cap = b->text_cap ? b->text_cap : 64 * 1024;
        while (cap < b->text_len + len)
            cap *= 2;
        char *p = realloc(b->text, cap);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        b->text = p;
        b->text_cap = cap;
    }
    memcpy(b->text + b->text_len, v->s, len);
    v->n = b->text_len;
    v->s = NULL;
    b->text_len += len;
    return ST_OK;
}

enum status cost_batch_add(struct cost_batch *b, const struct sdb_value *row, struct err *e)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        struct sdb_value *p = realloc(b->v, cap * COST_COPY_NCOLS * sizeof *p);
        if (!p)
            return err_set(e, ST_NOMEM, "out of memory");
        b->v = p;
        b->cap = cap;
    }
    struct sdb_value *v = b->v + b->n * COST_COPY_NCOLS;
    memcpy(v, row, COST_COPY_NCOLS * sizeof *v);
    for (int i = 0; i < COST_COPY_NCOLS; i++) {
        enum status st;
        if (v[i].type == SDB_TEXT && (st = hold_text(b, &v[i], e)) != ST_OK)
            return st;
    }
    b->n++;
    return ST_OK;
}

void cost_batch_clear(struct cost_batch *b)
{
    b->n = 0;
    b->text_len = 0;
}

void cost_batch_release(struct cost_batch *b)
{
    free(b->v);
    free(b->text);
    memset(b, 0, sizeof *b);
}

enum status cost_batch_flush(struct sdb *db, struct cost_batch *b, struct err *e)
{
    if (b->n == 0)
        return ST_OK;
    struct sdb_copy *cp;
    enum status st = sdb_copy_begin(db, "costs", COST_COPY_COLUMNS, COST_COPY_NCOLS, &cp, e);
    for (size_t r = 0; r < b->n && st == ST_OK; r++) {
        struct sdb_value *v = b->v + r * COST_COPY_NCOLS;
        for (int i = 0; i < COST_COPY_NCOLS; i++)
            if (v[i].type == SDB_TEXT && !v[i].s)
                v[i].s = b->text + v[i].n;
        if ((st = sdb_copy_row(cp, v, e)) != ST_OK)
            sdb_copy_abort(cp);
    }
    if (st == ST_OK)
        st = sdb_copy_end(cp, e);
    cost_batch_clear(b);
    return st;
}
