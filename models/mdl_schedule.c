/*
 * mdl_schedule.c - learn per-weekday running windows from hourly utilisation
 * (or, without metrics, from daily billed hours) and propose a stop schedule.
 * Pure: no I/O, no SQL. All clock times are JST; samples arrive as UTC hours
 * and are shifted arithmetically (UTC+9, no DST).
 */
#include "mdl_schedule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "date.h"
#include "tags.h"

void mdl_sched_params_default(struct mdl_sched_params *p)
{
    memset(p, 0, sizeof *p);
    p->idle_cpu_pct = 5.0;
    p->idle_net_bytes = 50e6;
    p->active_share = 0.2;
    p->margin_hours = 1;
    p->min_days = 14;
    p->night_from = 0;
    p->night_to = 6;
    p->fallback_start = 8;
    p->min_saving_share = 0.05;
}

static const char *const day_abbr[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

const char *mdl_sched_verdict_name(enum mdl_sched_verdict v)
{
    switch (v) {
    case MDL_SCHED_STOP:
        return "schedule";
    case MDL_SCHED_ALWAYS_ON:
        return "always-on";
    case MDL_SCHED_RESERVED:
        return "reserved";
    case MDL_SCHED_NO_DATA:
        return "insufficient-data";
    case MDL_SCHED_BATCH:
        return "batch";
    case MDL_SCHED_BUSY:
        return "busy";
    }
    return "?";
}

/* Closed flag of JST day d, or -1 when d is outside the flags. */
static int closed_of(const struct mdl_sched_params *p, int32_t d)
{
    int64_t k = (int64_t)d - p->off_first_day;
    if (k < 0 || k >= (int64_t)p->off_ndays)
        return -1;
    return p->off[k] != 0;
}

static int win_len(struct mdl_sched_window w)
{
    return w.stop - w.start;
}

struct mdl_sched_window mdl_sched_day(const struct mdl_sched_result *r, int closed, int32_t day)
{
    struct mdl_sched_window all = {0, 24}, none = {0, 0};
    if (r->verdict != MDL_SCHED_STOP)
        return all;
    if (closed)
        return none;
    return r->win[date_weekday(day)];
}

/* Fill the year figures and savings from the weekly figures and windows. */
static void project(const struct mdl_sched_params *p, const struct mdl_sched_vm *vm,
                    struct mdl_sched_result *r)
{
    r->hours_year_before = r->hours_week_before / 168.0 * 24.0 * 365.0;
    if (r->verdict != MDL_SCHED_STOP) {
        r->hours_week_after = r->hours_week_before;
        r->hours_year_after = r->hours_year_before;
        r->monthly_savings = isnan(vm->hourly_price) ? NAN : 0.0;
        return;
    }
    double after = 0;
    for (int32_t d = p->plan_first_day; d < p->plan_first_day + 365; d++) {
        int closed = closed_of(p, d);
        after += win_len(mdl_sched_day(r, closed > 0, d));
    }
    r->hours_year_after = after;
    double week = 0;
    for (int w = 0; w < 7; w++)
        week += win_len(r->win[w]);
    r->hours_week_after = week;
    double saved = r->hours_year_before - r->hours_year_after;
    r->monthly_savings = isnan(vm->hourly_price) ? NAN : saved / 12.0 * vm->hourly_price;
}

static void refuse(struct mdl_sched_result *r, enum mdl_sched_verdict v, const char *reason)
{
    r->verdict = v;
    snprintf(r->reason, sizeof r->reason, "%s", reason);
}

/* From daily billed hours (cost rows): which weekdays it runs, how long. */
static void learn_from_costs(const struct mdl_sched_params *p, const struct mdl_sched_vm *vm,
                             struct mdl_sched_result *r)
{
    r->from_costs = 1;
    double vals[7][64];
    size_t nv[7] = {0};
    double total = 0;
    size_t ndays = 0;
    for (size_t i = 0; i < vm->ndaily; i++) {
        double h = vm->daily_hours[i];
        if (isnan(h))
            continue;
        int32_t d = vm->daily_first_day + (int32_t)i;
        total += h > 24 ? 24 : h;
        ndays++;
        if (closed_of(p, d) > 0)
            continue;
        int w = date_weekday(d);
        if (nv[w] < 64)
            vals[w][nv[w]++] = h;
    }
    r->hours_week_before = ndays ? total / (double)ndays * 7.0 : 0;
    if ((int)ndays < p->min_days) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "insufficient data: no metrics and %zu days of cost rows (%d needed)", ndays,
                 p->min_days);
        refuse(r, MDL_SCHED_NO_DATA, msg);
        return;
    }
    int any_partial = 0;
    for (int w = 0; w < 7; w++) {
        /* median of the weekday's billed hours (insertion sort, n <= 64) */
        for (size_t i = 1; i < nv[w]; i++)
            for (size_t j = i; j > 0 && vals[w][j - 1] > vals[w][j]; j--) {
                double t = vals[w][j];
                vals[w][j] = vals[w][j - 1];
                vals[w][j - 1] = t;
            }
        double med = nv[w] ? vals[w][nv[w] / 2] : 0;
        if (med < 0.5) {
            r->win[w] = (struct mdl_sched_window){0, 0};
            any_partial = 1;
        } else if (med >= 23.5) {
            r->win[w] = (struct mdl_sched_window){0, 24};
        } else {
            int len = (int)ceil(med);
            int start = p->fallback_start;
            if (start + len > 24)
                start = 24 - len;
            r->win[w] = (struct mdl_sched_window){start, start + len};
            any_partial = 1;
        }
    }
    if (!any_partial) {
        refuse(r, MDL_SCHED_NO_DATA,
               "insufficient data: no metrics, and billed around the clock every weekday, so its "
               "idle hours are unknown");
        return;
    }
    r->verdict = MDL_SCHED_STOP;
    snprintf(r->reason, sizeof r->reason, "%s",
             "from cost rows (no metrics): keeps the billed hours per weekday, clock times "
             "assumed; adds holidays and closure off");
}

void mdl_sched_hour_masks(const struct mdl_sched_params *p, int64_t hour_from, size_t n,
                          const double *cpu, const double *net, int32_t first_day, size_t ndays,
                          uint32_t *seen, uint32_t *active)
{
    memset(seen, 0, ndays * sizeof *seen);
    memset(active, 0, ndays * sizeof *active);
    for (size_t i = 0; i < n; i++) {
        if (isnan(cpu[i]))
            continue;
        int32_t day;
        int hour;
        cal_jst_of_utc_hour(hour_from + (int64_t)i, &day, &hour);
        int64_t d = (int64_t)day - first_day;
        if (d < 0 || d >= (int64_t)ndays)
            continue;
        seen[d] |= 1u << hour;
        double nv = net ? net[i] : NAN;
        if (cpu[i] > p->idle_cpu_pct || (!isnan(nv) && nv > p->idle_net_bytes))
            active[d] |= 1u << hour;
    }
}

static int popcount32(uint32_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* From hourly activity masks over the learning window (JST days). */
static void learn_from_masks(const struct mdl_sched_params *p, const uint32_t *seen,
                             const uint32_t *active, int32_t mask_first, size_t nmask,
                             struct mdl_sched_result *r)
{
    int32_t lfirst;
    int h0;
    cal_jst_of_utc_hour(p->hour_from, &lfirst, &h0);
    int32_t llast = lfirst + (int32_t)((p->nhours + (size_t)h0 + 23) / 24) - 1;
    /* span of data: first .. last hour with a sample */
    int64_t first = -1, last = -1;
    size_t running = 0;
    for (int32_t d = lfirst; d <= llast; d++) {
        int64_t k = (int64_t)d - mask_first;
        if (k < 0 || k >= (int64_t)nmask || !seen[k])
            continue;
        uint32_t m = seen[k];
        int lo = 0, hi = 23;
        while (!(m & (1u << lo)))
            lo++;
        while (!(m & (1u << hi)))
            hi--;
        if (first < 0)
            first = (int64_t)d * 24 + lo;
        last = (int64_t)d * 24 + hi;
        running += (size_t)popcount32(m);
    }
    if (first < 0) {
        refuse(r, MDL_SCHED_NO_DATA, "insufficient data: no metric samples in the window");
        return;
    }
    size_t span = (size_t)(last - first + 1);
    r->hours_week_before = (double)running / (double)span * 168.0;
    if (span < (size_t)p->min_days * 24) {
        char msg[200];
        snprintf(msg, sizeof msg, "insufficient data: %zu days of metrics (%d needed)", span / 24,
                 p->min_days);
        refuse(r, MDL_SCHED_NO_DATA, msg);
        return;
    }
    unsigned nobs[7][24], nact[7][24];
    memset(nobs, 0, sizeof nobs);
    memset(nact, 0, sizeof nact);
    for (int64_t hh = first; hh <= last; hh++) {
        int32_t d = (int32_t)(hh / 24);
        int hour = (int)(hh % 24);
        if (closed_of(p, d) > 0)
            continue; /* holidays and closure days do not teach the weekly pattern */
        int w = date_weekday(d);
        nobs[w][hour]++;
        int64_t k = (int64_t)d - mask_first;
        if (k >= 0 && k < (int64_t)nmask && (active[k] & (1u << hour)))
            nact[w][hour]++;
    }
    int act[7][24];
    for (int w = 0; w < 7; w++)
        for (int h = 0; h < 24; h++)
            act[w][h] = nobs[w][h] > 0 && nact[w][h] > 0 &&
                        (double)nact[w][h] >= p->active_share * (double)nobs[w][h];
    int all_day = 1;
    for (int w = 0; w < 7; w++) {
        int f = -1, l = -1;
        for (int h = 0; h < 24; h++)
            if (act[w][h]) {
                if (f < 0)
                    f = h;
                l = h;
            }
        if (f < 0) {
            r->win[w] = (struct mdl_sched_window){0, 0};
            all_day = 0;
            continue;
        }
        int start = f - p->margin_hours, stop = l + 1 + p->margin_hours;
        r->win[w] = (struct mdl_sched_window){start < 0 ? 0 : start, stop > 24 ? 24 : stop};
        if (win_len(r->win[w]) < 24)
            all_day = 0;
    }
    if (all_day) {
        refuse(r, MDL_SCHED_BUSY, "busy around the clock: no idle hours to remove");
        return;
    }
    for (int w = 0; w < 7; w++)
        for (int h = p->night_from; h < p->night_to; h++)
            if (act[w][h]) {
                char msg[200];
                snprintf(msg, sizeof msg,
                         "busy at night (batch): active %s %02d:00 JST in %u of %u weeks",
                         day_abbr[w], h, nact[w][h], nobs[w][h]);
                refuse(r, MDL_SCHED_BATCH, msg);
                return;
            }
    r->verdict = MDL_SCHED_STOP;
    int any = 0;
    for (int w = 0; w < 7; w++)
        any |= win_len(r->win[w]) > 0;
    if (!any)
        snprintf(r->reason, sizeof r->reason,
                 "idle every hour of %zu days of metrics: deallocate it (see yosan rightsize)",
                 span / 24);
    else
        snprintf(r->reason, sizeof r->reason, "idle outside the window in %zu days of metrics",
                 span / 24);
}

/* From hourly samples: classify into masks, then learn. */
static enum status learn_from_metrics(const struct mdl_sched_params *p,
                                      const struct mdl_sched_vm *vm, struct mdl_sched_result *r,
                                      struct err *e)
{
    int32_t first;
    int h0;
    cal_jst_of_utc_hour(p->hour_from, &first, &h0);
    size_t ndays = (p->nhours + (size_t)h0 + 23) / 24;
    uint32_t *m = malloc(2 * (ndays ? ndays : 1) * sizeof *m);
    if (!m)
        return err_set(e, ST_NOMEM, "out of memory");
    mdl_sched_hour_masks(p, p->hour_from, p->nhours, vm->cpu, vm->net, first, ndays, m, m + ndays);
    learn_from_masks(p, m, m + ndays, first, ndays, r);
    free(m);
    return ST_OK;
}

enum status mdl_sched_vm(const struct mdl_sched_params *p, const struct mdl_sched_vm *vm,
                         struct mdl_sched_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    int32_t learn_first, plan_last = p->plan_first_day + 364;
    int hour;
    cal_jst_of_utc_hour(p->hour_from, &learn_first, &hour);
    if (!p->off || closed_of(p, plan_last) < 0 || closed_of(p, p->plan_first_day) < 0 ||
        (vm->cpu && p->nhours && closed_of(p, learn_first) < 0))
        return err_set(e, ST_USAGE, "closed-day flags do not cover the learning window and plan");
    if (vm->always_on)
        refuse(out, MDL_SCHED_ALWAYS_ON, "tagged always-on");
    else if (vm->reserved)
        refuse(out, MDL_SCHED_RESERVED,
               "covered by a reservation or savings plan: stopping saves nothing");
    if (out->verdict == MDL_SCHED_STOP) {
        if (vm->cpu && p->nhours) {
            enum status st = learn_from_metrics(p, vm, out, e);
            if (st != ST_OK)
                return st;
        } else if (vm->seen && vm->active && vm->nmask_days && p->nhours)
            learn_from_masks(p, vm->seen, vm->active, vm->mask_first_day, vm->nmask_days, out);
        else if (vm->daily_hours && vm->ndaily)
            learn_from_costs(p, vm, out);
        else
            refuse(out, MDL_SCHED_NO_DATA, "insufficient data: no metrics and no cost rows");
    } else {
        /* refused up front: still report the running hours when known */
        if (vm->cpu && p->nhours) {
            size_t running = 0;
            for (size_t i = 0; i < p->nhours; i++)
                running += !isnan(vm->cpu[i]);
            out->hours_week_before = (double)running / (double)p->nhours * 168.0;
        } else if (vm->seen && vm->nmask_days) {
            size_t running = 0;
            for (size_t i = 0; i < vm->nmask_days; i++)
                running += (size_t)popcount32(vm->seen[i]);
            out->hours_week_before = (double)running / (double)(vm->nmask_days * 24) * 168.0;
        } else if (vm->daily_hours && vm->ndaily) {
            double total = 0;
            size_t nd = 0;
            for (size_t i = 0; i < vm->ndaily; i++)
                if (!isnan(vm->daily_hours[i])) {
                    total += vm->daily_hours[i] > 24 ? 24 : vm->daily_hours[i];
                    nd++;
                }
            out->hours_week_before = nd ? total / (double)nd * 7.0 : 0;
        } else {
            out->hours_week_before = 168.0;
        }
    }
    project(p, vm, out);
    if (out->verdict == MDL_SCHED_STOP &&
        out->hours_year_after >= out->hours_year_before * (1.0 - p->min_saving_share)) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "already stopped outside its busy hours: a schedule would remove under %.0f %% "
                 "of its running hours",
                 p->min_saving_share * 100.0);
        refuse(out, MDL_SCHED_BUSY, msg);
        project(p, vm, out);
    }
    return ST_OK;
}

static int same_win(struct mdl_sched_window a, struct mdl_sched_window b)
{
    return a.start == b.start && a.stop == b.stop;
}

char *mdl_sched_format(const struct mdl_sched_result *r, char *out, size_t outlen)
{
    if (r->verdict != MDL_SCHED_STOP) {
        snprintf(out, outlen, "always on");
        return out;
    }
    size_t len = 0;
    out[0] = '\0';
    for (int w = 0; w < 7;) {
        int k = w;
        while (k + 1 < 7 && same_win(r->win[k + 1], r->win[w]))
            k++;
        if (win_len(r->win[w]) > 0) {
            char days[16];
            if (k == w)
                snprintf(days, sizeof days, "%s", day_abbr[w]);
            else
                snprintf(days, sizeof days, "%s-%s", day_abbr[w], day_abbr[k]);
            int n = snprintf(out + len, outlen - len, "%s%s %02d:00-%02d:00", len ? "; " : "", days,
                             r->win[w].start, r->win[w].stop);
            if (n < 0 || (size_t)n >= outlen - len)
                return out;
            len += (size_t)n;
        }
        w = k + 1;
    }
    if (len == 0)
        snprintf(out, outlen, "always off");
    else
        snprintf(out + len, outlen - len, "; holidays off");
    return out;
}

int mdl_sched_tag_always_on(const char *tags_json, const char *key, const char *value)
{
    struct tags tags;
    struct err ignored; /* out of memory: no tags, as for malformed JSON */
    tags_parse(&tags, tags_json, &ignored);
    int hit;
    if (key)
        hit = tags_match(&tags, key, value);
    else
        hit = tags_match(&tags, "always-on", NULL) || tags_match(&tags, "schedule", "always-on");
    tags_release(&tags);
    return hit;
}
