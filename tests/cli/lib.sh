# lib.sh - helpers for the end-to-end CLI tests (sourced by tests/cli/test_*.sh).
# Environment from ctest: YOSAN (binary), TEST_DATA_DIR, TEST_SRC_DIR, TEST_TMP_ROOT.
set -u
: "${YOSAN:?YOSAN must point at the yosan binary}"
: "${TEST_DATA_DIR:?}"
mkdir -p "${TEST_TMP_ROOT:-/tmp}"
T=$(mktemp -d "${TEST_TMP_ROOT:-/tmp}/cli.XXXXXX")
export YOSAN_DB="$T/yosan.db"
FAILS=0
CHECKS=0
trap 'rm -rf "$T"' EXIT

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
ok() { CHECKS=$((CHECKS + 1)); }

# run CMD...: runs yosan, captures stdout in $T/out, stderr in $T/err, status in $RC
run() { "$YOSAN" "$@" >"$T/out" 2>"$T/err"; RC=$?; }

expect_rc() { # expect_rc N description
    if [ "$RC" -ne "$1" ]; then
        fail "$2: exit $RC, expected $1; stderr: $(head -c 600 "$T/err")"
    else ok; fi
}
expect_eq() { # expect_eq actual expected description
    if [ "$1" != "$2" ]; then fail "$3: got '$1', expected '$2'"; else ok; fi
}
expect_grep() { # expect_grep PATTERN FILE description
    if ! grep -q -- "$1" "$2"; then fail "$3: '$1' not in $(basename "$2"): $(head -c 600 "$2")"; else ok; fi
}
expect_no_grep() {
    if grep -q -- "$1" "$2"; then fail "$3: '$1' unexpectedly in $(basename "$2")"; else ok; fi
}
finish() {
    echo "$CHECKS checks, $FAILS failures"
    [ "$FAILS" -eq 0 ]
    exit $?
}
