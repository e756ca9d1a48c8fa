/*
 * cmd_import_prices.c - `yosan import-prices FILE...`: Azure Retail Prices
 * API pages into the VM price table, each page all-or-nothing.
 */
#include <getopt.h>

#include "cli.h"
#include "imp_prices.h"
#include "log.h"

const char *const cmd_import_prices_usage[] = {
    "usage: yosan import-prices FILE...",
    "",
    "Import Azure Retail Prices API JSON pages (Items[], NextPageLink), e.g. saved from",
    "https://prices.azure.com/api/retail/prices?currencyCode='JPY'&$filter=serviceName",
    "eq 'Virtual Machines'. Consumption, DevTest, Reservation (whole-term price, stored",
    "per hour) and savings-plan prices are kept per size, region, currency and OS;",
    "Spot and Low Priority meters are skipped.",
    NULL,
};

enum status cmd_import_prices(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    if (getopt_long(argc, argv, "", opts, NULL) != -1)
        return cli_usage_error(ctx, cmd_import_prices_usage, "unknown option");
    if (optind >= argc)
        return cli_usage_error(ctx, cmd_import_prices_usage, "no file to import");
    enum status first = ST_OK;
    for (int i = optind; i < argc; i++) {
        struct err e;
        err_clear(&e);
        struct imp_prices_result r;
        enum status st = imp_prices_file(ctx->store, argv[i], &r, &e);
        if (st == ST_OK && r.duplicate)
            log_info("%s: already imported, nothing changed", argv[i]);
        else if (st == ST_OK)
            log_info("%s: %lld items, %lld VM prices stored%s", argv[i], (long long)r.items,
                     (long long)r.stored,
                     r.next_page[0] ? "; more pages follow (NextPageLink)" : "");
        if (st != ST_OK && first == ST_OK) {
            first = st;
            ctx->err = e;
        } else if (st != ST_OK) {
            log_error("%s", e.msg);
        }
    }
    return first;
}
