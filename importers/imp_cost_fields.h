/*
 * imp_cost_fields.h - parsing of the JSON-in-CSV fields of cost exports and
 * the column alias table. Split from imp_cost.c so the pieces are unit
 * tested on their own; used by importers/imp_cost*.c only.
 */
#ifndef YOSAN_IMP_COST_FIELDS_H
#define YOSAN_IMP_COST_FIELDS_H

#include <stddef.h>

#include "err.h"

/* What a column means to the importer. */
enum imp_role {
    IMP_R_DATE = 0,
    IMP_R_SUB_ID,
    IMP_R_SUB_NAME,
    IMP_R_RESOURCE_GROUP,
    IMP_R_RESOURCE_ID,
    IMP_R_RESOURCE_NAME,
    IMP_R_TAGS,
    IMP_R_ADDITIONAL_INFO,
    IMP_R_SERVICE,
    IMP_R_METER_SUBCATEGORY,
    IMP_R_METER_NAME,
    IMP_R_SERVICE_FAMILY,
    IMP_R_CONSUMED_SERVICE,
    IMP_R_UNIT,
    IMP_R_LOCATION,
    IMP_R_CURRENCY,
    IMP_R_CHARGE_TYPE,
    IMP_R_PRICING_MODEL,
    IMP_R_SCOPE,
    IMP_R_QUANTITY,
    IMP_R_UNIT_PRICE,
    IMP_R_EFFECTIVE_PRICE,
    IMP_R_PAYG_PRICE,
    IMP_R_COST,           /* EA/MCA cost; FOCUS BilledCost (actual) */
    IMP_R_COST_EFFECTIVE, /* FOCUS EffectiveCost (amortized) */
    IMP_R_BENEFIT_ID,
    IMP_R_BENEFIT_NAME, /* ReservationName / benefitName / CommitmentDiscountName */
    IMP_R_TERM,         /* the commitment's term: EA months, MCA P1Y/P3Y, FOCUS x_SkuTerm */
    IMP_R_COUNT
};

enum imp_format { IMP_FMT_EA = 0, IMP_FMT_MCA = 1, IMP_FMT_FOCUS = 2 };

/* "ea" / "mca" / "focus" -> format; -1 when unknown. */
int imp_format_from_name(const char *name);
const char *imp_format_name(enum imp_format f);

/* Map header fields to roles for a format: role_of[i] receives the role of
 * field i or -1 (unused column). The first alias in the table's priority
 * order wins when several columns could fill a role. Returns the role that
 * is required but missing, or -1 when the header is complete. */
int imp_map_header(enum imp_format f, const char *const *fields, int nfields, int *role_of);

/* After imp_map_header(): the index of a column whose name (compared
 * case-insensitively) repeats the name of a column the importer maps, or -1.
 * Two `Date` or two `CostInBillingCurrency` columns make the data ambiguous;
 * repeated columns the importer ignores are harmless. */
int imp_header_duplicate(const char *const *fields, int nfields, const int *role_of);

/* 1 when a FOCUS column of this role may hold null (empty or the literal
 * `null`): every mapped one except ChargePeriodStart, BilledCost and
 * EffectiveCost, which the importer needs (FOCUS 1.2 nullability). */
int imp_role_nullable(int role);

/* The canonical column name of a role for a format (for messages). */
const char *imp_role_column(enum imp_format f, int role);

/* Pull the VM size and vCPU count out of an AdditionalInfo JSON object
 * without building a DOM: the top-level "ServiceType" (kept only when it
 * looks like a VM size, Standard_* / Basic_*) and "VCPUs" (else "vCores"),
 * keys compared case-insensitively. vm_size gets "" and *vcpus 0 when
 * absent. Returns 0, or -1 when raw is not a JSON object (non-fatal). */
int imp_addinfo_extract(const char *raw, size_t len, char *vm_size, size_t vm_size_len, int *vcpus);

/* Parse a plain decimal ("-12.345", "7") of at most 15 significant digits
 * exactly as strtod would (Clinger's fast path: an integer below 2^53
 * divided by an exact power of ten is correctly rounded). Returns 0, or -1
 * when the text needs the general parser (exponent, long digits, junk). */
/* A commitment's Term column in months: "36" (EA, months; FOCUS
 * x_SkuTerm), "P1Y"/"P3Y"/"P1M" (MCA, ISO 8601), "1 Year"/"3 Years";
 * 0 when empty or not understood. */
int imp_term_months(const char *s, size_t len);

int imp_fast_double(const char *s, size_t len, double *out);

#endif
