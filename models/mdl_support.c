/*
 * mdl_support.c - the support-life table and its matching (see mdl_support.h).
 *
 * VM size series: Microsoft Learn, "VM size series retirements, capacity
 * growth restrictions, and modernization guidance"
 * (https://learn.microsoft.com/azure/virtual-machines/sizes/retirement/retired-sizes-list,
 * ms.date 2026-09-24) for the dates, and "Retired VM Sizes Migration Guide"
 * (.../sizes/retirement/retired-sizes-modernization-guide, ms.date 2026-01-30)
 * for the replacements; Basic and Standard A (Av1): "Av1-series retirement"
 * (https://learn.microsoft.com/azure/virtual-machines/av1-series-retirement)
 * with the date 2024-08-31 as Microsoft's Azure HDInsight release notes of
 * 2024-01-10 give it; NCv3: "NCv3 and NC6s NC12s NC24s Retirement"
 * (https://learn.microsoft.com/azure/virtual-machines/ncv3-nc6s-nc12s-nc24s-retirement).
 * All read 2026-12-06 from the stored MicrosoftDocs/azure-docs sources.
 * OS and SQL Server: Microsoft's lifecycle pages (docs/rightsize.md, "Support
 * life", says which were re-read). The table in docs/rightsize.md lists every
 * row with its source; tests/unit/test_support.c pins them.
 */
#include "mdl_support.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "date.h"

#define SRC_VM_LIST "learn.microsoft.com/azure/virtual-machines/sizes/retirement/retired-sizes-list"
#define SRC_VM_GUIDE                                                                               \
    "learn.microsoft.com/azure/virtual-machines/sizes/retirement/retired-sizes-modernization-guide"
#define SRC_AV1  "learn.microsoft.com/azure/virtual-machines/av1-series-retirement"
#define SRC_NCV3 "learn.microsoft.com/azure/virtual-machines/ncv3-nc6s-nc12s-nc24s-retirement"
#define SRC_SQL                                                                                    \
    "learn.microsoft.com/sql/sql-server/end-of-support/sql-server-end-of-support-overview"
#define SRC_WS "learn.microsoft.com/lifecycle/products/ (Windows Server)"

#define REPL_D   "Dsv5/Ddsv5/Dasv5/Dadsv5 or Dsv6/Ddsv6/Dasv6/Dadsv6"
#define REPL_E   "Esv5/Edsv5/Easv5/Eadsv5 or Esv6/Edsv6/Easv6/Eadsv6"
#define REPL_F   "Dlsv6/Dldsv6/Dalsv6/Daldsv6, Falsv6 or Dlsv5/Dsv5"
#define REPL_L   "Lsv3/Lasv3 or Lsv4/Lasv4"
#define REPL_SQL "a supported SQL Server (2022) or Azure SQL"

enum {
    S_BASIC_A = 0,
    S_AV1,
    S_AV2,
    S_AMV2,
    S_BV1,
    S_D,
    S_DS,
    S_DV2,
    S_DSV2,
    S_DV3,
    S_DSV3,
    S_EV3,
    S_ESV3,
    S_F,
    S_FS,
    S_FSV2,
    S_G,
    S_GS,
    S_LS,
    S_LSV2,
    S_HBV2,
    S_NP,
    S_NCV3,
    S_VM_COUNT
};

static const struct support_entry table[] = {
    [S_BASIC_A] = {SUPPORT_VM_SERIES, "Basic A-series", "2024-08-31", "retired",
                   "Av2-series (itself retiring 2028-11-15), or Bsv2/Dsv5", SRC_AV1},
    [S_AV1] = {SUPPORT_VM_SERIES, "Standard A-series (Av1)", "2024-08-31", "retired",
               "Av2-series (itself retiring 2028-11-15), or Bsv2/Dsv5", SRC_AV1},
    [S_AV2] = {SUPPORT_VM_SERIES, "Av2-series", "2028-11-15", "retirement announced",
               "Bsv2/Basv2, Dsv5/Dasv5, Esv5/Easv5 or Dsv6/Esv6", SRC_VM_LIST},
    [S_AMV2] = {SUPPORT_VM_SERIES, "Amv2-series", "2028-11-15", "retirement announced",
                "Bsv2/Basv2, Dsv5/Dasv5, Esv5/Easv5 or Dsv6/Esv6", SRC_VM_LIST},
    [S_BV1] = {SUPPORT_VM_SERIES, "B-series (v1)", "2028-11-15", "retirement announced",
               "Bsv2/Basv2, Dlsv5/Dalsv5 or Dlsv6/Dalsv6", SRC_VM_LIST},
    [S_D] = {SUPPORT_VM_SERIES, "D-series", "2028-05-01", "retirement announced", REPL_D,
             SRC_VM_LIST},
    [S_DS] = {SUPPORT_VM_SERIES, "Ds-series", "2028-05-01", "retirement announced", REPL_D,
              SRC_VM_LIST},
    [S_DV2] = {SUPPORT_VM_SERIES, "Dv2-series", "2028-05-01", "retirement announced", REPL_D,
               SRC_VM_LIST},
    [S_DSV2] = {SUPPORT_VM_SERIES, "Dsv2-series", "2028-05-01", "retirement announced", REPL_D,
                SRC_VM_LIST},
    [S_DV3] = {SUPPORT_VM_SERIES, "Dv3-series", "2029-11-15", "retirement announced", REPL_D,
               SRC_VM_LIST},
    [S_DSV3] = {SUPPORT_VM_SERIES, "Dsv3-series", "2029-11-15", "retirement announced", REPL_D,
                SRC_VM_LIST},
    [S_EV3] = {SUPPORT_VM_SERIES, "Ev3-series", "2029-11-15", "retirement announced", REPL_E,
               SRC_VM_LIST},
    [S_ESV3] = {SUPPORT_VM_SERIES, "Esv3-series", "2029-11-15", "retirement announced", REPL_E,
                SRC_VM_LIST},
    [S_F] = {SUPPORT_VM_SERIES, "F-series", "2028-11-15", "retirement announced", REPL_F,
             SRC_VM_LIST},
    [S_FS] = {SUPPORT_VM_SERIES, "Fs-series", "2028-11-15", "retirement announced", REPL_F,
              SRC_VM_LIST},
    [S_FSV2] = {SUPPORT_VM_SERIES, "Fsv2-series", "2028-11-15", "retirement announced", REPL_F,
                SRC_VM_LIST},
    [S_G] = {SUPPORT_VM_SERIES, "G-series", "2028-11-15", "retirement announced", REPL_L,
             SRC_VM_LIST},
    [S_GS] = {SUPPORT_VM_SERIES, "Gs-series", "2028-11-15", "retirement announced", REPL_L,
              SRC_VM_LIST},
    [S_LS] = {SUPPORT_VM_SERIES, "Ls-series", "2028-05-01", "retirement announced", REPL_L,
              SRC_VM_LIST},
    [S_LSV2] = {SUPPORT_VM_SERIES, "Lsv2-series", "2028-11-15", "retirement announced",
                "Lsv3/Lasv3 or Lasv4", SRC_VM_LIST},
    [S_HBV2] = {SUPPORT_VM_SERIES, "HBv2-series", "2027-05-31", "retirement announced",
                "HBv5, HX, HBv4 or HBv3", SRC_VM_LIST},
    [S_NP] = {SUPPORT_VM_SERIES, "NP-series", "2027-05-31", "retirement announced",
              "NDv2, NCads_H100_v5 or NCasT4_v3", SRC_VM_LIST},
    [S_NCV3] = {SUPPORT_VM_SERIES, "NCv3-series", "2025-09-30", "retired", "NC A100 v4-series",
                SRC_NCV3},
    /* operating systems and SQL Server: end of extended support */
    {SUPPORT_OS, "Windows Server 2012 / 2012 R2", "2023-10-10", "end of support",
     "Windows Server 2022 or 2025 (Extended Security Updates on Azure until 2026-10-13)", SRC_WS},
    {SUPPORT_OS, "Windows Server 2016", "2027-01-12", "end of support",
     "Windows Server 2022 or 2025", SRC_WS},
    {SUPPORT_OS, "Windows Server 2019", "2029-01-09", "end of support",
     "Windows Server 2022 or 2025", SRC_WS},
    {SUPPORT_SQL, "SQL Server 2012", "2022-07-12", "end of support", REPL_SQL, SRC_SQL},
    {SUPPORT_SQL, "SQL Server 2014", "2024-07-09", "end of support", REPL_SQL, SRC_SQL},
    {SUPPORT_SQL, "SQL Server 2016", "2026-07-14", "end of support", REPL_SQL, SRC_SQL},
    {SUPPORT_SQL, "SQL Server 2017", "2027-10-12", "end of support", REPL_SQL, SRC_SQL},
    {SUPPORT_SQL, "SQL Server 2019", "2030-01-08", "end of support", REPL_SQL, SRC_SQL},
};

/* What a bill text must contain (lower case) for each OS/SQL row, in table order. */
static const char *const text_patterns[][2] = {
    {"windows server 2012", NULL}, {"windows server 2016", NULL}, {"windows server 2019", NULL},
    {"sql server 2012", NULL},     {"sql server 2014", NULL},     {"sql server 2016", NULL},
    {"sql server 2017", NULL},     {"sql server 2019", NULL},
};

const struct support_entry *mdl_support_all(size_t *n)
{
    *n = sizeof table / sizeof table[0];
    return table;
}

/* An ARM size split into its parts: "standard_e64-16s_v3" -> family "e",
 * vcpus 64, suffix "s", version 3. */
struct size_parts {
    char family[8]; /* leading letters, lower case */
    int vcpus;      /* the number after them */
    char suffix[8]; /* letters after the number (and a constrained "-N") */
    int version;    /* the N of "_vN", 0 without */
    int basic;      /* 1 for the "Basic_" tier */
};

/* name without its tier prefix; *basic = 1 for "Basic_". */
static const char *skip_tier(const char *name, int *basic)
{
    if (strncasecmp(name, "standard_", 9) == 0)
        return name + 9;
    if (strncasecmp(name, "basic_", 6) == 0) {
        *basic = 1;
        return name + 6;
    }
    return name;
}

/* Copy the lower-cased letters at *name into dst (cap bytes), advancing *name. */
static size_t take_letters(const char **name, char *dst, size_t cap)
{
    size_t k = 0;
    for (; isalpha((unsigned char)**name) && k + 1 < cap; (*name)++)
        dst[k++] = (char)tolower((unsigned char)**name);
    dst[k] = '\0';
    return k;
}

static int parse_size(const char *name, struct size_parts *p)
{
    memset(p, 0, sizeof *p);
    if (!name)
        return -1;
    name = skip_tier(name, &p->basic);
    if (!take_letters(&name, p->family, sizeof p->family) || !isdigit((unsigned char)*name))
        return -1;
    for (; isdigit((unsigned char)*name); name++)
        p->vcpus = p->vcpus * 10 + (*name - '0');
    if (*name == '-') /* constrained vCPU: E64-16s_v3 */
        name += 1 + strspn(name + 1, "0123456789");
    take_letters(&name, p->suffix, sizeof p->suffix);
    if (name[0] == '_' && (name[1] == 'v' || name[1] == 'V') && isdigit((unsigned char)name[2]))
        p->version = name[2] - '0';
    return 0;
}

static int series_general(const struct size_parts *p)
{
    int s = strchr(p->suffix, 's') != NULL;
    if (strcmp(p->family, "a") == 0) {
        if (p->version == 2)
            return strchr(p->suffix, 'm') ? S_AMV2 : S_AV2;
        return p->version == 0 && p->vcpus <= 7 ? S_AV1 : -1;
    }
    if (strcmp(p->family, "b") == 0)
        return p->version == 0 ? S_BV1 : -1;
    if (strcmp(p->family, "d") == 0 || strcmp(p->family, "ds") == 0) {
        int ds = strcmp(p->family, "ds") == 0;
        if (p->version == 0)
            return ds ? S_DS : S_D;
        if (p->version == 2)
            return ds ? S_DSV2 : S_DV2;
        if (p->version == 3 && !strchr(p->suffix, 'a'))
            return s ? S_DSV3 : S_DV3;
        return -1;
    }
    if (strcmp(p->family, "e") == 0 && p->version == 3 && !strchr(p->suffix, 'a'))
        return s ? S_ESV3 : S_EV3;
    return -2; /* not a general-purpose family: try the others */
}

static int series_other(const struct size_parts *p)
{
    int s = strchr(p->suffix, 's') != NULL;
    if (strcmp(p->family, "f") == 0) {
        if (p->version == 0)
            return s ? S_FS : S_F;
        return p->version == 2 ? S_FSV2 : -1;
    }
    if (strcmp(p->family, "g") == 0 || strcmp(p->family, "gs") == 0)
        return p->version == 0 ? (p->family[1] ? S_GS : S_G) : -1;
    if (strcmp(p->family, "l") == 0) {
        if (p->version == 0)
            return S_LS;
        return p->version == 2 ? S_LSV2 : -1;
    }
    if (strcmp(p->family, "hb") == 0)
        return p->version == 2 ? S_HBV2 : -1;
    if (strcmp(p->family, "np") == 0)
        return S_NP;
    if (strcmp(p->family, "nc") == 0 && p->version == 3 && p->vcpus <= 24)
        return S_NCV3;
    return -1;
}

const struct support_entry *mdl_support_vm_size(const char *arm_size)
{
    struct size_parts p;
    if (parse_size(arm_size, &p) != 0)
        return NULL;
    if (p.basic)
        return strcmp(p.family, "a") == 0 ? &table[S_BASIC_A] : NULL;
    int k = series_general(&p);
    if (k == -2)
        k = series_other(&p);
    return k >= 0 ? &table[k] : NULL;
}

const struct support_entry *mdl_support_text(const char *text)
{
    if (!text || !*text)
        return NULL;
    char low[512];
    size_t k = 0;
    for (; text[k] && k + 1 < sizeof low; k++)
        low[k] = (char)tolower((unsigned char)text[k]);
    low[k] = '\0';
    size_t npat = sizeof text_patterns / sizeof text_patterns[0];
    for (size_t i = 0; i < npat; i++)
        if (strstr(low, text_patterns[i][0]))
            return &table[S_VM_COUNT + i];
    return NULL;
}

int32_t mdl_support_days_left(const struct support_entry *s, int32_t day)
{
    int32_t end;
    if (date_parse(s->end_date, 10, &end) != 0)
        return 0;
    return end - day;
}
