/*
 * mdl_whatif.h - what-if comparison of alternatives over fiscal years (pure).
 *
 * A parsed struct scenario in; per alternative and fiscal year the cost by
 * category, the total and cumulative cost, the NPV and the break-even year
 * against the baseline out. Every item-year is converted to the reporting
 * currency, escalated, and rounded to whole units (half away from zero)
 * before it is summed, so yearly totals are exact int64 sums.
 * Sensitivity re-runs the model with varied inputs and ranks again.
 */
#ifndef YOSAN_MDL_WHATIF_H
#define YOSAN_MDL_WHATIF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "scenario.h"

/* Multipliers on the scenario's inputs (1 = as written in the file). */
struct whatif_adjust {
    double fx;          /* exchange rate */
    double utilisation; /* running hours of pay-as-you-go VMs and PaaS (capped at 730 h) */
    double escalation;  /* yearly price escalation */
    double discount;    /* NPV discount rate */
};
#define WHATIF_ADJUST_NONE                                                                         \
    {                                                                                              \
        1.0, 1.0, 1.0, 1.0                                                                         \
    }

struct whatif_year {
    int fy;                        /* fiscal year (named by the year it starts in) */
    int64_t by_cat[SCN_CAT_COUNT]; /* cost per enum scn_category, whole units */
    int64_t total;                 /* sum of by_cat */
    int64_t cumulative;            /* total of this and all earlier years */
};

struct whatif_alt_result {
    const char *name;          /* borrowed from the scenario */
    struct whatif_year *years; /* result->years entries (owned) */
    int64_t total;             /* over the horizon */
    int64_t npv;               /* sum of total_y / (1 + r)^y, y = 1..N, rounded */
    int break_even_fy;         /* first FY from which cumulative <= baseline's for good;
                                  0 = never; for the baseline itself its first FY */
    int rank;                  /* 1 = lowest NPV */
};

struct whatif_result {
    int start_fy;                   /* first fiscal year */
    int years;                      /* horizon */
    size_t baseline;                /* index of the baseline alternative */
    unsigned cats_used;             /* bit (1 << category) for every category with a cost */
    enum scn_currency currency;     /* reporting currency */
    size_t nalts;                   /* alternatives */
    struct whatif_alt_result *alts; /* nalts results (owned) */
};

/* Compute the comparison. adj may be NULL (no variation). out is filled and
 * owned by the caller (whatif_result_release). Errors name the file, line
 * and item (ST_PARSE). */
enum status mdl_whatif_run(const struct scenario *s, const struct whatif_adjust *adj,
                           struct whatif_result *out, struct err *e);
void whatif_result_release(struct whatif_result *r);

/* ---- sensitivity ---- */

enum whatif_factor { WHATIF_FX = 0, WHATIF_UTILISATION, WHATIF_ESCALATION, WHATIF_DISCOUNT };
#define WHATIF_VARY_MAX 8

struct whatif_vary_spec {
    size_t n; /* factors */
    struct {
        enum whatif_factor factor; /* what is varied */
        double pct;                /* +- this fraction (0.15 for 15%) */
    } v[WHATIF_VARY_MAX];
};

/* Parse "fx=+-15%,utilisation=+-20%" (also "+/-", "±", without "%"
 * meaning percent). Factors: fx, utilisation (utilization), escalation,
 * discount. Returns ST_USAGE with a message on bad text. */
enum status mdl_whatif_parse_vary(const char *text, struct whatif_vary_spec *out, struct err *e);

struct whatif_variant {
    char label[48];       /* "base", "fx -15%", ... */
    int64_t *npv;         /* per alternative (owned) */
    size_t *order;        /* alternative indices, lowest NPV first (owned) */
    int ranking_changed;  /* 1 when order differs from the base run */
    int cheapest_changed; /* 1 when order[0] differs from the base run */
};

struct whatif_sensitivity {
    size_t nalts;             /* alternatives */
    size_t nvariants;         /* 1 (base) + 2 per factor */
    struct whatif_variant *v; /* variants, base first (owned) */
};

/* Run the base and every -/+ variation. out is released with
 * whatif_sensitivity_release(). */
enum status mdl_whatif_sensitivity(const struct scenario *s, const struct whatif_vary_spec *spec,
                                   struct whatif_sensitivity *out, struct err *e);
void whatif_sensitivity_release(struct whatif_sensitivity *w);

#endif
