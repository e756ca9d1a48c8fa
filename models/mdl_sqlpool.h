/*
 * mdl_sqlpool.h - the elastic pool rule for SQL Database (pure: arrays in,
 * struct out): three or more single databases of one logical server whose
 * busy hours do not coincide can share an elastic pool sized at the peak of
 * their summed hourly load with headroom, instead of each being sized for its
 * own peak. Owns the pool sizes, the pool-to-single price ratios and the
 * sizing; engine/jobs/job_rightsize_sqlpool.c loads the bill and metrics
 * (docs/rightsize.md, "Elastic pools").
 */
#ifndef YOSAN_MDL_SQLPOOL_H
#define YOSAN_MDL_SQLPOOL_H

#include <stddef.h>

/* Defaults of struct sqlpool_thresholds (docs/rules.md). */
#define SQLPOOL_MIN_DBS     3   /* measured databases on a server for a pool proposal */
#define SQLPOOL_MAX_LOAD    70  /* the pool's peak summed load at most this % of its size */
#define SQLPOOL_VCORE_RATIO 1.0 /* pool vCore price / single database vCore price */
#define SQLPOOL_EDTU_RATIO  1.5 /* pool eDTU price / single database DTU price (Standard) */

struct sqlpool_thresholds {
    int min_dbs;        /* SQLPOOL_MIN_DBS */
    double max_load;    /* SQLPOOL_MAX_LOAD (%) */
    double vcore_ratio; /* SQLPOOL_VCORE_RATIO */
    double edtu_ratio;  /* SQLPOOL_EDTU_RATIO */
};

void mdl_sqlpool_defaults(struct sqlpool_thresholds *t);

enum sqlpool_model {
    SQLPOOL_VCORE = 0, /* General Purpose provisioned vCore databases: a vCore pool */
    SQLPOOL_DTU = 1,   /* Standard DTU databases: a Standard eDTU pool */
};

/* 1 when dtus is a Standard DTU objective's (S0 10 .. S12 3000): those pool
 * into Standard eDTU pools; Premium ones are not analysed for a pool. */
int mdl_sqlpool_standard_dtus(int dtus);

/* One single database of the server. */
struct sqlpool_db {
    double units;        /* vCores (billed vCore-hours / window hours) or DTUs */
    double monthly_cost; /* its compute cost per 30 days (the vCore or DTU meter) */
    const double *load;  /* `hours` hourly load % (highest cpu_percent, or DTU %), NAN = none;
                            NULL = no metrics */
};

struct sqlpool_result {
    int proposed;           /* 1 when the pool costs less than the databases now */
    size_t measured;        /* databases with metrics that went into the sum */
    size_t unmeasured;      /* databases without any metric in the window (not analysed) */
    size_t covered;         /* hours where every measured database has data */
    double units_now;       /* the measured databases' vCores / DTUs together */
    double sum_peak;        /* highest hourly sum of used units (load % x units) */
    double sum_p95;         /* its P95 (R type 7) */
    double peaks_total;     /* the sum of each database's own peak of used units */
    int pool_units;         /* pool size (vCores / eDTUs), 0 when none fits */
    double cost_now;        /* the measured databases' compute per 30 days */
    double pool_cost;       /* the pool per 30 days at the bill's own unit rate x ratio */
    double monthly_savings; /* cost_now - pool_cost when proposed, else 0 */
    char target[32];        /* "elastic pool 4 vCores" / "elastic pool 100 eDTUs", "" */
    char reason[256];
};

/* The rule for the n databases of one server (one model), over `hours`
 * hours; scratch holds `hours` doubles. The pool's price per unit is the
 * measured databases' own: their compute cost over their units (the bill's
 * rate), times the model's ratio. A pool is proposed when at least min_dbs
 * databases have metrics and the smallest pool size holding sum_peak at
 * max_load % costs less than they do now. */
void mdl_sqlpool(const struct sqlpool_db *dbs, size_t n, enum sqlpool_model model, size_t hours,
                 const struct sqlpool_thresholds *t, double *scratch, struct sqlpool_result *out);

#endif
