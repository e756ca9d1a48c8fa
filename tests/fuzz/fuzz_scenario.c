/*
 * fuzz_scenario.c - libFuzzer harness for what-if scenario files
 * (importers/imp_scenario.c, YAML via libyaml) through the what-if model
 * (models/mdl_whatif.c), as `yosan whatif` runs them. What the CLI reads
 * from the store (a VM's retail price, a store item's monthly cost) is
 * filled with fixed numbers here, as run_whatif would after its look-ups.
 *
 * Input: one options byte, then the file. Bits 0-2 choose --years (the
 * file's, 1, 2, 3, 5, 10, 30, 50), bit 3 runs the sensitivity analysis
 * (--vary on all four factors), bit 4 gives a default start_fy (as the CLI
 * does for files without one).
 * Invariants: each year's total is the sum of its categories, cumulative
 * totals add up, the horizon total is the sum of the years, ranks are a
 * permutation of 1..alternatives.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz_util.h"
#include "imp_scenario.h"
#include "mdl_whatif.h"
#include "scenario.h"

static const int years_opt[8] = {0, 1, 2, 3, 5, 10, 30, 50};

static void check(const struct whatif_result *r)
{
    FUZZ_ASSERT(r->nalts > 0 && r->baseline < r->nalts && r->years > 0);
    unsigned char *seen = calloc(r->nalts + 1, 1);
    FUZZ_ASSERT(seen != NULL);
    for (size_t a = 0; a < r->nalts; a++) {
        const struct whatif_alt_result *alt = &r->alts[a];
        int64_t cum = 0;
        for (int y = 0; y < r->years; y++) {
            const struct whatif_year *wy = &alt->years[y];
            int64_t t = 0;
            for (int c = 0; c < SCN_CAT_COUNT; c++)
                t += wy->by_cat[c];
            FUZZ_ASSERT(t == wy->total);
            cum += wy->total;
            FUZZ_ASSERT(cum == wy->cumulative);
        }
        FUZZ_ASSERT(cum == alt->total);
        FUZZ_ASSERT(alt->rank >= 1 && (size_t)alt->rank <= r->nalts && !seen[alt->rank]);
        seen[alt->rank] = 1;
    }
    free(seen);
}

/* Stand-ins for engine/cli/run_whatif.c's store look-ups. */
static void resolve_store(struct scenario *scn)
{
    for (size_t a = 0; a < scn->nalts; a++)
        for (size_t i = 0; i < scn->alts[a].nitems; i++) {
            struct scn_item *it = &scn->alts[a].items[i];
            if (it->price_from_store) {
                it->currency = SCN_JPY;
                it->price_per_hour = 19.6;
                if (it->discount_from_store)
                    it->reservation_discount = 0.41;
            }
            if (it->kind == SCN_STORE) {
                it->monthly_cost = 1234567.0 * (1.0 - it->savings_pct);
                it->monthly_cost_known = 1;
            }
        }
}

static void sensitivity(const struct scenario *scn)
{
    struct whatif_vary_spec spec;
    struct err e;
    err_clear(&e);
    FUZZ_ASSERT(mdl_whatif_parse_vary("fx=+-15%,utilisation=+-20%,escalation=+-50%,discount=+-30%",
                                      &spec, &e) == ST_OK);
    struct whatif_sensitivity w;
    memset(&w, 0, sizeof w);
    if (mdl_whatif_sensitivity(scn, &spec, &w, &e) == ST_OK)
        FUZZ_ASSERT(w.nvariants == 1 + 2 * spec.n && w.nalts == scn->nalts);
    whatif_sensitivity_release(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned o = data[0];
    struct imp_scenario_options opt = {.years = years_opt[o & 7],
                                       .start_fy = (o & 0x10) ? 2026 : 0};
    const char *path = fuzz_write_file(0, ".yaml", data + 1, size - 1);
    struct scenario scn;
    struct err e;
    err_clear(&e);
    if (fuzz_note("scenario", imp_scenario_file(path, &opt, &scn, &e), e.msg) != ST_OK)
        return 0;
    resolve_store(&scn);
    struct whatif_result r;
    memset(&r, 0, sizeof r);
    if (fuzz_note("whatif", mdl_whatif_run(&scn, NULL, &r, &e), e.msg) == ST_OK) {
        check(&r);
        whatif_result_release(&r);
        if (o & 8)
            sensitivity(&scn);
    }
    scenario_release(&scn);
    return 0;
}
