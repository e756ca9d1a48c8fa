/*
 * cmd_report_schedule.c - the stop-schedule section of the right-sizing
 * report: run_schedule() turned into a table of the VMs a schedule is
 * proposed for. Glue only; amounts are the model's, rounded once to yen.
 */
#include <math.h>
#include <string.h>

#include "calendar.h"
#include "cmd_report.h"
#include "date.h"
#include "run_schedule.h"

enum status cmd_report_schedules(const struct report_opts *o, struct cli_ctx *ctx,
                                 struct rpt_doc *d)
{
    struct calendar cal;
    calendar_init(&cal, 1);
    struct run_schedule_opts so = {0};
    so.weeks = 8;
    so.cal = &cal;
    so.margin_hours = 1;
    /* the plan starts after the analysed month, so the report is reproducible */
    so.plan_first_day = month_first_day(o->month + 1);
    struct run_schedule_result r = {0};
    enum status st = run_schedule(ctx->store, &so, &r, &ctx->err);
    if (st != ST_OK) {
        calendar_release(&cal);
        return st;
    }
    enum rpt_lang lang = o->lang;
    struct rpt_column_spec cols[] = {
        {"department", rpt_label(lang, "col_department"), RPT_T_TEXT, 0},
        {"resource", rpt_label(lang, "col_resource"), RPT_T_TEXT, 0},
        {"size", rpt_label(lang, "col_current_size"), RPT_T_TEXT, 0},
        {"schedule", rpt_label(lang, "col_schedule"), RPT_T_TEXT, 0},
        {"hours_per_week_before", rpt_label(lang, "col_hours_before"), RPT_T_NUMBER, 1},
        {"hours_per_week_after", rpt_label(lang, "col_hours_after"), RPT_T_NUMBER, 1},
        {"monthly_savings_yen", rpt_label(lang, "col_monthly_savings"), RPT_T_YEN, 0},
        {"reason", rpt_label(lang, "col_reason"), RPT_T_TEXT, 0},
        {"resource_id", rpt_label(lang, "col_resource_id"), RPT_T_TEXT, 0},
    };
    struct rpt_section *t;
    st = rpt_doc_add_table(d, "schedules", rpt_label(lang, "sec_schedules"),
                           sizeof cols / sizeof cols[0], cols, &t);
    double total = 0;
    for (size_t i = 0; i < r.n && st == ST_OK; i++) {
        const struct run_schedule_vm *vm = &r.v[i];
        if (vm->r.verdict != MDL_SCHED_STOP)
            continue;
        char text[160];
        mdl_sched_format(&vm->r, text, sizeof text);
        const char *slash = strrchr(vm->resource_id, '/');
        double sv = vm->r.monthly_savings;
        if (isfinite(sv))
            total += sv;
        struct rpt_value v[] = {
            RPT_V_TEXT(vm->department),
            RPT_V_TEXT(slash && slash[1] ? slash + 1 : vm->resource_id),
            RPT_V_TEXT(vm->vm_size),
            RPT_V_TEXT(text),
            RPT_V_NUM(vm->r.hours_week_before),
            RPT_V_NUM(vm->r.hours_week_after),
            isfinite(sv) ? RPT_V_YEN((int64_t)llround(sv)) : RPT_V_EMPTY,
            RPT_V_TEXT(vm->r.reason),
            RPT_V_TEXT(vm->resource_id),
        };
        st = rpt_table_row(t, v, 0);
    }
    if (st == ST_OK) {
        struct rpt_value v[9];
        for (size_t k = 0; k < 9; k++)
            v[k] = RPT_V_EMPTY;
        v[0] = RPT_V_TEXT(rpt_label(lang, "total"));
        v[6] = RPT_V_YEN((int64_t)llround(total));
        st = rpt_table_row(t, v, 1);
    }
    run_schedule_release(&r);
    calendar_release(&cal);
    return st;
}
