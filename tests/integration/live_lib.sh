# SPDX-License-Identifier: MIT
# Helpers for the live-source tests (sourced after lib.sh): query the
# aggregator over the whole time line, compare every metric with a ttgen
# truth file.

# total METRIC [SITE] -> the sum over all time
total() {
    local v
    v=$("$AGGREGATOR" --redis "$REDIS_URL" --site "${2:-live}" --tz UTC query "$1" \
        --from 2000-01-01T00:00:00Z --to 2100-01-01T00:00:00Z --json)
    json_value value "$v"
}

# check_truth TRUTH [SITE]: every counted metric equals the truth, exactly
check_truth() {
    local truth=$1 site=${2:-live} m want got
    for m in lines_total lines_unparsed attacks_blocked connections_allowed emails_blocked emails_delivered \
             emails_sent emails_sent_tls; do
        want=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$truth" "$m")
        got=$(total "$m" "$site")
        assert_eq "$m" "$want" "${got:-0}"
    done
}

# wait_for CMD...: retries CMD for up to 50 s (never a timing assertion:
# the exact check comes after)
wait_for() {
    for _ in $(seq 1 500); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

# health FIELD [SITE] [INSTANCE] -> a field of the collector's health hash
health() {
    redis-cli -s "$SOCK" hget "tt:1:{${2:-live}}:collector:${3:-t}" "$1"
}

# Collectors started in the background are stopped when the test ends,
# whatever way it ends.
LIVE_PIDS=()
trap 'for p in "${LIVE_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; cleanup' EXIT
