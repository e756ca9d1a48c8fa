# test_import_hardening_input.sh - the input reader under hostile input
# (issue 18 items 1, 9, 12, 14): truncated or corrupt gzip fails with exit 3
# and imports nothing, for every importer and the content sniffing; valid
# multi-member gzip still works; one over-long record or field is refused
# while it is read, with bounded memory; pipes, FIFOs and `-` (stdin) import
# like files, and the same bytes through a pipe are still a re-import.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/costlib.sh"
D=$TEST_DATA_DIR
W=$T/w
mkdir -p "$W"

# 2200-row EA export (the small fixture repeated), gzip'd, and cut versions
python3 - "$D/EA_ActualCost_Small.csv" "$W" <<'PY'
import gzip, sys, zlib
src, out = sys.argv[1], sys.argv[2]
lines = open(src, "rb").read().splitlines(keepends=True)
body = b"".join(lines[1:]) * 200
data = lines[0] + body
open(out + "/big.csv", "wb").write(data)
gz = gzip.compress(data, 6, mtime=0)
open(out + "/big.csv.gz", "wb").write(gz)
open(out + "/half.csv.gz", "wb").write(gz[: len(gz) // 2])
open(out + "/notrailer.csv.gz", "wb").write(gz[:-8])
open(out + "/nosize.csv.gz", "wb").write(gz[:-4])
bad = bytearray(gz)
bad[-8] ^= 0xFF  # CRC32
open(out + "/badcrc.csv.gz", "wb").write(bytes(bad))
bad = bytearray(gz)
bad[-1] ^= 0x01  # ISIZE
open(out + "/badsize.csv.gz", "wb").write(bytes(bad))
open(out + "/ten.csv.gz", "wb").write(gz[:10])
open(out + "/two.csv.gz", "wb").write(gz[:2])
# two gzip members (what `cat a.gz b.gz` makes): valid, must keep working
cut = len(lines[0]) + len(body) // 2
cut = data.index(b"\n", cut) + 1
open(out + "/multi.csv.gz", "wb").write(gzip.compress(data[:cut], mtime=0) +
                                        gzip.compress(data[cut:], mtime=0))
# metrics CSV, prices JSON, budget and series inputs, gzip'd without trailer;
# metrics and prices padded with blank lines past the 8 KiB the router
# looks at, so that their own importer meets the end of the data
for name in ("metrics_small.csv", "prices_page.json", "metrics_vm1.json",
             "budget_monthly.csv", "m3_sample.csv"):
    raw = open(sys.argv[1].rsplit("/", 1)[0] + "/" + name, "rb").read()
    if name.startswith(("metrics", "prices")):
        raw += b"\n" * 16384
    g = gzip.compress(raw, mtime=0)
    open(out + "/" + name + ".gz", "wb").write(g)
    open(out + "/cut_" + name + ".gz", "wb").write(g[:-8])
PY
TOTAL=$(pysum "$W/big.csv" Cost)

no_imports() { # no_imports DESCRIPTION: nothing was recorded
    expect_eq "$(dbq 'SELECT COUNT(*) FROM imports' 2>/dev/null || echo 0)" "0" "$1: nothing imported"
}

# --- item 1: truncated or corrupt gzip is bad input, all or nothing
for f in half notrailer nosize; do
    run import "$W/$f.csv.gz"
    expect_rc 3 "$f.csv.gz"
    expect_grep "$f.csv.gz:[0-9]*: corrupt or truncated gzip data: truncated" "$T/err" "$f.csv.gz says truncated"
    no_imports "$f.csv.gz"
done
for f in badcrc badsize; do
    run import "$W/$f.csv.gz"
    expect_rc 3 "$f.csv.gz"
    expect_grep "$f.csv.gz:[0-9]*: corrupt or truncated gzip data: corrupt (incorrect" "$T/err" "$f.csv.gz says corrupt"
    no_imports "$f.csv.gz"
done

# --- item 14: a 10-byte (header only) or 2-byte gzip is truncated, not empty
for f in ten two; do
    run import "$W/$f.csv.gz"
    expect_rc 3 "$f.csv.gz"
    expect_grep "gzip data: truncated" "$T/err" "$f.csv.gz says truncated"
    expect_no_grep "empty file" "$T/err" "$f.csv.gz is not called empty"
    no_imports "$f.csv.gz"
done

# --- the other importers reading through the same reader
run import "$W/cut_metrics_small.csv.gz"
expect_rc 3 "truncated metrics CSV"
expect_grep "cut_metrics_small.csv.gz: corrupt or truncated gzip data: truncated" "$T/err" "metrics CSV says truncated"
run import "$W/cut_metrics_vm1.json.gz"
expect_rc 3 "truncated metrics JSON"
expect_grep "cut_metrics_vm1.json.gz: corrupt or truncated gzip data: truncated" "$T/err" "metrics JSON says truncated"
run import "$W/cut_prices_page.json.gz"
expect_rc 3 "truncated prices JSON"
expect_grep "cut_prices_page.json.gz: corrupt or truncated gzip data: truncated" "$T/err" "prices JSON says truncated"
no_imports "truncated metrics and prices"
run budget --input "$W/cut_budget_monthly.csv.gz" --fiscal-year 2027 --as-of 2026-04-30
expect_rc 3 "truncated budget input"
expect_grep "gzip data: truncated" "$T/err" "budget input says truncated"
run forecast --input "$W/cut_m3_sample.csv.gz" --horizon 6
expect_rc 3 "truncated series input"
expect_grep "gzip data: truncated" "$T/err" "series input says truncated"
# the complete gzip files still work
run import "$W/metrics_small.csv.gz" "$W/prices_page.json.gz"
expect_rc 0 "complete metrics and prices gzip"

# --- concatenated members are one valid gzip file
fresh_db
run import "$W/multi.csv.gz"
expect_rc 0 "two gzip members"
expect_grep "2200 rows" "$T/err" "every row of both members"
expect_close "$(dbsum 0)" "$TOTAL" "two members: exact total"

# --- item 12: pipes, FIFOs and stdin
fresh_db
run import <(cat "$W/big.csv")
expect_rc 0 "import <(cat file)"
expect_grep "2200 rows, ea actual" "$T/err" "pipe: format detected from the header"
expect_close "$(dbsum 0)" "$TOTAL" "pipe: exact total"
expect_eq "$(dbq "SELECT sha256 FROM imports")" "$(sha256sum "$W/big.csv" | cut -d' ' -f1)" "pipe: the digest of the bytes read is recorded"
run import <(cat "$W/big.csv")
expect_rc 0 "same bytes through a pipe again"
expect_grep "already imported, nothing changed" "$T/err" "pipe re-import detected"
run import "$W/big.csv"
expect_rc 0 "the same bytes as a file"
expect_grep "already imported, nothing changed" "$T/err" "file after pipe: re-import detected"
expect_eq "$(dbq "SELECT COUNT(*) FROM imports")" "1" "one import record"
expect_close "$(dbsum 0)" "$TOTAL" "re-imports leave the total"
run import - <"$W/big.csv.gz"
expect_rc 0 "gzip on stdin"
expect_grep "replaced 2200 older rows" "$T/err" "stdin gzip: other bytes (hashed as given), same rows: replaces"
fresh_db
run import - <"$W/big.csv.gz"
expect_rc 0 "import - < file.gz"
expect_grep " stdin: 2200 rows" "$T/err" "stdin is named 'stdin'"
expect_close "$(dbsum 0)" "$TOTAL" "stdin gzip: exact total"
run import "$W/big.csv.gz"
expect_rc 0 "file after stdin"
expect_grep "already imported" "$T/err" "file after stdin: re-import detected"
fresh_db
mkfifo "$W/fifo"
timeout 60 sh -c 'cat "$1" >"$2"' _ "$W/half.csv.gz" "$W/fifo" &
timeout 60 "$YOSAN" import "$W/fifo" >"$T/out" 2>"$T/err"; RC=$?
wait
expect_rc 3 "truncated gzip through a FIFO"
expect_grep "gzip data: truncated" "$T/err" "FIFO: truncated"
no_imports "truncated FIFO"
run import <(cat "$D/metrics_small.csv") <(cat "$D/metrics_vm1.json") <(cat "$D/prices_page.json")
expect_rc 0 "metrics CSV, metrics JSON and prices through pipes"
expect_grep "metrics, " "$T/err" "pipe: metrics recognised"
expect_grep "retail prices" "$T/err" "pipe: prices recognised"
run import <(cat "$D/metrics_small.csv") "$D/metrics_vm1.json" <(cat "$D/prices_page.json")
expect_rc 0 "again"
expect_eq "$(grep -c "already imported" "$T/err")" "3" "pipe re-imports of metrics and prices detected"
run import - - <"$D/EA_ActualCost_Small.csv"
expect_rc 2 "stdin twice is a usage error"

# --- item 9: one record or field over the limit is refused while read
LIMIT=67108864
# peak RSS bound: the limit plus overhead; AddressSanitizer keeps freed
# blocks in quarantine and shadows memory, so it gets more room
MAXRSS=196608
ldd "$YOSAN" 2>/dev/null | grep -q libasan && MAXRSS=524288
gen_long() { # gen_long WHERE BYTES: an EA export with one field of BYTES bytes
    python3 - "$D/EA_ActualCost_Small.csv" "$1" "$2" <<'PY'
import csv, io, os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # the reader may stop early
src, where, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(src, "rb").read().splitlines(keepends=True)
out = sys.stdout.buffer
block = b"x" * (1 << 20)
def blob(n):
    while n > 0:
        out.write(block[: min(n, len(block))])
        n -= len(block)
if where == "header":
    blob(size)
    out.write(b"," + lines[0])
else:
    out.write(lines[0])
    hdr = next(csv.reader(io.StringIO(lines[0].decode("utf-8-sig"))))
    row = next(csv.reader(io.StringIO(lines[1].decode())))
    i = hdr.index("Tags")
    pre = ",".join('"%s"' % v.replace('"', '""') for v in row[:i])
    post = ",".join('"%s"' % v.replace('"', '""') for v in row[i + 1:])
    out.write(pre.encode() + b',"')
    blob(size)
    out.write(b'",' + post.encode() + b"\n")
PY
}
rss_run() { # rss_run ARGS...: like run, peak RSS in KiB in $RSS
    timeout 120 /usr/bin/time -f "%M" -o "$T/rss" "$YOSAN" "$@" >"$T/out" 2>"$T/err"; RC=$?
    RSS=$(tail -1 "$T/rss")
}
fresh_db
gen_long row $((LIMIT + 1)) >"$W/longfield.csv"
rss_run import "$W/longfield.csv"
expect_rc 3 "field over the limit"
expect_grep "longfield.csv:2: field 'Tags': longer than $LIMIT bytes" "$T/err" "long field: file, line, field and limit"
[ "$RSS" -lt $MAXRSS ] && ok || fail "long field: peak RSS $RSS KiB, expected under $MAXRSS KiB"
no_imports "long field"
# a 512 MiB header line through a pipe: refused once 64 MiB are read
rss_run import <(gen_long header $((512 << 20)))
expect_rc 3 "header line over the limit"
expect_grep "/dev/fd/[0-9]*:1: field 1: longer than $LIMIT bytes" "$T/err" "long header: line and field"
[ "$RSS" -lt $MAXRSS ] && ok || fail "long header (512 MiB): peak RSS $RSS KiB, expected under $MAXRSS KiB"
python3 - "$LIMIT" >"$W/longmetrics.csv" <<'PY'
import sys
out = sys.stdout.buffer
out.write(b"resource_id,timestamp,metric,value\n/subscriptions/x/vm1,2025-04-01T00:00:00Z,")
out.write(b"m" * (int(sys.argv[1]) + 1))
out.write(b",1\n")
PY
rss_run import "$W/longmetrics.csv"
expect_rc 3 "metrics field over the limit"
expect_grep "longmetrics.csv:2: field 'metric': longer than $LIMIT bytes" "$T/err" "long metrics field: file, line, field"
[ "$RSS" -lt $MAXRSS ] && ok || fail "long metrics field: peak RSS $RSS KiB, expected under $MAXRSS KiB"
no_imports "long metrics field"

finish
