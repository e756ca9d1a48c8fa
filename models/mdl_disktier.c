/*
 * mdl_disktier.c - the bundled managed disk tier table and the bill's disk
 * meter name parser (see mdl_disktier.h).
 *
 * Sizes, IOPS and throughput: Microsoft Learn, "Azure managed disk types"
 * (https://learn.microsoft.com/azure/virtual-machines/disks-types), whose
 * tables come from the azure-docs includes disk-storage-premium-ssd-sizes.md
 * and disk-storage-standard-ssd-sizes.md (ms.date 2023-02-14) and
 * disk-storage-standard-hdd-sizes.md; read on 2026-11-26. Premium SSD IOPS
 * and MB/s are the base provisioned figures (no on-demand bursting, no
 * performance plus); Standard SSD/HDD figures are the documented "up to"
 * values.
 *
 * List prices: pay-as-you-go, LRS, US East, USD per month, from
 * https://azure.microsoft.com/pricing/details/managed-disks/ as summarised on
 * 2026-11-26. That page renders its prices with JavaScript, so they could not
 * be re-read here; rows with price_checked = 1 (P20, P30, E20, E30) match a
 * second, independent quote (lucidity.cloud's Standard vs Premium SSD pricing
 * articles, 2026), the others are the same price list from memory of the
 * page and were not re-checked one by one. Only the ratio target/current is
 * used, and only when the user's own bill has no price for the target tier.
 */
#include "mdl_disktier.h"

#include <string.h>
#include <strings.h>

/* name, family, GiB, IOPS, MB/s, USD/month, price checked */
static const struct disk_tier tiers[] = {
    {"P1", DISK_PREMIUM_SSD, 4, 120, 25, 0.77, 0},
    {"P2", DISK_PREMIUM_SSD, 8, 120, 25, 1.54, 0},
    {"P3", DISK_PREMIUM_SSD, 16, 120, 25, 3.08, 0},
    {"P4", DISK_PREMIUM_SSD, 32, 120, 25, 5.28, 0},
    {"P6", DISK_PREMIUM_SSD, 64, 240, 50, 10.21, 0},
    {"P10", DISK_PREMIUM_SSD, 128, 500, 100, 19.71, 0},
    {"P15", DISK_PREMIUM_SSD, 256, 1100, 125, 38.01, 0},
    {"P20", DISK_PREMIUM_SSD, 512, 2300, 150, 73.22, 1},
    {"P30", DISK_PREMIUM_SSD, 1024, 5000, 200, 135.17, 1},
    {"P40", DISK_PREMIUM_SSD, 2048, 7500, 250, 259.05, 0},
    {"P50", DISK_PREMIUM_SSD, 4096, 7500, 250, 495.57, 0},
    {"P60", DISK_PREMIUM_SSD, 8192, 16000, 500, 946.08, 0},
    {"P70", DISK_PREMIUM_SSD, 16384, 18000, 750, 1802.15, 0},
    {"P80", DISK_PREMIUM_SSD, 32767, 20000, 900, 3604.30, 0},
    {"E1", DISK_STANDARD_SSD, 4, 500, 60, 0.30, 0},
    {"E2", DISK_STANDARD_SSD, 8, 500, 60, 0.60, 0},
    {"E3", DISK_STANDARD_SSD, 16, 500, 60, 1.20, 0},
    {"E4", DISK_STANDARD_SSD, 32, 500, 60, 2.40, 0},
    {"E6", DISK_STANDARD_SSD, 64, 500, 60, 4.80, 0},
    {"E10", DISK_STANDARD_SSD, 128, 500, 60, 9.60, 0},
    {"E15", DISK_STANDARD_SSD, 256, 500, 60, 19.20, 0},
    {"E20", DISK_STANDARD_SSD, 512, 500, 60, 38.40, 1},
    {"E30", DISK_STANDARD_SSD, 1024, 500, 60, 76.80, 1},
    {"E40", DISK_STANDARD_SSD, 2048, 500, 60, 153.60, 0},
    {"E50", DISK_STANDARD_SSD, 4096, 500, 60, 307.20, 0},
    {"E60", DISK_STANDARD_SSD, 8192, 2000, 400, 614.40, 0},
    {"E70", DISK_STANDARD_SSD, 16384, 4000, 600, 1228.80, 0},
    {"E80", DISK_STANDARD_SSD, 32767, 6000, 750, 2457.60, 0},
    {"S4", DISK_STANDARD_HDD, 32, 500, 60, 1.54, 0},
    {"S6", DISK_STANDARD_HDD, 64, 500, 60, 3.01, 0},
    {"S10", DISK_STANDARD_HDD, 128, 500, 60, 5.89, 0},
    {"S15", DISK_STANDARD_HDD, 256, 500, 60, 11.33, 0},
    {"S20", DISK_STANDARD_HDD, 512, 500, 60, 21.76, 0},
    {"S30", DISK_STANDARD_HDD, 1024, 500, 60, 40.96, 0},
    {"S40", DISK_STANDARD_HDD, 2048, 500, 60, 77.83, 0},
    {"S50", DISK_STANDARD_HDD, 4096, 500, 60, 143.36, 0},
    {"S60", DISK_STANDARD_HDD, 8192, 1300, 300, 262.14, 0},
    {"S70", DISK_STANDARD_HDD, 16384, 2000, 500, 524.29, 0},
    {"S80", DISK_STANDARD_HDD, 32767, 2000, 500, 1048.58, 0},
};
#define NTIERS (sizeof tiers / sizeof tiers[0])

const struct disk_tier *mdl_disktier_all(size_t *n)
{
    *n = NTIERS;
    return tiers;
}

const struct disk_tier *mdl_disktier_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < NTIERS; i++)
        if (strcasecmp(tiers[i].name, name) == 0)
            return &tiers[i];
    return NULL;
}

const struct disk_tier *mdl_disktier_same_size(const struct disk_tier *t, enum disk_family family)
{
    if (!t)
        return NULL;
    for (size_t i = 0; i < NTIERS; i++)
        if (tiers[i].family == family && tiers[i].size_gib == t->size_gib)
            return &tiers[i];
    return NULL;
}

/* Split s into at most max space-separated tokens of fewer than 16 bytes;
 * the count, or -1 when there are more or one is too long. */
static int split_tokens(const char *s, char tok[][16], int max)
{
    int n = 0;
    for (;;) {
        while (*s == ' ')
            s++;
        if (!*s)
            return n;
        size_t len = strcspn(s, " ");
        if (n == max || len >= 16)
            return -1;
        memcpy(tok[n], s, len);
        tok[n][len] = '\0';
        n++;
        s += len;
    }
}

const struct disk_tier *mdl_disktier_parse_meter(const char *meter_name, char *redundancy)
{
    if (redundancy)
        redundancy[0] = '\0';
    if (!meter_name)
        return NULL;
    char tok[3][16];
    int n = split_tokens(meter_name, tok, 3);
    if (n < 2)
        return NULL; /* "P30 LRS Disk Bursting", "Disk Operations", garbage */
    const struct disk_tier *t = mdl_disktier_find(tok[0]);
    const char *red = "LRS", *word = tok[1];
    if (n == 3) {
        if (strcasecmp(tok[1], "LRS") == 0)
            red = "LRS";
        else if (strcasecmp(tok[1], "ZRS") == 0)
            red = "ZRS";
        else
            return NULL;
        word = tok[2];
    }
    if (!t || (strcasecmp(word, "Disk") != 0 && strcasecmp(word, "Disks") != 0))
        return NULL;
    if (redundancy)
        memcpy(redundancy, red, 4);
    return t;
}
