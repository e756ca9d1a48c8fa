/*
 * job_report_budget.c - the annual budget report: job_budget() (the budget
 * run, issue 3) plus the monthly history from the store, turned into a
 * report document: the budget table per department, the city's and each
 * department's history and forecast, and the monthly budget per department.
 * Glue only: every forecast number is the run's (whole yen); the history is
 * the store's exact monthly sums, rounded once.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "era.h"
#include "job_budget.h"
#include "job_budget_internal.h"
#include "job_costs.h"
#include "job_report.h"
#include "log.h"
#include "money.h"
#include "store_costs.h"

#define HISTORY_MONTHS 24 /* actual months shown before the forecast */

static const char *const level_names[] = {"P50", "P80", "P95"};

/* Actual monthly sums of one key (or every key when key is NULL) into
 * v[month - first] for months first..last_complete; others stay NAN. */
static void history_of(const struct cost_cells *c, const char *key, const char *currency, int first,
                       int last_complete, double *v)
{
    struct money *sum = calloc((size_t)(last_complete - first + 1), sizeof *sum);
    int *any = calloc((size_t)(last_complete - first + 1), sizeof *any);
    if (!sum || !any) {
        free(sum);
        free(any);
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        const struct cost_cell *cell = &c->v[i];
        if (cell->month < first || cell->month > last_complete ||
            strcmp(cell->currency, currency) != 0 || (key && strcmp(cell->key, key) != 0))
            continue;
        sum[cell->month - first] = money_add(sum[cell->month - first], cell->cost);
        any[cell->month - first] = 1;
    }
    for (int m = first; m <= last_complete; m++)
        if (any[m - first])
            v[m - first] = (double)money_round_units(sum[m - first]);
    free(sum);
    free(any);
}

/* The forecast before the fiscal year (the months between the last actual
 * one and April, line->prev_*), and the last actual month as the forecast
 * path's first point so the dashed line and the bands leave the history
 * where it ends: no gap between the two. */
static void forecast_path(const struct budget_result *r, const struct budget_line *line, int first,
                          size_t n, const double *h, double *p50, double *lvl, double *lo80,
                          double *hi80, double *lo95, double *hi95)
{
    for (int k = 0; k < 12; k++) {
        int mo = r->first_month - 12 + k, idx = mo - first;
        if (mo < r->forecast_from || idx < 0 || (size_t)idx >= n)
            continue;
        p50[idx] = lvl[idx] = (double)line->prev_p50[k];
        lo80[idx] = (double)line->prev_lo80[k];
        hi80[idx] = (double)line->prev_hi80[k];
        lo95[idx] = (double)line->prev_lo95[k];
        hi95[idx] = (double)line->prev_hi95[k];
    }
    int last = r->last_complete - first;
    if (last >= 0 && (size_t)last < n && isfinite(h[last]) && r->last_complete < r->first_month)
        p50[last] = lvl[last] = lo80[last] = hi80[last] = lo95[last] = hi95[last] = h[last];
}

/* One history + forecast chart: x = first .. FY end. */
static enum status add_line_chart(struct rpt_doc *d, const char *id, const char *title, int compact,
                                  const struct budget_result *r, const struct budget_line *line,
                                  const struct cost_cells *hist, const char *key, int first,
                                  char **xl, size_t n)
{
    enum rpt_lang lang = d->lang;
    struct rpt_section *c;
    enum status st =
        rpt_doc_add_chart(d, id, title, RPT_CHART_LINE, RPT_T_YEN, n, (const char *const *)xl, &c);
    if (st != ST_OK)
        return st;
    c->compact = compact;
    double *h = malloc(n * sizeof *h), *p50 = malloc(n * sizeof *p50),
           *lvl = malloc(n * sizeof *lvl), *lo80 = malloc(n * sizeof *lo80),
           *hi80 = malloc(n * sizeof *hi80), *lo95 = malloc(n * sizeof *lo95),
           *hi95 = malloc(n * sizeof *hi95);
    if (!h || !p50 || !lvl || !lo80 || !hi80 || !lo95 || !hi95) {
        st = ST_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        h[i] = p50[i] = lvl[i] = lo80[i] = hi80[i] = lo95[i] = hi95[i] = NAN;
    history_of(hist, key, r->currency, first, r->last_complete, h);
    forecast_path(r, line, first, n, h, p50, lvl, lo80, hi80, lo95, hi95);
    for (int k = 0; k < 12; k++) {
        int idx = r->first_month + k - first;
        if (idx >= 0 && (size_t)idx < n) {
            p50[idx] = (double)line->monthly_p50[k];
            lvl[idx] = (double)line->monthly[k];
            lo80[idx] = (double)line->lo80[k];
            hi80[idx] = (double)line->hi80[k];
            lo95[idx] = (double)line->lo95[k];
            hi95[idx] = (double)line->hi95[k];
        }
    }
    /* the run's monthly 95% and 80% prediction intervals, widest first */
    if ((st = rpt_chart_add_series(c, rpt_label(lang, "series_range95"), RPT_S_BAND, NULL, lo95,
                                   hi95)) != ST_OK ||
        (st = rpt_chart_add_series(c, rpt_label(lang, "series_range80"), RPT_S_BAND, NULL, lo80,
                                   hi80)) != ST_OK)
        goto out;
    char lvl_label[64];
    snprintf(lvl_label, sizeof lvl_label, lang == RPT_LANG_JA ? "%s（%s）" : "%s (%s)",
             rpt_label(lang, "col_chosen"), level_names[r->level]);
    if ((st = rpt_chart_add_series(c, rpt_label(lang, "series_history"), RPT_S_LINE, h, NULL,
                                   NULL)) != ST_OK ||
        (st = rpt_chart_add_series(c, rpt_label(lang, "series_forecast"), RPT_S_DASHED, p50, NULL,
                                   NULL)) != ST_OK)
        goto out;
    if (r->level != BUDGET_P50)
        st = rpt_chart_add_series(c, lvl_label, RPT_S_DASHED, lvl, NULL, NULL);
out:
    free(h);
    free(p50);
    free(lvl);
    free(lo80);
    free(hi80);
    free(lo95);
    free(hi95);
    return st;
}

/* The line of a department in another run of the same data (NULL if absent). */
static struct rpt_value change_pct(double v)
{
    return isfinite(v) ? RPT_V_NUM(v) : RPT_V_EMPTY;
}

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* The FY-1 column: 前年度実績 when its 12 months are actual, else 前年度見込
 * (actual to month X + forecast). */
static const char *last_year_label(const struct budget_result *r, enum rpt_lang lang, char *out,
                                   size_t n)
{
    int a = r->total.last_fy_actual_months;
    if (a >= 12)
        return rpt_label(lang, "col_last_year");
    int mon = (((r->first_month - 12 + a - 1) % 12 + 12) % 12 + 1);
    if (a <= 0)
        snprintf(out, n, "%s", lang == RPT_LANG_JA ? "前年度見込（予測）" : "last year (forecast)");
    else if (lang == RPT_LANG_JA)
        snprintf(out, n, "前年度見込（%d月まで実績）", mon);
    else
        snprintf(out, n, "last year est. (actual to %s)", month_abbr[mon - 1]);
    return out;
}

static enum status add_budget_table(struct rpt_doc *d, const struct budget_result *r)
{
    enum rpt_lang lang = d->lang;
    char last[128];
    struct rpt_column_spec cols[] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"last_fy_yen", last_year_label(r, lang, last, sizeof last), RPT_T_YEN, 0},
        {"p50_yen", rpt_label(lang, "col_p50"), RPT_T_YEN, 0},
        {"p80_yen", rpt_label(lang, "col_p80"), RPT_T_YEN, 0},
        {"p95_yen", rpt_label(lang, "col_p95"), RPT_T_YEN, 0},
        {"budget_yen", rpt_label(lang, "col_chosen"), RPT_T_YEN, 0},
        {"change_yen", rpt_label(lang, "col_change"), RPT_T_YEN, 0},
        {"change_pct", rpt_label(lang, "col_change_pct"), RPT_T_PERCENT, 1},
        {"shared_yen", rpt_label(lang, "col_shared"), RPT_T_YEN, 0},
        {"model", rpt_label(lang, "col_model"), RPT_T_TEXT, 0},
    };
    struct rpt_section *t;
    enum status st = rpt_doc_add_table(d, "budget", rpt_label(lang, "sec_budget_summary"),
                                       sizeof cols / sizeof cols[0], cols, &t);
    for (size_t i = 0; i <= r->nlines && st == ST_OK; i++) {
        const struct budget_line *l = i < r->nlines ? &r->lines[i] : &r->total;
        struct rpt_value v[] = {
            RPT_V_TEXT(i < r->nlines ? l->department : rpt_label(lang, "total")),
            RPT_V_YEN(l->last_fy),
            RPT_V_YEN(l->annual[BUDGET_P50]),
            RPT_V_YEN(l->annual[BUDGET_P80]),
            RPT_V_YEN(l->annual[BUDGET_P95]),
            RPT_V_YEN(l->budget),
            RPT_V_YEN(l->budget - l->last_fy),
            change_pct(l->change_pct),
            RPT_V_YEN(l->shared_yen),
            RPT_V_TEXT(l->model),
        };
        st = rpt_table_row(t, v, i == r->nlines);
    }
    return st;
}

static enum status add_monthly_table(struct rpt_doc *d, const struct budget_result *r)
{
    enum rpt_lang lang = d->lang;
    struct rpt_column_spec cols[14];
    char ids[12][16], labels[12][8];
    cols[0] =
        (struct rpt_column_spec){"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0};
    for (int k = 0; k < 12; k++) {
        month_format(r->first_month + k, labels[k]);
        snprintf(ids[k], sizeof ids[k], "m%s", labels[k]);
        cols[k + 1] = (struct rpt_column_spec){ids[k], labels[k], RPT_T_YEN, 0};
    }
    cols[13] = (struct rpt_column_spec){"budget_yen", rpt_label(lang, "total"), RPT_T_YEN, 0};
    char title[160];
    snprintf(title, sizeof title, lang == RPT_LANG_JA ? "%s（%s）" : "%s (%s)",
             rpt_label(lang, "sec_budget_monthly"), level_names[r->level]);
    struct rpt_section *t;
    enum status st = rpt_doc_add_table(d, "budget_by_month", title, 14, cols, &t);
    for (size_t i = 0; i <= r->nlines && st == ST_OK; i++) {
        const struct budget_line *l = i < r->nlines ? &r->lines[i] : &r->total;
        struct rpt_value v[14];
        v[0] = RPT_V_TEXT(i < r->nlines ? l->department : rpt_label(lang, "total"));
        for (int k = 0; k < 12; k++)
            v[k + 1] = RPT_V_YEN(l->monthly[k]);
        v[13] = RPT_V_YEN(l->budget);
        st = rpt_table_row(t, v, i == r->nlines);
    }
    return st;
}

static enum status add_stack_chart(struct rpt_doc *d, const struct budget_result *r)
{
    char xl[12][8];
    const char *xp[12];
    for (int k = 0; k < 12; k++) {
        month_format(r->first_month + k, xl[k]);
        xp[k] = xl[k];
    }
    struct rpt_section *c;
    enum status st =
        rpt_doc_add_chart(d, "chart_budget_stack", rpt_label(d->lang, "chart_budget_stack"),
                          RPT_CHART_STACKED_BAR, RPT_T_YEN, 12, xp, &c);
    double v[12];
    for (size_t i = 0; i < r->nlines && st == ST_OK; i++) {
        for (int k = 0; k < 12; k++)
            v[k] = (double)r->lines[i].monthly[k];
        st = rpt_chart_add_series(c, r->lines[i].department, RPT_S_BAR, v, NULL, NULL);
    }
    return st;
}

/* Which cost the budget is on, and why (a cash appropriation pays an
 * up-front purchase in the year it is bought). */
static enum status add_dataset_meta(struct rpt_doc *d, const struct budget_result *r)
{
    char buf[400];
    int amortized = strcmp(r->dataset, "amortized") == 0;
    const char *why = rpt_label(
        d->lang, amortized ? (r->dataset_default ? "why_amortized_only" : "why_amortized_asked")
                           : (r->dataset_default ? "why_actual_cash" : "why_actual_asked"));
    char dataset[64];
    snprintf(buf, sizeof buf, "%s (%s)",
             rpt_translate(d->lang, r->dataset, dataset, sizeof dataset), why);
    return rpt_doc_add_meta(d, rpt_label(d->lang, "meta_dataset"), buf);
}

enum status job_report_budget(struct store *s, const struct job_report_opts *o, struct rpt_doc *d,
                              struct err *e)
{
    struct budget_params p = {0};
    p.fiscal_year = o->fiscal_year;
    p.fy_start_month = 4;
    p.level = (enum budget_level)(o->level < 0 ? BUDGET_P50 : o->level);
    p.shared = (enum budget_shared)o->shared;
    p.cost = o->cost;
    p.kind = MDL_AUTO;
    p.jobs = o->jobs;
    p.basis = o->basis < 0 ? TERMS_BASIS_CONTRACT_TAX : (enum terms_basis)o->basis;
    p.adjust = o->adjust;
    p.by_system = o->by_system;
    p.system_tag = o->system_tag;
    p.system_rules = o->system_rules;
    struct budget_result r;
    memset(&r, 0, sizeof r);
    struct cost_cells hist = {0};
    char **xl = NULL;
    size_t n = 0;
    enum status st = job_budget(s, &p, &r, e);
    if (st != ST_OK)
        goto out;
    enum rpt_lang lang = o->lang;
    int first = r.last_complete - HISTORY_MONTHS + 1;
    int last = r.first_month + 11;
    n = (size_t)(last - first + 1);
    struct cost_query q = {COST_DIM_DEPARTMENT,
                           strcmp(r.dataset, "amortized") == 0 ? DATASET_AMORTIZED : DATASET_ACTUAL,
                           month_first_day(first),
                           month_first_day(r.last_complete) + month_days(r.last_complete) - 1,
                           NULL,
                           0};
    if ((st = job_cost_cells(s, &q, r.basis, &hist, NULL, e)) != ST_OK)
        goto out;
    /* start the charts at the first month with any history */
    int seen = INT_MAX;
    for (size_t i = 0; i < hist.n; i++)
        if (hist.v[i].month < seen)
            seen = hist.v[i].month;
    if (seen != INT_MAX && seen > first)
        first = seen;
    n = (size_t)(last - first + 1);
    xl = calloc(n, sizeof *xl);
    if (!xl) {
        st = ST_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(xl[i] = malloc(8))) {
            st = ST_NOMEM;
            goto out;
        }
        month_format(first + (int)i, xl[i]);
    }
    char buf[400], m1[8], m2[8], era[ERA_LABEL_MAX];
    if ((st = rpt_doc_init(d, lang, "budget", rpt_label(lang, "title_budget"))) != ST_OK)
        goto out;
    rpt_doc_set_currency(d, r.currency);
    month_format(r.first_month, m1);
    month_format(r.first_month + 11, m2);
    snprintf(buf, sizeof buf, "%d (%s – %s)", r.fiscal_year, m1, m2);
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_fiscal_year"), buf)) != ST_OK ||
        (st = rpt_doc_add_meta(d, lang == RPT_LANG_JA ? "和暦" : "Japanese era",
                               era_fy_label(r.fiscal_year, era, sizeof era))) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_level"), level_names[r.level])) != ST_OK)
        goto out;
    {
        struct rpt_column yc = {NULL, NULL, RPT_T_YEN, 0, 0};
        struct rpt_cell cell = {NULL, r.total.budget, 0, 0};
        char amount[64];
        if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_total"),
                                   rpt_fmt_cell(d, &yc, &cell, amount, sizeof amount))) != ST_OK)
            goto out;
    }
    month_format(r.last_complete, m1);
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_last_actual"), m1)) != ST_OK ||
        (st = add_dataset_meta(d, &r)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_method"),
                               rpt_translate(lang, r.method, buf, sizeof buf))) != ST_OK)
        goto out;
    snprintf(buf, sizeof buf, "%s (%s)", terms_basis_text(r.basis, lang == RPT_LANG_JA),
             lang == RPT_LANG_JA && strcmp(r.terms_source, "built-in defaults") == 0
                 ? "既定の課税・契約条件"
                 : r.terms_source);
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_basis"), buf)) != ST_OK ||
        (r.assumptions[0] &&
         (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_assumptions"), r.assumptions)) != ST_OK))
        goto out;
    if ((st = add_budget_table(d, &r)) != ST_OK || (st = job_report_request(d, &r, o)) != ST_OK)
        goto out;
    if ((st = add_line_chart(d, "chart_city", rpt_label(lang, "chart_city_forecast"), 0, &r,
                             &r.total, &hist, NULL, first, xl, n)) != ST_OK)
        goto out;
    for (size_t i = 0; i < r.nlines; i++) {
        char id[48];
        snprintf(id, sizeof id, "chart_department_%zu", i + 1);
        if ((st = add_line_chart(d, id, r.lines[i].department, 1, &r, &r.lines[i], &hist,
                                 r.lines[i].department, first, xl, n)) != ST_OK)
            goto out;
    }
    if ((st = add_stack_chart(d, &r)) != ST_OK || (st = add_monthly_table(d, &r)) != ST_OK)
        goto out;
    st = rpt_doc_add_note(d, "notes", rpt_label(lang, "notes"), rpt_label(lang, "note_budget"),
                          NULL);
out:
    if (st == ST_NOMEM && e->code == ST_OK)
        err_set(e, ST_NOMEM, "out of memory building the report");
    for (size_t i = 0; xl && i < n; i++)
        free(xl[i]);
    free(xl);
    cost_cells_release(&hist);
    job_budget_result_release(&r);
    return st;
}
