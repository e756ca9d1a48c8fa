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
    /* execution-tracking report (job_report_track.c) */
    {"title_track", "予算執行管理（クラウド利用料）", "execution tracking (cloud cost)"},
    {"meta_era", "和暦", "Japanese era"},
    {"meta_as_of", "基準日", "as of"},
    {"meta_actual_months", "実績月", "actual months"},
    {"track_months_fmt", "{1} – {2}（実績{3}か月、予測{4}か月）",
     "{1} – {2} ({3} actual, {4} forecast)"},
    {"track_no_actual", "実績月なし（全月予測）", "none (every month forecast)"},
    {"track_basis_why", "歳出予算の基準", "the appropriations' basis"},
    {"dataset_actual", "実績コスト（現金主義）", "actual cost (cash)"},
    {"dataset_amortized", "償却コスト（期間按分）", "amortized cost"},
    {"sec_track_attention", "要対応", "Needs action"},
    {"track_overrun_line",
     "{1}：年度末見込（P50）が予算現額を{2}円超過（超過確率{3}%）。補正または流用が必要です。",
     "{1}: the year-end projection (P50) exceeds the appropriation by JPY {2} (probability of "
     "exceeding {3}%): a supplementary budget (補正) or transfer (流用) is needed."},
    {"track_watch_line",
     "{1}：年度末見込（P50）は予算現額内（残額{2}円）ですが、超過確率は{3}%です。",
     "{1}: the year-end projection (P50) is within the appropriation (JPY {2} left), but the "
     "probability of exceeding is {3}%."},
    {"track_all_on_plan", "補正・流用が必要な局はありません。",
     "No department needs a supplementary budget or transfer."},
    {"sec_track_lines", "局別執行状況", "Execution by department"},
    {"col_system", "システム", "system"},
    {"col_approp_now", "予算現額", "appropriation"},
    {"col_approp_original", "うち当初予算", "of which original"},
    {"col_actual_to_date", "執行済額", "actual to date"},
    {"col_exec_rate", "執行率", "execution rate"},
    {"col_plan_to_date", "計画額（累計）", "plan to date"},
    {"col_ye_p50", "年度末見込P50", "year-end P50"},
    {"col_ye_p80", "年度末見込P80", "year-end P80"},
    {"col_ye_p95", "年度末見込P95", "year-end P95"},
    {"col_surplus", "残額見込（−は不足）", "surplus (− shortfall)"},
    {"col_p_exceed", "超過確率", "P(exceed)"},
    {"col_flag", "判定", "flag"},
    {"col_track_action", "対応", "action"},
    {"flag_overrun", "超過見込", "overrun"},
    {"flag_watch", "要注意", "watch"},
    {"flag_on_plan", "計画内", "on plan"},
    {"flag_no_approp", "予算なし", "no appropriation"},
    {"action_needed", "補正・流用が必要", "supplementary budget or transfer needed"},
    {"chart_track_city", "全市：計画・実績・見込（月別）",
     "City total: plan, actual and projection by month"},
    {"series_actual", "実績", "actual"},
    {"series_plan", "計画（予算現額の月割）", "plan (appropriation by month)"},
    {"sec_track_monthly", "局別・月別の計画・実績・見込", "Plan, actual and projection by month"},
    {"col_kind", "区分", "kind"},
    {"col_plan", "計画", "plan"},
    {"col_amount_track", "実績・見込（P50）", "actual or P50"},
    {"col_lo80", "80%下限", "80% low"},
    {"col_hi80", "80%上限", "80% high"},
    {"col_lo95", "95%下限", "95% low"},
    {"col_hi95", "95%上限", "95% high"},
    {"kind_actual", "実績", "actual"},
    {"kind_forecast", "予測", "forecast"},
    {"note_track",
     "予算現額は基準日までに効力を生じた当初・補正・流用・予備費充用の合計です。執行済額は年度の完了月の実績、"
     "年度末見込は実績月と残りの月の予測の合計（予算要求と同じ予測、共通費は按分後）です。計画は予算現額を予測の"
     "季節変動に沿って月割りした額です。判定は、P50が予算現額を超えれば超過見込（補正・流用が必要）、P80のみが超えれば"
     "要注意です。全市のP80・P95は合計の分位点で、局の分位点の合計ではありません。",
     "The appropriation is the sum of the original budget, supplementary budgets, transfers and "
     "reserve-fund uses in force by the as-of day. The actual is the fiscal year's complete "
     "months; the year-end projection is those months plus the forecast of the rest (the budget "
     "run's forecast, shared cost split in proportion). The plan spreads the appropriation over "
     "the months by the forecast's seasonal shape. Overrun: P50 above the appropriation (a "
     "supplementary budget or transfer is needed); watch: only P80 above. The city's P80 and "
     "P95 are quantiles of the sum, not sums of the departments' quantiles."},
    /* cost-anomaly report (job_report_anomalies.c) */
    {"title_anomalies", "費用の異常検知レポート（日次）", "Cost anomalies (daily)"},
    {"meta_anom_count", "検知件数", "anomalies"},
    {"meta_anom_judged", "判定した局・日数", "department-days judged"},
    {"anom_basis", "請求書の金額（定価基準）", "the bill's own amounts (list basis)"},
    {"sec_anom_list", "検知した異常", "Anomalies found"},
    {"anom_none", "期間内に異常はありません。", "No anomaly in the period."},
    {"col_anom_day", "日付", "day"},
    {"col_anom_actual", "当日の費用", "cost that day"},
    {"col_anom_expected", "想定額", "expected"},
    {"col_anom_low", "想定範囲（下限）", "range low"},
    {"col_anom_high", "想定範囲（上限）", "range high"},
    {"col_anom_excess", "想定超過額", "excess over expected"},
    {"col_anom_note", "備考", "note"},
    {"anom_shift", "水準変化の始まり（以後は新水準で判定）",
     "a level shift starts (judged on the new level from here)"},
    {"sec_anom_explain", "増加の内訳（上位のリソース・メーター）",
     "What rose (top resources and meters)"},
    {"col_anom_meter", "メーター", "meter"},
    {"col_resource_group", "リソースグループ", "resource group"},
    {"anom_unallocated", "共通費（未配賦）", "shared (unallocated)"},
    {"col_anom_increase", "増加額", "increase"},
    {"col_anom_usual", "通常の額", "usual cost"},
    {"series_anom_daily", "日次費用", "daily cost"},
    {"series_anom_expected", "想定額", "expected"},
    {"series_anom_range", "想定範囲", "expected range"},
    {"anom_flagged", "検知日", "flagged"},
    {"note_anomalies",
     "局ごとの日次費用を、曜日と祝日・年末年始（12/29〜1/3）の別を考慮した直近の水準と比べ、想定範囲（想定額±4標準偏差、"
     "頑健推定）を1,000円以上上回った日を異常としています。各日の判定にはその日より前のデータだけを使います。"
     "水準変化（稼働開始など）は最大3日検知した後、新しい水準で判定します。",
     "Each department's daily cost is compared with its recent level, by day of the week and "
     "with holidays and the 12/29-1/3 closure apart; a day above the expected range (expected "
     "+/- 4 robust standard deviations) by 1,000 yen or more is an anomaly. Each day is judged "
     "only on the days before it. A level shift (a system going live) is flagged three days at "
     "most, then judged on its new level."},
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
