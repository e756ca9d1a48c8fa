/*
 * rpt_i18n.c - the Japanese and English labels of the reports, in one table
 * so a translation is a one-line change and both languages stay in step.
 * Keys are stable ASCII words; rpt_label() falls back to the key itself.
 */
#include <string.h>

#include "rpt_model.h"

struct label_row {
    const char *key; /* stable ASCII key */
    const char *ja;  /* Japanese */
    const char *en;  /* English */
};

static const struct label_row labels[] = {
    /* renderer chrome */
    {"no_data", "データなし", "no data"},
    {"contents", "目次", "Contents"},
    {"report_info", "レポート情報", "Report"},
    {"x", "区分", "item"},
    {"col_resource_id", "リソースID", "resource id"},
    {"total", "合計", "Total"},
    {"yen_unit", "円", "JPY"},
    {"other", "その他", "other"},
    /* report titles */
    {"title_summary", "クラウド費用の月次集計", "Cloud cost by month"},
    {"title_budget", "予算要求資料（クラウド利用料）", "Cloud budget request"},
    {"title_rightsize", "適正化レポート（月次）", "Right-sizing report (monthly)"},
    {"title_whatif", "比較検討（What-if）", "What-if comparison"},
    /* metadata */
    {"meta_database", "データベース", "database"},
    {"meta_dataset", "データセット", "dataset"},
    {"meta_period", "対象期間", "period"},
    {"meta_fiscal_year", "年度", "fiscal year"},
    {"meta_month", "対象月", "month"},
    {"meta_scenario", "シナリオ", "scenario"},
    {"meta_currency", "通貨", "currency"},
    {"meta_level", "採用水準", "chosen level"},
    {"meta_method", "手法", "method"},
    {"meta_basis", "金額の基準", "amounts"},
    {"why_actual_cash",
     "現金主義: 前払いの予約・節約プランは購入した年度の支出として計上（--cost amortized で期間按分）",
     "cash: an up-front reservation or savings plan is paid in the fiscal year of purchase "
     "(--cost amortized spreads it over its term)"},
    {"why_actual_asked", "指定により実績コスト（購入時に計上）",
     "actual cost as asked (purchases when paid)"},
    {"why_amortized_asked", "指定により償却コスト（購入額を期間按分、支払年度とは異なる）",
     "amortized as asked (purchases spread over their term, not when paid)"},
    {"why_amortized_only", "実績コストの取込みがないため償却コスト（購入額を期間按分）",
     "amortized: no actual cost imported (purchases spread over their term)"},
    {"meta_assumptions", "価格改定・為替の前提", "price and exchange-rate assumptions"},
    {"meta_total", "合計", "total"},
    {"meta_rules", "判定ルール", "rule set"},
    {"meta_vms", "対象VM数（メトリクスあり）", "VMs analysed (with metrics)"},
    {"meta_total_savings", "月額削減見込み（合計）", "total monthly savings"},
    {"meta_schedule_window", "学習期間", "learning window"},
    /* common columns */
    {"col_department", "局", "department"},
    {"col_service", "サービス", "service"},
    {"col_month", "月", "month"},
    {"col_cost", "費用", "cost"},
    {"col_share", "構成比", "share"},
    /* summary report */
    {"sec_cost_by_dept", "局別費用", "Cost by department"},
    {"sec_cost_by_dept_month", "局別・月別費用", "Cost by department and month"},
    {"sec_cost_by_service", "サービス別費用", "Cost by service"},
    {"chart_dept_stack", "月別費用（局別積み上げ）", "Monthly cost by department (stacked)"},
    {"chart_service_stack", "月別費用（サービス別積み上げ）", "Monthly cost by service (stacked)"},
    /* budget report */
    {"sec_budget_summary", "局別予算", "Budget by department"},
    {"sec_budget_monthly", "局別・月別予算", "Budget by department and month"},
    {"chart_city_forecast", "全市：実績と予測", "City total: history and forecast"},
    {"chart_dept_forecast", "実績と予測", "History and forecast"},
    {"col_last_year", "前年度実績", "last year actual"},
    {"col_p50", "P50", "P50"},
    {"col_p80", "P80", "P80"},
    {"col_p95", "P95", "P95"},
    {"col_chosen", "要求額", "chosen level"},
    {"col_change", "増減", "change"},
    {"col_change_pct", "増減率", "change %"},
    {"series_history", "実績", "history"},
    {"col_shared", "うち共通費按分", "of which shared cost"},
    {"col_model", "予測モデル", "model"},
    {"chart_budget_stack", "月別予算（局別積み上げ）", "Monthly budget by department (stacked)"},
    {"meta_last_actual", "最終実績月", "last actual month"},
    {"notes", "注記", "Notes"},
    {"note_budget",
     "実績は各局に直接配賦された費用で、共通費（未配賦）を含みません。予測と予算額は共通費の按分後の額です。"
     "P80・P95は年間合計の分位点で、月別分位点の合計ではありません。",
     "History is the cost attributed to each department, without shared (unallocated) cost; the "
     "forecast and the budget include each department's share of it. P80 and P95 are quantiles "
     "of the annual sum, not sums of monthly quantiles."},
    {"series_forecast", "予測（P50）", "forecast (P50)"},
    {"series_band80", "80%区間", "80% band"},
    {"series_range80", "80%予測区間", "80% interval"},
    {"series_range95", "95%予測区間", "95% interval"},
    {"series_band95", "95%区間", "95% band"},
    /* right-sizing report */
    {"sec_rs_by_dept", "局別削減見込み", "Savings by department"},
    {"sec_rs_actions", "適正化アクション", "Right-sizing actions"},
    {"sec_schedules", "停止スケジュール", "Stop schedules"},
    {"chart_rs_by_dept", "局別削減見込み（月額）", "Monthly savings by department"},
    {"col_resource", "リソース", "resource"},
    {"col_current_size", "現行サイズ", "current size"},
    {"col_action", "アクション", "action"},
    {"col_recommended", "推奨サイズ", "recommended size"},
    {"col_p95_cpu", "CPU P95", "CPU p95"},
    {"col_peak_mem", "メモリ最大", "peak memory"},
    {"col_monthly_cost", "月額費用", "monthly cost"},
    {"col_monthly_savings", "月額削減", "monthly savings"},
    {"col_confidence", "確度", "confidence"},
    {"col_reason", "理由", "reason"},
    {"col_count", "件数", "actions"},
    {"col_schedule", "スケジュール", "schedule"},
    {"col_hours_before", "週稼働時間（前）", "hours/week before"},
    {"col_hours_after", "週稼働時間（後）", "hours/week after"},
    /* what-if report */
    {"sec_whatif_years", "年別費用", "Cost by year"},
    {"chart_whatif_cumulative", "累積費用", "Cumulative cost"},
    {"col_year", "年", "year"},
    {"col_alternative", "案", "alternative"},
    {"col_annual", "年間費用", "annual cost"},
    {"col_cumulative", "累積費用", "cumulative cost"},
    {"break_even", "損益分岐点", "break-even"},
    {"baseline", "基準案", "baseline"},
    {"never", "なし", "never"},
    {"col_total_horizon", "期間合計", "total over the horizon"},
    {"col_npv", "正味現在価値", "NPV"},
    {"col_rank", "順位", "rank"},
    {"sec_whatif_summary", "案の比較", "Alternatives compared"},
    {"cat_hardware", "ハードウェア", "hardware"},
    {"cat_maintenance", "保守", "maintenance"},
    {"cat_facility", "設備（DC・電力）", "facility"},
    {"cat_software", "ソフトウェア", "software"},
    {"cat_oracle_licence", "Oracleライセンス", "Oracle licences"},
    {"cat_oracle_support", "Oracleサポート", "Oracle support"},
    {"cat_compute", "仮想マシン", "compute"},
    {"cat_paas", "PaaS", "PaaS"},
    {"cat_storage", "ストレージ", "storage"},
    {"cat_backup", "バックアップ", "backup"},
    {"cat_network", "ネットワーク", "network"},
    {"cat_labour", "運用人件費", "labour"},
    {"cat_migration", "移行", "migration"},
    {"cat_cloud", "現行クラウド", "current cloud"},
    {"cat_other", "その他", "other"},
};

const char *rpt_label(enum rpt_lang lang, const char *key)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].key, key) == 0)
            return lang == RPT_LANG_EN ? labels[i].en : labels[i].ja;
    return key;
}
