# test_shell.sh - the CLI shell: help, version, usage errors, exit codes, -h.
. "$(dirname "$0")/lib.sh"

run --version;          expect_rc 0 "--version"; expect_grep '^yosan [0-9]' "$T/out" "--version prints"
run --help;             expect_rc 0 "--help";    expect_grep 'Commands:' "$T/out" "--help lists commands"
run help;               expect_rc 0 "help";      expect_grep 'help' "$T/out" "help lists help"
run help help;          expect_rc 0 "help help"; expect_grep 'usage: yosan help' "$T/out" "help CMD"
run help nosuch;        expect_rc 2 "help of unknown command"
run nosuch;             expect_rc 2 "unknown command"; expect_grep "not a yosan command" "$T/err" "says so"
run;                    expect_rc 2 "no command"
run --bogus help;       expect_rc 2 "unknown global option"

# every command answers -h with its usage, exit 0, without touching the database
for cmd in $("$YOSAN" help | awk '/^Commands:/{f=1;next} f&&/^  [a-z]/{print $1}'); do
    run --db "$T/none/x.db" "$cmd" -h
    expect_rc 0 "$cmd -h"
    expect_grep "usage: yosan $cmd" "$T/out" "$cmd -h prints usage"
done
finish
