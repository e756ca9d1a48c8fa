/*
 * mdl_rollup.c - per-system budget lines split from their department's
 * line, and 千円 figures for the request view (mdl_rollup.h).
 */
#include "mdl_rollup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_alloc.h"

/* Split total over k parts by weights (largest remainder; sums exactly). */
static void split_into(int64_t total, const double *w, size_t k, int64_t *parts)
{
    mdl_alloc_largest_remainder(total, w, k, parts);
}

/* The monthly columns: each month of each array split by that month's weights. */
static void split_months(const struct budget_line *D, const struct mdl_rollup_weight *w, size_t k,
                         struct budget_line *out, double *wk, int64_t *parts)
{
    for (int m = 0; m < 12; m++) {
        for (size_t i = 0; i < k; i++)
            wk[i] = w[i].month[m];
        const int64_t *src[] = {&D->monthly[m], &D->monthly_p50[m], &D->lo80[m],
                                &D->hi80[m],    &D->lo95[m],        &D->hi95[m]};
        for (size_t a = 0; a < sizeof src / sizeof src[0]; a++) {
            split_into(*src[a], wk, k, parts);
            for (size_t i = 0; i < k; i++) {
                int64_t *dst[] = {&out[i].monthly[m], &out[i].monthly_p50[m], &out[i].lo80[m],
                                  &out[i].hi80[m],    &out[i].lo95[m],        &out[i].hi95[m]};
                *dst[a] = parts[i];
            }
        }
    }
}

/* Annual figures: sums of the months, the quantile spreads and the shared
 * part by the FY sums, FY-1 by its weights. */
static void split_annual(const struct budget_line *D, enum budget_level level,
                         const struct mdl_rollup_weight *w, size_t k, struct budget_line *out,
                         double *wk, int64_t *parts)
{
    for (size_t i = 0; i < k; i++) {
        out[i].budget = out[i].annual[BUDGET_P50] = 0;
        for (int m = 0; m < 12; m++) {
            out[i].budget += out[i].monthly[m];
            out[i].annual[BUDGET_P50] += out[i].monthly_p50[m];
        }
        wk[i] = 0;
        for (int m = 0; m < 12; m++)
            wk[i] += isfinite(w[i].month[m]) && w[i].month[m] > 0 ? w[i].month[m] : 0;
    }
    /* at the level the annual figure is the budget itself (sums to D's);
     * the other quantiles sit their share of D's spread above it or P50 */
    for (int q = BUDGET_P80; q <= BUDGET_P95; q++) {
        if (q == (int)level) {
            for (size_t i = 0; i < k; i++)
                out[i].annual[q] = out[i].budget;
            continue;
        }
        int base = level == BUDGET_P80 && q == BUDGET_P95 ? BUDGET_P80 : BUDGET_P50;
        split_into(D->annual[q] - D->annual[base], wk, k, parts);
        for (size_t i = 0; i < k; i++)
            out[i].annual[q] =
                (base == BUDGET_P80 ? out[i].budget : out[i].annual[BUDGET_P50]) + parts[i];
    }
    split_into(D->shared_yen, wk, k, parts);
    for (size_t i = 0; i < k; i++)
        out[i].shared_yen = parts[i];
    for (size_t i = 0; i < k; i++)
        wk[i] = w[i].last_fy;
    split_into(D->last_fy, wk, k, parts);
    for (size_t i = 0; i < k; i++) {
        out[i].last_fy = parts[i];
        out[i].last_fy_actual_months = D->last_fy_actual_months;
        out[i].change_pct = out[i].last_fy != 0 ? 100.0 * (double)(out[i].budget - out[i].last_fy) /
                                                      (double)out[i].last_fy
                                                : NAN;
    }
}

enum status mdl_budget_rollup(const struct budget_line *D, enum budget_level level,
                              const char *const *names, const char *const *models,
                              const struct mdl_rollup_weight *w, size_t k, struct budget_line *out,
                              struct err *e)
{
    memset(out, 0, k * sizeof *out);
    double *wk = malloc((k ? k : 1) * sizeof *wk);
    int64_t *parts = malloc((k ? k : 1) * sizeof *parts);
    enum status st = wk && parts ? ST_OK : ST_NOMEM;
    for (size_t i = 0; i < k && st == ST_OK; i++) {
        out[i].department = strdup(D->department);
        out[i].system = strdup(names[i]);
        if (!out[i].department || !out[i].system)
            st = ST_NOMEM;
        const char *model = models && models[i] ? models[i] : D->model;
        snprintf(out[i].model, sizeof out[i].model, "%s", model);
    }
    if (st == ST_OK && k > 0) {
        split_months(D, w, k, out, wk, parts);
        split_annual(D, level, w, k, out, wk, parts);
    }
    free(wk);
    free(parts);
    if (st != ST_OK) {
        for (size_t i = 0; i < k; i++) {
            free(out[i].department);
            free(out[i].system);
        }
        memset(out, 0, k * sizeof *out);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    return ST_OK;
}

int64_t mdl_thousand_yen(int64_t yen, enum money_rounding rule)
{
    int64_t q = yen / 1000, r = yen % 1000; /* C: q toward zero, r has yen's sign */
    switch (rule) {
    case MONEY_CEIL:
        return r > 0 ? q + 1 : q;
    case MONEY_FLOOR:
        return r < 0 ? q - 1 : q;
    case MONEY_HALF_UP:
        if (r >= 500)
            return q + 1;
        if (r <= -500)
            return q - 1;
        return q;
    }
    return q;
}

void mdl_thousand_lines(const int64_t *yen, size_t n, enum money_rounding rule, int64_t *k,
                        int64_t *total)
{
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        k[i] = mdl_thousand_yen(yen[i], rule);
        *total += k[i];
    }
}
