/*
 * job_report_request.c - the request view (予算要求) of the budget report
 * (docs/reports.md "Request view"): per department (and system) last
 * year's original appropriation (当初予算額, from an imported file), last
 * year's actual or estimate (前年度実績 / 前年度見込), this request, the
 * change and a reason, in yen and in 千円, with 令和 year labels. The
 * 千円 figures are rounded per finest line (mdl_rollup.h); subtotals and
 * the total are the sums of the rounded lines. Formats nothing itself: it
 * adds one table section to the report document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "era.h"
#include "job_budget_internal.h"
#include "job_report.h"
#include "mdl_rollup.h"

enum { C_AP, C_LAST, C_REQ, NV }; /* the amounts of a row */

struct req_row {
    const char *dep, *sys;  /* sys NULL: a department (or the total) row */
    int64_t yen[NV], k[NV]; /* whole yen and 千円 */
    int has_ap;             /* an appropriation is known (for a sum row: for every line) */
    int missing_ap;         /* a sum row: some line under it has none */
    char reason[512];       /* the adjustments' notes */
    int total;              /* 1: bold (department subtotal by system, the total) */
};

/* The original appropriation of FY fy for (dep, sys) (sys "" = the
 * department's own figure); 1 when the file has it. */
static int approp_of(const struct imp_approp_set *a, int fy, const char *dep, const char *sys,
                     int64_t *yen)
{
    int found = 0;
    *yen = 0;
    for (size_t i = 0; a && i < a->n; i++)
        if (a->v[i].fiscal_year == fy && a->v[i].kind == IMP_APPROP_ORIGINAL &&
            strcmp(a->v[i].department, dep) == 0 && strcmp(a->v[i].system, sys) == 0) {
            *yen += a->v[i].yen;
            found = 1;
        }
    return found;
}

/* The notes of the department's adjustments, "; "-joined. */
static void reason_of(const struct imp_adjust_set *adj, const char *dep, char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; adj && i < adj->n; i++) {
        if (strcmp(adj->v[i].department, dep) != 0 || !adj->v[i].note[0])
            continue;
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%s", len ? "; " : "", adj->v[i].note);
    }
}

/* A finest row: its own yen, each rounded to 千円. */
static void finest(struct req_row *w, const struct budget_line *L, const struct job_report_opts *o,
                   int fy, const char *sys)
{
    w->yen[C_LAST] = L->last_fy;
    w->yen[C_REQ] = L->budget;
    w->has_ap = approp_of(o->approp, fy - 1, L->department, sys ? sys : "", &w->yen[C_AP]);
    for (int v = 0; v < NV; v++)
        w->k[v] = mdl_thousand_yen(w->yen[v], (enum money_rounding)o->thousand_rounding);
}

/* Add row f into the sum row s: a sum has an appropriation only when
 * every line under it has one (a partial sum would make a false change). */
static void add_into(struct req_row *s, const struct req_row *f)
{
    for (int v = 0; v < NV; v++) {
        s->yen[v] += f->yen[v];
        s->k[v] += f->k[v];
    }
    s->missing_ap |= !f->has_ap;
    s->has_ap = !s->missing_ap;
}

/* The rows: departments (with their systems), then the total. *n rows. */
static struct req_row *build_rows(const struct budget_result *r, const struct job_report_opts *o,
                                  size_t *n)
{
    struct req_row *w = calloc(r->nlines + r->nsys + 1, sizeof *w);
    if (!w)
        return NULL;
    int bys = r->sys_first != NULL;
    struct req_row *T = NULL;
    size_t k = 0;
    for (size_t l = 0; l < r->nlines; l++) {
        struct req_row *D = &w[k++];
        D->dep = r->lines[l].department;
        reason_of(o->adjust, D->dep, D->reason, sizeof D->reason);
        if (!bys) {
            finest(D, &r->lines[l], o, r->fiscal_year, NULL);
        } else {
            D->total = 1;
            for (size_t j = r->sys_first[l]; j < r->sys_first[l + 1]; j++) {
                struct req_row *S = &w[k++];
                S->dep = D->dep;
                S->sys = r->sys[j].system;
                finest(S, &r->sys[j], o, r->fiscal_year, S->sys);
                add_into(D, S);
            }
            int64_t own; /* the department's own figure wins over its systems' sum */
            if (approp_of(o->approp, r->fiscal_year - 1, D->dep, "", &own)) {
                D->has_ap = 1;
                D->missing_ap = 0;
                D->yen[C_AP] = own;
                D->k[C_AP] = mdl_thousand_yen(own, (enum money_rounding)o->thousand_rounding);
            }
        }
    }
    T = &w[k++];
    T->total = 1;
    for (size_t i = 0; i + 1 < k; i++)
        if (!w[i].sys)
            add_into(T, &w[i]);
    *n = k;
    return w;
}

/* The FY-1 column's label: 実績 when all 12 months are actual, else
 * 見込 (actual to month X + forecast). */
static void last_label(const struct budget_result *r, enum rpt_lang lang, const char *era,
                       const char *unit, char *out, size_t n)
{
    int a = r->total.last_fy_actual_months;
    char m[8];
    month_format(r->first_month - 12 + a - 1, m);
    if (lang == RPT_LANG_JA) {
        if (a >= 12)
            snprintf(out, n, "%s実績（%s）", era, unit);
        else if (a > 0)
            snprintf(out, n, "%s見込（%d月まで実績）（%s）", era,
                     (((r->first_month - 12 + a - 1) % 12 + 12) % 12 + 1), unit);
        else
            snprintf(out, n, "%s見込（予測）（%s）", era, unit);
    } else {
        if (a >= 12)
            snprintf(out, n, "FY%d actual (%s)", r->fiscal_year - 1, unit);
        else if (a > 0)
            snprintf(out, n, "FY%d estimate (actual to %s) (%s)", r->fiscal_year - 1, m, unit);
        else
            snprintf(out, n, "FY%d estimate (forecast) (%s)", r->fiscal_year - 1, unit);
    }
}

/* Column labels: amounts in yen, then in 千円. */
static void labels(const struct budget_result *r, enum rpt_lang lang, char (*lab)[160])
{
    char prev[ERA_LABEL_MAX], cur[ERA_LABEL_MAX];
    era_fy_label(r->fiscal_year - 1, prev, sizeof prev);
    era_fy_label(r->fiscal_year, cur, sizeof cur);
    int ja = lang == RPT_LANG_JA;
    const char *unit[2] = {ja ? "円" : "yen", ja ? "千円" : "thousand yen"};
    for (int u = 0; u < 2; u++) {
        char(*L)[160] = lab + 4 * u;
        if (ja) {
            snprintf(L[0], 160, "%s当初予算額（%s）", prev, unit[u]);
            snprintf(L[2], 160, "%s要求額（%s）", cur, unit[u]);
            snprintf(L[3], 160, "増減（%s）", unit[u]);
        } else {
            snprintf(L[0], 160, "FY%d original appropriation (%s)", r->fiscal_year - 1, unit[u]);
            snprintf(L[2], 160, "FY%d request (%s)", r->fiscal_year, unit[u]);
            snprintf(L[3], 160, "change (%s)", unit[u]);
        }
        last_label(r, lang, prev, unit[u], L[1], 160);
    }
}

/* The note under the table: basis, rounding, what the change is. */
static void request_note(const struct budget_result *r, const struct job_report_opts *o, char *out,
                         size_t n)
{
    static const char *const rja[] = {"切り捨て", "四捨五入", "切り上げ"};
    static const char *const ren[] = {"rounded down", "rounded half up", "rounded up"};
    int rr = o->thousand_rounding;
    if (o->lang == RPT_LANG_JA)
        snprintf(
            out, n,
            "金額の基準：%s。千円欄は各行を千円未満%sした額で、小計・合計（千円）は丸めた各行の合"
            "計です（円の合計を丸めた額ではありません）。増減は要求額－当初予算額。当初予算額は"
            "%s。理由は計画変更ファイル（--adjust）の備考です。",
            terms_basis_text(r->basis, 1), rja[rr],
            o->approp ? "取込ファイルの額（ない行は空欄）" : "資料なし（空欄）");
    else
        snprintf(out, n,
                 "Amounts on basis %s. Thousand-yen figures are each line %s to the thousand; "
                 "subtotals and the total in thousands are the sums of the rounded lines (not the "
                 "rounded sum of the yen). Change = request - original appropriation. The "
                 "original appropriation is %s. Reasons are the notes of the adjustments file "
                 "(--adjust).",
                 terms_basis_text(r->basis, 0), ren[rr],
                 o->approp ? "from the imported file (blank where it has none)"
                           : "not given (blank)");
}

static void row_values(const struct req_row *w, const char *total, int bys, struct rpt_value *v)
{
    size_t c = 0;
    v[c++] = RPT_V_TEXT(w->dep ? w->dep : total);
    if (bys)
        v[c++] = RPT_V_TEXT(w->sys ? w->sys : "");
    for (int u = 0; u < 2; u++) {
        const int64_t *a = u ? w->k : w->yen;
        v[c++] = w->has_ap ? RPT_V_YEN(a[C_AP]) : RPT_V_EMPTY;
        v[c++] = RPT_V_YEN(a[C_LAST]);
        v[c++] = RPT_V_YEN(a[C_REQ]);
        v[c++] = w->has_ap ? RPT_V_YEN(a[C_REQ] - a[C_AP]) : RPT_V_EMPTY;
    }
    v[c] = RPT_V_TEXT(w->reason[0] ? w->reason : NULL);
}

enum status job_report_request(struct rpt_doc *d, const struct budget_result *r,
                               const struct job_report_opts *o)
{
    enum rpt_lang lang = d->lang;
    int ja = lang == RPT_LANG_JA, bys = r->sys_first != NULL;
    static const char *const ids[] = {"appropriation_yen", "last_fy_yen",     "request_yen",
                                      "change_yen",        "appropriation_k", "last_fy_k",
                                      "request_k",         "change_k"};
    char lab[8][160], title[160], note[1024], cur[ERA_LABEL_MAX];
    labels(r, lang, lab);
    struct rpt_column_spec cols[11];
    size_t nc = 0;
    cols[nc++] =
        (struct rpt_column_spec){"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0};
    if (bys)
        cols[nc++] =
            (struct rpt_column_spec){"system", ja ? "業務システム" : "system", RPT_T_TEXT, 0};
    for (int i = 0; i < 8; i++)
        cols[nc++] = (struct rpt_column_spec){ids[i], lab[i], RPT_T_YEN, 0};
    cols[nc++] = (struct rpt_column_spec){"reason", ja ? "増減理由" : "reason", RPT_T_TEXT, 0};
    era_fy_label(r->fiscal_year, cur, sizeof cur);
    if (ja)
        snprintf(title, sizeof title, "%s 予算要求（%d年度）", cur, r->fiscal_year);
    else
        snprintf(title, sizeof title, "Budget request FY%d (%s)", r->fiscal_year, cur);
    size_t n = 0;
    struct req_row *w = build_rows(r, o, &n);
    if (!w)
        return ST_NOMEM;
    struct rpt_section *t;
    enum status st = rpt_doc_add_table(d, "request", title, nc, cols, &t);
    if (st == ST_OK) {
        request_note(r, o, note, sizeof note);
        if (!(t->note = strdup(note)))
            st = ST_NOMEM;
    }
    struct rpt_value v[11];
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        row_values(&w[i], rpt_label(lang, "total"), bys, v);
        st = rpt_table_row(t, v, w[i].total);
    }
    free(w);
    return st;
}
