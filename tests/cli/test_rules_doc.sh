# test_rules_doc.sh - docs/rules.md lists every named constant of models/ with
# its value (issue 21 item 7): the real tree passes scripts/check-rules-doc.sh,
# and on fixtures a missing row, a changed value and a multi-name line fail
# with a message naming the constant, while a /* not a rule: */ line is skipped.
. "$(dirname "$0")/lib.sh"
CHECK="$TEST_SRC_DIR/scripts/check-rules-doc.sh"

sh "$CHECK" "$TEST_SRC_DIR/models" "$TEST_SRC_DIR/docs/rules.md" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "every constant in models/ has its row in docs/rules.md"
expect_grep 'constants in models/ all have their row' "$T/out" "summary line"

mkdir -p "$T/m"
cat >"$T/m/a.h" <<'C'
#define RULE_A 3 /* a threshold */
#define RULE_B (0.5)
#define NOT_A_NUMBER (RULE_A + 1)
#define BUF_LEN 64 /* not a rule: buffer size */
C
cat >"$T/m/b.c" <<'C'
static const double tol = 1e-3;
static const int stall = 2, maxit = 200;
static const double table[2] = {1, 2};
C
cat >"$T/rules.md" <<'C'
| name | value | where | meaning | source |
|---|---|---|---|---|
| `RULE_A` | 3 | a.h | x | design choice: test |
| `RULE_B` | 0.50 | a.h | x | design choice: test |
| `tol` | 0.001 | b.c | x | design choice: test |
| `stall` | 2 | b.c | x | design choice: test |
| `maxit` | 200 | b.c | x | design choice: test |
C
sh "$CHECK" "$T/m" "$T/rules.md" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "fixture: all rows present (numbers compared as numbers, marker and expression skipped)"
expect_grep '5 constants' "$T/out" "five constants extracted"

grep -v 'maxit' "$T/rules.md" >"$T/r2.md"
sh "$CHECK" "$T/m" "$T/r2.md" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 1 "fixture: a missing row fails"
expect_grep 'no row for maxit = 200 (b.c:2)' "$T/err" "names the constant and its place"

sed 's/| `RULE_A` | 3 |/| `RULE_A` | 4 |/' "$T/rules.md" >"$T/r3.md"
sh "$CHECK" "$T/m" "$T/r3.md" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 1 "fixture: a changed value fails"
expect_grep 'RULE_A is 3 in a.h:1 but the page says' "$T/err" "says code and page values"

sed -i 's|^#define BUF_LEN 64 .*|#define BUF_LEN 64|' "$T/m/a.h"
sh "$CHECK" "$T/m" "$T/rules.md" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 1 "fixture: without the marker the buffer size needs a row"
expect_grep 'no row for BUF_LEN = 64' "$T/err" "unmarked constant"
finish
