# SPDX-License-Identifier: MIT
# Shared helpers for the report and dashboard tests (tests/browser/ and the
# t_report*/t_serve* integration tests): the private Redis of
# tests/integration/lib.sh filled with a realistic month of logs, attacker
# strings planted where log-derived text reaches reports, and headless
# Chromium. Source it: `. "$(dirname "$0")/../browser/lib.sh"`.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../integration" && pwd)/lib.sh"

ZONE=Europe/London
AGG=("$AGGREGATOR" --redis "$REDIS_URL" --tz "$ZONE")

# Attacker-controlled text reaches reports only as source names: the
# collector records each input under the name it was given, and sites that
# write one file per sending host (rsyslog "/var/log/remote/%HOSTNAME%.log")
# let whoever sends syslog choose that name. Site names are validated
# ([A-Za-z0-9._-]); reasons and metrics are enums; unparsed lines are counted,
# never stored. So these names are planted as real files the collector reads,
# and (for bytes a file name cannot hold: '/', controls) directly in Redis.
EVIL_IMG="<img src=x onerror=document.title='PWNED'>"
EVIL_CSV="=cmd|' \\C calc'!A0"
EVIL_PLUS="+SUM(1+1)*cmd|' \\C notepad'!A1"
EVIL_AT="@SUM(1+1)"
EVIL_SCRIPT="</td></script><script>document.title='PWNED2'</script>"
EVIL_CTRL=$'\e[31mred\a'

# load_month: January and February 2018 of mixed Postfix/amavis/netfilter
# logs for site council-a, February for council-b, and the planted names.
load_month() {
    start_redis
    "$TTGEN" --kind mixed --from 2018-01-01T00:00:00Z --to 2018-03-01T00:00:00Z --rate 1 --tz "$ZONE" \
        --seed 7 --noise-permille 5 --out "$TMP/council-a.log" --truth "$TMP/council-a.truth" >/dev/null 2>&1
    "$TTGEN" --kind mixed --from 2018-02-01T00:00:00Z --to 2018-03-01T00:00:00Z --lines 60000 --tz "$ZONE" \
        --seed 11 --host mx2 --out "$TMP/council-b.log" >/dev/null 2>&1
    "$COLLECTOR" --redis "$REDIS_URL" --site council-a --tz "$ZONE" --year 2018 --top-sources 24,48 "$TMP/council-a.log"
    mkdir -p "$TMP/remote"
    local n=0 name
    for name in "$EVIL_IMG" "$EVIL_CSV" "$EVIL_PLUS" "$EVIL_AT"; do
        n=$((n + 1))
        printf 'Feb 27 1%d:00:0%d fw2 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.%d DST=10.0.0.1 PROTO=TCP SPT=4%d DPT=22\n' \
            "$n" "$n" "$n" "$n" >"$TMP/remote/$name.log"
    done
    "$COLLECTOR" --redis "$REDIS_URL" --site council-b --tz "$ZONE" --year 2018 "$TMP/council-b.log"
    # Read as an operator would: from the directory, by relative name, so
    # the recorded names start with the planted characters.
    (cd "$TMP/remote" && "$COLLECTOR" --redis "$REDIS_URL" --site council-b --tz "$ZONE" --year 2018 *.log)
    redis-cli -s "$SOCK" HSET 'tt:1:{council-b}:sources' "$EVIL_SCRIPT" 1519862000 "$EVIL_CTRL" 1519862100 >/dev/null
    # The remote files are gone after this; the names stay in Redis.
    rm -rf "$TMP/remote" "$TMP/council-a.log" "$TMP/council-b.log"
}

# q METRIC ARGS... -> the value of `query METRIC ARGS... --json`
q() {
    local m=$1
    shift
    json_value value "$("${AGG[@]}" query "$m" "$@" --json)"
}

# find_chromium: sets CHROMIUM, or exits 77 when it truly cannot be had.
find_chromium() {
    CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
    if [ -z "$CHROMIUM" ] && [ "$(id -u)" = 0 ]; then
        "$TT_SRCDIR/scripts/deps.sh" >/dev/null 2>&1 || true
        CHROMIUM=$(command -v chromium || true)
    fi
    if [ -z "$CHROMIUM" ]; then
        echo "SKIP: chromium is not installed and scripts/deps.sh could not install it (apt-get install chromium)"
        exit 77
    fi
}

# chrome ARGS... : headless Chromium with a private profile, quiet.
chrome() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
        --disable-extensions --disable-background-networking --disable-sync --hide-scrollbars \
        --user-data-dir="$TMP/chrome-profile" "$@" 2>>"$TMP/chrome.log"
}

# page_value HTML METRIC [SITE] -> data-value of the figure's number span
page_value() {
    grep -o "<span class=\"num\" data-metric=\"$2\" data-site=\"${3:-all}\" data-value=\"[0-9.]*\"" "$1" | awk "NR == 1" |
        sed 's/.*data-value="\([0-9.]*\)"/\1/'
}

# page_reason HTML METRIC REASON -> data-value of a reason figure
page_reason() {
    grep -o "data-metric=\"$2\" data-reason=\"$3\" data-value=\"[0-9]*\"" "$1" | awk "NR == 1" | sed 's/.*data-value="\([0-9]*\)"/\1/'
}

# commas 4012345 -> 4,012,345
commas() {
    sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta' <<<"$1"
}

# check_page_figures HTML WINDOW-ARGS... : every figure in the page equals
# `query --json` for the same window, and is shown as people read it.
check_page_figures() {
    local html=$1
    shift
    local m v want
    for m in emails_blocked attacks_blocked attack_sources emails_delivered emails_sent emails_sent_tls \
             connections_allowed ids_alerts; do
        want=$(q "$m" "$@")
        v=$(page_value "$html" "$m")
        assert_eq "page $m" "$want" "$v"
        grep -q "data-metric=\"$m\" data-site=\"all\" data-value=\"$v\">\(about \)\?$(commas "$v")<" "$html" ||
            fail "$m not shown as $(commas "$v")"
    done
    local reason
    for reason in spam malware phishing policy reputation; do
        want=$(json_value "$reason" "$("${AGG[@]}" query emails_blocked "$@" --by reason --json)")
        assert_eq "page emails_blocked/$reason" "$want" "$(page_reason "$html" emails_blocked "$reason")"
    done
    local sent tls share
    sent=$(q emails_sent "$@")
    tls=$(q emails_sent_tls "$@")
    share=$(awk -v a="$tls" -v b="$sent" 'BEGIN { if (b > 0) printf "%.2f", 100 * a / b }')
    assert_eq "page emails_sent_tls_share" "$share" "$(page_value "$html" emails_sent_tls_share)"
}

# check_inert HTML : the planted strings are text in the page, never markup.
check_inert() {
    local html=$1
    ! grep -qi '<img' "$html" || fail "an <img> element made it into the page"
    [ "$(grep -ci '<script' "$html")" -le "${2:-0}" ] || fail "a <script> element made it into the page"
    ! grep -q 'PWNED' <(grep -o '<title>[^<]*</title>' "$html") || fail "planted script ran (title changed)"
    grep -qF "&lt;img src=x onerror=document.title='PWNED'&gt;" "$html" || fail "planted <img> name not shown as text"
    grep -qF "&lt;/td&gt;&lt;/script&gt;&lt;script&gt;document.title='PWNED2'&lt;/script&gt;" "$html" ||
        fail "planted </script> name not shown as text"
    grep -qF "=cmd|' \\C calc'!A0" "$html" || fail "planted CSV payload not shown as text"
    ! grep -q $'\e' "$html" || fail "escape character reached the page"
    echo "ok: planted strings are inert text"
}

# start_serve [ARGS...]: runs `serve` ("${AGG[@]}") on a free loopback port;
# sets SERVE_PID, SERVE_PORT and BASE (http://127.0.0.1:PORT). Stopped by
# stop_serve (also on exit). A test that starts serve its own way (under a
# ulimit, say) starts it in the background with output to $TMP/serve.out
# and $TMP/serve.err, sets SERVE_PID and calls serve_wait.
SERVE_PID=""
SERVE_PORT=""
start_serve() {
    : >"$TMP/serve.out" # exists before the background job opens it (the loop below reads it at once)
    "${AGG[@]}" serve --listen 127.0.0.1:0 "$@" >"$TMP/serve.out" 2>"$TMP/serve.err" &
    SERVE_PID=$!
    serve_wait
}
serve_wait() {
    SERVE_PORT=""
    for _ in $(seq 1 100); do
        SERVE_PORT=$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9]*\)/$#\1#p' "$TMP/serve.out" 2>/dev/null)
        [ -n "$SERVE_PORT" ] && break
        kill -0 "$SERVE_PID" 2>/dev/null || fail "serve exited: $(cat "$TMP/serve.err")"
        sleep 0.05
    done
    [ -n "$SERVE_PORT" ] || fail "serve did not start listening: $(cat "$TMP/serve.err")"
    BASE="http://127.0.0.1:$SERVE_PORT"
}
stop_serve() {
    if [ -n "$SERVE_PID" ]; then
        kill "$SERVE_PID" 2>/dev/null || true
        wait "$SERVE_PID" 2>/dev/null || true
        SERVE_PID=""
    fi
}
trap 'stop_serve; cleanup' EXIT
