/*
 * cmd_import_metrics.c - `yosan import-metrics FILE...`: Azure Monitor
 * metrics JSON responses or long CSV files into the hourly metrics store,
 * each file all-or-nothing. (`yosan import` routes the same files here
 * through imp_metrics_sniff once it knows them.)
 */
#include <getopt.h>

#include "cli.h"
#include "imp_metrics.h"
#include "log.h"

const char *const cmd_import_metrics_usage[] = {
    "usage: yosan import-metrics FILE...",
    "",
    "Import utilisation metrics: Azure Monitor metrics REST API JSON responses",
    "(value[].timeseries[].data[], any timegrain, also metrics:getBatch) or a long",
    "CSV resource_id,timestamp,metric,value (optionally .gz). Stored per resource,",
    "metric and UTC hour (mean and max). Each file is imported whole or not at all;",
    "the same file again changes nothing; newer data for the same hour replaces.",
    NULL,
};

enum status cmd_import_metrics(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    if (getopt_long(argc, argv, "", opts, NULL) != -1)
        return cli_usage_error(ctx, cmd_import_metrics_usage, "unknown option");
    if (optind >= argc)
        return cli_usage_error(ctx, cmd_import_metrics_usage, "no file to import");
    enum status first = ST_OK;
    for (int i = optind; i < argc; i++) {
        struct err e;
        err_clear(&e);
        struct imp_metrics_result r;
        enum status st = imp_metrics_file(ctx->store, argv[i], &r, &e);
        if (st == ST_OK && r.duplicate)
            log_info("%s: already imported, nothing changed", argv[i]);
        else if (st == ST_OK)
            log_info("%s: %lld points, %lld hourly rows, %lld resources", argv[i],
                     (long long)r.points, (long long)r.hours, (long long)r.resources);
        if (st != ST_OK && first == ST_OK) {
            first = st;
            ctx->err = e;
        } else if (st != ST_OK) {
            log_error("%s", e.msg);
        }
    }
    return first;
}
