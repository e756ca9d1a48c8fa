/*
 * cmd_schedule.c - `yosan schedule`: propose stop schedules (JST, Japanese
 * calendar) and export them as a table, CSV, JSON, an az CLI script or cron
 * lines. Also holds the option parsing shared with `yosan commit`.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "cli.h"
#include "cmd_schedule_opts.h"
#include "date.h"
#include "imp_calendar.h"
#include "job_schedule.h"
#include "money.h"
#include "rpt_table.h"
#include "terms.h"

#define PLAN_EVENT_DAYS 14

const char *const cmd_schedule_usage[] = {
    "usage: yosan schedule [--weeks N] [--department D] [--format table|csv|json|az|cron]",
    "                      [--calendar FILE] [--no-closure] [--from YYYY-MM-DD] [--margin H]",
    "                      [--tag KEY[=VALUE]]",
    "",
    "Propose a weekly start/stop schedule per VM from its hourly utilisation over",
    "the last N weeks (or its daily billed hours when no metrics exist), in",
    "Japan time, off on national holidays and the 12/29-1/3 closure. VMs tagged",
    "always-on, busy at night (batch), covered by a reservation or with too",
    "little data are not stopped; the reason column says why.",
    "With metrics, SQL databases idle outside their busy hours get serverless with",
    "auto-pause, and dev/test App Service plans (tag env=dev|test|stg) on 2+",
    "instances a scale-in to 1 outside them: rows after the VMs (JSON: \"paas\").",
    "Savings are priced by the bill's own rates, else retail x a stated ratio;",
    "the price_source column says which (docs/rightsize.md \"Pricing rule\").",
    "",
    "  --weeks N          learning window in weeks (default 8)",
    "  --department D     only the VMs of this department (局)",
    "  --format F         table (default), csv, json (windows and the next 14 days of",
    "                     start/stop times), az (bash script of az vm start/deallocate",
    "                     for the next 14 days) or cron (CRON_TZ=Asia/Tokyo lines)",
    "  --calendar FILE    extra closed/open days: CSV date,closed|open,name",
    "  --no-closure       do not treat 12/29-1/3 as closed",
    "  --from DATE        first day of the plan (default: today in Japan)",
    "  --margin H         hours kept before the first and after the last activity (default 1)",
    "  --tag KEY[=VALUE]  always-on tag (default: always-on=true/yes/1, or schedule=always-on)",
    NULL,
};

/* ---- option parsing shared with cmd_commit.c ---- */

static const char *const sched_formats[] = {"table", "csv", "json", "az", "cron", NULL};

/* The --assume-* options belong to `yosan commit` only (the schedule
 * formats list is the schedule's own). */
static int formats_allow_assume(const char *const *formats)
{
    return formats != sched_formats;
}

void sched_opts_release(struct sched_cli_opts *so)
{
    calendar_release(&so->cal);
    free(so->tag_key);
}

/* After the options: the --calendar file, then the existing database (a
 * usage error comes before "no database"). */
static enum status calendar_and_store(struct cli_ctx *ctx, struct sched_cli_opts *so,
                                      const char *cal_file)
{
    if (cal_file) {
        enum status st = imp_calendar_file(&so->cal, cal_file, &ctx->err);
        if (st != ST_OK)
            return st;
    }
    return cli_open_store(ctx);
}

enum status sched_opts_parse(int argc, char **argv, struct cli_ctx *ctx, const char *const *usage,
                             const char *const *formats, struct sched_cli_opts *so)
{
    static const struct option opts[] = {
        {"weeks", required_argument, NULL, 'w'},
        {"department", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"calendar", required_argument, NULL, 'c'},
        {"no-closure", no_argument, NULL, 'n'},
        {"from", required_argument, NULL, 'F'},
        {"margin", required_argument, NULL, 'm'},
        {"tag", required_argument, NULL, 't'},
        {"assume-ri1y", required_argument, NULL, '1'},
        {"assume-ri3y", required_argument, NULL, '3'},
        {"assume-sp1y", required_argument, NULL, '4'},
        {"assume-sp3y", required_argument, NULL, '6'},
        {NULL, 0, NULL, 0},
    };
    memset(so, 0, sizeof *so);
    so->run.weeks = 8;
    so->run.margin_hours = 1;
    so->assume = (struct job_commit_assume){NAN, NAN, NAN, NAN};
    const char *cal_file = NULL;
    int closure = 1, have_from = 0;
    int c;
    while ((c = getopt_long(argc, argv, "w:d:f:c:nF:m:t:", opts, NULL)) != -1) {
        char *end;
        long v;
        switch (c) {
        case 'w':
            v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 1 || v > 104)
                return cli_usage_error(ctx, usage,
                                       "--weeks: expected 1..104 (weeks of metrics to "
                                       "learn from), got '%s'",
                                       optarg);
            so->run.weeks = (int)v;
            break;
        case 'd':
            so->run.department = optarg;
            break;
        case 'f':
            so->format = cli_choice(optarg, formats);
            if (so->format < 0)
                return cli_usage_error(ctx, usage, "--format: unknown format '%s': expected %s",
                                       optarg, cli_choices_text(formats));
            break;
        case 'c':
            cal_file = optarg;
            break;
        case 'n':
            closure = 0;
            break;
        case 'F':
            if (date_parse(optarg, strlen(optarg), &so->run.plan_first_day) != 0)
                return cli_usage_error(ctx, usage, "--from: expected YYYY-MM-DD, got '%s'", optarg);
            have_from = 1;
            break;
        case 'm':
            v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0 || v > 6)
                return cli_usage_error(ctx, usage,
                                       "--margin: expected 0..6 hours (kept running "
                                       "before and after activity), got '%s'",
                                       optarg);
            so->run.margin_hours = (int)v;
            break;
        case '1':
        case '3':
        case '4':
        case '6': {
            if (!formats_allow_assume(formats))
                return cli_usage_error(ctx, usage, "%s applies to 'yosan commit' only",
                                       argv[optind - 1 - (optarg == argv[optind - 1])]);
            double pct = strtod(optarg, &end);
            if (*end || end == optarg || !(pct >= 0 && pct < 100))
                return cli_usage_error(
                    ctx, usage, "%s: expected a discount 0..99 %% off pay-as-you-go, got '%s'",
                    argv[optind - 1 - (optarg == argv[optind - 1])], optarg);
            double *slot = c == '1'   ? &so->assume.ri1y
                           : c == '3' ? &so->assume.ri3y
                           : c == '4' ? &so->assume.sp1y
                                      : &so->assume.sp3y;
            *slot = pct / 100.0;
            break;
        }
        case 't': {
            free(so->tag_key);
            so->tag_key = strdup(optarg);
            if (!so->tag_key)
                return err_set(&ctx->err, ST_NOMEM, "out of memory");
            char *eq = strchr(so->tag_key, '=');
            if (eq)
                *eq = '\0';
            if (!*so->tag_key)
                return cli_usage_error(ctx, usage, "--tag: empty key");
            so->run.tag_key = so->tag_key;
            so->run.tag_value = eq ? eq + 1 : NULL;
            break;
        }
        default:
            return cli_option_error(ctx, usage, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, usage, "unexpected argument '%s'", argv[optind]);
    if (!have_from) {
        int32_t day;
        int hour;
        cal_jst_of_utc_hour((int64_t)time(NULL) / 3600, &day, &hour);
        so->run.plan_first_day = day;
    }
    calendar_init(&so->cal, closure);
    so->run.cal = &so->cal;
    return calendar_and_store(ctx, so, cal_file);
}

/* ---- output ---- */

enum { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_AZ, FMT_CRON };

/* A model figure (double) as a fixed decimal string, "" for NAN. */
void sched_fmt_amount(double v, int decimals, char *out, size_t outlen)
{
    if (isnan(v)) {
        out[0] = '\0';
        return;
    }
    money_format(money_from_double(v), decimals, out, outlen);
}

/* "serverless auto-pause outside mon-fri 08:00-19:00; holidays off" or
 * "scale in to 1 outside ...": the schedule cell of a PaaS row. */
static const char *paas_schedule(const struct job_schedule_paas *x, char *buf, size_t n)
{
    char sched[160];
    mdl_sched_format(&x->r, sched, sizeof sched);
    if (x->kind == JOB_SCHED_SQL_SERVERLESS)
        snprintf(buf, n, "serverless auto-pause outside %s", sched);
    else
        snprintf(buf, n, "scale in %.0f -> %.0f outside %s", x->units, x->units_off, sched);
    return buf;
}

static enum status add_paas_row(struct rpt_table *t, const struct job_schedule_paas *x)
{
    char sched[224], before[32], after[32], savings[48];
    snprintf(before, sizeof before, "%.1f", x->r.hours_week_before);
    snprintf(after, sizeof after, "%.1f", x->r.hours_week_after);
    sched_fmt_amount(x->r.monthly_savings, terms_currency_decimals(x->currency), savings,
                     sizeof savings);
    const char *row[8] = {x->resource_id, x->department,  paas_schedule(x, sched, sizeof sched),
                          before,         after,          savings,
                          x->reason,      x->price_source};
    return rpt_table_add(t, row);
}

static enum status write_rows(const struct job_schedule_result *res, int fmt, struct cli_ctx *ctx)
{
    static const char *const headers[] = {
        "resource_id",          "department",      "schedule", "hours_per_week_before",
        "hours_per_week_after", "monthly_savings", "reason",   "price_source"};
    static const enum rpt_col_type types[] = {RPT_ID,  RPT_TEXT,   RPT_TEXT, RPT_NUM,
                                              RPT_NUM, RPT_AMOUNT, RPT_TEXT, RPT_TEXT};
    struct rpt_table t;
    enum status st = rpt_table_init(&t, 8, headers, types);
    if (st == ST_OK && res->n) /* one bill, one currency */
        rpt_table_set_decimals(&t, 5, terms_currency_decimals(res->v[0].currency));
    for (size_t i = 0; i < res->n && st == ST_OK; i++) {
        const struct job_schedule_vm *v = &res->v[i];
        char sched[160], before[32], after[32], savings[48];
        mdl_sched_format(&v->r, sched, sizeof sched);
        snprintf(before, sizeof before, "%.1f", v->r.hours_week_before);
        snprintf(after, sizeof after, "%.1f", v->r.hours_week_after);
        sched_fmt_amount(v->r.monthly_savings, terms_currency_decimals(v->currency), savings,
                         sizeof savings);
        const char *row[8] = {v->resource_id, v->department, sched,       before,
                              after,          savings,       v->r.reason, v->price_source};
        st = rpt_table_add(&t, row);
    }
    for (size_t i = 0; i < res->npaas && st == ST_OK; i++)
        st = add_paas_row(&t, &res->paas[i]);
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt == FMT_CSV ? RPT_FMT_CSV : RPT_FMT_TABLE, 0);
    else
        err_set(&ctx->err, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

static void json_hour(FILE *out, int h)
{
    fprintf(out, "\"%02d:00\"", h);
}

/* ", \"windows\": {...}, \"holidays\": \"off\"" of a proposed schedule. */
static void json_windows(FILE *out, const struct mdl_sched_result *r)
{
    static const char *const days[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    fprintf(out, ",\n     \"windows\": {");
    for (int w = 0; w < 7; w++) {
        fprintf(out, "%s\"%s\": ", w ? ", " : "", days[w]);
        if (r->win[w].stop <= r->win[w].start) {
            fprintf(out, "null");
            continue;
        }
        fprintf(out, "{\"start\": ");
        json_hour(out, r->win[w].start);
        fprintf(out, ", \"stop\": ");
        json_hour(out, r->win[w].stop % 24);
        fprintf(out, "}");
    }
    fprintf(out, "}, \"holidays\": \"off\"");
}

/* One PaaS row of the JSON "paas" array. */
static void json_paas(FILE *out, const struct job_schedule_paas *x, size_t i)
{
    char sched[224], money[48];
    fprintf(out, "%s\n    {\"resource_id\": ", i ? "," : "");
    rpt_json_string(out, x->resource_id);
    fprintf(out, ", \"department\": ");
    rpt_json_string(out, x->department);
    fprintf(out, ", \"action\": \"%s\", \"units\": %.2f, \"units_off\": %.0f",
            x->kind == JOB_SCHED_SQL_SERVERLESS ? "serverless-auto-pause" : "scale-in", x->units,
            x->units_off);
    fprintf(out, ",\n     \"schedule\": ");
    rpt_json_string(out, paas_schedule(x, sched, sizeof sched));
    fprintf(out, ", \"reason\": ");
    rpt_json_string(out, x->reason);
    fprintf(out, ",\n     \"hours_per_week_before\": %.1f, \"hours_per_week_after\": %.1f",
            x->r.hours_week_before, x->r.hours_week_after);
    sched_fmt_amount(x->r.monthly_savings, terms_currency_decimals(x->currency), money,
                     sizeof money);
    fprintf(out, ", \"monthly_savings\": %s, \"currency\": ", *money ? money : "null");
    rpt_json_string(out, x->currency);
    fprintf(out, ", \"price_source\": ");
    rpt_json_string(out, x->price_source);
    json_windows(out, &x->r);
    fprintf(out, "}");
}

static void write_json(const struct job_schedule_result *res, int32_t from_day, FILE *out)
{
    char a[DATE_ISO_LEN], b[DATE_ISO_LEN], c[DATE_ISO_LEN];
    fprintf(out,
            "{\n  \"timezone\": \"Asia/Tokyo\",\n  \"learning\": {\"from\": \"%s\", \"to\": "
            "\"%s\"},\n  \"plan_from\": \"%s\",\n  \"vms\": [",
            date_format(res->learn_first_day, a), date_format(res->learn_last_day, b),
            date_format(from_day, c));
    for (size_t i = 0; i < res->n; i++) {
        const struct job_schedule_vm *v = &res->v[i];
        char sched[160], money[48];
        fprintf(out, "%s\n    {\"resource_id\": ", i ? "," : "");
        rpt_json_string(out, v->resource_id);
        fprintf(out, ", \"department\": ");
        rpt_json_string(out, v->department);
        fprintf(out, ", \"vm_size\": ");
        if (v->vm_size)
            rpt_json_string(out, v->vm_size);
        else
            fprintf(out, "null");
        fprintf(out, ", \"region\": ");
        rpt_json_string(out, v->region);
        fprintf(out,
                ",\n     \"verdict\": \"%s\", \"reason\": ", mdl_sched_verdict_name(v->r.verdict));
        rpt_json_string(out, v->r.reason);
        fprintf(out, ", \"source\": \"%s\", \"schedule\": ",
                v->r.from_costs  ? "costs"
                : v->has_metrics ? "metrics"
                                 : "none");
        rpt_json_string(out, mdl_sched_format(&v->r, sched, sizeof sched));
        fprintf(out, ",\n     \"hours_per_week_before\": %.1f, \"hours_per_week_after\": %.1f",
                v->r.hours_week_before, v->r.hours_week_after);
        sched_fmt_amount(v->r.monthly_savings, terms_currency_decimals(v->currency), money,
                         sizeof money);
        fprintf(out, ", \"monthly_savings\": %s, \"currency\": ", *money ? money : "null");
        rpt_json_string(out, v->currency);
        fprintf(out, ", \"price_source\": ");
        rpt_json_string(out, v->price_source);
        if (v->r.verdict != MDL_SCHED_STOP) {
            fprintf(out, ",\n     \"windows\": null, \"next_14_days\": []}");
            continue;
        }
        json_windows(out, &v->r);
        fprintf(out, ",\n     \"next_14_days\": [");
        struct job_sched_event ev[PLAN_EVENT_DAYS + 1];
        size_t n = job_schedule_events(res, i, from_day, PLAN_EVENT_DAYS, ev, PLAN_EVENT_DAYS + 1);
        for (size_t k = 0; k < n && k < PLAN_EVENT_DAYS + 1; k++) {
            char s1[CAL_ISO_JST_LEN], s2[CAL_ISO_JST_LEN];
            fprintf(out, "%s{\"start\": \"%s\", \"stop\": \"%s\"}", k ? ", " : "",
                    cal_format_jst(ev[k].start_day, ev[k].start_hour, s1),
                    cal_format_jst(ev[k].stop_day, ev[k].stop_hour, s2));
        }
        fprintf(out, "]}");
    }
    fprintf(out, "\n  ],\n  \"paas\": [");
    for (size_t i = 0; i < res->npaas; i++)
        json_paas(out, &res->paas[i], i);
    fprintf(out, "%s]\n}\n", res->npaas ? "\n  " : "");
}

/* 1 when a proposed schedule never starts the VM (idle all week). */
static int idle_all_week(const struct mdl_sched_result *r)
{
    for (int w = 0; w < 7; w++)
        if (r->win[w].stop > r->win[w].start)
            return 0;
    return 1;
}

/* Single-quote s for sh. */
static void sh_quote(FILE *out, const char *s)
{
    fputc('\'', out);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", out);
        else
            fputc(*s, out);
    }
    fputc('\'', out);
}

struct az_event {
    int64_t utc_hour; /* when */
    int start;        /* 1 start, 0 deallocate */
    size_t vm;        /* index in the result */
};

static int cmp_az(const void *a, const void *b)
{
    const struct az_event *x = a, *y = b;
    if (x->utc_hour != y->utc_hour)
        return x->utc_hour < y->utc_hour ? -1 : 1;
    if (x->start != y->start)
        return x->start - y->start; /* deallocate before start at the same hour */
    return (x->vm > y->vm) - (x->vm < y->vm);
}

static enum status write_az(const struct job_schedule_result *res, int32_t from_day, FILE *out,
                            struct err *e)
{
    size_t cap = 0, n = 0;
    struct az_event *evs = NULL;
    for (size_t i = 0; i < res->n; i++) {
        if (res->v[i].r.verdict != MDL_SCHED_STOP)
            continue;
        struct job_sched_event ev[PLAN_EVENT_DAYS + 1];
        size_t k = job_schedule_events(res, i, from_day, PLAN_EVENT_DAYS, ev, PLAN_EVENT_DAYS + 1);
        if (n + 2 * k > cap) {
            cap = (n + 2 * k) * 2;
            struct az_event *ne = realloc(evs, cap * sizeof *ne);
            if (!ne) {
                free(evs);
                return err_set(e, ST_NOMEM, "out of memory");
            }
            evs = ne;
        }
        for (size_t j = 0; j < k; j++) {
            evs[n++] =
                (struct az_event){cal_utc_hour_of_jst(ev[j].start_day, ev[j].start_hour), 1, i};
            evs[n++] =
                (struct az_event){cal_utc_hour_of_jst(ev[j].stop_day, ev[j].stop_hour), 0, i};
        }
    }
    if (n)
        qsort(evs, n, sizeof *evs, cmp_az);
    char a[DATE_ISO_LEN];
    fprintf(out,
            "#!/bin/bash\n"
            "# Stop schedule from yosan for the 14 days from %s (times in Asia/Tokyo).\n"
            "# Runs in the foreground: each line waits until its time, then calls az.\n"
            "# A line whose time has passed runs at once, so the VMs reach the state\n"
            "# the schedule wants whenever the script is started.\n"
            "set -u\n"
            "at_jst() { # at_jst ISO-TIME COMMAND...\n"
            "    local t now; t=$(date -d \"$1\" +%%s) || return 1; shift\n"
            "    now=$(date +%%s)\n"
            "    if [ \"$now\" -lt \"$t\" ]; then sleep $((t - now)); fi\n"
            "    \"$@\" || echo \"yosan-schedule: failed: $*\" >&2\n"
            "}\n",
            date_format(from_day, a));
    for (size_t i = 0; i < res->n; i++)
        if (res->v[i].r.verdict == MDL_SCHED_STOP && idle_all_week(&res->v[i].r))
            fprintf(out, "# %s: idle all week - deallocate it once (see yosan rightsize)\n",
                    res->v[i].resource_id);
    for (size_t i = 0; i < n; i++) {
        int32_t day;
        int hour;
        cal_jst_of_utc_hour(evs[i].utc_hour, &day, &hour);
        char iso[CAL_ISO_JST_LEN];
        fprintf(out, "at_jst %s az vm %s --no-wait --ids ", cal_format_jst(day, hour, iso),
                evs[i].start ? "start" : "deallocate");
        sh_quote(out, res->v[evs[i].vm].resource_id);
        fputc('\n', out);
    }
    free(evs);
    return ST_OK;
}

static void write_cron(const struct job_schedule_result *res, int32_t from_day, FILE *out)
{
    static const char *const cron_dow[7] = {"1", "2", "3", "4", "5", "6", "0"};
    char a[DATE_ISO_LEN];
    fprintf(
        out,
        "# Stop schedule from yosan (plan from %s). Install with crontab; cronie reads\n"
        "# CRON_TZ. Closed days (holidays, 12/29-1/3, your calendar) are skipped by\n"
        "# looking up today's date in $YOSAN_CLOSED, one YYYY-MM-DD per line, e.g.:\n"
        "#   yosan holidays --year YYYY --format csv | awk -F, 'NR>1 && $3!=\"open\"{print $1}'\n"
        "CRON_TZ=Asia/Tokyo\n"
        "YOSAN_CLOSED=/etc/yosan/closed-days.txt\n",
        date_format(from_day, a));
    for (size_t i = 0; i < res->n; i++) {
        const struct job_schedule_vm *v = &res->v[i];
        if (v->r.verdict != MDL_SCHED_STOP)
            continue;
        if (idle_all_week(&v->r)) {
            fprintf(out, "# %s (%s): idle all week - deallocate it once (see yosan rightsize)\n",
                    v->resource_id, v->department);
            continue;
        }
        fprintf(out, "# %s (%s)\n", v->resource_id, v->department);
        for (int w = 0; w < 7;) {
            int k = w;
            while (k + 1 < 7 && v->r.win[k + 1].start == v->r.win[w].start &&
                   v->r.win[k + 1].stop == v->r.win[w].stop)
                k++;
            struct mdl_sched_window win = v->r.win[w];
            if (win.stop > win.start && !(win.start == 0 && win.stop == 24)) {
                char dows[32] = "";
                size_t len = 0;
                for (int d = w; d <= k; d++)
                    len += (size_t)snprintf(dows + len, sizeof dows - len, "%s%s", d > w ? "," : "",
                                            cron_dow[d]);
                const char *check = "grep -qx \"$(TZ=Asia/Tokyo date +\\%F)\" \"$YOSAN_CLOSED\" ||";
                /* always a start line: starting a running VM is a no-op */
                {
                    fprintf(out, "0 %d * * %s %s az vm start --no-wait --ids ", win.start, dows,
                            check);
                    sh_quote(out, v->resource_id);
                    fputc('\n', out);
                }
                if (win.stop < 24) {
                    fprintf(out, "0 %d * * %s az vm deallocate --no-wait --ids ", win.stop, dows);
                    sh_quote(out, v->resource_id);
                    fputc('\n', out);
                }
            }
            w = k + 1;
        }
    }
}

enum status cmd_schedule(int argc, char **argv, struct cli_ctx *ctx)
{
    struct sched_cli_opts so;
    enum status st = sched_opts_parse(argc, argv, ctx, cmd_schedule_usage, sched_formats, &so);
    if (st != ST_OK) {
        sched_opts_release(&so);
        return st;
    }
    struct job_schedule_result res;
    st = job_schedule(ctx->store, &so.run, &res, &ctx->err);
    if (st == ST_OK) {
        switch (so.format) {
        case FMT_JSON:
            write_json(&res, so.run.plan_first_day, ctx->out);
            break;
        case FMT_AZ:
            st = write_az(&res, so.run.plan_first_day, ctx->out, &ctx->err);
            break;
        case FMT_CRON:
            write_cron(&res, so.run.plan_first_day, ctx->out);
            break;
        default:
            st = write_rows(&res, so.format, ctx);
        }
        job_schedule_release(&res);
    }
    sched_opts_release(&so);
    return st;
}
