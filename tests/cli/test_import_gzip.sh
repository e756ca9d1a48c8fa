# test_import_gzip.sh - a gzip file that does not reach its verified end is
# bad input: a cost export or metrics file cut anywhere (half way, only its
# 8-byte CRC/length trailer missing, 10 bytes of header) exits 3 naming the
# file, and imports nothing. A file of several gzip members (cat a.gz b.gz)
# is valid and imports whole. Regression for issue 18 items 1 and 14.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"

run demo --seed 1 --months 1 --end 2025-03 --metric-weeks 1 --no-amortized --no-import --out "$T/d"
expect_rc 0 "generate demo files"
EA="$T/d/EA_ActualCost_2025-03.csv.gz"
MX="$T/d/metrics.csv.gz"

cut_to() { # cut_to SRC DST BYTES
    head -c "$3" "$1" >"$2"
}
size() { stat -c %s "$1"; }
rows() { dbq "SELECT COUNT(*) FROM $1"; }

for src in "$EA" "$MX"; do
    base=$(basename "$src" .gz)
    half=$(($(size "$src") / 2))
    cut_to "$src" "$T/half-$base.gz" "$half"
    cut_to "$src" "$T/notrailer-$base.gz" $(($(size "$src") - 8))
    cut_to "$src" "$T/head10-$base.gz" 10
    for f in "$T/half-$base.gz" "$T/notrailer-$base.gz" "$T/head10-$base.gz"; do
        run import "$f"
        expect_rc 3 "$(basename "$f") is refused as bad input"
        expect_grep "$(basename "$f")" "$T/err" "the message names the file"
        expect_grep "truncated gzip\|corrupt gzip" "$T/err" "$(basename "$f"): says the gzip is cut"
    done
done
expect_eq "$(rows costs)" "0" "no cost row imported from the cut files"
expect_eq "$(rows metric_days)" "0" "no metric imported from the cut files"
expect_eq "$(dbq 'SELECT COUNT(*) FROM imports')" "0" "no import recorded"

# a flipped byte in the CRC trailer is corruption, not a short file
cp "$EA" "$T/badcrc.csv.gz"
n=$(($(size "$EA") - 6))
printf '\x00' | dd of="$T/badcrc.csv.gz" bs=1 seek="$n" conv=notrunc status=none
run import "$T/badcrc.csv.gz"
expect_rc 3 "a wrong CRC is refused"
expect_grep "gzip" "$T/err" "and said to be a gzip error"

# two gzip members concatenated are one valid file (gzip(1) reads them too)
gzip -dc "$EA" >"$T/plain.csv"
head -n 1 "$T/plain.csv" >"$T/a.csv"
sed -n '2,500p' "$T/plain.csv" >>"$T/a.csv"
sed -n '501,$p' "$T/plain.csv" >"$T/b.csv"
gzip -c "$T/a.csv" >"$T/multi.csv.gz"
gzip -c "$T/b.csv" >>"$T/multi.csv.gz"
run import "$T/multi.csv.gz"
expect_rc 0 "multi-member gzip imports"
expect_close "$(dbsum 0)" "$(pysum "$T/plain.csv" Cost)" "whole file's exact total"
finish
