#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# pcap:FILE: a generated capture (UDP and TCP syslog over IPv4/IPv6, 802.1Q
# tags, TCP segments cut anywhere, reordered and retransmitted, 30
# unrecoverable datagrams: IPv4/IPv6 fragments and snap-length cuts) gives
# exact counts, with the unrecoverable ones in lines_dropped. A capture file
# cut in the middle ends with an error naming the byte offset (exit 1) after
# counting what came before. The corpus captures decode.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 30000 --seed 4 \
    --noise-permille 10 --out "$TMP/p.log" --truth "$TMP/p.truth" 2>/dev/null
read -r carried lost < <("$HELPERS/pcapgen" "$TMP/p.log" "$TMP/p.pcap" 7 30)
assert_eq "lines carried" "$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/p.truth" lines_total)" "$carried"
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 "pcap:$TMP/p.pcap" 2>"$TMP/err" ||
    fail "collector failed: $(cat "$TMP/err")"
check_truth "$TMP/p.truth"
assert_eq "lines_dropped (unrecoverable datagrams)" "$lost" "$(total lines_dropped)"

# Cut inside a record: error with the offset, earlier packets counted.
size=$(stat -c %s "$TMP/p.pcap")
head -c $((size / 2)) "$TMP/p.pcap" >"$TMP/cut.pcap"
set +e
out=$("$COLLECTOR" --no-redis --tz UTC --year 2018 "pcap:$TMP/cut.pcap" 2>"$TMP/err2")
rc=$?
set -e
assert_eq "cut capture exit" 1 "$rc"
grep -q "capture damaged at byte [0-9]" "$TMP/err2" || fail "no offset in: $(cat "$TMP/err2")"
off=$(sed -n 's/.*damaged at byte \([0-9]*\).*/\1/p' "$TMP/err2")
[ "$off" -gt 24 ] && [ "$off" -le $((size / 2)) ] || fail "offset $off outside the cut file"
n=$(sed -n 's/^lines_total *//p' <<<"$out" | tr -d ,)
[ "$n" -gt $((carried / 3)) ] && [ "$n" -lt "$carried" ] || fail "cut capture counted $n of $carried lines"
echo "cut capture: $n lines before byte $off"

# Corpus captures (zeek test traces): every syslog message recognised as a
# line, the mixed octet-counted/non-transparent TCP stream split correctly.
C=/work/shared/corpus/syslog-pcap
if [ -d "$C" ]; then
    for f in syslog-single-udp:1 syslog-missing-pri:1 fake-syslog-with-padding:5 tcp-syslog:4 tcp-syslog-nontransparent:2; do
        out=$("$COLLECTOR" --no-redis --tz UTC --year 2018 "pcap:$C/${f%%:*}.pcap")
        assert_eq "${f%%:*} lines" "${f##*:}" "$(sed -n 's/^lines_total *//p' <<<"$out")"
    done
fi
echo "pcap ok"
