/*
 * imp_budget.h - the small CSV inputs of `yosan budget`: planned
 * adjustments (--adjust) and fixed shares for shared costs
 * (--shared fixed:FILE). Parsed into plain structs; no store involved.
 */
#ifndef YOSAN_IMP_BUDGET_H
#define YOSAN_IMP_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store_costs.h"

/* One planned change: from from_month on, the department's monthly
 * forecast changes by amount (currency units) or by percent. */
struct imp_adjust {
    char *department; /* owned; must match a department name */
    int from_month;   /* date.h month_index of YYYY-MM */
    int is_percent;   /* 1: percent applies, amount is 0 */
    double amount;    /* monthly amount (may be negative) */
    double percent;   /* e.g. -30 for a 30% cut */
    char *note;       /* owned, may be "" */
};

struct imp_adjust_set {
    struct imp_adjust *v; /* n adjustments in file order */
    size_t n;
};

/* Read department,from_month,amount,percent,note (header required; give
 * amount or percent, not both; note optional). Errors name file, line and
 * field (ST_PARSE). Release with imp_adjust_set_release(). */
enum status imp_adjust_read(const char *path, struct imp_adjust_set *out, struct err *e);
void imp_adjust_set_release(struct imp_adjust_set *s);

struct imp_share {
    char *department; /* owned */
    double share;     /* weight >= 0 (normalised by the user of the set) */
};

struct imp_share_set {
    struct imp_share *v; /* n shares in file order */
    size_t n;
};

/* Read department,share (header required). Release with imp_share_set_release(). */
enum status imp_share_read(const char *path, struct imp_share_set *out, struct err *e);
void imp_share_set_release(struct imp_share_set *s);

/* One original appropriation (当初予算額): a department's, or with system
 * one of its systems', for a fiscal year, in whole yen. */
struct imp_approp {
    char *department; /* owned */
    char *system;     /* owned, "" for the department's own figure */
    int fiscal_year;  /* FY named by its start year */
    int64_t yen;      /* whole yen */
};

struct imp_approp_set {
    struct imp_approp *v; /* n rows in file order */
    size_t n;
};

/* Read department[,system],fiscal_year,amount (header required; amount in
 * whole yen, digits with an optional sign; fiscal_year 2000..2200). Errors
 * name file, line and field (ST_PARSE). Release with
 * imp_approp_set_release(). */
enum status imp_approp_read(const char *path, struct imp_approp_set *out, struct err *e);
void imp_approp_set_release(struct imp_approp_set *s);

/* Read monthly totals `department,month,cost[,currency]` (month YYYY-MM,
 * cost an exact decimal, currency default JPY) into cells sorted by key,
 * currency and month, summing repeated (department, month) rows exactly.
 * This lets `yosan budget --input` run on monthly figures from any source.
 * Release out with cost_cells_release(). */
enum status imp_monthly_read(const char *path, struct cost_cells *out, struct err *e);

#endif
