/*
 * fuzz_terms.c - libFuzzer harness for billing terms files
 * (importers/imp_terms.c, YAML via libyaml) and the basis arithmetic
 * (models/mdl_terms.c), as `yosan terms load` and `budget --basis` use them.
 *
 * Input: the terms file. Invariants: an accepted file has its tax rates in
 * month order and no two contract rows for one target in force in the same
 * month (terms_check); putting fixed cells on each basis keeps one cell per
 * key and month, list equals the input sums, and with no negative markup
 * contract+tax is at least contract for non-negative amounts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "err.h"
#include "fuzz_util.h"
#include "imp_terms.h"
#include "mdl_terms.h"

static void check_basis(const struct terms *t)
{
    static const char *const keys[] = {"A\x1fVirtual Machines", "A\x1fStorage",
                                       "B\037Azure Marketplace"};
    struct cost_cell v[6];
    for (int i = 0; i < 6; i++)
        v[i] = (struct cost_cell){(char *)keys[i % 3], (char *)"JPY", month_index(2019, 9) + i / 3,
                                  money_from_units(1000 + i)};
    struct cost_cells in = {v, 6}, out[3];
    struct err e;
    for (int b = 0; b < 3; b++) {
        err_clear(&e);
        FUZZ_ASSERT(mdl_terms_cells(&in, t, (enum terms_basis)b, &out[b], &e) == ST_OK);
        FUZZ_ASSERT(out[b].n == 4);
    }
    for (size_t i = 0; i < 4; i++) {
        int64_t c, x;
        mdl_terms_rates(t, &in, out[1].v[i].key, out[1].v[i].month, out[1].v[i].month,
                        out[1].v[i].month, &c, &x);
        if (c >= 0 && x >= 0)
            FUZZ_ASSERT(money_cmp(out[2].v[i].cost, out[1].v[i].cost) >= 0);
    }
    FUZZ_ASSERT(money_cmp(out[0].v[0].cost, money_from_units(1000 + 1001)) == 0); /* A, 2019-09 */
    for (int b = 0; b < 3; b++)
        cost_cells_release(&out[b]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    struct terms t;
    struct err e;
    err_clear(&e);
    if (fuzz_note("terms", imp_terms_buffer("fuzz.yaml", (const char *)data, size, &t, &e),
                  e.msg) != ST_OK)
        return 0;
    for (size_t i = 1; i < t.ntax; i++)
        FUZZ_ASSERT(t.tax[i - 1].from_month < t.tax[i].from_month);
    err_clear(&e);
    FUZZ_ASSERT(terms_check(&t, &e) == ST_OK);
    check_basis(&t);
    terms_release(&t);
    return 0;
}
