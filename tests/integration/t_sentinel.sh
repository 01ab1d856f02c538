#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sentinel failover (SPEC section 4): a master, a replica and two Sentinels;
# the collector is given a Sentinel URL whose first Sentinel is down, follows
# a file that grows in ten parts and listens on tcp:// for a syslog stream
# sent in ten parts, with --redis-wait 1. In the middle, SENTINEL FAILOVER
# promotes the replica. Every line of both is counted exactly once on the
# new master: the file resumes from the position the new master holds, and
# the socket counts stayed in memory until a replica had acknowledged them.
# The aggregator reads through the same Sentinel URL.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
. "$(dirname "$0")/cluster_lib.sh"
start_sentinel_set
assert_eq "master before" "$SENT_MASTER" "$(sentinel_master)"
"$TTGEN" --kind mixed --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 30000 --seed 81 --tz UTC \
    --junk-permille 2 --out "$TMP/file.src" --truth "$TMP/file.truth" 2>/dev/null
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 20000 --seed 82 --tz UTC \
    --out "$TMP/tcp.src" --truth "$TMP/tcp.truth" 2>/dev/null
cat "$TMP/file.truth" "$TMP/tcp.truth" >"$TMP/both.truth"
split -n l/10 -d -a 1 "$TMP/file.src" "$TMP/fpart"
split -n l/10 -d -a 1 "$TMP/tcp.src" "$TMP/tpart"
: >"$TMP/f.log"
"$COLLECTOR" --redis "$SENTINEL_URL" --site live --instance t --tz UTC --year 2018 --follow --redis-wait 1 \
    --flush-interval 50 --scan-interval 50 "$TMP/f.log" tcp://127.0.0.1:0 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err" || fail "no listener: $(cat "$TMP/err")"
port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err")
REDIS_URL=$SENTINEL_URL
for part in 0 1 2 3 4 5 6 7 8 9; do
    cat "$TMP/fpart$part" >>"$TMP/f.log"
    "$HELPERS/netsend" tcp "$port" "$TMP/tpart$part" 1 >/dev/null
    sleep 0.2
    if [ "$part" = 4 ]; then
        redis-cli -p "${SENT_PORTS[1]}" sentinel failover tt >/dev/null
        wait_for bash -c "[ \"\$(redis-cli -p ${SENT_PORTS[0]} sentinel get-master-addr-by-name tt | tail -1)\" = $SENT_REPLICA ]" ||
            fail "no failover: $(tail -5 "$TMP/sentinel-${SENT_PORTS[1]}.log")"
    fi
done
assert_eq "master after SENTINEL FAILOVER" "$SENT_REPLICA" "$(sentinel_master)"
# The Sentinels turn the old master into a replica of the new one (after
# some seconds); until it has caught up, no commit is confirmed and the
# collector keeps its socket counts.
wait_for bash -c "redis-cli -p $SENT_REPLICA info replication | grep -q 'slave0:.*state=online'" ||
    fail "the old master never rejoined as a replica"
want=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/both.truth" lines_total)
wait_for bash -c "[ \"\$(redis-cli -p $SENT_REPLICA hget 'tt:1:{live}:collector:t' lines_total)\" -ge $want ] 2>/dev/null" ||
    fail "counted $(total lines_total) of $want: $(cat "$TMP/err")"
kill -TERM "$cpid"
wait "$cpid" || fail "collector exit: $(cat "$TMP/err")"
echo "collector messages:"; sed 's/^/  /' "$TMP/err"
check_truth "$TMP/both.truth"
# the figures are the new master's own
assert_eq "lines_total on the new master itself" "$want" \
    "$(redis-cli -p "$SENT_REPLICA" hget "tt:1:{live}:collector:t" lines_total)"
echo "sentinel ok"
