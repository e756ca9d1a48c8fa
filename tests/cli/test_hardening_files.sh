# test_hardening_files.sh - what yosan does to the files around it:
# `report -o` never replaces a device, a FIFO or a symlink (issue 18 item 3).
. "$(dirname "$0")/lib.sh"
D=$TEST_DATA_DIR

run import "$D/EA_ActualCost_Small.csv"
expect_rc 0 "import"

# a device is written through, not replaced by a regular file. The test
# makes its own null device (never the system's /dev/null: a yosan with the
# bug would replace it).
if mknod "$T/null" c 1 3 2>/dev/null; then
    run report summary -f html -o "$T/null"
    expect_rc 0 "report to a null device"
    if [ -c "$T/null" ]; then ok; else fail "the device node was replaced by a regular file"; fi
else
    echo "SKIP: cannot mknod here; the device case is not checked"
fi

# a FIFO is written through: a reader gets the report
mkfifo "$T/fifo"
timeout 20 cat "$T/fifo" >"$T/from-fifo" &
READER=$!
run report summary -f csv -o "$T/fifo"
expect_rc 0 "report into a FIFO"
wait "$READER" 2>/dev/null
if [ -p "$T/fifo" ]; then ok; else fail "the FIFO was replaced"; fi
expect_grep "," "$T/from-fifo" "the reader got the CSV"

# a symlink is refused and left as it was, and so is its target
echo "keep me" >"$T/target.html"
ln -s "$T/target.html" "$T/link.html"
run report summary -o "$T/link.html"
expect_rc 2 "a symlink as -o is refused"
expect_grep "symbolic link" "$T/err" "says why"
if [ -L "$T/link.html" ]; then ok; else fail "the symlink was replaced"; fi
expect_eq "$(cat "$T/target.html")" "keep me" "its target is untouched"
ln -s "$T/nowhere.html" "$T/dangling.html"
run report summary -o "$T/dangling.html"
expect_rc 2 "a dangling symlink is refused too"
if [ -e "$T/nowhere.html" ]; then fail "a file was created through the dangling link"; else ok; fi

# a directory is refused with a clear message
mkdir "$T/dir.html"
run report summary -o "$T/dir.html"
expect_rc 2 "a directory as -o is refused"
expect_grep "directory" "$T/err" "says why"

# a regular file is still replaced whole
echo old >"$T/r.html"
run report summary -o "$T/r.html"
expect_rc 0 "report over a regular file"
expect_grep "<html" "$T/r.html" "replaced by the report"
finish
