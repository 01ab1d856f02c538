#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Top attack sources, only on request and only as networks: a collector run
# with --top-sources 24,48 counts blocked attacks per (UTC day, network);
# `report --top-sources N` lists the busiest networks in every format, with
# exact counts over the whole days covering the window; a collector run
# without it stores nothing of the kind; a report without it shows no
# address at all; a day keeps its 1,000 busiest networks; what is in Redis
# is re-parsed, so a planted member is never shown.
. "$(dirname "$0")/../browser/lib.sh" # lib.sh, and start_serve for the API
start_redis

tail4=" LEN=60 TOS=0x00 PREC=0x00 TTL=49 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0"
tail6=" LEN=80 TC=0 HOPLIMIT=57 FLOWLBL=0 PROTO=TCP SPT=40000 DPT=443 WINDOW=64800 RES=0x00 SYN URGP=0"
deny() { # day hh:mm src [dst]
    local dst=${4:-10.0.0.5}
    case "$3" in *:*) dst=${4:-2001:db8:1::1}; t=$tail6 ;; *) t=$tail4 ;; esac
    echo "Feb  $1 $2:00 fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=$3 DST=$dst$t"
}
{
    for i in 1 2 3 4 5; do deny 6 "10:0$i" 203.0.113.7; done
    for i in 1 2 3; do deny 6 "11:0$i" 203.0.113.9; done    # same /24: 8 in all
    for i in 1 2 3 4; do deny 6 "12:0$i" 198.51.100.1; done
    deny 6 13:01 2001:db8:5:1::1
    deny 6 13:02 2001:db8:5:1::1
    deny 6 13:03 2001:db8:5:2::9                              # same /48: 3 in all
    deny 6 14:00 192.0.2.1
    deny 7 09:00 192.0.2.1                                    # next day: 2 in all
    deny 6 15:00 10.1.2.3                                     # our own network: not an attack
    echo "Feb  6 15:01:00 fw kernel: [UFW ALLOW] IN=eth0 OUT= SRC=203.0.113.50 DST=10.0.0.5$tail4"
} >"$TMP/fw.log"

"$COLLECTOR" --redis "$REDIS_URL" --site a --tz UTC --year 2018 --top-sources 24,48 "$TMP/fw.log"
"$COLLECTOR" --redis "$REDIS_URL" --site b --tz UTC --year 2018 "$TMP/fw.log"    # not asked: no networks

report() { "$AGGREGATOR" --redis "$REDIS_URL" --tz UTC report "$@"; }
nets() { # report args... -> "network=attacks ..." from the JSON
    report --format json "$@" | python3 -c '
import json, sys
t = json.load(sys.stdin).get("top_sources")
print("none" if t is None else " ".join("%s=%d" % (n["network"], n["attacks"]) for n in t["networks"]))'
}
BOTH=(--from 2018-02-06 --to 2018-02-08)
assert_eq "top networks over both days" \
    "203.0.113.0/24=8 198.51.100.0/24=4 2001:db8:5::/48=3 192.0.2.0/24=2" "$(nets --site a "${BOTH[@]}" --top-sources 10)"
assert_eq "top 2" "203.0.113.0/24=8 198.51.100.0/24=4" "$(nets --site a "${BOTH[@]}" --top-sources 2)"
assert_eq "one day (whole UTC days of the window)" \
    "203.0.113.0/24=8 198.51.100.0/24=4 2001:db8:5::/48=3 192.0.2.0/24=1" \
    "$(nets --site a --from 2018-02-06T09:30 --to 2018-02-06T18:00 --top-sources 10)"
assert_eq "site run without --top-sources" "" "$(nets --site b "${BOTH[@]}" --top-sources 10)"
assert_eq "sites a and b combined" "203.0.113.0/24=8 198.51.100.0/24=4 2001:db8:5::/48=3 192.0.2.0/24=2" \
    "$(nets --site a,b "${BOTH[@]}" --top-sources 10)"
assert_eq "not asked: no section" "none" "$(nets --site a "${BOTH[@]}")"
report --site b "${BOTH[@]}" --top-sources 5 | grep -q "No network was counted" || fail "no explanation for site b"

# every format lists the networks, none shows an address
for fmt in text markdown html json csv; do
    out=$(report --site a "${BOTH[@]}" --top-sources 10 --format $fmt)
    grep -q "203.0.113.0/24" <<<"$out" || fail "$fmt: network missing"
    grep -q "2001:db8:5::/48" <<<"$out" || fail "$fmt: IPv6 network missing"
    if grep -Eq "203\.0\.113\.(7|9|50)|198\.51\.100\.1[^0-9]|2001:db8:5:[12]::|192\.0\.2\.1[^0-9]|10\.1\.2\.3" <<<"$out"; then
        fail "$fmt: an address is shown"
    fi
    out=$(report --site a "${BOTH[@]}" --format $fmt)
    if grep -Eq "203\.0\.113|198\.51\.100|2001:db8|192\.0\.2\." <<<"$out"; then
        fail "$fmt: an address or network is shown without --top-sources"
    fi
done
echo "ok: five formats, networks only on request"

# the JSON API: /api/report?top_sources=N is report --format json --top-sources N
AGG=("$AGGREGATOR" --redis "$REDIS_URL" --tz UTC)
start_serve
strip() { sed 's/"generated":"[^"]*",//'; }
assert_eq "/api/report with top_sources" \
    "$(report --site a "${BOTH[@]}" --top-sources 3 --format json | strip | md5sum)" \
    "$(curl -s --max-time 10 "$BASE/api/report?site=a&from=2018-02-06&to=2018-02-08&top_sources=3" | strip | md5sum)"
assert_eq "/api/report with a bad top_sources" 400 \
    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$BASE/api/report?site=a&top_sources=0")"
stop_serve

# exactly once: the same file again changes nothing
"$COLLECTOR" --redis "$REDIS_URL" --site a --tz UTC --year 2018 --top-sources 24,48 "$TMP/fw.log"
assert_eq "re-read" "203.0.113.0/24=8 198.51.100.0/24=4 2001:db8:5::/48=3 192.0.2.0/24=2" \
    "$(nets --site a "${BOTH[@]}" --top-sources 10)"

# a planted member is re-parsed and ignored, never shown
redis-cli -s "$SOCK" zadd "tt:1:{a}:top:d:20180206" 1000 '<script>alert(1)</script>' 900 '=cmd|x' >/dev/null
for fmt in html csv text; do
    if report --site a "${BOTH[@]}" --top-sources 10 --format $fmt | grep -q "script>\|=cmd"; then
        fail "$fmt: planted member shown"
    fi
done
echo "ok: planted members ignored"

# a day keeps its 1,000 busiest networks
awk -v t="$tail4" 'BEGIN {
    for (i = 0; i < 1200; i++) printf "Feb  9 08:%02d:00 fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=100.%d.%d.1 DST=10.0.0.5%s\n", i % 60, 64 + int(i / 256), i % 256, t
    for (i = 0; i < 50; i++) printf "Feb  9 09:00:%02d fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=100.127.0.9 DST=10.0.0.5%s\n", i, t
}' >"$TMP/many.log"
"$COLLECTOR" --redis "$REDIS_URL" --site a --tz UTC --year 2018 --top-sources 24,48 --flush-interval 10 "$TMP/many.log"
assert_eq "networks kept for 2018-02-09" 1000 "$(redis-cli -s "$SOCK" zcard "tt:1:{a}:top:d:20180209")"
assert_eq "busiest of 2018-02-09" "100.127.0.0/24=50" \
    "$(nets --site a --from 2018-02-09 --to 2018-02-10 --top-sources 1)"
[ "$(redis-cli -s "$SOCK" ttl "tt:1:{a}:top:d:20180209")" -gt 0 ] || fail "no TTL on the day's networks"
echo "top sources ok"
