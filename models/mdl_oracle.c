/*
 * mdl_oracle.c - Oracle Database licence counting and list pricing.
 *
 * Pure: a struct oracle_spec in, a struct ora_count out, with the rule that
 * was applied spelled out in words so a reader can check it by hand. No
 * I/O. The figures and their sources are in docs/oracle.md.
 */
#include "mdl_oracle.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Technology Global Price List (USD): {NUP, Processor}. */
static const double edition_price[2][2] = {
    [ORA_EE] = {950.0, 47500.0},
    [ORA_SE2] = {350.0, 17500.0},
};
static const double option_price[ORA_OPT_COUNT][2] = {
    {460.0, 23000.0}, /* rac */
    {230.0, 11500.0}, /* partitioning */
    {150.0, 7500.0},  /* diagnostics pack */
    {100.0, 5000.0},  /* tuning pack */
};

#define SE2_MAX_SOCKETS_PER_SERVER 2
#define SE2_CLOUD_VCPUS_PER_SOCKET 4
#define SE2_CLOUD_MAX_VCPUS        8
#define EE_NUP_PER_PROCESSOR       25
#define SE2_NUP_PER_SERVER         10

double mdl_oracle_list_price(enum ora_edition ed, enum ora_metric metric, unsigned options)
{
    int m = metric == ORA_NUP ? 0 : 1;
    double p = edition_price[ed == ORA_SE2 ? ORA_SE2 : ORA_EE][m];
    for (int i = 0; i < ORA_OPT_COUNT; i++)
        if (options & (1U << i))
            p += option_price[i][m];
    return p;
}

static const char *platform_name(enum ora_platform p)
{
    return p == ORA_AZURE ? "Azure" : p == ORA_OCI ? "OCI" : "on-premises";
}

/* On-premises SE2: every server's maximum socket capacity must be at most 2
 * (Oracle's rule is about the capacity, not the sockets in use, so a 4-socket
 * server with one processor is still refused); then one licence per occupied
 * socket over all servers. */
static enum status count_se2_servers(const struct oracle_spec *sp, struct ora_count *out,
                                     struct err *e)
{
    if (sp->nserver_groups <= 0 || sp->nserver_groups > ORA_MAX_SERVER_GROUPS)
        return err_set(e, ST_PARSE,
                       "on-premises SE2 is counted per server: give each server's socket "
                       "capacity and occupied sockets");
    long occupied = 0, servers = 0;
    for (int i = 0; i < sp->nserver_groups; i++) {
        const struct ora_server_group *g = &sp->server_groups[i];
        if (g->capacity < 1 || g->occupied < 1 || g->count < 1 || g->occupied > g->capacity)
            return err_set(e, ST_PARSE,
                           "server %d: %d occupied sockets of a %d-socket capacity is not a "
                           "server (occupied must be 1..capacity)",
                           i + 1, g->occupied, g->capacity);
        if (g->capacity > SE2_MAX_SOCKETS_PER_SERVER)
            return err_set(e, ST_PARSE,
                           "SE2 may only be licensed on servers with a maximum capacity of %d "
                           "sockets (Oracle licensing policy, docs/oracle.md), whatever is "
                           "occupied: server %d can hold %d sockets (%d occupied); use "
                           "Enterprise Edition or a server with at most %d sockets",
                           SE2_MAX_SOCKETS_PER_SERVER, i + 1, g->capacity, g->occupied,
                           SE2_MAX_SOCKETS_PER_SERVER);
        occupied += (long)g->occupied * g->count;
        servers += g->count;
    }
    out->processors = occupied;
    snprintf(out->rule, sizeof out->rule,
             "on-premises SE2: servers with a maximum capacity of %d sockets only; 1 licence per "
             "occupied socket: %ld socket%s on %ld server%s = %ld processor licence%s",
             SE2_MAX_SOCKETS_PER_SERVER, occupied, occupied == 1 ? "" : "s", servers,
             servers == 1 ? "" : "s", out->processors, out->processors == 1 ? "" : "s");
    return ST_OK;
}

static enum status count_processors(const struct oracle_spec *sp, struct ora_count *out,
                                    struct err *e)
{
    int servers = sp->servers > 0 ? sp->servers : 1;
    if (sp->platform == ORA_ONPREM) {
        if (sp->edition == ORA_SE2)
            return count_se2_servers(sp, out, e);
        if (sp->cores <= 0)
            return err_set(e, ST_PARSE, "on-premises EE is counted by cores: give cores");
        double cf = sp->core_factor > 0 ? sp->core_factor : 0.5;
        double exact = sp->cores * cf;
        /* ceil with a guard against 0.5 * 3 = 1.5000000001-style noise */
        out->processors = (long)ceil(exact - 1e-9);
        if (fabs(exact - (double)out->processors) < 1e-9)
            snprintf(out->rule, sizeof out->rule,
                     "on-premises, core factor %g: %d cores x %g = %ld processor licences", cf,
                     sp->cores, cf, out->processors);
        else
            snprintf(out->rule, sizeof out->rule,
                     "on-premises, core factor %g: %d cores x %g = %g, rounded up = %ld "
                     "processor licences",
                     cf, sp->cores, cf, exact, out->processors);
        return ST_OK;
    }
    /* authorised cloud (Azure) or OCI: counted per instance from vCPUs */
    if (sp->vcpus <= 0)
        return err_set(e, ST_PARSE, "%s is counted by vCPUs: give vcpus",
                       platform_name(sp->platform));
    char each[64] = "";
    if (servers > 1)
        snprintf(each, sizeof each, " per instance, x %d instances", servers);
    if (sp->edition == ORA_SE2) {
        /* OCI: the same 4-per-socket rule over OCPUs (1 OCPU = 2 vCPUs) */
        int units = sp->platform == ORA_OCI ? (sp->vcpus + 1) / 2 : sp->vcpus;
        const char *unit = sp->platform == ORA_OCI ? "OCPU" : "vCPU";
        if (units > SE2_CLOUD_MAX_VCPUS)
            return err_set(e, ST_PARSE,
                           "SE2 is limited to %d %ss per instance on %s (got %d); use EE or a "
                           "smaller size",
                           SE2_CLOUD_MAX_VCPUS, unit, platform_name(sp->platform), units);
        long per = (units + SE2_CLOUD_VCPUS_PER_SOCKET - 1) / SE2_CLOUD_VCPUS_PER_SOCKET;
        out->processors = per * servers;
        snprintf(out->rule, sizeof out->rule,
                 "%s SE2: 1 socket per %d %ss, rounded up: %d %ss = %ld processor licence%s%s",
                 platform_name(sp->platform), SE2_CLOUD_VCPUS_PER_SOCKET, unit, units, unit, per,
                 per == 1 ? "" : "s", each);
        return ST_OK;
    }
    long per;
    if (sp->platform == ORA_OCI) {
        per = (sp->vcpus + 1) / 2;
        snprintf(out->rule, sizeof out->rule,
                 "OCI: 1 OCPU = 2 vCPUs = 1 processor licence: %d vCPUs = %ld processor "
                 "licences%s",
                 sp->vcpus, per, each);
    } else if (sp->ht) {
        per = (sp->vcpus + 1) / 2;
        snprintf(out->rule, sizeof out->rule,
                 "Azure, hyper-threading: %d vCPUs / 2 = %ld processor licence%s%s", sp->vcpus, per,
                 per == 1 ? "" : "s", each);
    } else {
        per = sp->vcpus;
        snprintf(out->rule, sizeof out->rule,
                 "Azure, no hyper-threading: 1 vCPU = 1 processor licence: %d vCPUs = %ld "
                 "processor licence%s%s",
                 sp->vcpus, per, per == 1 ? "" : "s", each);
    }
    out->processors = per * servers;
    return ST_OK;
}

enum status mdl_oracle_count(const struct oracle_spec *sp, struct ora_count *out, struct err *e)
{
    *out = (struct ora_count){0};
    if (sp->edition == ORA_SE2 && sp->options)
        return err_set(e, ST_PARSE, "options (RAC, Partitioning, packs) need Enterprise Edition");
    enum status st = count_processors(sp, out, e);
    if (st != ST_OK)
        return st;
    int servers = sp->servers > 0 ? sp->servers : 1;
    if (sp->platform == ORA_ONPREM && sp->edition == ORA_SE2) {
        servers = 0; /* the server list is the truth (count_se2_servers checked it) */
        for (int i = 0; i < sp->nserver_groups; i++)
            servers += sp->server_groups[i].count;
    }
    if (sp->metric == ORA_NUP) {
        size_t len = strlen(out->rule);
        if (sp->edition == ORA_EE) {
            out->nup_minimum = EE_NUP_PER_PROCESSOR * out->processors;
            snprintf(out->rule + len, sizeof out->rule - len,
                     "; NUP: max(%d users, %d x %ld processors = %ld)", sp->users,
                     EE_NUP_PER_PROCESSOR, out->processors, out->nup_minimum);
        } else {
            out->nup_minimum = (long)SE2_NUP_PER_SERVER * servers;
            snprintf(out->rule + len, sizeof out->rule - len,
                     "; NUP: max(%d users, %d x %d server%s = %ld)", sp->users, SE2_NUP_PER_SERVER,
                     servers, servers == 1 ? "" : "s", out->nup_minimum);
        }
        out->licences = sp->users > out->nup_minimum ? sp->users : out->nup_minimum;
        len = strlen(out->rule);
        snprintf(out->rule + len, sizeof out->rule - len, " = %ld NUP licences", out->licences);
    } else {
        out->licences = out->processors;
    }
    out->unit_price = mdl_oracle_list_price(sp->edition, sp->metric, sp->options);
    out->licence_cost = out->unit_price * (double)out->licences;
    out->support_cost = out->licence_cost * ORA_SUPPORT_PCT;
    return ST_OK;
}
