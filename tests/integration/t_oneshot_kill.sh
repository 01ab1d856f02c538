#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A dropped Redis connection during a one-shot run (docs/COUNTING.md,
# "Delivery"): `CLIENT KILL TYPE normal` at several points of a run over
# two files, the last file included. The run must exit 0 with every line
# counted exactly once, or exit 1 saying what is not committed -- never exit
# 0 with missing counts. The exact reproduction of the report this test was
# written for: one 1.5 M-line netfilter file, the connection killed at
# 60-90 % of the run (it used to exit 0 with 1,179,648 lines counted).
# Then: Redis gone for good during a run with --redis-give-up 1 exits 1 and
# names the file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-03T00:00:00Z --lines 1500000 --seed 71 \
    --junk-permille 1 --out "$TMP/big.log" --truth "$TMP/big.truth" 2>/dev/null
"$TTGEN" --kind mixed --from 2018-02-03T00:00:00Z --to 2018-02-04T00:00:00Z --lines 300000 --seed 72 \
    --out "$TMP/second.log" --truth "$TMP/second.truth" 2>/dev/null
cat "$TMP/big.truth" "$TMP/second.truth" >"$TMP/both.truth"

# clean_run SITE TRUTH FILE...: one run without trouble; sets run_ms to how
# long it took here, so that the kills below land inside a run.
clean_run() {
    local site=$1 truth=$2; shift 2
    local start
    start=$(date +%s%N)
    "$COLLECTOR" --redis "$REDIS_URL" --site "$site" --tz UTC --year 2018 "$@" 2>"$TMP/$site.err" ||
        fail "clean run: $(cat "$TMP/$site.err")"
    run_ms=$((($(date +%s%N) - start) / 1000000))
    echo "a clean run of $* takes $run_ms ms"
    check_truth "$truth" "$site"
}

# kill_at SITE TRUTH "PERCENT..." FILE...: one run (flushing once a second,
# the default), the connection killed at each point of it
kill_at() {
    local site=$1 truth=$2 points=$3; shift 3
    "$COLLECTOR" --redis "$REDIS_URL" --site "$site" --tz UTC --year 2018 "$@" 2>"$TMP/$site.err" &
    local cpid=$! prev=0 p
    for p in $points; do
        sleep "$(awk -v a="$p" -v b="$prev" -v t="$run_ms" 'BEGIN { printf "%.3f", (a - b) * t / 100000 }')"
        redis-cli -s "$SOCK" client kill type normal >/dev/null
        prev=$p
    done
    local rc=0
    wait "$cpid" || rc=$?
    grep -q "Broken pipe\|Connection reset\|Server closed\|EOF" "$TMP/$site.err" ||
        echo "note: the kills at $points % did not reach the collector (it was between flushes)"
    if [ "$rc" = 0 ]; then
        check_truth "$truth" "$site"
    else
        grep -q "not every line is committed" "$TMP/$site.err" ||
            fail "exit $rc without saying what is missing: $(cat "$TMP/$site.err")"
        echo "ok: exit $rc, and it says what is not committed"
    fi
}

# The reported case: one file, killed at 60-90 % of the run; then at its
# very end, where the kill lands in the final flush (which used to exit 1
# after a broken pipe instead of reconnecting and flushing again).
clean_run clean1 "$TMP/big.truth" "$TMP/big.log"
for p in 60 70 80 90 94 96 98; do kill_at "one$p" "$TMP/big.truth" "$p" "$TMP/big.log"; done
# Two files, several kills in one run, the last ones in the last file.
clean_run clean2 "$TMP/both.truth" "$TMP/big.log" "$TMP/second.log"
kill_at two1 "$TMP/both.truth" "50 85" "$TMP/big.log" "$TMP/second.log"
kill_at two2 "$TMP/both.truth" "20 45 70 92" "$TMP/big.log" "$TMP/second.log"

# Redis gone for good: exit 1, naming the file and how far it is committed.
"$COLLECTOR" --redis "$REDIS_URL" --site gone --tz UTC --year 2018 --flush-interval 100 --redis-give-up 1 \
    "$TMP/big.log" "$TMP/second.log" 2>"$TMP/gone.err" &
cpid=$!
sleep "$(awk -v t="$run_ms" 'BEGIN { printf "%.3f", t * 0.3 / 1000 }')"
stop_redis
rc=0
wait "$cpid" || rc=$?
assert_eq "exit status with Redis gone" 1 "$rc"
grep -q "not every line is committed" "$TMP/gone.err" || fail "no summary: $(cat "$TMP/gone.err")"
grep -q "second.log: not read\|big.log: committed up to line" "$TMP/gone.err" || fail "files not named: $(cat "$TMP/gone.err")"
echo "one-shot kill ok"
