/*
 * rpt_azure_budgets.h - Azure Cost Management budgets as an ARM template
 * (Microsoft.Consumption/budgets, API version 2021-10-01; docs/budget.md
 * "Into Azure"): the plan's types (filled by engine/jobs/job_azure_budgets.c)
 * and the JSON writer.
 */
#ifndef YOSAN_RPT_AZURE_BUDGETS_H
#define YOSAN_RPT_AZURE_BUDGETS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

enum azb_filter_kind {
    AZB_SUBSCRIPTION = 0, /* the whole subscription (a subscription rule): no filter */
    AZB_RESOURCE_GROUPS,  /* ResourceGroupName in rgs */
    AZB_TAG,              /* tag tag_key in [tag_value] */
};

/* One budget: the part of a department's cost one rule caught in one
 * subscription (a budget lives in a subscription and sees only its cost),
 * with its amounts. */
struct azb_budget {
    char *department;          /* owned */
    int index;                 /* 1-based department number in the run (for ASCII names) */
    int part;                  /* 1-based part number within the department */
    int parts;                 /* parts of the department */
    enum azb_filter_kind kind; /* filter */
    char *subscription;        /* owned lower-case subscription GUID the budget is made in */
    char **rgs;                /* owned resource groups (AZB_RESOURCE_GROUPS) */
    size_t nrgs;
    char *tag_key, *tag_value; /* owned (AZB_TAG) */
    char *rule;                /* owned: the rule as text ("subscription-name osaka-kenko-*") */
    double weight;             /* the part's cost in the window (its share of the line) */
    int64_t monthly[12];       /* whole yen per FY month */
    int64_t annual;            /* sum of monthly */
};

struct azb_plan {
    int fiscal_year;
    int first_month; /* month_index of the FY's first month */
    char currency[8];
    const char *basis; /* terms basis name (static) */
    const char *level; /* "p50", "p80", "p95" (static) */
    struct azb_budget *v;
    size_t n;
    char **skipped; /* owned: departments with no cost in the window (no filter to give) */
    size_t nskipped;
};

/* Free everything the plan owns. */
void azb_plan_release(struct azb_plan *p);

/* Write the plan as one management-group deployment template: per budget
 * 12 Monthly budgets (one per FY month, deployed only from the month of the
 * deployment on) and one Annually budget over the fiscal year, each with
 * notifications at actual 80 % and 100 % and forecasted 100 % to the
 * contactEmails parameter. ST_IO when out cannot be written. */
enum status rpt_azure_budgets_write(const struct azb_plan *p, FILE *out, struct err *e);

#endif
