/*
 * fuzz_series.c - libFuzzer harness for long-format series CSV files
 * (importers/imp_series.c, `yosan forecast --input`). The input is the file.
 * Invariant: every series read has an id and at least one value.
 */
#include <stdint.h>

#include "err.h"
#include "fuzz_util.h"
#include "imp_series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file(0, ".csv", data, size);
    struct imp_series_set set;
    struct err e;
    err_clear(&e);
    if (fuzz_note("series", imp_series_read(path, &set, &e), e.msg) == ST_OK) {
        for (size_t i = 0; i < set.n; i++)
            FUZZ_ASSERT(set.v[i].id && set.v[i].n > 0 && set.v[i].y);
        imp_series_set_release(&set);
    }
    return 0;
}
