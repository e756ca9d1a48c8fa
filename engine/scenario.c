/*
 * scenario.c - what-if scenario lifetime, category names, and the built-in
 * Azure VM size table (vCPUs and memory; prices come from the scenario file).
 *
 * The size table holds stable catalogue facts only (vCPUs, memory in GiB,
 * from the Azure VM size documentation): the importer uses it to reject
 * unknown sizes and Oracle counting uses the vCPUs. Constrained-vCPU sizes
 * (E16-4ds_v5: 4 active vCPUs) matter for Oracle, which counts active vCPUs.
 */
#include "scenario.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void item_release(struct scn_item *it)
{
    free(it->name);
    free(it->cpu);
    free(it->size);
    free(it->region);
    free(it->schedule);
    free(it->service);
    free(it->tier);
    free(it->subscription);
    free(it->department);
}

void scenario_release(struct scenario *s)
{
    for (size_t a = 0; a < s->nalts; a++) {
        struct scn_alternative *alt = &s->alts[a];
        for (size_t i = 0; i < alt->nitems; i++)
            item_release(&alt->items[i]);
        free(alt->items);
        free(alt->name);
        free(alt->label);
    }
    free(s->alts);
    free(s->path);
    free(s->name);
    memset(s, 0, sizeof *s);
}

static const char *const category_names[SCN_CAT_COUNT] = {
    "hardware",       "maintenance", "facility",  "software", "oracle_licence",
    "oracle_support", "compute",     "paas",      "storage",  "backup",
    "network",        "labour",      "migration", "cloud",    "other",
};

const char *scn_category_name(enum scn_category c)
{
    return (unsigned)c < SCN_CAT_COUNT ? category_names[c] : "?";
}

int scn_category_from_name(const char *name)
{
    for (int c = 0; c < SCN_CAT_COUNT; c++)
        if (strcmp(name, category_names[c]) == 0)
            return c;
    return -1;
}

static const struct {
    const char *cpu;
    double factor;
} core_factors[] = {
    {"intel", 0.5}, {"amd", 0.5}, {"x86", 0.5}, {"power", 1.0}, {"sparc", 0.5}, {"other", 1.0},
};

double scn_oracle_core_factor(const char *cpu)
{
    for (size_t i = 0; i < sizeof core_factors / sizeof core_factors[0]; i++)
        if (strcasecmp(core_factors[i].cpu, cpu) == 0)
            return core_factors[i].factor;
    return -1;
}

static const char *const option_names[ORA_OPT_COUNT] = {"rac", "partitioning", "diagnostics",
                                                        "tuning"};

unsigned scn_oracle_option_from_name(const char *name)
{
    for (int i = 0; i < ORA_OPT_COUNT; i++)
        if (strcasecmp(option_names[i], name) == 0)
            return 1U << i;
    return 0;
}

const char *scn_oracle_option_name(int i)
{
    return i >= 0 && i < ORA_OPT_COUNT ? option_names[i] : "?";
}

/* vCPUs and memory (GiB) from the Azure VM size documentation. */
static const struct azure_vm_size vm_sizes[] = {
    {"Standard_B1s", 1, 1},           {"Standard_B1ms", 1, 2},
    {"Standard_B2s", 2, 4},           {"Standard_B2ms", 2, 8},
    {"Standard_B4ms", 4, 16},         {"Standard_B8ms", 8, 32},
    {"Standard_B12ms", 12, 48},       {"Standard_B16ms", 16, 64},
    {"Standard_D2_v5", 2, 8},         {"Standard_D4_v5", 4, 16},
    {"Standard_D8_v5", 8, 32},        {"Standard_D16_v5", 16, 64},
    {"Standard_D32_v5", 32, 128},     {"Standard_D48_v5", 48, 192},
    {"Standard_D64_v5", 64, 256},     {"Standard_D2s_v5", 2, 8},
    {"Standard_D4s_v5", 4, 16},       {"Standard_D8s_v5", 8, 32},
    {"Standard_D16s_v5", 16, 64},     {"Standard_D32s_v5", 32, 128},
    {"Standard_D48s_v5", 48, 192},    {"Standard_D64s_v5", 64, 256},
    {"Standard_D2ds_v5", 2, 8},       {"Standard_D4ds_v5", 4, 16},
    {"Standard_D8ds_v5", 8, 32},      {"Standard_D16ds_v5", 16, 64},
    {"Standard_D32ds_v5", 32, 128},   {"Standard_D48ds_v5", 48, 192},
    {"Standard_D64ds_v5", 64, 256},   {"Standard_D2as_v5", 2, 8},
    {"Standard_D4as_v5", 4, 16},      {"Standard_D8as_v5", 8, 32},
    {"Standard_D16as_v5", 16, 64},    {"Standard_D32as_v5", 32, 128},
    {"Standard_D48as_v5", 48, 192},   {"Standard_D64as_v5", 64, 256},
    {"Standard_D2ads_v5", 2, 8},      {"Standard_D4ads_v5", 4, 16},
    {"Standard_D8ads_v5", 8, 32},     {"Standard_D16ads_v5", 16, 64},
    {"Standard_D32ads_v5", 32, 128},  {"Standard_D48ads_v5", 48, 192},
    {"Standard_D64ads_v5", 64, 256},  {"Standard_D2s_v4", 2, 8},
    {"Standard_D4s_v4", 4, 16},       {"Standard_D8s_v4", 8, 32},
    {"Standard_D16s_v4", 16, 64},     {"Standard_D32s_v4", 32, 128},
    {"Standard_D48s_v4", 48, 192},    {"Standard_D64s_v4", 64, 256},
    {"Standard_D2ds_v4", 2, 8},       {"Standard_D4ds_v4", 4, 16},
    {"Standard_D8ds_v4", 8, 32},      {"Standard_D16ds_v4", 16, 64},
    {"Standard_D32ds_v4", 32, 128},   {"Standard_D48ds_v4", 48, 192},
    {"Standard_D64ds_v4", 64, 256},   {"Standard_D2_v3", 2, 8},
    {"Standard_D4_v3", 4, 16},        {"Standard_D8_v3", 8, 32},
    {"Standard_D16_v3", 16, 64},      {"Standard_D32_v3", 32, 128},
    {"Standard_D48_v3", 48, 192},     {"Standard_D64_v3", 64, 256},
    {"Standard_D2s_v3", 2, 8},        {"Standard_D4s_v3", 4, 16},
    {"Standard_D8s_v3", 8, 32},       {"Standard_D16s_v3", 16, 64},
    {"Standard_D32s_v3", 32, 128},    {"Standard_D48s_v3", 48, 192},
    {"Standard_D64s_v3", 64, 256},    {"Standard_E2s_v5", 2, 16},
    {"Standard_E4s_v5", 4, 32},       {"Standard_E8s_v5", 8, 64},
    {"Standard_E16s_v5", 16, 128},    {"Standard_E20s_v5", 20, 160},
    {"Standard_E32s_v5", 32, 256},    {"Standard_E48s_v5", 48, 384},
    {"Standard_E64s_v5", 64, 512},    {"Standard_E2ds_v5", 2, 16},
    {"Standard_E4ds_v5", 4, 32},      {"Standard_E8ds_v5", 8, 64},
    {"Standard_E16ds_v5", 16, 128},   {"Standard_E20ds_v5", 20, 160},
    {"Standard_E32ds_v5", 32, 256},   {"Standard_E48ds_v5", 48, 384},
    {"Standard_E64ds_v5", 64, 512},   {"Standard_E2as_v5", 2, 16},
    {"Standard_E4as_v5", 4, 32},      {"Standard_E8as_v5", 8, 64},
    {"Standard_E16as_v5", 16, 128},   {"Standard_E20as_v5", 20, 160},
    {"Standard_E32as_v5", 32, 256},   {"Standard_E48as_v5", 48, 384},
    {"Standard_E64as_v5", 64, 512},   {"Standard_E2ads_v5", 2, 16},
    {"Standard_E4ads_v5", 4, 32},     {"Standard_E8ads_v5", 8, 64},
    {"Standard_E16ads_v5", 16, 128},  {"Standard_E20ads_v5", 20, 160},
    {"Standard_E32ads_v5", 32, 256},  {"Standard_E48ads_v5", 48, 384},
    {"Standard_E64ads_v5", 64, 512},  {"Standard_E2s_v4", 2, 16},
    {"Standard_E4s_v4", 4, 32},       {"Standard_E8s_v4", 8, 64},
    {"Standard_E16s_v4", 16, 128},    {"Standard_E20s_v4", 20, 160},
    {"Standard_E32s_v4", 32, 256},    {"Standard_E48s_v4", 48, 384},
    {"Standard_E64s_v4", 64, 512},    {"Standard_E2ds_v4", 2, 16},
    {"Standard_E4ds_v4", 4, 32},      {"Standard_E8ds_v4", 8, 64},
    {"Standard_E16ds_v4", 16, 128},   {"Standard_E20ds_v4", 20, 160},
    {"Standard_E32ds_v4", 32, 256},   {"Standard_E48ds_v4", 48, 384},
    {"Standard_E64ds_v4", 64, 512},   {"Standard_E2s_v3", 2, 16},
    {"Standard_E4s_v3", 4, 32},       {"Standard_E8s_v3", 8, 64},
    {"Standard_E16s_v3", 16, 128},    {"Standard_E20s_v3", 20, 160},
    {"Standard_E32s_v3", 32, 256},    {"Standard_E48s_v3", 48, 384},
    {"Standard_E64s_v3", 64, 512},    {"Standard_E2_v3", 2, 16},
    {"Standard_E4_v3", 4, 32},        {"Standard_E8_v3", 8, 64},
    {"Standard_E16_v3", 16, 128},     {"Standard_E20_v3", 20, 160},
    {"Standard_E32_v3", 32, 256},     {"Standard_E48_v3", 48, 384},
    {"Standard_E64_v3", 64, 512},     {"Standard_DS1_v2", 1, 3.5},
    {"Standard_DS2_v2", 2, 7},        {"Standard_DS3_v2", 4, 14},
    {"Standard_DS4_v2", 8, 28},       {"Standard_DS5_v2", 16, 56},
    {"Standard_D1_v2", 1, 3.5},       {"Standard_D2_v2", 2, 7},
    {"Standard_D3_v2", 4, 14},        {"Standard_D4_v2", 8, 28},
    {"Standard_D5_v2", 16, 56},       {"Standard_F2s_v2", 2, 4},
    {"Standard_F4s_v2", 4, 8},        {"Standard_F8s_v2", 8, 16},
    {"Standard_F16s_v2", 16, 32},     {"Standard_F32s_v2", 32, 64},
    {"Standard_F48s_v2", 48, 96},     {"Standard_F64s_v2", 64, 128},
    {"Standard_F72s_v2", 72, 144},    {"Standard_E4-2ds_v5", 2, 32},
    {"Standard_E4-2s_v5", 2, 32},     {"Standard_E4-2ds_v4", 2, 32},
    {"Standard_E4-2s_v4", 2, 32},     {"Standard_E8-2ds_v5", 2, 64},
    {"Standard_E8-2s_v5", 2, 64},     {"Standard_E8-2ds_v4", 2, 64},
    {"Standard_E8-2s_v4", 2, 64},     {"Standard_E8-4ds_v5", 4, 64},
    {"Standard_E8-4s_v5", 4, 64},     {"Standard_E8-4ds_v4", 4, 64},
    {"Standard_E8-4s_v4", 4, 64},     {"Standard_E16-4ds_v5", 4, 128},
    {"Standard_E16-4s_v5", 4, 128},   {"Standard_E16-4ds_v4", 4, 128},
    {"Standard_E16-4s_v4", 4, 128},   {"Standard_E16-8ds_v5", 8, 128},
    {"Standard_E16-8s_v5", 8, 128},   {"Standard_E16-8ds_v4", 8, 128},
    {"Standard_E16-8s_v4", 8, 128},   {"Standard_E32-8ds_v5", 8, 256},
    {"Standard_E32-8s_v5", 8, 256},   {"Standard_E32-8ds_v4", 8, 256},
    {"Standard_E32-8s_v4", 8, 256},   {"Standard_E32-16ds_v5", 16, 256},
    {"Standard_E32-16s_v5", 16, 256}, {"Standard_E32-16ds_v4", 16, 256},
    {"Standard_E32-16s_v4", 16, 256}, {"Standard_E64-16ds_v5", 16, 512},
    {"Standard_E64-16s_v5", 16, 512}, {"Standard_E64-16ds_v4", 16, 512},
    {"Standard_E64-16s_v4", 16, 512}, {"Standard_E64-32ds_v5", 32, 512},
    {"Standard_E64-32s_v5", 32, 512}, {"Standard_E64-32ds_v4", 32, 512},
    {"Standard_E64-32s_v4", 32, 512},
};

const struct azure_vm_size *azure_vm_sizes(size_t *n)
{
    *n = sizeof vm_sizes / sizeof vm_sizes[0];
    return vm_sizes;
}

const struct azure_vm_size *azure_vm_size_find(const char *name)
{
    static const char prefix[] = "Standard_";
    for (size_t i = 0; i < sizeof vm_sizes / sizeof vm_sizes[0]; i++) {
        if (strcasecmp(vm_sizes[i].name, name) == 0 ||
            strcasecmp(vm_sizes[i].name + sizeof prefix - 1, name) == 0)
            return &vm_sizes[i];
    }
    return NULL;
}
