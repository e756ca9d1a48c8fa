/*
 * test_mdl_rollup.c - per-system budget lines add up exactly to their
 * department in every month and column (examples and a random property
 * test), 千円 rounding by each rule with the total as the sum of the
 * rounded lines, and the 令和 fiscal-year labels (元年度).
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "era.h"
#include "mdl_rollup.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void test_era_labels(void **state)
{
    (void)state;
    char b[ERA_LABEL_MAX];
    assert_string_equal(era_fy_label(2027, b, sizeof b), "令和9年度");
    assert_string_equal(era_fy_label(2019, b, sizeof b), "令和元年度");
    assert_string_equal(era_fy_label(2020, b, sizeof b), "令和2年度");
    assert_string_equal(era_fy_label(2026, b, sizeof b), "令和8年度");
    assert_string_equal(era_fy_label(2018, b, sizeof b), "平成30年度");
    assert_string_equal(era_fy_label(1989, b, sizeof b), "平成元年度");
    assert_string_equal(era_fy_label(1988, b, sizeof b), "1988年度");
    assert_string_equal(era_fy_label(2118, b, sizeof b), "令和100年度");
}

static void test_thousand_rounding(void **state)
{
    (void)state;
    /* 切り上げ (default of the request view) */
    assert_int_equal(mdl_thousand_yen(0, MONEY_CEIL), 0);
    assert_int_equal(mdl_thousand_yen(1, MONEY_CEIL), 1);
    assert_int_equal(mdl_thousand_yen(1000, MONEY_CEIL), 1);
    assert_int_equal(mdl_thousand_yen(1001, MONEY_CEIL), 2);
    assert_int_equal(mdl_thousand_yen(12345678, MONEY_CEIL), 12346);
    assert_int_equal(mdl_thousand_yen(-1500, MONEY_CEIL), -1);
    /* 切り捨て */
    assert_int_equal(mdl_thousand_yen(1999, MONEY_FLOOR), 1);
    assert_int_equal(mdl_thousand_yen(-1, MONEY_FLOOR), -1);
    assert_int_equal(mdl_thousand_yen(-1000, MONEY_FLOOR), -1);
    /* 四捨五入 */
    assert_int_equal(mdl_thousand_yen(1499, MONEY_HALF_UP), 1);
    assert_int_equal(mdl_thousand_yen(1500, MONEY_HALF_UP), 2);
    assert_int_equal(mdl_thousand_yen(-1500, MONEY_HALF_UP), -2);
    assert_int_equal(mdl_thousand_yen(-1499, MONEY_HALF_UP), -1);
    /* the 千円 total is the sum of the rounded lines, not the rounded sum */
    int64_t yen[3] = {1001, 2001, 3001}, k[3], total;
    mdl_thousand_lines(yen, 3, MONEY_CEIL, k, &total);
    assert_int_equal(k[0], 2);
    assert_int_equal(k[1], 3);
    assert_int_equal(k[2], 4);
    assert_int_equal(total, 9); /* ceil(6003 / 1000) would be 7 */
    mdl_thousand_lines(yen, 3, MONEY_FLOOR, k, &total);
    assert_int_equal(total, 6);
}

/* every column of the k lines adds up to D's */
static void assert_rolls_up(const struct budget_line *D, const struct budget_line *out, size_t k,
                            enum budget_level level)
{
    for (int m = 0; m < 12; m++) {
        int64_t s[6] = {0};
        for (size_t i = 0; i < k; i++) {
            s[0] += out[i].monthly[m];
            s[1] += out[i].monthly_p50[m];
            s[2] += out[i].lo80[m];
            s[3] += out[i].hi80[m];
            s[4] += out[i].lo95[m];
            s[5] += out[i].hi95[m];
        }
        assert_int_equal(s[0], D->monthly[m]);
        assert_int_equal(s[1], D->monthly_p50[m]);
        assert_int_equal(s[2], D->lo80[m]);
        assert_int_equal(s[3], D->hi80[m]);
        assert_int_equal(s[4], D->lo95[m]);
        assert_int_equal(s[5], D->hi95[m]);
    }
    int64_t a[3] = {0}, budget = 0, shared = 0, last = 0;
    for (size_t i = 0; i < k; i++) {
        int64_t mb = 0;
        for (int m = 0; m < 12; m++)
            mb += out[i].monthly[m];
        assert_int_equal(mb, out[i].budget);
        assert_int_equal(out[i].annual[level], out[i].budget);
        assert_true(out[i].annual[BUDGET_P50] <= out[i].annual[BUDGET_P80]);
        for (int q = 0; q < 3; q++)
            a[q] += out[i].annual[q];
        budget += out[i].budget;
        shared += out[i].shared_yen;
        last += out[i].last_fy;
        assert_string_equal(out[i].department, D->department);
    }
    for (int q = 0; q < 3; q++)
        assert_int_equal(a[q], D->annual[q]);
    assert_int_equal(budget, D->budget);
    assert_int_equal(shared, D->shared_yen);
    assert_int_equal(last, D->last_fy);
}

static void test_rollup_example(void **state)
{
    (void)state;
    struct budget_line D = {0};
    D.department = "財政局";
    strcpy(D.model, "ets(AAN)");
    for (int m = 0; m < 12; m++) {
        D.monthly_p50[m] = D.monthly[m] = 1000001 + m;
        D.lo80[m] = D.monthly[m] - 1000;
        D.hi80[m] = D.monthly[m] + 1000;
        D.lo95[m] = D.monthly[m] - 2000;
        D.hi95[m] = D.monthly[m] + 2000;
        D.annual[BUDGET_P50] += D.monthly[m];
    }
    D.budget = D.annual[BUDGET_P50];
    D.annual[BUDGET_P80] = D.budget + 50001;
    D.annual[BUDGET_P95] = D.budget + 90001;
    D.shared_yen = 30001;
    D.last_fy = 11000000;
    D.last_fy_actual_months = 8;
    /* zaimu twice keiyaku; "(no system)" a little; a system that ends in June */
    struct mdl_rollup_weight w[4] = {0};
    for (int m = 0; m < 12; m++) {
        w[0].month[m] = 200;
        w[1].month[m] = 100;
        w[2].month[m] = 1;
        w[3].month[m] = m < 3 ? 100 : 0;
    }
    w[0].last_fy = 2, w[1].last_fy = 1, w[2].last_fy = 0, w[3].last_fy = 1;
    const char *names[] = {"zaimu", "keiyaku", "(no system)", "old"};
    struct budget_line *out = calloc(4, sizeof *out);
    struct err e;
    err_clear(&e);
    assert_int_equal(mdl_budget_rollup(&D, BUDGET_P50, names, NULL, w, 4, out, &e), ST_OK);
    assert_rolls_up(&D, out, 4, BUDGET_P50);
    assert_string_equal(out[2].system, "(no system)");
    assert_string_equal(out[0].model, "ets(AAN)");
    assert_int_equal(out[3].monthly[11], 0); /* no weight after June: nothing */
    /* 2:1 in a month without "old": zaimu gets twice keiyaku, within a yen */
    assert_true(llabs(out[0].monthly[6] - 2 * out[1].monthly[6]) <= 3);
    assert_int_equal(out[2].last_fy, 0);
    assert_int_equal(out[0].last_fy, 5500000);
    assert_true(isnan(out[2].change_pct));
    assert_int_equal(out[0].last_fy_actual_months, 8);
    mdl_budget_lines_release(out, 4, NULL);
}

/* random lines, weights and levels: the sums hold every time */
static void test_rollup_property(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    for (int trial = 0; trial < 2000; trial++) {
        struct budget_line D = {0};
        D.department = "局";
        enum budget_level level = (enum budget_level)(trial % 3);
        for (int m = 0; m < 12; m++) {
            D.monthly_p50[m] = (int64_t)(rnd() % 100000000) - (trial % 11 == 0 ? 5000 : 0);
            D.monthly[m] = D.monthly_p50[m] + (level ? (int64_t)(rnd() % 1000000) : 0);
            D.lo80[m] = D.monthly_p50[m] - (int64_t)(rnd() % 100000);
            D.hi80[m] = D.monthly_p50[m] + (int64_t)(rnd() % 100000);
            D.lo95[m] = D.lo80[m] - (int64_t)(rnd() % 100000);
            D.hi95[m] = D.hi80[m] + (int64_t)(rnd() % 100000);
            D.annual[BUDGET_P50] += D.monthly_p50[m];
            D.budget += D.monthly[m];
        }
        int64_t s80 = (int64_t)(rnd() % 5000000), s95 = s80 + (int64_t)(rnd() % 5000000);
        D.annual[BUDGET_P80] = D.annual[BUDGET_P50] + s80;
        D.annual[BUDGET_P95] = D.annual[BUDGET_P50] + s95;
        D.annual[level] = D.budget;
        if (level == BUDGET_P80)
            D.annual[BUDGET_P95] = D.budget + (int64_t)(rnd() % 5000000);
        D.shared_yen = (int64_t)(rnd() % 10000000);
        D.last_fy = (int64_t)(rnd() % 1000000000);
        size_t k = 1 + rnd() % 12;
        struct mdl_rollup_weight w[12];
        const char *names[12];
        for (size_t i = 0; i < k; i++) {
            names[i] = "s";
            for (int m = 0; m < 12; m++)
                w[i].month[m] = rnd() % 4 == 0 ? 0 : (double)(rnd() % 1000000);
            w[i].last_fy = rnd() % 3 == 0 ? 0 : (double)(rnd() % 1000000);
        }
        struct budget_line *out = calloc(k, sizeof *out);
        assert_int_equal(mdl_budget_rollup(&D, level, names, NULL, w, k, out, &e), ST_OK);
        assert_rolls_up(&D, out, k, level);
        mdl_budget_lines_release(out, k, NULL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_era_labels),
        cmocka_unit_test(test_thousand_rounding),
        cmocka_unit_test(test_rollup_example),
        cmocka_unit_test(test_rollup_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
