/*
 * job_report_whatif.c - the what-if report: job_whatif() turned into a
 * report document (cumulative cost per alternative with the break-even
 * marked, a summary per alternative, cost per alternative and fiscal year
 * by category). Glue only: the yearly amounts are the model's exact
 * whole-unit sums.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "job_report.h"
#include "job_whatif.h"
#include "utf8.h"

static void fy_label(enum rpt_lang lang, int fy, char *out, size_t outlen)
{
    if (lang == RPT_LANG_JA)
        snprintf(out, outlen, "%d年度", fy);
    else
        snprintf(out, outlen, "FY%d", fy);
}

/* What people call alternative a: the scenario's label ("オンプレ更改"),
 * else its id ("onprem"); the results are in the scenario's order. */
static const char *alt_label(const struct job_whatif_result *r, size_t a)
{
    const char *l = a < r->scn.nalts ? r->scn.alts[a].label : NULL;
    return l && *l ? l : r->res.alts[a].name;
}

static const char *category_label(enum rpt_lang lang, enum scn_category c)
{
    char key[48];
    snprintf(key, sizeof key, "cat_%s", scn_category_name(c));
    const char *l = rpt_label(lang, key);
    return l == key ? scn_category_name(c) : l; /* unknown key: the model's name */
}

static enum status add_cumulative_chart(struct rpt_doc *d, const struct job_whatif_result *r,
                                        enum rpt_lang lang)
{
    const struct whatif_result *w = &r->res;
    size_t n = (size_t)w->years;
    char **xl = calloc(n ? n : 1, sizeof *xl);
    double *v = calloc(n ? n : 1, sizeof *v);
    enum status st = xl && v ? ST_OK : ST_NOMEM;
    for (size_t y = 0; y < n && st == ST_OK; y++) {
        if (!(xl[y] = malloc(24)))
            st = ST_NOMEM;
        else
            fy_label(lang, w->start_fy + (int)y, xl[y], 24);
    }
    struct rpt_section *c = NULL;
    if (st == ST_OK)
        st = rpt_doc_add_chart(d, "chart_cumulative", rpt_label(lang, "chart_whatif_cumulative"),
                               RPT_CHART_LINE, RPT_T_YEN, n, (const char *const *)xl, &c);
    for (size_t a = 0; a < w->nalts && st == ST_OK; a++) {
        for (size_t y = 0; y < n; y++)
            v[y] = (double)w->alts[a].years[y].cumulative;
        st = rpt_chart_add_series(c, alt_label(r, a), a == w->baseline ? RPT_S_DASHED : RPT_S_LINE,
                                  v, NULL, NULL);
    }
    /* mark the break-even of the best-ranked alternative that has one */
    const struct whatif_alt_result *best = NULL;
    size_t best_i = 0;
    for (size_t a = 0; a < w->nalts && st == ST_OK; a++)
        if (a != w->baseline && w->alts[a].break_even_fy > 0 &&
            (!best || w->alts[a].rank < best->rank)) {
            best = &w->alts[a];
            best_i = a;
        }
    if (best && st == ST_OK) {
        char fy[24], label[256];
        fy_label(lang, best->break_even_fy, fy, sizeof fy);
        snprintf(label, sizeof label, "%s: %s (%s)", rpt_label(lang, "break_even"),
                 alt_label(r, best_i), fy);
        utf8_trim_partial(label); /* a long alternative name is cut, never a character */
        st = rpt_chart_set_marker(c, (double)(best->break_even_fy - w->start_fy), label);
    }
    for (size_t y = 0; xl && y < n; y++)
        free(xl[y]);
    free(xl);
    free(v);
    return st;
}

static enum status add_summary_table(struct rpt_doc *d, const struct job_whatif_result *r,
                                     enum rpt_lang lang)
{
    const struct whatif_result *w = &r->res;
    struct rpt_column_spec cols[] = {
        {"alternative", rpt_label(lang, "col_alternative"), RPT_T_TEXT, 0},
        {"total_yen", rpt_label(lang, "col_total_horizon"), RPT_T_YEN, 0},
        {"npv_yen", rpt_label(lang, "col_npv"), RPT_T_YEN, 0},
        {"rank", rpt_label(lang, "col_rank"), RPT_T_NUMBER, 0},
        {"break_even", rpt_label(lang, "break_even"), RPT_T_TEXT, 0},
        {"alternative_id", rpt_label(lang, "col_alternative_id"), RPT_T_TEXT, 0},
    };
    struct rpt_section *t;
    enum status st =
        rpt_doc_add_table(d, "alternatives", rpt_label(lang, "sec_whatif_summary"), 6, cols, &t);
    if (st == ST_OK)
        rpt_table_set_tooltip(t, 5, 0); /* the id: HTML's tooltip of the label */
    for (size_t a = 0; a < w->nalts && st == ST_OK; a++) {
        const struct whatif_alt_result *alt = &w->alts[a];
        char fy[24] = "";
        if (a == w->baseline)
            snprintf(fy, sizeof fy, "%s", rpt_label(lang, "baseline"));
        else if (alt->break_even_fy > 0)
            fy_label(lang, alt->break_even_fy, fy, sizeof fy);
        else
            snprintf(fy, sizeof fy, "%s", rpt_label(lang, "never"));
        struct rpt_value v[] = {
            RPT_V_TEXT(alt_label(r, a)),  RPT_V_YEN(alt->total), RPT_V_YEN(alt->npv),
            RPT_V_NUM((double)alt->rank), RPT_V_TEXT(fy),        RPT_V_TEXT(alt->name)};
        st = rpt_table_row(t, v, 0);
    }
    return st;
}

static enum status add_years_table(struct rpt_doc *d, const struct job_whatif_result *r,
                                   enum rpt_lang lang)
{
    const struct whatif_result *w = &r->res;
    struct rpt_column_spec cols[SCN_CAT_COUNT + 4];
    char ids[SCN_CAT_COUNT][48];
    enum scn_category used[SCN_CAT_COUNT];
    size_t nc = 0, nused = 0;
    cols[nc++] =
        (struct rpt_column_spec){"alternative", rpt_label(lang, "col_alternative"), RPT_T_TEXT, 0};
    cols[nc++] =
        (struct rpt_column_spec){"fiscal_year", rpt_label(lang, "meta_fiscal_year"), RPT_T_TEXT, 0};
    for (int c = 0; c < SCN_CAT_COUNT; c++)
        if (w->cats_used & (1u << c)) {
            snprintf(ids[nused], sizeof ids[nused], "%s_yen",
                     scn_category_name((enum scn_category)c));
            cols[nc++] = (struct rpt_column_spec){
                ids[nused], category_label(lang, (enum scn_category)c), RPT_T_YEN, 0};
            used[nused++] = (enum scn_category)c;
        }
    cols[nc++] = (struct rpt_column_spec){"total_yen", rpt_label(lang, "col_annual"), RPT_T_YEN, 0};
    cols[nc++] =
        (struct rpt_column_spec){"cumulative_yen", rpt_label(lang, "col_cumulative"), RPT_T_YEN, 0};
    struct rpt_section *t;
    enum status st =
        rpt_doc_add_table(d, "years", rpt_label(lang, "sec_whatif_years"), nc, cols, &t);
    struct rpt_value v[SCN_CAT_COUNT + 4];
    for (size_t a = 0; a < w->nalts && st == ST_OK; a++)
        for (int y = 0; y < w->years && st == ST_OK; y++) {
            const struct whatif_year *wy = &w->alts[a].years[y];
            char fy[24];
            fy_label(lang, wy->fy, fy, sizeof fy);
            size_t k = 0;
            v[k++] = RPT_V_TEXT(alt_label(r, a));
            v[k++] = RPT_V_TEXT(fy);
            for (size_t u = 0; u < nused; u++)
                v[k++] = RPT_V_YEN(wy->by_cat[used[u]]);
            v[k++] = RPT_V_YEN(wy->total);
            v[k++] = RPT_V_YEN(wy->cumulative);
            st = rpt_table_row(t, v, 0);
        }
    return st;
}

enum status job_report_whatif(const struct job_report_opts *o, struct rpt_doc *d, struct err *e)
{
    struct job_whatif_options ro = {.path = o->scenario, .years = o->years, .db_path = o->db_path};
    struct job_whatif_result r;
    memset(&r, 0, sizeof r);
    ro.threads = o->threads;
    ro.now = o->now;
    enum status st = job_whatif(&ro, &r, e);
    if (st != ST_OK)
        return st;
    enum rpt_lang lang = o->lang;
    const struct whatif_result *w = &r.res;
    char buf[64], fy1[24], fy2[24];
    if ((st = rpt_doc_init(d, lang, "whatif", rpt_label(lang, "title_whatif"))) != ST_OK)
        goto out;
    rpt_doc_set_currency(d, w->currency == SCN_USD ? "USD" : "JPY");
    fy_label(lang, w->start_fy, fy1, sizeof fy1);
    fy_label(lang, w->start_fy + w->years - 1, fy2, sizeof fy2);
    snprintf(buf, sizeof buf, "%s – %s", fy1, fy2);
    if ((st = rpt_doc_add_meta(d, rpt_label(lang, "meta_scenario"),
                               r.scn.name && *r.scn.name ? r.scn.name : o->scenario)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_period"), buf)) != ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "baseline"), alt_label(&r, w->baseline))) !=
            ST_OK ||
        (st = rpt_doc_add_meta(d, rpt_label(lang, "meta_currency"), d->currency)) != ST_OK)
        goto out;
    if ((st = add_cumulative_chart(d, &r, lang)) != ST_OK ||
        (st = add_summary_table(d, &r, lang)) != ST_OK ||
        (st = add_years_table(d, &r, lang)) != ST_OK)
        goto out;
out:
    if (st == ST_NOMEM && e->code == ST_OK)
        err_set(e, ST_NOMEM, "out of memory building the report");
    job_whatif_release(&r);
    return st;
}
