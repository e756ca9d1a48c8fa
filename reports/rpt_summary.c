/*
 * rpt_summary.c - cost sums by department / service and month arranged as a
 * report document (see rpt_summary.h). Sums stay exact (struct money) until
 * each shown amount is rounded once to whole yen.
 */
#include "rpt_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"

struct key_sum {
    const char *key;      /* borrowed from the cells */
    struct money total;   /* exact sum over the shown months */
    struct money *months; /* nmonths exact sums, owned */
};

struct key_sums {
    struct key_sum *v;  /* n keys, sorted by total descending after collect() */
    size_t n;           /* keys */
    size_t nmonths;     /* months per key */
    struct money grand; /* exact sum of everything shown */
};

static void sums_release(struct key_sums *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].months);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int by_total_desc(const void *a, const void *b)
{
    const struct key_sum *x = a, *y = b;
    int c = money_cmp(y->total, x->total);
    return c ? c : strcmp(x->key, y->key);
}

/* Group the cells of one currency within [from, to] by key. */
static enum status collect(const struct cost_cells *cells, const char *currency, int from, int to,
                           struct key_sums *out)
{
    memset(out, 0, sizeof *out);
    out->nmonths = (size_t)(to - from + 1);
    for (size_t i = 0; i < cells->n; i++) {
        const struct cost_cell *c = &cells->v[i];
        if (c->month < from || c->month > to || strcmp(c->currency, currency) != 0)
            continue;
        struct key_sum *k = NULL;
        for (size_t j = out->n; j-- > 0;) /* cells come sorted by key: usually the last */
            if (strcmp(out->v[j].key, c->key) == 0) {
                k = &out->v[j];
                break;
            }
        if (!k) {
            struct key_sum *v = realloc(out->v, (out->n + 1) * sizeof *v);
            if (!v)
                return ST_NOMEM;
            out->v = v;
            k = &v[out->n++];
            k->key = c->key;
            k->total = MONEY_ZERO;
            k->months = calloc(out->nmonths, sizeof *k->months);
            if (!k->months)
                return ST_NOMEM;
        }
        k->months[c->month - from] = money_add(k->months[c->month - from], c->cost);
        k->total = money_add(k->total, c->cost);
        out->grand = money_add(out->grand, c->cost);
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, by_total_desc);
    return ST_OK;
}

static double share_pct(struct money part, struct money whole)
{
    double w = money_to_double(whole);
    return w != 0.0 ? money_to_double(part) / w * 100.0 : NAN;
}

/* Table: key, total, share; plus a totals row. */
static enum status add_total_table(struct rpt_doc *d, const char *id, const char *title,
                                   const char *key_label, const struct key_sums *s)
{
    struct rpt_column_spec cols[] = {
        {"name", key_label, RPT_T_TEXT, 0},
        {"cost_yen", rpt_label(d->lang, "col_cost"), RPT_T_YEN, 0},
        {"share_pct", rpt_label(d->lang, "col_share"), RPT_T_PERCENT, 1},
    };
    struct rpt_section *t;
    enum status st = rpt_doc_add_table(d, id, title, 3, cols, &t);
    for (size_t i = 0; i < s->n && st == ST_OK; i++) {
        struct rpt_value v[] = {RPT_V_TEXT(s->v[i].key),
                                RPT_V_YEN(money_round_units(s->v[i].total)),
                                RPT_V_NUM(share_pct(s->v[i].total, s->grand))};
        st = rpt_table_row(t, v, 0);
    }
    if (st == ST_OK) {
        struct rpt_value v[] = {RPT_V_TEXT(rpt_label(d->lang, "total")),
                                RPT_V_YEN(money_round_units(s->grand)),
                                RPT_V_NUM(s->n ? 100.0 : NAN)};
        st = rpt_table_row(t, v, 1);
    }
    return st;
}

/* Stacked bars per month: the top `top` keys by name, the rest summed as "other". */
static enum status add_stack_chart(struct rpt_doc *d, const char *id, const char *title,
                                   const struct key_sums *s, size_t top, char **xl)
{
    struct rpt_section *c;
    enum status st = rpt_doc_add_chart(d, id, title, RPT_CHART_STACKED_BAR, RPT_T_YEN, s->nmonths,
                                       (const char *const *)xl, &c);
    double *v = calloc(s->nmonths ? s->nmonths : 1, sizeof *v);
    struct money *other = calloc(s->nmonths ? s->nmonths : 1, sizeof *other);
    if (!v || !other)
        st = ST_NOMEM;
    for (size_t i = 0; i < s->n && st == ST_OK; i++) {
        if (top && i >= top) {
            for (size_t m = 0; m < s->nmonths; m++)
                other[m] = money_add(other[m], s->v[i].months[m]);
            continue;
        }
        for (size_t m = 0; m < s->nmonths; m++)
            v[m] = (double)money_round_units(s->v[i].months[m]);
        st = rpt_chart_add_series(c, s->v[i].key, RPT_S_BAR, v, NULL, NULL);
    }
    if (st == ST_OK && top && s->n > top) {
        for (size_t m = 0; m < s->nmonths; m++)
            v[m] = (double)money_round_units(other[m]);
        st = rpt_chart_add_series(c, rpt_label(d->lang, "other"), RPT_S_BAR, v, NULL, NULL);
    }
    free(v);
    free(other);
    return st;
}

/* Key x month table with a total column and a totals row. */
static enum status add_month_table(struct rpt_doc *d, const char *id, const char *title,
                                   const char *key_label, const struct key_sums *s, char **xl)
{
    size_t ncols = s->nmonths + 2;
    struct rpt_column_spec *cols = calloc(ncols, sizeof *cols);
    struct rpt_value *v = calloc(ncols, sizeof *v);
    char(*ids)[16] = calloc(s->nmonths ? s->nmonths : 1, sizeof *ids);
    enum status st = ST_OK;
    if (!cols || !v || !ids) {
        st = ST_NOMEM;
        goto out;
    }
    cols[0] = (struct rpt_column_spec){"name", key_label, RPT_T_TEXT, 0};
    for (size_t m = 0; m < s->nmonths; m++) {
        snprintf(ids[m], sizeof ids[m], "m%s", xl[m]); /* "m2026-04" */
        cols[m + 1] = (struct rpt_column_spec){ids[m], xl[m], RPT_T_YEN, 0};
    }
    cols[ncols - 1] =
        (struct rpt_column_spec){"total_yen", rpt_label(d->lang, "total"), RPT_T_YEN, 0};
    struct rpt_section *t;
    st = rpt_doc_add_table(d, id, title, ncols, cols, &t);
    for (size_t i = 0; i < s->n && st == ST_OK; i++) {
        v[0] = RPT_V_TEXT(s->v[i].key);
        for (size_t m = 0; m < s->nmonths; m++)
            v[m + 1] = RPT_V_YEN(money_round_units(s->v[i].months[m]));
        v[ncols - 1] = RPT_V_YEN(money_round_units(s->v[i].total));
        st = rpt_table_row(t, v, 0);
    }
    if (st == ST_OK) {
        v[0] = RPT_V_TEXT(rpt_label(d->lang, "total"));
        for (size_t m = 0; m < s->nmonths; m++) {
            struct money sum = MONEY_ZERO;
            for (size_t i = 0; i < s->n; i++)
                sum = money_add(sum, s->v[i].months[m]);
            v[m + 1] = RPT_V_YEN(money_round_units(sum));
        }
        v[ncols - 1] = RPT_V_YEN(money_round_units(s->grand));
        st = rpt_table_row(t, v, 1);
    }
out:
    free(cols);
    free(v);
    free(ids);
    return st;
}

enum status rpt_summary_build(const struct rpt_summary_input *in, enum rpt_lang lang,
                              struct rpt_doc *out, struct err *e)
{
    struct key_sums dept = {0}, svc = {0};
    char **xl = NULL;
    size_t nmonths =
        in->month_to >= in->month_from ? (size_t)(in->month_to - in->month_from + 1) : 0;
    enum status st = rpt_doc_init(out, lang, "summary", rpt_label(lang, "title_summary"));
    if (st != ST_OK)
        goto out;
    rpt_doc_set_currency(out, in->currency);
    if (nmonths == 0 || nmonths > 600) {
        st = err_set(e, ST_USAGE, "the month range is empty or longer than 50 years");
        goto out;
    }
    xl = calloc(nmonths, sizeof *xl);
    if (!xl) {
        st = ST_NOMEM;
        goto out;
    }
    for (size_t m = 0; m < nmonths; m++) {
        if (!(xl[m] = malloc(8))) {
            st = ST_NOMEM;
            goto out;
        }
        month_format(in->month_from + (int)m, xl[m]);
    }
    char period[32];
    snprintf(period, sizeof period, "%s – %s", xl[0], xl[nmonths - 1]);
    if ((st = rpt_doc_add_meta(out, rpt_label(lang, "meta_period"), period)) != ST_OK ||
        (st = rpt_doc_add_meta(out, rpt_label(lang, "meta_dataset"),
                               in->dataset ? in->dataset : "actual")) != ST_OK ||
        (st = rpt_doc_add_meta(out, rpt_label(lang, "meta_currency"), in->currency)) != ST_OK)
        goto out;
    if ((st = collect(in->by_dept, in->currency, in->month_from, in->month_to, &dept)) != ST_OK)
        goto out;
    if (in->by_service &&
        (st = collect(in->by_service, in->currency, in->month_from, in->month_to, &svc)) != ST_OK)
        goto out;
    char total[64];
    struct rpt_column yen_col = {NULL, NULL, RPT_T_YEN, 0, 0};
    struct rpt_cell grand = {NULL, money_round_units(dept.grand), 0, 0};
    rpt_fmt_cell(out, &yen_col, &grand, total, sizeof total);
    if ((st = rpt_doc_add_meta(out, rpt_label(lang, "meta_total"), total)) != ST_OK)
        goto out;
    const char *dl = rpt_label(lang, "col_department");
    if ((st = add_total_table(out, "cost_by_department", rpt_label(lang, "sec_cost_by_dept"), dl,
                              &dept)) != ST_OK ||
        (st = add_stack_chart(out, "chart_department", rpt_label(lang, "chart_dept_stack"), &dept,
                              0, xl)) != ST_OK ||
        (st = add_month_table(out, "department_by_month", rpt_label(lang, "sec_cost_by_dept_month"),
                              dl, &dept, xl)) != ST_OK)
        goto out;
    if (in->by_service) {
        const char *sl = rpt_label(lang, "col_service");
        if ((st = add_stack_chart(out, "chart_service", rpt_label(lang, "chart_service_stack"),
                                  &svc, in->top_services ? in->top_services : 8, xl)) != ST_OK ||
            (st = add_total_table(out, "cost_by_service", rpt_label(lang, "sec_cost_by_service"),
                                  sl, &svc)) != ST_OK)
            goto out;
    }
out:
    if (st == ST_NOMEM && e && e->code == ST_OK)
        err_set(e, ST_NOMEM, "out of memory building the summary report");
    if (xl)
        for (size_t m = 0; m < nmonths; m++)
            free(xl[m]);
    free(xl);
    sums_release(&dept);
    sums_release(&svc);
    return st;
}
