# test_readme.sh - every shell example of README.md runs as printed (issue 20
# item 1): scripts/check-readme.sh runs each ```sh block in order from a
# directory laid out like a checkout after `make demo` (build/yosan, examples/,
# out/demo.db), checks exit codes (never the figures), and counts the blocks
# marked <!-- doc-test: skip ... -->. Then, on small READMEs, a broken example,
# a file missing from examples/, an unmarked fence and a silent yosan command
# fail, while a skipped block does not run.
. "$(dirname "$0")/lib.sh"
skip_on_pg "README examples run as printed, on the SQLite file out/demo.db (scripts/check-identical.sh --backends runs the commands on PostgreSQL)"
CHECK="$TEST_SRC_DIR/scripts/check-readme.sh"

bash "$CHECK" "$YOSAN" "$TEST_SRC_DIR/README.md" "$TEST_SRC_DIR/examples" "$T/readme" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "every README example runs"
tail -1 "$T/out"
expect_grep '^README.md: [0-9]* fenced blocks: [0-9]* run, [0-9]* skipped, [0-9]* not shell; [0-9]* commands run, [0-9]* skipped; 0 failures' \
    "$T/out" "summary line"
RAN=$(sed -n 's/.* \([0-9]*\) commands run.*/\1/p' "$T/out")
[ "${RAN:-0}" -ge 30 ] && ok || fail "at least 30 README commands ran, got '${RAN:-}'"
expect_grep '^skip  README.md:[0-9]*: make demo' "$T/out" "make demo is listed as skipped"
expect_grep '^skip  README.md:[0-9]*: yosan pull cost' "$T/out" "the Azure pulls are skipped"
expect_grep '^ok    README.md:[0-9]*: yosan budget .*--adjust examples/plans.csv' "$T/out" "budget --adjust ran"
expect_eq "$(readlink "$T/readme/build/yosan")" "$(realpath "$YOSAN")" "build/yosan is the binary under test"
[ -s "$T/readme/out/budget.xlsx" ] && ok || fail "the report example wrote out/budget.xlsx"

# ---- the checker itself, on small READMEs (no demo city)
mkdir -p "$T/ex"
echo 'department,from_month,amount,percent,note' >"$T/ex/plans.csv"
mk() { printf '%s\n' "$@" >"$T/r.md"; }
check() { rm -rf "$T/w"; README_DEMO=0 bash "$CHECK" "$YOSAN" "$T/r.md" "$T/ex" "$T/w" >"$T/out" 2>"$T/err"; RC=$?; }

mk '# t' '<!-- doc-test: skip needs the network -->' '```sh' 'false' '```' '' \
    '```sh' 'export PATH="$PWD/build:$PATH"  # the README line' 'yosan --version' \
    'yosan holidays --year 2026 \' '  --format csv > h.csv' '```' '```text' 'yosan [--db PATH] COMMAND' '```'
check
expect_rc 0 "skipped block, PATH line, continuation, text block"
expect_grep 'r.md: 3 fenced blocks: 1 run, 1 skipped, 1 not shell; 3 commands run, 1 skipped; 0 failures' "$T/out" "counts"
expect_grep '^skip  r.md:4: false   (needs the network)' "$T/out" "the skipped command and its reason"
[ -s "$T/w/h.csv" ] && ok || fail "the continued command ran"

mk '```sh' 'export PATH="$PWD/build:$PATH"' 'yosan budget --fiscal-year 2027 --adjust examples/missing.csv' '```'
check
expect_rc 1 "a broken example fails"
expect_grep 'names examples/missing.csv, which is not in examples/' "$T/err" "the missing example file is named"
expect_grep 'r.md:3: exit 1: yosan budget' "$T/err" "the failing command, its line and exit code"

mk '```' 'yosan --version' '```'
check
expect_rc 1 "an unmarked fence fails"
expect_grep 'r.md:1: a ``` block: mark it ```sh' "$T/err" "says how to mark it"

mk '```sh' 'export PATH="$PWD/build:$PATH"' 'yosan -q holidays --year 2026 --format csv > empty.csv 2>/dev/null; : > empty.csv' '```'
check
expect_rc 1 "an empty output file fails"
expect_grep 'empty.csv is empty or missing' "$T/err" "names the empty file"

mk '```sh' 'yosan --version   # yosan is not on the PATH until the README puts it there' '```'
check
expect_rc 1 "yosan is not on the PATH by itself"
finish
