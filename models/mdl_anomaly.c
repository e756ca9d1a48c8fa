/*
 * mdl_anomaly.c - the daily anomaly model (mdl_anomaly.h). Owns the
 * baseline, the range and the level-shift rule; docs/anomalies.md explains
 * each constant, docs/rules.md lists them.
 *
 * For each day t of a series, from the days before it only:
 *   profile f[c]  median of x[s] / level[s] over the last ANOM_PROFILE_DAYS
 *                 days of the same class (a holiday or closure day is
 *                 compared with the city's other closed days: holidays,
 *                 Saturdays and Sundays);
 *   level         median of x[s] / f[s] over the last ANOM_LEVEL_DAYS days,
 *                 not before the last level shift (the anchor);
 *   expected      level x f[class of t];
 *   sd            1.4826 x MAD of the residuals (x - expected) / level of the
 *                 last ANOM_SCALE_DAYS days, at least ANOM_SIGMA_FLOOR;
 *   range         expected -/+ ANOM_K x sd x level.
 * A day above the range by ANOM_MIN_EXCESS or more is flagged. ANOM_SHIFT_RUN
 * days in a row ANOM_SHIFT_K sds or more on one side of the expected value
 * (half the range: a step too small to flag still moves the level) are a
 * level shift: the level is
 * re-anchored at the first of them, so a system going live (or switched
 * off, or a price revision) is flagged at most ANOM_SHIFT_RUN days, and a
 * drop is never flagged.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_anomaly.h"

#define ANOM_K            4.0    /* range half-width in robust sds */
#define ANOM_SIGMA_FLOOR  0.025  /* sd at least 2.5 % of the level */
#define ANOM_MIN_EXCESS   1000.0 /* an anomaly exceeds the expected value by 1,000 units or more */
#define ANOM_LEVEL_DAYS   28     /* level: median of the last four weeks */
#define ANOM_PROFILE_DAYS 84     /* day-class profile: last twelve weeks */
#define ANOM_SCALE_DAYS   56     /* residual scale: last eight weeks */
#define ANOM_SHIFT_RUN    3      /* three days in a row beyond ANOM_SHIFT_K sds: a level shift */
#define ANOM_SHIFT_K      2.0    /* a shift's days lie this many sds from the expected value */
#define ANOM_WARMUP_DAYS  28     /* four weeks of history before a day is judged */
#define ANOM_MAD_SD       1.4826 /* MAD to sd for normal residuals */
#define ANOM_MIN_PROFILE  3      /* values of a class before its own profile is used */

void mdl_anom_params_default(struct mdl_anom_params *p)
{
    p->k = ANOM_K;
    p->sigma_floor = ANOM_SIGMA_FLOOR;
    p->min_excess = ANOM_MIN_EXCESS;
    p->level_days = ANOM_LEVEL_DAYS;
    p->profile_days = ANOM_PROFILE_DAYS;
    p->scale_days = ANOM_SCALE_DAYS;
    p->shift_run = ANOM_SHIFT_RUN;
    p->shift_k = ANOM_SHIFT_K;
    p->warmup_days = ANOM_WARMUP_DAYS;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double mdl_anom_median(const double *v, size_t n, double *tmp)
{
    if (n == 0)
        return NAN;
    memcpy(tmp, v, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    return n % 2 ? tmp[n / 2] : 0.5 * (tmp[n / 2 - 1] + tmp[n / 2]);
}

/* Per-day state kept while walking a series. */
struct anom_work {
    const double *x;
    const unsigned char *cls;
    const struct mdl_anom_params *p;
    double *level;  /* level used on each day (0: none) */
    double *factor; /* profile factor used on each day */
    double *resid;  /* (x - expected) / level, NAN when not judged */
    double *buf;    /* gathered values */
    double *tmp;    /* median scratch */
    size_t start;   /* first day with a cost */
    size_t anchor;  /* level uses no day before this */
};

static int same_group(unsigned char a, unsigned char b)
{
    if (a == MDL_ANOM_CLOSED)
        return b == MDL_ANOM_CLOSED || b == 5 || b == 6;
    return a == b;
}

static size_t win_lo(size_t t, int days, size_t floor_at)
{
    size_t lo = t > (size_t)days ? t - (size_t)days : 0;
    return lo < floor_at ? floor_at : lo;
}

/* The profile factor of class c at day t: median x/level of its group. */
static double profile_at(struct anom_work *w, size_t t, unsigned char c)
{
    size_t m = 0;
    for (size_t s = win_lo(t, w->p->profile_days, w->start); s < t; s++)
        if (w->level[s] > 0 && same_group(c, w->cls[s]))
            w->buf[m++] = w->x[s] / w->level[s];
    if (m < ANOM_MIN_PROFILE)
        return c == MDL_ANOM_CLOSED ? profile_at(w, t, 6) : 1.0;
    return mdl_anom_median(w->buf, m, w->tmp);
}

/* The level at day t: median deseasonalised value since the anchor. */
static double level_at(struct anom_work *w, size_t t)
{
    size_t m = 0;
    for (size_t s = win_lo(t, w->p->level_days, w->anchor); s < t; s++)
        if (w->factor[s] > 0)
            w->buf[m++] = w->x[s] / w->factor[s];
    return m ? mdl_anom_median(w->buf, m, w->tmp) : 0;
}

static double scale_at(struct anom_work *w, size_t t)
{
    size_t m = 0;
    for (size_t s = win_lo(t, w->p->scale_days, w->start); s < t; s++)
        if (!isnan(w->resid[s]))
            w->buf[m++] = w->resid[s];
    double sd = 0;
    if (m > 0) {
        double med = mdl_anom_median(w->buf, m, w->tmp);
        for (size_t i = 0; i < m; i++)
            w->buf[i] = fabs(w->buf[i] - med);
        sd = ANOM_MAD_SD * mdl_anom_median(w->buf, m, w->tmp);
    }
    return sd > w->p->sigma_floor ? sd : w->p->sigma_floor;
}

/* The warm-up: one level (the median of the open weekdays), each day's
 * factor its value over it. */
static void warm_up(struct anom_work *w, size_t end)
{
    size_t m = 0;
    for (size_t s = w->start; s < end; s++)
        if (w->cls[s] < 5)
            w->buf[m++] = w->x[s];
    double lv = m ? mdl_anom_median(w->buf, m, w->tmp) : 0;
    for (size_t s = w->start; s < end; s++) {
        w->level[s] = lv;
        w->factor[s] = lv > 0 ? w->x[s] / lv : 0;
    }
}

/* Judge day t; returns the side it falls on: 1 above, -1 below expected by
 * ANOM_SHIFT_K sds or more, 0 nearer. */
static int judge(struct anom_work *w, size_t t, struct mdl_anom_day *d)
{
    double f = profile_at(w, t, w->cls[t]);
    double lv = level_at(w, t);
    double sd = scale_at(w, t);
    w->factor[t] = f;
    w->level[t] = lv;
    d->judged = 1;
    d->expected = lv * f;
    d->hi = d->expected + w->p->k * sd * lv;
    d->lo = d->expected - w->p->k * sd * lv;
    if (d->lo < 0)
        d->lo = 0;
    w->resid[t] = lv > 0 ? (w->x[t] - d->expected) / lv : NAN;
    double x = w->x[t];
    d->flagged = x > d->hi && x - d->expected >= w->p->min_excess;
    double band = w->p->shift_k * sd * lv;
    return x > d->expected + band ? 1 : x < d->expected - band ? -1 : 0;
}

static enum status check_input(const unsigned char *cls, size_t n, const struct mdl_anom_params *p,
                               struct err *e)
{
    for (size_t i = 0; i < n; i++)
        if (cls[i] > MDL_ANOM_CLOSED)
            return err_set(e, ST_USAGE, "day class %d out of range", (int)cls[i]);
    if (!(p->k > 0) || !(p->sigma_floor > 0) || p->level_days < 1 || p->profile_days < 1 ||
        p->scale_days < 1 || p->shift_run < 1 || !(p->shift_k > 0) || p->warmup_days < 1)
        return err_set(e, ST_USAGE, "bad anomaly model parameters");
    return ST_OK;
}

enum status mdl_anom_detect(const double *x, const unsigned char *cls, size_t n,
                            const struct mdl_anom_params *p, struct mdl_anom_day *out,
                            struct err *e)
{
    enum status st = check_input(cls, n, p, e);
    if (st != ST_OK)
        return st;
    memset(out, 0, n * sizeof *out);
    size_t start = 0;
    while (start < n && !(x[start] > 0))
        start++;
    if (n - start <= (size_t)p->warmup_days)
        return ST_OK; /* too short to judge */
    size_t win = (size_t)(p->profile_days > p->level_days ? p->profile_days : p->level_days);
    if ((size_t)p->scale_days > win)
        win = (size_t)p->scale_days;
    if (win < (size_t)p->warmup_days)
        win = (size_t)p->warmup_days;
    double *mem = malloc((3 * n + 2 * win + 2) * sizeof *mem);
    if (!mem)
        return err_set(e, ST_NOMEM, "out of memory");
    struct anom_work w = {
        x, cls, p, mem, mem + n, mem + 2 * n, mem + 3 * n, mem + 3 * n + win + 1, start, start};
    for (size_t i = 0; i < n; i++) {
        w.level[i] = w.factor[i] = 0;
        w.resid[i] = NAN;
    }
    size_t first = start + (size_t)p->warmup_days;
    warm_up(&w, first);
    int run = 0, side = 0;
    for (size_t t = first; t < n; t++) {
        int s = judge(&w, t, &out[t]);
        run = s != 0 && s == side ? run + 1 : (s != 0);
        side = s;
        if (s != 0 && run >= p->shift_run) {
            w.anchor = t + 1 - (size_t)run;
            out[w.anchor].shift = 1;
            run = 0;
            side = 0;
        }
    }
    free(mem);
    return ST_OK;
}
