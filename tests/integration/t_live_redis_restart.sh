#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Redis killed (SIGKILL) and restarted from its append-only file twice in
# the middle of an ingest: the collector pauses the file, reconnects with
# back-off, rewinds to whatever position Redis kept (the AOF may have lost
# its last second: counts and positions together) and ends with exact counts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis yes
redis-cli -s "$SOCK" config set appendfsync everysec >/dev/null
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-03T00:00:00Z --lines 600000 --seed 5 \
    --junk-permille 2 --out "$TMP/fw.log" --truth "$TMP/fw.truth" 2>/dev/null
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --flush-interval 20 --stats \
    "$TMP/fw.log" 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
for round in 1 2; do
    # wait until some counts are committed, then kill Redis mid-ingest
    wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live}:collector:t' lines_total 2>/dev/null)\" -gt $((round * 100000)) ] 2>/dev/null" ||
        fail "collector made no progress"
    kill -9 "$REDIS_PID"
    REDIS_PID=""
    sleep 0.5
    kill -0 "$cpid" 2>/dev/null || fail "collector exited while Redis was down"
    start_redis yes
done
wait "$cpid" || fail "collector failed: $(cat "$TMP/err")"
grep -q "file sources paused" "$TMP/err" || fail "outage not noticed: $(cat "$TMP/err")"
grep -q "Redis is back" "$TMP/err" || fail "no reconnect: $(cat "$TMP/err")"
grep "reconnects" "$TMP/err"
check_truth "$TMP/fw.truth"
echo "redis restart ok"
