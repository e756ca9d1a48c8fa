/*
 * test_rpt_i18n.c - rpt_translate(): the models' English one-line texts put
 * into Japanese through rpt_i18n.c's message templates (values carried over,
 * clauses joined, nested words translated, unknown text kept, English
 * untouched, cuts never inside a character).
 */
#include "test_util.h"

#include <string.h>

#include "rpt_model.h"
#include "utf8.h"

static const char *ja(const char *en)
{
    static char buf[1024];
    return rpt_translate(RPT_LANG_JA, en, buf, sizeof buf);
}

static void test_values_carried(void **state)
{
    (void)state;
    assert_string_equal(ja("idle: P95 CPU 1.3% < 3%, highest 3-day mean 1.0% <= 2%"),
                        "アイドル: CPU P95 1.3% < 3%、3日間平均の最大 1.0% ≦ 2%");
    /* values in another order: the size before the projected CPU */
    assert_string_equal(
        ja("user-facing: P95 CPU 8.1% -> 32.2% on Standard_E4s_v5, peak memory 12% -> 48%"),
        "利用者向け: CPU P95 8.1% → Standard_E4s_v5 では 32.2%、メモリ最大 12% → 48%");
    assert_string_equal(ja("idle outside the window in 55 days of metrics"),
                        "メトリクス 55 日間、稼働時間帯の外はアイドル");
}

static void test_clauses(void **state)
{
    (void)state;
    assert_string_equal(
        ja("premium SSD P30 (5000 IOPS) peaked at 107 IOPS (hourly mean of ops/s, P95 88, mean "
           "26); Standard SSD E30 gives 500; list price ratio E30/P30 0.57; low data coverage"),
        "Premium SSD P30（5000 IOPS）の最大 107 IOPS（1時間平均、P95 88、平均 26）。"
        "Standard SSD E30 は 500 IOPS。定価比 E30/P30 0.57。メトリクスの欠測が多い");
    /* the storage rules' metrics clause (mdl_storage.c) */
    assert_string_equal(ja("retention about 30 days: within the 31-day policy; metrics on 84 % "
                           "of the window"),
                        "保持期間は約 30 日: 方針の 31 日以内。期間の 84 % にメトリクスあり");
}

static void test_nested_words(void **state)
{
    (void)state;
    assert_string_equal(
        ja("models per series, bottom-up reconciliation (total = sum of "
           "departments), shared costs proportional"),
        "系列ごとのモデル、ボトムアップ調整（全市 = 各局の合計）、共通費は費用比で按分");
    /* a word no template knows stays as it is inside the sentence */
    assert_string_equal(ja("models per series, magic, shared costs even"),
                        "系列ごとのモデル、magic、共通費は均等に按分");
}

static void test_unknown_and_english(void **state)
{
    (void)state;
    assert_string_equal(ja("something new from a model"), "something new from a model");
    assert_string_equal(ja(""), "");
    char buf[256];
    const char *en = "idle: P95 CPU 1.3% < 3%, highest 3-day mean 1.0% <= 2%; low data coverage";
    assert_string_equal(rpt_translate(RPT_LANG_EN, en, buf, sizeof buf), en);
    assert_string_equal(rpt_translate(RPT_LANG_JA, NULL, buf, sizeof buf), "");
}

static void test_cut_whole_characters(void **state)
{
    (void)state;
    char small[20];
    for (size_t n = 1; n <= sizeof small; n++) {
        rpt_translate(RPT_LANG_JA, "no CPU metrics in the lookback", small, n);
        assert_true(strlen(small) < n);
        assert_true(utf8_valid(small, strlen(small), NULL));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_carried),       cmocka_unit_test(test_clauses),
        cmocka_unit_test(test_nested_words),         cmocka_unit_test(test_unknown_and_english),
        cmocka_unit_test(test_cut_whole_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
