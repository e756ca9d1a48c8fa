# test_import.sh - `yosan import` / `yosan imports` end to end on real and
# hand-made exports: exact totals against an independent decimal sum,
# idempotency, month-to-date replacement, gzip, MCA, FOCUS, and bad input
# that fails with file, line and field and leaves the database unchanged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"
D=$TEST_DATA_DIR

# --- EA actual and amortized: exact totals, datasets apart
run import "$D/EA_ActualCost_Small.csv"
expect_rc 0 "import EA actual"
expect_grep "EA_ActualCost_Small.csv: 11 rows, ea actual, 2023-09-04..2023-09-21" "$T/err" "one line per file"
ACT=$(pysum "$D/EA_ActualCost_Small.csv" Cost)
expect_close "$(dbsum 0)" "$ACT" "EA actual total = independent sum"
run import "$D/EA_AmortizedCost_Small.csv"
expect_rc 0 "import EA amortized"
expect_grep "ea amortized" "$T/err" "amortized detected from the content"
expect_close "$(dbsum 1)" "$(pysum "$D/EA_AmortizedCost_Small.csv" Cost)" "EA amortized total"
expect_close "$(dbsum 0)" "$ACT" "actual untouched by the amortized file"
expect_eq "$(dbq "SELECT vm_size || '/' || vcpus FROM costs WHERE vm_size = 'Standard_DS2_v2'")" "Standard_DS2_v2/2" "AdditionalInfo VM size and vCPUs kept"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs WHERE vm_size = 'SQLThreatDetection'")" "0" "non-VM ServiceType not taken as a VM size"
expect_eq "$(dbq "SELECT tags FROM cost_objects WHERE tags LIKE '%SubACM%' AND tags LIKE '%org%' LIMIT 1")" '{"CostCenter":"SubACM","org":""}' "braceless Tags normalised, sorted, empty value kept"

# --- same file again: nothing changes, and it says so
N_IMPORTS=$(dbq "SELECT COUNT(*) FROM imports")
run import "$D/EA_ActualCost_Small.csv"
expect_rc 0 "re-import"
expect_grep "already imported, nothing changed" "$T/err" "re-import says so"
expect_eq "$(dbq "SELECT COUNT(*) FROM imports")" "$N_IMPORTS" "no new import record"
expect_close "$(dbsum 0)" "$ACT" "re-import leaves the total"

# --- header-only file
run import "$D/EA_NoRows.csv"
expect_rc 0 "header-only file"
expect_grep "no rows" "$T/err" "header-only says no rows"

# --- bad input: message with file, line, field; exit 3; totals unchanged
BAD=$T/bad
mkdir -p "$BAD"
python3 - "$D/EA_ActualCost_Small.csv" "$BAD" <<'PY'
import sys
src, out = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
lines = data.split(b"\n")
# bad number on line 3 (Cost of the second data row)
fields = lines[2].split(b",")
i = fields.index(b"0.00004")
fields[i] = b"abc"
bad = lines[:]; bad[2] = b",".join(fields)
open(out + "/bad_number.csv", "wb").write(b"\n".join(bad))
# bad date on line 4
bad = lines[:]; bad[3] = bad[3].replace(b"09/04/2023", b"13/45/2023", 1)
open(out + "/bad_date.csv", "wb").write(b"\n".join(bad))
# truncated inside a quoted field (the AdditionalInfo JSON of line 5)
cut = data.index(b'{""ServiceType""')
open(out + "/truncated_quote.csv", "wb").write(data[:cut + 20])
# truncated mid-row outside quotes: the last row is short
cut = data.rindex(b"\n", 0, len(data) - 2)
open(out + "/truncated_row.csv", "wb").write(data[:cut + 200])
open(out + "/unknown_header.csv", "wb").write(b"Foo,Bar,Baz\n1,2,3\n")
PY
BEFORE0=$(dbsum 0); BEFORE1=$(dbsum 1); ROWS=$(dbq "SELECT COUNT(*) FROM costs")
run import "$BAD/bad_number.csv"
expect_rc 3 "bad number exits 3"
expect_grep "bad_number.csv:3: field 'Cost': expected a number, got 'abc'" "$T/err" "bad number message"
run import "$BAD/bad_date.csv"
expect_rc 3 "bad date exits 3"
expect_grep "bad_date.csv:4: field 'Date': expected a date" "$T/err" "bad date message"
run import "$BAD/truncated_quote.csv"
expect_rc 3 "truncated quote exits 3"
expect_grep "truncated_quote.csv:5: unterminated quoted field" "$T/err" "truncated quote message"
run import "$BAD/truncated_row.csv"
expect_rc 3 "short last row exits 3"
expect_grep "truncated_row.csv:12: expected 55 fields, got" "$T/err" "short row message"
run import "$BAD/unknown_header.csv"
expect_rc 3 "unknown header exits 3"
expect_grep "unknown_header.csv:1: unknown header" "$T/err" "unknown header message"
run import --format focus "$D/EA_ActualCost_Small.csv"
expect_rc 3 "forced wrong format exits 3"
expect_grep "no column 'ChargePeriodStart' for format focus" "$T/err" "forced format names the missing column"
run import "$T/does-not-exist.csv"
expect_rc 1 "missing file exits 1"
expect_close "$(dbsum 0)" "$BEFORE0" "actual total unchanged after failures"
expect_close "$(dbsum 1)" "$BEFORE1" "amortized total unchanged after failures"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs")" "$ROWS" "no rows left behind"
expect_eq "$(dbq "SELECT COUNT(*) FROM imports")" "$((N_IMPORTS + 1))" "no import record left behind"

# several files: the good one imports, the bad one is reported, exit 3
use_db multi
run import "$BAD/bad_number.csv" "$D/EA_ActualCost_Small.csv"
expect_rc 3 "one bad file of two exits 3"
expect_grep "1 of 2 files failed" "$T/err" "says how many failed"
expect_grep "bad_number.csv:3: field 'Cost'" "$T/err" "names the bad file"
expect_close "$(dbsum 0)" "$ACT" "the good file was imported"

# --- gzip
use_db gz
gzip -c "$D/EA_ActualCost_Small.csv" >"$T/actual.csv.gz"
run import "$T/actual.csv.gz"
expect_rc 0 "import .csv.gz"
expect_close "$(dbsum 0)" "$ACT" "gzip total"
# the same export uncompressed is another file covering the same scope: it replaces
run import "$D/EA_ActualCost_Small.csv"
expect_rc 0 "plain after gzip"
expect_grep "replaced 11 older rows" "$T/err" "same period and subscriptions replaced"
expect_close "$(dbsum 0)" "$ACT" "no double counting"
# a corrupt gzip stream is bad input (exit 3), and changes nothing
python3 -c 'import gzip, sys; d = gzip.compress(open(sys.argv[1], "rb").read()); open(sys.argv[2], "wb").write(d[:40] + bytes(200))' \
    "$D/EA_AmortizedCost_Small.csv" "$T/corrupt.csv.gz"
run import "$T/corrupt.csv.gz"
expect_rc 3 "corrupt gzip exits 3"
expect_grep "corrupt.csv.gz:1: corrupt or truncated gzip data" "$T/err" "corrupt gzip message"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs WHERE dataset = 1")" "0" "nothing stored from it"

# --- month-to-date replacement
use_db mtd
run import "$D/ea_mtd_1.csv"
expect_rc 0 "first month-to-date export"
expect_grep "6 rows, ea actual, 2025-04-01..2025-04-03" "$T/err" "2024 column names and ISO dates"
run import "$D/ea_mtd_2.csv"
expect_rc 0 "second month-to-date export"
expect_grep "replaced 6 older rows" "$T/err" "older rows replaced"
expect_close "$(dbsum 0)" "$(pysum "$D/ea_mtd_2.csv" CostInBillingCurrency)" "total = the second file only"
expect_eq "$(dbq "SELECT replaced_rows FROM imports WHERE file_name LIKE '%ea_mtd_2.csv'")" "6" "replaced rows recorded"
expect_rollup_exact "month-to-date re-delivery"
expect_eq "$(dbq "SELECT name FROM subscriptions WHERE sub_key = '0a1b2c3d-0000-4000-8000-000000000001'")" "大阪市 建設局 本番" "Japanese subscription name"
expect_eq "$(dbq "SELECT DISTINCT resource_group FROM cost_objects WHERE resource_group LIKE 'rg-kensetsu%'")" "rg-kensetsu-web" "resource group lower-cased"
# the older file again: nothing changes
run import "$D/ea_mtd_1.csv"
expect_grep "already imported" "$T/err" "older export is a duplicate"
expect_close "$(dbsum 0)" "$(pysum "$D/ea_mtd_2.csv" CostInBillingCurrency)" "still the second file"

# --- --dataset override
use_db override
run import --dataset actual "$D/EA_AmortizedCost_Small.csv"
expect_rc 0 "--dataset actual"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs WHERE dataset = 1")" "0" "forced into actual"
run import --dataset monthly "$D/EA_ActualCost_Small.csv"
expect_rc 2 "bad --dataset is a usage error"
run import
expect_rc 2 "no file is a usage error"

# --- MCA
use_db mca
run import "$D/mca_small.csv"
expect_rc 0 "import MCA"
expect_grep "4 rows, mca actual, 2025-05-02..2025-05-04" "$T/err" "MCA detected"
expect_close "$(dbsum 0)" "$(pysum "$D/mca_small.csv" costInBillingCurrency)" "MCA total with a refund"
expect_eq "$(dbq "SELECT vcpus FROM costs WHERE charge_type = 'Usage' AND vm_size IS NULL AND vcpus IS NOT NULL")" "4" "vCores kept as the core count"
expect_eq "$(dbq "SELECT COUNT(*) FROM costs WHERE benefit_id LIKE '%reservations/r1'")" "1" "benefit id kept"

# --- FOCUS: every line gives an actual and an amortized row
use_db focus
run import "$D/focus_slice.csv"
expect_rc 0 "import FOCUS"
expect_grep "120 rows, focus actual+amortized" "$T/err" "FOCUS rows"
expect_close "$(dbsum 0)" "$(pysum "$D/focus_slice.csv" BilledCost)" "FOCUS actual = BilledCost"
expect_close "$(dbsum 1)" "$(pysum "$D/focus_slice.csv" EffectiveCost)" "FOCUS amortized = EffectiveCost"
expect_eq "$(dbq "SELECT COUNT(*) FROM subscriptions WHERE sub_key LIKE '/subscriptions/%'")" "0" "SubAccountId path reduced to the GUID"

# --- imports listing
run imports --format csv
expect_rc 0 "imports"
expect_grep "focus_slice.csv" "$T/out" "imports lists the file"
expect_grep "actual+amortized" "$T/out" "imports shows the dataset"
run imports --format xml
expect_rc 2 "imports bad format"
finish
