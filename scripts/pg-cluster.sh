#!/bin/bash
# pg-cluster.sh - a throwaway PostgreSQL cluster for tests (issue 19): initdb
# into a temporary directory as a non-root user, listening on 127.0.0.1 only
# on a free port, its unix socket in its own directory, password (SCRAM)
# authentication for the test role, whose password is only ever in files:
# a PGPASSFILE (mode 0600) and never in argv or the environment.
#
# Usage: scripts/pg-cluster.sh start DIR   initdb + start; writes DIR/env
#        scripts/pg-cluster.sh env DIR     print the shell lines to use it:
#            export PGSERVICEFILE=DIR/pg_service.conf PGPASSFILE=DIR/pgpass
#            export YOSAN_TEST_PG='service=yosan_test'
#        scripts/pg-cluster.sh stop DIR    stop it and delete its data
#
# DIR is the caller's (created when missing). As root, the cluster runs as
# user nobody (PostgreSQL refuses root) in a data directory of its own under
# ${TMPDIR:-/tmp}, recorded in DIR/datadir. Exit 77 when the PostgreSQL
# server binaries are missing (Debian: apt-get install postgresql), so a
# test can report SKIP. PG_BINDIR overrides where initdb/pg_ctl are looked
# for (default: the newest /usr/lib/postgresql/*/bin, else PATH).
set -eu

die() { echo "pg-cluster: $*" >&2; exit 1; }

find_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
    d=$(command -v initdb 2>/dev/null || true)
    [ -n "$d" ] && dirname "$d"
}

# as_owner CMD...: run as the cluster's user (nobody when we are root)
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

free_port() {
    local p tries=0
    while [ $tries -lt 50 ]; do
        p=$((20000 + RANDOM % 40000))
        if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return; fi
        tries=$((tries + 1))
    done
    die "no free port found"
}

start() {
    local dir=$1 bindir data port pw
    bindir=$(find_bindir)
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
        echo "pg-cluster: PostgreSQL server binaries not found (install Debian's postgresql" \
             "package, or set PG_BINDIR)" >&2
        exit 77
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ ! -e "$dir/datadir" ] || die "$dir already has a cluster (stop it first)"
    if [ "$(id -u)" -eq 0 ]; then
        id nobody >/dev/null 2>&1 || die "running as root and there is no user nobody to run it"
        data=$(mktemp -d "${TMPDIR:-/tmp}/yosan-pg.XXXXXX")
        chown nobody "$data"
    else
        data="$dir/data"
        mkdir -p "$data"
    fi
    chmod 700 "$data"
    echo "$data" >"$dir/datadir"
    # the password: random, written to files only (mode 0600)
    pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')
    (umask 077 && printf '%s\n' "$pw" >"$data/pwfile")
    [ "$(id -u)" -ne 0 ] || chown nobody "$data/pwfile"
    as_owner "$bindir/initdb" -D "$data/pgdata" -U yosan --pwfile="$data/pwfile" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --no-locale \
        >"$dir/initdb.log" 2>&1 || { rm -f "$data/pwfile"; die "initdb failed: $(tail -5 "$dir/initdb.log")"; }
    rm -f "$data/pwfile"
    local ok=0 tries=0
    while [ $ok -eq 0 ] && [ $tries -lt 5 ]; do
        port=$(free_port)
        if as_owner "$bindir/pg_ctl" -D "$data/pgdata" -l "$data/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c fsync=off" \
            start >"$dir/pg_ctl.log" 2>&1; then ok=1; fi
        tries=$((tries + 1))
    done
    [ $ok -eq 1 ] || die "server did not start: $(tail -5 "$data/server.log" 2>/dev/null)"
    (umask 077 && printf '127.0.0.1:%s:*:yosan:%s\n' "$port" "$pw" >"$dir/pgpass")
    cat >"$dir/pg_service.conf" <<EOF
[yosan_test]
host=127.0.0.1
port=$port
dbname=yosan
user=yosan
connect_timeout=10
EOF
    cat >"$dir/env" <<EOF
export PGSERVICEFILE='$dir/pg_service.conf'
export PGPASSFILE='$dir/pgpass'
export YOSAN_TEST_PG='service=yosan_test'
EOF
    echo "$bindir" >"$dir/bindir"
    PGSERVICEFILE="$dir/pg_service.conf" PGPASSFILE="$dir/pgpass" \
        "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "service=yosan_test dbname=postgres" \
        -c "CREATE DATABASE yosan" >"$dir/createdb.log" 2>&1 ||
        die "cannot create database yosan: $(cat "$dir/createdb.log")"
    echo "pg-cluster: PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $NF}') on 127.0.0.1:$port (data $data)" >&2
}

stop() {
    local dir=$1 data bindir
    [ -f "$dir/datadir" ] || die "no cluster in $dir"
    data=$(cat "$dir/datadir")
    bindir=$(cat "$dir/bindir" 2>/dev/null || find_bindir)
    if [ -d "$data/pgdata" ]; then
        as_owner "$bindir/pg_ctl" -D "$data/pgdata" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    case "$data" in
    */yosan-pg.* | "$dir/data") rm -rf "$data" ;;
    esac
    rm -f "$dir/datadir" "$dir/pgpass" "$dir/bindir"
}

[ $# -eq 2 ] || { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
case "$1" in
start) start "$2" ;;
stop) stop "$2" ;;
env) [ -f "$2/env" ] || die "no cluster in $2"; cat "$2/env" ;;
*) die "unknown command '$1' (start | stop | env)" ;;
esac
