/*
 * test_imp_demo.c - the demo city generator: determinism (same seed, same
 * bytes), the EA layout of its files (header identical to Microsoft's real
 * export, 55 fields on every row), exact actual/amortized monthly totals,
 * and planted behaviour that depends on the Japanese holiday calendar.
 */
#include "test_util.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "date.h"
#include "imp_demo.h"
#include "imp_file.h"
#include "money.h"

/* Generate into test_tmp_dir()/name; the caller releases res. */
static void generate(const char *name, uint64_t seed, int end_y, int end_m, int months, int weeks,
                     struct imp_demo_result *res)
{
    static char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", test_tmp_dir(), name);
    struct imp_demo_options opt;
    imp_demo_options_init(&opt, month_index(end_y, end_m));
    opt.seed = seed;
    opt.months = months;
    opt.metric_weeks = weeks;
    opt.out_dir = dir;
    struct err e;
    err_clear(&e);
    enum status st = imp_demo_generate(&opt, res, &e);
    if (st != ST_OK)
        fail_msg("imp_demo_generate: %s", e.msg);
}

/* Regression: the defaults set every option (the up-front variant was left
 * to whatever the caller's stack held, and flipped the demo's reservation
 * payments at random). */
static void test_options_init_sets_every_field(void **state)
{
    (void)state;
    struct imp_demo_options opt;
    memset(&opt, 0x5a, sizeof opt);
    imp_demo_options_init(&opt, month_index(2026, 11));
    assert_int_equal(opt.upfront, 0);
    assert_int_equal(opt.amortized, 1);
    assert_int_equal(opt.months, 36);
}

static void remove_outputs(struct imp_demo_result *res)
{
    for (size_t i = 0; i < res->ncost_files; i++)
        unlink(res->cost_files[i]);
    if (res->rules_file)
        unlink(res->rules_file);
    if (res->metrics_file)
        unlink(res->metrics_file);
    if (res->rules_file) {
        char *slash = strrchr(res->rules_file, '/');
        if (slash) {
            *slash = '\0';
            rmdir(res->rules_file);
        }
    }
    imp_demo_result_release(res);
}

static void sha(const char *path, char out[65])
{
    struct err e;
    uint64_t size;
    assert_int_equal(imp_sha256_file(path, out, &size, &e), ST_OK);
}

static void test_same_seed_same_bytes(void **state)
{
    (void)state;
    struct imp_demo_result a, b, c;
    generate("seed7a", 7, 2025, 3, 2, 1, &a);
    generate("seed7b", 7, 2025, 3, 2, 1, &b);
    generate("seed8", 8, 2025, 3, 2, 1, &c);
    assert_int_equal(a.ncost_files, 4); /* 2 months x actual + amortized */
    assert_int_equal(a.ncost_files, b.ncost_files);
    assert_true(a.cost_rows > 1000);
    char ha[65], hb[65], hc[65];
    for (size_t i = 0; i < a.ncost_files; i++) {
        sha(a.cost_files[i], ha);
        sha(b.cost_files[i], hb);
        assert_string_equal(ha, hb);
    }
    sha(a.metrics_file, ha);
    sha(b.metrics_file, hb);
    sha(c.metrics_file, hc);
    assert_string_equal(ha, hb);
    assert_string_not_equal(ha, hc); /* another seed, other numbers */
    sha(a.cost_files[0], ha);
    sha(c.cost_files[0], hc);
    assert_string_not_equal(ha, hc);
    remove_outputs(&a);
    remove_outputs(&b);
    remove_outputs(&c);
}

/* ---- CSV scanning with libcsv: field count per row, named columns ---- */

struct scan {
    int field;           /* index of the current field in its row */
    long row;            /* rows seen (header = 0) */
    int bad_rows;        /* rows without 55 fields */
    int cost_col;        /* index of Cost (from the header) */
    int charge_col;      /* index of ChargeType */
    struct money total;  /* sum of Cost */
    char header[55][32]; /* header names */
};

static void scan_field(void *s, size_t len, void *data)
{
    struct scan *sc = data;
    if (sc->row == 0 && sc->field < 55) {
        size_t n = len < 31 ? len : 31;
        memcpy(sc->header[sc->field], s, n);
        sc->header[sc->field][n] = '\0';
        if (strcmp(sc->header[sc->field], "Cost") == 0)
            sc->cost_col = sc->field;
    } else if (sc->row > 0 && sc->field == sc->cost_col) {
        struct money m;
        assert_int_equal(money_parse(s, len, &m), MONEY_OK);
        sc->total = money_add(sc->total, m);
    }
    sc->field++;
}

static void scan_row(int c, void *data)
{
    (void)c;
    struct scan *sc = data;
    if (sc->field != 55)
        sc->bad_rows++;
    sc->field = 0;
    sc->row++;
}

static void scan_file(const char *path, struct scan *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->cost_col = -1;
    gzFile f = gzopen(path, "rb"); /* the demo writes .csv.gz; plain files read as they are */
    assert_non_null(f);
    unsigned char bom[3];
    assert_int_equal(gzread(f, bom, 3), 3);
    assert_memory_equal(bom, "\xEF\xBB\xBF", 3);
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    char buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0)
        assert_int_equal(csv_parse(&p, buf, (size_t)n, scan_field, scan_row, sc), n);
    assert_int_equal(n, 0);
    assert_int_equal(csv_fini(&p, scan_field, scan_row, sc), 0);
    csv_free(&p);
    gzclose(f);
}

static char *first_line(const char *path)
{
    static char line[4096];
    gzFile f = gzopen(path, "rb");
    assert_non_null(f);
    assert_non_null(gzgets(f, line, sizeof line));
    gzclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    return line;
}

static void test_ea_layout_and_exact_amortization(void **state)
{
    (void)state;
    struct imp_demo_result r;
    generate("layout", 1, 2025, 3, 2, 0, &r);
    assert_null(r.metrics_file);
    char real_header[4096];
    snprintf(real_header, sizeof real_header, "%s", first_line(test_data_path("EA_NoRows.csv")));
    int64_t rows = 0;
    for (size_t i = 0; i < r.ncost_files; i++) {
        assert_string_equal(first_line(r.cost_files[i]), real_header);
        struct scan sc;
        scan_file(r.cost_files[i], &sc);
        assert_int_equal(sc.bad_rows, 0);
        assert_true(sc.cost_col == 21);
        rows += sc.row - 1;
    }
    assert_int_equal(rows, r.cost_rows);
    /* files come as actual months then amortized months; the reservation is
     * spread exactly, so each month's totals agree to the last micro-yen */
    size_t half = r.ncost_files / 2;
    for (size_t i = 0; i < half; i++) {
        assert_non_null(strstr(r.cost_files[i], "EA_ActualCost_"));
        assert_non_null(strstr(r.cost_files[half + i], "EA_AmortizedCost_"));
        struct scan act, amo;
        scan_file(r.cost_files[i], &act);
        scan_file(r.cost_files[half + i], &amo);
        assert_int_equal(act.row, amo.row + 3); /* three reservations, one payment row each */
        assert_int_equal(money_cmp(act.total, amo.total), 0);
        assert_false(money_is_zero(act.total));
    }
    remove_outputs(&r);
}

/* Percentage CPU of a resource at a UTC timestamp, from metrics.csv.gz. */
static double cpu_at(const char *path, const char *resource_name, const char *ts)
{
    gzFile f = gzopen(path, "rb");
    assert_non_null(f);
    char line[1024], suffix[128];
    snprintf(suffix, sizeof suffix, "/%s,%s,Percentage CPU,", resource_name, ts);
    double v = -1;
    while (gzgets(f, line, sizeof line)) {
        char *p = strstr(line, suffix);
        if (p) {
            char *end;
            v = strtod(p + strlen(suffix), &end);
            break;
        }
    }
    gzclose(f);
    return v;
}

static void test_planted_office_hours_follow_holidays(void **state)
{
    (void)state;
    struct imp_demo_result r;
    generate("metrics", 1, 2025, 9, 1, 3, &r);
    assert_non_null(r.metrics_file);
    /* 2025-09-15 is 敬老の日 (Monday), 09-16 a working Tuesday; 03:00Z = 12:00 JST */
    double holiday = cpu_at(r.metrics_file, "vm-kodomo-dev01", "2025-09-15T03:00:00Z");
    double workday = cpu_at(r.metrics_file, "vm-kodomo-dev01", "2025-09-16T03:00:00Z");
    double night = cpu_at(r.metrics_file, "vm-kodomo-dev01", "2025-09-16T15:00:00Z");
    assert_true(holiday >= 0 && holiday < 2);
    assert_true(workday > 10);
    assert_true(night >= 0 && night < 2);
    /* 2025-09-23 is 秋分の日 (autumnal equinox, Tuesday) */
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2025-09-23T03:00:00Z") < 2);
    /* the night batch runs 01:00-04:00 JST = 16:00-19:00Z the day before */
    assert_true(cpu_at(r.metrics_file, "vm-suido-batch01", "2025-09-16T17:00:00Z") > 50);
    assert_true(cpu_at(r.metrics_file, "vm-suido-batch01", "2025-09-16T03:00:00Z") < 5);
    /* oversized stays under 15 %, idle under 2 %, at a busy hour */
    assert_true(cpu_at(r.metrics_file, "vm-zaisei-report01", "2025-09-16T03:00:00Z") < 15);
    assert_true(cpu_at(r.metrics_file, "vm-shimin-legacy01", "2025-09-16T03:00:00Z") < 2);
    assert_true(cpu_at(r.metrics_file, "vm-kyoiku-lab03", "2025-09-16T03:00:00Z") == 0);
    remove_outputs(&r);
}

/* Substitute (振替休日) and citizens' (国民の休日) holidays, and the year-end closure */
static void test_office_hours_special_days_off(void **state)
{
    (void)state;
    struct imp_demo_result r;
    generate("holidays", 1, 2026, 9, 1, 2, &r); /* 2026-09-17 .. 09-30 */
    /* 9/21 敬老の日 (Mon) and 9/23 秋分の日 (Wed) make Tuesday 9/22 a holiday */
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2026-09-22T03:00:00Z") < 2);
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2026-09-24T03:00:00Z") > 10);
    remove_outputs(&r);
    generate("substitute", 1, 2025, 11, 1, 1, &r); /* 2025-11-24 .. 11-30 */
    /* 11/23 勤労感謝の日 falls on a Sunday: Monday 11/24 is off, Tuesday is not */
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2025-11-24T03:00:00Z") < 2);
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2025-11-25T03:00:00Z") > 10);
    remove_outputs(&r);
    generate("yearend", 1, 2025, 12, 1, 1, &r); /* 2025-12-25 .. 12-31 */
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2025-12-26T03:00:00Z") > 10);
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2025-12-29T03:00:00Z") < 2);
    remove_outputs(&r);
}

/* The demo's days off are engine/calendar.c's: the one-off and moved holidays
 * of the special laws too (its own rules missed them before issue 17) */
static void test_office_hours_follow_calendar_special_laws(void **state)
{
    (void)state;
    struct imp_demo_result r;
    generate("enthronement", 1, 2019, 5, 1, 5, &r); /* 2019-04-27 .. 05-31 */
    /* 2019-05-01 天皇の即位の日 (Wed) and 04-30, 05-02 国民の休日 */
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2019-04-30T03:00:00Z") < 2);
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2019-05-01T03:00:00Z") < 2);
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2019-05-02T03:00:00Z") < 2);
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2019-05-07T03:00:00Z") > 10);
    remove_outputs(&r);
    generate("olympics", 1, 2020, 7, 1, 2, &r); /* 2020-07-18 .. 07-31 */
    /* 2020: 海の日 moved from Monday 7/20 to Thursday 7/23, スポーツの日 to Friday 7/24 */
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2020-07-20T03:00:00Z") > 10);
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2020-07-23T03:00:00Z") < 2);
    assert_true(cpu_at(r.metrics_file, "vm-kodomo-dev01", "2020-07-24T03:00:00Z") < 2);
    remove_outputs(&r);
}

static void test_cases_listed(void **state)
{
    (void)state;
    size_t n = 0;
    for (const struct imp_demo_case *c = imp_demo_cases; c->resource_name; c++, n++) {
        assert_non_null(c->department);
        assert_non_null(c->expected);
    }
    assert_true(n >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_init_sets_every_field),
        cmocka_unit_test(test_same_seed_same_bytes),
        cmocka_unit_test(test_ea_layout_and_exact_amortization),
        cmocka_unit_test(test_planted_office_hours_follow_holidays),
        cmocka_unit_test(test_office_hours_special_days_off),
        cmocka_unit_test(test_office_hours_follow_calendar_special_laws),
        cmocka_unit_test(test_cases_listed),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(test_tmp_dir());
    return rc;
}
