/*
 * cmd_holidays.c - `yosan holidays`: list the Japanese public holidays, the
 * 年末年始 closure and the user calendar's days of a year.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"
#include "cli.h"
#include "date.h"
#include "imp_calendar.h"
#include "rpt_table.h"

const char *const cmd_holidays_usage[] = {
    "usage: yosan holidays --year YYYY [--format table|csv|json] [--calendar FILE] [--no-closure]",
    "",
    "List the days the city is closed in a year: national holidays (国民の祝日,",
    "振替休日, 国民の休日) with their Japanese names, the year-end closure",
    "12/29-1/3 (年末年始) and the days of a user calendar.",
    "",
    "  --year YYYY        calendar year, 1948-2099 (required)",
    "  --format F         table (default), csv or json",
    "  --calendar FILE    user calendar CSV: date,closed|open,name (open cancels a holiday)",
    "  --no-closure       do not list the 12/29-1/3 closure",
    NULL,
};

static const char *const weekday_ja[] = {"月", "火", "水", "木", "金", "土", "日"};

enum status cmd_holidays(int argc, char **argv, struct cli_ctx *ctx)
{
    static const struct option opts[] = {
        {"year", required_argument, NULL, 'y'},
        {"format", required_argument, NULL, 'f'},
        {"calendar", required_argument, NULL, 'c'},
        {"no-closure", no_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    long year = 0;
    int fmt = RPT_FMT_TABLE, closure = 1;
    const char *cal_file = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "y:f:c:n", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'y':
            year = strtol(optarg, &end, 10);
            if (*end || end == optarg || year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
                return cli_usage_error(ctx, cmd_holidays_usage,
                                       "--year: expected a year 1948-2099 (the holiday law "
                                       "dates from 1948; the equinoxes are computed to 2099), "
                                       "got '%s'",
                                       optarg);
            break;
        case 'f':
            fmt = cli_choice(optarg, rpt_format_names);
            if (fmt < 0)
                return cli_usage_error(ctx, cmd_holidays_usage,
                                       "--format: expected table, csv or json, got '%s'", optarg);
            break;
        case 'c':
            cal_file = optarg;
            break;
        case 'n':
            closure = 0;
            break;
        default:
            return cli_option_error(ctx, cmd_holidays_usage, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, cmd_holidays_usage, "unexpected argument '%s'", argv[optind]);
    if (!year)
        return cli_usage_error(ctx, cmd_holidays_usage, "--year is required");

    struct calendar cal;
    calendar_init(&cal, closure);
    struct cal_day *days = NULL;
    size_t n = 0;
    struct rpt_table t = {0};
    static const char *const headers[] = {"date", "weekday", "kind", "name"};
    static const enum rpt_col_type types[] = {RPT_TEXT, RPT_TEXT, RPT_TEXT, RPT_TEXT};
    enum status st = ST_OK;
    if (cal_file && (st = imp_calendar_file(&cal, cal_file, &ctx->err)) != ST_OK)
        goto out;
    if ((st = calendar_year(&cal, (int)year, &days, &n, &ctx->err)) != ST_OK)
        goto out;
    if ((st = rpt_table_init(&t, 4, headers, types)) != ST_OK)
        goto out;
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        char iso[DATE_ISO_LEN];
        const char *row[4] = {date_format(days[i].day, iso), weekday_ja[date_weekday(days[i].day)],
                              cal_kind_name(days[i].kind), days[i].name};
        st = rpt_table_add(&t, row);
    }
    if (st == ST_OK)
        st = cli_table_write(ctx, &t, fmt, 0);
out:
    rpt_table_release(&t);
    free(days);
    calendar_release(&cal);
    return st;
}
