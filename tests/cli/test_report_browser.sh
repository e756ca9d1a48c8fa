# test_report_browser.sh - render the HTML reports in headless Chromium:
# the screenshot shows drawn charts (not blank), the page logs nothing to
# the console (no script, no blocked resource, no error), and the DOM has
# the expected structure. Skipped when chromium is absent: exit 77, which
# ctest shows as "Skipped", not passed (scripts/install-deps.sh --test
# installs it; CI runs it).
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium not installed (scripts/install-deps.sh --test installs it)"
    exit 77
fi

chrome() { # chrome OUTFILE ARGS... : headless, offline, its own profile
    out=$1; shift
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$T/profile.$$.$RANDOM" --enable-logging=stderr --v=0 "$@" \
        >"$out" 2>"$out.log"
}

check_page() { # check_page FILE.html NAME MIN_SVG
    html=$1; name=$2; min_svg=$3
    chrome "$T/$name.dom" --dump-dom "file://$html"
    expect_eq "$?" 0 "$name: chromium dumps the DOM"
    if grep -q ':CONSOLE' "$T/$name.dom.log"; then
        fail "$name: console messages: $(grep ':CONSOLE' "$T/$name.dom.log" | head -3)"
    else ok; fi
    expect_no_grep 'Uncaught' "$T/$name.dom.log" "$name: no uncaught errors"
    nsvg=$(grep -o '<svg ' "$T/$name.dom" | wc -l)
    if [ "$nsvg" -lt "$min_svg" ]; then fail "$name: $nsvg charts, expected >= $min_svg"; else ok; fi
    expect_grep '<table' "$T/$name.dom" "$name: tables in the DOM"
    expect_no_grep '<script' "$T/$name.dom" "$name: no script element"

    chrome "$T/$name.shot" --screenshot="$T/$name.png" --window-size=900,1300 "file://$html"
    expect_eq "$?" 0 "$name: chromium takes a screenshot"
    # palette colours of the first series (rpt_html.c): bars and lines are drawn
    stats=$(python3 "$(dirname "$0")/png_stats.py" "$T/$name.png" '#1f4e79' '#e07b00' '#2a9d3a')
    set -- $stats
    [ "${3:-0}" -gt 10000 ] && ok || fail "$name: page looks blank ($stats)"
    [ "${4:-0}" -gt 50 ] && ok || fail "$name: too few colours ($stats)"
    [ "${5:-0}" -gt 1000 ] && ok || fail "$name: charts not drawn ($stats)"
}

run report whatif "$TEST_DATA_DIR/whatif/hand.yaml" -o "$T/whatif.html"
expect_rc 0 "report whatif html"
check_page "$T/whatif.html" whatif 1

. "$(dirname "$0")/report_demo.sh"
report_demo_db

run report summary -o "$T/summary.html"
expect_rc 0 "report summary html"
check_page "$T/summary.html" summary 2
run report summary --lang en -o "$T/summary-en.html"
expect_rc 0 "report summary html (en)"
check_page "$T/summary-en.html" summary-en 2

run report budget --fiscal-year 2027 --level p80 -o "$T/budget.html"
expect_rc 0 "report budget html"
check_page "$T/budget.html" budget 3
run report rightsize --month 2026-10 -o "$T/rightsize.html"
expect_rc 0 "report rightsize html"
check_page "$T/rightsize.html" rightsize 1

# execution tracking and anomalies (issues 13, 14): a demo city with its
# appropriations (one planted overrun) and planted anomalies
use_db track
run -q demo --end 2026-12 --months 24 --metric-weeks 0 --out "$T/demo-track"
expect_rc 0 "demo with appropriations and anomalies"
run report track --fiscal-year 2026 -o "$T/track.html"
expect_rc 0 "report track html"
check_page "$T/track.html" track 13
expect_grep '<h2>建設局【超過見込】</h2>' "$T/track.dom" "track: the overrun department's chart is marked"
run report anomalies --from 2026-04-01 -o "$T/anomalies.html"
expect_rc 0 "report anomalies html"
check_page "$T/anomalies.html" anomalies 3
expect_grep '検知日 2026-04-29' "$T/anomalies.dom" "anomalies: the Golden Week day is marked"
finish
