/*
 * mdl_network.c - the bill-only rules of mdl_network.h: dev/test Premium App
 * Service plans, idle network gateways and load balancers, old snapshots.
 * Pure maths on what the job folded from the bill; no I/O.
 */
#include "mdl_network.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void mdl_network_defaults(struct net_thresholds *t)
{
    t->idle_gb = NET_IDLE_GB;
    t->snapshot_days = SNAPSHOT_AGE_DAYS;
}

const char *mdl_net_action_name(enum net_action a)
{
    static const char *const n[] = {"keep", "devtest-tier", "idle", "old-snapshot"};
    return (unsigned)a < sizeof n / sizeof n[0] ? n[a] : "?";
}

/* word occurs in s, any case */
static int has(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; s && *s; s++)
        if (strncasecmp(s, word, n) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------ dev/test App Service plans */

/* List prices per instance-hour, USD, Windows, East US, pay-as-you-go, as
 * recalled from the Azure App Service pricing page (docs/rules.md: check);
 * only their ratios are used, and only when the bill lacks a tier. */
static const struct {
    const char *tier;
    double usd_hour;
} asp_list[] = {
    {"B1", 0.075},  {"B2", 0.15},   {"B3", 0.30},   {"S1", 0.10},   {"S2", 0.20},
    {"S3", 0.40},   {"P1v2", 0.20}, {"P2v2", 0.40}, {"P3v2", 0.80}, {"P0v3", 0.16},
    {"P1v3", 0.32}, {"P2v3", 0.64}, {"P3v3", 1.28},
};

double mdl_asp_list_hourly(const struct asp_tier *t)
{
    for (size_t i = 0; t && i < sizeof asp_list / sizeof asp_list[0]; i++)
        if (strcmp(asp_list[i].tier, t->name) == 0)
            return asp_list[i].usd_hour;
    return NAN;
}

const struct asp_tier *mdl_asp_devtest_target(const struct asp_tier *from)
{
    if (!from || (strcmp(from->family, "Pv2") != 0 && strcmp(from->family, "Pv3") != 0))
        return NULL;
    size_t n;
    const struct asp_tier *all = mdl_asp_tiers(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i].family, "S") == 0 && all[i].cores == from->cores)
            return &all[i];
    return NULL;
}

static void result_init(struct net_result *out)
{
    memset(out, 0, sizeof *out);
    out->confidence = RS_CONF_HIGH;
}

void mdl_asp_devtest(const struct asp_devtest *in, struct net_result *out)
{
    result_init(out);
    if (!in->tier) {
        snprintf(out->reason, sizeof out->reason, "plan tier not in the bill: not analysed");
        return;
    }
    const struct asp_tier *to = mdl_asp_devtest_target(in->tier);
    if (!in->devtest || !to || !(in->instances > 0) || !(in->monthly_cost > 0)) {
        if (in->devtest && !to)
            out->analysed = 1;
        snprintf(out->reason, sizeof out->reason, "%s",
                 !in->devtest ? "not tagged dev/test"
                 : !to        ? "no Standard tier has the cores of this Premium tier"
                              : "no plan hours billed");
        return;
    }
    out->analysed = 1;
    int n = (int)ceil(in->instances - 1e-9);
    if (n > ASP_STANDARD_MAX_N) {
        snprintf(out->reason, sizeof out->reason,
                 "dev/test on %.1f instances: Standard scales out to %d at most", in->instances,
                 ASP_STANDARD_MAX_N);
        return;
    }
    double ratio = NAN;
    if (in->own_now > 0 && in->own_target > 0) {
        ratio = in->own_target / in->own_now;
    } else {
        ratio = mdl_asp_list_hourly(to) / mdl_asp_list_hourly(in->tier);
        out->price_from_list = 1;
    }
    if (!(ratio < 1)) {
        snprintf(out->reason, sizeof out->reason, "dev/test: %s costs no less than %s", to->name,
                 in->tier->name);
        return;
    }
    out->action = NET_DEVTEST_TIER;
    out->monthly_savings = in->monthly_cost * (1 - ratio);
    out->confidence = RS_CONF_MEDIUM; /* memory per instance shrinks: check the peak */
    snprintf(out->target, sizeof out->target, "%s x %d", to->name, n);
    snprintf(out->reason, sizeof out->reason,
             "dev/test plan on Premium %s (%d vCPU, %.1f GiB): Standard %s has the same "
             "cores at %.0f %% of the price; memory per instance %.2f GiB: check the peak",
             in->tier->name, in->tier->cores, in->tier->mem_gib, to->name, 100 * ratio,
             to->mem_gib);
}

/* ------------------------------------------------------- idle network */

enum net_kind mdl_net_kind_of(const char *id)
{
    static const struct {
        const char *type;
        enum net_kind kind;
    } types[] = {
        {"/providers/microsoft.network/virtualnetworkgateways/", NET_VNET_GATEWAY},
        {"/providers/microsoft.network/applicationgateways/", NET_APP_GATEWAY},
        {"/providers/microsoft.network/natgateways/", NET_NAT_GATEWAY},
        {"/providers/microsoft.network/loadbalancers/", NET_LOAD_BALANCER},
    };
    for (size_t i = 0; id && i < sizeof types / sizeof types[0]; i++)
        if (strstr(id, types[i].type))
            return types[i].kind;
    return NET_NONE;
}

const char *mdl_net_kind_name(enum net_kind k)
{
    static const char *const n[] = {"", "virtual network gateway", "application gateway",
                                    "NAT gateway", "load balancer"};
    return (unsigned)k < sizeof n / sizeof n[0] ? n[k] : "";
}

int mdl_net_is_data_meter(const char *meter_name)
{
    return has(meter_name, "Data Processed") || has(meter_name, "Data Transfer");
}

int mdl_net_is_hourly(const char *unit)
{
    return has(unit, "Hour");
}

void mdl_net_idle(const struct net_gateway *g, const struct net_thresholds *t,
                  struct net_result *out)
{
    result_init(out);
    if (g->kind == NET_NONE || !g->has_data_meter || !(g->fixed_cost > 0)) {
        snprintf(out->reason, sizeof out->reason, "%s",
                 !g->has_data_meter ? "no data-processed meter in the bill: not analysed"
                                    : "no hourly charge in the bill: not analysed");
        return;
    }
    out->analysed = 1;
    double gb_month = g->data_gb * g->month_scale;
    if (gb_month > t->idle_gb) {
        snprintf(out->reason, sizeof out->reason,
                 "%s: %.1f GB processed per 30 days (> %.2f GB): in use",
                 mdl_net_kind_name(g->kind), gb_month, t->idle_gb);
        return;
    }
    out->action = NET_IDLE;
    out->monthly_savings = g->fixed_cost * g->month_scale;
    snprintf(out->reason, sizeof out->reason,
             "idle: %s billed %.0f hours, %.3f GB processed per 30 days (<= %.2f GB): delete or "
             "deallocate",
             mdl_net_kind_name(g->kind), g->fixed_hours, gb_month, t->idle_gb);
}

/* ---------------------------------------------------------- snapshots */

int mdl_net_is_snapshot_meter(const char *service, const char *meter_name)
{
    return service && strcasecmp(service, "Storage") == 0 && has(meter_name, "Snapshot");
}

void mdl_snapshot(const struct snapshot *s, const struct net_thresholds *t, struct net_result *out)
{
    result_init(out);
    if (s->age_days <= 0 || !(s->monthly_cost > 0)) {
        snprintf(out->reason, sizeof out->reason, "no snapshot charge in the window: not analysed");
        return;
    }
    out->analysed = 1;
    if (s->age_days <= t->snapshot_days) {
        snprintf(out->reason, sizeof out->reason, "snapshot billed for %d days (<= %d)",
                 s->age_days, t->snapshot_days);
        return;
    }
    out->action = NET_OLD_SNAPSHOT;
    out->monthly_savings = s->monthly_cost;
    out->confidence = RS_CONF_MEDIUM; /* a backup someone may still need */
    snprintf(out->reason, sizeof out->reason,
             "old snapshot: billed for %d days (> %d): review and delete", s->age_days,
             t->snapshot_days);
}
