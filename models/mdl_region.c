/*
 * mdl_region.c - the bundled Azure region table (see mdl_region.h).
 *
 * Source: Microsoft Learn, "Azure regions list"
 * (https://learn.microsoft.com/azure/reliability/regions-list, ms.date
 * 2025-03-21), read 2026-12-06 from the stored MicrosoftDocs/azure-docs
 * source: the "Physical location" and "Geography" columns. Where the
 * geography is a continent (East Asia and Southeast Asia: "Asia Pacific";
 * North and West Europe: "Europe") the country is the physical location
 * (Hong Kong SAR, Singapore, Ireland, the Netherlands). Austria East and
 * Indonesia Central were "coming soon" on that page (no location given).
 * Regions missing here (new ones, sovereign clouds) read as unknown and are
 * listed with an empty country, never treated as Japan.
 */
#include "mdl_region.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* ARM name, display name, physical location, country, country (ja), Japan */
static const struct region_info regions[] = {
    {"australiacentral", "Australia Central", "Canberra", "Australia", "オーストラリア", 0},
    {"australiacentral2", "Australia Central 2", "Canberra", "Australia", "オーストラリア", 0},
    {"australiaeast", "Australia East", "New South Wales", "Australia", "オーストラリア", 0},
    {"australiasoutheast", "Australia Southeast", "Victoria", "Australia", "オーストラリア", 0},
    {"austriaeast", "Austria East", "n/a (coming soon)", "Austria", "オーストリア", 0},
    {"brazilsouth", "Brazil South", "Sao Paulo State", "Brazil", "ブラジル", 0},
    {"brazilsoutheast", "Brazil Southeast", "Rio", "Brazil", "ブラジル", 0},
    {"canadacentral", "Canada Central", "Toronto", "Canada", "カナダ", 0},
    {"canadaeast", "Canada East", "Quebec", "Canada", "カナダ", 0},
    {"centralindia", "Central India", "Pune", "India", "インド", 0},
    {"centralus", "Central US", "Iowa", "United States", "米国", 0},
    {"eastasia", "East Asia", "Hong Kong", "Hong Kong SAR", "香港", 0},
    {"eastus", "East US", "Virginia", "United States", "米国", 0},
    {"eastus2", "East US 2", "Virginia", "United States", "米国", 0},
    {"francecentral", "France Central", "Paris", "France", "フランス", 0},
    {"francesouth", "France South", "Marseille", "France", "フランス", 0},
    {"germanynorth", "Germany North", "Berlin", "Germany", "ドイツ", 0},
    {"germanywestcentral", "Germany West Central", "Frankfurt", "Germany", "ドイツ", 0},
    {"indonesiacentral", "Indonesia Central", "n/a (coming soon)", "Indonesia", "インドネシア", 0},
    {"israelcentral", "Israel Central", "Israel", "Israel", "イスラエル", 0},
    {"italynorth", "Italy North", "Milan", "Italy", "イタリア", 0},
    {"japaneast", "Japan East", "Tokyo, Saitama", "Japan", "日本", 1},
    {"japanwest", "Japan West", "Osaka", "Japan", "日本", 1},
    {"koreacentral", "Korea Central", "Seoul", "Korea", "韓国", 0},
    {"koreasouth", "Korea South", "Busan", "Korea", "韓国", 0},
    {"mexicocentral", "Mexico Central", "Queretaro State", "Mexico", "メキシコ", 0},
    {"newzealandnorth", "New Zealand North", "Auckland", "New Zealand", "ニュージーランド", 0},
    {"northcentralus", "North Central US", "Illinois", "United States", "米国", 0},
    {"northeurope", "North Europe", "Ireland", "Ireland", "アイルランド", 0},
    {"norwayeast", "Norway East", "Norway", "Norway", "ノルウェー", 0},
    {"norwaywest", "Norway West", "Norway", "Norway", "ノルウェー", 0},
    {"polandcentral", "Poland Central", "Warsaw", "Poland", "ポーランド", 0},
    {"qatarcentral", "Qatar Central", "Doha", "Qatar", "カタール", 0},
    {"southafricanorth", "South Africa North", "Johannesburg", "South Africa", "南アフリカ", 0},
    {"southafricawest", "South Africa West", "Cape Town", "South Africa", "南アフリカ", 0},
    {"southcentralus", "South Central US", "Texas", "United States", "米国", 0},
    {"southindia", "South India", "Chennai", "India", "インド", 0},
    {"southeastasia", "Southeast Asia", "Singapore", "Singapore", "シンガポール", 0},
    {"spaincentral", "Spain Central", "Madrid", "Spain", "スペイン", 0},
    {"swedencentral", "Sweden Central", "Gavle", "Sweden", "スウェーデン", 0},
    {"switzerlandnorth", "Switzerland North", "Zurich", "Switzerland", "スイス", 0},
    {"switzerlandwest", "Switzerland West", "Geneva", "Switzerland", "スイス", 0},
    {"uaecentral", "UAE Central", "Abu Dhabi", "United Arab Emirates", "アラブ首長国連邦", 0},
    {"uaenorth", "UAE North", "Dubai", "United Arab Emirates", "アラブ首長国連邦", 0},
    {"uksouth", "UK South", "London", "United Kingdom", "英国", 0},
    {"ukwest", "UK West", "Cardiff", "United Kingdom", "英国", 0},
    {"westcentralus", "West Central US", "Wyoming", "United States", "米国", 0},
    {"westeurope", "West Europe", "Netherlands", "Netherlands", "オランダ", 0},
    {"westindia", "West India", "Mumbai", "India", "インド", 0},
    {"westus", "West US", "California", "United States", "米国", 0},
    {"westus2", "West US 2", "Washington", "United States", "米国", 0},
    {"westus3", "West US 3", "Phoenix", "United States", "米国", 0},
};

const struct region_info *mdl_region_all(size_t *n)
{
    *n = sizeof regions / sizeof regions[0];
    return regions;
}

void mdl_region_normalize(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; in && in[i] && k + 1 < cap; i++)
        if (!isspace((unsigned char)in[i]))
            out[k++] = (char)tolower((unsigned char)in[i]);
    if (cap)
        out[k < cap ? k : cap - 1] = '\0';
    /* the EA MeterRegion spelling of the two Japanese regions */
    if (cap > 10 && strcmp(out, "jaeast") == 0)
        snprintf(out, cap, "japaneast");
    else if (cap > 10 && strcmp(out, "jawest") == 0)
        snprintf(out, cap, "japanwest");
}

const struct region_info *mdl_region_find(const char *name)
{
    char key[64];
    mdl_region_normalize(name, key, sizeof key);
    size_t n;
    const struct region_info *all = mdl_region_all(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i].name, key) == 0)
            return &all[i];
    return NULL;
}

int mdl_region_in_japan(const char *name)
{
    const struct region_info *r = mdl_region_find(name);
    return r && r->japan;
}
