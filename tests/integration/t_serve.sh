#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `serve`: the JSON API answers exactly what `query --json` and
# `report --format json` print for the same window; /metrics follows the
# Prometheus text format and naming conventions with no address in any
# label; read-only (GET/HEAD), security headers, no CORS, Host check on
# loopback, clean errors; loopback by default; drops root with --user.
. "$(dirname "$0")/../browser/lib.sh"
load_month
start_serve

get() { curl -s --max-time 10 "$@"; }

# /api/query = query --json, byte for byte.
for args in "metric=emails_blocked&month=2018-02&by=reason|emails_blocked --month 2018-02 --by reason" \
            "metric=attack_sources&last=36h&at=2018-02-10T12:00:00Z|attack_sources --last 36h --at 2018-02-10T12:00:00Z" \
            "metric=emails_sent_tls&from=2018-02-03&to=2018-02-05T06:30:00Z&site=council-b|emails_sent_tls --from 2018-02-03 --to 2018-02-05T06:30:00Z --site council-b" \
            "metric=attacks_blocked&month=2018-02&site=council-a,council-b|attacks_blocked --month 2018-02 --site council-a,council-b"; do
    url=${args%%|*}
    read -r -a cli <<<"${args#*|}"
    assert_eq "/api/query?$url" "$("${AGG[@]}" query "${cli[@]}" --json)" "$(get "$BASE/api/query?$url")"
done

# /api/report = report --format json (but for the moment it was generated).
strip() { sed 's/"generated":"[^"]*",//'; }
for args in "month=2018-02|--month 2018-02" "last=36h&at=2018-02-10T12:00:00Z|--last 36h --at 2018-02-10T12:00:00Z" \
            "month=2018-02&site=council-a,council-b|--month 2018-02 --site council-a,council-b"; do
    read -r -a cli <<<"${args#*|}"
    want=$("${AGG[@]}" report "${cli[@]}" --format json | strip | md5sum)
    assert_eq "/api/report?${args%%|*}" "$want" "$(get "$BASE/api/report?${args%%|*}" | strip | md5sum)"
done
assert_eq "/api/sites" '["council-a","council-b"]' "$(get "$BASE/api/sites")"
assert_eq "/healthz" "ok" "$(get "$BASE/healthz")"

# Errors are JSON with the right status.
code() { curl -s -o "$TMP/body" -w '%{http_code}' --max-time 10 "$@"; }
assert_eq "bad window" 400 "$(code "$BASE/api/report?month=2018-13")"
grep -q '"error":"bad month' "$TMP/body" || fail "bad month message: $(cat "$TMP/body")"
assert_eq "two windows" 400 "$(code "$BASE/api/report?month=2018-02&last=7d")"
assert_eq "unknown metric" 400 "$(code "$BASE/api/query?metric=nope")"
assert_eq "unknown site" 404 "$(code "$BASE/api/report?site=council-z")"
assert_eq "bad site name" 400 "$(code "$BASE/api/report?site=%3Cx%3E")"
assert_eq "unknown path" 404 "$(code "$BASE/etc/passwd")"
assert_eq "path traversal" 404 "$(code --path-as-is "$BASE/../dashboards/index.html")"
assert_eq "POST" 405 "$(code -X POST -d x=1 "$BASE/api/report")"
assert_eq "PUT" 405 "$(code -X PUT "$BASE/")"
assert_eq "DELETE" 405 "$(code -X DELETE "$BASE/metrics")"
assert_eq "HEAD" 200 "$(code -I "$BASE/")"
assert_eq "foreign Host (DNS rebinding)" 421 "$(code -H 'Host: attacker.example' "$BASE/api/sites")"
assert_eq "localhost Host" 200 "$(code -H "Host: localhost:${BASE##*:}" "$BASE/api/sites")"

# Headers: strict CSP, nosniff, no CORS, not cacheable.
curl -s -D "$TMP/h" -o /dev/null -H 'Origin: http://attacker.example' "$BASE/api/report?month=2018-02"
tr -d '\r' <"$TMP/h" >"$TMP/hh"
grep -q "^Content-Security-Policy: default-src 'none'; script-src 'self';" "$TMP/hh" || fail "CSP"
grep -q '^X-Content-Type-Options: nosniff$' "$TMP/hh" || fail "nosniff"
grep -q '^Content-Type: application/json; charset=utf-8$' "$TMP/hh" || fail "JSON content type"
grep -q '^Cache-Control: no-store$' "$TMP/hh" || fail "cache control"
! grep -qi '^Access-Control-' "$TMP/hh" || fail "CORS header present"
# The assets are the files of dashboards/, as they are.
for f in index.html dashboard.js dashboard.css; do
    url=$BASE/$f; [ "$f" = index.html ] && url=$BASE/
    cmp -s "$TT_SRCDIR/dashboards/$f" <(get "$url") || fail "/$f differs from dashboards/$f"
done

# /metrics: Prometheus text format (promtool check metrics), conventions, no
# addresses in labels.
get "$BASE/metrics" >"$TMP/metrics"
grep -q '^threattally_up 1$' "$TMP/metrics" || fail "threattally_up"
command -v promtool >/dev/null || fail "promtool is not installed (scripts/deps.sh installs the prometheus package)"
promtool check metrics <"$TMP/metrics" >"$TMP/promtool.out" 2>&1 || fail "promtool check metrics: $(cat "$TMP/promtool.out")"
echo "ok: promtool check metrics accepts /metrics"
label='(site|metric|reason|version|instance)="[A-Za-z0-9._,-]*"'
bad=$(grep -v '^#' "$TMP/metrics" |
      grep -Ev "^threattally_[a-z0-9_]+(\{$label(,$label)*\})? -?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?$" || true)
[ -z "$bad" ] || fail "malformed metric lines: $bad"
for name in $(grep -v '^#' "$TMP/metrics" | sed 's/[{ ].*//' | sort -u); do
    grep -q "^# TYPE $name \(gauge\|counter\)$" "$TMP/metrics" || fail "no TYPE for $name"
    grep -q "^# HELP $name " "$TMP/metrics" || fail "no HELP for $name"
    # _total only on counters, and every counter ends in _total
    if grep -q "^# TYPE $name counter$" "$TMP/metrics"; then
        [[ $name == *_total ]] || fail "counter $name does not end in _total"
    else
        [[ $name != *_total* ]] || fail "gauge $name has _total in its name"
    fi
done
! grep -v '^#' "$TMP/metrics" | grep -Eq '[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+"|:[0-9a-f]*:' || fail "an address in a label"
! grep -q 'cmd|\|<img\|\.log' "$TMP/metrics" || fail "source names leaked into /metrics"
grep -q '^threattally_last_24h_events{site="council-a",metric="emails_blocked",reason="spam"} [0-9]*$' "$TMP/metrics" ||
    fail "per-site, per-reason window gauge"
grep -q '^threattally_last_seen_timestamp_seconds{site="council-b"} 1519862' "$TMP/metrics" || fail "last seen"
# sample NAME{LABELS} -> its value in $TMP/metrics
sample() { awk -v k="$1" '$1 == k { print $2 }' "${2:-$TMP/metrics}"; }
# The counters are everything the day buckets hold: all of council-a's data
# is in January and February 2018.
ALL=(--from 2017-12-01 --to 2018-04-01)
for m in emails_blocked:spam emails_blocked:reputation attacks_blocked:firewall emails_sent: lines_total:; do
    metric=${m%%:*} reason=${m#*:}
    if [ -n "$reason" ]; then
        want=$(json_value "$reason" "$("${AGG[@]}" query "$metric" "${ALL[@]}" --site council-a --by reason --json)")
    else
        want=$(q "$metric" "${ALL[@]}" --site council-a)
    fi
    assert_eq "events_total $m (council-a)" "$want" \
        "$(sample "threattally_events_total{site=\"council-a\",metric=\"$metric\",reason=\"$reason\"}")"
done
# Collector health, from the health hash of each collector instance.
inst=$(redis-cli -s "$SOCK" --scan --pattern 'tt:1:{council-a}:collector:*' | head -1)
inst=${inst#tt:1:\{council-a\}:collector:}
[ -n "$inst" ] || fail "no collector health hash for council-a"
flush=$(sample "threattally_collector_last_flush_timestamp_seconds{site=\"council-a\",instance=\"$inst\"}")
assert_eq "last flush = health hash" "$(redis-cli -s "$SOCK" HGET "tt:1:{council-a}:collector:$inst" last_flush)" "$flush"
[ $(($(date +%s) - flush)) -lt 3600 ] || fail "last flush $flush is not wall-clock time of the test run"
assert_eq "lines read by council-a's collector" "$(q lines_total "${ALL[@]}" --site council-a)" \
    "$(sample "threattally_collector_lines_read_total{site=\"council-a\",instance=\"$inst\"}")"
for f in lag_seconds lines_dropped_total redis_reconnects_total possible_gaps_total; do
    grep -q "^threattally_collector_$f{site=\"council-a\",instance=\"$inst\"} [0-9]*$" "$TMP/metrics" ||
        fail "no threattally_collector_$f for council-a"
done
# ?site= selects: council-b alone has none of council-a's series.
get "$BASE/metrics?site=council-b" >"$TMP/metrics-b"
grep -q 'site="council-b"' "$TMP/metrics-b" || fail "?site=council-b has no council-b series"
! grep -q 'site="council-a"' "$TMP/metrics-b" || fail "?site=council-b shows council-a"
assert_eq "?site= unknown" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/metrics?site=council-z")"
# Monotonic: one more blocked attack committed raises the counter by one.
before=$(sample 'threattally_events_total{site="council-a",metric="attacks_blocked",reason="firewall"}')
printf 'Feb 28 23:59:30 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.77 DST=10.0.0.1 PROTO=TCP SPT=4444 DPT=22\n' |
    "$COLLECTOR" --redis "$REDIS_URL" --site council-a --tz "$ZONE" --year 2018 -
get "$BASE/metrics" >"$TMP/metrics2"
assert_eq "events_total after one more attack" $((before + 1)) \
    "$(sample 'threattally_events_total{site="council-a",metric="attacks_blocked",reason="firewall"}' "$TMP/metrics2")"
echo "ok: /metrics well formed ($(grep -vc '^#' "$TMP/metrics") samples)"

# SIGTERM: clean exit.
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"; rc=$?
SERVE_PID=""
assert_eq "exit on SIGTERM" 0 "$rc"

# Redis going away: 503 with a JSON error and threattally_up 0, then
# answers again once Redis is back (the connection is reopened).
start_serve
assert_eq "healthz before" 200 "$(code "$BASE/healthz")"
stop_redis
assert_eq "report while Redis is down" 503 "$(code "$BASE/api/report?month=2018-02")"
grep -q '"error":"' "$TMP/body" || fail "no JSON error while Redis is down"
get "$BASE/metrics" | grep -q '^threattally_up 0$' || fail "threattally_up not 0 while Redis is down"
start_redis
assert_eq "healthz after Redis is back" 200 "$(code "$BASE/healthz")"
stop_serve

# Loopback by default (when port 8080 is free on this machine).
if ! (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
    "${AGG[@]}" serve >"$TMP/def.out" 2>"$TMP/def.err" &
    pid=$!
    for _ in $(seq 1 100); do [ -s "$TMP/def.out" ] && break; sleep 0.05; done
    kill "$pid"; wait "$pid" || true
    assert_eq "default listen address" "listening on http://127.0.0.1:8080/" "$(cat "$TMP/def.out")"
else
    echo "note: port 8080 in use here; default address checked from --help only"
fi
"$AGGREGATOR" --help >"$TMP/help.txt" # whole, then searched: grep -q on a pipe may cut it short
grep -q -- '--listen HOST:PORT .*(default: 127.0.0.1:8080)' "$TMP/help.txt" || fail "--help default listen"

# Started as root with --user, it runs as that user once listening.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    start_serve --user nobody
    assert_eq "uid after --user nobody" "$(id -u nobody)" "$(awk '/^Uid:/ {print $2 $3 $4 $5 == $2 $2 $2 $2 ? $2 : "mixed"}' /proc/$SERVE_PID/status)"
    stop_serve
    set +e
    "${AGG[@]}" serve --listen 127.0.0.1:0 --user no-such-user-xyz >/dev/null 2>"$TMP/u.err"; rc=$?
    set -e
    assert_eq "unknown --user" 2 "$rc"
else
    echo "note: not root; --user privilege drop not exercised"
fi
echo "serve ok"
