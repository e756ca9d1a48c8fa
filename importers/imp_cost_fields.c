/*
 * imp_cost_fields.c - column aliases (by name, never by position) and the
 * JSON-in-CSV fields of Azure cost exports (see imp_cost_fields.h).
 */
#include "imp_cost_fields.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "imp_cost.h"
#include "utf8.h"

#define F_EA    (1u << IMP_FMT_EA)
#define F_MCA   (1u << IMP_FMT_MCA)
#define F_FOCUS (1u << IMP_FMT_FOCUS)
#define F_EAMCA (F_EA | F_MCA)

/* One alias: a header name (compared case-insensitively) that fills a role
 * in the given formats. Earlier rows win over later ones for one role. */
struct alias {
    int role;         /* enum imp_role */
    unsigned formats; /* F_* mask */
    const char *name; /* as documented (case is for messages only) */
};

static const struct alias aliases[] = {
    /* EA (legacy 55 columns, 2024-08-01) and MCA (camelCase) */
    {IMP_R_DATE, F_EAMCA, "Date"},
    {IMP_R_DATE, F_EAMCA, "UsageDate"},
    {IMP_R_DATE, F_EAMCA, "UsageStart"},
    {IMP_R_SUB_ID, F_EAMCA, "SubscriptionId"},
    {IMP_R_SUB_ID, F_EAMCA, "SubscriptionGuid"},
    {IMP_R_SUB_NAME, F_EAMCA, "SubscriptionName"},
    {IMP_R_RESOURCE_GROUP, F_EAMCA, "ResourceGroup"},
    {IMP_R_RESOURCE_GROUP, F_EAMCA, "ResourceGroupName"},
    {IMP_R_RESOURCE_ID, F_EAMCA, "ResourceId"},
    {IMP_R_RESOURCE_ID, F_EAMCA, "InstanceId"},
    {IMP_R_RESOURCE_NAME, F_EAMCA, "ResourceName"},
    {IMP_R_TAGS, F_EAMCA, "Tags"},
    {IMP_R_ADDITIONAL_INFO, F_EAMCA, "AdditionalInfo"},
    {IMP_R_SERVICE, F_EAMCA, "MeterCategory"},
    {IMP_R_METER_SUBCATEGORY, F_EAMCA, "MeterSubCategory"},
    {IMP_R_METER_NAME, F_EAMCA, "MeterName"},
    {IMP_R_SERVICE_FAMILY, F_EAMCA, "ServiceFamily"},
    {IMP_R_CONSUMED_SERVICE, F_EAMCA, "ConsumedService"},
    {IMP_R_UNIT, F_EAMCA, "UnitOfMeasure"},
    {IMP_R_UNIT, F_EAMCA, "Unit"},
    {IMP_R_LOCATION, F_EAMCA, "ResourceLocation"},
    {IMP_R_LOCATION, F_EAMCA, "ResourceLocationNormalized"},
    {IMP_R_LOCATION, F_EAMCA, "Location"},
    {IMP_R_LOCATION, F_EAMCA, "MeterRegion"},
    {IMP_R_CURRENCY, F_EAMCA, "BillingCurrency"},
    {IMP_R_CURRENCY, F_EAMCA, "BillingCurrencyCode"},
    {IMP_R_CURRENCY, F_EAMCA, "Currency"},
    {IMP_R_CHARGE_TYPE, F_EAMCA, "ChargeType"},
    {IMP_R_PRICING_MODEL, F_EAMCA, "PricingModel"},
    {IMP_R_SCOPE, F_EAMCA, "BillingAccountId"},
    {IMP_R_SCOPE, F_EAMCA, "BillingProfileId"},
    {IMP_R_QUANTITY, F_EAMCA, "Quantity"},
    {IMP_R_QUANTITY, F_EAMCA, "ConsumedQuantity"},
    {IMP_R_UNIT_PRICE, F_EAMCA, "UnitPrice"},
    {IMP_R_EFFECTIVE_PRICE, F_EAMCA, "EffectivePrice"},
    {IMP_R_EFFECTIVE_PRICE, F_EAMCA, "Rate"},
    {IMP_R_PAYG_PRICE, F_EAMCA, "PayGPrice"},
    {IMP_R_COST, F_EAMCA, "CostInBillingCurrency"},
    {IMP_R_COST, F_EAMCA, "Cost"},
    {IMP_R_COST, F_EAMCA, "PreTaxCost"},
    {IMP_R_BENEFIT_ID, F_EAMCA, "benefitId"},
    {IMP_R_BENEFIT_ID, F_EAMCA, "ReservationId"},
    {IMP_R_BENEFIT_NAME, F_EAMCA, "benefitName"},
    {IMP_R_BENEFIT_NAME, F_EAMCA, "ReservationName"},
    {IMP_R_TERM, F_EAMCA, "Term"},
    /* FOCUS 1.0 / 1.1 / 1.2 (any provider; Azure's x_ columns when present) */
    {IMP_R_DATE, F_FOCUS, "ChargePeriodStart"},
    {IMP_R_SUB_ID, F_FOCUS, "SubAccountId"},
    {IMP_R_SUB_NAME, F_FOCUS, "SubAccountName"},
    {IMP_R_RESOURCE_GROUP, F_FOCUS, "x_ResourceGroupName"},
    {IMP_R_RESOURCE_ID, F_FOCUS, "ResourceId"},
    {IMP_R_RESOURCE_NAME, F_FOCUS, "ResourceName"},
    {IMP_R_TAGS, F_FOCUS, "Tags"},
    {IMP_R_ADDITIONAL_INFO, F_FOCUS, "x_SkuDetails"},
    {IMP_R_SERVICE, F_FOCUS, "ServiceName"},
    {IMP_R_METER_SUBCATEGORY, F_FOCUS, "x_SkuMeterSubcategory"},
    {IMP_R_METER_SUBCATEGORY, F_FOCUS, "ServiceSubcategory"},
    {IMP_R_METER_NAME, F_FOCUS, "SkuMeter"},
    {IMP_R_METER_NAME, F_FOCUS, "x_SkuMeterName"},
    {IMP_R_SERVICE_FAMILY, F_FOCUS, "ServiceCategory"},
    {IMP_R_CONSUMED_SERVICE, F_FOCUS, "x_ResourceType"},
    {IMP_R_CONSUMED_SERVICE, F_FOCUS, "ResourceType"},
    {IMP_R_UNIT, F_FOCUS, "PricingUnit"},
    {IMP_R_LOCATION, F_FOCUS, "RegionId"},
    {IMP_R_CURRENCY, F_FOCUS, "BillingCurrency"},
    {IMP_R_CHARGE_TYPE, F_FOCUS, "ChargeCategory"},
    {IMP_R_PRICING_MODEL, F_FOCUS, "PricingCategory"},
    {IMP_R_SCOPE, F_FOCUS, "BillingAccountId"},
    {IMP_R_QUANTITY, F_FOCUS, "PricingQuantity"},
    {IMP_R_QUANTITY, F_FOCUS, "ConsumedQuantity"},
    {IMP_R_UNIT_PRICE, F_FOCUS, "ContractedUnitPrice"},
    {IMP_R_EFFECTIVE_PRICE, F_FOCUS, "x_EffectiveUnitPrice"},
    {IMP_R_PAYG_PRICE, F_FOCUS, "ListUnitPrice"},
    {IMP_R_COST, F_FOCUS, "BilledCost"},
    {IMP_R_COST_EFFECTIVE, F_FOCUS, "EffectiveCost"},
    {IMP_R_BENEFIT_ID, F_FOCUS, "CommitmentDiscountId"},
    {IMP_R_BENEFIT_NAME, F_FOCUS, "CommitmentDiscountName"},
    {IMP_R_TERM, F_FOCUS, "x_SkuTerm"},
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

int imp_format_from_name(const char *name)
{
    if (!name)
        return -1;
    if (strcasecmp(name, "ea") == 0)
        return IMP_FMT_EA;
    if (strcasecmp(name, "mca") == 0)
        return IMP_FMT_MCA;
    if (strcasecmp(name, "focus") == 0)
        return IMP_FMT_FOCUS;
    return -1;
}

const char *imp_format_name(enum imp_format f)
{
    switch (f) {
    case IMP_FMT_EA:
        return "ea";
    case IMP_FMT_MCA:
        return "mca";
    case IMP_FMT_FOCUS:
        return "focus";
    }
    return "?";
}

const char *imp_role_column(enum imp_format f, int role)
{
    for (size_t i = 0; i < NALIASES; i++)
        if (aliases[i].role == role && (aliases[i].formats & (1u << f)))
            return aliases[i].name;
    return "?";
}

static int find_field(const char *const *fields, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (fields[i] && strcasecmp(fields[i], name) == 0)
            return i;
    return -1;
}

int imp_map_header(enum imp_format f, const char *const *fields, int nfields, int *role_of)
{
    int filled[IMP_R_COUNT];
    for (int r = 0; r < IMP_R_COUNT; r++)
        filled[r] = 0;
    for (int i = 0; i < nfields; i++)
        role_of[i] = -1;
    for (size_t a = 0; a < NALIASES; a++) {
        if (!(aliases[a].formats & (1u << f)) || filled[aliases[a].role])
            continue;
        int i = find_field(fields, nfields, aliases[a].name);
        if (i >= 0 && role_of[i] < 0) {
            role_of[i] = aliases[a].role;
            filled[aliases[a].role] = 1;
        }
    }
    if (!filled[IMP_R_DATE])
        return IMP_R_DATE;
    if (!filled[IMP_R_COST])
        return IMP_R_COST;
    if (f == IMP_FMT_FOCUS && !filled[IMP_R_COST_EFFECTIVE])
        return IMP_R_COST_EFFECTIVE;
    return -1;
}

int imp_header_duplicate(const char *const *fields, int nfields, const int *role_of)
{
    for (int i = 0; i < nfields; i++) {
        if (role_of[i] < 0 || !fields[i])
            continue;
        for (int j = 0; j < nfields; j++)
            if (j != i && fields[j] && strcasecmp(fields[i], fields[j]) == 0)
                return j > i ? j : i;
    }
    return -1;
}

int imp_role_nullable(int role)
{
    return role != IMP_R_DATE && role != IMP_R_COST && role != IMP_R_COST_EFFECTIVE;
}

const char *imp_cost_detect(const char *const *fields, int nfields)
{
    if (find_field(fields, nfields, "BilledCost") >= 0 &&
        find_field(fields, nfields, "EffectiveCost") >= 0 &&
        find_field(fields, nfields, "ChargePeriodStart") >= 0)
        return "focus";
    int has_cost = find_field(fields, nfields, "Cost") >= 0 ||
                   find_field(fields, nfields, "CostInBillingCurrency") >= 0 ||
                   find_field(fields, nfields, "PreTaxCost") >= 0;
    int has_date = find_field(fields, nfields, "Date") >= 0 ||
                   find_field(fields, nfields, "UsageDate") >= 0 ||
                   find_field(fields, nfields, "UsageStart") >= 0;
    if (!has_cost || !has_date)
        return NULL;
    /* columns only Microsoft Customer Agreement files carry */
    static const char *const mca_only[] = {"pricingCurrency",
                                           "costInUsd",
                                           "paygCostInBillingCurrency",
                                           "exchangeRatePricingToBilling",
                                           "invoiceId",
                                           "previousInvoiceId"};
    for (size_t i = 0; i < sizeof mca_only / sizeof mca_only[0]; i++)
        if (find_field(fields, nfields, mca_only[i]) >= 0)
            return "mca";
    return "ea";
}

/* ------------------------------------------------------- AdditionalInfo */

static size_t skip_ws(const char *s, size_t i, size_t len)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* Skip a JSON string starting at s[i] == '"'; returns the index after the
 * closing quote, or len when unterminated. */
static size_t skip_string(const char *s, size_t i, size_t len)
{
    for (i++; i < len; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return len;
}

/* Skip any JSON value at s[i]; returns the index after it. */
static size_t skip_value(const char *s, size_t i, size_t len)
{
    if (i >= len)
        return len;
    if (s[i] == '"')
        return skip_string(s, i, len);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < len) {
            char c = s[i];
            if (c == '"') {
                i = skip_string(s, i, len);
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            i++;
        }
        return len;
    }
    while (i < len && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ')
        i++;
    return i;
}

static int key_is(const char *s, size_t kstart, size_t kend, const char *name)
{
    size_t n = strlen(name);
    return kend - kstart == n && strncasecmp(s + kstart, name, n) == 0;
}

/* Copy a string value (no escapes expected in sizes) or a bare token. */
static void value_text(const char *s, size_t vstart, size_t vend, char *out, size_t outlen)
{
    if (vend > vstart && s[vstart] == '"') {
        vstart++;
        if (vend > vstart && s[vend - 1] == '"')
            vend--;
    }
    size_t n = vend - vstart;
    if (n >= outlen)
        n = utf8_cut(s + vstart, outlen - 1); /* never half a character */
    memcpy(out, s + vstart, n);
    out[n] = '\0';
}

int imp_addinfo_extract(const char *raw, size_t len, char *vm_size, size_t vm_size_len, int *vcpus)
{
    vm_size[0] = '\0';
    *vcpus = 0;
    int cores = 0;
    size_t i = skip_ws(raw, 0, len);
    if (i >= len || raw[i] != '{')
        return i >= len ? 0 : -1;
    i++;
    for (;;) {
        i = skip_ws(raw, i, len);
        if (i >= len)
            return -1;
        if (raw[i] == '}')
            break;
        if (raw[i] != '"')
            return -1;
        size_t kstart = i + 1;
        i = skip_string(raw, i, len);
        size_t kend = i - 1;
        i = skip_ws(raw, i, len);
        if (i >= len || raw[i] != ':')
            return -1;
        i = skip_ws(raw, i + 1, len);
        size_t vstart = i;
        i = skip_value(raw, i, len);
        char val[64];
        if (key_is(raw, kstart, kend, "ServiceType")) {
            value_text(raw, vstart, i, val, sizeof val);
            if (strncasecmp(val, "Standard_", 9) == 0 || strncasecmp(val, "Basic_", 6) == 0)
                snprintf(vm_size, vm_size_len, "%s", val);
        } else if (key_is(raw, kstart, kend, "VCPUs")) {
            value_text(raw, vstart, i, val, sizeof val);
            *vcpus = (int)strtol(val, NULL, 10);
        } else if (key_is(raw, kstart, kend, "vCores")) {
            value_text(raw, vstart, i, val, sizeof val);
            cores = (int)strtol(val, NULL, 10);
        }
        i = skip_ws(raw, i, len);
        if (i < len && raw[i] == ',') {
            i++;
            continue;
        }
        if (i < len && raw[i] == '}')
            break;
        return -1;
    }
    if (*vcpus <= 0)
        *vcpus = cores > 0 ? cores : 0;
    return 0;
}

/* ------------------------------------------------------------- numbers */

int imp_fast_double(const char *s, size_t len, double *out)
{
    static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    uint64_t mant = 0;
    int digits = 0, frac = 0, seen_dot = 0, any = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            any = 1;
            if (mant == 0 && c == '0') {
                if (seen_dot)
                    frac++;
                continue; /* leading zeros are not significant */
            }
            if (++digits > 15)
                return -1;
            mant = mant * 10 + (uint64_t)(c - '0');
            if (seen_dot)
                frac++;
        } else if (c == '.' && !seen_dot) {
            seen_dot = 1;
        } else {
            return -1;
        }
    }
    if (!any || frac > 15)
        return -1;
    double v = (double)mant / pow10[frac];
    *out = neg ? -v : v;
    return 0;
}

int imp_term_months(const char *s, size_t len)
{
    char t[32];
    if (len == 0 || len >= sizeof t)
        return 0;
    memcpy(t, s, len);
    t[len] = '\0';
    const char *p = t;
    int iso = (*p == 'P' || *p == 'p');
    if (iso)
        p++;
    char *end;
    long n = strtol(p, &end, 10);
    if (end == p || n <= 0 || n > 1200)
        return 0;
    while (*end == ' ')
        end++;
    if (*end == '\0')
        return iso ? 0 : (int)n; /* a bare number is months */
    if ((*end == 'Y' || *end == 'y') && (end[1] == '\0' || strncasecmp(end, "year", 4) == 0))
        return n <= 100 ? (int)n * 12 : 0;
    if ((*end == 'M' || *end == 'm') && (end[1] == '\0' || strncasecmp(end, "month", 5) == 0))
        return (int)n;
    return 0;
}
