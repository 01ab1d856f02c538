#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 16, the collector's tcp:// source under attack, on loopback:
#  - 200 peers trickling a byte a second from 10 addresses (20 s) against
#    --tcp-max-connections 50: a real sender's lines are all counted, exactly
#    (its attacks and allowed connections equal the generator's truth);
#  - out of descriptors (a small `ulimit -n`, files followed, connections
#    held open): the listener backs off instead of spinning, says so once,
#    and the collector's CPU time stays far below the wall time.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 20000 --seed 23 \
    --out "$TMP/fw.log" --truth "$TMP/fw.truth" 2>/dev/null

"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --flush-interval 100 \
    --tcp-max-connections 50 tcp://127.0.0.1:0 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err" || fail "no listener: $(cat "$TMP/err")"
port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err")
"$HELPERS/slowpeer" "$port" 200 20 syslog 10 >"$TMP/slow.out" &
slow=$!
sleep 4 # the trickling peers fill every slot and are past the grace period
sent=$("$HELPERS/netsend" tcp "$port" "$TMP/fw.log" 4)
assert_eq "lines sent" "$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/fw.truth" lines_total)" "$sent"
wait "$slow"
cat "$TMP/slow.out"
grep -q "refused\|reconnects [1-9]\|[1-9][0-9]* reconnects" "$TMP/slow.out" || fail "the limit was never reached"
kill -TERM "$cpid"
wait "$cpid" || fail "collector failed: $(cat "$TMP/err")"
cat "$TMP/err"
for m in attacks_blocked connections_allowed; do
    assert_eq "$m of the real sender" "$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/fw.truth" "$m")" \
        "$(total "$m")"
done

# ---- out of descriptors ----------------------------------------------------
mkdir -p "$TMP/logs"
for i in $(seq 1 70); do : >"$TMP/logs/f$i.log"; done
(ulimit -n 100 && exec "$COLLECTOR" --redis "$REDIS_URL" --site fd --instance t --tz UTC --year 2018 \
    --flush-interval 100 --follow "$TMP/logs/*.log" tcp://127.0.0.1:0) 2>"$TMP/err2" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err2" || fail "no listener: $(cat "$TMP/err2")"
port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err2")
sleep 1
"$HELPERS/slowpeer" "$port" 60 8 hold 10 >"$TMP/hold.out" &
hold=$!
sleep 2
cpu() { awk '{ print $14 + $15 }' "/proc/$cpid/stat"; }
t0=$(cpu)
sleep 5
t1=$(cpu)
ticks=$((t1 - t0))
hz=$(getconf CLK_TCK)
echo "measured: collector CPU over 5 s out of descriptors: $ticks ticks ($hz per second)"
wait "$hold"
grep -q "out of file descriptors" "$TMP/err2" || fail "EMFILE never hit (or not said): $(cat "$TMP/err2")"
assert_eq "said once" 1 "$(grep -c "out of file descriptors" "$TMP/err2")"
# a spinning loop burns ~5 s of CPU here; backing off, a few hundredths
[ "$ticks" -lt $((hz * 2)) ] || fail "collector spun: $ticks ticks of CPU in 5 s"
printf 'Feb  1 00:00:00 fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.1 PROTO=TCP SPT=4 DPT=22\n' \
    >"$TMP/one.log"
assert_eq "a sender after the storm" 1 "$("$HELPERS/netsend" tcp "$port" "$TMP/one.log" 1)"
kill -TERM "$cpid"
# files that could not be opened while descriptors ran out are named and
# make the exit 1 (nothing counted silently); a crash would be >= 128
set +e
wait "$cpid"; rc=$?
set -e
[ "$rc" -lt 128 ] || fail "collector crashed ($rc): $(cat "$TMP/err2")"
echo "ok: collector exit $rc"
echo "live limits ok"
