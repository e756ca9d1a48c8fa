#!/bin/sh
# bench-forecast.sh - yosan's forecasts vs R's forecast package on M3 monthly
# and tourism monthly, scored by one metric code (scripts/bench_forecast.py).
# Installs R's forecast package on demand (Debian r-cran-forecast).
# Usage: scripts/bench-forecast.sh [path/to/yosan]
# Environment: see scripts/bench_forecast.py (BENCH_R=none skips R,
# BENCH_R=ets,theta,arima adds auto.arima, BENCH_SUBSET=N limits the series).
set -eu
YOSAN=${1:-build/yosan}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${BENCH_DATA:-$HERE/../../shared/data/forecast}
[ -d "$DATA" ] || DATA=/work/shared/data/forecast
OUT=${BENCH_OUT:-out/bench-forecast}
if [ "${BENCH_R:-ets,theta}" != none ] && ! Rscript -e 'library(forecast)' >/dev/null 2>&1; then
    echo "installing r-cran-forecast (apt-get)" >&2
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y --no-install-recommends r-base-core r-cran-forecast >&2 ||
        echo "could not install R; R rows will be missing" >&2
fi
exec python3 "$HERE/bench_forecast.py" "$YOSAN" "$DATA" "$OUT"
