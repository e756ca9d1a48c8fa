/*
 * job_report_schedule.c - the stop-schedule section of the right-sizing
 * report: job_schedule() turned into report tables. Glue only: the
 * schedules come from the run, amounts are rounded once to whole yen here.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "job_report.h"
#include "job_schedule.h"

static const char *tr(enum rpt_lang lang, const char *ja, const char *en)
{
    return lang == RPT_LANG_JA ? ja : en;
}

/* 1 when the schedule never starts the VM (idle all week). */
static int idle_all_week(const struct mdl_sched_result *r)
{
    for (int w = 0; w < 7; w++)
        if (r->win[w].stop > r->win[w].start)
            return 0;
    return 1;
}

/* The schedule in the report's language, from the run's weekly windows:
 * "mon-fri 07:00-20:00; holidays off" / "月-金 07:00-20:00、祝日・年末年始は停止"
 * (the days and words from rpt_i18n.c; English as mdl_sched_format()). */
static const char *sched_text(enum rpt_lang lang, const struct mdl_sched_result *r, char *out,
                              size_t outlen)
{
    const char *sep = lang == RPT_LANG_JA ? "、" : "; ";
    size_t len = 0;
    out[0] = '\0';
    for (int w = 0; w < 7;) {
        int k = w;
        while (k + 1 < 7 && r->win[k + 1].start == r->win[w].start &&
               r->win[k + 1].stop == r->win[w].stop)
            k++;
        if (r->win[w].stop > r->win[w].start) {
            char d0[16], d1[16];
            snprintf(d0, sizeof d0, "day_%d", w);
            snprintf(d1, sizeof d1, "day_%d", k);
            int n = snprintf(out + len, outlen - len, "%s%s%s%s %02d:00-%02d:00", len ? sep : "",
                             rpt_label(lang, d0), k == w ? "" : "-",
                             k == w ? "" : rpt_label(lang, d1), r->win[w].start, r->win[w].stop);
            if (n < 0 || (size_t)n >= outlen - len)
                return out;
            len += (size_t)n;
        }
        w = k + 1;
    }
    snprintf(out + len, outlen - len, "%s%s", len ? sep : "",
             rpt_label(lang, len ? "sched_holidays_off" : "sched_always_off"));
    return out;
}

/* "scale in outside mon-fri 07:00-20:00; holidays off" in the report's
 * language: a dev/test plan's row (SQL databases are right-sizing's
 * serverless rows, not counted twice). */
static const char *paas_text(enum rpt_lang lang, const struct job_schedule_paas *x, char *out,
                             size_t outlen)
{
    char sched[200];
    snprintf(out, outlen, "%s %s", rpt_label(lang, "sched_scale_in"),
             sched_text(lang, &x->r, sched, sizeof sched));
    return out;
}

/* 1 when a VM's schedule is a row of the table: a stop schedule that runs
 * some hours (one idle all week is a shut-down action of right-sizing). */
static int shown(const struct job_schedule_vm *v)
{
    return v->r.verdict == MDL_SCHED_STOP && !idle_all_week(&v->r);
}

static const char *last_segment(const char *id)
{
    const char *slash = strrchr(id, '/');
    return slash && slash[1] ? slash + 1 : id;
}

/* ST_PARSE when a schedule (VM or PaaS) is priced in another currency than
 * the report's: an error, not a label. */
static enum status check_currency(const struct job_schedule_result *res, const char *currency,
                                  struct err *e)
{
    for (size_t i = 0; i < res->n + res->npaas; i++) {
        const char *cur = i < res->n ? res->v[i].currency : res->paas[i - res->n].currency;
        if (cur[0] && strcmp(cur, currency) != 0)
            return err_set(e, ST_PARSE,
                           "currency mismatch: the stop schedule of %s is priced in %s but the "
                           "report is in %s",
                           i < res->n ? res->v[i].resource_id : res->paas[i - res->n].resource_id,
                           cur, currency);
    }
    return ST_OK;
}

/* The dev/test plans' rows of the schedule table (ncol columns, as the
 * VMs'); the SQL databases are counted in *sql (right-sizing's serverless
 * rows propose them). Each saving rounded once, added to *total. */
static enum status paas_rows(enum rpt_lang lang, struct rpt_section *t,
                             const struct job_schedule_result *res, size_t ncol, int64_t *total,
                             size_t *sql)
{
    enum status st = ST_OK;
    for (size_t i = 0; i < res->npaas && st == ST_OK; i++) {
        const struct job_schedule_paas *x = &res->paas[i];
        if (x->kind == JOB_SCHED_SQL_SERVERLESS) {
            (*sql)++;
            continue;
        }
        char sched[256], reason[1024];
        int64_t whole = (int64_t)llround(x->r.monthly_savings);
        *total += whole;
        struct rpt_value row[8] = {
            RPT_V_TEXT(*x->department ? x->department : rpt_label(lang, "unallocated")),
            RPT_V_TEXT(last_segment(x->resource_id)),
            RPT_V_TEXT(paas_text(lang, x, sched, sizeof sched)),
            RPT_V_NUM(x->r.hours_week_before),
            RPT_V_NUM(x->r.hours_week_after),
            RPT_V_YEN(whole),
            RPT_V_TEXT(rpt_translate(lang, x->reason, reason, sizeof reason)),
            RPT_V_TEXT(x->resource_id),
        };
        st = ncol == 8 ? rpt_table_row(t, row, 0) : ST_USAGE;
    }
    return st;
}

enum status job_report_schedules(struct store *s, const struct job_report_opts *o,
                                 struct rpt_doc *d, struct err *e)
{
    enum rpt_lang lang = o->lang;
    struct calendar cal;
    calendar_init(&cal, 1);
    struct job_schedule_opts so = {.weeks = 8, .cal = &cal, .margin_hours = 1};
    if (o->month != INT_MIN) {
        so.plan_first_day = month_first_day(o->month + 1); /* the month after the report's */
    } else {
        int hour;
        cal_jst_of_utc_hour(o->now / 3600, &so.plan_first_day, &hour);
    }
    struct job_schedule_result res;
    enum status st = job_schedule(s, &so, &res, e);
    if (st != ST_OK) {
        calendar_release(&cal);
        return st;
    }
    /* the report's amounts carry one currency (the bill's, set by the
     * right-sizing part): a schedule priced in another is an error, not a label */
    if ((st = check_currency(&res, d->currency, e)) != ST_OK) {
        job_schedule_release(&res);
        calendar_release(&cal);
        return st;
    }
    struct rpt_column_spec cols[] = {
        {"department", tr(lang, "局", "department"), RPT_T_TEXT, 0},
        {"resource", tr(lang, "リソース", "resource"), RPT_T_TEXT, 0},
        {"schedule", tr(lang, "稼働時間 (JST)", "schedule (JST)"), RPT_T_TEXT, 0},
        {"hours_per_week_before", tr(lang, "週稼働時間 (現状)", "hours/week now"), RPT_T_NUMBER, 1},
        {"hours_per_week_after", tr(lang, "週稼働時間 (停止後)", "hours/week scheduled"),
         RPT_T_NUMBER, 1},
        {"monthly_savings_yen", tr(lang, "月額削減見込", "monthly savings"), RPT_T_YEN, 0},
        {"reason", tr(lang, "根拠", "reason"), RPT_T_TEXT, 0},
        {"resource_id", tr(lang, "リソース ID", "resource id"), RPT_T_TEXT, 0},
    };
    enum { NCOL = sizeof cols / sizeof cols[0] };
    struct rpt_section *t;
    st = rpt_doc_add_table(d, "schedules",
                           tr(lang, "停止スケジュール (祝日・年末年始は終日停止)",
                              "Stop schedules (off on holidays and 12/29-1/3)"),
                           NCOL, cols, &t);
    size_t refused[6] = {0}, idle = 0;
    /* each row's savings rounded once to whole units; the total line is
     * their sum, so the table adds up to the yen */
    int64_t total = 0;
    if (st == ST_OK)
        rpt_table_set_tooltip(t, NCOL - 1, 1);
    for (size_t i = 0; i < res.n && st == ST_OK; i++) {
        const struct job_schedule_vm *v = &res.v[i];
        if (v->r.verdict != MDL_SCHED_STOP) {
            if ((unsigned)v->r.verdict < 6)
                refused[v->r.verdict]++;
            continue;
        }
        if (!shown(v)) { /* right-sizing's shut-down rows: not counted twice */
            idle++;
            continue;
        }
        char sched[256], reason[1024];
        double sv = v->r.monthly_savings;
        int64_t whole = isfinite(sv) ? (int64_t)llround(sv) : 0;
        total += whole;
        struct rpt_value row[NCOL] = {
            RPT_V_TEXT(*v->department ? v->department : rpt_label(lang, "unallocated")),
            RPT_V_TEXT(last_segment(v->resource_id)),
            RPT_V_TEXT(sched_text(lang, &v->r, sched, sizeof sched)),
            RPT_V_NUM(v->r.hours_week_before),
            RPT_V_NUM(v->r.hours_week_after),
            isfinite(sv) ? RPT_V_YEN(whole) : RPT_V_EMPTY,
            RPT_V_TEXT(rpt_translate(lang, v->r.reason, reason, sizeof reason)),
            RPT_V_TEXT(v->resource_id),
        };
        st = rpt_table_row(t, row, 0);
    }
    size_t sql = 0;
    if (st == ST_OK)
        st = paas_rows(lang, t, &res, NCOL, &total, &sql);
    if (st == ST_OK) {
        struct rpt_value row[NCOL];
        for (size_t k = 0; k < NCOL; k++)
            row[k] = RPT_V_EMPTY;
        row[0] = RPT_V_TEXT(rpt_label(lang, "total"));
        row[5] = RPT_V_YEN(total);
        st = rpt_table_row(t, row, 1);
    }
    if (st == ST_OK) {
        char note[768];
        int len = snprintf(
            note, sizeof note,
            lang == RPT_LANG_JA
                ? "停止しない VM: 常時稼働タグ %zu 台、予約/節約プラン適用 %zu 台、"
                  "夜間バッチ %zu 台、終日稼働または停止済み %zu 台、データ不足 %zu 台。"
                  "終日アイドルの %zu 台は上の適正化 (停止) の対象。"
                  "詳細は yosan schedule を参照。"
                : "VMs not stopped: %zu tagged always-on, %zu covered by a reservation "
                  "or savings plan, %zu busy at night (batch), %zu busy around the clock "
                  "or already scheduled, %zu with too little data. %zu idle all week "
                  "belong to the shut-down actions above. See yosan schedule.",
            refused[MDL_SCHED_ALWAYS_ON], refused[MDL_SCHED_RESERVED], refused[MDL_SCHED_BATCH],
            refused[MDL_SCHED_BUSY], refused[MDL_SCHED_NO_DATA], idle);
        if (sql && len > 0 && (size_t)len < sizeof note)
            snprintf(note + len, sizeof note - (size_t)len,
                     lang == RPT_LANG_JA
                         ? "業務時間外にアイドルな SQL データベース %zu 件はサーバーレス"
                           "（自動一時停止）の対象: 上の適正化の serverless 行を参照。"
                         : " %zu SQL databases idle outside office hours can go serverless "
                           "with auto-pause: see the serverless rows above.",
                     sql);
        st = rpt_doc_add_note(d, "stop_schedules_refused",
                              tr(lang, "停止しない VM", "VMs not stopped"), note, NULL);
    }
    job_schedule_release(&res);
    calendar_release(&cal);
    return st;
}
