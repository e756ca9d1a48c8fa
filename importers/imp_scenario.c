/*
 * imp_scenario.c - the YAML scenario reader (libyaml document API).
 *
 * libyaml builds the node tree and gives every node its line (yaml_mark_t),
 * so each message can point at the exact field. This file owns the schema:
 * which keys each mapping may hold, their defaults, and the checks (unknown
 * keys with a did-you-mean, missing fields, negative prices, unknown VM
 * sizes, stop schedules). It does no arithmetic beyond unit conversions of
 * single fields (a schedule becomes running hours per month).
 */
#include "imp_scenario.h"
#include "imp_yaml.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define MAX_YEARS       50
#define HOURS_PER_MONTH 730.0 /* Azure's billing month: 8760 h / 12 */

/* Upper bounds of the numeric fields (docs/whatif.md, "Ranges"); every number
 * is also finite and >= 0. They keep each item-year far inside the int64
 * totals the model sums (which are checked as well). */
#define MAX_AMOUNT       1e15      /* money per item: prices, leases, per_month/per_year, amounts */
#define MAX_HOURLY       1e9       /* rates and prices per hour (and per vCore-hour) */
#define MAX_COUNT        1e6       /* count: servers, VMs, instances, packs */
#define MAX_QUANTITY     1e9       /* quantity of a recurring item (GB, licences) */
#define MAX_LABOUR_HOURS 1e6       /* labour hours per month (about 6,000 full-time staff) */
#define MAX_VCORES       1e4       /* vCores per PaaS instance */
#define MAX_CORE_FACTOR  10.0      /* Oracle core factor (the table's are 0.25..1) */
#define MAX_USD_JPY      1e4       /* yen per US dollar */
#define MAX_ORACLE_CORES 1000000LL /* on-premises cores in total, all servers */

/* ---- typed fields ---- */
/* A finite number from 0 to max. */
static enum status num_field(struct imp_yaml *p, yaml_node_t *map, const char *key, int required,
                             double max, double *out)
{
    yaml_node_t *n;
    const char *s;
    enum status st = imp_yaml_field_text(p, map, key, required, &n, &s);
    if (st != ST_OK || !n)
        return st;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < 0)
        return imp_yaml_fail(p, n, "field '%s': expected a non-negative number, got '%s'", key, s);
    if (v > max)
        return imp_yaml_fail(p, n, "field '%s': expected at most %g, got '%s'", key, max, s);
    *out = v;
    return ST_OK;
}

/* A fraction: "15%" or 0.15; between 0 and 1 unless above_one. */
static enum status frac_field(struct imp_yaml *p, yaml_node_t *map, const char *key, int above_one,
                              double *out)
{
    yaml_node_t *n;
    const char *s;
    enum status st = imp_yaml_field_text(p, map, key, 0, &n, &s);
    if (st != ST_OK || !n)
        return st;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    int pct = *end == '%' && end[1] == '\0';
    if (end == s || (*end && !pct) || errno || !isfinite(v) || v < 0)
        return imp_yaml_fail(
            p, n, "field '%s': expected a percentage like '15%%' or 0.15, got '%s'", key, s);
    if (pct)
        v /= 100.0;
    else if (v > 1.0 && !above_one)
        return imp_yaml_fail(
            p, n,
            "field '%s': %s would be %g%%; write a fraction (0.15) or a percentage "
            "('15%%')",
            key, s, v * 100.0);
    if (v > 1.0 && !above_one)
        return imp_yaml_fail(p, n, "field '%s': expected at most 100%%, got '%s'", key, s);
    *out = v;
    return ST_OK;
}

static enum status int_field(struct imp_yaml *p, yaml_node_t *map, const char *key, int required,
                             long lo, long hi, int *out)
{
    yaml_node_t *n;
    const char *s;
    enum status st = imp_yaml_field_text(p, map, key, required, &n, &s);
    if (st != ST_OK || !n)
        return st;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return imp_yaml_fail(p, n, "field '%s': expected a whole number from %ld to %ld, got '%s'",
                             key, lo, hi, s);
    *out = (int)v;
    return ST_OK;
}

static enum status bool_field(struct imp_yaml *p, yaml_node_t *map, const char *key, int *out)
{
    static const char *const choices[] = {"false", "true", "no", "yes", "off", "on", NULL};
    int v = -1;
    enum status st = imp_yaml_choice_field(p, map, key, 0, choices, &v);
    if (st == ST_OK && v >= 0)
        *out = v % 2;
    return st;
}

/* ---- stop schedules: "mon-fri 08:00-20:00", "daily 07:00-19:00", "24x7" ---- */

static int day_index(const char *s, size_t len)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int i = 0; i < 7; i++)
        if (len == 3 && strncasecmp(s, days[i], 3) == 0)
            return i;
    return -1;
}

static int parse_hhmm(const char *s, int *minutes)
{
    char *end;
    long h = strtol(s, &end, 10);
    if (end == s || end - s > 2 || *end != ':')
        return -1;
    const char *ms = end + 1;
    long m = strtol(ms, &end, 10);
    if (end - ms != 2 || *end || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
        return -1;
    *minutes = (int)(h * 60 + m);
    return 0;
}

/* Running hours per month of a weekly schedule; -1 when malformed. */
static double schedule_hours(const char *text)
{
    if (strcasecmp(text, "24x7") == 0 || strcasecmp(text, "always") == 0)
        return HOURS_PER_MONTH;
    const char *sp = strchr(text, ' ');
    if (!sp)
        return -1;
    int on[7] = {0};
    size_t dlen = (size_t)(sp - text);
    if ((dlen == 5 && strncasecmp(text, "daily", 5) == 0) ||
        (dlen == 8 && strncasecmp(text, "everyday", 8) == 0)) {
        for (int i = 0; i < 7; i++)
            on[i] = 1;
    } else {
        const char *q = text;
        while (q < sp) {
            const char *comma = memchr(q, ',', (size_t)(sp - q));
            const char *end = comma ? comma : sp;
            const char *dash = memchr(q, '-', (size_t)(end - q));
            int a = day_index(q, (size_t)((dash ? dash : end) - q));
            int b = dash ? day_index(dash + 1, (size_t)(end - dash - 1)) : a;
            if (a < 0 || b < 0 || b < a)
                return -1;
            for (int i = a; i <= b; i++)
                on[i] = 1;
            q = comma ? comma + 1 : sp;
        }
    }
    char from[8], to[8];
    const char *times = sp + 1;
    const char *dash = strchr(times, '-');
    if (!dash || (size_t)(dash - times) >= sizeof from || strlen(dash + 1) >= sizeof to)
        return -1;
    memcpy(from, times, (size_t)(dash - times));
    from[dash - times] = '\0';
    snprintf(to, sizeof to, "%s", dash + 1);
    int m_from, m_to;
    if (parse_hhmm(from, &m_from) < 0 || parse_hhmm(to, &m_to) < 0 || m_to <= m_from)
        return -1;
    int ndays = 0;
    for (int i = 0; i < 7; i++)
        ndays += on[i];
    double weekly = ndays * (m_to - m_from) / 60.0;
    return weekly * HOURS_PER_MONTH / 168.0;
}

/* ---- items ---- */

#define COMMON_KEYS                                                                                \
    "type", "name", "note", "category", "currency", "start_year", "end_year", "escalation", "count"

static const char *const server_keys[] = {
    COMMON_KEYS,          "sockets",         "cores_per_socket", "cpu",         "purchase_price",
    "amortisation_years", "lease_per_month", "lease_years",      "maintenance", NULL};
static const char *const recurring_keys[] = {COMMON_KEYS, "per_month", "per_year", "quantity",
                                             NULL};
static const char *const labour_keys[] = {COMMON_KEYS, "hours_per_month", "rate_per_hour", NULL};
static const char *const vm_keys[] = {
    COMMON_KEYS, "size",        "price_per_hour",       "region", "hours_per_month",
    "schedule",  "reservation", "reservation_discount", NULL};
static const char *const paas_keys[] = {COMMON_KEYS,
                                        "service",
                                        "tier",
                                        "vcores",
                                        "price_per_hour",
                                        "price_per_vcore_hour",
                                        "hours_per_month",
                                        "schedule",
                                        "reservation",
                                        "reservation_discount",
                                        NULL};
static const char *const oracle_keys[] = {COMMON_KEYS,        "edition", "platform",
                                          "metric",           "users",   "options",
                                          "licensing",        "owned",   "licence_price",
                                          "discount",         "support", "included_price_per_hour",
                                          "hours_per_month",  "cores",   "cpu",
                                          "core_factor",      "sockets", "socket_capacity",
                                          "cores_per_socket", "vcpus",   "size",
                                          "hyperthreading",   NULL};
static const char *const one_off_keys[] = {COMMON_KEYS, "amount", "year", NULL};
static const char *const store_keys[] = {COMMON_KEYS, "subscription", "department", "all",
                                         "savings",   "months",       "apply",      NULL};
static const char *const *const kind_keys[SCN_KIND_COUNT] = {
    server_keys, recurring_keys, labour_keys,  vm_keys,
    paas_keys,   oracle_keys,    one_off_keys, store_keys,
};

static const char *const type_names[] = {"server", "recurring", "labour", "vm", "paas",
                                         "oracle", "one_off",   "store",  NULL};

static enum status parse_hours(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    it->hours_per_month = HOURS_PER_MONTH;
    enum status st = imp_yaml_str_field(p, map, "schedule", 0, &it->schedule);
    if (st != ST_OK)
        return st;
    if (it->schedule) {
        if (imp_yaml_get(p, map, "hours_per_month"))
            return imp_yaml_fail(p, imp_yaml_get(p, map, "schedule"),
                                 "give either 'schedule' or 'hours_per_month', not both");
        double h = schedule_hours(it->schedule);
        if (h < 0)
            return imp_yaml_fail(p, imp_yaml_get(p, map, "schedule"),
                                 "field 'schedule': expected DAYS HH:MM-HH:MM (e.g. 'mon-fri "
                                 "08:00-20:00'), got '%s'",
                                 it->schedule);
        it->hours_per_month = h;
        return ST_OK;
    }
    if ((st = num_field(p, map, "hours_per_month", 0, MAX_LABOUR_HOURS, &it->hours_per_month)) !=
        ST_OK)
        return st;
    if (it->hours_per_month > HOURS_PER_MONTH)
        return imp_yaml_fail(
            p, imp_yaml_get(p, map, "hours_per_month"),
            "field 'hours_per_month': at most 730 running hours in a month, got %g",
            it->hours_per_month);
    return ST_OK;
}

static enum status parse_reservation(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    static const char *const terms[] = {"none", "1y", "3y", NULL};
    int term = 0;
    enum status st = imp_yaml_choice_field(p, map, "reservation", 0, terms, &term);
    if (st != ST_OK)
        return st;
    it->reservation_years = term == 0 ? 0 : term == 1 ? 1 : 3;
    if (it->reservation_years && !imp_yaml_get(p, map, "reservation_discount")) {
        if (!it->price_from_store)
            return imp_yaml_fail(p, map, "a reservation needs 'reservation_discount' (e.g. 40%%)");
        it->discount_from_store = 1;
    }
    return frac_field(p, map, "reservation_discount", 0, &it->reservation_discount);
}

static enum status vm_size_field(struct imp_yaml *p, yaml_node_t *map, int required, char **size,
                                 int *vcpus)
{
    enum status st = imp_yaml_str_field(p, map, "size", required, size);
    if (st != ST_OK || !*size)
        return st;
    const struct azure_vm_size *vs = azure_vm_size_find(*size);
    if (!vs) {
        size_t n;
        const struct azure_vm_size *all = azure_vm_sizes(&n);
        const char *names[256];
        if (n > 256)
            n = 256;
        for (size_t i = 0; i < n; i++)
            names[i] = all[i].name;
        char want[80];
        snprintf(want, sizeof want, "%s%s", strncasecmp(*size, "Standard_", 9) ? "Standard_" : "",
                 *size);
        const char *hint = imp_yaml_closest(want, names, n);
        yaml_node_t *n_size = imp_yaml_get(p, map, "size");
        if (hint)
            return imp_yaml_fail(
                p, n_size, "field 'size': unknown VM size '%s' (did you mean '%s'?)", *size, hint);
        return imp_yaml_fail(p, n_size,
                             "field 'size': unknown VM size '%s' (the built-in table is in "
                             "docs/whatif.md)",
                             *size);
    }
    char *canon = strdup(vs->name);
    if (!canon)
        return err_set(p->e, ST_NOMEM, "out of memory");
    free(*size);
    *size = canon;
    *vcpus = vs->vcpus;
    return ST_OK;
}

/* options: a list or a comma-separated string */
static enum status parse_oracle_options(struct imp_yaml *p, yaml_node_t *map, unsigned *options)
{
    yaml_node_t *on = imp_yaml_get(p, map, "options");
    if (on) {
        if (on->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *x = on->data.sequence.items.start;
                 x < on->data.sequence.items.top; x++) {
                yaml_node_t *xn = imp_yaml_node(p, *x);
                const char *name = imp_yaml_scalar(xn);
                unsigned bit = name ? scn_oracle_option_from_name(name) : 0;
                if (!bit)
                    return imp_yaml_fail(p, xn,
                                         "field 'options': unknown option '%s' (rac, partitioning, "
                                         "diagnostics, tuning)",
                                         name ? name : "?");
                *options |= bit;
            }
        } else {
            const char *s = imp_yaml_scalar(on);
            char buf[200];
            snprintf(buf, sizeof buf, "%s", s ? s : "");
            char *save = NULL;
            for (char *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
                unsigned bit = scn_oracle_option_from_name(tok);
                if (!bit)
                    return imp_yaml_fail(p, on,
                                         "field 'options': unknown option '%s' (rac, partitioning, "
                                         "diagnostics, tuning)",
                                         tok);
                *options |= bit;
            }
        }
    }
    return ST_OK;
}

/* what the licences are counted from: cores/sockets on-premises, vCPUs in the cloud */
static enum status parse_oracle_counting(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    struct oracle_spec *o = &it->oracle;
    enum status st;
    if (it->count != floor(it->count) || it->count < 1 || it->count > 10000)
        return imp_yaml_fail(p, imp_yaml_get(p, map, "count"),
                             "field 'count': Oracle items count whole servers or instances, got %g",
                             it->count);
    o->servers = (int)it->count;
    if (o->servers < 1)
        o->servers = 1;
    if (o->platform == ORA_ONPREM) {
        int sockets = 0, cps = 0;
        if ((st = int_field(p, map, "cores", 0, 1, 100000, &o->cores)) != ST_OK ||
            (st = int_field(p, map, "sockets", 0, 1, 1024, &sockets)) != ST_OK ||
            (st = int_field(p, map, "cores_per_socket", 0, 1, 1024, &cps)) != ST_OK)
            return st;
        /* sockets and cores are per server; count multiplies */
        long long cores = o->cores ? o->cores : (long long)sockets * cps;
        if (cores * o->servers > MAX_ORACLE_CORES)
            return imp_yaml_fail(
                p, map, "oracle item '%s': %lld cores in total (x count %d), more than %lld",
                it->name, cores * o->servers, o->servers, MAX_ORACLE_CORES);
        o->sockets = sockets * o->servers;
        o->cores = (int)(cores * o->servers);
        if (o->edition == ORA_EE && !o->cores)
            return imp_yaml_fail(
                p, map,
                "on-premises EE is counted by cores: give 'cores' or 'sockets' and "
                "'cores_per_socket'");
        if (o->edition == ORA_SE2 && !sockets)
            return imp_yaml_fail(p, map,
                                 "on-premises SE2 is counted by sockets: missing field 'sockets'");
        /* SE2 is about the server's maximum socket capacity, not the sockets in use */
        int capacity = sockets;
        if ((st = int_field(p, map, "socket_capacity", 0, 1, 1024, &capacity)) != ST_OK)
            return st;
        if (sockets && capacity < sockets)
            return imp_yaml_fail(p, imp_yaml_get(p, map, "socket_capacity"),
                                 "field 'socket_capacity': %d is below the %d occupied 'sockets'",
                                 capacity, sockets);
        o->server_groups[0] = (struct ora_server_group){capacity, sockets, o->servers};
        o->nserver_groups = sockets ? 1 : 0;
        char *cpu = NULL;
        if ((st = imp_yaml_str_field(p, map, "cpu", 0, &cpu)) != ST_OK)
            return st;
        o->core_factor = 0.5;
        if (cpu) {
            o->core_factor = scn_oracle_core_factor(cpu);
            if (o->core_factor < 0) {
                st = imp_yaml_fail(
                    p, imp_yaml_get(p, map, "cpu"),
                    "field 'cpu': unknown CPU '%s' (intel, amd, x86, power, sparc, other; "
                    "or give core_factor)",
                    cpu);
                free(cpu);
                return st;
            }
            free(it->cpu);
            it->cpu = cpu;
        }
        if ((st = num_field(p, map, "core_factor", 0, MAX_CORE_FACTOR, &o->core_factor)) != ST_OK)
            return st;
    } else {
        if ((st = vm_size_field(p, map, 0, &it->size, &o->vcpus)) != ST_OK ||
            (st = int_field(p, map, "vcpus", 0, 1, 4096, &o->vcpus)) != ST_OK)
            return st;
        if (!o->vcpus)
            return imp_yaml_fail(p, map, "%s is counted by vCPUs: give 'vcpus' or a VM 'size'",
                                 o->platform == ORA_OCI ? "OCI" : "Azure");
        o->ht = 1;
        if ((st = bool_field(p, map, "hyperthreading", &o->ht)) != ST_OK)
            return st;
    }
    return ST_OK;
}

static enum status parse_oracle(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    static const char *const editions[] = {"ee", "se2", NULL};
    static const char *const platforms[] = {"onprem", "azure", "oci", NULL};
    static const char *const metrics[] = {"processor", "nup", NULL};
    static const char *const licensings[] = {"purchase", "byol", "included", NULL};
    struct oracle_spec *o = &it->oracle;
    int v = 0;
    enum status st;
    if ((st = imp_yaml_choice_field(p, map, "edition", 1, editions, &v)) != ST_OK)
        return st;
    o->edition = (enum ora_edition)v;
    if ((st = imp_yaml_choice_field(p, map, "platform", 1, platforms, &v)) != ST_OK)
        return st;
    o->platform = (enum ora_platform)v;
    v = 0;
    if ((st = imp_yaml_choice_field(p, map, "metric", 0, metrics, &v)) != ST_OK)
        return st;
    o->metric = (enum ora_metric)v;
    v = 0;
    if ((st = imp_yaml_choice_field(p, map, "licensing", 0, licensings, &v)) != ST_OK)
        return st;
    it->licensing = (enum ora_licensing)v;
    if ((st = int_field(p, map, "users", 0, 0, 10000000, &o->users)) != ST_OK)
        return st;
    if (o->metric == ORA_NUP && !imp_yaml_get(p, map, "users"))
        return imp_yaml_fail(p, map, "metric nup needs 'users' (named users)");
    it->owned = -1;
    if ((st = int_field(p, map, "owned", 0, 0, 10000000, &it->owned)) != ST_OK)
        return st;
    it->licence_price = -1;
    if ((st = num_field(p, map, "licence_price", 0, MAX_AMOUNT, &it->licence_price)) != ST_OK ||
        (st = frac_field(p, map, "discount", 0, &it->discount)) != ST_OK)
        return st;
    it->support_pct = 0.22;
    if ((st = frac_field(p, map, "support", 0, &it->support_pct)) != ST_OK)
        return st;
    if ((st = num_field(p, map, "included_price_per_hour", it->licensing == ORA_LIC_INCLUDED,
                        MAX_HOURLY, &it->included_price_per_hour)) != ST_OK ||
        (st = num_field(p, map, "hours_per_month", 0, HOURS_PER_MONTH, &it->hours_per_month)) !=
            ST_OK)
        return st;
    if ((st = parse_oracle_options(p, map, &o->options)) != ST_OK)
        return st;
    return parse_oracle_counting(p, map, it);
}

static enum status parse_server(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    enum status st = ST_OK;
    if ((st = int_field(p, map, "sockets", 0, 1, 1024, &it->sockets)) != ST_OK ||
        (st = int_field(p, map, "cores_per_socket", 0, 1, 1024, &it->cores_per_socket)) != ST_OK ||
        (st = imp_yaml_str_field(p, map, "cpu", 0, &it->cpu)) != ST_OK ||
        (st = num_field(p, map, "purchase_price", 0, MAX_AMOUNT, &it->purchase_price)) != ST_OK ||
        (st = int_field(p, map, "amortisation_years", 0, 0, MAX_YEARS, &it->amortisation_years)) !=
            ST_OK ||
        (st = num_field(p, map, "lease_per_month", 0, MAX_AMOUNT, &it->lease_per_month)) != ST_OK ||
        (st = int_field(p, map, "lease_years", it->lease_per_month > 0, 1, MAX_YEARS,
                        &it->lease_years)) != ST_OK ||
        (st = frac_field(p, map, "maintenance", 0, &it->maintenance_pct)) != ST_OK)
        return st;
    if (it->cpu && scn_oracle_core_factor(it->cpu) < 0)
        return imp_yaml_fail(p, imp_yaml_get(p, map, "cpu"),
                             "field 'cpu': unknown CPU '%s' (intel, amd, x86, power, sparc, other)",
                             it->cpu);
    if (!imp_yaml_get(p, map, "purchase_price") && !imp_yaml_get(p, map, "lease_per_month"))
        return imp_yaml_fail(
            p, map, "server '%s': missing field 'purchase_price' or 'lease_per_month'", it->name);
    if (it->maintenance_pct > 0 && !(it->purchase_price > 0))
        return imp_yaml_fail(p, imp_yaml_get(p, map, "maintenance"),
                             "field 'maintenance': a percentage of the purchase price needs "
                             "'purchase_price' (for leased servers use a recurring item)");
    return st;
}

static enum status parse_recurring(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    enum status st = ST_OK;
    if (!imp_yaml_get(p, map, "per_month") && !imp_yaml_get(p, map, "per_year"))
        return imp_yaml_fail(p, map, "recurring item '%s': missing field 'per_month' or 'per_year'",
                             it->name);
    if ((st = num_field(p, map, "per_month", 0, MAX_AMOUNT, &it->per_month)) != ST_OK ||
        (st = num_field(p, map, "per_year", 0, MAX_AMOUNT, &it->per_year)) != ST_OK ||
        (st = num_field(p, map, "quantity", 0, MAX_QUANTITY, &it->quantity)) != ST_OK)
        return st;
    return st;
}

static enum status parse_labour(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    enum status st = ST_OK;
    if ((st = num_field(p, map, "hours_per_month", 1, MAX_LABOUR_HOURS, &it->hours_per_month)) !=
            ST_OK ||
        (st = num_field(p, map, "rate_per_hour", 1, MAX_HOURLY, &it->rate_per_hour)) != ST_OK)
        return st;
    return st;
}

static enum status parse_vm(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    enum status st = ST_OK;
    it->price_from_store = imp_yaml_get(p, map, "price_per_hour") == NULL;
    if ((st = vm_size_field(p, map, 1, &it->size, &it->vcpus)) != ST_OK ||
        (st = num_field(p, map, "price_per_hour", 0, MAX_HOURLY, &it->price_per_hour)) != ST_OK ||
        (st = imp_yaml_str_field(p, map, "region", 0, &it->region)) != ST_OK ||
        (st = parse_hours(p, map, it)) != ST_OK || (st = parse_reservation(p, map, it)) != ST_OK)
        return st;
    if (it->price_from_store && imp_yaml_get(p, map, "currency"))
        return imp_yaml_fail(
            p, imp_yaml_get(p, map, "currency"),
            "field 'currency': without 'price_per_hour' the price and its currency come "
            "from the imported retail prices");
    return st;
}

static enum status parse_paas(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    enum status st = ST_OK;
    static const char *const services[] = {"postgresql-flexible", "sql-database", "app-service",
                                           "other", NULL};
    int sv = 0;
    if ((st = imp_yaml_choice_field(p, map, "service", 1, services, &sv)) != ST_OK)
        return st;
    it->service = strdup(services[sv]);
    if (!it->service)
        return err_set(p->e, ST_NOMEM, "out of memory");
    if ((st = imp_yaml_str_field(p, map, "tier", 0, &it->tier)) != ST_OK ||
        (st = num_field(p, map, "vcores", 0, MAX_VCORES, &it->vcores)) != ST_OK ||
        (st = num_field(p, map, "price_per_hour", 0, MAX_HOURLY, &it->price_per_hour)) != ST_OK ||
        (st = num_field(p, map, "price_per_vcore_hour", 0, MAX_HOURLY,
                        &it->price_per_vcore_hour)) != ST_OK ||
        (st = parse_hours(p, map, it)) != ST_OK || (st = parse_reservation(p, map, it)) != ST_OK)
        return st;
    if (!imp_yaml_get(p, map, "price_per_hour") && !imp_yaml_get(p, map, "price_per_vcore_hour"))
        return imp_yaml_fail(p, map,
                             "paas item '%s': missing field 'price_per_hour' or "
                             "'price_per_vcore_hour'",
                             it->name);
    if (imp_yaml_get(p, map, "price_per_vcore_hour") && !(it->vcores > 0))
        return imp_yaml_fail(p, map, "paas item '%s': 'price_per_vcore_hour' needs 'vcores'",
                             it->name);
    return st;
}

static enum status parse_one_off(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    enum status st = ST_OK;
    if ((st = num_field(p, map, "amount", 1, MAX_AMOUNT, &it->amount)) != ST_OK ||
        (st = int_field(p, map, "year", 0, 1, MAX_YEARS, &it->start_year)) != ST_OK)
        return st;
    return st;
}

static enum status parse_store(struct imp_yaml *p, yaml_node_t *map, struct scn_item *it)
{
    enum status st = ST_OK;
    it->months = 3;
    if ((st = imp_yaml_str_field(p, map, "subscription", 0, &it->subscription)) != ST_OK ||
        (st = imp_yaml_str_field(p, map, "department", 0, &it->department)) != ST_OK ||
        (st = bool_field(p, map, "all", &it->store_all)) != ST_OK ||
        (st = frac_field(p, map, "savings", 0, &it->savings_pct)) != ST_OK ||
        (st = int_field(p, map, "months", 0, 1, 36, &it->months)) != ST_OK)
        return st;
    if ((it->subscription != NULL) + (it->department != NULL) + (it->store_all != 0) != 1)
        return imp_yaml_fail(p, map,
                             "store item '%s': give exactly one of 'subscription', 'department' or "
                             "'all: true'",
                             it->name);
    yaml_node_t *an = imp_yaml_get(p, map, "apply");
    if (an) {
        static const char *const known[] = {"rightsize", "schedule", NULL};
        size_t n = an->type == YAML_SEQUENCE_NODE
                       ? (size_t)(an->data.sequence.items.top - an->data.sequence.items.start)
                       : 1;
        for (size_t i = 0; i < n; i++) {
            yaml_node_t *x = an->type == YAML_SEQUENCE_NODE
                                 ? imp_yaml_node(p, an->data.sequence.items.start[i])
                                 : an;
            const char *name = imp_yaml_scalar(x);
            unsigned bit = !name                         ? 0
                           : strcmp(name, known[0]) == 0 ? SCN_APPLY_RIGHTSIZE
                           : strcmp(name, known[1]) == 0 ? SCN_APPLY_SCHEDULE
                                                         : 0;
            if (!bit) {
                const char *hint = name ? imp_yaml_closest(name, known, 2) : NULL;
                return imp_yaml_fail(
                    p, x, "field 'apply': unknown '%s'%s%s%s (known: rightsize, schedule)",
                    name ? name : "?", hint ? " (did you mean '" : "", hint ? hint : "",
                    hint ? "'?)" : "");
            }
            it->apply |= bit;
        }
        if (it->subscription)
            return imp_yaml_fail(p, an,
                                 "field 'apply': right-sizing and schedule savings are known per "
                                 "department or for 'all', not per subscription");
    }
    return st;
}

static enum status parse_item(struct imp_yaml *p, yaml_node_t *map, const struct scenario *s,
                              struct scn_item *it)
{
    if (map->type != YAML_MAPPING_NODE)
        return imp_yaml_fail(p, map, "an item must be a mapping with 'type' and 'name'");
    it->line = imp_yaml_line(map);
    it->escalation = NAN;
    it->count = 1;
    it->quantity = 1;
    it->start_year = 1;
    it->currency = s->currency;
    int kind = -1;
    enum status st = imp_yaml_choice_field(p, map, "type", 1, type_names, &kind);
    if (st != ST_OK)
        return st;
    it->kind = (enum scn_kind)kind;
    char what[64];
    snprintf(what, sizeof what, "%s item", type_names[kind]);
    if ((st = imp_yaml_check_keys(p, map, what, kind_keys[kind])) != ST_OK)
        return st;
    if ((st = imp_yaml_str_field(p, map, "name", 1, &it->name)) != ST_OK)
        return st;
    static const char *const currencies[] = {"JPY", "USD", NULL};
    int cur = (int)it->currency;
    if ((st = imp_yaml_choice_field(p, map, "currency", 0, currencies, &cur)) != ST_OK)
        return st;
    it->currency = (enum scn_currency)cur;
    if ((st = int_field(p, map, "start_year", 0, 1, MAX_YEARS, &it->start_year)) != ST_OK ||
        (st = int_field(p, map, "end_year", 0, 1, MAX_YEARS, &it->end_year)) != ST_OK ||
        (st = num_field(p, map, "count", 0, MAX_COUNT, &it->count)) != ST_OK)
        return st;
    if (it->end_year && it->end_year < it->start_year)
        return imp_yaml_fail(p, imp_yaml_get(p, map, "end_year"),
                             "field 'end_year': %d is before start_year %d", it->end_year,
                             it->start_year);
    yaml_node_t *en = imp_yaml_get(p, map, "escalation");
    if (en) {
        double esc = 0;
        if ((st = frac_field(p, map, "escalation", 0, &esc)) != ST_OK)
            return st;
        it->escalation = esc;
    }
    static const enum scn_category default_cat[SCN_KIND_COUNT] = {
        SCN_CAT_HARDWARE, SCN_CAT_OTHER,          SCN_CAT_LABOUR,    SCN_CAT_COMPUTE,
        SCN_CAT_PAAS,     SCN_CAT_ORACLE_LICENCE, SCN_CAT_MIGRATION, SCN_CAT_CLOUD,
    };
    it->category = default_cat[kind];
    yaml_node_t *cn = imp_yaml_get(p, map, "category");
    if (cn && (it->kind == SCN_SERVER || it->kind == SCN_ORACLE))
        return imp_yaml_fail(
            p, cn, "field 'category': %s items report to fixed categories (%s); remove it",
            type_names[kind],
            it->kind == SCN_SERVER ? "hardware, maintenance" : "oracle_licence, oracle_support");
    if (cn) {
        const char *cs;
        if ((st = imp_yaml_scalar_of(p, cn, "category", &cs)) != ST_OK)
            return st;
        int c = scn_category_from_name(cs);
        if (c < 0) {
            const char *names[SCN_CAT_COUNT];
            for (int i = 0; i < SCN_CAT_COUNT; i++)
                names[i] = scn_category_name((enum scn_category)i);
            const char *hint = imp_yaml_closest(cs, names, SCN_CAT_COUNT);
            if (hint)
                return imp_yaml_fail(p, cn,
                                     "field 'category': unknown category '%s' (did you mean '%s'?)",
                                     cs, hint);
            return imp_yaml_fail(p, cn, "field 'category': unknown category '%s'", cs);
        }
        it->category = (enum scn_category)c;
    }

    static enum status (*const kind_parse[SCN_KIND_COUNT])(struct imp_yaml *, yaml_node_t *,
                                                           struct scn_item *) = {
        parse_server, parse_recurring, parse_labour,  parse_vm,
        parse_paas,   parse_oracle,    parse_one_off, parse_store,
    };
    return kind_parse[it->kind](p, map, it);
}

static const char *const alt_keys[] = {"name", "label", "note", "items", NULL};

static enum status parse_alternative(struct imp_yaml *p, yaml_node_t *map, const struct scenario *s,
                                     struct scn_alternative *alt)
{
    if (map->type != YAML_MAPPING_NODE)
        return imp_yaml_fail(p, map, "an alternative must be a mapping with 'name' and 'items'");
    alt->line = imp_yaml_line(map);
    enum status st = imp_yaml_check_keys(p, map, "alternative", alt_keys);
    if (st != ST_OK || (st = imp_yaml_str_field(p, map, "name", 1, &alt->name)) != ST_OK ||
        (st = imp_yaml_str_field(p, map, "label", 0, &alt->label)) != ST_OK)
        return st;
    yaml_node_t *items;
    char what[160];
    snprintf(what, sizeof what, "alternative '%s'", alt->name);
    if ((st = imp_yaml_need(p, map, what, "items", &items)) != ST_OK)
        return st;
    if (items->type != YAML_SEQUENCE_NODE)
        return imp_yaml_fail(p, items, "field 'items': expected a list of items");
    size_t n = (size_t)(items->data.sequence.items.top - items->data.sequence.items.start);
    if (n == 0)
        return imp_yaml_fail(p, items, "alternative '%s' has no items", alt->name);
    alt->items = calloc(n, sizeof *alt->items);
    if (!alt->items)
        return err_set(p->e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        alt->nitems = i + 1;
        st =
            parse_item(p, imp_yaml_node(p, items->data.sequence.items.start[i]), s, &alt->items[i]);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

static const char *const top_keys[] = {
    "name",    "description", "start_fy",      "years",    "fy_start_month", "currency",
    "usd_jpy", "escalation",  "discount_rate", "baseline", "alternatives",   NULL};

static enum status parse_root(struct imp_yaml *p, const struct imp_scenario_options *opt,
                              struct scenario *s)
{
    yaml_node_t *root = yaml_document_get_root_node(p->doc);
    if (!root)
        return err_set(p->e, ST_PARSE, "%s: the file is empty", p->path);
    if (root->type != YAML_MAPPING_NODE)
        return imp_yaml_fail(p, root,
                             "a scenario must be a mapping (name:, years:, alternatives:)");
    enum status st = imp_yaml_check_keys(p, root, "scenario", top_keys);
    if (st != ST_OK || (st = imp_yaml_str_field(p, root, "name", 1, &s->name)) != ST_OK)
        return st;
    int need_fy = !(opt && opt->start_fy > 0);
    if (!need_fy)
        s->start_fy = opt->start_fy;
    s->fy_start_month = 4;
    if ((st = int_field(p, root, "start_fy", need_fy, 1900, 2999, &s->start_fy)) != ST_OK ||
        (st = int_field(p, root, "years", !(opt && opt->years > 0), 1, MAX_YEARS, &s->years)) !=
            ST_OK ||
        (st = int_field(p, root, "fy_start_month", 0, 1, 12, &s->fy_start_month)) != ST_OK)
        return st;
    if (opt && opt->years > 0)
        s->years = opt->years;
    static const char *const currencies[] = {"JPY", "USD", NULL};
    int cur = 0;
    if ((st = imp_yaml_choice_field(p, root, "currency", 0, currencies, &cur)) != ST_OK)
        return st;
    s->currency = (enum scn_currency)cur;
    if ((st = num_field(p, root, "usd_jpy", 0, MAX_USD_JPY, &s->usd_jpy)) != ST_OK ||
        (st = frac_field(p, root, "escalation", 0, &s->escalation)) != ST_OK ||
        (st = frac_field(p, root, "discount_rate", 0, &s->discount_rate)) != ST_OK)
        return st;
    if (imp_yaml_get(p, root, "usd_jpy") && !(s->usd_jpy > 0))
        return imp_yaml_fail(p, imp_yaml_get(p, root, "usd_jpy"),
                             "field 'usd_jpy': must be above 0");
    yaml_node_t *alts;
    if ((st = imp_yaml_need(p, root, "scenario", "alternatives", &alts)) != ST_OK)
        return st;
    if (alts->type != YAML_SEQUENCE_NODE)
        return imp_yaml_fail(p, alts, "field 'alternatives': expected a list of alternatives");
    size_t n = (size_t)(alts->data.sequence.items.top - alts->data.sequence.items.start);
    if (n == 0)
        return imp_yaml_fail(p, alts, "field 'alternatives': the list is empty");
    s->alts = calloc(n, sizeof *s->alts);
    if (!s->alts)
        return err_set(p->e, ST_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        s->nalts = i + 1;
        yaml_node_t *an = imp_yaml_node(p, alts->data.sequence.items.start[i]);
        if ((st = parse_alternative(p, an, s, &s->alts[i])) != ST_OK)
            return st;
        for (size_t j = 0; j < i; j++)
            if (s->alts[j].name && s->alts[i].name && strcmp(s->alts[j].name, s->alts[i].name) == 0)
                return imp_yaml_fail(p, an, "alternative '%s' is defined twice", s->alts[i].name);
    }
    /* the exchange rate is needed as soon as anything is in the other currency */
    int needs_fx = 0;
    for (size_t a = 0; a < s->nalts; a++)
        for (size_t i = 0; i < s->alts[a].nitems; i++) {
            const struct scn_item *it = &s->alts[a].items[i];
            if (it->currency != s->currency ||
                (it->kind == SCN_ORACLE && it->licence_price < 0 && s->currency != SCN_USD &&
                 it->currency != SCN_USD && it->licensing != ORA_LIC_INCLUDED))
                needs_fx = 1;
        }
    if (needs_fx && !(s->usd_jpy > 0))
        return imp_yaml_fail(
            p, root,
            "missing field 'usd_jpy': some amounts are in USD (Oracle list prices are USD)");
    char *base = NULL;
    if ((st = imp_yaml_str_field(p, root, "baseline", 0, &base)) != ST_OK)
        return st;
    s->baseline = 0;
    if (base) {
        size_t found = s->nalts;
        for (size_t a = 0; a < s->nalts; a++)
            if (s->alts[a].name && strcmp(s->alts[a].name, base) == 0)
                found = a;
        if (found == s->nalts) {
            st = imp_yaml_fail(p, imp_yaml_get(p, root, "baseline"),
                               "field 'baseline': no alternative is named '%s'", base);
            free(base);
            return st;
        }
        s->baseline = found;
        free(base);
    }
    return ST_OK;
}

static enum status load(struct imp_yaml *p, yaml_parser_t *parser,
                        const struct imp_scenario_options *opt, struct scenario *out,
                        const char *text, FILE *f)
{
    yaml_document_t doc;
    enum status lst = imp_yaml_load(p, parser, text, f, &doc);
    if (lst != ST_OK)
        return lst;
    p->doc = &doc;
    enum status st = parse_root(p, opt, out);
    yaml_document_delete(&doc);
    p->doc = NULL;
    if (st == ST_OK) {
        out->path = strdup(p->path);
        if (!out->path)
            st = err_set(p->e, ST_NOMEM, "out of memory");
    }
    return st;
}

enum status imp_scenario_buffer(const char *name, const char *text, size_t len,
                                const struct imp_scenario_options *opt, struct scenario *out,
                                struct err *e)
{
    memset(out, 0, sizeof *out);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return err_set(e, ST_NOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    struct imp_yaml p = {.path = name, .e = e};
    enum status st = load(&p, &parser, opt, out, text, NULL);
    yaml_parser_delete(&parser);
    if (st != ST_OK)
        scenario_release(out);
    return st;
}

enum status imp_scenario_file(const char *path, const struct imp_scenario_options *opt,
                              struct scenario *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ST_IO, "cannot open '%s': %s", path, strerror(errno));
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    yaml_parser_set_input_file(&parser, f);
    struct imp_yaml p = {.path = path, .e = e};
    enum status st = load(&p, &parser, opt, out, NULL, f);
    yaml_parser_delete(&parser);
    fclose(f);
    if (st != ST_OK)
        scenario_release(out);
    return st;
}
