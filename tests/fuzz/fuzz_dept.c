/*
 * fuzz_dept.c - libFuzzer harness for department rules files
 * (importers/imp_dept.c, engine/dept.c) and their application to stored
 * cost objects (store_dept_rules_replace, as `yosan departments load`).
 * The input is the rules file. One store per process holds a few cost rows
 * (imported once at start) with tags, subscriptions and resource groups for
 * the rules to match; each input replaces the whole rule set, so runs do
 * not depend on each other.
 * Invariants: every cost object is attributed after a successful load; the
 * rules read back from the store are the rules loaded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dept.h"
#include "err.h"
#include "fuzz_util.h"
#include "imp_cost.h"
#include "imp_dept.h"
#include "store.h"
#include "store_costs.h"
#include "store_departments.h"

/* Four EA rows: a braceless EA tag list, a JSON object of tags, no tags, a
 * department tag; two subscriptions and three resource groups. */
static const char cost_csv[] =
    "SubscriptionId,SubscriptionName,Date,MeterCategory,MeterSubCategory,MeterName,"
    "Quantity,EffectivePrice,Cost,UnitPrice,BillingCurrency,ResourceLocation,ConsumedService,"
    "ResourceId,ResourceName,AdditionalInfo,Tags,UnitOfMeasure,ResourceGroup,ChargeType,"
    "PricingModel\n"
    "11111111-1111-1111-1111-111111111111,sub-a,04/01/2026,Storage,Premium SSD,P10 LRS Disk,"
    "1,100,100,100,JPY,japaneast,Microsoft.Compute,"
    "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-a/providers/"
    "Microsoft.Compute/disks/d1,d1,,\"\"\"env\"\": \"\"prod\"\",\"\"department\"\": "
    "\"\"福祉局\"\"\",1/Month,rg-a,Usage,OnDemand\n"
    "11111111-1111-1111-1111-111111111111,sub-a,04/02/2026,Virtual Machines,Dv5,D2s v5,"
    "24,10.5,252,10.5,JPY,japaneast,Microsoft.Compute,"
    "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/RG-B/providers/"
    "Microsoft.Compute/virtualMachines/vm1,vm1,\"{\"\"ServiceType\"\": \"\"Standard_D2s_v5\"\", "
    "\"\"VCPUs\"\": 2}\",\"{\"\"Env\"\": \"\"dev\"\", \"\"owner\"\": \"\"建設局\"\"}\",1 Hour,"
    "RG-B,Usage,OnDemand\n"
    "22222222-2222-2222-2222-222222222222,情報システム,04/03/2026,Bandwidth,,Data Transfer Out,"
    "3,2,6,2,JPY,japanwest,Microsoft.Network,"
    "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/databricks-x/providers/"
    "Microsoft.Network/publicIPAddresses/ip1,ip1,,,1 GB,databricks-x,Usage,OnDemand\n"
    "22222222-2222-2222-2222-222222222222,情報システム,04/03/2026,Storage,,LRS,"
    "1,5,5,5,JPY,japanwest,Microsoft.Storage,"
    "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-c/providers/"
    "Microsoft.Storage/storageAccounts/st1,st1,,\"{\"\"DEPARTMENT\"\": \"\"水道局\"\"}\","
    "1 GB/Month,rg-c,Usage,OnDemand\n";

static int64_t nobjects; /* cost objects of cost_csv */

static struct store *shared_store(void)
{
    static struct store *s;
    if (s)
        return s;
    s = fuzz_store_open();
    const char *path = fuzz_write_file(1, ".csv", (const uint8_t *)cost_csv, sizeof cost_csv - 1);
    struct imp_cost_options opt = {.format = "ea"};
    struct imp_cost_result res;
    struct err e;
    err_clear(&e);
    if (imp_cost_file(s, path, &opt, &res, &e) != ST_OK || res.rows != 4) {
        fprintf(stderr, "fuzz_dept: cannot import the cost rows: %s\n", e.msg);
        abort();
    }
    struct dept_rules none;
    dept_rules_init(&none);
    if (store_dept_rules_replace(s, &none, &nobjects, &e) != ST_OK || nobjects < 1) {
        fprintf(stderr, "fuzz_dept: cannot attribute the cost objects: %s\n", e.msg);
        abort();
    }
    return s;
}

static void check_loaded(struct store *s, const struct dept_rules *want)
{
    struct dept_rules got;
    struct err e;
    err_clear(&e);
    dept_rules_init(&got);
    FUZZ_ASSERT(store_dept_rules_load(s, &got, &e) == ST_OK);
    FUZZ_ASSERT(got.n == want->n);
    for (size_t i = 0; i < got.n; i++) {
        FUZZ_ASSERT(got.v[i].kind == want->v[i].kind);
        FUZZ_ASSERT(strcmp(got.v[i].key, want->v[i].key) == 0);
        FUZZ_ASSERT(strcmp(got.v[i].pattern, want->v[i].pattern) == 0);
        FUZZ_ASSERT(strcmp(got.v[i].department, want->v[i].department) == 0);
    }
    dept_rules_release(&got);
    struct dept_catch *v = NULL;
    size_t n = 0;
    FUZZ_ASSERT(store_dept_catches(s, DATASET_ACTUAL, &v, &n, &e) == ST_OK);
    int64_t rows = 0;
    for (size_t i = 0; i < n; i++)
        rows += v[i].rows;
    free(v);
    FUZZ_ASSERT(rows == 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct store *s = shared_store();
    const char *path = fuzz_write_file(0, ".csv", data, size);
    struct dept_rules r;
    struct err e;
    err_clear(&e);
    dept_rules_init(&r);
    if (fuzz_note("rules", imp_dept_rules_read(path, &r, &e), e.msg) == ST_OK) {
        int64_t objects = 0;
        if (fuzz_note("replace", store_dept_rules_replace(s, &r, &objects, &e), e.msg) == ST_OK) {
            FUZZ_ASSERT(objects == nobjects);
            check_loaded(s, &r);
        }
    }
    dept_rules_release(&r);
    return 0;
}
