/*
 * gen-metrics.c - write a synthetic long metrics CSV
 * (resource_id,timestamp,metric,value) for the right-sizing benchmark and
 * demo: VMS virtual machines x DAYS days x 24 hours x 3 metrics (Percentage
 * CPU, Available Memory Bytes, Network Out Total). Deterministic. Every
 * tenth VM is idle, three in ten are oversized, the rest busy by day.
 *
 *   cc -O2 -o gen-metrics scripts/gen-metrics.c && ./gen-metrics VMS DAYS [YYYY-MM-DD] > m.csv
 *   ./gen-metrics --ea VMS DAYS [YYYY-MM-DD] > costs.csv   # EA cost rows for the same VMs
 *
 * The --ea file has one compute row per VM and day (legacy EA columns,
 * Standard_D4s_v5, 24 hours at 34 JPY) so right-sizing can size and price them.
 *
 * VM i is /subscriptions/00000000-0000-0000-0000-0000000000SS/resourcegroups/rg-NN/
 * providers/microsoft.compute/virtualmachines/vm-NNNNN (SS = i % 8, NN = i % 50).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../importers/imp_ea_header.h"

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static double unif(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

static void vm_id(char *id, size_t n, long i)
{
    snprintf(id, n,
             "/subscriptions/00000000-0000-0000-0000-0000000000%02ld/resourcegroups/rg-%02ld/"
             "providers/microsoft.compute/virtualmachines/vm-%05ld",
             i % 8, i % 50, i);
}

static int write_ea(long vms, long days, time_t t0)
{
    fputs("\xEF\xBB\xBF" IMP_EA_HEADER "\n", stdout);
    for (long dd = 0; dd < days; dd++) {
        time_t t = t0 + dd * 86400;
        struct tm tm;
        gmtime_r(&t, &tm);
        char date[16];
        strftime(date, sizeof date, "%m/%d/%Y", &tm);
        for (long i = 0; i < vms; i++) {
            char id[160];
            vm_id(id, sizeof id, i);
            printf("1,city,,,1,city,,acct,00000000-0000-0000-0000-0000000000%02ld,sub-%02ld,%s,"
                   "Virtual Machines Dsv5 Series,,m-d4sv5,Compute,Virtual Machines,Dsv5 Series,"
                   "JA East,D4s v5,24,34,816,34,JPY,japaneast,,Microsoft.Compute,%s,vm-%05ld,,,"
                   "\"{\"\"ServiceType\"\":\"\"Standard_D4s_v5\"\",\"\"VCPUs\"\":4}\","
                   "\"\"\"dept\"\": \"\"d%02ld\"\"\",,,,1 Hour,rg-%02ld,,,,,MS-AZR-0017P,True,,"
                   "Microsoft,,Usage,UsageBased,Azure,34,OnDemand,,,\n",
                   i % 8, i % 8, date, id, i, i % 12, i % 50);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    int ea = argc > 1 && strcmp(argv[1], "--ea") == 0;
    if (ea) {
        argv++;
        argc--;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: gen-metrics VMS DAYS [YYYY-MM-DD]\n");
        return 2;
    }
    long vms = strtol(argv[1], NULL, 10), days = strtol(argv[2], NULL, 10);
    int y = 2025, m = 4, d = 1;
    if (argc > 3 && sscanf(argv[3], "%d-%d-%d", &y, &m, &d) != 3)
        return 2;
    struct tm tm0 = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    time_t t0 = timegm(&tm0);
    static char buf[1 << 20];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    if (ea)
        return write_ea(vms, days, t0);
    puts("resource_id,timestamp,metric,value");
    const double gib = 1073741824.0;
    for (long i = 0; i < vms; i++) {
        char id[160];
        vm_id(id, sizeof id, i);
        int kind = (int)(i % 10); /* 0 idle, 1-3 oversized, else busy by day */
        double mem_gib = 16.0;    /* generated as if D4s_v5 */
        for (long h = 0; h < days * 24; h++) {
            time_t t = t0 + h * 3600;
            struct tm tm;
            gmtime_r(&t, &tm);
            char ts[24];
            strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
            int jst = (tm.tm_hour + 9) % 24;
            int day = jst >= 8 && jst < 20;
            double cpu, avail, net;
            if (kind == 0) {
                cpu = 0.3 + unif() * 0.8;
                avail = mem_gib * gib * (0.85 + unif() * 0.05);
                net = 2e5 * unif();
            } else if (kind <= 3) {
                cpu = 4 + unif() * 6 + (day ? 3 : 0);
                avail = mem_gib * gib * (0.70 + unif() * 0.05);
                net = 2e7 * unif();
            } else {
                cpu = (day ? 45 : 15) + unif() * 20;
                avail = mem_gib * gib * (0.30 + unif() * 0.10);
                net = 5e8 * unif();
            }
            printf("%s,%s,Percentage CPU,%.2f\n", id, ts, cpu);
            printf("%s,%s,Available Memory Bytes,%.0f\n", id, ts, avail);
            printf("%s,%s,Network Out Total,%.0f\n", id, ts, net);
        }
    }
    return 0;
}
