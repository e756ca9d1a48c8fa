/*
 * mdl_alloc.c - largest-remainder allocation and WLS reconciliation
 * (see mdl_alloc.h). Integer arithmetic decides the final units, so the
 * parts add up to the total exactly whatever the doubles do.
 */
#include <math.h>
#include <stdlib.h>

#include "mdl_alloc.h"

struct rem {
    double frac;
    size_t idx;
};

static int cmp_rem(const void *a, const void *b)
{
    const struct rem *x = a, *y = b;
    if (x->frac != y->frac)
        return x->frac < y->frac ? 1 : -1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

void mdl_alloc_largest_remainder(int64_t total, const double *weights, size_t k, int64_t *out)
{
    double wsum = 0;
    for (size_t i = 0; i < k; i++)
        if (isfinite(weights[i]) && weights[i] > 0)
            wsum += weights[i];
    struct rem stack[64], *r = k <= 64 ? stack : malloc(k * sizeof *r);
    int64_t given = 0;
    int neg = total < 0;
    int64_t mag = neg ? -total : total;
    for (size_t i = 0; i < k; i++) {
        double w = (isfinite(weights[i]) && weights[i] > 0) ? weights[i] : 0;
        double share = wsum > 0 ? w / wsum : 1.0 / (double)k;
        double quota = (double)mag * share;
        double fl = floor(quota);
        out[i] = (int64_t)fl;
        given += out[i];
        if (r) {
            r[i].frac = quota - fl;
            r[i].idx = i;
        }
    }
    int64_t left = mag - given;
    if (r) {
        qsort(r, k, sizeof *r, cmp_rem);
        /* doubles may leave |left| >= k for huge totals: cycle until exact */
        for (size_t j = 0; left > 0; j = (j + 1) % k, left--)
            out[r[j].idx]++;
        if (r != stack)
            free(r);
    } else {
        for (size_t j = 0; left > 0; j = (j + 1) % k, left--)
            out[j]++;
    }
    while (left < 0) { /* floors overshot (rounding): take back from the largest */
        size_t big = 0;
        for (size_t i = 1; i < k; i++)
            if (out[i] > out[big])
                big = i;
        out[big]--;
        left++;
    }
    if (neg)
        for (size_t i = 0; i < k; i++)
            out[i] = -out[i];
}

void mdl_alloc_round(const double *values, size_t k, int64_t *out)
{
    double s = 0;
    for (size_t i = 0; i < k; i++)
        s += values[i] > 0 ? values[i] : 0;
    mdl_alloc_largest_remainder((int64_t)llround(s), values, k, out);
}

void mdl_reconcile_wls(double *total, double var_total, double *parts, const double *var_parts,
                       size_t k)
{
    double sum = 0, vsum = var_total > 0 ? var_total : 1e-12;
    for (size_t i = 0; i < k; i++) {
        sum += parts[i];
        vsum += var_parts[i] > 0 ? var_parts[i] : 1e-12;
    }
    double d = *total - sum;
    double newsum = 0;
    for (size_t i = 0; i < k; i++) {
        double v = var_parts[i] > 0 ? var_parts[i] : 1e-12;
        parts[i] += d * v / vsum;
        newsum += parts[i];
    }
    *total = newsum;
}
