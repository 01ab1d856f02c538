#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Redis password (issue 16, SPEC section 1): a planted password never
# appears in any output or log line of either program, whatever way it is
# given (URL, environment, --redis-password-file) and whatever goes wrong
# (a malformed URL, a wrong password, an unreachable server). A password in
# the URL works but is warned about; a user without a password is sent only
# with a password from the environment or a file, never as the password;
# --help and the NOAUTH hint send people to the environment or the file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
. "$(dirname "$0")/cluster_lib.sh"
PW=pl4nted-S3cret-77
# A server whose only user is "threattally" with that password; the
# default user is off, so nothing works unauthenticated.
port=$(free_port)
start_node "$port" --user default off --user threattally on ">$PW" '~*' '&*' '+@all'
printf 'Feb  1 00:00:01 gw kernel: DROP IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.1 PROTO=TCP SPT=1 DPT=22\n' >"$TMP/one.log"
LOG="$TMP/all-output"
run() { # run EXPECTED_RC ARGS...: every word it prints goes to $LOG too
    local want=$1 rc
    shift
    set +e
    "$@" >"$TMP/out" 2>&1
    rc=$?
    set -e
    cat "$TMP/out" >>"$LOG"
    [ "$rc" = "$want" ] || fail "exit $rc (wanted $want) from $*: $(cat "$TMP/out")"
}

# in the URL: accepted, with a warning that names no password
run 0 "$COLLECTOR" --redis "redis://threattally:$PW@127.0.0.1:$port" --site s --year 2018 --tz UTC "$TMP/one.log"
grep -q "warning: the Redis password in --redis is visible" "$TMP/out" || fail "no warning: $(cat "$TMP/out")"
run 0 "$AGGREGATOR" --redis "redis://threattally:$PW@127.0.0.1:$port" --tz UTC query attacks_blocked \
    --month 2018-02
grep -q "warning: the Redis password" "$TMP/out" || fail "aggregator: no warning"
# a user without a password is not a password: NOAUTH, with the right hint
run 1 "$COLLECTOR" --redis "redis://threattally@127.0.0.1:$port" --site s --year 2018 --tz UTC "$TMP/one.log"
run 1 "$AGGREGATOR" --redis "redis://threattally@127.0.0.1:$port" --tz UTC query attacks_blocked --month 2018-02
grep -q "NOAUTH" "$TMP/out" || fail "no NOAUTH: $(cat "$TMP/out")"
grep -q "THREATTALLY_REDIS_PASSWORD or --redis-password-file, not in --redis" "$TMP/out" ||
    fail "NOAUTH hint: $(cat "$TMP/out")"
# ... but with a password from the environment or a file: AUTH user password
THREATTALLY_REDIS_PASSWORD=$PW run 0 "$COLLECTOR" --redis "redis://threattally@127.0.0.1:$port" --site s \
    --year 2018 --tz UTC "$TMP/one.log"
printf '%s\n' "$PW" >"$TMP/pw"
chmod 600 "$TMP/pw"
run 0 "$AGGREGATOR" --redis "redis://threattally@127.0.0.1:$port" --redis-password-file "$TMP/pw" --tz UTC \
    query attacks_blocked --month 2018-02 --json
assert_eq "counted once (the second run read nothing new)" 1 "$(json_value value "$(cat "$TMP/out")")"
run 0 "$COLLECTOR" --redis "redis://threattally@127.0.0.1:$port" --redis-password-file "$TMP/pw" --site s \
    --year 2018 --tz UTC --stats "$TMP/one.log"
# wrong password, malformed URLs, unreachable servers, Sentinel and Cluster forms
THREATTALLY_REDIS_PASSWORD=wrong run 1 "$COLLECTOR" --redis "redis://threattally@127.0.0.1:$port" --site s \
    "$TMP/one.log"
run 1 "$COLLECTOR" --redis "redis://threattally:$PW@127.0.0.1:1" --site s "$TMP/one.log"
run 1 "$COLLECTOR" --redis "redis://threattally:$PW@127.0.0.1:99999" --site s "$TMP/one.log"
grep -q 'redis://threattally:\*\*\*@127.0.0.1:99999' "$TMP/out" || fail "masked URL not named: $(cat "$TMP/out")"
run 2 "$AGGREGATOR" --redis "rediss://threattally:$PW@127.0.0.1:$port" query attacks_blocked
run 2 "$AGGREGATOR" --redis "redis-sentinel://threattally:$PW@127.0.0.1:1" query attacks_blocked
run 1 "$AGGREGATOR" --redis "redis-sentinel://threattally:$PW@127.0.0.1:1/tt" query attacks_blocked
run 1 "$AGGREGATOR" --redis "redis://threattally:$PW@127.0.0.1:1,127.0.0.1:2" query attacks_blocked
THREATTALLY_REDIS_PASSWORD=$PW run 1 "$AGGREGATOR" --redis "unix://$TMP/none.sock" query attacks_blocked
# help texts do not tell anyone to put the password in --redis
run 0 "$AGGREGATOR" --help
grep -q 'user\[:password\]' "$TMP/out" && fail "aggregator --help shows a password in the URL"
grep -q 'redis-password-file' "$TMP/out" || fail "aggregator --help lacks --redis-password-file"
run 0 "$COLLECTOR" --help
grep -q 'user\[:password\]' "$TMP/out" && fail "collector --help shows a password in the URL"
cat "$TMP/redis-$port.log" >>"$LOG"
assert_eq "lines of output and log holding the password" 0 "$(grep -c -- "$PW" "$LOG" || true)"
echo "secrets ok"
