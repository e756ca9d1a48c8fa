/* probe_private.c - must NOT compile: the store's private header (with
 * sqlite3.h) is reachable only from engine/store/. Built on demand by
 * tests/cli/test_store_private.sh, never by `make`. */
#include "store_internal.h"

int probe_private(void);
int probe_private(void)
{
    return 0;
}
