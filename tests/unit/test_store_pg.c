/*
 * test_store_pg.c - the store opened on PostgreSQL (issue 19, first step):
 * the same cost fixtures imported through the importers' entry points into
 * a SQLite store and into a PostgreSQL store, and every read of the store
 * files already on sdb (monthly sums by each dimension, daily series,
 * department catches, department names, import records) printed to text
 * and compared byte for byte; re-importing a file changes nothing. The
 * PostgreSQL half runs when YOSAN_TEST_PG names a connection (e.g.
 * "service=yosan_test"; tests/cli/test_store_pg.sh starts a throwaway
 * cluster and sets it) and is reported as skipped otherwise.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dept.h"
#include "imp_cost.h"
#include "imp_dept.h"
#include "money.h"
#include "pg_store_test.h"
#include "sdb.h"
#include "store.h"
#include "store_costs.h"
#include "store_departments.h"

#define PG_SCHEMA "store_pg_test"

static char lite_path[4096];

/* ---- opening ---- */

/* ---- writing through the importers ---- */

static void import_cost(struct store *s, const char *name, int want_duplicate)
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
    assert_int_equal(res.duplicate, want_duplicate);
    if (!want_duplicate)
        assert_true(res.rows > 0);
}

static void apply_rules(struct store *s, const char *path)
{
    struct dept_rules r;
    dept_rules_init(&r);
    struct err e;
    err_clear(&e);
    if (imp_dept_rules_read(path, &r, &e) != ST_OK)
        fail_msg("rules %s: %s", path, e.msg);
    int64_t objects = 0;
    if (store_dept_rules_replace(s, &r, &objects, &e) != ST_OK)
        fail_msg("store_dept_rules_replace: %s", e.msg);
    dept_rules_release(&r);
}

/* ---- reading everything the ported files read, as text ---- */

static void put_money(FILE *f, struct money m)
{
    char t[64];
    fprintf(f, "%s", money_format(m, 12, t, sizeof t));
}

/* The unit separator of composite keys, made visible. */
static void put_key(FILE *f, const char *k)
{
    for (; k && *k; k++)
        fputc(*k == '\x1f' ? '|' : *k, f);
}

static void dump_months(FILE *f, struct store *s)
{
    for (int ds = DATASET_ACTUAL; ds <= DATASET_AMORTIZED; ds++)
        for (int dim = COST_DIM_TOTAL; dim <= COST_DIM_REGION; dim++)
            for (int by_svc = 0; by_svc < 2; by_svc++) {
                struct cost_query q = {.dim = (enum cost_dim)dim,
                                       .dataset = (enum cost_dataset)ds,
                                       .from_day = INT32_MIN,
                                       .to_day = INT32_MAX,
                                       .by_service = by_svc};
                struct cost_cells c = {0};
                struct err e;
                err_clear(&e);
                if (store_cost_by_month(s, &q, &c, &e) != ST_OK)
                    fail_msg("store_cost_by_month %d/%d: %s", ds, dim, e.msg);
                for (size_t i = 0; i < c.n; i++) {
                    fprintf(f, "month ds=%d dim=%d svc=%d ", ds, dim, by_svc);
                    put_key(f, c.v[i].key);
                    fprintf(f, " %s %d ", c.v[i].currency, c.v[i].month);
                    put_money(f, c.v[i].cost);
                    fputc('\n', f);
                }
                cost_cells_release(&c);
            }
}

static void dump_days(FILE *f, struct store *s)
{
    for (int ds = DATASET_ACTUAL; ds <= DATASET_AMORTIZED; ds++) {
        int32_t first = 0, last = 0;
        struct err e;
        err_clear(&e);
        enum status st = store_cost_day_range(s, (enum cost_dataset)ds, &first, &last, &e);
        if (st == ST_NOTFOUND)
            continue;
        if (st != ST_OK)
            fail_msg("store_cost_day_range: %s", e.msg);
        int32_t lastday = 0;
        assert_int_equal(store_cost_last_day(s, (enum cost_dataset)ds, &lastday, &e), ST_OK);
        fprintf(f, "range ds=%d %d %d last %d has %d\n", ds, first, last, lastday,
                store_cost_has_dataset(s, (enum cost_dataset)ds));
        for (int dim = COST_DAY_DEPARTMENT; dim <= COST_DAY_SUBSCRIPTION; dim++) {
            struct cost_day_cells c = {0};
            if (store_cost_by_day(s, (enum cost_day_dim)dim, (enum cost_dataset)ds, first, last, &c,
                                  &e) != ST_OK)
                fail_msg("store_cost_by_day: %s", e.msg);
            for (size_t i = 0; i < c.n; i++) {
                fprintf(f, "day ds=%d dim=%d %s %s %d ", ds, dim, c.v[i].key, c.v[i].currency,
                        c.v[i].day);
                put_money(f, c.v[i].cost);
                fputc('\n', f);
            }
            cost_day_cells_release(&c);
        }
    }
}

static void dump_catches(FILE *f, struct store *s)
{
    for (int ds = DATASET_ACTUAL; ds <= DATASET_AMORTIZED; ds++)
        for (int rows = 0; rows < 2; rows++) {
            struct dept_catch *v = NULL;
            size_t n = 0;
            struct err e;
            err_clear(&e);
            enum status st = rows ? store_dept_catches_from_rows(s, ds, &v, &n, &e)
                                  : store_dept_catches(s, ds, &v, &n, &e);
            if (st != ST_OK)
                fail_msg("store_dept_catches: %s", e.msg);
            for (size_t i = 0; i < n; i++) {
                fprintf(f, "catch ds=%d rows=%d kind=%d rule=%lld %s %lld ", ds, rows, v[i].kind,
                        (long long)v[i].rule_id, v[i].currency, (long long)v[i].rows);
                put_money(f, v[i].cost);
                fputc('\n', f);
            }
            free(v);
        }
}

static void dump_names_and_imports(FILE *f, struct store *s)
{
    char **names = NULL;
    size_t n = 0;
    struct err e;
    err_clear(&e);
    if (store_department_names(s, &names, &n, &e) != ST_OK)
        fail_msg("store_department_names: %s", e.msg);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "department %s\n", names[i]);
    store_department_names_free(names, n);
    struct import_record *r = NULL;
    if (store_imports_list(s, &r, &n, &e) != ST_OK)
        fail_msg("store_imports_list: %s", e.msg);
    for (size_t i = 0; i < n; i++) /* imported_at differs between runs */
        fprintf(f, "import %lld %s %s %s %s %s..%s %lld %lld %lld\n", (long long)r[i].id,
                r[i].file_name, r[i].sha256, r[i].format, r[i].dataset, r[i].period_start,
                r[i].period_end, (long long)r[i].rows, (long long)r[i].replaced,
                (long long)r[i].rows_now);
    import_records_free(r, n);
}

/* Everything the ported reads return, one line per value. Caller frees. */
static char *snapshot(struct store *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    dump_months(f, s);
    dump_days(f, s);
    dump_catches(f, s);
    dump_names_and_imports(f, s);
    fclose(f);
    return text;
}

/* Rules that catch less than dept_rules.csv: applied after the imports,
 * cost objects move between departments (the rollups' re-attribution). */
static const char *fewer_rules(void)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/fewer_rules.csv", test_tmp_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("match,pattern,department\n"
          "tag:env,prod,建設局\n"
          "subscription,1CAAA5A3-*,財政局\n",
          f);
    fclose(f);
    return path;
}

/* The whole story on one store: rules, four cost files (two month-to-date
 * exports of one month, the second replacing the first's cells), the same
 * file again (a duplicate), other rules. Returns the snapshot after the
 * imports (*before_rules) and at the end. */
static char *run_story(const char *target, char **after_imports)
{
    struct store *s = pg_test_open_store(target);
    char rules[4200];
    snprintf(rules, sizeof rules, "%s/dept_rules.csv", TEST_DATA_DIR);
    apply_rules(s, rules);
    import_cost(s, "EA_ActualCost_Small.csv", 0);
    import_cost(s, "EA_AmortizedCost_Small.csv", 0);
    import_cost(s, "ea_mtd_1.csv", 0);
    import_cost(s, "ea_mtd_2.csv", 0);
    *after_imports = snapshot(s);
    /* idempotent: the same files again change nothing */
    import_cost(s, "ea_mtd_2.csv", 1);
    import_cost(s, "EA_ActualCost_Small.csv", 1);
    char *again = snapshot(s);
    assert_string_equal(again, *after_imports);
    free(again);
    apply_rules(s, fewer_rules());
    char *end = snapshot(s);
    store_close(s);
    /* and once more after reopening (migrations already applied) */
    s = pg_test_open_store(target);
    char *reopened = snapshot(s);
    assert_string_equal(reopened, end);
    free(reopened);
    store_close(s);
    return end;
}

/* ---- tests ---- */

static void test_sqlite_story(void **state)
{
    (void)state;
    remove(lite_path);
    char *mid = NULL, *end = run_story(lite_path, &mid);
    assert_non_null(strstr(mid, "month ds=0 dim=1 svc=0 "));
    assert_non_null(strstr(mid, "department 建設局"));
    assert_non_null(strstr(end, "catch ds=0 rows=1 kind=0"));
    assert_string_not_equal(mid, end); /* the second rules moved costs */
    free(mid);
    free(end);
}

static void test_pg_same_as_sqlite(void **state)
{
    (void)state;
    pg_test_same_story(PG_SCHEMA, lite_path, run_story, "after_imports", "after_new_rules");
}

/* A database whose collation is not byte order (ICU's root locale) opens,
 * with a warning on stderr that test_store_pg.sh looks for. Only with a
 * keyword connection string (a dbname keyword is appended). */
static void test_pg_collation_warning(void **state)
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
    sdb_exec(db, "DROP DATABASE IF EXISTS store_pg_icu", NULL);
    if (sdb_exec(db,
                 "CREATE DATABASE store_pg_icu TEMPLATE template0 LOCALE_PROVIDER icu "
                 "ICU_LOCALE 'und' LOCALE 'C'",
                 &e) != ST_OK)
        fail_msg("CREATE DATABASE with ICU: %s", e.msg);
    sdb_close(db);
    size_t n = strlen(pg) + 32;
    char *c = malloc(n);
    assert_non_null(c);
    snprintf(c, n, "%s dbname=store_pg_icu", pg);
    fprintf(stderr, "test_pg_collation_warning: opening an ICU database\n");
    struct store *s = pg_test_open_store(c);
    store_close(s);
    free(c);
}

/* A password in the connection string is refused (ST_USAGE) and never
 * shown, in a URL and in a keyword string. */
static void test_store_open_refuses_password(void **state)
{
    (void)state;
    static const char *const refused[] = {"postgresql://u:Secret4711@127.0.0.1:1/x",
                                          "host=127.0.0.1 port=1 password=Secret4711"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        struct store *s = NULL;
        struct err e;
        err_clear(&e);
        assert_int_equal(store_open(refused[i], &s, &e), ST_USAGE);
        assert_null(s);
        assert_non_null(strstr(e.msg, "contains a password"));
        if (strstr(e.msg, "Secret4711"))
            fail_msg("the password shows in: %s", e.msg);
    }
}

/* A reader's open (store_open_existing) of a schema with no yosan tables is
 * ST_NOTFOUND and creates none; store_open then makes them. */
static void test_pg_open_existing(void **state)
{
    (void)state;
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        skip();
    pg_test_fresh_schema("store_pg_existing", pg);
    char *target = pg_test_conninfo("store_pg_existing", pg);
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_open_existing(target, &s, &e), ST_NOTFOUND);
    assert_null(s);
    assert_non_null(strstr(e.msg, "no yosan tables"));
    err_clear(&e);
    assert_int_equal(store_open_existing(target, &s, &e), ST_NOTFOUND); /* still none */
    s = pg_test_open_store(target);
    assert_true(store_schema_version(s) > 0);
    store_close(s);
    if (store_open_existing(target, &s, &e) != ST_OK)
        fail_msg("open existing after the tables were made: %s", e.msg);
    store_close(s);
    free(target);
}

int main(void)
{
    snprintf(lite_path, sizeof lite_path, "%s/store_pg.db", test_tmp_dir());
    const char *pg = getenv("YOSAN_TEST_PG");
    fprintf(stderr, "test_store_pg: SQLite%s\n",
            pg && *pg ? " and PostgreSQL (YOSAN_TEST_PG)" : " only (YOSAN_TEST_PG unset)");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_open_refuses_password),
        cmocka_unit_test(test_pg_open_existing),
        cmocka_unit_test(test_sqlite_story),
        cmocka_unit_test(test_pg_same_as_sqlite),
        cmocka_unit_test(test_pg_collation_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
