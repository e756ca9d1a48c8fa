/*
 * store_benefits.c - reservations and savings plans named by the cost rows
 * (see store_benefits.h): one grouped query for what was seen, one for the
 * purchases by month, the benefits table for name and term.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_benefits.h"
#include "store_internal.h"

static const char seen_sql[] =
    "SELECT c.benefit_id, MAX(c.pricing_model), MIN(c.currency), MIN(c.usage_date),"
    " MAX(c.usage_date), COALESCE(MAX(b.name), ''), MAX(b.term_months)"
    " FROM costs c LEFT JOIN benefits b ON b.benefit_id = c.benefit_id"
    " WHERE c.benefit_id IS NOT NULL AND c.benefit_id <> ''"
    " GROUP BY c.benefit_id ORDER BY c.benefit_id";

static const char pay_sql[] =
    "SELECT benefit_id, substr(usage_date, 1, 7), MIN(usage_date), SUM(cost_e6), SUM(cost_e12)"
    " FROM costs WHERE dataset = 0 AND charge_type = 'Purchase' AND benefit_id IS NOT NULL"
    " AND benefit_id <> '' GROUP BY 1, 2 ORDER BY 1, 2";

static int32_t day_of(struct sdb_stmt *st, int col)
{
    const char *t = sdb_column_text(st, col);
    int32_t d = 0;
    if (!t || date_parse(t, strlen(t), &d) != 0)
        return 0;
    return d;
}

static enum status seen_row(struct benefit_infos *out, size_t *cap, struct sdb_stmt *st,
                            struct err *e)
{
    if (store_grow((void **)&out->v, cap, out->n, sizeof *out->v, e) != ST_OK)
        return ST_NOMEM;
    struct benefit_info *b = &out->v[out->n++];
    memset(b, 0, sizeof *b);
    b->id = store_col_strdup(st, 0);
    b->kind = store_col_strdup(st, 1);
    const char *cur = sdb_column_text(st, 2);
    snprintf(b->currency, sizeof b->currency, "%s", cur ? cur : "");
    b->first_seen = day_of(st, 3);
    b->last_seen = day_of(st, 4);
    b->name = store_col_strdup(st, 5);
    b->term_months = sdb_column_is_null(st, 6) ? 0 : (int)sdb_column_i64(st, 6);
    if (!b->id || !b->kind || !b->name)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

static enum status pay_row(struct benefit_infos *out, struct sdb_stmt *st, struct err *e)
{
    const char *id = sdb_column_text(st, 0);
    const char *ym = sdb_column_text(st, 1);
    struct benefit_info *b = NULL;
    for (size_t i = 0; id && i < out->n && !b; i++) /* few benefits: a scan is fine */
        if (strcmp(out->v[i].id, id) == 0)
            b = &out->v[i];
    int month;
    if (!b || !ym || month_parse(ym, &month) != 0)
        return ST_OK;
    struct benefit_payment *v = realloc(b->pay, (b->npay + 1) * sizeof *v);
    if (!v)
        return err_set(e, ST_NOMEM, "out of memory");
    b->pay = v;
    v[b->npay].month = month;
    v[b->npay].first_day = day_of(st, 2);
    v[b->npay].cost = money_normalize(sdb_column_i64(st, 3), sdb_column_i64(st, 4));
    b->npay++;
    return ST_OK;
}

/* Run one statement, handing each row to the callback (seen: with cap). */
static enum status each_row(struct store *s, const char *sql, struct benefit_infos *out,
                            size_t *cap, struct err *e)
{
    struct sdb_stmt *st;
    enum status rc = sdb_prepare(s->sdb, sql, &st, e);
    if (rc != ST_OK)
        return rc;
    enum sdb_rc step = SDB_DONE;
    while (rc == ST_OK &&
           (step = store_step(st, "cannot read the reservations and savings plans", e)) == SDB_ROW)
        rc = cap ? seen_row(out, cap, st, e) : pay_row(out, st, e);
    if (rc == ST_OK && step != SDB_DONE)
        rc = ST_DB;
    sdb_finalize(st);
    return rc;
}

enum status store_benefits(struct store *s, struct benefit_infos *out, struct err *e)
{
    out->v = NULL;
    out->n = 0;
    size_t cap = 0;
    enum status rc = each_row(s, seen_sql, out, &cap, e);
    if (rc == ST_OK)
        rc = each_row(s, pay_sql, out, NULL, e);
    if (rc != ST_OK)
        benefit_infos_release(out);
    return rc;
}

void benefit_infos_release(struct benefit_infos *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->v[i].id);
        free(b->v[i].name);
        free(b->v[i].kind);
        free(b->v[i].pay);
    }
    free(b->v);
    b->v = NULL;
    b->n = 0;
}
