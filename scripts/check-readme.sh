#!/bin/bash
# check-readme.sh - run every shell example of a README as printed (issue 20
# item 1; tests/cli/test_readme.sh runs it on README.md).
#
# Usage: scripts/check-readme.sh YOSAN README EXAMPLES_DIR WORKDIR
#
# WORKDIR is made to look like a checkout after `make demo`: build/yosan is
# YOSAN, examples/ is EXAMPLES_DIR, out/demo.db is the demo city (the same
# `yosan --db out/demo.db demo --out out/demo-data` as scripts/demo.sh, with
# --end README_DEMO_END, default 2026-11, the month the README's years were
# written for; README_DEMO=0 leaves it out). yosan is NOT put on the PATH, and
# a PATH directory holding another yosan is dropped: the README's own
# `export PATH=...` line must do it.
#
# The convention, for README writers:
#   ```sh       every line is a command, run in order in one shell from
#               WORKDIR (so `export` and `cd` carry over); blank lines and
#               `#` lines are ignored, a trailing `\` continues a line
#   ```console  only lines starting with `$ ` are commands (the rest is output)
#   ```text     not run (synopses, output); so is any other language (yaml, csv)
#   ``` alone, ```bash, ```shell: refused, say sh or text
#   <!-- doc-test: skip REASON --> on the line just before a fence skips that
#               block (make itself, the Azure APIs): counted and listed.
# A command fails on a non-zero exit (pipefail). A `yosan` command must also
# print something (stdout or stderr), and the file of its `> FILE` or `-o FILE`
# must be non-empty. Output is never compared: examples' figures change.
set -u
if [ $# -ne 4 ]; then
    echo "usage: check-readme.sh YOSAN README EXAMPLES_DIR WORKDIR" >&2
    exit 2
fi
_dt_yosan=$(realpath "$1")
_dt_readme=$2
_dt_examples=$(realpath "$3")
_dt_work=$4
_dt_name=$(basename "$_dt_readme")
_dt_fail=0

_dt_err() { echo "FAIL: $*" >&2; _dt_fail=$((_dt_fail + 1)); }

# ---- parse: fences, skip markers, commands
_dt_cmds=() _dt_lines=() _dt_skip=()
_dt_blocks=0 _dt_blocks_run=0 _dt_blocks_skipped=0 _dt_blocks_text=0
_dt_in="" _dt_prev="" _dt_marker="" _dt_cont="" _dt_cont_line=0 _dt_n=0
while IFS= read -r _dt_l || [ -n "$_dt_l" ]; do
    _dt_n=$((_dt_n + 1))
    if [ -z "$_dt_in" ]; then
        if [[ "$_dt_l" =~ ^\`\`\`(.*)$ ]]; then
            _dt_info=${BASH_REMATCH[1]}
            _dt_info=${_dt_info%% *}
            _dt_marker=""
            if [[ "$_dt_prev" =~ ^\<!--\ doc-test:\ skip\ (.*)\ --\>$ ]]; then
                _dt_marker=${BASH_REMATCH[1]}
            fi
            _dt_blocks=$((_dt_blocks + 1))
            case "$_dt_info" in
            sh | console)
                _dt_in=$_dt_info
                if [ -n "$_dt_marker" ]; then
                    _dt_blocks_skipped=$((_dt_blocks_skipped + 1))
                else _dt_blocks_run=$((_dt_blocks_run + 1)); fi
                ;;
            "" | bash | shell | zsh)
                _dt_err "$_dt_name:$_dt_n: a \`\`\`$_dt_info block: mark it \`\`\`sh (run by the doc test) or \`\`\`text (not run)"
                _dt_in=text
                ;;
            *)
                _dt_in=text
                _dt_blocks_text=$((_dt_blocks_text + 1))
                ;;
            esac
        elif [ -n "$_dt_l" ]; then
            _dt_prev=$_dt_l
        fi
        continue
    fi
    if [[ "$_dt_l" =~ ^\`\`\`[[:space:]]*$ ]]; then
        [ -n "$_dt_cont" ] && _dt_err "$_dt_name:$_dt_cont_line: a \\ continuation runs into the end of the block"
        _dt_in="" _dt_prev="" _dt_cont=""
        continue
    fi
    [ "$_dt_in" = text ] && continue
    if [ "$_dt_in" = console ]; then
        [[ "$_dt_l" == '$ '* ]] || continue
        _dt_l=${_dt_l#'$ '}
    fi
    if [ -z "$_dt_cont" ]; then
        [[ "$_dt_l" =~ ^[[:space:]]*(#.*)?$ ]] && continue
        _dt_cont_line=$_dt_n
    fi
    if [[ "$_dt_l" == *\\ ]]; then
        _dt_cont+="${_dt_l%\\} "
        continue
    fi
    _dt_cmds+=("$_dt_cont$_dt_l")
    _dt_lines+=("$_dt_cont_line")
    _dt_skip+=("$_dt_marker")
    _dt_cont=""
done <"$_dt_readme"
[ -n "$_dt_in" ] && _dt_err "$_dt_name: the last fenced block is not closed"

# ---- every examples/FILE the README names exists
for _dt_f in $(grep -o 'examples/[A-Za-z0-9._/-]*[A-Za-z0-9]' "$_dt_readme" | sort -u); do
    [ -e "$_dt_examples/${_dt_f#examples/}" ] || _dt_err "$_dt_name names $_dt_f, which is not in examples/"
done

# ---- the work directory: a checkout after `make demo`
mkdir -p "$_dt_work/build" "$_dt_work/out" "$_dt_work/.doc-test"
ln -sf "$_dt_yosan" "$_dt_work/build/yosan"
ln -sfn "$_dt_examples" "$_dt_work/examples"
_dt_log="$_dt_work/.doc-test"
if [ "${README_DEMO:-1}" != 0 ]; then
    if ! "$_dt_yosan" --db "$_dt_work/out/demo.db" -q demo --end "${README_DEMO_END:-2026-11}" \
        --out "$_dt_work/out/demo-data" 2>"$_dt_log/demo.err"; then
        _dt_err "the demo city was not made: $(head -c 600 "$_dt_log/demo.err")"
    fi
fi

# no other yosan on the PATH (an installed one): the README's line must put it there
_dt_path=""
IFS=: read -r -a _dt_dirs <<<"$PATH"
for _dt_d in "${_dt_dirs[@]}"; do
    [ -x "$_dt_d/yosan" ] || _dt_path="${_dt_path:+$_dt_path:}$_dt_d"
done
PATH=$_dt_path

# ---- run, in order, in this shell
# shellcheck disable=SC2034 # the README's commands may use them
cd "$_dt_work" || exit 1
set -o pipefail
_dt_ran=0 _dt_skipped=0
for _dt_i in "${!_dt_cmds[@]}"; do
    _dt_c=${_dt_cmds[$_dt_i]}
    _dt_at="$_dt_name:${_dt_lines[$_dt_i]}"
    if [ -n "${_dt_skip[$_dt_i]}" ]; then
        echo "skip  $_dt_at: $_dt_c   (${_dt_skip[$_dt_i]})"
        _dt_skipped=$((_dt_skipped + 1))
        continue
    fi
    _dt_ran=$((_dt_ran + 1))
    _dt_o="$_dt_log/$_dt_ran.out" _dt_e="$_dt_log/$_dt_ran.err"
    _dt_t0=$(date +%s)
    eval "$_dt_c" >"$_dt_o" 2>"$_dt_e" </dev/null
    _dt_rc=$?
    _dt_t=$(($(date +%s) - _dt_t0))
    if [ "$_dt_rc" -ne 0 ]; then
        _dt_err "$_dt_at: exit $_dt_rc: $_dt_c
      stderr: $(head -c 800 "$_dt_e")"
        continue
    fi
    _dt_s=${_dt_c%%[[:space:]]#*} # without the comment
    if [[ "$_dt_s" =~ ^yosan[[:space:]] || "$_dt_s" =~ \|[[:space:]]*yosan[[:space:]] ]]; then
        _dt_file=""
        if [[ "$_dt_s" =~ [^2]\>[[:space:]]*([^[:space:]\>]+) ]]; then
            _dt_file=${BASH_REMATCH[1]}
        elif [[ "$_dt_s" =~ [[:space:]]-o[[:space:]]+([^[:space:]]+) ]]; then
            _dt_file=${BASH_REMATCH[1]}
        fi
        if [ -n "$_dt_file" ]; then
            [ -s "$_dt_file" ] || _dt_err "$_dt_at: $_dt_file is empty or missing: $_dt_c"
        elif [ ! -s "$_dt_o" ] && [ ! -s "$_dt_e" ]; then
            _dt_err "$_dt_at: printed nothing: $_dt_c"
        fi
    fi
    echo "ok    $_dt_at: $_dt_c   (${_dt_t}s)"
done
set +o pipefail

echo "$_dt_name: $_dt_blocks fenced blocks: $_dt_blocks_run run, $_dt_blocks_skipped skipped, $_dt_blocks_text not shell;" \
    "$_dt_ran commands run, $_dt_skipped skipped; $_dt_fail failures"
[ "$_dt_ran" -gt 0 ] || _dt_err "no command ran"
[ "$_dt_fail" -eq 0 ]
