/*
 * fuzz_cost.c - libFuzzer harness for the cost export importer
 * (importers/imp_cost.c: EA, MCA, FOCUS CSV, plain or gzip).
 *
 * Input: one options byte, then the file. Options byte bits:
 *   0-1  --format: detect, ea, mca, focus
 *   2-3  --dataset: decide from the content, actual, amortized, (content)
 *   4    hash while parsing (the path taken for files over 32 MiB)
 *   5    two files: the rest is cut at its first form feed (0x0c) and the two
 *        parts are imported in order into the same store (month-to-date
 *        replacement, duplicates)
 * Invariants: a failed import changes no import record (all-or-nothing);
 * a successful one adds one record whose rows, less the rows it replaced,
 * are what the store gained; the stored rows can be read back by month.
 */
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "fuzz_util.h"
#include "imp_cost.h"
#include "store.h"
#include "store_costs.h"

static const char *const formats[4] = {NULL, "ea", "mca", "focus"};
static const char *const datasets[4] = {NULL, "actual", "amortized", NULL};

/* Import records in the store and the rows they still own. */
static void census(struct store *s, size_t *n, int64_t *rows)
{
    struct import_record *v = NULL;
    struct err e;
    err_clear(&e);
    FUZZ_ASSERT(store_imports_list(s, &v, n, &e) == ST_OK);
    *rows = 0;
    for (size_t i = 0; i < *n; i++)
        *rows += v[i].rows_now;
    import_records_free(v, *n);
}

static void read_back(struct store *s)
{
    for (int ds = 0; ds < 2; ds++)
        for (int dim = COST_DIM_TOTAL; dim <= COST_DIM_DEPARTMENT; dim++) {
            struct cost_query q = {.dim = (enum cost_dim)dim,
                                   .dataset = (enum cost_dataset)ds,
                                   .from_day = INT32_MIN,
                                   .to_day = INT32_MAX};
            struct cost_cells c = {0};
            struct err e;
            err_clear(&e);
            FUZZ_ASSERT(store_cost_by_month(s, &q, &c, &e) == ST_OK);
            cost_cells_release(&c);
        }
}

/* Returns 1 when the import changed the store. */
static int import_one(struct store *s, int slot, const uint8_t *data, size_t size,
                      const struct imp_cost_options *opt)
{
    const char *path = fuzz_write_file(slot, ".csv", data, size);
    size_t n0, n1;
    int64_t r0, r1;
    census(s, &n0, &r0);
    struct imp_cost_result res;
    struct err e;
    err_clear(&e);
    memset(&res, 0, sizeof res);
    enum status st = fuzz_note("cost", imp_cost_file(s, path, opt, &res, &e), e.msg);
    census(s, &n1, &r1);
    if (st != ST_OK || res.duplicate) {
        FUZZ_ASSERT(n1 == n0 && r1 == r0);
        return 0;
    }
    FUZZ_ASSERT(n1 == n0 + 1);
    FUZZ_ASSERT(res.rows >= 0 && res.replaced >= 0);
    FUZZ_ASSERT(r1 == r0 + res.rows - res.replaced);
    read_back(s);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned o = data[0];
    struct imp_cost_options opt = {
        .format = formats[o & 3], .dataset = datasets[(o >> 2) & 3], .hash_late = (o >> 4) & 1};
    data++;
    size--;
    struct store *s = fuzz_store();
    const uint8_t *ff = (o & 0x20) ? memchr(data, '\f', size) : NULL;
    int changed;
    if (ff) {
        size_t first = (size_t)(ff - data);
        changed = import_one(s, 0, data, first, &opt);
        changed |= import_one(s, 1, ff + 1, size - first - 1, &opt);
    } else {
        changed = import_one(s, 0, data, size, &opt);
    }
    if (changed)
        fuzz_store_reset();
    return 0;
}
