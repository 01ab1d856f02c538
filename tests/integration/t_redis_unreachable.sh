#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Unreachable Redis: a clear one-line error naming the URL (never the
# password), exit 1, nothing half-written.
. "$(dirname "$0")/lib.sh"
printf 'Feb  1 00:00:01 gw kernel: DROP IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.1 PROTO=TCP SPT=1 DPT=22\n' >"$TMP/one.log"

set +e
err=$(THREATTALLY_REDIS_PASSWORD=s3cret "$COLLECTOR" --redis "unix://$TMP/nothing.sock" "$TMP/one.log" 2>&1); rc=$?
set -e
assert_eq "collector exit" 1 "$rc"
assert_eq "one line" 1 "$(wc -l <<<"$err")"
grep -q "unix://$TMP/nothing.sock" <<<"$err" || fail "URL not named: $err"
grep -q s3cret <<<"$err" && fail "password printed"

set +e
err=$("$COLLECTOR" --redis "redis://alice:hunter2@127.0.0.1:1/0" "$TMP/one.log" 2>&1); rc=$?
set -e
assert_eq "tcp exit" 1 "$rc"
grep -q "127.0.0.1:1" <<<"$err" || fail "URL not named: $err"
grep -q hunter2 <<<"$err" && fail "password printed"

set +e
err=$("$AGGREGATOR" --redis "unix://$TMP/nothing.sock" query emails_blocked --last 1d 2>&1); rc=$?
set -e
assert_eq "aggregator exit" 1 "$rc"
grep -q "nothing.sock" <<<"$err" || fail "URL not named: $err"

# A server that is up but was given nothing: a later successful run starts
# from zero, i.e. the failed runs wrote nothing.
start_redis
assert_eq "keys after failed runs" 0 "$(redis-cli -s "$SOCK" dbsize)"
echo "unreachable ok"
