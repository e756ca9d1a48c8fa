#!/bin/sh
# demo.sh - the main job on bundled demo data (called by `make demo`).
set -eu
YOSAN=${1:-build/yosan}
"$YOSAN" --version
