/*
 * cmd_pull.c - `yosan pull cost|prices|metrics`: parse the options, set up
 * the HTTP client and credentials, and wire the pulls (imp_pull.h) to the
 * importers that already read exports from disk (imp_cost_file,
 * imp_prices_json_buffer, imp_metrics_json_buffer). Glue only.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "date.h"
#include "imp_azure_auth.h"
#include "imp_cost.h"
#include "imp_http.h"
#include "imp_metrics.h"
#include "imp_prices.h"
#include "imp_pull.h"
#include "log.h"
#include "mdl_disktier.h"
#include "mdl_paas.h"
#include "store_pull.h"
#include "store_rightsize.h"

const char *const cmd_pull_usage[] = {
    "usage: yosan pull cost --scope SCOPE --from YYYY-MM-DD --to YYYY-MM-DD",
    "                       [--dataset actual|amortized] [--via details|query] [--force]",
    "                       [--keep DIR]",
    "   or: yosan pull prices [--region LIST] [--currency CODE] [--service NAME]",
    "   or: yosan pull metrics [--subscription ID] [--resource-group RG] [--resource ID]...",
    "                          [--days N] [--disks] [--paas] [--concurrency N] [--rps N]",
    "",
    "Pull costs, retail prices or VM metrics straight from the Azure APIs into the",
    "database. Costs go month by month (the Cost Details API allows one month per",
    "request); each month is imported as one file, all or nothing, and recorded, so",
    "a rerun after an interruption fetches only the months still missing (the month",
    "containing today is always fetched again).",
    "",
    "cost:",
    "  --scope SCOPE         ARM scope, e.g. /subscriptions/GUID or",
    "                        /providers/Microsoft.Billing/billingAccounts/ID",
    "  --from, --to DATE     first and last usage day (inclusive)",
    "  --dataset KIND        actual (default) or amortized",
    "  --via API             details (Cost Details reports, default) or query (Cost",
    "                        Management Query API, daily totals by resource and meter)",
    "  --force               fetch months already pulled again",
    "  --keep DIR            also keep each month's CSV in DIR",
    "prices (public API, no credentials needed):",
    "  --region LIST         armRegionName values, comma-separated (default: all)",
    "  --currency CODE       currencyCode (default JPY)",
    "  --service NAME        serviceName (default 'Virtual Machines'; '' for all)",
    "  --prices-endpoint URL base URL (default https://prices.azure.com)",
    "metrics (hourly Percentage CPU, Available Memory Bytes, Network In/Out Total):",
    "  --resource ID         a VM resource id (repeatable); default: the VMs in the",
    "                        cost data, or the ARM VM list of --subscription; a",
    "                        storage account id gets UsedCapacity and Transactions",
    "                        (a workspace has no ingestion metric: docs/metrics.md)",
    "  --subscription ID     only VMs of this subscription",
    "  --resource-group RG   only VMs of this resource group",
    "  --days N              look-back in days (default 30)",
    "  --disks               also the Premium SSD disks billed in those days (their",
    "                        Composite Disk Read/Write Operations/sec, for rightsize)",
    "  --paas                also the App Service plans (CpuPercentage, MemoryPercentage,",
    "                        BytesReceived/Sent) and SQL databases (cpu_percent,",
    "                        storage_percent, connection_successful) billed in those days",
    "  --concurrency N       requests in flight (default 4, at most 16)",
    "  --rps N               requests started per second (default 10)",
    "connection and credentials:",
    "  --endpoint URL        Resource Manager (default https://management.azure.com)",
    "  --login-endpoint URL  Entra ID (default https://login.microsoftonline.com)",
    "  --tenant ID           tenant (or $AZURE_TENANT_ID)",
    "  --client-id ID        app id (or $AZURE_CLIENT_ID); the secret comes from",
    "                        $AZURE_CLIENT_SECRET or --client-secret-file",
    "  --client-secret-file FILE  a file holding the secret, mode 0600",
    "  --managed-identity    get tokens from the instance metadata service",
    "  --cacert FILE         trust this CA (PEM) in addition to the system ones",
    "  --insecure-http-loopback  allow http:// endpoints on 127.0.0.1/localhost (test",
    "                        servers); otherwise tokens and secrets go only over https",
    "  --timeout SECONDS     per request, default 300; --connect-timeout default 10",
    "  --retries N           retries of throttled or failed requests (default 5)",
    "A token in $AZURE_ACCESS_TOKEN is used as is. Proxies come from https_proxy,",
    "http_proxy and no_proxy. TLS certificates are always verified, and a token,",
    "client secret or SAS link is never sent over plain http (exit 2).",
    NULL,
};

enum {
    OPT_SCOPE = 256,
    OPT_FROM,
    OPT_TO,
    OPT_DATASET,
    OPT_VIA,
    OPT_FORCE,
    OPT_KEEP,
    OPT_REGION,
    OPT_CURRENCY,
    OPT_SERVICE,
    OPT_PRICES_ENDPOINT,
    OPT_SUBSCRIPTION,
    OPT_RESOURCE_GROUP,
    OPT_RESOURCE,
    OPT_DAYS,
    OPT_CONCURRENCY,
    OPT_RPS,
    OPT_ENDPOINT,
    OPT_LOGIN_ENDPOINT,
    OPT_TENANT,
    OPT_CLIENT_ID,
    OPT_SECRET_FILE,
    OPT_MANAGED_IDENTITY,
    OPT_CACERT,
    OPT_HTTP_LOOPBACK,
    OPT_TIMEOUT,
    OPT_CONNECT_TIMEOUT,
    OPT_RETRIES,
    OPT_DISKS,
    OPT_PAAS,
};

struct pull_args {
    const char *scope, *from, *to, *dataset, *via, *keep;      /* cost */
    int force;                                                 /* cost */
    const char *region, *currency, *service, *prices_endpoint; /* prices */
    const char *subscription, *resource_group;                 /* metrics */
    char **resources;                                          /* --resource values (borrowed) */
    size_t nresources;                                         /* how many */
    long days, concurrency;                                    /* metrics */
    double rps;                                                /* metrics */
    int disks; /* metrics: also the Premium SSD disks billed in the last --days days */
    int paas;  /* metrics: also the App Service plans and SQL databases billed then */
    struct imp_auth_config auth;         /* credentials and endpoints */
    const char *cacert;                  /* --cacert */
    int http_loopback;                   /* --insecure-http-loopback */
    double timeout_s, connect_timeout_s; /* 0 = defaults */
    long retries;                        /* -1 = default */
};

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static enum status parse_args(int argc, char **argv, struct pull_args *a, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"scope", required_argument, NULL, OPT_SCOPE},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"dataset", required_argument, NULL, OPT_DATASET},
        {"via", required_argument, NULL, OPT_VIA},
        {"force", no_argument, NULL, OPT_FORCE},
        {"keep", required_argument, NULL, OPT_KEEP},
        {"region", required_argument, NULL, OPT_REGION},
        {"currency", required_argument, NULL, OPT_CURRENCY},
        {"service", required_argument, NULL, OPT_SERVICE},
        {"prices-endpoint", required_argument, NULL, OPT_PRICES_ENDPOINT},
        {"subscription", required_argument, NULL, OPT_SUBSCRIPTION},
        {"resource-group", required_argument, NULL, OPT_RESOURCE_GROUP},
        {"resource", required_argument, NULL, OPT_RESOURCE},
        {"days", required_argument, NULL, OPT_DAYS},
        {"disks", no_argument, NULL, OPT_DISKS},
        {"paas", no_argument, NULL, OPT_PAAS},
        {"concurrency", required_argument, NULL, OPT_CONCURRENCY},
        {"rps", required_argument, NULL, OPT_RPS},
        {"endpoint", required_argument, NULL, OPT_ENDPOINT},
        {"login-endpoint", required_argument, NULL, OPT_LOGIN_ENDPOINT},
        {"tenant", required_argument, NULL, OPT_TENANT},
        {"client-id", required_argument, NULL, OPT_CLIENT_ID},
        {"client-secret-file", required_argument, NULL, OPT_SECRET_FILE},
        {"managed-identity", no_argument, NULL, OPT_MANAGED_IDENTITY},
        {"cacert", required_argument, NULL, OPT_CACERT},
        {"insecure-http-loopback", no_argument, NULL, OPT_HTTP_LOOPBACK},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
        {"retries", required_argument, NULL, OPT_RETRIES},
        {NULL, 0, NULL, 0},
    };
    const char *const *u = cmd_pull_usage;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_SCOPE:
            a->scope = optarg;
            break;
        case OPT_FROM:
            a->from = optarg;
            break;
        case OPT_TO:
            a->to = optarg;
            break;
        case OPT_DATASET:
            a->dataset = optarg;
            break;
        case OPT_VIA:
            a->via = optarg;
            break;
        case OPT_FORCE:
            a->force = 1;
            break;
        case OPT_KEEP:
            a->keep = optarg;
            break;
        case OPT_REGION:
            a->region = optarg;
            break;
        case OPT_CURRENCY:
            a->currency = optarg;
            break;
        case OPT_SERVICE:
            a->service = optarg;
            break;
        case OPT_PRICES_ENDPOINT:
            a->prices_endpoint = optarg;
            break;
        case OPT_SUBSCRIPTION:
            a->subscription = optarg;
            break;
        case OPT_RESOURCE_GROUP:
            a->resource_group = optarg;
            break;
        case OPT_RESOURCE: {
            char **nv = realloc(a->resources, (a->nresources + 1) * sizeof *nv);
            if (!nv)
                return err_set(&ctx->err, ST_NOMEM, "out of memory");
            a->resources = nv;
            a->resources[a->nresources++] = optarg;
            break;
        }
        case OPT_PAAS:
            a->paas = 1;
            break;
        case OPT_DISKS:
            a->disks = 1;
            break;
        case OPT_DAYS:
            if (parse_long(optarg, 1, 93, &a->days) != 0)
                return cli_usage_error(ctx, u,
                                       "--days: expected 1..93 (Azure Monitor keeps "
                                       "platform metrics 93 days), got '%s'",
                                       optarg);
            break;
        case OPT_CONCURRENCY:
            if (parse_long(optarg, 1, 16, &a->concurrency) != 0)
                return cli_usage_error(ctx, u,
                                       "--concurrency: expected 1..16 (requests at once), "
                                       "got '%s'",
                                       optarg);
            break;
        case OPT_RPS:
            if (parse_double(optarg, 0.01, 1000, &a->rps) != 0)
                return cli_usage_error(
                    ctx, u, "--rps: expected 0.01..1000 (requests a second), got '%s'", optarg);
            break;
        case OPT_ENDPOINT:
            a->auth.endpoint = optarg;
            break;
        case OPT_LOGIN_ENDPOINT:
            a->auth.login_endpoint = optarg;
            break;
        case OPT_TENANT:
            a->auth.tenant = optarg;
            break;
        case OPT_CLIENT_ID:
            a->auth.client_id = optarg;
            break;
        case OPT_SECRET_FILE:
            a->auth.secret_file = optarg;
            break;
        case OPT_MANAGED_IDENTITY:
            a->auth.managed_identity = 1;
            break;
        case OPT_CACERT:
            a->cacert = optarg;
            break;
        case OPT_HTTP_LOOPBACK:
            a->http_loopback = 1;
            break;
        case OPT_TIMEOUT:
            if (parse_double(optarg, 0.1, 86400, &a->timeout_s) != 0)
                return cli_usage_error(ctx, u, "--timeout: expected seconds 0.1..86400, got '%s'",
                                       optarg);
            break;
        case OPT_CONNECT_TIMEOUT:
            if (parse_double(optarg, 0.1, 3600, &a->connect_timeout_s) != 0)
                return cli_usage_error(
                    ctx, u, "--connect-timeout: expected seconds 0.1..3600, got '%s'", optarg);
            break;
        case OPT_RETRIES:
            if (parse_long(optarg, 0, 20, &a->retries) != 0)
                return cli_usage_error(ctx, u,
                                       "--retries: expected 0..20 (retries of a failed "
                                       "request), got '%s'",
                                       optarg);
            break;
        default:
            return cli_option_error(ctx, u, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, u, "unexpected argument '%s'", argv[optind]);
    return ST_OK;
}

/* ---- import callbacks: the pulls hand over complete units ---- */

static enum status import_cost_csv(struct store *s, const char *path, void *ctx, int64_t *rows,
                                   int64_t *import_id, struct err *e)
{
    struct imp_cost_options opt = {.dataset = ctx};
    struct imp_cost_result res;
    enum status st = imp_cost_file(s, path, &opt, &res, e);
    if (st != ST_OK)
        return st;
    *rows = res.duplicate ? 0 : res.rows;
    *import_id = res.duplicate ? 0 : res.import_id;
    if (res.duplicate)
        log_info("the same data was imported before; nothing changed");
    return ST_OK;
}

static enum status import_prices_page(struct store *s, const char *name, const char *json,
                                      size_t len, void *ctx, int64_t *items, struct err *e)
{
    (void)ctx;
    struct imp_prices_result res;
    enum status st = imp_prices_json_buffer(s, name, json, len, &res, e);
    if (st == ST_OK)
        *items = res.items;
    return st;
}

static enum status import_metrics(struct store *s, const char *name, const char *json, size_t len,
                                  void *ctx, int64_t *items, struct err *e)
{
    (void)ctx;
    struct imp_metrics_result res;
    enum status st = imp_metrics_json_buffer(s, name, json, len, &res, e);
    if (st == ST_OK)
        *items = res.hours;
    return st;
}

/* ---- subcommands ---- */

static enum status parse_day(struct cli_ctx *ctx, const char *opt, const char *s, int32_t *day)
{
    if (!s)
        return cli_usage_error(ctx, cmd_pull_usage, "pull cost needs %s YYYY-MM-DD", opt);
    if (strlen(s) != 10 || date_parse(s, 10, day) != 0)
        return cli_usage_error(ctx, cmd_pull_usage, "%s: expected YYYY-MM-DD, got '%s'", opt, s);
    return ST_OK;
}

static enum status pull_cost(struct pull_args *a, struct imp_http *h, struct cli_ctx *ctx)
{
    static const char *const datasets[] = {"actual", "amortized", NULL};
    static const char *const vias[] = {"details", "query", NULL};
    const char *const *u = cmd_pull_usage;
    if (!a->scope || !*a->scope)
        return cli_usage_error(ctx, u, "pull cost needs --scope");
    int32_t from, to;
    enum status st;
    if ((st = parse_day(ctx, "--from", a->from, &from)) != ST_OK ||
        (st = parse_day(ctx, "--to", a->to, &to)) != ST_OK)
        return st;
    if (to < from)
        return cli_usage_error(ctx, u, "--to %s is before --from %s", a->to, a->from);
    int32_t today = (int32_t)(time(NULL) / 86400);
    if (from > today)
        return cli_usage_error(ctx, u, "--from %s is in the future", a->from);
    if (to > today) {
        char t[DATE_ISO_LEN];
        log_info("--to %s is in the future; pulling up to today (%s)", a->to,
                 date_format(today, t));
        to = today;
    }
    const char *dataset = a->dataset ? a->dataset : "actual";
    if (cli_choice(dataset, datasets) < 0)
        return cli_usage_error(ctx, u, "--dataset: expected actual or amortized, got '%s'",
                               dataset);
    int via = a->via ? cli_choice(a->via, vias) : 0;
    if (via < 0)
        return cli_usage_error(ctx, u, "--via: expected details or query, got '%s'", a->via);
    struct imp_azure az;
    if ((st = imp_azure_init(&az, h, &a->auth, 1, &ctx->err)) != ST_OK) {
        imp_azure_release(&az);
        return st;
    }
    struct imp_pull_cost_opts o = {.scope = a->scope,
                                   .from_day = from,
                                   .to_day = to,
                                   .dataset = dataset,
                                   .via_query = via == 1,
                                   .force = a->force,
                                   .today = today,
                                   .keep_dir = a->keep,
                                   .import = import_cost_csv,
                                   .import_ctx = (void *)dataset};
    struct imp_pull_cost_result res;
    st = imp_pull_cost(ctx->store, &az, &o, &res, &ctx->err);
    imp_azure_release(&az);
    fprintf(ctx->out, "cost: %d months, %d already pulled, %d without data, %lld %s, %lld rows\n",
            res.windows, res.skipped, res.empty, (long long)res.blobs, via == 1 ? "pages" : "blobs",
            (long long)res.rows);
    return st;
}

static enum status pull_prices(struct pull_args *a, struct imp_http *h, struct cli_ctx *ctx)
{
    struct imp_pull_prices_opts o = {.endpoint = a->prices_endpoint,
                                     .regions = a->region,
                                     .currency = a->currency,
                                     .service = a->service,
                                     .import = import_prices_page};
    struct imp_pull_prices_result res;
    enum status st = imp_pull_prices(ctx->store, h, &o, &res, &ctx->err);
    fprintf(ctx->out, "prices: %d pages, %lld items\n", res.pages, (long long)res.items);
    return st;
}

/* 1 when a lower-case ARM id lies in the subscription / resource group
 * (NULL = any; compared case-insensitively). */
static int id_in_scope(const char *id, const char *subscription, const char *resource_group)
{
    char want[256];
    size_t k = 0;
    if (subscription) {
        snprintf(want, sizeof want, "/subscriptions/%s/", subscription);
        for (k = 0; want[k]; k++)
            want[k] = (char)tolower((unsigned char)want[k]);
        if (strncmp(id, want, k) != 0)
            return 0;
    }
    if (resource_group) {
        snprintf(want, sizeof want, "/resourcegroups/%s/", resource_group);
        for (k = 0; want[k]; k++)
            want[k] = (char)tolower((unsigned char)want[k]);
        if (!strstr(id, want))
            return 0;
    }
    return 1;
}

/* Append a copy of id to the array *ids of *n strings. */
static enum status push_id(char ***ids, size_t *n, const char *id, struct err *e)
{
    char **nv = realloc(*ids, (*n + 1) * sizeof *nv);
    if (!nv)
        return err_set(e, ST_NOMEM, "out of memory");
    *ids = nv;
    if (!(nv[*n] = strdup(id)))
        return err_set(e, ST_NOMEM, "out of memory");
    (*n)++;
    return ST_OK;
}

/* Append the Premium SSD disks billed in the last `days` days of the cost
 * data (tier from the capacity meter, mdl_disktier.h) to *ids (malloc'd
 * strings, freed with store_pull_ids_free()). */
static enum status add_premium_disks(struct store *s, const struct pull_args *a, long days,
                                     char ***ids, size_t *n, struct err *e)
{
    int32_t last;
    enum status st = store_rightsize_last_cost_day(s, &last, e);
    if (st == ST_NOTFOUND)
        return ST_OK;
    if (st != ST_OK)
        return st;
    struct store_rs_disk_meters m = {0};
    for (int ds = 0; ds < 2 && st == ST_OK && m.n == 0; ds++) {
        store_rs_disk_meters_release(&m);
        st = store_rightsize_disk_meters(s, last - (int32_t)days + 1, last, ds, &m, e);
    }
    size_t added = 0;
    for (size_t i = 0; st == ST_OK && i < m.n; i++) {
        const char *id = m.v[i].resource_id;
        const struct disk_tier *t = mdl_disktier_parse_meter(m.v[i].meter_name, NULL);
        if (!t || t->family != DISK_PREMIUM_SSD ||
            !id_in_scope(id, a->subscription, a->resource_group))
            continue;
        if (*n > 0 && strcmp((*ids)[*n - 1], id) == 0)
            continue; /* rows are sorted by id: one disk, several meters */
        if ((st = push_id(ids, n, id, e)) != ST_OK)
            break;
        added++;
    }
    store_rs_disk_meters_release(&m);
    if (st == ST_OK)
        log_info("adding %zu Premium SSD disks from the cost data", added);
    return st;
}

/* Append the App Service plans and SQL databases billed in the last `days`
 * days of the cost data (mdl_paas_kind_of) to *ids. */
static enum status add_paas(struct store *s, const struct pull_args *a, long days, char ***ids,
                            size_t *n, struct err *e)
{
    int32_t last;
    enum status st = store_rightsize_last_cost_day(s, &last, e);
    if (st == ST_NOTFOUND)
        return ST_OK;
    struct store_rs_meter_costs m = {0};
    for (int ds = 0; ds < 2 && st == ST_OK && m.n == 0; ds++) {
        store_rs_meter_costs_release(&m);
        st = store_rightsize_meter_costs(s, last - (int32_t)days + 1, last, ds, NULL, NULL, &m, e);
    }
    size_t added = 0;
    const char *prev = "";
    for (size_t i = 0; st == ST_OK && i < m.n; i++) {
        const char *id = m.v[i].resource_id;
        if (strcmp(id, prev) == 0 || mdl_paas_kind_of(id) == PAAS_NONE ||
            !id_in_scope(id, a->subscription, a->resource_group))
            continue;
        prev = id; /* rows are sorted by id: one resource, several meters */
        if ((st = push_id(ids, n, id, e)) != ST_OK)
            break;
        added++;
    }
    store_rs_meter_costs_release(&m);
    if (st == ST_OK)
        log_info("adding %zu App Service plans and SQL databases from the cost data", added);
    return st;
}

static enum status pull_metrics(struct pull_args *a, struct imp_http *h, struct cli_ctx *ctx)
{
    if (a->nresources && a->paas)
        return cli_usage_error(ctx, cmd_pull_usage,
                               "--paas adds to the ids from the cost data; give plan and database "
                               "ids with --resource instead");
    if (a->nresources && a->disks)
        return cli_usage_error(ctx, cmd_pull_usage,
                               "--disks adds to the ids from the cost data; give disk ids with "
                               "--resource instead");
    struct imp_azure az;
    enum status st = imp_azure_init(&az, h, &a->auth, 1, &ctx->err);
    char **ids = NULL;
    size_t n = 0;
    int own_ids = 0;
    if (st != ST_OK)
        goto out;
    if (a->nresources) {
        ids = a->resources;
        n = a->nresources;
    } else {
        own_ids = 1;
        if ((st = store_pull_vm_ids(ctx->store, a->subscription, a->resource_group, &ids, &n,
                                    &ctx->err)) != ST_OK)
            goto out;
        if (n == 0 && a->subscription) {
            free(ids);
            log_info("no virtual machines in the cost data; asking Resource Manager");
            if ((st = imp_pull_list_vms(&az, a->subscription, a->resource_group, &ids, &n,
                                        &ctx->err)) != ST_OK)
                goto out;
        }
        if (a->disks && (st = add_premium_disks(ctx->store, a, a->days ? a->days : 30, &ids, &n,
                                                &ctx->err)) != ST_OK)
            goto out;
        if (a->paas &&
            (st = add_paas(ctx->store, a, a->days ? a->days : 30, &ids, &n, &ctx->err)) != ST_OK)
            goto out;
        if (n == 0) {
            st = err_set(&ctx->err, ST_NOTFOUND,
                         "no virtual machines to fetch: import costs first, or give --resource "
                         "or --subscription");
            goto out;
        }
    }
    struct imp_pull_metrics_opts o = {.ids = ids,
                                      .n = n,
                                      .days = (int)(a->days ? a->days : 30),
                                      .concurrency = (int)a->concurrency,
                                      .rps = a->rps,
                                      .import = import_metrics};
    struct imp_pull_metrics_result res;
    st = imp_pull_metrics(ctx->store, &az, &o, &res, &ctx->err);
    fprintf(ctx->out, "metrics: %zu resources, %zu failed, %lld hourly values\n", res.ok,
            res.failed, (long long)res.points);
out:
    if (own_ids)
        store_pull_ids_free(ids, n);
    imp_azure_release(&az);
    return st;
}

enum status cmd_pull(int argc, char **argv, struct cli_ctx *ctx)
{
    static const char *const subs[] = {"cost", "prices", "metrics", NULL};
    if (argc < 2)
        return cli_usage_error(ctx, cmd_pull_usage, "pull what? cost, prices or metrics");
    int which = cli_choice(argv[1], subs);
    if (which < 0)
        return cli_usage_error(ctx, cmd_pull_usage, "'%s' is not cost, prices or metrics", argv[1]);
    struct pull_args a = {.retries = -1};
    enum status st = parse_args(argc - 1, argv + 1, &a, ctx);
    if (st != ST_OK) {
        free(a.resources);
        return st;
    }
    struct imp_http_opts ho = {.connect_timeout_ms = (long)(a.connect_timeout_s * 1000),
                               .timeout_ms = (long)(a.timeout_s * 1000),
                               .max_retries = (int)a.retries,
                               .cacert = a.cacert,
                               .http_loopback = a.http_loopback};
    struct imp_http h;
    if ((st = imp_http_init(&h, &ho, &ctx->err)) == ST_OK) {
        if (which == 0)
            st = pull_cost(&a, &h, ctx);
        else if (which == 1)
            st = pull_prices(&a, &h, ctx);
        else
            st = pull_metrics(&a, &h, ctx);
    }
    imp_http_release(&h);
    free(a.resources);
    return st;
}
