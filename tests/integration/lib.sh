# SPDX-License-Identifier: MIT
# Shared helpers for integration tests: a private redis-server on a Unix
# socket in a temp dir (started here, stopped on exit), the two programs,
# and assertions. Source it from a test script: `. "$(dirname "$0")/lib.sh"`.
set -euo pipefail
# A command that fails under set -e says which one it was (else the test
# would end without a word).
trap 'rc=$?; [[ $- == *e* ]] && echo "FAIL: ${BASH_SOURCE[0]}:$LINENO: exit $rc from: $BASH_COMMAND" >&2' ERR
TT_SRCDIR=${TT_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
COLLECTOR="$TT_SRCDIR/$BUILD/threattally-collector"
AGGREGATOR="$TT_SRCDIR/$BUILD/threattally-aggregator"
TTGEN="$TT_SRCDIR/$BUILD/ttgen"
# Test helpers (netsend, pcapgen, slowpeer, hllref), built by `make`. They
# are the test's tools, not what is tested: the plain build's, also when the
# programs under test are the sanitizer build's (a helper's leak at exit is no
# finding about the collector).
HELPERS="$TT_SRCDIR/build/helpers"
[ -x "$HELPERS/netsend" ] || HELPERS="$TT_SRCDIR/$BUILD/helpers"
TMP=$(mktemp -d /tmp/tt-test.XXXXXX)
REDIS_PID=""
SOCK="$TMP/redis.sock"
REDIS_URL="unix://$SOCK"

start_redis() {
    redis-server --port 0 --unixsocket "$SOCK" --unixsocketperm 700 --save '' --appendonly "${1:-no}" \
        --dir "$TMP" --daemonize yes --pidfile "$TMP/redis.pid" --logfile "$TMP/redis.log" >/dev/null
    for _ in $(seq 1 100); do
        [ -S "$SOCK" ] && redis-cli -s "$SOCK" ping >/dev/null 2>&1 && break
        sleep 0.05
    done
    REDIS_PID=$(cat "$TMP/redis.pid")
}

stop_redis() {
    if [ -n "$REDIS_PID" ]; then
        kill "$REDIS_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.05; done
        REDIS_PID=""
    fi
}

cleanup() {
    stop_redis
    rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
    if [ "$2" != "$3" ]; then
        fail "$1: expected '$2', got '$3'"
    fi
    echo "ok: $1 = $3"
}

# json_value KEY JSON -> the number after "KEY":
json_value() {
    sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p" <<<"$2"
}
