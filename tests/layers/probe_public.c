/* probe_public.c - the control for probe_private.c: the store's public
 * headers compile from outside engine/store/ with the same include paths. */
#include "store.h"
#include "store_costs.h"

int probe_public(void);
int probe_public(void)
{
    return 0;
}
