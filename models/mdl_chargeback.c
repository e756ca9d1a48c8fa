/*
 * mdl_chargeback.c - whole-unit charge-back of a month's invoice (see
 * mdl_chargeback.h). Integer arithmetic decides every unit, so the parts
 * add up to the invoice exactly.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mdl_alloc.h"
#include "mdl_chargeback.h"

struct cb_rem {
    int64_t rem; /* remainder in sub-units, 0 <= rem < scale */
    size_t idx;
};

/* Largest remainder first; ties to the lower index. */
static int cmp_cb_rem(const void *a, const void *b)
{
    const struct cb_rem *x = a, *y = b;
    if (x->rem != y->rem)
        return x->rem < y->rem ? 1 : -1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

void mdl_chargeback_round(const int64_t *amounts, size_t k, int64_t scale, int64_t target,
                          int64_t *out)
{
    if (scale < 1)
        scale = 1;
    struct cb_rem stack[64], *r = k <= 64 ? stack : calloc(k, sizeof *r);
    int64_t given = 0;
    for (size_t i = 0; i < k; i++) {
        int64_t fl = amounts[i] / scale, rem = amounts[i] % scale;
        if (rem < 0) { /* floor division for negative amounts */
            rem += scale;
            fl--;
        }
        out[i] = fl;
        given += fl;
        if (r) {
            r[i].rem = rem;
            r[i].idx = i;
        }
    }
    int64_t left = target - given;
    if (r)
        qsort(r, k, sizeof *r, cmp_cb_rem);
    /* without the order (no memory) the units go by index: still exact */
    for (size_t j = 0; left > 0; j = (j + 1) % k, left--)
        out[r ? r[j].idx : j]++;
    for (size_t j = 0; left < 0; j = (j + 1) % k, left++)
        out[r ? r[k - 1 - j].idx : k - 1 - j]--;
    if (r && r != stack)
        free(r);
}

void mdl_chargeback_split(const struct mdl_cb_month *m, struct mdl_cb_part *out,
                          int64_t *shared_units)
{
    if (m->n == 0) {
        *shared_units = m->invoice;
        return;
    }
    size_t k = m->n + 1;
    int64_t stack[3 * 65];
    /* one block: amounts, rounded amounts, shared shares (k each) */
    int64_t *buf = k <= 65 ? stack : k < SIZE_MAX / 64 ? calloc(3 * k, sizeof *buf) : NULL;
    int64_t *a = buf, *o = buf ? buf + k : NULL, *sh = buf ? buf + 2 * k : NULL;
    if (!a || !o || !sh) { /* no memory: everything to the shared key, still exact */
        for (size_t i = 0; i < m->n; i++)
            out[i].direct = 0;
        *shared_units = m->invoice;
    } else {
        for (size_t i = 0; i < m->n; i++)
            a[i] = m->direct[i];
        a[m->n] = m->shared;
        mdl_chargeback_round(a, k, m->scale, m->invoice, o);
        for (size_t i = 0; i < m->n; i++)
            out[i].direct = o[i];
        *shared_units = o[m->n];
    }
    if (sh) {
        mdl_alloc_largest_remainder(*shared_units, m->weights, m->n, sh);
        for (size_t i = 0; i < m->n; i++)
            out[i].shared = sh[i];
    } else {
        for (size_t i = 0; i < m->n; i++)
            out[i].shared = i == 0 ? *shared_units : 0;
    }
    for (size_t i = 0; i < m->n; i++)
        out[i].total = out[i].direct + out[i].shared;
    if (buf != stack)
        free(buf);
}
