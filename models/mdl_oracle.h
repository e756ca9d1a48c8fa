/*
 * mdl_oracle.h - Oracle Database licence counting and cost (pure).
 *
 * Counting rules (sources and the choices made: docs/oracle.md):
 *   on-premises EE:  processors = ceil(physical cores x core factor), x86 = 0.5
 *   on-premises SE2: only on servers whose maximum socket capacity is 2 (every
 *                    server in spec->server_groups); one licence per occupied socket
 *   Azure EE:        2 vCPUs = 1 processor with hyper-threading, 1 vCPU = 1 without
 *   Azure SE2:       1 socket per 4 vCPUs (rounded up), at most 8 vCPUs per instance
 *   OCI:             1 OCPU (= 2 x86 vCPUs) = 1 processor; SE2 as Azure over OCPUs
 *   NUP minimums:    EE 25 per processor, SE2 10 per server / instance
 * List prices are the Oracle Technology Global Price List (USD, October 11,
 * 2022 edition) figures; support is a fraction (22%) of the licence. Rules:
 * Oracle, "Licensing Oracle Software in the Cloud Computing Environment"
 * (https://www.oracle.com/assets/cloud-licensing-070579.pdf) and the
 * Processor Core Factor Table
 * (https://www.oracle.com/assets/processor-core-factor-table-070634.pdf).
 */
#ifndef YOSAN_MDL_ORACLE_H
#define YOSAN_MDL_ORACLE_H

#include "err.h"
#include "scenario.h"

#define ORA_SUPPORT_PCT 0.22 /* annual support as a fraction of the licence */

struct ora_count {
    long processors;     /* processor licences (SE2: sockets) the hardware needs */
    long nup_minimum;    /* NUP minimum for those processors / servers */
    long licences;       /* licences to hold in the chosen metric */
    double unit_price;   /* list price per licence, edition + options, USD */
    double licence_cost; /* licences x unit_price, USD */
    double support_cost; /* licence_cost x ORA_SUPPORT_PCT per year, USD */
    char rule[320];      /* the counting rule applied, in words */
};

/* Count the licences for spec and price them at list. Returns ST_PARSE with
 * a message when the spec breaks a rule (SE2 on a server that can hold more
 * than 2 sockets, SE2 above its cloud cap, options with SE2, missing
 * cores/vCPUs/servers), the rule in words. Pure. */
enum status mdl_oracle_count(const struct oracle_spec *spec, struct ora_count *out, struct err *e);

/* List price (USD) per licence unit for an edition/metric with options. */
double mdl_oracle_list_price(enum ora_edition ed, enum ora_metric metric, unsigned options);

#endif
