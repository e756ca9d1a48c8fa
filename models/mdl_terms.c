/*
 * mdl_terms.c - putting amounts on a basis (see mdl_terms.h): exact cells
 * for summaries, service-mix rates and whole-yen conversions for budgets.
 */
#include "mdl_terms.h"

#include "mdl_alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef __int128 i128;

/* One (key, currency, month) part before merging. */
struct part {
    char *key; /* owned */
    const char *currency;
    int month;
    struct money list, contract, taxable;
};

static int part_cmp(const void *a, const void *b)
{
    const struct part *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (!c)
        c = strcmp(x->currency, y->currency);
    return c ? c : (x->month > y->month) - (x->month < y->month);
}

static enum status parts_of(const struct cost_cells *in, const struct terms *t, struct part *v,
                            struct err *e)
{
    for (size_t i = 0; i < in->n; i++) {
        const struct cost_cell *c = &in->v[i];
        const char *sep = strchr(c->key, MDL_TERMS_SEP);
        const char *service = sep ? sep + 1 : NULL;
        size_t klen = sep ? (size_t)(sep - c->key) : strlen(c->key);
        v[i].key = strndup(c->key, klen);
        if (!v[i].key)
            return err_set(e, ST_NOMEM, "out of memory");
        v[i].currency = c->currency;
        v[i].month = c->month;
        v[i].list = c->cost;
        v[i].contract =
            money_mul_ppm(c->cost, TERMS_PPM + terms_contract_ppm(t, service, c->month));
        v[i].taxable = terms_taxable(t, service) ? v[i].contract : MONEY_ZERO;
    }
    return ST_OK;
}

/* The value of a merged (key, currency, month) on the basis. */
static struct money basis_value(const struct part *p, const struct terms *t, enum terms_basis b)
{
    if (b == TERMS_BASIS_LIST)
        return p->list;
    if (b == TERMS_BASIS_CONTRACT)
        return p->contract;
    struct money tax = money_round_to(money_mul_ppm(p->taxable, terms_tax_ppm(t, p->month)),
                                      terms_currency_decimals(p->currency), t->rounding);
    return money_add(p->contract, tax);
}

static enum status merge_out(struct part *v, size_t n, const struct terms *t, enum terms_basis b,
                             struct cost_cells *out, struct err *e)
{
    out->v = calloc(n ? n : 1, sizeof *out->v);
    if (!out->v)
        return err_set(e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < n;) {
        struct part acc = v[i];
        size_t j = i + 1;
        for (; j < n && part_cmp(&v[i], &v[j]) == 0; j++) {
            acc.list = money_add(acc.list, v[j].list);
            acc.contract = money_add(acc.contract, v[j].contract);
            acc.taxable = money_add(acc.taxable, v[j].taxable);
        }
        struct cost_cell *c = &out->v[out->n];
        c->key = strdup(acc.key);
        c->currency = strdup(acc.currency);
        if (!c->key || !c->currency) {
            free(c->key);
            free(c->currency);
            return err_set(e, ST_NOMEM, "out of memory");
        }
        c->month = acc.month;
        c->cost = basis_value(&acc, t, b);
        out->n++;
        i = j;
    }
    return ST_OK;
}

enum status mdl_terms_cells(const struct cost_cells *in, const struct terms *t, enum terms_basis b,
                            struct cost_cells *out, struct err *e)
{
    out->v = NULL;
    out->n = 0;
    struct part *v = calloc(in->n ? in->n : 1, sizeof *v);
    if (!v)
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st = parts_of(in, t, v, e);
    if (st == ST_OK) {
        qsort(v, in->n, sizeof *v, part_cmp);
        st = merge_out(v, in->n, t, b, out, e);
    }
    for (size_t i = 0; i < in->n; i++)
        free(v[i].key);
    free(v);
    if (st != ST_OK)
        cost_cells_release(out);
    return st;
}

static i128 pico(struct money m)
{
    return (i128)m.e6 * 1000000 + m.e12;
}

/* The total's months (at the level and P50), budget, shared part and
 * FY-1 as the sums of the lines'. */
static void sum_lines(struct budget_line *T, const struct budget_line *lines, size_t n)
{
    /* the FY-1 forecast months: the lines' sum, with the total's own band widths */
    int64_t h[4][12];
    int64_t *band[4] = {T->prev_lo80, T->prev_hi80, T->prev_lo95, T->prev_hi95};
    for (int k = 0; k < 12; k++) {
        for (int b = 0; b < 4; b++)
            h[b][k] = band[b][k] - T->prev_p50[k];
        T->prev_p50[k] = 0;
        for (size_t l = 0; l < n; l++)
            T->prev_p50[k] += lines[l].prev_p50[k];
        for (int b = 0; b < 4; b++) {
            int64_t v = T->prev_p50[k] + h[b][k];
            band[b][k] = v > 0 ? v : 0;
        }
    }
    memset(T->monthly, 0, sizeof T->monthly);
    memset(T->monthly_p50, 0, sizeof T->monthly_p50);
    T->budget = T->shared_yen = T->last_fy = 0;
    for (size_t l = 0; l < n; l++) {
        for (int k = 0; k < 12; k++) {
            T->monthly[k] += lines[l].monthly[k];
            T->monthly_p50[k] += lines[l].monthly_p50[k];
        }
        T->budget += lines[l].budget;
        T->shared_yen += lines[l].shared_yen;
        T->last_fy += lines[l].last_fy;
    }
}

/* x / d rounded half away from zero (d > 0). */
static i128 div_round(i128 x, i128 d)
{
    i128 q = x / d, r = x % d;
    if (2 * r >= d)
        q++;
    else if (2 * r <= -d)
        q--;
    return q;
}

static int key_matches(const char *cell_key, const char *key)
{
    if (!key)
        return 1;
    size_t n = strlen(key);
    return strncmp(cell_key, key, n) == 0 && (cell_key[n] == MDL_TERMS_SEP || cell_key[n] == '\0');
}

void mdl_terms_rates(const struct terms *t, const struct cost_cells *mix, const char *key,
                     int mix_from, int mix_to, int month, int64_t *cppm, int64_t *tppm)
{
    i128 sa = 0, sc = 0, st = 0; /* list, contract and taxable contract, pico * ppm */
    for (size_t i = 0; mix && i < mix->n; i++) {
        const struct cost_cell *c = &mix->v[i];
        if (c->month < mix_from || c->month > mix_to || !key_matches(c->key, key))
            continue;
        const char *sep = strchr(c->key, MDL_TERMS_SEP);
        const char *service = sep ? sep + 1 : NULL;
        i128 a = pico(c->cost), k = TERMS_PPM + terms_contract_ppm(t, service, month);
        sa += a * TERMS_PPM;
        sc += a * k;
        if (terms_taxable(t, service))
            st += a * k;
    }
    int64_t rate = terms_tax_ppm(t, month);
    if (sa <= 0 || sc <= 0) {
        *cppm = terms_contract_ppm(t, NULL, month);
        *tppm = rate;
        return;
    }
    *cppm = (int64_t)(div_round(sc * TERMS_PPM, sa) - TERMS_PPM);
    *tppm = st == sc ? rate : (int64_t)div_round(st * rate, sc);
}

/* x * ppm / 10^6 (x >= 0 whole yen) rounded by rule. */
static int64_t scale_yen(int64_t x, int64_t ppm, enum money_rounding rule)
{
    i128 p = (i128)x * ppm, q = p / TERMS_PPM, r = p % TERMS_PPM;
    if (r < 0) {
        r += TERMS_PPM;
        q--;
    }
    if ((rule == MONEY_CEIL && r > 0) || (rule == MONEY_HALF_UP && 2 * r >= TERMS_PPM))
        q++;
    return (int64_t)q;
}

int64_t mdl_terms_yen(int64_t list, int64_t cppm, int64_t tppm, enum terms_basis b,
                      enum money_rounding rule)
{
    if (b == TERMS_BASIS_LIST)
        return list;
    int64_t contract = scale_yen(list, TERMS_PPM + cppm, rule);
    return b == TERMS_BASIS_CONTRACT ? contract : contract + scale_yen(contract, tppm, rule);
}

/* v * num / den rounded half away from zero; v when den is 0. */
static int64_t ratio(int64_t v, int64_t num, int64_t den)
{
    return den ? (int64_t)div_round((i128)v * num * (den < 0 ? -1 : 1), den < 0 ? -(i128)den : den)
               : v;
}

static double change_pct(const struct budget_line *L)
{
    return L->last_fy != 0 ? 100.0 * (double)(L->budget - L->last_fy) / (double)L->last_fy : NAN;
}

/* Annual quantiles of a converted line: P50 = the sum of its P50 months,
 * the level = its budget, the other scaled with P50 (old_p50 before). */
static void annual_scaled(struct budget_line *L, int64_t old_p50, enum budget_level level)
{
    int64_t p50 = 0;
    for (int k = 0; k < 12; k++)
        p50 += L->monthly_p50[k];
    for (int q = 1; q < 3; q++)
        L->annual[q] = p50 + ratio(L->annual[q] - old_p50, p50, old_p50);
    L->annual[0] = p50;
    L->annual[level] = L->budget;
}

static void bands(struct budget_line *L, const struct mdl_terms_line_rates *r, enum terms_basis b,
                  enum money_rounding rule)
{
    for (int k = 0; k < 12; k++) {
        int64_t c = r->cppm[k], t = r->tppm[k];
        L->monthly_p50[k] = mdl_terms_yen(L->monthly_p50[k], c, t, b, rule);
        L->lo80[k] = mdl_terms_yen(L->lo80[k], c, t, b, rule);
        L->hi80[k] = mdl_terms_yen(L->hi80[k], c, t, b, rule);
        L->lo95[k] = mdl_terms_yen(L->lo95[k], c, t, b, rule);
        L->hi95[k] = mdl_terms_yen(L->hi95[k], c, t, b, rule);
    }
}

/* The FY-1 forecast months (prev_*) with FY-1's rates, as last_fy. */
static void prev_converted(struct budget_line *L, const struct mdl_terms_line_rates *r,
                           enum terms_basis b, enum money_rounding rule)
{
    int64_t *arrays[] = {L->prev_p50, L->prev_lo80, L->prev_hi80, L->prev_lo95, L->prev_hi95};
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++)
        for (int k = 0; k < 12; k++)
            arrays[a][k] = mdl_terms_yen(arrays[a][k], r->last_cppm, r->last_tppm, b, rule);
}

void mdl_terms_budget_line(struct budget_line *L, const struct mdl_terms_line_rates *r,
                           enum budget_level level, enum terms_basis b, enum money_rounding rule)
{
    if (b == TERMS_BASIS_LIST)
        return;
    int64_t old_p50 = L->annual[0];
    bands(L, r, b, rule);
    prev_converted(L, r, b, rule);
    L->budget = 0;
    for (int k = 0; k < 12; k++) {
        L->monthly[k] = mdl_terms_yen(L->monthly[k], r->cppm[k], r->tppm[k], b, rule);
        L->budget += L->monthly[k];
    }
    annual_scaled(L, old_p50, level);
    L->shared_yen = ratio(L->shared_yen, L->annual[0], old_p50);
    L->last_fy = mdl_terms_yen(L->last_fy, r->last_cppm, r->last_tppm, b, rule);
    L->change_pct = change_pct(L);
}

void mdl_terms_budget_total(struct budget_line *T, const struct budget_line *lines, size_t n,
                            const struct mdl_terms_line_rates *r, enum budget_level level,
                            enum terms_basis b, enum money_rounding rule)
{
    if (b == TERMS_BASIS_LIST)
        return;
    int64_t old_p50 = T->annual[0];
    bands(T, r, b, rule);
    prev_converted(T, r, b, rule);
    sum_lines(T, lines, n);
    /* the total's annual P80/P95 are its own quantiles, scaled like a line's */
    int64_t own_level = T->annual[level];
    annual_scaled(T, old_p50, level);
    if (level != BUDGET_P50)
        T->annual[level] =
            old_p50 ? T->annual[0] + ratio(own_level - old_p50, T->annual[0], old_p50) : T->budget;
    T->change_pct = change_pct(T);
}

/* Every figure of a line times rate_e6 / 10^6, rounded by rule. */
static void fx_scale(struct budget_line *L, int64_t rate_e6, enum money_rounding rule)
{
    int64_t *arrays[] = {L->monthly,   L->monthly_p50, L->lo80,     L->hi80,
                         L->lo95,      L->hi95,        L->prev_p50, L->prev_lo80,
                         L->prev_hi80, L->prev_lo95,   L->prev_hi95};
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++)
        for (int k = 0; k < 12; k++)
            arrays[a][k] = scale_yen(arrays[a][k], rate_e6, rule);
    for (int q = 0; q < 3; q++)
        L->annual[q] = scale_yen(L->annual[q], rate_e6, rule);
    L->shared_yen = scale_yen(L->shared_yen, rate_e6, rule);
    L->last_fy = scale_yen(L->last_fy, rate_e6, rule);
}

/* Annual spreads widened by the FX uncertainty of the forecast months;
 * P50 the sum of the P50 months; the months at the level re-split. */
static void fx_widen(struct budget_line *L, double sigma, int fc_from, enum budget_level level,
                     int resplit)
{
    static const double z[3] = {0, 0.8416212335729143, 1.6448536269514722};
    int64_t p50 = 0, fc = 0;
    for (int k = 0; k < 12; k++) {
        p50 += L->monthly_p50[k];
        if (k >= fc_from)
            fc += L->monthly_p50[k];
    }
    for (int q = 1; q < 3; q++) {
        double s = (double)(L->annual[q] - L->annual[0]), f = z[q] * sigma * (double)fc;
        L->annual[q] = p50 + (int64_t)llround(sqrt(s * s + f * f));
    }
    L->annual[0] = p50;
    if (!resplit)
        return;
    double w[12];
    for (int k = 0; k < 12; k++)
        w[k] = (double)L->monthly_p50[k];
    L->budget = L->annual[level];
    mdl_alloc_largest_remainder(L->budget, w, 12, L->monthly);
}

static double fx_sigma(int64_t low_e6, int64_t high_e6)
{
    return low_e6 > 0 && high_e6 > low_e6
               ? log((double)high_e6 / (double)low_e6) / (2 * 1.6448536269514722)
               : 0;
}

void mdl_terms_budget_fx(struct budget_line *L, int64_t rate_e6, int64_t low_e6, int64_t high_e6,
                         int fc_from, enum budget_level level, enum money_rounding rule)
{
    fx_scale(L, rate_e6, rule);
    fx_widen(L, fx_sigma(low_e6, high_e6), fc_from, level, 1);
    L->change_pct = change_pct(L);
}

void mdl_terms_budget_fx_total(struct budget_line *T, const struct budget_line *lines, size_t n,
                               int64_t rate_e6, int64_t low_e6, int64_t high_e6, int fc_from,
                               enum budget_level level, enum money_rounding rule)
{
    fx_scale(T, rate_e6, rule);
    sum_lines(T, lines, n);
    fx_widen(T, fx_sigma(low_e6, high_e6), fc_from, level, 0);
    T->change_pct = change_pct(T);
}
