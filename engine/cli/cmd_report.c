/*
 * cmd_report.c - `yosan report KIND`: turn stored results and the jobs'
 * results into a report document (reports/rpt_model.h) and write it as
 * HTML, XLSX, CSV, JSON or Markdown.
 *
 * This is glue only: the numbers come from the store and the jobs (one
 * builder per kind in engine/jobs/job_report_<kind>.c, called through
 * cmd_report_jobs.c); reports/ formats them.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_report.h"
#include "date.h"
#include "job_costs.h"
#include "log.h"
#include "money.h"
#include "rpt_model.h"
#include "rpt_summary.h"
#include "store_costs.h"

const char *const cmd_report_usage[] = {
    "usage: yosan report KIND [OPTIONS] -o FILE",
    "       yosan report summary [--from YYYY-MM] [--to YYYY-MM] [--cost actual|amortized] -o FILE",
    "       yosan report budget --fiscal-year YYYY [--level p50|p80|p95] [--shared R]",
    "                    [--by department|department,system] [--adjust FILE]",
    "                    [--appropriations FILE] [--thousand-rounding up|down|half-up] -o FILE",
    "       yosan report rightsize --month YYYY-MM [--lookback-days N] [--burstable M] -o FILE",
    "       yosan report whatif SCENARIO [--years N] -o FILE",
    "       yosan report track --fiscal-year YYYY [--as-of YYYY-MM-DD] -o FILE",
    "       yosan report anomalies [--from YYYY-MM-DD] [--to YYYY-MM-DD] -o FILE",
    "",
    "Write a report people read: a printable HTML page with charts, an Excel",
    "workbook, or the same numbers as CSV, JSON or Markdown.",
    "",
    "Kinds:",
    "  summary     cost by department and by service per month, from the store",
    "  budget      next fiscal year's budget per department (the budget run)",
    "  rightsize   right-sizing actions and stop schedules for a month",
    "  whatif      cumulative cost of a scenario's alternatives, break-even",
    "  track       execution tracking (執行管理) of a fiscal year against its",
    "              appropriations: 執行率, year-end P50/P80/P95, the departments that",
    "              need a 補正 or 流用, a chart of plan vs actual vs projection per",
    "              department, and the month under way day by day (`yosan track`",
    "              and `yosan track --daily`; docs/track.md)",
    "  anomalies   the days a department's cost rose above its expected range, a",
    "              chart per anomaly (`yosan anomalies`; docs/anomalies.md)",
    "",
    "Options:",
    "  -o, --output FILE      where to write; '-' is stdout (not for xlsx)",
    "  -f, --format FMT       html|xlsx|csv|json|md (default: from FILE's extension)",
    "      --lang ja|en       language of the whole report: labels, reasons and",
    "                         schedules (default ja)",
    "      --excel            CSV with a UTF-8 BOM and CRLF line ends, for Excel",
    "      --from YYYY-MM     summary: first month (default: 11 months before --to)",
    "      --to YYYY-MM       summary: last month (default: the last month with data)",
    "      --from/--to YYYY-MM-DD  anomalies: the days reported (default: the last 30)",
    "      --as-of YYYY-MM-DD track: use the data and appropriations up to that day",
    "      --cost actual|amortized  summary, anomalies: which cost (default amortized",
    "                         when imported); track: default actual (cash) when imported",
    "      --basis B          summary, budget: list, contract or contract+tax (defaults:",
    "                         summary contract, budget contract+tax; see `yosan terms`)",
    "      --fiscal-year YYYY budget, track: the fiscal year (April-March)",
    "      --level p50|p80|p95  budget: the level requested (default p50)",
    "      --shared proportional|even  budget: how shared cost is split (default proportional)",
    "      --by department,system  budget: per-system lines under each department",
    "                         (--system-tag KEY, --system-rules FILE as in `yosan budget`)",
    "      --adjust FILE      budget: planned changes (as `yosan budget`); their notes are",
    "                         the request view's reasons (増減理由)",
    "      --appropriations FILE  budget: last year's original appropriations (当初予算額),",
    "                         department[,system],fiscal_year,amount in whole yen; without",
    "                         it the column is blank",
    "      --thousand-rounding R  budget: 千円 figures per line rounded up (default), down",
    "                         or half-up; the 千円 total is the sum of the rounded lines",
    "      --month YYYY-MM    rightsize: the month analysed",
    "      --lookback-days N  rightsize: only the month's last N days (default: the whole",
    "                         month; Azure Advisor looks back 7 days, configurable 7-90)",
    "      --burstable M      rightsize: fewer-cores (default) or same-cores (Advisor's",
    "                         rule: a B-series size keeps the vCPU count)",
    "      --years N          whatif: years compared (default: the scenario's)",
    NULL,
};

static const char *const level_names[] = {"p50", "p80", "p95", NULL};
static const char *const shared_names[] = {"proportional", "even", NULL};
static const char *const cost_names[] = {"actual", "amortized", NULL};
static const char *const burstable_names[] = {"fewer-cores", "same-cores", NULL};
static const char *const kind_names[] = {"summary", "budget",    "rightsize", "whatif",
                                         "track",   "anomalies", NULL};

/* ---- writing ---- */

/* Render a text format (everything but xlsx) to out. */
static enum status render_text(const struct rpt_doc *d, enum rpt_doc_format f, int excel, FILE *out,
                               struct err *e)
{
    switch (f) {
    case RPT_DOC_HTML:
        return rpt_html_write(d, out, e);
    case RPT_DOC_CSV:
        return rpt_doc_csv_write(d, excel, out, e);
    case RPT_DOC_JSON:
        return rpt_doc_json_write(d, out, e);
    case RPT_DOC_MD:
        return rpt_md_write(d, out, e);
    case RPT_DOC_XLSX:
        break;
    }
    return err_set(e, ST_USAGE, "an xlsx report needs a file: use -o FILE.xlsx");
}

/* Render a text format straight into an existing non-regular file (a
 * device such as /dev/null, a FIFO): never replaced, written through. */
static enum status write_through(const struct rpt_doc *d, const struct report_opts *o,
                                 struct cli_ctx *ctx)
{
    enum rpt_doc_format f = (enum rpt_doc_format)o->format;
    if (f == RPT_DOC_XLSX)
        return err_set(&ctx->err, ST_USAGE,
                       "'%s' is not a regular file: an xlsx report needs a regular file",
                       o->output);
    FILE *out = fopen(o->output, "wb");
    if (!out)
        return err_set(&ctx->err, ST_IO, "cannot open '%s': %s", o->output, strerror(errno));
    enum status st = render_text(d, f, o->excel, out, &ctx->err);
    if (fclose(out) != 0 && st == ST_OK)
        st = err_set(&ctx->err, ST_IO, "cannot write '%s': %s", o->output, strerror(errno));
    return st;
}

/* What -o PATH is now: 0 absent or a regular file (replace atomically), 1
 * a device, FIFO or socket (write through), -1 refused (e filled). */
static int output_kind(const char *path, struct err *e)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return 0;
    if (S_ISLNK(sb.st_mode)) {
        err_set(e, ST_USAGE,
                "'%s' is a symbolic link: a report never replaces one; give the path it points to",
                path);
        return -1;
    }
    if (S_ISDIR(sb.st_mode)) {
        err_set(e, ST_USAGE, "'%s' is a directory: give a file name", path);
        return -1;
    }
    return S_ISREG(sb.st_mode) ? 0 : 1;
}

/* Write d to o->output or to stdout. A regular file (or a new one) is
 * written through a temporary file renamed into place, so a failed run
 * never leaves half a report behind; see output_kind() for the rest. */
static enum status write_report(const struct rpt_doc *d, const struct report_opts *o,
                                struct cli_ctx *ctx)
{
    enum rpt_doc_format f = (enum rpt_doc_format)o->format;
    if (!o->output || strcmp(o->output, "-") == 0)
        return render_text(d, f, o->excel, ctx->out, &ctx->err);
    int kind = output_kind(o->output, &ctx->err);
    if (kind < 0)
        return ctx->err.code;
    if (kind == 1)
        return write_through(d, o, ctx);
    size_t n = strlen(o->output) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return err_set(&ctx->err, ST_NOMEM, "out of memory");
    snprintf(tmp, n, "%s.tmp%ld", o->output, (long)getpid());
    enum status st;
    if (f == RPT_DOC_XLSX) {
        st = rpt_xlsx_write(d, tmp, &ctx->err);
    } else {
        FILE *out = fopen(tmp, "wbx"); /* never through something already at tmp */
        if (!out) {
            st = err_set(&ctx->err, ST_IO, "cannot create '%s': %s", tmp, strerror(errno));
            free(tmp);
            return st;
        }
        st = render_text(d, f, o->excel, out, &ctx->err);
        if (fclose(out) != 0 && st == ST_OK)
            st = err_set(&ctx->err, ST_IO, "cannot write '%s': %s", o->output, strerror(errno));
    }
    if (st == ST_OK && rename(tmp, o->output) != 0)
        st = err_set(&ctx->err, ST_IO, "cannot write '%s': %s", o->output, strerror(errno));
    if (st != ST_OK)
        remove(tmp);
    else
        log_info("wrote %s", o->output);
    free(tmp);
    return st;
}

/* ---- summary ---- */

/* The currency with the largest absolute total (the billing currency). */
static const char *main_currency(const struct cost_cells *c)
{
    const char *best = NULL;
    double best_abs = -1;
    for (size_t i = 0; i < c->n; i++) {
        const char *cur = c->v[i].currency;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(c->v[j].currency, cur) == 0;
        if (seen)
            continue;
        struct money sum = MONEY_ZERO;
        for (size_t j = i; j < c->n; j++)
            if (strcmp(c->v[j].currency, cur) == 0)
                sum = money_add(sum, c->v[j].cost);
        double a = fabs(money_to_double(sum));
        if (a > best_abs) {
            best_abs = a;
            best = cur;
        }
    }
    return best;
}

/* The summary report's document (the caller releases d, also after an error). */
static enum status cmd_report_summary(const struct report_opts *o, struct cli_ctx *ctx,
                                      struct rpt_doc *d)
{
    enum cost_dataset ds = DATASET_ACTUAL;
    if (o->cost == 1 || (o->cost < 0 && store_cost_has_dataset(ctx->store, DATASET_AMORTIZED)))
        ds = DATASET_AMORTIZED;
    const char *ds_name = ds == DATASET_AMORTIZED ? "amortized" : "actual";
    if (o->cost < 0)
        log_info("reporting %s cost (choose with --cost)", ds_name);
    int to = o->month_to;
    if (to == INT_MIN) {
        int32_t last;
        enum status st = store_cost_last_day(ctx->store, ds, &last, &ctx->err);
        if (st == ST_NOTFOUND)
            return err_set(&ctx->err, ST_NOTFOUND,
                           "no %s cost data in the database; import cost exports first", ds_name);
        if (st != ST_OK)
            return st;
        to = month_index_of(last);
    }
    int from = o->month_from != INT_MIN ? o->month_from : to - 11;
    if (from > to)
        return err_set(&ctx->err, ST_USAGE, "--from is after --to");
    struct cost_query q = {COST_DIM_DEPARTMENT,
                           ds,
                           month_first_day(from),
                           month_first_day(to) + month_days(to) - 1,
                           NULL,
                           0};
    struct cost_cells dept = {0}, svc = {0};
    enum terms_basis basis = o->basis < 0 ? TERMS_BASIS_CONTRACT : (enum terms_basis)o->basis;
    enum status st = job_cost_cells(ctx->store, &q, basis, &dept, NULL, &ctx->err);
    if (st == ST_OK) {
        q.dim = COST_DIM_SERVICE;
        st = job_cost_cells(ctx->store, &q, basis, &svc, NULL, &ctx->err);
    }
    if (st == ST_OK) {
        const char *cur = main_currency(&dept);
        struct rpt_summary_input in = {&dept, &svc, cur ? cur : "JPY", from, to, 8, ds_name};
        if (cur)
            for (size_t i = 0; i < dept.n; i++)
                if (strcmp(dept.v[i].currency, cur) != 0) {
                    log_warn("costs in %s left out; the report shows %s only", dept.v[i].currency,
                             cur);
                    break;
                }
        st = rpt_summary_build(&in, o->lang, d, &ctx->err);
        if (st == ST_OK)
            st = rpt_doc_add_meta(d, rpt_label(o->lang, "meta_basis"),
                                  terms_basis_text(basis, o->lang == RPT_LANG_JA));
    }
    cost_cells_release(&dept);
    cost_cells_release(&svc);
    return st;
}

/* ---- options ---- */

static enum status parse_month_opt(struct cli_ctx *ctx, const char *opt, const char *v, int *out)
{
    if (month_parse(v, out) != 0)
        return cli_usage_error(ctx, cmd_report_usage, "%s: expected YYYY-MM, got '%s'", opt, v);
    return ST_OK;
}

static enum status parse_int_opt(struct cli_ctx *ctx, const char *opt, const char *v, int lo,
                                 int hi, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi)
        return cli_usage_error(ctx, cmd_report_usage, "%s: expected a number %d..%d, got '%s'", opt,
                               lo, hi, v);
    *out = (int)x;
    return ST_OK;
}

/* --from/--to: months, days for the anomaly report; --as-of: a day. */
static enum status parse_when_opt(struct cli_ctx *ctx, const char *opt, const char *v,
                                  struct report_opts *o)
{
    int32_t day;
    int is_as_of = strcmp(opt, "--as-of") == 0;
    if (!is_as_of && o->kind != KIND_ANOMALIES)
        return parse_month_opt(ctx, opt, v,
                               strcmp(opt, "--from") == 0 ? &o->month_from : &o->month_to);
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' || date_parse(v, 10, &day) != 0)
        return cli_usage_error(ctx, cmd_report_usage, "%s: expected a day YYYY-MM-DD, got '%s'",
                               opt, v);
    if (is_as_of)
        o->as_of = day;
    else if (strcmp(opt, "--from") == 0)
        o->day_from = day;
    else
        o->day_to = day;
    return ST_OK;
}

static enum status parse_burstable_opt(struct cli_ctx *ctx, const char *v, int *out)
{
    if ((*out = cli_choice(v, burstable_names)) < 0)
        return cli_usage_error(ctx, cmd_report_usage,
                               "--burstable: expected same-cores or fewer-cores");
    return ST_OK;
}

/* The report kind, argv[1]. */
static enum status parse_kind(struct cli_ctx *ctx, int argc, char **argv, struct report_opts *o)
{
    if (argc < 2 || argv[1][0] == '-')
        return cli_usage_error(ctx, cmd_report_usage,
                               "which report? summary, budget, rightsize, "
                               "whatif, track or anomalies");
    int k = cli_choice(argv[1], kind_names);
    if (k < 0)
        return cli_usage_error(ctx, cmd_report_usage,
                               "unknown report '%s': expected summary, budget, "
                               "rightsize, whatif, track or anomalies",
                               argv[1]);
    o->kind = (enum report_kind)k;
    return ST_OK;
}

/* An option the main switch does not know: getopt's error (argv as given
 * to cmd_report), else one of the budget report's. */
static enum status other_opt(struct cli_ctx *ctx, int c, char **argv, struct report_opts *o)
{
    if (c == '?' || c == ':')
        return cli_option_error(ctx, cmd_report_usage, argv + 1);
    return cmd_report_budget_opt(ctx, c, optarg, o);
}

static enum status check_opts(int argc, char **argv, struct cli_ctx *ctx, struct report_opts *o);

static enum status parse_opts(int argc, char **argv, struct cli_ctx *ctx, struct report_opts *o)
{
    enum {
        OPT_LANG = 256,
        OPT_EXCEL,
        OPT_FROM,
        OPT_TO,
        OPT_COST,
        OPT_FY,
        OPT_LEVEL,
        OPT_SHARED,
        OPT_MONTH,
        OPT_YEARS,
        OPT_BASIS,
        OPT_LOOKBACK_DAYS,
        OPT_BURSTABLE,
        OPT_AS_OF
    };
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"lang", required_argument, NULL, OPT_LANG},
        {"excel", no_argument, NULL, OPT_EXCEL},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"cost", required_argument, NULL, OPT_COST},
        {"fiscal-year", required_argument, NULL, OPT_FY},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"shared", required_argument, NULL, OPT_SHARED},
        {"month", required_argument, NULL, OPT_MONTH},
        {"years", required_argument, NULL, OPT_YEARS},
        {"basis", required_argument, NULL, OPT_BASIS},
        {"by", required_argument, NULL, OPT_BY},
        {"system-tag", required_argument, NULL, OPT_SYSTEM_TAG},
        {"system-rules", required_argument, NULL, OPT_SYSTEM_RULES},
        {"adjust", required_argument, NULL, OPT_ADJUST},
        {"appropriations", required_argument, NULL, OPT_APPROP},
        {"thousand-rounding", required_argument, NULL, OPT_THOUSAND},
        {"lookback-days", required_argument, NULL, OPT_LOOKBACK_DAYS},
        {"burstable", required_argument, NULL, OPT_BURSTABLE},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->format = -1;
    o->cost = -1;
    o->level = -1;
    o->basis = -1;
    o->thousand_rounding = MONEY_CEIL;
    o->month_from = o->month_to = o->fiscal_year = o->month = INT_MIN;
    o->day_from = INT32_MIN;
    o->day_to = INT32_MAX;
    if (parse_kind(ctx, argc, argv, o) != ST_OK)
        return ST_USAGE;
    /* parse after KIND: argv[1] plays the program name */
    int c;
    enum status st = ST_OK;
    while (st == ST_OK && (c = getopt_long(argc - 1, argv + 1, "o:f:", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->output = optarg;
            break;
        case 'f':
            if ((o->format = cli_choice(optarg, rpt_doc_format_names)) < 0)
                return cli_usage_error(ctx, cmd_report_usage,
                                       "--format: expected html, xlsx, csv, json or md, got '%s'",
                                       optarg);
            break;
        case OPT_LANG: {
            int l = cli_choice(optarg, rpt_lang_names);
            if (l < 0)
                return cli_usage_error(ctx, cmd_report_usage, "--lang: expected ja or en, got '%s'",
                                       optarg);
            o->lang = (enum rpt_lang)l;
            break;
        }
        case OPT_EXCEL:
            o->excel = 1;
            break;
        case OPT_FROM:
            st = parse_when_opt(ctx, "--from", optarg, o);
            break;
        case OPT_TO:
            st = parse_when_opt(ctx, "--to", optarg, o);
            break;
        case OPT_AS_OF:
            st = parse_when_opt(ctx, "--as-of", optarg, o);
            break;
        case OPT_COST:
            if ((o->cost = cli_choice(optarg, cost_names)) < 0)
                return cli_usage_error(ctx, cmd_report_usage,
                                       "--cost: expected actual or amortized, got '%s'", optarg);
            break;
        case OPT_BASIS:
            st = cli_basis_opt(ctx, cmd_report_usage, optarg, &o->basis);
            break;
        case OPT_FY:
            st = parse_int_opt(ctx, "--fiscal-year", optarg, 2000, 2100, &o->fiscal_year);
            break;
        case OPT_LEVEL:
            if ((o->level = cli_choice(optarg, level_names)) < 0)
                return cli_usage_error(ctx, cmd_report_usage,
                                       "--level: expected p50, p80 or p95, got '%s'", optarg);
            break;
        case OPT_SHARED:
            if ((o->shared = cli_choice(optarg, shared_names)) < 0)
                return cli_usage_error(ctx, cmd_report_usage,
                                       "--shared: expected proportional or even, got '%s'", optarg);
            break;
        case OPT_MONTH:
            st = parse_month_opt(ctx, "--month", optarg, &o->month);
            break;
        case OPT_LOOKBACK_DAYS:
            st = parse_int_opt(ctx, "--lookback-days", optarg, 1, 31, &o->lookback_days);
            break;
        case OPT_BURSTABLE:
            st = parse_burstable_opt(ctx, optarg, &o->burstable_same_cores);
            break;
        case OPT_YEARS:
            st = parse_int_opt(ctx, "--years", optarg, 1, 50, &o->years);
            break;
        default:
            st = other_opt(ctx, c, argv, o);
        }
    }
    if (st != ST_OK)
        return st;
    return check_opts(argc, argv, ctx, o);
}

/* After the options: the positional arguments, the format and what each kind needs. */
static enum status check_opts(int argc, char **argv, struct cli_ctx *ctx, struct report_opts *o)
{
    int rest = argc - 1 - optind; /* positional arguments after KIND */
    char **pos = argv + 1 + optind;
    if (o->kind == KIND_WHATIF) {
        if (rest != 1)
            return cli_usage_error(ctx, cmd_report_usage, "report whatif needs one SCENARIO file");
        o->scenario = pos[0];
    } else if (rest > 0) {
        return cli_usage_error(ctx, cmd_report_usage, "unexpected argument '%s'", pos[0]);
    }
    if (o->format < 0) {
        if (!o->output || strcmp(o->output, "-") == 0)
            return cli_usage_error(ctx, cmd_report_usage,
                                   "say where to write with -o FILE, or --format for stdout");
        if ((o->format = rpt_doc_format_from_path(o->output)) < 0)
            return cli_usage_error(ctx, cmd_report_usage,
                                   "cannot tell the format of '%s': use .html .xlsx .csv .json "
                                   ".md or --format",
                                   o->output);
    }
    if (o->format == RPT_DOC_XLSX && (!o->output || strcmp(o->output, "-") == 0))
        return cli_usage_error(ctx, cmd_report_usage, "an xlsx report needs a file: -o FILE.xlsx");
    if (o->excel && o->format != RPT_DOC_CSV)
        return cli_usage_error(ctx, cmd_report_usage, "--excel applies to csv only");
    if ((o->kind == KIND_BUDGET || o->kind == KIND_TRACK) && o->fiscal_year == INT_MIN)
        return cli_usage_error(ctx, cmd_report_usage, "report %s needs --fiscal-year YYYY",
                               kind_names[o->kind]);
    if (o->kind == KIND_RIGHTSIZE && o->month == INT_MIN)
        return cli_usage_error(ctx, cmd_report_usage, "report rightsize needs --month YYYY-MM");
    return ST_OK;
}

enum status cmd_report(int argc, char **argv, struct cli_ctx *ctx)
{
    struct report_opts o;
    enum status st = parse_opts(argc, argv, ctx, &o);
    if (st != ST_OK)
        return st;
    /* a report only reads: never a new database (whatif opens its own, when
     * the scenario refers to the store) */
    if (o.kind != KIND_WHATIF && (st = cli_open_store(ctx)) != ST_OK)
        return st;
    struct rpt_doc d = {0};
    switch (o.kind) {
    case KIND_SUMMARY:
        st = cmd_report_summary(&o, ctx, &d);
        break;
    case KIND_BUDGET:
        st = cmd_report_budget(&o, ctx, &d);
        break;
    case KIND_RIGHTSIZE:
        st = cmd_report_rightsize(&o, ctx, &d);
        break;
    case KIND_WHATIF:
        st = cmd_report_whatif(&o, ctx, &d);
        break;
    case KIND_TRACK:
        st = cmd_report_track(&o, ctx, &d);
        break;
    case KIND_ANOMALIES:
        st = cmd_report_anomalies(&o, ctx, &d);
        break;
    }
    if (st == ST_OK)
        st = write_report(&d, &o, ctx);
    rpt_doc_release(&d);
    return st;
}
