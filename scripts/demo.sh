#!/bin/sh
# demo.sh - the main job on bundled demo data (called by `make demo`).
set -eu
YOSAN=${1:-build/yosan}
"$YOSAN" --version
# what-if: on-premises refresh vs Azure IaaS vs PaaS, with sensitivity (issue 6)
EXAMPLES=$(dirname "$0")/../examples
"$YOSAN" whatif "$EXAMPLES/onprem-to-azure.yaml" --vary fx=+-15%,utilisation=+-20%
"$YOSAN" license oracle --edition ee --platform azure --vcpus 16 --ht --usd-jpy 150
