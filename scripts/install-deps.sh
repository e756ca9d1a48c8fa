#!/bin/sh
# install-deps.sh - install the Debian 12 packages yosan needs to build and test.
# Idempotent: installs only what is missing and says what it installs.
# Needs root or sudo. Usage: scripts/install-deps.sh [--test] [--fuzz] [--lint]
#   --test  also install what the test suite needs (chromium and the reports'
#           first font, Noto Sans CJK JP, for the report layout checks;
#           postgresql for tests/cli/test_sdb_pg.sh's throwaway cluster)
#   --fuzz  also install clang and libFuzzer (make fuzz, make fuzz-ci)
#   --lint  also install clang-format-14 and clang-tidy-14 (make check-format, make tidy-check)
set -eu

PKGS="build-essential cmake pkg-config
libsqlite3-dev libpq-dev libgsl-dev libcsv-dev libcurl4-openssl-dev libssl-dev
libjansson-dev zlib1g-dev libxlsxwriter-dev libutf8proc-dev libyaml-dev
libcmocka-dev sqlite3 python3 unzip"
for arg in "$@"; do
    case "$arg" in
    --test) PKGS="$PKGS chromium fonts-noto-cjk libxml2-utils openssl postgresql" ;;
    --fuzz) PKGS="$PKGS clang libclang-rt-14-dev" ;;
    --lint) PKGS="$PKGS clang-format-14 clang-tidy-14" ;;
    *) echo "install-deps: unknown option '$arg'" >&2; exit 2 ;;
    esac
done

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps: all packages present" >&2
    exit 0
fi
echo "install-deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "install-deps: need root or sudo to install:$missing" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >&2
