/*
 * imp_ea_header.h - the header line of a legacy Enterprise Agreement cost
 * export (55 columns, as in Microsoft's sample exports in the MIT-licensed
 * microsoft/finops-toolkit repository, src/powershell/Tests/assets/), in
 * one place for the demo city (imp_demo.c), the benchmark
 * generators (scripts/gen-ea.c, scripts/gen-metrics.c) and the tests.
 *
 * A string literal, without the UTF-8 BOM and the line end Azure writes, so
 * each writer adds its own: "\xEF\xBB\xBF" IMP_EA_HEADER "\r\n". Header
 * only, no dependencies: the scripts include it by relative path and build
 * with a bare `cc`. tests/unit/test_imp_cost_fields.c checks it against
 * Microsoft's own sample export (tests/data/EA_NoRows.csv).
 */
#ifndef YOSAN_IMP_EA_HEADER_H
#define YOSAN_IMP_EA_HEADER_H

#define IMP_EA_COLUMNS 55 /* fields in IMP_EA_HEADER */

#define IMP_EA_HEADER                                                                              \
    "BillingAccountId,BillingAccountName,BillingPeriodStartDate,BillingPeriodEndDate,"             \
    "BillingProfileId,BillingProfileName,AccountOwnerId,AccountName,SubscriptionId,"               \
    "SubscriptionName,Date,Product,PartNumber,MeterId,ServiceFamily,MeterCategory,"                \
    "MeterSubCategory,MeterRegion,MeterName,Quantity,EffectivePrice,Cost,UnitPrice,"               \
    "BillingCurrency,ResourceLocation,AvailabilityZone,ConsumedService,ResourceId,ResourceName,"   \
    "ServiceInfo1,ServiceInfo2,AdditionalInfo,Tags,InvoiceSectionId,InvoiceSection,CostCenter,"    \
    "UnitOfMeasure,ResourceGroup,ReservationId,ReservationName,ProductOrderId,ProductOrderName,"   \
    "OfferId,IsAzureCreditEligible,Term,PublisherName,PlanName,ChargeType,Frequency,"              \
    "PublisherType,PayGPrice,PricingModel,CostAllocationRuleName,benefitId,benefitName"

#endif
