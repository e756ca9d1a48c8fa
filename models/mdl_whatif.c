/*
 * mdl_whatif.c - yearly cost of each alternative, NPV, break-even and
 * sensitivity of the ranking (pure: no I/O, no SQL).
 *
 * Cost rule per item and horizon year y (1-based, FY = start_fy + y - 1):
 *   amount(y) = unit price x quantity x (1 + escalation)^(y - 1) x fx
 * rounded to whole reporting-currency units, half away from zero, then
 * summed as int64. Contracted amounts (a purchase and its amortisation, a
 * lease) are priced in their start year and stay fixed for the term.
 * Every rounding and sum is checked (money_units_*): an amount or total
 * beyond the int64 range is an error naming the item or alternative, never
 * a wrapped total.
 */
#include "mdl_whatif.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_oracle.h"
#include "money.h"

#define HOURS_PER_MONTH 730.0 /* Azure's billing month */

struct ctx {
    const struct scenario *s;  /* the scenario */
    struct whatif_adjust adj;  /* multipliers */
    struct whatif_year *years; /* the alternative being computed */
    unsigned *cats_used;       /* result bit mask */
    const struct scn_item *it; /* the item being computed, for messages */
    struct err *e;             /* error out */
    enum status st;            /* first failure of put() for this item */
};

static const char *path_of(const struct scenario *s)
{
    return s->path ? s->path : "scenario";
}

/* Reporting-currency factor for an amount in currency c. */
static enum status fx_factor(const struct ctx *c, const struct scn_item *it, double *f,
                             struct err *e)
{
    if (it->currency == c->s->currency) {
        *f = 1.0;
        return ST_OK;
    }
    double rate = c->s->usd_jpy * c->adj.fx;
    if (!(rate > 0))
        return err_set(e, ST_PARSE,
                       "%s:%d: item '%s': amounts in %s need the exchange rate: give usd_jpy",
                       path_of(c->s), it->line, it->name, it->currency == SCN_USD ? "USD" : "JPY");
    *f = it->currency == SCN_USD ? rate : 1.0 / rate;
    return ST_OK;
}

static double escalation_of(const struct ctx *c, const struct scn_item *it)
{
    double esc = isnan(it->escalation) ? c->s->escalation : it->escalation;
    return esc * c->adj.escalation;
}

static double esc_factor(const struct ctx *c, const struct scn_item *it, int year)
{
    return pow(1.0 + escalation_of(c, it), year - 1);
}

/* Add amount (already in reporting currency) to a year, rounded half away
 * from zero. The first amount or sum that does not fit in an int64 sets
 * c->st (and the message); later calls then do nothing. */
static void put(struct ctx *c, int year, enum scn_category cat, double amount)
{
    if (c->st != ST_OK || year < 1 || year > c->s->years || amount == 0.0)
        return;
    int64_t units = 0, *sum = &c->years[year - 1].by_cat[cat];
    if (money_units_from_double(amount, &units) != ST_OK ||
        money_units_add(*sum, units, sum) != ST_OK) {
        c->st = err_set(c->e, ST_PARSE,
                        "%s:%d: item '%s': %s cost in FY%d does not fit in a total (at most "
                        "%lld units); check the item's numbers",
                        path_of(c->s), c->it->line, c->it->name, scn_category_name(cat),
                        c->s->start_fy + year - 1, (long long)INT64_MAX);
        return;
    }
    if (units != 0)
        *c->cats_used |= 1U << cat;
}

static int last_year(const struct ctx *c, const struct scn_item *it)
{
    return it->end_year > 0 && it->end_year < c->s->years ? it->end_year : c->s->years;
}

static double running_hours(const struct ctx *c, const struct scn_item *it)
{
    double h = it->hours_per_month * c->adj.utilisation;
    return h > HOURS_PER_MONTH ? HOURS_PER_MONTH : h;
}

static enum status item_oracle(struct ctx *c, const struct scn_item *it, double fx, struct err *e)
{
    struct ora_count oc;
    enum status st = mdl_oracle_count(&it->oracle, &oc, e);
    if (st != ST_OK) {
        err_prefix(e, "%s:%d: item '%s'", path_of(c->s), it->line, it->name);
        return st;
    }
    /* unit price in the item's currency: the file's, or the USD list price converted */
    double unit = it->licence_price;
    if (unit < 0) {
        unit = oc.unit_price;
        if (it->currency != SCN_USD) {
            double rate = c->s->usd_jpy * c->adj.fx;
            if (!(rate > 0))
                return err_set(e, ST_PARSE,
                               "%s:%d: item '%s': Oracle list prices are in USD: give usd_jpy "
                               "or licence_price",
                               path_of(c->s), it->line, it->name);
            unit *= rate;
        }
    }
    unit *= 1.0 - it->discount;
    int first = it->start_year, last = last_year(c, it);
    if (it->licensing == ORA_LIC_INCLUDED) {
        double hours = it->hours_per_month > 0 ? it->hours_per_month : HOURS_PER_MONTH;
        for (int y = first; y <= last; y++)
            put(c, y, SCN_CAT_ORACLE_LICENCE,
                (double)oc.processors * it->included_price_per_hour * hours * 12.0 * fx *
                    esc_factor(c, it, y));
        return ST_OK;
    }
    long buy = oc.licences, supported = oc.licences;
    if (it->licensing == ORA_LIC_BYOL) {
        if (it->owned < 0) {
            buy = 0;
        } else {
            buy = oc.licences > it->owned ? oc.licences - it->owned : 0;
            supported = oc.licences > it->owned ? oc.licences : it->owned;
        }
    }
    put(c, first, SCN_CAT_ORACLE_LICENCE, (double)buy * unit * fx * esc_factor(c, it, first));
    for (int y = first; y <= last; y++)
        put(c, y, SCN_CAT_ORACLE_SUPPORT,
            (double)supported * unit * it->support_pct * fx * esc_factor(c, it, y));
    return ST_OK;
}

static enum status item_cost(struct ctx *c, const struct scn_item *it, struct err *e)
{
    double fx = 1.0;
    enum status st = fx_factor(c, it, &fx, e);
    if (st != ST_OK)
        return st;
    int first = it->start_year, last = last_year(c, it);
    switch (it->kind) {
    case SCN_RECURRING:
        for (int y = first; y <= last; y++)
            put(c, y, it->category,
                (it->per_month * 12.0 + it->per_year) * it->quantity * it->count * fx *
                    esc_factor(c, it, y));
        break;
    case SCN_LABOUR:
        for (int y = first; y <= last; y++)
            put(c, y, it->category,
                it->hours_per_month * 12.0 * it->rate_per_hour * it->count * fx *
                    esc_factor(c, it, y));
        break;
    case SCN_ONE_OFF:
        put(c, first, it->category, it->amount * it->count * fx * esc_factor(c, it, first));
        break;
    case SCN_SERVER: {
        double at_start = esc_factor(c, it, first); /* contract prices fixed at the start */
        if (it->purchase_price > 0) {
            double price = it->purchase_price * it->count * fx * at_start;
            if (it->amortisation_years <= 0) {
                put(c, first, SCN_CAT_HARDWARE, price);
            } else {
                for (int k = 0; k < it->amortisation_years; k++)
                    put(c, first + k, SCN_CAT_HARDWARE, price / it->amortisation_years);
            }
        }
        if (it->lease_per_month > 0) {
            int lease_last = first + it->lease_years - 1;
            if (lease_last > last)
                lease_last = last;
            for (int y = first; y <= lease_last; y++)
                put(c, y, SCN_CAT_HARDWARE, it->lease_per_month * 12.0 * it->count * fx * at_start);
        }
        if (it->maintenance_pct > 0)
            for (int y = first; y <= last; y++)
                put(c, y, SCN_CAT_MAINTENANCE,
                    it->purchase_price * it->maintenance_pct * it->count * fx *
                        esc_factor(c, it, y));
        break;
    }
    case SCN_VM: {
        double hours = it->reservation_years ? HOURS_PER_MONTH : running_hours(c, it);
        double price =
            it->price_per_hour * (it->reservation_years ? 1.0 - it->reservation_discount : 1.0);
        for (int y = first; y <= last; y++)
            put(c, y, it->category, price * hours * 12.0 * it->count * fx * esc_factor(c, it, y));
        break;
    }
    case SCN_PAAS: {
        double hours = it->reservation_years ? HOURS_PER_MONTH : running_hours(c, it);
        double price = (it->price_per_hour + it->vcores * it->price_per_vcore_hour) *
                       (it->reservation_years ? 1.0 - it->reservation_discount : 1.0);
        for (int y = first; y <= last; y++)
            put(c, y, it->category, price * hours * 12.0 * it->count * fx * esc_factor(c, it, y));
        break;
    }
    case SCN_ORACLE:
        return item_oracle(c, it, fx, e);
    case SCN_STORE:
        if (!it->monthly_cost_known)
            return err_set(e, ST_PARSE, "%s:%d: item '%s': the store reference was not resolved",
                           path_of(c->s), it->line, it->name);
        for (int y = first; y <= last; y++)
            put(c, y, it->category,
                it->monthly_cost * 12.0 * (1.0 - it->savings_pct) * esc_factor(c, it, y));
        break;
    case SCN_KIND_COUNT:
        break;
    }
    return ST_OK;
}

void whatif_result_release(struct whatif_result *r)
{
    for (size_t a = 0; a < r->nalts; a++)
        free(r->alts[a].years);
    free(r->alts);
    memset(r, 0, sizeof *r);
}

static int cmp_npv_index(const void *pa, const void *pb, const int64_t *npv)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (npv[a] != npv[b])
        return npv[a] < npv[b] ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
}

/* Order alternative indices by NPV, ties by position (insertion sort: few alternatives). */
static void order_by_npv(const int64_t *npv, size_t n, size_t *order)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp_npv_index(&order[j - 1], &order[j], npv) > 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

/* Year totals, cumulative totals and NPV of one alternative, checked. */
static enum status alt_totals(const struct scenario *s, const struct scn_alternative *alt,
                              double rate, struct whatif_alt_result *ar, struct err *e)
{
    int64_t cum = 0;
    double npv = 0;
    for (int y = 0; y < s->years; y++) {
        struct whatif_year *wy = &ar->years[y];
        wy->fy = s->start_fy + y;
        const char *what = NULL;
        for (int k = 0; k < SCN_CAT_COUNT && !what; k++)
            if (money_units_add(wy->total, wy->by_cat[k], &wy->total) != ST_OK)
                what = "total";
        if (!what && money_units_add(cum, wy->total, &cum) != ST_OK)
            what = "cumulative total";
        if (what)
            return err_set(e, ST_PARSE,
                           "%s:%d: alternative '%s': the %s of FY%d does not fit in a total "
                           "(at most %lld units); check its items' numbers",
                           path_of(s), alt->line, alt->name, what, wy->fy, (long long)INT64_MAX);
        wy->cumulative = cum;
        npv += (double)wy->total / pow(1.0 + rate, y + 1);
    }
    ar->total = cum;
    if (money_units_from_double(npv, &ar->npv) != ST_OK)
        return err_set(e, ST_PARSE,
                       "%s:%d: alternative '%s': the NPV does not fit in a total (at most %lld "
                       "units); check its items' numbers",
                       path_of(s), alt->line, alt->name, (long long)INT64_MAX);
    return ST_OK;
}

enum status mdl_whatif_run(const struct scenario *s, const struct whatif_adjust *adj,
                           struct whatif_result *out, struct err *e)
{
    static const struct whatif_adjust none = WHATIF_ADJUST_NONE;
    memset(out, 0, sizeof *out);
    if (s->nalts == 0 || s->years < 1)
        return err_set(e, ST_PARSE, "the scenario has no alternatives or no years");
    out->alts = calloc(s->nalts, sizeof *out->alts);
    if (!out->alts)
        return err_set(e, ST_NOMEM, "out of memory");
    out->nalts = s->nalts;
    out->start_fy = s->start_fy;
    out->years = s->years;
    out->baseline = s->baseline < s->nalts ? s->baseline : 0;
    out->currency = s->currency;
    struct ctx c = {.s = s, .adj = adj ? *adj : none, .cats_used = &out->cats_used, .e = e};
    double rate = s->discount_rate * c.adj.discount;
    enum status st = ST_OK;
    for (size_t a = 0; a < s->nalts; a++) {
        struct whatif_alt_result *ar = &out->alts[a];
        ar->name = s->alts[a].name;
        ar->years = calloc((size_t)s->years, sizeof *ar->years);
        if (!ar->years) {
            st = err_set(e, ST_NOMEM, "out of memory");
            goto fail;
        }
        c.years = ar->years;
        for (size_t i = 0; i < s->alts[a].nitems; i++) {
            c.it = &s->alts[a].items[i];
            c.st = ST_OK;
            if ((st = item_cost(&c, c.it, e)) != ST_OK || (st = c.st) != ST_OK)
                goto fail;
        }
        if ((st = alt_totals(s, &s->alts[a], rate, ar, e)) != ST_OK)
            goto fail;
    }
    /* break-even against the baseline: from this year on, never costlier cumulatively */
    const struct whatif_alt_result *base = &out->alts[out->baseline];
    for (size_t a = 0; a < s->nalts; a++) {
        struct whatif_alt_result *ar = &out->alts[a];
        ar->break_even_fy = 0;
        for (int y = s->years - 1; y >= 0; y--) {
            if (ar->years[y].cumulative > base->years[y].cumulative)
                break;
            ar->break_even_fy = ar->years[y].fy;
        }
    }
    int64_t *npv = calloc(s->nalts, sizeof *npv);
    size_t *order = calloc(s->nalts, sizeof *order);
    if (!npv || !order) {
        free(npv);
        free(order);
        st = err_set(e, ST_NOMEM, "out of memory");
        goto fail;
    }
    for (size_t a = 0; a < s->nalts; a++)
        npv[a] = out->alts[a].npv;
    order_by_npv(npv, s->nalts, order);
    for (size_t r = 0; r < s->nalts; r++)
        out->alts[order[r]].rank = (int)r + 1;
    free(npv);
    free(order);
    return ST_OK;
fail:
    whatif_result_release(out);
    return st;
}

/* ---- sensitivity ---- */

static const char *const factor_names[] = {"fx", "utilisation", "escalation", "discount"};

/* "fx", "utilisation", ... for messages (static). */
static const char *mdl_whatif_factor_name(enum whatif_factor f)
{
    return (unsigned)f < 4 ? factor_names[f] : "?";
}

enum status mdl_whatif_parse_vary(const char *text, struct whatif_vary_spec *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    while (*p) {
        const char *eq = strchr(p, '=');
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        if (!eq || eq > end)
            return err_set(e, ST_USAGE, "--vary: expected NAME=+-N%%, got '%.*s'", (int)(end - p),
                           p);
        size_t nlen = (size_t)(eq - p);
        int f = -1;
        for (int k = 0; k < 4; k++)
            if (strlen(factor_names[k]) == nlen && strncmp(p, factor_names[k], nlen) == 0)
                f = k;
        if (nlen == 11 && strncmp(p, "utilization", 11) == 0)
            f = WHATIF_UTILISATION;
        if (f < 0)
            return err_set(e, ST_USAGE,
                           "--vary: unknown factor '%.*s' (fx, utilisation, escalation, "
                           "discount)",
                           (int)nlen, p);
        const char *v = eq + 1;
        if (strncmp(v, "+-", 2) == 0 || strncmp(v, "-+", 2) == 0)
            v += 2;
        else if (strncmp(v, "+/-", 3) == 0)
            v += 3;
        else if (strncmp(v, "\xc2\xb1", 2) == 0) /* ± */
            v += 2;
        char *num_end;
        double pct = strtod(v, &num_end);
        if (num_end == v || !(pct > 0) || pct >= 100 ||
            (num_end != end && !(*num_end == '%' && num_end + 1 == end)))
            return err_set(e, ST_USAGE,
                           "--vary: expected a percentage between 0 and 100 after '%.*s=', "
                           "got '%.*s'",
                           (int)nlen, p, (int)(end - eq - 1), eq + 1);
        if (out->n == WHATIF_VARY_MAX)
            return err_set(e, ST_USAGE, "--vary: at most %d factors", WHATIF_VARY_MAX);
        out->v[out->n].factor = (enum whatif_factor)f;
        out->v[out->n].pct = pct / 100.0;
        out->n++;
        p = *end ? end + 1 : end;
    }
    if (out->n == 0)
        return err_set(e, ST_USAGE, "--vary: nothing to vary");
    return ST_OK;
}

void whatif_sensitivity_release(struct whatif_sensitivity *w)
{
    for (size_t i = 0; i < w->nvariants; i++) {
        free(w->v[i].npv);
        free(w->v[i].order);
    }
    free(w->v);
    memset(w, 0, sizeof *w);
}

enum status mdl_whatif_sensitivity(const struct scenario *s, const struct whatif_vary_spec *spec,
                                   struct whatif_sensitivity *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    size_t nvar = 1 + 2 * spec->n;
    out->v = calloc(nvar, sizeof *out->v);
    if (!out->v)
        return err_set(e, ST_NOMEM, "out of memory");
    out->nalts = s->nalts;
    enum status st = ST_OK;
    for (size_t i = 0; i < nvar; i++) {
        struct whatif_adjust adj = WHATIF_ADJUST_NONE;
        struct whatif_variant *v = &out->v[i];
        out->nvariants = i + 1;
        if (i == 0) {
            snprintf(v->label, sizeof v->label, "base");
        } else {
            size_t k = (i - 1) / 2;
            double sign = (i - 1) % 2 == 0 ? -1.0 : 1.0;
            double m = 1.0 + sign * spec->v[k].pct;
            switch (spec->v[k].factor) {
            case WHATIF_FX:
                adj.fx = m;
                break;
            case WHATIF_UTILISATION:
                adj.utilisation = m;
                break;
            case WHATIF_ESCALATION:
                adj.escalation = m;
                break;
            case WHATIF_DISCOUNT:
                adj.discount = m;
                break;
            }
            snprintf(v->label, sizeof v->label, "%s %c%g%%",
                     mdl_whatif_factor_name(spec->v[k].factor), sign < 0 ? '-' : '+',
                     spec->v[k].pct * 100.0);
        }
        v->npv = calloc(s->nalts, sizeof *v->npv);
        v->order = calloc(s->nalts, sizeof *v->order);
        if (!v->npv || !v->order) {
            st = err_set(e, ST_NOMEM, "out of memory");
            goto fail;
        }
        struct whatif_result r = {0};
        if ((st = mdl_whatif_run(s, &adj, &r, e)) != ST_OK)
            goto fail;
        for (size_t a = 0; a < s->nalts; a++)
            v->npv[a] = r.alts[a].npv;
        whatif_result_release(&r);
        order_by_npv(v->npv, s->nalts, v->order);
        if (i > 0) {
            v->cheapest_changed = v->order[0] != out->v[0].order[0];
            v->ranking_changed =
                memcmp(v->order, out->v[0].order, s->nalts * sizeof *v->order) != 0;
        }
    }
    return ST_OK;
fail:
    whatif_sensitivity_release(out);
    return st;
}
