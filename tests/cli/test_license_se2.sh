# test_license_se2.sh - on-premises Oracle SE2 only on servers whose maximum
# socket capacity is 2 (issue 21 item 2), through `yosan license` and a
# what-if scenario: 3-socket + 1-socket refused with the rule in words, 2 + 2
# counted, a 4-socket board with one processor refused.
. "$(dirname "$0")/lib.sh"

run license oracle --edition se2 --platform onprem --server-sockets 3:3,1:1
expect_rc 2 "3-socket + 1-socket server refused"
expect_grep 'SE2 may only be licensed on servers with a maximum capacity of 2 sockets' "$T/err" "rule in words"
expect_grep 'server 1 can hold 3 sockets (3 occupied)' "$T/err" "which server"

run license oracle --edition se2 --platform onprem --server-sockets 2:2,2:2
expect_rc 0 "2 + 2 passes"
expect_grep 'processor_licences *4$' "$T/out" "4 occupied sockets = 4 licences"
expect_grep '4 sockets on 2 servers = 4 processor licences' "$T/out" "rule applied"

run license oracle --edition se2 --platform onprem --server-sockets 4:1
expect_rc 2 "capacity counts, not occupancy"
expect_grep 'server 1 can hold 4 sockets (1 occupied)' "$T/err" "4-socket board"

run license oracle --edition se2 --platform onprem --server-sockets 2:1,1 --metric nup --users 5 --format json
expect_rc 0 "half-filled 2-socket server and a bare 1"
expect_grep '"processor_licences": 2' "$T/out" "1 + 1 occupied"
expect_grep '"nup_minimum": 20' "$T/out" "10 NUP per listed server"

# the old total-based options cannot express the servers: refused with the way out
run license oracle --edition se2 --platform onprem --sockets 4 --servers 2
expect_rc 2 "--sockets refused"
expect_grep 'server-sockets CAPACITY:OCCUPIED' "$T/err" "points at --server-sockets"
run license oracle --edition se2 --platform onprem
expect_rc 2 "SE2 on-premises needs the servers"
run license oracle --edition se2 --platform onprem --server-sockets 2:3
expect_rc 2 "occupied above capacity"
run license oracle --edition se2 --platform onprem --server-sockets 2,
expect_rc 2 "trailing comma"
run license oracle --edition se2 --platform onprem --server-sockets 2 --servers 3
expect_rc 2 "--servers with a list"
run license oracle --edition ee --platform onprem --cores 8 --server-sockets 2
expect_rc 2 "--server-sockets is SE2 only"

# scenario items: sockets (occupied, per server) and socket_capacity (default: sockets)
scn() { # scn EXTRA-LINES -> $T/s.yaml
    printf 'name: se2\nstart_fy: 2026\nyears: 1\nusd_jpy: 100\nalternatives:\n  - name: a\n    items:\n      - type: oracle\n        name: db\n        edition: se2\n        platform: onprem\n%s' "$1" >"$T/s.yaml"
}
scn '        count: 2
        sockets: 2
'
run whatif "$T/s.yaml" --format csv
expect_rc 0 "scenario: two 2-socket servers"
scn '        sockets: 1
        socket_capacity: 4
'
run whatif "$T/s.yaml" --format csv
expect_rc 3 "scenario: a 4-socket board is refused"
expect_grep 'maximum capacity of 2 sockets' "$T/err" "scenario rule in words"
scn '        sockets: 2
        socket_capacity: 1
'
run whatif "$T/s.yaml" --format csv
expect_rc 3 "scenario: capacity below occupied"
expect_grep "s.yaml:[0-9]*: field 'socket_capacity'" "$T/err" "file:line field"
finish
