#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# cluster.sh -- the scaling-out part of `make bench` (called by bench/run.sh):
# 16 collectors at once, one site each, each reading its own sixteenth of a
# netfilter log, into one Redis and into a real 3-master Redis Cluster (and,
# as the baseline, one collector reading the whole file into one Redis)
# (redis-server --cluster-enabled yes, on loopback ports). Both over TCP on
# 127.0.0.1, so that only the topology differs. Every run starts from empty
# servers and is checked: the sum of lines_total over the 16 sites must be
# the file's line count. Prints CSV rows in run.sh's layout (wall time is the
# median of RUNS runs, from the start of the first collector to the exit of
# the last):
#   case,input,lines,bytes,wall_s,user_s,sys_s,max_rss_kib,lines_per_s,mb_per_s,ratio,baseline,redis_commands
#
#   bench/cluster.sh LOGFILE WORKDIR COLLECTOR
set -euo pipefail
LOG=$1 WORK=$2 COLLECTOR=$3
N=16
RUNS=${RUNS:-3}
lines=$(wc -l <"$LOG")
bytes=$(stat -c %s "$LOG")
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_all EXIT

. "$(dirname "$0")/../tests/integration/free_port.sh"
node() { # port args...
    local port=$1
    shift
    mkdir -p "$WORK/n$port"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK/n$port" --daemonize yes \
        --pidfile "$WORK/n$port/pid" --logfile "$WORK/n$port/log" "$@" >/dev/null
    for _ in $(seq 1 200); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
    PIDS+=("$(cat "$WORK/n$port/pid")")
}

split -n "l/$N" -d -a 2 "$LOG" "$WORK/part"
one=$(free_port)
node "$one"
masters=()
for _ in 1 2 3; do
    p=$(free_port)
    node "$p" --cluster-enabled yes --cluster-config-file nodes.conf
    masters+=("$p")
done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${masters[@]}") --cluster-yes >"$WORK/create.log" 2>&1
for p in "${masters[@]}"; do
    for _ in $(seq 1 200); do redis-cli -p "$p" cluster info | grep -q cluster_state:ok && break; sleep 0.05; done
done

# run URL...: the 16 collectors (collector i gets URL i mod #URLs); wall seconds.
# With SINGLE=1 one collector reads the whole file instead (the baseline).
run() {
    local urls=("$@") i pids=() t0 t1
    t0=$(date +%s.%N)
    if [ "${SINGLE:-0}" = 1 ]; then
        "$COLLECTOR" --redis "${urls[0]}" --site bench-0 --instance b --tz Europe/London --year 2018 "$LOG" \
            2>>"$WORK/err" || { echo "bench/cluster.sh: the collector failed: $(tail -3 "$WORK/err")" >&2; exit 1; }
        awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'
        return
    fi
    for i in $(seq 0 $((N - 1))); do
        "$COLLECTOR" --redis "${urls[$((i % ${#urls[@]}))]}" --site "bench-$i" --instance b --tz Europe/London \
            --year 2018 "$WORK/part$(printf %02d "$i")" 2>>"$WORK/err" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || { echo "bench/cluster.sh: a collector failed: $(tail -3 "$WORK/err")" >&2; exit 1; }; done
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
# counted PORT...: lines_total over the 16 sites, from the health hashes
counted() {
    local sum=0 i v p
    for i in $(seq 0 $((N - 1))); do
        for p in "$@"; do
            v=$(redis-cli -c -p "$p" hget "tt:1:{bench-$i}:collector:b" lines_total)
            [ -n "$v" ] && { sum=$((sum + v)); break; }
        done
    done
    echo "$sum"
}
flush() { for p in "$@"; do redis-cli -p "$p" flushall >/dev/null; done; }
measure() { # case baseline urls-var ports...
    local case=$1 base=$2 walls=() w
    local -n urlv=$3
    shift 3
    for _ in $(seq 1 "$RUNS"); do
        flush "$@"
        w=$(run "${urlv[@]}")
        [ "$(counted "$@")" = "$lines" ] || { echo "bench/cluster.sh: $case counted $(counted "$@") of $lines" >&2; exit 1; }
        walls+=("$w")
    done
    w=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    WALLS[$case]=$w
    local ratio=""
    [ -n "$base" ] && ratio=$(awk -v a="$w" -v b="${WALLS[$base]}" 'BEGIN { printf "%.2f", a / b }')
    awk -v c="$case" -v l="$lines" -v b="$bytes" -v w="$w" -v r="$ratio" -v base="$base" -v inp="$(basename "$LOG")" \
        'BEGIN { printf "%s,%s,%d,%d,%.3f,,,,%.0f,%.1f,%s,%s,\n", c, inp, l, b, w, l / w, b / w / 1e6, r, base }'
    echo "bench: $case: $w s, $(awk -v l="$lines" -v w="$w" 'BEGIN { printf "%.0f", l / w }') lines/s" >&2
}
declare -A WALLS
URL_ONE=("redis://127.0.0.1:$one")
# each collector is given one seed, the masters in turn
URL_CLUSTER=()
for p in "${masters[@]}"; do URL_CLUSTER+=("redis://127.0.0.1:$p"); done
SINGLE=1 measure "1 collector -> one Redis (whole file)" "" URL_ONE "$one"
measure "16 collectors -> one Redis" "1 collector -> one Redis (whole file)" URL_ONE "$one"
measure "16 collectors -> 3-master Cluster" "16 collectors -> one Redis" URL_CLUSTER "${masters[@]}"
