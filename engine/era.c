/*
 * era.c - Japanese era names of fiscal years (era.h).
 */
#include "era.h"

#include <stdio.h>

const char *era_fy_label(int fy, char *out, size_t outlen)
{
    const char *era = NULL;
    int year = 0;
    if (fy >= 2019) {
        era = "令和";
        year = fy - 2018;
    } else if (fy >= 1989) {
        era = "平成";
        year = fy - 1988;
    }
    if (!era)
        snprintf(out, outlen, "%d年度", fy);
    else if (year == 1)
        snprintf(out, outlen, "%s元年度", era);
    else
        snprintf(out, outlen, "%s%d年度", era, year);
    return out;
}
