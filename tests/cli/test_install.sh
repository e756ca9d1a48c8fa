# test_install.sh - `make install DESTDIR=... PREFIX=/usr` (issue 20 item 1)
# puts a working yosan and its manual page under DESTDIR and nothing
# elsewhere; the page lists every command of `yosan help` and carries the
# binary's version; `make uninstall` takes both away again; `cmake --install`
# honours DESTDIR and --prefix the same way. Builds in the shared build tree,
# so it holds the ctest resource lock build-tree (tests/CMakeLists.txt).
. "$(dirname "$0")/lib.sh"
skip_on_pg "installs the binary and opens a SQLite file"
SRC=$TEST_SRC_DIR
BIN=$TEST_BIN_DIR
D="$T/dest"

make -C "$SRC" install BUILD="$BIN" DESTDIR="$D" PREFIX=/usr >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "make install DESTDIR PREFIX=/usr"
Y="$D/usr/bin/yosan"
MAN="$D/usr/share/man/man1/yosan.1"
[ -x "$Y" ] && ok || fail "the binary is installed at \$DESTDIR/usr/bin/yosan"
[ -f "$MAN" ] && ok || fail "the manual page is installed at \$DESTDIR/usr/share/man/man1/yosan.1"
expect_eq "$(find "$D" -type f | sed "s|^$D||" | sort | tr '\n' ' ')" "/usr/bin/yosan /usr/share/man/man1/yosan.1 " \
    "exactly the binary and the page"
expect_eq "$(sort "$BIN/install_manifest.txt" | tr '\n' ' ')" "/usr/bin/yosan /usr/share/man/man1/yosan.1 " \
    "cmake's manifest (paths without DESTDIR)"

# the installed binary works on its own
VERSION=$("$Y" --version); RC=$?
expect_rc 0 "installed yosan --version"
expect_eq "$VERSION" "$("$YOSAN" --version)" "the version of the build"
"$Y" help >"$T/help" 2>&1; RC=$?
expect_rc 0 "installed yosan help"
expect_grep '^  budget ' "$T/help" "help lists the commands"
"$Y" --db "$T/i.db" holidays --year 2026 --format csv >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "installed yosan runs a command"
expect_grep '2026-01-01' "$T/out" "and prints its result"

# the manual page: the version, every command, well-formed
cmp -s "$MAN" "$SRC/docs/yosan.1" && ok || fail "the page is docs/yosan.1"
expect_grep "^\.TH YOSAN 1 .*\"$VERSION\"" "$MAN" ".TH carries '$VERSION'"
CMDS=$(sed -n '/^Commands:/,/^$/p' "$T/help" | awk 'NF > 1 { print $1 }')
[ -n "$CMDS" ] && ok || fail "commands read from yosan help"
for c in $CMDS; do expect_grep "^\.B $c\$" "$MAN" "the page lists '$c'"; done
expect_grep 'yosan help' "$MAN" "the page points to yosan help COMMAND"
if command -v groff >/dev/null; then
    groff -man -ww -z -Tutf8 "$MAN" >"$T/groff" 2>&1
    expect_eq "$(cat "$T/groff")" "" "groff -man -ww has no warning"
fi

# the default prefix is /usr/local
make -n -C "$SRC" install BUILD="$BIN" >"$T/out" 2>&1
expect_grep 'cmake --install .* --prefix "/usr/local"' "$T/out" "PREFIX defaults to /usr/local"

make -C "$SRC" uninstall BUILD="$BIN" DESTDIR="$D" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "make uninstall"
[ ! -e "$Y" ] && [ ! -e "$MAN" ] && ok || fail "make uninstall DESTDIR removes the binary and the page"
expect_grep "$D/usr/bin/yosan" "$T/out" "under DESTDIR, not /usr"

DESTDIR="$T/d2" cmake --install "$BIN" --prefix /opt/yosan >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "cmake --install with DESTDIR"
"$T/d2/opt/yosan/bin/yosan" --version >"$T/out" 2>&1; RC=$?
expect_rc 0 "cmake --install: the binary under DESTDIR/prefix"
[ -f "$T/d2/opt/yosan/share/man/man1/yosan.1" ] && ok || fail "cmake --install: the page under DESTDIR/prefix"
finish
