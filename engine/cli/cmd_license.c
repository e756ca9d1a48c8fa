/*
 * cmd_license.c - `yosan license oracle ...`: the quick licence calculator
 * (how many Oracle Database licences, what they cost, which rule applied).
 *
 * Glue only: options -> struct oracle_spec -> mdl_oracle_count() -> table.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mdl_oracle.h"
#include "rpt_money.h"
#include "rpt_table.h"

const char *const cmd_license_usage[] = {
    "usage: yosan license oracle --edition ee|se2 --platform onprem|azure|oci",
    "                            (--cores N | --server-sockets LIST | --vcpus N) [--ht|--no-ht]",
    "                            [--cpu intel|amd|x86|power|sparc|other] [--core-factor F]",
    "                            [--servers N] [--metric processor|nup] [--users N]",
    "                            [--options LIST] [--usd-jpy RATE] [--format table|json]",
    "",
    "Count the Oracle Database licences a system needs, with the rule applied in words,",
    "and price them at list (Oracle Technology Global Price List, USD).",
    "",
    "  --edition E       ee (Enterprise Edition) or se2 (Standard Edition 2)",
    "  --platform P      onprem (core factor table), azure (authorised cloud: vCPUs),",
    "                    oci (1 OCPU = 2 vCPUs = 1 processor)",
    "  --cores N         on-premises: physical cores in total (EE)",
    "  --server-sockets LIST  on-premises SE2: each server as CAPACITY:OCCUPIED sockets,",
    "                    comma-separated (2:1,2:2); a bare N is an N-socket server, full.",
    "                    SE2 may only be licensed on servers whose maximum capacity is",
    "                    2 sockets, however many are occupied (docs/oracle.md)",
    "  --vcpus N         cloud: vCPUs per instance",
    "  --ht, --no-ht     cloud: hyper-threading on (default) or off",
    "  --cpu C           on-premises CPU family for the core factor (default intel: 0.5)",
    "  --core-factor F   core factor, overriding --cpu",
    "  --servers N       EE on-premises / cloud: servers or instances (default 1)",
    "  --metric M        processor (default) or nup (Named User Plus)",
    "  --users N         named users for nup",
    "  --options LIST    EE options, comma-separated: rac,partitioning,diagnostics,tuning",
    "  --usd-jpy RATE    also show the costs in yen at this rate",
    "  --format F        table (default) or json",
    NULL,
};

static int parse_pos_int(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0 || v > 1000000)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_pos_double(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v > 0) || v > 1e9)
        return -1;
    *out = v;
    return 0;
}

static const char *const platforms[] = {"onprem", "azure", "oci", NULL};

/* "2:1,2:2,1" -> one group per server (capacity:occupied; a bare N = N:N).
 * Returns -1 with *bad pointing at the entry that does not parse. */
static int parse_server_sockets(const char *text, struct oracle_spec *sp, const char **bad)
{
    const char *p = text;
    sp->nserver_groups = 0;
    sp->sockets = 0;
    while (*p) {
        *bad = p;
        char *end;
        long cap = strtol(p, &end, 10), occ;
        if (end == p || cap < 1 || cap > 1024)
            return -1;
        occ = cap;
        if (*end == ':') {
            const char *q = end + 1;
            occ = strtol(q, &end, 10);
            if (end == q || occ < 1 || occ > cap)
                return -1;
        }
        if ((*end != ',' && *end) || sp->nserver_groups >= ORA_MAX_SERVER_GROUPS)
            return -1;
        sp->server_groups[sp->nserver_groups++] = (struct ora_server_group){(int)cap, (int)occ, 1};
        sp->sockets += (int)occ;
        p = *end ? end + 1 : end;
        if (*end && !*p)
            return -1; /* trailing comma */
    }
    return sp->nserver_groups > 0 ? 0 : -1;
}

/* Parse the options into a spec; usage errors are recorded in ctx. */
static enum status parse_license_args(int argc, char **argv, struct cli_ctx *ctx,
                                      struct oracle_spec *out, int *out_fmt, double *out_usd_jpy)
{
    static const struct option opts[] = {
        {"edition", required_argument, NULL, 'e'},
        {"platform", required_argument, NULL, 'p'},
        {"cores", required_argument, NULL, 'c'},
        {"sockets", required_argument, NULL, 's'},
        {"server-sockets", required_argument, NULL, 'k'},
        {"vcpus", required_argument, NULL, 'v'},
        {"ht", no_argument, NULL, 'H'},
        {"no-ht", no_argument, NULL, 'N'},
        {"cpu", required_argument, NULL, 'C'},
        {"core-factor", required_argument, NULL, 'F'},
        {"servers", required_argument, NULL, 'S'},
        {"metric", required_argument, NULL, 'm'},
        {"users", required_argument, NULL, 'u'},
        {"options", required_argument, NULL, 'o'},
        {"usd-jpy", required_argument, NULL, 'x'},
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    static const char *const editions[] = {"ee", "se2", NULL};
    static const char *const metrics[] = {"processor", "nup", NULL};
    static const char *const formats[] = {"table", "json", NULL};
    const char *const *u = cmd_license_usage;
    struct oracle_spec sp = {.ht = 1, .core_factor = 0.5, .servers = 1};
    int edition = -1, platform = -1, fmt = 0, c, ht_given = 0, servers_listed = 0,
        servers_given = 0;
    double usd_jpy = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if ((edition = cli_choice(optarg, editions)) < 0)
                return cli_usage_error(ctx, u, "--edition: expected ee or se2, got '%s'", optarg);
            break;
        case 'p':
            if ((platform = cli_choice(optarg, platforms)) < 0)
                return cli_usage_error(
                    ctx, u, "--platform: expected onprem, azure or oci, got '%s'", optarg);
            break;
        case 'c':
            if (parse_pos_int(optarg, &sp.cores) < 0 || sp.cores == 0)
                return cli_usage_error(
                    ctx, u, "--cores: expected a whole number 1..1000000, got '%s'", optarg);
            break;
        case 's': /* the old total-sockets option could not tell a 3+1 pair from 2+2 */
            return cli_usage_error(ctx, u,
                                   "--sockets: give each server as --server-sockets "
                                   "CAPACITY:OCCUPIED,... (SE2 may only be licensed on servers "
                                   "with a maximum capacity of 2 sockets)");
        case 'k': {
            const char *bad = optarg;
            if (parse_server_sockets(optarg, &sp, &bad) < 0)
                return cli_usage_error(ctx, u,
                                       "--server-sockets: expected CAPACITY:OCCUPIED per server "
                                       "(e.g. 2:1,2:2; at most %d servers), got '%s'",
                                       ORA_MAX_SERVER_GROUPS, bad);
            servers_listed = 1;
            break;
        }
        case 'v':
            if (parse_pos_int(optarg, &sp.vcpus) < 0 || sp.vcpus == 0)
                return cli_usage_error(
                    ctx, u, "--vcpus: expected a whole number 1..1000000, got '%s'", optarg);
            break;
        case 'H':
        case 'N':
            sp.ht = c == 'H';
            ht_given = 1;
            break;
        case 'C':
            if ((sp.core_factor = scn_oracle_core_factor(optarg)) < 0)
                return cli_usage_error(ctx, u,
                                       "--cpu: expected intel, amd, x86, power, sparc or other, "
                                       "got '%s'",
                                       optarg);
            break;
        case 'F':
            if (parse_pos_double(optarg, &sp.core_factor) < 0 || sp.core_factor > 4)
                return cli_usage_error(
                    ctx, u,
                    "--core-factor: expected a number over 0 and at most 4 "
                    "(Oracle's core factor, e.g. 0.5 for Intel and AMD), got '%s'",
                    optarg);
            break;
        case 'S':
            if (parse_pos_int(optarg, &sp.servers) < 0 || sp.servers == 0)
                return cli_usage_error(
                    ctx, u, "--servers: expected a whole number 1..1000000, got '%s'", optarg);
            servers_given = 1;
            break;
        case 'm': {
            int m = cli_choice(optarg, metrics);
            if (m < 0)
                return cli_usage_error(ctx, u, "--metric: expected processor or nup, got '%s'",
                                       optarg);
            sp.metric = (enum ora_metric)m;
            break;
        }
        case 'u':
            if (parse_pos_int(optarg, &sp.users) < 0)
                return cli_usage_error(
                    ctx, u, "--users: expected a whole number 0..1000000, got '%s'", optarg);
            break;
        case 'o': {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", optarg);
            char *save = NULL;
            for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                unsigned bit = scn_oracle_option_from_name(t);
                if (!bit)
                    return cli_usage_error(ctx, u,
                                           "--options: unknown option '%s' (rac, partitioning, "
                                           "diagnostics, tuning)",
                                           t);
                sp.options |= bit;
            }
            break;
        }
        case 'x':
            if (parse_pos_double(optarg, &usd_jpy) < 0)
                return cli_usage_error(ctx, u,
                                       "--usd-jpy: expected yen per dollar over 0 and at most "
                                       "1e9, like 150, got '%s'",
                                       optarg);
            break;
        case 'f':
            if ((fmt = cli_choice(optarg, formats)) < 0)
                return cli_usage_error(ctx, u, "--format: expected table or json, got '%s'",
                                       optarg);
            break;
        default:
            return cli_option_error(ctx, u, argv);
        }
    }
    if (optind >= argc || strcmp(argv[optind], "oracle") != 0)
        return cli_usage_error(ctx, u, "expected 'oracle' (the only product so far)");
    if (optind + 1 != argc)
        return cli_usage_error(ctx, u, "unexpected argument '%s'", argv[optind + 1]);
    if (edition < 0 || platform < 0)
        return cli_usage_error(ctx, u, "--edition and --platform are required");
    sp.edition = (enum ora_edition)edition;
    sp.platform = (enum ora_platform)platform;
    if (sp.platform == ORA_ONPREM && sp.vcpus)
        return cli_usage_error(
            ctx, u, "on-premises is counted by --cores or --server-sockets, not --vcpus");
    if (sp.platform != ORA_ONPREM && (sp.cores || sp.sockets))
        return cli_usage_error(ctx, u, "%s is counted by --vcpus",
                               sp.platform == ORA_AZURE ? "Azure" : "OCI");
    if (servers_listed && (sp.platform != ORA_ONPREM || sp.edition != ORA_SE2))
        return cli_usage_error(ctx, u, "--server-sockets is for on-premises SE2 only");
    if (sp.platform == ORA_ONPREM && sp.edition == ORA_SE2) {
        if (!servers_listed)
            return cli_usage_error(ctx, u,
                                   "on-premises SE2 needs each server's socket capacity: "
                                   "--server-sockets CAPACITY:OCCUPIED,... (SE2 may only be "
                                   "licensed on servers with a maximum capacity of 2 sockets)");
        if (servers_given)
            return cli_usage_error(ctx, u,
                                   "--servers: the --server-sockets list gives the servers");
        sp.servers = sp.nserver_groups;
    }
    if (ht_given && sp.platform == ORA_ONPREM)
        return cli_usage_error(ctx, u, "--ht/--no-ht apply to cloud platforms only");
    if (sp.metric == ORA_NUP && sp.users == 0)
        return cli_usage_error(ctx, u, "--metric nup needs --users");

    *out = sp;
    *out_fmt = fmt;
    *out_usd_jpy = usd_jpy;
    return ST_OK;
}

/* Format the count as a key/value table (text) or one JSON object row. */
static enum status print_license(struct cli_ctx *ctx, const struct oracle_spec *spec,
                                 const struct ora_count *count, int fmt, double usd_jpy)
{
    const struct oracle_spec sp = *spec;
    const struct ora_count oc = *count;
    enum status st = ST_OK;
    char processors[24], nupmin[24], licences[24], unit[32], lic[32], sup[32], lic_jpy[32],
        sup_jpy[32], rate[32];
    snprintf(processors, sizeof processors, "%ld", oc.processors);
    snprintf(nupmin, sizeof nupmin, "%ld", oc.nup_minimum);
    snprintf(licences, sizeof licences, "%ld", oc.licences);
    snprintf(unit, sizeof unit, "%.0f", oc.unit_price);
    snprintf(lic, sizeof lic, "%.0f", oc.licence_cost);
    snprintf(sup, sizeof sup, "%.0f", oc.support_cost);
    snprintf(lic_jpy, sizeof lic_jpy, "%.0f", oc.licence_cost * usd_jpy);
    snprintf(sup_jpy, sizeof sup_jpy, "%.0f", oc.support_cost * usd_jpy);
    snprintf(rate, sizeof rate, "%g", usd_jpy);
    char opts_text[128] = "";
    for (int i = 0; i < ORA_OPT_COUNT; i++)
        if (sp.options & (1U << i)) {
            size_t len = strlen(opts_text);
            snprintf(opts_text + len, sizeof opts_text - len, "%s%s", len ? "," : "",
                     scn_oracle_option_name(i));
        }
    struct {
        const char *key;
        const char *value;
        int num;
    } rows[] = {
        {"edition", sp.edition == ORA_EE ? "EE" : "SE2", 0},
        {"platform", platforms[sp.platform], 0},
        {"metric", sp.metric == ORA_NUP ? "nup" : "processor", 0},
        {"options", opts_text, 0},
        {"rule", oc.rule, 0},
        {"processor_licences", processors, 1},
        {"nup_minimum", sp.metric == ORA_NUP ? nupmin : "", 1},
        {"licences", licences, 1},
        {"unit_price_usd", unit, 1},
        {"licence_cost_usd", lic, 1},
        {"support_per_year_usd", sup, 1},
        {"usd_jpy", usd_jpy > 0 ? rate : "", 1},
        {"licence_cost_jpy", usd_jpy > 0 ? lic_jpy : "", 1},
        {"support_per_year_jpy", usd_jpy > 0 ? sup_jpy : "", 1},
    };
    size_t nrows = sizeof rows / sizeof rows[0];
    struct rpt_table t = {0};
    if (fmt == 0) {
        static const char *const headers[] = {"item", "value"};
        static const enum rpt_col_type types[] = {RPT_TEXT, RPT_TEXT};
        if ((st = rpt_table_init(&t, 2, headers, types)) != ST_OK)
            return err_set(&ctx->err, st, "out of memory");
        for (size_t i = 0; i < nrows && st == ST_OK; i++) {
            if (!*rows[i].value)
                continue;
            char grouped[48]; /* figures for eyes: 57,000,000 */
            const char *row[] = {
                rows[i].key, rows[i].num ? rpt_group_digits(rows[i].value, grouped, sizeof grouped)
                                         : rows[i].value};
            st = rpt_table_add(&t, row);
        }
    } else {
        const char *headers[32];
        enum rpt_col_type types[32];
        const char *row[32];
        for (size_t i = 0; i < nrows; i++) {
            headers[i] = rows[i].key;
            types[i] = rows[i].num ? RPT_NUM : RPT_TEXT;
            row[i] = rows[i].value;
        }
        if ((st = rpt_table_init(&t, nrows, headers, types)) == ST_OK)
            st = rpt_table_add(&t, row);
    }
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt == 0 ? RPT_FMT_TABLE : RPT_FMT_JSON, 0);
    else
        err_set(&ctx->err, st, "out of memory");
    rpt_table_release(&t);
    return st;
}

enum status cmd_license(int argc, char **argv, struct cli_ctx *ctx)
{
    struct oracle_spec sp = {0};
    int fmt = 0;
    double usd_jpy = 0;
    enum status st = parse_license_args(argc, argv, ctx, &sp, &fmt, &usd_jpy);
    if (st != ST_OK)
        return st;
    struct ora_count oc;
    if (mdl_oracle_count(&sp, &oc, &ctx->err) != ST_OK) {
        ctx->err.code = ST_USAGE; /* the inputs came from the command line */
        return ST_USAGE;
    }
    return print_license(ctx, &sp, &oc, fmt, usd_jpy);
}
