#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# UDP syslog beyond what the host takes (SPEC section 4, at most once with
# losses measured): the collector is stopped (SIGSTOP) while a third of the
# datagrams arrive, so its small receive buffer overflows for sure, then the
# rest is sent flat out. Every datagram sendto() accepted is either counted
# or in lines_dropped: sent = lines_total + lines_dropped, exactly. Then the
# same lines over a unix datagram socket: exact counts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 150000 --seed 9 \
    --out "$TMP/fw.log" --truth "$TMP/fw.truth" 2>/dev/null
head -n 50000 "$TMP/fw.log" >"$TMP/part1"
tail -n +50001 "$TMP/fw.log" >"$TMP/part2"
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --flush-interval 100 \
    --udp-rcvbuf 65536 udp://127.0.0.1:0 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err" || fail "no listener: $(cat "$TMP/err")"
port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err")
kill -STOP "$cpid"
s1=$("$HELPERS/netsend" udp "$port" "$TMP/part1")
kill -CONT "$cpid"
s2=$("$HELPERS/netsend" udp "$port" "$TMP/part2")
sent=$((s1 + s2))
# Everything sendto() accepted is now queued in the socket or dropped: the
# final drain at SIGTERM reads the queue and the kernel's drop counter.
kill -TERM "$cpid"
wait "$cpid" || fail "collector failed: $(cat "$TMP/err")"
counted=$(total lines_total)
dropped=$(total lines_dropped)
echo "sent $sent: counted $counted, dropped $dropped"
assert_eq "sent = counted + dropped" "$sent" "$((counted + dropped))"
[ "$dropped" -gt 0 ] || fail "no drops although the collector was stopped: the test proved nothing"
[ "$counted" -gt 0 ] || fail "nothing counted"
assert_eq "health lines_dropped" "$dropped" "$(health lines_dropped)"

# unix:PATH datagram socket: a blocking sender loses nothing, so every
# metric is exact.
redis-cli -s "$SOCK" flushall >/dev/null
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --flush-interval 100 \
    "unix:$TMP/log.sock" 2>"$TMP/err2" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for test -S "$TMP/log.sock" || fail "no unix socket: $(cat "$TMP/err2")"
n=$("$HELPERS/netsend" unix "$TMP/log.sock" "$TMP/fw.log")
kill -TERM "$cpid"
wait "$cpid" || fail "collector failed: $(cat "$TMP/err2")"
assert_eq "unix datagrams sent" "$(wc -l <"$TMP/fw.log")" "$n"
check_truth "$TMP/fw.truth"
echo "udp ok"
