#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# iface:NAME live capture on the loopback interface with a BPF filter: the
# datagrams sent to the filtered port are counted, other traffic is not
# seen. Sent in paced bursts so that the capture ring does not overflow: then
# every metric is exact. If the loaded machine still overflowed it, the
# accounting must bound the truth (on loopback a drop may count a packet's
# outgoing copy too, see docs/readme-live.md). Skipped (77) where capturing
# is not permitted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 20000 --seed 41 \
    --out "$TMP/fw.log" --truth "$TMP/fw.truth" 2>/dev/null
head -n 200 "$TMP/fw.log" >"$TMP/other.log"
port=$((20000 + RANDOM % 30000))
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --flush-interval 100 \
    --pcap-filter "udp dst port $port" iface:lo 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
for _ in $(seq 1 100); do
    grep -q "capturing" "$TMP/err" && break
    kill -0 "$cpid" 2>/dev/null || break
    sleep 0.1
done
if ! grep -q "capturing" "$TMP/err"; then
    echo "cannot capture on lo here: $(cat "$TMP/err")"
    exit 77
fi
sleep 0.3
# datagrams the kernel drops before any capture sees them (a full input
# backlog, netdev_max_backlog) are a loss no capture can count: measured
# here so that the exact check is not asked of a run that had them
backlog_drops() {
    local s=0 _ d
    while read -r _ d _; do s=$((s + 16#$d)); done </proc/net/softnet_stat
    echo "$s"
}
bd0=$(backlog_drops)
split -l 1000 -d -a 3 "$TMP/fw.log" "$TMP/burst"
sent=0
for b in "$TMP"/burst*; do
    sent=$((sent + $("$HELPERS/netsend" udp "$port" "$b" 2>/dev/null)))
    sleep 0.05
done
"$HELPERS/netsend" udp "$((port + 1))" "$TMP/other.log" >/dev/null   # filtered out
kill -TERM "$cpid"
wait "$cpid" || fail "collector failed: $(cat "$TMP/err")"
counted=$(total lines_total)
dropped=$(total lines_dropped)
backlog=$(($(backlog_drops) - bd0))
echo "sent $sent: counted $counted, dropped $dropped (kernel input backlog drops meanwhile: $backlog)"
[ "$counted" -le "$sent" ] || fail "counted more than was sent: a message counted twice"
if [ "${dropped:-0}" = 0 ] && [ "$backlog" = 0 ]; then
    check_truth "$TMP/fw.truth"
else
    [ $((counted + dropped + backlog)) -ge "$sent" ] || fail "accounting does not bound what was sent"
fi
echo "iface ok"
