/*
 * mdl_budget.c - the phases of the annual budget run (see mdl_budget.h and
 * docs/budget.md): calendar, series, reconciliation, adjustments, annual
 * spreads, the shared-cost split and the whole-yen lines. Pure arithmetic
 * on in-memory data; the exact whole-yen splitting is mdl_alloc.c's.
 */
#include "mdl_budget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "mdl_alloc.h"
#include "mdl_stats.h"

#define BUDGET_NSIM 2000 /* sample paths of the annual sum */

/* ---------------------------------------------------------------- calendar and series */

enum status mdl_budget_calendar(int32_t last_day, int fy, int fy_start, int months,
                                const struct cost_cell *v, size_t n,
                                struct mdl_budget_calendar *cal, struct err *e)
{
    memset(cal, 0, sizeof *cal);
    int last_m = month_index_of(last_day);
    int complete = last_day == month_first_day(last_m) + month_days(last_m) - 1;
    int last_complete = complete ? last_m : last_m - 1;
    int F = fiscal_year_first_month(fy, fy_start), E = F + 11;
    int from = last_complete + 1;
    int first = v[0].month;
    for (size_t i = 0; i < n; i++)
        if (v[i].month < first)
            first = v[i].month;
    if (E < from || F - from > MDL_BUDGET_MAX_AHEAD) {
        /* the years that can be budgeted: the one still running after the
         * last complete month, up to MDL_BUDGET_MAX_AHEAD months ahead */
        int lo = fiscal_year_of_month(from, fy_start), hi = lo;
        while (fiscal_year_first_month(hi + 1, fy_start) - from <= MDL_BUDGET_MAX_AHEAD)
            hi++;
        char a[8], b[8];
        if (fy < fiscal_year_of_month(first, fy_start))
            return err_set(e, ST_USAGE,
                           "--fiscal-year: %d is before the first data (FY%d; the data covers "
                           "%s..%s); FY%d..FY%d can be budgeted",
                           fy, fiscal_year_of_month(first, fy_start), month_format(first, a),
                           month_format(last_m, b), lo, hi);
        if (E < from)
            return err_set(e, ST_USAGE,
                           "--fiscal-year: FY%d ended before the last complete month %s: "
                           "nothing to forecast; FY%d..FY%d can be budgeted",
                           fy, month_format(last_complete, a), lo, hi);
        return err_set(e, ST_USAGE,
                       "--fiscal-year: FY%d starts more than %d months after the data (up to "
                       "%s); FY%d..FY%d can be budgeted",
                       fy, MDL_BUDGET_MAX_AHEAD, month_format(last_m, b), lo, hi);
    }
    if (first > last_complete)
        return err_set(e, ST_NOTFOUND, "no complete month of cost data yet");
    cal->first = first;
    cal->last_complete = last_complete;
    cal->from = from;
    cal->fy_first = F;
    cal->nm = (size_t)(last_complete - first + 1);
    cal->win0 = months > 0 && (size_t)months < cal->nm ? last_complete - months + 1 : first;
    cal->h = (size_t)(E - from + 1);
    return ST_OK;
}

void mdl_budget_set_release(struct mdl_budget_set *set)
{
    for (size_t d = 0; d < set->ns; d++) {
        free(set->v[d].name);
        free(set->v[d].exact);
        free(set->v[d].y);
        mdl_forecast_release(&set->v[d].fc);
    }
    free(set->v);
    memset(set, 0, sizeof *set);
}

/* A new named series with nm zero months; ST_NOMEM when out of memory. */
static enum status series_add(struct mdl_budget_set *set, const char *name, size_t nm,
                              struct err *e)
{
    struct mdl_budget_series *s = &set->v[set->ns++];
    s->name = strdup(name);
    s->exact = calloc(nm, sizeof *s->exact);
    if (!s->name || !s->exact)
        return err_set(e, ST_NOMEM, "out of memory");
    return ST_OK;
}

/* The fitting window win0 .. last_complete of every series as doubles. */
static enum status series_windows(struct mdl_budget_set *set, const struct mdl_budget_calendar *cal,
                                  struct err *e)
{
    for (size_t d = 0; d < set->ns; d++) {
        struct mdl_budget_series *s = &set->v[d];
        s->ny = (size_t)(cal->last_complete - cal->win0 + 1);
        s->y = malloc(s->ny * sizeof *s->y);
        if (!s->y)
            return err_set(e, ST_NOMEM, "out of memory");
        for (size_t i = 0; i < s->ny; i++)
            s->y[i] = money_to_double(s->exact[(size_t)(cal->win0 - cal->first) + i]);
    }
    return ST_OK;
}

enum status mdl_budget_series(const struct cost_cell *v, size_t n, const char *currency,
                              const struct mdl_budget_calendar *cal, struct mdl_budget_set *set,
                              struct err *e)
{
    memset(set, 0, sizeof *set);
    set->v = calloc(n + 1, sizeof *set->v);
    if (!set->v)
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st = ST_OK;
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        const struct cost_cell *c = &v[i];
        if (strcmp(c->currency, currency) != 0)
            return err_set(e, ST_PARSE, "costs in two currencies (%s and %s): budget needs one",
                           currency, c->currency);
        if (set->ns == 0 || strcmp(set->v[set->ns - 1].name, c->key) != 0)
            st = series_add(set, c->key, cal->nm, e);
        struct money *m = set->v[set->ns - 1].exact;
        if (st == ST_OK && c->month <= cal->last_complete)
            m[c->month - cal->first] = money_add(m[c->month - cal->first], c->cost);
    }
    set->nd = set->ns;
    if (st == ST_OK)
        st = series_add(set, "total", cal->nm, e);
    if (st != ST_OK)
        return st;
    struct mdl_budget_series *T = &set->v[set->nd];
    for (size_t d = 0; d < set->nd; d++)
        for (size_t i = 0; i < cal->nm; i++)
            T->exact[i] = money_add(T->exact[i], set->v[d].exact[i]);
    return series_windows(set, cal, e);
}

enum status mdl_budget_check_adjust(const struct mdl_budget_set *set,
                                    const struct mdl_budget_adjust *adj, size_t nadj, struct err *e)
{
    for (size_t k = 0; k < nadj; k++) {
        size_t d = 0;
        while (d < set->nd && strcmp(set->v[d].name, adj[k].department) != 0)
            d++;
        if (d == set->nd)
            return err_set(e, ST_PARSE, "adjustment %zu: unknown department '%s'", k + 1,
                           adj[k].department);
    }
    return ST_OK;
}

/* ---------------------------------------------------------------- reconciliation, adjustments */

static double fc_var(const struct forecast *f, size_t i)
{
    double sd = (f->hi95[i] - f->lo95[i]) / (2 * 1.959963984540054);
    return sd * sd;
}

/* The total of step i as the sum of the departments' means. */
static void sum_total(struct mdl_budget_set *set, size_t i)
{
    double sum = 0;
    for (size_t d = 0; d < set->nd; d++)
        sum += set->v[d].fc.mean[i];
    set->v[set->nd].fc.mean[i] = sum;
}

enum status mdl_budget_reconcile(struct mdl_budget_set *set, int wls, struct err *e)
{
    size_t nd = set->nd;
    struct mdl_budget_series *ser = set->v;
    double *parts = malloc(nd * sizeof *parts), *vars = malloc(nd * sizeof *vars);
    if (!parts || !vars) {
        free(parts);
        free(vars);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < ser[nd].fc.h; i++) {
        for (size_t d = 0; d < nd; d++) {
            parts[d] = ser[d].fc.mean[i];
            vars[d] = fc_var(&ser[d].fc, i);
        }
        double tot = ser[nd].fc.mean[i];
        if (wls)
            mdl_reconcile_wls(&tot, fc_var(&ser[nd].fc, i), parts, vars, nd);
        for (size_t d = 0; d < nd; d++)
            ser[d].fc.mean[i] = parts[d] > 0 ? parts[d] : 0;
        sum_total(set, i);
    }
    free(parts);
    free(vars);
    return ST_OK;
}

/* First forecast step inside the fiscal year. */
static size_t fy_step(const struct mdl_budget_calendar *cal)
{
    return cal->fy_first > cal->from ? (size_t)(cal->fy_first - cal->from) : 0;
}

/* Apply one adjustment to a department's forecast means. */
static void apply_one(struct mdl_budget_series *d, const struct mdl_budget_adjust *a, int from)
{
    for (size_t i = 0; i < d->fc.h; i++) {
        if (from + (int)i < a->from_month)
            continue;
        if (a->is_percent)
            d->fc.mean[i] *= 1 + a->percent / 100;
        else
            d->fc.mean[i] += a->amount;
        if (d->fc.mean[i] < 0)
            d->fc.mean[i] = 0;
    }
}

void mdl_budget_adjust(struct mdl_budget_set *set, const struct mdl_budget_calendar *cal,
                       const struct mdl_budget_adjust *adj, size_t nadj)
{
    size_t a = fy_step(cal), b = cal->h;
    for (size_t d = 0; d < set->ns; d++)
        for (size_t i = a; i < b; i++)
            set->v[d].fy_fc_base += set->v[d].fc.mean[i];
    for (size_t d = 0; d < set->nd; d++)
        for (size_t k = 0; k < nadj; k++)
            if (strcmp(adj[k].department, set->v[d].name) == 0)
                apply_one(&set->v[d], &adj[k], cal->from);
    for (size_t i = 0; i < cal->h; i++)
        sum_total(set, i);
}

/* ---------------------------------------------------------------- annual spreads */

/* The annual sum's spreads from ETS sample paths over steps [a, b); 0 when
 * the series cannot be fitted or simulated. ETS is fitted to the series
 * the forecast models saw (gaps filled, level shifts removed:
 * mdl_forecast_fit_series), so an old go-live is not simulated as noise. */
static int spread_ets(struct mdl_budget_series *s, size_t a, size_t b, int m)
{
    struct ets_fit fit;
    const struct ets_opts heur = {0};
    struct err e = {0};
    size_t h = s->fc.h, ny = 0;
    double *paths = NULL, *sums = NULL, *y = malloc((s->ny ? s->ny : 1) * sizeof *y);
    int ok = 0;
    if (y && mdl_forecast_fit_series(s->y, s->ny, m, MDL_AUTO, y, &ny, NULL, &e) == ST_OK &&
        ny >= 8 && mdl_ets_auto(y, ny, m, &heur, &fit, &e) == ST_OK &&
        (paths = malloc(sizeof(double) * h * BUDGET_NSIM)) &&
        (sums = malloc(sizeof(double) * BUDGET_NSIM)) &&
        mdl_ets_simulate(&fit, h, BUDGET_NSIM, 7UL + s->ny, paths, &e) == ST_OK) {
        for (size_t p = 0; p < BUDGET_NSIM; p++) {
            double t = 0;
            for (size_t i = a; i < b; i++)
                t += paths[p * h + i];
            sums[p] = t;
        }
        double q50 = mdl_quantile(sums, BUDGET_NSIM, 0.5);
        /* the paths have the model's own noise: scale them like its bands */
        double c = s->calib > 0 ? s->calib : 1, c95 = s->calib95 > 0 ? s->calib95 : c;
        s->spread80 = c * (mdl_quantile(sums, BUDGET_NSIM, 0.8) - q50);
        s->spread95 = fmax(c95 * (mdl_quantile(sums, BUDGET_NSIM, 0.95) - q50), s->spread80);
        ok = 1;
    }
    free(y);
    free(paths);
    free(sums);
    return ok;
}

/* Spread of the annual sum over the FY forecast steps [a, b) of the
 * series, from ETS sample paths; without an ETS fit, the sum of the
 * monthly standard deviations (errors perfectly correlated: cautious). */
static void annual_spread(struct mdl_budget_series *s, size_t a, size_t b, int m)
{
    s->spread80 = s->spread95 = 0;
    if (b <= a)
        return;
    if (!spread_ets(s, a, b, m)) {
        double sd = 0;
        for (size_t i = a; i < b; i++)
            sd += (s->fc.hi95[i] - s->fc.lo95[i]) / (2 * 1.959963984540054);
        s->spread80 = 0.8416212335729143 * sd;
        s->spread95 = 1.6448536269514722 * sd;
    }
    if (!isfinite(s->spread80) || s->spread80 < 0)
        s->spread80 = 0;
    if (!isfinite(s->spread95) || s->spread95 < s->spread80)
        s->spread95 = s->spread80;
}

/* The FY months (actual or forecast mean) and the FY-1 sum of a series. */
static void fy_months(struct mdl_budget_series *s, const struct mdl_budget_calendar *cal)
{
    int F = cal->fy_first, first = cal->first, last = cal->last_complete, from = cal->from;
    for (int k = 0; k < 12; k++) {
        int mo = F + k;
        s->fy_mean[k] = mo <= last ? (mo >= first ? money_to_double(s->exact[mo - first]) : 0)
                                   : s->fc.mean[mo - from];
    }
    s->last_fy_mean = 0;
    s->last_fy_actual = 0;
    for (int mo = F - 12; mo < F; mo++) {
        if (mo <= last) {
            if (mo >= first)
                s->last_fy_mean += money_to_double(s->exact[mo - first]);
            s->last_fy_actual++;
        } else {
            s->last_fy_mean += s->fc.mean[mo - from];
        }
    }
}

void mdl_budget_fy_means(struct mdl_budget_set *set, const struct mdl_budget_calendar *cal)
{
    for (size_t d = 0; d < set->ns; d++)
        fy_months(&set->v[d], cal);
}

void mdl_budget_annual(struct mdl_budget_set *set, const struct mdl_budget_calendar *cal)
{
    size_t a = fy_step(cal), b = cal->h;
    for (size_t d = 0; d < set->ns; d++) {
        struct mdl_budget_series *s = &set->v[d];
        fy_months(s, cal);
        annual_spread(s, a, b, 12);
        /* adjustments scale the spread with the forecast part they change */
        double now = 0;
        for (size_t i = a; i < b; i++)
            now += s->fc.mean[i];
        if (s->fy_fc_base > 0) {
            s->spread80 *= now / s->fy_fc_base;
            s->spread95 *= now / s->fy_fc_base;
        }
    }
}

/* ---------------------------------------------------------------- shared costs */

void mdl_budget_split_release(struct mdl_budget_split *split)
{
    free(split->w);
    free(split->mon);
    memset(split, 0, sizeof *split);
}

/* Unnormalised weight of department d under the rule. */
static double share_weight(const struct mdl_budget_series *s, enum budget_shared rule,
                           const struct mdl_budget_share *shares, size_t nshares)
{
    double w = 0;
    if (rule == BUDGET_SHARED_EVEN)
        return 1;
    if (rule == BUDGET_SHARED_FIXED) {
        for (size_t k = 0; k < nshares; k++)
            if (strcmp(shares[k].department, s->name) == 0)
                w = shares[k].share;
        return w;
    }
    for (int k = 0; k < 12; k++)
        w += s->fy_mean[k];
    return w;
}

/* ST_PARSE when a fixed share names no department of the set (or the
 * shared bucket itself). */
static enum status check_shares(const struct mdl_budget_set *set, size_t un,
                                const struct mdl_budget_share *shares, size_t nshares,
                                struct err *e)
{
    for (size_t k = 0; k < nshares; k++) {
        size_t d = 0;
        while (d < set->nd && (d == un || strcmp(set->v[d].name, shares[k].department) != 0))
            d++;
        if (d == set->nd)
            return err_set(e, ST_PARSE, "shares: unknown department '%s'", shares[k].department);
    }
    return ST_OK;
}

/* Normalised weights of the departments other than un. */
static enum status split_weights(const struct mdl_budget_set *set, enum budget_shared rule,
                                 const struct mdl_budget_share *shares, size_t nshares,
                                 struct mdl_budget_split *split, struct err *e)
{
    size_t nd = set->nd, un = split->un;
    double wsum = 0;
    for (size_t d = 0; d < nd; d++) {
        if (d == un)
            continue;
        split->w[d] = share_weight(&set->v[d], rule, shares, nshares);
        wsum += split->w[d];
    }
    if (rule == BUDGET_SHARED_FIXED) {
        enum status st = check_shares(set, un, shares, nshares, e);
        if (st != ST_OK)
            return st;
    }
    if (!(wsum > 0)) { /* nothing to weigh by: even */
        for (size_t d = 0; d < nd; d++)
            split->w[d] = d == un ? 0 : 1;
        wsum = (double)(nd - 1);
    }
    for (size_t d = 0; d < nd; d++)
        split->w[d] /= wsum;
    return ST_OK;
}

enum status mdl_budget_shared(const struct mdl_budget_set *set, enum budget_shared rule,
                              const struct mdl_budget_share *shares, size_t nshares,
                              struct mdl_budget_split *split, struct err *e)
{
    size_t nd = set->nd;
    memset(split, 0, sizeof *split);
    split->un = nd;
    for (size_t d = 0; d < nd; d++)
        if (strcmp(set->v[d].name, BUDGET_UNALLOCATED) == 0)
            split->un = d;
    split->w = calloc(nd ? nd : 1, sizeof *split->w);
    split->mon = calloc(nd + 1, sizeof *split->mon);
    if (!split->w || !split->mon)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t d = 0; d < nd; d++)
        memcpy(split->mon[d], set->v[d].fy_mean, sizeof split->mon[d]);
    size_t un = split->un;
    if (!(un < nd && nd > 1)) {
        split->un = nd;
        return ST_OK;
    }
    enum status st = split_weights(set, rule, shares, nshares, split, e);
    if (st != ST_OK)
        return st;
    const struct mdl_budget_series *u = &set->v[un];
    for (int k = 0; k < 12; k++) {
        split->shared_annual[0] += u->fy_mean[k];
        for (size_t d = 0; d < nd; d++)
            if (d != un)
                split->mon[d][k] += u->fy_mean[k] * split->w[d];
    }
    split->shared_annual[1] = u->spread80;
    split->shared_annual[2] = u->spread95;
    split->shared_last = u->last_fy_mean;
    return ST_OK;
}

/* ---------------------------------------------------------------- whole yen */

/* Half-widths of the month's 80% and 95% intervals for FY month mo of a
 * series (0 for an actual month). Half the interval's width, so that a
 * planned adjustment or a reconciled mean moves the band with the mean. */
static void month_halfwidth(const struct mdl_budget_series *s, int mo, int from, double *w80,
                            double *w95)
{
    *w80 = *w95 = 0;
    if (mo < from)
        return;
    size_t i = (size_t)(mo - from);
    if (i >= s->fc.h)
        return;
    double a = (s->fc.hi80[i] - s->fc.lo80[i]) / 2, b = (s->fc.hi95[i] - s->fc.lo95[i]) / 2;
    *w80 = isfinite(a) && a > 0 ? a : 0;
    *w95 = isfinite(b) && b > *w80 ? b : *w80;
}

/* Fill a line's monthly bands from its P50 months and half-widths. */
static void set_bands(struct budget_line *L, int k, double w80, double w95)
{
    int64_t p50 = L->monthly_p50[k], h80 = (int64_t)llround(w80), h95 = (int64_t)llround(w95);
    L->lo80[k] = p50 - h80 > 0 ? p50 - h80 : 0;
    L->hi80[k] = p50 + h80;
    L->lo95[k] = p50 - h95 > 0 ? p50 - h95 : 0;
    L->hi95[k] = p50 + h95;
}

/* The FY-1 forecast months of a line (prev_*): the series' forecast mean
 * plus share sh of the shared series' (u, NULL when none), bands from their
 * half-widths as for the FY months. */
static void prev_months(struct budget_line *L, const struct mdl_budget_series *s,
                        const struct mdl_budget_series *u, double sh,
                        const struct mdl_budget_calendar *cal)
{
    for (int k = 0; k < 12; k++) {
        int mo = cal->fy_first - 12 + k;
        L->prev_p50[k] = L->prev_lo80[k] = L->prev_hi80[k] = L->prev_lo95[k] = L->prev_hi95[k] = 0;
        if (mo < cal->from || (size_t)(mo - cal->from) >= s->fc.h)
            continue;
        size_t i = (size_t)(mo - cal->from);
        double v = s->fc.mean[i] + (u && i < u->fc.h ? sh * u->fc.mean[i] : 0);
        double a80, a95, b80 = 0, b95 = 0;
        month_halfwidth(s, mo, cal->from, &a80, &a95);
        if (u)
            month_halfwidth(u, mo, cal->from, &b80, &b95);
        int64_t p50 = isfinite(v) && v > 0 ? (int64_t)llround(v) : 0;
        int64_t h80 = (int64_t)llround(a80 + sh * b80), h95 = (int64_t)llround(a95 + sh * b95);
        L->prev_p50[k] = p50;
        L->prev_lo80[k] = p50 - h80 > 0 ? p50 - h80 : 0;
        L->prev_hi80[k] = p50 + h80;
        L->prev_lo95[k] = p50 - h95 > 0 ? p50 - h95 : 0;
        L->prev_hi95[k] = p50 + h95;
    }
}

static double change_pct(const struct budget_line *L)
{
    return L->last_fy != 0 ? 100.0 * (double)(L->budget - L->last_fy) / (double)L->last_fy : NAN;
}

void mdl_budget_lines_release(struct budget_line *lines, size_t nlines, struct budget_line *total)
{
    for (size_t i = 0; lines && i < nlines; i++) {
        free(lines[i].department);
        free(lines[i].system);
    }
    free(lines);
    if (total) {
        free(total->department);
        free(total->system);
        total->department = NULL;
        total->system = NULL;
    }
}

/* The P50 months: each FY month's sum over the lines rounded to the yen
 * and split by largest remainder (map: line -> series). */
static void lines_p50(const struct mdl_budget_split *split, const size_t *map, size_t nlines,
                      struct budget_line *lines, struct budget_line *total)
{
    double vals[MDL_BUDGET_MAX_DEPTS];
    int64_t yen[MDL_BUDGET_MAX_DEPTS];
    for (int k = 0; k < 12; k++) {
        for (size_t l = 0; l < nlines; l++)
            vals[l] = split->mon[map[l]][k] > 0 ? split->mon[map[l]][k] : 0;
        mdl_alloc_round(vals, nlines, yen);
        for (size_t l = 0; l < nlines; l++) {
            lines[l].monthly_p50[k] = yen[l];
            lines[l].annual[0] += yen[l];
            total->monthly_p50[k] += yen[l];
        }
    }
}

/* One department's line from its P50 months: its shared part, annual
 * quantiles, FY-1, monthly bands and its months at the level. */
static void line_fill(struct budget_line *L, const struct mdl_budget_set *set,
                      const struct mdl_budget_split *split, size_t d,
                      const struct mdl_budget_calendar *cal, enum budget_level level)
{
    const struct mdl_budget_series *s = &set->v[d];
    int shared = split->un < set->nd;
    double sh = shared ? split->w[d] : 0;
    L->shared_yen = (int64_t)llround(split->shared_annual[0] * sh);
    L->annual[1] = L->annual[0] + (int64_t)llround(s->spread80 + split->shared_annual[1] * sh);
    L->annual[2] = L->annual[0] + (int64_t)llround(s->spread95 + split->shared_annual[2] * sh);
    L->last_fy = (int64_t)llround(s->last_fy_mean + split->shared_last * sh);
    L->last_fy_actual_months = s->last_fy_actual;
    L->budget = L->annual[level];
    /* monthly bands: the department's own interval plus its share of the
     * shared cost's (errors taken as perfectly correlated: cautious) */
    for (int k = 0; k < 12; k++) {
        double a80, a95, b80 = 0, b95 = 0;
        month_halfwidth(s, cal->fy_first + k, cal->from, &a80, &a95);
        if (shared)
            month_halfwidth(&set->v[split->un], cal->fy_first + k, cal->from, &b80, &b95);
        set_bands(L, k, a80 + sh * b80, a95 + sh * b95);
    }
    prev_months(L, s, shared ? &set->v[split->un] : NULL, sh, cal);
    /* monthly amounts at the level: the budget split like the P50 months */
    double wm[12];
    for (int k = 0; k < 12; k++)
        wm[k] = (double)L->monthly_p50[k];
    mdl_alloc_largest_remainder(L->budget, wm, 12, L->monthly);
    L->change_pct = change_pct(L);
}

/* The total line: its own annual quantiles and bands; monthly, budget,
 * shared and FY-1 are the lines' sums (added by the caller). */
static enum status total_fill(struct budget_line *T, const struct mdl_budget_series *s,
                              const struct mdl_budget_calendar *cal, struct err *e)
{
    T->department = strdup("total");
    if (!T->department)
        return err_set(e, ST_NOMEM, "out of memory");
    for (int k = 0; k < 12; k++) {
        double w80, w95;
        T->annual[0] += T->monthly_p50[k];
        month_halfwidth(s, cal->fy_first + k, cal->from, &w80, &w95);
        set_bands(T, k, w80, w95);
    }
    T->annual[1] = T->annual[0] + (int64_t)llround(s->spread80);
    T->annual[2] = T->annual[0] + (int64_t)llround(s->spread95);
    /* FY-1 forecast months: the lines' sum (as the FY months), the total's own bands */
    int64_t sum[12];
    memcpy(sum, T->prev_p50, sizeof sum);
    prev_months(T, s, NULL, 0, cal);
    for (int k = 0; k < 12; k++) {
        int64_t h80 = T->prev_hi80[k] - T->prev_p50[k], h95 = T->prev_hi95[k] - T->prev_p50[k];
        T->prev_p50[k] = sum[k];
        T->prev_lo80[k] = sum[k] - h80 > 0 ? sum[k] - h80 : 0;
        T->prev_hi80[k] = sum[k] + h80;
        T->prev_lo95[k] = sum[k] - h95 > 0 ? sum[k] - h95 : 0;
        T->prev_hi95[k] = sum[k] + h95;
    }
    T->last_fy_actual_months = s->last_fy_actual;
    T->change_pct = change_pct(T);
    snprintf(T->model, sizeof T->model, "%s", s->fc.model);
    return ST_OK;
}

enum status mdl_budget_lines(const struct mdl_budget_set *set, const struct mdl_budget_split *split,
                             const struct mdl_budget_calendar *cal, enum budget_level level,
                             struct budget_line **lines, size_t *nlines, struct budget_line *total,
                             struct err *e)
{
    size_t nd = set->nd, un = split->un, n = un < nd ? nd - 1 : nd, map[MDL_BUDGET_MAX_DEPTS];
    size_t li = 0;
    *lines = NULL;
    *nlines = 0;
    memset(total, 0, sizeof *total);
    for (size_t d = 0; d < nd && li < MDL_BUDGET_MAX_DEPTS; d++)
        if (d != un)
            map[li++] = d;
    if (li != n || n > MDL_BUDGET_MAX_DEPTS)
        return err_set(e, ST_NOMEM, "too many departments (at most %d)", MDL_BUDGET_MAX_DEPTS);
    struct budget_line *L = calloc(n ? n : 1, sizeof *L);
    if (!L)
        return err_set(e, ST_NOMEM, "out of memory");
    *lines = L;
    for (size_t l = 0; l < n; l++, (*nlines)++) {
        if (!(L[l].department = strdup(set->v[map[l]].name)))
            return err_set(e, ST_NOMEM, "out of memory");
        snprintf(L[l].model, sizeof L[l].model, "%s", set->v[map[l]].fc.model);
    }
    lines_p50(split, map, n, L, total);
    for (size_t l = 0; l < n; l++) {
        line_fill(&L[l], set, split, map[l], cal, level);
        for (int k = 0; k < 12; k++)
            total->monthly[k] += L[l].monthly[k];
        total->budget += L[l].budget;
        total->shared_yen += L[l].shared_yen;
        total->last_fy += L[l].last_fy;
        for (int k = 0; k < 12; k++)
            total->prev_p50[k] += L[l].prev_p50[k];
    }
    return total_fill(total, &set->v[nd], cal, e);
}
