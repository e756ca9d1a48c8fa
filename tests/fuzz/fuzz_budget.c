/*
 * fuzz_budget.c - libFuzzer harness for the small CSV inputs of
 * `yosan budget` (importers/imp_budget.c). Input: one selector byte, then
 * the file. Selector % 3: 0 --adjust file, 1 --shared fixed:FILE shares,
 * 2 --input monthly totals.
 * Invariants: the monthly cells come back sorted by key, currency and month
 * with no (key, currency, month) twice.
 */
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "fuzz_util.h"
#include "imp_budget.h"
#include "store_costs.h"

static void monthly(const char *path)
{
    struct cost_cells c;
    struct err e;
    err_clear(&e);
    if (fuzz_note("monthly", imp_monthly_read(path, &c, &e), e.msg) != ST_OK)
        return;
    for (size_t i = 1; i < c.n; i++) {
        int k = strcmp(c.v[i - 1].key, c.v[i].key);
        if (k == 0)
            k = strcmp(c.v[i - 1].currency, c.v[i].currency);
        FUZZ_ASSERT(k < 0 || (k == 0 && c.v[i - 1].month < c.v[i].month));
    }
    cost_cells_release(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned which = data[0] % 3;
    const char *path = fuzz_write_file(0, ".csv", data + 1, size - 1);
    struct err e;
    err_clear(&e);
    if (which == 0) {
        struct imp_adjust_set a;
        if (fuzz_note("adjust", imp_adjust_read(path, &a, &e), e.msg) == ST_OK)
            imp_adjust_set_release(&a);
    } else if (which == 1) {
        struct imp_share_set s;
        if (fuzz_note("shares", imp_share_read(path, &s, &e), e.msg) == ST_OK)
            imp_share_set_release(&s);
    } else {
        monthly(path);
    }
    return 0;
}
