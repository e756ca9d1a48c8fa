/*
 * mdl_region.h - where an Azure region's data centres are: the bundled table
 * region -> physical location and country (Microsoft Learn, "Azure regions
 * list"; docs/rightsize.md, "Data location"). Pure data, nothing to free.
 *
 * Read by the right-sizing report's data-location section and by
 * `yosan summary --by region`, so the city can confirm the country of every
 * data centre outside Japan (the guideline asks for it).
 */
#ifndef YOSAN_MDL_REGION_H
#define YOSAN_MDL_REGION_H

#include <stddef.h>

struct region_info {
    const char *name;       /* ARM name, e.g. "southeastasia" */
    const char *display;    /* Microsoft's display name, e.g. "Southeast Asia" */
    const char *location;   /* physical location, e.g. "Singapore" */
    const char *country;    /* country or territory in English, e.g. "Singapore" */
    const char *country_ja; /* the same in Japanese, e.g. "シンガポール" */
    int japan;              /* 1 for Japan East and Japan West */
};

/* The whole table, in Microsoft's order; *n receives the count. */
const struct region_info *mdl_region_all(size_t *n);

/* Normalise a region as cost exports spell it into out (lower case, no
 * spaces: "Japan East" and "japaneast" -> "japaneast"; the EA MeterRegion
 * forms "JA East"/"JA West" -> "japaneast"/"japanwest"). "" stays "". */
void mdl_region_normalize(const char *in, char *out, size_t cap);

/* A region by any spelling mdl_region_normalize() accepts; NULL when unknown. */
const struct region_info *mdl_region_find(const char *name);

/* 1 when the region is Japan East or Japan West. An empty region (the
 * export gave none: global services) or an unknown one counts as not
 * confirmed in Japan (0) so it is listed, never silently passed. */
int mdl_region_in_japan(const char *name);

#endif
