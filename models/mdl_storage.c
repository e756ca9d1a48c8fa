/*
 * mdl_storage.c - the Log Analytics and storage account rules of
 * mdl_storage.h: commitment tier and retention for workspaces, cooler
 * access tier and less redundancy for storage accounts. Pure maths on what
 * the caller read from the bill.
 */
#include "mdl_storage.h"

#include "tags.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void mdl_storage_defaults(struct storage_thresholds *t)
{
    t->la_free_days = LA_FREE_RETENTION_DAYS;
    t->la_policy_days = LA_RETENTION_POLICY;
    t->la_min_days = LA_MIN_DAYS;
    t->st_read_mib = ST_READ_MIB;
    t->st_tier_min_share = ST_TIER_MIN_SHARE;
    t->min_coverage = ST_METRICS_MIN_COVERAGE;
    t->high_coverage = ST_METRICS_HIGH_COVERAGE;
}

/* Appends "; metrics on N % of the window" to a reason. */
static void metrics_note(struct st_result *out, double coverage)
{
    size_t n = strlen(out->reason);
    snprintf(out->reason + n, sizeof out->reason - n, "; metrics on %.0f %% of the window",
             coverage * 100);
}

/* Microsoft's commitment tiers with their discount on pay-as-you-go:
 * 15, 20, 22, 23, 25, 26, 28, 30 % (Azure Monitor pricing page; docs/rules.md). */
static const struct la_tier la_tiers[] = {
    {100, 0.85}, {200, 0.80},  {300, 0.78},  {400, 0.77},
    {500, 0.75}, {1000, 0.74}, {2000, 0.72}, {5000, 0.70},
};

const struct la_tier *mdl_la_tiers(size_t *n)
{
    *n = sizeof la_tiers / sizeof la_tiers[0];
    return la_tiers;
}

const char *mdl_st_action_name(enum st_action a)
{
    static const char *const names[] = {
        [ST_KEEP] = "keep",           [ST_COMMITMENT_TIER] = "commitment-tier",
        [ST_RETENTION] = "retention", [ST_TO_COOL] = "to-cool",
        [ST_TO_COLD] = "to-cold",     [ST_LESS_REDUNDANCY] = "less-redundancy",
    };
    return (unsigned)a < sizeof names / sizeof names[0] ? names[a] : "?";
}

static void result_init(struct st_result *out)
{
    memset(out, 0, sizeof *out);
    out->action = ST_KEEP;
    out->confidence = RS_CONF_LOW;
}

/* ------------------------------------------------------ Log Analytics */

/* The bill's GB per day with measured days put in (measured, when not NULL). */
static double day_gb(const struct la_ingestion *in, const double *measured, size_t d)
{
    if (measured && isfinite(measured[d]))
        return measured[d] > 0 ? measured[d] : 0;
    return in->gb[d] > 0 ? in->gb[d] : 0;
}

/* What the window's ingestion (the bill's days, measured ones put in) costs
 * on tier z at rate (per GB). */
static double tier_cost(const struct la_ingestion *in, const double *measured,
                        const struct la_tier *z, double rate)
{
    double gb = 0;
    for (size_t d = 0; d < in->days; d++) {
        double q = day_gb(in, measured, d);
        gb += q > z->gb_per_day ? q : z->gb_per_day;
    }
    return gb * z->payg_ratio * rate;
}

void mdl_la_commitment(const struct la_ingestion *in, const struct storage_thresholds *t,
                       struct st_result *out)
{
    result_init(out);
    const double *measured =
        in->gb_metric && in->metric_coverage >= t->min_coverage ? in->gb_metric : NULL;
    double total = 0, low = INFINITY, billed = 0;
    size_t with = 0;
    for (size_t d = 0; d < in->days; d++) {
        double q = day_gb(in, measured, d);
        total += q;
        billed += in->gb[d] > 0 ? in->gb[d] : 0;
        with += q > 0;
        low = q < low ? q : low;
    }
    if (in->on_commitment) {
        snprintf(out->reason, sizeof out->reason,
                 "already billed on a commitment tier: not compared");
        return;
    }
    if ((double)with < t->la_min_days || !(total > 0) || !(in->cost > 0) || !(billed > 0)) {
        snprintf(out->reason, sizeof out->reason,
                 "not analysed: pay-as-you-go ingestion on %zu days (< %g)", with, t->la_min_days);
        return;
    }
    out->analysed = 1;
    double rate = in->cost / billed; /* the bill's own price per GB */
    const struct la_tier *best = NULL;
    double paid = measured ? total * rate : in->cost; /* pay-as-you-go for what was measured */
    double best_cost = paid;
    for (size_t i = 0; i < sizeof la_tiers / sizeof la_tiers[0]; i++) {
        double c = tier_cost(in, measured, &la_tiers[i], rate);
        if (c < best_cost) {
            best_cost = c;
            best = &la_tiers[i];
        }
    }
    double mean = total / (double)in->days;
    if (!best) {
        snprintf(out->reason, sizeof out->reason,
                 "ingestion %.1f GB/day: pay-as-you-go costs less than any commitment tier", mean);
        out->confidence = RS_CONF_HIGH;
        if (measured)
            metrics_note(out, in->metric_coverage);
        return;
    }
    out->action = ST_COMMITMENT_TIER;
    out->monthly_savings = (paid - best_cost) * in->month_scale;
    out->confidence =
        low >= best->gb_per_day || (measured && in->metric_coverage >= t->high_coverage)
            ? RS_CONF_HIGH
            : RS_CONF_MEDIUM;
    snprintf(out->target, sizeof out->target, "%d GB/day", best->gb_per_day);
    snprintf(out->reason, sizeof out->reason,
             "ingestion %.1f GB/day (lowest day %.1f) at your rate %.2f per GB: the %d GB/day "
             "commitment tier bills %.0f %% of it per GB",
             mean, low, rate, best->gb_per_day, best->payg_ratio * 100);
    if (measured)
        metrics_note(out, in->metric_coverage);
}

void mdl_la_retention(const struct la_retention *in, const struct storage_thresholds *t,
                      struct st_result *out)
{
    result_init(out);
    if (!(in->retained_gbm > 0) || !(in->retention_cost > 0)) {
        snprintf(out->reason, sizeof out->reason, "no retention billed beyond the free days");
        out->analysed = 1;
        out->confidence = RS_CONF_HIGH;
        return;
    }
    out->analysed = 1;
    double free_days = t->la_free_days;
    double policy = t->la_policy_days > free_days ? t->la_policy_days : free_days;
    double retained_gb = in->retained_gbm * in->month_scale; /* GB held on average */
    int measured = in->metric_coverage >= t->min_coverage && in->metric_gb_per_day > 0;
    double per_day = measured ? in->metric_gb_per_day : in->gb_per_day;
    double days = per_day > 0 ? free_days + retained_gb / per_day : NAN;
    double share;
    if (isnan(days)) { /* no ingestion to measure against: only the free-days policy judges */
        share = policy <= free_days ? 1 : 0;
    } else {
        share = days > policy + 1 ? (days - policy) / (days - free_days) : 0;
    }
    if (share <= 0) {
        snprintf(out->reason, sizeof out->reason,
                 "retention about %.0f days: within the %g-day policy", days, policy);
        out->confidence = RS_CONF_HIGH;
        return;
    }
    out->action = ST_RETENTION;
    /* retention is estimated from the bill's GB-months over the ingestion:
     * measured ingestion over most of the window makes it firm */
    out->confidence =
        measured && in->metric_coverage >= t->high_coverage ? RS_CONF_HIGH : RS_CONF_MEDIUM;
    out->monthly_savings = in->retention_cost * in->month_scale * share;
    snprintf(out->target, sizeof out->target, "%g days", policy);
    if (isnan(days))
        snprintf(out->reason, sizeof out->reason,
                 "%.0f GB retained beyond the free %g days (no ingestion in the window): "
                 "policy %g days",
                 retained_gb, free_days, policy);
    else
        snprintf(out->reason, sizeof out->reason,
                 "%.0f GB retained at %.1f GB/day ingested: retention about %.0f days, policy "
                 "%g days",
                 retained_gb, per_day, days, policy);
    if (measured)
        metrics_note(out, in->metric_coverage);
}

/* ----------------------------------------------------- storage accounts */

static const struct {
    const char *token;
    enum st_redundancy r;
} red_tokens[] = {
    /* longest first: RA-GZRS before GZRS before ZRS, RA-GRS before GRS */
    {"RA-GZRS", ST_RA_GZRS}, {"RAGZRS", ST_RA_GZRS}, {"GZRS", ST_GZRS}, {"RA-GRS", ST_RA_GRS},
    {"RAGRS", ST_RA_GRS},    {"GRS", ST_GRS},        {"ZRS", ST_ZRS},   {"LRS", ST_LRS},
};

/* token occurs in s as a word (not inside a longer word), any case */
static int has_word(const char *s, const char *token)
{
    size_t n = strlen(token);
    for (const char *p = s; *p; p++) {
        if (strncasecmp(p, token, n) != 0)
            continue;
        int before = p == s || !(p[-1] == '-' || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                                 (p[-1] >= 'a' && p[-1] <= 'z'));
        char c = p[n];
        int after = !(c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
        if (before && after)
            return 1;
    }
    return 0;
}

enum st_redundancy mdl_st_redundancy_of(const char *text)
{
    for (size_t i = 0; text && i < sizeof red_tokens / sizeof red_tokens[0]; i++)
        if (has_word(text, red_tokens[i].token))
            return red_tokens[i].r;
    return ST_RED_NONE;
}

enum st_access mdl_st_access_of(const char *text)
{
    static const struct {
        const char *w;
        enum st_access a;
    } v[] = {{"Hot", ST_HOT}, {"Cool", ST_COOL}, {"Cold", ST_COLD}, {"Archive", ST_ARCHIVE}};
    for (size_t i = 0; text && i < sizeof v / sizeof v[0]; i++)
        if (has_word(text, v[i].w))
            return v[i].a;
    return ST_ACC_NONE;
}

const char *mdl_st_redundancy_name(enum st_redundancy r)
{
    static const char *const names[] = {"", "LRS", "ZRS", "GRS", "RA-GRS", "GZRS", "RA-GZRS"};
    return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "";
}

double mdl_st_redundancy_ratio(enum st_redundancy r)
{
    /* Hot capacity list prices relative to LRS (docs/rules.md, ST_RED_RATIOS) */
    static const double ratio[] = {NAN, 1.0, 1.25, 2.0, 2.5, 2.25, 2.8};
    return (unsigned)r < sizeof ratio / sizeof ratio[0] ? ratio[r] : NAN;
}

enum st_redundancy mdl_st_less_redundant(enum st_redundancy r)
{
    if (r == ST_GRS || r == ST_RA_GRS)
        return ST_LRS;
    if (r == ST_GZRS || r == ST_RA_GZRS)
        return ST_ZRS;
    return ST_RED_NONE;
}

/* The hot account's window cost in tier `cool` (1) or `cold` (0). */
static double cooler_cost(const struct st_hot *h, const struct storage_thresholds *t, int cool)
{
    double own_gbm = h->cap_cost / h->gbm; /* the bill's hot price per GB-month */
    double gb_read = h->reads * t->st_read_mib / 1024.0;
    return h->cap_cost * (cool ? ST_COOL_CAPACITY : ST_COLD_CAPACITY) +
           h->read_cost * (cool ? ST_COOL_READ : ST_COLD_READ) +
           h->write_cost * (cool ? ST_COOL_WRITE : ST_COLD_WRITE) +
           gb_read * own_gbm * (cool ? ST_COOL_RETRIEVAL : ST_COLD_RETRIEVAL);
}

void mdl_st_tier(const struct st_hot *in, const struct storage_thresholds *t, struct st_result *out)
{
    result_init(out);
    if (!(in->gbm > 0) || !(in->cap_cost > 0)) {
        snprintf(out->reason, sizeof out->reason, "no hot capacity billed");
        return;
    }
    int measured = in->metric_coverage >= t->min_coverage && in->metric_requests >= 0;
    if (!in->has_ops && !measured) {
        snprintf(out->reason, sizeof out->reason,
                 "not analysed: no operation meters in the bill, reads unknown");
        return;
    }
    struct st_hot m = *in; /* reads: at least every request measured */
    const struct st_hot *h = &m;
    if (measured && in->metric_requests > m.reads)
        m.reads = in->metric_requests;
    out->analysed = 1;
    double now = h->cap_cost + h->read_cost + h->write_cost;
    double cool = now - cooler_cost(h, t, 1), cold = now - cooler_cost(h, t, 0);
    double gb = measured && in->metric_gb > 0 ? in->metric_gb : h->gbm * h->month_scale;
    double reads_gb = gb > 0 ? h->reads * h->month_scale / gb : 0;
    double best = cool > cold ? cool : cold;
    if (best < t->st_tier_min_share * h->cap_cost) {
        out->confidence = RS_CONF_HIGH;
        snprintf(out->reason, sizeof out->reason,
                 "%.0f GB hot, %.1f reads per GB a month: no cooler tier saves %g %% of the "
                 "capacity cost",
                 gb, reads_gb, t->st_tier_min_share * 100);
        if (measured)
            metrics_note(out, in->metric_coverage);
        return;
    }
    int to_cool = cool >= cold;
    out->action = to_cool ? ST_TO_COOL : ST_TO_COLD;
    out->monthly_savings = best * h->month_scale;
    /* object sizes and lifetimes are not in the bill: measured requests over
     * most of the window bound the reads */
    out->confidence =
        measured && in->metric_coverage >= t->high_coverage ? RS_CONF_HIGH : RS_CONF_MEDIUM;
    snprintf(out->target, sizeof out->target, "%s", to_cool ? "Cool" : "Cold");
    snprintf(out->reason, sizeof out->reason,
             "%.0f GB hot, %.1f reads per GB a month: %s costs %.0f %% of it with reads and "
             "retrieval (minimum %d days in the tier)",
             gb, reads_gb, to_cool ? "cool" : "cold", 100.0 * (now - best) / now,
             to_cool ? 30 : 90);
    if (measured)
        metrics_note(out, in->metric_coverage);
}

void mdl_st_redundancy(const struct st_geo *g, struct st_result *out)
{
    result_init(out);
    enum st_redundancy to = mdl_st_less_redundant(g->red);
    if (to == ST_RED_NONE || !(g->cap_cost > 0)) {
        snprintf(out->reason, sizeof out->reason, "no geo-redundant capacity billed");
        out->analysed = 1;
        out->confidence = RS_CONF_HIGH;
        return;
    }
    out->analysed = 1;
    int own = g->own_ratio > 0 && g->own_ratio < 1;
    double ratio =
        own ? g->own_ratio : mdl_st_redundancy_ratio(to) / mdl_st_redundancy_ratio(g->red);
    out->action = ST_LESS_REDUNDANCY;
    out->confidence = own ? RS_CONF_HIGH : RS_CONF_MEDIUM;
    out->monthly_savings = (g->cap_cost * (1 - ratio) + g->geo_transfer) * g->month_scale;
    snprintf(out->target, sizeof out->target, "%s", mdl_st_redundancy_name(to));
    snprintf(out->reason, sizeof out->reason,
             "%s on data marked non-critical: %s costs %.0f %% of it (%s)",
             mdl_st_redundancy_name(g->red), mdl_st_redundancy_name(to), ratio * 100,
             own ? "your bill's own price" : "list price ratio");
}

int mdl_st_tagged(const char *tags_json, const char *key, const char *value)
{
    struct tags tags;
    struct err ignored; /* out of memory: no tags, as for malformed JSON */
    tags_parse(&tags, tags_json, &ignored);
    size_t pos = 0;
    int hit = value ? tags_match(&tags, key, value) : tags_find(&tags, key, &pos) != NULL;
    tags_release(&tags);
    return hit;
}
