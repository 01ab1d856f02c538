#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Redis down while syslog keeps arriving over TCP (SPEC section 4): the
# collector keeps counting in memory, reconnects with back-off when Redis
# returns and delivers everything; a followed file pauses and resumes from
# its committed position. TCP loses nothing, so the totals are exact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis yes
# Durable commits: with appendfsync everysec a SIGKILLed Redis may lose its
# last second, which files survive (they rewind) but socket counts cannot.
redis-cli -s "$SOCK" config set appendfsync always >/dev/null
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 60000 --seed 31 \
    --out "$TMP/fw.log" --truth "$TMP/fw.truth" 2>/dev/null
"$TTGEN" --kind netfilter --from 2018-02-03T00:00:00Z --to 2018-02-04T00:00:00Z --lines 20000 --seed 32 \
    --out "$TMP/file.log" --truth "$TMP/file.truth" 2>/dev/null
split -n l/3 -d "$TMP/fw.log" "$TMP/part"
head -n 10000 "$TMP/file.log" >"$TMP/followed.log"
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --flush-interval 50 --follow \
    --scan-interval 100 tcp://127.0.0.1:0 "$TMP/followed.log" 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err" || fail "no listener: $(cat "$TMP/err")"
port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err")
n0=$("$HELPERS/netsend" tcp "$port" "$TMP/part00" 10)
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live}:collector:t' lines_total)\" -ge $((n0 + $(wc -l <"$TMP/followed.log"))) ] 2>/dev/null" ||
    fail "first part not counted"
kill -9 "$REDIS_PID"; REDIS_PID=""
n1=$("$HELPERS/netsend" tcp "$port" "$TMP/part01" 10)     # counted in memory
tail -n +10001 "$TMP/file.log" >>"$TMP/followed.log"  # the file waits
sleep 1
kill -0 "$cpid" || fail "collector died during the outage: $(cat "$TMP/err")"
start_redis yes
redis-cli -s "$SOCK" config set appendfsync always >/dev/null
n2=$("$HELPERS/netsend" tcp "$port" "$TMP/part02" 10)
want=$((n0 + n1 + n2 + $(wc -l <"$TMP/file.log")))
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live}:collector:t' lines_total)\" -ge $want ] 2>/dev/null" ||
    fail "counted $(health lines_total) of $want (tcp $((n0 + n1 + n2)): $n0 $n1 $n2; by day: $(for d in 01 02 03 04; do
        redis-cli -s "$SOCK" hget "tt:1:{live}:d:201802$d" lines_total; done | tr '\n' ' '))"
kill -TERM "$cpid"
wait "$cpid" || fail "collector exit: $(cat "$TMP/err")"
grep -q "live sources counting in memory" "$TMP/err" || fail "outage not reported: $(cat "$TMP/err")"
grep -q "Redis is back" "$TMP/err" || fail "no reconnect: $(cat "$TMP/err")"
for m in lines_total attacks_blocked connections_allowed lines_unparsed; do
    a=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/fw.truth" "$m")
    b=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/file.truth" "$m")
    assert_eq "$m" "$((a + b))" "$(total "$m")"
done
echo "outage ok"
