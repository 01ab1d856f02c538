#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Collectors never take each other's counts (docs/COUNTING.md, "Collector
# names"). Four collectors of one site on one host, no --instance, four
# different files, all at once: their default names differ (host + a hash
# of the sources), so none fences another and the totals are exact. The
# same site and the same files twice: the second is refused with a message
# naming the holder, and the first goes on undisturbed. A collector killed
# with SIGKILL frees its name at once for a restart on the same machine.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
for i in 1 2 3 4; do
    "$TTGEN" --kind mixed --from 2018-03-0${i}T00:00:00Z --to 2018-03-0$((i + 1))T00:00:00Z --lines 150000 \
        --seed 8$i --out "$TMP/f$i.log" --truth "$TMP/f$i.truth" 2>/dev/null
done
cat "$TMP"/f[1-4].truth >"$TMP/all.truth"
pids=()
for i in 1 2 3 4; do
    "$COLLECTOR" --redis "$REDIS_URL" --site live --tz UTC --year 2018 --flush-interval 100 "$TMP/f$i.log" \
        2>"$TMP/c$i.err" &
    pids+=($!)
done
for i in 0 1 2 3; do
    wait "${pids[$i]}" || fail "collector $((i + 1)) exit $?: $(cat "$TMP/c$((i + 1)).err")"
done
check_truth "$TMP/all.truth" live
names=$(redis-cli -s "$SOCK" --scan --pattern 'tt:1:{live}:collector:*' | sort | uniq | wc -l)
assert_eq "health records (one per default name)" 4 "$names"
host=$(hostname)
redis-cli -s "$SOCK" --scan --pattern 'tt:1:{live}:collector:*' | grep -q "collector:${host:0:20}" ||
    fail "default instance does not start with the host name: $(redis-cli -s "$SOCK" --scan --pattern 'tt:1:{live}:collector:*')"

# The same files twice: a followed collector holds the name...
cp "$TMP/f1.log" "$TMP/same.log"
"$COLLECTOR" --redis "$REDIS_URL" --site dup --tz UTC --year 2018 --follow --flush-interval 100 "$TMP/same.log" \
    2>"$TMP/first.err" &
first=$!
LIVE_PIDS+=("$first")
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' --scan --pattern 'tt:1:{dup}:lease:*' | wc -l)\" -ge 1 ]" ||
    fail "first collector took no lease: $(cat "$TMP/first.err")"
# ... and a second one with the same site and sources is refused.
rc=0
"$COLLECTOR" --redis "$REDIS_URL" --site dup --tz UTC --year 2018 "$TMP/same.log" 2>"$TMP/second.err" || rc=$?
assert_eq "second collector with the same name: exit" 1 "$rc"
grep -q "already collected by a live collector (host $host, pid $first" "$TMP/second.err" ||
    fail "refusal does not name the holder: $(cat "$TMP/second.err")"
grep -q -- "--instance" "$TMP/second.err" || fail "refusal does not say what to do: $(cat "$TMP/second.err")"
# the same with --follow (a daemon refuses too, instead of retrying)
rc=0
timeout 20 "$COLLECTOR" --redis "$REDIS_URL" --site dup --tz UTC --year 2018 --follow "$TMP/same.log" \
    2>"$TMP/third.err" || rc=$?
assert_eq "second followed collector with the same name: exit" 1 "$rc"
kill -0 "$first" || fail "the first collector was disturbed: $(cat "$TMP/first.err")"
f1_lines=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/f1.truth" lines_total)
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget \"\$(redis-cli -s '$SOCK' --scan --pattern 'tt:1:{dup}:collector:*')\" lines_total)\" = $f1_lines ]" ||
    fail "first collector did not finish its file"
# SIGKILL, then a restart on this machine: the name is free at once.
kill -9 "$first"
wait "$first" 2>/dev/null || true
"$COLLECTOR" --redis "$REDIS_URL" --site dup --tz UTC --year 2018 "$TMP/same.log" 2>"$TMP/restart.err" ||
    fail "restart after SIGKILL refused: $(cat "$TMP/restart.err")"
! grep -q "waiting up to" "$TMP/restart.err" || fail "restart after SIGKILL waited for the lease to expire"
check_truth "$TMP/f1.truth" dup

# A name last held on another machine: free once its lease expires
# unrenewed (a crashed collector there), refused while it is renewed.
other="host=elsewhere boot=00000000-0000-0000-0000-000000000000 pidns=1 pid=4242 run=x since=1500000000"
redis-cli -s "$SOCK" set "tt:1:{far}:lease:i1" "$other" px 1500 >/dev/null
"$COLLECTOR" --redis "$REDIS_URL" --site far --instance i1 --tz UTC --year 2018 "$TMP/f2.log" 2>"$TMP/far.err" ||
    fail "an expired lease of another machine was not taken over: $(cat "$TMP/far.err")"
grep -q "last collected on host elsewhere; waiting" "$TMP/far.err" || fail "no word on the wait: $(cat "$TMP/far.err")"
check_truth "$TMP/f2.truth" far
( for _ in $(seq 1 100); do redis-cli -s "$SOCK" set "tt:1:{far}:lease:i2" "$other" px 3000 >/dev/null; sleep 0.2; done ) &
renewer=$!
LIVE_PIDS+=("$renewer")
sleep 0.3
rc=0
"$COLLECTOR" --redis "$REDIS_URL" --site far --instance i2 --tz UTC --year 2018 "$TMP/f3.log" 2>"$TMP/far2.err" || rc=$?
assert_eq "a renewed lease of another machine: exit" 1 "$rc"
grep -q "already collected by a live collector (host elsewhere, pid 4242" "$TMP/far2.err" ||
    fail "refusal does not name the other machine: $(cat "$TMP/far2.err")"
kill "$renewer" 2>/dev/null || true
echo "instances ok"
