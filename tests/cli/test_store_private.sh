#!/bin/bash
# test_store_private.sh - "only the store speaks SQL" enforced by the build:
# a file outside engine/store/ that includes the store's private header (or
# the statement layer's sdb.h) does not compile, while the public store
# headers do (same include paths); and no
# source outside engine/store/ (tests aside, which may inspect a database
# file) includes sqlite3.h or libpq-fe.h.
. "$(dirname "$0")/lib.sh"
skip_on_pg "checks the source layering (which files see sqlite3.h / libpq-fe.h), nothing on a database"
: "${TEST_BIN_DIR:?}"

if cmake --build "$TEST_BIN_DIR" --target layer_probe_public >"$T/pub" 2>&1; then ok
else fail "public store headers must compile from outside engine/store: $(tail -5 "$T/pub")"; fi

if cmake --build "$TEST_BIN_DIR" --target layer_probe_private >"$T/priv" 2>&1; then
    fail "store_internal.h compiled from outside engine/store/"
else
    expect_grep 'store_internal.h' "$T/priv" "the private build fails on the private header"
fi

if cmake --build "$TEST_BIN_DIR" --target layer_probe_private_sdb >"$T/sdb" 2>&1; then
    fail "sdb.h (the store's statement layer) compiled from outside engine/store/"
else
    expect_grep 'sdb.h' "$T/sdb" "the private build fails on the statement layer's header"
fi

cd "$TEST_SRC_DIR" || exit 1
bad=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"](sqlite3|libpq-fe)\.h' \
          engine importers models reports examples 2>/dev/null | grep -v '^engine/store/' || true)
expect_eq "$bad" "" "sqlite3.h/libpq-fe.h included outside engine/store/"
finish
