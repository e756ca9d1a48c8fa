/*
 * mdl_support.h - support life of what the bill shows: VM size series that
 * Microsoft has retired or announced for retirement, and OS or SQL Server
 * versions near the end of their support, each with the date and the
 * replacement, so renewals can be budgeted (docs/rightsize.md, "Support
 * life"). Pure data and string matching; nothing to free.
 */
#ifndef YOSAN_MDL_SUPPORT_H
#define YOSAN_MDL_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

enum support_kind {
    SUPPORT_VM_SERIES = 0, /* a VM size series (retirement) */
    SUPPORT_OS,            /* an operating system version (end of extended support) */
    SUPPORT_SQL,           /* a SQL Server version (end of extended support) */
};

struct support_entry {
    enum support_kind kind;
    const char *name;        /* "Fsv2-series", "Windows Server 2016", "SQL Server 2016" */
    const char *end_date;    /* ISO date the support or the size ends, "2028-11-15" */
    const char *status;      /* "retired", "retirement announced", "end of support" */
    const char *replacement; /* what Microsoft recommends instead */
    const char *source;      /* public page the date comes from */
};

/* The whole table (VM series first); *n receives the count. */
const struct support_entry *mdl_support_all(size_t *n);

/* The series entry of an ARM VM size ("Standard_F8s_v2" -> Fsv2-series,
 * "Basic_A1" -> Basic A, "Standard_D2_v2" -> Dv2-series; any case, with or
 * without "Standard_"), NULL when the size's series is current. */
const struct support_entry *mdl_support_vm_size(const char *arm_size);

/* The OS or SQL Server entry a bill text names ("Windows Server 2012 R2
 * Datacenter", "SQL Server 2016 Enterprise", case-insensitive substring),
 * NULL when none. */
const struct support_entry *mdl_support_text(const char *text);

/* Days from day (days since 1970-01-01) to the entry's end date; negative
 * once past it. */
int32_t mdl_support_days_left(const struct support_entry *s, int32_t day);

#endif
