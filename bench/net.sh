#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# net.sh -- the live-source part of `make bench` (called by bench/run.sh):
# syslog over UDP and TCP on loopback, and a pcap of syslog packets, each
# into a collector with --no-redis. Prints CSV rows in run.sh's layout:
#   case,input,lines,bytes,wall_s,user_s,sys_s,max_rss_kib,lines_per_s,mb_per_s,ratio,baseline,redis_commands
# For UDP the rate is the senders' (one process, then two, sendmmsg() of 64 datagrams) and
# every datagram is either counted or counted as dropped: the row's ratio
# column holds the share lost, and "sent = counted + dropped" is checked.
#
#   bench/net.sh LOGFILE WORKDIR COLLECTOR
set -euo pipefail
LOG=$1 WORK=$2 COLLECTOR=$3
SRC=$(cd "$(dirname "$0")/.." && pwd)
cc -O2 -o "$WORK/netsend" "$SRC/tests/integration/netsend.c"
cc -O2 -o "$WORK/pcapgen" "$SRC/tests/integration/pcapgen.c"
lines=$(wc -l <"$LOG")
bytes=$(stat -c %s "$LOG")
now() { date +%s.%N; }
row() { # case lines bytes wall extra_ratio baseline
    awk -v c="$1" -v l="$2" -v b="$3" -v w="$4" -v r="$5" -v base="$6" -v inp="$(basename "$LOG")" 'BEGIN {
        w2 = (w > 0 ? w : 0.001)
        printf "%s,%s,%d,%d,%.3f,,,,%.0f,%.1f,%s,%s,\n", c, inp, l, b, w, l / w2, b / w2 / 1e6, r, base }'
}

# listen PROTO: starts a collector on an ephemeral loopback port, sets $cpid $port
listen() {
    "$COLLECTOR" --no-redis --stats --tz Europe/London --year 2018 --udp-rcvbuf 33554432 "$1://127.0.0.1:0" \
        >"$WORK/$1.out" 2>"$WORK/$1.err" &
    cpid=$!
    for _ in $(seq 1 200); do grep -q "listening on" "$WORK/$1.err" && break; sleep 0.05; done
    port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$WORK/$1.err" | head -n 1)
    [ -n "$port" ] || { echo "net.sh: no $1 listener: $(cat "$WORK/$1.err")" >&2; exit 1; }
}
figure() { # file metric
    sed -n "s/^$2 *\([0-9,]*\).*/\1/p" "$1" | tr -d , | awk 'NR == 1'
}

# UDP: one datagram per line, from one sender, then from two in parallel
# (each sends half the file).
half=$(( (lines + 1) / 2 ))
head -n "$half" "$LOG" >"$WORK/udp-half1.log"
tail -n +"$((half + 1))" "$LOG" >"$WORK/udp-half2.log"
for senders in 1 2; do
    listen udp
    t0=$(now)
    if [ "$senders" = 1 ]; then
        sent=$("$WORK/netsend" udpmm "$port" "$LOG")
    else
        "$WORK/netsend" udpmm "$port" "$WORK/udp-half1.log" >"$WORK/sent1" &
        spid=$!
        "$WORK/netsend" udpmm "$port" "$WORK/udp-half2.log" >"$WORK/sent2"
        wait "$spid"
        sent=$(( $(cat "$WORK/sent1") + $(cat "$WORK/sent2") ))
    fi
    t1=$(now)
    kill -TERM "$cpid"
    wait "$cpid"
    counted=$(figure "$WORK/udp.out" lines_total)
    dropped=$(figure "$WORK/udp.out" lines_dropped)
    [ "$sent" -eq $((counted + dropped)) ] ||
        echo "net.sh: UDP accounting off ($senders senders): sent $sent, counted $counted, dropped $dropped" >&2
    row "udp loopback $senders sender(s) (sender rate; ratio = share dropped)" "$sent" "$bytes" \
        "$(echo "$t1 - $t0" | bc)" "$(awk -v d="$dropped" -v s="$sent" 'BEGIN { printf "%.4f", d / s }')" \
        "sent=counted+dropped"
done

# TCP: 10 connections, half octet-counted, half newline-framed.
listen tcp
t0=$(now)
"$WORK/netsend" tcp "$port" "$LOG" 10 >/dev/null
kill -TERM "$cpid"
wait "$cpid"
t1=$(now)
counted=$(figure "$WORK/tcp.out" lines_total)
[ "$counted" -eq "$lines" ] || echo "net.sh: TCP counted $counted of $lines" >&2
row "tcp loopback (10 connections)" "$counted" "$bytes" "$(echo "$t1 - $t0" | bc)" "" ""

# pcap: the same lines as UDP datagrams and TCP streams in a capture file.
"$WORK/pcapgen" "$LOG" "$WORK/syslog.pcap" 1 0 >"$WORK/pcapgen.out"
carried=$(awk '{print $1}' "$WORK/pcapgen.out")
t0=$(now)
"$COLLECTOR" --no-redis --tz Europe/London --year 2018 "pcap:$WORK/syslog.pcap" >"$WORK/pcap.out" 2>/dev/null
t1=$(now)
counted=$(figure "$WORK/pcap.out" lines_total)
[ "$counted" -eq "$carried" ] || echo "net.sh: pcap counted $counted of $carried" >&2
row "pcap file ($(stat -c %s "$WORK/syslog.pcap" | awk '{printf "%.0f MB", $1 / 1e6}'))" "$counted" "$bytes" \
    "$(echo "$t1 - $t0" | bc)" "" ""
