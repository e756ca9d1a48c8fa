/*
 * imp_demo.c - the demo city generator (imp_demo.h).
 *
 * Builds an Osaka-like estate (12 departments, ~30 business systems, a
 * shared ExpressRoute hub) from fixed tables plus a seeded PRNG, then writes
 * one gzip-compressed legacy EA cost CSV per month (actual, and amortized when
 * asked; Azure's exports come compressed too, and three years are ~20x
 * smaller: 30 MB instead of 620 MB), the
 * department rules CSV and hourly VM metrics for the last weeks. It owns no
 * store access: `yosan demo` imports the files through the real importers.
 *
 * Everything that varies comes from xoshiro256** seeded with splitmix64
 * (one stream per resource, so adding a resource does not reshuffle the
 * others); nothing reads the clock, so equal options give equal bytes.
 */
#include "imp_demo.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "calendar.h"
#include "date.h"
#include "imp_ea_header.h"
#include "money.h"

/* ---------------------------------------------------------------- PRNG */

struct rng {
    uint64_t s[4]; /* xoshiro256** state */
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static double rng_u01(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n). */
static int rng_int(struct rng *r, int n)
{
    return (int)(rng_u01(r) * n);
}

/* Standard normal (Box-Muller, one value per call). */
static double rng_normal(struct rng *r)
{
    double u1 = rng_u01(r), u2 = rng_u01(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* A stable GUID-looking id derived from a name and the seed. */
static void make_guid(uint64_t seed, const char *name, char out[37])
{
    uint64_t x = seed ^ fnv1a(name);
    uint64_t a = splitmix64(&x), b = splitmix64(&x);
    snprintf(out, 37, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32),
             (unsigned)(a >> 16) & 0xffffu, (unsigned)a & 0xfffu,
             (unsigned)((b >> 48) & 0x3fffu) | 0x8000u,
             (unsigned long long)(b & 0xffffffffffffULL));
}

/* ----------------------------------------------------------- the city */

struct dept {
    const char *name;   /* 局 */
    const char *romaji; /* subscription names: osaka-<romaji>-prod / -dev */
    int common_apps;    /* 1 = prod systems live in osaka-common-apps, tagged */
    int dev_sub;        /* 1 = has a dev subscription */
};

static const struct dept depts[] = {
    {"財政局", "zaisei", 0, 0},         {"市民局", "shimin", 0, 0},
    {"健康局", "kenko", 1, 1},          {"こども青少年局", "kodomo", 0, 1},
    {"都市整備局", "toshiseibi", 0, 0}, {"建設局", "kensetsu", 0, 1},
    {"環境局", "kankyo", 0, 0},         {"経済戦略局", "keizai", 0, 1},
    {"福祉局", "fukushi", 0, 1},        {"教育委員会事務局", "kyoiku", 0, 1},
    {"水道局", "suido", 1, 0},          {"デジタル統括室", "digital", 0, 1},
};
#define NDEPTS ((int)(sizeof depts / sizeof depts[0]))

struct system_def {
    int dept;         /* index into depts */
    const char *name; /* system tag and resource-name stem */
    int live_before;  /* goes live this many months before the end month; 0 = always there */
};

static const struct system_def systems[] = {
    {0, "zaimu", 0},   {0, "zeimu", 0},    {0, "keiyaku", 0},  {1, "juki", 0},    {1, "koseki", 0},
    {2, "kenshin", 0}, {2, "kansen", 0},   {3, "hoiku", 0},    {3, "jido", 29},   {4, "jutaku", 0},
    {4, "tochi", 0},   {5, "doro", 0},     {5, "koen", 0},     {6, "gomi", 0},    {6, "kanshi", 0},
    {7, "sangyo", 0},  {7, "kanko", 20},   {8, "kaigo", 0},    {8, "seiho", 0},   {8, "shogai", 16},
    {9, "komu", 0},    {9, "gakushu", 25}, {9, "kyushoku", 0}, {10, "ryokin", 0}, {10, "kanro", 0},
    {11, "portal", 0}, {11, "ninsho", 9},  {11, "kiban", 0},
};
#define NSYSTEMS ((int)(sizeof systems / sizeof systems[0]))

struct vm_size {
    const char *name;    /* ARM size */
    const char *subcat;  /* MeterSubCategory */
    const char *meter;   /* MeterName */
    int vcpus;           /* vCPUs */
    double mem_gib;      /* memory */
    double yen_per_hour; /* Japan East pay-as-you-go, Linux, before the price change */
};

enum {
    VM_B2S,
    VM_B2MS,
    VM_D2S,
    VM_D4S,
    VM_D8S,
    VM_D16S,
    VM_E4S,
    VM_E8S,
    VM_E16S,
    VM_F4S,
    VM_F8S,
};
static const struct vm_size vm_sizes[] = {
    [VM_B2S] = {"Standard_B2s", "BS Series", "B2s", 2, 4, 6.2},
    [VM_B2MS] = {"Standard_B2ms", "BS Series", "B2ms", 2, 8, 12.4},
    [VM_D2S] = {"Standard_D2s_v5", "Dsv5 Series", "D2s v5", 2, 8, 17.1},
    [VM_D4S] = {"Standard_D4s_v5", "Dsv5 Series", "D4s v5", 4, 16, 34.2},
    [VM_D8S] = {"Standard_D8s_v5", "Dsv5 Series", "D8s v5", 8, 32, 68.4},
    [VM_D16S] = {"Standard_D16s_v5", "Dsv5 Series", "D16s v5", 16, 64, 136.8},
    [VM_E4S] = {"Standard_E4s_v5", "Esv5 Series", "E4s v5", 4, 32, 45.0},
    [VM_E8S] = {"Standard_E8s_v5", "Esv5 Series", "E8s v5", 8, 64, 90.0},
    [VM_E16S] = {"Standard_E16s_v5", "Esv5 Series", "E16s v5", 16, 128, 180.0},
    [VM_F4S] = {"Standard_F4s_v2", "FSv2 Series", "F4s v2", 4, 8, 30.5},
    [VM_F8S] = {"Standard_F8s_v2", "FSv2 Series", "F8s v2", 8, 16, 61.0},
};

/* A priced meter for the non-VM resources. */
struct meter {
    const char *family, *category, *subcat, *name, *unit, *consumed, *product;
    double price; /* yen per unit */
};

enum {
    M_DISK_P10,
    M_DISK_P20,
    M_DISK_P30,
    M_DISK_E10,
    M_SQL_VCORE,
    M_APP_P1V3,
    M_BLOB_HOT,
    M_PIP,
    M_ER_CIRCUIT,
    M_ER_GATEWAY,
    M_FW_DEPLOY,
    M_FW_DATA,
    M_VPN_GW,
    M_BANDWIDTH,
    M_LOGS,
    M_BLOB_GRS,
    M_BLOB_READ,
    M_BLOB_WRITE,
    M_LOGS_RETENTION,
    M_VPN_BASIC, /* issue 15 network cases (add_planted_net()) */
    M_VPN_DATA,
    M_SNAPSHOT,
};
static const struct meter meters[] = {
    [M_DISK_P10] = {"Storage", "Storage", "Premium SSD Managed Disks", "P10 LRS Disk", "1/Month",
                    "Microsoft.Compute", "Premium SSD Managed Disks - P10 LRS - JA East", 2900},
    [M_DISK_P20] = {"Storage", "Storage", "Premium SSD Managed Disks", "P20 LRS Disk", "1/Month",
                    "Microsoft.Compute", "Premium SSD Managed Disks - P20 LRS - JA East", 10500},
    [M_DISK_P30] = {"Storage", "Storage", "Premium SSD Managed Disks", "P30 LRS Disk", "1/Month",
                    "Microsoft.Compute", "Premium SSD Managed Disks - P30 LRS - JA East", 19800},
    [M_DISK_E10] = {"Storage", "Storage", "Standard SSD Managed Disks", "E10 LRS Disk", "1/Month",
                    "Microsoft.Compute", "Standard SSD Managed Disks - E10 LRS - JA East", 1400},
    [M_SQL_VCORE] = {"Databases", "SQL Database", "General Purpose - Compute Gen5", "vCore",
                     "1 Hour", "Microsoft.Sql",
                     "SQL Database Single/Elastic Pool General Purpose - Compute Gen5 - JA East",
                     52},
    [M_APP_P1V3] = {"Compute", "Azure App Service", "Premium v3 Plan", "P1 v3 App", "1 Hour",
                    "Microsoft.Web", "Azure App Service Premium v3 Plan - P1 v3 - JA East", 33},
    [M_BLOB_HOT] = {"Storage", "Storage", "Tiered Block Blob", "Hot LRS Data Stored", "1 GB/Month",
                    "Microsoft.Storage", "Blob Storage - Hot - LRS - JA East", 2.9},
    [M_PIP] = {"Networking", "Virtual Network", "IP Addresses", "Standard IPv4 Static Public IP",
               "1 Hour", "Microsoft.Network", "IP Addresses - Standard - Static", 0.75},
    [M_ER_CIRCUIT] = {"Networking", "ExpressRoute", "ExpressRoute Metered Data",
                      "Standard Metered Data 1 Gbps Circuit", "1/Month", "Microsoft.Network",
                      "ExpressRoute Metered Data - Standard 1 Gbps Circuit", 66000},
    [M_ER_GATEWAY] = {"Networking", "ExpressRoute", "ExpressRoute Gateway", "Standard Gateway",
                      "1 Hour", "Microsoft.Network", "ExpressRoute Gateway - Standard", 40},
    [M_FW_DEPLOY] = {"Networking", "Azure Firewall", "Standard", "Standard Deployment", "1 Hour",
                     "Microsoft.Network", "Azure Firewall - Standard Deployment", 190},
    [M_FW_DATA] = {"Networking", "Azure Firewall", "Standard", "Standard Data Processed", "1 GB",
                   "Microsoft.Network", "Azure Firewall - Standard Data Processed", 2.4},
    [M_VPN_GW] = {"Networking", "VPN Gateway", "VpnGw1", "VpnGw1", "1 Hour", "Microsoft.Network",
                  "VPN Gateway - VpnGw1", 28},
    [M_BANDWIDTH] = {"Networking", "Bandwidth", "Rtn Preference: MGN", "Standard Data Transfer Out",
                     "1 GB", "Microsoft.Network", "Rtn Preference: MGN - Data Transfer Out", 17},
    [M_LOGS] = {"Management and Governance", "Log Analytics", "", "Analytics Logs Data Ingestion",
                "1 GB", "Microsoft.OperationalInsights", "Log Analytics - Analytics Logs", 350},
    /* the storage and Log Analytics cases of issue 15 (plant_storage()) */
    [M_BLOB_GRS] = {"Storage", "Storage", "Tiered Block Blob", "Hot GRS Data Stored", "1 GB/Month",
                    "Microsoft.Storage", "Blob Storage - Hot - GRS - JA East", 5.8},
    [M_BLOB_READ] = {"Storage", "Storage", "Tiered Block Blob", "Hot Read Operations", "10K",
                     "Microsoft.Storage", "Blob Storage - Hot - LRS - JA East", 0.66},
    [M_BLOB_WRITE] = {"Storage", "Storage", "Tiered Block Blob", "Hot LRS Write Operations", "10K",
                      "Microsoft.Storage", "Blob Storage - Hot - LRS - JA East", 8.3},
    [M_LOGS_RETENTION] = {"Management and Governance", "Log Analytics", "", "Data Retention",
                          "1 GB/Month", "Microsoft.OperationalInsights",
                          "Log Analytics - Data Retention", 15},
    /* an idle Basic VPN gateway and an old disk snapshot (add_planted_net()) */
    [M_VPN_BASIC] = {"Networking", "VPN Gateway", "Basic", "Basic Gateway", "1 Hour",
                     "Microsoft.Network", "VPN Gateway - Basic", 5.5},
    [M_VPN_DATA] = {"Networking", "VPN Gateway", "Inter-Virtual Network",
                    "Inter-Virtual Network Data Transfer Out", "1 GB", "Microsoft.Network",
                    "VPN Gateway - Inter-Virtual Network Data Transfer Out", 5.0},
    [M_SNAPSHOT] = {"Storage", "Storage", "Standard HDD Managed Disks", "LRS Snapshots",
                    "1 GB/Month", "Microsoft.Compute", "Standard HDD Managed Disks - LRS Snapshots",
                    7.5},
};

enum res_kind {
    K_VM,
    K_DISK,
    K_SQL,
    K_APP,
    K_BLOB,
    K_PIP,
    K_ER_CIRCUIT,
    K_ER_GATEWAY,
    K_FIREWALL,
    K_VPN_GW,
    K_BANDWIDTH,
    K_LOGS,
    K_SNAPSHOT,
};

/* How a VM is used: drives its metrics and, for SCHEDULED/RESERVED, its cost rows. */
enum vm_profile {
    P_NORMAL,    /* production, busy in office hours, never idle */
    P_OVERSIZED, /* CPU P95 < 15 %, memory mostly free */
    P_IDLE,      /* CPU < 2 %, almost no network */
    P_OFFICE,    /* busy Mon-Fri 08:30-18:30 JST, idle otherwise; runs 24/7 */
    P_NIGHT,     /* busy 01:00-04:00 JST only */
    P_ALWAYS_ON, /* looks like P_OFFICE but is tagged always-on */
    P_RESERVED,  /* steady, covered by a 3-year reservation */
    P_STOPPED,   /* stopped in the OS, not deallocated: billed, no CPU */
    P_SCHEDULED, /* dev VM already on an auto-shutdown schedule (weekdays 08:00-19:00 JST) */
    P_DISK_IDLE, /* premium data disk (not a VM) with per-disk IOPS metrics, far below E30 */
    P_DISK_BUSY, /* premium data disk with IOPS metrics well above what E30 gives */
    /* App Service plans and SQL databases (metrics only; their cost rows never change) */
    P_ASP_FEWER,     /* plan on ~6 instances, peak CPU ~18 %, memory ~20 %: 2 instances do */
    P_ASP_SMALLER,   /* plan on ~2 instances, peak CPU ~25 %, memory ~30 %: P0v3 does */
    P_ASP_IDLE,      /* plan with no traffic: a few KB received per hour, CPU ~1 % */
    P_ASP_NOMETRICS, /* plan billed but without metrics: "not analysed" */
    P_SQL_OVERSIZED, /* 8-vCore database, P95 CPU ~12 %: 2 vCores do */
    P_SQL_OFFICE,    /* database used only in office hours: serverless with auto-pause */
    P_SQL_POOL,      /* one of PLANT_POOL's 2-vCore databases: busy in its own slot (base) */
    /* storage accounts and Log Analytics workspaces (cost rows: plant_storage()) */
    P_BLOB_RARE,   /* hot account read a few thousand times a day: cold tier */
    P_BLOB_GRS,    /* GRS account tagged criticality=low: LRS */
    P_LOGS_STEADY, /* workspace ingesting about 110 GB every day: 100 GB/day commitment tier */
    P_LOGS_RETAIN, /* workspace keeping logs 365 days: retention beyond 31 days billed */
    P_ASP_DEVTEST, /* Premium v3 plan tagged env=dev on 2 instances, busy office hours only */
    P_NET_IDLE,    /* Basic VPN gateway carrying a few KB a day: idle */
};

#define PLANT_BLOB_RARE "stkodomohoiku"    /* hot, read about 5,000 times a day */
#define PLANT_BLOB_GRS  "stkyoikukyushoku" /* GRS, tagged criticality=low */
#define PLANT_RETENTION "log-osaka-hub"    /* keeps its logs 365 days */
#define PLANT_SOC       "log-shimin-juki"  /* audit logs, about 110 GB a day, pay-as-you-go */
#define PLANT_SOC_GB    110.0              /* GB ingested a day (+-4 %) */
#define RETAIN_DAYS     365                /* PLANT_RETENTION's retention */
#define BLOB_READS_10K  0.5                /* PLANT_BLOB_RARE's reads a day, in 10,000s */
#define BLOB_WRITES_10K 0.2                /* ... and writes */

#define PLANT_POOL "sqldb-kodomo-jido" /* 8 vCores split into 4 x 2 on its server (pool) */

#define SUB_HUB    (-1) /* osaka-shared-hub: unallocated shared network */
#define SUB_COMMON (-2) /* osaka-common-apps: attributed by department tag */

struct res {
    char name[64];           /* ResourceName */
    char rg[64];             /* resource group */
    char id[400];            /* ARM id */
    char tags[192];          /* EA Tags text (JSON members without braces) */
    char sub_name[48];       /* SubscriptionName */
    char sub_id[37];         /* SubscriptionId */
    int dept;                /* index into depts, -1 for the hub */
    enum res_kind kind;      /* what it is */
    int size;                /* VM size index, meter index, or SQL vCores */
    enum vm_profile profile; /* VMs only */
    int32_t live_day;        /* first day with cost */
    int32_t upgrade_day;  /* from this day the resource doubles (SQL scale-up); INT32_MAX = never */
    double base;          /* units: instances, GB, GB/day */
    double growth;        /* yearly growth of elastic usage */
    struct rng rng;       /* cost noise */
    const char *location; /* ResourceLocation, NULL = japaneast */
    const char *meter_region; /* MeterRegion (and the Product's suffix), NULL = "JA East" */
};

struct city {
    struct res *v; /* resources */
    int n, cap;
    uint64_t seed;
    int32_t first_day, last_day; /* the cost window */
    int32_t price_change_day;    /* compute prices rise by PRICE_CHANGE from this day */
    int upfront;                 /* imp_demo_options.upfront */
    int32_t off_from;            /* off[i] is day off_from + i */
    size_t noff;                 /* days in off */
    unsigned char *off;          /* 1 = Japanese holiday or year-end closure (calendar.h), owned */
    int32_t plant[3];            /* first days of the planted anomalies (plant_days()), 0 = none */
};

/* The city offices' days off from engine/calendar.c - national, substitute
 * and citizens' holidays plus the year-end closure 12/29-1/3 - for every day
 * the cost rows and metrics touch, [from, to]. */
static enum status city_days_off(struct city *c, int32_t from, int32_t to, struct err *e)
{
    struct calendar cal;
    calendar_init(&cal, 1);
    c->off_from = from;
    c->noff = (size_t)(to - from + 1);
    if (!(c->off = malloc(c->noff)))
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st = calendar_off_days(&cal, from, c->noff, c->off, e);
    calendar_release(&cal);
    return st;
}

static int is_business_day(const struct city *c, int32_t day)
{
    if (date_weekday(day) >= 5)
        return 0;
    int64_t k = (int64_t)day - c->off_from;
    if (k >= 0 && k < (int64_t)c->noff)
        return !c->off[k];
    unsigned char off = 0; /* outside the window city_days_off() covered */
    struct calendar cal;
    struct err e;
    calendar_init(&cal, 1);
    calendar_off_days(&cal, day, 1, &off, &e);
    calendar_release(&cal);
    return !off;
}

#define PRICE_CHANGE 1.10 /* JPY price revision for compute meters */
#define RI_DISCOUNT  0.45 /* a 3-year reservation costs 45 % of pay-as-you-go */

static struct res *city_add(struct city *c, struct err *e)
{
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 256;
        struct res *v = realloc(c->v, (size_t)cap * sizeof *v);
        if (!v) {
            err_set(e, ST_NOMEM, "out of memory");
            return NULL;
        }
        c->v = v;
        c->cap = cap;
    }
    struct res *r = &c->v[c->n++];
    memset(r, 0, sizeof *r);
    r->live_day = c->first_day;
    r->upgrade_day = INT32_MAX;
    return r;
}

/* Fill subscription, resource group and id of r (name, kind, dept already set). */
static void res_place(struct city *c, struct res *r, int sub, int dev, const char *system)
{
    if (sub == SUB_HUB)
        snprintf(r->sub_name, sizeof r->sub_name, "osaka-shared-hub");
    else if (sub == SUB_COMMON)
        snprintf(r->sub_name, sizeof r->sub_name, "osaka-common-apps");
    else
        snprintf(r->sub_name, sizeof r->sub_name, "osaka-%s-%s", depts[sub].romaji,
                 dev ? "dev" : "prod");
    make_guid(0, r->sub_name, r->sub_id); /* the same city whatever the seed */
    snprintf(r->rg, sizeof r->rg, "rg-%s-%s", r->dept >= 0 ? depts[r->dept].romaji : "hub", system);
    static const char *const providers[] = {
        [K_VM] = "Microsoft.Compute/virtualMachines",
        [K_DISK] = "Microsoft.Compute/disks",
        [K_SQL] = "Microsoft.Sql/servers",
        [K_APP] = "Microsoft.Web/serverfarms",
        [K_BLOB] = "Microsoft.Storage/storageAccounts",
        [K_PIP] = "Microsoft.Network/publicIPAddresses",
        [K_ER_CIRCUIT] = "Microsoft.Network/expressRouteCircuits",
        [K_ER_GATEWAY] = "Microsoft.Network/virtualNetworkGateways",
        [K_FIREWALL] = "Microsoft.Network/azureFirewalls",
        [K_VPN_GW] = "Microsoft.Network/virtualNetworkGateways",
        [K_BANDWIDTH] = "Microsoft.Network/virtualNetworks",
        [K_LOGS] = "Microsoft.OperationalInsights/workspaces",
        [K_SNAPSHOT] = "Microsoft.Compute/snapshots",
    };
    if (r->kind == K_SQL)
        snprintf(r->id, sizeof r->id,
                 "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Sql/servers/sql-%s/"
                 "databases/%s",
                 r->sub_id, r->rg, r->name, r->name);
    else
        snprintf(r->id, sizeof r->id, "/subscriptions/%s/resourceGroups/%s/providers/%s/%s",
                 r->sub_id, r->rg, providers[r->kind], r->name);
    const char *env = dev ? "dev" : "prod";
    if (sub == SUB_COMMON)
        snprintf(r->tags, sizeof r->tags,
                 "\"department\": \"%s\",\"env\": \"%s\",\"system\": \"%s\"", depts[r->dept].name,
                 env, system);
    else
        snprintf(r->tags, sizeof r->tags, "\"env\": \"%s\",\"system\": \"%s\"", env, system);
    rng_seed(&r->rng, c->seed ^ fnv1a(r->id));
}

static void tag_append(struct res *r, const char *kv)
{
    size_t n = strlen(r->tags);
    snprintf(r->tags + n, sizeof r->tags - n, ",%s", kv);
}

/* Add a VM and its OS disk. Returns the VM (valid until the next city_add). */
static struct res *add_vm(struct city *c, int dept, int sub, int dev, const char *system,
                          const char *name, int size, enum vm_profile profile, int32_t live_day,
                          struct err *e)
{
    struct res *disk = city_add(c, e);
    if (!disk)
        return NULL;
    snprintf(disk->name, sizeof disk->name, "%s-osdisk", name);
    disk->kind = K_DISK;
    disk->dept = dept;
    disk->size = dev || vm_sizes[size].vcpus <= 2 ? M_DISK_E10 : M_DISK_P10;
    disk->live_day = live_day;
    res_place(c, disk, sub, dev, system);
    struct res *vm = city_add(c, e);
    if (!vm)
        return NULL;
    snprintf(vm->name, sizeof vm->name, "%s", name);
    vm->kind = K_VM;
    vm->dept = dept;
    vm->size = size;
    vm->profile = profile;
    vm->live_day = live_day;
    res_place(c, vm, sub, dev, system);
    if (profile == P_SCHEDULED)
        tag_append(vm, "\"auto-shutdown\": \"19:00\"");
    if (profile == P_ALWAYS_ON)
        tag_append(vm, "\"always-on\": \"true\"");
    return vm;
}

static struct res *add_simple(struct city *c, int dept, int sub, int dev, const char *system,
                              const char *name, enum res_kind kind, int size, double base,
                              double growth, int32_t live_day, struct err *e)
{
    struct res *r = city_add(c, e);
    if (!r)
        return NULL;
    snprintf(r->name, sizeof r->name, "%s", name);
    r->kind = kind;
    r->dept = dept;
    r->size = size;
    r->base = base;
    r->growth = growth;
    r->live_day = live_day;
    res_place(c, r, sub, dev, system);
    return r;
}

const struct imp_demo_case imp_demo_cases[] = {
    {"vm-zaisei-report01", "財政局", "Standard_E16s_v5, CPU P95 about 9 %, memory 88 % free",
     "right-size to Standard_E4s_v5 (or D4s_v5)"},
    {"vm-kankyo-monitor01", "環境局", "Standard_D16s_v5, CPU P95 about 9 %, memory 88 % free",
     "right-size to Standard_D4s_v5"},
    {"vm-shimin-legacy01", "市民局", "Standard_D4s_v5, CPU below 2 %, network near zero",
     "shut down and delete (idle)"},
    {"vm-keizai-oldportal01", "経済戦略局", "Standard_F8s_v2, CPU below 2 %, network near zero",
     "shut down and delete (idle)"},
    {"vm-kodomo-dev01", "こども青少年局",
     "runs 24/7; busy Mon-Fri 08:30-18:30 JST, idle nights, weekends, holidays",
     "stop schedule: weekdays 08:30-18:30 JST, off on Japanese holidays"},
    {"vm-kenko-test01", "健康局", "as vm-kodomo-dev01 (Standard_D8s_v5)",
     "stop schedule: weekdays 08:30-18:30 JST"},
    {"vm-digital-dev02", "デジタル統括室", "as vm-kodomo-dev01 (Standard_E4s_v5)",
     "stop schedule: weekdays 08:30-18:30 JST"},
    {"vm-suido-batch01", "水道局", "busy 01:00-04:00 JST only (night batch), idle otherwise",
     "run only for the batch window (start 00:30, stop 04:30 JST)"},
    {"vm-fukushi-core01", "福祉局", "quiet nights and weekends but tagged always-on=true",
     "no stop schedule (the tag wins)"},
    {"vm-zaisei-db01", "財政局",
     "Standard_E8s_v5, steady 50 % CPU, covered by a 3-year reservation",
     "nothing: already reserved (no new reservation, no resize)"},
    {"vm-digital-ad01", "デジタル統括室",
     "Standard_D4s_v5 directory server, steady 50 % CPU, covered by a 3-year reservation",
     "nothing: already reserved"},
    {"vm-shimin-juki-db02", "市民局",
     "Standard_E8s_v5 database, steady 50 % CPU, covered by a 3-year reservation",
     "nothing: already reserved"},
    {"disk-kensetsu-olddata01", "建設局", "P30 managed disk with cost rows and no VM",
     "snapshot and delete (unattached disk)"},
    {"disk-toshiseibi-orphan02", "都市整備局", "P20 managed disk with cost rows and no VM",
     "snapshot and delete (unattached disk)"},
    {"pip-kyoiku-unused01", "教育委員会事務局", "static public IP billed, attached to nothing",
     "delete (unassociated public IP)"},
    {"vm-kyoiku-lab03", "教育委員会事務局",
     "Standard_D8s_v5 billed 24 h a day, CPU 0 %, no memory metric (stopped, not deallocated)",
     "deallocate (or delete)"},
    {"vm-kankyo-monitor01-datadisk01", "環境局",
     "P30 data disk (5,000 IOPS) with IOPS metrics: at most about 110 IOPS (hourly mean)",
     "move to Standard SSD E30 (500 IOPS)"},
    {"vm-zaisei-db01-datadisk01", "財政局",
     "P30 data disk of the reserved database VM: 1,500-4,000 IOPS in office hours",
     "nothing: its IOPS need Premium SSD (keep)"},
    /* PaaS cases (seed 1 names: they are planted on the city's own plans and
     * databases through their metrics alone, so no cost row changes) */
    {"asp-shimin-juki", "市民局", "P1v3 plan on about 6 instances, peak CPU 18 %, memory 20 %",
     "fewer instances: P1v3 x 2"},
    {"asp-keizai-sangyo", "経済戦略局",
     "P1v3 plan on about 2 instances, peak CPU 25 %, memory 30 %", "smaller tier: P0v3"},
    {"asp-kyoiku-gakushu", "教育委員会事務局",
     "P1v3 plan with no traffic: a few KB received an hour, CPU about 1 %",
     "delete the plan (no traffic)"},
    {"asp-zaisei-zeimu", "財政局", "P1v3 plan billed with no metrics",
     "not analysed (listed in the coverage)"},
    {"sqldb-keizai-sangyo", "経済戦略局", "8-vCore database, P95 CPU about 12 %",
     "smaller size: 2 vCores"},
    {"sqldb-kenko-kansen", "健康局",
     "2-vCore database used only Mon-Fri 08:30-18:30 JST, no sessions otherwise",
     "serverless with auto-pause"},
    {PLANT_POOL, "こども青少年局",
     "server sql-" PLANT_POOL " with 4 databases of 2 vCores busy at different hours (morning, "
     "noon, evening, night batch)",
     "elastic pool of 4 vCores for the server"},
    /* storage accounts and Log Analytics (issue 15): from the bill alone */
    {PLANT_SOC, "市民局", "workspace ingesting about 110 GB a day (at least 98), pay-as-you-go",
     "commitment tier: 100 GB/day"},
    {PLANT_RETENTION, "(unallocated)",
     "hub workspace billed Data Retention for logs kept 365 days (31 are free)",
     "retention: 31 days (or the --log-retention policy)"},
    {PLANT_BLOB_RARE, "こども青少年局", "hot LRS account, about 5,000 reads a day on 6,000 GB",
     "access tier: Cold"},
    {PLANT_BLOB_GRS, "教育委員会事務局", "Hot GRS account tagged criticality=low",
     "redundancy: LRS"},
    /* bill-only rules (issue 15): dev/test Premium plan, idle gateway, old snapshot */
    {"asp-digital-dev", "デジタル統括室",
     "P1v3 plan tagged env=dev on 2 instances, busy office hours only",
     "Standard S2 x 2 (dev/test); stop schedule: scale in outside office hours"},
    {"vgw-kensetsu-oldsite", "建設局",
     "Basic VPN gateway billed every hour, about 0.0006 GB a month through it",
     "idle: delete or deallocate"},
    {"snap-fukushi-migration01", "福祉局",
     "128 GB disk snapshot billed since the first month of the data",
     "old snapshot: review and delete"},
    {NULL, NULL, NULL, NULL},
};

/* The planted cases: fixed names, departments, sizes and profiles. */
static enum status add_planted(struct city *c, struct err *e)
{
    struct {
        const char *name, *system;
        int dept, dev, size;
        enum vm_profile profile;
    } vms[] = {
        {"vm-zaisei-report01", "zaimu", 0, 0, VM_E16S, P_OVERSIZED},
        {"vm-kankyo-monitor01", "kanshi", 6, 0, VM_D16S, P_OVERSIZED},
        {"vm-shimin-legacy01", "juki", 1, 0, VM_D4S, P_IDLE},
        {"vm-keizai-oldportal01", "sangyo", 7, 0, VM_F8S, P_IDLE},
        {"vm-kodomo-dev01", "hoiku", 3, 1, VM_D4S, P_OFFICE},
        {"vm-kenko-test01", "kenshin", 2, 1, VM_D8S, P_OFFICE},
        {"vm-digital-dev02", "portal", 11, 1, VM_E4S, P_OFFICE},
        {"vm-suido-batch01", "ryokin", 10, 0, VM_F8S, P_NIGHT},
        {"vm-fukushi-core01", "kaigo", 8, 0, VM_D8S, P_ALWAYS_ON},
        {"vm-zaisei-db01", "zaimu", 0, 0, VM_E8S, P_RESERVED},
        {"vm-digital-ad01", "kiban", 11, 0, VM_D4S, P_RESERVED},
        {"vm-shimin-juki-db02", "juki", 1, 0, VM_E8S, P_RESERVED},
        {"vm-kyoiku-lab03", "komu", 9, 0, VM_D8S, P_STOPPED},
    };
    for (size_t i = 0; i < sizeof vms / sizeof vms[0]; i++) {
        int sub = depts[vms[i].dept].common_apps && !vms[i].dev ? SUB_COMMON : vms[i].dept;
        if (!add_vm(c, vms[i].dept, sub, vms[i].dev, vms[i].system, vms[i].name, vms[i].size,
                    vms[i].profile, c->first_day, e))
            return ST_NOMEM;
    }
    /* premium data disks with per-disk IOPS metrics, beside their VMs (names follow
     * <vm>-datadisk01, so they are not orphans): one idle, one busy */
    struct res *dk = add_simple(c, 6, 6, 0, "kanshi", "vm-kankyo-monitor01-datadisk01", K_DISK,
                                M_DISK_P30, 0, 0, c->first_day, e);
    if (!dk)
        return ST_NOMEM;
    dk->profile = P_DISK_IDLE;
    if (!(dk = add_simple(c, 0, 0, 0, "zaimu", "vm-zaisei-db01-datadisk01", K_DISK, M_DISK_P30, 0,
                          0, c->first_day, e)))
        return ST_NOMEM;
    dk->profile = P_DISK_BUSY;
    /* the resident registry's audit-log workspace, steady and pay-as-you-go all along
     * (issue 15; no level shift, so forecasts, backtests and anomalies see a flat
     * series, in a department without a go-live) */
    if (!(dk = add_simple(c, 1, 1, 0, "juki", PLANT_SOC, K_LOGS, M_LOGS, PLANT_SOC_GB, 0,
                          c->first_day, e)))
        return ST_NOMEM;
    dk->profile = P_LOGS_STEADY;
    /* leftovers of retired systems, alone in their resource groups */
    if (!add_simple(c, 5, 5, 0, "doro-old", "disk-kensetsu-olddata01", K_DISK, M_DISK_P30, 0, 0,
                    c->first_day, e) ||
        !add_simple(c, 4, 4, 0, "jutaku-backup", "disk-toshiseibi-orphan02", K_DISK, M_DISK_P20, 0,
                    0, c->first_day, e) ||
        !add_simple(c, 9, 9, 0, "komu-oldnet", "pip-kyoiku-unused01", K_PIP, M_PIP, 0, 0,
                    c->first_day, e))
        return ST_NOMEM;
    return ST_OK;
}

/* The bill-only cases of issue 15 (docs/demo.md): a Premium v3 plan tagged
 * env=dev on 2 instances, an idle Basic VPN gateway left from a retired site
 * link, a disk snapshot kept since the first month. Small cost rows on their
 * own resources; nothing else changes. */
static enum status add_planted_net(struct city *c, struct err *e)
{
    struct res *r = add_simple(c, 11, 11, 1, "dev", "asp-digital-dev", K_APP, M_APP_P1V3, 2.0, 0,
                               c->first_day, e);
    if (!r)
        return ST_NOMEM;
    r->profile = P_ASP_DEVTEST;
    if (!(r = add_simple(c, 5, 5, 0, "oldsite", "vgw-kensetsu-oldsite", K_VPN_GW, M_VPN_BASIC, 0, 0,
                         c->first_day, e)))
        return ST_NOMEM;
    r->profile = P_NET_IDLE;
    if (!add_simple(c, 8, 8, 0, "migration", "snap-fukushi-migration01", K_SNAPSHOT, M_SNAPSHOT,
                    128, 0, c->first_day, e))
        return ST_NOMEM;
    return ST_OK;
}

/* The shared hub: ExpressRoute to the city network, firewall, VPN, egress, logs. */
static enum status add_hub(struct city *c, struct err *e)
{
    const struct {
        const char *name;
        enum res_kind kind;
        int meter;
        double base, growth;
    } hub[] = {
        {"er-osaka-hub", K_ER_CIRCUIT, M_ER_CIRCUIT, 0, 0},
        {"ergw-osaka-hub", K_ER_GATEWAY, M_ER_GATEWAY, 0, 0},
        {"afw-osaka-hub", K_FIREWALL, M_FW_DEPLOY, 180, 0.15},
        {"vgw-osaka-hub", K_VPN_GW, M_VPN_GW, 0, 0},
        {"vnet-osaka-hub", K_BANDWIDTH, M_BANDWIDTH, 90, 0.12},
        {"log-osaka-hub", K_LOGS, M_LOGS, 4, 0.20},
    };
    for (size_t i = 0; i < sizeof hub / sizeof hub[0]; i++)
        if (!add_simple(c, -1, SUB_HUB, 0, "network", hub[i].name, hub[i].kind, hub[i].meter,
                        hub[i].base, hub[i].growth, c->first_day, e))
            return ST_NOMEM;
    return ST_OK;
}

/* Two storage accounts abroad, for the data-location section of the
 * right-sizing report (docs/demo.md); same meters and prices, so every total
 * is unchanged. Returns st (NULL when it could not be added). */
static struct res *place_storage(struct res *st, const char *system)
{
    if (st && strcmp(system, "kanko") == 0) {
        st->location = "southeastasia";
        st->meter_region = "AP Southeast";
    } else if (st && strcmp(system, "gakushu") == 0) {
        st->location = "eastus";
        st->meter_region = "US East";
    }
    return st;
}

/* The business systems: web and app VMs, a database, storage, maybe App Service. */
static enum status add_systems(struct city *c, int end_month, struct err *e)
{
    struct rng r;
    rng_seed(&r, c->seed ^ 0x5ca1ab1eULL);
    static const int web_sizes[] = {VM_B2MS, VM_D2S, VM_D4S};
    static const int app_sizes[] = {VM_D4S, VM_D8S, VM_F4S, VM_F8S};
    char name[64];
    for (int i = 0; i < NSYSTEMS; i++) {
        const struct system_def *s = &systems[i];
        const char *dr = depts[s->dept].romaji;
        int sub = depts[s->dept].common_apps ? SUB_COMMON : s->dept;
        int32_t live = c->first_day;
        if (s->live_before > 0) {
            int32_t d = month_first_day(end_month - s->live_before + 1);
            if (d > live)
                live = d;
        }
        int nweb = 1 + rng_int(&r, 2);
        for (int k = 1; k <= nweb; k++) {
            snprintf(name, sizeof name, "vm-%s-%s-web%02d", dr, s->name, k);
            if (!add_vm(c, s->dept, sub, 0, s->name, name, web_sizes[rng_int(&r, 3)], P_NORMAL,
                        live, e))
                return ST_NOMEM;
        }
        snprintf(name, sizeof name, "vm-%s-%s-ap01", dr, s->name);
        if (!add_vm(c, s->dept, sub, 0, s->name, name, app_sizes[rng_int(&r, 4)], P_NORMAL, live,
                    e))
            return ST_NOMEM;
        if (rng_u01(&r) < 0.5) {
            snprintf(name, sizeof name, "sqldb-%s-%s", dr, s->name);
            struct res *db = add_simple(c, s->dept, sub, 0, s->name, name, K_SQL,
                                        2 << rng_int(&r, 3), 0, 0, live, e);
            if (!db)
                return ST_NOMEM;
            if (rng_u01(&r) < 0.3) /* a scale-up: a level shift in the middle of the window */
                db->upgrade_day = c->first_day + (int32_t)((c->last_day - c->first_day) *
                                                           (0.3 + 0.5 * rng_u01(&r)));
        } else {
            snprintf(name, sizeof name, "vm-%s-%s-db01", dr, s->name);
            if (!add_vm(c, s->dept, sub, 0, s->name, name, rng_u01(&r) < 0.5 ? VM_E4S : VM_E8S,
                        P_NORMAL, live, e))
                return ST_NOMEM;
            snprintf(name, sizeof name, "vm-%s-%s-db01-datadisk01", dr, s->name);
            if (!add_simple(c, s->dept, sub, 0, s->name, name, K_DISK,
                            rng_u01(&r) < 0.5 ? M_DISK_P20 : M_DISK_P30, 0, 0, live, e))
                return ST_NOMEM;
        }
        if (rng_u01(&r) < 0.8) { /* the elastic part that carries the seasonality */
            snprintf(name, sizeof name, "asp-%s-%s", dr, s->name);
            if (!add_simple(c, s->dept, sub, 0, s->name, name, K_APP, M_APP_P1V3,
                            2.0 + 4.0 * rng_u01(&r), 0.05 + 0.15 * rng_u01(&r), live, e))
                return ST_NOMEM;
        }
        snprintf(name, sizeof name, "st%s%s", dr, s->name);
        struct res *st = add_simple(c, s->dept, sub, 0, s->name, name, K_BLOB, M_BLOB_HOT,
                                    200 + 4000 * rng_u01(&r), 0.1 + 0.3 * rng_u01(&r), live, e);
        if (!place_storage(st, s->name))
            return ST_NOMEM;
        if (rng_u01(&r) < 0.5) {
            snprintf(name, sizeof name, "pip-vm-%s-%s-web01", dr, s->name);
            if (!add_simple(c, s->dept, sub, 0, s->name, name, K_PIP, M_PIP, 0, 0, live, e))
                return ST_NOMEM;
        }
    }
    /* dev subscriptions: one or two dev VMs already on an auto-shutdown schedule */
    for (int d = 0; d < NDEPTS; d++) {
        if (!depts[d].dev_sub)
            continue;
        int ndev = 1 + rng_int(&r, 2);
        for (int k = 1; k <= ndev; k++) {
            snprintf(name, sizeof name, "vm-%s-dev%02d", depts[d].romaji, 10 + k);
            if (!add_vm(c, d, d, 1, "dev", name, rng_u01(&r) < 0.5 ? VM_B2S : VM_D2S, P_SCHEDULED,
                        c->first_day, e))
                return ST_NOMEM;
        }
    }
    return ST_OK;
}

/* The PaaS cases of imp_demo_cases: profiles set on the city's own App
 * Service plans and SQL databases by name (seed 1), so only their metrics
 * change; with another seed a missing name plants nothing. */
static void plant_paas(struct city *c)
{
    static const struct {
        const char *name;
        enum vm_profile profile;
    } plants[] = {
        {"asp-shimin-juki", P_ASP_FEWER},         {"asp-keizai-sangyo", P_ASP_SMALLER},
        {"asp-kyoiku-gakushu", P_ASP_IDLE},       {"asp-zaisei-zeimu", P_ASP_NOMETRICS},
        {"sqldb-keizai-sangyo", P_SQL_OVERSIZED}, {"sqldb-kenko-kansen", P_SQL_OFFICE},
    };
    for (int i = 0; i < c->n; i++)
        for (size_t k = 0; k < sizeof plants / sizeof plants[0]; k++)
            if ((c->v[i].kind == K_APP || c->v[i].kind == K_SQL) &&
                strcmp(c->v[i].name, plants[k].name) == 0)
                c->v[i].profile = plants[k].profile;
}

/* The elastic pool case of imp_demo_cases (issue 15): PLANT_POOL's 8 vCores
 * become four 2-vCore databases on its server (the same vCore-hours, so every
 * total is unchanged), each busy in its own slot of the day; with another
 * seed a missing or smaller database plants nothing. */
static enum status plant_sqlpool(struct city *c, struct err *e)
{
    static const char *const extra[] = {"", "-noon", "-evening", "-batch"};
    int k = -1;
    for (int i = 0; i < c->n; i++)
        if (c->v[i].kind == K_SQL && c->v[i].size == 8 && strcmp(c->v[i].name, PLANT_POOL) == 0)
            k = i;
    if (k < 0)
        return ST_OK;
    c->v[k].size = 2;
    c->v[k].profile = P_SQL_POOL;
    c->v[k].base = 0;
    for (int slot = 1; slot < 4; slot++) {
        struct res *r = city_add(c, e);
        if (!r)
            return ST_NOMEM;
        const struct res *db = &c->v[k]; /* after city_add: v may have moved */
        *r = *db;
        r->base = slot;
        char base[sizeof r->name]; /* a copy: gcc -O3 cannot tell r from db (-Wrestrict) */
        memcpy(base, db->name, sizeof base);
        snprintf(r->name, sizeof r->name, "%s%s", base, extra[slot]);
        snprintf(r->id, sizeof r->id,
                 "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Sql/servers/sql-%s/"
                 "databases/%s",
                 r->sub_id, r->rg, base, r->name);
    }
    return ST_OK;
}

/* The storage and Log Analytics cases of imp_demo_cases (issue 15), on the
 * city's own accounts and hub workspace by name (seed 1): a hot account
 * rarely read, a GRS account tagged criticality=low (billed at twice the LRS
 * price for half the GB, so its cost is unchanged) and the hub keeping its
 * logs a year. The audit-log workspace (PLANT_SOC) is added by add_planted(). */
static void plant_storage(struct city *c)
{
    for (int i = 0; i < c->n; i++) {
        struct res *r = &c->v[i];
        if (r->kind == K_BLOB && strcmp(r->name, PLANT_BLOB_RARE) == 0)
            r->profile = P_BLOB_RARE;
        if (r->kind == K_BLOB && strcmp(r->name, PLANT_BLOB_GRS) == 0) {
            r->profile = P_BLOB_GRS;
            tag_append(r, "\"criticality\": \"low\"");
        }
        if (r->kind == K_LOGS && strcmp(r->name, PLANT_RETENTION) == 0)
            r->profile = P_LOGS_RETAIN;
    }
}

/* --------------------------------------------------------- cost model */

/* Month factor for elastic usage: fiscal-year-end peak (Feb-Mar), summer dip. */
static double season_factor(int month)
{
    static const double f[12] = {1.00, 1.12, 1.25, 1.05, 0.98, 1.00,
                                 0.95, 0.85, 0.97, 1.00, 1.00, 0.97};
    return f[month - 1];
}

/* Elastic usage multiplier for a resource on a day (season, weekday, growth, noise). */
static double elastic_factor(struct res *r, const struct city *c, int32_t day)
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    double years = (double)(day - c->first_day) / 365.25;
    double f = season_factor(m) * pow(1.0 + r->growth, years);
    if (!is_business_day(c, day))
        f *= 0.55;
    f *= 1.0 + 0.04 * rng_normal(&r->rng);
    return f > 0.05 ? f : 0.05;
}

/* Instances of an App Service plan on a day: the elastic part of the city,
 * at least 1; the planted dev/test plan stays on its base count. */
static double plan_instances(const struct city *c, struct res *r, int32_t day)
{
    if (r->profile == P_ASP_DEVTEST)
        return r->base;
    double inst = r->base * elastic_factor(r, c, day);
    return inst < 1 ? 1 : inst;
}

/* One EA data row; the writer fills the columns the model does not vary. */
struct ea_row {
    const struct res *res; /* resource, or the reservation owner for a purchase */
    int32_t day;           /* usage day */
    const char *product, *family, *category, *subcat, *meter_name, *unit, *consumed;
    const char *additional;    /* AdditionalInfo JSON or "" */
    double quantity;           /* units */
    double effective_price;    /* yen per unit actually paid */
    double unit_price;         /* negotiated price */
    double payg_price;         /* list price */
    int64_t cost_e6;           /* micro-yen, exact */
    const char *charge_type;   /* Usage / Purchase */
    const char *frequency;     /* UsageBased / Recurring */
    const char *pricing_model; /* OnDemand / Reservation */
    int reservation;           /* 1 = fill the reservation columns */
    int purchase;              /* 1 = reservation purchase row (no resource) */
};

struct out_file {
    gzFile f;         /* open file; NULL: rows are only summed (sum) */
    char *path;       /* malloc'd */
    int64_t rows;     /* data rows written */
    int64_t *sum;     /* NULL, or NDEPTS + 1 sums (micro-yen; [0] the hub, [d + 1] depts[d]) */
    int32_t sum_from; /* rows from this usage day on are summed */
};

static const char ea_header[] = "\xEF\xBB\xBF" IMP_EA_HEADER "\n";

/* A line under construction. */
struct line {
    char b[4096]; /* text */
    size_t n;     /* bytes used */
    int cols;     /* fields added */
};

static void line_raw(struct line *l, const char *s)
{
    size_t len = strlen(s);
    if (l->n + len < sizeof l->b) {
        memcpy(l->b + l->n, s, len);
        l->n += len;
    }
}

/* Add one CSV field (RFC 4180 quoting when needed). */
static void line_field(struct line *l, const char *s)
{
    if (l->cols++)
        line_raw(l, ",");
    if (!strpbrk(s, ",\"\r\n")) {
        line_raw(l, s);
        return;
    }
    line_raw(l, "\"");
    for (const char *p = s; *p && l->n + 2 < sizeof l->b; p++) {
        if (*p == '"')
            l->b[l->n++] = '"';
        l->b[l->n++] = *p;
    }
    line_raw(l, "\"");
}

/* A decimal number with up to 6 decimals, trailing zeros trimmed ("24", "0.75"). */
static void line_num(struct line *l, double v)
{
    char t[48];
    snprintf(t, sizeof t, "%.6f", v);
    char *dot = strchr(t, '.');
    if (dot) {
        char *end = t + strlen(t) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(t, "-0") == 0)
        snprintf(t, sizeof t, "0");
    line_field(l, t);
}

static void line_money(struct line *l, int64_t e6)
{
    char t[48];
    money_format(money_normalize(e6, 0), 6, t, sizeof t);
    line_field(l, t);
}

static void us_date(int32_t day, char out[11])
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    snprintf(out, 11, "%02d/%02d/%04d", m, d, y);
}

/* The VM whose reservation the --upfront-reservation variant pays up front. */
#define UPFRONT_VM "vm-zaisei-db01"

/* A reservation's ids and name. The 3-year ones run through the data; the
 * --upfront-reservation VM's is a new 1-year reservation each fiscal year
 * (new ids, Term 12). Returns the term in months. */
static int ri_names(const struct city *c, const struct res *r, int32_t day, char order[37],
                    char id[37], char path[160], char name[64])
{
    char t[160];
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    int one_year = c->upfront && strcmp(r->name, UPFRONT_VM) == 0;
    int fy = m >= 4 ? y : y - 1;
    snprintf(t, sizeof t, one_year ? "ri-order|%s|%d" : "ri-order|%s", r->name, fy);
    make_guid(c->seed, t, order);
    snprintf(t, sizeof t, one_year ? "ri|%s|%d" : "ri|%s", r->name, fy);
    make_guid(c->seed, t, id);
    snprintf(path, 160, "/providers/Microsoft.Capacity/reservationOrders/%s/reservations/%s", order,
             id);
    snprintf(name, 64, "RI_%s_%s", vm_sizes[r->size].name, one_year ? "1y" : "3y");
    return one_year ? 12 : 36;
}

static enum status write_ea_row(struct out_file *of, const struct city *c, const struct ea_row *w,
                                struct err *e)
{
    const struct res *r = w->res;
    if (of->sum && w->day >= of->sum_from)
        of->sum[r->dept + 1] += w->cost_e6;
    if (!of->f)
        return ST_OK;
    struct line l;
    l.n = 0;
    l.cols = 0;
    char t[512], period_start[11], period_end[11], date[11];
    int y, m, d;
    date_to_civil(w->day, &y, &m, &d);
    int mi = month_index(y, m);
    us_date(month_first_day(mi), period_start);
    us_date(month_first_day(mi) + month_days(mi) - 1, period_end);
    us_date(w->day, date);
    const char *dept = r->dept >= 0 ? depts[r->dept].name : "";

    line_field(&l, "90125476");
    line_field(&l, "大阪市共通クラウド (DEMO)");
    line_field(&l, period_start);
    line_field(&l, period_end);
    line_field(&l, "90125476");
    line_field(&l, "大阪市共通クラウド (DEMO)");
    line_field(&l, "cloud-admin@city.osaka.example");
    line_field(&l, "デジタル統括室 共通クラウド");
    line_field(&l, r->sub_id);
    line_field(&l, r->sub_name);
    line_field(&l, date);
    char product[256];
    size_t plen = strlen(w->product);
    if (r->meter_region && plen > 7 && strcmp(w->product + plen - 7, "JA East") == 0)
        snprintf(product, sizeof product, "%.*s%s", (int)(plen - 7), w->product, r->meter_region);
    else
        snprintf(product, sizeof product, "%s", w->product);
    line_field(&l, product);
    uint64_t mh = fnv1a(w->product) ^ fnv1a(w->meter_name);
    snprintf(t, sizeof t, "AA%c-%05u", 'A' + (int)(mh % 26), (unsigned)(mh >> 8) % 100000u);
    line_field(&l, t);
    char guid[37];
    snprintf(t, sizeof t, "%s|%s", w->product, w->meter_name);
    make_guid(0, t, guid);
    line_field(&l, guid);
    line_field(&l, w->family);
    line_field(&l, w->category);
    line_field(&l, w->subcat);
    line_field(&l, r->meter_region ? r->meter_region : "JA East");
    line_field(&l, w->meter_name);
    line_num(&l, w->quantity);
    line_num(&l, w->effective_price);
    line_money(&l, w->cost_e6);
    line_num(&l, w->unit_price);
    line_field(&l, "JPY");
    line_field(&l, r->location ? r->location : "japaneast");
    line_field(&l, "");
    line_field(&l, w->consumed);
    char ri_order[37] = "", ri_id[37] = "", ri_path[160] = "", ri_name[64] = "", term[8] = "";
    if (w->reservation)
        snprintf(term, sizeof term, "%d",
                 ri_names(c, r, w->day, ri_order, ri_id, ri_path, ri_name));
    if (w->purchase) {
        snprintf(t, sizeof t, "/providers/Microsoft.Capacity/reservationOrders/%s/reservations/",
                 ri_order);
        line_field(&l, t);
        line_field(&l, "");
    } else {
        line_field(&l, r->id);
        line_field(&l, r->name);
    }
    line_field(&l, "");
    line_field(&l, "");
    line_field(&l, w->additional);
    line_field(&l, w->purchase ? "" : r->tags);
    line_field(&l, "");
    line_field(&l, "");
    line_field(&l, dept);
    line_field(&l, w->unit);
    line_field(&l, w->purchase ? "" : r->rg);
    if (w->reservation) {
        line_field(&l, ri_id);
        line_field(&l, ri_name);
        line_field(&l, ri_order);
        snprintf(t, sizeof t, "Reserved VM Instance, %s, JA East, %s", vm_sizes[r->size].name,
                 strcmp(term, "12") == 0 ? "1 Year" : "3 Years");
        line_field(&l, t);
    } else {
        for (int k = 0; k < 4; k++)
            line_field(&l, "");
    }
    line_field(&l, "MS-AZR-0017P");
    line_field(&l, "True");
    line_field(&l, term);
    line_field(&l, "Microsoft");
    line_field(&l, "");
    line_field(&l, w->charge_type);
    line_field(&l, w->frequency);
    line_field(&l, "Azure");
    line_num(&l, w->payg_price);
    line_field(&l, w->pricing_model);
    line_field(&l, "");
    line_field(&l, w->reservation ? ri_path : "");
    line_field(&l, w->reservation ? ri_name : "");
    line_raw(&l, "\n");
    if (gzwrite(of->f, l.b, (unsigned)l.n) != (int)l.n)
        return err_set(e, ST_IO, "cannot write '%s': %s", of->path, strerror(errno));
    of->rows++;
    return ST_OK;
}

static int64_t yen_e6(double yen)
{
    return (int64_t)llround(yen * 1e6);
}

/* ------------------------------------------------- planted anomalies
 * Three cost anomalies for `yosan anomalies` (docs/demo.md, docs/anomalies.md),
 * placed relative to the end month so every demo holds them, at least two
 * months before its end (so the metrics weeks and the right-sizing cases
 * never see them). Off with imp_demo_options.anomalies = 0 (`yosan demo
 * --no-anomalies`), which leaves every other row byte-identical. */

#define PLANT_VM       "vm-kensetsu-doro-ap01" /* resized up before Golden Week, left so */
#define PLANT_VM_SIZE  VM_E16S
#define PLANT_VM_DAYS  8               /* 4/29 .. 5/6 */
#define PLANT_STORAGE  "stkankyogomi"  /* one day of data transfer out */
#define PLANT_EGRESS   3000.0          /* GB in that day */
#define PLANT_LOGS     "log-osaka-hub" /* diagnostic logs left at verbose */
#define PLANT_LOG_DAYS 5
#define PLANT_LOG_GB   40.0 /* extra GB a day, growing by this each day */

const struct imp_demo_anomaly imp_demo_anomalies[] = {
    {PLANT_VM, "建設局", "E16s v5",
     "Golden Week (4/29-5/6) of the last year ending 60+ days before the end",
     "the app VM billed as Standard_E16s_v5 instead of its own size over the holiday week"},
    {PLANT_STORAGE, "環境局", "Standard Data Transfer Out", "45 days before the end",
     "3,000 GB of data transfer out from the storage account in one day (about 51,000 yen)"},
    {PLANT_LOGS, "", "Analytics Logs Data Ingestion", "5 days from 75 days before the end",
     "Log Analytics ingestion 40, 80, ... 200 GB a day above normal (runaway diagnostics)"},
    {NULL, NULL, NULL, NULL, NULL},
};

void imp_demo_anomaly_days(const struct imp_demo_options *opt, int32_t out[3])
{
    int32_t first = month_first_day(opt->end_month - opt->months + 1);
    int32_t last = month_first_day(opt->end_month + 1) - 1;
    int y, m, d;
    date_to_civil(last - 60, &y, &m, &d);
    int32_t gw = date_from_civil(y, 4, 29);
    if (gw + PLANT_VM_DAYS - 1 > last - 60)
        gw = date_from_civil(y - 1, 4, 29);
    out[0] = gw;
    out[1] = last - 45;
    out[2] = last - 75;
    for (int i = 0; i < 3; i++) /* four months of history before each, or none */
        if (!opt->anomalies || out[i] - 120 < first)
            out[i] = 0;
}

static int plant_on(const struct city *c, int i, int32_t day, int days)
{
    return c->plant[i] && day >= c->plant[i] && day < c->plant[i] + days;
}

/* The size PLANT_VM is billed at: PLANT_VM_SIZE over the holiday week. */
static int planted_vm_size(const struct city *c, const struct res *r, int32_t day)
{
    if (plant_on(c, 0, day, PLANT_VM_DAYS) && strcmp(r->name, PLANT_VM) == 0)
        return PLANT_VM_SIZE;
    return r->size;
}

/* Extra GB ingested by PLANT_LOGS on a day. */
static double planted_log_gb(const struct city *c, const struct res *r, int32_t day)
{
    if (plant_on(c, 2, day, PLANT_LOG_DAYS) && strcmp(r->name, PLANT_LOGS) == 0)
        return PLANT_LOG_GB * (day - c->plant[2] + 1);
    return 0;
}

/* One extra row of meter mt with quantity qty beside the row wp just written. */
static enum status write_extra(const struct city *c, const struct ea_row *wp, int meter, double qty,
                               struct out_file *act, struct out_file *amo, struct err *e)
{
    const struct meter *mt = &meters[meter];
    struct ea_row w = *wp;
    w.product = mt->product;
    w.family = mt->family;
    w.category = mt->category;
    w.subcat = mt->subcat;
    w.meter_name = mt->name;
    w.unit = mt->unit;
    w.consumed = mt->consumed;
    w.quantity = round(qty * 1e6) / 1e6;
    w.unit_price = w.payg_price = w.effective_price = mt->price;
    w.cost_e6 = yen_e6(w.quantity * mt->price);
    enum status st = write_ea_row(act, c, &w, e);
    if (st == ST_OK && amo)
        st = write_ea_row(amo, c, &w, e);
    return st;
}

/* The egress spike: a Data Transfer Out row for PLANT_STORAGE on its day
 * (wp: the storage row just written, for the columns it shares). */
static enum status write_planted_egress(const struct city *c, const struct res *r,
                                        const struct ea_row *wp, struct out_file *act,
                                        struct out_file *amo, struct err *e)
{
    if (!plant_on(c, 1, wp->day, 1) || strcmp(r->name, PLANT_STORAGE) != 0)
        return ST_OK;
    return write_extra(c, wp, M_BANDWIDTH, PLANT_EGRESS, act, amo, e);
}

/* The operations of PLANT_BLOB_RARE and the retention of PLANT_RETENTION
 * (wp: the resource's row just written). */
static enum status write_planted_storage(const struct city *c, const struct res *r,
                                         const struct ea_row *wp, struct out_file *act,
                                         struct out_file *amo, struct err *e)
{
    if (r->profile == P_BLOB_RARE) {
        enum status st = write_extra(c, wp, M_BLOB_READ, BLOB_READS_10K, act, amo, e);
        return st == ST_OK ? write_extra(c, wp, M_BLOB_WRITE, BLOB_WRITES_10K, act, amo, e) : st;
    }
    if (r->profile != P_LOGS_RETAIN)
        return ST_OK;
    /* GB held beyond the free 31 days: (365 - 31) days of the mean ingestion
     * (weekends and holidays at 0.55: about 0.87 of a business day), as GB-months a day */
    int y, m, d;
    date_to_civil(wp->day, &y, &m, &d);
    double years = (double)(wp->day - c->first_day) / 365.25;
    double gb = (RETAIN_DAYS - 31) * r->base * season_factor(m) * pow(1.0 + r->growth, years) *
                ((5.0 + 2 * 0.55) / 7.0);
    return write_extra(c, wp, M_LOGS_RETENTION, gb / month_days(month_index_of(wp->day)), act, amo,
                       e);
}

/* Monthly payment of the reservation covering VM r (locked at the list price). */
static int64_t ri_monthly_e6(const struct res *r)
{
    return yen_e6(round(vm_sizes[r->size].yen_per_hour * 730.0 * RI_DISCOUNT));
}

/* A reserved VM's day: usage at no cost (actual), its share of the
 * payment (amortized), and the payment itself on the first of the month -
 * or, for the --upfront-reservation VM, 12 payments each April. */
static enum status write_reserved_day(const struct city *c, const struct res *r,
                                      const struct ea_row *wp, double price, struct out_file *act,
                                      struct out_file *amo, struct err *e)
{
    struct ea_row w = *wp;
    int32_t day = w.day;
    int mi = month_index_of(day);
    int dim = month_days(mi);
    enum status st;
    int64_t pay = ri_monthly_e6(r);
    int d_in_month = day - month_first_day(mi);
    int64_t share = pay / dim + (d_in_month == dim - 1 ? pay % dim : 0);
    w.reservation = 1;
    w.pricing_model = "Reservation";
    w.unit_price = price;
    w.payg_price = 0;
    w.effective_price = 0;
    w.cost_e6 = 0;
    if ((st = write_ea_row(act, c, &w, e)) != ST_OK)
        return st;
    if (amo) {
        w.cost_e6 = share;
        w.effective_price = (double)share / 1e6 / 24.0;
        if ((st = write_ea_row(amo, c, &w, e)) != ST_OK)
            return st;
    }
    if (d_in_month == 0 && c->upfront && strcmp(r->name, UPFRONT_VM) == 0) {
        /* a 1-year term bought each April, paid at once */
        int y, mo;
        month_from_index(mi, &y, &mo);
        if (mo != 4)
            return st;
        pay *= 12;
    }
    if (d_in_month == 0) { /* the monthly payment, in the actual file only */
        struct ea_row p = w;
        p.purchase = 1;
        p.charge_type = "Purchase";
        p.frequency = pay > ri_monthly_e6(r) ? "OneTime" : "Recurring";
        p.consumed = "Microsoft.Capacity";
        p.additional = "";
        p.quantity = 1;
        p.cost_e6 = pay;
        p.effective_price = (double)pay / 1e6;
        p.unit_price = p.effective_price;
        st = write_ea_row(act, c, &p, e);
    }
    return st;
}

/* Write the rows of resource r for one day to the actual file (and amortized). */
static enum status write_day(const struct city *c, struct res *r, int32_t day, struct out_file *act,
                             struct out_file *amo, struct err *e)
{
    if (day < r->live_day)
        return ST_OK;
    int mi = month_index_of(day);
    int dim = month_days(mi);
    double hike = day >= c->price_change_day ? PRICE_CHANGE : 1.0;
    struct ea_row w = {0};
    w.res = r;
    w.day = day;
    w.charge_type = "Usage";
    w.frequency = "UsageBased";
    w.pricing_model = "OnDemand";
    w.additional = "";
    char info[256];
    char product[160];
    enum status st = ST_OK;

    if (r->kind == K_VM) {
        const struct vm_size *vs = &vm_sizes[planted_vm_size(c, r, day)];
        snprintf(product, sizeof product, "Virtual Machines %s - %s - JA East", vs->subcat,
                 vs->meter);
        snprintf(info, sizeof info,
                 "{\"UsageType\":\"ComputeHR\",\"ImageType\":\"Canonical\",\"ServiceType\":\"%s\","
                 "\"VMName\":\"%s\",\"VCPUs\":%d}",
                 vs->name, r->name, vs->vcpus);
        w.product = product;
        w.family = "Compute";
        w.category = "Virtual Machines";
        w.subcat = vs->subcat;
        w.meter_name = vs->meter;
        w.unit = "1 Hour";
        w.consumed = "Microsoft.Compute";
        w.additional = info;
        w.quantity = 24;
        if (r->profile == P_SCHEDULED) {
            if (!is_business_day(c, day))
                return ST_OK;
            w.quantity = 11;
        }
        double price = vs->yen_per_hour * hike;
        if (r->profile == P_RESERVED)
            return write_reserved_day(c, r, &w, price, act, amo, e);
        w.unit_price = w.payg_price = w.effective_price = price;
        w.cost_e6 = yen_e6(w.quantity * price);
    } else {
        int meter = r->size;
        double qty = 0;
        switch (r->kind) {
        case K_DISK:
        case K_ER_CIRCUIT:
            qty = 1.0 / dim;
            break;
        case K_SNAPSHOT:
            qty = r->base / dim; /* GB-months */
            break;
        case K_SQL:
            meter = M_SQL_VCORE;
            qty = 24.0 * r->size * (day >= r->upgrade_day ? 2 : 1);
            break;
        case K_APP:
            qty = 24.0 * plan_instances(c, r, day);
            break;
        case K_BLOB:
            qty = r->base * (1.0 + r->growth * (day - c->first_day) / 365.25) / dim;
            break;
        case K_PIP:
        case K_ER_GATEWAY:
        case K_VPN_GW:
        case K_FIREWALL:
            qty = 24;
            break;
        case K_BANDWIDTH:
        case K_LOGS:
            qty = r->profile == P_LOGS_STEADY
                      ? r->base * (1.0 + 0.04 * rng_normal(&r->rng))
                      : r->base * elastic_factor(r, c, day) + planted_log_gb(c, r, day);
            break;
        case K_VM:
            break;
        }
        const struct meter *mt = &meters[meter];
        int compute = strcmp(mt->family, "Compute") == 0 || strcmp(mt->family, "Databases") == 0;
        double price = mt->price * (compute ? hike : 1.0);
        w.product = mt->product;
        w.family = mt->family;
        w.category = mt->category;
        w.subcat = mt->subcat;
        w.meter_name = mt->name;
        w.unit = mt->unit;
        w.consumed = mt->consumed;
        qty = round(qty * 1e6) / 1e6;
        if (r->profile == P_BLOB_GRS) { /* twice the price for half the GB: same cost */
            mt = &meters[M_BLOB_GRS];
            w.product = mt->product;
            w.meter_name = mt->name;
            qty /= 2;
            price *= 2;
        }
        w.quantity = qty;
        w.unit_price = w.payg_price = w.effective_price = price;
        w.cost_e6 = yen_e6(qty * price);
    }
    if ((st = write_ea_row(act, c, &w, e)) == ST_OK && amo)
        st = write_ea_row(amo, c, &w, e);
    if (st == ST_OK)
        st = write_planted_egress(c, r, &w, act, amo, e);
    if (st == ST_OK)
        st = write_planted_storage(c, r, &w, act, amo, e);
    if (st == ST_OK && r->profile == P_NET_IDLE) /* a few KB a day: idle */
        st = write_extra(c, &w, M_VPN_DATA, 0.00002, act, amo, e);
    if (st == ST_OK && r->kind == K_FIREWALL) { /* data processed through the hub */
        const struct meter *mt = &meters[M_FW_DATA];
        double gb = round(r->base * elastic_factor(r, c, day) * 1e6) / 1e6;
        w.product = mt->product;
        w.subcat = mt->subcat;
        w.meter_name = mt->name;
        w.unit = mt->unit;
        w.quantity = gb;
        w.unit_price = w.payg_price = w.effective_price = mt->price;
        w.cost_e6 = yen_e6(gb * mt->price);
        if ((st = write_ea_row(act, c, &w, e)) == ST_OK && amo)
            st = write_ea_row(amo, c, &w, e);
    }
    return st;
}

/* ------------------------------------------------------------ metrics */

/* Hourly CPU %, memory used fraction and a network scale for a VM at a UTC hour.
 * Returns 0 when the VM is not running (no data point). */
static int vm_sample(const struct city *c, struct res *r, int64_t hour_utc, double *cpu,
                     double *mem_used, double *net_scale, struct rng *g)
{
    int64_t jst = hour_utc + 9;
    int32_t jday = date_day_of_hour(jst);
    int jh = (int)(jst - (int64_t)jday * 24);
    int biz = is_business_day(c, jday);
    /* office window 08:30-18:30: hours 9..17 full, 8 and 18 half */
    double office = !biz ? 0 : (jh >= 9 && jh <= 17) ? 1 : (jh == 8 || jh == 18) ? 0.5 : 0;
    double n = rng_normal(g);
    *cpu = 0;
    *mem_used = 0;
    switch (r->profile) {
    case P_NORMAL: {
        double night = (jh < 7 || jh >= 22) ? 0.7 : 1.0;
        *cpu = (30 + 25 * office) * night + 5 * n;
        *mem_used = 0.55 + 0.08 * office;
        break;
    }
    case P_OVERSIZED:
        *cpu = 3.5 + 3.5 * office + 1.2 * n;
        *mem_used = 0.12;
        break;
    case P_IDLE:
        *cpu = 0.8 + 0.25 * fabs(n);
        *mem_used = 0.2;
        break;
    case P_OFFICE:
    case P_ALWAYS_ON:
        *cpu = office > 0 ? 12 + 30 * office + 8 * n : 0.9 + 0.3 * fabs(n);
        *mem_used = office > 0 ? 0.5 : 0.3;
        break;
    case P_NIGHT:
        *cpu = (jh >= 1 && jh <= 3) ? 85 + 5 * n : 1.5 + 0.4 * fabs(n);
        *mem_used = (jh >= 1 && jh <= 3) ? 0.6 : 0.25;
        break;
    case P_RESERVED:
        *cpu = 50 + 6 * n;
        *mem_used = 0.7;
        break;
    case P_STOPPED:
        *cpu = 0;
        *mem_used = -1; /* no memory metric from a stopped guest */
        *net_scale = 0;
        return 1;
    case P_SCHEDULED:
        if (!biz || jh < 8 || jh >= 19)
            return 0; /* deallocated: no data */
        *cpu = 15 + 20 * office + 6 * n;
        *mem_used = 0.45;
        break;
    case P_DISK_IDLE:
    case P_DISK_BUSY:
    case P_ASP_FEWER:
    case P_ASP_SMALLER:
    case P_ASP_IDLE:
    case P_ASP_NOMETRICS:
    case P_SQL_OVERSIZED:
    case P_SQL_OFFICE:
    case P_SQL_POOL:
    case P_BLOB_RARE:
    case P_BLOB_GRS:
    case P_LOGS_STEADY:
    case P_LOGS_RETAIN:
    case P_ASP_DEVTEST:
    case P_NET_IDLE:
        return 0; /* not VMs (disk_sample, plan_sample, sql_sample, write_storage_metrics) */
    }
    if (*cpu < 0.1)
        *cpu = 0.1;
    if (*cpu > 100)
        *cpu = 100;
    *net_scale = *cpu / 100.0;
    return 1;
}

/* Hourly read and write operations per second of a planted premium disk
 * at a UTC hour (Composite Disk Read/Write Operations/sec, hourly means). */
static void disk_sample(const struct city *c, const struct res *r, int64_t hour_utc,
                        double *read_ops, double *write_ops, struct rng *g)
{
    int64_t jst = hour_utc + 9;
    int32_t jday = date_day_of_hour(jst);
    int jh = (int)(jst - (int64_t)jday * 24);
    double office = is_business_day(c, jday) && jh >= 9 && jh <= 17 ? 1 : 0;
    double u = rng_u01(g), v = rng_u01(g);
    if (r->profile == P_DISK_BUSY) { /* a database: busy office hours, steady batch load */
        *read_ops = office ? 1100 + 1900 * u : 250 + 150 * u;
        *write_ops = office ? 400 + 600 * v : 100 + 80 * v;
    } else { /* a monitoring archive: a trickle, never near 400 */
        *read_ops = office ? 20 + 50 * u : 3 + 6 * u;
        *write_ops = office ? 10 + 30 * v : 2 + 4 * v;
    }
}

/* Office-hours weight of a UTC hour: 1 in 09-17 JST on business days, 0.5
 * at 08 and 18, else 0. */
static double office_weight(const struct city *c, int64_t hour_utc)
{
    int64_t jst = hour_utc + 9;
    int32_t jday = date_day_of_hour(jst);
    int jh = (int)(jst - (int64_t)jday * 24);
    if (!is_business_day(c, jday))
        return 0;
    return (jh >= 9 && jh <= 17) ? 1 : (jh == 8 || jh == 18) ? 0.5 : 0;
}

/* An App Service plan's CpuPercentage, MemoryPercentage (plan averages) and
 * BytesReceived for one hour. A healthy plan peaks near 65 % CPU and 75 %
 * memory, so no rule touches it. */
static void plan_sample(const struct city *c, const struct res *r, int64_t hour_utc, double *cpu,
                        double *mem, double *bytes_in, struct rng *g)
{
    double office = office_weight(c, hour_utc), n = rng_normal(g);
    switch (r->profile) {
    case P_ASP_FEWER:
        *cpu = 8 + 8 * office + 0.8 * n;
        *mem = 17 + 2 * office + 0.5 * fabs(n);
        *bytes_in = 2.0e8 * (0.2 + office);
        break;
    case P_ASP_SMALLER:
        *cpu = 12 + 10 * office + 1.0 * n;
        *mem = 26 + 2 * office + 0.8 * fabs(n);
        *bytes_in = 5.0e7 * (0.2 + office);
        break;
    case P_ASP_DEVTEST: /* busy office hours, idle (probes only) otherwise */
        *cpu = office > 0 ? 30 + 15 * office + 2 * n : 1 + 0.3 * fabs(n);
        *mem = office > 0 ? 40 + 8 * office + fabs(n) : 30 + fabs(n);
        *bytes_in = office > 0 ? 5.0e7 * office : 2.0e4 * (1 + 0.2 * fabs(n));
        break;
    case P_ASP_IDLE:
        *cpu = 0.8 + 0.2 * fabs(n);
        *mem = 12 + 0.5 * fabs(n);
        *bytes_in = 2.0e4 * (1 + 0.2 * fabs(n)); /* health probes only */
        break;
    default:
        *cpu = 40 + 18 * office + 3 * n;
        *mem = 68 + 4 * office + 1.5 * fabs(n);
        *bytes_in = 8.0e8 * (0.2 + office);
        break;
    }
    *cpu = *cpu < 0.1 ? 0.1 : *cpu > 100 ? 100 : *cpu;
    *mem = *mem > 100 ? 100 : *mem;
}

/* A SQL database's cpu_percent and connection_successful for one hour. */
static void sql_sample(const struct city *c, const struct res *r, int64_t hour_utc, double *cpu,
                       double *conn, struct rng *g)
{
    double office = office_weight(c, hour_utc), n = rng_normal(g);
    if (r->profile == P_SQL_OVERSIZED) {
        *cpu = 5 + 5 * office + 0.8 * n;
        *conn = 300 + 900 * office;
    } else if (r->profile == P_SQL_POOL) { /* busy 3-4 hours in its slot, quiet otherwise */
        static const int from[] = {8, 11, 17, 1}, to[] = {11, 14, 21, 4}; /* JST */
        int jh = (int)((hour_utc + 9) % 24), s = (int)r->base;
        *cpu = (jh >= from[s] && jh < to[s] ? 55 : 8) + 1.5 * n;
        *conn = jh >= from[s] && jh < to[s] ? 600 : 40;
    } else if (r->profile == P_SQL_OFFICE) {
        *cpu = office > 0 ? 30 + 15 * office + 4 * n : 0.2 * fabs(n);
        *conn = office > 0 ? 150 * office : 0;
    } else { /* busy day and night (batch at night): never idle, P95 near 67 % */
        *cpu = 38 + 26 * office + 3 * n;
        *conn = 400 + 1500 * office;
    }
    *cpu = *cpu < 0 ? 0 : *cpu > 100 ? 100 : *cpu;
}

/* The hourly metrics of one App Service plan or SQL database. */
static void write_paas_metrics(const struct city *c, const struct res *r, gzFile f,
                               int64_t start_hour, int64_t end_hour, int64_t *rows)
{
    if (r->profile == P_ASP_NOMETRICS)
        return;
    struct rng g;
    rng_seed(&g, c->seed ^ fnv1a(r->id) ^ 0x6d657472696373ULL);
    for (int64_t h = start_hour; h < end_hour; h++) {
        if ((int32_t)(h / 24) < r->live_day)
            continue;
        char ts[24];
        date_format_ts(h * 3600, ts);
        double a, b, d;
        if (r->kind == K_APP) {
            plan_sample(c, r, h, &a, &b, &d, &g);
            gzprintf(f, "%s,%s,CpuPercentage,%.2f\n", r->id, ts, a);
            gzprintf(f, "%s,%s,MemoryPercentage,%.2f\n", r->id, ts, b);
            gzprintf(f, "%s,%s,BytesReceived,%.0f\n", r->id, ts, d);
            *rows += 3;
        } else {
            sql_sample(c, r, h, &a, &b, &g);
            gzprintf(f, "%s,%s,cpu_percent,%.2f\n", r->id, ts, a);
            gzprintf(f, "%s,%s,connection_successful,%.0f\n", r->id, ts, b);
            *rows += 2;
        }
    }
}

/* The planted storage accounts' and workspaces' metrics (docs/demo.md): the
 * accounts' capacity from their bill's GB (UsedCapacity and BlobCapacity:Hot,
 * all hot) and their requests (PLANT_BLOB_RARE: the bill's reads and writes a
 * day; PLANT_BLOB_GRS, whose bill has no operation meter, busy at about 400
 * requests per GB a month), the workspaces' BillableDataGB an hour from the
 * same daily volume as their bill rows (own noise). Other accounts and
 * workspaces have none; no cost row changes. */
static void write_storage_metrics(const struct city *c, const struct res *r, gzFile f,
                                  int64_t start_hour, int64_t end_hour, int64_t *rows)
{
    int blob = r->profile == P_BLOB_RARE || r->profile == P_BLOB_GRS;
    if (!blob && r->profile != P_LOGS_STEADY && r->profile != P_LOGS_RETAIN)
        return;
    struct rng g;
    rng_seed(&g, c->seed ^ fnv1a(r->id) ^ 0x73746f72616765ULL);
    for (int64_t h = start_hour; h < end_hour; h++) {
        int32_t day = (int32_t)(h / 24);
        if (day < r->live_day)
            continue;
        char ts[24];
        date_format_ts(h * 3600, ts);
        double noise = 1.0 + 0.04 * rng_normal(&g);
        if (blob) {
            double gb = r->base * (1.0 + r->growth * (day - c->first_day) / 365.25);
            double req = r->profile == P_BLOB_RARE ? (BLOB_READS_10K + BLOB_WRITES_10K) * 1e4 / 24
                                                   : 400.0 * gb / 730.0;
            gzprintf(f, "%s,%s,UsedCapacity,%.0f\n", r->id, ts, gb * 1e9);
            gzprintf(f, "%s/blobServices/default,%s,BlobCapacity:Hot,%.0f\n", r->id, ts, gb * 1e9);
            gzprintf(f, "%s,%s,Transactions,%.0f\n", r->id, ts, req * noise);
            *rows += 3;
            continue;
        }
        int y, m, d;
        date_to_civil(day, &y, &m, &d);
        double per_day = r->profile == P_LOGS_STEADY
                             ? r->base
                             : r->base * season_factor(m) *
                                       pow(1.0 + r->growth, (double)(day - c->first_day) / 365.25) *
                                       (is_business_day(c, day) ? 1.0 : 0.55) +
                                   planted_log_gb(c, r, day);
        gzprintf(f, "%s,%s,BillableDataGB,%.4f\n", r->id, ts, per_day * noise / 24.0);
        *rows += 1;
    }
}

/* The hourly IOPS of one planted premium data disk. */
static void write_disk_metrics(const struct city *c, const struct res *r, gzFile f,
                               int64_t start_hour, int64_t end_hour, int64_t *rows)
{
    struct rng g;
    rng_seed(&g, c->seed ^ fnv1a(r->id) ^ 0x6d657472696373ULL);
    for (int64_t h = start_hour; h < end_hour; h++) {
        if ((int32_t)(h / 24) < r->live_day)
            continue;
        double rd, wr;
        disk_sample(c, r, h, &rd, &wr, &g);
        char ts[24];
        date_format_ts(h * 3600, ts);
        gzprintf(f, "%s,%s,Composite Disk Read Operations/sec,%.2f\n", r->id, ts, rd);
        gzprintf(f, "%s,%s,Composite Disk Write Operations/sec,%.2f\n", r->id, ts, wr);
        *rows += 2;
    }
}

static enum status write_metrics(struct city *c, const char *path, int end_month, int weeks,
                                 int64_t *rows, struct err *e)
{
    gzFile f = gzopen(path, "wb1");
    if (!f)
        return err_set(e, ST_IO, "cannot create '%s': %s", path, strerror(errno));
    gzbuffer(f, 1 << 17);
    int64_t end_hour = (int64_t)month_first_day(end_month + 1) * 24;
    int64_t start_hour = end_hour - (int64_t)weeks * 7 * 24;
    gzputs(f, "resource_id,timestamp,metric,value\n");
    for (int i = 0; i < c->n; i++) {
        struct res *r = &c->v[i];
        if (r->kind == K_DISK && (r->profile == P_DISK_IDLE || r->profile == P_DISK_BUSY)) {
            write_disk_metrics(c, r, f, start_hour, end_hour, rows);
            continue;
        }
        if (r->kind == K_APP || r->kind == K_SQL) {
            write_paas_metrics(c, r, f, start_hour, end_hour, rows);
            continue;
        }
        if (r->kind == K_BLOB || r->kind == K_LOGS) {
            write_storage_metrics(c, r, f, start_hour, end_hour, rows);
            continue;
        }
        if (r->kind != K_VM)
            continue;
        struct rng g;
        rng_seed(&g, c->seed ^ fnv1a(r->id) ^ 0x6d657472696373ULL);
        const struct vm_size *vs = &vm_sizes[r->size];
        double mem_total = vs->mem_gib * 1073741824.0;
        double net_peak = 2.0e8 * vs->vcpus; /* bytes per hour at 100 % CPU */
        for (int64_t h = start_hour; h < end_hour; h++) {
            if ((int32_t)(h / 24) < r->live_day)
                continue;
            double cpu = 0, mem_used = 0, net = 0;
            if (!vm_sample(c, r, h, &cpu, &mem_used, &net, &g))
                continue;
            char ts[24];
            date_format_ts(h * 3600, ts);
            double jitter = 1.0 + 0.1 * rng_normal(&g);
            double out_b = net > 0 ? net_peak * net * jitter + 2.0e4 : 0;
            double in_b = out_b * 0.4;
            gzprintf(f, "%s,%s,Percentage CPU,%.3f\n", r->id, ts, cpu);
            (*rows)++;
            if (mem_used >= 0) {
                gzprintf(f, "%s,%s,Available Memory Bytes,%.0f\n", r->id, ts,
                         mem_total * (1.0 - mem_used));
                (*rows)++;
            }
            gzprintf(f, "%s,%s,Network Out Total,%.0f\n", r->id, ts, out_b > 0 ? out_b : 0);
            gzprintf(f, "%s,%s,Network In Total,%.0f\n", r->id, ts, in_b > 0 ? in_b : 0);
            *rows += 2;
        }
    }
    if (gzclose(f) != Z_OK) /* reports any earlier write error too */
        return err_set(e, ST_IO, "cannot write '%s'", path);
    return ST_OK;
}

/* ---------------------------------------------------------- the files */

static enum status write_rules(const char *path, struct err *e)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return err_set(e, ST_IO, "cannot create '%s': %s", path, strerror(errno));
    fputs("match,pattern,department\n", f);
    for (int d = 0; d < NDEPTS; d++)
        fprintf(f, "subscription-name,osaka-%s-*,%s\n", depts[d].romaji, depts[d].name);
    /* osaka-common-apps falls back to the department tag; osaka-shared-hub stays
     * (unallocated) for the budget run's shared split */
    if (ferror(f) | (fclose(f) != 0))
        return err_set(e, ST_IO, "cannot write '%s'", path);
    return ST_OK;
}

/* Commitment discounts off pay-as-you-go in the demo's price page: round
 * figures inside what Microsoft advertises (reservations "up to 72 %",
 * savings plans "up to 65 %"; docs/demo.md). Synthetic, like the city. */
#define DEMO_RI1Y_OFF 0.36
#define DEMO_RI3Y_OFF 0.55
#define DEMO_SP1Y_OFF 0.25
#define DEMO_SP3Y_OFF 0.45

/* One Azure Retail Prices API page (the shape `yosan pull prices` stores)
 * for every VM size of the city in Japan East, Linux, at the price the
 * bill charges after the price change: pay-as-you-go with its savings
 * plans, and the 1- and 3-year reservations (retailPrice = the whole term). */
static enum status write_prices(const char *path, int32_t effective_day, struct err *e)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return err_set(e, ST_IO, "cannot create '%s': %s", path, strerror(errno));
    char day[16];
    date_format(effective_day, day);
    fputs("{\"BillingCurrency\":\"JPY\",\"CustomerEntityId\":\"Default\","
          "\"CustomerEntityType\":\"Retail\",\"Items\":[\n",
          f);
    size_t n = sizeof vm_sizes / sizeof vm_sizes[0];
    for (size_t i = 0; i < n; i++) {
        const struct vm_size *v = &vm_sizes[i];
        double payg = v->yen_per_hour * PRICE_CHANGE;
        const char *common = "\"currencyCode\":\"JPY\",\"tierMinimumUnits\":0.0,"
                             "\"armRegionName\":\"japaneast\",\"location\":\"JA East\","
                             "\"serviceName\":\"Virtual Machines\",\"serviceFamily\":\"Compute\","
                             "\"unitOfMeasure\":\"1 Hour\",\"isPrimaryMeterRegion\":true";
        fprintf(f,
                "{%s,\"effectiveStartDate\":\"%sT00:00:00Z\",\"armSkuName\":\"%s\","
                "\"skuName\":\"%s\",\"meterName\":\"%s\",\"productName\":\"Virtual "
                "Machines %s\",\"type\":\"Consumption\",\"retailPrice\":%.4f,"
                "\"unitPrice\":%.4f,\"savingsPlan\":[{\"unitPrice\":%.4f,\"retailPrice\":%.4f,"
                "\"term\":\"1 Year\"},{\"unitPrice\":%.4f,\"retailPrice\":%.4f,\"term\":\"3 "
                "Years\"}]},\n",
                common, day, v->name, v->meter, v->meter, v->subcat, payg, payg,
                payg * (1 - DEMO_SP1Y_OFF), payg * (1 - DEMO_SP1Y_OFF), payg * (1 - DEMO_SP3Y_OFF),
                payg * (1 - DEMO_SP3Y_OFF));
        for (int years = 1; years <= 3; years += 2) {
            double term = payg * (1 - (years == 1 ? DEMO_RI1Y_OFF : DEMO_RI3Y_OFF)) * 8760 * years;
            fprintf(f,
                    "{%s,\"effectiveStartDate\":\"%sT00:00:00Z\",\"armSkuName\":\"%s\","
                    "\"skuName\":\"%s\",\"meterName\":\"%s\",\"productName\":\"Virtual "
                    "Machines %s\",\"type\":\"Reservation\",\"reservationTerm\":\"%d "
                    "Year%s\",\"retailPrice\":%.2f,\"unitPrice\":%.2f}%s\n",
                    common, day, v->name, v->meter, v->meter, v->subcat, years,
                    years == 1 ? "" : "s", term, term, i + 1 == n && years == 3 ? "" : ",");
        }
    }
    fprintf(f, "],\"NextPageLink\":null,\"Count\":%zu}\n", 3 * n);
    if (ferror(f) | (fclose(f) != 0))
        return err_set(e, ST_IO, "cannot write '%s'", path);
    return ST_OK;
}

static enum status make_dirs(const char *dir, struct err *e)
{
    char path[1024];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return err_set(e, ST_USAGE, "output directory name too long");
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return err_set(e, ST_IO, "cannot create directory '%s': %s", path, strerror(errno));
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return err_set(e, ST_IO, "cannot create directory '%s': %s", path, strerror(errno));
    return ST_OK;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static enum status open_month(struct out_file *of, const char *dir, const char *kind, int mi,
                              struct imp_demo_result *res, struct err *e)
{
    char name[64], ym[8];
    snprintf(name, sizeof name, "EA_%sCost_%s.csv.gz", kind, month_format(mi, ym));
    of->path = join_path(dir, name);
    of->rows = 0;
    if (!of->path)
        return err_set(e, ST_NOMEM, "out of memory");
    char **files = realloc(res->cost_files, (res->ncost_files + 1) * sizeof *files);
    if (!files) {
        free(of->path);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    res->cost_files = files;
    res->cost_files[res->ncost_files++] = of->path; /* owned by res from now on */
    of->f = gzopen(of->path, "wb1"); /* fastest level: the demo is about the import */
    if (!of->f)
        return err_set(e, ST_IO, "cannot create '%s': %s", of->path, strerror(errno));
    gzbuffer(of->f, 1 << 17);
    if (gzputs(of->f, ea_header) < 0)
        return err_set(e, ST_IO, "cannot write '%s'", of->path);
    return ST_OK;
}

static enum status close_month(struct out_file *of, struct imp_demo_result *res, struct err *e)
{
    if (!of->f)
        return ST_OK;
    int bad = gzclose(of->f) != Z_OK;
    of->f = NULL;
    res->cost_rows += of->rows;
    if (bad)
        return err_set(e, ST_IO, "cannot write '%s'", of->path);
    return ST_OK;
}

/* The department planted to overrun its appropriation (docs/demo.md). */
#define APPROP_OVERRUN_DEPT 5 /* 建設局 */
#define APPROP_MARGIN       1.08
#define APPROP_UNDER        0.88
#define DEMO_TAX            1.10 /* the built-in consumption tax (terms.h), for contract+tax */

/* Whole 千円 (appropriations are decided in thousands of yen). */
static long long round_k(double yen)
{
    return 1000LL * llround(yen / 1000.0);
}

/* appropriations.csv for fiscal year fy from each department's FY cost
 * (sum: micro-yen list cost, [0] the shared hub, split in proportion):
 * 当初 at APPROP_MARGIN over it on contract+tax, but the planted department
 * at APPROP_UNDER; a 流用 from 財政局 to 市民局 and a 補正 for デジタル統括室. */
static enum status write_approp(const char *path, int fy, const int64_t *sum, struct err *e)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return err_set(e, ST_IO, "cannot create '%s': %s", path, strerror(errno));
    double own = 0;
    for (int d = 0; d < NDEPTS; d++)
        own += (double)sum[d + 1];
    fprintf(f, "fiscal_year,department,system,amount,kind,date,note,basis\n");
    long long ap[NDEPTS];
    for (int d = 0; d < NDEPTS; d++) {
        double yen =
            ((double)sum[d + 1] + (own > 0 ? (double)sum[0] * (double)sum[d + 1] / own : 0)) / 1e6;
        ap[d] = round_k(yen * DEMO_TAX * (d == APPROP_OVERRUN_DEPT ? APPROP_UNDER : APPROP_MARGIN));
        fprintf(f, "%d,%s,,%lld,当初,%d-04-01,%s,contract+tax\n", fy, depts[d].name, ap[d], fy,
                d == APPROP_OVERRUN_DEPT ? "当初予算 (demo: planted below its trend)" : "当初予算");
    }
    long long t = round_k(0.01 * (double)ap[0]), sup = round_k(0.03 * (double)ap[11]);
    fprintf(f, "%d,%s,,%lld,流用,%d-10-01,市民局へ流用,contract+tax\n", fy, depts[0].name, -t, fy);
    fprintf(f, "%d,%s,,%lld,流用,%d-10-01,財政局から流用,contract+tax\n", fy, depts[1].name, t, fy);
    fprintf(f, "%d,%s,,%lld,補正,%d-12-01,12月補正,contract+tax\n", fy, depts[11].name, sup, fy);
    return fclose(f) == 0 ? ST_OK : err_set(e, ST_IO, "cannot write '%s'", path);
}

/* The actual cost of the fiscal year of the end month per department:
 * the months written (already in sum) and the rest of the year simulated
 * without writing, after everything else so the files do not change. */
static enum status approp_file(const struct imp_demo_options *opt, struct city *c, int64_t *sum,
                               struct imp_demo_result *res, struct err *e)
{
    int fy = fiscal_year_of_month(opt->end_month, 4);
    int last = fiscal_year_first_month(fy, 4) + 11;
    struct out_file sink = {0};
    sink.sum = sum;
    sink.sum_from = month_first_day(fiscal_year_first_month(fy, 4));
    enum status st = ST_OK;
    for (int32_t day = month_first_day(opt->end_month + 1);
         st == ST_OK && day < month_first_day(last + 1); day++)
        for (int i = 0; st == ST_OK && i < c->n; i++)
            st = write_day(c, &c->v[i], day, &sink, NULL, e);
    res->approp_fy = fy;
    if (st == ST_OK && !(res->approp_file = join_path(opt->out_dir, "appropriations.csv")))
        st = err_set(e, ST_NOMEM, "out of memory");
    return st == ST_OK ? write_approp(res->approp_file, fy, sum, e) : st;
}

void imp_demo_options_init(struct imp_demo_options *opt, int end_month)
{
    memset(opt, 0, sizeof *opt);
    opt->seed = 1;
    opt->end_month = end_month;
    opt->months = 36;
    opt->metric_weeks = 8;
    opt->amortized = 1;
    opt->anomalies = 1;
    opt->out_dir = "demo-data";
}

/* departments.csv and prices.json into opt->out_dir, their paths into res. */
static enum status write_rules_prices(const struct imp_demo_options *opt, const struct city *c,
                                      struct imp_demo_result *res, struct err *e)
{
    if (!(res->rules_file = join_path(opt->out_dir, "departments.csv")) ||
        !(res->prices_file = join_path(opt->out_dir, "prices.json")))
        return err_set(e, ST_NOMEM, "out of memory");
    enum status st = write_rules(res->rules_file, e);
    if (st == ST_OK)
        st = write_prices(res->prices_file, c->price_change_day, e);
    return st;
}

/* metrics.csv.gz when asked for. */
static enum status demo_metrics(const struct imp_demo_options *opt, struct city *c,
                                struct imp_demo_result *res, struct err *e)
{
    if (opt->metric_weeks <= 0)
        return ST_OK;
    if (!(res->metrics_file = join_path(opt->out_dir, "metrics.csv.gz")))
        return err_set(e, ST_NOMEM, "out of memory");
    return write_metrics(c, res->metrics_file, opt->end_month, opt->metric_weeks, &res->metric_rows,
                         e);
}

/* The last day of the fiscal year of month mi. */
static int32_t fy_last_day(int mi)
{
    return month_first_day(fiscal_year_first_month(fiscal_year_of_month(mi, 4) + 1, 4)) - 1;
}

/* The last day the days off must cover: the day after the end month (the
 * metrics' JST hours) or the fiscal year's end (the appropriations). */
static int32_t days_off_end(int end_month)
{
    int32_t a = fy_last_day(end_month), b = month_first_day(end_month + 1);
    return a > b ? a : b;
}

enum status imp_demo_generate(const struct imp_demo_options *opt, struct imp_demo_result *res,
                              struct err *e)
{
    memset(res, 0, sizeof *res);
    if (opt->months < 1 || opt->months > 120)
        return err_set(e, ST_USAGE, "months must be 1..120, got %d", opt->months);
    if (opt->metric_weeks < 0 || opt->metric_weeks > 52)
        return err_set(e, ST_USAGE, "metric weeks must be 0..52, got %d", opt->metric_weeks);
    enum status st = make_dirs(opt->out_dir, e);
    if (st != ST_OK)
        return st;

    struct city c = {0};
    c.seed = opt->seed;
    c.upfront = opt->upfront;
    int first_month = opt->end_month - opt->months + 1;
    c.first_day = month_first_day(first_month);
    c.last_day = month_first_day(opt->end_month + 1) - 1;
    c.price_change_day = month_first_day(first_month + opt->months / 2);
    imp_demo_anomaly_days(opt, c.plant);
    /* metrics hours are JST days up to the day after the end month */
    int32_t metrics_from = month_first_day(opt->end_month + 1) - 7 * opt->metric_weeks;
    int32_t fy_end = fy_last_day(opt->end_month);
    int64_t fy_sum[NDEPTS + 1] = {0};
    if ((st = city_days_off(&c, metrics_from < c.first_day ? metrics_from : c.first_day,
                            days_off_end(opt->end_month), e)) != ST_OK)
        goto out;
    if ((st = add_planted(&c, e)) != ST_OK || (st = add_hub(&c, e)) != ST_OK ||
        (st = add_systems(&c, opt->end_month, e)) != ST_OK ||
        (st = plant_sqlpool(&c, e)) != ST_OK || (st = add_planted_net(&c, e)) != ST_OK)
        goto out;
    plant_paas(&c);
    plant_storage(&c);

    for (int mi = first_month; mi <= opt->end_month && st == ST_OK; mi++) {
        struct out_file act = {0}, amo = {0};
        st = open_month(&act, opt->out_dir, "Actual", mi, res, e);
        act.sum = fy_sum;
        act.sum_from = month_first_day(fiscal_year_first_month(fiscal_year_of(fy_end, 4), 4));
        if (st == ST_OK && opt->amortized)
            st = open_month(&amo, opt->out_dir, "Amortized", mi, res, e);
        int32_t d0 = month_first_day(mi);
        for (int32_t day = d0; st == ST_OK && day < d0 + month_days(mi); day++)
            for (int i = 0; st == ST_OK && i < c.n; i++)
                st = write_day(&c, &c.v[i], day, &act, opt->amortized ? &amo : NULL, e);
        enum status s1 = close_month(&act, res, e), s2 = close_month(&amo, res, e);
        if (st == ST_OK)
            st = s1 != ST_OK ? s1 : s2;
    }
    res->nactual_files = opt->amortized ? res->ncost_files / 2 : res->ncost_files;
    if (st == ST_OK && opt->amortized) {
        /* import order: all actual months, then all amortized months */
        char **tmp = malloc(res->ncost_files * sizeof *tmp);
        if (!tmp) {
            st = err_set(e, ST_NOMEM, "out of memory");
            goto out;
        }
        size_t k = 0;
        for (size_t i = 0; i < res->ncost_files; i += 2)
            tmp[k++] = res->cost_files[i];
        for (size_t i = 1; i < res->ncost_files; i += 2)
            tmp[k++] = res->cost_files[i];
        memcpy(res->cost_files, tmp, res->ncost_files * sizeof *tmp);
        free(tmp);
    }
    if (st != ST_OK)
        goto out;
    if ((st = write_rules_prices(opt, &c, res, e)) != ST_OK)
        goto out;
    if ((st = demo_metrics(opt, &c, res, e)) != ST_OK ||
        (st = approp_file(opt, &c, fy_sum, res, e)) != ST_OK)
        goto out;
    for (int i = 0; i < c.n; i++) {
        res->resources++;
        res->vms += c.v[i].kind == K_VM;
    }
out:
    free(c.v);
    free(c.off);
    return st;
}

void imp_demo_result_release(struct imp_demo_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->ncost_files; i++)
        free(res->cost_files[i]);
    free(res->cost_files);
    free(res->rules_file);
    free(res->prices_file);
    free(res->metrics_file);
    free(res->approp_file);
    memset(res, 0, sizeof *res);
}
