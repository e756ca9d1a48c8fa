/*
 * gen-ea.c - write a synthetic Azure EA actual-cost export (legacy 55
 * columns, BOM, MM/DD/YYYY dates, braceless Tags JSON, AdditionalInfo JSON)
 * for the import benchmark (scripts/bench-import.sh). Deterministic.
 *
 *   cc -O2 -o gen-ea scripts/gen-ea.c && ./gen-ea ROWS [RESOURCES [YYYY-MM [DEPARTMENTS]]] >
 * file.csv
 *
 * RESOURCES (default 6000) sets how many distinct resources the rows spread
 * over; a large value exercises the importer's capped caches. YYYY-MM
 * (default 2025-09) is the usage month: the rows spread evenly over its
 * days. DEPARTMENTS (default 12) is how many department tag values the
 * resources carry (a resource's department is its number modulo this);
 * the first 12 are city bureau names, more get a number appended. SET
 * (default 0) numbers a set of 24 subscriptions: files of different sets
 * share no subscription (so no resource and no replaced day). The
 * defaults write the same bytes as before these knobs existed
 * (scripts/bench-scale.sh uses them for a multi-year history).
 *
 * Also prints nothing else: the exact sum of the Cost column is written to
 * stderr as "sum_e12=<integer>" (units of 10^-12) so the benchmark can check
 * the import is exact.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../importers/imp_ea_header.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

#define NSUBS 24

static const char *const sizes[] = {"Standard_D2s_v3", "Standard_D4s_v3", "Standard_E8s_v5",
                                    "Standard_B2ms",   "Standard_F4s_v2", "Standard_D16s_v5"};
static const int size_cpus[] = {2, 4, 8, 2, 4, 16};
static const char *const depts[] = {"kensetsu", "kenko", "kyoiku", "zaisei", "kankyo",  "shimin",
                                    "keizai",   "toshi", "suido",  "kotsu",  "fukushi", "somu"};
static const char *const meters[][4] = {
    /* MeterCategory, MeterSubCategory, MeterName, UnitOfMeasure */
    {"Virtual Machines", "Dv3/DSv3 Series", "D2s v3", "1 Hour"},
    {"Storage", "Premium SSD Managed Disks", "P10 LRS Disk", "1/Month"},
    {"SQL Database", "General Purpose - Compute Gen5", "vCore", "1 Hour"},
    {"Azure App Service", "Premium v3 Plan", "P1 v3 App", "1 Hour"},
    {"Bandwidth", "Inter-Region", "Intra Continent Data Transfer Out", "1 GB"},
    {"Storage", "Tables", "Batch Write Operations", "10K"},
};

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d[m - 1] + (m == 2 && leap);
}

/* The department tag value of department number d. */
static const char *dept_name(unsigned d, char *buf, size_t n)
{
    if (d < 12)
        return depts[d];
    snprintf(buf, n, "%s%u", depts[d % 12], d / 12 + 1);
    return buf;
}

int main(int argc, char **argv)
{
    long rows = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    unsigned nres = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 6000;
    int year = 2025, month = 9;
    if (argc > 3 && (sscanf(argv[3], "%d-%d", &year, &month) != 2 || month < 1 || month > 12)) {
        fprintf(stderr, "gen-ea: expected YYYY-MM, got '%s'\n", argv[3]);
        return 2;
    }
    unsigned ndept = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 12;
    unsigned set = argc > 5 ? (unsigned)strtoul(argv[5], NULL, 10) : 0;
    if (nres == 0)
        nres = 1;
    if (ndept == 0)
        ndept = 1;
    int mdays = days_in_month(year, month);
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    fputs("\xEF\xBB\xBF" IMP_EA_HEADER "\r\n", stdout);
    /* sum of the costs written, in 10^-12 units (fits: rows * 10^4 * 10^12 < 2^127) */
    unsigned __int128 sum = 0;
    for (long i = 0; i < rows; i++) {
        unsigned res = (unsigned)(rng() % nres);
        unsigned sub = res % NSUBS + set * NSUBS;
        unsigned kind = res % 6;
        unsigned dept = res % ndept;
        char dbuf[32];
        const char *dname = dept_name(dept, dbuf, sizeof dbuf);
        unsigned size = (res / 6) % 6;
        int day = 1 + (int)(i * mdays / (rows ? rows : 1));
        /* cost: up to 12 decimals, 0 .. 9999.999999999999 */
        uint64_t units = rng() % 2000;
        uint64_t frac = rng() % 1000000000000ULL;
        sum += (unsigned __int128)units * 1000000000000ULL + frac;
        double qty = (double)(rng() % 24000) / 1000.0;
        char sub_guid[40];
        snprintf(sub_guid, sizeof sub_guid, "%08x-1111-4222-8333-%012x", 0x5a000000u + sub,
                 0x100000u + sub);
        char rg[48], name[48];
        snprintf(rg, sizeof rg, "rg-%s-%03u", dname, res % 97);
        snprintf(name, sizeof name, "%s%05u", kind == 0 ? "vm" : kind == 1 ? "disk" : "res", res);
        char addinfo[400] = "";
        if (kind == 0)
            snprintf(addinfo, sizeof addinfo,
                     "\"{\"\"UsageType\"\":\"\"ComputeHR\"\",\"\"ImageType\"\":\"\"Canonical\"\","
                     "\"\"ServiceType\"\":\"\"%s\"\",\"\"VMName\"\":\"\"%s\"\","
                     "\"\"VMProperties\"\":\"\"Microsoft.Compute\"\",\"\"VCPUs\"\":%d,"
                     "\"\"ConsumedQuantity\"\":%.3f}\"",
                     sizes[size], name, size_cpus[size], qty);
        else if (kind == 2)
            snprintf(addinfo, sizeof addinfo,
                     "\"{\"\"AHB\"\":\"\"False\"\",\"\"vCores\"\":%d,\"\"ResourceCategory\"\":"
                     "\"\"SQL\"\"}\"",
                     size_cpus[size]);
        printf("8611537,Osaka City Shared Cloud,%02d/01/%04d,%02d/%02d/%04d,8611537,"
               "Osaka City Shared Cloud,ops@example.jp,Shared Cloud Team,%s,sub-%s-%02u,"
               "%02d/%02d/%04d,%s - %s - Japan East,AAA-%05u,%08x-aaaa-4bbb-8ccc-%012x,Compute,"
               "%s,%s,JA East,%s,%.3f,%.6f,%" PRIu64 ".%012" PRIu64 ",%.6f,JPY,japaneast,,"
               "Microsoft.Compute,/subscriptions/%s/resourceGroups/%s/providers/"
               "Microsoft.Compute/virtualMachines/%s,%s,,,%s,"
               "\"\"\"department\"\": \"\"%s\"\",\"\"env\"\": \"\"%s\"\",\"\"system\"\": "
               "\"\"sys-%03u\"\",\"\"owner\"\": \"\"team%02u@example.jp\"\"\","
               "isec-%u,Section %u,CC%04u,%s,%s,,,,,MS-AZR-0017P,True,,,,Usage,UsageBased,Azure,"
               "%.6f,OnDemand,,,\r\n",
               month, year, month, mdays, year, sub_guid, depts[sub % 12], sub, month, day, year,
               meters[kind][0], meters[kind][2], kind * 1000 + size, 0x10000000u + kind * 16 + size,
               0x200000u + kind, meters[kind][0], meters[kind][1], meters[kind][2], qty, 0.1 + kind,
               units, frac, 0.2 + kind, sub_guid, rg, name, name, addinfo, dname,
               res % 3 ? "prod" : "dev", res % 200, res % 40, sub % 4, sub % 4, dept * 100,
               meters[kind][3], rg, 0.3 + kind);
    }
    char digits[64];
    int nd = 0;
    unsigned __int128 v = sum;
    do {
        digits[nd++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    fputs("sum_e12=", stderr);
    while (nd)
        fputc(digits[--nd], stderr);
    fputc('\n', stderr);
    return 0;
}
