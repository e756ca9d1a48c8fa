/*
 * scenario.h - the what-if scenario: alternatives made of cost items over a
 * horizon of fiscal years, plus the Oracle Database licensing spec.
 *
 * A shared domain type: importers/imp_scenario.c fills it from a YAML file,
 * engine/jobs/job_whatif.c completes store references, models/mdl_whatif.c
 * and models/mdl_oracle.c compute from it. It lives in the core so that no
 * layer needs another's header. Amounts here are unit prices (doubles, as
 * written in the file); the model rounds every item-year to whole currency
 * units and sums those exactly as int64.
 *
 * Ownership: every string in a scenario is malloc'd and owned by it;
 * scenario_release() frees them all.
 */
#ifndef YOSAN_SCENARIO_H
#define YOSAN_SCENARIO_H

#include <stddef.h>

/* ---- Oracle Database licensing ---- */

enum ora_edition { ORA_EE = 0, ORA_SE2 = 1 };
enum ora_platform { ORA_ONPREM = 0, ORA_AZURE = 1, ORA_OCI = 2 };
enum ora_metric { ORA_PROCESSOR = 0, ORA_NUP = 1 };
enum ora_licensing {
    ORA_LIC_PURCHASE = 0, /* buy the licences in the start year, then pay support */
    ORA_LIC_BYOL = 1,     /* licences already owned: support only (plus any shortfall) */
    ORA_LIC_INCLUDED = 2, /* licence-included hourly price (e.g. OCI) */
};
/* Options, a bit mask (EE only). */
enum ora_option {
    ORA_OPT_RAC = 1 << 0,
    ORA_OPT_PARTITIONING = 1 << 1,
    ORA_OPT_DIAGNOSTICS = 1 << 2,
    ORA_OPT_TUNING = 1 << 3,
};
#define ORA_OPT_COUNT 4

/* On-premises servers for SE2, in groups of identical servers. SE2 may only
 * run on servers whose maximum socket capacity is 2 (docs/oracle.md), so the
 * capacity is kept apart from the sockets actually occupied. */
#define ORA_MAX_SERVER_GROUPS 16
struct ora_server_group {
    int capacity; /* sockets the server can hold (its maximum capacity) */
    int occupied; /* sockets with a processor in them (1..capacity) */
    int count;    /* identical servers in the group (>= 1) */
};

/* What licence counting needs. Unused fields are 0. */
struct oracle_spec {
    enum ora_edition edition;   /* EE or SE2 */
    enum ora_platform platform; /* where the database runs */
    enum ora_metric metric;     /* Processor or Named User Plus */
    int cores;                  /* on-premises: physical cores in total (all servers) */
    double core_factor;         /* on-premises EE: from the core factor table (x86 0.5) */
    int sockets;                /* on-premises SE2: occupied sockets in total (information;
                                   the count uses server_groups) */
    struct ora_server_group server_groups[ORA_MAX_SERVER_GROUPS]; /* on-premises SE2 servers */
    int nserver_groups; /* groups used in server_groups[] */
    int servers;        /* servers or cloud instances (>= 1), for SE2 limits/minimums */
    int vcpus;          /* cloud: vCPUs per instance */
    int ht;             /* cloud: 1 = hyper-threading (SMT) enabled */
    int users;          /* NUP: named users (0 = minimum only) */
    unsigned options;   /* enum ora_option bits */
};

/* Oracle core factor for a CPU family ("intel", "amd", "x86", "power",
 * "sparc", "other"; case-insensitive): x86 0.5, POWER 1.0, SPARC 0.5, other
 * 1.0. Returns -1 when the name is unknown. */
double scn_oracle_core_factor(const char *cpu);
/* Option names "rac", "partitioning", "diagnostics", "tuning": the bit for a
 * name (0 when unknown), and the name of bit index i < ORA_OPT_COUNT. */
unsigned scn_oracle_option_from_name(const char *name);
const char *scn_oracle_option_name(int i);

/* ---- scenario ---- */

enum scn_kind {
    SCN_SERVER = 0, /* on-premises server: purchase/lease, maintenance */
    SCN_RECURRING,  /* any cost per month / per year (space, power, licences, storage, ...) */
    SCN_LABOUR,     /* hours per month x rate */
    SCN_VM,         /* Azure IaaS virtual machine */
    SCN_PAAS,       /* Azure PaaS: PostgreSQL flexible server, SQL Database, App Service */
    SCN_ORACLE,     /* Oracle Database licences and support */
    SCN_ONE_OFF,    /* a single payment in one year (migration, purchase) */
    SCN_STORE,      /* current Azure spend read from the cost store */
    SCN_KIND_COUNT
};

enum scn_category {
    SCN_CAT_HARDWARE = 0,   /* server purchase (or its amortisation) and leases */
    SCN_CAT_MAINTENANCE,    /* hardware maintenance contracts */
    SCN_CAT_FACILITY,       /* data-centre space, power, cooling */
    SCN_CAT_SOFTWARE,       /* OS and virtualisation licences, other software */
    SCN_CAT_ORACLE_LICENCE, /* Oracle licence purchases (one-off) or licence-included fees */
    SCN_CAT_ORACLE_SUPPORT, /* Oracle annual support */
    SCN_CAT_COMPUTE,        /* Azure VMs */
    SCN_CAT_PAAS,           /* Azure PaaS services */
    SCN_CAT_STORAGE,        /* storage and disks */
    SCN_CAT_BACKUP,         /* backup */
    SCN_CAT_NETWORK,        /* network, egress */
    SCN_CAT_LABOUR,         /* operations labour */
    SCN_CAT_MIGRATION,      /* one-off migration projects */
    SCN_CAT_CLOUD,          /* current Azure spend from the store */
    SCN_CAT_OTHER,          /* anything else */
    SCN_CAT_COUNT
};

enum scn_currency { SCN_JPY = 0, SCN_USD = 1 };

/* Measured savings a store item can subtract from the current spend. */
enum scn_apply { SCN_APPLY_RIGHTSIZE = 1 << 0, SCN_APPLY_SCHEDULE = 1 << 1 };

struct scn_item {
    enum scn_kind kind;         /* what it is */
    char *name;                 /* label (owned); never NULL after parsing */
    int line;                   /* line of the item in the scenario file (1-based) */
    enum scn_category category; /* where its (main) cost is reported */
    enum scn_currency currency; /* currency of every amount in the item */
    int start_year;             /* first horizon year it costs (1-based) */
    int end_year;               /* last horizon year (inclusive); 0 = end of horizon */
    double escalation;          /* yearly price escalation; NAN = the scenario's */
    double count;               /* units (servers, VMs, instances, packs); default 1 */

    /* SCN_RECURRING: (per_month * 12 + per_year) * quantity * count */
    double per_month; /* amount per month */
    double per_year;  /* amount per year */
    double quantity;  /* e.g. GB, licences; default 1 */

    /* SCN_SERVER */
    int sockets;            /* sockets per server */
    int cores_per_socket;   /* physical cores per socket */
    char *cpu;              /* vendor / family: intel, amd, power, sparc, other (owned) */
    double purchase_price;  /* per server; 0 = none */
    int amortisation_years; /* purchase spread over this many years; 0 = paid in start year */
    double lease_per_month; /* per server; 0 = none */
    int lease_years;        /* lease term from start_year */
    double maintenance_pct; /* annual maintenance as a fraction of purchase_price */

    /* SCN_LABOUR, SCN_VM, SCN_PAAS */
    double hours_per_month; /* labour hours, or running hours (730 = always on) */
    double rate_per_hour;   /* SCN_LABOUR: cost per hour */

    /* SCN_VM */
    char *size;                  /* ARM size, e.g. Standard_D4s_v5 (owned) */
    int vcpus;                   /* vCPUs of the size (from the built-in table) */
    char *schedule;              /* stop schedule text as written, or NULL (owned) */
    double price_per_hour;       /* VM / PaaS instance price per hour */
    int reservation_years;       /* 0 = pay-as-you-go, 1 or 3 = reserved (billed 730 h) */
    double reservation_discount; /* fraction off pay-as-you-go when reserved */
    int price_from_store;        /* SCN_VM without price_per_hour: job_whatif fills it (and
                                    the reservation discount when none is given) from the
                                    imported Azure retail prices */
    int discount_from_store;     /* 1 when reservation_discount is to come from the store */
    char *region;                /* SCN_VM: ARM region for price lookups (owned) */

    /* SCN_PAAS */
    char *service;               /* postgresql-flexible, sql-database, app-service (owned) */
    char *tier;                  /* e.g. GeneralPurpose (owned, may be NULL) */
    double vcores;               /* vCores per instance (0 for App Service plans) */
    double price_per_vcore_hour; /* added to price_per_hour per vCore */

    /* SCN_ORACLE */
    struct oracle_spec oracle;      /* counting inputs */
    enum ora_licensing licensing;   /* purchase, byol, included */
    int owned;                      /* BYOL: licences owned (metric units); -1 = enough */
    double licence_price;           /* per licence unit incl. options; < 0 = list price (USD) */
    double discount;                /* fraction off the licence list price */
    double support_pct;             /* annual support as a fraction of the net licence */
    double included_price_per_hour; /* licence-included: per processor licence per hour */

    /* SCN_ONE_OFF */
    double amount; /* paid once in start_year */

    /* SCN_STORE */
    char *subscription;     /* subscription name, or NULL (owned) */
    char *department;       /* department (局) name, or NULL (owned) */
    int store_all;          /* 1 = the whole store (every subscription) */
    unsigned apply;         /* SCN_APPLY_* bits: measured savings to subtract */
    double savings_pct;     /* fraction saved (right-sizing, schedules) */
    int months;             /* trailing months averaged; default 3 */
    double monthly_cost;    /* filled by job_whatif from the store (scenario currency) */
    int monthly_cost_known; /* 1 once monthly_cost is filled */
};

struct scn_alternative {
    char *name;             /* short name (owned) */
    char *label;            /* longer description, may be NULL (owned) */
    int line;               /* line in the file */
    struct scn_item *items; /* nitems items (owned array) */
    size_t nitems;          /* items */
};

struct scenario {
    char *path;                   /* file it came from (owned) */
    char *name;                   /* title (owned) */
    int start_fy;                 /* first fiscal year of the horizon */
    int years;                    /* horizon in years (1..50) */
    int fy_start_month;           /* 1..12, default 4 */
    enum scn_currency currency;   /* reporting currency, default JPY */
    double usd_jpy;               /* yen per US dollar; 0 = not given */
    double escalation;            /* yearly price escalation, default 0 */
    double discount_rate;         /* for NPV, default 0 */
    size_t baseline;              /* index of the baseline alternative */
    struct scn_alternative *alts; /* nalts alternatives (owned array) */
    size_t nalts;                 /* alternatives (>= 1) */
};

/* Free everything the scenario owns and zero it. Safe on a zeroed struct. */
void scenario_release(struct scenario *s);

/* Names for messages and output (static storage). */
const char *scn_category_name(enum scn_category c);
/* Look a category up by name; returns -1 when unknown. */
int scn_category_from_name(const char *name);

/* ---- built-in Azure VM sizes ---- */

struct azure_vm_size {
    const char *name; /* ARM size, e.g. "Standard_D4s_v5" */
    int vcpus;        /* vCPUs */
    double memory_gb; /* memory */
};

/* Look a size up (case-insensitive, "Standard_" prefix optional). NULL when unknown. */
const struct azure_vm_size *azure_vm_size_find(const char *name);
/* The whole table, for did-you-mean suggestions. */
const struct azure_vm_size *azure_vm_sizes(size_t *n);

#endif
