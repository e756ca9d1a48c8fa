/*
 * job_report_anomalies.c - the cost-anomaly report (issue 14): job_anomalies()
 * per department turned into a report document: the list of flagged days
 * with their expected range and excess, the resources and meters that
 * explain each, and a small chart per anomaly (the department's daily cost,
 * the model's expected cost and range, the flagged day marked). Glue only:
 * the amounts are the job's (the bill's own, list basis), rounded to whole
 * yen once for the tables.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "job_anomaly.h"
#include "job_report.h"
#include "store_costs.h"

#define CHART_DAYS 28 /* days before a flagged day in its chart (and 7 after) */

static const char *const weekday_ja[] = {"月", "火", "水", "木", "金", "土", "日"};
static const char *const weekday_en[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static struct rpt_value yen(double v)
{
    return RPT_V_YEN((int64_t)llround(v));
}

/* "2026-05-03（日・休）" / "2026-05-03 (Sun, closed)". */
static const char *day_label(enum rpt_lang lang, const struct job_anom *a, char *out, size_t n)
{
    char iso[DATE_ISO_LEN];
    int wd = date_weekday(a->day);
    date_format(a->day, iso);
    if (lang == RPT_LANG_JA)
        snprintf(out, n, "%s（%s%s）", iso, weekday_ja[wd], a->closed ? "・休" : "");
    else
        snprintf(out, n, "%s (%s%s)", iso, weekday_en[wd], a->closed ? ", closed" : "");
    return out;
}

/* The series' name; the shared hub's "(unallocated)" in the report's language. */
static const char *series_name(enum rpt_lang lang, const struct job_anom *a)
{
    return strcmp(a->series, "(unallocated)") == 0 ? rpt_label(lang, "anom_unallocated")
                                                   : a->series;
}

/* The resource group and name of an ARM id (last non-empty segment; the
 * group empty when the id has none); "(no resource)" stays as it is. */
static void arm_parts(const char *id, char *rg, size_t rgn, char *name, size_t nn)
{
    rg[0] = name[0] = '\0';
    const char *g = strstr(id, "/resourcegroups/");
    if (!g)
        g = strstr(id, "/resourceGroups/");
    if (g) {
        g += strlen("/resourcegroups/");
        size_t k = strcspn(g, "/");
        snprintf(rg, rgn, "%.*s", (int)k, g);
    }
    size_t len = strlen(id);
    while (len > 0 && id[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && id[start - 1] != '/')
        start--;
    snprintf(name, nn, "%.*s", (int)(len - start), id + start);
    if (!name[0])
        snprintf(name, nn, "%s", id);
}

enum { TA_N = 8 };

static enum status add_list(struct rpt_doc *d, const struct job_anom_result *r)
{
    enum rpt_lang lang = d->lang;
    struct rpt_column_spec cols[TA_N] = {
        {"day", rpt_label(lang, "col_anom_day"), RPT_T_TEXT, 0},
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"actual_yen", rpt_label(lang, "col_anom_actual"), RPT_T_YEN, 0},
        {"expected_yen", rpt_label(lang, "col_anom_expected"), RPT_T_YEN, 0},
        {"low_yen", rpt_label(lang, "col_anom_low"), RPT_T_YEN, 0},
        {"high_yen", rpt_label(lang, "col_anom_high"), RPT_T_YEN, 0},
        {"excess_yen", rpt_label(lang, "col_anom_excess"), RPT_T_YEN, 0},
        {"note", rpt_label(lang, "col_anom_note"), RPT_T_TEXT, 0},
    };
    struct rpt_section *t;
    enum status st =
        rpt_doc_add_table(d, "anomalies", rpt_label(lang, "sec_anom_list"), TA_N, cols, &t);
    for (size_t i = 0; i < r->n && st == ST_OK; i++) {
        const struct job_anom *a = &r->v[i];
        char day[64];
        struct rpt_value v[TA_N] = {
            RPT_V_TEXT(day_label(lang, a, day, sizeof day)),
            RPT_V_TEXT(series_name(lang, a)),
            yen(a->actual),
            yen(a->expected),
            yen(a->lo),
            yen(a->hi),
            yen(a->excess),
            RPT_V_TEXT(a->shift ? rpt_label(lang, "anom_shift") : NULL),
        };
        st = rpt_table_row(t, v, 0);
    }
    return st;
}

enum { TE_N = 8 };

static enum status add_explanations(struct rpt_doc *d, const struct job_anom_result *r)
{
    enum rpt_lang lang = d->lang;
    struct rpt_column_spec cols[TE_N] = {
        {"day", rpt_label(lang, "col_anom_day"), RPT_T_TEXT, 0},
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"rank", rpt_label(lang, "col_rank"), RPT_T_NUMBER, 0},
        {"resource", rpt_label(lang, "col_resource"), RPT_T_TEXT, 0},
        {"resource_group", rpt_label(lang, "col_resource_group"), RPT_T_TEXT, 0},
        {"meter", rpt_label(lang, "col_anom_meter"), RPT_T_TEXT, 0},
        {"increase_yen", rpt_label(lang, "col_anom_increase"), RPT_T_YEN, 0},
        {"usual_yen", rpt_label(lang, "col_anom_usual"), RPT_T_YEN, 0},
    };
    struct rpt_section *t;
    enum status st =
        rpt_doc_add_table(d, "explanations", rpt_label(lang, "sec_anom_explain"), TE_N, cols, &t);
    for (size_t i = 0; i < r->n && st == ST_OK; i++) {
        const struct job_anom *a = &r->v[i];
        char day[DATE_ISO_LEN];
        date_format(a->day, day);
        for (size_t k = 0; k < a->ntop && st == ST_OK; k++) {
            char rg[256], name[256];
            arm_parts(a->top[k].resource, rg, sizeof rg, name, sizeof name);
            struct rpt_value v[TE_N] = {
                RPT_V_TEXT(day),
                RPT_V_TEXT(series_name(lang, a)),
                RPT_V_NUM((double)(k + 1)),
                RPT_V_TEXT(name),
                RPT_V_TEXT(rg),
                RPT_V_TEXT(a->top[k].meter),
                yen(a->top[k].increase),
                yen(a->top[k].usual),
            };
            st = rpt_table_row(t, v, 0);
        }
    }
    return st;
}

/* One small chart: the window of anomaly a. */
static enum status add_chart(struct rpt_doc *d, size_t idx, const struct job_anom *a)
{
    enum rpt_lang lang = d->lang;
    size_t n = a->win_n;
    char **xl = calloc(n ? n : 1, sizeof *xl);
    enum status st = xl ? ST_OK : ST_NOMEM;
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        if (!(xl[i] = malloc(DATE_ISO_LEN)))
            st = ST_NOMEM;
        else
            date_format(a->win_first + (int32_t)i, xl[i]);
    }
    char id[48], title[384], day[64];
    snprintf(id, sizeof id, "chart_anomaly_%zu", idx + 1);
    snprintf(title, sizeof title, "%s %s", series_name(lang, a),
             day_label(lang, a, day, sizeof day));
    struct rpt_section *c = NULL;
    if (st == ST_OK)
        st = rpt_doc_add_chart(d, id, title, RPT_CHART_LINE, RPT_T_YEN, n, (const char *const *)xl,
                               &c);
    if (st == ST_OK) {
        c->compact = 1;
        st = rpt_chart_add_series(c, rpt_label(lang, "series_anom_range"), RPT_S_BAND, NULL,
                                  a->win_lo, a->win_hi);
    }
    if (st == ST_OK)
        st = rpt_chart_add_series(c, rpt_label(lang, "series_anom_expected"), RPT_S_DASHED,
                                  a->win_exp, NULL, NULL);
    if (st == ST_OK)
        st = rpt_chart_add_series(c, rpt_label(lang, "series_anom_daily"), RPT_S_LINE, a->win_x,
                                  NULL, NULL);
    if (st == ST_OK) {
        char iso[DATE_ISO_LEN], label[96];
        snprintf(label, sizeof label, "%s %s", rpt_label(lang, "anom_flagged"),
                 date_format(a->day, iso));
        st = rpt_chart_set_marker(c, (double)(a->day - a->win_first), label);
    }
    for (size_t i = 0; xl && i < n; i++)
        free(xl[i]);
    free(xl);
    return st;
}

static enum status add_head(struct rpt_doc *d, enum rpt_lang lang, const struct job_anom_result *r,
                            const char *ds)
{
    char buf[256], a[DATE_ISO_LEN], b[DATE_ISO_LEN];
    enum status st = rpt_doc_init(d, lang, "anomalies", rpt_label(lang, "title_anomalies"));
    if (st != ST_OK)
        return st;
    snprintf(buf, sizeof buf, "%s – %s", date_format(r->from, a), date_format(r->to, b));
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_period"), buf)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_dataset"), rpt_label(lang, ds))) != ST_OK)
        return st;
    snprintf(buf, sizeof buf, "%zu", r->n);
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_anom_count"), buf)) != ST_OK)
        return st;
    snprintf(buf, sizeof buf, "%zu", r->days_judged);
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_anom_judged"), buf)) != ST_OK)
        return st;
    return rpt_doc_add_meta(d, rpt_label(lang, "meta_basis"), rpt_label(lang, "anom_basis"));
}

enum status job_report_anomalies(struct store *s, const struct job_report_opts *o,
                                 struct rpt_doc *d, struct err *e)
{
    struct job_anom_opts ao = {0};
    ao.dim = COST_DAY_DEPARTMENT;
    ao.dataset = o->cost == 0                                   ? DATASET_ACTUAL
                 : o->cost == 1                                 ? DATASET_AMORTIZED
                 : store_cost_has_dataset(s, DATASET_AMORTIZED) ? DATASET_AMORTIZED
                                                                : DATASET_ACTUAL;
    ao.from = o->from;
    ao.to = o->to;
    ao.window = CHART_DAYS;
    mdl_anom_params_default(&ao.params);
    if (ao.from != INT32_MIN && ao.to != INT32_MAX && ao.from > ao.to)
        return err_set(e, ST_USAGE, "--from is after --to");
    struct job_anom_result r;
    enum status st = job_anomalies(s, &ao, &r, e);
    const char *ds = ao.dataset == DATASET_AMORTIZED ? "dataset_amortized" : "dataset_actual";
    if (st == ST_OK && (st = add_head(d, o->lang, &r, ds)) == ST_OK) {
        if (r.n == 0)
            st = rpt_doc_add_note(d, "none", rpt_label(o->lang, "sec_anom_list"),
                                  rpt_label(o->lang, "anom_none"), NULL);
        else if ((st = add_list(d, &r)) == ST_OK && (st = add_explanations(d, &r)) == ST_OK)
            for (size_t i = 0; i < r.n && st == ST_OK; i++)
                st = add_chart(d, i, &r.v[i]);
    }
    if (st == ST_OK)
        st = rpt_doc_add_note(d, "notes", rpt_label(o->lang, "notes"),
                              rpt_label(o->lang, "note_anomalies"), NULL);
    if (st == ST_NOMEM && e->code == ST_OK)
        err_set(e, ST_NOMEM, "out of memory building the report");
    job_anom_result_release(&r);
    return st;
}
