#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Running as a service: the INI config file covers the options (the
# command line wins), --check-config validates without touching anything,
# mistakes are usage errors naming file and line; the Redis password and an
# ACL user come from the config file, never argv; --user drops root after
# the socket is bound; the collector's health hash is written; SIGHUP
# reloads the file sources of the config file; SIGTERM ends it with a final
# flush; sd_notify READY/STOPPING.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
C=$COLLECTOR

# --check-config on the shipped example
out=$("$C" --config "$TT_SRCDIR/dist/collector.conf" --check-config)
grep -q "configuration OK: 2 file source(s), 2 live source(s), site example-site" <<<"$out" || fail "check-config: $out"

# mistakes: exit 2, one line naming file:line
printf '[collector]\nsite = a\nsit = b\n' >"$TMP/bad.conf"
set +e
err=$("$C" --config "$TMP/bad.conf" --check-config 2>&1); rc=$?
set -e
assert_eq "bad key exit" 2 "$rc"
grep -q "bad.conf:3: unknown setting 'sit' (did you mean 'site'?)" <<<"$err" || fail "message: $err"
printf '[output]\n' >"$TMP/bad2.conf"
set +e
err=$("$C" --config "$TMP/bad2.conf" x 2>&1); rc=$?
set -e
assert_eq "bad section exit" 2 "$rc"

# Redis with an ACL user and a password given only in the config file
port=$((20000 + RANDOM % 30000))
for _ in 1 2 3 4 5; do
    redis-server --port "$port" --bind 127.0.0.1 --save '' --daemonize yes --dir "$TMP" \
        --pidfile "$TMP/acl.pid" --logfile "$TMP/acl.log" >/dev/null && sleep 0.3 &&
        redis-cli -p "$port" ping >/dev/null 2>&1 && break
    port=$((20000 + RANDOM % 30000))
done
trap 'kill "$(cat "$TMP/acl.pid" 2>/dev/null)" 2>/dev/null; for p in "${LIVE_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; cleanup' EXIT
redis-cli -p "$port" ACL SETUSER tt on '>s3cret-pw' '~tt:*' resetchannels -@all +@read +@write +@transaction \
    +@connection +@hyperloglog +eval +client\|list +client\|kill >/dev/null
REDIS_URL="redis://127.0.0.1:$port"
printf 'Feb  1 00:00:01 gw kernel: DROP IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.1 PROTO=TCP SPT=1 DPT=22\n' >"$TMP/one.log"
cat >"$TMP/c.conf" <<CONF
# test config
[collector]
redis = redis://tt@127.0.0.1:$port
redis-password = "s3cret-pw"
site = live
instance = t
tz = UTC
year = 2018
flush-interval = 50
$([ "$(id -u)" = 0 ] && echo "user = nobody")
source = udp://127.0.0.1:0
source = $TMP/one.log
CONF
chmod 644 "$TMP/c.conf" "$TMP/one.log"
chmod 755 "$TMP"
NOTIFY="$TMP/notify.sock"
have_py=0
command -v python3 >/dev/null 2>&1 && have_py=1
[ "$have_py" = 1 ] && python3 - "$NOTIFY" >"$TMP/notify.out" 2>/dev/null <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1])
while True:
    m = s.recv(4096).decode(); print(m.replace("\n", " "), flush=True)
    if "STOPPING" in m: break
PY
npid=$!
if [ "$have_py" = 1 ]; then
    for _ in $(seq 1 50); do [ -S "$NOTIFY" ] && break; sleep 0.1; done
    chmod 777 "$NOTIFY"
fi
NOTIFY_SOCKET="$NOTIFY" "$C" --config "$TMP/c.conf" --follow 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err" || fail "no listener: $(cat "$TMP/err")"
wait_for bash -c "[ \"\$(redis-cli -p $port --user tt --pass s3cret-pw --no-auth-warning hget 'tt:1:{live}:collector:t' lines_total)\" = 1 ]" ||
    fail "file line not counted: $(cat "$TMP/err")"
if [ "$(id -u)" = 0 ]; then
    assert_eq "runs as nobody" "$(id -u nobody)" "$(awk '/^Uid:/ {print $2}' "/proc/$cpid/status")"
fi
grep -q s3cret "/proc/$cpid/cmdline" && fail "password on the command line"
grep -q "refuses CLIENT" "$TMP/err" && fail "ACL user could not fence: $(cat "$TMP/err")"
# SIGHUP reloads the file sources of the config file
printf 'Feb  1 00:00:03 gw kernel: DROP IN=eth0 OUT= SRC=203.0.113.11 DST=10.0.0.1 PROTO=TCP SPT=1 DPT=22\n' >"$TMP/two.log"
chmod 644 "$TMP/two.log"
echo "source = $TMP/two.log" >>"$TMP/c.conf"
kill -HUP "$cpid"
wait_for bash -c "[ \"\$(redis-cli -p $port --user tt --pass s3cret-pw --no-auth-warning hget 'tt:1:{live}:collector:t' lines_total)\" = 2 ]" ||
    fail "reloaded source not read: $(cat "$TMP/err")"
grep -q "reloaded .*: 2 file source(s)" "$TMP/err" || fail "reload not reported: $(cat "$TMP/err")"
kill -0 "$cpid" || fail "SIGHUP ended the collector"
port2=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err")
printf '<13>Feb  1 00:00:02 gw kernel: DROP IN=eth0 OUT= SRC=203.0.113.10 DST=10.0.0.1 PROTO=TCP SPT=1 DPT=22' >"$TMP/dgram"
"$HELPERS/netsend" udp "$port2" "$TMP/dgram" >/dev/null 2>&1
kill -TERM "$cpid"
wait "$cpid" || fail "collector exit: $(cat "$TMP/err")"
if [ "$have_py" = 1 ]; then
    wait "$npid" 2>/dev/null || true
    grep -q "READY=1" "$TMP/notify.out" || fail "no READY: $(cat "$TMP/notify.out")"
    grep -q "STOPPING=1" "$TMP/notify.out" || fail "no STOPPING"
fi
got=$(THREATTALLY_REDIS_PASSWORD=s3cret-pw "$AGGREGATOR" --redis "redis://tt@127.0.0.1:$port" --site live --tz UTC \
    query attacks_blocked --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --json)
assert_eq "two files + datagram (final flush)" 3 "$(json_value value "$got")"
r() { redis-cli -p "$port" --user tt --pass s3cret-pw --no-auth-warning "$@"; }
for f in seq last_flush lag_s lines_total lines_dropped redis_reconnects sockets; do
    [ -n "$(r hget 'tt:1:{live}:collector:t' "$f")" ] || fail "health field $f missing"
done
echo "config ok"
