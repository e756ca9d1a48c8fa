#!/bin/sh
# check-rules-doc.sh - every named numeric constant in models/ has a row with
# the same value in docs/rules.md (issue 21 item 7).
#
# usage: scripts/check-rules-doc.sh [MODELS_DIR [RULES_MD]]
#        (defaults: models and docs/rules.md under the source tree)
#
# Extraction rule (documented in docs/rules.md, "How this page is checked"):
#   in MODELS_DIR/*.c and *.h, one constant per
#     #define NAME NUMBER            (NUMBER a literal, optionally in parentheses)
#     static const TYPE NAME = NUMBER[, NAME2 = NUMBER2 ...];
#   except on lines carrying the marker  /* not a rule: REASON */
#   A row is a docs/rules.md table line whose first cell is `NAME` and whose
#   second cell is the value; the values are compared as numbers.
# Exit 0 when every constant has its row, 1 otherwise (each problem on stderr).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
models=${1:-$here/models}
rules=${2:-$here/docs/rules.md}
[ -d "$models" ] || { echo "check-rules-doc: no models directory '$models'" >&2; exit 2; }
[ -f "$rules" ] || { echo "check-rules-doc: no rules page '$rules'" >&2; exit 2; }

num='-?[0-9][0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?[fFlLuU]*'
# FILE:LINE NAME VALUE, one per constant
extract() {
    for f in "$models"/*.c "$models"/*.h; do
        [ -f "$f" ] || continue
        grep -n -E '^[[:space:]]*#[[:space:]]*define[[:space:]]|static[[:space:]]+const[[:space:]]' "$f" |
            grep -v 'not a rule:' |
            sed -E 's|/\*.*||; s|//.*||' |
            awk -v file="$(basename "$f")" -v num="$num" '
            {
                line = $0; sub(/:.*/, "", line); text = $0; sub(/^[0-9]+:/, "", text)
                if (text ~ /^[[:space:]]*#[[:space:]]*define[[:space:]]/) {
                    n = split(text, w, /[[:space:]]+/)
                    i = 1; while (w[i] !~ /define$/) i++
                    name = w[i + 1]; val = w[i + 2]
                    for (k = i + 3; k <= n; k++) if (w[k] != "") val = val " " w[k]
                    gsub(/^\(|\)$/, "", val)
                    if (name ~ /^[A-Za-z_][A-Za-z0-9_]*$/ && val ~ ("^" num "$"))
                        print file ":" line, name, val
                    next
                }
                # static const TYPE a = 1, b = 2;  (scalars only: no [ or ( before =)
                if (text ~ /\[/ || text !~ /=/) next
                s = text; sub(/^.*static[[:space:]]+const[[:space:]]+/, "", s); sub(/;.*$/, "", s)
                m = split(s, parts, /,/)
                for (k = 1; k <= m; k++) {
                    p = parts[k]
                    if (p !~ /=/) continue
                    lhs = p; sub(/=.*/, "", lhs); rhs = p; sub(/^[^=]*=/, "", rhs)
                    gsub(/[[:space:]]+$/, "", lhs); sub(/^.*[[:space:]*]/, "", lhs)
                    gsub(/^[[:space:]]+|[[:space:]]+$/, "", rhs)
                    if (lhs ~ /^[A-Za-z_][A-Za-z0-9_]*$/ && rhs ~ ("^" num "$"))
                        print file ":" line, lhs, rhs
                }
            }'
    done
}

consts=$(extract)
if [ -z "$consts" ]; then
    echo "check-rules-doc: found no constants in '$models' (extraction broken?)" >&2
    exit 2
fi
bad=0
count=0
while read -r where name val; do
    count=$((count + 1))
    # the row: | `NAME` | VALUE | ...
    row=$(grep -E "^\|[[:space:]]*\`$name\`[[:space:]]*\|" "$rules" | head -1)
    if [ -z "$row" ]; then
        echo "$rules: no row for $name = $val ($where): add '| \`$name\` | $val | ... | source or \"design choice: reason\" |', or mark the line /* not a rule: why */" >&2
        bad=$((bad + 1))
        continue
    fi
    docval=$(printf '%s\n' "$row" | awk -F'|' '{ v = $3; gsub(/[[:space:],]/, "", v); print v }')
    cval=$(printf '%s' "$val" | sed -E 's/[fFlLuU]+$//')
    if ! awk -v a="$cval" -v b="$docval" 'BEGIN { exit !(b ~ /^-?[0-9.eE+-]+$/ && a + 0 == b + 0) }'; then
        echo "$rules: $name is $val in $where but the page says '$docval': update the row (and its source)" >&2
        bad=$((bad + 1))
    fi
done <<EOF
$consts
EOF
if [ "$bad" -ne 0 ]; then
    echo "check-rules-doc: $bad of $count constants in models/ lack a matching row in docs/rules.md" >&2
    exit 1
fi
echo "check-rules-doc: $count constants in models/ all have their row in docs/rules.md"
