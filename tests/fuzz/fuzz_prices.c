/*
 * fuzz_prices.c - libFuzzer harness for Azure Retail Prices API pages
 * (importers/imp_prices.c through imp_prices_file). The input is the page.
 * Invariant: the counts are sane and NextPageLink is a terminated string.
 */
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "fuzz_util.h"
#include "imp_prices.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file(0, ".json", data, size);
    struct store *s = fuzz_store();
    (void)imp_prices_sniff(path);
    struct imp_prices_result res;
    struct err e;
    err_clear(&e);
    memset(&res, 0, sizeof res);
    if (fuzz_note("prices", imp_prices_file(s, path, &res, &e), e.msg) == ST_OK) {
        FUZZ_ASSERT(res.items >= 0 && res.stored >= 0);
        FUZZ_ASSERT(memchr(res.next_page, '\0', sizeof res.next_page) != NULL);
        fuzz_store_reset();
    }
    return 0;
}
