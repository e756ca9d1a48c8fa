/* probe_private_sdb.c - must NOT compile: the store's statement layer
 * (sdb.h, SQL over SQLite or PostgreSQL) is reachable only from
 * engine/store/. Built on demand by tests/cli/test_store_private.sh. */
#include "sdb.h"

int probe_private_sdb(void);
int probe_private_sdb(void)
{
    return 0;
}
