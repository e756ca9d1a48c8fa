/*
 * test_store_pg_rightsize.c - the right-sizing reads of the store
 * (store_rightsize.h, store_rs_storage.h, store_rs_network.h) on SQLite and
 * on PostgreSQL (issue 19): a one-month demo city (imp_demo, actual and
 * amortized, with its department rules) imported through imp_cost_file into
 * both, then every right-sizing read - billed resources, disks, product
 * texts, the bill by meter, SQL vCores, storage accounts and workspaces by
 * day, gateways/plans/snapshots, the snapshots' first days, the last cost
 * day - for all departments and for one, printed to text (doubles with 17
 * digits) and compared byte for byte. The demo's resource ids are stored as
 * exported (`Microsoft.Storage`, mixed case), which is what the LIKE
 * patterns must match on both (docs/postgresql.md, items 7 and 20). Also
 * store_rs_read_begin/clone on each: the whole-city reads go through a
 * clone, which shares the parent's snapshot (SQLite: the write lock;
 * PostgreSQL: pg_export_snapshot / SET TRANSACTION SNAPSHOT, item 21), and
 * on PostgreSQL a clone opened after another connection committed an
 * import still reads exactly what the parent reads; and job_rightsize on 4
 * threads (3 clones) gives the same rows on both. The
 * PostgreSQL half runs when YOSAN_TEST_PG names a connection
 * (tests/cli/test_store_pg_rightsize.sh starts a throwaway cluster) and is
 * reported as skipped otherwise.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dept.h"
#include "imp_cost.h"
#include "imp_demo.h"
#include "imp_dept.h"
#include "job_rightsize.h"
#include "money.h"
#include "pg_store_test.h"
#include "sdb.h"
#include "store.h"
#include "store_departments.h"
#include "store_rightsize.h"
#include "store_rs_network.h"
#include "store_rs_storage.h"

#define PG_SCHEMA "store_pg_rightsize_test"

static char lite_path[4096];
static struct imp_demo_result demo;
static int32_t from_day, to_day;

/* ---- opening (as test_store_pg.c) ---- */

/* Cost files [first, first + n) of the demo city into the store s. */
static void import_files(struct store *s, size_t first, size_t n)
{
    struct err e;
    err_clear(&e);
    struct imp_cost_options opt;
    memset(&opt, 0, sizeof opt);
    opt.allow_any_date = 1;
    for (size_t i = first; i < first + n && i < demo.ncost_files; i++) {
        struct imp_cost_result res;
        memset(&res, 0, sizeof res);
        if (imp_cost_file(s, demo.cost_files[i], &opt, &res, &e) != ST_OK)
            fail_msg("%s: %s", demo.cost_files[i], e.msg);
        assert_true(res.rows > 0);
    }
}

/* The demo city's rules and its first nfiles cost files into the store at
 * target. */
static struct store *load_city_files(const char *target, size_t nfiles)
{
    struct store *s = pg_test_open_store(target);
    struct dept_rules r;
    dept_rules_init(&r);
    struct err e;
    err_clear(&e);
    if (imp_dept_rules_read(demo.rules_file, &r, &e) != ST_OK)
        fail_msg("rules: %s", e.msg);
    int64_t objects = 0;
    if (store_dept_rules_replace(s, &r, &objects, &e) != ST_OK)
        fail_msg("store_dept_rules_replace: %s", e.msg);
    dept_rules_release(&r);
    import_files(s, 0, nfiles);
    return s;
}

/* The whole demo city into the store at target. */
static struct store *load_city(const char *target)
{
    return load_city_files(target, demo.ncost_files);
}

/* ---- the reads, as text ---- */

static void put_money(FILE *f, struct money m)
{
    char t[64];
    fprintf(f, " %s", money_format(m, 12, t, sizeof t));
}

#define CHECK(call, what)                                                                          \
    do {                                                                                           \
        struct err e_;                                                                             \
        err_clear(&e_);                                                                            \
        if ((call) != ST_OK)                                                                       \
            fail_msg("%s: %s", what, e_.msg);                                                      \
    } while (0)
#define E (&e_)

static int dump_billed(FILE *f, struct store *s, const char *dept, int vms_only)
{
    struct store_rs_rows r = {0};
    CHECK(store_rightsize_billed(s, from_day, to_day, dept, vms_only, &r, E), "billed");
    for (size_t i = 0; i < r.n; i++) {
        const struct store_rs_row *x = &r.v[i];
        fprintf(f, "billed vms=%d ds=%d %s %s %s %s %s %s %s %.17g %d", vms_only, r.dataset,
                x->resource_id, x->subscription, x->resource_group, x->department,
                x->vm_size ? x->vm_size : "(null)", x->region, x->currency, x->billed_hours,
                x->reserved);
        put_money(f, x->cost);
        fputc('\n', f);
    }
    int ds = r.dataset;
    store_rs_rows_release(&r);
    return ds;
}

static size_t dump_disks_texts(FILE *f, struct store *s, int ds, const char *dept)
{
    struct store_rs_disk_meters d = {0};
    CHECK(store_rightsize_disk_meters(s, from_day, to_day, ds, &d, E), "disk meters");
    for (size_t i = 0; i < d.n; i++) {
        fprintf(f, "disk %s %s %s %s %.17g", d.v[i].resource_id, d.v[i].meter_name, d.v[i].region,
                d.v[i].currency, d.v[i].months);
        put_money(f, d.v[i].cost);
        fputc('\n', f);
    }
    size_t n = d.n;
    store_rs_disk_meters_release(&d);
    struct store_rs_texts t = {0};
    CHECK(store_rightsize_product_texts(s, from_day, to_day, ds, dept, &t, E), "texts");
    for (size_t i = 0; i < t.n; i++) {
        fprintf(f, "text %s %s %s %s", t.v[i].resource_id, t.v[i].department, t.v[i].text,
                t.v[i].currency);
        put_money(f, t.v[i].cost);
        fputc('\n', f);
    }
    store_rs_texts_release(&t);
    return n;
}

static size_t dump_meter_costs(FILE *f, struct store *s, int ds, const char *dept)
{
    struct store_rs_meter_costs m = {0};
    CHECK(store_rightsize_meter_costs(s, from_day, to_day, ds, dept, NULL, &m, E), "meter costs");
    for (size_t i = 0; i < m.n; i++) {
        const struct store_rs_meter_cost *x = &m.v[i];
        fprintf(f, "meter %s %s %s %s %s %.17g", x->resource_id, x->service, x->subcategory,
                x->meter_name, x->currency, x->hours);
        put_money(f, x->cost);
        fputc('\n', f);
    }
    size_t n = m.n;
    store_rs_meter_costs_release(&m);
    struct store_rs_sql_vcores v = {0};
    CHECK(store_rightsize_sql_vcores(s, from_day, to_day, ds, dept, &v, E), "sql vcores");
    for (size_t i = 0; i < v.n; i++) {
        const struct store_rs_sql_vcore *x = &v.v[i];
        fprintf(f, "vcore %s %s %s %s %s %.17g %.17g %d %d", x->resource_id, x->department,
                x->subcategory, x->region, x->currency, x->hours, x->min_day, x->days, x->reserved);
        put_money(f, x->cost);
        fputc('\n', f);
    }
    store_rs_sql_vcores_release(&v);
    return n;
}

/* Storage and network reads; returns rows of each in counts[0..2]. */
static void dump_storage_network(FILE *f, struct store *s, int ds, const char *dept,
                                 size_t counts[3])
{
    struct store_rs_day_meters d = {0};
    CHECK(store_rightsize_storage_meters(s, from_day, to_day, ds, dept, &d, E), "storage");
    for (size_t i = 0; i < d.n; i++) {
        const struct store_rs_day_meter *x = &d.v[i];
        fprintf(f, "storage %s %s %s %s %s %s %s %d %.17g", x->resource_id, x->resource_group,
                x->tags, x->subcategory, x->meter_name, x->unit, x->currency, x->day, x->quantity);
        put_money(f, x->cost);
        fputc('\n', f);
    }
    counts[0] = d.n;
    store_rs_day_meters_release(&d);
    struct store_rs_net_meters n = {0};
    CHECK(store_rightsize_net_meters(s, from_day, to_day, ds, dept, &n, E), "network");
    for (size_t i = 0; i < n.n; i++) {
        const struct store_rs_net_meter *x = &n.v[i];
        fprintf(f, "net %s %s %s %s %s %s %.17g", x->resource_id, x->tags, x->service,
                x->meter_name, x->unit, x->currency, x->quantity);
        put_money(f, x->cost);
        fputc('\n', f);
    }
    counts[1] = n.n;
    store_rs_net_meters_release(&n);
    struct store_rs_first_days fd = {0};
    CHECK(store_rightsize_snapshot_first_days(s, to_day, ds, &fd, E), "snapshot first days");
    for (size_t i = 0; i < fd.n; i++)
        fprintf(f, "snapfirst %s %d\n", fd.v[i].resource_id, fd.v[i].first_day);
    counts[2] = fd.n;
    store_rs_first_days_release(&fd);
}

/* Rows seen by each read over the whole city (all departments). */
struct counts {
    size_t disks, meters, storage, net, snapshots;
};

/* Every right-sizing read for dept (NULL: all), one line per row. */
static void dump_all(FILE *f, struct store *s, const char *dept, struct counts *c)
{
    fprintf(f, "== department %s\n", dept ? dept : "(all)");
    dump_billed(f, s, dept, 1);
    int ds = dump_billed(f, s, dept, 0);
    size_t disks = dump_disks_texts(f, s, ds, dept);
    size_t meters = dump_meter_costs(f, s, ds, dept);
    size_t sn[3];
    dump_storage_network(f, s, ds, dept, sn);
    if (!dept && c)
        *c = (struct counts){disks, meters, sn[0], sn[1], sn[2]};
}

/* Every right-sizing read of s for dept (NULL: all) as text. Caller frees. */
static char *reads_text(struct store *s, const char *dept)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    dump_all(f, s, dept, NULL);
    fclose(f);
    return text;
}

/* The reads inside store_rs_read_begin/end, as job_rightsize does: for all
 * departments through a clone (the worker connections' path), for the
 * first department by name through s. Caller frees. */
static char *snapshot(struct store *s, struct counts *c)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    int32_t last = 0;
    CHECK(store_rightsize_last_cost_day(s, &last, E), "last cost day");
    fprintf(f, "last %d\n", last);
    CHECK(store_rs_read_begin(s, E), "store_rs_read_begin");
    struct store *clone = NULL;
    CHECK(store_rs_read_clone(s, &clone, E), "store_rs_read_clone");
    dump_all(f, clone, NULL, c);
    store_rs_read_clone_close(clone);
    char **names = NULL;
    size_t n = 0;
    CHECK(store_department_names(s, &names, &n, E), "department names");
    assert_true(n > 0);
    dump_all(f, s, names[0], NULL);
    store_department_names_free(names, n);
    store_rs_read_end(s);
    fclose(f);
    return text;
}

/* The SQLite side alone: every read finds rows in the demo city, so the
 * comparison compares something. */
static char *sqlite_text(void)
{
    remove(lite_path);
    struct store *s = load_city(lite_path);
    struct counts c = {0};
    char *text = snapshot(s, &c);
    assert_true(c.disks > 0);
    assert_true(c.meters > 0);
    assert_true(c.storage > 0); /* Microsoft.Storage ids, mixed case */
    assert_true(c.net > 0);
    assert_true(c.snapshots > 0);
    store_close(s);
    return text;
}

static void test_sqlite_reads(void **state)
{
    (void)state;
    char *t = sqlite_text();
    assert_non_null(strstr(t, "storage /subscriptions/"));
    assert_non_null(strstr(t, "net /subscriptions/"));
    free(t);
}

static void test_pg_same_as_sqlite(void **state)
{
    (void)state;
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        skip(); /* reported as skipped: YOSAN_TEST_PG unset */
    char *lite = sqlite_text();
    char *conninfo = pg_test_conninfo(PG_SCHEMA, pg);
    pg_test_fresh_schema(PG_SCHEMA, pg);
    struct store *s = load_city(conninfo);
    struct counts c = {0};
    char *got = snapshot(s, &c);
    store_close(s);
    pg_test_same_text(got, lite, "rightsize");
    free(got);
    free(lite);
    free(conninfo);
}

/* Both backends share the read snapshot with a clone (docs/postgresql.md,
 * item 21). */
static void check_clone(const char *target, enum status want)
{
    struct store *s = pg_test_open_store(target);
    struct err e;
    err_clear(&e);
    assert_int_equal(store_rs_read_begin(s, &e), ST_OK);
    struct store *c = NULL;
    enum status got = store_rs_read_clone(s, &c, &e);
    assert_int_equal(got, want);
    if (got == ST_OK) {
        int32_t a = 0, b = 0;
        assert_int_equal(store_rightsize_last_cost_day(s, &a, &e), ST_OK);
        assert_int_equal(store_rightsize_last_cost_day(c, &b, &e), ST_OK);
        assert_int_equal(a, b);
        store_rs_read_clone_close(c);
    } else {
        assert_null(c);
    }
    store_rs_read_end(s);
    store_close(s);
}

static void test_read_clone(void **state)
{
    (void)state;
    remove(lite_path);
    store_close(load_city(lite_path));
    check_clone(lite_path, ST_OK);
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        return;
    char *conninfo = pg_test_conninfo(PG_SCHEMA, pg);
    pg_test_fresh_schema(PG_SCHEMA, pg);
    store_close(load_city(conninfo));
    check_clone(conninfo, ST_OK);
    free(conninfo);
}

/* PostgreSQL: s begins its read snapshot, another connection then commits
 * an import (the amortized file: the reads switch to that dataset when it
 * is there), and clones opened afterwards still read exactly what s reads,
 * while a fresh connection sees the import. SQLite needs no such test: its
 * parent holds the write lock, so the import would wait. */
static void test_clone_keeps_snapshot(void **state)
{
    (void)state;
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        skip();
    assert_true(demo.ncost_files >= 2);
    char *conninfo = pg_test_conninfo(PG_SCHEMA, pg);
    pg_test_fresh_schema(PG_SCHEMA, pg);
    store_close(load_city_files(conninfo, 1));
    struct store *s = pg_test_open_store(conninfo);
    struct err e;
    err_clear(&e);
    assert_int_equal(store_rs_read_begin(s, &e), ST_OK);

    struct store *w = pg_test_open_store(conninfo); /* commits while s reads */
    char *before = reads_text(w, NULL);
    import_files(w, 1, demo.ncost_files - 1);
    char *after = reads_text(w, NULL);
    store_close(w);
    if (strcmp(before, after) == 0)
        fail_msg("the import changed nothing the reads see: the test would prove nothing");

    struct store *c[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++)
        if (store_rs_read_clone(s, &c[i], &e) != ST_OK)
            fail_msg("store_rs_read_clone: %s", e.msg);
    char *parent = reads_text(s, NULL);
    pg_test_same_text(parent, before, "rightsize parent vs before the import");
    for (int i = 0; i < 2; i++) {
        char *got = reads_text(c[i], NULL);
        pg_test_same_text(got, parent, i ? "rightsize clone 2" : "rightsize clone 1");
        free(got);
        store_rs_read_clone_close(c[i]);
    }
    store_rs_read_end(s);
    char *now = reads_text(s, NULL); /* the snapshot ended: the import shows */
    pg_test_same_text(now, after, "rightsize after store_rs_read_end");
    store_close(s);
    free(now);
    free(parent);
    free(before);
    free(after);
    free(conninfo);
}

/* job_rightsize on 4 threads (the worker clones) as text: one line per
 * row. Caller frees. */
static char *job_text(struct store *s)
{
    struct job_rs_options o;
    memset(&o, 0, sizeof o);
    o.month = month_index(2025, 3);
    o.lookback_days = 30;
    o.threads = 4;
    mdl_rs_defaults(&o.thr);
    struct job_rs_result r;
    struct err e;
    err_clear(&e);
    if (job_rightsize(s, &o, &r, &e) != ST_OK)
        fail_msg("job_rightsize: %s", e.msg);
    assert_true(r.n > 0); /* the comparison compares something */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    fprintf(f, "rows %zu hours %zu from %lld\n", r.n, r.hours, (long long)r.hour_from);
    for (size_t i = 0; i < r.n; i++) {
        const struct job_rs_row *x = &r.rows[i];
        fprintf(f, "%s|%s|%s|%s|%.17g|%d|%d|%.17g|%s|%s|%s\n", x->resource_id, x->department,
                x->current_size, x->currency, x->monthly_cost, (int)x->kind, (int)x->r.action,
                x->r.monthly_savings, x->r.reason ? x->r.reason : "", x->paas_target,
                x->price_source);
    }
    fclose(f);
    job_rs_result_release(&r);
    return text;
}

/* The whole job, its reads spread over worker clones, gives the same rows
 * on both backends. */
static void test_job_same_as_sqlite(void **state)
{
    (void)state;
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        skip();
    remove(lite_path);
    struct store *s = load_city(lite_path);
    char *lite = job_text(s);
    store_close(s);
    assert_true(strlen(lite) > 40);
    char *conninfo = pg_test_conninfo(PG_SCHEMA, pg);
    pg_test_fresh_schema(PG_SCHEMA, pg);
    s = load_city(conninfo);
    char *got = job_text(s);
    store_close(s);
    pg_test_same_text(got, lite, "rightsize job");
    free(got);
    free(lite);
    free(conninfo);
}

static int setup(void **state)
{
    (void)state;
    static char dir[4200];
    snprintf(dir, sizeof dir, "%s/demo", test_tmp_dir());
    struct imp_demo_options opt;
    imp_demo_options_init(&opt, month_index(2025, 3));
    opt.months = 1;
    opt.metric_weeks = 0;
    opt.amortized = 1;
    opt.out_dir = dir;
    struct err e;
    err_clear(&e);
    if (imp_demo_generate(&opt, &demo, &e) != ST_OK)
        fail_msg("imp_demo_generate: %s", e.msg);
    from_day = date_from_civil(2025, 3, 1);
    to_day = date_from_civil(2025, 3, 31);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    imp_demo_result_release(&demo);
    return 0;
}

int main(void)
{
    snprintf(lite_path, sizeof lite_path, "%s/store_pg_rightsize.db", test_tmp_dir());
    const char *pg = getenv("YOSAN_TEST_PG");
    fprintf(stderr, "test_store_pg_rightsize: SQLite%s\n",
            pg && *pg ? " and PostgreSQL (YOSAN_TEST_PG)" : " only (YOSAN_TEST_PG unset)");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite_reads),       cmocka_unit_test(test_pg_same_as_sqlite),
        cmocka_unit_test(test_read_clone),         cmocka_unit_test(test_clone_keeps_snapshot),
        cmocka_unit_test(test_job_same_as_sqlite),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
