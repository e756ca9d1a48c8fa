/*
 * fuzz_approp.c - libFuzzer harness for appropriation files
 * (importers/imp_budget.c imp_approp_read, importers/imp_approp.c
 * imp_approp_load: `yosan appropriations load`, `report budget
 * --appropriations`). Input: one selector byte, then the file. Selector % 2:
 * 0 read only, 1 load into a fresh in-memory store (then load again).
 * Invariants: every row read is in range (fiscal year 2000..2200, |amount|
 * <= 9e12 yen, negative only for 補正 and 流用, the date from a year before
 * the fiscal year to its end, a known kind, a non-empty department); a
 * refused load leaves the store empty; a load stores exactly its rows, in
 * the years it reports, and loading the same file again changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>

#include "date.h"
#include "err.h"
#include "fuzz_util.h"
#include "imp_budget.h"
#include "store_approp.h"

#define MAX_YEN 9000000000000LL

static void check_rows(const struct imp_approp_set *s)
{
    FUZZ_ASSERT(s->basis >= -1 && s->basis <= 2);
    for (size_t i = 0; i < s->n; i++) {
        const struct imp_approp *a = &s->v[i];
        FUZZ_ASSERT(a->fiscal_year >= 2000 && a->fiscal_year <= 2200);
        FUZZ_ASSERT(a->yen >= -MAX_YEN && a->yen <= MAX_YEN);
        FUZZ_ASSERT(a->kind >= IMP_APPROP_ORIGINAL && a->kind <= IMP_APPROP_RESERVE);
        FUZZ_ASSERT(a->yen >= 0 || a->kind == IMP_APPROP_SUPPLEMENTARY ||
                    a->kind == IMP_APPROP_TRANSFER);
        int32_t f0 = date_from_civil(a->fiscal_year, 4, 1);
        int32_t f1 = date_from_civil(a->fiscal_year + 1, 3, 31);
        FUZZ_ASSERT(a->day >= f0 - 366 && a->day <= f1);
        FUZZ_ASSERT(a->department && a->department[0] && a->system && a->note);
        FUZZ_ASSERT(a->line >= 2);
    }
}

static size_t stored(struct store *s)
{
    struct store_approp *v = NULL;
    size_t n = 0;
    struct err e;
    err_clear(&e);
    FUZZ_ASSERT(store_approp_list(s, 0, &v, &n, &e) == ST_OK);
    store_approp_free(v, n);
    return n;
}

static void load(const char *path)
{
    struct store *s = fuzz_store();
    struct imp_approp_load_result r = {0};
    struct err e;
    err_clear(&e);
    if (fuzz_note("load", imp_approp_load(s, path, &r, &e), e.msg) != ST_OK) {
        FUZZ_ASSERT(stored(s) == 0); /* all or nothing: the store stays empty */
        return;
    }
    FUZZ_ASSERT(!r.unchanged && r.nyears >= 1 && r.basis >= 0 && r.basis <= 2);
    FUZZ_ASSERT(stored(s) == r.rows);
    struct store_approp *v = NULL;
    size_t n = 0;
    FUZZ_ASSERT(store_approp_list(s, 0, &v, &n, &e) == ST_OK);
    for (size_t i = 0; i < n && r.nyears <= 8; i++) {
        int known = 0;
        for (size_t k = 0; k < r.nyears; k++)
            known |= v[i].fiscal_year == r.years[k];
        FUZZ_ASSERT(known);
    }
    store_approp_free(v, n);
    struct imp_approp_load_result again = {0};
    FUZZ_ASSERT(imp_approp_load(s, path, &again, &e) == ST_OK);
    FUZZ_ASSERT(again.unchanged && again.rows == r.rows && stored(s) == r.rows);
    fuzz_store_reset(); /* the next input starts from an empty store */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_init();
    const char *path = fuzz_write_file(0, ".csv", data + 1, size - 1);
    if (data[0] % 2) {
        load(path);
        return 0;
    }
    struct imp_approp_set s = {0};
    struct err e;
    err_clear(&e);
    if (fuzz_note("read", imp_approp_read(path, &s, &e), e.msg) == ST_OK) {
        check_rows(&s);
        imp_approp_set_release(&s);
    }
    return 0;
}
