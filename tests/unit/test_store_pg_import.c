/*
 * test_store_pg_import.c - cost imports on PostgreSQL (issue 19 item 2):
 * rows go in with COPY in batches, imports take the store's write lock
 * (pg_advisory_xact_lock, store_begin).
 * Two processes importing different generated EA files into one schema at
 * once give exact totals (rows, sum of cost_e6, rollups) and id ranges
 * that do not overlap; an import killed with SIGKILL after some of its
 * rows went over leaves nothing (no rows, no import record, rollups
 * unchanged), and the same file then imports fine. Runs when YOSAN_TEST_PG
 * names a server (tests/cli/test_store_pg_import.sh starts a throwaway
 * cluster), reported as skipped otherwise.
 */
#include "test_util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "imp_cost.h"
#include "pg_store_test.h"
#include "sdb.h"
#include "store.h"

#define PG_SCHEMA "store_pg_import_test"
#define LOCK_KEY  "521560875374" /* STORE_WRITE_LOCK_KEY, 0x796f73616e */

/* The legacy EA header and one storage row of EA_ActualCost_Small.csv
 * (tests/data) with the subscription, date, prices and cost, region and
 * account as fields. */
static const char ea_header[] =
    "BillingAccountId,BillingAccountName,BillingPeriodStartDate,BillingPeriodEndDate,"
    "BillingProfileId,BillingProfileName,AccountOwnerId,AccountName,SubscriptionId,"
    "SubscriptionName,Date,Product,PartNumber,MeterId,ServiceFamily,MeterCategory,"
    "MeterSubCategory,MeterRegion,MeterName,Quantity,EffectivePrice,Cost,UnitPrice,"
    "BillingCurrency,ResourceLocation,AvailabilityZone,ConsumedService,ResourceId,ResourceName,"
    "ServiceInfo1,ServiceInfo2,AdditionalInfo,Tags,InvoiceSectionId,InvoiceSection,CostCenter,"
    "UnitOfMeasure,ResourceGroup,ReservationId,ReservationName,ProductOrderId,ProductOrderName,"
    "OfferId,IsAzureCreditEligible,Term,PublisherName,PlanName,ChargeType,Frequency,"
    "PublisherType,PayGPrice,PricingModel,CostAllocationRuleName,benefitId,benefitName\n";
static const char ea_row[] =
    "8611537,Trey Research Demo (DO NOT USE),09/01/2023,09/30/2023,8611537,Trey Research "
    "Demo (DO NOT USE),acm@testea.onmicrosoft.com,ACM Team,%s,Trey Research IT,%s,Tiered "
    "Block Blob - GRS - List and Create Container Operations - US East 2,AAD-37090,aaaef613-418"
    "a-4a5f-af72-d224d7dee2c6,Compute,Storage,Tiered Block Blob,Virginia,GRS List and "
    "Create Container Operations,1,%s,%s,%s,USD,%s,,Microsoft.Storage,/subscriptions/"
    "%s/resourceGroups/databricks-rg-PeskyData-s6taefbli5c5e/providers/Microsoft.Storage/"
    "storageAccounts/acct%d,acct%d,,,,\"\"\"CostCenter\"\": \"\"1234\"\",\"\"env\"\": "
    "\"\"prod\"\",\"\"org\"\": \"\"trey\"\",\"\"application\"\": \"\"databricks\"\",\"\"databri"
    "cks-environment\"\": \"\"true\"\"\",,ACM,ACM9000,10K,databricks-rg-PeskyData-s6taefbli5c5e"
    ",,,,,MS-AZR-0017P,True,,Microsoft,Hot,Usage,UsageBased,Azure,0.1,OnDemand,,,\n";

struct gen_file {
    char path[4200];
    int64_t rows;
    int64_t sum_e6; /* exact: every cost has at most 6 decimals */
};

/* The generated files (up to 100 MB): deleted by the group teardown, also
 * after a failure, since test_tmp_dir() is never cleaned. */
static const char *const gen_names[] = {"concurrent_a.csv", "concurrent_b.csv", "killed_before.csv",
                                        "killed_big.csv"};

static int remove_generated(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof gen_names / sizeof gen_names[0]; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", test_tmp_dir(), gen_names[i]);
        remove(path);
    }
    return 0;
}

/* rows cost rows in month (1..12) of 2023 over resources accounts; the
 * costs differ per row so a lost or doubled row changes the sum. */
static void gen_ea(struct gen_file *g, const char *name, int month, int64_t rows, int resources)
{
    snprintf(g->path, sizeof g->path, "%s/%s", test_tmp_dir(), name);
    FILE *f = fopen(g->path, "w");
    assert_non_null(f);
    fputs(ea_header, f);
    g->rows = rows;
    g->sum_e6 = 0;
    /* a subscription and a region of its own: two files share no
     * subscription, meter or cost object */
    char sub[40], region[16];
    snprintf(sub, sizeof sub, "%08d-0265-4620-bb42-bae06bcfa914", month);
    snprintf(region, sizeof region, "region%d", month);
    for (int64_t i = 0; i < rows; i++) {
        char day[16], cost[32];
        snprintf(day, sizeof day, "%02d/%02d/2023", month, (int)(i % 28) + 1);
        int64_t e6 = 1000 + (i * 7919) % 5000000; /* 0.001000 .. 5.000999 */
        snprintf(cost, sizeof cost, "%lld.%06lld", (long long)(e6 / 1000000),
                 (long long)(e6 % 1000000));
        int acct = (int)(i % resources) + month * 100000;
        fprintf(f, ea_row, sub, day, cost, cost, cost, region, sub, acct, acct);
        g->sum_e6 += e6;
    }
    assert_int_equal(fclose(f), 0);
}

static char *conninfo(void)
{
    const char *pg = getenv("YOSAN_TEST_PG");
    if (!pg || !*pg)
        skip(); /* reported as skipped: YOSAN_TEST_PG unset */
    return pg_test_conninfo(PG_SCHEMA, pg);
}

/* A fresh schema with the store's tables. */
static char *fresh_store(void)
{
    char *c = conninfo();
    pg_test_fresh_schema(PG_SCHEMA, getenv("YOSAN_TEST_PG"));
    store_close(pg_test_open_store(c));
    return c;
}

/* In a child process: no cmocka, the exit code says how it went. */
static int child_import(const char *target, const char *path)
{
    struct store *s = NULL;
    struct err e;
    err_clear(&e);
    if (store_open(target, &s, &e) != ST_OK) {
        fprintf(stderr, "child open: %s\n", e.msg);
        return 2;
    }
    struct imp_cost_options opt = {0};
    opt.allow_any_date = 1;
    struct imp_cost_result res;
    memset(&res, 0, sizeof res);
    enum status st = imp_cost_file(s, path, &opt, &res, &e);
    if (st != ST_OK)
        fprintf(stderr, "child import %s: %s\n", path, e.msg);
    store_close(s);
    return st == ST_OK && !res.duplicate ? 0 : 1;
}

/* Fork a child importing path once a byte arrives on go[0]. */
static pid_t spawn_import(const char *target, const char *path, int go)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char b;
        if (go >= 0 && read(go, &b, 1) != 1)
            _exit(3);
        _exit(child_import(target, path));
    }
    return pid;
}

static int wait_exit(pid_t pid)
{
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* One int64 from a query on a bare connection. */
static int64_t q_i64(struct sdb *db, const char *sql)
{
    struct sdb_stmt *st;
    struct err e;
    err_clear(&e);
    if (sdb_prepare(db, sql, &st, &e) != ST_OK)
        fail_msg("%s: %s", sql, e.msg);
    if (sdb_step(st, &e) != SDB_ROW)
        fail_msg("%s: %s", sql, e.msg);
    int64_t v = sdb_column_i64(st, 0);
    sdb_finalize(st);
    return v;
}

static struct sdb *bare(const char *target)
{
    struct sdb *db = NULL;
    struct err e;
    err_clear(&e);
    if (sdb_open(target, 0, &db, &e) != ST_OK)
        fail_msg("open PostgreSQL: %s", e.msg);
    return db;
}

/* Every import's rows lie in its recorded id range, which holds nothing
 * else; the ranges do not overlap. Returns the number of imports. */
static int64_t check_ranges(struct sdb *db)
{
    struct sdb_stmt *st;
    struct err e;
    err_clear(&e);
    assert_int_equal(sdb_prepare(db,
                                 "SELECT i.id, i.first_cost_id, i.last_cost_id, i.stored_rows, "
                                 "(SELECT COUNT(*) FROM costs c WHERE c.import_id = i.id), "
                                 "(SELECT MIN(id) FROM costs c WHERE c.import_id = i.id), "
                                 "(SELECT MAX(id) FROM costs c WHERE c.import_id = i.id), "
                                 "(SELECT COUNT(*) FROM costs c WHERE c.id BETWEEN "
                                 "i.first_cost_id AND i.last_cost_id) "
                                 "FROM imports i ORDER BY i.first_cost_id",
                                 &st, &e),
                     ST_OK);
    int64_t n = 0, prev_last = 0;
    while (sdb_step(st, &e) == SDB_ROW) {
        int64_t first = sdb_column_i64(st, 1), last = sdb_column_i64(st, 2);
        int64_t rows = sdb_column_i64(st, 3);
        assert_int_equal(sdb_column_i64(st, 4), rows);
        assert_int_equal(sdb_column_i64(st, 5), first);
        assert_int_equal(sdb_column_i64(st, 6), last);
        assert_int_equal(last - first + 1, rows); /* contiguous */
        assert_int_equal(sdb_column_i64(st, 7), rows);
        assert_true(first > prev_last); /* no overlap */
        prev_last = last;
        n++;
    }
    sdb_finalize(st);
    return n;
}

/* Two processes import two files into one schema at once: both succeed,
 * every row and every micro-yen arrives once, and the imports' id ranges
 * are contiguous and disjoint. Without the write lock both read the same
 * largest id and the second COPY fails on the primary key. */
static void test_pg_concurrent_imports(void **state)
{
    (void)state;
    char *c = fresh_store();
    struct gen_file a, b;
    gen_ea(&a, "concurrent_a.csv", 9, 40000, 400);
    gen_ea(&b, "concurrent_b.csv", 10, 30000, 300);
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t pa = spawn_import(c, a.path, go[0]);
    pid_t pb = spawn_import(c, b.path, go[0]);
    close(go[0]);
    assert_int_equal(write(go[1], "xx", 2), 2); /* both start together */
    close(go[1]);
    int ra = wait_exit(pa), rb = wait_exit(pb);
    assert_int_equal(ra, 0);
    assert_int_equal(rb, 0);
    struct sdb *db = bare(c);
    assert_int_equal(q_i64(db, "SELECT COUNT(*) FROM costs"), a.rows + b.rows);
    assert_int_equal(q_i64(db, "SELECT SUM(cost_e6) FROM costs"), a.sum_e6 + b.sum_e6);
    assert_int_equal(q_i64(db, "SELECT SUM(cost_e6) FROM costs WHERE usage_date < '2023-10-01'"),
                     a.sum_e6);
    assert_int_equal(q_i64(db, "SELECT SUM(cost_e6) FROM cost_daily"), a.sum_e6 + b.sum_e6);
    assert_int_equal(q_i64(db, "SELECT SUM(row_count) FROM cost_daily"), a.rows + b.rows);
    assert_int_equal(check_ranges(db), 2);
    /* the identity continues after the ids the imports gave */
    assert_int_equal(q_i64(db, "SELECT last_value FROM costs_id_seq"), a.rows + b.rows);
    sdb_close(db);
    free(c);
}

/* What a killed import must leave unchanged. */
struct census {
    int64_t costs, imports, daily_rows, daily_e6, subs, objects;
};

static void take_census(struct sdb *db, struct census *k)
{
    k->costs = q_i64(db, "SELECT COUNT(*) FROM costs");
    k->imports = q_i64(db, "SELECT COUNT(*) FROM imports");
    k->daily_rows = q_i64(db, "SELECT COALESCE(SUM(row_count), 0) FROM cost_daily");
    k->daily_e6 = q_i64(db, "SELECT COALESCE(SUM(cost_e6), 0) FROM cost_daily");
    k->subs = q_i64(db, "SELECT COUNT(*) FROM subscriptions");
    k->objects = q_i64(db, "SELECT COUNT(*) FROM cost_objects");
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Wait until the costs table's file grew by at least bytes (uncommitted
 * rows are written to the heap: a COPY batch went over). */
static int wait_growth(struct sdb *db, int64_t from, int64_t bytes, pid_t child)
{
    double t0 = now_s();
    while (now_s() - t0 < 120) {
        if (q_i64(db, "SELECT pg_relation_size('costs')") >= from + bytes)
            return 1;
        if (waitpid(child, NULL, WNOHANG) == child)
            return 0; /* it ended before: nothing to kill */
        usleep(5000);
    }
    return 0;
}

/* Until the server has rolled the dead client's transaction back and
 * released its write lock (try-lock in its own statement, released at
 * once). */
static void wait_lock_free(struct sdb *db)
{
    double t0 = now_s();
    while (!q_i64(db, "SELECT CAST(pg_try_advisory_xact_lock(" LOCK_KEY ") AS INTEGER)")) {
        if (now_s() - t0 > 60)
            fail_msg("the killed import's lock was never released");
        usleep(10000);
    }
}

/* An import killed with SIGKILL once rows went over leaves nothing behind;
 * the same file then imports as new. */
static void test_pg_killed_import(void **state)
{
    (void)state;
    char *c = fresh_store();
    struct gen_file small, big;
    gen_ea(&small, "killed_before.csv", 8, 500, 50);
    gen_ea(&big, "killed_big.csv", 9, 120000, 2000);
    pid_t p = spawn_import(c, small.path, -1);
    assert_int_equal(wait_exit(p), 0);
    struct sdb *db = bare(c);
    struct census before, after;
    take_census(db, &before);
    assert_int_equal(before.costs, small.rows);
    int64_t size0 = q_i64(db, "SELECT pg_relation_size('costs')");
    p = spawn_import(c, big.path, -1);
    if (!wait_growth(db, size0, 1024 * 1024, p))
        fail_msg("the import ended (or never wrote) before it could be killed");
    assert_int_equal(kill(p, SIGKILL), 0);
    assert_int_equal(wait_exit(p), 128 + SIGKILL);
    wait_lock_free(db);
    take_census(db, &after);
    assert_memory_equal(&after, &before, sizeof before);
    assert_int_equal(q_i64(db, "SELECT SUM(cost_e6) FROM costs"), small.sum_e6);
    assert_int_equal(check_ranges(db), 1);
    /* the same file again: new (no import record survived), whole */
    p = spawn_import(c, big.path, -1);
    assert_int_equal(wait_exit(p), 0);
    assert_int_equal(q_i64(db, "SELECT COUNT(*) FROM costs"), small.rows + big.rows);
    assert_int_equal(q_i64(db, "SELECT SUM(cost_e6) FROM costs"), small.sum_e6 + big.sum_e6);
    assert_int_equal(q_i64(db, "SELECT SUM(cost_e6) FROM cost_daily"), small.sum_e6 + big.sum_e6);
    assert_int_equal(check_ranges(db), 2);
    sdb_close(db);
    free(c);
}

/* Every write transaction holds the write lock (store_begin), so a rule
 * replacement or a price import waits for a running cost import as on
 * SQLite; commit and rollback release it. */
static void test_pg_write_lock(void **state)
{
    (void)state;
    char *c = fresh_store();
    struct store *s = pg_test_open_store(c);
    struct sdb *db = bare(c);
    const char *try = "SELECT CAST(pg_try_advisory_xact_lock(" LOCK_KEY ") AS INTEGER)";
    assert_int_equal(q_i64(db, try), 1); /* free (and released again at once) */
    struct err e;
    err_clear(&e);
    assert_int_equal(store_begin(s, &e), ST_OK);
    assert_int_equal(q_i64(db, try), 0); /* held by the transaction */
    store_rollback(s);
    assert_int_equal(q_i64(db, try), 1);
    assert_int_equal(store_begin(s, &e), ST_OK);
    assert_int_equal(q_i64(db, try), 0);
    assert_int_equal(store_commit(s, &e), ST_OK);
    assert_int_equal(q_i64(db, try), 1);
    sdb_close(db);
    store_close(s);
    free(c);
}

int main(void)
{
    const char *pg = getenv("YOSAN_TEST_PG");
    fprintf(stderr, "test_store_pg_import: %s\n",
            pg && *pg ? "PostgreSQL (YOSAN_TEST_PG)" : "skipped (YOSAN_TEST_PG unset)");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pg_write_lock),
        cmocka_unit_test(test_pg_concurrent_imports),
        cmocka_unit_test(test_pg_killed_import),
    };
    return cmocka_run_group_tests(tests, NULL, remove_generated);
}
