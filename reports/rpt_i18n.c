/*
 * rpt_i18n.c - the Japanese and English labels of the reports, in one table
 * so a translation is a one-line change and both languages stay in step.
 * Keys are stable ASCII words; rpt_label() falls back to the key itself.
 *
 * It also owns the message templates that put the models' one-line English
 * texts (right-sizing reasons, the rule summary, the budget method) into
 * Japanese: rpt_translate() below.
 */
#include <stdio.h>
#include <string.h>

#include "rpt_model.h"
#include "utf8.h"

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
    {"chart_track_daily", "全市：当月の日別実績・見込",
     "City total: the month under way, day by day"},
    {"sec_track_daily", "当月の見通し（局別、日別予測）", "The month under way by department"},
    {"col_month_actual", "当月実績（基準日まで）", "month to the as-of day"},
    {"col_month_p50", "当月見込P50", "month P50"},
    {"col_month_share", "予算現額に対する当月見込", "month P50 / appropriation"},
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
    /* what-if */
    {"col_alternative_id", "案ID", "alternative id"},
    /* stop schedules (job_report_schedule.c) */
    {"day_0", "月", "mon"},
    {"day_1", "火", "tue"},
    {"day_2", "水", "wed"},
    {"day_3", "木", "thu"},
    {"day_4", "金", "fri"},
    {"day_5", "土", "sat"},
    {"day_6", "日", "sun"},
    {"sched_holidays_off", "祝日・年末年始は停止", "holidays off"},
    {"sched_always_off", "常時停止", "always off"},
    {"sched_scale_in", "スケールイン、フル稼働", "scale in outside"},
    /* right-sizing support-life statuses (models/mdl_support.c) */
    {"status_retired", "提供終了", "retired"},
    {"status_retirement announced", "提供終了予定", "retirement announced"},
    {"status_end of support", "サポート終了", "end of support"},
    {"unallocated", "（未配賦）", "(unallocated)"},
    {"no_resource", "（リソースなし）", "(no resource)"},
};

/*
 * Message templates: the English text a model or job writes, with {} where a
 * value goes, and its Japanese, where {1}..{9} put the values back in any
 * order and {1*} puts a value back translated itself (a word such as
 * "fewer-cores"). Sources of the English: models/mdl_rightsize.c,
 * models/mdl_disk.c, models/mdl_schedule.c, models/mdl_network.c, engine/jobs/job_rightsize.c
 * (reasons and job_rs_rules_text()), engine/jobs/job_budget.c (method).
 * A text no template matches stays English, and tests/cli/
 * test_report_screens.sh fails on it for every reason the demo city shows.
 */
struct msg_row {
    const char *en; /* English with {} for each value */
    const char *ja; /* Japanese with {N} / {N*} */
};

static const struct msg_row messages[] = {
    /* right-sizing: virtual machines (mdl_rightsize.c) */
    {"compute billed {} of {} hours but no CPU metrics: stopped without deallocating? "
     "deallocate it",
     "{2} 時間中 {1} 時間のコンピューティング課金があるが CPU メトリクスなし: "
     "割り当て解除せずに停止している可能性。割り当てを解除する"},
    {"compute billed {} of {} hours but CPU never above idle: stopped without deallocating? "
     "deallocate it",
     "{2} 時間中 {1} 時間のコンピューティング課金があるが CPU は常にアイドル: "
     "割り当て解除せずに停止している可能性。割り当てを解除する"},
    {"no CPU metrics in the lookback", "分析期間に CPU メトリクスなし"},
    {"low data coverage", "メトリクスの欠測が多い"},
    {"covered by a reservation/savings plan: savings need an exchange or a new commitment",
     "予約・節約プランの適用対象: 削減には交換か新たな契約が必要"},
    {"idle: P95 CPU {} < {}, highest 3-day mean {} <= {}",
     "アイドル: CPU P95 {1} < {2}、3日間平均の最大 {3} ≦ {4}"},
    {"size not in the catalogue", "サイズがカタログにない"},
    {"no price known for {}", "{1} の価格が不明"},
    {"right-sized: no cheaper size keeps P95 CPU <= {} and memory <= {}",
     "適正: CPU P95 {1} 以下かつメモリ {2} 以下に収まる安価なサイズなし"},
    {"user-facing: P95 CPU {} -> {} on {}, memory not measured",
     "利用者向け: CPU P95 {1} → {3} では {2}、メモリ未計測"},
    {"user-facing: P95 CPU {} -> {} on {}, peak memory {} -> {}",
     "利用者向け: CPU P95 {1} → {3} では {2}、メモリ最大 {4} → {5}"},
    {"batch/background: P95 CPU {} -> {} on {}, memory not measured",
     "バッチ・バックグラウンド: CPU P95 {1} → {3} では {2}、メモリ未計測"},
    {"batch/background: P95 CPU {} -> {} on {}, peak memory {} -> {}",
     "バッチ・バックグラウンド: CPU P95 {1} → {3} では {2}、メモリ最大 {4} → {5}"},
    {"mean under the burst baseline", "平均はバースト基準値以下"},
    /* right-sizing: unused public IPs and disks (mdl_rightsize.c) */
    {"public IP: nothing that can use one billed in its resource group",
     "パブリック IP: 同じリソースグループに利用できるリソースの課金なし"},
    {"public IP: named after no billed VM and no load balancer or gateway in its resource group",
     "パブリック IP: 課金中の VM の名前と一致せず、同じリソースグループにロードバランサー・"
     "ゲートウェイなし"},
    {"check it is not associated", "関連付けがないことを確認"},
    {"managed disk: no VM billed in its resource group and its name matches no billed VM: "
     "snapshot and delete",
     "マネージドディスク: 同じリソースグループに課金中の VM がなく、名前も課金中の VM と"
     "一致しない: スナップショットを取って削除"},
    {"managed disk: its name matches no billed VM",
     "マネージドディスク: 名前が課金中の VM と一致しない"},
    {"check it is not attached under a custom name, then snapshot and delete",
     "別名で接続されていないことを確認し、スナップショットを取って削除"},
    {"not in the bill for this window: size and price unknown",
     "この期間の請求になし: サイズと価格が不明"},
    /* right-sizing: premium disks (mdl_disk.c) */
    {"not a Premium SSD disk", "Premium SSD ではない"},
    {"no IOPS metrics", "IOPS メトリクスなし"},
    {"premium SSD {}: no Standard SSD tier of the same size",
     "Premium SSD {1}: 同じサイズの Standard SSD なし"},
    {"premium SSD {} ({} IOPS) peaked at {} IOPS (hourly mean of ops/s), at or above {} of "
     "Standard SSD {}'s {}: keep",
     "Premium SSD {1}（{2} IOPS）の最大 {3} IOPS（1時間平均）は Standard SSD {5} の {6} IOPS "
     "の {4} 以上: 維持"},
    {"premium SSD {} peaked at {} IOPS (hourly mean of ops/s), but Standard SSD {} costs no "
     "less in your bill: keep",
     "Premium SSD {1} の最大 {2} IOPS（1時間平均）、ただし請求上 Standard SSD {3} "
     "の方が安くない: 維持"},
    {"premium SSD {} ({} IOPS) peaked at {} IOPS (hourly mean of ops/s, P95 {}, mean {})",
     "Premium SSD {1}（{2} IOPS）の最大 {3} IOPS（1時間平均、P95 {4}、平均 {5}）"},
    {"Standard SSD {} gives {}", "Standard SSD {1} は {2} IOPS"},
    {"priced from your bill's {} disks", "請求上の {1} ディスクの単価で計算"},
    {"list price ratio {}/{} {}", "定価比 {1}/{2} {3}"},
    {"covered by a disk reservation: the saving needs an exchange",
     "ディスク予約の適用対象: 削減には交換が必要"},
    /* stop schedules (mdl_schedule.c) */
    /* stop schedules beyond VMs (engine/jobs/job_schedule_paas.c) */
    {"idle outside these hours: serverless bills {} vCores only while running; {} x the "
     "provisioned vCore price ({} per vCore-hour in the bill)",
     "この時間帯以外はアイドル: サーバーレスは稼働中のみ {1} 仮想コア分を課金、単価はプロビジョニング"
     "の {2} 倍（請求上 仮想コア時間あたり {3}）"},
    {"dev/test plan idle outside these hours: {} instances fewer at {} per instance-hour in the "
     "bill",
     "開発・検証用プランはこの時間帯以外アイドル: {1} インスタンス削減（請求上 インスタンス時間あたり "
     "{2}）"},
    /* right-sizing: bill-only rules (mdl_network.c) */
    {"dev/test plan on Premium {} ({} vCPU, {} GiB): Standard {} has the same cores at {} % of "
     "the price",
     "開発・検証用の Premium {1} プラン（{2} vCPU、{3} GiB）: Standard {4} は同じコア数で価格の "
     "{5} %"},
    {"memory per instance {} GiB: check the peak",
     "インスタンスあたりメモリ {1} GiB: ピークを確認"},
    {"dev/test on {} instances: Standard scales out to {} at most",
     "開発・検証用で {1} インスタンス: Standard は最大 {2} インスタンス"},
    {"dev/test: {} costs no less than {}", "開発・検証用: {1} は {2} より安くない"},
    {"idle: {} billed {} hours, {} GB processed per 30 days (<= {} GB): delete or deallocate",
     "アイドル: {1*} が {2} 時間課金、30 日あたり処理量 {3} GB（{4} GB 以下）: 削除または割り当て解除"},
    {"{}: {} GB processed per 30 days (> {} GB): in use",
     "{1*}: 30 日あたり処理量 {2} GB（{3} GB 超）: 使用中"},
    {"virtual network gateway", "仮想ネットワークゲートウェイ"},
    {"application gateway", "アプリケーションゲートウェイ"},
    {"NAT gateway", "NAT ゲートウェイ"},
    {"load balancer", "ロードバランサー"},
    {"old snapshot: billed for {} days (> {}): review and delete",
     "古いスナップショット: {1} 日間課金（{2} 日超）: 確認して削除"},
    {"snapshot billed for {} days (<= {})", "スナップショットの課金 {1} 日間（{2} 日以下）"},
    /* right-sizing: App Service plans and SQL databases (mdl_paas.c) */
    {"not analysed: no CpuPercentage for this plan in the window",
     "未分析: 期間内にこのプランの CpuPercentage がない"},
    {"no traffic: every hour below {} KiB received and peak CPU {} % < {} %",
     "通信なし: 全時間帯で受信 {1} KiB 未満、最大 CPU {2} % < {3} %"},
    {"delete the plan (or move its apps to another plan)",
     "プランを削除する（またはアプリを他のプランへ移す）"},
    {"no MemoryPercentage, so no smaller plan is proposed",
     "MemoryPercentage がないため小さいプランは提案しない"},
    {"peak CPU {} %, peak memory {} % on {} instances: no smaller plan keeps CPU <= {} % and "
     "memory <= {} %",
     "{3} インスタンスで最大 CPU {1} %、最大メモリ {2} %: CPU {4} % 以下かつメモリ {5} % "
     "以下に収まる小さいプランはない"},
    {"peak CPU {} %, memory {} % on {} instances: {} instances keep them at {} % / {} %",
     "{3} インスタンスで最大 CPU {1} %、メモリ {2} %: {4} インスタンスで {5} % / {6} %"},
    {"peak CPU {} %, memory {} % on {}: {} ({} vCPU, {} GiB) keeps them at {} % / {} %",
     "{3} で最大 CPU {1} %、メモリ {2} %: {4}（{5} vCPU、{6} GiB）で {7} % / {8} %"},
    {"not analysed: the bill gives neither vCores nor a DTU objective",
     "未分析: 請求に仮想コア数も DTU も記載がない"},
    {"not analysed: no cpu_percent for this database in the window",
     "未分析: 期間内にこのデータベースの cpu_percent がない"},
    {"idle {} % of the hours: serverless with auto-pause ({} h delay) bills about {} % of the "
     "hours at {} x the vCore price",
     "{1} % の時間がアイドル: 自動一時停止（遅延 {2} 時間）のサーバーレスなら課金は約 {3} % "
     "の時間、仮想コア単価の {4} 倍"},
    {"P95 CPU {} % of {}: {} keeps it at {} % (<= {} %)",
     "{2} で P95 CPU {1} %: {3} なら {4} %（{5} % 以下）"},
    {"P95 DTU {} % of {}: {} keeps it at {} % (<= {} %)",
     "{2} で P95 DTU {1} %: {3} なら {4} %（{5} % 以下）"},
    {"P95 CPU {} %, idle {} % of the hours: no smaller size or serverless saves",
     "P95 CPU {1} %、アイドル {2} % の時間: 小さいサイズもサーバーレスも節約にならない"},
    {"P95 DTU {} %, idle {} % of the hours: no smaller size or serverless saves",
     "P95 DTU {1} %、アイドル {2} % の時間: 小さいサイズもサーバーレスも節約にならない"},
    /* right-sizing: Log Analytics workspaces and storage accounts (mdl_storage.c) */
    {"ingestion {} GB/day (lowest day {}) at your rate {} per GB: the {} GB/day commitment "
     "tier bills {} % of it per GB",
     "取込み {1} GB/日（最少の日 {2} GB）、請求上の単価 {3}/GB: {4} GB/日のコミットメント"
     "レベルなら GB 単価はその {5} %"},
    {"ingestion {} GB/day: pay-as-you-go costs less than any commitment tier",
     "取込み {1} GB/日: 従量課金がどのコミットメントレベルより安い"},
    {"already billed on a commitment tier: not compared",
     "すでにコミットメントレベルで課金: 比較しない"},
    {"not analysed: pay-as-you-go ingestion on {} days (< {})",
     "未分析: 従量課金の取込みがある日が {1} 日（{2} 日未満）"},
    {"{} GB retained at {} GB/day ingested: retention about {} days, policy {} days",
     "保持 {1} GB、取込み {2} GB/日: 保持期間は約 {3} 日、方針は {4} 日"},
    {"{} GB retained beyond the free {} days (no ingestion in the window): policy {} days",
     "無料の {2} 日を超えて {1} GB を保持（期間内の取込みなし）: 方針は {3} 日"},
    {"retention about {} days: within the {}-day policy", "保持期間は約 {1} 日: 方針の {2} 日以内"},
    {"no retention billed beyond the free days", "無料期間を超える保持の課金なし"},
    {"{} GB hot, {} reads per GB a month: {} costs {} % of it with reads and retrieval "
     "(minimum {} days in the tier)",
     "ホット {1} GB、読み取りは月 {2} 回/GB: {3*} なら読み取り・取得料金込みで {4} %"
     "（最低 {5} 日間の保管が必要）"},
    /* SQL elastic pools (mdl_sqlpool.c, job_rightsize_sqlpool.c) */
    {"{} databases, {} {}, own peaks add up to {} but their summed load peaks at {} (P95 {}): a "
     "pool of {} {} keeps it at {} % (<= {} %) at {} x the single-database price",
     "{1} データベース・{2} {3}: 各データベースのピークの合計は {4} だが、合算した負荷のピークは {5}"
     "（P95 {6}）。{7} {8} のプールなら負荷は {9} %（{10} % 以下）、価格は単一データベースの {11} 倍"},
    {"{} databases, {} {}: summed load peaks at {} (own peaks {})",
     "{1} データベース・{2} {3}: 合算した負荷のピークは {4}（各ピークの合計 {5}）"},
    {"a pool holding it at <= {} % ({} {} at {} x) does not cost less",
     "負荷を {1} % 以下に保つプール（{2} {3}、単価 {4} 倍）では安くならない"},
    {"{} database(s) without metrics not analysed", "メトリクスのない {1} データベースは未分析"},
    {"{} vCores in {} databases", "{2} データベース計 {1} vCore"},
    {"{} DTUs in {} databases", "{2} データベース計 {1} DTU"},
    {"elastic pool {} vCores", "エラスティックプール {1} vCore"},
    {"elastic pool {} eDTUs", "エラスティックプール {1} eDTU"},
    {"{} GB hot, {} reads per GB a month: no cooler tier saves {} % of the capacity cost",
     "ホット {1} GB、読み取りは月 {2} 回/GB: 容量料金の {3} % を削減できるクールな層はない"},
    {"not analysed: no operation meters in the bill, reads unknown",
     "未分析: 請求に操作（トランザクション）の明細がなく読み取り回数が不明"},
    {"no hot capacity billed", "ホット層の容量課金なし"},
    {"no geo-redundant capacity billed", "geo 冗長の容量課金なし"},
    {"{} on data marked non-critical: {} costs {} % of it ({})",
     "非重要と指定されたデータに {1}: {2} ならその {3} %（{4*}）"},
    {"your bill's own price", "請求上の単価"},
    {"list price ratio", "定価比"},
    {"cool", "クール層"},
    {"cold", "コールド層"},
    {"metrics on {} % of the window", "期間の {1} % にメトリクスあり"},
    /* last: it also matches the start of the longer texts above */
    {"peak CPU {} %", "最大 CPU {1} %"},
    {"idle outside the window in {} days of metrics",
     "メトリクス {1} 日間、稼働時間帯の外はアイドル"},
    {"idle every hour of {} days of metrics: deallocate it (see yosan rightsize)",
     "メトリクス {1} 日間すべての時間でアイドル: 割り当てを解除（yosan rightsize を参照）"},
    {"from cost rows (no metrics): keeps the billed hours per weekday, clock times assumed",
     "コスト行から推定（メトリクスなし）: 曜日ごとの課金時間を維持、時刻は推定"},
    {"adds holidays and closure off", "祝日・年末年始は停止"},
    /* the rule summary (job_rs_rules_text(), without its "rules: ") */
    {"window {} days (Azure Advisor: 7, configurable 7-90), burstable {} (Advisor: "
     "same-cores), user-facing {}, P95 CPU <= {}/{}, peak memory <= {}/{}, network <= {}/{} "
     "(user-facing/other), shutdown P95 CPU < {}, accelerated networking {}",
     "分析期間 {1} 日（Azure Advisor は 7 日、7〜90 日で設定可）、B シリーズ {2*}（Advisor "
     "は同じコア数）、利用者向けの判定 {3*}、CPU P95 上限 {4}（利用者向け）/{5}（その他）、"
     "メモリ最大 {6}/{7}、ネットワーク {8}/{9}、停止の基準 CPU P95 < {10}、高速ネットワーク "
     "{11*}"},
    {"fewer-cores", "コア数削減も可"},
    {"same-cores", "同じコア数のみ"},
    {"auto", "自動"},
    {"yes", "あり"},
    {"no", "なし"},
    {"assumed in use", "使用中とみなす"},
    {"not assumed", "みなさない"},
    /* the budget's method (job_budget.c) and dataset */
    {"models per series, {}, shared costs {}", "系列ごとのモデル、{1*}、共通費は{2*}"},
    {"bottom-up reconciliation (total = sum of departments)",
     "ボトムアップ調整（全市 = 各局の合計）"},
    {"WLS-variance reconciliation", "WLS（分散加重）調整"},
    {"proportional", "費用比で按分"},
    {"even", "均等に按分"},
    {"fixed", "固定比率で按分"},
    {"actual", "実績コスト"},
    {"amortized", "償却コスト"},
    /* support life (mdl_support.c): replacements */
    {"a supported SQL Server (2022) or Azure SQL",
     "サポート中の SQL Server（2022）または Azure SQL"},
    {"{} (itself retiring {}), or {}", "{1}（{2} に提供終了予定）、または {3}"},
    {"{} or {}", "{1} または {2}"},
};

#define MAX_CAPS 12

struct span {
    const char *p; /* start in the English text */
    size_t n;      /* bytes */
};

/* Match text[0..len) against an English template; captures go to caps.
 * A {} takes at least one byte, as few as let the rest match. */
static int match(const char *tp, const char *s, size_t len, struct span *caps, int ncap)
{
    while (*tp) {
        if (tp[0] == '{' && tp[1] == '}') {
            if (ncap >= MAX_CAPS)
                return 0;
            for (size_t n = 1; n <= len; n++) {
                caps[ncap] = (struct span){s, n};
                if (match(tp + 2, s + n, len - n, caps, ncap + 1))
                    return 1;
            }
            return 0;
        }
        if (len == 0 || *tp != *s)
            return 0;
        tp++;
        s++;
        len--;
    }
    return len == 0;
}

struct sink {
    char *out;   /* destination */
    size_t cap;  /* bytes of out */
    size_t used; /* bytes written, without the NUL */
};

static void put(struct sink *k, const char *s, size_t n)
{
    if (k->used + 1 >= k->cap)
        return;
    if (n > k->cap - k->used - 1)
        n = k->cap - k->used - 1;
    memcpy(k->out + k->used, s, n);
    k->used += n;
    k->out[k->used] = '\0';
}

static void clause(struct sink *k, const char *s, size_t len, int depth);

/* The Japanese template with the captures put back. */
static void fill(struct sink *k, const char *ja, const struct span *caps, int ncap, int depth)
{
    for (const char *p = ja; *p;) {
        int idx = 0;
        const char *q = p + 1;
        if (*p == '{')
            while (*q >= '0' && *q <= '9')
                idx = idx * 10 + (*q++ - '0');
        int tr = *q == '*';
        if (*p == '{' && idx >= 1 && idx <= ncap && q[tr] == '}') {
            if (tr)
                clause(k, caps[idx - 1].p, caps[idx - 1].n, depth + 1);
            else
                put(k, caps[idx - 1].p, caps[idx - 1].n);
            p = q + tr + 1;
        } else {
            put(k, p, 1);
            p++;
        }
    }
}

/* One clause: the first template that matches, or the text unchanged. */
static void clause(struct sink *k, const char *s, size_t len, int depth)
{
    struct span caps[MAX_CAPS];
    for (size_t i = 0; depth < 4 && i < sizeof messages / sizeof messages[0]; i++)
        if (match(messages[i].en, s, len, caps, 0)) {
            int ncap = 0;
            for (const char *t = messages[i].en; (t = strstr(t, "{}")); t += 2)
                ncap++;
            fill(k, messages[i].ja, caps, ncap, depth);
            return;
        }
    put(k, s, len);
}

const char *rpt_translate(enum rpt_lang lang, const char *en, char *out, size_t outlen)
{
    struct sink k = {out, outlen, 0};
    if (outlen == 0)
        return out;
    out[0] = '\0';
    if (!en)
        return out;
    if (lang == RPT_LANG_EN) {
        put(&k, en, strlen(en));
        return out;
    }
    /* clauses are joined by "; " in the English texts */
    for (const char *p = en;;) {
        const char *semi = strstr(p, "; ");
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        if (p != en)
            put(&k, "。", strlen("。"));
        clause(&k, p, n, 0);
        if (!semi)
            break;
        p = semi + 2;
    }
    utf8_trim_partial(out); /* a cut never leaves half a character */
    return out;
}

const char *rpt_label(enum rpt_lang lang, const char *key)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].key, key) == 0)
            return lang == RPT_LANG_EN ? labels[i].en : labels[i].ja;
    return key;
}
