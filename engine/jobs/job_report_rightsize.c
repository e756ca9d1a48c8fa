/*
 * job_report_rightsize.c - the monthly right-sizing report: job_rightsize()
 * (and job_schedule() for the stop-schedule section) turned into a report
 * document. Glue only: every amount comes from the runs, rounded once to
 * whole yen here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "job_report.h"
#include "job_rightsize.h"
#include "log.h"

/* Whole yen from a model output (NAN stays empty). */
static struct rpt_value yen_or_empty(double v)
{
    if (!isfinite(v))
        return RPT_V_EMPTY;
    return RPT_V_YEN((int64_t)llround(v));
}

static const char *action_label(enum rpt_lang lang, enum rs_action a)
{
    static const char *const ja[] = {"維持", "サイズ変更", "停止", "削除"};
    if (lang == RPT_LANG_JA && a >= RS_KEEP && a <= RS_DELETE)
        return ja[a];
    return mdl_rs_action_name(a);
}

static const char *confidence_label(enum rpt_lang lang, enum rs_confidence c)
{
    static const char *const ja[] = {"低", "中", "高"};
    if (lang == RPT_LANG_JA && c >= RS_CONF_LOW && c <= RS_CONF_HIGH)
        return ja[c];
    return mdl_rs_confidence_name(c);
}

/* The last segment of an ARM id: the resource's name. */
static const char *resource_name(const char *id)
{
    const char *slash = strrchr(id, '/');
    return slash && slash[1] ? slash + 1 : id;
}

static const char *dept_of(const struct job_rs_row *r, enum rpt_lang lang)
{
    return r->department && *r->department ? r->department : rpt_label(lang, "unallocated");
}

/* The amounts of the rows with an action in whole units: each row rounded
 * once (half away from zero, as `yosan rightsize` rounds its rows and sums
 * them into its total), each department's line and the total the sums of
 * the rounded rows, so every table adds up to the yen and the total is the
 * command's. (Rounding each row is the largest-remainder split of that total
 * over the rows, mdl_alloc.h: the units left after the floors go to the rows
 * whose remainder is at least one half.) Indexed like the run's rows; a row
 * without an action is 0. */
struct rs_whole {
    int64_t *cost;    /* r->n monthly costs */
    int64_t *savings; /* r->n monthly savings */
    int64_t total_cost, total_savings;
};

static int has_action(const struct job_rs_row *row)
{
    return row->r.action != RS_KEEP;
}

/* An amount rounded once to whole units; an unknown one counts 0. */
static int64_t whole_units(double v)
{
    return isfinite(v) ? (int64_t)llround(v) : 0;
}

static enum status rs_whole_init(struct rs_whole *w, const struct job_rs_result *r)
{
    size_t n = r->n ? r->n : 1;
    w->cost = calloc(n, sizeof *w->cost);
    w->savings = calloc(n, sizeof *w->savings);
    w->total_cost = w->total_savings = 0;
    if (!w->cost || !w->savings)
        return ST_NOMEM;
    for (size_t i = 0; i < r->n; i++) {
        if (!has_action(&r->rows[i]))
            continue;
        w->cost[i] = whole_units(r->rows[i].monthly_cost);
        w->savings[i] = whole_units(r->rows[i].r.monthly_savings);
        w->total_cost += w->cost[i];
        w->total_savings += w->savings[i];
    }
    return ST_OK;
}

static void rs_whole_release(struct rs_whole *w)
{
    free(w->cost);
    free(w->savings);
}

struct dept_savings {
    const char *name;     /* borrowed from the run */
    size_t actions;       /* rows with an action */
    int64_t cost;         /* monthly cost of those rows, whole units */
    int64_t by_action[4]; /* savings per enum rs_action */
    int64_t savings;      /* all savings */
};

static int by_savings_desc(const void *a, const void *b)
{
    const struct dept_savings *x = a, *y = b;
    if (x->savings != y->savings)
        return x->savings < y->savings ? 1 : -1;
    return strcmp(x->name, y->name);
}

static enum status add_dept_sections(struct rpt_doc *d, const struct job_rs_result *r,
                                     const struct rs_whole *w, enum rpt_lang lang)
{
    struct dept_savings *ds = calloc(r->n ? r->n : 1, sizeof *ds);
    if (!ds)
        return ST_NOMEM;
    size_t nd = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct job_rs_row *row = &r->rows[i];
        if (!has_action(row))
            continue;
        size_t k = 0;
        while (k < nd && strcmp(ds[k].name, dept_of(row, lang)) != 0)
            k++;
        if (k == nd)
            ds[nd++].name = dept_of(row, lang);
        ds[k].actions++;
        ds[k].cost += w->cost[i];
        ds[k].by_action[row->r.action] += w->savings[i];
        ds[k].savings += w->savings[i];
    }
    qsort(ds, nd, sizeof *ds, by_savings_desc);
    enum status st;
    struct rpt_section *c, *t;
    const char **x = calloc(nd ? nd : 1, sizeof *x);
    double *v = calloc(nd ? nd : 1, sizeof *v);
    if (!x || !v) {
        st = ST_NOMEM;
        goto out;
    }
    for (size_t k = 0; k < nd; k++)
        x[k] = ds[k].name;
    st = rpt_doc_add_chart(d, "chart_savings_by_department", rpt_label(lang, "chart_rs_by_dept"),
                           RPT_CHART_STACKED_BAR, RPT_T_YEN, nd, x, &c);
    static const enum rs_action order[] = {RS_RESIZE, RS_SHUTDOWN, RS_DELETE};
    for (size_t a = 0; a < 3 && st == ST_OK; a++) {
        for (size_t k = 0; k < nd; k++)
            v[k] = (double)ds[k].by_action[order[a]];
        st = rpt_chart_add_series(c, action_label(lang, order[a]), RPT_S_BAR, v, NULL, NULL);
    }
    struct rpt_column_spec cols[] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"actions", rpt_label(lang, "col_count"), RPT_T_NUMBER, 0},
        {"monthly_cost_yen", rpt_label(lang, "col_monthly_cost"), RPT_T_YEN, 0},
        {"monthly_savings_yen", rpt_label(lang, "col_monthly_savings"), RPT_T_YEN, 0},
    };
    if (st == ST_OK)
        st = rpt_doc_add_table(d, "savings_by_department", rpt_label(lang, "sec_rs_by_dept"), 4,
                               cols, &t);
    size_t tot_n = 0;
    for (size_t k = 0; k < nd && st == ST_OK; k++) {
        struct rpt_value row[] = {RPT_V_TEXT(ds[k].name), RPT_V_NUM((double)ds[k].actions),
                                  RPT_V_YEN(ds[k].cost), RPT_V_YEN(ds[k].savings)};
        tot_n += ds[k].actions;
        st = rpt_table_row(t, row, 0);
    }
    if (st == ST_OK) {
        struct rpt_value row[] = {RPT_V_TEXT(rpt_label(lang, "total")), RPT_V_NUM((double)tot_n),
                                  RPT_V_YEN(w->total_cost), RPT_V_YEN(w->total_savings)};
        st = rpt_table_row(t, row, 1);
    }
out:
    free(x);
    free(v);
    free(ds);
    return st;
}

/* A whole-unit amount of an action row: empty when the run has none. */
static struct rpt_value whole_or_empty(double raw, int64_t whole)
{
    return isfinite(raw) ? RPT_V_YEN(whole) : RPT_V_EMPTY;
}

static enum status add_action_table(struct rpt_doc *d, const struct job_rs_result *r,
                                    const struct rs_whole *w, enum rpt_lang lang)
{
    struct rpt_column_spec cols[] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"resource", rpt_label(lang, "col_resource"), RPT_T_TEXT, 0},
        {"current_size", rpt_label(lang, "col_current_size"), RPT_T_TEXT, 0},
        {"action", rpt_label(lang, "col_action"), RPT_T_TEXT, 0},
        {"recommended_size", rpt_label(lang, "col_recommended"), RPT_T_TEXT, 0},
        {"p95_cpu_pct", rpt_label(lang, "col_p95_cpu"), RPT_T_PERCENT, 1},
        {"peak_mem_pct", rpt_label(lang, "col_peak_mem"), RPT_T_PERCENT, 1},
        {"monthly_cost_yen", rpt_label(lang, "col_monthly_cost"), RPT_T_YEN, 0},
        {"monthly_savings_yen", rpt_label(lang, "col_monthly_savings"), RPT_T_YEN, 0},
        {"confidence", rpt_label(lang, "col_confidence"), RPT_T_TEXT, 0},
        {"reason", rpt_label(lang, "col_reason"), RPT_T_TEXT, 0},
        {"resource_id", rpt_label(lang, "col_resource_id"), RPT_T_TEXT, 0},
    };
    struct rpt_section *t;
    enum status st = rpt_doc_add_table(d, "actions", rpt_label(lang, "sec_rs_actions"),
                                       sizeof cols / sizeof cols[0], cols, &t);
    if (st == ST_OK)
        rpt_table_set_tooltip(t, sizeof cols / sizeof cols[0] - 1, 1);
    char reason[1024];
    for (size_t i = 0; i < r->n && st == ST_OK; i++) {
        const struct job_rs_row *row = &r->rows[i];
        if (!has_action(row))
            continue;
        const char *rec = *job_rs_recommended_name(row) ? job_rs_recommended_name(row) : NULL;
        char now_ja[128], rec_ja[128]; /* sizes in words (an elastic pool's) translated */
        struct rpt_value v[] = {
            RPT_V_TEXT(dept_of(row, lang)),
            RPT_V_TEXT(resource_name(row->resource_id)),
            RPT_V_TEXT(rpt_translate(lang, row->current_size, now_ja, sizeof now_ja)),
            RPT_V_TEXT(action_label(lang, row->r.action)),
            RPT_V_TEXT(rec ? rpt_translate(lang, rec, rec_ja, sizeof rec_ja) : NULL),
            row->kind == RS_RES_VM ? RPT_V_NUM(row->r.p95_cpu) : RPT_V_EMPTY,
            row->kind == RS_RES_VM ? RPT_V_NUM(row->r.peak_mem_pct) : RPT_V_EMPTY,
            whole_or_empty(row->monthly_cost, w->cost[i]),
            whole_or_empty(row->r.monthly_savings, w->savings[i]),
            RPT_V_TEXT(confidence_label(lang, row->r.confidence)),
            RPT_V_TEXT(rpt_translate(lang, row->r.reason, reason, sizeof reason)),
            RPT_V_TEXT(row->resource_id),
        };
        st = rpt_table_row(t, v, 0);
    }
    if (st == ST_OK) {
        struct rpt_value v[12];
        for (size_t k = 0; k < 12; k++)
            v[k] = RPT_V_EMPTY;
        v[0] = RPT_V_TEXT(rpt_label(lang, "total"));
        v[7] = RPT_V_YEN(w->total_cost);
        v[8] = RPT_V_YEN(w->total_savings);
        st = rpt_table_row(t, v, 1);
    }
    return st;
}

/* Resources billed outside Japan East/West, with the country of the region
 * (the city's guideline asks to confirm where data centres abroad are). */
static enum status add_abroad_section(struct rpt_doc *d, const struct job_rs_result *r,
                                      enum rpt_lang lang)
{
    int ja = lang == RPT_LANG_JA;
    struct rpt_column_spec cols[] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"resource", rpt_label(lang, "col_resource"), RPT_T_TEXT, 0},
        {"region", ja ? "リージョン" : "region", RPT_T_TEXT, 0},
        {"location", ja ? "所在地" : "physical location", RPT_T_TEXT, 0},
        {"country", ja ? "国・地域" : "country", RPT_T_TEXT, 0},
        {"monthly_cost", rpt_label(lang, "col_monthly_cost"), RPT_T_YEN, 0},
        {"resource_id", rpt_label(lang, "col_resource_id"), RPT_T_TEXT, 0},
    };
    struct rpt_section *t;
    enum status st = rpt_doc_add_table(d, "outside_japan",
                                       ja ? "国外リージョンのリソース（データ所在国の確認）"
                                          : "Resources outside Japan (country of the data centre)",
                                       sizeof cols / sizeof cols[0], cols, &t);
    int64_t total = 0; /* of the rounded rows: they add up to the total line */
    if (st == ST_OK)
        rpt_table_set_tooltip(t, sizeof cols / sizeof cols[0] - 1, 1);
    for (size_t i = 0; i < r->nabroad && st == ST_OK; i++) {
        const struct job_rs_abroad *a = &r->abroad[i];
        const char *country =
            a->where ? (ja ? a->where->country_ja : a->where->country) : (ja ? "不明" : "unknown");
        struct rpt_value v[] = {
            RPT_V_TEXT(*a->department ? a->department : rpt_label(lang, "unallocated")),
            RPT_V_TEXT(*a->resource_id ? resource_name(a->resource_id)
                                       : rpt_label(lang, "no_resource")),
            RPT_V_TEXT(*a->region ? a->region : (ja ? "（なし）" : "(none)")),
            RPT_V_TEXT(a->where ? a->where->location : ""),
            RPT_V_TEXT(country),
            whole_or_empty(a->monthly_cost, whole_units(a->monthly_cost)),
            RPT_V_TEXT(a->resource_id),
        };
        total += whole_units(a->monthly_cost);
        st = rpt_table_row(t, v, 0);
    }
    if (st == ST_OK) {
        struct rpt_value v[7];
        for (size_t k = 0; k < 7; k++)
            v[k] = RPT_V_EMPTY;
        v[0] = RPT_V_TEXT(rpt_label(lang, "total"));
        v[5] = RPT_V_YEN(total);
        st = rpt_table_row(t, v, 1);
    }
    return st;
}

/* VMs on retiring size series and OS / SQL Server versions near the end of
 * their support, with the date and the replacement, for renewal budgets. */
static enum status add_support_section(struct rpt_doc *d, const struct job_rs_result *r,
                                       enum rpt_lang lang)
{
    int ja = lang == RPT_LANG_JA;
    struct rpt_column_spec cols[] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"resource", rpt_label(lang, "col_resource"), RPT_T_TEXT, 0},
        {"in_use", ja ? "サイズ・製品" : "size or product", RPT_T_TEXT, 0},
        {"series", ja ? "シリーズ・版" : "series or version", RPT_T_TEXT, 0},
        {"status", ja ? "状態" : "status", RPT_T_TEXT, 0},
        {"end_date", ja ? "終了日" : "end date", RPT_T_TEXT, 0},
        {"days_left", ja ? "残り日数" : "days left", RPT_T_NUMBER, 0},
        {"replacement", ja ? "移行先" : "replacement", RPT_T_TEXT, 0},
        {"monthly_cost", rpt_label(lang, "col_monthly_cost"), RPT_T_YEN, 0},
        {"source", ja ? "出典" : "source", RPT_T_TEXT, 0},
    };
    struct rpt_section *t;
    enum status st =
        rpt_doc_add_table(d, "support_life",
                          ja ? "サポート期限（退役予定のVMシリーズ・OS・SQL Server）"
                             : "Support life (retiring VM series, OS and SQL Server versions)",
                          sizeof cols / sizeof cols[0], cols, &t);
    if (st == ST_OK) /* the source page: HTML's tooltip of the series, a column elsewhere */
        rpt_table_set_tooltip(t, sizeof cols / sizeof cols[0] - 1, 3);
    char status_key[64], repl[512];
    for (size_t i = 0; i < r->nsupport && st == ST_OK; i++) {
        const struct job_rs_support *x = &r->support[i];
        snprintf(status_key, sizeof status_key, "status_%s", x->entry->status);
        struct rpt_value v[] = {
            RPT_V_TEXT(*x->department ? x->department : rpt_label(lang, "unallocated")),
            RPT_V_TEXT(*x->resource_id ? resource_name(x->resource_id)
                                       : rpt_label(lang, "no_resource")),
            RPT_V_TEXT(x->what),
            RPT_V_TEXT(x->entry->name),
            RPT_V_TEXT(rpt_label(lang, status_key) == status_key ? x->entry->status
                                                                 : rpt_label(lang, status_key)),
            RPT_V_TEXT(x->entry->end_date),
            RPT_V_NUM((double)mdl_support_days_left(x->entry, r->last_day)),
            RPT_V_TEXT(rpt_translate(lang, x->entry->replacement, repl, sizeof repl)),
            yen_or_empty(x->monthly_cost),
            RPT_V_TEXT(x->entry->source),
        };
        st = rpt_table_row(t, v, 0);
    }
    return st;
}

/* The coverage by service (issue 15): the window's spend, the part some rule
 * analysed and the rest, the same figures as `yosan rightsize`. */
static enum status add_coverage_section(struct rpt_doc *d, const struct job_rs_result *r,
                                        enum rpt_lang lang)
{
    int ja = lang == RPT_LANG_JA;
    struct rpt_column_spec cols[] = {
        {"service", rpt_label(lang, "col_service"), RPT_T_TEXT, 0},
        {"spend", ja ? "期間の支出" : "spend in the window", RPT_T_YEN, 0},
        {"analysed", ja ? "分析済み" : "analysed", RPT_T_YEN, 0},
        {"not_analysed", ja ? "未分析" : "not analysed", RPT_T_YEN, 0},
        {"analysed_pct", ja ? "分析済みの割合" : "share analysed", RPT_T_PERCENT, 1},
    };
    struct rpt_section *t;
    enum status st = rpt_doc_add_table(
        d, "coverage",
        ja ? "分析の対象範囲（サービス別、未分析は規則またはメトリクスがない支出）"
           : "Coverage by service (not analysed: no metrics, or no rule for the service yet)",
        sizeof cols / sizeof cols[0], cols, &t);
    for (size_t i = 0; i < r->ncoverage && st == ST_OK; i++) {
        const struct job_rs_coverage *c = &r->coverage[i];
        struct rpt_value v[] = {
            RPT_V_TEXT(c->service),
            yen_or_empty(c->cost),
            yen_or_empty(c->analysed),
            yen_or_empty(c->cost - c->analysed),
            c->cost > 0 ? RPT_V_NUM(100.0 * c->analysed / c->cost) : RPT_V_EMPTY,
        };
        st = rpt_table_row(t, v, 0);
    }
    if (st == ST_OK) {
        struct rpt_value v[] = {
            RPT_V_TEXT(rpt_label(lang, "total")),
            yen_or_empty(r->cov_cost),
            yen_or_empty(r->cov_analysed),
            yen_or_empty(r->cov_cost - r->cov_analysed),
            r->cov_cost > 0 ? RPT_V_NUM(100.0 * r->cov_analysed / r->cov_cost) : RPT_V_EMPTY,
        };
        st = rpt_table_row(t, v, 1);
    }
    return st;
}

/* The one currency of every amount in the run (the bill's), or an error when
 * the rows are in more than one: a report labels all its amounts with one. */
static enum status run_currency(const struct job_rs_result *r, const char **cur, struct err *e)
{
    *cur = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const char *c = r->rows[i].currency;
        if (!*c)
            continue;
        if (!*cur)
            *cur = c;
        else if (strcmp(*cur, c) != 0)
            return err_set(e, ST_PARSE,
                           "currency mismatch: right-sizing amounts are in %s and %s; a report "
                           "shows one currency (import one billing account's exports per "
                           "database)",
                           *cur, c);
    }
    return ST_OK;
}

enum status job_report_rightsize(struct store *s, const struct job_report_opts *o,
                                 struct rpt_doc *d, struct err *e)
{
    struct job_rs_options ro = {.month = o->month, .lookback_days = 30};
    mdl_rs_defaults(&ro.thr);
    ro.thr.burstable_same_cores = o->burstable_same_cores;
    if (o->lookback_days > 0) {
        ro.lookback_days = o->lookback_days;
        ro.lookback_set = 1;
    }
    ro.threads = o->threads;
    struct job_rs_result r = {0};
    struct rs_whole w = {0};
    enum status st = job_rightsize(s, &ro, &r, e);
    if (st != ST_OK)
        return st;
    enum rpt_lang lang = o->lang;
    char month[8], buf[64], rules[512];
    const char *cur = NULL;
    month_format(o->month, month);
    job_rs_rules_text(&ro, &r, rules, sizeof rules);
    if ((st = run_currency(&r, &cur, e)) != ST_OK)
        goto out;
    if ((st = rpt_doc_init(d, lang, "rightsize", rpt_label(lang, "title_rightsize"))) != ST_OK)
        goto out;
    rpt_doc_set_currency(d, cur ? cur : "JPY"); /* the bill's: every amount is labelled with it */
    char rules_shown[1024];
    rpt_translate(lang, rules + strlen("rules: "), rules_shown, sizeof rules_shown);
    if ((st = rs_whole_init(&w, &r)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_rules"), rules_shown)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_month"), month)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_currency"), d->currency)) != ST_OK)
        goto out;
    snprintf(buf, sizeof buf, "%zu (%zu)", r.vms, r.vms_with_metrics);
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_vms"), buf)) != ST_OK)
        goto out;
    snprintf(buf, sizeof buf, "%.1f %%", r.cov_cost > 0 ? 100.0 * r.cov_analysed / r.cov_cost : 0);
    if ((st = rpt_doc_add_meta(d, lang == RPT_LANG_JA ? "分析済みの支出の割合" : "spend analysed",
                               buf)) != ST_OK)
        goto out;
    {
        struct rpt_column yc = {NULL, NULL, RPT_T_YEN, 0, 0};
        struct rpt_cell cell = {NULL, w.total_savings, 0, 0}; /* the tables' total */
        rpt_fmt_cell(d, &yc, &cell, buf, sizeof buf);
        if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_total_savings"), buf)) != ST_OK)
            goto out;
    }
    if ((st = add_dept_sections(d, &r, &w, lang)) != ST_OK ||
        (st = add_action_table(d, &r, &w, lang)) != ST_OK ||
        (st = add_coverage_section(d, &r, lang)) != ST_OK ||
        (st = add_abroad_section(d, &r, lang)) != ST_OK ||
        (st = add_support_section(d, &r, lang)) != ST_OK)
        goto out;
    st = job_report_schedules(s, o, d, e);
out:
    if (st == ST_NOMEM && e->code == ST_OK)
        err_set(e, ST_NOMEM, "out of memory building the report");
    rs_whole_release(&w);
    job_rs_result_release(&r);
    return st;
}
