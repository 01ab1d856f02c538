#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The shipped Prometheus alerting rules (dist/prometheus/alerts.yml): they
# load (`promtool check rules`), every rule fires on the failure it is for
# and stays quiet on the healthy series beside it (`promtool test rules`),
# and every metric a rule (or the Grafana dashboard) names is one that
# /metrics really exports.
. "$(dirname "$0")/lib.sh"
command -v promtool >/dev/null || fail "promtool is not installed (scripts/deps.sh installs the prometheus package)"
cd "$TT_SRCDIR/dist/prometheus"
promtool check rules alerts.yml
promtool test rules alerts_test.yml
# Each rule is tested: its name appears in an alert_rule_test.
for a in $(sed -n 's/^ *- alert: *//p' alerts.yml); do
    grep -q "alertname: $a$" alerts_test.yml || fail "alert $a has no promtool test"
done
# The metrics the rules use exist in a real scrape (names only; values do
# not matter here).
start_redis
printf 'Feb 28 23:59:30 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.77 DST=10.0.0.1 PROTO=TCP SPT=4444 DPT=22\n' |
    "$COLLECTOR" --redis "$REDIS_URL" --site council-a --tz UTC --year 2018 -
: >"$TMP/serve.out"
"$AGGREGATOR" --redis "$REDIS_URL" serve --listen 127.0.0.1:0 >"$TMP/serve.out" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9]*\)/$#\1#p' "$TMP/serve.out")
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { kill "$pid"; fail "serve did not start"; }
curl -s --max-time 10 "http://127.0.0.1:$port/metrics" >"$TMP/metrics"
kill "$pid"
wait "$pid" || true
for m in $(grep -o 'threattally_[a-z0-9_]*' alerts.yml | sort -u); do
    grep -q "^# TYPE $m " "$TMP/metrics" || fail "alerts.yml uses $m, which /metrics does not export"
done
# The same for the Grafana dashboard's queries (and it is valid JSON).
g="$TT_SRCDIR/dashboards/grafana/threattally.json"
python3 -m json.tool "$g" >/dev/null || fail "dashboards/grafana/threattally.json is not JSON"
for m in $(grep -o 'threattally_[a-z0-9_]*' "$g" | sort -u); do
    grep -q "^# TYPE $m " "$TMP/metrics" || fail "the Grafana dashboard uses $m, which /metrics does not export"
done
echo "alerts ok"
