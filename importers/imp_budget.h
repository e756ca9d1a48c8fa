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

/* The kinds of appropriation (docs/track.md): the original budget, a
 * supplementary budget (補正予算, Local Autonomy Act art. 218), a transfer
 * between items (流用, art. 220 (2)) and a use of the reserve fund
 * (予備費充用, art. 217). */
enum imp_approp_kind {
    IMP_APPROP_ORIGINAL = 0,  /* 当初 */
    IMP_APPROP_SUPPLEMENTARY, /* 補正 */
    IMP_APPROP_TRANSFER,      /* 流用 */
    IMP_APPROP_RESERVE,       /* 予備費充用 */
};
#define IMP_APPROP_NKINDS 4
/* 当初, 補正, 流用 or 予備費充用 (static). */
const char *imp_approp_kind_name(enum imp_approp_kind k);
/* A kind's Japanese name or its English alias (original, supplementary,
 * transfer, reserve); -1 when neither. */
int imp_approp_kind_parse(const char *s);

/* One appropriation row: a department's, or with system one of its
 * systems', for a fiscal year, in whole yen. A file without the newer
 * columns (department,system,fiscal_year,amount) reads as 当初 rows dated
 * the fiscal year's first day. */
struct imp_approp {
    char *department;          /* owned */
    char *system;              /* owned, "" for the department's own figure */
    int fiscal_year;           /* FY named by its start year */
    int64_t yen;               /* whole yen (negative only for 補正 and 流用) */
    enum imp_approp_kind kind; /* 当初 when the file has no kind column */
    int32_t day;               /* date.h day it takes effect (the FY's first day by default) */
    char *note;                /* owned, may be "" */
    long line;                 /* line in the file */
};

struct imp_approp_set {
    struct imp_approp *v; /* n rows in file order */
    size_t n;
    int basis; /* enum terms_basis the file states (basis column), -1 when it has none */
};

/* Read department[,system],fiscal_year,amount[,kind][,date][,note][,basis]
 * (header required, any column order; amount in whole yen, digits with an
 * optional sign, |amount| <= 9e12; fiscal_year 2000..2200; date
 * YYYY-MM-DD from a year before the fiscal year to its end, required for
 * kinds other than 当初; basis list|contract|contract+tax, the same on
 * every row). Errors name file, line and field (ST_PARSE). Release with
 * imp_approp_set_release(). */
enum status imp_approp_read(const char *path, struct imp_approp_set *out, struct err *e);
void imp_approp_set_release(struct imp_approp_set *s);

/* `yosan appropriations load`: read path (which must state its basis),
 * check that no department's or system's year sums to less than zero, and
 * replace the stored rows of the fiscal years it names, all or nothing.
 * Loading the same file again changes nothing (*unchanged = 1). */
struct imp_approp_load_result {
    size_t rows;     /* rows loaded */
    int years[8];    /* fiscal years replaced (the first 8) */
    size_t nyears;   /* how many */
    int64_t removed; /* rows those years had before */
    int unchanged;   /* 1: the same file was loaded before; nothing written */
    int basis;       /* enum terms_basis of the file */
};
struct store;
enum status imp_approp_load(struct store *s, const char *path, struct imp_approp_load_result *r,
                            struct err *e);

/* Read monthly totals `department,month,cost[,currency]` (month YYYY-MM,
 * cost an exact decimal, currency default JPY) into cells sorted by key,
 * currency and month, summing repeated (department, month) rows exactly.
 * This lets `yosan budget --input` run on monthly figures from any source.
 * Release out with cost_cells_release(). */
enum status imp_monthly_read(const char *path, struct cost_cells *out, struct err *e);

#endif
