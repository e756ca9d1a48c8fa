/*
 * test_store_pg_metrics.c - the metrics and schedule store paths on
 * PostgreSQL (issue 19): the same cost and metrics files imported through
 * the importers' entry points (imp_cost_file, imp_metrics_file) into a
 * SQLite store and into a PostgreSQL store, one of them imported again (a
 * duplicate, nothing changes), and every read of store_metrics.h and
 * store_schedule.h (metric resources, hours, series, the VM list, the bulk
 * metrics scan, the schedule profile cache) printed to text and compared
 * byte for byte. The PostgreSQL half runs when YOSAN_TEST_PG names a
 * connection (tests/cli/test_store_pg_metrics.sh starts a throwaway cluster
 * and sets it) and is reported as skipped otherwise.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "imp_cost.h"
#include "imp_metrics.h"
#include "money.h"
#include "pg_store_test.h"
#include "sdb.h"
#include "store.h"
#include "store_metrics.h"
#include "store_schedule.h"

#define PG_SCHEMA "store_pg_metrics_test"
/* two VMs of ea_mtd_*.csv, as stored (lower-case) */
#define VM0                                                                                        \
    "/subscriptions/0a1b2c3d-0000-4000-8000-000000000001/resourcegroups/rg-kensetsu-web/"          \
    "providers/microsoft.compute/virtualmachines/vm0"
#define VM1                                                                                        \
    "/subscriptions/0a1b2c3d-0000-4000-8000-000000000002/resourcegroups/rg-kenko-db/"              \
    "providers/microsoft.compute/virtualmachines/vm1"

static char lite_path[4096];

/* ---- opening ---- */

/* ---- writing through the importers ---- */

static void import_cost(struct store *s, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, name);
    struct imp_cost_options opt = {0};
    opt.allow_any_date = 1;
    struct imp_cost_result res;
    memset(&res, 0, sizeof res);
    struct err e;
    err_clear(&e);
    if (imp_cost_file(s, path, &opt, &res, &e) != ST_OK)
        fail_msg("import %s: %s", name, e.msg);
    assert_int_equal(res.duplicate, 0);
    assert_true(res.rows > 0);
}

static void import_metrics(struct store *s, const char *path, int want_duplicate)
{
    struct imp_metrics_result res;
    memset(&res, 0, sizeof res);
    struct err e;
    err_clear(&e);
    if (imp_metrics_file(s, path, &res, &e) != ST_OK)
        fail_msg("import metrics %s: %s", path, e.msg);
    assert_int_equal(res.duplicate, want_duplicate);
    if (!want_duplicate)
        assert_true(res.hours > 0);
}

/* CPU of the cost fixtures' VMs (vm0, vm1 of ea_mtd_*.csv, vm-app01 of
 * ea_disks.csv), two points per hour for some hours (merged), the ids in
 * mixed case (stored lower-cased). part 2 overlaps part 1's last day (its
 * hours replace the older import's). Returns the file path (static). */
static const char *vm_cpu_csv(int part)
{
    static char path[2][4200];
    snprintf(path[part - 1], sizeof path[0], "%s/vm_cpu_%d.csv", test_tmp_dir(), part);
    FILE *f = fopen(path[part - 1], "w");
    assert_non_null(f);
    fputs("resource_id,timestamp,metric,value\n", f);
    static const char *const vms[] = {
        "/subscriptions/0A1B2C3D-0000-4000-8000-000000000001/resourceGroups/rg-kensetsu-web/"
        "providers/Microsoft.Compute/virtualMachines/vm0",
        "/subscriptions/0a1b2c3d-0000-4000-8000-000000000002/resourcegroups/rg-kenko-db/"
        "providers/microsoft.compute/virtualmachines/vm1",
        "/subscriptions/1c2d3e4f-0000-4000-8000-00000000d15c/resourceGroups/rg-app/providers/"
        "Microsoft.Compute/virtualMachines/vm-app01",
    };
    int first = part == 1 ? 0 : 3, last = part == 1 ? 3 : 5; /* days from 2025-04-01 */
    /* two metrics-only VMs whose ids sort differently by bytes ('9' < '_')
     * and by a linguistic collation ('_' first): item 17 */
    static const char *const extra[] = {
        "/subscriptions/0a1b2c3d-0000-4000-8000-000000000001/resourceGroups/rg-x/providers/"
        "Microsoft.Compute/virtualMachines/vm_z",
        "/subscriptions/0a1b2c3d-0000-4000-8000-000000000001/resourceGroups/rg-x/providers/"
        "Microsoft.Compute/virtualMachines/vm9",
    };
    for (size_t v = 0; v < 2 && part == 1; v++)
        fprintf(f, "%s,2025-04-02T05:00:00Z,Percentage CPU,%d\n", extra[v], 40 + (int)v);
    for (size_t v = 0; v < 3; v++)
        for (int d = first; d <= last; d++)
            for (int h = 0; h < 24; h += (int)v + 1) {
                double cpu = 3.0 + (double)((h * 7 + d * 13 + (int)v * 5) % 90) / 3.0;
                fprintf(f, "%s,2025-04-%02dT%02d:00:00Z,Percentage CPU,%.17g\n", vms[v], d + 1, h,
                        cpu);
                if (h % 5 == 0)
                    fprintf(f, "%s,2025-04-%02dT%02d:30:00Z,Percentage CPU,%.17g\n", vms[v], d + 1,
                            h, cpu / 7.0 + part);
            }
    fclose(f);
    return path[part - 1];
}

/* ---- reading everything the metrics and schedule files read, as text ---- */

static void put_series(FILE *f, const char *label, const double *v, size_t n)
{
    fprintf(f, "%s", label); /* the values that are there, exact, with their index */
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            fprintf(f, " %zu:%a", i, v[i]);
    fputc('\n', f);
}

static void dump_metrics(FILE *f, struct store *s, int64_t *from_hour)
{
    struct err e;
    err_clear(&e);
    char **ids = NULL;
    size_t n = 0;
    if (store_metrics_resources(s, &ids, &n, &e) != ST_OK)
        fail_msg("store_metrics_resources: %s", e.msg);
    int64_t last = 0;
    if (store_metrics_last_hour(s, &last, &e) != ST_OK)
        fail_msg("store_metrics_last_hour: %s", e.msg);
    fprintf(f, "last_hour %lld resources %zu\n", (long long)last, n);
    const size_t hours = 24 * 70; /* back from the last hour, over every fixture */
    *from_hour = last - (int64_t)hours + 1;
    double *avg = malloc(hours * sizeof *avg), *max = malloc(hours * sizeof *max);
    assert_non_null(avg);
    assert_non_null(max);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "resource %s\n", ids[i]);
        for (int k = 0; k < METRIC_KIND_COUNT; k++) {
            if (store_metrics_get(s, ids[i], (enum metric_kind)k, *from_hour, hours, avg, max,
                                  &e) != ST_OK)
                fail_msg("store_metrics_get: %s", e.msg);
            size_t any = 0;
            for (size_t h = 0; h < hours; h++)
                any += !isnan(avg[h]) || !isnan(max[h]);
            if (!any)
                continue;
            char label[64];
            snprintf(label, sizeof label, " %s avg", metric_kind_name((enum metric_kind)k));
            put_series(f, label, avg, hours);
            snprintf(label, sizeof label, " %s max", metric_kind_name((enum metric_kind)k));
            put_series(f, label, max, hours);
        }
        free(ids[i]);
    }
    free(ids);
    free(avg);
    free(max);
}

struct scan_out {
    FILE *f;
    size_t n;
    size_t nmetrics;
};

static enum status on_vm_metrics(void *arg, const char *resource_id, double *const *vals,
                                 struct err *e)
{
    (void)e;
    struct scan_out *o = arg;
    fprintf(o->f, "scan %s\n", resource_id);
    for (size_t k = 0; k < o->nmetrics; k++)
        put_series(o->f, " m", vals[k], o->n);
    return ST_OK;
}

static void dump_vm_metrics(FILE *f, struct store *s, int64_t from_hour)
{
    struct err e;
    err_clear(&e);
    int64_t first = 0, last = 0;
    if (store_vm_metrics_first_hour(s, METRIC_CPU_PCT, &first, &e) != ST_OK ||
        store_vm_metrics_last_hour(s, METRIC_CPU_PCT, &last, &e) != ST_OK)
        fail_msg("store_vm_metrics_first/last_hour: %s", e.msg);
    fprintf(f, "vm cpu hours %lld..%lld\n", (long long)first, (long long)last);
    for (int k = 0; k < METRIC_KIND_COUNT; k++) {
        last = 0;
        enum status st = store_vm_metrics_last_hour(s, (enum metric_kind)k, &last, &e);
        fprintf(f, "vm last hour %d: %d %lld\n", k, (int)st, (long long)last);
    }
    enum metric_kind kinds[3] = {METRIC_CPU_PCT, METRIC_NET_OUT_BYTES, METRIC_DISK_READ_OPS};
    struct scan_out o = {f, (size_t)(24 * 70), 3};
    if (store_vm_metrics_scan(s, kinds, 3, from_hour, o.n, on_vm_metrics, &o, &e) != ST_OK)
        fail_msg("store_vm_metrics_scan: %s", e.msg);
}

static void dump_vm_list(FILE *f, struct store *s, int32_t from, int32_t to, const char *dept)
{
    struct store_vm_list l;
    struct err e;
    err_clear(&e);
    if (store_vm_list(s, from, to, dept, &l, &e) != ST_OK)
        fail_msg("store_vm_list: %s", e.msg);
    fprintf(f, "vm_list %d..%d %s: %zu VMs from %d, %zu days\n", from, to, dept ? dept : "(all)",
            l.n, l.first_day, l.ndays);
    for (size_t i = 0; i < l.n; i++) {
        const struct store_vm *v = &l.v[i];
        char m[64];
        fprintf(f, " %s dept=%s size=%s region=%s tags=%s %s reserved=%d hours=%a cost=%s\n",
                v->resource_id, v->department, v->vm_size ? v->vm_size : "(null)", v->region,
                v->tags_json, v->currency, v->reserved, v->hours_total,
                money_format(v->cost, 12, m, sizeof m));
        put_series(f, "  daily", v->daily_hours, l.ndays);
        char *d = store_resource_department(s, v->resource_id);
        char *t = store_resource_tags(s, v->resource_id);
        fprintf(f, "  department %s tags %s\n", d ? d : "(null)", t ? t : "(null)");
        free(d);
        free(t);
    }
    store_vm_list_release(&l);
}

static void dump_schedule(FILE *f, struct store *s)
{
    struct err e;
    err_clear(&e);
    int32_t last = 0;
    if (store_vm_last_day(s, &last, &e) != ST_OK)
        fail_msg("store_vm_last_day: %s", e.msg);
    fprintf(f, "vm_last_day %d prices %d\n", last, store_vm_prices_imported(s));
    int32_t apr1 = 0, mar1 = 0;
    assert_int_equal(date_parse("2025-04-01", 10, &apr1), 0);
    assert_int_equal(date_parse("2025-03-01", 10, &mar1), 0);
    dump_vm_list(f, s, mar1, last, NULL);
    dump_vm_list(f, s, apr1 + 1, apr1 + 3, NULL);
    dump_vm_list(f, s, apr1, apr1 + 30, "(unallocated)");
    dump_vm_list(f, s, apr1, apr1 + 30, "no such department");
    char *d = store_resource_department(s, "/no/such/resource");
    fprintf(f, "unknown resource department %s\n", d ? d : "(null)");
    free(d);
}

static enum status on_profile(void *arg, const char *resource_id, const uint32_t *seen,
                              const uint32_t *active, struct err *e)
{
    (void)e;
    FILE *f = arg;
    fprintf(f, "profile %s", resource_id);
    for (size_t i = 0; i < 8; i++)
        fprintf(f, " %x/%x", (unsigned)seen[i], (unsigned)active[i]);
    fputc('\n', f);
    return ST_OK;
}

/* Rebuild the profile cache (a metrics resource and one that is not), then
 * read it back. */
static void dump_profile(FILE *f, struct store *s)
{
    struct err e;
    err_clear(&e);
    char basis[128];
    if (store_profile_basis(s, "t=1", basis, sizeof basis, &e) != ST_OK)
        fail_msg("store_profile_basis: %s", e.msg);
    fprintf(f, "basis %s\n", basis); /* fresh or not depends on the story's step */
    int32_t apr1 = 0;
    assert_int_equal(date_parse("2025-04-01", 10, &apr1), 0);
    struct store_profile_writer *w = NULL;
    if (store_profile_begin(s, &w, &e) != ST_OK)
        fail_msg("store_profile_begin: %s", e.msg);
    uint32_t seen[6] = {0xffffff, 0, 0x00ff00, 0xf, 0, 0x1}, act[6] = {0xff00, 0, 0, 0x3, 0, 0};
    const char *ids[] = {VM1, "/not/a/metrics/resource", VM0};
    for (size_t i = 0; i < 3; i++)
        if (store_profile_put(w, ids[i], apr1 + (int32_t)i, 6, seen, act, &e) != ST_OK)
            fail_msg("store_profile_put: %s", e.msg);
    if (store_profile_finish(w, basis, &e) != ST_OK)
        fail_msg("store_profile_finish: %s", e.msg);
    fprintf(f, "fresh after %d\n", store_profile_is_fresh(s, basis));
    if (store_profile_scan(s, apr1, 8, on_profile, f, &e) != ST_OK)
        fail_msg("store_profile_scan: %s", e.msg);
}

/* Everything the metrics and schedule reads return. Caller frees. */
static char *snapshot(struct store *s, int with_profile)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    int64_t from_hour = 0;
    dump_metrics(f, s, &from_hour);
    dump_vm_metrics(f, s, from_hour);
    dump_schedule(f, s);
    if (with_profile)
        dump_profile(f, s);
    fclose(f);
    return text;
}

/* The story on one store: cost files with VMs, metrics files (fixtures
 * and the generated VM CPU, the second part overlapping the first), one
 * again (a duplicate), the reads, the profile cache, the reads after
 * reopening. */
static char *run_story(const char *target, char **after_imports)
{
    struct store *s = pg_test_open_store(target);
    import_cost(s, "ea_disks.csv");
    import_cost(s, "ea_mtd_1.csv");
    import_cost(s, "ea_mtd_2.csv");
    static const char *const fixtures[] = {"metrics_small.csv", "metrics_vm1.json",
                                           "metrics_disks.csv", "metrics_storage_la.csv"};
    char path[4200];
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        snprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, fixtures[i]);
        import_metrics(s, path, 0);
    }
    import_metrics(s, vm_cpu_csv(1), 0);
    import_metrics(s, vm_cpu_csv(2), 0);
    *after_imports = snapshot(s, 0);
    /* idempotent: the same file again changes nothing */
    import_metrics(s, vm_cpu_csv(2), 1);
    snprintf(path, sizeof path, "%s/metrics_small.csv", TEST_DATA_DIR);
    import_metrics(s, path, 1);
    char *again = snapshot(s, 0);
    pg_test_same_text(again, *after_imports, "after_duplicate");
    free(again);
    char *end = snapshot(s, 1);
    store_close(s);
    s = pg_test_open_store(target);
    char *reopened = snapshot(s, 1);
    pg_test_same_text(reopened, end, "after_reopening");
    free(reopened);
    store_close(s);
    return end;
}

/* ---- tests ---- */

/* The SQLite story reads what the fixtures hold (so an empty read on both
 * backends cannot pass as "identical"). */
static void test_sqlite_story(void **state)
{
    (void)state;
    remove(lite_path);
    char *mid = NULL, *end = run_story(lite_path, &mid);
    if (getenv("TEST_DUMP"))
        fputs(end, stdout);
    assert_non_null(strstr(mid, "resource " VM0 "\n Percentage CPU avg 1536:"));
    assert_non_null(strstr(mid, "Disk Read Operations/Sec avg"));
    assert_non_null(strstr(mid, "scan " VM1 "\n m 1536:"));
    assert_non_null(strstr(end, VM0 " dept=建設局 size=Standard_D2s_v3 region=japan east"));
    assert_non_null(strstr(end, "vm-app01 dept=(unallocated) size=Standard_D4s_v5"));
    assert_non_null(strstr(end, "vm_list 20179..20209 no such department: 0 VMs"));
    assert_non_null(strstr(end, "fresh after 1"));
    assert_non_null(strstr(end, "profile " VM0 " 0/0 0/0 ffffff/ff00 0/0 ff00/0 f/3 0/0 1/0\n"));
    assert_null(strstr(end, "profile /not/"));
    const char *vm9 = strstr(mid, "resource /subscriptions/0a1b2c3d-0000-4000-8000-000000000001/"
                                  "resourcegroups/rg-x/providers/microsoft.compute/"
                                  "virtualmachines/vm9\n");
    assert_non_null(vm9);
    assert_non_null(strstr(vm9, "virtualmachines/vm_z\n")); /* byte order */
    free(mid);
    free(end);
}

static void test_pg_same_as_sqlite(void **state)
{
    (void)state;
    pg_test_same_story(PG_SCHEMA, lite_path, run_story, "metrics_after_imports",
                       "metrics_and_profile");
}

/* Item 11 of docs/postgresql.md: a failed resource lookup inside the
 * profile transaction is reported, not taken for "not a metrics resource"
 * (PostgreSQL has aborted the transaction by then; it refuses an id that is
 * not UTF-8, where SQLite finds no row). */
static void test_pg_profile_lookup_error(void **state)
{
    (void)state;
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        skip();
    char *conninfo = pg_test_conninfo(PG_SCHEMA, pg);
    pg_test_fresh_schema(PG_SCHEMA, pg);
    struct store *s = pg_test_open_store(conninfo);
    struct store_profile_writer *w = NULL;
    struct err e;
    err_clear(&e);
    if (store_profile_begin(s, &w, &e) != ST_OK)
        fail_msg("store_profile_begin: %s", e.msg);
    uint32_t seen[1] = {1}, act[1] = {1};
    assert_int_equal(store_profile_put(w, "/vm-\xff", 20000, 1, seen, act, &e), ST_DB);
    assert_non_null(strstr(e.msg, "cannot read metric resources"));
    store_profile_abort(w);
    /* the store is usable after the rollback */
    char basis[128];
    assert_int_equal(store_profile_basis(s, "k", basis, sizeof basis, &e), ST_OK);
    assert_string_equal(basis, "imports=0/0;k");
    store_close(s);
    free(conninfo);
}

/* The same on a database whose collation is not byte order (ICU's root
 * locale): text orders that reach the reads are made in C. Only with a
 * keyword connection string (a dbname keyword is appended). */
static void test_pg_icu_same_as_sqlite(void **state)
{
    (void)state;
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg || strncmp(pg, "postgres", 8) == 0)
        skip();
    struct sdb *db = NULL;
    struct err e;
    err_clear(&e);
    if (sdb_open(pg, 0, &db, &e) != ST_OK)
        fail_msg("open PostgreSQL: %s", e.msg);
    sdb_exec(db, "DROP DATABASE IF EXISTS store_pg_metrics_icu", NULL);
    if (sdb_exec(db,
                 "CREATE DATABASE store_pg_metrics_icu TEMPLATE template0 LOCALE_PROVIDER icu "
                 "ICU_LOCALE 'und' LOCALE 'C'",
                 &e) != ST_OK)
        fail_msg("CREATE DATABASE with ICU: %s", e.msg);
    sdb_close(db);
    size_t n = strlen(pg) + 40;
    char *base = malloc(n);
    assert_non_null(base);
    snprintf(base, n, "%s dbname=store_pg_metrics_icu", pg);
    char *conninfo = pg_test_conninfo(PG_SCHEMA, base);
    remove(lite_path);
    char *lite_mid = NULL, *lite_end = run_story(lite_path, &lite_mid);
    pg_test_fresh_schema(PG_SCHEMA, base);
    char *pg_mid = NULL, *pg_end = run_story(conninfo, &pg_mid);
    pg_test_same_text(pg_mid, lite_mid, "icu_metrics_after_imports");
    pg_test_same_text(pg_end, lite_end, "icu_metrics_and_profile");
    free(lite_mid);
    free(lite_end);
    free(pg_mid);
    free(pg_end);
    free(conninfo);
    free(base);
}

int main(void)
{
    snprintf(lite_path, sizeof lite_path, "%s/store_pg_metrics.db", test_tmp_dir());
    const char *pg = getenv("YOSAN_TEST_PG");
    fprintf(stderr, "test_store_pg_metrics: SQLite%s\n",
            pg && *pg ? " and PostgreSQL (YOSAN_TEST_PG)" : " only (YOSAN_TEST_PG unset)");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite_story),
        cmocka_unit_test(test_pg_same_as_sqlite),
        cmocka_unit_test(test_pg_icu_same_as_sqlite),
        cmocka_unit_test(test_pg_profile_lookup_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
