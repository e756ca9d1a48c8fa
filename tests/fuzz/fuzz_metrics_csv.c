/*
 * fuzz_metrics_csv.c - libFuzzer harness for `yosan import` of metrics
 * files (importers/imp_metrics.c through imp_metrics_file: the long CSV
 * resource_id,timestamp,metric,value, plain or gzip; a file starting with
 * '{' takes the JSON path). The input is the file.
 * Invariant: a failed import adds no import record.
 */
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "fuzz_util.h"
#include "imp_metrics.h"
#include "store.h"
#include "store_costs.h"

static size_t imports(struct store *s)
{
    struct import_record *v = NULL;
    size_t n = 0;
    struct err e;
    err_clear(&e);
    FUZZ_ASSERT(store_imports_list(s, &v, &n, &e) == ST_OK);
    import_records_free(v, n);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file(0, ".csv", data, size);
    struct store *s = fuzz_store();
    (void)imp_metrics_sniff(path);
    struct imp_metrics_result res;
    struct err e;
    err_clear(&e);
    memset(&res, 0, sizeof res);
    enum status st = fuzz_note("metrics", imp_metrics_file(s, path, &res, &e), e.msg);
    if (st != ST_OK) {
        FUZZ_ASSERT(imports(s) == 0);
    } else {
        FUZZ_ASSERT(res.points >= 0 && res.hours >= 0 && res.resources >= 0);
        fuzz_store_reset();
    }
    return 0;
}
