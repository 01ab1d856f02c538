# SPDX-License-Identifier: MIT
# Helpers for the Redis Cluster and Sentinel tests (sourced after lib.sh and
# live_lib.sh): free loopback ports, a real N-master Redis Cluster
# (redis-server --cluster-enabled yes, redis-cli --cluster create), a master
# with a replica and Sentinels, slot migration by hand, and a serve
# instance. Every server listens on 127.0.0.1 only and is stopped by pid
# when the test ends.

CLUSTER_PIDS=()
CLUSTER_PORTS=()

# total METRIC [SITE] -> the sum from 2018 to tomorrow (live_lib.sh's own
# spans a century: a slow query per call, and junk lines, timed by arrival,
# fall in between anyway)
total() {
    local v
    v=$("$AGGREGATOR" --redis "$REDIS_URL" --site "${2:-live}" --tz UTC query "$1" \
        --from 2018-01-01T00:00:00Z --to "$(date -u -d tomorrow +%Y-%m-%dT00:00:00Z)" --json)
    json_value value "$v"
}

# total_at_least N METRIC [SITE]: for wait_for
total_at_least() {
    local v
    v=$(total "$2" "${3:-live}")
    [ "${v:-0}" -ge "$1" ]
}

. "$(dirname "${BASH_SOURCE[0]}")/free_port.sh"

# wait_ping PORT: until the server on PORT answers.
wait_ping() {
    for _ in $(seq 1 200); do
        redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    fail "no Redis on port $1: $(tail -5 "$TMP/redis-$1.log" 2>/dev/null)"
}

# start_node PORT ARGS...: a redis-server on 127.0.0.1:PORT with its own dir.
start_node() {
    local port=$1
    shift
    mkdir -p "$TMP/n$port"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP/n$port" \
        --daemonize yes --pidfile "$TMP/n$port/pid" --logfile "$TMP/redis-$port.log" "$@" >/dev/null
    wait_ping "$port"
    CLUSTER_PIDS+=("$(cat "$TMP/n$port/pid")")
}

stop_nodes() {
    local p
    for p in "${CLUSTER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${CLUSTER_PIDS[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    done
    CLUSTER_PIDS=()
}
trap 'for p in "${LIVE_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; stop_nodes; cleanup' EXIT

# start_cluster N: N masters, slots spread evenly; CLUSTER_PORTS holds
# their ports, CLUSTER_URL a URL naming the first one only.
start_cluster() {
    local n=$1 i p addrs=()
    for i in $(seq 1 "$n"); do
        p=$(free_port)
        start_node "$p" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 3000
        CLUSTER_PORTS+=("$p")
        addrs+=("127.0.0.1:$p")
    done
    redis-cli --cluster create "${addrs[@]}" --cluster-yes >"$TMP/cluster-create.log" 2>&1 ||
        fail "cluster create: $(tail -5 "$TMP/cluster-create.log")"
    for p in "${CLUSTER_PORTS[@]}"; do
        for _ in $(seq 1 200); do
            redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' && break
            sleep 0.05
        done
    done
    CLUSTER_URL="redis://127.0.0.1:${CLUSTER_PORTS[0]}"
}

# slot_of SITE -> the cluster slot of the site's keys (its {site} tag)
slot_of() {
    redis-cli -p "${CLUSTER_PORTS[0]}" cluster keyslot "$1"
}


# node_id PORT -> the cluster node id of the master on PORT
node_id() {
    redis-cli -p "$1" cluster myid
}

# half_migrate SLOT TO_PORT: starts moving SLOT (IMPORTING/MIGRATING) and
# moves every other key of it, then stops: reads of the slot now meet -ASK.
# finish_migrate SLOT TO_PORT completes it.
half_migrate() {
    local slot=$1 to=$2 from keys i
    from=$(slot_owner "$slot")
    redis-cli -p "$to" cluster setslot "$slot" importing "$(node_id "$from")" >/dev/null
    redis-cli -p "$from" cluster setslot "$slot" migrating "$(node_id "$to")" >/dev/null
    mapfile -t keys < <(redis-cli -p "$from" cluster getkeysinslot "$slot" 100000)
    for ((i = 0; i < ${#keys[@]}; i += 2)); do
        redis-cli -p "$from" migrate 127.0.0.1 "$to" "${keys[$i]}" 0 5000 >/dev/null
    done
    HALF_FROM=$from
}
finish_migrate() {
    local slot=$1 to=$2 keys p
    while :; do
        mapfile -t keys < <(redis-cli -p "$HALF_FROM" cluster getkeysinslot "$slot" 100)
        [ "${#keys[@]}" -eq 0 ] || [ -z "${keys[0]}" ] && break
        redis-cli -p "$HALF_FROM" migrate 127.0.0.1 "$to" "" 0 5000 keys "${keys[@]}" >/dev/null
    done
    for p in "$to" "$HALF_FROM" "${CLUSTER_PORTS[@]}"; do
        redis-cli -p "$p" cluster setslot "$slot" node "$(node_id "$to")" >/dev/null
    done
}

# migrate_slot SLOT TO_PORT: moves SLOT with its keys to the master on
# TO_PORT as redis-cli --cluster reshard does (IMPORTING/MIGRATING, MIGRATE
# in batches, SETSLOT NODE everywhere).
migrate_slot() {
    local slot=$1 to=$2 from keys p
    from=$(slot_owner "$slot")
    [ "$from" = "$to" ] && return 0
    redis-cli -p "$to" cluster setslot "$slot" importing "$(node_id "$from")" >/dev/null
    redis-cli -p "$from" cluster setslot "$slot" migrating "$(node_id "$to")" >/dev/null
    while :; do
        mapfile -t keys < <(redis-cli -p "$from" cluster getkeysinslot "$slot" 20)
        [ "${#keys[@]}" -eq 0 ] || [ -z "${keys[0]}" ] && break
        redis-cli -p "$from" migrate 127.0.0.1 "$to" "" 0 5000 keys "${keys[@]}" >/dev/null
        sleep 0.02 # let collectors meet the half-moved slot
    done
    for p in "$to" "$from" "${CLUSTER_PORTS[@]}"; do
        redis-cli -p "$p" cluster setslot "$slot" node "$(node_id "$to")" >/dev/null
    done
}

# slot_owner SLOT -> port of the master serving SLOT (from CLUSTER SHARDS-free
# parsing of CLUSTER NODES: "id addr@bus flags master - ... ranges")
slot_owner() {
    redis-cli -p "${CLUSTER_PORTS[0]}" cluster nodes | awk -v s="$1" '
        $3 ~ /master/ {
            for (i = 9; i <= NF; i++) {
                if ($i ~ /^\[/) continue
                n = split($i, r, "-"); lo = r[1]; hi = (n == 2 ? r[2] : r[1])
                if (s + 0 >= lo + 0 && s + 0 <= hi + 0) { split($2, a, "[:@]"); print a[2]; exit }
            }
        }'
}

# sites_on_masters N -> N site names, spread round-robin over the masters
# (choose names whose slots land on each master in turn)
sites_on_masters() {
    local want=$1 got=0 i=0 m name port k=0
    local -A per=()
    local need=$(((want + ${#CLUSTER_PORTS[@]} - 1) / ${#CLUSTER_PORTS[@]}))
    while [ "$got" -lt "$want" ] && [ "$i" -lt 500 ]; do
        name="site-$i"
        i=$((i + 1))
        port=$(slot_owner "$(slot_of "$name")")
        m=${per[$port]:-0}
        [ "$m" -ge "$need" ] && continue
        per[$port]=$((m + 1))
        echo "$name"
        got=$((got + 1))
    done
    k=${#per[@]}
    [ "$k" -eq "${#CLUSTER_PORTS[@]}" ] || fail "sites landed on $k of ${#CLUSTER_PORTS[@]} masters"
}

# start_serve_at URL: the aggregator's serve on a free port; SERVE_BASE
start_serve_at() {
    local port
    port=$(free_port)
    "$AGGREGATOR" --redis "$1" --tz UTC serve --listen "127.0.0.1:$port" >"$TMP/serve.out" 2>"$TMP/serve.err" &
    SERVE_PID=$!
    LIVE_PIDS+=("$SERVE_PID")
    SERVE_BASE="http://127.0.0.1:$port"
    for _ in $(seq 1 200); do
        curl -s --max-time 2 "$SERVE_BASE/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    fail "serve did not start: $(cat "$TMP/serve.err")"
}

stop_serve_at() {
    kill "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
}

# start_sentinel_set: a master, one replica and two Sentinels watching them
# as "tt"; SENT_MASTER, SENT_REPLICA and SENT_PORTS are their ports and
# SENTINEL_URL names a Sentinel that is down first, then the two live ones.
start_sentinel_set() {
    local p s dead
    SENT_MASTER=$(free_port)
    start_node "$SENT_MASTER"
    SENT_REPLICA=$(free_port)
    start_node "$SENT_REPLICA" --replicaof 127.0.0.1 "$SENT_MASTER"
    for _ in $(seq 1 200); do
        redis-cli -p "$SENT_REPLICA" info replication | grep -q 'master_link_status:up' && break
        sleep 0.05
    done
    SENT_PORTS=()
    for s in 1 2; do
        p=$(free_port)
        mkdir -p "$TMP/s$p"
        printf 'port %s\nbind 127.0.0.1\ndir %s\nsentinel monitor tt 127.0.0.1 %s 1\nsentinel down-after-milliseconds tt 2000\nsentinel failover-timeout tt 10000\n' \
            "$p" "$TMP/s$p" "$SENT_MASTER" >"$TMP/s$p/sentinel.conf"
        redis-server "$TMP/s$p/sentinel.conf" --sentinel --daemonize yes --pidfile "$TMP/s$p/pid" \
            --logfile "$TMP/sentinel-$p.log" >/dev/null
        wait_ping "$p"
        CLUSTER_PIDS+=("$(cat "$TMP/s$p/pid")")
        SENT_PORTS+=("$p")
    done
    # a Sentinel can fail over only to a replica it has seen
    for p in "${SENT_PORTS[@]}"; do
        for _ in $(seq 1 400); do
            redis-cli -p "$p" sentinel replicas tt 2>/dev/null | grep -qx "$SENT_REPLICA" && break
            sleep 0.05
        done
    done
    dead=$(free_port)
    SENTINEL_URL="redis-sentinel://127.0.0.1:$dead,127.0.0.1:${SENT_PORTS[0]},127.0.0.1:${SENT_PORTS[1]}/tt"
}

# sentinel_master -> the port the Sentinels name as master of "tt"
sentinel_master() {
    redis-cli -p "${SENT_PORTS[0]}" sentinel get-master-addr-by-name tt | tail -1
}
