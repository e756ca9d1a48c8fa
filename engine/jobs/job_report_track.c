/*
 * job_report_track.c - the execution-tracking report (執行管理, issue 13):
 * job_track() turned into a report document: the lines that need a 補正
 * or 流用, the table per department (and system) with the city's totals
 * row, a chart of plan vs actual vs projection bands by month for the city
 * and for each line, the month under way day by day (job_track_daily: a
 * city chart and a table per department), and the monthly data of the
 * charts. Glue only:
 * every figure is the track job's whole yen (the same as `yosan track`).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "era.h"
#include "job_report.h"
#include "job_track.h"

/* tmpl with {1}..{4} replaced by a[0..3] into out (cut at n - 1 bytes). */
static const char *fill(char *out, size_t n, const char *tmpl, const char *const a[4])
{
    size_t len = 0;
    for (const char *p = tmpl; *p && len + 1 < n; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '4' && p[2] == '}') {
            len += (size_t)snprintf(out + len, n - len, "%s", a[p[1] - '1']);
            if (len >= n)
                len = n - 1;
            p += 2;
            continue;
        }
        out[len++] = *p;
    }
    out[len] = '\0';
    return out;
}

/* The flag of a line in the report's language. */
static const char *flag_label(enum rpt_lang lang, const struct track_line *L)
{
    if (!L->has_approp)
        return rpt_label(lang, "flag_no_approp");
    switch (L->flag) {
    case MDL_TRACK_OVERRUN:
        return rpt_label(lang, "flag_overrun");
    case MDL_TRACK_WATCH:
        return rpt_label(lang, "flag_watch");
    case MDL_TRACK_ON_PLAN:
        break;
    }
    return rpt_label(lang, "flag_on_plan");
}

static struct rpt_value yen_if(int has, int64_t v)
{
    return has ? RPT_V_YEN(v) : RPT_V_EMPTY;
}

static struct rpt_value pct_if(double v)
{
    return isfinite(v) ? RPT_V_NUM(v) : RPT_V_EMPTY;
}

/* "建設局" or "建設局 / 基幹系" (a system line); "合計" for the city. */
static const char *line_name(enum rpt_lang lang, const struct track_result *r,
                             const struct track_line *L, char *out, size_t n)
{
    if (L == &r->city)
        return rpt_label(lang, "total");
    if (!L->system)
        return L->department;
    snprintf(out, n, "%s / %s", L->department, L->system);
    return out;
}

/* 1 when some line is a system's (else the system column is left out). */
static int has_systems(const struct track_result *r)
{
    for (size_t i = 0; i < r->nlines; i++)
        if (r->lines[i].system)
            return 1;
    return 0;
}

/* Drop element 1 (the system column) of n elements of size sz at a. */
static size_t drop_system(void *a, size_t sz, size_t n, int keep)
{
    if (keep)
        return n;
    memmove((char *)a + sz, (char *)a + 2 * sz, (n - 2) * sz);
    return n - 1;
}

enum { TT_N = 14 };

static enum status add_lines_table(struct rpt_doc *d, const struct track_result *r)
{
    enum rpt_lang lang = d->lang;
    struct rpt_column_spec cols[TT_N] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"system", rpt_label(lang, "col_system"), RPT_T_TEXT, 0},
        {"appropriation_yen", rpt_label(lang, "col_approp_now"), RPT_T_YEN, 0},
        {"original_yen", rpt_label(lang, "col_approp_original"), RPT_T_YEN, 0},
        {"actual_yen", rpt_label(lang, "col_actual_to_date"), RPT_T_YEN, 0},
        {"exec_rate_pct", rpt_label(lang, "col_exec_rate"), RPT_T_PERCENT, 1},
        {"plan_to_date_yen", rpt_label(lang, "col_plan_to_date"), RPT_T_YEN, 0},
        {"p50_yen", rpt_label(lang, "col_ye_p50"), RPT_T_YEN, 0},
        {"p80_yen", rpt_label(lang, "col_ye_p80"), RPT_T_YEN, 0},
        {"p95_yen", rpt_label(lang, "col_ye_p95"), RPT_T_YEN, 0},
        {"surplus_yen", rpt_label(lang, "col_surplus"), RPT_T_YEN, 0},
        {"p_exceed_pct", rpt_label(lang, "col_p_exceed"), RPT_T_PERCENT, 1},
        {"flag", rpt_label(lang, "col_flag"), RPT_T_TEXT, 0},
        {"action", rpt_label(lang, "col_track_action"), RPT_T_TEXT, 0},
    };
    int sys = has_systems(r);
    size_t nc = drop_system(cols, sizeof cols[0], TT_N, sys);
    struct rpt_section *t;
    enum status st =
        rpt_doc_add_table(d, "track", rpt_label(lang, "sec_track_lines"), nc, cols, &t);
    for (size_t i = 0; i <= r->nlines && st == ST_OK; i++) {
        const struct track_line *L = i < r->nlines ? &r->lines[i] : &r->city;
        int a = L->has_approp;
        struct rpt_value v[TT_N] = {
            RPT_V_TEXT(i < r->nlines ? L->department : rpt_label(lang, "total")),
            RPT_V_TEXT(L->system),
            yen_if(a, L->approp),
            yen_if(a, L->original),
            RPT_V_YEN(L->actual),
            pct_if(L->exec_rate),
            yen_if(a, L->plan_to_date),
            RPT_V_YEN(L->p50),
            RPT_V_YEN(L->p80),
            RPT_V_YEN(L->p95),
            yen_if(a, L->surplus),
            pct_if(isfinite(L->p_exceed) ? 100 * L->p_exceed : NAN),
            RPT_V_TEXT(flag_label(lang, L)),
            RPT_V_TEXT(L->flag == MDL_TRACK_OVERRUN ? rpt_label(lang, "action_needed") : NULL),
        };
        drop_system(v, sizeof v[0], TT_N, sys);
        st = rpt_table_row(t, v, i == r->nlines);
    }
    return st;
}

/* The lines flagged overrun or watch, in words (a note at the top). */
static enum status add_attention(struct rpt_doc *d, const struct track_result *r)
{
    enum rpt_lang lang = d->lang;
    size_t cap = 256, len = 0;
    char *text = malloc(cap);
    if (!text)
        return ST_NOMEM;
    text[0] = '\0';
    for (size_t i = 0; i < r->nlines; i++) {
        const struct track_line *L = &r->lines[i];
        if (!L->has_approp || L->flag == MDL_TRACK_ON_PLAN)
            continue;
        char name[256], line[768], gap[32], pct[16];
        rpt_fmt_thousands(L->surplus < 0 ? -L->surplus : L->surplus, gap, sizeof gap);
        snprintf(pct, sizeof pct, "%.0f", 100 * L->p_exceed);
        const char *const args[4] = {line_name(lang, r, L, name, sizeof name), gap, pct, ""};
        fill(line, sizeof line,
             rpt_label(lang,
                       L->flag == MDL_TRACK_OVERRUN ? "track_overrun_line" : "track_watch_line"),
             args);
        size_t need = len + strlen(line) + 2;
        if (need > cap) {
            char *nt = realloc(text, need * 2);
            if (!nt) {
                free(text);
                return ST_NOMEM;
            }
            text = nt;
            cap = need * 2;
        }
        len += (size_t)snprintf(text + len, cap - len, "%s%s", len ? " " : "", line);
    }
    enum status st = rpt_doc_add_note(d, "attention", rpt_label(lang, "sec_track_attention"),
                                      len ? text : rpt_label(lang, "track_all_on_plan"), NULL);
    free(text);
    return st;
}

/* A chart of line L: the 95 % and 80 % bands of the forecast months, the
 * plan, the actual months and the P50 forecast (joined to the last actual
 * month), the as-of day marked. */
static enum status add_line_chart(struct rpt_doc *d, const char *id, const char *title, int compact,
                                  const struct track_result *r, const struct track_line *L,
                                  const char *const *xl)
{
    enum rpt_lang lang = d->lang;
    struct rpt_section *c;
    enum status st = rpt_doc_add_chart(d, id, title, RPT_CHART_LINE, RPT_T_YEN, 12, xl, &c);
    if (st != ST_OK)
        return st;
    c->compact = compact;
    double lo95[12], hi95[12], lo80[12], hi80[12], plan[12], act[12], fc[12];
    int na = r->actual_months;
    for (int k = 0; k < 12; k++) {
        int band = k >= na - 1 && na < 12; /* from the last actual month on */
        lo95[k] = band ? (double)L->lo95[k] : NAN;
        hi95[k] = band ? (double)L->hi95[k] : NAN;
        lo80[k] = band ? (double)L->lo80[k] : NAN;
        hi80[k] = band ? (double)L->hi80[k] : NAN;
        plan[k] = L->has_approp ? (double)L->plan[k] : NAN;
        act[k] = k < na ? (double)L->months[k] : NAN;
        fc[k] = band ? (double)L->months[k] : NAN;
    }
    if ((st = rpt_chart_add_series(c, rpt_label(lang, "series_range95"), RPT_S_BAND, NULL, lo95,
                                   hi95)) != ST_OK ||
        (st = rpt_chart_add_series(c, rpt_label(lang, "series_range80"), RPT_S_BAND, NULL, lo80,
                                   hi80)) != ST_OK ||
        (st = rpt_chart_add_series(c, rpt_label(lang, "series_actual"), RPT_S_LINE, act, NULL,
                                   NULL)) != ST_OK ||
        (st = rpt_chart_add_series(c, rpt_label(lang, "series_forecast"), RPT_S_DASHED, fc, NULL,
                                   NULL)) != ST_OK)
        return st;
    if (L->has_approp && (st = rpt_chart_add_series(c, rpt_label(lang, "series_plan"), RPT_S_DASHED,
                                                    plan, NULL, NULL)) != ST_OK)
        return st;
    if (na > 0 && na < 12) {
        char day[DATE_ISO_LEN], label[96];
        snprintf(label, sizeof label, "%s %s", rpt_label(lang, "meta_as_of"),
                 date_format(r->as_of, day));
        st = rpt_chart_set_marker(c, (double)na - 0.5, label);
    }
    return st;
}

static enum status add_charts(struct rpt_doc *d, const struct track_result *r)
{
    enum rpt_lang lang = d->lang;
    char xs[12][8];
    const char *xl[12];
    for (int k = 0; k < 12; k++)
        xl[k] = month_format(r->first_month + k, xs[k]);
    enum status st =
        add_line_chart(d, "chart_city", rpt_label(lang, "chart_track_city"), 0, r, &r->city, xl);
    for (size_t i = 0; i < r->nlines && st == ST_OK; i++) {
        const struct track_line *L = &r->lines[i];
        char id[48], buf[256], title[384];
        snprintf(id, sizeof id, "chart_line_%zu", i + 1);
        const char *name = line_name(lang, r, L, buf, sizeof buf);
        if (L->has_approp && L->flag != MDL_TRACK_ON_PLAN)
            snprintf(title, sizeof title, lang == RPT_LANG_JA ? "%s【%s】" : "%s [%s]", name,
                     flag_label(lang, L));
        else
            snprintf(title, sizeof title, "%s", name);
        st = add_line_chart(d, id, title, 1, r, L, xl);
    }
    return st;
}

enum { TM_N = 10 };

/* The charts' data: one row per line and month, as `yosan track --monthly`. */
static enum status add_monthly_table(struct rpt_doc *d, const struct track_result *r)
{
    enum rpt_lang lang = d->lang;
    struct rpt_column_spec cols[TM_N] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"system", rpt_label(lang, "col_system"), RPT_T_TEXT, 0},
        {"month", rpt_label(lang, "col_month"), RPT_T_TEXT, 0},
        {"kind", rpt_label(lang, "col_kind"), RPT_T_TEXT, 0},
        {"plan_yen", rpt_label(lang, "col_plan"), RPT_T_YEN, 0},
        {"amount_yen", rpt_label(lang, "col_amount_track"), RPT_T_YEN, 0},
        {"lo80_yen", rpt_label(lang, "col_lo80"), RPT_T_YEN, 0},
        {"hi80_yen", rpt_label(lang, "col_hi80"), RPT_T_YEN, 0},
        {"lo95_yen", rpt_label(lang, "col_lo95"), RPT_T_YEN, 0},
        {"hi95_yen", rpt_label(lang, "col_hi95"), RPT_T_YEN, 0},
    };
    int sys = has_systems(r);
    size_t nc = drop_system(cols, sizeof cols[0], TM_N, sys);
    struct rpt_section *t;
    enum status st =
        rpt_doc_add_table(d, "track_by_month", rpt_label(lang, "sec_track_monthly"), nc, cols, &t);
    for (size_t i = 0; i <= r->nlines && st == ST_OK; i++) {
        const struct track_line *L = i < r->nlines ? &r->lines[i] : &r->city;
        for (int k = 0; k < 12 && st == ST_OK; k++) {
            char m[8];
            struct rpt_value v[TM_N] = {
                RPT_V_TEXT(i < r->nlines ? L->department : rpt_label(lang, "total")),
                RPT_V_TEXT(L->system),
                RPT_V_TEXT(month_format(r->first_month + k, m)),
                RPT_V_TEXT(rpt_label(lang, k < r->actual_months ? "kind_actual" : "kind_forecast")),
                yen_if(L->has_approp, L->plan[k]),
                RPT_V_YEN(L->months[k]),
                RPT_V_YEN(L->lo80[k]),
                RPT_V_YEN(L->hi80[k]),
                RPT_V_YEN(L->lo95[k]),
                RPT_V_YEN(L->hi95[k]),
            };
            drop_system(v, sizeof v[0], TM_N, sys);
            st = rpt_table_row(t, v, i == r->nlines);
        }
    }
    return st;
}

/* ---- the month under way, day by day (job_track_daily) ---- */

/* The month after the as-of day (the month under way: the as-of month when
 * it is partial, else the next), or -1 when it is outside the year. */
static int daily_month(const struct track_result *r)
{
    int m = month_index_of(r->as_of + 1);
    return m >= r->first_month && m < r->first_month + 12 ? m : -1;
}

/* The city's days: actual, the P50 forecast (joined to the last actual
 * day) and its 80 % band, the as-of day marked. */
static enum status add_daily_chart(struct rpt_doc *d, const struct track_daily_result *r)
{
    enum rpt_lang lang = d->lang;
    char xs[TRACK_DAYS_MAX][12], title[160], m[8];
    const char *xl[TRACK_DAYS_MAX];
    double lo[TRACK_DAYS_MAX], hi[TRACK_DAYS_MAX], act[TRACK_DAYS_MAX], fc[TRACK_DAYS_MAX];
    const struct track_daily_line *L = &r->city;
    int na = r->actual_days;
    for (int k = 0; k < r->ndays; k++) {
        snprintf(xs[k], sizeof xs[k], "%d", k + 1);
        xl[k] = xs[k];
        int band = k >= na - 1;
        lo[k] = band ? (double)L->lo80[k] : NAN;
        hi[k] = band ? (double)L->hi80[k] : NAN;
        act[k] = k < na ? (double)L->day[k] : NAN;
        fc[k] = band && na < r->ndays ? (double)L->day[k] : NAN;
    }
    snprintf(title, sizeof title, lang == RPT_LANG_JA ? "%s（%s）" : "%s (%s)",
             rpt_label(lang, "chart_track_daily"), month_format(r->month, m));
    struct rpt_section *c;
    enum status st = rpt_doc_add_chart(d, "chart_daily", title, RPT_CHART_LINE, RPT_T_YEN,
                                       (size_t)r->ndays, xl, &c);
    if (st == ST_OK)
        st = rpt_chart_add_series(c, rpt_label(lang, "series_range80"), RPT_S_BAND, NULL, lo, hi);
    if (st == ST_OK)
        st = rpt_chart_add_series(c, rpt_label(lang, "series_actual"), RPT_S_LINE, act, NULL, NULL);
    if (st == ST_OK && na < r->ndays)
        st = rpt_chart_add_series(c, rpt_label(lang, "series_forecast"), RPT_S_DASHED, fc, NULL,
                                  NULL);
    if (st == ST_OK && na > 0 && na < r->ndays) {
        char day[DATE_ISO_LEN], label[96];
        snprintf(label, sizeof label, "%s %s", rpt_label(lang, "meta_as_of"),
                 date_format(r->as_of, day));
        st = rpt_chart_set_marker(c, (double)na - 0.5, label);
    }
    return st;
}

enum { TD_N = 8 };

/* One row per department and the city: the month to the as-of day, its
 * projected total with the 80 % band, the plan and the share of the
 * appropriation (as `yosan track --daily`). */
static enum status add_daily_table(struct rpt_doc *d, const struct track_daily_result *r)
{
    enum rpt_lang lang = d->lang;
    struct rpt_column_spec cols[TD_N] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"actual_yen", rpt_label(lang, "col_month_actual"), RPT_T_YEN, 0},
        {"p50_yen", rpt_label(lang, "col_month_p50"), RPT_T_YEN, 0},
        {"lo80_yen", rpt_label(lang, "col_lo80"), RPT_T_YEN, 0},
        {"hi80_yen", rpt_label(lang, "col_hi80"), RPT_T_YEN, 0},
        {"plan_yen", rpt_label(lang, "col_plan"), RPT_T_YEN, 0},
        {"share_pct", rpt_label(lang, "col_month_share"), RPT_T_PERCENT, 1},
        {"model", rpt_label(lang, "col_model"), RPT_T_TEXT, 0},
    };
    char title[160], m[8];
    snprintf(title, sizeof title,
             lang == RPT_LANG_JA ? "%s：%s（実績%d日・予測%d日）"
                                 : "%s: %s (%d actual days, %d forecast)",
             rpt_label(lang, "sec_track_daily"), month_format(r->month, m), r->actual_days,
             r->ndays - r->actual_days);
    struct rpt_section *t;
    enum status st = rpt_doc_add_table(d, "track_daily", title, TD_N, cols, &t);
    for (size_t i = 0; i <= r->nlines && st == ST_OK; i++) {
        const struct track_daily_line *L = i < r->nlines ? &r->lines[i] : &r->city;
        struct rpt_value v[TD_N] = {
            RPT_V_TEXT(i < r->nlines ? L->department : rpt_label(lang, "total")),
            RPT_V_YEN(L->actual),
            RPT_V_YEN(L->p50),
            RPT_V_YEN(L->lo80m),
            RPT_V_YEN(L->hi80m),
            yen_if(L->has_approp, L->plan),
            pct_if(L->share_pct),
            RPT_V_TEXT(L->model),
        };
        st = rpt_table_row(t, v, i == r->nlines);
    }
    return st;
}

/* The daily sections when the month under way is in the year (else none). */
static enum status add_daily(struct store *s, struct rpt_doc *d, const struct job_report_opts *o,
                             const struct track_result *tr, struct err *e)
{
    int month = daily_month(tr);
    if (month < 0)
        return ST_OK;
    struct track_daily_params p = {month, tr->as_of, o->cost, MDL_AUTO, o->jobs, tr};
    struct track_daily_result r = {0};
    enum status st = job_track_daily(s, &p, &r, e);
    if (st == ST_OK && (st = add_daily_chart(d, &r)) == ST_OK)
        st = add_daily_table(d, &r);
    job_track_daily_release(&r);
    return st;
}

/* Title and metadata: the year (令和), the as-of day, the actual months, the basis. */
static enum status add_head(struct rpt_doc *d, enum rpt_lang lang, const struct track_result *r)
{
    char era[ERA_LABEL_MAX], title[256], buf[400], m1[8], m2[8], day[DATE_ISO_LEN];
    era_fy_label(r->fiscal_year, era, sizeof era);
    if (lang == RPT_LANG_JA)
        snprintf(title, sizeof title, "%s %s", era, rpt_label(lang, "title_track"));
    else
        snprintf(title, sizeof title, "FY%d %s", r->fiscal_year, rpt_label(lang, "title_track"));
    enum status st = rpt_doc_init(d, lang, "track", title);
    if (st != ST_OK)
        return st;
    month_format(r->first_month, m1);
    month_format(r->first_month + 11, m2);
    snprintf(buf, sizeof buf, "%d (%s – %s)", r->fiscal_year, m1, m2);
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_fiscal_year"), buf)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_era"), era)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_as_of"), date_format(r->as_of, day))) !=
            ST_OK)
        return st;
    if (r->actual_months > 0) {
        month_format(r->first_month + r->actual_months - 1, m2);
        char na[16], nf[16];
        snprintf(na, sizeof na, "%d", r->actual_months);
        snprintf(nf, sizeof nf, "%d", 12 - r->actual_months);
        const char *const args[4] = {m1, m2, na, nf};
        fill(buf, sizeof buf, rpt_label(lang, "track_months_fmt"), args);
    } else {
        snprintf(buf, sizeof buf, "%s", rpt_label(lang, "track_no_actual"));
    }
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_actual_months"), buf)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_dataset"),
                               rpt_label(lang, strcmp(r->dataset, "amortized") == 0
                                                   ? "dataset_amortized"
                                                   : "dataset_actual"))) != ST_OK)
        return st;
    snprintf(buf, sizeof buf, lang == RPT_LANG_JA ? "%s（%s、%s）" : "%s (%s; %s)",
             terms_basis_text(r->basis, lang == RPT_LANG_JA), rpt_label(lang, "track_basis_why"),
             lang == RPT_LANG_JA && strcmp(r->terms_source, "built-in defaults") == 0
                 ? "既定の課税・契約条件"
                 : r->terms_source);
    return rpt_doc_add_meta(d, rpt_label(lang, "meta_basis"), buf);
}

enum status job_report_track(struct store *s, const struct job_report_opts *o, struct rpt_doc *d,
                             struct err *e)
{
    struct track_params p = {0};
    p.fiscal_year = o->fiscal_year;
    p.as_of = o->as_of;
    p.cost = o->cost;
    p.kind = MDL_AUTO;
    p.jobs = o->jobs;
    struct track_result r;
    memset(&r, 0, sizeof r);
    enum status st = job_track(s, &p, &r, e);
    if (st == ST_OK && (st = add_head(d, o->lang, &r)) == ST_OK &&
        (st = add_attention(d, &r)) == ST_OK && (st = add_lines_table(d, &r)) == ST_OK &&
        (st = add_charts(d, &r)) == ST_OK && (st = add_daily(s, d, o, &r, e)) == ST_OK &&
        (st = add_monthly_table(d, &r)) == ST_OK)
        st = rpt_doc_add_note(d, "notes", rpt_label(o->lang, "notes"),
                              rpt_label(o->lang, "note_track"), NULL);
    if (st == ST_NOMEM && e->code == ST_OK)
        err_set(e, ST_NOMEM, "out of memory building the report");
    job_track_result_release(&r);
    return st;
}
