#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Tens of thousands of distinct attack sources in one minute (a scan, or a
# spoofed flood): the flush splits that minute's HyperLogLog members over
# several EVALs, IPv4 and IPv6 alike. Counts must be exact, the distinct
# sources of the minute, the hour and the day within the HyperLogLog's 2%,
# and the flush must stay a few dozen Redis commands (batching), not one per
# thousand sources.
. "$(dirname "$0")/lib.sh"
start_redis

V4=40000 V4_TWICE=10000 V6=5000
awk -v v4=$V4 -v twice=$V4_TWICE -v v6=$V6 'BEGIN {
    tail = " LEN=60 TOS=0x00 PREC=0x00 TTL=49 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0"
    for (i = 0; i < v4; i++) {
        line = sprintf("Feb  6 12:00:%02d fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.%d.%d.%d DST=10.0.0.5%s",
                       i % 60, 18 + int(i / 65536), int(i / 256) % 256, i % 256, tail)
        print line
        if (i < twice) print line
    }
    for (i = 0; i < v6; i++)
        printf "Feb  6 12:00:%02d fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=2001:db8:5::%x DST=2001:db8:1::1 LEN=80 TC=0 HOPLIMIT=57 FLOWLBL=0 PROTO=TCP SPT=40000 DPT=443 WINDOW=64800 RES=0x00 SYN URGP=0\n", i % 60, i + 1
    # a later minute of the same hour: three more sources
    for (i = 1; i <= 3; i++)
        printf "Feb  6 12:30:00 fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.%d DST=10.0.0.5%s\n", i, tail
}' >"$TMP/flood.log"

"$COLLECTOR" --redis "$REDIS_URL" --tz UTC --year 2018 --stats "$TMP/flood.log" 2>"$TMP/stats" >/dev/null
cat "$TMP/stats"

q() { # metric from to
    json_value value "$("$AGGREGATOR" --redis "$REDIS_URL" --tz UTC query "$1" --from "$2" --to "$3" --json)"
}
assert_eq "attacks_blocked (every line)" $((V4 + V4_TWICE + V6 + 3)) "$(q attacks_blocked 2018-02-06T00:00 2018-02-07T00:00)"
assert_eq "attacks_blocked of 12:30" 3 "$(q attacks_blocked 2018-02-06T12:30 2018-02-06T12:31)"

near() { # what want got: within 2%
    awk -v w="$2" -v g="$3" 'BEGIN { d = (g - w) / w; if (d < 0) d = -d; exit !(d <= 0.02) }' ||
        fail "$1: want $2 (within 2%), got $3"
    echo "ok: $1 want $2, got $3"
}
near "attack_sources of the minute 12:00" $((V4 + V6)) "$(q attack_sources 2018-02-06T12:00 2018-02-06T12:01)"
near "attack_sources of the hour 12:00" $((V4 + V6 + 3)) "$(q attack_sources 2018-02-06T12:00 2018-02-06T13:00)"
near "attack_sources of the day" $((V4 + V6 + 3)) "$(q attack_sources 2018-02-06T00:00 2018-02-07T00:00)"
assert_eq "attack_sources of 12:30" 3 "$(q attack_sources 2018-02-06T12:30 2018-02-06T12:31)"

cmds=$(sed -n 's/.*commands \([0-9]*\),.*/\1/p' "$TMP/stats")
[ -n "$cmds" ] && [ "$cmds" -le 60 ] || fail "the flush took ${cmds:-?} Redis commands (batching lost?)"
echo "ok: $((V4 + V4_TWICE + V6 + 3)) lines flushed in $cmds Redis commands"
echo "sources flood ok"
