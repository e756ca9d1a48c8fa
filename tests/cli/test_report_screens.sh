# test_report_screens.sh - every HTML report (summary, budget, rightsize,
# whatif; ja and en) as headless Chromium lays it out at 1200 px wide:
#  - no table cell breaks one character per line (a 局 name, an action), no
#    table wider than the page column (report_screens.py layout);
#  - no English sentence in a Japanese report (report_screens.py english:
#    the rule and its exclusions are documented there);
#  - with YOSAN_SHOTS_DIR set, a full-page screenshot of each (1200 px wide)
#    is taken, checked not blank and kept there as NAME-LANG.png (one more
#    Chromium start per report, so only when asked: the checks above are on
#    the same layout).
# The layout is measured by a test-only copy of each report with a script
# appended (the reports themselves have no script and forbid one by CSP).
# Skipped when chromium is absent: exit 77 (ctest shows "Skipped").
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium not installed (scripts/install-deps.sh --test installs it)"
    exit 77
fi
HERE=$(dirname "$0")

chrome() { # chrome OUTFILE ARGS... : headless, offline, its own profile
    out=$1; shift
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$T/profile.$$.$RANDOM" "$@" >"$out" 2>"$out.log"
}

check_screen() { # check_screen FILE.html NAME LANG
    html=$1; name=$2; lang=$3
    echo "screens: $name" >&2
    python3 "$HERE/report_screens.py" wrap "$html" "$T/$name.measure.html"
    chrome "$T/$name.dom" --window-size=1200,1000 --dump-dom "file://$T/$name.measure.html"
    expect_eq "$?" 0 "$name: chromium lays the page out"
    if python3 "$HERE/report_screens.py" layout "$T/$name.dom" >"$T/$name.layout"; then ok; else
        fail "$name: cells broken per character or tables too wide:
$(grep -v '^height' "$T/$name.layout" | head -12)"
    fi
    if [ "$lang" = ja ]; then
        if python3 "$HERE/report_screens.py" english "$T/$name.dom" >"$T/$name.english"; then ok; else
            fail "$name: English in the Japanese report:
$(head -12 "$T/$name.english")"
        fi
    fi
    [ -n "${YOSAN_SHOTS_DIR:-}" ] || return 0
    height=$(sed -n 's/^height //p' "$T/$name.layout")
    height=${height:-3000}
    [ "$height" -gt 16000 ] && height=16000
    chrome "$T/$name.shot" --screenshot="$T/$name.png" --window-size=1200,"$height" "file://$html"
    expect_eq "$?" 0 "$name: chromium takes a screenshot"
    stats=$(python3 "$HERE/png_stats.py" "$T/$name.png" '#1f4e79')
    set -- $stats
    [ "${3:-0}" -gt 10000 ] && ok || fail "$name: page looks blank ($stats)"
    mkdir -p "$YOSAN_SHOTS_DIR" && cp "$T/$name.png" "$YOSAN_SHOTS_DIR/$name.png"
}

. "$HERE/report_demo.sh"
report_demo_db

# the what-if scenario with Japanese labels: the labels are what the report shows
cat >"$T/scenario.yaml" <<'EOF'
name: 福祉システム更改
start_fy: 2026
years: 5
baseline: onprem
alternatives:
  - name: onprem
    label: オンプレ更改（現行どおり）
    items:
      - type: server
        name: サーバ
        count: 2
        purchase_price: 1800000
        maintenance: 10%
      - type: labour
        name: 運用
        hours_per_month: 20
        rate_per_hour: 5000
  - name: iaas
    label: 仮想マシンへ移行
    items:
      - type: recurring
        name: 仮想マシン
        category: compute
        per_month: 90000
      - type: labour
        name: 運用
        hours_per_month: 10
        rate_per_hour: 5000
EOF

for lang in ja en; do
    run report summary --lang "$lang" -o "$T/summary-$lang.html"
    expect_rc 0 "report summary ($lang)"
    run report budget --fiscal-year 2027 --lang "$lang" -o "$T/budget-$lang.html"
    expect_rc 0 "report budget ($lang)"
    run report rightsize --month 2026-10 --lang "$lang" -o "$T/rightsize-$lang.html"
    expect_rc 0 "report rightsize ($lang)"
    run report whatif "$T/scenario.yaml" --lang "$lang" -o "$T/whatif-$lang.html"
    expect_rc 0 "report whatif ($lang)"
    for kind in summary budget rightsize whatif; do
        check_screen "$T/$kind-$lang.html" "$kind-$lang" "$lang"
    done
done

# the checks can fail: a cell squeezed to one character per line, and an
# English reason, in a page made for the purpose
cat >"$T/bad.html" <<'EOF'
<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head><body>
<section id="sec-x"><table style="width:200px"><tr><td style="width:1px">教育委員会事務局</td>
<td>idle outside the window in 55 days of metrics</td><td>Standard_D4s_v5</td></tr></table>
</section></body></html>
EOF
python3 "$HERE/report_screens.py" wrap "$T/bad.html" "$T/bad.measure.html"
chrome "$T/bad.dom" --window-size=1200,1000 --dump-dom "file://$T/bad.measure.html"
python3 "$HERE/report_screens.py" layout "$T/bad.dom" >"$T/bad.layout"
expect_eq "$?" 1 "the layout check finds a cell broken per character"
expect_grep 'WRAP sec-x TD' "$T/bad.layout" "the broken cell is named"
python3 "$HERE/report_screens.py" english "$T/bad.dom" >"$T/bad.english"
expect_eq "$?" 1 "the English check finds the reason"
expect_no_grep 'Standard_D4s_v5' "$T/bad.english" "a SKU name is not English prose"
finish
