# test_utf8.sh - invalid UTF-8 never gets in, long text is cut on a
# character boundary, reports are UTF-8 whatever the database holds
# (issue 18, item 4). Every text input refuses a bad byte with exit 3 and
# FILE:LINE: field 'X': invalid UTF-8 at byte N, and loads nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"
D=$TEST_DATA_DIR

# edit_csv IN OUT LINE COLUMN VALUE: copy a CSV with one field replaced
# (VALUE given as a Python bytes literal body, so it may hold any byte)
edit_csv() {
    python3 - "$@" <<'PY'
import ast, csv, io, sys
src, dst, line, col, value = sys.argv[1:6]
value = ast.literal_eval("b'" + value + "'").decode("utf-8", "surrogateescape")
text = open(src, "rb").read().decode("utf-8", "surrogateescape")
rows = list(csv.reader(io.StringIO(text, newline="")))
header = [h.lstrip("\ufeff") for h in rows[0]]
rows[int(line) - 1][header.index(col)] = value
out = io.StringIO(newline="")
csv.writer(out, lineterminator="\r\n").writerows(rows)
open(dst, "wb").write(out.getvalue().encode("utf-8", "surrogateescape"))
PY
}
# is_utf8_json FILE: exit 0 when FILE is strict UTF-8 JSON
is_utf8_json() { python3 -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$1" 2>/dev/null; }

# --- cost CSV: one bad byte refuses the whole file -----------------------
edit_csv "$D/EA_ActualCost_Small.csv" "$T/bad_cost.csv" 3 ResourceName 'db\xffstorage'
run import "$T/bad_cost.csv"
expect_rc 3 "cost CSV with an invalid byte"
expect_grep "bad_cost.csv:3: field 'ResourceName': invalid UTF-8 at byte 3 (0xff)" "$T/err" "names file, line, field and byte"
expect_eq "$(dbq 'SELECT COUNT(*) FROM costs')" "0" "no cost row imported"
expect_eq "$(dbq 'SELECT COUNT(*) FROM imports')" "0" "no import recorded"
# an overlong encoding and a lone surrogate are invalid too
edit_csv "$D/EA_ActualCost_Small.csv" "$T/bad_cost2.csv" 5 Tags '"env": "\xed\xa0\x80"'
run import "$T/bad_cost2.csv"
expect_rc 3 "surrogate in Tags"
expect_grep "bad_cost2.csv:5: field 'Tags': invalid UTF-8 at byte 9 (0xed)" "$T/err" "surrogate named"
edit_csv "$D/EA_ActualCost_Small.csv" "$T/bad_cost3.csv" 2 MeterName 'B1\xc0\xafs'
run import "$T/bad_cost3.csv"
expect_rc 3 "overlong form"
expect_grep "bad_cost3.csv:2: field 'MeterName': invalid UTF-8 at byte 3 (0xc0)" "$T/err" "overlong named"
# the unmodified file (it starts with a UTF-8 BOM) imports
run import "$D/EA_ActualCost_Small.csv"
expect_rc 0 "valid file with a BOM"

# --- department rules ---------------------------------------------------
printf 'match,pattern,department\nsubscription-name,Trey*,財政局\n' >"$T/rules_ok.csv"
run departments load "$T/rules_ok.csv"
expect_rc 0 "good rules"
printf 'match,pattern,department\nsubscription,*,環境局\nsubscription-name,*,\xff\xfe\n' >"$T/rules_bad.csv"
run departments load "$T/rules_bad.csv"
expect_rc 3 "department name \\xff\\xfe"
expect_grep "rules_bad.csv:3: field 'department': invalid UTF-8 at byte 1 (0xff)" "$T/err" "names file, line and field"
expect_eq "$(dbq 'SELECT COUNT(*) FROM dept_rules')" "1" "old rules kept"
printf '\xef\xbb\xbfmatch,pattern,department\ntag:\xe7\xb3,*,x\n' >"$T/rules_bad2.csv"
run departments load "$T/rules_bad2.csv"
expect_rc 3 "truncated character in match"
expect_grep "rules_bad2.csv:2: field 'match': invalid UTF-8 at byte 5 (0xe7)" "$T/err" "match field named"

# --- a long department tag value is cut on a character boundary ---------
LONG=$(python3 -c 'print("x" + "課" * 100, end="")') # 301 bytes: byte 255 is inside a character
edit_csv "$D/EA_ActualCost_Small.csv" "$T/long_tag.csv" 2 Tags "$(python3 -c 'import sys; print("".join("\\x%02x" % b for b in ("\"department\": \"" + sys.argv[1] + "\"").encode()), end="")' "$LONG")"
edit_csv "$T/long_tag.csv" "$T/long_tag.csv" 2 Cost '1000'
fresh_db
run import "$T/long_tag.csv"
expect_rc 0 "import a 301-byte Japanese tag value"
if is_pg; then HEX="encode(convert_to(name, 'UTF8'), 'hex')"; else HEX="hex(name)"; fi
NAME_HEX=$(dbq "SELECT $HEX FROM departments WHERE name LIKE 'x%'")
expect_eq "$(python3 -c 'import sys; b = bytes.fromhex(sys.argv[1]); b.decode("utf-8"); print(len(b))' "$NAME_HEX" 2>&1)" "253" "department name cut to 253 bytes (x + 84 characters), valid UTF-8"
run summary --by department --format json
expect_rc 0 "summary json"
if is_utf8_json "$T/out"; then ok; else fail "summary JSON is not UTF-8 JSON"; fi
expect_grep "x$(python3 -c 'print("課" * 84, end="")')\"" "$T/out" "the cut name is shown whole"
run report summary -o "$T/long.json"
expect_rc 0 "report summary json"
if is_utf8_json "$T/long.json"; then ok; else fail "report JSON is not UTF-8 JSON"; fi

# --- reports repair a database written by an older build ----------------
# (a PostgreSQL UTF8 database cannot hold invalid UTF-8 at all)
if sqlite_only "invalid UTF-8 stored by an older build: SQLite only"; then
dbq "UPDATE departments SET name = CAST(X'E8B2A1FFFE' AS TEXT) WHERE name LIKE 'x%'"
run summary --by department --format json
expect_rc 0 "summary json from a bad name"
if is_utf8_json "$T/out"; then ok; else fail "summary JSON with a stored bad name is not UTF-8"; fi
expect_grep "財��" "$T/out" "bad bytes shown as U+FFFD"
run report summary -o "$T/bad.json"
expect_rc 0 "report json from a bad name"
if is_utf8_json "$T/bad.json"; then ok; else fail "report JSON with a stored bad name is not UTF-8"; fi
run report summary -o "$T/bad.xlsx"
expect_rc 0 "report xlsx from a bad name"
if python3 - "$T/bad.xlsx" <<'PY'; then ok; else fail "XLSX sharedStrings.xml is not well-formed UTF-8 XML"; fi
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
root = ET.fromstring(z.read("xl/sharedStrings.xml"))
texts = [t.text or "" for t in root.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t")]
sys.exit(0 if any("財\ufffd\ufffd" in t for t in texts) else 1)
PY
run report summary -o "$T/bad.html"
expect_rc 0 "report html from a bad name"
if python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/bad.html" 2>/dev/null; then ok; else fail "HTML report is not UTF-8"; fi
fi

# --- metrics CSV and JSON -----------------------------------------------
edit_csv "$D/metrics_small.csv" "$T/bad_metrics.csv" 3 resource_id '/subscriptions/x/vm-\xe3\x81'
run import "$T/bad_metrics.csv"
expect_rc 3 "metrics CSV with a truncated character"
expect_grep "bad_metrics.csv:3: field 'resource_id': invalid UTF-8 at byte 21 (0xe3)" "$T/err" "metrics CSV names line and field"
expect_eq "$(dbq 'SELECT COUNT(*) FROM metric_resources')" "0" "no metrics resource stored"
python3 -c 'import sys; t = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(t.replace(b"vm-web01", b"vm-\xffweb01", 1))' "$D/metrics_vm1.json" "$T/bad_metrics.json"
run import "$T/bad_metrics.json"
expect_rc 3 "metrics JSON with an invalid byte"
expect_grep "bad_metrics.json:3: invalid JSON: unable to decode byte 0xff" "$T/err" "metrics JSON names file and line"

# --- retail prices JSON -------------------------------------------------
python3 -c 'import sys; t = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(t.replace(b"JA East", b"JA \xfeEast", 1))' "$D/prices_page.json" "$T/bad_prices.json"
run import "$T/bad_prices.json"
expect_rc 3 "prices JSON with an invalid byte"
expect_grep "bad_prices.json:2: .*unable to decode byte 0xfe" "$T/err" "prices JSON names file and line"

# --- holiday calendar ---------------------------------------------------
printf 'date,kind,name\n2026-06-15,closed,市制記念日\n2026-06-16,closed,\xe5\xb8\x82\xff\n' >"$T/bad_cal.csv"
run holidays --year 2026 --calendar "$T/bad_cal.csv"
expect_rc 3 "calendar with an invalid byte"
expect_grep "bad_cal.csv:3: field 'name': invalid UTF-8 at byte 4 (0xff)" "$T/err" "calendar names line and field"

# --- budget files -------------------------------------------------------
M="$D/budget_monthly.csv"
printf 'department,from_month,amount,percent,note\n環境局,2027-10,100000,,new \xff system\n' >"$T/bad_adj.csv"
run budget --input "$M" --fiscal-year 2027 --as-of 2026-11-20 --adjust "$T/bad_adj.csv"
expect_rc 3 "adjustments with an invalid byte"
expect_grep "bad_adj.csv:2: field 'note': invalid UTF-8 at byte 5 (0xff)" "$T/err" "adjustments name line and field"
printf 'department,share\n環境局,1\n\xe6\xb0,1\n' >"$T/bad_share.csv"
run budget --input "$M" --fiscal-year 2027 --as-of 2026-11-20 --shared "fixed:$T/bad_share.csv"
expect_rc 3 "shares with an invalid byte"
expect_grep "bad_share.csv:3: field 'department': invalid UTF-8 at byte 1 (0xe6)" "$T/err" "shares name line and field"
python3 -c 'import sys; t = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(t.replace("建設局".encode(), b"\xe5\xbb\xba\x80", 1))' "$M" "$T/bad_monthly.csv"
run budget --input "$T/bad_monthly.csv" --fiscal-year 2027 --as-of 2026-11-20
expect_rc 3 "monthly input with an invalid byte"
expect_grep "bad_monthly.csv:2: field 'department': invalid UTF-8 at byte 4 (0x80)" "$T/err" "monthly input names line and field"
# a BOM (Excel's "CSV UTF-8") is accepted in budget files
printf '\xef\xbb\xbfdepartment,from_month,amount,percent,note\n環境局,2027-10,100000,,new system\n' >"$T/bom_adj.csv"
run budget --input "$M" --fiscal-year 2027 --as-of 2026-11-20 --adjust "$T/bom_adj.csv"
expect_rc 0 "adjustments with a BOM"

# --- series CSV ---------------------------------------------------------
printf 'series_id,period_index,value\nA,1,10\nA,2,11\n\xe6\x9d\xb1\xe4,1,5\n' >"$T/bad_series.csv"
run forecast --input "$T/bad_series.csv" --horizon 2
expect_rc 3 "series with an invalid byte"
expect_grep "bad_series.csv:4: field 'series_id': invalid UTF-8 at byte 4 (0xe4)" "$T/err" "series names line and field"

# --- what-if scenario YAML (libyaml checks the encoding) ----------------
python3 -c 'import sys; t = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(t.replace(b"leased box", b"leased \xc3(box", 1))' "$D/whatif/hand.yaml" "$T/bad.yaml"
run whatif "$T/bad.yaml"
expect_rc 3 "scenario with an invalid byte"
expect_grep "bad.yaml:10: invalid trailing UTF-8 octet at byte" "$T/err" "scenario names file and line"

finish
