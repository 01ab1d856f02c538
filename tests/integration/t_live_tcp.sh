#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# TCP syslog: 100 concurrent connections, half RFC 6587 octet counting and
# half newline framing, frames cut at arbitrary byte boundaries and
# interleaved; meanwhile one client floods 1 MiB without a newline and stays
# connected, and another holds its connection open doing nothing. TCP loses
# nothing: every metric equals the generator's truth (plus the flood's two
# messages: one too_long, one unparsed), and the hogs stall nobody.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 100000 --seed 21 \
    --noise-permille 10 --out "$TMP/fw.log" --truth "$TMP/fw.truth" 2>/dev/null
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --flush-interval 100 \
    tcp://127.0.0.1:0 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err" || fail "no listener: $(cat "$TMP/err")"
port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err")
mkfifo "$TMP/hold1" "$TMP/hold2"
"$HELPERS/netsend" hog "$port" 1048576 <"$TMP/hold1" &
hog=$!
exec 7>"$TMP/hold1"
"$HELPERS/netsend" hog "$port" 0 <"$TMP/hold2" &
idle=$!
exec 8>"$TMP/hold2"
sent=$("$HELPERS/netsend" tcp "$port" "$TMP/fw.log" 100)
want=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/fw.truth" lines_total)
assert_eq "lines sent" "$want" "$sent"
# +3: the flood (too_long), the line after it, and the idle hog's line
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live}:collector:t' lines_total)\" -ge $((want + 3)) ] 2>/dev/null" ||
    fail "counted $(health lines_total) of $((want + 3))"
exec 7>&- 8>&-
wait "$hog" "$idle"
kill -TERM "$cpid"
wait "$cpid" || fail "collector failed: $(cat "$TMP/err")"
assert_eq lines_total "$((want + 3))" "$(total lines_total)"
assert_eq lines_unparsed "$(($(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/fw.truth" lines_unparsed) + 3))" \
    "$(total lines_unparsed)"
for m in attacks_blocked connections_allowed; do
    assert_eq "$m" "$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/fw.truth" "$m")" "$(total "$m")"
done
assert_eq "too_long" 1 "$(json_value too_long "$("$AGGREGATOR" --redis "$REDIS_URL" --site live --tz UTC query lines_unparsed \
    --from 2000-01-01T00:00:00Z --to 2100-01-01T00:00:00Z --by reason --json)")"
assert_eq "lines_dropped" "" "$(total lines_dropped | sed 's/^0$//')"

# At --tcp-max-connections, the slowest peer connected for 2 s or more (here
# a silent one) makes room for a new one: three idle connections cannot lock
# out a real sender.
"$COLLECTOR" --redis "$REDIS_URL" --site live2 --instance t2 --tz UTC --year 2018 --flush-interval 100 \
    --tcp-max-connections 3 tcp://127.0.0.1:0 2>"$TMP/err2" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err2" || fail "no listener"
port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err2")
hogs=()
for k in 1 2 3; do
    mkfifo "$TMP/idle$k"
    "$HELPERS/netsend" hog "$port" 0 <"$TMP/idle$k" &
    hogs+=($!)
    eval "exec $((10 + k))>\"\$TMP/idle$k\""
done
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live2}:collector:t2' lines_total)\" = 3 ] 2>/dev/null" ||
    fail "idle peers not connected"
sleep 11
head -n 10 "$TMP/fw.log" >"$TMP/ten.log"
assert_eq "sender after the idle peers" 10 "$("$HELPERS/netsend" tcp "$port" "$TMP/ten.log" 1)"
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live2}:collector:t2' lines_total)\" = 13 ] 2>/dev/null" ||
    fail "new sender not counted: $(redis-cli -s "$SOCK" hget 'tt:1:{live2}:collector:t2' lines_total)"
exec 11>&- 12>&- 13>&-
wait "${hogs[@]}" 2>/dev/null || true
kill -TERM "$cpid"
wait "$cpid" || fail "collector exit"
echo "tcp ok"
